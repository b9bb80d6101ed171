/**
 * Every rule on small hand-made plans: one that must fire and one that must not. Plans are printed
 * the way Spark prints them (simple or formatted mode); metrics are given by operator name.
 */
import { describe, expect, it } from "vitest";
import { analyzePlan, severityByNode } from "./index";
import { confBytes } from "./rules/broadcast";
import { metricsByName, names, planOf, run } from "./test-helpers";
import type { Rule } from "./types";

const GiB = 1024 ** 3;

const AGG = `== Physical Plan ==
*(2) HashAggregate(keys=[k#1], functions=[sum(v#2)])
+- Exchange hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS, [plan_id=10]
   +- *(1) HashAggregate(keys=[k#1], functions=[partial_sum(v#2)])
      +- *(1) ColumnarToRow
         +- FileScan parquet db.t[k#1,v#2] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/t], PartitionFilters: [], PushedFilters: [], ReadSchema: struct<k:int,v:double>
`;

const BHJ = `== Physical Plan ==
*(2) BroadcastHashJoin [k#1], [k#3], Inner, BuildRight, false
:- *(2) ColumnarToRow
:  +- FileScan parquet db.f[k#1] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/f], PartitionFilters: [], PushedFilters: [], ReadSchema: struct<k:int>
+- BroadcastExchange HashedRelationBroadcastMode(List(cast(input[0, int, false] as bigint)),false), [plan_id=5]
   +- ReusedExchange [k#3], BroadcastExchange HashedRelationBroadcastMode(List(input[0, int, false]),false), [plan_id=4]
`;

describe("shuffle", () => {
  it("reports a hash exchange with keys, partitions and the aggregate it feeds", () => {
    const plan = planOf(AGG);
    const [f, ...rest] = run(plan, "shuffle");
    expect(rest).toEqual([]);
    expect(names(plan, f!)).toEqual(["Exchange"]);
    expect(f!.severity).toBe("info");
    expect(f!.title).toContain("hash on k#1");
    expect(f!.title).toContain("aggregate");
    expect(f!.evidence.find((e) => e.label === "Partitions")?.value).toBe("200");
  });
  it("ignores broadcast and reused exchanges", () => {
    expect(run(BHJ, "shuffle")).toEqual([]);
  });
  it("names what a local Sort above the exchange sorts for; a global sort is the sort", () => {
    const sorted = (sort: string, top: string) => `== Physical Plan ==
${top}
+- Sort [s#1 ASC NULLS FIRST], ${sort}, 0
   +- Exchange hashpartitioning(s#1, 8), ENSURE_REQUIREMENTS, [plan_id=3]
      +- LocalTableScan [s#1, v#2]
`;
    const title = (sort: string, top: string) => run(sorted(sort, top), "shuffle")[0]!.title;
    expect(title("false", "SortAggregate(key=[s#1], functions=[max(v#2)])")).toContain("for aggregate");
    expect(title("false", "FlatMapGroupsInPandas [s#1], f(s#1, v#2)#9, [s#10, v#11]")).toContain(
      "for grouped map",
    );
    expect(title("true", "Project [s#1]")).toContain("for sort");
  });
  it("rises with bytes written", () => {
    const plan = planOf(AGG);
    const metrics = metricsByName(plan, {
      Exchange: [{ name: "shuffle bytes written", type: "size", total: 200 * GiB }],
    });
    const [f] = run(plan, "shuffle", { metrics });
    expect(f!.severity).toBe("critical");
    expect(f!.evidence.some((e) => e.source.includes("shuffle bytes written"))).toBe(true);
  });
  it("labels its bytes with the metric that measured them", () => {
    const plan = planOf(AGG);
    const label = (list: { name: string; total: number }[]) =>
      run(plan, "shuffle", {
        metrics: metricsByName(plan, { Exchange: list.map((m) => ({ ...m, type: "size" })) }),
      })[0]!.evidence.find((e) => e.source.startsWith("metric"))!;
    // Spark 2.x / 3.0 exchanges report only the rows' in-memory size.
    const dataSize = label([{ name: "data size", total: GiB }]);
    expect([dataSize.label, dataSize.source]).toEqual([
      "Data size",
      'metric "data size" of Exchange (line 3)',
    ]);
    // Later ones list "data size" first, then what was written: the written bytes are quoted.
    const both = label([
      { name: "data size", total: 3 * GiB },
      { name: "shuffle bytes written", total: GiB },
    ]);
    expect([both.label, both.value]).toEqual(["Shuffle bytes written", "1.0 GiB"]);
  });
  it("calls out SinglePartition when it is not just a global aggregate's partial results", () => {
    const text = `*(2) Sort [v#2 ASC NULLS FIRST], true, 0
+- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=1]
   +- *(1) Project [v#2]
      +- *(1) Range (0, 100, step=1, splits=2)`;
    const [f] = run(text, "shuffle");
    expect(f!.severity).toBe("warn");
    expect(f!.title).toContain("single partition");
  });
});

