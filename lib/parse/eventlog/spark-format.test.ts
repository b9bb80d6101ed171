import { describe, expect, it } from "vitest";
import { bytesToString, integerToString, msDurationToString, sparkMetricString } from "./spark-format";

// Expected strings are what Spark's Utils / MetricUtils print (Java's %.1f rounds half-up; the
// duration quotient is a float), checked against the REST answers under fixtures/spark.
describe("Spark's number formatting", () => {
  it("bytesToString switches unit at twice the unit, one decimal half-up", () => {
    expect(bytesToString(0)).toBe("0.0 B");
    expect(bytesToString(1735)).toBe("1735.0 B");
    expect(bytesToString(2047)).toBe("2047.0 B");
    expect(bytesToString(2048)).toBe("2.0 KiB");
    expect(bytesToString(2 * 1024 * 1024 - 1)).toBe("2048.0 KiB");
    expect(bytesToString(1024 * 1024 * 2)).toBe("2.0 MiB");
    expect(bytesToString(2150)).toBe("2.1 KiB"); // 2.099…
    expect(bytesToString(2099)).toBe("2.0 KiB"); // 2.0498… does not round up
    expect(bytesToString(3 * 1024 + 51)).toBe("3.0 KiB"); // 3.0498
    expect(bytesToString(3 * 1024 + 52)).toBe("3.1 KiB"); // 3.0507
    expect(bytesToString(5 * 2 ** 30)).toBe("5.0 GiB");
  });

  it("msDurationToString: ms, then s / m with one decimal, h with two", () => {
    expect(msDurationToString(0)).toBe("0 ms");
    expect(msDurationToString(999)).toBe("999 ms");
    expect(msDurationToString(1000)).toBe("1.0 s");
    expect(msDurationToString(1250)).toBe("1.3 s");
    expect(msDurationToString(1249)).toBe("1.2 s");
    expect(msDurationToString(59_999)).toBe("60.0 s");
    expect(msDurationToString(60_000)).toBe("1.0 m");
    expect(msDurationToString(90_000)).toBe("1.5 m");
    expect(msDurationToString(3_600_000)).toBe("1.00 h");
    expect(msDurationToString(5_400_000)).toBe("1.50 h");
  });

  it("counts group thousands", () => {
    expect(integerToString(0)).toBe("0");
    expect(integerToString(1000)).toBe("1,000");
    expect(integerToString(200000)).toBe("200,000");
    expect(integerToString(-1234567)).toBe("-1,234,567");
  });

  it("stringValue per type: one value alone, several as total (min, med, max at)", () => {
    const at = { kind: "task", stageId: 3, stageAttempt: 0, taskId: 10 } as const;
    expect(sparkMetricString("sum", [1, 2, 3], at)).toBe("6");
    expect(sparkMetricString("size", [-1, 800], at)).toBe("800.0 B");
    expect(sparkMetricString("size", [], null)).toBe("0.0 B");
    expect(sparkMetricString("timing", [117, 368, 318, 200], at)).toBe(
      "total (min, med, max (stageId: taskId))\n1.0 s (117 ms, 318 ms, 368 ms (stage 3.0: task 10))",
    );
    // nsTiming: each value and the sum truncated to ms.
    expect(sparkMetricString("nsTiming", [1_999_999, 2_000_001], at)).toBe(
      "total (min, med, max (stageId: taskId))\n4 ms (1 ms, 2 ms, 2 ms (stage 3.0: task 10))",
    );
    expect(sparkMetricString("size", [849, 849, 7475], { kind: "driver" })).toBe(
      "total (min, med, max (stageId: taskId))\n9.0 KiB (849.0 B, 849.0 B, 7.3 KiB (driver))",
    );
    expect(sparkMetricString("average", [0, 10, 12, 15], at)).toBe(
      "(min, med, max (stageId: taskId)):\n(1, 1.2, 1.5 (stage 3.0: task 10))",
    );
    expect(sparkMetricString("average", [0, 25], at)).toBe("2.5");
  });
});
