/**
 * Import from a real Spark History Server (over the fixture event logs) and from a real running
 * pyspark application's UI, through the API handlers, the CLI and the MCP tools. Expected values:
 * the fixtures' file names (application ids), Spark's REST answers recorded at generation time
 * (`*.expected.json`), live_app.py's own two queries, and the bytes the History Server gives.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEventLogBytes } from "@/lib/parse/eventlog";
import { parseExplain } from "@/lib/parse/explain";
import type { SparkImportConfig } from "@/lib/spark/config";
import { sparkApps, sparkLive, sparkLogs, sparkStatus } from "@/lib/spark/http";
import { readEventLogTool } from "../../bin/mcp/tools";
import {
  fixtureAppId,
  fixtureAppIds,
  freePort,
  ROOT,
  type Running,
  sparkHome,
  startHistoryServer,
  startLiveApp,
} from "./servers";

const run = promisify(execFile);
const LOGS = ["4.3.0", "3.5.9"].map((v) => join(ROOT, "fixtures", "spark", v, "eventlogs"));
// App ids change when the fixtures are regenerated: read them from the folders.
const ROLLING = fixtureAppId("rolling"); // fixtures/spark/4.3.0/eventlogs/rolling/eventlog_v2_<id>
const SPILL = fixtureAppId("spill_sort"); // fixtures/spark/4.3.0/eventlogs/spill_sort/<id>

let shs: Running;
let live: Running & { appId: string };
/** Counts connections to a port no request may reach. */
let trap: { server: Server; origin: string; connections: number };
/** An allowed origin whose server redirects every request to the trap. */
let redirector: { server: Server; origin: string };
/** An allowed origin that is a web server, not Spark. */
let notSpark: { server: Server; origin: string };

const expected = (version: string, app: string, file: string) =>
  JSON.parse(
    readFileSync(join(ROOT, "fixtures", "spark", version, "eventlogs", app, `${file}.expected.json`), "utf8"),
  );

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${port}` };
}

function config(extra: Partial<SparkImportConfig> = {}): SparkImportConfig {
  return {
    origins: [shs.origin, live.origin, redirector.origin, notSpark.origin, "http://127.0.0.1:9"],
    invalid: [],
    maxBytes: 64 << 20,
    timeoutMs: 15_000,
    ...extra,
  };
}

const get = (route: string, param: string, value: string) =>
  new Request(`http://plansight.test/api/spark/${route}?${param}=${encodeURIComponent(value)}`);

beforeAll(async () => {
  const home = sparkHome();
  // Each is kept as soon as it runs, so afterAll stops it even when the other failed to start.
  const started = await Promise.allSettled([
    startHistoryServer(home, LOGS).then((s) => (shs = s)),
    startLiveApp(home).then((s) => (live = s)),
  ]);
  for (const r of started) if (r.status === "rejected") throw r.reason;
  const t = await listen((_req, res) => res.end("trap"));
  trap = { ...t, connections: 0 };
  t.server.on("connection", () => trap.connections++);
  redirector = await listen((req, res) => {
    res.writeHead(302, { location: `${trap.origin}${req.url}` });
    res.end();
  });
  notSpark = await listen((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body>Welcome to nginx!</body></html>");
  });
}, 480_000);

afterAll(async () => {
  await Promise.all([shs?.stop(), live?.stop()]);
  for (const s of [trap, redirector, notSpark]) s?.server.close();
}, 60_000);

