/**
 * The preview page in a real browser (Debian's chromium, driven by playwright-core): our connector
 * through the real `acs-connector preview` process, Microsoft's certified connectors and a fixture
 * of our own through the same server in-process. One browser for the whole file.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../src/preview/server.ts';
import { startPreviewProcess, type PreviewProcess } from '../../src/preview/preview-process.ts';
import type { ActionCard, PreviewModel } from '../../src/preview/model/types.ts';
import { CORPUS_DIR, REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { connectorModel, DEMO_SIGN_INS, type OperationModel } from '../../src/connector/index.ts';
import { TEAMS_USER_TOKEN_PATH } from '../../src/emulator/emulator-endpoints.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots for review; git-ignored. */
const SHOTS = join(REPOSITORY_ROOT, '.test-output', 'preview');
const CERTIFIED = join(CORPUS_DIR, 'certified-connectors');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let ours: PreviewProcess;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  const [launched, started] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] }),
    startPreviewProcess(REPOSITORY_ROOT),
  ]);
  browser = launched;
  ours = started;
});

afterAll(async () => {
  await browser?.close();
  await ours?.stop();
});

/** A page that records console errors and uncaught exceptions. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('nav .nav-item');
  return { page, errors };
}

async function modelOf(
  url: string,
): Promise<{ model: PreviewModel; emulator?: { endpoint: string; teamsUserPath: string } }> {
  return (await (await fetch(new URL('api/model', url))).json()) as never;
}

async function select(page: Page, operationId: string): Promise<void> {
  await page.click(`nav button[data-operation="${operationId}"]`);
  await page.waitForSelector(`section.action[data-operation="${operationId}"]`);
}

async function axeViolations(page: Page): Promise<string[]> {
  // Once per document: the page switches between cards without navigating, so axe-core stays loaded.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return result.violations.map(
    (violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
  );
}

describe('our connector', () => {
  it('shows the connection dialog and every action without a console error, WCAG 2.1 AA clean, with a screenshot of each', async () => {
    const { page, errors } = await open(ours.url);
    const { model } = await modelOf(ours.url);
    expect(await page.textContent('h1')).toBe(model.connector.title);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'connection.png'), fullPage: true });
    for (const action of model.actions) {
      await select(page, action.operationId);
      expect(await page.textContent(`section.action h2`)).toBe(action.title);
      // Every input's label, in the designer's order, with * on the required ones.
      const labels = await page.$$eval(
        'section.action .inputs > .field > label, section.action .inputs > fieldset > legend',
        (nodes) => nodes.map((node) => node.textContent),
      );
      const visible = action.inputs.filter((field) => !field.advanced);
      expect(labels).toEqual(visible.map((field) => `${field.label}${field.required ? ' *' : ''}`));
      expect(
        await page.$$eval('section.action .token-title', (nodes) => nodes.map((node) => node.textContent)),
      ).toEqual(action.outputs.map((token) => token.title));
      expect(await page.textContent('section.action code.signature')).toBe(action.powerFx.signature);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${action.operationId}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the advanced picker shows "Showing n of m"; Show all and Clear all work', async () => {
    const { model } = await modelOf(ours.url);
    const action = model.actions.find((candidate) => candidate.inputs.some((field) => field.advanced));
    expect(action, 'an action with advanced parameters').toBeDefined();
    const advanced = action!.inputs.filter((field) => field.advanced);
    const { page } = await open(ours.url);
    await select(page, action!.operationId);
    const toggle = page.locator('.picker-toggle');
    expect(await toggle.textContent()).toBe(`Showing 0 of ${advanced.length}`);
    await page.click('button:has-text("Show all")');
    expect(await toggle.textContent()).toBe(`Showing ${advanced.length} of ${advanced.length}`);
    for (const field of advanced) expect(await page.locator(`[data-field-box="${field.id}"]`).count()).toBe(1);
    await page.click('button:has-text("Clear all")');
    expect(await toggle.textContent()).toBe(`Showing 0 of ${advanced.length}`);
    // One parameter by its check box.
    await toggle.click();
    await page.click(`.picker-list label:has-text("${advanced[0]!.label}")`);
    expect(await toggle.textContent()).toBe(`Showing 1 of ${advanced.length}`);
    expect(await page.locator(`[data-field-box="${advanced[0]!.id}"] label`).textContent()).toBe(advanced[0]!.label);
    await page.close();
  });

  it('enum display names and array items: one box per item, Add new item, the whole array as JSON', async () => {
    const { model } = await modelOf(ours.url);
    const found = model.actions
      .flatMap((action) => action.inputs.map((field) => ({ action, field })))
      .find(({ field }) => field.editor === 'array' && field.item?.choices && !field.advanced);
    expect(found, 'an array input with an enum').toBeDefined();
    const { action, field } = found!;
    const { page } = await open(ours.url);
    await select(page, action.operationId);
    const options = await page.$$eval(`select[data-field="${field.id}"][data-item="0"] option`, (nodes) =>
      nodes.map((node) => node.textContent),
    );
    expect(options.filter((text) => text !== '')).toEqual(field.item!.choices!.map((choice) => choice.label));
    await page.click(`[data-field-box="${field.id}"] button:has-text("Add new item")`);
    expect(await page.locator(`select[data-field="${field.id}"]`).count()).toBe(2);
    await page.click(`[data-field-box="${field.id}"] button:has-text("Switch to input entire array")`);
    expect(await page.locator(`textarea[data-field="${field.id}"]`).count()).toBe(1);
    await page.close();
  });

  it('the Authentication Type drop-down switches the connection fields; secrets are masked with a reveal button', async () => {
    const { model } = await modelOf(ours.url);
    const { page } = await open(ours.url);
    const sets = model.connection.sets;
    expect(sets.length).toBeGreaterThan(1);
    expect(await page.textContent('label[for="connection-set"]')).toBe(model.connection.chooserLabel);
    for (const [index, set] of sets.entries()) {
      await page.selectOption('#connection-set', String(index));
      const shown = await page.$$eval('[data-connection-field] label', (nodes) =>
        nodes.map((node) => node.textContent),
      );
      expect(shown).toEqual(set.fields.map((field) => `${field.label}${field.required ? ' *' : ''}`));
      const secret = set.fields.find((field) => field.masked);
      if (secret) {
        const input = page.locator(`[data-connection-field="${secret.name}"] input`);
        expect(await input.getAttribute('type')).toBe('password');
        await page.click(`[data-connection-field="${secret.name}"] button.reveal`);
        expect(await page.locator(`[data-connection-field="${secret.name}"] input`).getAttribute('type')).toBe('text');
      }
    }
    await page.close();
  });

  it('a Test run of each action succeeds against the embedded emulator with both sign-in kinds', async () => {
    const { model } = await modelOf(ours.url);
    const { page, errors } = await open(ours.url);
    for (const signIn of ['emulator-connection-string', 'emulator-entra']) {
      // The model's demo steps say how to run each action (as npm start does): inputs, kept outputs, sign-ins.
      const values = new Map<string, string>();
      // A fresh page: nothing typed in the first pass carries over.
      await page.goto(ours.url);
      await page.waitForSelector('nav .nav-item');
      for (const op of scenario()) {
        const action = model.actions.find((candidate) => candidate.operationId === op.operationId);
        expect(action, `a card for ${op.operationId}`).toBeDefined();
        if (op.demo.signIn !== undefined && !values.has(`${op.demo.signIn}.token`))
          await signInWithEmulator(op.demo.signIn, values);
        await select(page, op.operationId);
        await page.selectOption('section.action select.sign-in', signIn);
        const parameters = Object.fromEntries(
          Object.entries(op.demo.parameters ?? {}).map(([name, value]) => [name, fill(value, values)]),
        );
        const body =
          op.demo.body === undefined ? undefined : (fillJson(op.demo.body, values) as Record<string, unknown>);
        await fillCard(page, action!, parameters, body);
        await page.click('section.action button.run');
        const result = page.locator('section.action .result');
        await result.waitFor();
        const status = Number(await result.getAttribute('data-status'));
        const text = (await result.textContent()) ?? '';
        expect(status, `${op.operationId} (${signIn}): ${text.slice(0, 400)}`).toBeLessThan(400);
        // The request as the script sent it, its signature or token hidden.
        const request = (await page.locator('section.action pre.request').first().textContent()) ?? '';
        expect(request).toMatch(
          /Authorization: (HMAC-SHA256 SignedHeaders=[^&]+&Signature=\*\*\*|Bearer \S+ \(\d+ chars\))/,
        );
        expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]{10,}/);
        const answer: unknown = JSON.parse(
          (await page.locator('section.action pre.response-body').textContent()) || 'null',
        );
        for (const [name, path] of Object.entries(op.demo.keep ?? {})) {
          const kept = path
            .split('.')
            .reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], answer);
          expect(typeof kept, `${op.operationId} keeps ${path}`).toBe('string');
          values.set(name, kept as string);
        }
      }
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** npm start's order: each action in its place, the cleanups last, in reverse. */
function scenario(): OperationModel[] {
  const operations = connectorModel.operations;
  return [...operations.filter((op) => !op.demo.cleanup), ...operations.filter((op) => op.demo.cleanup).reverse()];
}

