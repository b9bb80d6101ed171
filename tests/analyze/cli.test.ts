/** `plansight analyze`: JSON shape, node ids shared with `parse --json`, exit codes, event logs. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeCommand } from "@/bin/commands/analyze";
import { parseCommand } from "@/bin/commands/parse";
import { CORPUS, hasCorpus } from "../corpus/corpus";

async function cli(cmd: typeof analyzeCommand, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (s: string) => {
      stdout += s;
    },
    stderr: (s: string) => {
      stderr += s;
    },
  };
  const code = await cmd(argv, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "plansight-analyze-"));
const plan = join(dir, "cartesian.txt");
writeFileSync(
  plan,
  `== Physical Plan ==
CartesianProduct
:- LocalTableScan [a#1]
+- LocalTableScan [b#2]
`,
);
const junk = join(dir, "junk.txt");
writeFileSync(junk, "\n\nnot a plan\n");

describe("plansight analyze", () => {
  it("prints findings whose node ids are parse --json's ids; exit 0 with findings", async () => {
    const r = await cli(analyzeCommand, ["--json", plan]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      findings: { ruleId: string; nodeIds: string[]; evidence: unknown[]; fix: string }[];
    };
    expect(out.findings.map((f) => f.ruleId)).toEqual(["cartesian"]);
    const parsed = JSON.parse((await cli(parseCommand, ["--json", plan])).stdout) as {
      nodes: { id: string; name: string }[];
    };
    const names = out.findings[0]!.nodeIds.map((id) => parsed.nodes.find((n) => n.id === id)?.name);
    expect(names).toEqual(["CartesianProduct"]);
    expect(Object.keys(out.findings[0]!).sort()).toEqual([
      "cost",
      "evidence",
      "fix",
      "nodeIds",
      "ruleId",
      "severity",
      "title",
    ]);
  });
  it("keeps one finding per occurrence and adds groups (same rule + cause) pointing at them", async () => {
    // A real Spark 4.3 union of 60 star joins, each filtering customer_id % k = 0 (gen_eval.py).
    const file = join(process.cwd(), "fixtures/spark/4.3.0/eval/union_star_60.formatted.txt");
    const r = await cli(analyzeCommand, ["--json", file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      findings: { ruleId: string; severity: string }[];
      groups: { ruleId: string; title: string; count: number; findingIndexes: number[] }[];
    };
    expect(out.findings).toHaveLength(120);
    expect(out.groups.map((g) => [g.ruleId, g.count]).sort()).toEqual([
      ["missed-pushdown", 60],
      ["shuffle", 60],
    ]);
    for (const g of out.groups) {
      expect(Object.keys(g).sort()).toEqual(["count", "findingIndexes", "ruleId", "title"]);
      expect(new Set(g.findingIndexes).size).toBe(60);
      for (const i of g.findingIndexes) expect(out.findings[i]!.ruleId).toBe(g.ruleId);
      expect(g.title).toContain("× 60 (in 60 union branches)");
    }
    expect(out.findings.filter((f) => f.severity === "warn")).toEqual([]);
  });
  it("prints JSON Lines with the file for several inputs", async () => {
    const r = await cli(analyzeCommand, ["--json", plan, plan]);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string; findings: unknown[] });
    expect(lines.map((l) => l.file)).toEqual([plan, plan]);
  });
  it("exits 2 with FILE:LINE when the input holds no plan", async () => {
    const r = await cli(analyzeCommand, ["--json", junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${junk.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3: `));
  });
  it.skipIf(!hasCorpus)(
    "analyses every SQL execution of an event log, with metrics as evidence",
    async () => {
      const r = await cli(analyzeCommand, [
        "--json",
        join(CORPUS, "eventlogs/spark-sql-history/local-1596020211915"),
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        findings: { ruleId: string; evidence: { source: string }[] }[];
        executions: { executionId: number }[];
      };
      expect(out.executions.length).toBeGreaterThan(1);
      const shuffles = out.findings.filter((f) => f.ruleId === "shuffle");
      expect(shuffles.length).toBeGreaterThan(0);
      expect(shuffles.some((f) => f.evidence.some((e) => e.source.startsWith("metric")))).toBe(true);
    },
  );
});
