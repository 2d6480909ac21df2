import type { ConnectorModel } from './schema.ts';

/** apiProperties.json: the connection the admin creates, the brand colour and the script's operations. */
export function toApiProperties(model: ConnectorModel): { properties: Record<string, unknown> } {
  return {
    properties: {
      connectionParameters: {
        [model.auth.parameterName]: {
          type: 'securestring',
          uiDefinition: {
            displayName: model.auth.displayName,
            description: model.auth.description,
            tooltip: model.auth.tooltip,
            constraints: { required: 'true', clearText: false, tabIndex: 2 },
          },
        },
      },
      iconBrandColor: model.brandColor,
      capabilities: ['actions'],
      publisher: model.publisher,
      stackOwner: model.stackOwner,
      scriptOperations: [...model.scriptOperations],
    },
  };
}
