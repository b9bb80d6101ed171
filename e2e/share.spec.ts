/**
 * Sharing end to end: paste → share (with and without redaction) → open in a fresh browser
 * context → same graph → delete → 404; the no-server link; and the CSP not breaking the home page.
 */
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";

const sample = readFileSync("public/samples/formatted-broadcast-join.txt", "utf8");
const OPERATORS = 14;

async function paste(page: Page, text: string) {
  await page.goto("/");
  await page.getByTestId("plan-input").fill(text);
  await expect(page.locator("[data-operator-id]")).toHaveCount(OPERATORS);
}

test("home page renders the graph under the nonce CSP, with the layout Worker, and no violations", async ({
  page,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  const res = await page.goto("/");
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
  await page.getByTestId("plan-input").fill(sample);
  await expect(page.locator("[data-operator-id]")).toHaveCount(OPERATORS);
  expect(workers.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  // A second load gets a different nonce.
  const again = await page.request.get("/");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);
});

test("other pages and the 404 page render under the CSP without violations", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.waitForLoadState("load");
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  const local = await page.goto("/p/local");
  expect(local?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await expect(page.getByTestId("local-error")).toBeVisible(); // hydrated: the client read the (empty) fragment
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

test("share → open in a fresh context → same graph → delete → 404", async ({ page, browser }) => {
  await paste(page, sample);
  await page.getByTestId("share-open").click();
  await expect(page.getByTestId("share-dialog")).toBeVisible();
  await expect(page.getByTestId("share-preview")).toHaveValue(sample);
  await page.getByTestId("share-title").fill("Broadcast join <b>demo</b>");
  await page.getByTestId("share-create").click();
  const url = await page.getByTestId("share-url").inputValue();
  expect(url).toMatch(/\/p\/[A-Za-z0-9_-]{22}$/);
  const path = new URL(url).pathname;
  await page.screenshot({ path: "test-results/screenshots/share-dialog.png" });

  const other = await browser.newContext();
  const viewer = await other.newPage();
  const res = await viewer.goto(path);
  expect(res?.status()).toBe(200);
  expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(viewer.locator("[data-operator-id]")).toHaveCount(OPERATORS);
  // The same findings as the author saw, on the same operators.
  const findingsOf = (p: typeof page) =>
    p
      .locator('[data-testid="finding"]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute("data-rule-id")}:${e.getAttribute("data-node-ids")}`),
      );
  const authorFindings = await findingsOf(page);
  expect(authorFindings.length).toBeGreaterThan(0);
  expect(await findingsOf(viewer)).toEqual(authorFindings);
  await expect(viewer.getByTestId("shared-title")).toHaveText("Broadcast join <b>demo</b>");
  await expect(viewer.getByTestId("shared-created")).toBeVisible();
  await expect(viewer.getByTestId("delete-plan")).toHaveCount(0); // not the creator
  await viewer.screenshot({ path: "test-results/screenshots/shared-plan.png" });
  // The shared page offers the same view choices as the home page: the DPP subquery's tree hides.
  await viewer.getByRole("button", { name: "hidden" }).click();
  await expect(viewer.locator("[data-operator-id]")).toHaveCount(OPERATORS - 1);
  await expect(viewer.locator('[data-operator-id="14"]')).toHaveCount(0);
  await viewer.getByRole("button", { name: "shown" }).click();
  await expect(viewer.locator("[data-operator-id]")).toHaveCount(OPERATORS);

  await page.goto(path);
  await expect(page.locator("[data-operator-id]")).toHaveCount(OPERATORS);
  await page.getByTestId("delete-plan").click();
  await page.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("plan-deleted")).toBeVisible();

  const gone = await viewer.goto(path);
  expect(gone?.status()).toBe(404);
  await expect(viewer.getByTestId("plan-not-found")).toBeVisible();
  expect((await viewer.request.get(`/api/plans${path.slice(2)}`)).status()).toBe(404);
  await other.close();
});

test("redacted share: the preview is what is uploaded, and the plan still draws", async ({
  page,
  browser,
}) => {
  await paste(page, sample);
  await page.getByTestId("share-open").click();
  await page.getByTestId("redact-names").check();
  await page.getByTestId("redact-literals").check();
  await page.getByTestId("redact-locations").check();
  const preview = await page.getByTestId("share-preview").inputValue();
  expect(preview).not.toContain("store_id");
  expect(preview).toContain("col_1#");
  await expect(page.getByTestId("share-operators")).toHaveText(
    `${OPERATORS} of ${OPERATORS} operators still read`,
  );
  const uploaded = page.waitForRequest((r) => r.url().endsWith("/api/plans") && r.method() === "POST");
  await page.getByTestId("share-create").click();
  expect(JSON.parse((await uploaded).postData() ?? "{}").text).toBe(preview);
  const path = new URL(await page.getByTestId("share-url").inputValue()).pathname;

  const other = await browser.newContext();
  const viewer = await other.newPage();
  await viewer.goto(path);
  await expect(viewer.locator("[data-operator-id]")).toHaveCount(OPERATORS);
  await expect(viewer.locator("body")).not.toContainText("store_id");
  await other.close();
});

test("redacted share of Comet native_datafusion and Photon scans leaves no table, path or value", async ({
  page,
}) => {
  const engines = readFileSync("fixtures/redact/engines-formatted.txt", "utf8");
  await page.goto("/");
  await page.getByTestId("plan-input").fill(engines);
  await expect(page.locator("[data-operator-id]")).toHaveCount(8);
  await page.getByTestId("share-open").click();
  for (const id of ["redact-names", "redact-literals", "redact-locations"])
    await page.getByTestId(id).check();
  const preview = await page.getByTestId("share-preview").inputValue();
  for (const secret of [
    "customer_address",
    "crm",
    "accounts",
    "account_id",
    "EMEA-North",
    "999999.99",
    "crm-prod",
  ])
    expect(preview, secret).not.toMatch(new RegExp(`(?<![\\w$])${secret}(?![\\w$])`));
  expect(preview).toMatch(/CometNativeScan parquet spark_catalog\.default\.table_\d+ \(4\)/);
  await expect(page.getByTestId("share-operators")).toHaveText("8 of 8 operators still read");
  await page.screenshot({ path: "test-results/screenshots/share-redacted-engines.png" });
});

test("no-server link: the plan rides in the fragment and never reaches the server", async ({
  page,
  browser,
}) => {
  await paste(page, sample);
  await page.getByTestId("share-open").click();
  await page.getByTestId("share-local").click();
  const url = await page.getByTestId("share-local-url").inputValue();
  expect(url).toMatch(/\/p\/local#\/plan=[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("share-local-warning")).toHaveCount(url.length > 2000 ? 1 : 0);

  const other = await browser.newContext();
  const viewer = await other.newPage();
  const sent: string[] = [];
  viewer.on("request", (r) => sent.push(`${r.url()} ${r.postData() ?? ""}`));
  await viewer.goto(new URL(url).pathname + new URL(url).hash);
  await expect(viewer.locator("[data-operator-id]")).toHaveCount(OPERATORS);
  const fragment = new URL(url).hash.slice("#/plan=".length);
  expect(sent.some((s) => s.includes(fragment.slice(0, 40)) || s.includes("BroadcastHashJoin"))).toBe(false);
  await viewer.goto("/p/local#/plan=broken!");
  await expect(viewer.getByTestId("local-error")).toContainText("damaged");
  await other.close();
});
