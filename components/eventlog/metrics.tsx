"use client";
/** SQL metrics of the event-log model → the graph's overlay, and the per-task table in the details pane. */
import type { NodeMetric, NodeMetrics } from "@/lib/layout/overlay";
import type { SqlMetric } from "@/lib/parse/eventlog";
import { formatUnit } from "./format";

type MetricsById = Readonly<Record<string, readonly SqlMetric[]>>;

/**
 * Overlay metrics: totals only. The reader already converted nsTiming to ms, so every time is
 * `timing` here; `average` metrics have no total (Spark shows none) and stay in the table only.
 */
export function overlayMetrics(metrics: MetricsById): NodeMetrics {
  const out = new Map<string, NodeMetric[]>();
  for (const [id, list] of Object.entries(metrics)) {
    const shown: NodeMetric[] = [];
    for (const m of list) {
      if (m.total === null) continue;
      shown.push({
        name: m.name,
        total: m.total,
        type: m.unit === "bytes" ? "size" : m.unit === "ms" ? "timing" : "sum",
      });
    }
    if (shown.length) out.set(id, shown);
  }
  return out;
}

/** Spark UI's "total (min, med, max)" per metric of one operator. */
export function MetricsTable({ metrics }: { metrics: readonly SqlMetric[] | undefined }) {
  if (!metrics?.length) return null;
  return (
    <>
      <h3 className="mt-4 mb-1 font-semibold text-muted text-xs uppercase tracking-wide">
        SQL metrics across tasks
      </h3>
      <table data-testid="node-metric-distribution" className="w-full text-xs">
        <thead className="text-muted">
          <tr>
            <th className="pr-2 text-left font-normal">metric</th>
            <th className="pr-2 text-right font-normal">total</th>
            <th className="pr-2 text-right font-normal">min</th>
            <th className="pr-2 text-right font-normal">median</th>
            <th className="pr-2 text-right font-normal">max</th>
            <th className="text-right font-normal">max at</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={`${m.accumulatorId}`} className={m.values === 0 ? "text-muted" : ""}>
              <td className="pr-2">{m.name}</td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">{formatUnit(m.total, m.unit)}</td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">{formatUnit(m.min, m.unit)}</td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">{formatUnit(m.median, m.unit)}</td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">{formatUnit(m.max, m.unit)}</td>
              <td className="whitespace-nowrap text-right font-mono text-muted" data-testid="metric-max-at">
                {m.maxAt ? `stage ${m.maxAt.stageId}.${m.maxAt.stageAttempt}: task ${m.maxAt.taskId}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
