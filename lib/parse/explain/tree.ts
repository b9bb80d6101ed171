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

const AQE_MARKER = /^== (Final|Initial|Current) Plan ==\s*$/;

function contentColumn(text: string): number {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i); // ' ' ':' '|' '+' '-'
    if (c !== 32 && c !== 58 && c !== 124 && c !== 43 && c !== 45) break;
  }
  // `- ` inside a prefix is always preceded by `+` or `:`; an operator text never starts with
  // those characters, except a negative literal, which never starts a tree line.
  return i;
}

/** True when a line (after the root) continues a tree: it has a tree prefix or is indented. */
function continuesTree(text: string, col: number): boolean {
  if (col === 0 || col >= text.length) return false;
  // `+- ` / `:- ` right before the operator, or spaces only (an AQE plan root, an inner child).
  const c = text.charCodeAt(col - 2);
  if (c === 45 && text.charCodeAt(col - 1) === 32) {
    const k = text.charCodeAt(col - 3);
    return k === 43 || k === 58;
  }
  for (let i = 0; i < col; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

export function looksFormattedRoot(text: string): boolean {
  return /\s\(\d+\)(?:,\s*Statistics\(.*\))?\s*$/.test(text);
}

/**
 * Reads a tree whose root is `lines[start]`. Stops at the first blank line or the first line that
 * does not continue the tree.
 */
export function readTree(lines: readonly string[], start: number, formatted?: boolean): TreeRead {
  const first = lines[start];
  if (first === undefined) return { nodes: [], end: start, formatted: false };
  const isFormatted = formatted ?? looksFormattedRoot(first);
  const nodes: TreeNodeLine[] = [];
  const stack: { column: number; index: number }[] = [];
  const markers: { column: number; role: AqeRole }[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const text = lines[i]!;
    const line = i + 1;
    const column = contentColumn(text);
    if (i > start && !continuesTree(text, column)) break;
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
