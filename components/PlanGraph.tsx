"use client";
/**
 * The plan graph: React draws the SVG (clusters, edges, nodes); d3-zoom only owns the viewport
 * transform. Every operator carries `data-node-id` and, when known, `data-operator-id`.
 */
import { select, type ZoomBehavior, zoom, zoomIdentity } from "d3";
import { memo, useCallback, useEffect, useMemo, useRef } from "react";
import { nodeBadge, nodeLabelLines } from "@/lib/layout/labels";
import { LINE_HEIGHT, PAD_X, PAD_Y } from "@/lib/layout/measure";
import type { GraphLayout, PositionedEdge } from "@/lib/layout/types";
import { operatorCategory } from "@/lib/plan/category";
import type { PlanNode } from "@/lib/plan/types";

export interface PlanGraphProps {
  readonly layout: GraphLayout;
  readonly nodes: ReadonlyMap<string, PlanNode>;
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
}

function pathOf(e: PositionedEdge): string {
  return e.points.map((p, i) => `${i === 0 ? "M" : "L"}${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(" ");
}

export const PlanGraph = memo(function PlanGraph({ layout, nodes, selectedId, onSelect }: PlanGraphProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  const fitToView = useCallback(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z || layout.width === 0) return;
    const { width, height } = svg.getBoundingClientRect();
    const margin = 24;
    const k = Math.min(1.5, (width - 2 * margin) / layout.width, (height - 2 * margin) / layout.height);
    const scale = Math.max(0.02, k);
    const x = (width - layout.width * scale) / 2;
    const y = Math.max(margin, (height - layout.height * scale) / 2);
    select(svg).call(z.transform, zoomIdentity.translate(x, y).scale(scale));
  }, [layout]);

  useEffect(() => {
    const svg = svgRef.current;
    const g = viewportRef.current;
    if (!svg || !g) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 4])
      .on("zoom", (ev) => {
        g.setAttribute("transform", ev.transform.toString());
        svg.dataset.zoom = ev.transform.k.toFixed(3);
      });
    zoomRef.current = z;
    select(svg).call(z).on("dblclick.zoom", null);
    fitToView();
    return () => {
      select(svg).on(".zoom", null);
    };
  }, [fitToView]);

  const onKeyDown = (ev: React.KeyboardEvent<SVGSVGElement>) => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z) return;
    if (ev.key === "+" || ev.key === "=") select(svg).call(z.scaleBy, 1.25);
    else if (ev.key === "-") select(svg).call(z.scaleBy, 0.8);
    else if (ev.key === "0") fitToView();
    else if (ev.key === "Escape") onSelect(null);
    else return;
    ev.preventDefault();
  };

  const clusters = useMemo(
    () =>
      layout.clusters.map((c) => (
        <g key={c.id} data-cluster-id={c.id} data-codegen-stage={c.stage}>
          <rect
            x={c.x}
            y={c.y}
            width={c.width}
            height={c.height}
            rx={6}
            fill="var(--cluster)"
            stroke="var(--cluster-border)"
            strokeDasharray="4 3"
          />
          <text x={c.x + 8} y={c.y + 15} className="plan-node-label" fill="var(--muted)" fontSize={11}>
            WholeStageCodegen ({c.stage})
          </text>
        </g>
      )),
    [layout],
  );

  const edges = useMemo(
    () =>
      layout.edges.map((e) => (
        <path
          key={e.id}
          d={pathOf(e)}
          data-edge-kind={e.kind}
          data-from={e.from}
          data-to={e.to}
          fill="none"
          stroke="var(--edge)"
          strokeWidth={e.kind === "child" ? 1.4 : 1.2}
          strokeDasharray={e.kind === "child" ? undefined : "5 4"}
          markerEnd="url(#ps-arrow)"
        />
      )),
    [layout],
  );

  return (
    <svg
      ref={svgRef}
      data-testid="plan-graph"
      className="h-full w-full cursor-grab select-none outline-none active:cursor-grabbing"
      tabIndex={0}
      role="application"
      aria-label="Plan graph: drag to pan, wheel or +/− to zoom, 0 to fit"
      onKeyDown={onKeyDown}
      onClick={(ev) => {
        if (ev.target === svgRef.current) onSelect(null);
      }}
    >
      <defs>
        <marker
          id="ps-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="var(--edge)" />
        </marker>
      </defs>
      <g ref={viewportRef}>
        {clusters}
        {edges}
        {layout.nodes.map((p) => {
          const n = nodes.get(p.id);
          if (!n) return null;
          const lines = nodeLabelLines(n);
          const selected = p.id === selectedId;
          const badge = nodeBadge(n);
          return (
            <g
              key={p.id}
              data-node-id={p.id}
              data-operator-id={n.operatorId ?? undefined}
              data-name={n.name}
              data-selected={selected || undefined}
              transform={`translate(${p.x},${p.y})`}
              className="cursor-pointer"
              onClick={(ev) => {
                ev.stopPropagation();
                onSelect(p.id);
              }}
            >
              <title>{`${n.name}${n.args ? ` ${n.args}` : ""}`}</title>
              <rect
                width={p.width}
                height={p.height}
                rx={4}
                fill="var(--node)"
                stroke={selected ? "var(--select)" : "var(--node-border)"}
                strokeWidth={selected ? 2.5 : 1}
              />
              <rect width={4} height={p.height} rx={2} fill={`var(--cat-${operatorCategory(n.name)})`} />
              {lines.map((l, i) => (
                <text
                  key={i}
                  x={PAD_X}
                  y={PAD_Y + LINE_HEIGHT * i + 12}
                  className="plan-node-label"
                  fill={i === 0 ? "var(--text)" : "var(--muted)"}
                  fontWeight={i === 0 ? 600 : 400}
                >
                  {l}
                </text>
              ))}
              {badge && (
                <text
                  x={p.width - PAD_X}
                  y={PAD_Y + 12}
                  textAnchor="end"
                  className="plan-node-label"
                  fill="var(--muted)"
                >
                  {badge}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
});
