/**
 * LayoutInput → ELK layered graph → GraphLayout. Pure: runs the same in Node, in a Worker and on
 * the main thread. Edges follow data flow (child → parent), so scans sit at the top and the
 * result at the bottom, as in Spark's SQL tab.
 *
 * The graph is laid out flat and codegen stages are drawn around their members afterwards
 * (clusters.ts). Measured on TPC-DS q14a (252 operators, 66 stages): compound layout with
 * INCLUDE_CHILDREN ≈ 2.4 s, flat ≈ 0.65 s, flat with the options below ≈ 0.15 s. See
 * scripts/bench/layout.ts for the figures on 1,000 and 5,000 operators.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { CLUSTER_LABEL_PAD, CLUSTER_PAD, clusterShapes } from "./clusters";
import { nodeSize } from "./measure";
import type { EdgeKind, GraphLayout, LayoutInput, PositionedEdge, PositionedNode } from "./types";

interface ElkShape {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkShape[];
  edges?: ElkEdgeOut[];
  layoutOptions?: Record<string, string>;
}
interface ElkEdgeOut {
  id: string;
  sources: string[];
  targets: string[];
  sections?: {
    startPoint: { x: number; y: number };
    endPoint: { x: number; y: number };
    bendPoints?: { x: number; y: number }[];
  }[];
}

export const ROOT_OPTIONS: Readonly<Record<string, string>> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  // Orthogonal routing through the layered phases' dummy nodes: no edge crosses a node box.
  "elk.edgeRouting": "ORTHOGONAL",
  // Room between layers for a stage's padding, its label and the edge bends.
  "elk.layered.spacing.nodeNodeBetweenLayers": String(2 * CLUSTER_PAD + CLUSTER_LABEL_PAD + 14),
  "elk.spacing.nodeNode": String(2 * CLUSTER_PAD + 12),
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "8",
  // A plan is a tree plus a few reuse/subquery links: the layer of an operator is its distance
  // to the root, which longest-path layering gives directly; network simplex spent ~40 % of the
  // time on 5,000 operators to find the same layering.
  "elk.layered.layering.strategy": "LONGEST_PATH",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  // Trees have few crossings to remove: one sweep pass, no greedy-switch post-pass.
  "elk.layered.thoroughness": "1",
  "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
  // Packing components separately costs a full extra pass; subquery trees are linked anyway.
  "elk.separateConnectedComponents": "false",
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
};

let elk: InstanceType<typeof ELK> | null = null;

export function toElkGraph(input: LayoutInput): ElkShape {
  const present = new Set(input.nodes.map((n) => n.id));
  const edges: ElkEdgeOut[] = input.edges
    .filter((e) => present.has(e.from) && present.has(e.to) && e.from !== e.to)
    .map((e, i) => ({ id: `e${i}:${e.kind}`, sources: [e.from], targets: [e.to] }));
  return {
    id: "root",
    layoutOptions: { ...ROOT_OPTIONS },
    children: input.nodes.map((n) => ({ id: n.id, ...nodeSize(n.lines) })),
    edges,
  };
}

export async function layoutGraph(input: LayoutInput): Promise<GraphLayout> {
  if (input.nodes.length === 0) return { nodes: [], clusters: [], edges: [], width: 0, height: 0 };
  elk ??= new ELK();
  const out = (await elk.layout(toElkGraph(input) as never)) as unknown as ElkShape;
  return fromElk(out, input);
}

function fromElk(out: ElkShape, input: LayoutInput): GraphLayout {
  // Shift everything so the stage padding above the top layer stays inside the drawing.
  const dx = CLUSTER_PAD;
  const dy = CLUSTER_LABEL_PAD;
  const groups = new Map(input.nodes.filter((n) => n.group).map((n) => [n.id, n]));
  const nodes: PositionedNode[] = (out.children ?? []).map((s) => {
    const g = groups.get(s.id);
    const box = {
      id: s.id,
      x: (s.x ?? 0) + dx,
      y: (s.y ?? 0) + dy,
      width: s.width ?? 0,
      height: s.height ?? 0,
    };
    return g ? { ...box, group: g.group, lines: g.lines } : box;
  });
  const edges: PositionedEdge[] = (out.edges ?? []).map((e) => {
    const sec = e.sections?.[0];
    const raw = sec ? [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint] : [];
    return {
      id: e.id,
      from: e.sources[0]!,
      to: e.targets[0]!,
      kind: e.id.slice(e.id.indexOf(":") + 1) as EdgeKind,
      points: raw.map((p) => [p.x + dx, p.y + dy] as const),
    };
  });
  return {
    nodes,
    clusters: clusterShapes(input, nodes, edges),
    edges,
    width: (out.width ?? 0) + 2 * dx,
    height: (out.height ?? 0) + dy + CLUSTER_PAD,
  };
}
