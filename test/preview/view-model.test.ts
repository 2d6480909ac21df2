import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPreviewModel } from '../../src/preview/model/view-model.ts';
import { buildCall, choicesFromAnswer, dynamicCallInputs, EntryError } from '../../src/preview/model/call.ts';
import { shownText } from '../../src/preview/model/shown-text.ts';
import { describeWarning } from '../../src/preview/warnings.ts';
import { redactHeader, redactJson } from '../../src/preview/redact-request.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

/** A connector of our own making that shows each rule the page follows. */
const swagger = {
  swagger: '2.0',
  info: { title: 'Contoso Tasks', description: 'Tasks.', version: '1.0' },
  host: 'tasks.contoso.com',
  basePath: '/',
  schemes: ['https'],
  paths: {
    '/lists/{listId}/tasks': {
      post: {
        operationId: 'Create_Task',
        summary: 'Create a task',
        description: 'Creates a task in a list.',
        'x-ms-api-annotation': { status: 'Preview' },
        parameters: [
          { name: 'verbose', in: 'query', type: 'boolean', 'x-ms-summary': 'Verbose', 'x-ms-visibility': 'advanced' },
          {
            name: 'api-version',
            in: 'query',
            type: 'string',
            required: true,
            default: '2024-01-01',
            'x-ms-visibility': 'internal',
          },
          { name: 'trace', in: 'query', type: 'string', 'x-ms-visibility': 'internal' },
          {
            name: 'x-priority',
            in: 'header',
            type: 'string',
            'x-ms-summary': 'Priority',
            'x-ms-visibility': 'important',
            enum: ['low', 'high'],
            'x-ms-enum-values': [
              { value: 'low', displayName: 'Low priority' },
              { value: 'high', displayName: 'High priority' },
            ],
          },
          {
            name: 'listId',
            in: 'path',
            required: true,
            type: 'string',
            'x-ms-summary': 'List',
            description: 'The list to add to.',
            'x-ms-url-encoding': 'single',
          },
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Task' } },
        ],
        responses: {
          '201': { description: 'Created', schema: { $ref: '#/definitions/TaskOut' } },
          '200': { description: 'Existing', schema: { type: 'array', items: { type: 'string' } } },
          default: { description: 'Error' },
        },
      },
    },
    '/old': {
      get: {
        operationId: 'OldThing',
        summary: 'Old thing',
        deprecated: true,
        parameters: [{ name: 'flag', in: 'query', type: 'boolean', required: true }],
        responses: {
          '200': {
            description: 'OK',
            schema: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
          },
        },
      },
    },
    '/hidden': {
      get: {
        operationId: 'ListNames',
        summary: 'List names',
        'x-ms-visibility': 'internal',
        responses: { '204': { description: 'None' } },
      },
    },
  },
  definitions: {
    Task: {
      type: 'object',
      required: ['title', 'owner', 'kind'],
      properties: {
        id: { type: 'string', readOnly: true },
        title: { type: 'string', title: 'Task Title', 'x-ms-summary': 'Ignored Summary', description: 'What to do.' },
        kind: { type: 'string', 'x-ms-visibility': 'internal', default: 'task' },
        owner: {
          type: 'object',
          'x-ms-summary': 'Owner',
          required: ['email'],
          properties: {
            email: { type: 'string', 'x-ms-summary': 'Email' },
            name: { type: 'string', 'x-ms-summary': 'Name' },
          },
        },
        notes: {
          type: 'object',
          'x-ms-summary': 'Notes',
          'x-ms-visibility': 'advanced',
          properties: { text: { type: 'string', 'x-ms-summary': 'Text' } },
        },
        reviewer: {
          type: 'object',
          'x-ms-summary': 'Reviewer',
          required: ['email'],
          properties: { email: { type: 'string', 'x-ms-summary': 'Email' } },
        },
        tags: {
          type: 'array',
          'x-ms-summary': 'Tags',
          items: {
            type: 'string',
            enum: ['a', 'b'],
            'x-ms-enum-values': [
              { value: 'a', displayName: 'Alpha' },
              { value: 'b', displayName: 'Beta' },
            ],
          },
        },
        due: { type: 'integer', 'x-ms-summary': 'Due In Days', minimum: 1 },
        done: { type: 'boolean', 'x-ms-summary': 'Done' },
        assignee: {
          type: 'string',
          'x-ms-summary': 'Assignee',
          'x-ms-dynamic-values': {
            operationId: 'ListNames',
            'value-collection': 'value',
            'value-path': 'id',
            'value-title': 'name',
            parameters: { scope: { parameter: 'title' }, fixed: 'x' },
          },
        },
      },
    },
    TaskOut: {
      type: 'object',
      properties: {
        id: { type: 'string', 'x-ms-summary': 'Task ID', description: 'The task.' },
        secret: { type: 'string', 'x-ms-visibility': 'internal' },
        extra: { type: 'string', 'x-ms-summary': 'Extra', 'x-ms-visibility': 'advanced' },
        owner: {
          type: 'object',
          'x-ms-summary': 'Owner',
          properties: { email: { type: 'string', 'x-ms-summary': 'Email' } },
        },
        labels: { type: 'array', 'x-ms-summary': 'Labels', items: { type: 'string' } },
        steps: {
          type: 'array',
          'x-ms-summary': 'Steps',
          items: { type: 'object', properties: { name: { type: 'string', 'x-ms-summary': 'Step Name' } } },
        },
      },
    },
  },
};