describe("skew", () => {
  const SKEW = `== Physical Plan ==
AdaptiveSparkPlan isFinalPlan=true
+- == Final Plan ==
   *(5) SortMergeJoin(skew=true) [k#1], [k#3], Inner
   :- *(3) Sort [k#1 ASC NULLS FIRST], false, 0
   :  +- AQEShuffleRead coalesced and skewed
   :     +- ShuffleQueryStage 0
   :        +- Exchange hashpartitioning(k#1, 8), ENSURE_REQUIREMENTS, [plan_id=1]
   :           +- LocalTableScan [k#1]
   +- *(4) Sort [k#3 ASC NULLS FIRST], false, 0
      +- AQEShuffleRead coalesced
         +- ShuffleQueryStage 1
            +- Exchange hashpartitioning(k#3, 8), ENSURE_REQUIREMENTS, [plan_id=2]
               +- LocalTableScan [k#3]
+- == Initial Plan ==
   SortMergeJoin [k#1], [k#3], Inner
   :- Sort [k#1 ASC NULLS FIRST], false, 0
   :  +- Exchange hashpartitioning(k#1, 8), ENSURE_REQUIREMENTS, [plan_id=1]
   :     +- LocalTableScan [k#1]
   +- Sort [k#3 ASC NULLS FIRST], false, 0
      +- Exchange hashpartitioning(k#3, 8), ENSURE_REQUIREMENTS, [plan_id=2]
         +- LocalTableScan [k#3]`;
  it("reports AQE's skew join on the join and the skewed shuffle read", () => {
    const plan = planOf(SKEW);
    const fs = run(plan, "skew");
    expect(fs).toHaveLength(1);
    expect(names(plan, fs[0]!)).toEqual(["SortMergeJoin", "AQEShuffleRead"]);
  });
  it("reports the final plan's shuffles only", () => {
    const plan = planOf(SKEW);
    const lines = run(plan, "shuffle").map((f) => plan.nodes.find((n) => n.id === f.nodeIds[0])!.aqe);
    expect(lines).toEqual(["final", "final"]);
  });
  it("does not fire on a plain sort-merge join", () => {
    expect(run(SKEW.replace("(skew=true)", "").replace("coalesced and skewed", "coalesced"), "skew")).toEqual(
      [],
    );
  });
  const stage = (max: number, median: number) => ({
    stageId: 3,
    numTasks: 200,
    tasks: { duration: { count: 200, min: 1000, median, max, total: 200 * median } },
  });
  it("flags a stage whose slowest task is > 5× the median, above the floor", () => {
    const [f] = run(AGG, "skew", { stages: [stage(600_000, 20_000)] });
    expect(f!.severity).toBe("critical");
    expect(f!.evidence[0]!.value).toContain("median 20.0 s");
  });
  it("does not flag tiny stages or mild imbalance", () => {
    expect(run(AGG, "skew", { stages: [stage(5_000, 200)] })).toEqual([]);
    expect(run(AGG, "skew", { stages: [stage(80_000, 20_000)] })).toEqual([]);
  });
  it("thresholds are configurable", () => {
    expect(run(AGG, "skew", { stages: [stage(80_000, 20_000)], config: { skewFactor: 3 } })).toHaveLength(1);
  });

  // Event logs: a shuffle's reduce side, as lib/parse/eventlog/shuffles.ts measures it.
  const GiB = 2 ** 30;
  const shuffleOf = (plan: ReturnType<typeof planOf>, bytes: number[], ms: number[]) => {
    const ex = plan.nodes.find((n) => n.name === "Exchange" && n.aqe === "final")!;
    const smj = plan.nodes.find((n) => n.name === "SortMergeJoin" && n.aqe === "final")!;
    const hot = bytes.indexOf(Math.max(...bytes));
    const others = bytes.filter((_, i) => i !== hot).sort((a, b) => a - b);
    const times = [...ms].sort((a, b) => a - b);
    const median = times[(times.length - 1) >> 1]!;
    return {
      exchangeId: ex.id,
      consumerId: smj.id,
      readId: null,
      reduceStageId: 4,
      partitions: bytes.length,
      taskBytes: bytes,
      hottest: { index: hot, bytes: bytes[hot]!, records: 1000, ms: ms[hot]! },
      bytesRatio: bytes[hot]! / others[others.length >> 1]!,
      timeRatio: times.at(-1)! / median,
      maxTaskMs: times.at(-1)!,
      medianTaskMs: median,
      aqe: null,
      handling: "none" as const,
    };
  };
  const PLAIN = SKEW.replace("(skew=true)", "").replace("coalesced and skewed", "coalesced");
  it("names the skewed shuffle's exchange and consumer, and says the skew cost time", () => {
    const plan = planOf(PLAIN);
    const sh = shuffleOf(plan, [GiB, GiB, 12 * GiB, GiB], [60_000, 61_000, 900_000, 59_000]);
    const fs = run(plan, "skew", { shuffles: [sh], stages: [{ ...stage(900_000, 60_000), stageId: 4 }] });
    expect(fs).toHaveLength(1); // the stage's own skew finding is the same story: not repeated
    expect(names(plan, fs[0]!)).toEqual(["Exchange", "SortMergeJoin"]);
    expect(fs[0]!.severity).toBe("warn"); // 15× the median: critical from 16×
    expect(fs[0]!.title).toMatch(
      /hottest partition 12\.0 GiB, 12\.0× the others; its slowest task ran 15\.0× the median/,
    );
  });
  it("says when the skew is bytes only", () => {
    const plan = planOf(PLAIN);
    const sh = shuffleOf(plan, [GiB, GiB, 12 * GiB, GiB], [60_000, 61_000, 70_000, 59_000]);
    const [f] = run(plan, "skew", { shuffles: [sh] });
    expect(f!.severity).toBe("info");
    expect(f!.title).toMatch(/bytes only/);
  });
  it("stays quiet on even shuffles and under the size floor", () => {
    const plan = planOf(PLAIN);
    expect(
      run(plan, "skew", { shuffles: [shuffleOf(plan, [GiB, GiB, 1.2 * GiB, GiB], [1, 1, 1, 1])] }),
    ).toEqual([]);
    const small = shuffleOf(plan, [1e6, 1e6, 12e6, 1e6], [60_000, 61_000, 900_000, 59_000]);
    expect(run(plan, "skew", { shuffles: [small] })).toEqual([]);
  });
});

