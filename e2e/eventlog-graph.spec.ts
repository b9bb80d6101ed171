/**
 * The run's numbers on an execution's graph: every edge carries the rows its child produced, as
 * Spark's REST API reported them when the fixture was generated (`*.expected.json`, read here on
 * its own, not through our parser); nodes show their main metric; compact and detailed, light
 * and dark, with screenshots.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";

const SHOTS = "test-results/screenshots";

interface RestNode {
  nodeId: number;
  nodeName: string;
  metrics: { name: string; value: string }[];
}
interface RestSql {
  id: number;
  nodes: RestNode[];
  edges: { fromId: number; toId: number }[];
}

function fixture(version: string, scenario: string) {
  const dir = `fixtures/spark/${version}/eventlogs/${scenario}`;
  const names = readdirSync(dir);
  const log = names.find((n) => !n.endsWith(".json"))!;
  const expected = JSON.parse(
    readFileSync(join(dir, names.find((n) => n.endsWith(".expected.json"))!), "utf8"),
  );
  return { log: join(dir, log), sql: expected.rest.sql as RestSql[] };
}

/**
 * (child name: rows) for every REST edge whose child counted its output rows. Parents are left
 * out: Spark's SQL graph skips AQE's query-stage wrappers, which the plan keeps as operators.
 */
function restEdgeRows(sql: RestSql): string[] {
  const byId = new Map(sql.nodes.map((n) => [n.nodeId, n]));
  const out: string[] = [];
  for (const e of sql.edges) {
    const from = byId.get(e.fromId);
    const to = byId.get(e.toId);
    const rows = from?.metrics.find((m) => m.name === "number of output rows")?.value;
    if (!from || !to || rows === undefined) continue;
    out.push(`${from.nodeName}: ${rows.replace(/,/g, "")}`);
  }
  return out.sort();
}

function pageEdgeRows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const name = (id: string) =>
      document.querySelector(`[data-node-id="${CSS.escape(id)}"]`)?.getAttribute("data-name") ?? "?";
    return [...document.querySelectorAll("[data-edge-from][data-rows]")]
      .map((e) => `${name(e.getAttribute("data-edge-from")!)}: ${e.getAttribute("data-rows")}`)
      .sort();
  });
}

/** Whether every item of `sub` is in `all`, counting repeats. */
function within(sub: string[], all: string[]): string[] {
  const left = new Map<string, number>();
  for (const a of all) left.set(a, (left.get(a) ?? 0) + 1);
  const missing: string[] = [];
  for (const s of sub) {
    const n = left.get(s) ?? 0;
    if (n === 0) missing.push(s);
    else left.set(s, n - 1);
  }
  return missing;
}

for (const version of ["3.5.9", "4.3.0"]) {
  test(`Spark ${version}: edges carry the rows Spark recorded, nodes their main metric`, async ({ page }) => {
    const { log, sql } = fixture(version, "codec_none");
    const biggest = [...sql].sort((a, b) => b.nodes.length - a.nodes.length)[0]!;
    const expected = restEdgeRows(biggest);
    expect(expected.length).toBeGreaterThan(5);
    for (const detailed of [true, false]) {
      await page.addInitScript(
        (on) => localStorage.setItem("plansight.graph.detailed", on),
        detailed ? "1" : "0",
      );
      await page.goto("/eventlog");
      await page.getByTestId("eventlog-files").setInputFiles(log);
      await page.locator(`[data-testid="sql-row"][data-execution-id="${biggest.id}"]`).click();
      await expect(page.getByTestId("execution-view")).toBeVisible();
      await page.locator("[data-edge-from][data-rows]").first().waitFor();
      const shown = await pageEdgeRows(page);
      // Every number on an edge is one Spark recorded for that child → parent pair.
      expect(within(shown, expected)).toEqual([]);
      // Detailed draws every edge: all of Spark's are there. Compact leaves out the ones inside a card.
      if (detailed) expect(within(expected, shown)).toEqual([]);
      else expect(shown.length).toBeGreaterThan(0);
      // The edge label says the same number, rounded as read (`1,000` → `1000 rows`, `60,000` → `60k rows`).
      const first = page.locator("[data-edge-from][data-rows]").first();
      const rows = Number(await first.getAttribute("data-rows"));
      const label = (await first.locator(".plan-edge-label").textContent()) ?? "";
      expect(label).toMatch(/rows/);
      if (rows < 1000) expect(label.startsWith(`${rows} rows`)).toBe(true);
      // Nodes show their main metric; the graph is coloured by time at first.
      expect(await page.locator(".plan-node-note").count()).toBeGreaterThan(0);
      await expect(page.getByTestId("metric-legend")).toBeVisible();
      const view = detailed ? "detailed" : "compact";
      await page.screenshot({ path: `${SHOTS}/eventlog-edges-${version}-${view}.png` });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: `${SHOTS}/eventlog-edges-${version}-${view}-dark.png` });
      await page.emulateMedia({ colorScheme: "light" });
    }
  });
}

