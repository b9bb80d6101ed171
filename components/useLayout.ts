"use client";
/**
 * Lays out a graph in a Web Worker; the newest request wins. When Workers are unavailable (or the
 * worker fails to start) the same layout function runs on the main thread.
 */
import { useEffect, useRef, useState } from "react";
import type { LayoutResponse } from "@/lib/layout/protocol";
import type { GraphLayout, LayoutInput } from "@/lib/layout/types";

export type LayoutState =
  | { readonly status: "idle" }
  | { readonly status: "running" }
  | {
      readonly status: "done";
      readonly layout: GraphLayout;
      readonly ms: number;
      readonly engine: "worker" | "main thread";
    }
  | { readonly status: "error"; readonly error: string };

let worker: Worker | null | undefined;

// Kept as the bare `new Worker(new URL(literal, import.meta.url))` pattern: that exact shape is
// what Turbopack recognises and bundles as a worker entry (anything else ships the .ts as an asset).
function spawnWorker(): Worker {
  return new Worker(new URL("../lib/layout/worker.ts", import.meta.url));
}

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = typeof Worker === "undefined" ? null : spawnWorker();
  } catch {
    worker = null;
  }
  return worker;
}

/** Start the worker (and its ELK warm-up) before the first layout is needed. */
export function prewarmLayout(): void {
  getWorker();
}

let nextId = 1;

export function useLayout(input: LayoutInput | null): LayoutState {
  const [state, setState] = useState<LayoutState>({ status: "idle" });
  const latest = useRef(0);
  useEffect(() => {
    if (!input) {
      setState({ status: "idle" });
      return;
    }
    const id = nextId++;
    latest.current = id;
    setState({ status: "running" });
    let engine: "worker" | "main thread" = "worker";
    const accept = (r: LayoutResponse) => {
      if (typeof r?.ok !== "boolean" || r.id !== latest.current) return; // stray or superseded answer
      setState(
        r.ok ? { status: "done", layout: r.layout, ms: r.ms, engine } : { status: "error", error: r.error },
      );
    };
    const runHere = async () => {
      engine = "main thread";
      const started = performance.now();
      try {
        const { layoutGraph } = await import("@/lib/layout/elk");
        accept({ id, ok: true, layout: await layoutGraph(input), ms: performance.now() - started });
      } catch (e) {
        accept({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    };
    const w = getWorker();
    if (!w) {
      void runHere();
      return;
    }
    const onMessage = (ev: MessageEvent<LayoutResponse>) => accept(ev.data);
    const onError = () => {
      worker = null; // the worker could not start: fall back for good
      void runHere();
    };
    w.addEventListener("message", onMessage);
    w.addEventListener("error", onError);
    w.postMessage({ id, input });
    return () => {
      w.removeEventListener("message", onMessage);
      w.removeEventListener("error", onError);
    };
  }, [input]);
  return state;
}
