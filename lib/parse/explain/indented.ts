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
import type { SourceLines } from "./lines";
import { isNoise } from "./noise";
import { parseOperatorLine } from "./operator";
import type { TreeNodeLine, TreeRead } from "./tree";

const INDENTED_CHILD = /^( {2})+[A-Za-z]/;

/** True when `lines.at(start)` starts a simplified tree: a root at column 0, its child two spaces in. */
export function startsIndentedTree(lines: SourceLines, start: number): boolean {
  const root = lines.at(start);
  const next = lines.at(start + 1);
  if (root === undefined || next === undefined) return false;
  return /^[A-Za-z]/.test(root) && /^ {2}[A-Za-z]/.test(next);
}

export function readIndentedTree(lines: SourceLines, start: number): TreeRead {
  const nodes: TreeNodeLine[] = [];
  const stack: { column: number; index: number }[] = [];
  // `WholeStageCodegen (n)` covers its descendants down to and including each `InputAdapter`.
  const stageOf: (number | null)[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const text = lines.at(i)!;
    if (text.length === 0) break;
    if (i > start && isNoise(text)) continue;
    if (i > start && !INDENTED_CHILD.test(text)) break;
    let column = 0;
    while (text.charCodeAt(column) === 32) column++;
    while (stack.length > 0 && stack[stack.length - 1]!.column >= column) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.index : -1;
    const inherited = parent >= 0 && nodes[parent]!.op.name !== "InputAdapter" ? stageOf[parent]! : null;
    const content = text.slice(column);
    const stage = content.startsWith("WholeStageCodegen (") ? wrapperStage(content) : inherited;
    const op = parseOperatorLine(content, false, stage);
    stageOf.push(stage);
    nodes.push({ op, line: i + 1, column, parent, aqe: null });
    stack.push({ column, index: nodes.length - 1 });
  }
  return { nodes, end: i, formatted: false, style: "indented" };
}

function wrapperStage(line: string): number | null {
  const m = /\((\d+)\)/.exec(line);
  return m ? Number(m[1]) : null;
}
