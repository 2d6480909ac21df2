/**
 * Facts of Microsoft's connector certification that both the model (src/connector) and the
 * validator (src/validate) enforce, kept in one place so the two cannot drift. Each states what
 * the rule says; the rule files decide how severely a breach is reported.
 */

/** The published connector categories for x-ms-connector-metadata "Categories" (S5); one or two of them. */
export const CONNECTOR_CATEGORIES = [
  'AI',
  'Business Management',
  'Business Intelligence',
  'Collaboration',
  'Commerce',
  'Communication',
  'Content and Files',
  'Finance',
  'Data',
  'Human Resources',
  'Internet of Things',
  'IT Operations',
  'Lifestyle and Entertainment',
  'Marketing',
  'Productivity',
  'Sales and CRM',
  'Security',
  'Social Media',
  'Website',
] as const;
export const MAX_CATEGORIES = 2;

/** A bare host name with an optional port: no scheme, path or {placeholders} (S6). */
export const HOST_PATTERN = /^[^{}/ :\\]+(?::\d+)?$/;

/** iconBrandColor is "#RRGGBB" (P2). */
export const BRAND_COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** Brand colours certification refuses (lower case), with what they are. */
export const REFUSED_BRAND_COLOURS: Readonly<Record<string, string>> = {
  '#ffffff': 'white',
  '#007ee5': 'the default custom-connector blue',
};

/** info.title: at most 30 characters, without these words or a Power Platform product name (S2). */
export const TITLE_MAX_LENGTH = 30;
export const TITLE_FORBIDDEN_WORDS = ['API', 'Connector'] as const;
/** info.description: 30 to 500 characters (S3). */
export const DESCRIPTION_LENGTH = { min: 30, max: 500 } as const;
/** Power Platform products a title or description must not name (S2, S3). */
export const PRODUCT_NAMES = ['Power Apps', 'Power Automate', 'Logic Apps', 'Copilot Studio'] as const;

/** Product names the text mentions (spaces optional, any case: "PowerApps" counts). */
export function productNamesIn(text: string): string[] {
  return PRODUCT_NAMES.filter((name) => new RegExp(name.replace(' ', '\\s*'), 'i').test(text));
}

/** Whether the text uses the word (whole word, any case). */
export function mentionsWord(text: string, word: string): boolean {
  return new RegExp(`\\b${word}\\b`, 'i').test(text);
}

/** An x-ms-summary label: at most 80 characters (S11). */
export const LABEL_MAX_LENGTH = 80;
/** Characters an operation summary must not contain (S9). */
export const SUMMARY_FORBIDDEN_CHARACTERS = ['/', '\\', '<', '>', '*', '%', '&', '?'] as const;
/** The guidance for an operation summary's length (S9). */
export const SUMMARY_MAX_LENGTH = 80;
/** The longest operation summary Microsoft's validator accepts (S9); beyond the guidance above is a warning. */
export const SUMMARY_LIMIT = 120;
/** At most this many operations in one definition (S7). */
export const MAX_OPERATIONS = 256;

export const VISIBILITIES = ['important', 'advanced', 'internal'] as const;
export const URL_ENCODINGS = ['single', 'double'] as const;
/** A parameter name the platform reserves (any case) (S16). */
export const RESERVED_PARAMETER_NAME = 'connectionId';
