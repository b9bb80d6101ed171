/** collect-limit: CollectLimit over an input that must be fully computed (a shuffle below) or is huge. */

import { isBroadcastExchange, isShuffleExchange } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { metricOf, metricSource, nodeRef, treeLine } from "../evidence";
import { formatCount } from "../expr";
import { indexPlan, type PlanIndex } from "../plan-index";
import type { Evidence, Finding, Rule, RuleContext } from "../types";

/**
 * The operators whose rows stream up to `n`. A broadcast's build side is left out: it is built once,
 * whole, whatever the limit (TPC-DS q32: an aggregate's shuffle under a BroadcastExchange), while the
 * limit still stops the streamed side — usually the big scan — early.
 */
function streamedBelow(ix: PlanIndex, n: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const stack = [...ix.children(n.id)];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (isBroadcastExchange(c.name)) continue;
    out.push(c);
    stack.push(...ix.children(c.id));
  }
  return out;
}

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  for (const n of ix.physical) {
    if (!/^(CollectLimit|CometCollectLimit|GpuCollectLimit|CollectLimitExecTransformer)$/.test(n.name))
      continue;
    const shuffle = streamedBelow(ix, n).find((d) => isShuffleExchange(d.name));
    const child = ix.children(n.id)[0];
    const rows = child ? metricOf(ctx.metrics, child, /^number of output rows$/) : undefined;
    const huge = rows && rows.total !== null && rows.total >= ctx.config.collectLimitRows;
    if (!shuffle && !huge) continue;
    const evidence: Evidence[] = [treeLine(n, "Limit")];
    if (shuffle) evidence.push(treeLine(shuffle, "Shuffle below the limit"));
    if (rows && child && rows.total !== null)
      evidence.push({
        label: "Rows into the limit",
        value: formatCount(rows.total),
        source: metricSource(child, rows),
      });
    out.push({
      ruleId: "collect-limit",
      severity: huge ? "warn" : "info",
      nodeIds: [n.id],
      title: `CollectLimit at ${nodeRef(n)} over ${huge ? "a large input" : "a shuffle"}`,
      evidence,
      explanation: shuffle
        ? "CollectLimit can only stop early when rows stream straight from a scan. Here a shuffle sits below it, so every stage before the shuffle runs over the whole input before the first rows can be taken: the limit saves almost nothing."
        : "Many rows were produced before the limit took its few; the work below the limit was not cut short.",
      fix: "Apply the limit (or a selective filter) before the join/aggregation when the result allows it, sample with df.sample() for previews, and avoid show()/take() on expensive queries; spark.sql.limit.scaleUpFactor (default 4) controls how fast take() scans more partitions.",
    });
  }
  return out;
}

export const collectLimitRule: Rule<"collect-limit"> = {
  id: "collect-limit",
  description: "CollectLimit over a shuffle or a huge input.",
  run,
};
