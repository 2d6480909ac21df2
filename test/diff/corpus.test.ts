import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffConnectors, type ConnectorSnapshot } from '../../src/diff/compare.ts';
import type { ChangeKindId } from '../../src/diff/kinds.ts';
import { loadFolder } from '../../src/diff/source.ts';
import { UserError } from '../../src/shared/errors.ts';
import { resolvePointer } from '../../src/shared/json-pointer.ts';
import { CORPUS_DIR } from '../../src/shared/paths.ts';
import { edited } from './helpers.ts';

// Microsoft's certified connectors (one snapshot, so we make our own before/after pairs from
// it). CI has it beside the clone; a machine without it skips.
const CORPUS = join(CORPUS_DIR, 'certified-connectors');
const haveCorpus = existsSync(CORPUS);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Found {
  id: string;
  path: string;
  method: string;
  pointer: string;
  node: any;
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function operations(definition: any): Found[] {
  const found: Found[] = [];
  for (const [path, item] of Object.entries<any>(definition.paths ?? {})) {
    for (const method of METHODS) {
      const node = item?.[method];
      if (node && typeof node.operationId === 'string')
        found.push({ id: node.operationId, path, method, pointer: `/paths/${escape(path)}/${method}`, node });
    }
  }
  const ids = found.map((op) => op.id);
  return found.filter((op) => ids.indexOf(op.id) === ids.lastIndexOf(op.id));
}

/** The first object-schema field of an operation's success output, $refs followed, with its pointer. */
function outputField(definition: any, op: Found): { pointer: string; node: any } | undefined {
  for (const [code, raw] of Object.entries<any>(op.node.responses ?? {})) {
    if (!/^2/.test(code)) continue;
    let at = `${op.pointer}/responses/${code}/schema`;
    let schema = raw?.schema;
    for (let hop = 0; hop < 5 && typeof schema?.$ref === 'string'; hop++) {
      at = schema.$ref.slice(1);
      schema = resolvePointer(definition, at, { fromUriFragment: true });
    }
    // Properties of a schema typed other than object are not outputs (the designer ignores them).
    if (schema?.type !== undefined && schema.type !== 'object') continue;
    const [name, field] =
      Object.entries<any>(schema?.properties ?? {}).find(
        ([, value]) => typeof value?.type === 'string' && value.type !== 'object' && value.type !== 'array',
      ) ?? [];
    if (name) return { pointer: `${at}/properties/${escape(name)}`, node: field };
  }
  return undefined;
}

interface Mutation {
  name: string;
  kind: ChangeKindId;
  /** Changes the copy; returns the operation and pointers the change must be reported with, or undefined when it does not apply. */
  apply(definition: any): { operationId: string; base?: string; head?: string } | undefined;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'remove an operation',
    kind: 'operation-removed',
    apply: (d) => {
      const op = operations(d)[0];
      if (!op) return undefined;
      delete d.paths[op.path][op.method];
      return { operationId: op.id, base: op.pointer };
    },
  },
  {
    name: 'rename an operationId',
    kind: 'operation-renamed',
    apply: (d) => {
      const op = operations(d)[0];
      if (!op) return undefined;
      op.node.operationId = `${op.id}Renamed`;
      return { operationId: op.id, base: op.pointer, head: op.pointer };
    },
  },
  {
    name: 'change a path template',
    kind: 'operation-moved',
    apply: (d) => {
      const op = operations(d).find((o) => !d.paths[`${o.path}/moved`]);
      if (!op) return undefined;
      (d.paths[`${op.path}/moved`] ??= {})[op.method] = op.node;
      delete d.paths[op.path][op.method];
      return { operationId: op.id };
    },
  },
  {
    name: 'make an optional input required',
    kind: 'parameter-made-required',
    apply: (d) => {
      for (const op of operations(d)) {
        const index = (op.node.parameters ?? []).findIndex(
          (p: any) => p && !p.$ref && p.in !== 'body' && p.required !== true && typeof p.name === 'string',
        );
        if (index < 0) continue;
        op.node.parameters[index].required = true;
        return { operationId: op.id, base: `${op.pointer}/parameters/${index}` };
      }
      return undefined;
    },
  },
  {
    name: 'add a required input',
    kind: 'parameter-added-required',
    apply: (d) => {
      const op = operations(d)[0];
      if (!op) return undefined;
      const parameters = (op.node.parameters ??= []);
      parameters.push({ name: 'seededRequiredInput', in: 'query', required: true, type: 'string' });
      return { operationId: op.id, head: `${op.pointer}/parameters/${parameters.length - 1}` };
    },
  },
  {
    name: 'add an enum to an input',
    kind: 'enum-added',
    apply: (d) => {
      for (const op of operations(d)) {
        const index = (op.node.parameters ?? []).findIndex(
          (p: any) => p && !p.$ref && p.in !== 'body' && p.type === 'string' && !p.enum && typeof p.name === 'string',
        );
        if (index < 0) continue;
        op.node.parameters[index].enum = ['only-this'];
        return { operationId: op.id, base: `${op.pointer}/parameters/${index}` };
      }
      return undefined;
    },
  },
  {
    name: 'remove an output field',
    kind: 'output-removed',
    apply: (d) => {
      for (const op of operations(d)) {
        const field = outputField(d, op);
        if (!field) continue;
        const parent = resolvePointer(d, field.pointer.slice(0, field.pointer.lastIndexOf('/')), {
          fromUriFragment: true,
        }) as any;
        delete parent[Object.keys(parent).find((key) => parent[key] === field.node)!];
        return { operationId: op.id, base: field.pointer };
      }
      return undefined;
    },
  },
  {
    name: "change an output field's type",
    kind: 'type-changed',
    apply: (d) => {
      for (const op of operations(d)) {
        const field = outputField(d, op);
        if (!field) continue;
        field.node.type = field.node.type === 'string' ? 'number' : 'string';
        return { operationId: op.id, base: field.pointer };
      }
      return undefined;
    },
  },
];

