/**
 * Import from a real Spark History Server in the browser: the page lists the server's
 * applications (search by name), downloads one application's event log through the Plansight
 * server with progress, reads it like a dropped file, and opens the SQL execution a pasted URL
 * names. The server runs over fixtures/spark/4.3.0/eventlogs on E2E_PORT + 15080, the origin
 * playwright.config.ts allows with PLANSIGHT_SPARK_SERVERS.
 */
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtureAppId, ROOT, type Running, sparkHome, startHistoryServer } from "../tests/spark/servers";

const SHOTS = "test-results/screenshots";
const SPILL = fixtureAppId("spill_sort"); // fixtures/spark/4.3.0/eventlogs/spill_sort/<id>
const port = Number(process.env.E2E_PORT ?? 3100) + 15080;
let shs: Running;

test.beforeAll(async () => {
  test.setTimeout(420_000);
  shs = await startHistoryServer(sparkHome(), [join(ROOT, "fixtures", "spark", "4.3.0", "eventlogs")], port);
});

test.afterAll(async () => {
  await shs?.stop();
});

test("pick an application from the History Server's list and read its event log", async ({ page }) => {
  await page.goto("/eventlog");
  await expect(page.getByTestId("spark-import")).toBeVisible();
  await page.getByText("Pick an application from a server").click();
  await page.getByTestId("spark-list").click();
  const list = page.getByTestId("spark-apps");
  await expect(list.getByRole("button")).toHaveCount(10); // ten apps in fixtures/spark/4.3.0/eventlogs
  await page.getByTestId("spark-search").fill("spill");
  await expect(list.getByRole("button")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/spark-import-list.png` });
  await list.getByRole("button").click();
  await expect(page.getByTestId("app-id")).toContainText(SPILL, { timeout: 60_000 });
  await expect(page.getByTestId("app-name")).toContainText("plansight-spill_sort");
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