describe("missed-pushdown", () => {
  const scan = (pushed: string, partitionFilters = "[]", output = "s#3,a#4,part#5") =>
    `FileScan parquet db.sales[${output}] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/s], PartitionFilters: ${partitionFilters}, PushedFilters: ${pushed}, ReadSchema: struct<s:string,a:double>`;
  it("explains a cast that blocks pushdown", () => {
    const plan = planOf(`*(1) Project [s#3, a#4]
+- *(1) Filter (isnotnull(s#3) AND (cast(s#3 as int) = 5))
   +- *(1) ColumnarToRow
      +- ${scan("[IsNotNull(s)]")}`);
    const [f] = run(plan, "missed-pushdown");
    expect(names(plan, f!)).toEqual(["Filter", "FileScan"]);
    expect(f!.title).toContain("cast");
    expect(f!.evidence.map((e) => e.value)).toContain("cast(s#3 as int) = 5");
  });
  it("is quiet when the predicate was pushed", () => {
    expect(
      run(
        `*(1) Filter (isnotnull(a#4) AND (a#4 > 500.0))
+- *(1) ColumnarToRow
   +- ${scan("[IsNotNull(a), GreaterThan(a,500.0)]")}`,
        "missed-pushdown",
      ),
    ).toEqual([]);
  });
  it("flags a partition-column filter that prunes nothing", () => {
    const [f] = run(
      `*(1) Filter (rand(42) < 0.5) AND (part#5 = 2024)
+- *(1) ColumnarToRow
   +- ${scan("[]")}`.replace(
        "(rand(42) < 0.5) AND (part#5 = 2024)",
        "((rand(42) < 0.5) AND (part#5 = 2024))",
      ),
      "missed-pushdown",
    );
    expect(f!.severity).toBe("critical");
    expect(f!.evidence.some((e) => e.label === "Stayed in Spark (partition)")).toBe(true);
    // rand() is never pushed, but it is not the user's mistake: stated, not the headline.
    expect(f!.evidence.some((e) => e.label === "Stayed in Spark (non-deterministic)")).toBe(true);
  });
  it("does not flag a partition filter that is in PartitionFilters", () => {
    const text = `*(1) Project [s#3]
+- *(1) ColumnarToRow
   +- ${scan("[]", "[isnotnull(part#5), (part#5 = 2024)]")}`;
    expect(run(text, "missed-pushdown")).toEqual([]);
  });
  it("does not blame a comparison on a value computed above the scan (a Project alias)", () => {
    const [f] = run(
      `*(1) Filter (x#9 > 3.0)
+- *(1) Project [(a#4 + 1.0) AS x#9]
   +- *(1) ColumnarToRow
      +- ${scan("[]")}`,
      "missed-pushdown",
    );
    expect([f!.severity, f!.cause]).toEqual(["info", "computed: x > ?"]);
  });
  it("reports a filter on a Python UDF's result", () => {
    const plan = planOf(`*(2) Filter (pythonUDF0#9 = big)
+- BatchEvalPython [f(a#4)#8], [pythonUDF0#9]
   +- *(1) ColumnarToRow
      +- ${scan("[]")}`);
    const [f] = run(plan, "missed-pushdown");
    expect([f!.severity, f!.title]).toEqual([
      "warn",
      "A UDF keeps `pythonUDF0 = big` from the scan at Filter (line 1)",
    ]);
  });
});

