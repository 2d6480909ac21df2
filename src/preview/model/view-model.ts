/**
 * Swagger + apiProperties → what makers see (types.ts). Pure: no files, no network, so it is unit
 * tested without a browser. The rules follow the designer Power Automate uses (Azure/LogicAppsUX:
 * its schema processor and parameter helpers), Power Fx's connector library
 * (microsoft/Power-Fx, Microsoft.PowerFx.Connectors) and Microsoft Learn; where none of them
 * settles a question, the choice is marked "approximate" on the page and in the README.
 */
import { isObject, type JsonObject } from '../../shared/json.ts';
import { clientCredentialsSetting, parameterSets } from '../../connector-folder/connections.ts';
import { dereference, listOperations, type OperationEntry } from '../../connector-folder/operations.ts';
import type {
  ActionCard,
  Choice,
  ConnectionDialog,
  ConnectionField,
  DynamicValuesSpec,
  FieldEditor,
  FindingView,
  InputField,
  OutputToken,
  PreviewModel,
  SilentInput,
} from './types.ts';
import { powerFxSignature } from './power-fx.ts';
import { shownText, textField } from './shown-text.ts';

/** Schemas nest deeper than this only through a $ref cycle; the walk stops there. */
const MAX_SCHEMA_DEPTH = 12;
/** A card lists at most this many body fields or output tokens (the largest certified connectors stay far below). */
const MAX_FIELDS = 500;

export function buildPreviewModel(
  swagger: unknown,
  apiProperties: unknown,
  findings: FindingView[] = [],
): PreviewModel {
  const definition = isObject(swagger) ? swagger : {};
  const info = isObject(definition.info) ? definition.info : {};
  const title = text(info.title) ?? 'Connector';
  const properties = isObject(apiProperties) && isObject(apiProperties.properties) ? apiProperties.properties : {};
  const operations = listOperations(definition);
  const actions = operations
    .filter((entry) => typeof entry.operation.operationId === 'string' && entry.operation.operationId !== '')
    .map((entry) => actionCard(definition, entry, namespaceOf(title), findings));
  const claimed = new Set(actions.flatMap((action) => action.findings));
  return {
    connector: {
      title,
      description: text(info.description),
      brandColor: text(properties.iconBrandColor),
      host: text(definition.host),
      namespace: namespaceOf(title),
    },
    connection: connectionDialog(apiProperties),
    actions,
    findings: findings.filter((finding) => !claimed.has(finding)),
  };
}

/**
 * Power Apps names a connector's functions after the connector: its display name without spaces or
 * punctuation. Approximate: the platform takes the name it was deployed under.
 */
export function namespaceOf(title: string): string {
  const name = title.replace(/[^A-Za-z0-9]/g, '');
  return /^[A-Za-z]/.test(name) ? name : `Connector${name}`;
}

function actionCard(
  definition: JsonObject,
  entry: OperationEntry,
  namespace: string,
  findings: FindingView[],
): ActionCard {
  const operation = entry.operation;
  const operationId = textField(operation.operationId);
  const annotation = isObject(operation['x-ms-api-annotation']) ? operation['x-ms-api-annotation'] : {};
  const internal = lower(operation['x-ms-visibility']) === 'internal';
  const deprecated = operation.deprecated === true;
  const { inputs, silent } = inputsOf(definition, entry);
  const response = outputResponse(definition, entry);
  return {
    operationId,
    method: entry.method.toUpperCase(),
    path: entry.path,
    title: text(operation.summary) ?? operationId,
    description: text(operation.description),
    preview: lower(annotation.status) === 'preview',
    deprecated,
    internal,
    offered: !internal && !deprecated,
    inputs,
    silentInputs: silent,
    outputs: response ? outputTokens(definition, response.schema) : [],
    outputsFrom: response?.code,
    powerFx: powerFxSignature(definition, entry, namespace),
    findings: findings.filter(
      (finding) => finding.location === entry.pointer || finding.location.startsWith(`${entry.pointer}/`),
    ),
  };
}

// ── Inputs ────────────────────────────────────────────────────────────────────────────────────

/** Designer order: required, important, the rest, advanced; stable within each group. */
const ORDER = (field: { required: boolean; visibility: string }): number =>
  field.required ? 0 : field.visibility === 'important' ? 1 : field.visibility === 'advanced' ? 3 : 2;

