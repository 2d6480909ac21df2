/**
 * Microsoft's Swagger Validator catalog: all 174 codes, by section, and what this validator does
 * with each. A code is checked by the rules that declare it (their `msCode`), or it cannot be
 * decided from the files alone (the reason says why), or it is not yet implemented. The codes are
 * Microsoft's (learn.microsoft.com, "Swagger Validator" rules of custom connectors); the messages
 * are not copied here: each rule words its own. A test holds this list to the published catalog
 * in ../shared/reference when it is there.
 */
import type { Rule } from './types.ts';
import { msCodesOf } from './types.ts';

// prettier-ignore
export const CATALOG_SECTIONS = {
  Operations: [
    'ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations',
    'ApiAnnotationExtensionReplacementInfoMissingApiProperty',
    'ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty',
    'ArrayDuplicateValue',
    'BodyOrFormDataParameterInFetchOperationNotAllowed',
    'ConnectionIdParameterNotAllowed',
    'ConsumesMissing',
    'DuplicateEnumValuesInExtension',
    'DuplicateOperationPath',
    'DynamicExtensionDefinitionNotAllowedInParameter',
    'DynamicListExtensionRequiredForAmbiguousReferences',
    'DynamicListExtensionRequiredForNonParameterReferences',
    'DynamicPropertiesExtensionRequiredForAmbiguousReferences',
    'DynamicPropertiesExtensionRequiredForNonParameterReferences',
    'DynamicPropertiesExtensionRequiredForPropertiesValuePath',
    'DynamicPropertiesItemValuePathMismatch',
    'DynamicTreeExtensionMissing',
    'InvalidEnumValue',
    'InvalidEnumValuesExtensionValue',
    'InvalidFormDataParameterName',
    'InvalidNextLinkNameValue',
    'InvokedOperationShouldProduceArray',
    'InvokedOperationShouldProduceProperty',
    'MimeTypeNotCompatibleWithRequestContentSchemaType',
    'NotificationExtensionNotSupportedInWebhookOperation',
    'NotificationExtensionSupportedForTriggerOnly',
    'NotificationOperationMustBeWebhook',
    'OperationFamilyHasDuplicateRevisions',
    'OperationFamilyHasManyActiveOperations',
    'OperationFamilyHasManyActiveProductionOperations',
    'OperationFamilyHasManyEmptyRevisions',
    'OperationHasManyResponsesWithSchema',
    'OperationIdNotFound',
    'OperationIdNotUnique',
    'OperationIdRequired',
    'OperationIdSanitized',
    'OperationIdShouldEndWithRevision',
    'OperationIdTooLong',
    'OperationMissingPathParameter',
    'OperationMissingRequiredProperty',
    'OperationMustHaveNotificationContentExtension',
    'OperationMustHaveResponse',
    'OperationParameterNameIsAmbiguous',
    'OperationParameterNameNotFound',
    'OperationParameterRequiredMismatch',
    'OperationParametersAreNotUnique',
    'OperationParametersContainDuplicateParameter',
    'OperationParametersContainMultipleBodyParameters',
    'OperationParameterStaticTypeMismatch',
    'OperationParameterTypeMismatch',
    'OperationPathContainsUnsupportedCharacters',
    'OperationPathMayNotContainQueryOrFragment',
    'OperationPathMustStartWithSlash',
    'OperationPathTemplateNotValid',
    'OperationPathVariablesContainDefaults',
    'OperationRevisionEmpty',
    'OperationSchemaCountExceedsMaxAllowed',
    'OperationShouldHaveSuccessfulResponse',
    'OperationStatusAheadOfConnector',
    'OperationSummaryTooLong',
    'PartialDuplicateOperationPath',
    'PathParameterMustBeRequired',
    'PathParameterNotDefinedInTemplate',
    'PathParametersContainDuplicateParameter',
    'PathParametersContainMultipleBodyParameters',
    'PathRedefined',
    'RestrictedCharactersInSummary',
    'SelectedItemValuePathNotAllowedInThisPosition',
    'StringBinaryNotSupportedForFormUrlEncoded',
    'TotalOperationsCountExceedsMaxAllowed',
    'UnrecognizedTypeFormat',
    'WebhookOperationsMissingNotificationUrlProperty',
  ],
  Arrays: [
    'ArrayHasNoItems',
    'RequiredPropertyArrayEmpty',
    'SchemesArrayEmpty',
  ],
  'Not supported': [
    'CollectionFormatValueNotSupported',
    'MimeTypeNotSupported',
    'PathItemRefNotSuppored',
    'SwaggerKeywordNotSupported',
  ],
  Parameters: [
    'FileParameterMustBeInFormData',
    'ParameterListContainsFormDataAndBody',
    'ParameterReferenceNotFound',
    'ParameterReferenceNotValid',
    'ParameterRefLoopNotAllowed',
    'ParamtersWithSameNameMustHaveSameTypeAndVisibility',
    'PathParameterMissingEncoding',
    'QueryParameterEncodingNotSupported',
    'ReservedParameterIsUsed',
    'ResponseRefLoopNotAllowed',
    'SourcePropertyInternal',
  ],
  Properties: [
    'AdditionalPropertyNotAllowed',
    'AdditionalPropertyNotAllowedAdjacentToRef',
    'BasePathNotValid',
    'BodyParameterPropertyNotValid',
    'ConnectorMetadataPropertiesMissing',
    'ContactEmailNotValid',
    'DefaultValueMustMatchType',
    'EnumMustContainAtLeastOneElement',
    'ExtensionNameNotValid',
    'FilterFunctionsPropertyEmpty',
    'FilterFunctionsPropertyHasDuplicates',
    'FilterFunctionsPropertyInInputSchema',
    'FilterFunctionsPropertyInvalidValue',
    'HostNameNotValid',
    'InternalPropertyWithDefaultOptional',
    'InvalidConnectorCategory',
    'InvalidStringBinaryProperty',
    'JsonTypeIncorrect',
    'JsonValueNotInEnum',
    'MimeTypeNotValid',
    'MissingEnumValuesDisplayName',
    'MultipleOfMustBeGreaterThanZero',
    'OneOfPropertiesRequired',
    'ProductionStatusOnBetaService',
    'PropertyMustBeRequired',
    'RequiredPropertyDefinitionMissing',
    'RequiredPropertyMissing',
    'RequiredPropertyNotOnObject',
    'RequiredReadOnlyPropertyNotAllowedAsInput',
    'SchemeNotValid',
    'SecuritySchemePropertyNotValid',
    'SecuritySchemePropertyRequired',
    'SpecificationVersionIncorrect',
    'TagRedefined',
    'TooManyConnectorCategories',
    'UrlNotValid',
  ],
  Response: [
    'BodyParameterSchemaRequired',
    'BodySchemaCountExceedsMaxAllowed',
    'DefaultResponseHasSchema',
    'InvalidCustomEditorExtensionDictionaryValue',
    'JsonPointerNotValid',
    'NonBodyParameterSchemaNotValid',
    'RequiredLoopInSchemaNotAllowed',
    'ResponseExampleMustBeProducedByOperation',
    'ResponseHeadersAreNotUnique',
    'ResponseMustBeDefaultOrHttpStatusCode',
    'ResponseReferenceNotFound',
    'ResponseReferenceNotValid',
    'SchemaDefinitionSetIncorrectly',
    'SchemaReferenceNotFound',
    'SchemaReferenceNotValid',
    'SchemaRefLoopNotAllowed',
    'SchemaTooDeep',
    'SchemaTypeFileNotValid',
    'SchemeNotSupported',
    'TotalSchemaCountExceedsMaxAllowed',
  ],
  Security: [
    'OAuthSecurityRequirementValueMustBeScopeName',
    'SecurityRequirementMustBeDefined',
    'SecurityRequirementMustHaveEmptyValue',
    'SecurityRequirementMustHaveValue',
  ],
  Webhooks: [
    'NotificationUrlNotAllowedInThisPosition',
    'NotificationUrlNotInternal',
    'NotificationUrlNotRequired',
    'NotificationUrlNotString',
  ],
  Metadata: [
    'AllowEmptyValueOnlyValidForQueryFormData',
    'DiscriminatorMustBeARequiredStringProperty',
    'ExclusiveMaximumRequiresMaximum',
    'ExclusiveMinimumRequiresMinimum',
    'FieldLengthExceeded',
    'FieldLengthNotInRange',
    'MaxItemsMustBeGreaterThanOrEqualToZero',
    'MaxLengthMustBeGreaterThanOrEqualToZero',
    'MaxPropertiesMustBeGreaterThanOrEqualToZero',
    'MinimumShouldBeLessThanOrEqualToMaximum',
    'MinItemsMustBeGreaterThanOrEqualToZero',
    'MinItemsShouldBeLessThanOrEqualToMaxItems',
    'MinLengthMustBeGreaterThanOrEqualToZero',
    'MinLengthShouldBeLessThanOrEqualToMaxLength',
    'MinPropertiesMustBeGreaterThanOrEqualToZero',
    'PatternShouldBeValidRegularExpression',
    'RequiredValueEmpty',
    'ValueContainsRestrictedWords',
    'ValueMustBeInEnglish',
    'ValueMustEndWithAlphanumeric',
  ],
} as const satisfies Record<string, readonly string[]>;