describe("broadcast", () => {
  const SMJ = `== Physical Plan ==
AdaptiveSparkPlan (10)
+- == Final Plan ==
   * SortMergeJoin Inner (9)
   :- * Sort (4)
   :  +- ShuffleQueryStage (3), Statistics(sizeInBytes=6.1 GiB, rowCount=2.00E+8)
   :     +- Exchange (2)
   :        +- LocalTableScan (1)
   +- * Sort (8)
      +- ShuffleQueryStage (7), Statistics(sizeInBytes=160.0 B, rowCount=5)
         +- Exchange (6)
            +- LocalTableScan (5)


(9) SortMergeJoin [codegen id : 3]
Left keys [1]: [k#1]
Right keys [1]: [k#2]
Join type: Inner
Join condition: None
`;
  it("flags a sort-merge join with a tiny side", () => {
    const plan = planOf(SMJ);
    const [f] = run(plan, "broadcast");
    expect(names(plan, f!)).toEqual(["SortMergeJoin(9)"]);
    expect(f!.evidence.some((e) => e.value.includes("160.0 B"))).toBe(true);
    // Without the settings, the note says what it cannot know.
    expect(f!.evidence.find((e) => e.label === "Why not broadcast")!.value).toBe(
      "left 6.1 GiB, right 160 B; spark.sql.autoBroadcastJoinThreshold not recorded (default 10 MiB); spark.sql.adaptive.autoBroadcastJoinThreshold not recorded (default that of spark.sql.autoBroadcastJoinThreshold)",
    );
  });
  it("says why it stayed a sort-merge join from the run's settings", () => {
    const off = run(SMJ, "broadcast", { sparkConf: { "spark.sql.autoBroadcastJoinThreshold": "-1" } })[0]!;
    expect(off.fix).toMatch(/^Set spark.sql.autoBroadcastJoinThreshold back to a size/);
    const on = run(SMJ, "broadcast", { sparkConf: { "spark.sql.autoBroadcastJoinThreshold": "10m" } })[0]!;
    expect(on.evidence.find((e) => e.label === "Why not broadcast")!.value).toContain(
      "spark.sql.autoBroadcastJoinThreshold 10.0 MiB (10m)",
    );
    expect(on.explanation).toContain("at planning time Spark's estimate was above it");
    expect([
      confBytes("-1"),
      confBytes("10MB"),
      confBytes("64k"),
      confBytes("10485760"),
      confBytes("x"),
    ]).toEqual([-1, 10 * 1024 ** 2, 64 * 1024, 10485760, null]);
  });
  it("does not flag it when the small side cannot be built (left outer keeps the right... left side)", () => {
    const text = SMJ.replace("Join type: Inner", "Join type: RightOuter").replace(
      "SortMergeJoin Inner",
      "SortMergeJoin RightOuter",
    );
    expect(run(text, "broadcast")).toEqual([]);
  });
  it("flags a broadcast that is too large (metrics)", () => {
    const plan = planOf(BHJ);
    const metrics = metricsByName(plan, {
      BroadcastExchange: [{ name: "data size", type: "size", total: 2 * GiB }],
    });
    const [f] = run(plan, "broadcast", { metrics });
    expect(f!.severity).toBe("warn");
    expect(run(plan, "broadcast")).toEqual([]);
  });
});

