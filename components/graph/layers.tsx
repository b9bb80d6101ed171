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
import { cardLine, nodeBadge, nodeLabelLines } from "@/lib/layout/labels";
import type { Note } from "@/lib/layout/mainMetric";
import { CHAR_WIDTH, EDGE_LABEL_FONT, LINE_HEIGHT, LINE_PAD_Y, PAD_X, PAD_Y } from "@/lib/layout/measure";
import { type ColorScale, inkOn } from "@/lib/layout/overlay";
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
  if (e.points.length === 0) return { x: Number.NaN, y: Number.NaN, width: 0, height: 0 };
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
  /** The exact rows that flowed out of a node (event logs), carried as `data-rows`. */
  rows?: ((from: string) => number | null) | null;
}) {
  return props.edges.map((e) => {
    if (e.points.length < 2) return null; // between two lines of one card: not drawn
    const shuffle = e.kind === "child" && isShuffleSource(props.nodes.get(e.from));
    const w = props.width?.(e.from) ?? (shuffle ? 2.6 : 1.4);
    const rows = e.kind === "child" ? props.rows?.(e.from) : null;
    return (
      <g
        key={e.id}
        data-edge-from={e.from}
        data-edge-to={e.to}
        data-edge-kind={e.kind}
        data-rows={rows ?? undefined}
      >
        <path
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
        {e.label && (
          <text
            x={e.label.x + 2}
            y={e.label.y + EDGE_LABEL_FONT}
            className="plan-node-text plan-edge-label"
            fill="var(--muted)"
          >
            {e.label.text}
          </text>
        )}
      </g>
    );
  });
});

