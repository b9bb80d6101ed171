import { describe, expect, it } from "vitest";
import { isShuffleSource } from "@/lib/layout/decor";
import { isBroadcastExchange, isShuffleExchange, operatorCategory, SUBQUERY_OPERATORS } from "./operators";
import type { PlanNode } from "./types";

const node = (name: string) => ({ name }) as PlanNode;

// Names as real plans print them (corpus: Spark, Comet, Gluten, RAPIDS event logs, Photon).
const SHUFFLES = [
  "Exchange",
  "ShuffleExchange",
  "CometExchange",
  "CometColumnarExchange",
  "ColumnarExchange",
  "GpuColumnarExchange",
  "PhotonShuffleExchangeSink",
];
const NOT_SHUFFLES = [
  "BroadcastExchange",
  "CometBroadcastExchange",
  "GpuBroadcastExchange",
  "ReusedExchange",
];

describe("one operator vocabulary", () => {
  it.each(SHUFFLES)("%s: the shuffle rule's shuffle is the graph's thick shuffle edge", (name) => {
    expect(isShuffleExchange(name)).toBe(true);
    expect(isShuffleSource(node(name))).toBe(true);
    expect(operatorCategory(name)).toBe("exchange");
  });
  it.each(NOT_SHUFFLES)("%s writes no shuffle", (name) => {
    expect(isShuffleExchange(name)).toBe(false);
    expect(isShuffleSource(node(name))).toBe(false);
  });
  it("broadcasts are broadcasts, reused ones are not new broadcasts", () => {
    expect(isBroadcastExchange("BroadcastExchange")).toBe(true);
    expect(isBroadcastExchange("GpuBroadcastExchange")).toBe(true);
    expect(isBroadcastExchange("ReusedExchange")).toBe(false);
  });
  it("AQE's shuffle reads carry the shuffle's data on", () => {
    for (const name of ["ShuffleQueryStage", "AQEShuffleRead", "CustomShuffleReader", "CometShuffleReader"])
      expect(isShuffleSource(node(name)), name).toBe(true);
  });
  it("subquery operators", () => {
    expect([...SUBQUERY_OPERATORS].sort()).toEqual([
      "ReusedSubquery",
      "Subquery",
      "SubqueryAdaptiveBroadcast",
      "SubqueryBroadcast",
    ]);
  });
});
