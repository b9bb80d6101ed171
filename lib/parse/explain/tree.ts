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
import type { SourceLines } from "./lines";
import { isNoise } from "./noise";
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
  /** `connector`: Spark's `+- ` trees. `indented`: the plan-stability "simplified" two-space trees. */
  readonly style: "connector" | "indented";
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
  // `+- ` / `:- ` before the operator (Comet's fallback notes print `+-  Name`), or spaces only
  // (an AQE plan root, an inner child).
  let j = col - 1;
  while (j >= 0 && text.charCodeAt(j) === 32) j--;
  if (j < 0) return true;
  if (text.charCodeAt(j) !== 45) return false;
  const k = text.charCodeAt(j - 1);
  return k === 43 || k === 58;
}

/**
 * Where the operator sits in the tree: three columns after its `+- ` connector, whatever blanks
 * follow the connector (Comet prints `+-  Name`; a paste may have turned them into a tab).
 */
function logicalColumn(text: string, contentAt: number): number {
  let j = contentAt - 1;
  while (j >= 0 && text.charCodeAt(j) === 32) j--;
  if (j >= 1 && text.charCodeAt(j) === 45) {
    const k = text.charCodeAt(j - 1);
    if (k === 43 || k === 58) return j + 2;
  }
  return contentAt;
}

/**
 * The AdaptiveSparkPlan a `+- == Final Plan ==` line belongs to. Usually it is one level up, but
 * inside a subquery Spark restarts the prefix and prints the marker in the AdaptiveSparkPlan's own
 * column; a second marker (`Initial Plan`) belongs to the same owner as the first.
 */
function markerOwner(
  stack: readonly { column: number; index: number; pseudo: boolean }[],
  nodes: readonly TreeNodeLine[],
  column: number,
): number {
  for (let k = stack.length - 1; k >= 0; k--) {
    const e = stack[k]!;
    if (e.pseudo && e.column === column - 0.5) return e.index;
    if (e.column <= column && !e.pseudo && nodes[e.index]!.op.name === "AdaptiveSparkPlan") return e.index;
  }
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.column < column) return stack[k]!.index;
  return -1;
}

export function looksFormattedRoot(text: string): boolean {
  return /\s\(\d+\)(?:,\s*Statistics\(.*\)|\s+\(.*\)|,\s+.*)?\s*$/.test(text);
}

/**
 * Reads a tree whose root is `lines.at(start)`. Stops at the first blank line or the first line that
 * does not continue the tree.
 */
export function readTree(lines: SourceLines, start: number, formatted?: boolean): TreeRead {
  const first = lines.at(start);
  if (first === undefined) return { nodes: [], end: start, formatted: false, style: "connector" };
  const isFormatted = formatted ?? looksFormattedRoot(first);
  const nodes: TreeNodeLine[] = [];
  // `pseudo` entries stand for an AQE marker line: the plan root printed under it (in the marker's
  // column) hangs from the AdaptiveSparkPlan that owns the marker.
  const stack: { column: number; index: number; pseudo: boolean }[] = [];
  const markers: { column: number; role: AqeRole }[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const text = lines.at(i)!;
    const line = i + 1;
    if (i > start && isNoise(text)) continue;
    const contentAt = contentColumn(text);
    if (i > start && !continuesTree(text, contentAt)) break;
    const content = text.slice(contentAt);
    const column = logicalColumn(text, contentAt);
    while (markers.length > 0 && markers[markers.length - 1]!.column > column) markers.pop();
    const marker = content.charCodeAt(0) === 61 ? AQE_MARKER.exec(content) : null; // '='
    if (marker) {
      while (markers.length > 0 && markers[markers.length - 1]!.column >= column) markers.pop();
      markers.push({ column, role: marker[1]!.toLowerCase() as AqeRole });
      const owner = markerOwner(stack, nodes, column);
      while (stack.length > 0 && stack[stack.length - 1]!.column >= column - 0.5) stack.pop();
      if (owner >= 0) stack.push({ column: column - 0.5, index: owner, pseudo: true });
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.column >= column) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.index : -1;
    const aqe = markers.length > 0 ? markers[markers.length - 1]!.role : null;
    nodes.push({ op: parseOperatorLine(content, isFormatted), line, column, parent, aqe });
    stack.push({ column, index: nodes.length - 1, pseudo: false });
  }
  return { nodes, end: i, formatted: isFormatted, style: "connector" };
}
