import type { Distribution } from "./model";

/** An append-only Float64 column that grows by doubling: 8 bytes per task value, no objects. */
export class Column {
  private data = new Float64Array(16);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** The values that pass `keep`, sorted ascending (a copy). */
  sorted(keep: (v: number, i: number) => boolean): Float64Array {
    const out = new Float64Array(this.length);
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const v = this.data[i]!;
      if (keep(v, i)) out[n++] = v;
    }
    return out.subarray(0, n).sort();
  }
}

/** An append-only Int32 column. */
export class IntColumn {
  private data = new Int32Array(16);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }
}

const EMPTY: Distribution = { count: 0, min: 0, p25: 0, median: 0, p75: 0, max: 0, total: 0 };

/**
 * Quantiles the way Spark's AppStatusStore.taskSummary picks them: index min(q * n, n - 1) into
 * the sorted values.
 */
export function distribution(sorted: Float64Array): Distribution {
  const n = sorted.length;
  if (n === 0) return EMPTY;
  const at = (q: number) => sorted[Math.min(Math.floor(q * n), n - 1)]!;
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i]!;
  return {
    count: n,
    min: sorted[0]!,
    p25: at(0.25),
    median: at(0.5),
    p75: at(0.75),
    max: sorted[n - 1]!,
    total,
  };
}
