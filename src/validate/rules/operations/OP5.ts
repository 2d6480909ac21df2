import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, type OperationEntry, type ParameterEntry } from '../../../connector-folder/index.ts';
import { type JsonObject } from '../../../shared/json.ts';
import { quote } from '../text.ts';
import { operationName } from './shared.ts';

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];
const baseType = (type: unknown) => (typeof type === 'string' ? type.split(';')[0]!.trim().toLowerCase() : '');

function requestMedia(context: ValidationContext): Violation[] {
  const definition = context.definition;
  if (!definition) return [];
  return context.operations.flatMap((entry) => operationMedia(definition, entry));
}

/** What an operation sends and the MIME types it says it sends it in. */
interface Request {
  name: string;
  /** The base MIME types of the consumes that applies (the operation's replaces the document's). */
  types: string[];
  /** Where that consumes is written (the operation when neither has one). */
  at: string;
  body?: ParameterEntry;
  form: ParameterEntry[];
}

function operationMedia(definition: JsonObject, entry: OperationEntry): Violation[] {
  const { operation, parameters } = entry;
  const own = Array.isArray(operation.consumes);
  const consumes = own ? operation.consumes : definition.consumes;
  const request: Request = {
    name: operationName(entry),
    types: Array.isArray(consumes) ? consumes.map(baseType).filter(Boolean) : [],
    at: own ? `${entry.pointer}/consumes` : Array.isArray(definition.consumes) ? '/consumes' : entry.pointer,
    body: parameters.find(({ parameter }) => parameter.in === 'body'),
    form: parameters.filter(({ parameter }) => parameter.in === 'formData'),
  };
  if (!request.body && request.form.length === 0) return [];
  if (request.types.length === 0) {
    const body = request.body !== undefined;
    return [
      {
        severity: 'warning',
        msCode: 'ConsumesMissing',
        location: request.at,
        message: `Operation ${request.name} sends a ${body ? 'body' : 'form'} but says in no "consumes" which MIME type it is.`,
        hint: `Add "consumes": ["${body ? 'application/json' : 'multipart/form-data'}"] to the operation or the document.`,
      },
    ];
  }
  return [...fitProblems(request), ...fileProblems(request), ...formNameProblems(request.form)];
}

/** Form data needs a form type, a body a type that is not one. */
function fitProblems({ name, types, at, body, form }: Request): Violation[] {
  const violations: Violation[] = [];
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
  return violations;
}

/** A file cannot go as application/x-www-form-urlencoded. */
function fileProblems({ name, types, form }: Request): Violation[] {
  if (!types.includes('application/x-www-form-urlencoded') || types.includes('multipart/form-data')) return [];
  return form
    .filter(
      ({ parameter }) => parameter.type === 'file' || (parameter.type === 'string' && parameter.format === 'binary'),
    )
    .map(({ parameter, pointer: where }) => ({
      msCode: 'StringBinaryNotSupportedForFormUrlEncoded',
      location: where,
      message: `Operation ${name} sends the file parameter "${String(parameter.name)}" as application/x-www-form-urlencoded, which cannot carry files.`,
      hint: 'Consume "multipart/form-data" for operations that upload files.',
    }));
}

/** Form field names are plain US-ASCII. */
function formNameProblems(form: readonly ParameterEntry[]): Violation[] {
  return form
    .filter(({ parameter }) => typeof parameter.name === 'string' && /[^\x20-\x7e]/.test(parameter.name))
    .map(({ parameter, pointer: where }) => ({
      msCode: 'InvalidFormDataParameterName',
      location: `${where}/name`,
      message: `The form data parameter name ${quote(parameter.name)} has characters outside US-ASCII.`,
      hint: 'Name form fields with plain ASCII letters, digits and punctuation.',
    }));
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
