/**
 * A scan worker thread: reads one application at a time (path or URL) and answers its rows.
 * Started by pool.ts through a bootstrap that registers tsx, so it runs from the TypeScript source.
 */
import { parentPort } from "node:worker_threads";
import { readRows } from "./read";

if (!parentPort) throw new Error("scan worker: not started as a worker thread");
const port = parentPort;
port.on("message", (m: { id: number; source: string }) => {
  readRows(m.source).then(
    (rows) => port.postMessage({ id: m.id, rows }),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
