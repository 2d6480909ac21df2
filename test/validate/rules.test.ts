import { afterEach, describe, expect, it } from 'vitest';
import { validateConnectorFolder, type Finding } from '../../src/validate/index.ts';
import { chunk, solidPng } from './png.ts';
import { ConnectorCopy, firstOperation, MINIMAL_FIXTURE, operations, REPO_ROOT, rootPackageExists } from './helpers.ts';

interface Expected {
  ruleId: string;
  file: string;
  location?: string;
  message: RegExp;
  severity?: 'error' | 'warning';
}

type Case = [name: string, seed: (copy: ConnectorCopy) => Promise<Expected>];

const DEF = 'apiDefinition.swagger.json';
const PROPS = 'apiProperties.json';
const CSX = 'script.csx';
const ICON = 'icon.png';

const queryParameter = (extra: Record<string, unknown>) => ({
  name: 'top',
  in: 'query',
  required: false,
  type: 'integer',
  description: 'How many items to return.',
  'x-ms-summary': 'Top Count',
  ...extra,
});

async function brandColour(copy: ConnectorCopy): Promise<string> {
  return (await copy.readJson(PROPS)).properties.iconBrandColor;
}

/** Adds a parameter to the first operation and returns its pointer. */
async function addParameter(copy: ConnectorCopy, parameter: Record<string, unknown>): Promise<string> {
  let location = '';
  await copy.editJson(DEF, (definition) => {
    const first = firstOperation(definition);
    first.operation.parameters ??= [];
    location = `${first.pointer}/parameters/${first.operation.parameters.length}`;
    first.operation.parameters.push(parameter);
  });
  return location;
}

