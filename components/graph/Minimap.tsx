"use client";
/**
 * Overview of a big plan: every box on a canvas (cheap for 5,000 nodes), the visible region as a
 * frame, click or drag to move there. The frame is moved by the zoom handler directly (no render).
 */
import type { ZoomTransform } from "d3";
import { type Ref, useEffect, useImperativeHandle, useRef } from "react";
import type { GraphLayout } from "@/lib/layout/types";
import { operatorCategory } from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";

export interface MinimapHandle {
  readonly setView: (t: ZoomTransform, width: number, height: number) => void;
}

const MAX_W = 220;
const MAX_H = 150;

export function Minimap(props: {
  readonly layout: GraphLayout;
  readonly nodes: ReadonlyMap<string, PlanNode>;
  readonly onJump: (x: number, y: number) => void;
  readonly ref?: Ref<MinimapHandle>;
}) {
  const { layout, nodes, onJump } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const s = Math.min(MAX_W / Math.max(1, layout.width), MAX_H / Math.max(1, layout.height));
  const w = Math.max(20, Math.ceil(layout.width * s));
  const h = Math.max(20, Math.ceil(layout.height * s));

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = w * dpr;
    canvas.height = h * dpr;
    ctx.setTransform(dpr * s, 0, 0, dpr * s, 0, 0);
    const css = getComputedStyle(canvas);
    const colour = (v: string) => css.getPropertyValue(v).trim() || "#888";
    ctx.fillStyle = colour("--cluster");
    for (const c of layout.clusters) ctx.fillRect(c.x, c.y, c.width, c.height);
    const byCat = new Map<string, string>();
    for (const b of layout.nodes) {
      const cat = operatorCategory(nodes.get(b.id)?.name ?? "");
      let fill = byCat.get(cat);
      if (!fill) {
        fill = colour(`--cat-${cat}`);
        byCat.set(cat, fill);
      }
      ctx.fillStyle = fill;
      // At least one device pixel, or a 5,000-node plan draws nothing.
      ctx.fillRect(b.x, b.y, Math.max(b.width, 1 / s), Math.max(b.height, 1 / s));
    }
  }, [layout, nodes, s, w, h]);

  useImperativeHandle(
    props.ref,
    () => ({
      setView: (t, vw, vh) => {
        const f = frameRef.current;
        if (!f) return;
        const [x0, y0] = t.invert([0, 0]);
        const [x1, y1] = t.invert([vw, vh]);
        const left = Math.max(0, x0 * s);
        const top = Math.max(0, y0 * s);
        f.style.left = `${left}px`;
        f.style.top = `${top}px`;
        f.style.width = `${Math.max(2, Math.min(w, x1 * s) - left)}px`;
        f.style.height = `${Math.max(2, Math.min(h, y1 * s) - top)}px`;
      },
    }),
    [s, w, h],
  );

  const jump = (ev: React.PointerEvent<HTMLDivElement>) => {
    const r = ev.currentTarget.getBoundingClientRect();
    onJump((ev.clientX - r.left) / s, (ev.clientY - r.top) / s);
  };

  return (
    <div
      data-testid="minimap"
      className="absolute right-3 bottom-3 cursor-crosshair overflow-hidden rounded border border-line bg-panel/90 shadow"
      style={{ width: w, height: h }}
      onPointerDown={(ev) => {
        ev.currentTarget.setPointerCapture(ev.pointerId);
        jump(ev);
      }}
      onPointerMove={(ev) => {
        if (ev.buttons & 1) jump(ev);
      }}
      aria-hidden="true"
    >
      <canvas ref={canvasRef} style={{ width: w, height: h }} />
      <div ref={frameRef} className="pointer-events-none absolute border-2 border-accent bg-accent/10" />
    </div>
  );
}
