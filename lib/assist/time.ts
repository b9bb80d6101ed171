/**
 * Where the time went in one SQL execution: the operators with the largest time metric. Spark
 * reports no single "operator time"; the largest `ms` metric of a node (sort time, build time,
 * scan time, shuffle write time, Python eval time ...) is the best per-operator figure the event
 * log holds. Metrics keyed by codegen cluster ids (WholeStageCodegen's `duration`) cover many
 * operators at once and are left out. Pure.
 */
import type { PlanWithMetrics } from "@/lib/parse/eventlog";

export interface OperatorTime {
  readonly nodeId: string;
  readonly name: string;
  readonly operatorId: number | null;
  /** The metric the figure comes from, as Spark names it. */
  readonly metric: string;
  readonly ms: number;
}

export function operatorTimes(p: PlanWithMetrics | null): OperatorTime[] {
  if (!p) return [];
  const out: OperatorTime[] = [];
  for (const n of p.plan.nodes) {
    let best: { metric: string; ms: number } | null = null;
    for (const m of p.metrics[n.id] ?? []) {
      if (m.unit !== "ms" || m.total === null) continue;
      if (!best || m.total > best.ms) best = { metric: m.name, ms: m.total };
    }
    if (best && best.ms > 0) out.push({ nodeId: n.id, name: n.name, operatorId: n.operatorId, ...best });
  }
  return out.sort((a, b) => b.ms - a.ms);
}
