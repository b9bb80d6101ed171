/**
 * Reads one printed plan tree (TreeNode.generateTreeString) into operator lines with parents.
 *
 * Spark indents each level by three characters: `:  ` or `   ` for every ancestor, then `:- ` for a
 * child that has later siblings and `+- ` for the last child. Inner children (the cached plan under
 * `InMemoryRelation`) are indented further, and AQE prints `+- == Final Plan ==` marker lines whose
 * plan root is indented with spaces only. So a node's parent is the nearest previous node that starts
 * in a column to its left, which also holds for those two irregular cases.
 */

import type { AqeRole, Section } from "@/lib/plan/types";
import type { SourceLines } from "./lines";
import { isNoiseAt } from "./noise";
import { type DraftNode, operatorNode } from "./operator";

export interface TreeRead {
  /** The operators in print order; each is a plan node still to be completed by buildPlan. */
  readonly nodes: readonly DraftNode[];
  /** Per node: index into `nodes` of its parent, or -1 for the root(s). */
  readonly parents: readonly number[];
  /** Per node: the column its operator sits in (three per level). */
  readonly columns: readonly number[];
  /** Index (into the source lines) of the first line after the tree. */
  readonly end: number;
  readonly formatted: boolean;
  /** `connector`: Spark's `+- ` trees. `indented`: the plan-stability "simplified" two-space trees. */
  readonly style: "connector" | "indented";
}

/** Where a tree's nodes go: the section and printed tree they belong to. */
export interface TreePlace {
  readonly section: Section;
  readonly tree: string;
}

const AQE_MARKER = /^== (Final|Initial|Current) Plan ==\s*$/;

/** Offset of the first character after the tree prefix (` `, `:`, `|`, `+`, `-`). */
function contentStart(t: string, s: number, e: number): number {
  let i = s;
  for (; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 58 && c !== 124 && c !== 43 && c !== 45) break;
  }
  // `- ` inside a prefix is always preceded by `+` or `:`; an operator text never starts with
  // those characters, except a negative literal, which never starts a tree line.
  return i;
}

/** True when a line (after the root) continues a tree: it has a tree prefix or is indented. */
function continuesTree(t: string, s: number, e: number, at: number): boolean {
  if (at === s || at >= e) return false;
  // `+- ` / `:- ` before the operator (Comet's fallback notes print `+-  Name`), or spaces only
  // (an AQE plan root, an inner child).
  let j = at - 1;
  while (j >= s && t.charCodeAt(j) === 32) j--;
  if (j < s) return true;
  if (t.charCodeAt(j) !== 45 || j === s) return false;
  const k = t.charCodeAt(j - 1);
  return k === 43 || k === 58;
}

/**
 * Where the operator sits in the tree: three columns after its `+- ` connector, whatever blanks
 * follow the connector (Comet prints `+-  Name`; a paste may have turned them into a tab).
 */
function logicalColumn(t: string, s: number, at: number): number {
  let j = at - 1;
  while (j >= s && t.charCodeAt(j) === 32) j--;
  if (j >= s + 1 && t.charCodeAt(j) === 45) {
    const k = t.charCodeAt(j - 1);
    if (k === 43 || k === 58) return j - s + 2;
  }
  return at - s;
}

/**
 * The AdaptiveSparkPlan a `+- == Final Plan ==` line belongs to. Usually it is one level up, but
 * inside a subquery Spark restarts the prefix and prints the marker in the AdaptiveSparkPlan's own
 * column; a second marker (`Initial Plan`) belongs to the same owner as the first.
 */
function markerOwner(stack: Stack, nodes: readonly DraftNode[], column: number): number {
  for (let k = stack.size - 1; k >= 0; k--) {
    const c = stack.columns[k]!;
    const index = stack.indices[k]!;
    const pseudo = stack.pseudo[k] === 1;
    if (pseudo && c === column - 0.5) return index;
    if (c <= column && !pseudo && nodes[index]!.name === "AdaptiveSparkPlan") return index;
  }
  for (let k = stack.size - 1; k >= 0; k--) if (stack.columns[k]! < column) return stack.indices[k]!;
  return -1;
}

/** Open ancestors, as parallel arrays (no object per tree line). */
interface Stack {
  size: number;
  readonly columns: number[];
  readonly indices: number[];
  /** 1: an AQE marker line (the plan root printed under it hangs from the marker's owner). */
  readonly pseudo: number[];
}

function push(stack: Stack, column: number, index: number, pseudo: number): void {
  stack.columns[stack.size] = column;
  stack.indices[stack.size] = index;
  stack.pseudo[stack.size] = pseudo;
  stack.size++;
}

export function looksFormattedRoot(text: string): boolean {
  return /\s\(\d+\)(?:,\s*Statistics\(.*\)|\s+\(.*\)|,\s+.*)?\s*$/.test(text);
}

/**
 * Reads a tree whose root is line `start`. Stops at the first blank line, the first line that
 * does not continue the tree, or line `limit`.
 */
export function readTree(
  lines: SourceLines,
  start: number,
  place: TreePlace,
  formatted?: boolean,
  limit = lines.length,
): TreeRead {
  const first = lines.at(start);
  if (first === undefined) {
    return { nodes: [], parents: [], columns: [], end: start, formatted: false, style: "connector" };
  }
  const isFormatted = formatted ?? looksFormattedRoot(first);
  const t = lines.text;
  const nodes: DraftNode[] = [];
  const parents: number[] = [];
  const columns: number[] = [];
  const stack: Stack = { size: 0, columns: [], indices: [], pseudo: [] };
  const markers: { column: number; role: AqeRole }[] = [];
  let i = start;
  for (; i < limit; i++) {
    const s = lines.start(i);
    const e = lines.end(i);
    if (i > start && isNoiseAt(t, s, e)) continue;
    const at = contentStart(t, s, e);
    if (i > start && !continuesTree(t, s, e, at)) break;
    // `+-...`: a shell cut the text here (Scala's REPL shortens long values). Not an operator: the
    // tree ends, and the operator above, left without its input, says the plan is cut off.
    if (e - at === 3 && t.startsWith("...", at)) break;
    const column = logicalColumn(t, s, at);
    while (markers.length > 0 && markers[markers.length - 1]!.column > column) markers.pop();
    const marker = t.charCodeAt(at) === 61 ? AQE_MARKER.exec(t.slice(at, e)) : null; // '='
    if (marker) {
      while (markers.length > 0 && markers[markers.length - 1]!.column >= column) markers.pop();
      markers.push({ column, role: marker[1]!.toLowerCase() as AqeRole });
      const owner = markerOwner(stack, nodes, column);
      while (stack.size > 0 && stack.columns[stack.size - 1]! >= column - 0.5) stack.size--;
      if (owner >= 0) push(stack, column - 0.5, owner, 1);
      continue;
    }
    while (stack.size > 0 && stack.columns[stack.size - 1]! >= column) stack.size--;
    const parent = stack.size > 0 ? stack.indices[stack.size - 1]! : -1;
    const aqe = markers.length > 0 ? markers[markers.length - 1]!.role : null;
    nodes.push(operatorNode(lines, at, e, isFormatted, null, i + 1, place.section, place.tree, aqe));
    parents.push(parent);
    columns.push(column);
    push(stack, column, nodes.length - 1, 0);
  }
  return { nodes, parents, columns, end: i, formatted: isFormatted, style: "connector" };
}
