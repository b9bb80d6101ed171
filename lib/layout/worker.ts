/// <reference lib="webworker" />
/**
 * Layout Worker: runs ELK off the main thread. Messages are typed; each request carries an id and
 * the page keeps only the answer to its newest request. A request may carry explain text instead
 * of a layout input: the worker parses it itself (see TextLayoutRequest), so a big paste is laid
 * out while the page is still parsing and rendering it.
 */
import { layoutGraph } from "./elk";
import { textLayoutInput } from "./fromText";
import { inputKey, type LayoutResponse, type WorkerRequest, type WorkerResponse } from "./protocol";
import type { LayoutInput } from "./types";
import { warmupText } from "./warmup";

const scope = self as unknown as DedicatedWorkerGlobalScope;

// elkjs' bundle doubles as ELK's own worker script: loaded inside a worker it installs itself as
// `self.onmessage`. We call ELK in-process here, so that handler must not answer our requests.
scope.onmessage = null;

// Run before any request can arrive (a request posted meanwhile waits for the run under way):
// plan-shaped parses and layouts get the parser's and ELK's hot paths compiled, which makes the
// first real layout two to three times faster. Runs are small (30–54 operators, 10–30 ms once
// warm) so a request arriving mid-run waits little; each yields to the event loop first, and
// warming stops once a real request has come, or after a while.
let requested = false;
void (async () => {
  const started = performance.now();
  for (let i = 0; i < 40 && !requested && performance.now() - started < 2500; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (requested) break;
    try {
      const input = textLayoutInput(warmupText(4 + (i % 3) * 2));
      if (input && !requested) await layoutGraph(input);
    } catch {
      // warming is best effort
    }
  }
})();

const post = (r: WorkerResponse) => scope.postMessage(r);

async function answer(id: number, input: LayoutInput) {
  const started = performance.now();
  try {
    const layout = await layoutGraph(input);
    post({ id, ok: true, layout, ms: performance.now() - started } satisfies LayoutResponse);
  } catch (e) {
    post({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies LayoutResponse);
  }
}

scope.addEventListener("message", (ev: MessageEvent<WorkerRequest>) => {
  scope.onmessage = null;
  requested = true;
  const req = ev.data;
  if ("input" in req) {
    void answer(req.id, req.input);
    return;
  }
  let input: LayoutInput | null;
  try {
    input = textLayoutInput(req.text);
  } catch {
    input = null;
  }
  post({ id: req.id, key: input ? inputKey(input) : null });
  if (input) void answer(req.id, input);
});
