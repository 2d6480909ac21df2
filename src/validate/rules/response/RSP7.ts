import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

const STATUS_CODE = /^[1-5]\d\d$/;

export default defineRule({
  id: 'RSP7',
  msCode: 'ResponseMustBeDefaultOrHttpStatusCode',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Each key of an operation\'s "responses" is an HTTP status code (100–599) or "default".',
  evidence: 'Swagger 2.0 allows only status codes and "default" as response keys; flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).responses.flatMap(({ code, pointer: at, operation }): Violation[] =>
      operation && code !== 'default' && !code.startsWith('x-') && !STATUS_CODE.test(code)
        ? [
            {
              location: at,
              message: `Response "${code}" is neither an HTTP status code nor "default", so the platform cannot match an answer to it.`,
              hint: 'Use the status code the service returns, e.g. "200" or "404", or "default" for any other.',
            },
          ]
        : [],
    );
  },
});
