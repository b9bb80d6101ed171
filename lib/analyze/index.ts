/**
 * Plan → Findings. `analyzePlan` runs every rule of the registry over one Plan and returns its
 * findings sorted by severity (critical first), then rule order, then position in the text.
 * Pure: no DOM, no React, no I/O.
 */
import type { ParseResult, Plan } from "@/lib/plan/types";
import { resolveThresholds } from "./config";
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
    shuffles: ctx.shuffles,
    config: resolveThresholds(ctx.config),
  };
  const line = new Map(plan.nodes.map((n) => [n.id, n.line]));
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const all = rules.flatMap((r) => r.run(plan, ruleCtx)).filter((f) => f.evidence.length > 0);
  return sortFindings(all, (f) => [order.get(f.ruleId) ?? 0, line.get(f.nodeIds[0] ?? "") ?? 0]);
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
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] ||
        a.k[0] - b.k[0] ||
        a.k[1] - b.k[1] ||
        a.i - b.i,
    )
    .map((x) => x.f);
}

export function sortBySeverity(findings: readonly Finding[]): Finding[] {
  return sortFindings([...findings], () => [0, 0]);
}

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
