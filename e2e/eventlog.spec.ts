/**
 * The event-log page end to end: real Spark logs (zstd, lz4, AQE) read in the browser's Worker,
 * compared with what Spark said (its REST API, recorded beside each fixture when it was made) and
 * with counts made here by a naive decompress + JSON.parse loop, never with our own reader; bad
 * inputs get a message naming the file; Cancel stops a big synthetic log.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, type Page, test } from "@playwright/test";

const SHOTS = "test-results/screenshots";

/** The log file of a fixture scenario (names carry the app id, which changes when regenerated). */
function fixture(scenario: string): string {
  for (const version of ["3.5.9", "4.3.0"]) {
    const dir = `fixtures/spark/${version}/eventlogs/${scenario}`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const log = names.find((n) => !n.endsWith(".json"));
    if (log) return join(dir, log);
  }
  throw new Error(`no fixture for ${scenario}`);
}

/** What Spark's REST API answered while the fixture app ran (scripts/spark), kept beside the log. */
interface SparkTruth {
  app_id: string;
  summary: { sql_executions: number; tasks_ended: number };
  rest: {
    sql: {
      id: number;
      duration: number;
      nodes: { nodeName: string; metrics: { name: string; value: string }[] }[];
    }[];
  };
}

function truth(file: string): SparkTruth {
  return JSON.parse(readFileSync(`${file}.expected.json`, "utf8")) as SparkTruth;
}

/** The log's JSON events, decoded with the zstd command (plain otherwise), files in the given order. */
function events(files: string[]): { Event: string; [k: string]: unknown }[] {
  return files.flatMap((f) => {
    const bytes = readFileSync(f);
    const text = f.endsWith(".zstd")
      ? execFileSync("zstd", ["-dc", f], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })
      : bytes.toString("utf8");
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { Event: string });
  });
}

interface PlanInfo {
  nodeName: string;
  children: PlanInfo[];
}

/**
 * Operators Spark's own UI draws for each SQL execution's last plan (SparkPlanGraph: WholeStageCodegen
 * becomes a cluster, InputAdapter is skipped), from the last SQLExecutionStart / AdaptiveExecutionUpdate.
 */
function uiOperators(evs: ReturnType<typeof events>): Map<number, number> {
  const last = new Map<number, PlanInfo>();
  for (const e of evs)
    if (/SQLExecutionStart$|SQLAdaptiveExecutionUpdate$/.test(e.Event))
      last.set(e.executionId as number, e.sparkPlanInfo as PlanInfo);
  const count = (p: PlanInfo): number =>
    (/^(WholeStageCodegen|InputAdapter)\b/.test(p.nodeName) ? 0 : 1) +
    p.children.reduce((n, c) => n + count(c), 0);
  return new Map([...last].map(([id, p]) => [id, count(p)]));
}

/** Counts as the page prints them. */
const n = (x: number) => x.toLocaleString("en-US");

async function open(
  page: Page,
  files: string | string[] | { name: string; mimeType: string; buffer: Buffer },
) {
  await page.goto("/eventlog");
  await expect(page.getByTestId("eventlog-empty")).toBeVisible();
  await page.getByTestId("eventlog-files").setInputFiles(files);
}

