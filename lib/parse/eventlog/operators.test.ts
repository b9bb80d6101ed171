/**
 * Stages per operator and time per operator on a small hand-made AQE plan, with every expected
 * number worked out by hand in the comments (the real logs are in timing.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { SqlMetric } from "./model";
import { nodeStageIds } from "./operators";
import { convertSparkPlan } from "./plan";
import type { SparkPlanInfo } from "./schemas";
import { operatorTimes } from "./timing";

type M = [name: string, accumulatorId: number, metricType: string];
const node = (
  nodeName: string,
  metrics: M[],
  children: SparkPlanInfo[] = [],
  simpleString = nodeName,
): SparkPlanInfo => ({
  nodeName,
  simpleString,
  children,
  metrics: metrics.map(([name, accumulatorId, metricType]) => ({ name, accumulatorId, metricType })),
});

// WholeStageCodegen (2) ← Sort ← AQEShuffleRead ← ShuffleQueryStage ← Exchange ← WholeStageCodegen (1)
// ← HashAggregate ← Project ← Filter ← ColumnarToRow ← Scan parquet
const info = node(
  "WholeStageCodegen (2)",
  [["duration", 13, "timing"]],
  [
    node(
      "Sort",
      [["sort time", 12, "timing"]],
      [
        node(
          "InputAdapter",
          [],
          [
            node(
              "AQEShuffleRead",
              [["number of partitions", 11, "sum"]],
              [
                node(
                  "ShuffleQueryStage",
                  [],
                  [
                    node(
                      "Exchange",
                      [
                        ["shuffle write time", 1, "nsTiming"],
                        ["fetch wait time", 2, "timing"],
                      ],
                      [
                        node(
                          "WholeStageCodegen (1)",
                          [["duration", 3, "timing"]],
                          [
                            node(
                              "HashAggregate",
                              [
                                ["time in aggregation build", 4, "timing"],
                                ["number of output rows", 5, "sum"],
                              ],
                              [
                                node(
                                  "Project",
                                  [],
                                  [
                                    node(
                                      "Filter",
                                      [["number of output rows", 6, "sum"]],
                                      [
                                        node(
                                          "ColumnarToRow",
                                          [["number of output rows", 7, "sum"]],
                                          [
                                            node(
                                              "InputAdapter",
                                              [],
                                              [
                                                node("Scan parquet", [
                                                  ["scan time", 8, "timing"],
                                                  ["number of output rows", 9, "sum"],
                                                  ["metadata time", 10, "timing"],
                                                ]),
                                              ],
                                            ),
                                          ],
                                        ),
                                      ],
                                    ),
                                  ],
                                  "Project [cust_id#1, amount#2L AS total#3L]",
                                ),
                              ],
                            ),
                          ],
                        ),
                      ],
                    ),
                  ],
                ),
              ],
            ),
          ],
        ),
      ],
    ),
  ],
);

/** Which stage's tasks updated each accumulator: 1 is the map stage, 2 the stage reading the shuffle. */
const accumStage: Record<number, number[]> = {
  1: [1],
  2: [2],
  3: [1],
  4: [1],
  5: [1],
  6: [1],
  7: [1],
  8: [1],
  9: [1],
  12: [2],
  13: [2],
};
/** Totals per accumulator, as the metric store reports them (ms for timings, nsTiming already converted). */
const totals: Record<number, number> = {
  1: 2e-6,
  2: 1,
  3: 100,
  4: 20,
  5: 10,
  6: 200,
  7: 1000,
  8: 30,
  9: 1000,
  10: 7,
  11: 4,
  12: 30,
  13: 35,
};

const converted = convertSparkPlan(info, "", { index: 0, aqe: "final", idPrefix: "" });
const { plan } = converted;
const byName = (name: string) => plan.nodes.find((n) => n.name === name)!.id;

