/**
 * A plan cut short (a partial copy, a notebook output limit) still parses; these checks say where
 * it stops. Operators that always have an input but were printed without one mark the cut.
 */
import type { PlanNode, Warning } from "@/lib/plan/types";

const UNARY = new Set([
  "Filter",
  "Project",
  "Sort",
  "Exchange",
  "ShuffleExchange",
  "BroadcastExchange",
  "HashAggregate",
  "SortAggregate",
  "ObjectHashAggregate",
  "ColumnarToRow",
  "RowToColumnar",
  "InputAdapter",
  "WholeStageCodegen",
  "AdaptiveSparkPlan",
  "AQEShuffleRead",
  "CustomShuffleReader",
  "ShuffleQueryStage",
  "BroadcastQueryStage",
  "TakeOrderedAndProject",
  "CollectLimit",
  "GlobalLimit",
  "LocalLimit",
  "Window",
  "Expand",
  "Generate",
  "Coalesce",
  "BatchEvalPython",
  "ArrowEvalPython",
  "SubqueryAlias",
  "Aggregate",
  "WriteFiles",
  "Subquery",
  "SubqueryBroadcast",
  "InMemoryRelation",
  "DeserializeToObject",
  "SerializeFromObject",
  "MapElements",
  "MapPartitions",
  "FlatMapGroupsInPandas",
  "MapInPandas",
  "WindowGroupLimit",
  "Distinct",
]);
const BINARY = new Set([
  "BroadcastHashJoin",
  "SortMergeJoin",
  "ShuffledHashJoin",
  "BroadcastNestedLoopJoin",
  "CartesianProduct",
  "Join",
]);

/** `inputs[i]`: how many child edges lead into `nodes[i]`. */
export function truncationWarnings(nodes: readonly PlanNode[], inputs: readonly number[]): Warning[] {
  const out: Warning[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const k = inputs[i] ?? 0;
    if (k === 0 && (UNARY.has(n.name) || BINARY.has(n.name))) {
      out.push({
        code: "cut-tree",
        message: `${n.name} has no input operator: the plan looks cut off here.`,
        line: n.line,
      });
    } else if (k === 1 && BINARY.has(n.name)) {
      out.push({
        code: "cut-tree",
        message: `${n.name} has only one input: the plan looks cut off below it.`,
        line: n.line,
      });
    }
  }
  const last = nodes[nodes.length - 1];
  if (last && !lineBalanced(last.name, last.args, last.stats ?? "")) {
    out.push({
      code: "cut-last-line",
      message: `The line of ${last.name} ends inside brackets: it looks cut off.`,
      line: last.line,
    });
  }
  return out;
}

/** `balanced` of `name args stats`, without building that line when Spark shortened nothing in it. */
function lineBalanced(name: string, args: string, stats: string): boolean {
  if (name.includes("...") || args.includes("...") || stats.includes("...")) {
    return balanced([name, args, stats].join(" ")); // joined: a flat string to scan
  }
  let depth = 0;
  for (const part of [name, args, stats]) {
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c === 40 || c === 91) depth++;
      else if ((c === 41 || c === 93) && depth > 0) depth--;
    }
  }
  return depth === 0;
}

export function balanced(text: string): boolean {
  // Spark itself shortens long values inside brackets: `Location: InMemoryFileIndex(4 paths)[file:/a/b...,`
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) {
      // A `[` whose bracket-free run holds `...` was shortened by Spark: skip it up to the last `...`.
      let dotsEnd = -1;
      for (let run = i + 1; run < text.length; run++) {
        const r = text.charCodeAt(run);
        if (r === 91 || r === 93) break;
        if (r === 46 && run >= i + 3 && text.charCodeAt(run - 1) === 46 && text.charCodeAt(run - 2) === 46)
          dotsEnd = run;
      }
      if (dotsEnd > 0) {
        i = dotsEnd;
        continue;
      }
      depth++;
    } else if (c === 40) depth++;
    else if ((c === 41 || c === 93) && depth > 0) depth--;
  }
  return depth === 0;
}
