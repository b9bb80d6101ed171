"use client";
/**
 * The layers PlanGraph draws: the overview of a big plan, codegen stages, edges, boxes, and the
 * marks over them (search matches, finding badges). Each is memoised on its own inputs.
 */
import { memo } from "react";
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
import type { ColorScale } from "@/lib/layout/overlay";
import type { Box, GraphLayout, PositionedNode } from "@/lib/layout/types";
import { operatorCategory } from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";
import { edgePath, rectsPath } from "./geometry";

/** Every box, edge and stage of a big plan in a few paths: cheap to paint at any zoom. */
export const Overview = memo(function Overview({
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

export function edgeBox(e: GraphLayout["edges"][number]): Box {
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

export const Clusters = memo(function Clusters({ clusters }: { clusters: GraphLayout["clusters"] }) {
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

export const Edges = memo(function Edges(props: {
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

export interface Fill {
  readonly scale: ColorScale;
  readonly values: ReadonlyMap<string, number>;
}

export const Boxes = memo(function Boxes(props: {
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

export const Marks = memo(function Marks(props: {
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
