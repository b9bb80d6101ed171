import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { syntheticPlan } from "../../scripts/gen-synthetic-plan";
import { comparePlans, normalise } from "./compare";
import { defaultView, planView } from "./view";

function parse(text: string) {
  const out = parseExplain(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.result.plans[0]!;
}
const byName = (plan: ReturnType<typeof parse>, ids: readonly string[]) =>
  ids.map((id) => plan.nodes.find((n) => n.id === id)!.name).sort();

const BEFORE = `== Physical Plan ==
*(3) Project [a#1, b#2]
+- *(3) BroadcastHashJoin [a#1], [x#5], Inner, BuildRight, false
   :- *(3) Filter isnotnull(a#1)
   :  +- *(3) ColumnarToRow
   :     +- FileScan parquet db.t[a#1,b#2] Batched: true, DataFilters: [], Format: Parquet, PushedFilters: [], ReadSchema: struct<a:int,b:int>
   +- BroadcastExchange HashedRelationBroadcastMode(List(cast(input[0, int, false] as bigint)),false), [plan_id=42]
      +- *(1) Filter isnotnull(x#5)
         +- *(1) ColumnarToRow
            +- FileScan parquet db.u[x#5] Batched: true, DataFilters: [], Format: Parquet, PushedFilters: [], ReadSchema: struct<x:int>
`;

describe("comparePlans", () => {
  it("finds nothing between a plan and itself, even with different expression ids", () => {
    const a = parse(BEFORE);
    const b = parse(
      BEFORE.replace(/#(\d+)/g, (_, n) => `#${Number(n) + 100}`).replace("plan_id=42", "plan_id=7"),
    );
    const d = comparePlans(a, a.nodes, b, b.nodes);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.marksA.size + d.marksB.size).toBe(0);
    expect(d.pairs).toHaveLength(a.nodes.length);
  });

  it("reports an inserted operator as added and a changed condition as changed", () => {
    const a = parse(BEFORE);
    const after = BEFORE.replace("Filter isnotnull(x#5)", "Filter (isnotnull(x#5) AND (x#5 > 10))").replace(
      "   :- *(3) Filter isnotnull(a#1)\n",
      "   :- *(3) Project [a#1, b#2]\n   :  +- *(3) Filter isnotnull(a#1)\n",
    );
    // Re-indent the subtree under the inserted Project.
    const b = parse(
      after.replace(
        "   :  +- *(3) ColumnarToRow\n   :     +- FileScan parquet db.t",
        "   :     +- *(3) ColumnarToRow\n   :        +- FileScan parquet db.t",
      ),
    );
    const d = comparePlans(a, a.nodes, b, b.nodes);
    expect(byName(b, d.added)).toEqual(["Project"]);
    expect(d.removed).toEqual([]);
    const changed = d.pairs.filter((p) => p.changes.length > 0);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.changes[0]!.after).toContain("x > 10");
    expect(d.marksB.get(changed[0]!.b)).toBe("changed");
  });

  it("matches AQE initial against final: the query stages and shuffle reads are added", () => {
    const plan = parse(readFileSync("public/samples/simple-aqe-sort-merge-join.txt", "utf8"));
    const initial = planView(plan, { ...defaultView(plan), aqe: "initial" }).nodes;
    const final = planView(plan, { ...defaultView(plan), aqe: "final" }).nodes;
    const d = comparePlans(plan, initial, plan, final);
    const added = byName(plan, d.added);
    expect(added.every((n) => /ShuffleQueryStage|AQEShuffleRead|ColumnarToRow/.test(n))).toBe(true);
    expect(added.filter((n) => n === "ShuffleQueryStage")).toHaveLength(3);
    expect(byName(plan, d.removed).filter((n) => n !== "AdaptiveSparkPlan")).toEqual([]);
    // Every scan and join is matched.
    const matchedNames = d.pairs.map((p) => plan.nodes.find((n) => n.id === p.b)!.name);
    expect(matchedNames.filter((n) => n === "SortMergeJoin")).toHaveLength(1);
  });

  it("reports metric changes beyond the tolerance", () => {
    const a = parse(BEFORE);
    const scan = a.nodes.find((n) => n.name.includes("Scan"))!;
    const d = comparePlans(a, a.nodes, a, a.nodes, {
      metricsA: new Map([[scan.id, [{ name: "number of output rows", total: 1000 }]]]),
      metricsB: new Map([[scan.id, [{ name: "number of output rows", total: 5000 }]]]),
    });
    expect(d.pairs.find((p) => p.a === scan.id)?.metricChanges).toEqual([
      { name: "number of output rows", before: 1000, after: 5000 },
    ]);
    expect(d.marksA.get(scan.id)).toBe("changed");
  });

  it("scales to two 1,000-operator plans", () => {
    const a = parse(syntheticPlan(1000, 1));
    const b = parse(syntheticPlan(1000, 1));
    const t = performance.now();
    const d = comparePlans(a, a.nodes, b, b.nodes);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(d.added).toEqual([]);
    expect(d.marksB.size).toBe(0);
  });

  it("normalises ids away", () => {
    expect(normalise("Exchange hashpartitioning(a#12L, 200), [plan_id=9], [id=#4]")).toBe(
      "Exchange hashpartitioning(a, 200), [plan_id]",
    );
  });
});
