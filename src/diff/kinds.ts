/**
 * Every kind of change `acs-connector diff` reports, as data: a stable id, its level and what it
 * means. Breaking follows "Breaking changes" in the certification notes (what Microsoft's online
 * detector reports as errors), the breaking-change kinds this tool promises and the change validator's messages seen in pull requests
 * (hiding an action breaks too); everything else a maker's flow survives is safe.
 */
export type ChangeLevel = 'breaking' | 'safe';

/** The severity tools that read findings expect: a breaking change is an error, a safe one information. */
export const SEVERITY_OF_LEVEL = { breaking: 'error', safe: 'info' } as const satisfies Record<ChangeLevel, string>;

export interface ChangeKind {
  level: ChangeLevel;
  description: string;
  /**
   * What Microsoft's breaking-change validator says of this change, quoted as its pull-request logs
   * print it (../shared/reference/swagger-validator-catalog.md), so a maker can match the two.
   */
  microsoftWording?: string;
}

export const CHANGE_KINDS = {
  'operation-removed': {
    level: 'breaking',
    description:
      'An action was deleted; flows that use it stop working. Mark it deprecated instead, and keep it visible.',
    microsoftWording: 'The operation has been deleted. This change breaks existing flows.',
  },
  'operation-hidden': {
    level: 'breaking',
    description:
      'An action became x-ms-visibility internal (deprecated or not): the designer no longer shows it, so makers cannot open or edit the flows that use it.',
    microsoftWording: 'The operation has been hidden. This change breaks the designer for existing flows.',
  },
  'operation-renamed': {
    level: 'breaking',
    description: "An action's operationId changed; flows refer to actions by operationId.",
  },
  'operation-moved': { level: 'breaking', description: "An action's HTTP method or path template changed." },
  'operation-added': { level: 'safe', description: 'A new action.' },
  'operation-deprecated': {
    level: 'safe',
    description: 'An action was marked deprecated (or no longer is); existing flows keep working.',
  },
  'parameter-removed': {
    level: 'breaking',
    description: 'An input was deleted or renamed; flows that set it fail or lose the value.',
  },
  'parameter-moved': {
    level: 'breaking',
    description: 'An input moved to another location (path, query, header, body).',
  },
  'parameter-made-required': {
    level: 'breaking',
    description: 'An optional input became required; flows that leave it empty fail.',
  },
  'parameter-added-required': { level: 'breaking', description: 'A new required input; existing flows do not set it.' },
  'parameter-hidden': {
    level: 'breaking',
    description: 'A required input became x-ms-visibility internal without a default, so nobody can set it any more.',
  },
  'parameter-added': { level: 'safe', description: 'A new optional input.' },
  'parameter-made-optional': { level: 'safe', description: 'A required input became optional.' },
  'enum-added': {
    level: 'breaking',
    description: 'A free input became a list of allowed values; values flows already send may be refused.',
    microsoftWording:
      'The list of enum values has been added to the input field. Existing flows may use values outside of this list.',
  },
  'enum-value-removed': {
    level: 'breaking',
    description: 'An allowed value of an input was removed; flows that pick it fail.',
  },
  'enum-value-added': { level: 'safe', description: 'A new allowed value, or an input that accepts any value again.' },
  'type-changed': { level: 'breaking', description: 'The type or format of an input or output changed.' },
  'output-removed': {
    level: 'breaking',
    description: 'An output field was deleted; flows that use it as dynamic content break.',
  },
  'output-added': { level: 'safe', description: 'A new output field.' },
  'response-removed': {
    level: 'breaking',
    description: "A response that carried a schema (the action's outputs) was deleted.",
  },
  'response-changed': {
    level: 'safe',
    description: 'A response without a schema was added or removed, or a response gained a schema.',
  },
  'default-changed': {
    level: 'safe',
    description: 'The default value of an input changed: flows that leave it empty now send the new value.',
  },
  'visibility-changed': {
    level: 'safe',
    description: 'Where the designer shows an input or action changed (x-ms-visibility).',
  },
  'text-changed': { level: 'safe', description: 'A summary, description, title or other text makers read changed.' },
  'connection-changed': {
    level: 'breaking',
    description: 'The connection parameters or sign-in kinds changed so that existing connections stop working.',
  },
  'connection-added': {
    level: 'safe',
    description: 'A new optional connection parameter or a new sign-in kind next to the existing ones.',
  },
  'endpoint-changed': {
    level: 'safe',
    description: 'The host, base path or schemes changed; requests go elsewhere, flows are unchanged.',
  },
  'script-changed': {
    level: 'safe',
    description:
      'The script (script.csx), the operations it handles or the policy templates changed; review their behaviour.',
  },
  'branding-changed': { level: 'safe', description: 'The icon or the brand colour changed.' },
} as const satisfies Record<string, ChangeKind>;

export type ChangeKindId = keyof typeof CHANGE_KINDS;

/** One difference between the base and the head connector. */
export interface Change {
  kind: ChangeKindId;
  level: ChangeLevel;
  severity: (typeof SEVERITY_OF_LEVEL)[ChangeLevel];
  /** The action it affects, when it affects one. */
  operationId?: string;
  file: string;
  /** JSON pointer in the base files; absent when the thing is new. */
  base?: string;
  /** JSON pointer in the head files; absent when the thing is gone. */
  head?: string;
  message: string;
  /** Microsoft's change validator's wording for this kind, where it is known. */
  microsoftWording?: string;
}
