/**
 * A positioned graph as a self-contained SVG document: colours inlined (no CSS variables), the
 * label font named, an optional legend. Pure string building, so the page's export and the
 * `plansight render` CLI produce the same drawing. Plan text is XML-escaped, never trusted.
 */
import { operatorCategory } from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";
import {
  DIFF_DASH,
  DIFF_GLYPH,
  type DiffMark,
  isShuffleSource,
  SEVERITY_GLYPH,
  type Severity,
} from "./decor";
import { cardLine, nodeBadge, nodeLabelLines } from "./labels";
import { CHAR_WIDTH, EDGE_LABEL_FONT, FONT_SIZE, LINE_HEIGHT, LINE_PAD_Y, PAD_X, PAD_Y } from "./measure";
import type { ColorScale } from "./overlay";
import type { Palette } from "./palette";
import type { Box, GraphLayout } from "./types";

export interface SvgOptions {
  readonly palette: Palette;
  /** Region of the layout to draw (what is on screen); the whole graph when absent. */
  readonly region?: Box;
  readonly badges?: ReadonlyMap<string, Severity>;
  readonly diff?: ReadonlyMap<string, DiffMark>;
  readonly fill?: { readonly scale: ColorScale; readonly values: ReadonlyMap<string, number> };
  readonly title?: string;
  readonly legend?: boolean;
  /** Main metric per node / codegen cluster id (drawn as on the page). */
  readonly notes?: ReadonlyMap<string, { readonly text: string; readonly alarm?: boolean }>;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const n1 = (v: number) => (Math.round(v * 10) / 10).toString();
const FONT = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

export function renderSvg(layout: GraphLayout, nodes: ReadonlyMap<string, PlanNode>, o: SvgOptions): string {
  const p = o.palette;
  const r = o.region ?? { x: 0, y: 0, width: layout.width, height: layout.height };
  const legendH = o.legend === false ? 0 : 44;
  // Wide enough for the legend's one row.
  const W = Math.max(legendH > 0 ? 760 : 1, Math.ceil(r.width));
  const H = Math.max(1, Math.ceil(r.height)) + legendH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="${n1(r.x)} ${n1(r.y)} ${W} ${H}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
  ];
  if (o.title) out.push(`<title>${esc(o.title)}</title>`);
  out.push(
    `<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${p.edge}"/></marker></defs>`,
    `<rect x="${n1(r.x)}" y="${n1(r.y)}" width="${W}" height="${H}" fill="${p.bg}"/>`,
  );
  const within = (b: Box) =>
    b.x + b.width >= r.x && b.x <= r.x + r.width && b.y + b.height >= r.y && b.y <= r.y + r.height;
  for (const c of layout.clusters) {
    if (!within(c)) continue;
    const d = c.outline
      .map((b) => `M${n1(b.x)},${n1(b.y)}h${n1(b.width)}v${n1(b.height)}h${n1(-b.width)}z`)
      .join("");
    out.push(
      `<g><path d="${d}" fill="none" stroke="${p["cluster-border"]}" stroke-width="3"/><path d="${d}" fill="${p.cluster}"/><text x="${n1(c.labelX)}" y="${n1(c.labelY)}" font-size="10" fill="${p.muted}">codegen ${c.stage}<title>WholeStageCodegen (${c.stage})</title></text></g>`,
    );
  }
  for (const c of layout.cards) {
    if (!within(c)) continue;
    const note = o.notes?.get(c.cluster);
    out.push(
      `<g data-card-id="${esc(c.id)}" transform="translate(${n1(c.x)},${n1(c.y)})"><rect width="${c.width}" height="${c.height}" rx="5" fill="${p.node}" stroke="${p["cluster-border"]}" stroke-width="2"/><rect x="1" y="1" width="${c.width - 2}" height="${PAD_Y + LINE_HEIGHT - 2}" rx="4" fill="${p.cluster}"/><text x="${PAD_X}" y="${PAD_Y + 11}" font-size="10" fill="${p.muted}">WholeStageCodegen (${c.stage})</text>${note ? `<text x="${c.width - PAD_X}" y="${PAD_Y + 11}" text-anchor="end" font-weight="600" fill="${note.alarm ? p["sev-critical"] : p.text}">${esc(note.text)}</text>` : ""}</g>`,
    );
  }
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const shuffle = e.kind === "child" && isShuffleSource(nodes.get(e.from));
    const d = e.points.map((pt, i) => `${i ? "L" : "M"}${n1(pt[0])},${n1(pt[1])}`).join("");
    const dash = e.kind === "child" ? "" : ` stroke-dasharray="5 4"`;
    out.push(
      `<path d="${d}" fill="none" stroke="${shuffle ? p["edge-shuffle"] : p.edge}" stroke-width="${shuffle ? 2.6 : 1.4}"${dash} marker-end="url(#a)"/>`,
    );
    if (e.label)
      out.push(
        `<text x="${n1(e.label.x + 2)}" y="${n1(e.label.y + EDGE_LABEL_FONT)}" font-size="${EDGE_LABEL_FONT}" fill="${p.muted}">${esc(e.label.text)}</text>`,
      );
  }
  for (const b of layout.nodes) {
    if (!within(b)) continue;
    const n = nodes.get(b.id);
    const diff = o.diff?.get(b.id);
    const sev = o.badges?.get(b.id);
    const fillV = o.fill?.values.get(b.id);
    const fill = fillV !== undefined && o.fill ? o.fill.scale.color(fillV) : p.node;
    const note = o.notes?.get(b.id);
    const stroke = diff ? p[`diff-${diff}`] : p["node-border"];
    const dash = diff && DIFF_DASH[diff] ? ` stroke-dasharray="${DIFF_DASH[diff]}"` : "";
    if (n && (b.card || b.compact)) {
      // Compact: a card's line, or a one-line box: name, argument, main metric (or the operator id).
      const l = cardLine(n, note?.text ?? nodeBadge(n));
      const cat = operatorCategory(n.name);
      const ty = b.card ? 12 : LINE_PAD_Y + 12;
      out.push(
        `<g data-node-id="${esc(b.id)}" transform="translate(${n1(b.x)},${n1(b.y)})"><title>${esc(`${n.name}${n.args ? ` ${n.args}` : ""}`)}</title>`,
        b.card
          ? `${fillV !== undefined ? `<rect x="2" width="${b.width - 4}" height="${b.height}" fill="${fill}"/>` : ""}<rect x="3" y="2" width="3" height="${b.height - 4}" rx="1.5" fill="${p[`cat-${cat}`]}"/>`
          : `<rect width="${b.width}" height="${b.height}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${diff ? 2.5 : 1}"${dash}/><rect width="4" height="${b.height}" rx="2" fill="${p[`cat-${cat}`]}"/>`,
        `<text x="${PAD_X}" y="${ty}" font-weight="600" fill="${p.text}">${esc(l.name)}</text>`,
        l.arg
          ? `<text x="${n1(PAD_X + (l.name.length + 2) * CHAR_WIDTH)}" y="${ty}" fill="${p.muted}">${esc(l.arg)}</text>`
          : "",
        l.right
          ? `<text x="${b.width - PAD_X}" y="${ty}" text-anchor="end" fill="${note?.alarm ? p["sev-critical"] : note ? p.text : p.muted}">${esc(l.right)}</text>`
          : "",
      );
      if (sev)
        out.push(
          `<g transform="translate(${b.width - 2},0)"><circle r="7" fill="${p[`sev-${sev}`]}"/><text text-anchor="middle" y="4" font-size="10" font-weight="700" fill="${p.node}">${SEVERITY_GLYPH[sev]}</text></g>`,
        );
      out.push("</g>");
      continue;
    }
    const lines = n ? [...nodeLabelLines(n), ...(note ? [note.text] : [])] : [...(b.lines ?? [])];
    const cat = n ? operatorCategory(n.name) : "other";
    // Exported boxes keep their node id, so a reader of the SVG can tell them from badges.
    out.push(`<g data-node-id="${esc(b.id)}" transform="translate(${n1(b.x)},${n1(b.y)})">`);
    if (n) out.push(`<title>${esc(`${n.name}${n.args ? ` ${n.args}` : ""}`)}</title>`);
    out.push(
      `<rect width="${b.width}" height="${b.height}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${diff ? 2.5 : 1}"${dash}/>`,
      `<rect width="4" height="${b.height}" rx="2" fill="${p[`cat-${cat}`]}"/>`,
    );
    // Text on a metric fill gets a halo so it stays legible on any ramp colour.
    const halo = fillV !== undefined ? ` stroke="${p.node}" stroke-width="3" paint-order="stroke"` : "";
    lines.forEach((l, i) => {
      out.push(
        `<text x="${PAD_X}" y="${PAD_Y + LINE_HEIGHT * i + 12}" fill="${i === 0 ? p.text : p.muted}"${i === 0 ? ` font-weight="600"` : ""}${halo}>${esc(l)}</text>`,
      );
    });
    const badge = n ? nodeBadge(n) : "";
    if (badge)
      out.push(
        `<text x="${b.width - PAD_X}" y="${PAD_Y + 12}" text-anchor="end" fill="${p.muted}"${halo}>${esc(badge)}</text>`,
      );
    if (sev)
      out.push(
        `<g transform="translate(${b.width - 2},-4)"><circle r="8" fill="${p[`sev-${sev}`]}"/><text text-anchor="middle" y="4" font-size="11" font-weight="700" fill="${p.node}">${SEVERITY_GLYPH[sev]}</text></g>`,
      );
    if (diff)
      out.push(
        `<text x="-6" y="${PAD_Y + 12}" text-anchor="end" font-size="14" font-weight="700" fill="${p[`diff-${diff}`]}">${DIFF_GLYPH[diff]}</text>`,
      );
    out.push("</g>");
  }
  if (legendH > 0) out.push(legend(p, r.x + 8, r.y + r.height + 8, o.fill?.scale ?? null));
  out.push("</svg>");
  return out.join("\n");
}

