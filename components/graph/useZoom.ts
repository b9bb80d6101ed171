"use client";
/**
 * d3-zoom on the graph's <svg>: d3 owns only the viewport transform (set straight on the DOM, no
 * React render per frame). React hears about the viewport once a gesture settles, for culling.
 */
import { select, type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from "d3";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import type { GraphLayout } from "@/lib/layout/types";
import type { Viewport } from "./geometry";

/** Below this scale labels are unreadable: they are hidden (level of detail). */
export const LOD_SCALE = 0.4;
/** Below this scale boxes are a pixel or two: edges are left out of a big plan's overview. */
export const TINY_SCALE = 0.04;

export interface ZoomApi {
  readonly viewport: Viewport | null;
  readonly fitView: () => void;
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
): ZoomApi {
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

  const fitView = useCallback(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z || layout.width === 0) return;
    const { width: fullWidth, height } = svg.getBoundingClientRect();
    if (fullWidth === 0 || height === 0) return;
    const width = Math.max(fullWidth / 2, fullWidth - insetRef.current);
    const margin = 24;
    const top = 52; // the toolbar floats over the top of the graph
    const k = Math.max(
      0.005,
      Math.min(1.25, (width - 2 * margin) / layout.width, (height - top - margin) / layout.height),
    );
    const x = (width - layout.width * k) / 2;
    const y = Math.max(top, top + (height - top - margin - layout.height * k) / 2);
    select(svg).call(z.transform, zoomIdentity.translate(x, y).scale(k));
  }, [layout, svgRef]);

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
      if (!userMoved && (before.width !== size.width || before.height !== size.height)) fitView();
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
    fitView();
    return () => {
      clearTimeout(timer);
      resize.disconnect();
      select(svg).on(".zoom", null);
    };
  }, [fitView, publish, svgRef, gRef]);

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
  return { viewport, fitView, centreOn, scaleBy, translateTo, current };
}