function inputsOf(definition: JsonObject, entry: OperationEntry): CardInputs {
  const into: CardInputs = { inputs: [], silent: [] };
  for (const { parameter } of entry.parameters) {
    const location = text(parameter.in) as InputField['location'] | undefined;
    const name = text(parameter.name) ?? '';
    if (!location || !['path', 'query', 'header', 'body', 'formData'].includes(location)) continue;
    if (location === 'body') {
      const schema = dereference(definition, parameter.schema, '')?.node ?? {};
      bodyFields(definition, schema, parameter, into);
      continue;
    }
    const outcome = fieldOf(definition, parameter, {
      id: `${location}:${name}`,
      location,
      name,
      required: parameter.required === true,
      inheritedVisibility: '',
      prefix: '',
    });
    addField(outcome, into);
  }
  return { inputs: sortByDesignerOrder(into.inputs), silent: into.silent };
}

function sortByDesignerOrder(fields: InputField[]): InputField[] {
  return fields
    .map((field, index) => ({ field, index }))
    .sort((a, b) => ORDER(a.field) - ORDER(b.field) || a.index - b.index)
    .map(({ field }) => field);
}

interface FieldContext {
  id: string;
  location: InputField['location'];
  name: string;
  bodyPath?: string[];
  required: boolean;
  inheritedVisibility: string;
  /** The parents' labels, joined with spaces ("Parent Child"). */
  prefix: string;
}

type FieldOutcome = { hidden: false; field: InputField } | { hidden: true; silent?: SilentInput };

function fieldOf(definition: JsonObject, schema: JsonObject, context: FieldContext): FieldOutcome {
  const visibility = lower(schema['x-ms-visibility']) || context.inheritedVisibility;
  const type = text(schema.type) ?? (isObject(schema.properties) ? 'object' : 'string');
  if (visibility === 'internal') {
    // The platform sends a required internal input's default without showing it.
    if (context.required && schema.default !== undefined) {
      return {
        hidden: true,
        silent: {
          id: context.id,
          location: context.location,
          name: context.name,
          bodyPath: context.bodyPath,
          value: schema.default,
        },
      };
    }
    return { hidden: true };
  }
  const own = text(schema.title) ?? text(schema['x-ms-summary']) ?? context.name;
  const label = context.prefix ? `${context.prefix} ${own}` : own;
  const field: InputField = {
    id: context.id,
    location: context.location,
    name: context.name,
    bodyPath: context.bodyPath,
    label,
    placeholder: text(schema.description),
    required: context.required,
    advanced: !context.required && visibility !== 'important',
    visibility,
    type,
    format: text(schema.format),
    editor: 'text',
    default: schema.default,
    minimum: typeof schema.minimum === 'number' ? schema.minimum : undefined,
    maximum: typeof schema.maximum === 'number' ? schema.maximum : undefined,
  };
  const choices = choicesOf(schema, context.required);
  if (choices) {
    field.editor = 'dropdown';
    field.choices = choices;
  } else if (type === 'array') {
    field.editor = 'array';
    const items = dereference(definition, schema.items, '')?.node ?? {};
    const itemType = text(items.type) ?? (isObject(items.properties) ? 'object' : 'string');
    const itemChoices = choicesOf(items, true);
    field.item = {
      editor: itemChoices ? 'dropdown' : scalarEditor(itemType),
      type: itemType,
      choices: itemChoices,
    };
  } else {
    field.editor = scalarEditor(type);
  }
  const dynamic = dynamicValuesOf(schema, context);
  if (dynamic) field.dynamic = dynamic;
  return { hidden: false, field };
}

function scalarEditor(type: string): Exclude<FieldEditor, 'array' | 'dropdown'> {
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  if (type === 'object' || type === 'array') return 'json';
  return 'text';
}

/** enum (with x-ms-enum-values' display names) or a boolean's Yes/No, with an empty choice when optional. */
export function choicesOf(schema: JsonObject, required: boolean): Choice[] | undefined {
  if (Array.isArray(schema.enum)) {
    const named = Array.isArray(schema['x-ms-enum-values']) ? schema['x-ms-enum-values'].filter(isObject) : [];
    if (named.length > 0) {
      return named.map((entry) => ({
        value: scalar(entry.value),
        label: text(entry.displayName) ?? shownText(entry.value),
      }));
    }
    return schema.enum.map((value) => ({ value: scalar(value), label: shownText(value) }));
  }
  if (schema.type === 'boolean') {
    const yesNo: Choice[] = [
      { value: true, label: 'Yes' },
      { value: false, label: 'No' },
    ];
    return required ? yesNo : [{ value: '', label: '' }, ...yesNo];
  }
  return undefined;
}

