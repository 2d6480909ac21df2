import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { quote } from '../text.ts';
import { operationName } from './shared.ts';

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];
const baseType = (type: unknown) => (typeof type === 'string' ? type.split(';')[0]!.trim().toLowerCase() : '');

// eslint-disable-next-line max-lines-per-function -- split in progress (vcore)
function requestMedia(context: ValidationContext): Violation[] {
  const definition = context.definition;
  if (!definition) return [];
  const violations: Violation[] = [];
  for (const entry of context.operations) {
    const { operation, parameters } = entry;
    const name = operationName(entry);
    // An operation's consumes replaces the document's.
    const own = Array.isArray(operation.consumes);
    const consumes = own ? operation.consumes : definition.consumes;
    const types = Array.isArray(consumes) ? consumes.map(baseType).filter(Boolean) : [];
    const at = own ? `${entry.pointer}/consumes` : Array.isArray(definition.consumes) ? '/consumes' : entry.pointer;
    const body = parameters.find(({ parameter }) => parameter.in === 'body');
    const form = parameters.filter(({ parameter }) => parameter.in === 'formData');
    if (!body && form.length === 0) continue;
    if (types.length === 0) {
      violations.push({
        severity: 'warning',
        msCode: 'ConsumesMissing',
        location: at,
        message: `Operation ${name} sends a ${body ? 'body' : 'form'} but says in no "consumes" which MIME type it is.`,
        hint: `Add "consumes": ["${body ? 'application/json' : 'multipart/form-data'}"] to the operation or the document.`,
      });
      continue;
    }
    const formTypes = types.filter((type) => FORM_TYPES.includes(type));
    if (form.length > 0 && formTypes.length === 0)
      violations.push({
        severity: 'warning',
        msCode: 'MimeTypeNotCompatibleWithRequestContentSchemaType',
        location: at,
        message: `Operation ${name} has form data parameters, but "consumes" names ${types.map((type) => quote(type)).join(', ')}, no form type.`,
        hint: 'Consume "multipart/form-data" or "application/x-www-form-urlencoded", or send the values as a body parameter.',
      });
    if (body && formTypes.length === types.length)
      violations.push({
        severity: 'warning',
        msCode: 'MimeTypeNotCompatibleWithRequestContentSchemaType',
        location: at,
        message: `Operation ${name} has a body parameter, but "consumes" names form types only (${types.join(', ')}).`,
        hint: 'Consume the type the body is written in, e.g. "application/json", or send the values as form data parameters.',
      });
    if (types.includes('application/x-www-form-urlencoded') && !types.includes('multipart/form-data'))
      for (const { parameter, pointer: where } of form) {
        if (parameter.type === 'file' || (parameter.type === 'string' && parameter.format === 'binary'))
          violations.push({
            msCode: 'StringBinaryNotSupportedForFormUrlEncoded',
            location: where,
            message: `Operation ${name} sends the file parameter "${String(parameter.name)}" as application/x-www-form-urlencoded, which cannot carry files.`,
            hint: 'Consume "multipart/form-data" for operations that upload files.',
          });
      }
    for (const { parameter, pointer: where } of form) {
      if (typeof parameter.name === 'string' && /[^\x20-\x7e]/.test(parameter.name))
        violations.push({
          msCode: 'InvalidFormDataParameterName',
          location: `${where}/name`,
          message: `The form data parameter name ${quote(parameter.name)} has characters outside US-ASCII.`,
          hint: 'Name form fields with plain ASCII letters, digits and punctuation.',
        });
    }
  }
  return violations;
}

export default defineRule({
  id: 'OP5',
  msCode: [
    'ConsumesMissing',
    'MimeTypeNotCompatibleWithRequestContentSchemaType',
    'StringBinaryNotSupportedForFormUrlEncoded',
    'InvalidFormDataParameterName',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'An operation that sends a body or form says which MIME type in "consumes", one that fits: form data with a form type, a body with another; files go as multipart/form-data; form field names are ASCII.',
  evidence:
    'form data sent as application/x-www-form-urlencoded with a file, and form names outside US-ASCII, flag 0 of 618 certified connectors; no "consumes" flags 124, a MIME type that does not fit the body or form 8: warnings',
  check: requestMedia,
});