function legend(p: Palette, x: number, y: number, scale: ColorScale | null): string {
  const items: string[] = [];
  let cx = x;
  for (const cat of ["scan", "exchange", "join", "aggregate", "sort", "python", "other"] as const) {
    items.push(
      `<rect x="${cx}" y="${y}" width="10" height="10" fill="${p[`cat-${cat}`]}"/><text x="${cx + 14}" y="${y + 9}" font-size="10" fill="${p.muted}">${cat}</text>`,
    );
    cx += 24 + cat.length * 6.2;
  }
  items.push(
    `<path d="M${cx},${y + 5}h26" stroke="${p["edge-shuffle"]}" stroke-width="2.6"/><text x="${cx + 30}" y="${y + 9}" font-size="10" fill="${p.muted}">shuffle</text>`,
  );
  cx += 80;
  items.push(
    `<path d="M${cx},${y + 5}h26" stroke="${p.edge}" stroke-dasharray="5 4"/><text x="${cx + 30}" y="${y + 9}" font-size="10" fill="${p.muted}">reuse / subquery</text>`,
  );
  cx += 140;
  if (scale) {
    const w = 120;
    const stops = scale.stops.map(
      (s, i) => `<stop offset="${i / (scale.stops.length - 1)}" stop-color="${s}"/>`,
    );
    items.push(
      `<defs><linearGradient id="lg">${stops.join("")}</linearGradient></defs><text x="${cx}" y="${y + 9}" font-size="10" fill="${p.muted}">${esc(scale.name)}</text><rect x="${cx}" y="${y + 14}" width="${w}" height="8" fill="url(#lg)"/>`,
    );
  }
  return `<g data-legend="">${items.join("")}</g>`;
}
