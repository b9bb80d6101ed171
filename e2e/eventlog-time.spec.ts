/**
 * "Where the time went" on a real skewed AQE log: the operators the panel ranks first, the
 * critical path, the node's stages in the details pane and the stage table's operators, all
 * compared with what `plansight eventlog --json` prints for the same file.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const SHOTS = "test-results/screenshots";

interface CliNode {
  id: string;
  name: string;
  stageIds: number[];
  timeMs?: number;
  timeSource?: string;
}
interface CliExecution {
  executionId: number;
  taskTimeMs: number;
  criticalPath: number[];
  plan: { nodes: CliNode[] } | null;
}

function fixture(scenario: string): string {
  const dir = `fixtures/spark/4.3.0/eventlogs/${scenario}`;
  const log = readdirSync(dir).find((n) => !n.endsWith(".json"));
  if (!log) throw new Error(`no fixture for ${scenario}`);
  return join(dir, log);
}

test("the time panel ranks operators, selects them, and links operators and stages both ways", async ({
  page,
}) => {
  const file = fixture("skew_aqe_on");
  const out = JSON.parse(
    execFileSync("npm", ["run", "-s", "plansight", "--", "eventlog", "--json", file], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    }),
  ) as { applications: { sqlExecutions: CliExecution[] }[] };
  const execs = out.applications[0]!.sqlExecutions;
  const e = [...execs].sort((a, b) => b.taskTimeMs - a.taskTimeMs)[0]!;
  const taskSide = e.plan!.nodes.filter(
    (n) => n.timeMs !== undefined && !n.timeSource!.startsWith("driver:"),
  );
  const top = [...taskSide].sort((a, b) => b.timeMs! - a.timeMs!)[0]!;
  expect(top.stageIds.length).toBeGreaterThan(0);

  await page.goto("/eventlog");
  await page.getByTestId("eventlog-files").setInputFiles(file);
  await page.locator(`[data-testid="sql-row"][data-execution-id="${e.executionId}"]`).click();
  await expect(page.getByTestId("execution-view")).toBeVisible();
  await page.getByTestId("tab-time").click();
  const rows = page.getByTestId("time-row");
  await expect(rows.first()).toHaveAttribute("data-node-id", top.id);
  await expect(rows.first()).toContainText(top.timeSource!);
  await expect(page.getByTestId("critical-stage")).toHaveCount(e.criticalPath.length);
  await expect(page.getByTestId("critical-stage").first()).toHaveAttribute(
    "data-stage-id",
    String(e.criticalPath[0]),
  );
  await page.getByTestId("time-panel").screenshot({ path: `${SHOTS}/eventlog-time-panel.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByTestId("time-panel").screenshot({ path: `${SHOTS}/eventlog-time-panel-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });

  // Marking the critical path highlights the operators of its stages on the graph.
  await page.getByTestId("mark-critical-path").click();
  await expect(page.getByTestId("mark-critical-path")).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: `${SHOTS}/eventlog-critical-path.png` });

  // A click selects the operator: the details pane lists its stages, each a link to the stage table.
  await rows.first().click();
  const stages = page.getByTestId("node-stages");
  await expect(stages).toBeVisible();
  for (const s of top.stageIds) await expect(stages).toContainText(`stage ${s}`);
  await expect(page.getByTestId("node-time")).toContainText(top.timeSource!);
  await stages.locator(`[data-stage-id="${top.stageIds[0]}"]`).click();
  const row = page.locator(`[data-testid="stage-row"][data-stage-id="${top.stageIds[0]}"]`);
  await expect(row).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("stage-critical")).toHaveCount(e.criticalPath.length);
  // ... and the stage lists the operators it ran, this one among them.
  await expect(row.getByTestId("stage-operators").locator(`[data-node-id="${top.id}"]`)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/eventlog-stage-operators.png` });
});
