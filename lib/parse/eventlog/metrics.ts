import type { SqlMetric } from "./model";
import type { MetricDef } from "./plan";
import { type MaxSource, sparkMetricString } from "./spark-format";

/**
 * SQL metric values the way Spark's SQLAppStatusListener keeps them, so every total and
 * (min, med, max) is the one Spark's UI and REST API show:
 * - per stage, one slot per task index (`numTasks` from the job's stage infos), 0 until a task
 *   updates it; a task's update overwrites its slot (a failed attempt's value stays until a retry
 *   succeeds); once an index succeeded, later copies (speculation) are ignored;
 * - a job that lists a stage, or a new stage attempt, starts that stage's slots afresh;
 * - the max remembers the first task that reached it (strictly greater wins), per stage;
 * - driver updates (SparkListenerDriverAccumUpdates) are each one more value;
 * - an execution's values are frozen when it ends (SQLExecutionEnd).
 * https://github.com/apache/spark/blob/v3.5.1/sql/core/src/main/scala/org/apache/spark/sql/execution/ui/SQLAppStatusListener.scala
 */

interface StageMetrics {
  readonly stageId: number;
  readonly attempt: number;
  numTasks: number;
  /** Accumulator → value per task index. */
  readonly values: Map<number, Float64Array>;
  /** Accumulator → [max value, task id] (non-sum metrics). */
  readonly max: Map<number, [number, number]>;
  completed: Uint8Array;
}

/** An accumulator's values over one execution's stages and driver updates. */
interface Aggregate {
  readonly values: Float64Array;
  readonly maxSource: MaxSource | null;
  /** Where the largest task value came from (also for sum metrics). */
  readonly maxTask: { stageId: number; stageAttempt: number; taskId: number } | null;
}

function newStage(stageId: number, attempt: number, numTasks: number): StageMetrics {
  return {
    stageId,
    attempt,
    numTasks,
    values: new Map(),
    max: new Map(),
    completed: new Uint8Array(Math.max(numTasks, 1)),
  };
}

export class MetricStore {
  /** Registered accumulator → metric type. */
  private readonly types = new Map<number, string>();
  private readonly stages = new Map<number, StageMetrics>();
  /** Execution → accumulator → driver values, in order. */
  private readonly driver = new Map<number, Map<number, number[]>>();
  /** Execution → accumulator → aggregate frozen at SQLExecutionEnd. */
  private readonly frozen = new Map<number, Map<number, Aggregate>>();

  /** Accumulator → stages whose tasks updated it (stagesOf). */
  private readonly touched = new Map<number, Set<number>>();

  /** Bit per registered accumulator ID below 2^24: `has` is asked for every accumulable of every task. */
  private known = new Uint8Array(1024);

  register(accumulatorId: number, metricType = "sum"): void {
    this.types.set(accumulatorId, metricType);
    if (Number.isInteger(accumulatorId) && accumulatorId >= 0 && accumulatorId < 1 << 24) {
      const byte = accumulatorId >> 3;
      if (byte >= this.known.length) {
        const grown = new Uint8Array(Math.max(this.known.length * 2, byte + 1));
        grown.set(this.known);
        this.known = grown;
      }
      this.known[byte]! |= 1 << (accumulatorId & 7);
    }
  }

  has(accumulatorId: number): boolean {
    if (accumulatorId >= 0 && accumulatorId < 1 << 24 && Number.isInteger(accumulatorId))
      return ((this.known[accumulatorId >> 3] ?? 0) & (1 << (accumulatorId & 7))) !== 0;
    return this.types.has(accumulatorId);
  }

  /** SparkListenerJobStart of a SQL job: each listed stage starts afresh (Spark's onJobStart). */
  jobStage(stageId: number, numTasks: number): void {
    this.stages.set(stageId, newStage(stageId, 0, numTasks));
  }

  /** SparkListenerStageSubmitted: a new attempt drops the previous attempt's values. */
  stageSubmitted(stageId: number, attempt: number, numTasks: number): void {
    const s = this.stages.get(stageId);
    if (s && s.attempt !== attempt)
      this.stages.set(stageId, newStage(stageId, attempt, numTasks || s.numTasks));
  }

  /** One task end's accumulables (successful or not). */
  taskEnd(
    stageId: number,
    attempt: number,
    taskId: number,
    index: number,
    success: boolean,
    ids: readonly number[],
    updates: readonly number[],
    count: number,
  ): void {
    let s = this.stages.get(stageId);
    if (!s) {
      // A log without the job's stage infos: track the stage from its first task.
      s = newStage(stageId, attempt, 0);
      this.stages.set(stageId, s);
    } else if (s.attempt !== attempt) {
      if (attempt < s.attempt) return;
      s = newStage(stageId, attempt, s.numTasks);
      this.stages.set(stageId, s);
    }
    if (index < 0 || !Number.isInteger(index)) return;
    if (index >= s.completed.length) s.completed = grow(s.completed, index + 1);
    if (s.completed[index]) return;
    if (index >= s.numTasks) s.numTasks = index + 1;
    for (let k = 0; k < count; k++) {
      const id = ids[k]!;
      if (!this.has(id)) continue;
      const v = updates[k]!;
      let arr = s.values.get(id);
      if (!arr || index >= arr.length) {
        // A task that never touched a size or time metric reports Spark's initial -1 (left out
        // of the summary), one that never touched a count reports 0; the log omits both.
        const fresh = new Float64Array(Math.max(s.numTasks, index + 1, 1));
        let ran = this.touched.get(id);
        if (!ran) {
          ran = new Set();
          this.touched.set(id, ran);
        }
        ran.add(stageId);
        if (this.types.get(id) !== "sum") fresh.fill(-1);
        if (arr) fresh.set(arr);
        arr = fresh;
        s.values.set(id, arr);
      }
      arr[index] = v;
      const m = s.max.get(id);
      if (!m) s.max.set(id, [v, taskId]);
      else if (v > m[0]) {
        m[0] = v;
        m[1] = taskId;
      }
    }
    if (success) s.completed[index] = 1;
  }

