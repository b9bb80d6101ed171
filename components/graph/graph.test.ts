import { describe, expect, it } from "vitest";
import { colorScale, edgeWidthScale, formatMetric } from "@/lib/layout/overlay";
import type { GraphLayout } from "@/lib/layout/types";
import { parseExplain } from "@/lib/parse/explain";
import { neighbour, readingOrder, rectsPath } from "./geometry";
import { searchNodes } from "./search";

const box = (id: string, x: number, y: number) => ({ id, x, y, width: 100, height: 30 });
// a (top-left) and b (top-right) feed c (bottom).
const layout: GraphLayout = {
  nodes: [box("a", 0, 0), box("b", 200, 0), box("c", 100, 100)],
  edges: [
    { id: "e0:child", from: "a", to: "c", kind: "child", points: [] },
    { id: "e1:child", from: "b", to: "c", kind: "child", points: [] },
  ],
  clusters: [],
  cards: [],
  width: 300,
  height: 130,
};

describe("graph helpers", () => {
  it("arrow keys follow edges and rows", () => {
    expect(neighbour(layout, "c", "down")).toBeNull();
    expect(["a", "b"]).toContain(neighbour(layout, "c", "up"));
    expect(neighbour(layout, "a", "down")).toBe("c");
    expect(neighbour(layout, "a", "right")).toBe("b");
    expect(neighbour(layout, "b", "left")).toBe("a");
    expect(neighbour(layout, "a", "left")).toBeNull();
  });

  it("orders matches top to bottom, left to right", () => {
    expect(readingOrder(layout, ["c", "b", "a", "zz"])).toEqual(["a", "b", "c"]);
  });

  it("draws a union of rectangles as one path", () => {
    expect(rectsPath([{ x: 1, y: 2, width: 3, height: 4 }])).toBe("M1,2h3v4h-3z");
  });

  it("searches names, tables, columns, expressions and operator ids", () => {
    const out = parseExplain(`== Physical Plan ==
* Project (3)
+- * Filter (2)
   +- Scan parquet db.sales (1)


(1) Scan parquet db.sales
Output [2]: [store_id#1, amount#2]
ReadSchema: struct<store_id:int,amount:int>

(2) Filter [codegen id : 1]
Input [2]: [store_id#1, amount#2]
Condition : (amount#2 > 100)

(3) Project [codegen id : 1]
Output [1]: [store_id#1]
Input [2]: [store_id#1, amount#2]
`);
    if (!out.ok) throw new Error(out.error.message);
    const nodes = out.result.plans[0]!.nodes;
    const names = (q: string) =>
      [...searchNodes(nodes, q)].map((id) => nodes.find((n) => n.id === id)!.name).sort();
    expect(names("sales")).toEqual(["Scan parquet"]);
    expect(names("AMOUNT#2 > 100")).toEqual(["Filter"]);
    expect(names("store_id")).toEqual(["Filter", "Project", "Scan parquet"]);
    expect(names("(2)")).toEqual(["Filter"]);
    expect(names("  ")).toEqual([]);
  });

  it("scales metrics on a log scale and formats them by type", () => {
    const metrics = new Map([
      ["a", [{ name: "rows", total: 10, type: "sum" }]],
      ["b", [{ name: "rows", total: 1_000_000, type: "sum" }]],
    ]);
    const s = colorScale(metrics, "rows")!;
    expect(s.min).toBe(10);
    expect(s.max).toBe(1_000_000);
    expect(s.color(10)).not.toBe(s.color(1_000_000));
    expect(colorScale(metrics, "nope")).toBeNull();
    const w = edgeWidthScale(metrics, "rows")!;
    expect(w(0)).toBe(1);
    expect(w(1_000_000)).toBeCloseTo(8, 1);
    expect(w(1000)).toBeGreaterThan(3);
    expect(formatMetric(2_500_000, "size")).toBe("2.5MB");
    expect(formatMetric(1500, "timing")).toBe("1.5 s");
    expect(formatMetric(42, "sum")).toBe("42");
  });
});
