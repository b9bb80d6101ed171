/**
 * Where a metric's max came from: the stage (attempt) and task Spark's UI and REST API print after
 * the max, `2.9 s (1.4 s, 1.5 s, 1.5 s (stage 2.0: task 2))`, as recorded live at generation time.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEventLogPath } from "./node";

const root = join(__dirname, "../../../fixtures/spark");

interface RestSql {
  id: number;
  nodes: { nodeName: string; metrics: { name: string; value: string }[] }[];
}

const cases = ["3.5.9", "4.3.0"].flatMap((v) =>
  ["codec_none", "skew_aqe_off", "spill_sort"].flatMap((s) => {
    const dir = join(root, v, "eventlogs", s);
    if (!existsSync(dir)) return [];
    const log = readdirSync(dir).find((n) => !n.endsWith(".json"));
    return log && existsSync(join(dir, `${log}.expected.json`))
      ? [{ name: `${v}/${s}`, log: join(dir, log) }]
      : [];
  }),
);

describe("SQL metric max: stage and task", () => {
  it("has fixtures to read", () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(`${c.name}: every "(stage s.a: task t)" Spark printed is the task we name`, async () => {
      const exp = JSON.parse(readFileSync(`${c.log}.expected.json`, "utf8"));
      const r = await readEventLogPath(c.log);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const execs = r.result.applications.flatMap((a) => a.sqlExecutions);
      let checked = 0;
      for (const sql of exp.rest.sql as RestSql[]) {
        const e = execs.find((x) => x.executionId === sql.id);
        const plan = e?.plan;
        if (!plan) continue;
        for (const node of sql.nodes)
          for (const m of node.metrics) {
            const at = /\(stage (\d+)\.(\d+): task (\d+)\)\)?\s*$/.exec(m.value);
            if (!at) continue;
            const want = { stageId: Number(at[1]), stageAttempt: Number(at[2]), taskId: Number(at[3]) };
            const ours = plan.plan.nodes
              .filter((n) => n.name === node.nodeName)
              .flatMap((n) => (plan.metrics[n.id] ?? []).filter((x) => x.name === m.name))
              .concat(
                plan.plan.clusters.flatMap((cl) =>
                  node.nodeName.startsWith("WholeStageCodegen")
                    ? (plan.metrics[cl.id] ?? []).filter((x) => x.name === m.name)
                    : [],
                ),
              );
            expect(ours.length, `${node.nodeName} ${m.name}`).toBeGreaterThan(0);
            expect(
              ours.some(
                (x) =>
                  x.maxTask?.stageId === want.stageId &&
                  x.maxTask?.stageAttempt === want.stageAttempt &&
                  x.maxTask?.taskId === want.taskId,
              ),
              `${node.nodeName} ${m.name}: ${m.value} vs ${JSON.stringify(ours.map((x) => x.maxTask))}`,
            ).toBe(true);
            checked++;
          }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
