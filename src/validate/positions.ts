/**
 * Where a finding is in its file, as line and column, for the formats that editors and CI tools
 * read (SARIF, GitHub and Azure Pipelines annotations). A JSON pointer is looked up in a
 * position-aware parse of the file (jsonc-parser, which also reads the files a strict parser
 * refuses); a pointer that leads nowhere (a member that is missing) points at the nearest part
 * that exists. "line 3, column 7" locations (JSON syntax, script.csx) are taken as they are.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { lineIndex } from '../shared/json.ts';

export interface Position {
  line: number;
  column: number;
}

/** Line and column lookups into one file's text; the parse is made on first use only. */
export function positionsIn(text: string): (location: string) => Position | undefined {
  let tree: Node | undefined | null = null;
  let lines: ReturnType<typeof lineIndex> | undefined;
  return (location) => {
    const stated = /^line (\d+)(?:, column (\d+))?/.exec(location);
    if (stated) return { line: Number(stated[1]), column: Number(stated[2] ?? 1) };
    if (!location.startsWith('/')) return undefined;
    if (tree === null) tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    lines ??= lineIndex(text);
    return lines(offsetOf(tree, location));
  };
}

/** Offset of what the pointer names: a member's name when it is an object member, else the value; the nearest existing part when it leads nowhere. */
function offsetOf(root: Node | undefined, location: string): number {
  if (!root) return 0;
  let node = root;
  let offset = root.offset;
  const segments = location === '/' ? [] : location.slice(1).split('/');
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    let next: Node | undefined;
    let at: number | undefined;
    if (node.type === 'object') {
      const member = node.children?.find((property) => property.children?.[0]?.value === segment);
      next = member?.children?.[1];
      at = member?.offset;
    } else if (node.type === 'array' && /^\d+$/.test(segment)) {
      next = node.children?.[Number(segment)];
      at = next?.offset;
    }
    if (!next || at === undefined) break;
    node = next;
    offset = at;
  }
  return offset;
}
