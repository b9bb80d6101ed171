"use client";
/**
 * The plan graph: React draws the SVG (stages, edges, boxes); d3-zoom only owns the viewport
 * transform. Every operator carries `data-node-id` and, when known, `data-operator-id`.
 *
 * Big plans (over BIG boxes) stay fluid with two layers: an overview that draws every box, edge
 * and stage as a handful of <path>s (one per category; painted in a few ms at any zoom), and the
 * detailed boxes (labels, data attributes, click targets) only for what is in view once the
 * scale is readable (LOD_SCALE), recomputed when a zoom gesture settles. Selection, search
 * matches and badges are overlays, so boxes never re-render when they change. Small plans draw
 * every box in detail; CSS hides their labels below LOD_SCALE.
 */
import type { ZoomTransform } from "d3";
import { memo, type Ref, useCallback, useImperativeHandle, useMemo, useRef } from "react";
import {
  DIFF_DASH,
  DIFF_GLYPH,
  type DiffMark,
  isShuffleSource,
  SEVERITY_GLYPH,
  type Severity,
} from "@/lib/layout/decor";
import { nodeBadge, nodeLabelLines } from "@/lib/layout/labels";
import { LINE_HEIGHT, PAD_X, PAD_Y } from "@/lib/layout/measure";
import {
  type ColorScale,
  colorScale,
  edgeWidthScale,
  metricValue,
  type NodeMetrics,
} from "@/lib/layout/overlay";
import type { Box, GraphLayout, PositionedNode } from "@/lib/layout/types";
import { operatorCategory } from "@/lib/plan/category";
import type { PlanNode } from "@/lib/plan/types";
import { boxVisible, type Direction, edgePath, neighbour, rectsPath } from "./graph/geometry";
import { MetricLegend } from "./graph/MetricLegend";
import { Minimap, type MinimapHandle } from "./graph/Minimap";
import { LOD_SCALE, useZoom } from "./graph/useZoom";

export type { DiffMark, Severity } from "@/lib/layout/decor";
export type { NodeMetric, NodeMetrics } from "@/lib/layout/overlay";

/** What a collapse toggle refers to: a codegen stage (cluster id) or a subtree (its top node id). */
export type CollapseTarget = { readonly kind: "stage" | "subtree"; readonly id: string };

export interface PlanGraphHandle {
  readonly fitView: () => void;
  /** Pans (and zooms in to a readable scale if needed) so the node is in the middle. */
  readonly centreOn: (id: string) => void;
  readonly svg: () => SVGSVGElement | null;
  /** The part of the layout on screen, in layout coordinates. */
  readonly visibleRegion: () => Box | null;
}

export interface PlanGraphProps {
  readonly layout: GraphLayout;
  readonly nodes: ReadonlyMap<string, PlanNode>;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
  /** Enter on the selected node (open its details). */
  readonly onOpen?: (id: string) => void;
  /** Esc: close what is open; without it, Esc clears the selection. */
  readonly onEscape?: () => void;
  /** Click on a stage label or a collapsed box, or `c` on a node (fold its inputs). */
  readonly onToggleCollapse?: (target: CollapseTarget) => void;
  /** Search matches, outlined. */
  readonly highlighted?: ReadonlySet<string>;
  /** Findings per node (worst severity), drawn as a badge with a glyph. */
  readonly badges?: ReadonlyMap<string, Severity>;
  /** SQL metrics per node (event logs). */
  readonly metrics?: NodeMetrics;
  /** Metric name to colour boxes by (log scale, with a legend). */
  readonly colorBy?: string | null;
  /** Metric name (of the producing node) for edge thickness, e.g. `number of output rows`. */
  readonly edgeWidthBy?: string | null;
  /** Compare mode: per-node diff marks. */
  readonly diff?: ReadonlyMap<string, DiffMark>;
  /** Show the minimap: default when the plan has more than 40 boxes. */
  readonly minimap?: boolean;
  readonly ref?: Ref<PlanGraphHandle>;
  readonly label?: string;
}