const cases: Case[] = [
  // JSON and Swagger structure
  [
    'invalid JSON in the definition → line and column',
    async (copy) => {
      await copy.write(DEF, '{\n  "swagger": "2.0",\n  "info": {,\n}\n');
      return { ruleId: 'JSON1', file: DEF, location: 'line 3, column 12', message: /Not valid JSON/ };
    },
  ],
  [
    'trailing comma in apiProperties → line and column',
    async (copy) => {
      await copy.write(PROPS, '{\n  "properties": {\n    "iconBrandColor": "#123456",\n  }\n}\n');
      return { ruleId: 'JSON1', file: PROPS, location: 'line 4, column 3', message: /Not valid JSON/ };
    },
  ],
  [
    'invalid JSON is an error because paconn refuses it, and the message says so',
    async (copy) => {
      await copy.write(DEF, (await copy.readText(DEF)).replace(/\n\}\s*$/, ',\n}\n'));
      return {
        ruleId: 'JSON1',
        file: DEF,
        message:
          /paconn, which deploys the connector, reads the file with a strict JSON parser and refuses it \(the Power Platform service's own parser tolerates some slips, such as trailing commas/,
      };
    },
  ],
  [
    'an empty responses object is a Swagger 2.0 departure the platform accepts (warning)',
    async (copy) => {
      let at = '';
      await copy.editJson(DEF, (definition) => {
        const first = firstOperation(definition);
        first.operation.responses = {};
        at = `${first.pointer}/responses`;
      });
      return {
        ruleId: 'SW1',
        file: DEF,
        location: at,
        message: /responses is empty; Swagger 2\.0 requires at least one response/,
        severity: 'warning',
      };
    },
  ],
  [
    'a property Swagger 2.0 does not know ("basepath") is an error: the maker portal refuses it (ExtensionNameNotValid)',
    async (copy) => {
      await copy.editJson(DEF, (definition) => {
        definition.basepath = '/v1';
      });
      return {
        ruleId: 'PRP4',
        file: DEF,
        location: '/basepath',
        message: /"basepath" is not a member of a Swagger 2\.0 document/,
      };
    },
  ],
  [
    'S2 title missing stays an error',
    async (copy) => {
      await copy.editJson(DEF, (definition) => {
        delete definition.info.title;
      });
      return { ruleId: 'S2', file: DEF, location: '/info/title', message: /info\.title is missing/ };
    },
  ],
  [
    'invalid Swagger 2.0 parameter type',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ type: 'strin' }));
      return { ruleId: 'SW1', file: DEF, location: `${location}/type`, message: /"strin" is not allowed/ };
    },
  ],
  [
    'path template variable without a parameter',
    async (copy) => {
      await copy.editJson(DEF, (definition) => {
        definition.paths['/things/{thingId}'] = {
          get: { ...structuredClone(firstOperation(definition).operation), operationId: 'GetThing', parameters: [] },
        };
      });
      return {
        ruleId: 'SW1',
        file: DEF,
        location: '/paths/~1things~1{thingId}/get',
        message: /missing path parameter/,
      };
    },
  ],
  [
    'unresolvable $ref',
    async (copy) => {
      await copy.editJson(DEF, (definition) => {
        (definition.definitions ??= {}).Broken = { $ref: '#/definitions/DoesNotExist' };
      });
      return {
        ruleId: 'SW2',
        file: DEF,
        location: '/definitions/Broken/$ref',
        message: /"#\/definitions\/DoesNotExist" does not resolve/,
      };
    },
  ],
  [
    '$ref with a malformed %-escape',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        (d.definitions ??= {}).Odd = { $ref: '#/definitions/100%zz' };
      });
      return { ruleId: 'SW2', file: DEF, location: '/definitions/Odd/$ref', message: /does not resolve/ };
    },
  ],
  [
    'external $ref',
    async (copy) => {
      await copy.editJson(DEF, (definition) => {
        (definition.definitions ??= {}).Outside = { $ref: 'common.json#/definitions/Error' };
      });
      return { ruleId: 'SW2', file: DEF, location: '/definitions/Outside/$ref', message: /points outside this file/ };
    },
  ],
  // Certification rules of the definition
  [
    'S1 swagger version',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.swagger = '3.0';
      });
      return { ruleId: 'S1', file: DEF, location: '/swagger', message: /"3\.0"/ };
    },
  ],
  [
    'S2 title with "API", too long',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.info.title = 'Contoso Tasks API for Power Automate';
      });
      return {
        ruleId: 'S2',
        file: DEF,
        location: '/info/title',
        message: /contains the word "API"/,
        severity: 'warning',
      };
    },
  ],
  [
    'S2 title names a product',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.info.title = 'PowerApps Tasks';
      });
      return { ruleId: 'S2', file: DEF, location: '/info/title', message: /Power Apps/, severity: 'warning' };
    },
  ],
  [
    'S3 description too short',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.info.description = 'Tasks.';
      });
      return { ruleId: 'S3', file: DEF, location: '/info/description', message: /30–500/, severity: 'warning' };
    },
  ],
  [
    'S3 description says API (guidance)',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.info.description = 'Use this API to create and read the items of a work queue.';
      });
      return { ruleId: 'S3', file: DEF, location: '/info/description', message: /"API"/, severity: 'warning' };
    },
  ],
  [
    'S4 contact email invalid',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.info.contact.email = 'not-an-email';
      });
      return {
        ruleId: 'S4',
        file: DEF,
        location: '/info/contact/email',
        message: /not a valid email/,
        severity: 'warning',
      };
    },
  ],
  [
    'S5 three categories',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d['x-ms-connector-metadata'].find(
          (e: { propertyName: string }) => e.propertyName === 'Categories',
        ).propertyValue = 'Communication;Data;AI';
      });
      return { ruleId: 'S5', file: DEF, message: /one or two categories/, severity: 'warning' };
    },
  ],
  [
    'S5 unknown category',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d['x-ms-connector-metadata'].find(
          (e: { propertyName: string }) => e.propertyName === 'Categories',
        ).propertyValue = 'Weather';
      });
      return {
        ruleId: 'S5',
        file: DEF,
        message: /"Weather" is not a published connector category/,
        severity: 'warning',
      };
    },
  ],
  [
    'S5 metadata missing',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        delete d['x-ms-connector-metadata'];
      });
      return { ruleId: 'S5', file: DEF, location: '/x-ms-connector-metadata', message: /missing/, severity: 'warning' };
    },
  ],
  [
    'S6 host with scheme and path',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.host = 'https://tasks.example.com/api';
      });
      return { ruleId: 'S6', file: DEF, location: '/host', message: /not a bare host name/, severity: 'warning' };
    },
  ],
  [
    'S6 unsupported scheme',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.schemes = ['https', 'wss'];
      });
      return { ruleId: 'S6', file: DEF, location: '/schemes/1', message: /"wss" is not supported/ };
    },
  ],
  [
    'S7 file over 1 MB',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.info['x-notes'] = 'x'.repeat(1024 * 1024);
      });
      return { ruleId: 'S7', file: DEF, location: '/', message: /under 1 MB/, severity: 'warning' };
    },
  ],
  [
    'S7 more than 256 operations',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        const template = firstOperation(d);
        for (let i = 0; i < 257; i++)
          d.paths[`/extra${i}`] = { [template.method]: { ...template.operation, operationId: `Extra${i}` } };
      });
      return { ruleId: 'S7', file: DEF, location: '/paths', message: /at most 256/ };
    },
  ],
  [
    'S8 duplicate operationId',
    async (copy) => {
      let location = '';
      await copy.editJson(DEF, (d) => {
        const [first, second] = operations(d);
        second.operationId = first.operationId;
        const secondPath = Object.entries<Record<string, unknown>>(d.paths).flatMap(([route, item]) =>
          Object.entries(item)
            .filter(([, op]) => op === second)
            .map(([method]) => `/paths/${route.replace(/\//g, '~1')}/${method}`),
        )[0];
        location = `${secondPath}/operationId`;
      });
      return { ruleId: 'S8', file: DEF, location, message: /is also used by/ };
    },
  ],
  [
    'S8 operationId with a hyphen',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.operationId = 'Create-Thing';
      });
      return {
        ruleId: 'S8',
        file: DEF,
        location: `${pointer}/operationId`,
        message: /other than letters and digits/,
        severity: 'warning',
      };
    },
  ],
  [
    'S8 camelCase operationId (guidance)',
    async (copy) => {
      const id = firstOperation(await copy.readJson(DEF)).operation.operationId as string;
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.operationId = 'createThing';
      });
      await copy.editJson(PROPS, (p) => {
        p.properties.scriptOperations = p.properties.scriptOperations.map((op: string) =>
          op === id ? 'createThing' : op,
        );
      });
      await copy.write(CSX, (await copy.readText(CSX)).split(`"${id}"`).join('"createThing"'));
      return { ruleId: 'S8', file: DEF, message: /not PascalCase/, severity: 'warning' };
    },
  ],
  [
    'S9 summary ends with a full stop',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.summary = 'Create a thing.';
      });
      return { ruleId: 'S9', file: DEF, location: `${pointer}/summary`, message: /ends with punctuation/ };
    },
  ],
  [
    'S9 summary with a forbidden character',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.summary = 'Create or update a thing/item';
      });
      return { ruleId: 'S9', file: DEF, message: /contains "\/"/ };
    },
  ],
  [
    'S9 summary missing',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        delete firstOperation(d).operation.summary;
      });
      return { ruleId: 'S9', file: DEF, location: pointer, message: /no summary/, severity: 'warning' };
    },
  ],
  [
    'S9 summary in Title Case (guidance)',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.summary = 'Create A New Thing';
      });
      return { ruleId: 'S9', file: DEF, message: /looks like Title Case/, severity: 'warning' };
    },
  ],
  [
    'S10 description repeats the summary',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        const { operation } = firstOperation(d);
        operation.description = operation.summary;
      });
      return { ruleId: 'S10', file: DEF, message: /repeats the summary/, severity: 'warning' };
    },
  ],
  [
    'S11 parameter without x-ms-summary',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ 'x-ms-summary': undefined }));
      return {
        ruleId: 'S11',
        file: DEF,
        location,
        message: /parameter "top" has no x-ms-summary/,
        severity: 'warning',
      };
    },
  ],
  [
    'S11 parameter label not in Title Case',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ 'x-ms-summary': 'number of items' }));
      return {
        ruleId: 'S11',
        file: DEF,
        location: `${location}/x-ms-summary`,
        message: /not Title Case \("number"\)/,
        severity: 'warning',
      };
    },
  ],
  [
    'S11 parameter without description',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ description: undefined }));
      return { ruleId: 'S11', file: DEF, location, message: /has no description/, severity: 'warning' };
    },
  ],
  [
    'S12 unknown visibility',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ 'x-ms-visibility': 'hidden' }));
      return {
        ruleId: 'S12',
        file: DEF,
        location: `${location}/x-ms-visibility`,
        message: /"hidden" is not allowed/,
        severity: 'warning',
      };
    },
  ],
  [
    'S12 required internal parameter without default',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ required: true, 'x-ms-visibility': 'internal' }));
      return {
        ruleId: 'S12',
        file: DEF,
        location,
        message: /required and internal but has no default/,
        severity: 'warning',
      };
    },
  ],
  [
    'S13 optional path parameter',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.paths['/things/{thingId}'] = {
          get: {
            ...structuredClone(firstOperation(d).operation),
            operationId: 'GetThing',
            parameters: [
              {
                name: 'thingId',
                in: 'path',
                required: false,
                type: 'string',
                description: 'The ID.',
                'x-ms-summary': 'Thing ID',
                'x-ms-url-encoding': 'single',
              },
            ],
          },
        };
      });
      return {
        ruleId: 'S13',
        file: DEF,
        location: '/paths/~1things~1{thingId}/get/parameters/0',
        message: /not marked required/,
      };
    },
  ],
  [
    'S13 path parameter without x-ms-url-encoding (warning)',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.paths['/things/{thingId}'] = {
          get: {
            ...structuredClone(firstOperation(d).operation),
            operationId: 'GetThing',
            parameters: [
              {
                name: 'thingId',
                in: 'path',
                required: true,
                type: 'string',
                description: 'The ID.',
                'x-ms-summary': 'Thing ID',
              },
            ],
          },
        };
      });
      return {
        ruleId: 'S13',
        file: DEF,
        location: '/paths/~1things~1{thingId}/get/parameters/0',
        message: /no x-ms-url-encoding/,
        severity: 'warning',
      };
    },
  ],
  [
    'S13 x-ms-url-encoding on a query parameter',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ 'x-ms-url-encoding': 'single' }));
      return {
        ruleId: 'S13',
        file: DEF,
        location: `${location}/x-ms-url-encoding`,
        message: /only applies to path parameters/,
        severity: 'warning',
      };
    },
  ],
  [
    'S14 no success response',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.responses = { 400: { description: 'Bad request.' } };
      });
      return {
        ruleId: 'S14',
        file: DEF,
        location: `${pointer}/responses`,
        message: /no success \(2xx\) response/,
        severity: 'warning',
      };
    },
  ],
  [
    'S14 200 without schema',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.responses = { 200: { description: 'OK.' } };
      });
      return {
        ruleId: 'S14',
        file: DEF,
        location: `${pointer}/responses/200`,
        message: /Response 200 has no schema/,
        severity: 'warning',
      };
    },
  ],
  [
    'S14 default response with schema',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.responses = {
          204: { description: 'Done.' },
          default: { description: 'Error.', schema: { type: 'object' } },
        };
      });
      return {
        ruleId: 'S14',
        file: DEF,
        location: `${pointer}/responses/default/schema`,
        message: /default response carries a schema/,
        severity: 'warning',
      };
    },
  ],
  [
    'S14 two responses with a schema',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.responses = {
          200: { description: 'OK.', schema: { type: 'string' } },
          404: { description: 'Missing.', schema: { type: 'string' } },
        };
      });
      return { ruleId: 'S14', file: DEF, message: /Responses 200, 404 all carry a schema/, severity: 'warning' };
    },
  ],
  [
    'S15 response property without x-ms-summary (guidance)',
    async (copy) => {
      const { pointer } = firstOperation(await copy.readJson(DEF));
      await copy.editJson(DEF, (d) => {
        firstOperation(d).operation.responses = {
          200: {
            description: 'OK.',
            schema: { type: 'object', properties: { count: { type: 'integer', description: 'How many.' } } },
          },
        };
      });
      return {
        ruleId: 'S15',
        file: DEF,
        location: `${pointer}/responses/200/schema/properties/count`,
        message: /response property "count" has no x-ms-summary/,
        severity: 'warning',
      };
    },
  ],
  [
    'S16 body on a GET operation',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.paths['/search'] = {
          get: {
            ...structuredClone(firstOperation(d).operation),
            operationId: 'SearchThings',
            parameters: [
              {
                name: 'body',
                in: 'body',
                schema: {
                  type: 'object',
                  properties: { q: { type: 'string', description: 'Search text.', 'x-ms-summary': 'Query' } },
                },
              },
            ],
          },
        };
      });
      return {
        ruleId: 'S16',
        file: DEF,
        location: '/paths/~1search/get/parameters/0',
        message: /GET operation has a body/,
        severity: 'warning',
      };
    },
  ],
  [
    'S16 parameter named connectionId',
    async (copy) => {
      const location = await addParameter(copy, queryParameter({ name: 'connectionId', type: 'string' }));
      return { ruleId: 'S16', file: DEF, location, message: /"connectionId"/ };
    },
  ],
  [
    'S16 empty required array',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        (d.definitions ??= {}).Empty = { type: 'object', required: [], properties: {} };
      });
      return { ruleId: 'S16', file: DEF, location: '/definitions/Empty/required', message: /empty "required" array/ };
    },
  ],
  [
    'S16 unsupported MIME type',
    async (copy) => {
      await copy.editJson(DEF, (d) => {
        d.produces = ['application/xml'];
      });
      return {
        ruleId: 'S16',
        file: DEF,
        location: '/produces/0',
        message: /"application\/xml" is not supported/,
        severity: 'warning',
      };
    },
  ],
  // apiProperties.json
  [
    'P1 unknown setting',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        p.properties.iconColour = '#123456';
      });
      return {
        ruleId: 'P1',
        file: PROPS,
        location: '/properties/iconColour',
        message: /"iconColour" is not a known/,
        severity: 'warning',
      };
    },
  ],
  [
    'P1 unknown connection parameter type',
    async (copy) => {
      let at = '';
      await copy.editJson(PROPS, (p) => {
        // The fixture has top-level parameters, the package has parameter sets.
        const top = p.properties.connectionParameters;
        at = top ? '/properties/connectionParameters' : '/properties/connectionParameterSets/values/0/parameters';
        (top ?? p.properties.connectionParameterSets.values[0].parameters).region = { type: 'password' };
      });
      return {
        ruleId: 'P1',
        file: PROPS,
        location: `${at}/region/type`,
        message: /expected one of/,
        severity: 'warning',
      };
    },
  ],
  [
    'P1 connection parameter set without a name',
    async (copy) => {
      let index = 0;
      await copy.editJson(PROPS, (p) => {
        const values = (p.properties.connectionParameterSets ??= { values: [] }).values;
        index = values.push({ parameters: { apiKey: { type: 'securestring' } } }) - 1;
      });
      return {
        ruleId: 'P1',
        file: PROPS,
        location: `/properties/connectionParameterSets/values/${index}`,
        message: /"name" is required/,
      };
    },
  ],
  [
    'P2 brand colour #FFFFFF',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        p.properties.iconBrandColor = '#FFFFFF';
      });
      return {
        ruleId: 'P2',
        file: PROPS,
        location: '/properties/iconBrandColor',
        message: /"#FFFFFF" is white/,
        severity: 'warning',
      };
    },
  ],
  [
    'P2 brand colour #007EE5',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        p.properties.iconBrandColor = '#007EE5';
      });
      return {
        ruleId: 'P2',
        file: PROPS,
        location: '/properties/iconBrandColor',
        message: /default custom-connector blue/,
        severity: 'warning',
      };
    },
  ],
  [
    'P2 brand colour "blue"',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        p.properties.iconBrandColor = 'blue';
      });
      return {
        ruleId: 'P2',
        file: PROPS,
        location: '/properties/iconBrandColor',
        message: /"blue" is not a hex colour/,
      };
    },
  ],
  [
    'P3 stackOwner missing',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        delete p.properties.stackOwner;
      });
      return {
        ruleId: 'P3',
        file: PROPS,
        location: '/properties/stackOwner',
        message: /stackOwner is missing/,
        severity: 'warning',
      };
    },
  ],
  [
    'P4 connection parameter name with a hyphen',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        p.properties.connectionParameters = { 'tenant-name': { type: 'string' } };
      });
      return {
        ruleId: 'P4',
        file: PROPS,
        location: '/properties/connectionParameters/tenant-name',
        message: /letters, digits and "_"/,
        severity: 'warning',
      };
    },
  ],
  [
    'P4 secret in a parameter set that is not a securestring',
    async (copy) => {
      let index = 0;
      await copy.editJson(PROPS, (p) => {
        const values = (p.properties.connectionParameterSets ??= { values: [] }).values;
        index =
          values.push({
            name: 'app',
            parameters: { 'token:clientSecret': { type: 'string', uiDefinition: { displayName: 'Client Secret' } } },
          }) - 1;
      });
      return {
        ruleId: 'P4',
        file: PROPS,
        location: `/properties/connectionParameterSets/values/${index}/parameters/token:clientSecret/type`,
        message: /"token:clientSecret" holds a secret/,
        severity: 'warning',
      };
    },
  ],
  [
    'P5 policy naming a connection parameter that does not exist',
    async (copy) => {
      let index = 0;
      await copy.editJson(PROPS, (p) => {
        const policy = {
          templateId: 'setheader',
          title: 'Pass the endpoint',
          parameters: {
            'x-ms-apimTemplateParameter.name': 'X-Endpoint',
            'x-ms-apimTemplateParameter.value': "@connectionParameters('endpointUrl','')",
          },
        };
        index = (p.properties.policyTemplateInstances ??= []).push(policy) - 1;
      });
      return {
        ruleId: 'P5',
        file: PROPS,
        location: `/properties/policyTemplateInstances/${index}/parameters/x-ms-apimTemplateParameter.value`,
        message: /"Pass the endpoint" uses the connection parameter "endpointUrl", which the connector does not define/,
        severity: 'warning',
      };
    },
  ],
  [
    'P4 secret that is not a securestring',
    async (copy) => {
      let name = '';
      let at = '';
      await copy.editJson(PROPS, (p) => {
        const top = p.properties.connectionParameters;
        at = top ? '/properties/connectionParameters' : '/properties/connectionParameterSets/values/0/parameters';
        const parameters = top ?? p.properties.connectionParameterSets.values[0].parameters;
        name = Object.keys(parameters)[0]!;
        parameters[name].type = 'string';
      });
      return {
        ruleId: 'P4',
        file: PROPS,
        location: `${at}/${name}/type`,
        message: /holds a secret but has type "string"/,
        severity: 'warning',
      };
    },
  ],
  [
    'scriptOperations naming an unknown operation',
    async (copy) => {
      await copy.editJson(PROPS, (p) => {
        p.properties.scriptOperations.push('DeleteEverything');
      });
      const index = (await copy.readJson(PROPS)).properties.scriptOperations.length - 1;
      return {
        ruleId: 'SOP1',
        file: PROPS,
        location: `/properties/scriptOperations/${index}`,
        message: /"DeleteEverything", which is not an operationId/,
        severity: 'warning',
      };
    },
  ],
  [
    'icon.png missing is a warning: paconn creates the connector without one',
    async (copy) => {
      await copy.remove(ICON);
      return { ruleId: 'FILE1', file: ICON, location: '/', message: /icon\.png is missing/, severity: 'warning' };
    },
  ],
  [
    'apiProperties.json missing',
    async (copy) => {
      await copy.remove(PROPS);
      return { ruleId: 'FILE1', file: PROPS, location: '/', message: /apiProperties\.json is missing/ };
    },
  ],
  [
    'script.csx missing although scriptOperations lists operations',
    async (copy) => {
      await copy.remove(CSX);
      return { ruleId: 'FILE1', file: CSX, location: '/', message: /script\.csx is missing/, severity: 'warning' };
    },
  ],
  // script.csx (the checks the script host owns are in compile-host.test.ts)
  [
    'script that does not handle an operation (a comment does not count)',
    async (copy) => {
      const id = firstOperation(await copy.readJson(DEF)).operation.operationId as string;
      const script = (await copy.readText(CSX)).split(`"${id}"`).join('"SomethingElse"');
      await copy.write(CSX, `// handles "${id}" one day\n${script}`);
      return {
        ruleId: 'CSX4',
        file: CSX,
        message: new RegExp(`never mentions operation "${id}"`),
        severity: 'warning',
      };
    },
  ],
  [
    'script with its own HttpClient (guidance)',
    async (copy) => {
      await copy.write(
        CSX,
        (await copy.readText(CSX)).replace(
          /(class\s+Script\s*:\s*ScriptBase\s*\{)/,
          '$1\n    private static readonly HttpClient Client = new HttpClient();',
        ),
      );
      return { ruleId: 'CSX7', file: CSX, message: /own HttpClient/, severity: 'warning' };
    },
  ],
  // icon.png
  [
    'icon that is not a PNG',
    async (copy) => {
      await copy.write(ICON, Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(64)]));
      return { ruleId: 'ICON1', file: ICON, location: 'byte 0', message: /not a PNG/ };
    },
  ],
  [
    'icon that is not square',
    async (copy) => {
      await copy.write(ICON, solidPng(200, 150, await brandColour(copy)));
      return { ruleId: 'ICON2', file: ICON, location: 'IHDR', message: /200×150 px; it must be square/ };
    },
  ],
  [
    'icon too small',
    async (copy) => {
      await copy.write(ICON, solidPng(64, 64, await brandColour(copy)));
      return {
        ruleId: 'ICON3',
        file: ICON,
        location: 'IHDR',
        message: /64×64 px; each side must be 100–230/,
        severity: 'warning',
      };
    },
  ],
  [
    'icon too large',
    async (copy) => {
      await copy.write(ICON, solidPng(256, 256, await brandColour(copy)));
      return { ruleId: 'ICON3', file: ICON, location: 'IHDR', message: /256×256 px/, severity: 'warning' };
    },
  ],
  [
    'icon over 1 MB',
    async (copy) => {
      const png = solidPng(230, 230, await brandColour(copy));
      const padded = Buffer.concat([
        png.subarray(0, png.length - 12),
        chunk('tEXt', Buffer.alloc(1024 * 1024, 0x61)),
        png.subarray(png.length - 12),
      ]);
      await copy.write(ICON, padded);
      return { ruleId: 'ICON4', file: ICON, location: 'byte 0', message: /under 1 MB/ };
    },
  ],
  [
    'icon background differs from iconBrandColor (guidance)',
    async (copy) => {
      await copy.write(ICON, solidPng(230, 230, '#123456'));
      return {
        ruleId: 'ICON5',
        file: ICON,
        location: 'pixel 0,0',
        message: /#123456 differs from iconBrandColor/,
        severity: 'warning',
      };
    },
  ],
];

