import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { describeCycle, refCycles } from '../../../shared/ref-cycles.ts';
import { definitionIndex } from '../../engine/definition-index.ts';

function selfDefinedSchemas(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const everyObject = definitionIndex(context).objects.map(({ object }) => object);
  return refCycles(context.definition, everyObject).map(({ pointer: location, refs }) => ({
    location: location || '/',
    message: `This schema is defined only by itself: ${describeCycle({ pointer: location, refs })}. Nothing on the cycle adds a property, item or type, so schema tools (the runtime's check among them) recurse into it forever.`,
    hint: 'Give one schema on the cycle its own content (type, properties) or point a $ref at a schema that has it; recursion through properties or items (a tree) is fine.',
  }));
}

export default defineRule({
  id: 'SW3',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'No $ref cycle that defines nothing (A → B → A, A → A, allOf of itself).',
  evidence: 'schema tools recurse into it forever; flags 0 of 618 certified connectors',
  notes:
    'None of the 607 certified connectors with a readable definition has one; 29 recurse through properties or items, which stays allowed.',
  check: selfDefinedSchemas,
});
