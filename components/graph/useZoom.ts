"use client";
/**
 * d3-zoom on the graph's <svg>: d3 owns only the viewport transform (set straight on the DOM, no
 * React render per frame). React hears about the viewport once a gesture settles, for culling.
 */
import { select, type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from "d3";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import type { Box, GraphLayout } from "@/lib/layout/types";
import type { Viewport } from "./geometry";

/** Below this scale labels are unreadable: they are hidden (level of detail). */
export const LOD_SCALE = 0.4;
/** Below this scale boxes are a pixel or two: edges are left out of a big plan's overview. */
export const TINY_SCALE = 0.04;
/** Labels are drawn at 12 px: at this scale an operator's name is 11 px on screen, still readable. */
export const READABLE_SCALE = 11 / 12;
/** The scale a plan too big to fit readably opens at. */
const OPEN_SCALE = 0.93;

const MARGIN = 24;
const TOP = 52; // the toolbar floats over the top of the graph
const MINIMAP_W = 180;

export interface ZoomApi {
  readonly viewport: Viewport | null;
  readonly fitView: () => void;
  /** The first view: fitted when every name stays readable, else readable and anchored on `anchor`. */
  readonly firstView: () => void;
  /** Whether the whole plan fits on screen at a readable scale (null before the first view). */
  readonly fitsReadable: boolean | null;
  readonly centreOn: (x: number, y: number, minScale?: number) => void;
  readonly scaleBy: (f: number) => void;
  readonly translateTo: (x: number, y: number) => void;
  readonly current: () => ZoomTransform;
}

export function useZoom(
  svgRef: RefObject<SVGSVGElement | null>,
  gRef: RefObject<SVGGElement | null>,
  layout: GraphLayout,
  onTransform?: (t: ZoomTransform, width: number, height: number) => void,
  /** Pixels on the right covered by a panel (details): fit and centre in what is left. */
  insetRight = 0,
  /** Where a plan too big to fit readably opens: the result (root) box. */
  anchor: Box | null = null,
): ZoomApi {
  const [fitsReadable, setFitsReadable] = useState<boolean | null>(null);
  const insetRef = useRef(insetRight);
  insetRef.current = insetRight;
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const onTransformRef = useRef(onTransform);
  onTransformRef.current = onTransform;

  const publish = useCallback(
    (t: ZoomTransform) => {
      const svg = svgRef.current;
      if (!svg) return;
      const { width, height } = svg.getBoundingClientRect();
      const [x0, y0] = t.invert([0, 0]);
      const [x1, y1] = t.invert([width, height]);
      setViewport({ x0, y0, x1, y1, k: t.k });
    },
    [svgRef],
  );

  const fitTransform = useCallback(() => {
    const svg = svgRef.current;
    if (!svg || layout.width === 0) return null;
    const { width: fullWidth, height } = svg.getBoundingClientRect();
    if (fullWidth === 0 || height === 0) return null;
    const width = Math.max(fullWidth / 2, fullWidth - insetRef.current);
    const k = Math.max(
      0.005,
      Math.min(1.25, (width - 2 * MARGIN) / layout.width, (height - TOP - MARGIN) / layout.height),
    );
    const x = (width - layout.width * k) / 2;
    const y = Math.max(TOP, TOP + (height - TOP - MARGIN - layout.height * k) / 2);
    return { t: zoomIdentity.translate(x, y).scale(k), width, height };
  }, [layout, svgRef]);

  const fitView = useCallback(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    const fit = fitTransform();
    if (svg && z && fit) select(svg).call(z.transform, fit.t);
  }, [fitTransform, svgRef]);

  const firstView = useCallback(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    const fit = fitTransform();
    if (!svg || !z || !fit) return;
    const fits = fit.t.k >= READABLE_SCALE || !anchor;
    setFitsReadable(fits);
    if (fits) {
      select(svg).call(z.transform, fit.t);
      return;
    }
    const { width, height } = fit;
    const k = OPEN_SCALE;
    const w = layout.width * k;
    const h = layout.height * k;
    // The result's box as low as it goes, and across, where the most boxes come into view with it.
    let y = height - MARGIN - (anchor.y + anchor.height) * k;
    y = h <= height - TOP - MARGIN ? TOP + (height - TOP - MARGIN - h) / 2 : Math.min(TOP, y);
    const x = w <= width - 2 * MARGIN ? (width - w) / 2 : bestX(layout, anchor, k, y, width, height);
    select(svg).call(z.transform, zoomIdentity.translate(x, y).scale(k));
  }, [anchor, fitTransform, layout, svgRef]);

  useEffect(() => {
    const svg = svgRef.current;
    const g = gRef.current;
    if (!svg || !g) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The svg's size, kept by a ResizeObserver: reading it in the zoom handler would force a
    // style and layout pass on every wheel event.
    let size = svg.getBoundingClientRect();
    // Until the user moves the view, a resize (the pane settling, the window) refits the graph.
    let userMoved = false;
    const resize = new ResizeObserver(() => {
      const before = size;
      size = svg.getBoundingClientRect();
      if (!userMoved && (before.width !== size.width || before.height !== size.height)) firstView();
    });
    resize.observe(svg);
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.005, 4])
      .on("zoom", (ev: { transform: ZoomTransform; sourceEvent: unknown }) => {
        const t = ev.transform;
        if (ev.sourceEvent) userMoved = true;
        g.setAttribute("transform", t.toString());
        svg.dataset.zoom = t.k.toFixed(3);
        const lod = t.k < TINY_SCALE ? "tiny" : t.k < LOD_SCALE ? "low" : "full";
        if (svg.dataset.lod !== lod) svg.dataset.lod = lod;
        onTransformRef.current?.(t, size.width, size.height);
        clearTimeout(timer);
        timer = setTimeout(() => publish(t), 120);
      });
    zoomRef.current = z;
    select(svg).call(z).on("dblclick.zoom", null);
    firstView();
    return () => {
      clearTimeout(timer);
      resize.disconnect();
      select(svg).on(".zoom", null);
    };
  }, [firstView, publish, svgRef, gRef]);

  const centreOn = useCallback(
    (x: number, y: number, minScale = 0.8) => {
      const svg = svgRef.current;
      const z = zoomRef.current;
      if (!svg || !z) return;
      const { width: fullWidth, height } = svg.getBoundingClientRect();
      const width = Math.max(fullWidth / 2, fullWidth - insetRef.current);
      const k = Math.max(minScale, (svg.dataset.zoom && Number(svg.dataset.zoom)) || 1);
      select(svg).call(z.transform, zoomIdentity.translate(width / 2 - x * k, height / 2 - y * k).scale(k));
    },
    [svgRef],
  );
  const scaleBy = useCallback(
    (f: number) => {
      const svg = svgRef.current;
      if (svg && zoomRef.current) select(svg).call(zoomRef.current.scaleBy, f);
    },
    [svgRef],
  );
  const translateTo = useCallback(
    (x: number, y: number) => {
      const svg = svgRef.current;
      if (svg && zoomRef.current) select(svg).call(zoomRef.current.translateTo, x, y);
    },
    [svgRef],
  );
  const current = useCallback(
    () =>
      svgRef.current
        ? ((svgRef.current as unknown as { __zoom?: ZoomTransform }).__zoom ?? zoomIdentity)
        : zoomIdentity,
    [svgRef],
  );
  return { viewport, fitView, firstView, fitsReadable, centreOn, scaleBy, translateTo, current };
}