describe("History Server import (real Spark History Server)", () => {
  it("lists every application of the fixture logs", async () => {
    const res = await sparkApps(get("apps", "server", shs.origin), config());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { applications: { id: string; name: string }[] };
    expect(body.applications.map((a) => a.id).sort()).toEqual(fixtureAppIds(LOGS).sort());
    expect(body.applications.find((a) => a.id === SPILL)?.name).toBe("plansight-spill_sort");
  });

  it("serves an application's event log (a rolling, zstd folder) that reads to Spark's own numbers", async () => {
    const want = expected("4.3.0", "rolling", `eventlog_v2_${ROLLING}`).summary;
    for (const url of [
      `${shs.origin}/history/${ROLLING}/`,
      `${shs.origin}/api/v1/applications/${ROLLING}/sql`,
    ]) {
      const res = await sparkLogs(get("logs", "url", url), config());
      expect(res.status, `${url}: ${res.status === 200 ? "" : await res.clone().text()}`).toBe(200);
      expect(res.headers.get("x-spark-app-id")).toBe(ROLLING);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const out = readEventLogBytes([{ name: `eventLogs-${ROLLING}.zip`, bytes }]);
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      expect(out.result.files[0]?.codecs).toEqual(["zip", "zstd"]);
      expect(out.result.counts.sqlExecutions).toBe(want.sql_executions);
      expect(out.result.counts.jobs).toBe(want.jobs);
      expect(out.result.counts.tasks).toBe(want.tasks_ended);
    }
  });

  it("keeps the SQL execution a History Server page names", async () => {
    const res = await sparkLogs(
      get("logs", "url", `${shs.origin}/history/${SPILL}/SQL/execution/?id=0`),
      config(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-spark-execution-id")).toBe("0");
    await res.body?.cancel();
  });

  it("answers 404 for an application the server does not have", async () => {
    const res = await sparkLogs(
      get("logs", "url", `${shs.origin}/history/app-20990101000000-0000/`),
      config(),
    );
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("unknown-app");
  });

  it("CLI: `eventlog --json <URL>` prints exactly what the downloaded file gives", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plansight-dl-"));
    const dl = await fetch(`${shs.origin}/api/v1/applications/${SPILL}/logs`);
    const name = /filename="?([^";]+)/.exec(dl.headers.get("content-disposition") ?? "")![1]!;
    writeFileSync(join(dir, name), new Uint8Array(await dl.arrayBuffer()));
    const cli = (arg: string) =>
      run(
        join(ROOT, "node_modules", ".bin", "tsx"),
        [
          "--tsconfig",
          join(ROOT, "tsconfig.json"),
          join(ROOT, "bin", "plansight.ts"),
          "eventlog",
          "--json",
          arg,
        ],
        {
          cwd: dir,
          maxBuffer: 256 << 20,
        },
      );
    const [fromFile, fromUrl] = await Promise.all([cli(name), cli(`${shs.origin}/history/${SPILL}/`)]);
    expect(fromUrl.stdout).toBe(fromFile.stdout);
    const json = JSON.parse(fromUrl.stdout);
    expect(json.applications[0].appId).toBe(SPILL);
    expect(json.counts.jobs).toBe(expected("4.3.0", "spill_sort", SPILL).summary.jobs);
  });

  it("scan: a History Server URL is every application it lists, one row each", async () => {
    const { stdout } = await run(
      join(ROOT, "node_modules", ".bin", "tsx"),
      [join(ROOT, "bin", "plansight.ts"), "scan", "--jobs", "2", shs.origin],
      { cwd: ROOT, maxBuffer: 64 << 20 },
    );
    const rows = stdout
      .trim()
      .split("\n")
      .map(
        (l) => JSON.parse(l) as { appId: string; source: string; executions: number; error: string | null },
      );
    const errors = rows.filter((r) => r.error).map((r) => `${r.source}: ${r.error}`);
    expect(rows.map((r) => r.appId).sort(), errors.join("\n")).toEqual(fixtureAppIds(LOGS).sort());
    const spill = rows.find((r) => r.appId === SPILL)!;
    expect(spill.source).toBe(`${shs.origin}/api/v1/applications/${SPILL}`);
    expect(spill.executions).toBe(expected("4.3.0", "spill_sort", SPILL).summary.sql_executions);
  });

  it("MCP read_event_log reads a History Server URL", async () => {
    const r = await readEventLogTool({ url: `${shs.origin}/history/${SPILL}/` });
    const want = expected("4.3.0", "spill_sort", SPILL);
    expect(r.applications[0]?.appId).toBe(SPILL);
    expect(r.executions[0]?.durationMs).toBe(want.rest.sql[0].duration);
  });
});

