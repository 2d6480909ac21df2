import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'NS2',
  msCode: 'PathItemRefNotSuppored',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A path item is written out, not taken from elsewhere with "$ref".',
  evidence: 'the platform does not resolve path item references; flags 0 of 618 certified connectors',
  check: (context) => {
    const paths = context.definition?.paths;
    if (!isObject(paths)) return [];
    return Object.entries(paths).flatMap(([route, item]): Violation[] =>
      isObject(item) && Object.hasOwn(item, '$ref')
        ? [
            {
              location: `${pointer('paths', route)}/$ref`,
              message: `The path ${route} is defined by "$ref", which the platform does not support.`,
              hint: 'Write the operations of the path in place.',
            },
          ]
        : [],
    );
  },
});