const apiProperties = {
  properties: {
    iconBrandColor: '#123456',
    connectionParameterSets: {
      uiDefinition: { displayname: 'Choose how to sign in', description: 'Pick one.' },
      values: [
        {
          name: 'key',
          uiDefinition: { displayName: 'API Key', description: 'With a key.' },
          parameters: {
            apiKey: {
              type: 'securestring',
              uiDefinition: {
                displayName: 'API Key',
                description: 'Your key.',
                tooltip: 'From the portal.',
                constraints: { required: 'true' },
              },
            },
            region: {
              type: 'string',
              uiDefinition: {
                displayName: 'Region',
                constraints: {
                  required: 'false',
                  allowedValues: [
                    { text: 'Europe', value: 'eu' },
                    { text: 'United States', value: 'us' },
                  ],
                },
              },
            },
            plain: {
              type: 'securestring',
              uiDefinition: { displayName: 'Shown Secret', constraints: { clearText: true } },
            },
            hiddenOne: { type: 'string', uiDefinition: { displayName: 'Hidden', constraints: { hidden: 'true' } } },
          },
        },
        {
          name: 'oauth',
          uiDefinition: { displayName: 'Sign in with Contoso' },
          parameters: {
            token: {
              type: 'oauthSetting',
              oAuthSettings: { identityProvider: 'aad' },
              uiDefinition: { displayName: 'Sign in' },
            },
          },
        },
      ],
    },
  },
};

const findings = [
  {
    ruleId: 'S10',
    severity: 'warning' as const,
    location: '/paths/~1old/get',
    message: 'No description.',
    hint: 'Add one.',
  },
  { ruleId: 'S4', severity: 'warning' as const, location: '/info/contact', message: 'No contact.', hint: 'Add one.' },
];

const model = buildPreviewModel(swagger, apiProperties, findings);
const create = model.actions.find((action) => action.operationId === 'Create_Task')!;
const byLabel = (label: string) => create.inputs.find((field) => field.label === label);

