import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

const sample = readFileSync("public/samples/formatted-broadcast-join.txt", "utf8");

test("paste a formatted plan → one box per operator, details on click", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("plan-input").fill(sample);
  const ops = page.locator("[data-operator-id]");
  await expect(ops).toHaveCount(14);
  // Three WholeStageCodegen stages in the text; compact (the default) draws the two with several
  // operators as cards and the one-operator stage as a box of its own.
  await expect(page.locator("[data-card-id]")).toHaveCount(2);
  await expect(page.locator('path[data-edge-kind="reuse"]')).toHaveCount(1);
  await page.locator('[data-operator-id="9"]').click();
  const details = page.getByTestId("node-details");
  await expect(details).toContainText("BroadcastHashJoin");
  await expect(details).toContainText("store_id#13");
  await page.screenshot({ path: "test-results/screenshots/formatted-plan.png" });
});

test("garbage input shows an error with the line number and keeps the text", async ({ page }) => {
  await page.goto("/");
  const garbage = "hello\nthis is not a plan\n";
  await page.getByTestId("plan-input").fill(garbage);
  await expect(page.getByTestId("parse-error")).toContainText("Line 1");
  await expect(page.getByTestId("plan-input")).toHaveValue(garbage);
  await page.screenshot({ path: "test-results/screenshots/garbage.png" });
});

test("simple-mode AQE sample switches between final and initial plans", async ({ page }) => {
  await page.goto("/");
  await page.locator('[data-sample="aqe"]').click();
  await expect(page.locator("[data-node-id]")).toHaveCount(23);
  await page.getByRole("button", { name: "initial" }).click();
  await expect(page.locator("[data-node-id]")).toHaveCount(15);
  await page.screenshot({ path: "test-results/screenshots/aqe-initial.png" });
});

test("the pasted text survives a reload", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("plan-input").fill(sample);
  await expect(page.locator("[data-operator-id]")).toHaveCount(14);
  await page.reload();
  await expect(page.getByTestId("plan-input")).toHaveValue(sample);
  await expect(page.locator("[data-operator-id]")).toHaveCount(14);
});

test("a paste larger than localStorage holds survives a reload too, with no error page", async ({ page }) => {
  // Chromium gives localStorage 5 MB (UTF-16) per origin; 6 MB of plans goes to IndexedDB.
  const big = Array.from({ length: Math.ceil(6e6 / sample.length) }, () => sample).join("\n");
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("/");
  await page.evaluate((value) => {
    const ta = document.querySelector<HTMLTextAreaElement>('[data-testid="plan-input"]')!;
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!.call(ta, value);
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }, big);
  await expect(page.locator("[data-operator-id]")).toHaveCount(14, { timeout: 30_000 });
  // Megabytes are summarised instead of kept in the textarea, which would take seconds to lay out.
  await expect(page.getByTestId("large-input")).toContainText("6.0 MB");
  await expect.poll(() => page.evaluate(() => localStorage.getItem("plansight:input-in-idb"))).toBe("1");
  await page.reload();
  await expect(page.locator("[data-operator-id]")).toHaveCount(14, { timeout: 30_000 });
  await page.getByRole("button", { name: "Edit as text (slow)" }).click();
  expect(await page.getByTestId("plan-input").evaluate((t) => (t as HTMLTextAreaElement).value.length)).toBe(
    big.length,
  );
  await expect(page.getByTestId("not-saved")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("open a text file: a large one is summarised, a binary one is refused with a message", async ({
  page,
}) => {
  const big = Array.from({ length: Math.ceil(2e6 / sample.length) }, () => sample).join("\n");
  await page.goto("/");
  await page
    .getByTestId("open-file")
    .setInputFiles({ name: "plans.txt", mimeType: "text/plain", buffer: Buffer.from(big) });
  await expect(page.locator("[data-operator-id]")).toHaveCount(14, { timeout: 30_000 });
  await expect(page.getByTestId("large-input")).toContainText("2.0 MB");
  await expect(page.getByTestId("plan-select").locator("option")).toHaveCount(Math.ceil(2e6 / sample.length));
  // Another plan of the file: the source pane opens at that plan's own lines.
  await page.getByTestId("plan-select").selectOption({ index: 40 });
  const label = await page.getByTestId("plan-select").locator("option:checked").textContent();
  const start = Number(/\(line (\d+)\)/.exec(label ?? "")?.[1]);
  expect(start).toBeGreaterThan(1000);
  await page.getByRole("button", { name: "Source" }).click();
  await expect(page.locator(`[data-line="${start}"]`)).toBeInViewport();
  await page.screenshot({ path: "test-results/screenshots/large-input.png" });
  await page.getByTestId("open-file").setInputFiles({
    name: "app.zstd",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x01]),
  });
  await expect(page.getByTestId("file-error")).toContainText("app.zstd is not text");
  await expect(page.getByTestId("large-input")).toContainText("2.0 MB"); // what was there stays
  await page.getByTestId("clear-input").click();
  await expect(page.getByTestId("plan-input")).toHaveValue("");
});

test("a plan pasted as show() printed it is unfolded into lines, with an undo", async ({ page }) => {
  const table = readFileSync("fixtures/spark/4.3.0/explain-show/show.formatted.txt", "utf8");
  await page.goto("/");
  await page.getByTestId("plan-input").fill(table);
  await expect(page.getByTestId("show-unfolded")).toBeVisible();
  await expect(page.locator("[data-operator-id]")).toHaveCount(12);
  const value = await page.getByTestId("plan-input").inputValue();
  expect(value.startsWith("== Physical Plan ==\n")).toBe(true);
  await expect(page.getByTestId("parse-warnings")).toHaveCount(0);
  await page.getByTestId("show-unfolded").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("plan-input")).toHaveValue(table);
  // Still read (the parser unfolds it too), with a warning that line numbers count the unfolded plan.
  await expect(page.locator("[data-operator-id]")).toHaveCount(12);
  await expect(page.getByTestId("parse-warnings")).toContainText("1 warning");
});

