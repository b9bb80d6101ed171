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
import { type Ref, useCallback, useImperativeHandle, useMemo, useRef } from "react";
import type { DiffMark, Severity } from "@/lib/layout/decor";
import type { Note } from "@/lib/layout/mainMetric";
import { edgeWidthScale, metricFill, metricValue, type NodeMetrics } from "@/lib/layout/overlay";
import type { Box, GraphLayout, PositionedNode } from "@/lib/layout/types";
import type { PlanNode } from "@/lib/plan/types";
import { boxVisible, type Direction, neighbour } from "./graph/geometry";
import { Boxes, Cards, Clusters, Edges, edgeBox, Marks, Overview } from "./graph/layers";
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
  /** Arrow-key moves; defaults to onSelect (a page may open details on click but not on moves). */
  readonly onNavigate?: (id: string) => void;
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
  /** Main metric text per node / codegen cluster id, drawn on the box or card line. */
  readonly notes?: ReadonlyMap<string, Note>;
  /** Compare mode: per-node diff marks. */
  readonly diff?: ReadonlyMap<string, DiffMark>;
  /** Show the minimap: default when the plan has more than 40 boxes. */
  readonly minimap?: boolean;
  readonly ref?: Ref<PlanGraphHandle>;
  readonly label?: string;
  /** Pixels on the right covered by a panel: fitting and centring use the rest. */
  readonly insetRight?: number;
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
  const pos = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);
  const anchor = useMemo(() => {
    const id = resultNode(layout);
    const b = id ? pos.get(id) : undefined;
    const card = b?.card ? layout.cards.find((c) => c.id === b.card) : undefined;
    return card ?? b ?? null;
  }, [layout, pos]);
  const z = useZoom(svgRef, gRef, layout, onTransform, props.insetRight ?? 0, anchor);

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
      cards: layout.cards.filter(inView),
    };
  }, [big, layout, z.viewport]);

  const fill = useMemo(
    () =>
      metricFill(props.metrics, props.colorBy, [
        ...layout.nodes.map((b) => b.id),
        ...layout.cards.map((c) => c.cluster),
      ]),
    [props.metrics, props.colorBy, layout],
  );
  const edgeWidth = useMemo(() => {
    const s = edgeWidthScale(props.metrics, props.edgeWidthBy);
    if (!s || !props.edgeWidthBy) return null;
    const name = props.edgeWidthBy;
    return (from: string) => {
      const m = metricValue(props.metrics, from, name);
      return m ? s(m.total) : null;
    };
  }, [props.metrics, props.edgeWidthBy]);
  const edgeRows = useMemo(() => {
    if (!props.metrics) return null;
    return (from: string) => metricValue(props.metrics, from, ROWS)?.total ?? null;
  }, [props.metrics]);

  const move = (dir: Direction) => {
    // Nothing selected yet: start at the result (a box no edge leaves).
    const from = selectedId ?? resultNode(layout);
    if (!from) return;
    const next = selectedId ? neighbour(layout, from, dir) : from;
    if (next) {
      (props.onNavigate ?? onSelect)(next);
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
  const showMinimap = props.minimap ?? (layout.nodes.length > 40 || z.fitsReadable === false);
  return (
    <div className="relative h-full w-full" data-testid="plan-graph-view">
      <svg
        ref={svgRef}
        data-testid="plan-graph"
        data-lod="full"
        data-big={big || undefined}
        data-node-count={layout.nodes.length}
        className="plan-graph h-full w-full cursor-grab select-none outline-none focus-visible:outline-2 focus-visible:outline-accent focus-visible:-outline-offset-2 active:cursor-grabbing"
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
              <g className="plan-cards">
                <Cards cards={detail.cards} notes={props.notes} fill={fill} />
              </g>
              <g className="plan-edges">
                <Edges edges={detail.edges} nodes={nodes} width={edgeWidth} rows={edgeRows} />
              </g>
              <g className="plan-nodes">
                <Boxes boxes={detail.nodes} nodes={nodes} fill={fill} diff={props.diff} notes={props.notes} />
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

/** Rows out of a node, as Spark counts them (carried by edges as `data-rows`). */
const ROWS = "number of output rows";

/** The result: the lowest box no edge leaves (subquery roots feed their host, so they are not it). */
function resultNode(layout: GraphLayout): string | null {
  const sources = new Set(layout.edges.map((e) => e.from));
  let best: PositionedNode | null = null;
  for (const n of layout.nodes)
    if (!sources.has(n.id) && (!best || n.y + n.height > best.y + best.height)) best = n;
  return best?.id ?? layout.nodes[0]?.id ?? null;
}

function groupTarget(b: PositionedNode): CollapseTarget {
  const [kind, ...rest] = b.id.split(":");
  return { kind: kind === "stage" ? "stage" : "subtree", id: rest.join(":") };
}
