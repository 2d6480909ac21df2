/**
 * `bench validate-growth`: `acs-connector validate --no-compile` as a real process on hostile
 * inputs of doubling size (bad path items, extra keys on one path item, script lines that each
 * draw a finding, broken schemas), up to the platform's limits on the definition and the script. Linear work shows as a time that
 * roughly doubles with the input; quadratic work (what these inputs once caused) as one that quadruples.
 */
import { percentile } from '../shared/statistics.ts';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../shared/paths.ts';
import { MAX_DEFINITION_BYTES, MAX_SCRIPT_BYTES } from '../shared/platform-limits.ts';

type Json = Record<string, any>;

const SHAPES: Record<
  string,
  (definition: Json, script: string, count: number) => { definition: Json; script: string }
> = {
  'bad path items': (definition, script, count) => {
    for (let index = 0; index < count; index++) definition.paths[`/p${index}`] = 1;
    return { definition, script };
  },
  'extra keys on one path item': (definition, script, count) => {
    const item = definition.paths[Object.keys(definition.paths)[0]!];
    for (let index = 0; index < count; index++) item[`k${index}`] = 1;
    return { definition, script };
  },
  'broken schemas': (definition, script, count) => {
    for (let index = 0; index < count; index++)
      definition.definitions[`D${index}`] = { type: 'nothing', properties: 1 };
    return { definition, script };
  },
  'script lines with a finding each': (definition, script, count) => ({
    definition,
    script: script.replace(
      /\}\s*$/,
      `  void Many()\n  {\n${'    var client = new HttpClient();\n'.repeat(count)}  }\n}\n`,
    ),
  }),
};

const SIZES = [4_000, 8_000, 16_000, 32_000, 64_000];

export async function benchValidateGrowth(options: { runs: number }): Promise<void> {
  const fixture = path.join(REPOSITORY_ROOT, 'test', 'validate', 'fixtures', 'minimal');
  const baseDefinition = await readFile(path.join(fixture, CONNECTOR_FILES.definition), 'utf8');
  const baseScript = await readFile(path.join(fixture, CONNECTOR_FILES.script), 'utf8');
  const folder = await mkdtemp(path.join(os.tmpdir(), 'acs-validate-growth-'));
  const summary: Record<string, Array<{ count: number; bytes: number; medianMs: number }>> = {};
  try {
    for (const file of [CONNECTOR_FILES.properties, CONNECTOR_FILES.icon])
      await copyFile(path.join(fixture, file), path.join(folder, file));
    for (const [shape, grow] of Object.entries(SHAPES)) {
      summary[shape] = [];
      for (const count of SIZES) {
        const { definition, script } = grow(JSON.parse(baseDefinition) as Json, baseScript, count);
        const definitionText = JSON.stringify(definition);
        if (Buffer.byteLength(definitionText) > MAX_DEFINITION_BYTES || Buffer.byteLength(script) > MAX_SCRIPT_BYTES)
          continue;
        const bytes = Math.max(Buffer.byteLength(definitionText), Buffer.byteLength(script));
        await writeFile(path.join(folder, CONNECTOR_FILES.definition), definitionText);
        await writeFile(path.join(folder, CONNECTOR_FILES.script), script);
        const times: number[] = [];
        for (let run = 0; run < options.runs; run++) {
          const started = performance.now();
          const result = await execa(process.execPath, [CLI_ENTRY, 'validate', '--no-compile', '--json', folder], {
            reject: false,
          });
          times.push(performance.now() - started);
          if (result.exitCode !== 0 && result.exitCode !== 1)
            throw new Error(`validate exited ${result.exitCode} on ${count} ${shape}: ${result.stderr}`);
        }
        const medianMs = Math.round(percentile(times, 50));
        summary[shape].push({ count, bytes, medianMs });
        process.stdout.write(
          `${shape.padEnd(34)} ${String(count).padStart(6)} (${Math.round(bytes / 1024)} KB): ${medianMs} ms\n`,
        );
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  // Time added per doubling at the largest sizes, over the one before: about 2 when linear, 4 when quadratic.
  const growth = Object.fromEntries(
    Object.entries(summary).map(([shape, points]) => {
      const [a, b, c] = points.slice(-3).map((point) => point.medianMs);
      return [
        shape,
        a !== undefined && b !== undefined && c !== undefined && b > a
          ? Math.round(((c - b) / (b - a)) * 10) / 10
          : null,
      ];
    }),
  );
  const slowestMs = Math.max(
    ...Object.values(summary)
      .flat()
      .map((point) => point.medianMs),
  );
  process.stdout.write(
    `${JSON.stringify({ task: 'validate-growth', runs: options.runs, slowestMs, targetMs: 2000, growthPerDoubling: growth, loadAverage: os.loadavg()[0], points: summary })}\n`,
  );
}