/** The embedded emulator's Entra ID stand-in signs in each kind of demo user, with the permissions the model names. */
async function signInWithEmulator(kind: keyof typeof DEMO_SIGN_INS, values: Map<string, string>): Promise<void> {
  const { emulator } = await modelOf(ours.url);
  const response = await fetch(new URL(TEAMS_USER_TOKEN_PATH, emulator!.endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: DEMO_SIGN_INS[kind].permissions }),
  });
  const user = (await response.json()) as Record<string, unknown>;
  for (const [field, value] of Object.entries(user))
    if (typeof value === 'string') values.set(`${kind}.${field}`, value);
}

function fill(template: string, values: Map<string, string>): string {
  return template.replace(/\{([A-Za-z][\w.]*)\}/g, (_match, name: string) => {
    expect(values.has(name), `a value for {${name}}`).toBe(true);
    return values.get(name)!;
  });
}

function fillJson(value: unknown, values: Map<string, string>): unknown {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, values));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillJson(item, values)]));
  return value;
}

/** Types the values into the card as a maker would: advanced inputs shown first, array items one by one. */
async function fillCard(
  page: Page,
  action: ActionCard,
  parameters: Record<string, string>,
  body: Record<string, unknown> | undefined,
): Promise<void> {
  const valueOf = (field: ActionCard['inputs'][number]): unknown =>
    field.location === 'body'
      ? field.bodyPath!.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body)
      : parameters[field.name];
  const given = action.inputs.filter((field) => valueOf(field) !== undefined);
  const showAll = page.locator('section.action button:has-text("Show all")');
  if (given.some((field) => field.advanced) && (await showAll.isEnabled())) await showAll.click();
  for (const field of given) {
    const value = valueOf(field);
    if (field.editor === 'array') {
      for (const [index, item] of (value as unknown[]).entries()) {
        if (index > 0) await page.click(`[data-field-box="${field.id}"] button:has-text("Add new item")`);
        const box = `[data-field="${field.id}"][data-item="${index}"]`;
        if (field.item?.choices) await page.selectOption(box, String(item));
        else await page.fill(box, String(item));
      }
    } else if (field.editor === 'dropdown') {
      await page.selectOption(`[data-field="${field.id}"]`, String(value));
    } else {
      await page.fill(`[data-field="${field.id}"]`, typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
}

describe('any connector folder', () => {
  it('live: an edit to the folder appears on the page; a dynamic-values box is filled by calling its operation through the script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-live-'));
    writeFileSync(join(dir, 'apiDefinition.swagger.json'), JSON.stringify(FIXTURE_SWAGGER));
    writeFileSync(
      join(dir, 'apiProperties.json'),
      JSON.stringify({
        properties: {
          connectionParameters: { api_key: { type: 'securestring', uiDefinition: { displayName: 'API Key' } } },
        },
      }),
    );
    writeFileSync(join(dir, 'script.csx'), FIXTURE_SCRIPT);
    const preview = await startPreview({ dir, port: 0 });
    try {
      const { page, errors } = await open(preview.url);
      await select(page, 'PickColour');
      expect(await page.textContent('section.action h2')).toBe('Pick a colour');
      // validate's findings on the card of the action they point into.
      const pick = (await modelOf(preview.url)).model.actions.find((action) => action.operationId === 'PickColour')!;
      expect(pick.findings.length).toBeGreaterThan(0);
      expect(await page.locator('section.action .findings li').count()).toBe(pick.findings.length);
      // The combo box's values come from ListColours, run through the fixture's script.csx.
      await page.selectOption('section.action select.sign-in', 'dialog');
      await page.click('[data-field-box="query:colour"] button:has-text("Load values")');
      await page.waitForSelector('#f-PickColour-query_colour-choices option', { state: 'attached' });
      expect(
        await page.$$eval('#f-PickColour-query_colour-choices option', (nodes) =>
          nodes.map((node) => [node.getAttribute('value'), node.textContent]),
        ),
      ).toEqual([
        ['r', 'Red'],
        ['g', 'Green'],
      ]);
      const version = await page.getAttribute('body', 'data-version');
      const edited = { ...FIXTURE_SWAGGER, paths: { ...FIXTURE_SWAGGER.paths } };
      edited.paths['/pick'] = { get: { ...FIXTURE_SWAGGER.paths['/pick']!.get, summary: 'Pick a color' } };
      writeFileSync(join(dir, 'apiDefinition.swagger.json'), JSON.stringify(edited));
      await page.waitForFunction((before) => document.body.dataset.version !== before, version);
      expect(await page.textContent('section.action h2')).toBe('Pick a color');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await preview.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(CERTIFIED))('30 certified connectors load without a console error', async () => {
    const all = readdirSync(CERTIFIED).sort();
    const chosen = all.filter((_name, index) => index % Math.floor(all.length / 30) === 0).slice(0, 30);
    expect(chosen).toHaveLength(30);
    // Three pages at a time: each connector's server and page are independent.
    const queue = [...chosen];
    const worker = async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        let preview: RunningPreview | undefined;
        try {
          // Validation is the validator's own corpus test; here the page is what is judged.
          preview = await startPreview({ dir: join(CERTIFIED, name), port: 0, validate: false });
          await page.goto(preview.url);
          await page.waitForSelector('nav .nav-item');
          const first = await (await page.$('nav .nav-item[data-operation]'))?.getAttribute('data-operation');
          if (first) await select(page, first);
          expect(errors, name).toEqual([]);
        } finally {
          // Off the page first: a page left open would see its event stream refused once the server closes.
          await page.goto('about:blank');
          await preview?.close();
        }
      }
      await page.close();
    };
    await Promise.all([worker(), worker(), worker()]);
  });
});