export type CatalogSection = keyof typeof CATALOG_SECTIONS;
export type CatalogCode = (typeof CATALOG_SECTIONS)[CatalogSection][number];

/**
 * Codes that the files alone cannot decide, with why. A rule may still warn about part of one
 * (S2 checks what it can of a title), but the code's whole meaning needs what only the service
 * or a person knows.
 */
export const UNDECIDABLE: Partial<Record<CatalogCode, string>> = {
  ValueMustBeInEnglish: 'whether text is written in English needs a language judgement; no offline test is reliable',
  OperationStatusAheadOfConnector:
    "compares an operation's release status with the connector's, which the service holds, not the files",
  ProductionStatusOnBetaService: "the service's own release status is known to the service only",
  OperationIdTooLong: 'the limit is a setting of the service and Microsoft publishes no value',
  OperationSchemaCountExceedsMaxAllowed: 'the limit is a setting of the service and Microsoft publishes no value',
  ReservedParameterIsUsed:
    'Microsoft publishes no list of reserved parameter names per location; the one known, connectionId, is checked as ConnectionIdParameterNotAllowed',
  SchemaTooDeep: 'the depth limit is a setting of the service and Microsoft publishes no value',
  TotalSchemaCountExceedsMaxAllowed: 'the limit is a setting of the service and Microsoft publishes no value',
  BodySchemaCountExceedsMaxAllowed: 'the limit is a setting of the service and Microsoft publishes no value',
};

