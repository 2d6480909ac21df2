import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

const NESTED_ROLES = new Set(['property', 'items', 'allOf', 'additionalProperties']);

export default defineRule({
  id: 'PRP8',
  msCode: 'InvalidStringBinaryProperty',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'Binary content (type "string", format "binary") is a whole request body or a form field, not a part of one or a query, header or path value.',
  evidence: 'flags 11 of 618 certified connectors (binary properties inside JSON bodies): guidance',
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    const binary = (value: Record<string, unknown>) => value.type === 'string' && value.format === 'binary';
    for (const node of index.schemas)
      if (node.input && NESTED_ROLES.has(node.role) && binary(node.schema))
        violations.push({
          location: `${node.pointer}/format`,
          message:
            'Binary content sits inside a request body; the platform sends binary content only as the whole body or as a form field.',
          hint: 'Make the body parameter\'s schema itself the binary string, send the part as a formData parameter, or use format "byte" (base64 text).',
        });
    for (const typed of index.typed)
      if (typed.kind === 'parameter' && typed.value.in !== 'formData' && binary(typed.value))
        violations.push({
          location: `${typed.pointer}/format`,
          message: `A ${String(typed.value.in)} parameter is binary content; only a body or a form field can carry it.`,
          hint: 'Send the content as the body (a schema of type "string", format "binary") or as a formData parameter.',
        });
    return violations;
  },
});
