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
import { CARD_CHARS } from "./labels";
import { CHAR_WIDTH, EDGE_LABEL_FONT, LINE_HEIGHT, LINE_PAD_Y, nodeSize, PAD_X, PAD_Y } from "./measure";
import type { GraphLayout, LayoutInput, PositionedCard, PositionedEdge, PositionedNode } from "./types";

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
interface ElkLabel {
  id: string;
  text: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
}
interface ElkEdgeOut {
  id: string;
  sources: string[];
  targets: string[];
  labels?: ElkLabel[];
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
  // Edge labels (rows, bytes) get room of their own beside the edge: never over a box or a label.
  "elk.edgeLabels.placement": "CENTER",
  "elk.spacing.edgeLabel": "3",
};

const COMPACT_OPTIONS: Readonly<Record<string, string>> = {
  "elk.layered.spacing.nodeNodeBetweenLayers": "16",
  "elk.spacing.nodeNode": "18",
};

/**
 * Layers are as tall as their tallest card: compaction pulls short boxes together along the flow
 * (q14a 17 % shorter). The constraint-locking variant costs least (EDGE_LENGTH took minutes at
 * 3,000 boxes); still, only plans up to 200 boxes get it.
 */
const COMPACTION = { "elk.layered.compaction.postCompaction.strategy": "LEFT_RIGHT_CONSTRAINT_LOCKING" };
const COMPACTION_MAX_BOXES = 200;

/** A compact one-line box: the line, padded. */
export function lineSize(line: string): { width: number; height: number } {
  const chars = Math.max(8, Math.min(line.length, CARD_CHARS));
  return { width: Math.ceil(chars * CHAR_WIDTH + 2 * PAD_X), height: LINE_HEIGHT + 2 * LINE_PAD_Y };
}

const EDGE_LABEL_CHAR = (CHAR_WIDTH * EDGE_LABEL_FONT) / 12;

let elk: InstanceType<typeof ELK> | null = null;

const boxOf = (input: LayoutInput, id: string) => input.cardOf?.[id] ?? id;

/** The box (a card's, or the node's own) an edge end is drawn at. */
export function toElkGraph(input: LayoutInput): ElkShape {
  const present = new Set(input.nodes.map((n) => n.id));
  const edges: ElkEdgeOut[] = [];
  input.edges.forEach((e, i) => {
    const from = boxOf(input, e.from);
    const to = boxOf(input, e.to);
    if (!present.has(from) || !present.has(to) || from === to) return;
    const out: ElkEdgeOut = { id: `e${i}:${e.kind}`, sources: [from], targets: [to] };
    if (e.label) {
      const width = Math.ceil(e.label.length * EDGE_LABEL_CHAR) + 4;
      out.labels = [{ id: `l${i}`, text: e.label, width, height: EDGE_LABEL_FONT + 3 }];
    }
    edges.push(out);
  });
  // Compact draws no stage outlines: layers need no room for their padding and labels.
  const compact = input.cardOf
    ? { ...COMPACT_OPTIONS, ...(input.nodes.length <= COMPACTION_MAX_BOXES ? COMPACTION : {}) }
    : {};
  return {
    id: "root",
    layoutOptions: { ...ROOT_OPTIONS, ...compact },
    children: input.nodes.map((n) => ({
      id: n.id,
      ...(n.compact ? lineSize(n.lines[0] ?? "") : nodeSize(n.lines, n.card ? CARD_CHARS : undefined)),
    })),
    edges,
  };
}

export async function layoutGraph(input: LayoutInput): Promise<GraphLayout> {
  if (input.nodes.length === 0) return { nodes: [], clusters: [], edges: [], cards: [], width: 0, height: 0 };
  elk ??= new ELK();
  const out = (await elk.layout(toElkGraph(input) as never)) as unknown as ElkShape;
  return fromElk(out, input);
}

function fromElk(out: ElkShape, input: LayoutInput): GraphLayout {
  // Shift everything so the stage padding above the top layer stays inside the drawing.
  const dx = CLUSTER_PAD;
  const dy = CLUSTER_LABEL_PAD;
  const special = new Map(input.nodes.filter((n) => n.group || n.card).map((n) => [n.id, n]));
  const compactIds = new Set(input.nodes.filter((n) => n.compact).map((n) => n.id));
  const nodes: PositionedNode[] = [];
  const cards: PositionedCard[] = [];
  for (const s of out.children ?? []) {
    const g = special.get(s.id);
    const box = {
      id: s.id,
      x: (s.x ?? 0) + dx,
      y: (s.y ?? 0) + dy,
      width: s.width ?? 0,
      height: s.height ?? 0,
    };
    if (g?.card) {
      cards.push({ ...box, cluster: g.card.cluster, stage: g.card.stage, members: g.card.members });
      // Each member keeps a box of its own: its line of the card (the header is line 0).
      g.card.members.forEach((m, i) => {
        const y = box.y + PAD_Y + LINE_HEIGHT * (i + 1);
        nodes.push({ id: m, x: box.x, y, width: box.width, height: LINE_HEIGHT, card: s.id });
      });
    } else if (g) nodes.push({ ...box, group: g.group, lines: g.lines });
    else nodes.push(compactIds.has(s.id) ? { ...box, compact: true } : box);
  }
  const edges: PositionedEdge[] = (out.edges ?? []).map((e) => {
    const sec = e.sections?.[0];
    const raw = sec ? [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint] : [];
    const i = Number(e.id.slice(1, e.id.indexOf(":")));
    const src = input.edges[i]!;
    const l = e.labels?.[0];
    const edge: PositionedEdge = {
      id: e.id,
      from: src.from,
      to: src.to,
      kind: src.kind,
      points: raw.map((p) => [p.x + dx, p.y + dy] as const),
    };
    return l ? { ...edge, label: { text: l.text, x: (l.x ?? 0) + dx, y: (l.y ?? 0) + dy } } : edge;
  });
  // Edges between two lines of one card are not drawn; they stay for keyboard moves.
  input.edges.forEach((e, i) => {
    const from = boxOf(input, e.from);
    if (from !== e.from && from === boxOf(input, e.to))
      edges.push({ id: `e${i}:${e.kind}`, from: e.from, to: e.to, kind: e.kind, points: [], internal: true });
  });
  return {
    nodes,
    cards,
    clusters: clusterShapes(input, nodes, edges),
    edges,
    width: (out.width ?? 0) + 2 * dx,
    height: (out.height ?? 0) + dy + CLUSTER_PAD,
  };
}