/** Mutations run on every SAMPLE-th connector: a spread of over a hundred, not all 618, to keep the suite fast. */
const SAMPLE = 6;

describe.skipIf(!haveCorpus)('diff on the certified corpus', () => {
  const names = haveCorpus
    ? readdirSync(CORPUS)
        .filter((name) => existsSync(join(CORPUS, name, 'apiDefinition.swagger.json')))
        .sort()
    : [];
  /** Undefined for the few connectors whose JSON is broken beyond trailing commas: diff refuses those (exit 2). */
  const load = (name: string) =>
    loadFolder(join(CORPUS, name)).catch((error: unknown) => {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
      expect((error as UserError).message).toMatch(/is not valid JSON: .+ at line \d+, column \d+\.$/);
      return undefined;
    });
  const sampled = new Map<string, ConnectorSnapshot | undefined>();
  const loadSampled = async (name: string) => {
    if (!sampled.has(name)) sampled.set(name, await load(name));
    return sampled.get(name);
  };

  it('reports nothing for every connector compared with itself', async () => {
    expect(names.length).toBeGreaterThan(600);
    const noisy: string[] = [];
    let refused = 0;
    for (const name of names) {
      const snapshot = await load(name);
      if (!snapshot) {
        refused++;
        continue;
      }
      const changes = diffConnectors(snapshot, snapshot);
      if (changes.length > 0) noisy.push(`${name}: ${changes[0]!.message}`);
    }
    expect(noisy).toEqual([]);
    expect(refused).toBeLessThan(10);
  });

  it.each(MUTATIONS.map((mutation) => [mutation.name, mutation] as const))(
    'catches "%s" in every sampled connector it applies to',
    async (_name, mutation) => {
      let applied = 0;
      const missed: string[] = [];
      for (const name of names.filter((_, index) => index % SAMPLE === 0)) {
        const base = await loadSampled(name);
        if (!base) continue;
        let expected: ReturnType<Mutation['apply']>;
        const head = edited(base, (definition) => (expected = mutation.apply(definition)));
        if (!expected) continue;
        applied++;
        const changes = diffConnectors(base, head);
        const caught = changes.some(
          (change) =>
            change.kind === mutation.kind &&
            change.level === 'breaking' &&
            change.operationId === expected!.operationId &&
            (expected!.base === undefined || change.base === expected!.base) &&
            (expected!.head === undefined || change.head === expected!.head),
        );
        if (!caught) missed.push(`${name}: ${JSON.stringify(expected)} not in ${JSON.stringify(changes.slice(0, 3))}`);
      }
      expect(missed).toEqual([]);
      // Each mutation must have found real material to work on.
      expect(applied).toBeGreaterThan(25);
    },
  );
});
