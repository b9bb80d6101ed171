/// <reference lib="webworker" />
/**
 * Event-log Worker: reads the dropped files off the main thread and posts progress and one compact
 * outcome (the Application model: distributions, not task objects). Cancel = the page terminates
 * this Worker, so there is no cancel message.
 */
import { type ReadRequest, type ReadResponse, readEventLogBlobs } from "./protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener("message", async (ev: MessageEvent<ReadRequest>) => {
  const req = ev.data;
  if (req?.type !== "read") return;
  const { id } = req;
  const post = (m: ReadResponse) => scope.postMessage(m);
  const started = performance.now();
  post({ type: "started", id });
  try {
    const outcome = await readEventLogBlobs(req.files, {
      ...req.options,
      onProgress: (progress) => post({ type: "progress", id, progress }),
    });
    if (outcome) post({ type: "done", id, outcome, ms: performance.now() - started });
  } catch (e) {
    post({ type: "crash", id, message: e instanceof Error ? e.message : String(e) });
  }
});
