/**
 * Every shuffle of an executed plan seen from its reduce side: the bytes, records and run time of
 * each task that read it (the Exchange's read metrics, per task slot of the reduce stage), AQE's
 * per-partition sizes ("partition data size" driver updates) and what AQE did (split skewed
 * partitions, coalesced small ones). lib/analyze/rules/skew.ts judges them.
 * Metric names: ShuffleExchangeExec / SQLShuffleReadMetricsReporter / AQEShuffleReadExec in
 * https://github.com/apache/spark/tree/v3.5.1/sql/core/src/main/scala/org/apache/spark/sql/execution
 */
import { isShuffleExchange, operatorCategory } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "../../plan/types";
import type { AppState } from "./app";
import type { MetricStore } from "./metrics";
import type { ShuffleSkew, SqlMetric } from "./model";
import type { MetricDef } from "./plan";

const PASS_THROUGH =
  /^(ShuffleQueryStage|AQEShuffleRead|CustomShuffleReader|InputAdapter|Sort|Project|Filter|ColumnarToRow|WholeStageCodegen.*)$/;

function median(sorted: readonly number[]): number {
  return sorted[sorted.length >> 1]!;
}

function ratio(top: number, base: number): number | null {
  if (!Number.isFinite(top) || !Number.isFinite(base)) return null;
  return top / Math.max(base, 1);
}

/** The consumer (join / aggregate / window) above an exchange, and the AQEShuffleRead on the way. */
function consumerOf(plan: Plan, exchange: PlanNode): { consumer: PlanNode | null; read: PlanNode | null } {
  const parent = new Map<string, string>();
  for (const e of plan.edges) if (e.kind === "child") parent.set(e.from, e.to);
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  let read: PlanNode | null = null;
  let at = parent.get(exchange.id);
  for (let hops = 0; at !== undefined && hops < 12; hops++) {
    const n = byId.get(at);
    if (!n) break;
    if (/ShuffleRead|ShuffleReader$/.test(n.name)) read ??= n;
    const cat = operatorCategory(n.name);
    if ((cat === "join" || cat === "aggregate") && !/QueryStage|ShuffleRead/.test(n.name))
      return { consumer: n, read };
    if (!PASS_THROUGH.test(n.name)) break;
    at = parent.get(n.id);
  }
  return { consumer: null, read };
}

function metricNamed(list: readonly SqlMetric[] | undefined, name: string): SqlMetric | undefined {
  return list?.find((m) => m.name === name);
}

/** Per-task sum of the named accumulators in the stage that read the most. */
function reduceSide(
  store: MetricStore,
  defs: readonly MetricDef[],
  stageIds: readonly number[],
): { stageId: number; bytes: number[]; records: number[] } | null {
  const ids = (name: string) => defs.filter((d) => d.name === name).map((d) => d.accumulatorId);
  const bytesIds = [...ids("local bytes read"), ...ids("remote bytes read")];
  const recordIds = ids("records read");
  const stages = new Map<number, { bytes: number[]; records: number[] }>();
  const addInto = (accIds: number[], key: "bytes" | "records") => {
    for (const id of accIds)
      for (const { stageId, values } of store.perTask(id, stageIds)) {
        let s = stages.get(stageId);
        if (!s) {
          s = { bytes: [], records: [] };
          stages.set(stageId, s);
        }
        const out = s[key];
        for (let i = 0; i < values.length; i++) out[i] = (out[i] ?? 0) + Math.max(values[i]!, 0);
      }
  };
  addInto(bytesIds, "bytes");
  addInto(recordIds, "records");
  let best: { stageId: number; bytes: number[]; records: number[] } | null = null;
  let bestTotal = -1;
  for (const [stageId, s] of stages) {
    const n = Math.max(s.bytes.length, s.records.length);
    const bytes = Array.from({ length: n }, (_, i) => s.bytes[i] ?? 0);
    const records = Array.from({ length: n }, (_, i) => s.records[i] ?? 0);
    const total = bytes.reduce((a, b) => a + b, 0) + records.reduce((a, b) => a + b, 0);
    if (total > bestTotal) {
      best = { stageId, bytes, records };
      bestTotal = total;
    }
  }
  return best;
}

/** JavaUtils.byteStringAsBytes for the sizes Spark's conf takes (`64MB`, `4m`, `1048576`). */
export function byteString(v: string | undefined, fallback: number): number {
  const m = v ? /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?\s*$/i.exec(v) : null;
  if (!m) return fallback;
  const power = " kmgtp".indexOf((m[2] || " ").toLowerCase());
  return Number(m[1]) * 1024 ** Math.max(power, 0);
}

