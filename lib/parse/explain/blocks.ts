/**
 * What follows a plan's tree in some modes, read into its pending plan: formatted mode's detail
 * blocks and subquery trees, codegen mode's subtrees with their generated Java, a vendor's note.
 */
import type { Warning } from "@/lib/plan/types";
import { detailHeaderId, readDetailBlock, SUBQUERY_HEADER } from "./details";
import { NOTE_HEADER, sectionHeader } from "./headers";
import type { SourceLines } from "./lines";
import type { PendingPlan } from "./pending";
import { readTree } from "./tree";

const GENERATED_LINE = /^\/\* \d+ \*\//;
const CODEGEN_SUBTREE = /^== Subtree (\d+) \/ (\d+)(?: \((.*)\))? ==$/;

/** Formatted mode: detail blocks, then `===== Subqueries =====` with a tree per subquery. */
export function readFormattedTail(
  lines: SourceLines,
  start: number,
  plan: PendingPlan,
  warnings: Warning[],
): number {
  const t = lines.text;
  let i = start;
  while (i < lines.length) {
    const s = lines.start(i);
    const e = lines.end(i);
    const line = i + 1;
    const c0 = t.charCodeAt(s);
    if (e === s || (c0 === 61 && t.slice(s, e) === "===== Subqueries =====")) {
      i++;
      continue;
    }
    const id = c0 === 40 ? detailHeaderId(lines, i) : -1; // '('
    if (id >= 0) {
      const second = plan.details.has(id);
      if (second)
        warnings.push({
          code: "duplicate-details",
          message: `Operator id (${id}) has a second detail block.`,
          line,
        });
      i = readDetailBlock(lines, i, second ? null : plan.details);
      plan.endLine = i;
      continue;
    }
    const sq = c0 === 83 ? SUBQUERY_HEADER.exec(t.slice(s, e)) : null; // 'S'
    if (sq) {
      const index = Number(sq[1]);
      let tree: string | null = null;
      i++;
      if (
        i < lines.length &&
        !lines.blank(i) &&
        detailHeaderId(lines, i) < 0 &&
        !SUBQUERY_HEADER.test(lines.at(i)!)
      ) {
        tree = `subquery:${index}`;
        const read = readTree(lines, i, { section: "physical", tree }, true);
        plan.trees.push({ read, section: "physical", tree });
        i = read.end;
      }
      plan.subqueries.push({
        index,
        hostingOperatorId: Number(sq[2]),
        hostingExpression: sq[3]!,
        tree,
        line,
      });
      plan.endLine = i;
      continue;
    }
    break;
  }
  return i;
}

/** `== Subtree i / N (...) ==`, the subtree, `Generated code:` and the numbered Java lines. */
export function readCodegenSubtrees(lines: SourceLines, start: number, plan: PendingPlan): number {
  let i = start;
  while (i < lines.length) {
    const text = lines.at(i)!;
    const sub = CODEGEN_SUBTREE.exec(text);
    if (!sub) {
      if (text.length === 0) {
        i++;
        continue;
      }
      break;
    }
    const index = Number(sub[1]);
    i++;
    while (i < lines.length && lines.blank(i)) i++;
    if (i >= lines.length) break;
    const tree = `codegen:${index}`;
    const read = readTree(lines, i, { section: "physical", tree });
    plan.trees.push({ read, section: "physical", tree });
    plan.endLine = read.end;
    i = read.end;
    while (i < lines.length && lines.blank(i)) i++;
    if (lines.at(i) === "Generated code:") {
      const codeStart = i + 2;
      i++;
      while (
        i < lines.length &&
        !CODEGEN_SUBTREE.test(lines.at(i)!) &&
        (lines.blank(i) || GENERATED_LINE.test(lines.at(i)!))
      )
        i++;
      plan.generatedCode.push({
        subtree: index,
        stage: read.nodes[0]?.codegenStage ?? null,
        header: sub[3] ?? "",
        startLine: codeStart,
        endLine: i,
      });
      plan.endLine = i;
    }
  }
  return i;
}

/** A titled paragraph after a plan, up to the next blank line pair or section header. */
export function readNote(lines: SourceLines, start: number, title: string, plan: PendingPlan): number {
  let i = start + 1;
  const text: string[] = [];
  while (i < lines.length && sectionHeader(lines, i) === null && !NOTE_HEADER.test(lines.at(i)!)) {
    if (lines.blank(i) && lines.blank(i + 1)) break;
    text.push(lines.at(i)!);
    i++;
  }
  plan.notes.push({ title, text: text.join("\n").trim(), line: start + 1 });
  plan.endLine = i;
  return i;
}
