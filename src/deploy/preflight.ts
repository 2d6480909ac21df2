import { UserError } from '../shared/errors.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import type { Finding } from '../validate/index.ts';

export type { Finding };

/** The package checks a deploy runs before paconn; injectable so tests can drive them. */
export interface PreflightChecks {
  /** Names of generated files that are stale or missing (empty: up to date). */
  checkPackage(dir: string): Promise<string[]>;
  validate(dir: string, options: { compileScript: boolean }): Promise<Finding[]>;
}

/** The project's own build check and validator, loaded only when a deploy runs. */
export async function loadPreflightChecks(): Promise<PreflightChecks> {
  const [{ checkPackage }, { validateConnectorFolder }] = await Promise.all([
    import('../package/generate.ts'),
    import('../validate/index.ts'),
  ]);
  return {
    checkPackage: (dir) => checkPackage(dir),
    validate: (dir, options) => validateConnectorFolder(dir, options),
  };
}

/**
 * Step 1 of a deploy: the generated files must be current and the package must validate.
 * Warnings are printed; any error stops the deploy.
 */
export async function runPreflight(
  dir: string,
  checks: PreflightChecks,
  options: { compileScript: boolean; warn: (line: string) => void },
): Promise<void> {
  const stale = await checks.checkPackage(dir);
  if (stale.length > 0) {
    // `npm run build` regenerates the repository root only.
    const build = dir === REPOSITORY_ROOT ? 'npm run build' : `npx acs-connector build --dir ${dir}`;
    throw new UserError(`The connector package in ${dir} is out of date: ${stale.join(', ')}.`, {
      hint: `Run \`${build}\` to regenerate the files, review the change, then deploy again.`,
    });
  }
  const findings = await checks.validate(dir, { compileScript: options.compileScript });
  for (const finding of findings.filter((f) => f.severity === 'warning')) {
    options.warn(`warning: ${describeFinding(finding)}`);
  }
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const list = errors.map((f) => `  - ${describeFinding(f)}${f.hint ? `\n    fix: ${f.hint}` : ''}`).join('\n');
    throw new UserError(
      `The connector package in ${dir} has ${errors.length} validation error(s); nothing was deployed:\n${list}`,
      {
        hint: `Fix the errors (\`npx acs-connector validate --dir ${dir}\` lists them) and deploy again.`,
      },
    );
  }
}

function describeFinding(finding: Finding): string {
  const where = finding.location ? `${finding.file} ${finding.location}` : finding.file;
  return `[${finding.ruleId}] ${where}: ${finding.message}`;
}