/**
 * The horizontal offset, among those that keep `anchor` on screen (clear of the minimap in the
 * bottom-right corner), that shows the most boxes whole; ties go to the anchor nearest the middle.
 */
export function bestX(
  layout: GraphLayout,
  anchor: Box,
  k: number,
  y: number,
  width: number,
  height: number,
): number {
  const lo = MARGIN - anchor.x * k; // anchor at the left edge
  const hi = width - MINIMAP_W - MARGIN - (anchor.x + anchor.width) * k; // anchor left of the minimap
  const centred = width / 2 - (anchor.x + anchor.width / 2) * k;
  if (hi <= lo) return centred;
  const y0 = -y / k;
  const y1 = (height - y) / k;
  const rows = layout.nodes.filter((b) => b.y >= y0 && b.y + b.height <= y1);
  let best = centred;
  let bestCount = -1;
  const steps = 24;
  for (let i = 0; i <= steps; i++) {
    const x = lo + ((hi - lo) * i) / steps;
    const x0 = -x / k;
    const x1 = (width - x) / k;
    let count = 0;
    for (const b of rows) if (b.x >= x0 && b.x + b.width <= x1) count++;
    if (count > bestCount || (count === bestCount && Math.abs(x - centred) < Math.abs(best - centred))) {
      best = x;
      bestCount = count;
    }
  }
  return best;
}