/** Compact view: a codegen stage's card (its frame and header); its lines are drawn as boxes. */
export const Cards = memo(function Cards(props: {
  cards: GraphLayout["cards"];
  notes: ReadonlyMap<string, Note> | undefined;
  fill: Fill | null;
}) {
  return props.cards.map((c) => {
    const note = props.notes?.get(c.cluster);
    const v = props.fill?.values.get(c.cluster);
    const head = v !== undefined && props.fill ? props.fill.scale.color(v) : "var(--cluster)";
    const ink = v !== undefined && props.fill ? inkOn(head) : null;
    const cls = "plan-node-text";
    return (
      <g
        key={c.id}
        data-card-id={c.id}
        data-cluster-id={c.cluster}
        data-codegen-stage={c.stage}
        transform={`translate(${c.x},${c.y})`}
      >
        <rect
          width={c.width}
          height={c.height}
          rx={5}
          fill="var(--node)"
          stroke="var(--cluster-border)"
          strokeWidth={2}
        />
        <rect x={1} y={1} width={c.width - 2} height={PAD_Y + LINE_HEIGHT - 2} rx={4} fill={head} />
        <text
          x={PAD_X}
          y={PAD_Y + 11}
          className={`${cls} plan-stage-label`}
          data-stage-toggle={c.cluster}
          fill={ink ?? "var(--muted)"}
        >
          <title>{`WholeStageCodegen (${c.stage}): click to fold`}</title>
          WholeStageCodegen ({c.stage})
        </text>
        {note && (
          <text
            x={c.width - PAD_X}
            y={PAD_Y + 11}
            textAnchor="end"
            className={`${cls} plan-node-note`}
            fill={ink ?? (note.alarm ? "var(--sev-critical)" : "var(--text)")}
            fontWeight={600}
          >
            {note.text}
          </text>
        )}
      </g>
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
  notes?: ReadonlyMap<string, Note>;
}) {
  return props.boxes.map((p) => {
    const n = props.nodes.get(p.id);
    const v = props.fill?.values.get(p.id);
    const bg = v !== undefined && props.fill ? props.fill.scale.color(v) : "var(--node)";
    const diff = props.diff?.get(p.id);
    if (n && (p.card || p.compact))
      return (
        <CardLineBox
          key={p.id}
          n={n}
          p={p}
          bg={v !== undefined ? bg : null}
          note={props.notes?.get(p.id)}
          diff={diff}
        />
      );
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
        <NodeText n={n} p={p} halo={v !== undefined} note={props.notes?.get(p.id)} />
      </g>
    );
  });
});

/** One operator as a line of a compact card: name, its most telling argument, its main metric. */
function CardLineBox(props: {
  n: PlanNode;
  p: PositionedNode;
  bg: string | null;
  note: Note | undefined;
  diff: DiffMark | undefined;
}) {
  const { n, p, diff } = props;
  const badge = nodeBadge(n);
  const l = cardLine(n, props.note?.text ?? badge);
  const cls = "plan-node-text";
  // On a metric fill, text takes the colour that reads on it (white on dark, black on light).
  const ink = props.bg ? inkOn(props.bg) : null;
  // A card's line sits in its card; a compact box of its own has a frame.
  const framed = !p.card;
  const ty = framed ? LINE_PAD_Y + 12 : 12;
  return (
    <g
      data-node-id={p.id}
      data-operator-id={n.operatorId ?? undefined}
      data-name={n.name}
      data-diff={diff}
      data-card={p.card}
      transform={`translate(${p.x},${p.y})`}
      className="cursor-pointer"
    >
      <title>{`${n.name}${n.args ? ` ${n.args}` : ""}${badge ? ` ${badge}` : ""}`}</title>
      {framed ? (
        <>
          <rect
            width={p.width}
            height={p.height}
            rx={4}
            fill={props.bg ?? "var(--node)"}
            stroke={diff ? `var(--diff-${diff})` : "var(--node-border)"}
            strokeWidth={diff ? 2.5 : 1}
            strokeDasharray={diff ? DIFF_DASH[diff] : undefined}
          />
          <rect width={4} height={p.height} rx={2} fill={`var(--cat-${operatorCategory(n.name)})`} />
        </>
      ) : (
        <>
          <rect
            x={2}
            width={p.width - 4}
            height={p.height}
            fill={props.bg ?? "transparent"}
            stroke={diff ? `var(--diff-${diff})` : undefined}
            strokeDasharray={diff ? DIFF_DASH[diff] : undefined}
          />
          <rect
            x={3}
            y={2}
            width={3}
            height={p.height - 4}
            rx={1.5}
            fill={`var(--cat-${operatorCategory(n.name)})`}
          />
        </>
      )}
      <text x={PAD_X} y={ty} className={`${cls} plan-node-name`} fill={ink ?? "var(--text)"} fontWeight={600}>
        {l.name}
      </text>
      {l.arg && (
        <text
          x={PAD_X + (l.name.length + 2) * CHAR_WIDTH}
          y={ty}
          className={cls}
          fill={ink ?? "var(--muted)"}
          fillOpacity={ink ? 0.85 : undefined}
        >
          {l.arg}
        </text>
      )}
      {l.right && (
        <text
          x={p.width - PAD_X}
          y={ty}
          textAnchor="end"
          className={props.note ? `${cls} plan-node-note` : cls}
          fill={
            ink ?? (props.note?.alarm ? "var(--sev-critical)" : props.note ? "var(--text)" : "var(--muted)")
          }
          fontWeight={props.note ? 600 : undefined}
        >
          {l.right}
        </text>
      )}
    </g>
  );
}

function NodeText({ n, p, halo, note }: { n: PlanNode; p: PositionedNode; halo: boolean; note?: Note }) {
  const badge = nodeBadge(n);
  const cls = halo ? "plan-node-text plan-node-halo" : "plan-node-text";
  const lines = nodeLabelLines(n);
  return (
    <>
      <title>{`${n.name}${n.args ? ` ${n.args}` : ""}`}</title>
      {lines.map((l, i) => (
        <text
          key={i}
          x={PAD_X}
          y={PAD_Y + LINE_HEIGHT * i + 12}
          className={i === 0 ? `${cls} plan-node-name` : cls}
          fill={i === 0 ? "var(--text)" : "var(--muted)"}
          fontWeight={i === 0 ? 600 : 400}
        >
          {l}
        </text>
      ))}
      {note && (
        <text
          x={PAD_X}
          y={PAD_Y + LINE_HEIGHT * lines.length + 12}
          className={`${cls} plan-node-note`}
          fill={note.alarm ? "var(--sev-critical)" : "var(--text)"}
        >
          {note.text}
        </text>
      )}
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
