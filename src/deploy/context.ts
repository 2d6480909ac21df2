import type { DeployFacts, DeployPlan } from './plan.ts';
import type { PreflightChecks } from './preflight.ts';
import type { DeployTool } from './settings.ts';

export interface DeployContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The package checks; by default the project's own build check and validator. */
  checks?: PreflightChecks;
  now?: Date;
  /** How long the create or update may run, in ms (overrides --timeout; tests use it). */
  timeoutMs?: number;
  /** Where SIGINT, SIGTERM and SIGBREAK arrive; default the process. */
  signals?: NodeJS.EventEmitter;
}

export interface DeployOutcome {
  tool: DeployTool;
  action: 'create' | 'update';
  /** The argv of the create or update (the first word is the program's path; secrets redacted). */
  command: string[];
  connectorId?: string;
  dryRun: boolean;
}

/** What a deploy has established before it runs anything. */
export interface Prepared {
  dir: string;
  settingsPath: string;
  facts: Omit<DeployFacts, 'workDir'>;
  /** paconn's login tokens, scrubbed from its output. */
  loginSecrets: string[];
  /** The breaking-change verdict, for --dry-run to show. */
  verdict: string[];
  /** What a dry run could not check (a program that is not installed, a login). */
  notes: string[];
}

export function outcomeOf(plan: DeployPlan, connectorId: string | undefined, dryRun: boolean): DeployOutcome {
  return { tool: plan.tool, action: plan.action, command: [plan.program, ...plan.deploy.shown], connectorId, dryRun };
}
