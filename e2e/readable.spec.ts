/**
 * The first view is readable: after a paste, operator names in view are drawn at ≥ 11 CSS px on
 * screen (computed font size × the element's screen scale), at least min(N, 20) of them in the
 * compact view (the default) and min(N, 10) in the detailed one, light and dark. Screenshots of each go to test-results/screenshots/readable-*.png.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";

const CORPUS = process.env.PLANSIGHT_CORPUS ?? join(process.cwd(), "../shared/corpus");
const SHOTS = "test-results/screenshots";
/** Real TPC-DS / TPC-H plans of 20–250 operators. */
const PLANS = [
  "explain/spark313-tpcds-v2_7/q14a.sf100.explain.txt",
  "explain/spark341-tpcds-v1_4/q64.explain.txt",
  "explain/spark341-tpcds-v1_4/q23a.explain.txt",
  "explain/spark341-tpcds-v1_4/q72.explain.txt",
  "explain/spark341-tpcds-v1_4/q12.explain.txt",
  "explain/spark321-tpcds-v2_7/q24.explain.txt",
  "explain/spark341-tpch/q2.explain.txt",
  "explain/spark321-tpcds-v2_7/q67a.explain.txt",
  "explain/spark341-tpch/q21.explain.txt",
  "explain/spark341-tpch/q5.explain.txt",
].map((p) => join(CORPUS, p));

async function paste(page: Page, text: string) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="plan-input"]');
    return !!el && Object.keys(el).some((k) => k.startsWith("__reactProps"));
  });
  await page.evaluate((text) => {
    const ta = document.querySelector('[data-testid="plan-input"]') as HTMLTextAreaElement;
    const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
    set.call(ta, text);
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}

/** Operators in the graph, and how many of their names in view are drawn at ≥ 11 px on screen. */
function readableNames(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="plan-graph"]') as SVGSVGElement;
    const view = svg.getBoundingClientRect();
    const ops = document.querySelectorAll("[data-operator-id]").length;
    let inView = 0;
    let readable = 0;
    const sizes: number[] = [];
    for (const el of document.querySelectorAll<SVGTextElement>("[data-node-id] .plan-node-name")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right < view.left || r.left > view.right) continue;
      if (r.bottom < view.top || r.top > view.bottom) continue;
      inView++;
      const m = el.getScreenCTM();
      if (!m) continue;
      const px = Number.parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
      sizes.push(Math.round(px * 10) / 10);
      if (px >= 10.99) readable++;
    }
    return { ops, inView, readable, sizes: sizes.slice(0, 5) };
  });
}

for (const detailed of [false, true]) {
  const view = detailed ? "detailed" : "compact";
  test.describe(`first view is readable (${view})`, () => {
    test.beforeEach(async ({ page }) => {
      await page.addInitScript(
        (on) => localStorage.setItem("plansight.graph.detailed", on),
        detailed ? "1" : "0",
      );
    });
    for (const file of PLANS) {
      const name = file
        .split("/")
        .slice(-2)
        .join("-")
        .replace(/\.explain\.txt$|\.txt$/, "");
      test(`${name}: ≥ min(N, 20) operator names at ≥ 11 px`, async ({ page }) => {
        if (!existsSync(file)) {
          test.skip(!process.env.CI, "../shared/corpus absent");
          throw new Error(`${file} missing under CI`);
        }
        await page.goto("/");
        await paste(page, readFileSync(file, "utf8"));
        await page.locator("[data-operator-id]").first().waitFor();
        await page.waitForTimeout(250);
        await expect(page.getByTestId("toggle-detailed")).toHaveAttribute("aria-pressed", String(detailed));
        await page.screenshot({ path: `${SHOTS}/readable-${view}-${name}.png` });
        const r = await readableNames(page);
        expect(r.ops).toBeGreaterThan(0);
        // Every name in view is readable. Compact shows at least min(N, 20) of them; detailed boxes
        // are three times as tall (two lines, stage outlines), so a tall plan shows fewer there.
        expect(r.readable, JSON.stringify(r)).toBe(r.inView);
        expect(r.readable, JSON.stringify(r)).toBeGreaterThanOrEqual(Math.min(r.ops, detailed ? 10 : 20));
        if (/q14a|q64|q67a/.test(name)) {
          await page.emulateMedia({ colorScheme: "dark" });
          await page.waitForTimeout(100);
          const dark = await readableNames(page);
          expect(dark.readable).toBeGreaterThanOrEqual(Math.min(dark.ops, detailed ? 10 : 20));
          await page.screenshot({ path: `${SHOTS}/readable-${view}-${name}-dark.png` });
        }
        // Fit stays one key away: the whole plan on screen.
        await page.getByTestId("plan-graph").focus();
        await page.keyboard.press("0");
        await page.waitForTimeout(150);
        const fitted = await page.evaluate(() => {
          const svg = document.querySelector('[data-testid="plan-graph"]') as SVGSVGElement;
          const v = svg.getBoundingClientRect();
          const g = svg.querySelector("g")!.getBoundingClientRect();
          return (
            g.left >= v.left - 1 && g.right <= v.right + 1 && g.top >= v.top - 1 && g.bottom <= v.bottom + 1
          );
        });
        expect(fitted).toBe(true);
      });
    }
  });
}

test("Detailed toggle switches views and is remembered", async ({ page }) => {
  const file = PLANS[4]!;
  test.skip(!existsSync(file) && !process.env.CI, "../shared/corpus absent");
  await page.goto("/");
  await page.evaluate(() => localStorage.removeItem("plansight.graph.detailed"));
  await page.reload();
  await paste(page, readFileSync(file, "utf8"));
  await page.locator("[data-operator-id]").first().waitFor();
  const ops = await page.locator("[data-operator-id]").count();
  // Compact by default: cards hold lines that are operators of their own.
  expect(await page.locator("[data-card-id]").count()).toBeGreaterThan(0);
  expect(
    await page.locator("[data-card] [data-operator-id], [data-card][data-operator-id]").count(),
  ).toBeGreaterThan(0);
  await page.getByTestId("toggle-detailed").click();
  await expect(page.locator("[data-card-id]")).toHaveCount(0);
  await expect(page.locator("[data-operator-id]")).toHaveCount(ops);
  await page.reload();
  await page.locator("[data-operator-id]").first().waitFor();
  await expect(page.getByTestId("toggle-detailed")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("[data-card-id]")).toHaveCount(0);
});