test("findings: listed worst first, badge on the node, a click selects and centres it", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("plan-input").fill(sample);
  await expect(page.locator("[data-operator-id]")).toHaveCount(14);
  const shuffle = page.locator('[data-testid="finding"][data-rule-id="shuffle"]');
  await expect(shuffle).toHaveCount(1);
  const exchangeId = await page.locator('[data-operator-id="12"]').getAttribute("data-node-id");
  await expect(shuffle).toHaveAttribute("data-node-ids", exchangeId!);
  await expect(page.locator(`[data-badge-for="${exchangeId}"]`)).toHaveAttribute("data-badge", "info");
  await shuffle.locator("button").first().click();
  await expect(page.locator(`[data-match="${exchangeId}"]`)).toHaveCount(1);
  await expect(page.getByTestId("node-details")).toContainText("Exchange");
  await expect(page.getByTestId("node-findings")).toContainText("Shuffle");
  await page.screenshot({ path: "test-results/screenshots/findings.png" });
});

test("codegen mode: each subtree's operators, and the Java Spark generated for it in the details", async ({
  page,
}) => {
  const codegen = readFileSync("fixtures/spark/3.5.9/explain/broadcast_join.codegen.aqe-off.txt", "utf8");
  await page.goto("/");
  await page.getByTestId("plan-input").fill(codegen);
  await expect(page.locator("[data-node-id]").first()).toBeVisible();
  await page.locator("[data-node-id]").first().click();
  const code = page.getByTestId("generated-code");
  await expect(code).toContainText("Generated code · subtree");
  await code.locator("summary").click();
  await expect(code).toContainText("GeneratedIteratorForCodegenStage");
  await page.screenshot({ path: "test-results/screenshots/codegen.png" });
});

test("a pyspark shell transcript (prompts on the header lines) offers each plan in its mode", async ({
  page,
}) => {
  // Real pyspark 4.3.0 fed explain calls on stdin (scripts/spark/gen_shells.py).
  const transcript = readFileSync("fixtures/spark/4.3.0/shells/pyspark.txt", "utf8");
  await page.goto("/");
  await page.getByTestId("plan-input").fill(transcript);
  const options = page.getByTestId("plan-select").locator("option");
  await expect(options).toHaveCount(7);
  const labels = await options.allTextContents();
  expect(labels.map((l) => l.split(" · ").pop())).toEqual([
    "simple",
    "extended",
    "cost",
    "codegen",
    "formatted",
    "simple",
    "codegen",
  ]);
  await page.getByTestId("plan-select").selectOption({ index: 1 });
  // The extended plan keeps its logical trees: the parsed plan is `'Aggregate` over `Project` and `Range`.
  await page.getByRole("button", { name: "parsed", exact: true }).click();
  await expect(page.locator("[data-node-id]")).toHaveCount(3);
  await expect(page.locator("[data-node-id]").filter({ hasText: "Aggregate" })).toHaveCount(1);
  await page.screenshot({ path: "test-results/screenshots/pyspark-transcript.png" });
});

test("EXPLAIN's rows echoed by pyspark (Python reprs) are unfolded into plans", async ({ page }) => {
  // Real pyspark 4.3.0: `spark.sql("EXPLAIN ...").collect()` / `.first()[0]` (scripts/spark/gen_shells.py).
  const transcript = readFileSync("fixtures/spark/4.3.0/shells/pyspark-values.txt", "utf8");
  await page.goto("/");
  await page.getByTestId("plan-input").fill(transcript);
  await expect(page.getByTestId("show-unfolded")).toContainText("Python string");
  const labels = await page.getByTestId("plan-select").locator("option").allTextContents();
  expect(labels.map((l) => l.split(" · ").pop())).toEqual(["simple", "extended", "formatted", "codegen"]);
  await expect(page.locator("[data-node-id]")).toHaveCount(6);
});

test("the app's icon is served, also where browsers look for it by default", async ({ request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
