import { percentile } from '../shared/statistics.ts';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startPreviewProcess } from './preview-process.ts';
import { ensureHostBuilt } from '../script-host/build.ts';
import { UserError } from '../shared/errors.ts';
import { CORPUS_DIR, REPOSITORY_ROOT } from '../shared/paths.ts';

/** The preview's targets, in ms: first render, largest certified connector, server overhead of a Test run. */
const TARGETS_MS = { firstRenderOurs: 300, firstRenderLargestCorpus: 1000, serverOverhead: 5 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RENDER_RUNS = 10;

/**
 * `bench preview`, on the path a user takes: real `acs-connector preview` processes and Chromium.
 * First render = from the model's answer reaching the page to the page on screen (the page's own
 * marks), median of several loads; fromNavigation adds loading the page, its script and the model; the largest certified connector (by definition size) too, with
 * its largest card. Server overhead = a Test run's round trip from a client, less the action's own
 * time as the runtime measured it.
 */
export async function benchPreview(options: { requests: number }): Promise<void> {
  await ensureHostBuilt({ onProgress: (message) => process.stderr.write(`${message}\n`) });
  // A variable specifier: the compiled CLI loads playwright-core (a dev dependency) at run time, not bundled.
  const playwright = 'playwright-core';
  const { chromium } = (await import(playwright)) as typeof import('playwright-core');
  const browser = await chromium
    .launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
    .catch((error: Error) => {
      throw new UserError(`Chromium did not start from ${CHROMIUM}: ${error.message.split('\n')[0]}`, {
        hint: 'Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH.',
      });
    });
  const results: Record<string, unknown> = { task: 'preview' };
  try {
    const ours = await startPreviewProcess(REPOSITORY_ROOT);
    try {
      results.firstRenderOursMs = await firstRender(browser, ours.url);
      const overhead = await serverOverhead(ours.url, options.requests);
      Object.assign(results, overhead);
    } finally {
      await ours.stop();
    }
    const largest = largestCorpusConnector();
    if (largest) {
      const corpus = await startPreviewProcess(largest.dir);
      try {
        results.largestCorpus = { name: largest.name, definitionBytes: largest.bytes };
        results.firstRenderLargestCorpusMs = await firstRender(browser, corpus.url);
        results.largestCardRenderMs = await largestCard(browser, corpus.url);
      } finally {
        await corpus.stop();
      }
    }
  } finally {
    await browser.close();
  }
  results.targetsMs = TARGETS_MS;
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

type Browser = import('playwright-core').Browser;

/** Median of several fresh loads: the model's arrival to the page drawn. */
async function firstRender(
  browser: Browser,
  url: string,
): Promise<{ medianMs: number; maxMs: number; fromNavigationMedianMs: number }> {
  const page = await browser.newPage();
  const times: number[] = [];
  const fromNavigation: number[] = [];
  for (let run = 0; run <= RENDER_RUNS; run++) {
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as { __previewTimings?: { rendered?: number } }).__previewTimings?.rendered,
    );
    const timing = await page.evaluate(
      () => (window as unknown as { __previewTimings: Record<string, number> }).__previewTimings,
    );
    // The first load warms the browser's cache of the script; it is not counted.
    if (run > 0) {
      times.push(timing.rendered! - timing.modelReceived!);
      fromNavigation.push(timing.rendered!);
    }
  }
  await page.close();
  return { ...summary(times), fromNavigationMedianMs: round(percentile(fromNavigation, 50)) };
}

/** The card with the most inputs and outputs, drawn after a click: the slowest card of the connector. */
async function largestCard(browser: Browser, url: string): Promise<number> {
  const model = (await (await fetch(new URL('api/model', url))).json()) as {
    model: { actions: Array<{ operationId: string; inputs: unknown[]; outputs: unknown[] }> };
  };
  const biggest = [...model.model.actions].sort(
    (a, b) => b.inputs.length + b.outputs.length - (a.inputs.length + a.outputs.length),
  )[0];
  if (!biggest) return 0;
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector('nav .nav-item');
  const ms = await page.evaluate(async (operationId) => {
    const started = performance.now();
    document.querySelector<HTMLButtonElement>(`nav button[data-operation="${CSS.escape(operationId)}"]`)!.click();
    return performance.now() - started;
  }, biggest.operationId);
  await page.close();
  return round(ms);
}

async function serverOverhead(url: string, requests: number): Promise<Record<string, unknown>> {
  const call = async () => {
    const started = performance.now();
    const response = await fetch(new URL('api/invoke', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        operationId: 'CreateCommunicationIdentity',
        parameters: {},
        signIn: 'emulator-connection-string',
      }),
    });
    const answer = (await response.json()) as { status?: number; durationMs?: number; error?: string };
    if (answer.status !== 201) throw new Error(`a Test run answered ${answer.status ?? answer.error}`);
    return performance.now() - started - answer.durationMs!;
  };
  for (let warm = 0; warm < 20; warm++) await call();
  const overheads: number[] = [];
  for (let run = 0; run < requests; run++) overheads.push(await call());
  const { medianMs, maxMs } = summary(overheads);
  return {
    serverOverheadMedianMs: medianMs,
    serverOverheadP95Ms: round(percentile(overheads, 95)),
    serverOverheadMaxMs: maxMs,
    requests,
  };
}

function largestCorpusConnector(): { name: string; dir: string; bytes: number } | undefined {
  const root = join(CORPUS_DIR, 'certified-connectors');
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return undefined;
  }
  let largest: { name: string; dir: string; bytes: number } | undefined;
  for (const name of entries) {
    const dir = join(root, name);
    const bytes = statSync(join(dir, 'apiDefinition.swagger.json'), { throwIfNoEntry: false })?.size ?? 0;
    if (!largest || bytes > largest.bytes) largest = { name, dir, bytes };
  }
  return largest;
}

function summary(times: number[]): { medianMs: number; maxMs: number } {
  return { medianMs: round(percentile(times, 50)), maxMs: round(Math.max(...times)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
