/** Test helpers: parse a hand-made plan and run one rule (or all) over it. */
import { parseExplain } from "@/lib/parse/explain";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { analyzePlan } from "./index";
import type { AnalyzeContext, Finding, MetricValue, NodeMetrics, RuleId } from "./types";

export function planOf(text: string): Plan {
  const out = parseExplain(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.result.plans[0]!;
}

export function run(text: string | Plan, ruleId?: RuleId, ctx: AnalyzeContext = {}): Finding[] {
  const plan = typeof text === "string" ? planOf(text) : text;
  const all = analyzePlan(plan, ctx);
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

/** Names (operator id or name) of a finding's nodes, for readable assertions. */
export function names(plan: Plan, f: Finding): string[] {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  return f.nodeIds.map((id) => label(byId.get(id)!));
}

function label(n: PlanNode): string {
  return n.operatorId !== null ? `${n.name}(${n.operatorId})` : n.name;
}

/** Metrics keyed by the first node with each name: `{ Sort: [{ name: "spill size", ... }] }`. */
export function metricsByName(plan: Plan, byName: Record<string, MetricValue[]>): NodeMetrics {
  const out = new Map<string, MetricValue[]>();
  for (const [name, list] of Object.entries(byName)) {
    const n = plan.nodes.find((x) => x.name === name && x.section === "physical");
    if (!n) throw new Error(`no node ${name}`);
    out.set(n.id, list);
  }
  return out;
}
