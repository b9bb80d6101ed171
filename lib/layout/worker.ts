/// <reference lib="webworker" />
/**
 * Layout Worker: runs ELK off the main thread. Messages are typed; each request carries an id and
 * the page keeps only the answer to its newest request.
 */
import { layoutGraph } from "./elk";
import type { LayoutRequest, LayoutResponse } from "./protocol";
import { warmupInput } from "./warmup";

const scope = self as unknown as DedicatedWorkerGlobalScope;

// elkjs' bundle doubles as ELK's own worker script: loaded inside a worker it installs itself as
// `self.onmessage`. We call ELK in-process here, so that handler must not answer our requests.
scope.onmessage = null;

// Run before any request can arrive (a request posted meanwhile waits): a few plan-sized layouts
// get ELK's hot paths compiled, which roughly halves the first real layout.
// Each run yields to the event loop first, and warming stops once a real request has come.
let requested = false;
void (async () => {
  for (let i = 0; i < 5 && !requested; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (!requested) await layoutGraph(warmupInput(150)).catch(() => undefined);
  }
})();

scope.addEventListener("message", async (ev: MessageEvent<LayoutRequest>) => {
  scope.onmessage = null;
  requested = true;
  const { id, input } = ev.data;
  const started = performance.now();
  try {
    const layout = await layoutGraph(input);
    scope.postMessage({ id, ok: true, layout, ms: performance.now() - started } satisfies LayoutResponse);
  } catch (e) {
    scope.postMessage({
      id,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
    } satisfies LayoutResponse);
  }
});
