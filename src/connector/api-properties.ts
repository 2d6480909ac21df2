import type { ConnectorModel } from './schema.ts';

type ConnectionModel = ConnectorModel['connection'];
type SetModel = ConnectionModel['sets'][number];

/**
 * apiProperties.json: one connection parameter set per sign-in kind (as Microsoft's own
 * multi-sign-in connectors write them), the policies that hand each value to the script, the
 * brand colour and the script's operations.
 */
export function toApiProperties(model: ConnectorModel): { properties: Record<string, unknown> } {
  return {
    properties: {
      connectionParameterSets: {
        uiDefinition: { displayName: model.connection.displayName, description: model.connection.description },
        values: model.connection.sets.map(parameterSet),
      },
      policyTemplateInstances: headerPolicies(model.connection),
      iconBrandColor: model.brandColor,
      capabilities: ['actions'],
      publisher: model.publisher,
      stackOwner: model.stackOwner,
      // Every action goes through script.csx: it signs each request, or sends it with the connection's token.
      scriptOperations: model.operations.map((op) => op.operationId),
    },
  };
}

function parameterSet(set: SetModel): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  if (set.clientCredentials) {
    const oauth = set.clientCredentials;
    parameters[oauth.parameterName] = {
      type: 'oauthSetting',
      oAuthSettings: {
        identityProvider: 'aad',
        scopes: [],
        redirectMode: 'Global',
        customParameters: {
          resourceUri: { value: oauth.resourceUri },
          loginUri: { value: oauth.loginUri },
          // Filled from the "token:tenantId" parameter the admin enters.
          tenantId: {},
          grantType: { value: 'client_credentials' },
        },
      },
      // Nothing to enter here: the platform gets the token with the parts below.
      uiDefinition: {
        displayName: oauth.displayName,
        description: oauth.description,
        constraints: { required: 'false', hidden: 'true' },
      },
    };
  }
  for (const [index, parameter] of set.parameters.entries()) {
    parameters[parameter.name] = {
      type: parameter.type,
      uiDefinition: {
        displayName: parameter.displayName,
        description: parameter.description,
        ...(parameter.tooltip === undefined ? {} : { tooltip: parameter.tooltip }),
        constraints: {
          required: 'true',
          ...(parameter.type === 'securestring' ? { clearText: false } : {}),
          tabIndex: index + 2,
        },
      },
    };
  }
  return {
    name: set.name,
    uiDefinition: { displayName: set.displayName, description: set.description },
    metadata: { allowSharing: set.allowSharing },
    parameters,
  };
}

/** One setheader policy per parameter with a header; a set without it gets '' (the script's "missing"). */
function headerPolicies(connection: ConnectionModel): Record<string, unknown>[] {
  const seen = new Set<string>();
  const policies: Record<string, unknown>[] = [];
  for (const parameter of connection.sets.flatMap((set) => set.parameters)) {
    if (parameter.header === undefined || seen.has(parameter.name)) continue;
    seen.add(parameter.name);
    policies.push({
      templateId: 'setheader',
      title: `Pass the ${parameter.displayName.toLowerCase()} to the code`,
      parameters: {
        'x-ms-apimTemplateParameter.name': parameter.header,
        'x-ms-apimTemplateParameter.value': `@connectionParameters('${parameter.name}','')`,
        'x-ms-apimTemplateParameter.existsAction': 'override',
        'x-ms-apimTemplate-policySection': 'Request',
      },
    });
  }
  return policies;
}
