/** Pure helpers for the graph view: paths, culling, keyboard moves. No React, no DOM. */
import type { Box, GraphLayout, PositionedEdge } from "@/lib/layout/types";

export function edgePath(e: PositionedEdge): string {
  let d = "";
  for (let i = 0; i < e.points.length; i++) {
    const p = e.points[i]!;
    d += `${i === 0 ? "M" : "L"}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
  }
  return d;
}

/** One path whose filled subpaths are the given rectangles (nonzero fill → their union). */
export function rectsPath(rects: readonly Box[]): string {
  let d = "";
  for (const r of rects) d += `M${r.x},${r.y}h${r.width}v${r.height}h${-r.width}z`;
  return d;
}

export interface Viewport {
  /** Visible region in layout coordinates. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly k: number;
}

export function boxVisible(b: Box, v: Viewport, margin = 0): boolean {
  return (
    b.x + b.width >= v.x0 - margin &&
    b.x <= v.x1 + margin &&
    b.y + b.height >= v.y0 - margin &&
    b.y <= v.y1 + margin
  );
}

export type Direction = "up" | "down" | "left" | "right";

/**
 * Arrow-key moves. Data flows down the screen (scans at the top), so ↑ follows an edge to one of
 * the node's inputs and ↓ to its consumer; ← / → move to the nearest box in the same row.
 */
export function neighbour(layout: GraphLayout, from: string, dir: Direction): string | null {
  const pos = new Map(layout.nodes.map((n) => [n.id, n]));
  const here = pos.get(from);
  if (!here) return null;
  const cx = (b: Box) => b.x + b.width / 2;
  const cy = (b: Box) => b.y + b.height / 2;
  let candidates: string[];
  if (dir === "up") candidates = layout.edges.filter((e) => e.to === from).map((e) => e.from);
  else if (dir === "down") candidates = layout.edges.filter((e) => e.from === from).map((e) => e.to);
  else {
    const sign = dir === "left" ? -1 : 1;
    candidates = layout.nodes
      .filter(
        (n) => n.id !== from && Math.abs(cy(n) - cy(here)) < here.height && sign * (cx(n) - cx(here)) > 0,
      )
      .map((n) => n.id);
  }
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const id of candidates) {
    const b = pos.get(id);
    if (!b) continue;
    const d = Math.abs(cx(b) - cx(here)) + Math.abs(cy(b) - cy(here)) * 0.1;
    if (d < bestD) {
      bestD = d;
      best = id;
    }
  }
  return best;
}

/** Reading order for search results: top to bottom, left to right. */
export function readingOrder(layout: GraphLayout, ids: Iterable<string>): string[] {
  const pos = new Map(layout.nodes.map((n) => [n.id, n]));
  return [...ids]
    .filter((id) => pos.has(id))
    .sort((a, b) => {
      const pa = pos.get(a)!;
      const pb = pos.get(b)!;
      return pa.y - pb.y || pa.x - pb.x;
    });
}
