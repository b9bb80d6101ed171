/**
 * LayoutInput → ELK layered graph → GraphLayout. Pure: runs the same in Node, in a Worker and on
 * the main thread. Codegen stages become compound nodes; edges follow data flow (child → parent),
 * so scans sit at the top and the result at the bottom, as in Spark's SQL tab.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { nodeSize } from "./measure";
import type { GraphLayout, LayoutInput, PositionedCluster, PositionedEdge, PositionedNode } from "./types";

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

const ROOT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.nodeNodeBetweenLayers": "28",
  "elk.spacing.nodeNode": "18",
  "elk.spacing.edgeNode": "12",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
};
const CLUSTER_OPTIONS: Record<string, string> = { "elk.padding": "[top=22,left=8,bottom=8,right=8]" };

let elk: InstanceType<typeof ELK> | null = null;

export function toElkGraph(input: LayoutInput): ElkShape {
  const inCluster = new Map<string, string>();
  for (const c of input.clusters) for (const id of c.nodeIds) inCluster.set(id, c.id);
  const shape = (n: LayoutInput["nodes"][number]): ElkShape => ({ id: n.id, ...nodeSize(n.lines) });
  const present = new Set(input.nodes.map((n) => n.id));
  const clusters: ElkShape[] = input.clusters
    .filter((c) => c.nodeIds.some((id) => present.has(id)))
    .map((c) => ({ id: c.id, layoutOptions: CLUSTER_OPTIONS, children: [] }));
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const top: ElkShape[] = [];
  for (const n of input.nodes) {
    const c = byId.get(inCluster.get(n.id) ?? "");
    (c ? c.children! : top).push(shape(n));
  }
  const edges: ElkEdgeOut[] = input.edges
    .filter((e) => present.has(e.from) && present.has(e.to))
    .map((e, i) => ({ id: `e${i}:${e.kind}`, sources: [e.from], targets: [e.to] }));
  return { id: "root", layoutOptions: ROOT_OPTIONS, children: [...clusters, ...top], edges };
}

export async function layoutGraph(input: LayoutInput): Promise<GraphLayout> {
  if (input.nodes.length === 0) return { nodes: [], clusters: [], edges: [], width: 0, height: 0 };
  elk ??= new ELK();
  const graph = toElkGraph(input);
  const out = (await elk.layout(graph as never)) as unknown as ElkShape;
  return fromElk(out, input);
}

function fromElk(out: ElkShape, input: LayoutInput): GraphLayout {
  const nodes: PositionedNode[] = [];
  const clusters: PositionedCluster[] = [];
  const stageOf = new Map(input.clusters.map((c) => [c.id, c.stage]));
  const box = (s: ElkShape) => ({ x: s.x ?? 0, y: s.y ?? 0, width: s.width ?? 0, height: s.height ?? 0 });
  for (const s of out.children ?? []) {
    if (s.children) {
      clusters.push({ id: s.id, stage: stageOf.get(s.id) ?? 0, ...box(s) });
      for (const c of s.children) nodes.push({ id: c.id, ...box(c) });
    } else nodes.push({ id: s.id, ...box(s) });
  }
  const edges: PositionedEdge[] = [];
  const collect = (s: ElkShape) => {
    for (const e of s.edges ?? []) {
      const sec = e.sections?.[0];
      const points: [number, number][] = sec
        ? [
            [sec.startPoint.x, sec.startPoint.y],
            ...(sec.bendPoints ?? []).map((p) => [p.x, p.y] as [number, number]),
            [sec.endPoint.x, sec.endPoint.y],
          ]
        : [];
      const kind = e.id.slice(e.id.indexOf(":") + 1) as PositionedEdge["kind"];
      edges.push({ id: e.id, from: e.sources[0]!, to: e.targets[0]!, kind, points });
    }
    for (const c of s.children ?? []) collect(c);
  };
  collect(out);
  return { nodes, clusters, edges, width: out.width ?? 0, height: out.height ?? 0 };
}
