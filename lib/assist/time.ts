/**
 * Where the time went in one SQL execution, for the MCP tools and the fleet scan: each operator's
 * task time as lib/parse/eventlog/timing.ts derives it (Spark's own timers, else its share of the
 * codegen loop's duration), the same figures as the event-log page's "Where the time went" panel.
 * Driver-side times (broadcast build, file listing) are not task time and are left out. Pure.
 */
import type { PlanWithMetrics } from "@/lib/parse/eventlog";

export interface OperatorTime {
  readonly nodeId: string;
  readonly name: string;
  readonly operatorId: number | null;
  /** How the figure was derived (the timer, or the codegen split): `timeSource` in the CLI. */
  readonly metric: string;
  readonly ms: number;
}

export function operatorTimes(p: PlanWithMetrics | null): OperatorTime[] {
  if (!p) return [];
  const out: OperatorTime[] = [];
  for (const n of p.plan.nodes) {
    const t = p.times[n.id];
    if (!t || t.basis === "driver" || !(t.timeMs > 0)) continue;
    out.push({ nodeId: n.id, name: n.name, operatorId: n.operatorId, metric: t.source, ms: t.timeMs });
  }
  return out.sort((a, b) => b.ms - a.ms);
}