test("a zstd log: progress finishes, the SQL table matches what Spark reported, a query's plan shows its metrics", async ({
  page,
}) => {
  const file = fixture("codec_zstd");
  const spark = truth(file);
  const evs = events([file]);
  const operators = uiOperators(evs);
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await open(page, file);
  await expect(page.getByTestId("eventlog-workspace")).toBeVisible();
  expect(workers.length).toBeGreaterThan(0);
  await expect(page.getByTestId("app-id")).toHaveText(spark.app_id);
  await expect(page.getByTestId("sql-row")).toHaveCount(spark.summary.sql_executions);
  expect(spark.rest.sql.length).toBe(spark.summary.sql_executions);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(evs.length)} events`);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(spark.summary.tasks_ended)} tasks`);
  await page.screenshot({ path: `${SHOTS}/eventlog-summary.png` });

  // Sorting by duration puts the slowest first.
  await page.getByTestId("sql-sort-duration").click();
  const slowest = [...spark.rest.sql].sort((a, b) => b.duration - a.duration)[0]!;
  await expect(page.getByTestId("sql-row").first()).toHaveAttribute("data-execution-id", String(slowest.id));

  // An operator whose name is unique in its plan and whose row count Spark reported small and
  // non-zero: open its execution, then the node.
  let pick: { id: number; name: string; rows: string } | null = null;
  for (const q of spark.rest.sql)
    for (const node of q.nodes) {
      // As Spark's REST API printed it (`1,000`): the page prints numbers the same way.
      const printed = node.metrics.find((m) => m.name === "number of output rows")?.value ?? "";
      const rows = Number(printed.replace(/,/g, ""));
      const alone = q.nodes.every((o) => o === node || !o.nodeName.includes(node.nodeName));
      if (!pick && alone && rows > 0 && rows < 10_000)
        pick = { id: q.id, name: node.nodeName, rows: printed };
    }
  expect(pick).not.toBeNull();
  const { id, name, rows } = pick!;
  await page.locator(`[data-testid="sql-row"][data-execution-id="${id}"]`).click();
  await expect(page.getByTestId("execution-view")).toBeVisible();
  await expect(page.locator("[data-node-id]")).toHaveCount(operators.get(id)!);
  await expect(page.locator("[data-operator-id]").first()).toBeVisible();
  const node = page.locator("[data-node-id]", { hasText: name });
  await expect(node).toHaveCount(1);
  await node.click();
  const dist = page.getByTestId("node-metric-distribution");
  await expect(dist).toContainText("number of output rows");
  await expect(dist.locator("tr", { hasText: "number of output rows" })).toContainText(rows);
  await page.screenshot({ path: `${SHOTS}/eventlog-plan-light.png` });
  await dist.scrollIntoViewIfNeeded();
  await page.getByTestId("node-details").screenshot({ path: `${SHOTS}/eventlog-node-metrics.png` });

  // More room for the graph: hide the list, then bring it back.
  await page.getByTestId("toggle-list").click();
  await expect(page.getByTestId("eventlog-sidebar")).toBeHidden();
  await page.getByRole("button", { name: "Close details" }).click();
  await page.getByRole("button", { name: "Fit", exact: true }).click();
  await page.screenshot({ path: `${SHOTS}/eventlog-plan-wide.png` });
  await page.getByTestId("toggle-list").click();
  await expect(page.getByTestId("eventlog-sidebar")).toBeVisible();

  // Source pane: the physicalPlanDescription.
  await page.getByTestId("toggle-source").click();
  await expect(page.getByTestId("source-pane")).toContainText("== Physical Plan ==");
  await page.getByTestId("toggle-source").click();

  await page.getByTestId("tab-stages").click();
  await expect(page.getByTestId("stage-row").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/eventlog-stages-light.png` });
  await page.getByTestId("color-by").selectOption("number of output rows");
  await expect(page.getByTestId("metric-legend")).toBeVisible();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SHOTS}/eventlog-plan-dark.png` });
});

test("an AQE log: final and initial plans; then an lz4 log", async ({ page }) => {
  const file = fixture("skew_aqe_on");
  const spark = truth(file);
  const evs = events([file]);
  await open(page, file);
  await expect(page.getByTestId("sql-row")).toHaveCount(spark.summary.sql_executions);
  // An execution AQE re-planned: it has an adaptive-execution update in the log.
  const aqe = evs.find((e) => e.Event.endsWith("SQLAdaptiveExecutionUpdate"))?.executionId as number;
  expect(aqe).toBeDefined();
  await page.locator(`[data-testid="sql-row"][data-execution-id="${aqe}"]`).click();
  await expect(page.locator("[data-node-id]")).toHaveCount(uiOperators(evs).get(aqe)!);
  await page.getByTestId("plan-initial").click();
  await expect(page.getByTestId("plan-initial")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("[data-node-id]").first()).toBeVisible();
  await page.getByTestId("tab-findings").click();
  await page.screenshot({ path: `${SHOTS}/eventlog-aqe-initial.png` });

  const lz4 = fixture("codec_lz4");
  const lz4Spark = truth(lz4).summary;
  await page.getByTestId("eventlog-files").setInputFiles(lz4);
  await expect(page.getByTestId("sql-row")).toHaveCount(lz4Spark.sql_executions);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(lz4Spark.tasks_ended)} tasks`);
});

test("bad inputs: an image, garbage, an empty file and a decompression bomb get a message naming the file", async ({
  page,
}) => {
  // A real 1×1 PNG.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  await open(page, { name: "photo.png", mimeType: "image/png", buffer: png });
  const error = page.getByTestId("eventlog-error");
  await expect(error).toContainText("photo.png");
  await expect(error).toContainText("PNG image");
  await page.screenshot({ path: `${SHOTS}/eventlog-error-png.png` });

  await page
    .getByTestId("eventlog-files")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello\nworld\n") });
  await expect(error).toContainText("notes.txt");
  await expect(error).toContainText("not a Spark event log");

  await page
    .getByTestId("eventlog-files")
    .setInputFiles({ name: "empty.log", mimeType: "text/plain", buffer: Buffer.alloc(0) });
  await expect(error).toContainText("empty.log");
  await expect(error).toContainText("empty");

  await page.getByText("Options").click();
  await page.getByTestId("max-decompressed-mb").fill("1");
  const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x0a));
  await page
    .getByTestId("eventlog-files")
    .setInputFiles({ name: "bomb.gz", mimeType: "application/gzip", buffer: bomb });
  await expect(error).toContainText("bomb.gz");
  await expect(error).toContainText("decompressed size exceeds");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SHOTS}/eventlog-error-bomb-dark.png` });
});