describe("cartesian", () => {
  it("flags CartesianProduct and BroadcastNestedLoopJoin", () => {
    const fs = run(
      `CartesianProduct
:- BroadcastNestedLoopJoin BuildRight, Inner, (a#1 < b#2)
:  :- LocalTableScan [a#1]
:  +- BroadcastExchange IdentityBroadcastMode, [plan_id=1]
:     +- LocalTableScan [b#2]
+- LocalTableScan [c#3]`,
      "cartesian",
    );
    expect(fs.map((f) => f.severity)).toEqual(["critical", "warn"]);
  });
  it("is quiet on hash joins", () => expect(run(BHJ, "cartesian")).toEqual([]));
});

describe("spill", () => {
  const SORT = `*(1) Sort [v#2 ASC NULLS FIRST], true, 0
+- Exchange rangepartitioning(v#2 ASC NULLS FIRST, 8), ENSURE_REQUIREMENTS, [plan_id=1]
   +- LocalTableScan [v#2]`;
  it("flags an operator that spilled", () => {
    const plan = planOf(SORT);
    const metrics = metricsByName(plan, {
      Sort: [{ name: "spill size", type: "size", total: 3 * GiB, min: 0, median: 0, max: GiB }],
    });
    const [f] = run(plan, "spill", { metrics });
    expect(names(plan, f!)).toEqual(["Sort"]);
    expect(f!.evidence[1]!.value).toContain("3.0 GiB");
  });
  it("is quiet without spill", () => {
    const plan = planOf(SORT);
    const metrics = metricsByName(plan, { Sort: [{ name: "spill size", type: "size", total: 0 }] });
    expect(run(plan, "spill", { metrics })).toEqual([]);
    expect(run(plan, "spill")).toEqual([]);
  });
});

