/**
 * "Why" notes and the ranking, on real Spark output, against numbers Spark's REST API reported when
 * the fixture was generated (fixtures/spark/<version>/eventlogs/<app>/*.expected.json) and the text
 * of the plans themselves.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeResult } from "@/lib/analyze";
import { analyzeApplication } from "@/lib/analyze/eventlog";
import type { Finding } from "@/lib/analyze/types";
import { readEventLogPath } from "@/lib/parse/eventlog/node";
import { parseExplain } from "@/lib/parse/explain";

const ROOT = join(process.cwd(), "fixtures/spark");

interface Highlight {
  readonly execution_id: number;
  readonly node: string;
  readonly metric: string;
  readonly total: string;
}

async function appFindings(dir: string) {
  const log = readdirSync(dir).find((f) => !f.endsWith(".json"))!;
  const r = await readEventLogPath(join(dir, log));
  if (!r.ok) throw new Error(r.error.message);
  return analyzeApplication(r.result.applications[0]!);
}

function highlights(dir: string): Highlight[] {
  const f = readdirSync(dir).find((x) => x.endsWith(".expected.json"))!;
  return (JSON.parse(readFileSync(join(dir, f), "utf8")) as { sql_metric_highlights: Highlight[] })
    .sql_metric_highlights;
}

/** `1585.1 KiB` (REST) or `1.5 MiB` (ours) → bytes. */
function bytes(s: string): number {
  const [n, u] = s.split(" ");
  return Number(n) * ({ B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[u ?? ""] ?? Number.NaN);
}

const evidence = (fs: readonly Finding[], label: string) =>
  fs.flatMap((f) => f.evidence.filter((e) => e.label === label).map((e) => e.value));

describe.each(["3.5.9", "4.3.0"])("Spark %s", (version) => {
  const skewDir = join(ROOT, version, "eventlogs/skew_aqe_on");

  it("says how AQE split the skewed join, with the counts the REST API reported", async () => {
    const h = highlights(skewDir).filter((x) => x.node === "AQEShuffleRead");
    const skewed = h.find((x) => x.metric === "number of skewed partitions")!.total;
    const splits = h.find((x) => x.metric === "number of skewed partition splits")!.total;
    const run = (await appFindings(skewDir)).find((e) => e.findings.length > 0)!;
    const lines = evidence(run.findings, "AQE split skewed partitions");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `split ${skewed} skewed partition${skewed === "1" ? "" : "s"} into ${splits} splits`,
    );
  });

  it("ranks the shuffles by the bytes they wrote (REST totals) and says it", async () => {
    const rest = highlights(skewDir)
      .filter((x) => x.node === "Exchange" && x.metric === "shuffle bytes written")
      .map((x) => x.total);
    const run = (await appFindings(skewDir)).find((e) => e.findings.length > 0)!;
    const shuffles = run.findings.filter((f) => f.ruleId === "shuffle");
    // Costliest first (bytes written and, with per-operator time known, the exchange's task time).
    const scores = shuffles.map((f) => f.cost?.score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Each states the figure Spark reported for one exchange (to the text's rounding).
    const wrote = shuffles
      .map((f) => bytes(/Exchange wrote ([\d.]+ \w+)/.exec(f.cost?.text ?? "")?.[1] ?? ""))
      .sort((a, b) => b - a);
    const want = rest.map(bytes).sort((a, b) => b - a);
    expect(wrote).toHaveLength(want.length);
    for (const [i, w] of wrote.entries()) expect(Math.abs(w - want[i]!) / want[i]!).toBeLessThan(0.05);
    for (const f of run.findings) expect(f.cost?.measured, f.title).toBe(true);
  });

  it("says what the text's final AQE plan coalesced, with the partition count the text prints", () => {
    const path = join(ROOT, version, "explain/skewed_join.formatted.aqe-on.final.txt");
    const text = readFileSync(path, "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    const lines = evidence(analyzeResult(out.result), "AQE coalesced");
    // One coalescing read per shuffle of the final plan (counted in the text: `AQEShuffleRead (n)`
    // tree lines), each starting from the partition count of its exchange's hashpartitioning.
    const finalPart = text.slice(text.indexOf("== Final Plan =="), text.indexOf("== Initial Plan =="));
    expect(lines).toHaveLength((finalPart.match(/AQEShuffleRead \(\d+\)/g) ?? []).length);
    const parts = /hashpartitioning\([^)]*, (\d+)\)/.exec(text)![1];
    for (const l of lines) expect(l).toContain(`${parts} partitions → fewer`);
  });

  it("says when AQE switched a planned sort-merge join to a broadcast", async () => {
    const runs = await appFindings(join(ROOT, version, "eval/eventlog"));
    const run = runs.find((e) => e.description === "aqe_switch_broadcast")!;
    const lines = evidence(run.findings, "AQE switched the join to broadcast");
    // Both shuffles of the planned join quote the switch.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/SortMergeJoin.* \(planned\) became .*BroadcastHashJoin/);
  });
});

describe("ranking with per-operator time (nodeTimeMs)", () => {
  const text = `== Physical Plan ==
*(2) HashAggregate(keys=[k#1], functions=[sum(v#2)])
+- Exchange hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS, [plan_id=10]
   +- *(1) HashAggregate(keys=[k#1], functions=[partial_sum(v#2)])
      +- Exchange hashpartitioning(v#2, 200), ENSURE_REQUIREMENTS, [plan_id=9]
         +- LocalTableScan [k#1, v#2]
`;
  it("orders by time when every operator's time is known, and states the share of task time", async () => {
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    const plan = out.result.plans[0]!;
    const ex = plan.nodes.filter((n) => n.name === "Exchange");
    const { analyzePlan } = await import("@/lib/analyze");
    const size = (b: number) => [{ name: "shuffle bytes written", type: "size", total: b }];
    const metrics = new Map([
      [ex[0]!.id, size(1024)],
      [ex[1]!.id, size(4096)],
    ]);
    const stages = [
      {
        stageId: 1,
        numTasks: 4,
        tasks: { duration: { count: 4, min: 1, median: 1, max: 1, total: 10_000 } },
      },
    ];
    // Bytes alone: the second exchange (4 KiB) first.
    const byBytes = analyzePlan(plan, { metrics, stages }).filter((f) => f.ruleId === "shuffle");
    expect(byBytes.map((f) => f.nodeIds[0])).toEqual([ex[1]!.id, ex[0]!.id]);
    // With time: the first exchange took 3 s of the 10 s of task time, the second 10 ms.
    const nodeTimeMs = new Map([
      [ex[0]!.id, 3000],
      [ex[1]!.id, 10],
    ]);
    const byTime = analyzePlan(plan, { metrics, stages, nodeTimeMs }).filter((f) => f.ruleId === "shuffle");
    expect(byTime.map((f) => f.nodeIds[0])).toEqual([ex[0]!.id, ex[1]!.id]);
    expect(byTime[0]!.cost!.text).toContain("took 3.0 s of task time, 30 % of the query's task time");
  });
});
