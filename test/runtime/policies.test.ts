import { describe, expect, it } from 'vitest';
import { connectionParameterReferences, expandConnectionParameters } from '../../src/connector-folder/index.ts';
import { applyPolicies, chooseParameterSet } from '../../src/runtime/policies.ts';

const policy = (templateId: string, parameters: Record<string, unknown>, title = templateId) => ({
  templateId,
  title,
  parameters,
});
const properties = (policies: unknown[], extra: Record<string, unknown> = {}) => ({
  properties: { iconBrandColor: '#123456', policyTemplateInstances: policies, ...extra },
});
const draft = (operationId = 'DoIt') => ({
  operationId,
  url: new URL('https://placeholder.example.com/base/items?api-version=1'),
  headers: { Existing: 'old' } as Record<string, string>,
});

describe('connection parameter templates', () => {
  it('expands values and defaults, in any quoting, several per template', () => {
    const values = { host: 'contoso.example.com', key: 'k1', empty: '' };
    expect(expandConnectionParameters("https://@connectionParameters('host')/api", values)).toBe(
      'https://contoso.example.com/api',
    );
    expect(
      expandConnectionParameters(
        "@connectionParameters( \"key\" , 'x' );@connectionParameters('missing','fallback')",
        values,
      ),
    ).toBe('k1;fallback');
    expect(
      expandConnectionParameters("@connectionParameters('empty','d')|@connectionParameters('missing')", values),
    ).toBe('d|');
    expect(connectionParameterReferences("@connectionParameters('a');@connectionParameters('b:c', '')")).toEqual([
      { name: 'a', fallback: undefined },
      { name: 'b:c', fallback: '' },
    ]);
  });
});

describe('policy templates applied as the platform does, before the script', () => {
  it('setheader overrides, skips or appends, and leaves the Response section alone', () => {
    const request = draft();
    const skipped = applyPolicies(
      properties([
        policy('setheader', {
          'x-ms-apimTemplateParameter.name': 'existing',
          'x-ms-apimTemplateParameter.value': "@connectionParameters('key')",
          'x-ms-apimTemplateParameter.existsAction': 'override',
          'x-ms-apimTemplate-policySection': 'Request',
        }),
        policy('SetHeader', {
          'x-ms-apimTemplateParameter.name': 'X-Skip',
          'x-ms-apimTemplateParameter.value': 'first',
        }),
        policy('setheader', {
          'x-ms-apimTemplateParameter.name': 'x-skip',
          'x-ms-apimTemplateParameter.value': 'second',
          'x-ms-apimTemplateParameter.existsAction': 'skip',
        }),
        policy('setheader', {
          'x-ms-apimTemplateParameter.name': 'X-Skip',
          'x-ms-apimTemplateParameter.value': 'third',
          'x-ms-apimTemplateParameter.existsAction': 'append',
        }),
        policy('setheader', {
          'x-ms-apimTemplateParameter.name': 'Location',
          'x-ms-apimTemplateParameter.value': 'x',
          'x-ms-apimTemplate-policySection': 'Response',
        }),
      ]),
      request,
      { key: 'k1' },
    );
    expect(skipped).toEqual([]);
    expect(request.headers).toEqual({ existing: 'k1', 'X-Skip': 'first,third' });
  });

  it('sets query parameters, moves the host with dynamichosturl and honours the operation filter', () => {
    const request = draft('DoIt');
    applyPolicies(
      properties([
        policy('setqueryparameter', {
          'x-ms-apimTemplateParameter.name': 'tenant',
          'x-ms-apimTemplateParameter.value': "@connectionParameters('tenant')",
        }),
        policy('setqueryparameter', {
          'x-ms-apimTemplateParameter.name': 'api-version',
          'x-ms-apimTemplateParameter.value': '2',
          'x-ms-apimTemplateParameter.existsAction': 'skip',
        }),
        policy('dynamichosturl', {
          'x-ms-apimTemplateParameter.urlTemplate': "https://@connectionParameters('host')/v2",
          'x-ms-apimTemplate-operationName': ['DoIt'],
        }),
        policy('setheader', {
          'x-ms-apimTemplateParameter.name': 'Only-Other',
          'x-ms-apimTemplateParameter.value': 'x',
          'x-ms-apimTemplate-operationName': ['Other'],
        }),
      ]),
      request,
      { tenant: 't 1', host: 'resource.example.com:8443' },
    );
    expect(request.url.href).toBe('https://resource.example.com:8443/v2/base/items?api-version=1&tenant=t+1');
    expect(request.headers).not.toHaveProperty('Only-Other');
  });

  it('reports a template it does not apply, and refuses a host that is not a URL', () => {
    expect(applyPolicies(properties([policy('routerequesttoendpoint', {}, 'Route')]), draft(), {})).toEqual(['Route']);
    expect(() =>
      applyPolicies(
        properties([
          policy(
            'dynamichosturl',
            { 'x-ms-apimTemplateParameter.urlTemplate': "@connectionParameters('host')" },
            'Host',
          ),
        ]),
        draft(),
        {},
      ),
    ).toThrow(/The policy "Host" makes the host "", which is not a URL/);
  });
});

describe('choosing the connection parameter set', () => {
  const sets = {
    connectionParameterSets: {
      values: [
        {
          name: 'key',
          parameters: {
            apiKey: {
              type: 'securestring',
              uiDefinition: { displayName: 'API Key', constraints: { required: 'true' } },
            },
          },
        },
        {
          name: 'oauth',
          parameters: {
            token: {
              type: 'oauthSetting',
              oAuthSettings: {
                identityProvider: 'aad',
                customParameters: {
                  grantType: { value: 'client_credentials' },
                  resourceUri: { value: 'https://r.example.com' },
                },
              },
            },
          },
        },
      ],
    },
  };
  it('needs the set named when there are several, and every required value', () => {
    expect(() => chooseParameterSet(properties([], sets), { values: {} })).toThrow(
      /2 sign-in kinds \(key, oauth\); the connection must name one/,
    );
    expect(() => chooseParameterSet(properties([], sets), { parameterSet: 'key', values: { apiKey: ' ' } })).toThrow(
      /no API Key \("apiKey"\)/,
    );
    expect(chooseParameterSet(properties([], sets), { parameterSet: 'oauth', values: {} }).oauth).toMatchObject({
      parameter: 'token',
      resourceUri: 'https://r.example.com',
      clientSecretParameter: 'token:clientSecret',
    });
  });
});
