import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import { CACHE_DIR as CACHE_ROOT } from './paths.ts';

/** Draft-04 for Swagger 2.0 schemas, Ajv's default (draft-07) otherwise. */
export type SchemaDialect = 'draft-04' | 'draft-07';

const CACHE_DIR = join(CACHE_ROOT, 'validators');
// Ajv is loaded only when a schema has to be compiled; cached validators need its small runtime helpers only.
const require = createRequire(import.meta.url);

/**
 * A validator for `schema`. Compiling a large schema (Swagger 2.0's) costs Ajv a few hundred ms,
 * paid at every CLI start; Ajv's standalone code for it, cached in .cache/validators under a hash
 * of the schema, dialect, options and Ajv version, loads in a few ms and validates identically.
 * Without a writable cache it compiles in memory as before.
 */
export function cachedValidator(schema: object, dialect: SchemaDialect, options: Options): ValidateFunction {
  const { version } = require('ajv/package.json') as { version: string };
  const key = createHash('sha256')
    .update(JSON.stringify([version, dialect, options, schema, LINEAR_ERRORS]))
    .digest('hex')
    .slice(0, 24);
  const file = join(CACHE_DIR, `${key}.cjs`);
  try {
    return require(file) as ValidateFunction;
  } catch {
    // Not cached yet (or unreadable): compile, then cache.
  }
  const ajv = newAjv(dialect, { ...options, code: { ...options.code, source: true, process: mergeErrorsInPlace } });
  const validate = ajv.compile(schema);
  try {
    const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js'))
      .default;
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written whole or not at all: concurrent runs may compile the same schema at once.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, mergeErrorsInPlace(standaloneCode(ajv, validate)));
    try {
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  } catch {
    // A read-only checkout still validates, compiling each time.
  }
  return validate;
}

const LINEAR_ERRORS = 'errors merged in place';

/**
 * Ajv merges a called schema's errors with `vErrors.concat(…)`, copying every error found so far
 * at each call: with allErrors on, 40,000 bad path items took 10 s, quadratic in the errors. The
 * generated code is rewritten to append in place, which keeps validation linear.
 */
export function mergeErrorsInPlace(code: string): string {
  return code.replace(
    /vErrors = vErrors === null \? ([\w$.]+) : vErrors\.concat\(\1\);/g,
    (_match, errors: string) =>
      `{ if (vErrors === null) vErrors = ${errors}; else for (const merged of ${errors}) vErrors.push(merged); }`,
  );
}

function newAjv(dialect: SchemaDialect, options: Options) {
  if (dialect === 'draft-04') {
    // CommonJS module whose default export TypeScript's NodeNext typing misreads.
    const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
    return new AjvDraft04(options);
  }
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(options);
}
