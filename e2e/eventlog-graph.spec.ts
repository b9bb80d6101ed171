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
