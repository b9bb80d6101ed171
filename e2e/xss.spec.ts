/**
 * Plan text is data, never markup. Payloads in the style of Spark UI's own XSS bugs
 * (CVE-2017-7678, CVE-2022-31777, SPARK-47503: script tags, `javascript:` URLs, SVG onload, img
 * onerror, HTML entities in operator names, descriptions and titles) go through paste, permalink
 * and no-server link; nothing may execute, and the text must show literally.
 */
import { expect, type Page, test } from "@playwright/test";

const P = {
  script: "<script>window.__xss=1</script>",
  js: "javascript:window.__xss=2",
  svg: '<svg onload="window.__xss=3">',
  img: "<img src=x onerror=window.__xss=4>",
  entity: "&lt;script&gt;window.__xss=5&lt;/script&gt;",
  numeric: "&#60;img src=x onerror=window.__xss=6&#62;",
  iframe: '"><iframe src="javascript:window.__xss=7"></iframe>',
  svg2: "<svg/onload=window.__xss=8>",
};

const formatted = `== Physical Plan ==
* Project (3)
+- * Filter (2)
   +- Scan parquet db.${P.img} (1)


(1) Scan parquet db.${P.img}
Output [2]: [a#1, b#2]
Batched: true
Location: InMemoryFileIndex [${P.js}]
PushedFilters: [EqualTo(a,${P.iframe})]
ReadSchema: struct<a:string,b:string>

(2) Filter [codegen id : 1]
Input [2]: [a#1, b#2]
Condition : ((a#1 = ${P.script}) AND (b#2 = ${P.svg}))

(3) Project [codegen id : 1]
Output [1]: [${P.entity}#3]
Input [2]: [a#1, ${P.numeric}#2]
`;

const simple = `== Physical Plan ==
*(1) Project [${P.svg2} AS x#1]
+- *(1) Filter (a#1 = ${P.script})
   +- ${P.img}
      +- LocalTableScan [${P.js}#1]
`;

const TITLE = `${P.script}${P.svg2}${P.entity}`;

async function watch(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

/** An operator box in the graph whose label shows `text`. */
function label(page: Page, text: string) {
  return page.locator("svg [data-node-id]").filter({ hasText: text });
}

async function expectInert(page: Page, dialogs: string[]) {
  await page.waitForTimeout(300); // give any onload/onerror a chance to fire
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The RSC payload inlines the plan as JSON: its `<` must be escaped, never raw markup.
  const inline = await page
    .locator("script:not([src])")
    .evaluateAll((s) => s.map((x) => x.textContent ?? ""));
  expect(inline.filter((t) => /<(script|svg|img|iframe)/i.test(t))).toEqual([]);
  await expect(page.locator('img[src="x"], iframe, [onload], [onerror]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
}

test("paste: payloads in names, arguments and details render as text", async ({ page }) => {
  const dialogs = await watch(page);
  await page.goto("/");
  await page.getByTestId("plan-input").fill(formatted);
  await expect(page.locator("[data-operator-id]")).toHaveCount(3);
  await expect(label(page, "db.<img src=x").first()).toBeVisible();
  await page.locator('[data-operator-id="2"]').click();
  await expect(page.getByTestId("node-details")).toContainText(P.script);
  await expect(page.getByTestId("node-details")).toContainText(P.svg);
  await page.locator('[data-operator-id="1"]').click();
  await expect(page.getByTestId("node-details")).toContainText(P.js);
  await page.locator('[data-operator-id="3"]').click();
  await expect(page.getByTestId("node-details")).toContainText(P.entity);
  await expectInert(page, dialogs);

  await page.getByTestId("plan-input").fill(simple);
  await expect(page.locator("[data-node-id]").first()).toBeVisible();
  await expect(label(page, "<img src=x").first()).toBeVisible();
  await expectInert(page, dialogs);
  await page.screenshot({ path: "test-results/screenshots/xss-paste.png" });
});

test("permalink: payload title and plan stay text on /p/{id}", async ({ page, request }) => {
  const dialogs = await watch(page);
  const res = await request.post("/api/plans", { data: { text: formatted, title: TITLE } });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const api = await request.get(`/api/plans/${id}`);
  expect(api.headers()["content-type"]).toContain("application/json");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");

  await page.goto(`/p/${id}`);
  await expect(page.locator("[data-operator-id]")).toHaveCount(3);
  await expect(page.getByTestId("shared-title")).toHaveText(TITLE);
  expect(await page.title()).toContain(P.script);
  await page.locator('[data-operator-id="2"]').click();
  await expect(page.getByTestId("node-details")).toContainText(P.script);
  await expectInert(page, dialogs);
  await page.screenshot({ path: "test-results/screenshots/xss-permalink.png" });
});

test("no-server link and a hostile fragment stay inert", async ({ page }) => {
  const dialogs = await watch(page);
  await page.goto("/");
  await page.getByTestId("plan-input").fill(simple);
  await page.getByTestId("share-open").click();
  await page.getByTestId("share-local").click();
  const url = new URL(await page.getByTestId("share-local-url").inputValue());
  await page.goto(url.pathname + url.hash);
  await expect(label(page, "<img src=x").first()).toBeVisible();
  await expectInert(page, dialogs);
  await page.goto(`/p/local#/plan=${encodeURIComponent(P.svg2)}`);
  await expect(page.getByTestId("local-error")).toBeVisible();
  await page.goto(`/p/local#${P.script}`);
  await expect(page.getByTestId("local-error")).toBeVisible();
  await expectInert(page, dialogs);
});
