export { connectorModel, parseModel, API_VERSION, OPERATION_IDS } from './model.ts';
export { toSwagger } from './swagger.ts';
export { toApiProperties } from './api-properties.ts';
export { isSentence, isOperationSummary } from './text.ts';
export type { ConnectorModel, OperationModel, ParameterModel, FieldModel } from './schema.ts';