const bases: Array<[string, string]> = [['minimal fixture', MINIMAL_FIXTURE]];
if (rootPackageExists()) bases.push(['repository package', REPO_ROOT]);

describe.each(bases)('validator on a copy of the %s', (_name, source) => {
  let copy: ConnectorCopy | undefined;
  afterEach(async () => {
    await copy?.dispose();
    copy = undefined;
  });

  it('finds nothing in the unchanged copy', async () => {
    copy = await ConnectorCopy.of(source);
    expect(await validateConnectorFolder(copy.dir)).toEqual([]);
  });

  it.each(cases)('%s', async (_case, seed) => {
    copy = await ConnectorCopy.of(source);
    const expected = await seed(copy);
    const findings = await validateConnectorFolder(copy.dir);
    const match = findings.find(
      (finding: Finding) =>
        finding.ruleId === expected.ruleId &&
        finding.file === expected.file &&
        (expected.location === undefined || finding.location === expected.location) &&
        expected.message.test(finding.message),
    );
    expect(
      match,
      `expected ${expected.ruleId} in ${expected.file} ${expected.location ?? ''}; got\n${JSON.stringify(findings, null, 2)}`,
    ).toBeDefined();
    expect(match!.severity).toBe(expected.severity ?? 'error');
    expect(match!.hint.length).toBeGreaterThan(0);
    // Errors fail the run; a guidance case must leave the connector passing.
    const hasErrors = findings.some((finding) => finding.severity === 'error');
    expect(hasErrors).toBe((expected.severity ?? 'error') === 'error');
  });
});

describe('a rule with more findings than it lists', () => {
  it('lists its errors before its warnings, so a cut list never hides an error', async () => {
    const copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    try {
      await copy.editJson(DEF, (definition) => {
        const template = firstOperation(definition).operation;
        // 40 operations whose summaries start in lower case (warnings), then one with a forbidden character (an error).
        for (let index = 0; index < 41; index++) {
          definition.paths[`/extra${index}`] = {
            get: {
              ...structuredClone(template),
              operationId: `Extra${index}`,
              summary: index < 40 ? `list things ${index}` : 'List things & more',
            },
          };
        }
      });
      const findings = (await validateConnectorFolder(copy.dir)).filter((finding) => finding.ruleId === 'S9');
      expect(findings[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('"&"') });
      expect(findings.at(-1)).toMatchObject({
        severity: 'warning',
        message: expect.stringMatching(/^\d+ more S9 findings not listed/),
      });
    } finally {
      await copy.dispose();
    }
  });
});
