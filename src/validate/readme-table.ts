/**
 * The README's "Validator rules" table, generated from the rule modules by `build` (as the
 * "Supported Operations" section is from the model), so the table and the rules cannot drift.
 */
import { catalogCounts, catalogStatus } from './catalog.ts';
import { RULES } from './rules/index.ts';
import { msCodesOf } from './types.ts';

export const VALIDATOR_RULES_BEGIN =
  '<!-- BEGIN generated: Validator rules. `npm run build` writes this part from src/validate/rules; edit the rule modules, not this text. -->';
export const VALIDATOR_RULES_END = '<!-- END generated: Validator rules -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function renderValidatorRulesSection(): string {
  const counts = catalogCounts(catalogStatus(RULES));
  const lines = [
    `${counts.checked} of the ${counts.total} codes of Microsoft's Swagger Validator catalog are checked, ` +
      `${counts.undecidable} cannot be decided from the files alone and ${counts.pending === 0 ? 'none is left to implement' : `${counts.pending} are not yet implemented`} ` +
      '(`validate --rules` lists each code with its rule or the reason).',
    '',
    '| rule | level | file | what is checked | Microsoft code | evidence for the level |',
    '|---|---|---|---|---|---|',
    ...RULES.map(
      (rule) =>
        `| ${rule.id} | ${rule.severity} | ${cell(rule.file)} | ${cell(rule.description)} | ${msCodesOf(rule).join(', ')} | ${cell(rule.evidence)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