/** A connector of our own: one action whose input takes its values from another, answered by the script itself. */
const FIXTURE_SWAGGER = {
  swagger: '2.0',
  info: { title: 'Colour Picker', description: 'Picks colours for the preview test.', version: '1.0' },
  host: 'colours.contoso.com',
  basePath: '/',
  schemes: ['https'],
  paths: {
    '/colours': {
      get: {
        operationId: 'ListColours',
        summary: 'List colours',
        'x-ms-visibility': 'internal',
        responses: {
          '200': {
            description: 'OK',
            schema: {
              type: 'array',
              items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
            },
          },
        },
      },
    },
    '/pick': {
      get: {
        operationId: 'PickColour',
        summary: 'Pick a colour',
        parameters: [
          {
            name: 'colour',
            in: 'query',
            required: true,
            type: 'string',
            'x-ms-summary': 'Colour',
            'x-ms-dynamic-values': { operationId: 'ListColours', 'value-path': 'id', 'value-title': 'name' },
          },
        ],
        responses: { '200': { description: 'OK' } },
      },
    },
  } as Record<string, { get: Record<string, unknown> }>,
};

const FIXTURE_SCRIPT = `public class Script : ScriptBase
{
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        await Task.CompletedTask;
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        if (Context.OperationId == "ListColours")
        {
            response.Content = new StringContent("[{\\"id\\":\\"r\\",\\"name\\":\\"Red\\"},{\\"id\\":\\"g\\",\\"name\\":\\"Green\\"}]", Encoding.UTF8, "application/json");
        }
        return response;
    }
}
`;