/** Plans over this many boxes render labels only for boxes in view. */
const BIG = 400;
/** At most this many detailed boxes at once (a very zoomed-out view of a huge plan). */
const MAX_DETAIL = 2500;

export function PlanGraph(props: PlanGraphProps) {
  const { layout, nodes, selectedId, onSelect, onOpen, onToggleCollapse } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const minimapRef = useRef<MinimapHandle>(null);
  const big = layout.nodes.length > BIG;
  const onTransform = useCallback((t: ZoomTransform, w: number, h: number) => {
    minimapRef.current?.setView(t, w, h);
  }, []);
  const z = useZoom(svgRef, gRef, layout, onTransform);
  const pos = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);

  const centreOn = useCallback(
    (id: string) => {
      const b = pos.get(id);
      if (b) z.centreOn(b.x + b.width / 2, b.y + b.height / 2);
    },
    [pos, z],
  );
  useImperativeHandle(
    props.ref,
    () => ({
      fitView: z.fitView,
      centreOn,
      svg: () => svgRef.current,
      visibleRegion: () => {
        const svg = svgRef.current;
        if (!svg) return null;
        const t = z.current();
        const { width, height } = svg.getBoundingClientRect();
        const [x0, y0] = t.invert([0, 0]);
        const [x1, y1] = t.invert([width, height]);
        return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
      },
    }),
    [z, centreOn],
  );

  // What is drawn in detail: everything on small plans; on big ones what is in view, when readable.
  const detail = useMemo(() => {
    if (!big) return layout;
    const v = z.viewport;
    if (!v || v.k < LOD_SCALE) return null;
    const m = (v.x1 - v.x0) * 0.25;
    const inView = (b: Box) => boxVisible(b, v, m);
    return {
      nodes: layout.nodes.filter(inView).slice(0, MAX_DETAIL),
      edges: layout.edges.filter((e) => inView(edgeBox(e))),
      clusters: layout.clusters.filter(inView),
    };
  }, [big, layout, z.viewport]);

  const fill = useMemo(() => {
    const scale = colorScale(props.metrics, props.colorBy);
    if (!scale || !props.colorBy) return null;
    const values = new Map<string, number>();
    for (const b of layout.nodes) {
      const m = metricValue(props.metrics, b.id, props.colorBy);
      if (m) values.set(b.id, m.total);
    }
    return { scale, values };
  }, [props.metrics, props.colorBy, layout]);
  const edgeWidth = useMemo(() => {
    const s = edgeWidthScale(props.metrics, props.edgeWidthBy);
    if (!s || !props.edgeWidthBy) return null;
    const name = props.edgeWidthBy;
    return (from: string) => {
      const m = metricValue(props.metrics, from, name);
      return m ? s(m.total) : null;
    };
  }, [props.metrics, props.edgeWidthBy]);

  const move = (dir: Direction) => {
    // Nothing selected yet: start at the result (a box no edge leaves).
    const from = selectedId ?? resultNode(layout);
    if (!from) return;
    const next = selectedId ? neighbour(layout, from, dir) : from;
    if (next) {
      onSelect(next);
      centreOn(next);
    }
  };
  const onKeyDown = (ev: React.KeyboardEvent<SVGSVGElement>) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const arrows: Record<string, Direction> = {
      ArrowUp: "up",
      ArrowDown: "down",
      ArrowLeft: "left",
      ArrowRight: "right",
    };
    const dir = arrows[ev.key];
    if (dir) move(dir);
    else if (ev.key === "+" || ev.key === "=") z.scaleBy(1.25);
    else if (ev.key === "-") z.scaleBy(0.8);
    else if (ev.key === "0") z.fitView();
    else if (ev.key === "Enter") {
      if (selectedId) onOpen?.(selectedId);
    } else if (ev.key === "Escape") {
      if (props.onEscape) props.onEscape();
      else onSelect(null);
    } else if (ev.key === "c" && selectedId) {
      const b = pos.get(selectedId);
      onToggleCollapse?.(b?.group ? groupTarget(b) : { kind: "subtree", id: selectedId });
    } else return;
    ev.preventDefault();
  };

  const onClick = (ev: React.MouseEvent<SVGElement>) => {
    const t = ev.target as Element;
    const stage = t.closest("[data-stage-toggle]");
    if (stage) {
      onToggleCollapse?.({ kind: "stage", id: stage.getAttribute("data-stage-toggle")! });
      return;
    }
    const group = t.closest("[data-group-id]");
    if (group) {
      const b = pos.get(group.getAttribute("data-group-id")!);
      if (b?.group && ev.detail >= 2) onToggleCollapse?.(groupTarget(b));
      else onSelect(b?.id ?? null);
      return;
    }
    const node = t.closest("[data-node-id]");
    if (node) {
      onSelect(node.getAttribute("data-node-id"));
      return;
    }
    const svg = svgRef.current;
    if (big && svg && t.closest(".plan-overview")) {
      const r = svg.getBoundingClientRect();
      const tr = z.current();
      const [x, y] = tr.invert([ev.clientX - r.left, ev.clientY - r.top]);
      const slack = 3 / tr.k;
      const hit = layout.nodes.find(
        (b) =>
          x >= b.x - slack && x <= b.x + b.width + slack && y >= b.y - slack && y <= b.y + b.height + slack,
      );
      onSelect(hit?.id ?? null);
      return;
    }
    onSelect(null);
  };

  const selected = selectedId ? pos.get(selectedId) : undefined;
  const showMinimap = props.minimap ?? layout.nodes.length > 40;
  return (
    <div className="relative h-full w-full" data-testid="plan-graph-view">
      <svg
        ref={svgRef}
        data-testid="plan-graph"
        data-lod="full"
        data-big={big || undefined}
        data-node-count={layout.nodes.length}
        className="plan-graph h-full w-full cursor-grab select-none outline-none active:cursor-grabbing"
        tabIndex={0}
        role="application"
        aria-label={
          props.label ??
          "Plan graph: drag to pan, wheel or +/− to zoom, 0 to fit, arrows move between operators, Enter opens details, Esc closes, c folds inputs"
        }
        onKeyDown={onKeyDown}
        onClick={onClick}
      >
        <defs>
          <marker
            id="ps-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="9"
            markerHeight="9"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="var(--edge)" />
          </marker>
        </defs>
        <g ref={gRef}>
          {big && <Overview layout={layout} nodes={nodes} />}
          {detail && (
            <>
              <g className="plan-clusters">
                <Clusters clusters={detail.clusters} />
              </g>
              <g className="plan-edges">
                <Edges edges={detail.edges} nodes={nodes} width={edgeWidth} />
              </g>
              <g className="plan-nodes">
                <Boxes boxes={detail.nodes} nodes={nodes} fill={fill} diff={props.diff} />
              </g>
            </>
          )}
          <Marks layout={pos} highlighted={props.highlighted} badges={props.badges} />
          {selected && (
            <rect
              data-testid="selection"
              data-for={selected.id}
              x={selected.x - 4}
              y={selected.y - 4}
              width={selected.width + 8}
              height={selected.height + 8}
              rx={7}
              fill="none"
              stroke="var(--select)"
              strokeWidth={3}
              pointerEvents="none"
            />
          )}
        </g>
      </svg>
      {fill && <MetricLegend scale={fill.scale} />}
      {showMinimap && <Minimap ref={minimapRef} layout={layout} nodes={nodes} onJump={z.translateTo} />}
    </div>
  );
}

