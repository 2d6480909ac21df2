import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex, type SchemaNode } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

interface Edge {
  to: SchemaNode;
  /** The edge enters a required property. */
  required: boolean;
}

export default defineRule({
  id: 'RSP4',
  msCode: 'RequiredLoopInSchemaNotAllowed',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'No schema requires, through its required properties (and $refs, allOf), a value of its own kind: no finite value could satisfy it.',
  evidence: 'flags 0 of 618 certified connectors',
  notes: "A loop through arrays or optional properties is fine (it can end); a loop of $refs alone is SW3's.",
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    const edges = new Map<SchemaNode, Edge[]>();
    const addEdge = (from: SchemaNode, edge: Edge) => {
      const list = edges.get(from);
      if (list) list.push(edge);
      else edges.set(from, [edge]);
    };
    for (const node of index.schemas) {
      if (node.parent && node.role === 'property' && node.required) addEdge(node.parent, { to: node, required: true });
      if (node.parent && node.role === 'allOf') addEdge(node.parent, { to: node, required: false });
      const target = node.refTarget === undefined ? undefined : index.schemaAt(node.refTarget);
      if (target) addEdge(node, { to: target, required: false });
    }
    // Iterative depth-first search; a back edge closes a loop, which counts when it holds a required edge.
    const state = new Map<SchemaNode, 'open' | 'done'>();
    const depthOf = new Map<SchemaNode, number>();
    const violations: Violation[] = [];
    for (const root of index.schemas) {
      if (state.has(root)) continue;
      const stack: Array<{ node: SchemaNode; next: number }> = [{ node: root, next: 0 }];
      // requiredSoFar[i]: required edges on the path from the root to stack[i].
      const requiredSoFar: number[] = [0];
      state.set(root, 'open');
      depthOf.set(root, 0);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const out = edges.get(top.node) ?? [];
        if (top.next >= out.length) {
          state.set(top.node, 'done');
          stack.pop();
          requiredSoFar.pop();
          continue;
        }
        const edge = out[top.next++]!;
        const seen = state.get(edge.to);
        const here = requiredSoFar[requiredSoFar.length - 1]! + (edge.required ? 1 : 0);
        if (seen === undefined) {
          state.set(edge.to, 'open');
          depthOf.set(edge.to, stack.length);
          stack.push({ node: edge.to, next: 0 });
          requiredSoFar.push(here);
        } else if (seen === 'open' && here - requiredSoFar[depthOf.get(edge.to)!]! > 0) {
          const closing = edge.required ? edge.to : top.node;
          violations.push({
            location: closing.pointer,
            message: `Required properties loop back to ${edge.to.pointer}: a value would have to contain itself without end.`,
            hint: 'Make one property of the loop optional (remove it from "required").',
          });
        }
      }
    }
    return violations;
  },
});
