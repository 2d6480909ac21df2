import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, allParameters } from '../../../connector-folder/index.ts';
import { nameOf, schemaProperties } from './shared.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { VISIBILITIES } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

function visibility(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const { value: setting, pointer: at } of definitionIndex(context).extensionsNamed('x-ms-visibility')) {
    if (!(VISIBILITIES as readonly unknown[]).includes(setting)) {
      violations.push({
        location: at,
        message: `x-ms-visibility ${quote(setting)} is not allowed.`,
        hint: 'Use "important", "advanced" or "internal".',
      });
    }
  }
  const needsDefault = (thing: string, location: string): Violation => ({
    location,
    message: `${thing} is required and internal but has no default, so makers could never supply it.`,
    hint: 'Give it a "default" value, or make it visible ("important" or "advanced").',
  });
  const walkedRefs = new Set<string>();
  for (const { parameter, pointer: at } of allParameters(context.operations)) {
    if (parameter.required === true && parameter['x-ms-visibility'] === 'internal' && parameter.default === undefined) {
      violations.push(needsDefault(`Parameter ${nameOf(parameter)}`, at));
    }
    if (parameter.in === 'body') {
      schemaProperties(
        context,
        parameter.schema,
        `${at}/schema`,
        (name, property, location, required) => {
          if (required && property['x-ms-visibility'] === 'internal' && property.default === undefined)
            violations.push(needsDefault(`Body property "${name}"`, location));
        },
        walkedRefs,
      );
    }
  }
  return violations;
}

export default defineRule({
  id: 'S12',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'x-ms-visibility is "important", "advanced" or "internal"; a required internal parameter or body property has a default.',
  evidence: 'certification guidance: flags 188 of 618 certified connectors',
  check: visibility,
});