  driverUpdate(executionId: number, accumulatorId: number, value: number): void {
    let byId = this.driver.get(executionId);
    if (!byId) {
      byId = new Map();
      this.driver.set(executionId, byId);
    }
    const list = byId.get(accumulatorId);
    if (list) list.push(value);
    else byId.set(accumulatorId, [value]);
  }

  /** SQLExecutionEnd: Spark aggregates the execution's metrics now and keeps that result. */
  freeze(executionId: number, stageIds: Iterable<number>, accumulatorIds: Iterable<number>): void {
    if (this.frozen.has(executionId)) return;
    const stages = [...stageIds];
    const out = new Map<number, Aggregate>();
    for (const id of accumulatorIds) {
      const a = this.aggregate(executionId, stages, id);
      if (a) out.set(id, a);
    }
    this.frozen.set(executionId, out);
  }

  private aggregate(executionId: number, stageIds: readonly number[], id: number): Aggregate | null {
    const parts: Float64Array[] = [];
    let best: [number, number, number, number] | null = null; // value, stage, attempt, task
    for (const sid of stageIds) {
      const s = this.stages.get(sid);
      const arr = s?.values.get(id);
      if (!s || !arr) continue;
      parts.push(arr);
      const m = s.max.get(id);
      if (m && (!best || m[0] > best[0])) best = [m[0], s.stageId, s.attempt, m[1]];
    }
    const drv = this.driver.get(executionId)?.get(id) ?? [];
    if (parts.length === 0 && drv.length === 0) return null;
    let n = drv.length;
    for (const p of parts) n += p.length;
    const values = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      values.set(p, o);
      o += p.length;
    }
    values.set(drv, o);
    const maxTask = best ? { stageId: best[1], stageAttempt: best[2], taskId: best[3] } : null;
    const driverAbove = best !== null && drv.some((v) => v > best[0]);
    const maxSource: MaxSource | null =
      maxTask && !driverAbove ? { kind: "task", ...maxTask } : { kind: "driver" };
    return { values, maxSource, maxTask };
  }

  /** Per-task values of an accumulator in each of `stageIds` that updated it (by task index). */
  perTask(accumulatorId: number, stageIds: readonly number[]): { stageId: number; values: Float64Array }[] {
    const out: { stageId: number; values: Float64Array }[] = [];
    for (const sid of stageIds) {
      const v = this.stages.get(sid)?.values.get(accumulatorId);
      if (v) out.push({ stageId: sid, values: v });
    }
    return out;
  }

  /** An execution's driver values of an accumulator, in order. */
  driverValues(executionId: number, accumulatorId: number): readonly number[] {
    return this.driver.get(executionId)?.get(accumulatorId) ?? [];
  }

  summarize(def: MetricDef, executionId: number, stageIds: readonly number[]): SqlMetric {
    const a =
      this.frozen.get(executionId)?.get(def.accumulatorId) ??
      (this.frozen.has(executionId) ? null : this.aggregate(executionId, stageIds, def.accumulatorId));
    return toSqlMetric(def, a);
  }

  /**
   * Stages whose tasks updated this accumulator, kept apart from the values: a job re-listing a
   * stage restarts its values (as Spark's listener does), not the fact that the stage ran it.
   */
  stagesOf(accumulatorId: number, into: Set<number>): void {
    for (const s of this.touched.get(accumulatorId) ?? []) into.add(s);
  }
}

function grow(a: Uint8Array, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

/**
 * A metric no task or driver update in the log mentions, of an operator whose other metrics
 * tasks did update: Spark's live listener saw those tasks report it untouched (the log leaves
 * untouched accumulators out), so it shows the empty summary (`0`, `0.0 B`, `0 ms`).
 */
export function untouched(m: SqlMetric): SqlMetric {
  return m.display === null ? { ...m, display: sparkMetricString(m.metricType, [], null) } : m;
}

function toSqlMetric(def: MetricDef, a: Aggregate | null): SqlMetric {
  const type = def.metricType;
  const scale = type === "nsTiming" ? 1e-6 : type === "average" ? 0.1 : 1;
  const unit = type === "size" ? "bytes" : type === "timing" || type === "nsTiming" ? "ms" : "count";
  const keep =
    type === "average"
      ? (x: number) => x > 0
      : type === "size" || type === "timing" || type === "nsTiming"
        ? (x: number) => x >= 0
        : () => true;
  const all = a ? a.values.filter((x) => !Number.isNaN(x) && keep(x)).sort() : new Float64Array(0);
  const n = all.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += all[i]!;
  return {
    name: def.name,
    accumulatorId: def.accumulatorId,
    metricType: type,
    unit,
    total: type === "average" ? null : total * scale,
    min: n ? all[0]! * scale : null,
    median: n ? all[n >> 1]! * scale : null,
    max: n ? all[n - 1]! * scale : null,
    values: n,
    display: a ? sparkMetricString(type, a.values, a.maxSource) : null,
    maxTask: a?.maxTask ?? null,
  };
}
