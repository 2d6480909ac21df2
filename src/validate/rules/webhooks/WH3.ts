import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { ancestorsOf, definitionIndex } from '../../engine/definition-index.ts';
import { defineRule } from '../../types.ts';
import { notificationUrls } from './notification-url.ts';

export default defineRule({
  id: 'WH3',
  msCode: 'NotificationUrlNotRequired',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'The notification URL property is required all the way up: each property on the way and the body parameter.',
  evidence: 'flags 35 of 618 certified connectors (most make the body parameter optional), which the platform accepted',
  check: (context) => {
    const index = definitionIndex(context);
    return notificationUrls(context).flatMap(({ schema }) => {
      if (!schema) return [];
      const optional = ancestorsOf(index, schema).find(
        (node) =>
          (node.role === 'property' && !node.required) ||
          (node.role === 'body' && index.bodyParameterOf(node.pointer)?.parameter.required !== true),
      );
      if (!optional) return [];
      const what = optional.role === 'body' ? 'the body parameter' : `the property "${optional.name}"`;
      return [
        {
          location: optional.pointer,
          message: `The notification URL property "${schema.name}" is not required all the way up: ${what} is optional.`,
          hint: 'List each property on the way in its parent\'s "required", and make the body parameter required.',
        },
      ];
    });
  },
});