function metrics(): Record<string, SqlMetric[]> {
  const out: Record<string, SqlMetric[]> = {};
  for (const [id, defs] of converted.metrics)
    out[id] = defs.map((d) => {
      const updated = d.accumulatorId in totals;
      return {
        name: d.name,
        accumulatorId: d.accumulatorId,
        metricType: d.metricType,
        unit: d.metricType === "timing" || d.metricType === "nsTiming" ? "ms" : "count",
        total: updated ? totals[d.accumulatorId]! : 0,
        min: null,
        median: null,
        max: null,
        values: updated ? 1 : 0,
        display: null,
        maxTask: null,
      };
    });
  return out;
}

const stageIds = nodeStageIds(plan, converted.metrics, (a, into) => {
  for (const s of accumStage[a] ?? []) into.add(s);
});

describe("operators ↔ stages on a hand-made AQE plan", () => {
  it("puts each operator in the stages that updated its metrics, both sides for the exchange", () => {
    expect(stageIds[byName("Exchange")]).toEqual([1, 2]);
    // The query stage wraps the exchange: the stages that really ran it.
    expect(stageIds[byName("ShuffleQueryStage")]).toEqual([1, 2]);
    // AQEShuffleRead has only a driver-side metric: it runs where the Sort reading it runs.
    expect(stageIds[byName("AQEShuffleRead")]).toEqual([2]);
    expect(stageIds[byName("Sort")]).toEqual([2]);
    // Project has no metric at all: its codegen stage's duration was updated by stage 1.
    expect(stageIds[byName("Project")]).toEqual([1]);
    for (const n of ["HashAggregate", "Filter", "ColumnarToRow", "Scan parquet"])
      expect(stageIds[byName(n)]).toEqual([1]);
  });
});

describe("time per operator on a hand-made AQE plan", () => {
  const times = operatorTimes(plan, metrics(), stageIds, (s) => (s === 1 ? 500 : 40));

  it("uses direct timers: the exchange's write (2 ns); its fetch wait (1 ms) is the reader's", () => {
    expect(times[byName("Exchange")]).toEqual({ timeMs: 2e-6, source: "shuffle write time", basis: "timer" });
    expect(times[byName("AQEShuffleRead")]).toEqual({ timeMs: 1, source: "fetch wait time", basis: "timer" });
  });

  it("splits codegen stage 1's 100 ms: the scan's 30 ms out, the 70 left by rows", () => {
    // The scan's batches are read inside the loop: its scan time is part of the 100 and stays its own.
    expect(times[byName("Scan parquet")]).toMatchObject({ timeMs: 30, source: "scan time" });
    // "time in aggregation build" holds everything below the aggregate: no timer of its own.
    // Rows processed: HashAggregate 200 (its input), Filter max(200, 1000) = 1000,
    // ColumnarToRow 1000; the Project only picks columns: no share.
    expect(times[byName("HashAggregate")]!.timeMs).toBeCloseTo((70 * 200) / 2200, 9);
    expect(times[byName("Filter")]!.timeMs).toBeCloseTo((70 * 1000) / 2200, 9);
    expect(times[byName("ColumnarToRow")]!.timeMs).toBeCloseTo((70 * 1000) / 2200, 9);
    expect(times[byName("Project")]!.timeMs).toBe(0);
    expect(times[byName("Filter")]!.source).toBe(
      "codegen duration of its loop (WholeStageCodegen (1)) less the inputs' scan time, split by rows",
    );
  });

  it("gives codegen stage 2's 35 ms less the 1 ms fetch wait to the sort, its only operator", () => {
    expect(times[byName("Sort")]).toMatchObject({ timeMs: 34, basis: "codegen" });
    expect(times[byName("Sort")]!.source).toBe(
      "sort time, scaled to the codegen duration of its loop (WholeStageCodegen (2)) less the inputs' fetch wait time",
    );
    // Wrappers do no work of their own.
    expect(times[byName("ShuffleQueryStage")]).toBeUndefined();
  });

  it("caps a time at the task time of the stages that ran it", () => {
    const capped = operatorTimes(plan, metrics(), stageIds, (s) => (s === 1 ? 500 : 4));
    expect(capped[byName("Sort")]).toMatchObject({ timeMs: 4 });
    expect(capped[byName("AQEShuffleRead")]).toMatchObject({ timeMs: 1 });
    expect(capped[byName("Sort")]!.source).toContain("capped");
  });

  it("keeps driver-side timers apart when a node has nothing else", () => {
    const m = metrics();
    const scan = byName("Scan parquet");
    m[scan] = m[scan]!.map((x) => (x.name === "scan time" ? { ...x, values: 0, total: 0 } : x));
    const t = operatorTimes(plan, m, stageIds, () => 500);
    expect(t[scan]).toEqual({ timeMs: 7, source: "driver: metadata time", basis: "driver" });
  });
});

