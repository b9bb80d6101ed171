/**
 * The event-log page end to end: real Spark logs (zstd, lz4, AQE) read in the browser's Worker,
 * counts compared with what `plansight eventlog --json` reports for the same file; bad inputs get
 * a message naming the file; Cancel stops a big synthetic log.
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

interface CliMetric {
  name: string;
  total: number | null;
}
interface CliExecution {
  executionId: number;
  durationMs: number | null;
  initialPlan: unknown;
  /** The CLI prints the Plan with its metrics inlined. */
  plan: { nodes: { id: string; name: string }[]; metrics: Record<string, CliMetric[]> } | null;
}
interface CliOutput {
  ok: boolean;
  counts: { events: number; sqlExecutions: number; tasks: number };
  applications: { appId: string; sqlExecutions: CliExecution[] }[];
}

/** Counts as the page prints them. */
const n = (x: number) => x.toLocaleString("en-US");

function cli(file: string): CliOutput {
  const out = execFileSync("npm", ["run", "-s", "plansight", "--", "eventlog", "--json", file], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as CliOutput;
}

async function open(
  page: Page,
  files: string | string[] | { name: string; mimeType: string; buffer: Buffer },
) {
  await page.goto("/eventlog");
  await expect(page.getByTestId("eventlog-empty")).toBeVisible();
  await page.getByTestId("eventlog-files").setInputFiles(files);
}

test("a zstd log: progress finishes, the SQL table matches the CLI, a query's plan shows its metrics", async ({
  page,
}) => {
  const file = fixture("codec_zstd");
  const expected = cli(file);
  const app = expected.applications[0]!;
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await open(page, file);
  await expect(page.getByTestId("eventlog-workspace")).toBeVisible();
  expect(workers.length).toBeGreaterThan(0);
  await expect(page.getByTestId("app-id")).toHaveText(app.appId);
  await expect(page.getByTestId("sql-row")).toHaveCount(app.sqlExecutions.length);
  expect(app.sqlExecutions.length).toBe(expected.counts.sqlExecutions);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(expected.counts.events)} events`);
  await page.screenshot({ path: `${SHOTS}/eventlog-summary.png` });

  // Sorting by duration puts the slowest first.
  await page.getByTestId("sql-sort-duration").click();
  const slowest = [...app.sqlExecutions].sort((a, b) => (b.durationMs ?? -1) - (a.durationMs ?? -1))[0]!;
  await expect(page.getByTestId("sql-row").first()).toHaveAttribute(
    "data-execution-id",
    String(slowest.executionId),
  );

  // The execution whose plan has an operator with a small, non-zero row count: click it, then the node.
  let pick: { execution: CliExecution; nodeId: string; rows: number } | null = null;
  for (const e of app.sqlExecutions)
    for (const [id, list] of Object.entries(e.plan?.metrics ?? {})) {
      const rows = list.find((m) => m.name === "number of output rows")?.total ?? 0;
      if (!pick && rows > 0 && rows < 10_000 && e.plan?.nodes.some((n) => n.id === id))
        pick = { execution: e, nodeId: id, rows };
    }
  expect(pick).not.toBeNull();
  const { execution, nodeId, rows } = pick!;
  await page.locator(`[data-testid="sql-row"][data-execution-id="${execution.executionId}"]`).click();
  await expect(page.getByTestId("execution-view")).toBeVisible();
  await expect(page.locator("[data-node-id]")).toHaveCount(execution.plan!.nodes.length);
  await expect(page.locator("[data-operator-id]").first()).toBeVisible();
  await page.locator(`[data-node-id="${nodeId}"]`).click();
  const dist = page.getByTestId("node-metric-distribution");
  await expect(dist).toContainText("number of output rows");
  await expect(dist.locator("tr", { hasText: "number of output rows" })).toContainText(String(rows));
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
  const expected = cli(file);
  const app = expected.applications[0]!;
  await open(page, file);
  await expect(page.getByTestId("sql-row")).toHaveCount(app.sqlExecutions.length);
  const aqe = app.sqlExecutions.find((e) => e.initialPlan);
  expect(aqe).toBeDefined();
  await page.locator(`[data-testid="sql-row"][data-execution-id="${aqe!.executionId}"]`).click();
  await expect(page.locator("[data-node-id]")).toHaveCount(aqe!.plan!.nodes.length);
  await page.getByTestId("plan-initial").click();
  await expect(page.getByTestId("plan-initial")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("[data-node-id]").first()).toBeVisible();
  await page.getByTestId("tab-findings").click();
  await page.screenshot({ path: `${SHOTS}/eventlog-aqe-initial.png` });

  const lz4 = fixture("codec_lz4");
  const lz4Counts = cli(lz4).counts;
  await page.getByTestId("eventlog-files").setInputFiles(lz4);
  await expect(page.getByTestId("sql-row")).toHaveCount(lz4Counts.sqlExecutions);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(lz4Counts.tasks)} tasks`);
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

test("a rolling-log folder is read in order, like the CLI reads it", async ({ page }) => {
  const rolling = fixture("rolling"); // the eventlog_v2_<appId> folder
  const expected = cli(rolling);
  await page.goto("/eventlog");
  await page.getByTestId("eventlog-folder").setInputFiles(rolling);
  await expect(page.getByTestId("eventlog-workspace")).toBeVisible();
  await expect(page.getByTestId("sql-row")).toHaveCount(expected.counts.sqlExecutions);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(expected.counts.events)} events`);
  await expect(page.getByTestId("eventlog-counts")).toContainText(`${n(expected.counts.tasks)} tasks`);
  await expect(page.getByTestId("app-id")).toHaveText(expected.applications[0]!.appId);
  await page.getByTestId("open-slowest").click();
  await expect(page.locator("[data-operator-id]").first()).toBeVisible();
  await page.getByTestId("tab-stages").click();
  await page.screenshot({ path: `${SHOTS}/eventlog-rolling.png` });
});

test("a file dropped on the page is read", async ({ page }) => {
  const text = readFileSync(fixture("codec_none"), "utf8");
  const expected = cli(fixture("codec_none"));
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
  await expect(page.getByTestId("sql-row")).toHaveCount(expected.counts.sqlExecutions);
});

test("without Web Workers the same reader runs on the main thread", async ({ page }) => {
  await page.addInitScript(() => {
    // biome-ignore lint/suspicious/noExplicitAny: removing a global for this test
    delete (window as any).Worker;
  });
  const file = fixture("codec_zstd");
  const expected = cli(file);
  await open(page, file);
  await expect(page.getByTestId("eventlog-workspace")).toHaveAttribute("data-engine", "main thread");
  await expect(page.getByTestId("sql-row")).toHaveCount(expected.counts.sqlExecutions);
  await page.getByTestId("open-slowest").click();
  await expect(page.locator("[data-operator-id]").first()).toBeVisible();
});

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
  const restWritten = rest.rest.sql
    .find((x) => x.id === e!.executionId)!
    .nodes.filter((x) => x.nodeName === "Exchange")
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
