import { describe, expect, it } from "vitest";
import type { Stage } from "@/lib/parse/eventlog";
import { nodeMetricsOf, stageStatsOf } from "./eventlog";
import { run } from "./test-helpers";

const d = (min: number, median: number, max: number, count = 100) => ({
  count,
  min,
  p25: median,
  median,
  p75: median,
  max,
  total: median * count,
});

describe("event-log adapter", () => {
  it("maps SQL metrics, dropping unknown distributions", () => {
    const m = nodeMetricsOf({
      n1: [
        {
          name: "spill size",
          accumulatorId: 1,
          metricType: "size",
          unit: "bytes",
          total: 10,
          min: null,
          median: null,
          max: null,
          values: 1,
          display: "10.0 B",
          maxTask: null,
        },
      ],
    });
    expect(m.get("n1")).toEqual([{ name: "spill size", type: "size", total: 10 }]);
  });
  it("turns a stage with a skewed task into a skew finding", () => {
    const zero = d(0, 0, 0, 0);
    const stage: Stage = {
      stageId: 7,
      name: "sortMergeJoin at x.scala:1",
      numTasks: 100,
      parentIds: [],
      attempts: [],
      taskEnds: 100,
      failedTasks: 0,
      tasks: {
        duration: d(1000, 4000, 300_000),
        inputBytes: zero,
        shuffleReadBytes: d(0, 2 ** 20, 2 * 2 ** 30),
        shuffleWriteBytes: zero,
        memorySpilled: zero,
        diskSpilled: zero,
        gcTime: zero,
      },
    };
    const [f] = run("LocalTableScan [a#1]", "skew", { stages: [stageStatsOf(stage)] });
    expect(f!.severity).toBe("critical");
    expect(f!.evidence.map((e) => e.label)).toEqual(["Task duration", "Shuffle read per task"]);
    expect(f!.evidence[0]!.source).toBe("stage 7 task metrics");
  });
});
