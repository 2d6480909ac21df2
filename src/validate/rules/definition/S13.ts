import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, allParameters } from '../../../connector-folder/index.ts';
import { nameOf } from './shared.ts';
import { URL_ENCODINGS } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

function pathParameters(context: ValidationContext): Violation[] {
  return allParameters(context.operations).flatMap(({ entry, parameter, pointer: at }): Violation[] => {
    const name = nameOf(parameter);
    const encoding = parameter['x-ms-url-encoding'];
    if (parameter.in !== 'path') {
      const kind = typeof parameter.in === 'string' ? `${parameter.in} parameter` : 'parameter';
      return encoding === undefined
        ? []
        : [
            {
              severity: 'warning',
              // The catalog names the query case; header and body parameters have no code of their own.
              msCode: parameter.in === 'query' ? 'QueryParameterEncodingNotSupported' : undefined,
              location: `${at}/x-ms-url-encoding`,
              message: `x-ms-url-encoding is set on ${kind} ${name}; it only applies to path parameters.`,
              hint: 'Remove x-ms-url-encoding from this parameter.',
            },
          ];
    }
    const violations: Violation[] = [];
    if (parameter.required !== true)
      violations.push({
        msCode: 'PathParameterMustBeRequired',
        location: at,
        message: `Path parameter ${name} is not marked required.`,
        hint: 'Set "required": true on every path parameter.',
      });
    if (!entry.path.includes(`{${String(parameter.name)}}`))
      violations.push({
        msCode: 'PathParameterNotDefinedInTemplate',
        location: at,
        message: `Path parameter ${name} does not appear in the path ${entry.path}.`,
        hint:
          typeof parameter.name === 'string'
            ? `Add {${parameter.name}} to the path template or change the parameter's location.`
            : 'Give the parameter the name of a {placeholder} in the path.',
      });
    if (encoding === undefined)
      violations.push({
        severity: 'warning',
        msCode: 'PathParameterMissingEncoding',
        location: at,
        message: `Path parameter ${name} has no x-ms-url-encoding.`,
        hint: 'Add "x-ms-url-encoding": "single" (or "double" when values may contain "/").',
      });
    else if (!(URL_ENCODINGS as readonly unknown[]).includes(encoding))
      violations.push({
        location: `${at}/x-ms-url-encoding`,
        message: `x-ms-url-encoding ${quote(encoding)} is not allowed.`,
        hint: 'Use "single" or "double".',
      });
    return violations;
  });
}

export default defineRule({
  id: 'S13',
  msCode: [
    'PathParameterMustBeRequired',
    'PathParameterNotDefinedInTemplate',
    'PathParameterMissingEncoding',
    'QueryParameterEncodingNotSupported',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Path parameters are required, appear in the path and carry x-ms-url-encoding "single"/"double"; no x-ms-url-encoding elsewhere.',
  evidence:
    'a path parameter that is optional or missing from the path, or a bad encoding, flags 0 of 618 certified connectors; x-ms-url-encoding elsewhere flags 14, none on a path parameter 125: warnings',
  check: pathParameters,
});
