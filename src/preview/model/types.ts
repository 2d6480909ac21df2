/**
 * What the preview page shows, as data: the connection dialog, one designer card per action, its
 * dynamic-content outputs and its Power Fx signature. Built from a connector folder's two JSON files
 * by view-model.ts (server side); the page only renders it. Types only: the browser bundle imports
 * them without any Node code.
 */

/** A value a drop-down offers, with the text makers see. */
export interface Choice {
  value: string | number | boolean;
  label: string;
}

export type FieldEditor = 'text' | 'integer' | 'number' | 'boolean' | 'dropdown' | 'array' | 'json';

export interface DynamicValuesSpec {
  kind: 'x-ms-dynamic-values' | 'x-ms-dynamic-list';
  operationId: string;
  /** The called operation's inputs: a fixed value, or the value of another input of this card (by its field id). */
  parameters: Record<string, { value: unknown } | { field: string }>;
  /** Where the list is in the answer (dot path); empty means the answer itself. */
  collectionPath: string;
  valuePath: string;
  titlePath: string;
}

export interface InputField {
  /** Unique on its card: "query:api-version", "body:createTokenWithScopes", "body:user/name". */
  id: string;
  location: 'path' | 'query' | 'header' | 'body' | 'formData';
  /** The swagger name (a property key inside a body). */
  name: string;
  /** Where the value goes inside the body; [] for a body that is not an object. */
  bodyPath?: string[];
  label: string;
  /** The description, which the designer shows as the box's placeholder. */
  placeholder?: string;
  required: boolean;
  /** Behind the "Advanced parameters" picker: neither required nor important. */
  advanced: boolean;
  visibility: string;
  type: string;
  format?: string;
  editor: FieldEditor;
  choices?: Choice[];
  /** For arrays: how each item is entered. */
  item?: { editor: Exclude<FieldEditor, 'array'>; type: string; choices?: Choice[] };
  default?: unknown;
  minimum?: number;
  maximum?: number;
  dynamic?: DynamicValuesSpec;
}

/** An input makers never see, which the platform sends with its default (required + internal + default). */
export interface SilentInput {
  id: string;
  location: InputField['location'];
  name: string;
  bodyPath?: string[];
  value: unknown;
}

export interface OutputToken {
  /** Where the value is in the response body, e.g. "identity/id", "items/[*]/name"; "" is the body. */
  path: string;
  title: string;
  description?: string;
  type: string;
  advanced: boolean;
}

export interface PowerFxSignature {
  /** Namespace.Function(required: Type, …, { optional: Type, … }): ReturnType */
  signature: string;
  example: string;
  returnType: string;
}

export interface FindingView {
  ruleId: string;
  severity: 'error' | 'warning';
  location: string;
  message: string;
  hint: string;
}

export interface ActionCard {
  operationId: string;
  method: string;
  path: string;
  /** The card's title: the operation's summary (the operationId when it has none). */
  title: string;
  description?: string;
  preview: boolean;
  deprecated: boolean;
  internal: boolean;
  /** False for internal or deprecated operations: the designer does not offer them to new flows. */
  offered: boolean;
  inputs: InputField[];
  silentInputs: SilentInput[];
  outputs: OutputToken[];
  /** The status code whose schema the outputs come from. */
  outputsFrom?: string;
  powerFx: PowerFxSignature;
  findings: FindingView[];
}

export interface ConnectionField {
  name: string;
  label: string;
  placeholder?: string;
  tooltip?: string;
  required: boolean;
  kind: 'text' | 'secret' | 'dropdown' | 'sign-in';
  /** A secret that is masked with a reveal button (false for clearText). */
  masked: boolean;
  choices?: Choice[];
}

export interface ConnectionSet {
  /** The set's name; undefined for top-level connectionParameters. */
  name?: string;
  label: string;
  description?: string;
  fields: ConnectionField[];
  /** The sign-in kinds the Test panel can fill from the embedded emulator or the flags. */
  signIn?: 'connection-string' | 'entra';
}

export interface ConnectionDialog {
  /** The drop-down's label when there are several sets. */
  chooserLabel: string;
  chooserDescription?: string;
  sets: ConnectionSet[];
}

export interface PreviewModel {
  connector: { title: string; description?: string; brandColor?: string; host?: string; namespace: string };
  connection: ConnectionDialog;
  actions: ActionCard[];
  /** Findings that belong to no action (info, connection, files). */
  findings: FindingView[];
}