test("configuration of interest: values keep their words whole in a narrow window", async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 800 });
  const { log } = fixture("4.3.0", "codec_none");
  await page.goto("/eventlog");
  await page.getByTestId("eventlog-files").setInputFiles(log);
  const config = page.getByTestId("app-config");
  await expect(config).toBeVisible();
  const rows = await config.evaluate((dl) =>
    [...dl.querySelectorAll("dd")].map((dd) => {
      const r = dd.getBoundingClientRect();
      return {
        text: dd.textContent ?? "",
        width: r.width,
        height: r.height,
        line: Number.parseFloat(getComputedStyle(dd).lineHeight),
      };
    }),
  );
  expect(rows.length).toBeGreaterThan(3);
  for (const r of rows) {
    // A word without a break opportunity (`true`, `default`, `4`) stays on one line.
    if (!/[\s/]/.test(r.text)) expect(r.height, r.text).toBeLessThan(r.line * 1.5);
    expect(r.width, r.text).toBeGreaterThanOrEqual(100);
  }
  await config.screenshot({ path: `${SHOTS}/eventlog-config-narrow.png` });
});

test("an application without SQL: its jobs, stages and a timeline", async ({ page }) => {
  // Two RDD jobs, written here: job 0 (stages 0 and 1, 3 + 2 tasks) and job 1 (stage 2, 4 tasks, one failed).
  const task = (stage: number, id: number, ok: boolean, ms: number) =>
    JSON.stringify({
      Event: "SparkListenerTaskEnd",
      "Stage ID": stage,
      "Stage Attempt ID": 0,
      "Task End Reason": { Reason: ok ? "Success" : "ExceptionFailure" },
      "Task Info": {
        "Task ID": id,
        Index: id,
        Attempt: 0,
        "Launch Time": 1,
        "Finish Time": 2,
        "Executor ID": "1",
      },
      "Task Metrics": {
        "Executor Run Time": ms,
        "JVM GC Time": 1,
        "Shuffle Write Metrics": { "Shuffle Bytes Written": ms * 100 },
      },
    });
  const stage = (id: number, n: number, from: number, to: number, event: string) =>
    JSON.stringify({
      Event: event,
      "Stage Info": {
        "Stage ID": id,
        "Stage Attempt ID": 0,
        "Stage Name": `map at job.py:${id}`,
        "Number of Tasks": n,
        "Submission Time": from,
        ...(event.endsWith("Completed") ? { "Completion Time": to } : {}),
      },
    });
  const lines = [
    '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}',
    '{"Event":"SparkListenerApplicationStart","App Name":"rdd-only","App ID":"app-rdd","Timestamp":1000,"User":"u"}',
    '{"Event":"SparkListenerJobStart","Job ID":0,"Submission Time":1000,"Stage IDs":[0,1],"Properties":{}}',
    stage(0, 3, 1000, 2000, "SparkListenerStageSubmitted"),
    task(0, 0, true, 100),
    task(0, 1, true, 200),
    task(0, 2, true, 900),
    stage(0, 3, 1000, 2000, "SparkListenerStageCompleted"),
    stage(1, 2, 2000, 3000, "SparkListenerStageSubmitted"),
    task(1, 3, true, 50),
    task(1, 4, true, 60),
    stage(1, 2, 2000, 3000, "SparkListenerStageCompleted"),
    '{"Event":"SparkListenerJobEnd","Job ID":0,"Completion Time":3000,"Job Result":{"Result":"JobSucceeded"}}',
    '{"Event":"SparkListenerJobStart","Job ID":1,"Submission Time":3500,"Stage IDs":[2],"Properties":{}}',
    stage(2, 4, 3500, 6000, "SparkListenerStageSubmitted"),
    task(2, 5, true, 10),
    task(2, 6, false, 10),
    task(2, 7, true, 20),
    task(2, 8, true, 30),
    stage(2, 4, 3500, 6000, "SparkListenerStageCompleted"),
    '{"Event":"SparkListenerJobEnd","Job ID":1,"Completion Time":6000,"Job Result":{"Result":"JobSucceeded"}}',
    '{"Event":"SparkListenerApplicationEnd","Timestamp":7000}',
  ];
  await page.goto("/eventlog");
  await page.getByTestId("eventlog-files").setInputFiles({
    name: "app-rdd",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(lines.join("\n")),
  });
  await expect(page.getByTestId("sql-empty")).toBeVisible();
  const view = page.getByTestId("jobs-view");
  await expect(view).toBeVisible();
  await expect(page.getByTestId("job-row")).toHaveCount(2);
  const job0 = page.locator('[data-testid="job-row"][data-job-id="0"]');
  await expect(job0).toContainText("succeeded");
  await expect(job0).toContainText("2.0 s");
  await expect(page.locator('[data-testid="job-row"][data-job-id="1"]')).toContainText("1 failed");
  await expect(page.getByTestId("stage-row")).toHaveCount(3);
  // Stage 0's task time: median 200 ms, max 900 ms (written above).
  await expect(page.locator('[data-testid="stage-row"][data-stage-id="0"]')).toContainText("200 ms · 900 ms");
  // Timeline: two jobs and three stage attempts.
  await expect(page.locator("[data-timeline-row]")).toHaveCount(5);
  await page.screenshot({ path: `${SHOTS}/eventlog-rdd-only.png` });
});