/** What a card gets from its parameters: the fields makers see, and the inputs sent without being shown. */
interface CardInputs {
  inputs: InputField[];
  silent: SilentInput[];
}

function addField(outcome: FieldOutcome, into: CardInputs): void {
  if (!outcome.hidden) into.inputs.push(outcome.field);
  else if (outcome.silent) into.silent.push(outcome.silent);
}

/**
 * A body is flattened into one field per property, labelled "Parent Child"; a nested field is
 * required only when its parents are; read-only properties are left out; a child without its own
 * x-ms-visibility takes its parent's.
 */
function bodyFields(definition: JsonObject, root: JsonObject, parameter: JsonObject, into: CardInputs): void {
  if (!hasProperties(root)) {
    addField(wholeBodyField(definition, root, parameter), into);
    return;
  }
  const top = { path: [], required: parameter.required === true, visibility: lower(parameter['x-ms-visibility']) };
  flattenProperties(definition, root, { ...top, prefix: ownLabel(root) ?? '', depth: 0 }, into);
}

/** A body that is not an object with properties is one box, labelled like a parameter (JSON for an object). */
function wholeBodyField(definition: JsonObject, root: JsonObject, parameter: JsonObject): FieldOutcome {
  const outcome = fieldOf(
    definition,
    {
      ...root,
      'x-ms-summary': parameter['x-ms-summary'] ?? root['x-ms-summary'],
      description: parameter.description ?? root.description,
    },
    {
      id: `body:`,
      location: 'body',
      name: text(parameter.name) ?? 'body',
      bodyPath: [],
      required: parameter.required === true,
      inheritedVisibility: lower(parameter['x-ms-visibility']),
      prefix: '',
    },
  );
  const untypedObject = (root.type === 'object' || root.type === undefined) && !isObject(root.properties);
  if (!outcome.hidden && outcome.field.editor === 'text' && untypedObject) outcome.field.editor = 'json';
  return outcome;
}

/** Where the flattening of a body stands: the path to an object, and what its fields inherit. */
interface BodyLevel {
  path: string[];
  required: boolean;
  visibility: string;
  /** The parents' labels, joined with spaces. */
  prefix: string;
  depth: number;
}

function flattenProperties(definition: JsonObject, schema: JsonObject, level: BodyLevel, into: CardInputs): void {
  const requiredKeys = Array.isArray(schema.required) ? schema.required.map(String) : [];
  for (const [key, raw] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    if (into.inputs.length >= MAX_FIELDS) return;
    const child = dereference(definition, raw, '')?.node;
    if (!child || child.readOnly === true) continue;
    const path = [...level.path, key];
    const required = level.required && requiredKeys.includes(key);
    const visibility = lower(child['x-ms-visibility']) || level.visibility;
    if (
      (child.type === 'object' || child.type === undefined) &&
      hasProperties(child) &&
      level.depth < MAX_SCHEMA_DEPTH
    ) {
      // A nested object is no field of its own: its properties are, under its label (none when internal).
      const prefix = joinLabels(level.prefix, ownLabel(child) ?? key);
      if (visibility !== 'internal')
        flattenProperties(definition, child, { path, required, visibility, prefix, depth: level.depth + 1 }, into);
      continue;
    }
    const context = { id: `body:${path.join('/')}`, location: 'body' as const, name: key, bodyPath: path, required };
    addField(
      fieldOf(definition, child, { ...context, inheritedVisibility: level.visibility, prefix: level.prefix }),
      into,
    );
  }
}

function hasProperties(schema: JsonObject): boolean {
  return isObject(schema.properties) && Object.keys(schema.properties).length > 0;
}

/** A schema's own label: its title, else its x-ms-summary. */
function ownLabel(schema: JsonObject): string | undefined {
  return text(schema.title) ?? text(schema['x-ms-summary']);
}

function joinLabels(prefix: string, own: string): string {
  return prefix ? `${prefix} ${own}` : own;
}

