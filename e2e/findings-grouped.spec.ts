/**
 * Grouped findings as a user sees them: the real Spark 4.3 run of a union of 60 star joins that each
 * filter `customer_id % k = 0` (scripts/spark/gen_eval.py). 60 filters on orders, each with the copy
 * Spark inferred on customers, are one information entry of 60 (not 120 warnings); the 60 aggregate
 * shuffles another; a click highlights every operator of the group.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const BRANCHES = 60; // the generator's range(60)
const DIR = "fixtures/spark/4.3.0/eval/eventlog";

test("a union of 60 branches: one entry × 60 per cause, all its operators highlighted", async ({ page }) => {
  test.setTimeout(180_000);
  const log = join(DIR, readdirSync(DIR).find((f) => f.endsWith(".zstd"))!);
  await page.goto("/eventlog");
  await page.getByTestId("eventlog-files").setInputFiles(log);
  const row = page.locator('[data-testid="sql-row"]', { hasText: "union_star_60" });
  await expect(row).toHaveCount(1, { timeout: 90_000 });
  await row.click();
  await page.getByTestId("tab-findings").click();

  const pushdown = page.locator('[data-testid="finding"][data-rule-id="missed-pushdown"]');
  await expect(pushdown).toHaveCount(1, { timeout: 60_000 });
  await expect(pushdown).toHaveAttribute("data-count", String(BRANCHES));
  await expect(pushdown).toHaveAttribute("data-severity", "info");
  await expect(pushdown).toContainText(`× ${BRANCHES} (in ${BRANCHES} union branches)`);
  const shuffles = page.locator('[data-testid="finding"][data-rule-id="shuffle"]');
  await expect(shuffles).toHaveCount(1);
  await expect(shuffles).toHaveAttribute("data-count", String(BRANCHES));
  // No warning anywhere: arithmetic on a column is no one's mistake.
  await expect(page.locator('[data-testid="finding"][data-severity="warn"]')).toHaveCount(0);

  // Each branch: the user's Filter and its scan, Spark's copy on customers and its scan.
  const ids = ((await pushdown.getAttribute("data-node-ids")) ?? "").split(" ");
  expect(ids).toHaveLength(BRANCHES * 4);
  await pushdown.locator("button").first().click();
  await expect(page.locator("[data-match]")).toHaveCount(BRANCHES * 4, { timeout: 60_000 });

  await pushdown.getByText(`Show the ${BRANCHES} occurrences`).click();
  await expect(pushdown.locator('[data-testid="finding-occurrence"]')).toHaveCount(BRANCHES);
  await page.screenshot({ path: "test-results/screenshots/findings-grouped.png" });
});
