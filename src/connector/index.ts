export { connectorModel, parseModel, API_VERSION } from './model.ts';
export { toSwagger } from './swagger.ts';
export { toApiProperties } from './api-properties.ts';
export { isSentence, isOperationSummary } from './text.ts';
export { DEMO_SIGN_INS, demoPlaceholders } from './schema.ts';
export type { ConnectorModel, OperationModel, ParameterModel, FieldModel, DemoStep } from './schema.ts';