function dynamicValuesOf(schema: JsonObject, context: FieldContext): DynamicValuesSpec | undefined {
  const values = schema['x-ms-dynamic-values'];
  const list = schema['x-ms-dynamic-list'];
  const spec = isObject(values) ? values : isObject(list) ? list : undefined;
  if (!spec || typeof spec.operationId !== 'string') return undefined;
  const parameters: DynamicValuesSpec['parameters'] = {};
  for (const [name, raw] of Object.entries(isObject(spec.parameters) ? spec.parameters : {})) {
    if (isObject(raw) && typeof raw.parameter === 'string')
      parameters[name] = { field: siblingId(context, raw.parameter) };
    else if (isObject(raw) && 'value' in raw) parameters[name] = { value: raw.value };
    else parameters[name] = { value: raw };
  }
  if (isObject(values)) {
    return {
      kind: 'x-ms-dynamic-values',
      operationId: spec.operationId,
      parameters,
      collectionPath: text(values['value-collection']) ?? '',
      valuePath: text(values['value-path']) ?? '',
      titlePath: text(values['value-title']) ?? text(values['value-path']) ?? '',
    };
  }
  return {
    kind: 'x-ms-dynamic-list',
    operationId: spec.operationId,
    parameters,
    collectionPath: text(spec.itemsPath) ?? '',
    valuePath: text(spec.itemValuePath) ?? '',
    titlePath: text(spec.itemTitlePath) ?? text(spec.itemValuePath) ?? '',
  };
}

/** The field id of another input named by a dynamic-values reference: a parameter, else a body sibling. */
function siblingId(context: FieldContext, name: string): string {
  if (context.location === 'body' && context.bodyPath && context.bodyPath.length > 0) {
    return `body:${[...context.bodyPath.slice(0, -1), name].join('/')}`;
  }
  return `@${name}`;
}

// ── Outputs ───────────────────────────────────────────────────────────────────────────────────

/** The response whose schema makes the outputs: the lowest 2xx with a schema, else default's. */
function outputResponse(
  definition: JsonObject,
  entry: OperationEntry,
): { code: string; schema: JsonObject } | undefined {
  const withSchema = entry.responses
    .filter(({ response }) => isObject(response.schema))
    .map(({ code, response }) => ({ code, schema: dereference(definition, response.schema, '')?.node }))
    .filter((candidate): candidate is { code: string; schema: JsonObject } => candidate.schema !== undefined);
  const success = withSchema.filter(({ code }) => /^2\d\d$/.test(code)).sort((a, b) => a.code.localeCompare(b.code));
  return success[0] ?? withSchema.find(({ code }) => code === 'default');
}

/**
 * Dynamic content: one token per property (title, else x-ms-summary, else the key), prefixed by
 * its parents' titles; an array's items "Parent Item"; internal ones left out with their children;
 * advanced ones last.
 */
export function outputTokens(definition: JsonObject, root: JsonObject): OutputToken[] {
  const tokens: OutputToken[] = [];
  const rootType = text(root.type) ?? (isObject(root.properties) ? 'object' : 'string');
  if (!isObject(root.properties) || rootType !== 'object') {
    tokens.push({ path: '', title: 'Body', description: text(root.description), type: rootType, advanced: false });
    if (rootType === 'array') walkArrayItems(definition, root, '', '', false, 1, tokens);
    return tokens;
  }
  walkObject(definition, root, '', text(root.title) ?? text(root['x-ms-summary']) ?? '', false, 0, tokens);
  return [...tokens.filter((token) => !token.advanced), ...tokens.filter((token) => token.advanced)];
}

function walkObject(
  definition: JsonObject,
  schema: JsonObject,
  path: string,
  prefix: string,
  advanced: boolean,
  depth: number,
  tokens: OutputToken[],
): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  for (const [key, raw] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    if (tokens.length >= MAX_FIELDS) return;
    const child = dereference(definition, raw, '')?.node;
    if (!child) continue;
    const visibility = lower(child['x-ms-visibility']);
    if (visibility === 'internal') continue;
    const childAdvanced = advanced || visibility === 'advanced';
    const own = text(child.title) ?? text(child['x-ms-summary']) ?? key;
    const title = prefix ? `${prefix} ${own}` : own;
    const childPath = path ? `${path}/${key}` : key;
    const type = text(child.type) ?? (isObject(child.properties) ? 'object' : 'string');
    tokens.push({ path: childPath, title, description: text(child.description), type, advanced: childAdvanced });
    if (type === 'object') walkObject(definition, child, childPath, title, childAdvanced, depth + 1, tokens);
    if (type === 'array') walkArrayItems(definition, child, childPath, title, childAdvanced, depth + 1, tokens);
  }
}

