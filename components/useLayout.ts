"use client";
/**
 * Lays out a graph in a Web Worker; the newest request wins. When Workers are unavailable (or the
 * worker fails to start) the same layout function runs on the main thread.
 *
 * A big paste can be laid out before the page has even parsed it: `prefetchLayout(text)` hands the
 * text to the worker, which parses it and lays out the first plan's default view. The first
 * `useLayout` whose input has the same key takes that answer instead of asking again.
 */
import { useEffect, useRef, useState } from "react";
import { inputKey, type LayoutResponse, type WorkerResponse } from "@/lib/layout/protocol";
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
  if (worker) {
    worker.addEventListener("message", (ev: MessageEvent<WorkerResponse>) => onPrefetchAnswer(ev.data));
    worker.addEventListener("error", () => {
      worker = null;
      dropPrefetch();
    });
  }
  return worker;
}

/** Start the worker (and its ELK warm-up) before the first layout is needed. */
export function prewarmLayout(): void {
  getWorker();
}

// Pages that draw graphs load this module: start the worker as the page's script runs, not after
// hydration, so ELK has loaded and warmed by the time a plan is pasted.
if (typeof window !== "undefined") prewarmLayout();

let nextId = 1;

/** The layout started from pasted text; `key` is undefined until the worker has parsed it. */
interface Prefetch {
  readonly id: number;
  key?: string | null;
  result?: LayoutResponse;
  readonly waiting: Set<() => void>;
}
let prefetch: Prefetch | null = null;

function onPrefetchAnswer(r: WorkerResponse) {
  const p = prefetch;
  if (!p || r?.id !== p.id) return;
  if ("key" in r) p.key = r.key;
  else p.result = r;
  if (p.key === null) prefetch = null; // nothing to lay out in that text
  for (const f of [...p.waiting]) f();
}

function dropPrefetch() {
  const p = prefetch;
  if (!p) return;
  prefetch = null;
  for (const f of [...p.waiting]) f();
}

/**
 * Parse `text` and lay out its first plan in the worker now (a paste or a loaded sample), ahead of
 * the page's own parse and render. Does nothing without a worker.
 */
export function prefetchLayout(text: string): void {
  const w = getWorker();
  if (!w || !text.trim()) return;
  const id = nextId++;
  const p: Prefetch = { id, waiting: new Set() };
  const previous = prefetch;
  prefetch = p;
  // Anyone waiting on an older prefetch stops waiting and asks for itself.
  if (previous) for (const f of [...previous.waiting]) f();
  w.postMessage({ id, text });
}

/** The prefetched layout for this input, when it is there already. */
function prefetched(input: LayoutInput | null): LayoutResponse | null {
  const p = prefetch;
  if (!input || !p?.result || p.key === undefined || p.key === null) return null;
  return p.key === inputKey(input) ? p.result : null;
}

function doneState(r: LayoutResponse, engine: "worker" | "main thread"): LayoutState {
  return r.ok ? { status: "done", layout: r.layout, ms: r.ms, engine } : { status: "error", error: r.error };
}

export function useLayout(input: LayoutInput | null): LayoutState {
  // A layout prefetched from the pasted text is drawn on the first render: no "Laying out…" pass.
  const [initial] = useState(() => {
    const r = prefetched(input);
    return r ? { input, state: doneState(r, "worker") } : null;
  });
  const [state, setState] = useState<LayoutState>(initial?.state ?? { status: "idle" });
  const latest = useRef(0);
  useEffect(() => {
    if (!input) {
      setState({ status: "idle" });
      return;
    }
    const id = nextId++;
    latest.current = id;
    if (initial?.input === input) {
      if (prefetch?.result) prefetch = null; // taken
      return;
    }
    let engine: "worker" | "main thread" = "worker";
    const accept = (r: LayoutResponse) => {
      if (typeof r?.ok !== "boolean" || latest.current !== id) return; // stray or superseded answer
      setState(doneState(r, engine));
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
      setState({ status: "running" });
      void runHere();
      return;
    }
    const onMessage = (ev: MessageEvent<WorkerResponse>) => {
      const r = ev.data;
      if (r?.id === id && "ok" in r) accept(r);
    };
    const onError = () => {
      worker = null; // the worker could not start: fall back for good
      void runHere();
    };
    w.addEventListener("message", onMessage);
    w.addEventListener("error", onError);
    let asked = false;
    const ask = () => {
      if (asked) return;
      asked = true;
      w.postMessage({ id, input });
    };
    // A prefetch of the same input is under way: wait for it rather than laying out twice.
    const p = prefetch;
    let wait: (() => void) | null = null;
    if (p) {
      let key: string | undefined;
      wait = () => {
        if (asked || latest.current !== id) return;
        if (prefetch !== p || p.key === null) return ask(); // superseded, failed or empty
        if (p.key === undefined) return; // still parsing
        key ??= inputKey(input);
        if (p.key !== key) return ask();
        if (!p.result) return; // still laying out
        p.waiting.delete(wait!);
        prefetch = null; // taken
        asked = true;
        accept({ ...p.result, id });
      };
      p.waiting.add(wait);
      setState({ status: "running" });
      wait();
    } else {
      setState({ status: "running" });
      ask();
    }
    return () => {
      if (wait) p?.waiting.delete(wait);
      w.removeEventListener("message", onMessage);
      w.removeEventListener("error", onError);
    };
  }, [input, initial]);
  return state;
}
