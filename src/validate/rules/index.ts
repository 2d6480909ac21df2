import { hostScriptRules } from '../compile.ts';
import type { Rule } from '../types.ts';
import { definitionRules } from './definition.ts';
import { iconRules } from './icon.ts';
import { propertiesRules } from './properties.ts';
import { scriptRules } from './script.ts';
import { structureRules } from './structure.ts';

const byScriptId = (a: Rule, b: Rule) => Number(a.id.slice(3)) - Number(b.id.slice(3));

/** Every rule of the validator, in report order. Ids are stable; see each rule's notes for limits. */
export const RULES: readonly Rule[] = [
  ...structureRules,
  ...definitionRules,
  ...propertiesRules,
  ...[...scriptRules, ...hostScriptRules].sort(byScriptId),
  ...iconRules,
];