function walkArrayItems(
  definition: JsonObject,
  array: JsonObject,
  path: string,
  title: string,
  advanced: boolean,
  depth: number,
  tokens: OutputToken[],
): void {
  const items = dereference(definition, array.items, '')?.node;
  if (!items || depth > MAX_SCHEMA_DEPTH) return;
  const itemsPath = path ? `${path}/[*]` : '[*]';
  const type = text(items.type) ?? (isObject(items.properties) ? 'object' : 'string');
  if (type === 'object' && isObject(items.properties)) {
    walkObject(
      definition,
      items,
      itemsPath,
      text(items.title) ?? text(items['x-ms-summary']) ?? title,
      advanced,
      depth,
      tokens,
    );
    return;
  }
  const own = text(items.title) ?? text(items['x-ms-summary']);
  tokens.push({
    path: itemsPath,
    title: own ?? (title ? `${title} Item` : 'Item'),
    description: text(items.description),
    type,
    advanced,
  });
}

// ── Connection dialog ─────────────────────────────────────────────────────────────────────────

function connectionDialog(apiProperties: unknown): ConnectionDialog {
  const properties =
    isObject(apiProperties) && isObject(apiProperties.properties) ? apiProperties.properties : ({} as JsonObject);
  const setsDefinition = isObject(properties.connectionParameterSets) ? properties.connectionParameterSets : undefined;
  const setsUi = setsDefinition && isObject(setsDefinition.uiDefinition) ? setsDefinition.uiDefinition : {};
  const sets = parameterSets(apiProperties).map((set, index) => {
    const raw = setsDefinition && Array.isArray(setsDefinition.values) ? setsDefinition.values[index] : undefined;
    const ui = isObject(raw) && isObject(raw.uiDefinition) ? raw.uiDefinition : {};
    const fields = set.parameters
      .filter((parameter) => !parameter.hidden)
      .map((parameter) => connectionField(parameter.name, parameter.type, parameter.definition, parameter.required));
    const oauth = clientCredentialsSetting(set);
    const signIn: 'connection-string' | 'entra' | undefined = oauth
      ? 'entra'
      : set.parameters.length === 1 && set.parameters[0]!.type === 'securestring'
        ? 'connection-string'
        : undefined;
    return {
      name: set.name,
      label: set.displayName ?? anyCase(ui, 'displayName') ?? set.name ?? 'Connection',
      description: anyCase(ui, 'description'),
      fields,
      signIn,
    };
  });
  return {
    chooserLabel: anyCase(setsUi, 'displayName') ?? 'Authentication Type',
    chooserDescription: anyCase(setsUi, 'description'),
    sets,
  };
}

function connectionField(name: string, type: string, definition: JsonObject, required: boolean): ConnectionField {
  const ui = isObject(definition.uiDefinition) ? definition.uiDefinition : {};
  const constraints = isObject(ui.constraints) ? ui.constraints : {};
  const schema = isObject(ui.schema) ? ui.schema : {};
  const allowed = Array.isArray(definition.allowedValues)
    ? definition.allowedValues
    : Array.isArray(constraints.allowedValues)
      ? constraints.allowedValues
      : undefined;
  const lowered = type.toLowerCase();
  const kind: ConnectionField['kind'] =
    lowered === 'oauthsetting' ? 'sign-in' : allowed ? 'dropdown' : lowered === 'securestring' ? 'secret' : 'text';
  return {
    name,
    label: anyCase(ui, 'displayName') ?? name,
    placeholder: anyCase(ui, 'description') ?? text(schema.description),
    tooltip: anyCase(ui, 'tooltip'),
    required,
    kind,
    masked: kind === 'secret' && String(constraints.clearText).toLowerCase() !== 'true',
    choices: allowed?.map((entry) =>
      isObject(entry)
        ? { value: scalar(entry.value), label: text(entry.text) ?? shownText(entry.value) }
        : { value: scalar(entry), label: shownText(entry) },
    ),
  };
}

// ── Small helpers ─────────────────────────────────────────────────────────────────────────────

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function lower(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/** A drop-down choice's value: numbers and booleans kept, anything else as its shown text. */
function scalar(value: unknown): string | number | boolean {
  return typeof value === 'number' || typeof value === 'boolean' ? value : shownText(value);
}

/** Learn's own examples write "displayname": the platform reads both spellings. */
function anyCase(object: JsonObject, key: string): string | undefined {
  const found = Object.keys(object).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : text(object[found]);
}