test("a log cut mid-line lists the warning", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "plansight-e2e-"));
  const text = readFileSync(fixture("codec_none"), "utf8");
  const cut = join(dir, "app.inprogress");
  writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.7)));
  await open(page, cut);
  await expect(page.getByTestId("eventlog-workspace")).toBeVisible();
  await page.getByTestId("eventlog-warnings").locator("summary").click();
  await expect(page.getByTestId("eventlog-warning").first()).toContainText("app.inprogress");
  await expect(page.getByTestId("eventlog-warnings")).toContainText("cut");
  await page.screenshot({ path: `${SHOTS}/eventlog-cut-warnings.png` });
});

/** A big valid log: the body of a real one repeated with fresh SQL execution ids. */
function syntheticLog(targetBytes: number): string {
  const lines = readFileSync(fixture("codec_none"), "utf8").split("\n").filter(Boolean);
  const first = lines.findIndex((l) => l.includes("SQLExecutionStart"));
  const last = lines.findIndex((l) => l.includes("SparkListenerApplicationEnd"));
  const head = lines.slice(0, first);
  const body = lines.slice(first, last < 0 ? lines.length : last);
  const tail = last < 0 ? [] : lines.slice(last);
  const out = [...head];
  let size = 0;
  for (let copy = 0; size < targetBytes; copy++) {
    for (const l of body) {
      const line = l.replace(/"executionId":(\d+)/g, (_, id) => `"executionId":${copy * 1000 + Number(id)}`);
      out.push(line);
      size += line.length + 1;
    }
  }
  return `${[...out, ...tail].join("\n")}\n`;
}

test("Cancel stops reading a big log and the page stays usable", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "plansight-e2e-"));
  const big = join(dir, "big-eventlog");
  writeFileSync(big, syntheticLog(96 * 1024 * 1024));
  await open(page, big);
  const progress = page.getByTestId("eventlog-progress");
  await expect(progress).toBeVisible();
  await expect(page.getByTestId("progress-bytes")).toContainText("of 96");
  // Progress moves while the page stays responsive.
  await expect(page.getByTestId("progress-events")).not.toHaveText("0");
  await page.screenshot({ path: `${SHOTS}/eventlog-progress.png` });
  await page.getByTestId("eventlog-cancel").click();
  await expect(page.getByTestId("eventlog-cancelled")).toBeVisible();
  await expect(progress).toBeHidden();
  await page.waitForTimeout(500);
  await expect(page.getByTestId("eventlog-workspace")).toBeHidden();
  // Still usable: a small log reads after the cancelled one.
  await page.getByTestId("eventlog-files").setInputFiles(fixture("codec_zstd"));
  await expect(page.getByTestId("eventlog-workspace")).toBeVisible();
});

test("a rolling-log folder is read in order: the counts Spark reported", async ({ page }) => {
  const rolling = fixture("rolling"); // the eventlog_v2_<appId> folder
  const spark = truth(rolling);
  const parts = readdirSync(rolling)
    .filter((f) => f.startsWith("events_"))
    .sort((a, b) => Number(a.split("_")[1]) - Number(b.split("_")[1]))
    .map((f) => join(rolling, f));
  expect(parts.length).toBeGreaterThan(1);
  const evs = events(parts);
  await page.goto("/eventlog");
  await page.getByTestId("eventlog-folder").setInputFiles(rolling);
  await expect(page.getByTestId("eventlog-workspace")).toBeVisible();
  await expect(page.getByTestId("sql-row")).toHaveCount(spark.summary.sql_executions);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(evs.length)} events`);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(spark.summary.tasks_ended)} tasks`);
  await expect(page.getByTestId("app-id")).toHaveText(spark.app_id);
  await page.getByTestId("open-slowest").click();
  await expect(page.locator("[data-operator-id]").first()).toBeVisible();
  await page.getByTestId("tab-stages").click();
  await page.screenshot({ path: `${SHOTS}/eventlog-rolling.png` });
});