describe("small-files", () => {
  it("flags many small files and not few big ones", () => {
    const plan = planOf(AGG);
    const m = (files: number, bytes: number) =>
      metricsByName(plan, {
        FileScan: [
          { name: "number of files read", type: "sum", total: files },
          { name: "size of files read", type: "size", total: bytes },
        ],
      });
    expect(run(plan, "small-files", { metrics: m(5000, 5000 * 100 * 1024) })).toHaveLength(1);
    expect(run(plan, "small-files", { metrics: m(5000, 5000 * 256 * 1024 ** 2) })).toEqual([]);
  });
});

describe("python-udf", () => {
  it("warns on BatchEvalPython, informs on ArrowEvalPython", () => {
    const fs = run(
      `*(2) Project [pythonUDF0#9 AS b#7]
+- BatchEvalPython [f(a#4)#8], [pythonUDF0#9]
   +- ArrowEvalPython [g(a#4)#5], [pythonUDF1#6], 200
      +- LocalTableScan [a#4]`,
      "python-udf",
    );
    expect(fs.map((f) => f.severity)).toEqual(["warn", "info"]);
  });
  it("is quiet without Python", () => expect(run(AGG, "python-udf")).toEqual([]));
});

describe("window-single-partition", () => {
  it("flags a window over a SinglePartition exchange", () => {
    const plan =
      planOf(`Window [sum(a#1) windowspecdefinition(id#0 ASC NULLS FIRST, specifiedwindowframe(RangeFrame, unboundedpreceding$(), currentrow$())) AS r#5], [id#0 ASC NULLS FIRST]
+- *(2) Sort [id#0 ASC NULLS FIRST], false, 0
   +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=1]
      +- LocalTableScan [id#0, a#1]`);
    const [f] = run(plan, "window-single-partition");
    expect(names(plan, f!)).toEqual(["Window", "Exchange"]);
  });
  it("is quiet on a partitioned window", () => {
    expect(
      run(
        `Window [row_number() windowspecdefinition(c#1, a#2 DESC NULLS LAST, specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS rn#5], [c#1], [a#2 DESC NULLS LAST]
+- *(2) Sort [c#1 ASC NULLS FIRST, a#2 DESC NULLS LAST], false, 0
   +- Exchange hashpartitioning(c#1, 8), ENSURE_REQUIREMENTS, [plan_id=1]
      +- LocalTableScan [c#1, a#2]`,
        "window-single-partition",
      ),
    ).toEqual([]);
  });
});

describe("collect-limit", () => {
  it("flags CollectLimit over a shuffle, not over a scan", () => {
    expect(
      run(`CollectLimit 20\n+- ${AGG.split("\n").slice(1).join("\n   ")}`, "collect-limit"),
    ).toHaveLength(1);
    expect(run(`CollectLimit 20\n+- LocalTableScan [a#1]`, "collect-limit")).toEqual([]);
  });
});

describe("codegen-fallback", () => {
  it("flags a codegen-capable operator without * next to codegen'd ones", () => {
    const plan = planOf(`*(1) Project [a#1]
+- Filter (a#1 > 5)
   +- *(1) Range (0, 10, step=1, splits=2)`);
    const [f] = run(plan, "codegen-fallback");
    expect(names(plan, f!)).toEqual(["Filter"]);
  });
  it("is quiet when no operator shows codegen (AQE initial plans, codegen off)", () => {
    expect(
      run(`Project [a#1]\n+- Filter (a#1 > 5)\n   +- Range (0, 10, step=1, splits=2)`, "codegen-fallback"),
    ).toEqual([]);
  });
});

