/**
 * Codegen stages as shapes around an already positioned flat layout. Laying stages out as ELK
 * compound nodes (INCLUDE_CHILDREN) cost 4× the time of the flat layout on TPC-DS q14a and grows
 * worse with the stage count, so stages are drawn, not laid out: each member box padded, plus a
 * bridge between members joined by an edge. A stage is a connected piece of the tree (the stream
 * side of each operator), so the union is one connected shape that never swallows a foreign box
 * the way a bounding rectangle would (a BroadcastHashJoin's build side sits right beside its stage).
 */
import type { Box, LayoutInput, PositionedCluster, PositionedEdge, PositionedNode } from "./types";

export const CLUSTER_PAD = 7;
/** Room above the top-most member for the `WholeStageCodegen (n)` label. */
export const CLUSTER_LABEL_PAD = 15;
const BRIDGE = 7;

export function clusterShapes(
  input: LayoutInput,
  nodes: readonly PositionedNode[],
  edges: readonly PositionedEdge[],
): PositionedCluster[] {
  const pos = new Map(nodes.map((n) => [n.id, n]));
  const clusterOf = new Map<string, string>();
  for (const c of input.clusters) for (const id of c.nodeIds) clusterOf.set(id, c.id);
  const bridges = new Map<string, Box[]>();
  for (const e of edges) {
    const c = clusterOf.get(e.from);
    if (!c || c !== clusterOf.get(e.to)) continue;
    const list = bridges.get(c) ?? [];
    list.push(...bridgeRects(pos.get(e.from)!, pos.get(e.to)!, e));
    bridges.set(c, list);
  }
  const out: PositionedCluster[] = [];
  for (const c of input.clusters) {
    const members = c.nodeIds.map((id) => pos.get(id)).filter((b): b is PositionedNode => !!b);
    if (members.length === 0) continue;
    const top = members.reduce((a, b) => (b.y < a.y || (b.y === a.y && b.x < a.x) ? b : a));
    const outline: Box[] = members.map((m) =>
      m === top
        ? {
            x: m.x - CLUSTER_PAD,
            y: m.y - CLUSTER_LABEL_PAD,
            width: m.width + 2 * CLUSTER_PAD,
            height: m.height + CLUSTER_PAD + CLUSTER_LABEL_PAD,
          }
        : pad(m, CLUSTER_PAD),
    );
    outline.push(...(bridges.get(c.id) ?? []));
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const b of outline) {
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width);
      y1 = Math.max(y1, b.y + b.height);
    }
    out.push({
      id: c.id,
      stage: c.stage,
      outline,
      x: x0,
      y: y0,
      width: x1 - x0,
      height: y1 - y0,
      labelX: top.x - CLUSTER_PAD + 5,
      labelY: top.y - 4,
    });
  }
  return out;
}

function pad(b: Box, p: number): Box {
  return { x: b.x - p, y: b.y - p, width: b.width + 2 * p, height: b.height + 2 * p };
}

/** Vertically stacked members share a full-width bridge; otherwise a band follows the edge. */
function bridgeRects(a: Box, b: Box, e: PositionedEdge): Box[] {
  const [upper, lower] = a.y <= b.y ? [a, b] : [b, a];
  const left = Math.max(upper.x, lower.x) - CLUSTER_PAD;
  const right = Math.min(upper.x + upper.width, lower.x + lower.width) + CLUSTER_PAD;
  const gapTop = upper.y + upper.height;
  if (right - left >= 4 * BRIDGE)
    return [{ x: left, y: gapTop, width: right - left, height: Math.max(0, lower.y - gapTop) }];
  const rects: Box[] = [];
  for (let i = 1; i < e.points.length; i++) {
    const [x0, y0] = e.points[i - 1]!;
    const [x1, y1] = e.points[i]!;
    rects.push({
      x: Math.min(x0, x1) - BRIDGE,
      y: Math.min(y0, y1) - BRIDGE,
      width: Math.abs(x1 - x0) + 2 * BRIDGE,
      height: Math.abs(y1 - y0) + 2 * BRIDGE,
    });
  }
  return rects;
}
