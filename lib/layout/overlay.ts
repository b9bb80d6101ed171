/**
 * Metric overlays: node colour by one metric (sequential, log scale, colour-blind-safe viridis
 * ramp) and edge thickness by rows or bytes (log scale). Pure; the graph and the SVG export use it.
 */
import { format, interpolateViridis, rgb, scaleLog } from "d3";

/** One SQL metric of an operator, as the event-log reader reports it. */
export interface NodeMetric {
  readonly name: string;
  readonly total: number;
  /** Spark's metric type: `sum`, `size`, `timing`, `nsTiming`, `average`. */
  readonly type: string;
}

export type NodeMetrics = ReadonlyMap<string, readonly NodeMetric[]>;

export function metricNames(metrics: NodeMetrics): string[] {
  const names = new Set<string>();
  for (const list of metrics.values()) for (const m of list) names.add(m.name);
  return [...names].sort();
}

export function metricValue(metrics: NodeMetrics | undefined, id: string, name: string): NodeMetric | null {
  return metrics?.get(id)?.find((m) => m.name === name) ?? null;
}

/** Node colours for one metric: the scale and each listed node's value (nodes without it stay plain). */
export function metricFill(
  metrics: NodeMetrics | undefined,
  name: string | null | undefined,
  ids: Iterable<string>,
): { scale: ColorScale; values: Map<string, number> } | null {
  const scale = colorScale(metrics, name);
  if (!scale || !name) return null;
  const values = new Map<string, number>();
  for (const id of ids) {
    const m = metricValue(metrics, id, name);
    if (m) values.set(id, m.total);
  }
  return { scale, values };
}

export interface ColorScale {
  readonly name: string;
  readonly type: string;
  readonly min: number;
  readonly max: number;
  readonly color: (v: number) => string;
  /** Gradient stops for a legend, low → high. */
  readonly stops: readonly string[];
}

export function colorScale(
  metrics: NodeMetrics | undefined,
  name: string | null | undefined,
): ColorScale | null {
  if (!metrics || !name) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let type = "sum";
  for (const list of metrics.values())
    for (const m of list)
      if (m.name === name && m.total > 0) {
        min = Math.min(min, m.total);
        max = Math.max(max, m.total);
        type = m.type;
      }
  if (max === 0) return null;
  const s = scaleLog()
    .domain([min, Math.max(max, min * 1.0001)])
    .range([0.15, 1])
    .clamp(true);
  // Reversed viridis: light (small) → dark purple (large) reads as "more" on a light and a dark page.
  const color = (v: number) => interpolateViridis(1 - s(Math.max(v, min)));
  return {
    name,
    type,
    min,
    max,
    color,
    stops: [0, 0.25, 0.5, 0.75, 1].map((t) => interpolateViridis(1 - (0.15 + 0.85 * t))),
  };
}

export function edgeWidthScale(metrics: NodeMetrics | undefined, name: string | null | undefined) {
  if (!metrics || !name) return null;
  let max = 0;
  for (const list of metrics.values())
    for (const m of list) if (m.name === name) max = Math.max(max, m.total);
  if (max <= 0) return null;
  const s = scaleLog()
    .domain([1, max + 1])
    .range([1, 8])
    .clamp(true);
  return (v: number) => s(v + 1);
}

const bytes = format(".3~s");
export function formatMetric(v: number, type: string): string {
  if (type === "size") return `${bytes(v)}B`;
  if (type === "timing") return v >= 1000 ? `${format(".3~r")(v / 1000)} s` : `${format(".3~r")(v)} ms`;
  if (type === "nsTiming") return v >= 1e9 ? `${format(".3~r")(v / 1e9)} s` : `${format(".3~r")(v / 1e6)} ms`;
  return format(".3~s")(v);
}

/** Text colour on a metric fill: white on the dark end of the ramp, near-black on the light end. */
export function inkOn(fill: string): string {
  const c = rgb(fill);
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  return l < 0.25 ? "#ffffff" : "#111111";
}