function resultNode(layout: GraphLayout): string | null {
  const sources = new Set(layout.edges.map((e) => e.from));
  return layout.nodes.find((n) => !sources.has(n.id))?.id ?? layout.nodes[0]?.id ?? null;
}

function groupTarget(b: PositionedNode): CollapseTarget {
  const [kind, ...rest] = b.id.split(":");
  return { kind: kind === "stage" ? "stage" : "subtree", id: rest.join(":") };
}

/** Every box, edge and stage of a big plan in a few paths: cheap to paint at any zoom. */
const Overview = memo(function Overview({
  layout,
  nodes,
}: {
  layout: GraphLayout;
  nodes: ReadonlyMap<string, PlanNode>;
}) {
  const byCat = new Map<string, string[]>();
  for (const b of layout.nodes) {
    const cat = b.group ? "group" : operatorCategory(nodes.get(b.id)?.name ?? "");
    const list = byCat.get(cat) ?? [];
    list.push(`M${b.x},${b.y}h${b.width}v${b.height}h${-b.width}z`);
    byCat.set(cat, list);
  }
  const clusters = layout.clusters.map((c) => `M${c.x},${c.y}h${c.width}v${c.height}h${-c.width}z`).join("");
  const edges = layout.edges.map(edgePath).join("");
  return (
    <g className="plan-overview" data-testid="plan-overview" shapeRendering="optimizeSpeed">
      <path d={clusters} fill="var(--cluster)" />
      <path className="plan-overview-edges" d={edges} fill="none" stroke="var(--edge)" strokeWidth={1.5} />
      {[...byCat].map(([cat, d]) => (
        <path
          key={cat}
          d={d.join("")}
          fill={
            cat === "group"
              ? "var(--cluster-border)"
              : `color-mix(in srgb, var(--cat-${cat}) 45%, var(--node))`
          }
        />
      ))}
    </g>
  );
});

