/**
 * The CLI contract additions for event logs, checked against what Spark's REST API answered when
 * the fixture was generated (fixtures/spark/<v>/eventlogs/<app>/*.expected.json).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeCommand } from "./analyze";
import { eventlogCommand } from "./eventlog";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

interface Rest {
  jobs: { jobId: number; stageIds: number[] }[];
  stages: { stageId: number; status: string }[];
  sql: { id: number; description: string; successJobIds: number[]; failedJobIds: number[] }[];
}

const cases = ["3.5.9", "4.3.0"].flatMap((v) =>
  ["skew_aqe_on", "skew_aqe_off", "codec_none"].flatMap((app) => {
    const dir = join("fixtures/spark", v, "eventlogs", app);
    if (!existsSync(dir)) return [];
    const log = readdirSync(dir).find((f) => !f.endsWith(".json"));
    return log ? [{ name: `${v}/${app}`, log: join(dir, log) }] : [];
  }),
);

describe("plansight eventlog --json / analyze --json on real pyspark logs", () => {
  it("has fixtures to read", () => expect(cases.length).toBeGreaterThanOrEqual(4));
  for (const c of cases) {
    const rest = (JSON.parse(readFileSync(`${c.log}.expected.json`, "utf8")) as { rest: Rest }).rest;
    const ran = new Set(rest.stages.filter((s) => s.status === "COMPLETE").map((s) => s.stageId));
    const stagesOfSql = (id: number) => {
      const q = rest.sql.find((x) => x.id === id)!;
      const jobs = new Set([...q.successJobIds, ...q.failedJobIds]);
      return new Set(rest.jobs.filter((j) => jobs.has(j.jobId)).flatMap((j) => j.stageIds));
    };

    it(`${c.name}: every node has stageIds of stages that ran for its query; executions have a critical path`, async () => {
      const t = io();
      expect(await eventlogCommand(["--json", c.log], t.io)).toBe(0);
      const doc = JSON.parse(t.out.join(""));
      let nodes = 0;
      let timed = 0;
      let withStages = 0;
      for (const e of doc.applications[0].sqlExecutions) {
        const own = stagesOfSql(e.executionId);
        expect(Array.isArray(e.criticalPath)).toBe(true);
        for (const s of e.criticalPath) {
          expect(typeof s).toBe("number");
          expect(own.has(s) && ran.has(s), `SQL ${e.executionId} path stage ${s}`).toBe(true);
        }
        if ([...own].some((s) => ran.has(s))) expect(e.criticalPath.length).toBeGreaterThan(0);
        for (const n of e.plan.nodes) {
          nodes++;
          expect(Array.isArray(n.stageIds), `${n.id} stageIds`).toBe(true);
          expect([...n.stageIds].sort((a: number, b: number) => a - b)).toEqual(n.stageIds);
          for (const s of n.stageIds)
            expect(own.has(s) && ran.has(s), `SQL ${e.executionId} ${n.name}: stage ${s} ran for it`).toBe(
              true,
            );
          if (n.stageIds.length > 0) withStages++;
          expect("timeMs" in n).toBe("timeSource" in n);
          if ("timeMs" in n) {
            timed++;
            expect(typeof n.timeMs).toBe("number");
            expect(typeof n.timeSource).toBe("string");
          }
        }
      }
      expect(withStages).toBeGreaterThan(nodes / 2);
      expect(timed).toBeGreaterThan(0);
    });

    it(`${c.name}: analyze --json gives each execution Spark's description`, async () => {
      const t = io();
      expect(await analyzeCommand(["--json", c.log], t.io)).toBe(0);
      const doc = JSON.parse(t.out.join(""));
      expect(doc.executions.length).toBeGreaterThan(0);
      for (const e of doc.executions) {
        expect(Array.isArray(e.findings)).toBe(true);
        expect(e.description).toBe(rest.sql.find((q) => q.id === e.executionId)!.description);
      }
    });
  }
});
