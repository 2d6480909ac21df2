#!/usr/bin/env node
// Runs the TypeScript CLI directly, so `npx acs-connector` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
