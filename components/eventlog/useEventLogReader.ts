"use client";
/**
 * Runs the event-log reader in a Web Worker (one per read, so Cancel can terminate it at once) and
 * keeps the page's view of it: progress while reading, then the outcome. Without Workers the same
 * loop runs on the main thread in slices of a few milliseconds.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { EventLogOutcome } from "@/lib/parse/eventlog";
import {
  type InputBlob,
  type ReadOptions,
  type ReadProgress,
  type ReadRequest,
  type ReadResponse,
  readEventLogBlobs,
} from "@/lib/parse/eventlog/protocol";

export type Engine = "worker" | "main thread";

export type ReadState =
  | { readonly status: "idle" }
  | {
      readonly status: "reading";
      readonly files: readonly InputBlob[];
      readonly progress: ReadProgress | null;
      readonly engine: Engine;
    }
  | {
      readonly status: "done";
      readonly files: readonly InputBlob[];
      readonly outcome: EventLogOutcome;
      readonly ms: number;
      readonly engine: Engine;
    }
  | { readonly status: "cancelled"; readonly files: readonly InputBlob[] }
  | { readonly status: "crashed"; readonly files: readonly InputBlob[]; readonly message: string };

let nextId = 1;

function startWorker(): Worker | null {
  if (typeof Worker === "undefined") return null;
  try {
    return new Worker(new URL("../../lib/parse/eventlog/worker.ts", import.meta.url));
  } catch {
    return null;
  }
}

export function useEventLogReader() {
  const [state, setState] = useState<ReadState>({ status: "idle" });
  const current = useRef<{ id: number; stop: () => void } | null>(null);

  const stop = useCallback(() => {
    current.current?.stop();
    current.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const runHere = useCallback((id: number, files: readonly InputBlob[], options: ReadOptions) => {
    let cancelled = false;
    current.current = { id, stop: () => (cancelled = true) };
    setState({ status: "reading", files, progress: null, engine: "main thread" });
    const started = performance.now();
    const live = () => !cancelled && current.current?.id === id;
    readEventLogBlobs(files, {
      ...options,
      sliceMs: 12,
      cancelled: () => !live(),
      onProgress: (progress) => {
        if (live()) setState({ status: "reading", files, progress, engine: "main thread" });
      },
    })
      .then((outcome) => {
        if (outcome && live()) {
          current.current = null;
          setState({
            status: "done",
            files,
            outcome,
            ms: performance.now() - started,
            engine: "main thread",
          });
        }
      })
      .catch((e: unknown) => {
        if (live()) {
          current.current = null;
          setState({ status: "crashed", files, message: e instanceof Error ? e.message : String(e) });
        }
      });
  }, []);

  const read = useCallback(
    (files: readonly InputBlob[], options: ReadOptions = {}) => {
      stop();
      const id = nextId++;
      const worker = startWorker();
      if (!worker) {
        runHere(id, files, options);
        return;
      }
      current.current = { id, stop: () => worker.terminate() };
      setState({ status: "reading", files, progress: null, engine: "worker" });
      let running = false;
      const finish = () => {
        worker.terminate();
        if (current.current?.id === id) current.current = null;
      };
      worker.addEventListener("message", (ev: MessageEvent<ReadResponse>) => {
        const m = ev.data;
        if (m?.id !== id || current.current?.id !== id) return;
        if (m.type === "started") running = true;
        else if (m.type === "progress")
          setState({ status: "reading", files, progress: m.progress, engine: "worker" });
        else if (m.type === "done") {
          finish();
          setState({ status: "done", files, outcome: m.outcome, ms: m.ms, engine: "worker" });
        } else {
          finish();
          setState({ status: "crashed", files, message: m.message });
        }
      });
      worker.addEventListener("error", (ev) => {
        if (current.current?.id !== id) return;
        ev.preventDefault();
        finish();
        // The script could not start (CSP, old browser): read on the main thread instead. An error
        // after it started (out of memory) is reported, not retried here.
        if (!running) runHere(id, files, options);
        else setState({ status: "crashed", files, message: ev.message || "the reader stopped unexpectedly" });
      });
      worker.postMessage({ type: "read", id, files, options } satisfies ReadRequest);
    },
    [stop, runHere],
  );

  const cancel = useCallback(() => {
    if (!current.current) return;
    stop();
    setState((s) => (s.status === "reading" ? { status: "cancelled", files: s.files } : s));
  }, [stop]);

  const reset = useCallback(() => {
    stop();
    setState({ status: "idle" });
  }, [stop]);

  return { state, read, cancel, reset };
}
