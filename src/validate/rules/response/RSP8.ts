import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'RSP8',
  msCode: 'SchemaDefinitionSetIncorrectly',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'A trigger (x-ms-trigger) describes what it delivers: a schema on its 200 or 201 response, or x-ms-notification-content.',
  evidence: 'flags 87 of 618 certified connectors (webhook triggers without an output schema): guidance',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).operations.flatMap((entry): Violation[] => {
      const { operation } = entry;
      if (operation['x-ms-trigger'] === undefined || operation['x-ms-notification-content'] !== undefined) return [];
      const described = entry.responses.some(
        ({ code, response }) => (code === '200' || code === '201') && isObject(response.schema),
      );
      if (described) return [];
      const id = typeof operation.operationId === 'string' ? operation.operationId : entry.pointer;
      return [
        {
          location: `${entry.pointer}/responses`,
          message: `Trigger ${id} does not describe what it delivers, so makers get no outputs to use in later steps and the designer may not show it.`,
          hint: 'Add a schema to its 200 or 201 response, or describe the notification with x-ms-notification-content.',
        },
      ];
    });
  },
});