export type CatalogStatus =
  | { code: CatalogCode; section: CatalogSection; status: 'checked'; rules: string[] }
  | { code: CatalogCode; section: CatalogSection; status: 'undecidable'; reason: string }
  | { code: CatalogCode; section: CatalogSection; status: 'pending' };

export const CATALOG_CODES: readonly CatalogCode[] = Object.values(CATALOG_SECTIONS).flat();

/** Each catalog code with the rules that check it, or why none can, or that none does yet. */
export function catalogStatus(rules: readonly Rule[]): CatalogStatus[] {
  const checkedBy = new Map<string, string[]>();
  for (const rule of rules)
    for (const code of msCodesOf(rule)) checkedBy.set(code, [...(checkedBy.get(code) ?? []), rule.id]);
  return (Object.entries(CATALOG_SECTIONS) as Array<[CatalogSection, readonly CatalogCode[]]>).flatMap(
    ([section, codes]) =>
      codes.map((code): CatalogStatus => {
        const ruleIds = checkedBy.get(code);
        if (ruleIds) return { code, section, status: 'checked', rules: ruleIds };
        const reason = UNDECIDABLE[code];
        return reason ? { code, section, status: 'undecidable', reason } : { code, section, status: 'pending' };
      }),
  );
}

/** How many codes are checked, undecidable and pending. */
export function catalogCounts(statuses: readonly CatalogStatus[]): Record<CatalogStatus['status'] | 'total', number> {
  const count = (status: CatalogStatus['status']) => statuses.filter((entry) => entry.status === status).length;
  return {
    total: statuses.length,
    checked: count('checked'),
    undecidable: count('undecidable'),
    pending: count('pending'),
  };
}