describe("engine-fallback", () => {
  it("reports Comet fallback notes with their reason", () => {
    const [f] = run(
      `CometColumnarToRow
+- CometProject
   +-  Window [COMET: WindowExec is not fully compatible with Spark. To enable it anyway, set spark.comet.operator.WindowExec.allowIncompatible=true.]
      +- CometScan parquet spark_catalog.default.t`,
      "engine-fallback",
    );
    expect(f!.evidence[0]!.value).toContain("WindowExec is not fully compatible");
    expect(f!.fix).toContain("spark.comet.operator.WindowExec.allowIncompatible");
  });
  it("reports a row operator below a Gluten transformer", () => {
    const plan = planOf(`== Physical Plan ==
VeloxColumnarToRow (5)
+- ^ ProjectExecTransformer (4)
   +- ^ InputIteratorTransformer (3)
      +- RowToVeloxColumnar (2)
         +- LocalTableScan (1)
`);
    const [f] = run(plan, "engine-fallback");
    expect(names(plan, f!)).toEqual(["LocalTableScan(1)"]);
  });
  it("is quiet on vanilla plans", () => expect(run(AGG, "engine-fallback")).toEqual([]));
});

describe("analyzePlan", () => {
  it("throws (outside production) on a finding without evidence instead of dropping it", () => {
    const bare: Rule = {
      id: "shuffle",
      description: "test rule",
      run: (p) => [
        {
          ruleId: "shuffle",
          severity: "info",
          nodeIds: [p.nodes[0]!.id],
          title: "bare",
          evidence: [],
          explanation: "",
          fix: "x",
        },
      ],
    };
    expect(() => analyzePlan(planOf(AGG), {}, [bare])).toThrow(
      /shuffle produced a finding without evidence: bare/,
    );
  });
  it("sorts by severity and gives every finding evidence", () => {
    const plan = planOf(`CartesianProduct
:- ${AGG.split("\n").slice(1).join("\n:  ").trimEnd()}
+- LocalTableScan [c#3]`);
    const fs = analyzePlan(plan);
    expect(fs.map((f) => f.severity)).toEqual(["critical", "info"]);
    for (const f of fs) expect(f.evidence.length).toBeGreaterThan(0);
    const sev = severityByNode(fs);
    expect([...sev.values()].sort()).toEqual(["critical", "info"]);
  });
});

describe("collect-limit: broadcast build sides", () => {
  // Shaped on TPC-DS q32 (Spark 3.2): the aggregate's shuffle sits in a broadcast's build side.
  const overBroadcast = `CollectLimit 100
+- *(5) Project [x#1]
   +- *(5) BroadcastHashJoin [k#1], [k#2], Inner, BuildRight, false
      :- *(5) ColumnarToRow
      :  +- FileScan parquet default.big[x#1,k#1] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/big], PartitionFilters: [], PushedFilters: [], ReadSchema: struct<x:int,k:int>
      +- BroadcastExchange HashedRelationBroadcastMode(List(cast(input[0, int, true] as bigint)),false), [plan_id=9]
         +- *(4) HashAggregate(keys=[k#2], functions=[count(1)])
            +- Exchange hashpartitioning(k#2, 200), ENSURE_REQUIREMENTS, [plan_id=7]
               +- *(3) HashAggregate(keys=[k#2], functions=[partial_count(1)])
                  +- *(3) ColumnarToRow
                     +- FileScan parquet default.small[k#2] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/small], PartitionFilters: [], PushedFilters: [], ReadSchema: struct<k:int>`;
  it("leaves a shuffle in a broadcast's build side alone: the limit still stops the streamed scan", () => {
    expect(run(planOf(overBroadcast), "collect-limit")).toEqual([]);
  });
  it("flags a shuffle on the streamed path, which runs whole before the first row", () => {
    const streamed = `CollectLimit 100
+- *(2) HashAggregate(keys=[k#1], functions=[count(1)])
   +- Exchange hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS, [plan_id=7]
      +- *(1) HashAggregate(keys=[k#1], functions=[partial_count(1)])
         +- *(1) ColumnarToRow
            +- FileScan parquet default.big[k#1] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/big], PartitionFilters: [], PushedFilters: [], ReadSchema: struct<k:int>`;
    const [f] = run(planOf(streamed), "collect-limit");
    expect(f?.title).toMatch(/over a shuffle/);
  });
});
