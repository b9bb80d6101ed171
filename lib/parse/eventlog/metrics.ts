import type { SqlMetric } from "./model";
import type { MetricDef } from "./plan";
import { Column, IntColumn } from "./stats";

/**
 * SQL metric values per accumulator: one value per counted task (8 bytes + the task's slot), plus
 * the driver's update. Summaries follow SQLMetrics.stringValue in Spark:
 * https://github.com/apache/spark/blob/v3.5.1/sql/core/src/main/scala/org/apache/spark/sql/execution/metric/SQLMetrics.scala
 */
export class MetricStore {
  private readonly values = new Map<number, { values: Column; slots: IntColumn }>();
  private readonly driver = new Map<number, number>();
  /** Task slots whose values were replaced by a later successful attempt of the same partition. */
  readonly deadSlots = new Set<number>();
  private readonly cache = new Map<number, SqlMetric>();
  /** Per task slot: its stage, stage attempt and task ID (where a metric's max was seen). */
  private readonly slotStage = new IntColumn();
  private readonly slotAttempt = new IntColumn();
  private readonly slotTask = new Column();

  /** Record which task a slot is (slots are handed out in order: 0, 1, 2 ...). */
  slotTaskInfo(slot: number, stageId: number, stageAttempt: number, taskId: number): void {
    if (slot !== this.slotStage.length) return;
    this.slotStage.push(stageId);
    this.slotAttempt.push(stageAttempt);
    this.slotTask.push(taskId);
  }

  /** Bit per registered accumulator ID below 2^24: `has` is asked for every accumulable of every task. */
  private known = new Uint8Array(1024);

  register(accumulatorId: number): void {
    if (!this.values.has(accumulatorId))
      this.values.set(accumulatorId, { values: new Column(), slots: new IntColumn() });
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
    return this.values.has(accumulatorId);
  }

  /** A task's update; ignored unless the accumulator belongs to a known plan node. */
  taskUpdate(accumulatorId: number, value: number, slot: number): void {
    const v = this.values.get(accumulatorId);
    if (!v) return;
    v.values.push(value);
    v.slots.push(slot);
  }

  driverUpdate(accumulatorId: number, value: number): void {
    this.driver.set(accumulatorId, value);
  }

  summarize(def: MetricDef): SqlMetric {
    const hit = this.cache.get(def.accumulatorId);
    if (hit && hit.name === def.name) return hit;
    const v = this.values.get(def.accumulatorId);
    const dead = this.deadSlots;
    const type = def.metricType;
    const min0 =
      type === "average" ? (x: number) => x > 0 : type === "sum" ? () => true : (x: number) => x >= 0;
    const sorted = v
      ? v.values.sorted(
          (x, i) => !Number.isNaN(x) && (dead.size === 0 || !dead.has(v.slots.get(i))) && min0(x),
        )
      : new Float64Array(0);
    const drv = this.driver.get(def.accumulatorId);
    let all = sorted;
    if (drv !== undefined && min0(drv)) {
      all = new Float64Array(sorted.length + 1);
      all.set(sorted);
      all[sorted.length] = drv;
      all.sort();
    }
    const scale = type === "nsTiming" ? 1e-6 : type === "average" ? 0.1 : 1;
    const unit = type === "size" ? "bytes" : type === "timing" || type === "nsTiming" ? "ms" : "count";
    let total = 0;
    for (let i = 0; i < all.length; i++) total += all[i]!;
    const n = all.length;
    // Which task gave the max, as Spark's UI prints it: `(stage 2.0: task 5)`.
    let maxAt: SqlMetric["maxAt"] = null;
    if (v && sorted.length > 0 && (drv === undefined || sorted[sorted.length - 1]! >= drv)) {
      const top = sorted[sorted.length - 1]!;
      for (let i = 0; i < v.values.length; i++) {
        const slot = v.slots.get(i);
        if (v.values.get(i) !== top || dead.has(slot) || slot >= this.slotStage.length) continue;
        maxAt = {
          stageId: this.slotStage.get(slot),
          stageAttempt: this.slotAttempt.get(slot),
          taskId: this.slotTask.get(slot),
        };
        break;
      }
    }
    const m: SqlMetric = {
      name: def.name,
      accumulatorId: def.accumulatorId,
      metricType: type,
      unit,
      total: type === "average" ? null : total * scale,
      min: n ? all[0]! * scale : null,
      median: n ? all[n >> 1]! * scale : null,
      max: n ? all[n - 1]! * scale : null,
      maxAt,
      values: n,
    };
    this.cache.set(def.accumulatorId, m);
    return m;
  }
}
