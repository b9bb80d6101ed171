/** window-single-partition: a Window without partitionBy, which runs in one task. */

import { isAqeWrapper, isShuffleExchange, isSort, isTransition, isWindow } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { fieldSource, nodeRef, quote } from "../evidence";
import { readPartitioning } from "../expr";
import { downThrough, indexPlan } from "../plan-index";
import type { Evidence, Finding, Rule } from "../types";

/** `windowspecdefinition(<partition exprs>, <order exprs>, <frame>)`: no partition expressions? */
function specWithoutPartition(text: string): boolean {
  const m = /windowspecdefinition\(([^,)]*)/.exec(text);
  if (!m) return false;
  const first = m[1]!.trim();
  return /\b(ASC|DESC)\b/.test(first) || /^specifiedwindowframe/.test(first);
}

function run(plan: Plan): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  for (const w of ix.physical) {
    if (!isWindow(w.name)) continue;
    const kids = ix.children(w.id);
    if (kids.length !== 1) continue;
    const below = downThrough(
      ix,
      kids[0]!,
      (n) => isSort(n.name) || isAqeWrapper(n.name) || isTransition(n.name),
    ).node;
    const evidence: Evidence[] = [];
    let ex: PlanNode | null = null;
    if (isShuffleExchange(below.name) && readPartitioning(below.details.Partitioning)?.kind === "single") {
      ex = below;
      evidence.push({
        label: "Partitioning",
        value: below.details.Partitioning!,
        source: fieldSource(below, "Partitioning"),
      });
    }
    const args = w.details.Arguments ?? w.args;
    const noSpec = specWithoutPartition(args);
    if (!ex && !noSpec) continue;
    evidence.unshift(quote(w, "Window", "Arguments", args));
    out.push({
      ruleId: "window-single-partition",
      severity: "warn",
      nodeIds: ex ? [w.id, ex.id] : [w.id],
      title: `Window without partitionBy at ${nodeRef(w)}: all rows in one task`,
      evidence,
      explanation:
        'The window has no PARTITION BY, so Spark moves every row to a single partition (Exchange SinglePartition), sorts it there and evaluates the window in one task: no parallelism, and the one task can spill or run out of memory. Spark logs "No Partition Defined for Window operation!" for this.',
      fix: "Add Window.partitionBy(...) on a key the logic allows (compute per-group running totals, then combine). For a global row number / running total, compute per-partition results and an offset per partition (mapPartitions + a small aggregate), or use monotonically_increasing_id() when only uniqueness is needed.",
    });
  }
  return out;
}

export const windowSinglePartitionRule: Rule<"window-single-partition"> = {
  id: "window-single-partition",
  description: "Window functions without partitionBy (SinglePartition exchange).",
  run,
};
