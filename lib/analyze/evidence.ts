/** Helpers that quote where a piece of evidence came from, in the same words everywhere. */
import type { PlanNode } from "@/lib/plan/types";
import type { Evidence, MetricValue, NodeMetrics } from "./types";

/** `(4) Exchange` in formatted mode, `Exchange (line 12)` elsewhere. */
export function nodeRef(n: PlanNode): string {
  return n.operatorId !== null ? `(${n.operatorId}) ${n.name}` : `${n.name} (line ${n.line})`;
}

/** Where a detail field of a node was printed: `(4) Exchange › Arguments`. */
export function fieldSource(n: PlanNode, field?: string): string {
  return field ? `${nodeRef(n)} › ${field}` : nodeRef(n);
}

/** Evidence quoting a detail field (or the tree line's arguments when the field is absent). */
export function quote(n: PlanNode, label: string, field: string, value?: string): Evidence {
  const v = value ?? n.details[field];
  if (v !== undefined) return { label, value: v, source: fieldSource(n, field) };
  return { label, value: `${n.name} ${n.args}`.trim(), source: `${nodeRef(n)} › tree line` };
}

/** Evidence quoting the operator's tree line as printed. */
export function treeLine(n: PlanNode, label = "Operator"): Evidence {
  const args = n.args ? ` ${n.args}` : "";
  return { label, value: `${n.name}${args}`, source: `line ${n.line}` };
}

export function metricOf(
  metrics: NodeMetrics | undefined,
  n: PlanNode,
  name: RegExp,
): MetricValue | undefined {
  return metrics?.get(n.id)?.find((m) => name.test(m.name));
}

export function metricSource(n: PlanNode, m: MetricValue): string {
  return `metric "${m.name}" of ${nodeRef(n)}`;
}
