import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { quote } from '../text.ts';
import { operationName } from './shared.ts';

/**
 * Above this many operations of one method with as many segments, similar paths are not compared
 * pairwise: the comparison is quadratic, and such a file already breaks the 256-operation limit (S7).
 */
const MAX_COMPARED = 512;

/** A template with its variables blanked: the shape the platform routes by. */
const shapeOf = (path: string) => path.toLowerCase().replace(/\{[^{}/]*\}/g, '{}');
const isVariable = (segment: string) => /^\{[^{}/]*\}$/.test(segment);

function pathTemplates(context: ValidationContext): Violation[] {
  const paths = context.definition?.paths;
  if (!isObject(paths)) return [];
  const violations: Violation[] = [];
  const byLowerCase = new Map<string, string>();
  for (const path of Object.keys(paths)) {
    if (path.startsWith('x-')) continue;
    const at = pointer('paths', path);
    const earlier = byLowerCase.get(path.toLowerCase());
    if (earlier !== undefined)
      violations.push({
        msCode: 'PathRedefined',
        location: at,
        message: `The path ${quote(path)} is also written as ${quote(earlier)}; paths may differ only in more than letter case.`,
        hint: 'Keep one of the two paths and move the operations of the other into it.',
      });
    else byLowerCase.set(path.toLowerCase(), path);
    if (!path.startsWith('/'))
      violations.push({
        msCode: 'OperationPathMustStartWithSlash',
        location: at,
        message: `The path ${quote(path)} does not start with "/".`,
        hint: `Write it as ${quote(`/${path}`)}.`,
      });
    if (/[?#]/.test(path))
      violations.push({
        msCode: 'OperationPathMayNotContainQueryOrFragment',
        location: at,
        message: `The path ${quote(path)} holds a query ("?") or fragment ("#") part.`,
        hint: 'Declare query values as parameters with "in": "query"; write a literal "?" or "#" as %3F or %23.',
      });
    if (path.includes('*'))
      violations.push({
        msCode: 'OperationPathContainsUnsupportedCharacters',
        location: at,
        message: `The path ${quote(path)} contains the wildcard "*".`,
        hint: 'Replace the wildcard with a path parameter such as {name}.',
      });
    if (/\{[^{}/]*=[^{}/]*\}/.test(path))
      violations.push({
        msCode: 'OperationPathVariablesContainDefaults',
        location: at,
        message: `A variable of the path ${quote(path)} sets a default value with "=".`,
        hint: 'Write the variable as {name} and give the default on its path parameter instead.',
      });
    else if (path.split('/').some((segment) => /[{}]/.test(segment.replace(/\{[^{}/]+\}/g, ''))))
      violations.push({
        msCode: 'OperationPathTemplateNotValid',
        location: at,
        message: `The path ${quote(path)} has a "{" or "}" that does not enclose a variable within one segment.`,
        hint: 'Enclose each variable as {name} inside one segment between slashes; write a literal brace as %7B or %7D.',
      });
  }
  violations.push(...similarPaths(context));
  return violations;
}

/** Operations of one method whose templates route the same request to more than one of them. */
function similarPaths(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const groups = new Map<string, typeof context.operations>();
  for (const entry of context.operations) {
    const key = `${entry.method} ${entry.path.split('/').length}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  for (const group of groups.values()) {
    const byShape = new Map<string, (typeof group)[number]>();
    for (const entry of group) {
      const shape = shapeOf(entry.path);
      const twin = byShape.get(shape);
      // Paths equal but for letter case are PathRedefined's to report.
      if (twin && twin.path.toLowerCase() !== entry.path.toLowerCase())
        violations.push({
          msCode: 'DuplicateOperationPath',
          location: entry.pointer,
          message: `Operations ${operationName(twin)} (${twin.path}) and ${operationName(entry)} (${entry.path}) cannot be told apart: their paths differ only in the names of variables.`,
          hint: 'Give one of the paths a different fixed segment, or merge the two operations.',
        });
      else if (!twin) byShape.set(shape, entry);
    }
    if (group.length > MAX_COMPARED) continue;
    const segmentsOf = group.map((entry) => entry.path.toLowerCase().split('/'));
    for (let later = 1; later < group.length; later++) {
      const similar: string[] = [];
      for (let earlier = 0; earlier < later; earlier++) {
        const a = segmentsOf[earlier]!;
        const b = segmentsOf[later]!;
        let differsByVariable = false;
        let matches = true;
        for (let position = 0; position < a.length && matches; position++) {
          if (a[position] === b[position]) continue;
          const variableA = isVariable(a[position]!);
          const variableB = isVariable(b[position]!);
          if (variableA !== variableB) differsByVariable = true;
          else if (!variableA) matches = false;
        }
        if (matches && differsByVariable) similar.push(group[earlier]!.path);
      }
      if (similar.length > 0) {
        const entry = group[later]!;
        violations.push({
          severity: 'warning',
          msCode: 'PartialDuplicateOperationPath',
          location: entry.pointer,
          message: `The path of ${operationName(entry)} (${entry.path}) also matches ${similar.join(', ')} when a path parameter takes the value of a fixed segment, so such a call may reach the wrong operation.`,
          hint: 'Give the operations different fixed segments so that every request reaches one operation only.',
        });
      }
    }
  }
  return violations;
}

export default defineRule({
  id: 'OP1',
  msCode: [
    'PathRedefined',
    'OperationPathMustStartWithSlash',
    'OperationPathMayNotContainQueryOrFragment',
    'OperationPathContainsUnsupportedCharacters',
    'OperationPathVariablesContainDefaults',
    'OperationPathTemplateNotValid',
    'DuplicateOperationPath',
    'PartialDuplicateOperationPath',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Paths start with "/", hold no query, fragment, "*" or variable defaults, enclose each variable in one segment, differ in more than letter case, and route each request to one operation.',
  evidence:
    'the maker portal refuses paths that differ only in letter case (PathRedefined); a path without a leading "/" breaks the Swagger 2.0 schema; every other path error flags 0 of 618 certified connectors; paths that a parameter value can make meet flag 59: a warning',
  check: pathTemplates,
});
