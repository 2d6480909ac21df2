/**
 * The members Swagger 2.0 gives a non-body parameter, an items object and a header to describe a
 * value (a body parameter says all of this in its schema instead).
 */
export const SWAGGER_VALUE_KEYWORDS = [
  'type',
  'format',
  'items',
  'collectionFormat',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
] as const;
