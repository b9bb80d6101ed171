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
const node = (nodeName: string, metrics: M[], children: SparkPlanInfo[] = []): SparkPlanInfo => ({
  nodeName,
  simpleString: nodeName,
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

  it("uses direct timers: the exchange's write (2 ns) and fetch wait (1 ms)", () => {
    const t = times[byName("Exchange")]!;
    expect(t.basis).toBe("timer");
    expect(t.source).toBe("shuffle write time + fetch wait time");
    expect(t.timeMs).toBeCloseTo(2e-6 + 1, 9);
  });

  it("splits codegen stage 1's 100 ms: timers first (20 + 30), the 50 left by rows", () => {
    expect(times[byName("HashAggregate")]).toMatchObject({ timeMs: 20, source: "time in aggregation build" });
    // The scan feeds ColumnarToRow inside the loop: its 30 ms are part of the 100.
    expect(times[byName("Scan parquet")]).toMatchObject({ timeMs: 30, source: "scan time" });
    // Rows processed: Project 200 (its input), Filter max(200, 1000) = 1000, ColumnarToRow 1000.
    expect(times[byName("Project")]!.timeMs).toBeCloseTo((50 * 200) / 2200, 9);
    expect(times[byName("Filter")]!.timeMs).toBeCloseTo((50 * 1000) / 2200, 9);
    expect(times[byName("ColumnarToRow")]!.timeMs).toBeCloseTo((50 * 1000) / 2200, 9);
    expect(times[byName("Filter")]!.source).toBe("codegen stage's duration, split by rows");
  });

  it("gives codegen stage 2's 5 ms left after the sort time to the AQEShuffleRead it pulls from", () => {
    expect(times[byName("Sort")]).toMatchObject({ timeMs: 30, basis: "timer" });
    expect(times[byName("AQEShuffleRead")]!.timeMs).toBeCloseTo(5, 9);
    // Wrappers do no work of their own.
    expect(times[byName("ShuffleQueryStage")]).toBeUndefined();
  });

  it("caps a time at the task time of the stages that ran it", () => {
    const capped = operatorTimes(plan, metrics(), stageIds, (s) => (s === 1 ? 500 : 4));
    expect(capped[byName("Sort")]).toMatchObject({ timeMs: 4 });
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
