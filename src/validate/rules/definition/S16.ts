import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { RESERVED_PARAMETER_NAME } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

const MIME_TYPES = ['application/json', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];

function bodiesAndMedia(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const entry of context.operations) {
    const { parameters } = entry;
    const bodies = parameters.filter(({ parameter }) => parameter.in === 'body' || parameter.in === 'formData');
    if (entry.method === 'get' && bodies.length > 0)
      violations.push({
        severity: 'warning',
        msCode: 'BodyOrFormDataParameterInFetchOperationNotAllowed',
        location: bodies[0]!.pointer,
        message: 'A GET operation has a body parameter.',
        hint: 'Move the values to query parameters or use POST.',
      });
    const bodyCount = parameters.filter(({ parameter }) => parameter.in === 'body').length;
    if (bodyCount > 1)
      violations.push({
        msCode: 'OperationParametersContainMultipleBodyParameters',
        location: entry.pointer,
        message: `The operation has ${bodyCount} body parameters; at most one is allowed.`,
        hint: 'Combine them into one body schema.',
      });
    for (const { parameter, pointer: at } of parameters) {
      if (
        typeof parameter.name === 'string' &&
        parameter.name.toLowerCase() === RESERVED_PARAMETER_NAME.toLowerCase()
      ) {
        violations.push({
          msCode: 'ConnectionIdParameterNotAllowed',
          location: at,
          message: 'A parameter is named "connectionId", which the platform reserves.',
          hint: 'Rename the parameter.',
        });
      }
    }
    violations.push(...mediaTypes(entry.operation, entry.pointer));
  }
  if (context.definition) violations.push(...mediaTypes(context.definition, ''));
  for (const { object, pointer: at } of definitionIndex(context).objects) {
    if (Array.isArray(object.required) && object.required.length === 0)
      violations.push({
        msCode: 'RequiredPropertyArrayEmpty',
        location: `${at}/required`,
        message: 'An empty "required" array.',
        hint: 'Remove the empty "required": [].',
      });
  }
  return violations;
}

function mediaTypes(holder: Record<string, unknown>, at: string): Violation[] {
  return (['consumes', 'produces'] as const).flatMap((key) =>
    (Array.isArray(holder[key]) ? (holder[key] as unknown[]) : []).flatMap((type, index): Violation[] => {
      const base = typeof type === 'string' ? type.split(';')[0]!.trim().toLowerCase() : '';
      return MIME_TYPES.includes(base)
        ? []
        : [
            {
              severity: 'warning',
              msCode: 'MimeTypeNotSupported',
              location: `${at}/${key}/${index}`,
              message: `MIME type ${quote(type)} is not supported.`,
              hint: `Use one of ${MIME_TYPES.join(', ')}.`,
            },
          ];
    }),
  );
}

export default defineRule({
  id: 'S16',
  msCode: [
    'BodyOrFormDataParameterInFetchOperationNotAllowed',
    'OperationParametersContainMultipleBodyParameters',
    'ConnectionIdParameterNotAllowed',
    'RequiredPropertyArrayEmpty',
    'MimeTypeNotSupported',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'No body on GET; at most one body parameter; no parameter named connectionId; no empty required arrays; only supported MIME types.',
  evidence:
    'two body parameters, a connectionId parameter or an empty required array flag 0 of 618 certified connectors; other MIME types flag 72 and a body on GET 4: warnings',
  check: bodiesAndMedia,
});
