/**
 * Reads one printed plan tree (TreeNode.generateTreeString) into operator lines with parents.
 *
 * Spark indents each level by three characters: `:  ` or `   ` for every ancestor, then `:- ` for a
 * child that has later siblings and `+- ` for the last child. Inner children (the cached plan under
 * `InMemoryRelation`) are indented further, and AQE prints `+- == Final Plan ==` marker lines whose
 * plan root is indented with spaces only. So a node's parent is the nearest previous node that starts
 * in a column to its left, which also holds for those two irregular cases.
 */
import type { AqeRole } from "@/lib/plan/types";
import type { SourceLine } from "./lines";
import { type OperatorLine, parseOperatorLine } from "./operator";

export interface TreeNodeLine {
  readonly op: OperatorLine;
  readonly line: number;
  readonly column: number;
  /** Index into the returned `nodes` of the parent, or -1 for the root(s). */
  readonly parent: number;
  readonly aqe: AqeRole | null;
}

export interface TreeRead {
  readonly nodes: readonly TreeNodeLine[];
  /** Index (into the source lines) of the first line after the tree. */
  readonly end: number;
  readonly formatted: boolean;
}

const PREFIX_CHARS = " :|+-";
const AQE_MARKER = /^== (Final|Initial|Current) Plan ==\s*$/;
const CONNECTOR = /[+:]- $/;

function contentColumn(text: string): number {
  let i = 0;
  while (i < text.length && PREFIX_CHARS.includes(text[i]!)) i++;
  // `- ` inside a prefix is always preceded by `+` or `:`; an operator text never starts with
  // those characters, except a negative literal, which never starts a tree line.
  return i;
}

/** True when a line (after the root) continues a tree: it has a tree prefix or is indented. */
function continuesTree(text: string): boolean {
  if (text.length === 0 || text.trim().length === 0) return false;
  const col = contentColumn(text);
  if (col === 0) return false;
  return CONNECTOR.test(text.slice(0, col)) || /^ +$/.test(text.slice(0, col));
}

export function looksFormattedRoot(text: string): boolean {
  return /\s\(\d+\)(?:,\s*Statistics\(.*\))?\s*$/.test(text);
}

/**
 * Reads a tree whose root is `lines[start]`. Stops at the first blank line or the first line that
 * does not continue the tree.
 */
export function readTree(lines: readonly SourceLine[], start: number, formatted?: boolean): TreeRead {
  const first = lines[start];
  if (!first) return { nodes: [], end: start, formatted: false };
  const isFormatted = formatted ?? looksFormattedRoot(first.text);
  const nodes: TreeNodeLine[] = [];
  const stack: { column: number; index: number }[] = [];
  const markers: { column: number; role: AqeRole }[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const { text, line } = lines[i]!;
    if (i > start && !continuesTree(text)) break;
    const column = contentColumn(text);
    const content = text.slice(column).trimEnd();
    while (markers.length > 0 && markers[markers.length - 1]!.column > column) markers.pop();
    const marker = AQE_MARKER.exec(content);
    if (marker) {
      while (markers.length > 0 && markers[markers.length - 1]!.column >= column) markers.pop();
      markers.push({ column, role: marker[1]!.toLowerCase() as AqeRole });
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.column >= column) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.index : -1;
    const aqe = markers.length > 0 ? markers[markers.length - 1]!.role : null;
    nodes.push({ op: parseOperatorLine(content, isFormatted), line, column, parent, aqe });
    stack.push({ column, index: nodes.length - 1 });
  }
  return { nodes, end: i, formatted: isFormatted };
}
