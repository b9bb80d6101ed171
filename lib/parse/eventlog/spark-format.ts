/**
 * Numbers exactly as Spark's UI and REST API print SQL metrics, so what we show can be compared
 * string for string with `/api/v1/applications/{app}/sql?details=true`.
 *
 * - Utils.bytesToString: binary units, switching at 2× the unit (`1735.0 B`, `2.7 KiB`), one
 *   decimal rounded half-up on the exact quotient.
 * - Utils.msDurationToString: `%d ms` below a second, else `%.1f s` / `%.1f m` / `%.2f h` of a
 *   *float* quotient (Java widens it to double and rounds its shortest decimal half-up).
 * - MetricUtils.stringValue (SQLMetrics.stringValue before 4.0): the per-type summary.
 * https://github.com/apache/spark/blob/v3.5.1/core/src/main/scala/org/apache/spark/util/Utils.scala
 * https://github.com/apache/spark/blob/v3.5.1/sql/core/src/main/scala/org/apache/spark/sql/execution/metric/SQLMetrics.scala
 */

const UNITS: readonly [bigint, string][] = [
  [1n << 60n, "EiB"],
  [1n << 50n, "PiB"],
  [1n << 40n, "TiB"],
  [1n << 30n, "GiB"],
  [1n << 20n, "MiB"],
  [1n << 10n, "KiB"],
];

/** `q` tenths of a unit, as Java's `%.1f` prints them. */
function tenths(q: bigint): string {
  const neg = q < 0n;
  const a = neg ? -q : q;
  return `${neg ? "-" : ""}${a / 10n}.${a % 10n}`;
}

/** Half-up division of non-negative `n` by positive `d`, exact. */
function divHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** Utils.bytesToString(size: Long). */
export function bytesToString(size: number): string {
  if (!Number.isFinite(size)) return `${size} B`;
  const n = BigInt(Math.trunc(size));
  for (const [unit, name] of UNITS) {
    if (n >= 2n * unit) return `${tenths(divHalfUp(n * 10n, unit))} ${name}`;
  }
  // Below 2 KiB (or negative): `%.1f B` of an integer.
  return `${n}.0 B`;
}

/**
 * Java's `%.Nf` of a float widened to double: the double's shortest decimal, rounded half-up
 * (java.util.Formatter via FormattedFloatingDecimal).
 */
function javaFixed(x: number, digits: number): string {
  const neg = x < 0;
  const s = Math.abs(x).toString();
  if (/e/.test(s)) return `${neg ? "-" : ""}${Math.abs(x).toFixed(digits)}`;
  const [int = "0", frac = ""] = s.split(".");
  const padded = (frac + "0".repeat(digits + 1)).slice(0, digits + 1);
  let scaled = BigInt(int + padded.slice(0, digits));
  if (Number(padded[digits]) >= 5) scaled += 1n;
  const body = scaled.toString().padStart(digits + 1, "0");
  const out = digits === 0 ? body : `${body.slice(0, -digits)}.${body.slice(-digits)}`;
  return neg && scaled !== 0n ? `-${out}` : out;
}

/** Utils.msDurationToString(ms: Long). */
export function msDurationToString(ms: number): string {
  const t = Math.trunc(ms);
  const second = 1000;
  const minute = 60 * second;
  const hour = 60 * minute;
  if (t < second) return `${t} ms`;
  // `t.toFloat / second`: a float division (exact enough through double, then rounded to float).
  const f = (d: number) => Math.fround(Math.fround(t) / d);
  if (t < minute) return `${javaFixed(f(second), 1)} s`;
  if (t < hour) return `${javaFixed(f(minute), 1)} m`;
  return `${javaFixed(f(hour), 2)} h`;
}

/** NumberFormat.getIntegerInstance(Locale.US).format(long): digits grouped by commas. */
export function integerToString(n: number): string {
  const neg = n < 0;
  const digits = BigInt(Math.trunc(Math.abs(n))).toString();
  return (neg ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** An average metric's raw value (tenths) as NumberFormat.getNumberInstance(Locale.US) prints v / 10. */
export function averageToString(raw: number): string {
  const neg = raw < 0;
  const a = Math.abs(Math.trunc(raw));
  const int = integerToString(Math.floor(a / 10));
  const frac = a % 10;
  return `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/** Where the max came from, as Spark prints it after the max. */
export type MaxSource =
  | {
      readonly kind: "task";
      readonly stageId: number;
      readonly stageAttempt: number;
      readonly taskId: number;
    }
  | { readonly kind: "driver" };

function maxSourceText(src: MaxSource | null): string {
  return !src || src.kind === "driver"
    ? "(driver)"
    : `(stage ${src.stageId}.${src.stageAttempt}: task ${src.taskId})`;
}

const SUFFIX = "(min, med, max (stageId: taskId))";

/** Formats one raw value of a metric type (nsTiming values are nanoseconds, truncated to ms). */
export function formatRaw(metricType: string, v: number): string {
  if (metricType === "size") return bytesToString(v);
  if (metricType === "timing") return msDurationToString(v);
  if (metricType === "nsTiming") return msDurationToString(Math.trunc(v / 1e6));
  if (metricType === "average") return averageToString(v);
  return integerToString(v);
}

/**
 * MetricUtils.stringValue, as the REST API returns it (the leading newline Spark adds to some
 * values stripped, as SqlResource does). `values` are the raw accumulator values Spark keeps:
 * one per task slot of every stage that updated the metric, then every driver update. Unknown
 * types (V2 custom metrics) print their sum.
 */
export function sparkMetricString(
  metricType: string,
  values: ArrayLike<number>,
  maxSource: MaxSource | null,
): string {
  if (
    metricType !== "size" &&
    metricType !== "timing" &&
    metricType !== "nsTiming" &&
    metricType !== "average"
  ) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return integerToString(sum);
  }
  const average = metricType === "average";
  const valid: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (average ? v > 0 : v >= 0) valid.push(v);
  }
  if (valid.length <= 1) return formatRaw(metricType, valid[0] ?? 0);
  valid.sort((a, b) => a - b);
  const min = formatRaw(metricType, valid[0]!);
  const med = formatRaw(metricType, valid[valid.length >> 1]!);
  const max = formatRaw(metricType, valid[valid.length - 1]!);
  const at = maxSourceText(maxSource);
  if (average) return `${SUFFIX}:\n(${min}, ${med}, ${max} ${at})`;
  let sum = 0;
  for (const v of valid) sum += v;
  return `total ${SUFFIX}\n${formatRaw(metricType, sum)} (${min}, ${med}, ${max} ${at})`;
}

/**
 * One number of a model metric (SqlMetric units: bytes, ms — nsTiming already converted — or a
 * count; averages already divided by 10) printed the way Spark prints that metric type.
 */
export function formatMetricNumber(v: number | null, metricType: string): string {
  if (v === null || !Number.isFinite(v)) return "—";
  if (metricType === "size") return bytesToString(v);
  if (metricType === "timing") return msDurationToString(v);
  if (metricType === "nsTiming") return msDurationToString(Math.trunc(Math.round(v * 1e6) / 1e6));
  if (metricType === "average") return averageToString(Math.round(v * 10));
  return integerToString(v);
}
