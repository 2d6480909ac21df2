/**
 * From what a maker typed into a card to the inputs `invoke` takes ({parameters, body}), and from a
 * dynamic-values answer to the choices of a combo box. Pure, importing only pure modules: the page
 * bundles it, and the unit tests run it without a browser.
 */
import { shownText } from './shown-text.ts';
import type { ActionCard, Choice, DynamicValuesSpec, InputField } from './types.ts';

/** A box's text, or an array's items; an array entered whole is its JSON text. */
export type FieldValue = string | string[];

export interface CallInputs {
  parameters: Record<string, string>;
  /** JSON text of the body; undefined when the card sends none. */
  body?: string;
}

/** A value a maker entered that cannot be sent, named by its label. */
export class EntryError extends Error {}

export function buildCall(card: ActionCard, values: Readonly<Record<string, FieldValue | undefined>>): CallInputs {
  const parameters: Record<string, string> = {};
  let body: unknown;
  let hasBody = false;
  const setBody = (path: string[], value: unknown) => {
    hasBody = true;
    if (path.length === 0) {
      body = value;
      return;
    }
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) body = {};
    let node = body as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (node[key] = {})) as Record<
        string,
        unknown
      >;
    }
    node[path[path.length - 1]!] = value;
  };
  for (const silent of card.silentInputs) {
    if (silent.location === 'body') setBody(silent.bodyPath ?? [], silent.value);
  }
  for (const field of card.inputs) {
    const value = values[field.id];
    if (value === undefined || value === '' || (Array.isArray(value) && value.every((item) => item === ''))) continue;
    if (field.location === 'body') {
      setBody(field.bodyPath ?? [], typedValue(field, value));
    } else if (field.location !== 'formData') {
      parameters[field.name] = Array.isArray(value) ? value.filter((item) => item !== '').join(',') : value;
    }
  }
  return hasBody ? { parameters, body: JSON.stringify(body) } : { parameters };
}

function typedValue(field: InputField, value: FieldValue): unknown {
  if (field.editor === 'array') {
    if (typeof value === 'string') return parseJson(field, value);
    return value.filter((item) => item !== '').map((item) => scalarValue(field, field.item?.type ?? 'string', item));
  }
  if (Array.isArray(value)) throw new EntryError(`"${field.label}" takes one value.`);
  if (field.editor === 'json') return parseJson(field, value);
  return scalarValue(field, field.type, value);
}

function scalarValue(field: InputField, type: string, text: string): unknown {
  if (type === 'integer' || type === 'number') {
    const number = Number(text);
    if (text.trim() === '' || !Number.isFinite(number))
      throw new EntryError(`"${field.label}" must be a number; got "${text}".`);
    return number;
  }
  if (type === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new EntryError(`"${field.label}" must be Yes or No.`);
    return text === 'true';
  }
  if (type === 'object' || type === 'array') return parseJson(field, text);
  return text;
}

function parseJson(field: InputField, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EntryError(
      `"${field.label}" must be JSON, for example ${field.type === 'array' ? '["a", "b"]' : '{"name": "value"}'}.`,
    );
  }
}

/** The inputs of the operation a dynamic-values field calls: fixed values, and the values of the fields they name. */
export function dynamicCallInputs(
  spec: DynamicValuesSpec,
  target: ActionCard,
  values: Readonly<Record<string, FieldValue | undefined>>,
  fieldsByName: ReadonlyMap<string, InputField>,
): CallInputs {
  const given: Record<string, FieldValue | undefined> = {};
  for (const [name, source] of Object.entries(spec.parameters)) {
    let value: unknown;
    if ('value' in source) {
      value = source.value;
    } else {
      const id = source.field.startsWith('@') ? fieldsByName.get(source.field.slice(1))?.id : source.field;
      value = id === undefined ? undefined : values[id];
    }
    if (value === undefined || value === null) continue;
    const field = target.inputs.find((input) => input.name === name && input.location !== 'body');
    const bodyField = target.inputs.find((input) => input.location === 'body' && input.bodyPath?.join('/') === name);
    const id = field?.id ?? bodyField?.id;
    if (id) given[id] = Array.isArray(value) ? value.map(shownText) : shownText(value);
  }
  return buildCall(target, given);
}

/** The combo box's choices from the called operation's answer. */
export function choicesFromAnswer(spec: DynamicValuesSpec, answer: unknown): Choice[] {
  const collection = spec.collectionPath ? valueAt(answer, spec.collectionPath) : answer;
  const list = Array.isArray(collection)
    ? collection
    : collection !== null && typeof collection === 'object' && Array.isArray((collection as { value?: unknown }).value)
      ? (collection as { value: unknown[] }).value
      : [];
  return list.slice(0, 1000).flatMap((item): Choice[] => {
    const value = spec.valuePath ? valueAt(item, spec.valuePath) : item;
    if (value === undefined || value === null || typeof value === 'object') return [];
    const title = spec.titlePath ? valueAt(item, spec.titlePath) : value;
    return [
      {
        value: value as string | number | boolean,
        label: title === undefined || title === null ? shownText(value) : shownText(title),
      },
    ];
  });
}

/** A value inside JSON by a path written with "/" or "." between keys. */
export function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(/[/.]/).filter((part) => part !== '')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
