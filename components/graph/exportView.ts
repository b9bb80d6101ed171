/**
 * Export what is on screen: a self-contained SVG (colours read from the page's CSS variables and
 * inlined, legend included) and a PNG drawn from that SVG on a canvas.
 */
import type { DiffMark, Severity } from "@/lib/layout/decor";
import type { ColorScale } from "@/lib/layout/overlay";
import { PALETTE_VARS, type Palette } from "@/lib/layout/palette";
import { renderSvg } from "@/lib/layout/svg";
import type { Box, GraphLayout } from "@/lib/layout/types";
import type { PlanNode } from "@/lib/plan/types";

export interface ExportInput {
  readonly layout: GraphLayout;
  readonly nodes: ReadonlyMap<string, PlanNode>;
  readonly region: Box | null;
  readonly from: Element;
  readonly title?: string;
  readonly badges?: ReadonlyMap<string, Severity>;
  readonly diff?: ReadonlyMap<string, DiffMark>;
  readonly fill?: { readonly scale: ColorScale; readonly values: ReadonlyMap<string, number> } | null;
  readonly notes?: ReadonlyMap<string, { readonly text: string; readonly alarm?: boolean }>;
}

export function pagePalette(from: Element): Palette {
  const css = getComputedStyle(from);
  return Object.fromEntries(
    PALETTE_VARS.map((v) => [v, css.getPropertyValue(`--${v}`).trim() || "#888"]),
  ) as Palette;
}

export function viewSvg(x: ExportInput): string {
  const { layout } = x;
  let region: Box | undefined;
  if (x.region) {
    // What is on screen, clipped to the drawing (a zoomed-out view exports the whole graph).
    const x0 = Math.max(0, x.region.x);
    const y0 = Math.max(0, x.region.y);
    const x1 = Math.min(layout.width, x.region.x + x.region.width);
    const y1 = Math.min(layout.height, x.region.y + x.region.height);
    if (x1 > x0 && y1 > y0) region = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }
  return renderSvg(layout, x.nodes, {
    palette: pagePalette(x.from),
    region,
    badges: x.badges,
    diff: x.diff,
    fill: x.fill ?? undefined,
    title: x.title,
    notes: x.notes,
  });
}

/** PNG of an SVG document at 2× (capped so the canvas stays within browser limits). */
export async function svgToPng(svg: string): Promise<Blob> {
  const w = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 800);
  const h = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 600);
  const scale = Math.min(2, 16000 / w, 16000 / h, Math.sqrt(120e6 / (w * h)));
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the SVG could not be drawn"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(w * scale));
    canvas.height = Math.max(1, Math.round(h * scale));
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(name: string, data: Blob | string, type = "image/svg+xml"): void {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
