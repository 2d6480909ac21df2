import { afterEach, describe, expect, it } from 'vitest';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, firstOperation, MINIMAL_FIXTURE } from './helpers.ts';

// Valid variations a connector may use: none of them may produce a finding.
const DEF = 'apiDefinition.swagger.json';
const PROPS = 'apiProperties.json';
const CSX = 'script.csx';

const variations: Array<[string, (copy: ConnectorCopy) => Promise<void>]> = [
  [
    'a tenant claim connection parameter of type string',
    (copy) =>
      copy.editJson(PROPS, (p) => {
        p.properties.connectionParameters['token:TenantId'] = {
          type: 'string',
          metadata: { sourceType: 'AzureActiveDirectoryTenant' },
          uiDefinition: {
            constraints: { required: 'false', hidden: 'true' },
            description: 'The tenant ID of for the Azure Active Directory application',
            displayName: 'Tenant',
          },
        };
      }),
  ],
  [
    'a summary naming a product in sentence case',
    (copy) =>
      copy.editJson(DEF, (d) => {
        firstOperation(d).operation.summary = 'Send a Microsoft Teams message';
      }),
  ],
  [
    'labels with identifiers and short words',
    (copy) =>
      copy.editJson(DEF, (d) => {
        const { operation } = firstOperation(d);
        operation.parameters.push({
          name: 'device',
          in: 'query',
          type: 'string',
          required: false,
          description: 'The device to notify.',
          'x-ms-summary': 'iOS Device ID to Notify (Optional)',
        });
      }),
  ],
  [
    'using statements, using static and using-like text in strings and comments',
    async (copy) => {
      const script = await copy.readText(CSX);
      await copy.write(
        CSX,
        script
          .replace(
            'using System.Net;',
            'using System.Net;\nusing static System.Math;\nusing Json = Newtonsoft.Json.JsonConvert;\n// using System.Reflection;\n/* using System.Dynamic; */',
          )
          .replace(
            /(ExecuteAsync\(\)\s*\{)/,
            '$1\n        using (var buffer = new System.IO.MemoryStream()) { }\n        var note = "using System.Reflection;";',
          ),
      );
    },
  ],
  [
    'a brand colour in upper case with a matching icon',
    (copy) =>
      copy.editJson(PROPS, (p) => {
        p.properties.iconBrandColor = p.properties.iconBrandColor.toUpperCase();
      }),
  ],
  [
    'path-level parameters shared by the operations of a path',
    (copy) =>
      copy.editJson(DEF, (d) => {
        const item = d.paths['/tasks/{taskId}'];
        item.parameters = item.get.parameters.filter((p: { in?: string }) => p.in === 'path');
        item.get.parameters = item.get.parameters.filter((p: { in?: string }) => p.in !== 'path');
      }),
  ],
];

let copy: ConnectorCopy | undefined;
afterEach(async () => {
  await copy?.dispose();
  copy = undefined;
});

describe('no false positives', () => {
  it.each(variations)('%s', async (_name, vary) => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await vary(copy);
    expect(await validateConnectorFolder(copy.dir)).toEqual([]);
  });
});

describe('Swagger schema findings point at the culprit', () => {
  it('reports a bad path parameter type at /type, not at its valid "in"', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson(DEF, (d) => {
      d.paths['/tasks/{taskId}'].get.parameters[1].type = 'strng';
    });
    const findings = (await validateConnectorFolder(copy.dir)).filter((finding) => finding.ruleId === 'SW1');
    expect(findings.map((finding) => finding.location)).toEqual(['/paths/~1tasks~1{taskId}/get/parameters/1/type']);
    expect(findings[0]!.message).toContain('"strng" is not allowed');
  });
});