describe("time per operator when codegen stages nest in one task (a sort-merge join)", () => {
  // WholeStageCodegen (3) SortMergeJoin ← InputAdapter ← WholeStageCodegen (1) Sort ← Exchange A
  //                                     ← InputAdapter ← WholeStageCodegen (2) Sort ← Exchange B
  const side = (
    stage: number,
    sortAcc: number,
    durAcc: number,
    waitAcc: number,
    writeAcc: number,
    rowsAcc: number,
  ) =>
    node(
      "InputAdapter",
      [],
      [
        node(
          `WholeStageCodegen (${stage})`,
          [["duration", durAcc, "timing"]],
          [
            node(
              "Sort",
              [["sort time", sortAcc, "timing"]],
              [
                node(
                  "InputAdapter",
                  [],
                  [
                    node(
                      "Exchange",
                      [
                        ["shuffle write time", writeAcc, "nsTiming"],
                        ["fetch wait time", waitAcc, "timing"],
                      ],
                      [node("LocalTableScan", [["number of output rows", rowsAcc, "sum"]])],
                    ),
                  ],
                ),
              ],
            ),
          ],
        ),
      ],
    );
  const join = node(
    "WholeStageCodegen (3)",
    [["duration", 30, "timing"]],
    [
      node(
        "SortMergeJoin",
        [["number of output rows", 31, "sum"]],
        [side(1, 32, 33, 34, 35, 36), side(2, 37, 38, 39, 40, 41)],
      ),
    ],
  );
  const c = convertSparkPlan(join, "", { index: 0, aqe: null, idPrefix: "" });
  // The first clock (stage 1's) starts before the join's; stage 2's side was never drained: no duration.
  const total: Record<number, number> = {
    30: 50,
    31: 500,
    32: 5,
    33: 80,
    34: 10,
    35: 3,
    36: 500,
    37: 0,
    39: 2,
    40: 1,
    41: 10,
  };
  const reduce = new Set([30, 31, 32, 33, 34, 37, 38, 39]);
  const m: Record<string, SqlMetric[]> = {};
  for (const [id, defs] of c.metrics)
    m[id] = defs.map((d) => ({
      name: d.name,
      accumulatorId: d.accumulatorId,
      metricType: d.metricType,
      unit: d.metricType === "timing" || d.metricType === "nsTiming" ? "ms" : "count",
      total: total[d.accumulatorId] ?? 0,
      min: null,
      median: null,
      max: null,
      values: d.accumulatorId in total ? 1 : 0,
      display: null,
      maxTask: null,
    }));
  const ids = nodeStageIds(c.plan, c.metrics, (a, into) => {
    if (a in total) into.add(reduce.has(a) ? 2 : 1);
  });
  const t = operatorTimes(c.plan, m, ids, () => 1000);
  const named = (n: string) => c.plan.nodes.filter((x) => x.name === n).map((x) => t[x.id]);

  it("shares the longest clock of the loop (80 ms) less both fetch waits (12 ms) among the join and its sorts", () => {
    expect(named("Sort").map((x) => x?.timeMs)).toEqual([5, 0]);
    const [smj] = named("SortMergeJoin");
    expect(smj!.timeMs).toBeCloseTo(80 - 12 - 5, 9);
    expect(smj!.source).toBe(
      "codegen duration of its loop (WholeStageCodegen (1)) less the inputs' fetch wait time, split by rows",
    );
    // Without an AQEShuffleRead the exchange is its own reader: both sides stay on it.
    expect(named("Exchange").map((x) => x?.source)).toEqual([
      "shuffle write time + fetch wait time",
      "shuffle write time + fetch wait time",
    ]);
  });
});