describe('action cards', () => {
  it('title, description, tags and whether new flows are offered the action', () => {
    expect(create).toMatchObject({
      title: 'Create a task',
      description: 'Creates a task in a list.',
      preview: true,
      offered: true,
    });
    expect(model.actions.find((action) => action.operationId === 'OldThing')).toMatchObject({
      deprecated: true,
      offered: false,
    });
    expect(model.actions.find((action) => action.operationId === 'ListNames')).toMatchObject({
      internal: true,
      offered: false,
    });
  });

  it('labels: title, else x-ms-summary, else the name; the description is the placeholder', () => {
    expect(byLabel('Task Title')).toMatchObject({ required: true, placeholder: 'What to do.' });
    expect(byLabel('List')).toMatchObject({ location: 'path', placeholder: 'The list to add to.' });
    expect(model.actions.find((action) => action.operationId === 'OldThing')!.inputs[0]!.label).toBe('flag');
  });

  it('orders inputs required, important, others, advanced, and puts the last two behind the picker', () => {
    expect(create.inputs.map((field) => [field.label, field.required, field.advanced])).toEqual([
      ['List', true, false],
      ['Task Title', true, false],
      ['Owner Email', true, false],
      ['Priority', false, false],
      ['Owner Name', false, true],
      ['Reviewer Email', false, true],
      ['Tags', false, true],
      ['Due In Days', false, true],
      ['Done', false, true],
      ['Assignee', false, true],
      ['Verbose', false, true],
      ['Notes Text', false, true],
    ]);
  });

  it('flattens the body: "Parent Child" labels, nested fields required only when their parents are, read-only left out', () => {
    expect(byLabel('Owner Email')).toMatchObject({ bodyPath: ['owner', 'email'], required: true });
    expect(byLabel('Reviewer Email')!.required).toBe(false);
    expect(create.inputs.some((field) => field.name === 'id')).toBe(false);
    expect(byLabel('Notes Text')!.visibility).toBe('advanced');
  });

  it('hides internal inputs; a required internal one with a default is sent silently', () => {
    expect(
      create.inputs.some((field) => field.name === 'trace' || field.name === 'api-version' || field.name === 'kind'),
    ).toBe(false);
    expect(create.silentInputs).toEqual([
      { id: 'query:api-version', location: 'query', name: 'api-version', value: '2024-01-01' },
      { id: 'body:kind', location: 'body', name: 'kind', bodyPath: ['kind'], value: 'task' },
    ]);
  });

  it('enum display names, Yes/No with an empty choice when optional, array items with drop-downs', () => {
    expect(byLabel('Priority')!.choices).toEqual([
      { value: 'low', label: 'Low priority' },
      { value: 'high', label: 'High priority' },
    ]);
    expect(byLabel('Done')!.choices!.map((choice) => choice.label)).toEqual(['', 'Yes', 'No']);
    const flag = model.actions.find((action) => action.operationId === 'OldThing')!.inputs[0]!;
    expect(flag.choices!.map((choice) => choice.label)).toEqual(['Yes', 'No']);
    expect(byLabel('Tags')).toMatchObject({
      editor: 'array',
      item: {
        editor: 'dropdown',
        choices: [
          { value: 'a', label: 'Alpha' },
          { value: 'b', label: 'Beta' },
        ],
      },
    });
    expect(byLabel('Due In Days')).toMatchObject({ editor: 'integer', minimum: 1 });
  });

  it('dynamic values name the operation to call and where its inputs come from', () => {
    expect(byLabel('Assignee')!.dynamic).toEqual({
      kind: 'x-ms-dynamic-values',
      operationId: 'ListNames',
      parameters: { scope: { field: 'body:title' }, fixed: { value: 'x' } },
      collectionPath: 'value',
      valuePath: 'id',
      titlePath: 'name',
    });
  });

  it('each finding goes to the card of the operation it points into, the rest to the connector', () => {
    expect(model.actions.find((action) => action.operationId === 'OldThing')!.findings.map((f) => f.ruleId)).toEqual([
      'S10',
    ]);
    expect(model.findings.map((f) => f.ruleId)).toEqual(['S4']);
  });
});

