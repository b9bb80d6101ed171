/**
 * The "simplified" tree Spark's plan-stability goldens print (PlanStabilitySuite.simplifyNode) and
 * Comet/Gluten copy: two spaces per level, no connectors, `WholeStageCodegen (n)` and `InputAdapter`
 * printed as nodes, exchanges and subqueries numbered `#n` so that `ReusedExchange ... #n` and
 * `ReusedSubquery ... #n` can name what they reuse.
 *
 *   TakeOrderedAndProject [c_customer_id]
 *     WholeStageCodegen (9)
 *       Project [c_customer_id]
 */
import { isLetter } from "./chars";
import type { SourceLines } from "./lines";
import { isNoiseAt } from "./noise";
import { type DraftNode, operatorNode } from "./operator";
import type { TreePlace, TreeRead } from "./tree";

/**
 * True when line `start` starts a simplified tree: a root at column 0, its child two spaces in,
 * both named like Spark operators (`HashAggregate`, `WholeStageCodegen`), which SQL text indented
 * the same way (`SELECT a` / `  FROM t`) is not.
 */
export function startsIndentedTree(lines: SourceLines, start: number): boolean {
  if (start + 1 >= lines.length) return false;
  const t = lines.text;
  const next = lines.start(start + 1);
  return (
    t.charCodeAt(next) === 32 &&
    t.charCodeAt(next + 1) === 32 &&
    operatorWord(t, lines.start(start), lines.end(start)) &&
    operatorWord(t, next + 2, lines.end(start + 1))
  );
}

/** `t[s..e)` starts with a CamelCase word: a capital, then letters or digits, some lower case. */
function operatorWord(t: string, s: number, e: number): boolean {
  const c0 = t.charCodeAt(s);
  if (s >= e || c0 < 65 || c0 > 90) return false;
  let lower = false;
  for (let p = s + 1; p < e; p++) {
    const c = t.charCodeAt(p);
    if (c >= 97 && c <= 122) lower = true;
    else if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) break;
  }
  return lower;
}

/** Reads a simplified tree whose root is line `start`, up to line `limit` at most. */
export function readIndentedTree(
  lines: SourceLines,
  start: number,
  place: TreePlace,
  limit = lines.length,
): TreeRead {
  const t = lines.text;
  const nodes: DraftNode[] = [];
  const parents: number[] = [];
  const columns: number[] = [];
  // Open ancestors: their columns and indices (parallel arrays, no object per line).
  const stackColumns: number[] = [];
  const stackIndices: number[] = [];
  let depth = 0;
  // `WholeStageCodegen (n)` covers its descendants down to and including each `InputAdapter`.
  const stageOf: (number | null)[] = [];
  let i = start;
  for (; i < limit; i++) {
    const s = lines.start(i);
    const e = lines.end(i);
    if (e === s) break;
    if (i > start && isNoiseAt(t, s, e)) continue;
    let column = 0;
    while (t.charCodeAt(s + column) === 32) column++;
    // A child line: whole two-space steps, then a letter.
    if (i > start && (column === 0 || column % 2 !== 0 || !isLetter(t.charCodeAt(s + column)))) break;
    while (depth > 0 && stackColumns[depth - 1]! >= column) depth--;
    const parent = depth > 0 ? stackIndices[depth - 1]! : -1;
    const inherited = parent >= 0 && nodes[parent]!.name !== "InputAdapter" ? stageOf[parent]! : null;
    const at = s + column;
    const stage = t.startsWith("WholeStageCodegen (", at) ? wrapperStage(t, at + 19, e) : inherited;
    nodes.push(operatorNode(lines, at, e, false, stage, i + 1, place.section, place.tree, null));
    parents.push(parent);
    columns.push(column);
    stageOf.push(stage);
    stackColumns[depth] = column;
    stackIndices[depth] = nodes.length - 1;
    depth++;
  }
  return { nodes, parents, columns, end: i, formatted: false, style: "indented" };
}

/** The `n` of `WholeStageCodegen (n)`, read from just after the `(`. */
function wrapperStage(t: string, p: number, e: number): number | null {
  let n = 0;
  const from = p;
  for (; p < e; p++) {
    const c = t.charCodeAt(p);
    if (c < 48 || c > 57) break;
    n = n * 10 + c - 48;
  }
  return p > from && t.charCodeAt(p) === 41 ? n : null;
}
