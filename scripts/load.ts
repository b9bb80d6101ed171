/**
 * Load test for the permalink API against a running server on loopback (`npm start`):
 *   npm run load -- [--url http://127.0.0.1:3000] [--seconds 10] [--concurrency 16] [--writes 300]
 * Phases: writes (POST /api/plans), reads (GET /api/plans/{id} of what was written, until the time
 * or --reads runs out), then deletes of everything it created. Reports requests/s and p50/p99.
 * Bounded on purpose: at most 60 s per phase, 100k requests, 64 in flight; refuses other hosts.
 * For the write phase start the server with PLANSIGHT_POST_PER_MINUTE=0 (no per-client limit).
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: {
      type: "string",
      default: process.env.PLANSIGHT_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "16" },
    writes: { type: "string", default: "300" },
    reads: { type: "string", default: "100000" },
  },
});

const clamp = (v: string | undefined, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number(v) || lo));
const seconds = clamp(values.seconds, 1, 60);
const concurrency = clamp(values.concurrency, 1, 64);
const writes = clamp(values.writes, 1, 5_000);
const reads = clamp(values.reads, 1, 100_000);
const base = new URL(values.url!);
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
if (!LOOPBACK.test(base.hostname)) {
  console.error(
    `Refusing to load-test ${base.hostname}: only loopback (127.0.0.0/8, ::1, localhost) is allowed.`,
  );
  process.exit(2);
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** node:http with keep-alive: a lighter client than fetch, so the server gets the CPU. */
let agent: Agent;
function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname.replace(/^\[|\]$/g, ""), port: base.port || 80, method, path, agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Phase {
  name: string;
  latencies: number[];
  ok: number;
  errors: number;
  limited: number;
  ms: number;
}

/** Runs `task(i)` with `concurrency` in flight until `count` tasks ran or `seconds` passed. */
async function phase(name: string, count: number, task: (i: number) => Promise<Reply>): Promise<Phase> {
  const p: Phase = { name, latencies: [], ok: 0, errors: 0, limited: 0, ms: 0 };
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await task(i);
        p.latencies.push(performance.now() - t0);
        if (res.status === 429) p.limited++;
        else if (res.status >= 200 && res.status < 300) p.ok++;
        else p.errors++;
      } catch {
        p.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  p.ms = performance.now() - started;
  return p;
}

function pct(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function report(p: Phase): void {
  const sorted = [...p.latencies].sort((a, b) => a - b);
  const total = p.ok + p.errors + p.limited;
  console.log(
    `${p.name.padEnd(7)} ${String(total).padStart(6)} req in ${(p.ms / 1000).toFixed(1)} s = ${((total / p.ms) * 1000).toFixed(0).padStart(5)} req/s` +
      `  p50 ${pct(sorted, 0.5).toFixed(1)} ms  p99 ${pct(sorted, 0.99).toFixed(1)} ms` +
      `  ok ${p.ok}  errors ${p.errors}${p.limited ? `  rate-limited ${p.limited}` : ""}`,
  );
}

const sample = readFileSync(
  new URL("../public/samples/formatted-broadcast-join.txt", import.meta.url),
  "utf8",
);
const api = "/api/plans";
agent = new Agent({ keepAlive: true, maxSockets: concurrency });

const health = await call("GET", `${api}/AAAAAAAAAAAAAAAAAAAAAA`).catch(() => null);
if (health?.status !== 404) {
  console.error(`No Plansight server answering at ${base.origin} (start one with \`npm start\`).`);
  process.exit(2);
}
console.log(`Plansight load test → ${base.origin}: ${concurrency} in flight, ≤ ${seconds} s per phase`);

const created: { id: string; deleteKey: string }[] = [];
const w = await phase("write", writes, async (i) => {
  const body = JSON.stringify({
    text: `${sample}\n-- load test plan ${i} ${Date.now()}\n`,
    title: `load ${i}`,
  });
  const res = await call("POST", api, body, { "content-type": "application/json" });
  if (res.status === 201) created.push(JSON.parse(res.body) as { id: string; deleteKey: string });
  return res;
});
report(w);
if (w.limited > 0)
  console.log(
    "  (writes hit the per-client rate limit: restart the server with PLANSIGHT_POST_PER_MINUTE=0)",
  );
if (created.length === 0) {
  console.error("No plan was created; cannot run the read phase.");
  process.exit(1);
}
const r = await phase("read", reads, (i) => call("GET", `${api}/${created[i % created.length]!.id}`));
report(r);
const d = await phase("delete", created.length, (i) =>
  call("DELETE", `${api}/${created[i]!.id}`, undefined, { "x-delete-key": created[i]!.deleteKey }),
);
report(d);
agent.destroy();
process.exit(w.errors + r.errors + d.errors > 0 ? 1 : 0);
