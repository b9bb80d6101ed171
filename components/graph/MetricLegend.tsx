"use client";
import { type ColorScale, formatMetric } from "@/lib/layout/overlay";

/** Legend for the node colour overlay: metric name, the ramp, its low and high values. */
export function MetricLegend({ scale }: { scale: ColorScale }) {
  return (
    <div
      data-testid="metric-legend"
      className="pointer-events-none absolute bottom-3 left-3 rounded border border-line bg-panel/95 px-2 py-1 text-xs shadow"
    >
      <div className="mb-1 font-medium">{scale.name}</div>
      <div
        className="h-2.5 w-40 rounded-sm"
        style={{ background: `linear-gradient(to right, ${scale.stops.join(", ")})` }}
      />
      <div className="mt-0.5 flex justify-between text-muted">
        <span>{formatMetric(scale.min, scale.type)}</span>
        <span>{formatMetric(scale.max, scale.type)}</span>
      </div>
    </div>
  );
}
