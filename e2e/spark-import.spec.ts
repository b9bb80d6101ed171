/**
 * Import from a real Spark History Server in the browser: the page lists the server's
 * applications (search by name), downloads one application's event log through the Plansight
 * server with progress, reads it like a dropped file, and opens the SQL execution a pasted URL
 * names. The server runs over fixtures/spark/4.3.0/eventlogs on E2E_PORT + 15080, the origin
 * playwright.config.ts allows with PLANSIGHT_SPARK_SERVERS; a running pyspark application's UI
 * (scripts/spark/live_app.py) on E2E_PORT + 1040 opens as a live view.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  fixtureAppId,
  fixtureAppIds,
  ROOT,
  type Running,
  sparkHome,
  startHistoryServer,
  startLiveApp,
} from "../tests/spark/servers";

const SHOTS = "test-results/screenshots";
const LOGS = join(ROOT, "fixtures", "spark", "4.3.0", "eventlogs");
const SPILL = fixtureAppId("spill_sort"); // fixtures/spark/4.3.0/eventlogs/spill_sort/<id>
/** Applications the History Server lists: one per fixture app folder. */
const APPS = fixtureAppIds([LOGS]).length;
/** When spill_sort started, as the History Server lists it (UTC, to the minute), from its own log. */
const SPILL_STARTED = (() => {
  const line = readFileSync(join(LOGS, "spill_sort", SPILL), "utf8")
    .split("\n")
    .find((l) => l.includes('"SparkListenerApplicationStart"'))!;
  return new Date((JSON.parse(line) as { Timestamp: number }).Timestamp)
    .toISOString()
    .slice(0, 16)
    .replace("T", " ");
})();
const port = Number(process.env.E2E_PORT ?? 3100) + 15080;
const livePort = Number(process.env.E2E_PORT ?? 3100) + 1040;
let shs: Running;
let live: Running & { appId: string };

test.beforeAll(async () => {
  test.setTimeout(480_000);
  const home = sparkHome();
  // Each is kept as soon as it runs, so afterAll stops it even when the other failed to start.
  const started = await Promise.allSettled([
    startHistoryServer(home, [LOGS], port).then((s) => (shs = s)),
    startLiveApp(home, livePort).then((s) => (live = s)),
  ]);
  for (const r of started) if (r.status === "rejected") throw r.reason;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await Promise.all([shs?.stop(), live?.stop()]);
});

test("pick an application from the History Server's list and read its event log", async ({ page }) => {
  await page.goto("/eventlog");
  await expect(page.getByTestId("spark-import")).toBeVisible();
  await page.getByText("Pick an application from a server").click();
  await page.getByTestId("spark-list").click();
  const list = page.getByTestId("spark-apps");
  await expect(list.getByRole("button")).toHaveCount(APPS);
  await page.getByTestId("spark-search").fill("spill");
  await expect(list.getByRole("button")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/spark-import-list.png` });
  await list.getByRole("button").click();
  await expect(page.getByTestId("app-id")).toContainText(SPILL, { timeout: 60_000 });
  await expect(page.getByTestId("app-name")).toContainText("plansight-spill_sort");
});

test("a pasted server URL (no application) opens the server's list", async ({ page }) => {
  await page.goto("/eventlog");
  await page.getByTestId("spark-url").fill(`http://127.0.0.1:${port}/`);
  await page.getByTestId("spark-open").click();
  await expect(page.getByTestId("spark-apps").getByRole("button")).toHaveCount(APPS);
  await page.getByTestId("spark-search").fill(SPILL_STARTED);
  await expect(page.getByTestId("spark-apps").getByRole("button")).toContainText(["plansight-spill_sort"]);
});

test("a pasted SQL execution URL opens that execution", async ({ page }) => {
  await page.goto("/eventlog");
  await page.getByTestId("spark-url").fill(`http://127.0.0.1:${port}/history/${SPILL}/SQL/execution/?id=0`);
  await page.getByTestId("spark-open").click();
  const view = page.getByTestId("execution-view");
  await expect(view).toHaveAttribute("data-execution-id", "0", { timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/spark-import-execution.png` });
});

test("an unknown application and a server outside the list get clear messages", async ({ page }) => {
  await page.goto("/eventlog");
  await page.getByTestId("spark-url").fill(`http://127.0.0.1:${port}/history/app-20990101000000-0000/`);
  await page.getByTestId("spark-open").click();
  await expect(page.getByTestId("spark-error")).toContainText("has no application app-20990101000000-0000");
  await page.getByTestId("spark-url").fill("http://169.254.169.254/latest/meta-data/");
  await page.getByTestId("spark-open").click();
  await expect(page.getByTestId("spark-error")).toContainText("is not one of the servers Plansight may read");
});

test("a running application's UI opens as a live view of its SQL executions, refreshed on demand", async ({
  page,
}) => {
  await page.goto("/eventlog");
  await page.getByTestId("spark-url").fill(`http://127.0.0.1:${livePort}/SQL/execution/?id=0`);
  await page.getByTestId("spark-open").click();
  const view = page.getByTestId("spark-live");
  await expect(view).toContainText(live.appId, { timeout: 30_000 });
  const rows = page.getByTestId("spark-live-executions").locator("tbody tr");
  await expect(rows).toHaveCount(2); // live_app.py runs two queries
  await page.getByTestId("spark-refresh").click();
  await expect(page.getByTestId("spark-refresh")).toHaveText("Refresh");
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/spark-import-live.png` });
  // "Open plan" carries the plan text in the link's fragment: the plan viewer draws it.
  const href = await rows.first().getByTestId("spark-live-open").getAttribute("href");
  expect(href).toMatch(/^\/p\/local#\/plan=/);
  await page.goto(href!);
  await expect(page.locator("[data-node-id]", { hasText: "BroadcastHashJoin" }).first()).toBeVisible({
    timeout: 30_000,
  });
});