describe("what the import refuses, before any connection", () => {
  it("is off without PLANSIGHT_SPARK_SERVERS, and says how to turn it on", async () => {
    const off = { ...config(), origins: [] };
    const res = await sparkLogs(get("logs", "url", `${shs.origin}/history/${SPILL}/`), off);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/PLANSIGHT_SPARK_SERVERS=/);
    const status = (await sparkStatus(off).json()) as { enabled: boolean; howToEnable: string };
    expect(status.enabled).toBe(false);
  });

  it("refuses origins outside the list, other schemes and redirects leaving the list", async () => {
    const before = trap.connections;
    for (const url of [`${trap.origin}/history/${SPILL}/`, `file:///etc/passwd`, `ftp://127.0.0.1/x`]) {
      const res = await sparkLogs(get("logs", "url", url), config());
      expect(res.status, url).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe("not-allowed");
    }
    const apps = await sparkApps(get("apps", "server", trap.origin), config());
    expect(apps.status).toBe(403);
    const redirected = await sparkLogs(
      get("logs", "url", `${redirector.origin}/history/${SPILL}/`),
      config(),
    );
    expect(redirected.status).toBe(403);
    expect(((await redirected.json()) as { error: string }).error).toMatch(/redirect to/);
    expect(trap.connections).toBe(before);
  });

  it("says unreachable (502), not a Spark server (502), and over the size cap", async () => {
    const down = await sparkApps(get("apps", "server", "http://127.0.0.1:9"), config());
    expect(down.status).toBe(502);
    expect(((await down.json()) as { code: string }).code).toBe("unreachable");
    const web = await sparkLogs(get("logs", "url", `${notSpark.origin}/history/${SPILL}/`), config());
    expect(web.status).toBe(502);
    expect(((await web.json()) as { code: string }).code).toBe("not-spark");
    const webList = await sparkApps(get("apps", "server", notSpark.origin), config());
    expect(((await webList.json()) as { code: string }).code).toBe("not-spark");
    // The zip is chunked (no Content-Length): the cap cuts the stream.
    const capped = await sparkLogs(
      get("logs", "url", `${shs.origin}/history/${SPILL}/`),
      config({ maxBytes: 10_000 }),
    );
    await expect(capped.arrayBuffer()).rejects.toThrow(/import cap/);
  });
});

describe("running application (a live pyspark driver's UI)", () => {
  it("lists the driver's one application, running", async () => {
    const res = await sparkApps(get("apps", "server", live.origin), config());
    const body = (await res.json()) as { applications: { id: string; attempts: { completed: boolean }[] }[] };
    expect(body.applications.map((a) => a.id)).toEqual([live.appId]);
    expect(body.applications[0]?.attempts[0]?.completed).toBe(false);
  });

  it("says a live UI has no event log to give (409), instead of reading nothing", async () => {
    const res = await sparkLogs(get("logs", "url", `${live.origin}/jobs/`), config());
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("live-app");
  });

  it("reads its SQL executions: plans that parse, with the SQL tab's metrics, and its stages", async () => {
    const res = await sparkLive(get("live", "url", `${live.origin}/SQL/execution/?id=0`), config());
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      appId: string;
      completed: boolean;
      executions: {
        id: number;
        planDescription: string;
        nodes: { nodeName: string; metrics: unknown[] }[];
      }[];
      stages: { status: string }[];
    };
    expect(body.appId).toBe(live.appId);
    expect(body.completed).toBe(false);
    expect(body.executions).toHaveLength(2); // live_app.py runs two queries
    const join0 = body.executions[0]!;
    expect(join0.nodes.map((n) => n.nodeName)).toContain("BroadcastHashJoin");
    const parsed = parseExplain(join0.planDescription);
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(parsed.result.plans[0]?.nodes.some((n) => n.name === "BroadcastHashJoin")).toBe(true);
    expect(body.stages.length).toBeGreaterThan(0);
    expect(body.stages.every((s) => s.status === "COMPLETE" || s.status === "SKIPPED")).toBe(true);
  });
});