function edgeBox(e: GraphLayout["edges"][number]): Box {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of e.points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const Clusters = memo(function Clusters({ clusters }: { clusters: GraphLayout["clusters"] }) {
  return clusters.map((c) => {
    const d = rectsPath(c.outline);
    return (
      <g key={c.id} data-cluster-id={c.id} data-codegen-stage={c.stage}>
        <path d={d} fill="none" stroke="var(--cluster-border)" strokeWidth={3} />
        <path d={d} fill="var(--cluster)" />
        <text
          x={c.labelX}
          y={c.labelY}
          className="plan-node-text plan-stage-label"
          data-stage-toggle={c.id}
          fill="var(--muted)"
          fontSize={10}
        >
          <title>{`WholeStageCodegen (${c.stage}): click to fold`}</title>
          codegen {c.stage}
        </text>
      </g>
    );
  });
});

const Edges = memo(function Edges(props: {
  edges: GraphLayout["edges"];
  nodes: ReadonlyMap<string, PlanNode>;
  width: ((from: string) => number | null) | null;
}) {
  return props.edges.map((e) => {
    const shuffle = e.kind === "child" && isShuffleSource(props.nodes.get(e.from));
    const w = props.width?.(e.from) ?? (shuffle ? 2.6 : 1.4);
    return (
      <path
        key={e.id}
        d={edgePath(e)}
        data-edge-kind={e.kind}
        data-shuffle={shuffle || undefined}
        data-from={e.from}
        data-to={e.to}
        fill="none"
        stroke={shuffle ? "var(--edge-shuffle)" : "var(--edge)"}
        strokeWidth={w}
        strokeDasharray={e.kind === "child" ? undefined : "5 4"}
        markerEnd="url(#ps-arrow)"
      />
    );
  });
});

interface Fill {
  readonly scale: ColorScale;
  readonly values: ReadonlyMap<string, number>;
}

const Boxes = memo(function Boxes(props: {
  boxes: readonly PositionedNode[];
  nodes: ReadonlyMap<string, PlanNode>;
  fill: Fill | null;
  diff: ReadonlyMap<string, DiffMark> | undefined;
}) {
  return props.boxes.map((p) => {
    const n = props.nodes.get(p.id);
    const v = props.fill?.values.get(p.id);
    const bg = v !== undefined && props.fill ? props.fill.scale.color(v) : "var(--node)";
    const diff = props.diff?.get(p.id);
    if (!n) {
      return (
        <g key={p.id} data-group-id={p.id} transform={`translate(${p.x},${p.y})`} className="cursor-pointer">
          <title>Folded: double-click to unfold</title>
          <rect
            width={p.width}
            height={p.height}
            rx={4}
            fill="var(--cluster)"
            stroke="var(--cluster-border)"
            strokeWidth={2}
            strokeDasharray="4 3"
          />
          {(p.lines ?? []).map((l, i) => (
            <text
              key={i}
              x={PAD_X}
              y={PAD_Y + LINE_HEIGHT * i + 12}
              className="plan-node-text"
              fill={i === 0 ? "var(--text)" : "var(--muted)"}
            >
              {l}
            </text>
          ))}
        </g>
      );
    }
    return (
      <g
        key={p.id}
        data-node-id={p.id}
        data-operator-id={n.operatorId ?? undefined}
        data-name={n.name}
        data-diff={diff}
        transform={`translate(${p.x},${p.y})`}
        className="cursor-pointer"
      >
        <rect
          width={p.width}
          height={p.height}
          rx={4}
          fill={bg}
          stroke={diff ? `var(--diff-${diff})` : "var(--node-border)"}
          strokeWidth={diff ? 2.5 : 1}
          strokeDasharray={diff ? DIFF_DASH[diff] : undefined}
        />
        <rect width={4} height={p.height} rx={2} fill={`var(--cat-${operatorCategory(n.name)})`} />
        {diff && (
          <text
            x={-6}
            y={PAD_Y + 12}
            textAnchor="end"
            fontSize={14}
            fontWeight={700}
            fill={`var(--diff-${diff})`}
          >
            {DIFF_GLYPH[diff]}
          </text>
        )}
        <NodeText n={n} p={p} halo={v !== undefined} />
      </g>
    );
  });
});

function NodeText({ n, p, halo }: { n: PlanNode; p: PositionedNode; halo: boolean }) {
  const badge = nodeBadge(n);
  const cls = halo ? "plan-node-text plan-node-halo" : "plan-node-text";
  return (
    <>
      <title>{`${n.name}${n.args ? ` ${n.args}` : ""}`}</title>
      {nodeLabelLines(n).map((l, i) => (
        <text
          key={i}
          x={PAD_X}
          y={PAD_Y + LINE_HEIGHT * i + 12}
          className={cls}
          fill={i === 0 ? "var(--text)" : "var(--muted)"}
          fontWeight={i === 0 ? 600 : 400}
        >
          {l}
        </text>
      ))}
      {badge && (
        <text x={p.width - PAD_X} y={PAD_Y + 12} textAnchor="end" className={cls} fill="var(--muted)">
          {badge}
        </text>
      )}
    </>
  );
}

const Marks = memo(function Marks(props: {
  layout: ReadonlyMap<string, PositionedNode>;
  highlighted: ReadonlySet<string> | undefined;
  badges: ReadonlyMap<string, Severity> | undefined;
}) {
  const out: React.ReactNode[] = [];
  for (const id of props.highlighted ?? []) {
    const b = props.layout.get(id);
    if (!b) continue;
    out.push(
      <rect
        key={`m${id}`}
        data-match={id}
        x={b.x - 3}
        y={b.y - 3}
        width={b.width + 6}
        height={b.height + 6}
        rx={6}
        fill="none"
        stroke="var(--match)"
        strokeWidth={2.5}
        strokeDasharray="6 2"
        pointerEvents="none"
      />,
    );
  }
  for (const [id, sev] of props.badges ?? []) {
    const b = props.layout.get(id);
    if (!b) continue;
    out.push(
      <g
        key={`b${id}`}
        data-badge={sev}
        data-badge-for={id}
        transform={`translate(${b.x + b.width - 2},${b.y - 4})`}
        pointerEvents="none"
      >
        <circle r={8} fill={`var(--sev-${sev})`} stroke="var(--node)" strokeWidth={1.5} />
        <text textAnchor="middle" y={4} fontSize={11} fontWeight={700} fill="var(--node)">
          {SEVERITY_GLYPH[sev]}
        </text>
      </g>,
    );
  }
  return <g className="plan-marks">{out}</g>;
});
