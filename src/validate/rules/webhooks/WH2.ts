import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { ancestorsOf, definitionIndex } from '../../engine/definition-index.ts';
import { defineRule } from '../../types.ts';
import { notificationUrls } from './notification-url.ts';

export default defineRule({
  id: 'WH2',
  msCode: 'NotificationUrlNotInternal',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'The notification URL property, or a schema or body parameter above it, is x-ms-visibility internal.',
  evidence: 'the platform fills the URL in; flags 0 of 618 certified connectors',
  notes: 'The platform fills the URL in; makers must not see it.',
  check: (context) => {
    const index = definitionIndex(context);
    return notificationUrls(context)
      .filter(({ schema }) => schema !== undefined)
      .filter(({ schema }) =>
        ancestorsOf(index, schema!).every(
          (node) =>
            node.schema['x-ms-visibility'] !== 'internal' &&
            (node.role !== 'body' || index.bodyParameterOf(node.pointer)?.parameter['x-ms-visibility'] !== 'internal'),
        ),
      )
      .map(({ schema }) => ({
        location: schema!.pointer,
        message: `The notification URL property "${schema!.name}" is visible to makers: neither it nor anything above it is internal.`,
        hint: 'Add "x-ms-visibility": "internal" to the property (the platform fills the URL in).',
      }));
  },
});