describe('dynamic content', () => {
  it('comes from the lowest 2xx with a schema: prefixed titles, items, internal left out, advanced last', () => {
    // 200 has a schema too and is lower than 201: it wins.
    expect(create.outputsFrom).toBe('200');
    const old = model.actions.find((action) => action.operationId === 'OldThing')!;
    expect(old.outputs.map((token) => token.title)).toEqual(['Body', 'id']);
  });

  it('walks objects and arrays', async () => {
    const { outputTokens } = await import('../../src/preview/model/view-model.ts');
    const tokens = outputTokens(swagger, swagger.definitions.TaskOut);
    expect(tokens.map((token) => [token.title, token.path, token.advanced])).toEqual([
      ['Task ID', 'id', false],
      ['Owner', 'owner', false],
      ['Owner Email', 'owner/email', false],
      ['Labels', 'labels', false],
      ['Labels Item', 'labels/[*]', false],
      ['Steps', 'steps', false],
      ['Steps Step Name', 'steps/[*]/name', false],
      ['Extra', 'extra', true],
    ]);
  });
});

describe('connection dialog', () => {
  it('offers the sets in a drop-down with their fields; hidden ones absent', () => {
    expect(model.connection.chooserLabel).toBe('Choose how to sign in');
    expect(model.connection.sets.map((set) => set.label)).toEqual(['API Key', 'Sign in with Contoso']);
    const [key, oauth] = model.connection.sets;
    expect(key!.fields.map((field) => [field.label, field.kind, field.required, field.masked])).toEqual([
      ['API Key', 'secret', true, true],
      ['Region', 'dropdown', false, false],
      ['Shown Secret', 'secret', false, false],
    ]);
    expect(key!.fields[0]).toMatchObject({ placeholder: 'Your key.', tooltip: 'From the portal.' });
    expect(key!.fields[1]!.choices).toEqual([
      { value: 'eu', label: 'Europe' },
      { value: 'us', label: 'United States' },
    ]);
    expect(oauth!.fields).toMatchObject([{ kind: 'sign-in' }]);
  });

  it('without sets: one kind and the default chooser label', () => {
    const single = buildPreviewModel(swagger, {
      properties: { connectionParameters: { api_key: { type: 'securestring' } } },
    });
    expect(single.connection.chooserLabel).toBe('Authentication Type');
    expect(single.connection.sets).toHaveLength(1);
  });
});

describe('Power Fx', () => {
  it('names the function by the operationId without punctuation; required in path, query, header, body order; optional in a record', () => {
    expect(create.powerFx.signature).toBe(
      "ContosoTasks.CreateTask(listId: Text, title: Text, owner: Record, { verbose: Boolean, 'x-priority': Text, notes: Record, reviewer: Record, tags: Table, due: Number, done: Boolean, assignee: Text }): Table",
    );
    expect(create.powerFx.example).toBe('ContosoTasks.CreateTask("List", "Task Title", {}, { verbose: true })');
  });

  it('returns Void without a 2xx schema', () => {
    expect(model.actions.find((action) => action.operationId === 'ListNames')!.powerFx.returnType).toBe('Void');
  });
});

