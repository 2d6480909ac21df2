#!/usr/bin/env node
// Runs the compiled CLI, rebuilding it first when src/ changed since the last build.
import { pathToFileURL } from 'node:url';
import { compiledEntry } from '../scripts/build-cli.js';

let entry;
try {
  entry = await compiledEntry();
} catch (error) {
  process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
  process.exit(1);
}
// Stack traces shown on request point at the TypeScript sources rather than the bundle.
if (process.env.ACS_CONNECTOR_DEBUG) process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);
