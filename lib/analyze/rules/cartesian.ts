/** cartesian: CartesianProduct and BroadcastNestedLoopJoin, which compare every row with every row. */
import type { Plan } from "@/lib/plan/types";
import { nodeRef, quote, treeLine } from "../evidence";
import { indexPlan } from "../plan-index";
import type { Evidence, Finding, Rule } from "../types";

function run(plan: Plan): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  for (const n of ix.physical) {
    const cartesian = /CartesianProduct/.test(n.name);
    const nlj = /BroadcastNestedLoopJoin|NestedLoopJoin/.test(n.name);
    if (!cartesian && !nlj) continue;
    const evidence: Evidence[] = [treeLine(n, "Join")];
    if (n.details["Join condition"] !== undefined)
      evidence.push(quote(n, "Join condition", "Join condition"));
    if (n.details["Join type"] !== undefined) evidence.push(quote(n, "Join type", "Join type"));
    out.push({
      ruleId: "cartesian",
      severity: cartesian ? "critical" : "warn",
      nodeIds: [n.id],
      title: cartesian ? `Cartesian product at ${nodeRef(n)}` : `Nested-loop join at ${nodeRef(n)}`,
      evidence,
      explanation: cartesian
        ? "Every row of one side is paired with every row of the other: the output and the work grow as the product of the input sizes, and nothing can be hashed or sorted."
        : "A nested-loop join evaluates the condition for every pair of rows (the broadcast side is scanned once per streamed row). It is chosen when the join has no equality condition; cost grows as the product of the input sizes.",
      fix:
        "Add an equality condition between the two sides so Spark can use a hash or sort-merge join (rewrite range/inequality joins by bucketing the range into an equi-join key). " +
        "If the cross join is intended, keep the smaller side tiny and broadcast it; spark.sql.crossJoin.enabled (2.x, default true from 3.0) only guards against accidental ones.",
    });
  }
  return out;
}

export const cartesianRule: Rule<"cartesian"> = {
  id: "cartesian",
  description: "CartesianProduct and (broadcast) nested-loop joins.",
  run,
};
