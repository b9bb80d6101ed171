"use client";
/** SQL metrics of the event-log model → the graph's overlay, and the per-task table in the details pane. */
import type { NodeMetric, NodeMetrics } from "@/lib/layout/overlay";
import type { ShuffleSkew, SqlMetric } from "@/lib/parse/eventlog";
import { bytesToString, formatMetricNumber, integerToString } from "@/lib/parse/eventlog/spark-format";
import { formatDuration } from "./format";

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

/**
 * Spark UI's "total (min, med, max)" per metric of one operator, each number printed as Spark
 * prints it (lib/parse/eventlog/spark-format.ts); the row's tooltip is Spark's exact text, with
 * the stage and task that reported the max.
 */
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
            <tr
              key={`${m.accumulatorId}`}
              className={m.values === 0 ? "text-muted" : ""}
              title={m.display ?? "no value (never updated)"}
              data-spark-value={m.display ?? ""}
            >
              <td className="pr-2">{m.name}</td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">
                {m.metricType === "average" ? "—" : formatMetricNumber(m.total, m.metricType)}
              </td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">
                {formatMetricNumber(m.min, m.metricType)}
              </td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">
                {formatMetricNumber(m.median, m.metricType)}
              </td>
              <td className="whitespace-nowrap pr-2 text-right font-mono">
                {formatMetricNumber(m.max, m.metricType)}
              </td>
              <td className="whitespace-nowrap text-right font-mono text-muted" data-testid="metric-max-at">
                {m.maxTask
                  ? `stage ${m.maxTask.stageId}.${m.maxTask.stageAttempt}: task ${m.maxTask.taskId}`
                  : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const HANDLING: Record<ShuffleSkew["handling"], string> = {
  split: "AQE split skewed partitions",
  coalesced: "AQE coalesced partitions into fewer tasks",
  none: "read as written",
};

/** An exchange's reduce side: how its data spread over the tasks that read it (skew). */
export function ShuffleSpread({ shuffle: s }: { shuffle: ShuffleSkew | undefined }) {
  if (!s || s.taskBytes.length === 0) return null;
  const sorted = [...s.taskBytes].sort((a, b) => a - b);
  const rows: [string, string][] = [
    ["reduce stage", s.reduceStageId === null ? "—" : `${s.reduceStageId} (${s.taskBytes.length} tasks)`],
    ["partitions written", s.partitions === null ? "—" : integerToString(s.partitions)],
    [
      "read per task (min, med, max)",
      `${bytesToString(sorted[0]!)}, ${bytesToString(sorted[sorted.length >> 1]!)}, ${bytesToString(sorted[sorted.length - 1]!)}`,
    ],
  ];
  if (s.hottest)
    rows.push([
      "hottest partition",
      `${bytesToString(s.hottest.bytes)}, ${integerToString(s.hottest.records)} rows (task ${s.hottest.index})` +
        (s.bytesRatio !== null ? `, ${s.bytesRatio.toFixed(1)}× the others` : ""),
    ]);
  if (s.maxTaskMs !== null && s.medianTaskMs !== null)
    rows.push([
      "task time",
      `max ${formatDuration(s.maxTaskMs)} vs ${formatDuration(s.medianTaskMs)}` +
        (s.timeRatio !== null ? ` (${s.timeRatio.toFixed(1)}×)` : ""),
    ]);
  rows.push(["AQE", HANDLING[s.handling]]);
  if (s.partitionDataSizes.length > 0)
    rows.push([
      "AQE partition sizes",
      s.partitionDataSizes
        .slice(0, 24)
        .map((b) => bytesToString(b))
        .join(", ") + (s.partitionDataSizes.length > 24 ? ` … ${s.partitionDataSizes.length - 24} more` : ""),
    ]);
  return (
    <>
      <h3 className="mt-4 mb-1 font-semibold text-muted text-xs uppercase tracking-wide">Shuffle spread</h3>
      <table data-testid="shuffle-spread" className="w-full text-xs">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <td className="pr-2 align-top text-muted">{k}</td>
              <td className="font-mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
