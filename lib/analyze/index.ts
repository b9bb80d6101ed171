/**
 * Plan → Findings. `analyzePlan` runs every rule of the registry over one Plan, gives each finding
 * its cost (./cost.ts) and returns them ranked: by measured cost when the context has a run's
 * metrics, else by severity (critical first) and the estimate; then rule order, then position in
 * the text. Pure: no DOM, no React, no I/O.
 */
import type { ParseResult, Plan } from "@/lib/plan/types";
import { resolveThresholds } from "./config";
import { compareRank, withCosts } from "./cost";
import { indexPlan } from "./plan-index";
import { RULES } from "./registry";
import type { AnalyzeContext, Finding, Rule, Severity } from "./types";

export { DEFAULT_THRESHOLDS, type Thresholds } from "./config";
export { RULES } from "./registry";
export type * from "./types";

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warn: 1, info: 2 };

export function analyzePlan(plan: Plan, ctx: AnalyzeContext = {}, rules: readonly Rule[] = RULES): Finding[] {
  const ruleCtx = {
    metrics: ctx.metrics,
    stages: ctx.stages,
    sparkConf: ctx.sparkConf,
    initialPlan: ctx.initialPlan,
    shuffles: ctx.shuffles,
    config: resolveThresholds(ctx.config),
  };
  const line = new Map(plan.nodes.map((n) => [n.id, n.line]));
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const all = rules.flatMap((r) => r.run(plan, ruleCtx)).filter(hasEvidence);
  const costed = withCosts(indexPlan(plan), ctx, all);
  return sortFindings(costed, (f) => [order.get(f.ruleId) ?? 0, line.get(f.nodeIds[0] ?? "") ?? 0]);
}

/**
 * A finding without evidence is a bug in its rule: outside production it throws (so a test over
 * any plan fails loudly); in production the finding is dropped rather than shown bare.
 */
function hasEvidence(f: Finding): boolean {
  if (f.evidence.length > 0) return true;
  if (process.env.NODE_ENV !== "production")
    throw new Error(`rule ${f.ruleId} produced a finding without evidence: ${f.title}`);
  return false;
}

/** Every plan of a parse result (a paste may hold several). */
export function analyzeResult(result: ParseResult, ctx: AnalyzeContext = {}): Finding[] {
  return sortFindings(
    result.plans.flatMap((p) => analyzePlan(p, ctx)),
    () => [0, 0],
  );
}

function sortFindings(findings: Finding[], key: (f: Finding) => [number, number]): Finding[] {
  return findings
    .map((f, i) => ({ f, i, k: key(f) }))
    .sort((a, b) => compareRank(a.f, b.f) || a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.f);
}

/** Ranked (measured cost, else severity and estimate), stable otherwise. */
export function sortBySeverity(findings: readonly Finding[]): Finding[] {
  return sortFindings([...findings], () => [0, 0]);
}

export { type FindingGroup, groupFindings } from "./group";

/**
 * The worst severity of any finding on each node, for node badges on the graph:
 * `severityByNode(findings).get(node.id)` → "critical" | "warn" | "info" | undefined.
 */
export function severityByNode(findings: readonly Finding[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const f of findings) {
    for (const id of f.nodeIds) {
      const prev = out.get(id);
      if (!prev || SEVERITY_RANK[f.severity] < SEVERITY_RANK[prev]) out.set(id, f.severity);
    }
  }
  return out;
}

/** Findings that concern a node (for the detail pane of the selected node). */
export function findingsForNode(findings: readonly Finding[], nodeId: string): Finding[] {
  return findings.filter((f) => f.nodeIds.includes(nodeId));
}