test("a file dropped on the page is read", async ({ page }) => {
  const text = readFileSync(fixture("codec_none"), "utf8");
  const spark = truth(fixture("codec_none"));
  await page.goto("/eventlog");
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], "dropped-eventlog", { type: "" }));
    return d;
  }, text);
  const zone = page.getByTestId("eventlog-drop");
  await zone.dispatchEvent("dragenter", { dataTransfer: dt });
  await zone.dispatchEvent("dragover", { dataTransfer: dt });
  await zone.dispatchEvent("drop", { dataTransfer: dt });
  await expect(page.getByTestId("sql-row")).toHaveCount(spark.summary.sql_executions);
});

test("without Web Workers the same reader runs on the main thread", async ({ page }) => {
  await page.addInitScript(() => {
    // biome-ignore lint/suspicious/noExplicitAny: removing a global for this test
    delete (window as any).Worker;
  });
  const file = fixture("codec_zstd");
  await open(page, file);
  await expect(page.getByTestId("eventlog-workspace")).toHaveAttribute("data-engine", "main thread");
  await expect(page.getByTestId("sql-row")).toHaveCount(truth(file).summary.sql_executions);
  await page.getByTestId("open-slowest").click();
  await expect(page.locator("[data-operator-id]").first()).toBeVisible();
});

/**
 * What the reader itself says about a log (`plansight eventlog --json`): used only to find the node
 * to click, never as the expected value — the test checks what it finds against Spark's REST answer.
 */
interface CliExecution {
  executionId: number;
}
function cli(file: string): { applications: { sqlExecutions: CliExecution[] }[] } {
  const out = execFileSync("npm", ["run", "-s", "plansight", "--", "eventlog", "--json", file], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as { applications: { sqlExecutions: CliExecution[] }[] };
}

test("a hot-key join: the Exchange shows its shuffle spread, metrics carry Spark's text, the skew finding names it", async ({
  page,
}) => {
  const file = fixture("hotkey_aqe");
  const out = cli(file) as unknown as {
    applications: {
      sqlExecutions: (CliExecution & {
        shuffles: { exchangeId: string; handling: string; hottest: { records: number } | null }[];
      })[];
    }[];
  };
  const e = out.applications[0]!.sqlExecutions.find((x) => x.shuffles.some((s) => s.handling === "split"));
  expect(e).toBeDefined();
  const split = e!.shuffles.find((s) => s.handling === "split")!;
  // What Spark's REST API printed for this execution's exchanges, recorded at generation time.
  const rest = JSON.parse(readFileSync(`${file}.expected.json`, "utf8")) as {
    rest: {
      sql: { id: number; nodes: { nodeName: string; metrics: { name: string; value: string }[] }[] }[];
    };
  };
  const restExecution = rest.rest.sql.find((x) => x.id === e!.executionId)!;
  // Spark's own word that AQE split this execution's skewed partitions.
  const skewedParts = restExecution.nodes
    .filter((x) => x.nodeName === "AQEShuffleRead")
    .flatMap((x) => x.metrics.filter((m) => m.name === "number of skewed partitions"))
    .map((m) => Number(m.value.replace(/,/g, "")));
  expect(skewedParts.some((v) => v > 0)).toBe(true);
  const restWritten = restExecution.nodes
    .filter((x) => x.nodeName === "Exchange")
    .flatMap((x) => x.metrics.filter((m) => m.name === "shuffle bytes written").map((m) => m.value));
  await open(page, file);
  await page.locator(`[data-testid="sql-row"][data-execution-id="${e!.executionId}"]`).click();
  await page.locator(`[data-node-id="${split.exchangeId}"]`).click();
  const spread = page.getByTestId("shuffle-spread");
  await expect(spread).toContainText("AQE split skewed partitions");
  await expect(spread).toContainText(`${split.hottest!.records.toLocaleString("en-US")} rows`);
  const written = page
    .getByTestId("node-metric-distribution")
    .locator("tr", { hasText: "shuffle bytes written" });
  expect(restWritten).toContain(await written.getAttribute("data-spark-value"));
  await spread.scrollIntoViewIfNeeded();
  await spread.screenshot({ path: `${SHOTS}/eventlog-shuffle-spread.png` });
  await page.getByTestId("tab-findings").click();
  await expect(
    page.getByText(/Skewed shuffle \(\d+\) Exchange → \(\d+\) SortMergeJoin/).first(),
  ).toBeVisible();
});
