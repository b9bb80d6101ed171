/**
 * Runs readRows over many sources on worker threads (each thread one application at a time), or
 * in this thread when jobs is 1. Results arrive in completion order.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { AppRow } from "@/lib/assist/app-row";
import { readRows } from "./read";

export type Done = { readonly source: string; readonly rows: readonly AppRow[] };

/** A worker running worker.ts: tsx's loader is registered first, inside the thread. */
function startWorker(): Worker {
  const req = createRequire(import.meta.url);
  const api = pathToFileURL(req.resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const target = new URL("./worker.ts", import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`,
    { eval: true },
  );
}

export async function runPool(
  sources: readonly string[],
  jobs: number,
  onDone: (d: Done) => void,
): Promise<void> {
  if (jobs <= 1 || sources.length <= 1) {
    for (const source of sources) onDone({ source, rows: await safeRows(source) });
    return;
  }
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, sources.length) }, startWorker);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let current = "";
          const feed = () => {
            if (next >= sources.length) {
              void w.terminate().then(() => resolve());
              return;
            }
            current = sources[next++]!;
            w.postMessage({ id: next, source: current });
          };
          w.on("message", (m: { rows?: AppRow[]; error?: string }) => {
            onDone({ source: current, rows: m.rows ?? errorRows(current, m.error ?? "worker failed") });
            feed();
          });
          w.on("error", reject);
          feed();
        }),
    ),
  );
}

/** The row of an input that gave no application: everything unknown but where it came from and why. */
export function errorRows(source: string, message: string): AppRow[] {
  return [
    {
      source,
      appId: null,
      name: null,
      sparkVersion: null,
      user: null,
      startTime: null,
      durationMs: null,
      executions: 0,
      failedExecutions: 0,
      findings: { critical: 0, warn: 0, info: 0 },
      topFindings: [],
      hotOperator: null,
      error: message,
    },
  ];
}

async function safeRows(source: string): Promise<AppRow[]> {
  try {
    return await readRows(source);
  } catch (e) {
    return errorRows(source, e instanceof Error ? e.message : String(e));
  }
}