export function shufflesOf(
  app: AppState,
  executionId: number,
  stageIds: readonly number[],
  plan: Plan,
  defs: ReadonlyMap<string, readonly MetricDef[]>,
  metrics: Readonly<Record<string, readonly SqlMetric[]>>,
): ShuffleSkew[] {
  const out: ShuffleSkew[] = [];
  const advisoryBytes = byteString(
    app.config["spark.sql.adaptive.advisoryPartitionSizeInBytes"] ??
      app.config["spark.sql.adaptive.shuffle.targetPostShuffleInputSize"],
    64 * 1024 * 1024,
  );
  for (const ex of plan.nodes) {
    if (!isShuffleExchange(ex.name)) continue;
    const exDefs = defs.get(ex.id) ?? [];
    if (!exDefs.some((d) => d.name === "records read")) continue;
    const { consumer, read } = consumerOf(plan, ex);
    const side = reduceSide(app.metrics, exDefs, stageIds);
    const stage = side ? app.stages.get(side.stageId) : undefined;
    const bytes = side?.bytes ?? [];
    const records = side?.records ?? [];
    const taskMs = bytes.map((_, i) => {
      const row = stage?.partitionRow[i];
      const v = row === undefined ? Number.NaN : stage!.columns[0]!.get(row);
      return Number.isFinite(v) ? v : null;
    });
    const partitions = metricNamed(metrics[ex.id], "number of partitions")?.total ?? null;
    const readMetrics = read ? metrics[read.id] : undefined;
    const count = (name: string) => metricNamed(readMetrics, name)?.total ?? 0;
    const sizeDef = read ? defs.get(read.id)?.find((d) => d.name === "partition data size") : undefined;
    const partitionDataSizes = sizeDef
      ? [...app.metrics.driverValues(executionId, sizeDef.accumulatorId)]
      : [];
    const aqe = read
      ? {
          skewedPartitions: count("number of skewed partitions"),
          skewedSplits: count("number of skewed partition splits"),
          coalescedPartitions: count("number of coalesced partitions"),
          readPartitions: metricNamed(readMetrics, "number of partitions")?.total ?? null,
        }
      : null;
    let hot = -1;
    for (let i = 0; i < bytes.length; i++) if (hot < 0 || bytes[i]! > bytes[hot]!) hot = i;
    const hottest =
      hot < 0 ? null : { index: hot, bytes: bytes[hot]!, records: records[hot]!, ms: taskMs[hot]! };
    // AQE merged partitions into fewer tasks. A task reading more than the advisory size (with
    // the 20% slack of ShufflePartitionsUtil) read one partition, never a merged group: compare it
    // with the other partitions' mean, since the other tasks read several each.
    const coalesced =
      aqe !== null &&
      aqe.coalescedPartitions > 0 &&
      partitions !== null &&
      partitions > bytes.length &&
      hot >= 0 &&
      bytes[hot]! > 1.2 * advisoryBytes;
    let bytesRatio: number | null = null;
    if (hottest && bytes.length >= 2) {
      const others = bytes.filter((_, i) => i !== hot).sort((a, b) => a - b);
      const total = bytes.reduce((a, b) => a + b, 0);
      bytesRatio = coalesced
        ? ratio(hottest.bytes, (total - hottest.bytes) / (partitions! - 1))
        : ratio(hottest.bytes, median(others));
    }
    const times = taskMs.filter((t): t is number => t !== null).sort((a, b) => a - b);
    const maxTaskMs = times.length ? times[times.length - 1]! : null;
    const otherTimes = times.slice(0, -1);
    const medianTaskMs =
      times.length < 2
        ? null
        : coalesced
          ? otherTimes.reduce((a, b) => a + b, 0) / (partitions! - 1)
          : median(otherTimes);
    out.push({
      exchangeId: ex.id,
      consumerId: consumer?.id ?? null,
      readId: read?.id ?? null,
      reduceStageId: side?.stageId ?? null,
      partitions,
      taskBytes: bytes,
      taskRecords: records,
      taskMs,
      partitionDataSizes,
      hottest,
      bytesRatio,
      timeRatio: maxTaskMs !== null && medianTaskMs !== null ? ratio(maxTaskMs, medianTaskMs) : null,
      maxTaskMs,
      medianTaskMs,
      aqe,
      handling: !aqe
        ? "none"
        : aqe.skewedPartitions > 0
          ? "split"
          : aqe.coalescedPartitions > 0
            ? "coalesced"
            : "none",
    });
  }
  return out;
}
