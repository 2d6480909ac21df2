import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../src/shared/paths.ts';
import { signatureProblem } from '../support/recording-server.ts';
import { runtimeOnRecordingServer } from '../support/runtime-on-recording-server.ts';

// What the connector sends for the Teams Phone actions, as it arrives on the socket, held to the ACS
// Identity REST specification (2025-06-30) and its examples: method, path, query, body and sign-in;
// and each success status of the examples answered through script.csx as the connector documents.
type Json = Record<string, any>;

const FOLDER = resolve(REFERENCE_DIR, 'acs-identity-rest/2025-06-30');
const SPEC = resolve(FOLDER, 'CommunicationIdentity.json');
const ASSIGNMENT_PATH = '/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}';
const EXCHANGE_PATH = '/access/teamsExtension/:exchangeAccessToken';

/** Our action, the specification's operation, and the example file of the specification's folder. */
const ACTIONS: Array<[operationId: string, path: string, method: string, example: string]> = [
  ['CreateOrReplaceTeamsPhoneAssignment', ASSIGNMENT_PATH, 'put', 'TeamsExtensionOperations_UpsertAssignment.json'],
  ['GetTeamsPhoneAssignment', ASSIGNMENT_PATH, 'get', 'GetTeamsExtensionAssignment.json'],
  ['DeleteTeamsPhoneAssignment', ASSIGNMENT_PATH, 'delete', 'TeamsExtensionAssignment_Delete.json'],
  ['ExchangeTeamsPhoneAccessToken', EXCHANGE_PATH, 'post', 'TeamsExtensionToken_Exchange.json'],
];

if (!existsSync(SPEC))
  it.skip(`Teams Phone conformance skipped: ${SPEC} is absent (CI provides ../shared/reference beside the clone)`, () => {});

describe.skipIf(!existsSync(SPEC))('the Teams Phone actions against the REST specification and its examples', () => {
  const spec = existsSync(SPEC) ? (JSON.parse(readFileSync(SPEC, 'utf8')) as Json) : {};
  const accessKey = randomBytes(32).toString('base64');
  const teamsPhoneToken = `eyJ0eXAiOiJKV1QifQ.${randomBytes(300).toString('base64url')}.${randomBytes(64).toString('base64url')}`;
  const wire = runtimeOnRecordingServer(accessKey);

  const definition = (node: Json): Json => (node.$ref ? spec.definitions[String(node.$ref).split('/').pop()!] : node);

  /** The action with the example's inputs; the recording server answers as the example's `status`. */
  async function run(operationId: string, example: Json, status: string) {
    const { parameters } = example;
    wire.server.answer = {
      status: Number(status),
      headers: { 'content-type': 'application/json' },
      body: example.responses[status].body === undefined ? '' : JSON.stringify(example.responses[status].body),
    };
    wire.server.requests.length = 0;
    const inputs: Record<string, string> = {};
    for (const name of ['tenantId', 'objectId']) if (parameters[name]) inputs[name] = parameters[name];
    const body =
      operationId === 'ExchangeTeamsPhoneAccessToken'
        ? { token: teamsPhoneToken }
        : (parameters.body as Json | undefined);
    const result = await wire.runtime.invoke(operationId, {
      parameters: inputs,
      body: body === undefined ? undefined : JSON.stringify(body),
      connectionString: wire.connectionString,
    });
    expect(wire.server.requests, JSON.stringify(result.body)).toHaveLength(1);
    return { result, sent: wire.server.requests[0]! };
  }

  it.each(ACTIONS)('%s sends what %s %s takes', async (operationId, path, method, exampleFile) => {
    const operation = spec.paths[path][method] as Json;
    const example = JSON.parse(readFileSync(resolve(FOLDER, 'examples', exampleFile), 'utf8')) as Json;
    const success = Object.keys(example.responses);
    expect(success.sort()).toEqual(
      Object.keys(operation.responses)
        .filter((code) => code !== 'default')
        .sort(),
    );
    for (const status of success) {
      const { sent } = await run(operationId, example, status);
      expect(sent.method).toBe(method.toUpperCase());
      const [sentPath, query] = sent.url.split('?');
      expect(sentPath).toBe(path.replace(/\{(\w+)\}/g, (_, name: string) => example.parameters[name]));
      expect(new URLSearchParams(query).toString()).toBe(`api-version=${example.parameters['api-version']}`);

      const bodyParameter = (operation.parameters as Json[]).find((parameter) => parameter.in === 'body');
      if (!bodyParameter) {
        expect(sent.body.length).toBe(0);
      } else {
        expect(sent.headers['content-type']).toMatch(/^application\/json/);
        const sentBody = JSON.parse(sent.body.toString('utf8')) as Json;
        expect(sentBody).toEqual(example.parameters.body);
        const schema = definition(bodyParameter.schema);
        for (const name of schema.required ?? []) expect(sentBody).toHaveProperty(name);
        for (const [name, value] of Object.entries(sentBody)) {
          const property = schema.properties?.[name] as Json | undefined;
          expect(property, `${name} is not a field of ${bodyParameter.schema.$ref}`).toBeDefined();
          const enumValues = definition(property!).enum as string[] | undefined;
          if (enumValues) expect(enumValues).toContain(value);
        }
      }

      if (path === EXCHANGE_PATH) {
        // The principal signs in itself; the resource's key signs nothing.
        expect(sent.headers.authorization).toBe(`Bearer ${teamsPhoneToken}`);
        expect(sent.headers['x-ms-content-sha256']).toBeUndefined();
      } else {
        expect(signatureProblem(sent, accessKey)).toBeNull();
      }
    }
  });

  it('answers the upsert as one documented success with Created saying which of 201 and 200 the service gave', async () => {
    const example = JSON.parse(
      readFileSync(resolve(FOLDER, 'examples', 'TeamsExtensionOperations_UpsertAssignment.json'), 'utf8'),
    ) as Json;
    for (const [status, created] of [
      ['201', true],
      ['200', false],
    ] as const) {
      const { result } = await run('CreateOrReplaceTeamsPhoneAssignment', example, status);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ ...example.responses[status].body, created });
      expect(result.warnings).toEqual([]);
    }
  });

  it('gives the exchange’s answer unchanged, with the identity and token the specification names', async () => {
    const example = JSON.parse(readFileSync(resolve(FOLDER, 'examples', 'TeamsExtensionToken_Exchange.json'), 'utf8'));
    const { result } = await run('ExchangeTeamsPhoneAccessToken', example, '200');
    expect(result.status).toBe(200);
    expect(result.body).toEqual(example.responses['200'].body);
    expect(result.warnings).toEqual([]);
  });
});