describe('from a card to invoke', () => {
  it('puts parameters and body fields where they go, with the silent inputs', () => {
    const call = buildCall(create, {
      'path:listId': 'inbox',
      'header:x-priority': 'high',
      'body:title': 'Write',
      'body:owner/email': 'a@contoso.com',
      'body:tags': ['a', '', 'b'],
      'body:due': '3',
      'body:done': 'false',
      'body:notes/text': '',
    });
    expect(call.parameters).toEqual({ listId: 'inbox', 'x-priority': 'high' });
    expect(JSON.parse(call.body!)).toEqual({
      kind: 'task',
      title: 'Write',
      owner: { email: 'a@contoso.com' },
      tags: ['a', 'b'],
      due: 3,
      done: false,
    });
  });

  it('takes an array entered whole as JSON, and names a field whose value cannot be sent', () => {
    expect(JSON.parse(buildCall(create, { 'body:tags': '["b"]' }).body!).tags).toEqual(['b']);
    expect(() => buildCall(create, { 'body:tags': '[b' })).toThrow(EntryError);
    expect(() => buildCall(create, { 'body:due': 'soon' })).toThrow('"Due In Days" must be a number');
  });

  it('sends no body when nothing goes in it', () => {
    const old = model.actions.find((action) => action.operationId === 'OldThing')!;
    expect(buildCall(old, { 'query:flag': 'true' })).toEqual({ parameters: { flag: 'true' } });
  });

  it('fills a combo box from the answer of the operation its values come from', () => {
    const spec = byLabel('Assignee')!.dynamic!;
    expect(choicesFromAnswer(spec, { value: [{ id: 1, name: 'One' }, { id: 2 }, { name: 'no id' }] })).toEqual([
      { value: 1, label: 'One' },
      { value: 2, label: '2' },
    ]);
    const listNames = model.actions.find((action) => action.operationId === 'ListNames')!;
    expect(dynamicCallInputs(spec, listNames, { 'body:title': 'x' }, new Map())).toEqual({ parameters: {} });
  });

  it('writes a value that is an object or array as its JSON, never [object Object]', () => {
    expect([shownText('text'), shownText(0), shownText(false), shownText(null), shownText(undefined)]).toEqual([
      'text',
      '0',
      'false',
      '',
      '',
    ]);
    expect([shownText({ first: 'Ada' }), shownText(['a', 1])]).toEqual(['{"first":"Ada"}', '["a",1]']);
    const spec = byLabel('Assignee')!.dynamic!;
    expect(
      choicesFromAnswer(spec, {
        value: [
          { id: 1, name: { first: 'Ada' } },
          { id: 2, name: ['a'] },
        ],
      }),
    ).toEqual([
      { value: 1, label: '{"first":"Ada"}' },
      { value: 2, label: '["a"]' },
    ]);
  });
});

describe('what the Test panel shows', () => {
  it('says "type mismatch" as the wizard does', () => {
    expect(describeWarning('HTTP 201 of Op: response.identity.id must be string.')).toBe(
      'HTTP 201 of Op: Property "identity.id" type mismatch: expected string.',
    );
    expect(describeWarning('HTTP 201 of Op: response.identity.id is required.')).toBe(
      'HTTP 201 of Op: response.identity.id is required.',
    );
  });

  it('hides signatures, bearer tokens, secret headers and the connection secrets', () => {
    expect(redactHeader('Authorization', 'HMAC-SHA256 SignedHeaders=x-ms-date;host&Signature=abc+def=', [])).toBe(
      'HMAC-SHA256 SignedHeaders=x-ms-date;host&Signature=***',
    );
    expect(redactHeader('Authorization', 'Bearer abcdefghijklmnopqrstuvwxyz', [])).toBe(
      'Bearer abcdef…wxyz (26 chars)',
    );
    expect(redactHeader('Connection-String', 'endpoint=x;accesskey=k', [])).toBe('***');
    expect(redactHeader('X-Note', 'has s3cr3t-value inside', ['s3cr3t-value'])).toBe('has *** inside');
    expect(redactJson({ a: 'key "q" s3cr3t' }, ['s3cr3t'])).toEqual({ a: 'key "q" ***' });
  });
});

describe('our connector', () => {
  const read = (file: string) => JSON.parse(readFileSync(join(REPOSITORY_ROOT, file), 'utf8')) as unknown;
  const ours = buildPreviewModel(read('apiDefinition.swagger.json'), read('apiProperties.json'));

  it('has a card for every operation of the definition, each with a Power Fx signature', () => {
    const definition = read('apiDefinition.swagger.json') as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operationIds = Object.values(definition.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(ours.actions.map((action) => action.operationId).sort()).toEqual(operationIds.sort());
    for (const action of ours.actions)
      expect(action.powerFx.signature).toMatch(/^AzureCommunicationIdentity\.\w+\(.*\): \w+$/);
  });

  it('offers its two sign-in kinds behind the Authentication Type drop-down', () => {
    expect(ours.connection.chooserLabel).toBe('Authentication Type');
    expect(ours.connection.sets.map((set) => set.signIn)).toEqual(['connection-string', 'entra']);
    expect(ours.connection.sets[1]!.fields.map((field) => field.label)).toEqual([
      'Endpoint',
      'Tenant ID',
      'Client ID',
      'Client Secret',
    ]);
  });
});
