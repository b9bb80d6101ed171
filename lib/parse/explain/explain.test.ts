import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParseResult, Plan, PlanNode } from "@/lib/plan/types";
import { parsePartitioning } from "./fields";
import { parseExplain } from "./index";

function parse(text: string): ParseResult {
  const out = parseExplain(text);
  if (!out.ok) throw new Error(`line ${out.error.line}: ${out.error.message}`);
  return out.result;
}
const fixture = (name: string) => readFileSync(`fixtures/explain/${name}`, "utf8");
const sample = (name: string) => readFileSync(`public/samples/${name}`, "utf8");
const byName = (p: Plan, name: string) => p.nodes.filter((n) => n.name === name);
const one = (p: Plan, name: string): PlanNode => {
  const found = byName(p, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const parentOf = (p: Plan, n: PlanNode) => {
  const e = p.edges.find((x) => x.from === n.id && x.kind === "child");
  return e ? p.nodes.find((x) => x.id === e.to) : undefined;
};

describe("formatted mode", () => {
  const r = parse(sample("formatted-broadcast-join.txt"));
  const p = r.plans[0]!;
  it("reads every operator with its id, codegen stage and detail fields", () => {
    expect(r.warnings).toEqual([]);
    expect(p.mode).toBe("formatted");
    expect(p.nodes.map((n) => n.operatorId).sort((a, b) => a! - b!)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
    const join = one(p, "BroadcastHashJoin");
    expect(join.codegenStage).toBe(2);
    expect(join.details["Join type"]).toBe("Inner");
    expect(join.details["Build side"]).toBe("Right");
    expect(join.details["Left keys"]).toBe("[store_id#10]");
    const scan = p.nodes.find((n) => n.operatorId === 1)!;
    expect(scan.name).toBe("Scan parquet");
    expect(scan.details.Table).toBe("shop.sales");
    expect(scan.details.PushedFilters).toBe("[IsNotNull(store_id)]");
    expect(scan.detailLines).toEqual([17, 23]);
    expect(one(p, "Exchange").details.Partitioning).toBe("hashpartitioning(sale_date#12, 200)");
  });
  it("links the subquery to its hosting operator and the reused exchange to the original", () => {
    const reused = one(p, "ReusedExchange");
    const original = p.nodes.find((n) => n.operatorId === 8)!;
    const scan = p.nodes.find((n) => n.operatorId === 1)!;
    expect(p.edges).toContainEqual({ from: original.id, to: reused.id, kind: "reuse" });
    expect(p.edges).toContainEqual({ from: reused.id, to: scan.id, kind: "subquery" });
    expect(p.subqueries).toEqual([
      {
        index: 1,
        hostingOperatorId: 1,
        hostingExpression: "store_id#10 IN dynamicpruning#20",
        rootId: reused.id,
        line: 84,
      },
    ]);
  });
  it("numbers repeated detail keys in order, however many", () => {
    const body = [
      "Input: a",
      "Input 2: literal",
      "Output: b",
      ...Array.from({ length: 5000 }, (_, i) => `Input: x${i}`),
    ];
    const text = `== Physical Plan ==\n* Project (1)\n\n(1) Project\n${body.join("\n")}\n`;
    const details = parse(text).plans[0]!.nodes[0]!.details;
    expect(Object.keys(details).slice(0, 5)).toEqual(["Input", "Input 2", "Output", "Input 3", "Input 4"]);
    expect(details["Input 2"]).toBe("literal");
    expect(details["Input 5002"]).toBe("x4999");
    expect(Object.keys(details)).toHaveLength(5003);
  });
  it("groups codegen stages into clusters", () => {
    expect(p.clusters.map((c) => [c.stage, c.nodeIds.length]).sort()).toEqual([
      [1, 3],
      [2, 5],
      [3, 1],
    ]);
  });
});

describe("simple mode", () => {
  it("reads codegen stages, two-word names and glued arguments", () => {
    const p = parse(fixture("noisy-shell.txt")).plans[0]!;
    const agg = byName(p, "HashAggregate");
    expect(agg.map((n) => n.codegenStage)).toEqual([2, 1]);
    expect(agg[0]!.details.Keys).toBe("[store#3]");
    expect(agg[0]!.details.Functions).toBe("[count(1)]");
    const scan = one(p, "FileScan");
    expect(scan.details.Table).toBe("default.sales");
    expect(scan.details.Format).toBe("Parquet");
    expect(scan.details.ReadSchema).toBe("struct<store:int>");
    expect(scan.details.PartitionFilters).toBe("[]");
  });
  it("inner children are subqueries, except the plan an operator runs (UnionLoop, CommandResult, a command's query)", () => {
    const p = parse(`== Physical Plan ==
*(1) Project [n#3, scalar-subquery#9 [] AS m#10]
:  +- Subquery scalar-subquery#9, [id=#20]
:     +- LocalTableScan [m#11]
+- UnionLoop 0, [n#3]
      :- Project [1 AS n#1]
      :  +- OneRowRelation
      +- Project [(n#2 + 1) AS n#4]
         +- UnionLoopRef 0, [n#2], false
`).plans[0]!;
    const into = (node: PlanNode) =>
      p.edges
        .filter((e) => e.to === node.id)
        .map((e) => [p.nodes.find((n) => n.id === e.from)!.name, e.kind]);
    expect(into(p.nodes[0]!)).toEqual([
      ["Subquery", "subquery"],
      ["UnionLoop", "child"],
    ]);
    expect(into(one(p, "UnionLoop"))).toEqual([
      ["Project", "child"],
      ["Project", "child"],
    ]);
    const cmd = parse(`== Physical Plan ==
CommandResult <empty>
   +- Execute CreateDataSourceTableAsSelectCommand \`t\`, ErrorIfExists, [a]
         +- CreateDataSourceTableAsSelectCommand \`t\`, ErrorIfExists, [a]
               +- LocalRelation [a#1]
`).plans[0]!;
    expect(cmd.edges.map((e) => e.kind)).toEqual(["child", "child", "child"]);
  });
  it("keeps AQE's final and initial plans apart; marker lines are not operators", () => {
    const r = parse(sample("simple-aqe-sort-merge-join.txt"));
    const p = r.plans[0]!;
    expect(r.warnings).toEqual([]);
    expect(p.nodes.filter((n) => n.aqe === "final")).toHaveLength(22);
    expect(p.nodes.filter((n) => n.aqe === "initial")).toHaveLength(14);
    expect(p.nodes.some((n) => n.name.startsWith("=="))).toBe(false);
    const adaptive = one(p, "AdaptiveSparkPlan");
    expect(p.edges.filter((e) => e.to === adaptive.id)).toHaveLength(2);
    expect(byName(p, "SortMergeJoin").map((n) => n.aqe)).toEqual(["final", "initial"]);
  });
  it("hangs a subquery's own AQE plans from its AdaptiveSparkPlan, whatever Spark's indentation", () => {
    const p = parse(fixture("aqe-subquery.simple.txt")).plans[0]!;
    const inner = byName(p, "AdaptiveSparkPlan").filter((n) => n.line === 7)[0]!;
    const children = p.edges
      .filter((e) => e.to === inner.id)
      .map((e) => p.nodes.find((n) => n.id === e.from)!);
    expect(children.map((c) => [c.name, c.aqe])).toEqual([
      ["HashAggregate", "final"],
      ["HashAggregate", "initial"],
    ]);
    const subquery = p.nodes.find((n) => n.name === "Subquery" && n.line === 6)!;
    const filter = p.nodes.find((n) => n.name === "Filter" && n.line === 5)!;
    expect(p.edges).toContainEqual({ from: subquery.id, to: filter.id, kind: "subquery" });
  });
  it("links ReusedExchange by its plan_id", () => {
    const text = `== Physical Plan ==
*(3) BroadcastHashJoin [k#1], [k#2], Inner, BuildRight, false
:- *(3) BroadcastHashJoin [k#1], [k#3], Inner, BuildRight, false
:  :- *(3) Range (0, 10, step=1, splits=2)
:  +- BroadcastExchange HashedRelationBroadcastMode(List(input[0, bigint, false]),false), [plan_id=41]
:     +- *(1) Range (0, 5, step=1, splits=2)
+- ReusedExchange [k#2], BroadcastExchange HashedRelationBroadcastMode(List(input[0, bigint, false]),false), [plan_id=41]
`;
    const p = parse(text).plans[0]!;
    expect(p.edges).toContainEqual({
      from: one(p, "BroadcastExchange").id,
      to: one(p, "ReusedExchange").id,
      kind: "reuse",
    });
  });
  it("reads CRLF line endings and a tab after the connector", () => {
    const p = parse(fixture("crlf-tabs.txt")).plans[0]!;
    expect(p.nodes.map((n) => n.name)).toEqual(["Project", "Filter", "Range"]);
    expect(parentOf(p, one(p, "Range"))?.name).toBe("Filter");
  });
});

describe("extended and cost modes", () => {
  it("reads all four sections; the analyzed section's schema line is not an operator", () => {
    const p = parse(sample("extended-filter-cast.txt")).plans[0]!;
    expect(p.mode).toBe("extended");
    const sections = (s: string) => p.nodes.filter((n) => n.section === s).map((n) => n.name);
    expect(sections("parsed")).toEqual(["Filter", "UnresolvedRelation"]);
    expect(sections("analyzed")).toEqual(["Filter", "SubqueryAlias", "Relation"]);
    expect(sections("optimized")).toEqual(["Filter", "Relation"]);
    expect(sections("physical")).toEqual(["Filter", "ColumnarToRow", "FileScan"]);
    expect(p.nodes.find((n) => n.section === "parsed")!.details.Unresolved).toBe("true");
    // A logical relation names its table, columns and format.
    const relation = p.nodes.find((n) => n.section === "optimized" && n.name === "Relation")!;
    expect(relation.details).toEqual({
      Table: "spark_catalog.shop.events",
      Output: "[id#0L,code#2,ts#3]",
      Format: "parquet",
    });
  });
  it("a logical Aggregate's grouping keys and results (no keys when Spark prints one list)", () => {
    const p = parse(`== Optimized Logical Plan ==
Aggregate [k#1], [k#1, sum(v#2) AS s#3]
+- Aggregate [sum(v#2) AS t#4]
   +- LocalRelation [k#1, v#2]

== Physical Plan ==
LocalTableScan [k#1, s#3]
`).plans[0]!;
    const [outer, inner] = byName(p, "Aggregate");
    expect(outer!.details).toEqual({ Keys: "[k#1]", Results: "[k#1, sum(v#2) AS s#3]" });
    expect(inner!.details).toEqual({ Results: "[sum(v#2) AS t#4]" });
  });
  it("the analyzed section's schema line is skipped only when Spark printed one (plans with output)", () => {
    const analyzed = (text: string) =>
      parse(text)
        .plans[0]!.nodes.filter((n) => n.section === "analyzed")
        .map((n) => n.name);
    const physical = "\n== Physical Plan ==\nLocalTableScan [a#1]\n";
    expect(analyzed(`== Analyzed Logical Plan ==\na: int\nLocalRelation [a#1]\n${physical}`)).toEqual([
      "LocalRelation",
    ]);
    expect(analyzed(`== Analyzed Logical Plan ==\nSetCommand (spark.x,None)\n${physical}`)).toEqual([
      "SetCommand",
    ]);
    expect(
      analyzed(
        `== Analyzed Logical Plan ==\nInsertIntoHadoopFsRelationCommand file:/t, false, Parquet, Append\n+- Project [a#1]\n   +- LocalRelation [a#1]\n${physical}`,
      ),
    ).toEqual(["InsertIntoHadoopFsRelationCommand", "Project", "LocalRelation"]);
  });
  it("reads Spark's state marks before a logical node's name: ' unresolved, ~ streaming, ! missing input", () => {
    const p = parse(`== Analyzed Logical Plan ==
a: bigint
~Project [a#1L]
+- !Filter (b#2 > 0)
   +- ~StreamingRelationV2 rate, [a#1L]

== Physical Plan ==
*(1) Project [a#1L]
+- LocalTableScan <empty>, [a#1L]
`).plans[0]!;
    const analyzed = p.nodes.filter((n) => n.section === "analyzed");
    expect(analyzed.map((n) => [n.name, n.details.Streaming, n.details["Missing input"]])).toEqual([
      ["Project", "true", undefined],
      ["Filter", undefined, "true"],
      ["StreamingRelationV2", "true", undefined],
    ]);
    expect(one(p, "Filter").details.Condition).toBe("(b#2 > 0)");
    // A physical node prints the mark after its codegen stage.
    const physical = parse("== Physical Plan ==\n*(1) !Project [a#1]\n+- *(1) LocalTableScan [b#2]\n")
      .plans[0]!;
    expect(physical.nodes.map((n) => [n.name, n.codegenStage, n.details["Missing input"]])).toEqual([
      ["Project", 1, "true"],
      ["LocalTableScan", 1, undefined],
    ]);
  });
  it("cost mode: optimized + physical, statistics kept per node", () => {
    const text = `== Optimized Logical Plan ==
Aggregate [k#1], [k#1, count(1) AS c#5L], Statistics(sizeInBytes=24.0 B, rowCount=1)
+- Relation default.t[k#1] parquet, Statistics(sizeInBytes=1.2 KiB)

== Physical Plan ==
*(2) HashAggregate(keys=[k#1], functions=[count(1)])
+- Exchange hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS, [plan_id=9]
   +- *(1) HashAggregate(keys=[k#1], functions=[partial_count(1)])
      +- *(1) ColumnarToRow
         +- FileScan parquet default.t[k#1] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[file:/w/t], PartitionFilters: [], PushedFilters: [], ReadSchema: struct<k:int>
`;
    const p = parse(text).plans[0]!;
    expect(p.mode).toBe("cost");
    expect(one(p, "Relation").stats).toBe("Statistics(sizeInBytes=1.2 KiB)");
    expect(one(p, "Aggregate").args).toBe("[k#1], [k#1, count(1) AS c#5L]");
  });
});

describe("codegen mode", () => {
  const text = `Found 2 WholeStageCodegen subtrees.
== Subtree 1 / 2 (maxMethodCodeSize:282; maxConstantPoolSize:201(0.31% used); numInnerClasses:0) ==
*(1) HashAggregate(keys=[k#1], functions=[partial_count(1)], output=[k#1, count#8L])
+- *(1) Range (0, 100, step=1, splits=2)

Generated code:
/* 001 */ public Object generate(Object[] references) {
/* 002 */   return new GeneratedIteratorForCodegenStage1(references);
/* 003 */ }

== Subtree 2 / 2 (maxMethodCodeSize:197; maxConstantPoolSize:110(0.17% used); numInnerClasses:0) ==
*(2) HashAggregate(keys=[k#1], functions=[count(1)], output=[k#1, count#5L])
+- Exchange hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS, [plan_id=12]
   +- *(1) HashAggregate(keys=[k#1], functions=[partial_count(1)], output=[k#1, count#8L])
      +- *(1) Range (0, 100, step=1, splits=2)

Generated code:
/* 001 */ public Object generate(Object[] references) {
/* 002 */   return new GeneratedIteratorForCodegenStage2(references);
/* 003 */ }
`;
  it("reads each subtree and keeps where its generated code is", () => {
    const r = parse(text);
    const p = r.plans[0]!;
    expect(r.warnings).toEqual([]);
    expect(p.mode).toBe("codegen");
    expect(p.nodes).toHaveLength(6);
    expect(new Set(p.nodes.map((n) => n.tree))).toEqual(new Set(["codegen:1", "codegen:2"]));
    expect(p.generatedCode).toEqual([
      {
        subtree: 1,
        stage: 1,
        header: expect.stringContaining("maxMethodCodeSize:282"),
        startLine: 7,
        endLine: 10,
      },
      {
        subtree: 2,
        stage: 2,
        header: expect.stringContaining("maxMethodCodeSize:197"),
        startLine: 18,
        endLine: 21,
      },
    ]);
  });
  it("says why an AQE query shows no subtrees", () => {
    const r = parse("Found 0 WholeStageCodegen subtrees.\n");
    expect(r.plans[0]!.nodes).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(["no-codegen-subtrees"]);
  });
});

describe("plan-stability simplified trees", () => {
  it("reads two-space trees, codegen wrappers and #n reuse", () => {
    const r = parse(fixture("simplified-reuse.txt"));
    const p = r.plans[0]!;
    expect(r.warnings).toEqual([]);
    expect(p.nodes).toHaveLength(16);
    expect(one(p, "BroadcastHashJoin").codegenStage).toBe(4);
    expect(byName(p, "Scan").length + byName(p, "Scan parquet").length).toBe(2);
    expect(p.nodes.find((n) => n.line === 12)!.codegenStage).toBe(1); // ColumnarToRow in stage 1
    expect(p.nodes.find((n) => n.line === 14)!.codegenStage).toBe(null); // scan below InputAdapter
    expect(p.nodes.find((n) => n.line === 7)!.codegenStage).toBe(null);
    expect(p.edges).toContainEqual({
      from: one(p, "BroadcastExchange").id,
      to: one(p, "ReusedExchange").id,
      kind: "reuse",
    });
    expect(p.edges).toContainEqual({
      from: one(p, "SubqueryBroadcast").id,
      to: p.nodes.find((n) => n.line === 7)!.id,
      kind: "subquery",
    });
  });
});

describe("what people paste", () => {
  it("finds every plan among REPL prompts and skips log lines inside a tree", () => {
    const r = parse(fixture("noisy-shell.txt"));
    expect(r.warnings).toEqual([]);
    expect(r.plans.map((p) => p.nodes.length)).toEqual([5, 6]);
    const exchange = one(r.plans[0]!, "Exchange");
    expect(parentOf(r.plans[0]!, exchange)?.line).toBe(6);
  });
  it("keeps a cut plan and says where it stops", () => {
    const full = sample("simple-aqe-sort-merge-join.txt").split("\n");
    const r = parse(full.slice(0, 9).join("\n"));
    expect(r.plans[0]!.nodes.length).toBe(7);
    expect(r.warnings.map((w) => [w.code, w.line])).toContainEqual(["cut-tree", 9]);
  });
  it("warns when a formatted plan lost its detail blocks", () => {
    const text = sample("formatted-broadcast-join.txt").split("\n").slice(0, 15).join("\n");
    const r = parse(text);
    expect(r.plans[0]!.nodes).toHaveLength(13);
    expect(r.warnings.map((w) => w.code)).toEqual(["cut-details"]);
  });
  it("rejects text with no plan, pointing at the first line", () => {
    const out = parseExplain("\n\nhello world\nnot a plan\n");
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.line).toBe(3);
      expect(out.error.message).toContain("hello world");
    }
    expect(parseExplain("").ok).toBe(false);
  });
  it("keeps unknown operators as nodes", () => {
    const p = parse("== Physical Plan ==\nMyVendorExec foo=1\n+- AnotherThing [a#1]\n").plans[0]!;
    expect(p.nodes.map((n) => n.name)).toEqual(["MyVendorExec", "AnotherThing"]);
  });
  it("offers every plan of a paste with several explain outputs", () => {
    const one1 = "== Physical Plan ==\n*(1) Range (0, 1, step=1, splits=1)\n";
    expect(parse(`${one1}\n${one1}\n${one1}`).plans).toHaveLength(3);
  });
  it("also reads a tree pasted without a header after a headed plan, in order", () => {
    const headed = "== Physical Plan ==\n*(1) Range (0, 1, step=1, splits=1)\n";
    const bare =
      "*(2) Sort [a#1 ASC NULLS FIRST], true, 0\n+- Exchange rangepartitioning(a#1 ASC NULLS FIRST, 8)\n   +- LocalTableScan [a#1]\n";
    const plans = parse(`${bare}\n${headed}\n${bare}`).plans;
    expect(plans.map((p) => [p.startLine, p.nodes.length])).toEqual([
      [1, 3],
      [5, 1],
      [8, 3],
    ]);
    expect(plans.map((p) => p.index)).toEqual([0, 1, 2]);
    for (const p of plans) {
      expect(p.nodes.every((n) => n.plan === p.index)).toBe(true);
      expect(p.clusters.map((c) => [c.plan, c.id.startsWith(`p${p.index}:wscg:`)])).toEqual([
        [p.index, true],
      ]);
    }
  });
  it("a headerless tree stops where an indented headed plan starts", () => {
    const text =
      "Sort [a#1 ASC NULLS FIRST], true, 0\n+- LocalTableScan [a#1]\n  == Physical Plan ==\n  *(1) Range (0, 1, step=1, splits=1)\n";
    const plans = parse(text).plans;
    expect(plans.map((p) => p.nodes.map((n) => n.name))).toEqual([["Sort", "LocalTableScan"], ["Range"]]);
    expect(new Set(plans.flatMap((p) => p.nodes.map((n) => n.id))).size).toBe(3);
  });
  it("reads a plan copied from a web page: no-break spaces, zero-width spaces, a byte-order mark", () => {
    const plain = sample("formatted-broadcast-join.txt");
    const copied = `\ufeff${plain.replace(/^( +)/gm, (m) => "\u00a0".repeat(m.length)).replace(/\n/g, "\u200b\n")}`;
    const a = parse(plain).plans[0]!;
    const b = parse(copied).plans[0]!;
    expect(b.nodes.map((n) => [n.id, n.name, n.operatorId])).toEqual(
      a.nodes.map((n) => [n.id, n.name, n.operatorId]),
    );
    expect(b.edges).toEqual(a.edges);
  });
  it("reads a plan copied out of JSON (an event log's physicalPlanDescription), headers and all", () => {
    const plain = sample("extended-filter-cast.txt");
    const copied = `{"Event":"SparkListenerSQLExecutionStart","executionId":0,"physicalPlanDescription":${JSON.stringify(plain)},"time":1}`;
    const a = parse(plain).plans[0]!;
    const out = parseExplain(copied);
    if (!out.ok) throw new Error(out.error.message);
    const b = out.result.plans[0]!;
    expect(b.mode).toBe("extended");
    expect(b.nodes.map((n) => [n.name, n.section])).toEqual(a.nodes.map((n) => [n.name, n.section]));
    expect(out.result.warnings.map((w) => w.code)).toEqual(["unfolded-json"]);
  });
  it("reads the repr a Python shell echoes for EXPLAIN's row, escapes undone", () => {
    // `spark.sql("EXPLAIN ...").collect()` in pyspark: single quotes, `\'` and `\\` escaped.
    const repr =
      ">>> [Row(plan='== Physical Plan ==\\n*(1) Project [a#1]\\n+- *(1) Filter (s#2 = \\'x\\\\y\\')\\n   +- *(1) LocalTableScan [a#1, s#2]\\n\\n')]\n>>> ";
    const out = parseExplain(repr);
    if (!out.ok) throw new Error(out.error.message);
    const p = out.result.plans[0]!;
    expect(p.mode).toBe("simple");
    expect(p.nodes.map((n) => n.name)).toEqual(["Project", "Filter", "LocalTableScan"]);
    expect(one(p, "Filter").details.Condition).toBe("(s#2 = 'x\\y')");
    expect(out.result.warnings.map((w) => w.code)).toEqual(["unfolded-python"]);
    // An escape Python never prints (beyond U+10FFFF) stays as text instead of failing the paste.
    const odd = parse("'== Physical Plan ==\\nProject [a#1]\\n+- LocalTableScan [\\UFFFFFFFF]\\n'");
    expect(odd.plans[0]!.nodes.map((n) => n.args)).toEqual(["[a#1]", "[\\UFFFFFFFF]"]);
    // A plan holding a `'` (an unresolved parsed plan) is double-quoted by Python.
    const double = `[Row(plan="== Parsed Logical Plan ==\\n'Project ['a]\\n+- 'UnresolvedRelation [t], [], false\\n\\n== Physical Plan ==\\nLocalTableScan [a#1]\\n")]`;
    const d = parse(double).plans[0]!;
    expect(d.nodes.map((n) => [n.name, n.section])).toEqual([
      ["Project", "parsed"],
      ["UnresolvedRelation", "parsed"],
      ["LocalTableScan", "physical"],
    ]);
  });
  it("reads plans a shell printed as a value or after its prompt", () => {
    const tree = "AdaptiveSparkPlan isFinalPlan=false\n+- LocalTableScan [a#1]\n";
    for (const prefix of ["Array([", '"', "scala> ", ">>> >>> ", "spark-sql (default)> ", "| "]) {
      const r = parse(`res0: String =\n${prefix}== Physical Plan ==\n${tree}`);
      expect(r.warnings, prefix).toEqual([]);
      expect(r.plans.map((p) => p.mode)).toEqual(["simple"]);
      expect(r.plans[0]!.startLine).toBe(2);
    }
    const codegen = parse("scala> Found 0 WholeStageCodegen subtrees.\n");
    expect(codegen.plans.map((p) => p.mode)).toEqual(["codegen"]);
  });
  it("ends a tree where a shell cut it (`+-...`) and says the plan is cut off there", () => {
    const r = parse(
      '"== Physical Plan ==\nAdaptiveSparkPlan isFinalPlan=false\n+- HashAggregate(keys=[k#1], functions=[sum(v#2)])\n   +-...\n\nscala> ',
    );
    const p = r.plans[0]!;
    expect(p.nodes.map((n) => n.name)).toEqual(["AdaptiveSparkPlan", "HashAggregate"]);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([["cut-tree", 3]]);
  });
  it("reads a plan from a Markdown code block (indented) or an e-mail reply (quoted)", () => {
    const plain = sample("formatted-broadcast-join.txt");
    const a = parse(plain).plans[0]!;
    for (const pasted of [
      plain.replace(/^/gm, "    "),
      plain.replace(/^/gm, "> "),
      plain.replace(/^(?=.)/gm, ">"),
    ]) {
      const out = parse(pasted);
      expect(out.warnings).toEqual([]);
      const b = out.plans[0]!;
      expect(b.nodes.map((n) => [n.id, n.name, n.details])).toEqual(
        a.nodes.map((n) => [n.id, n.name, n.details]),
      );
      expect(b.edges).toEqual(a.edges);
    }
  });
  it("does not take indented SQL for a plan-stability tree", () => {
    const sql = "EXPLAIN FORMATTED\n  SELECT key, max(val)\n  FROM t\n  GROUP BY key\n";
    expect(parseExplain(sql).ok).toBe(false);
    const plans = parse(`${sql}\n== Physical Plan ==\n*(1) Range (0, 1, step=1, splits=1)\n`).plans;
    expect(plans.map((p) => p.nodes.map((n) => n.name))).toEqual([["Range"]]);
  });
});

describe("vendor engines", () => {
  it("keeps Gluten's transformer marker and Comet's fallback notes", () => {
    const gluten = parse(
      "== Physical Plan ==\nVeloxColumnarToRow (3)\n+- ^ ProjectExecTransformer (2)\n   +- ^ FileSourceScanExecTransformer parquet  (1)\n\n\n(1) FileSourceScanExecTransformer parquet \nOutput [1]: [a#1]\n\n(2) ProjectExecTransformer\nOutput [1]: [a#1]\n\n(3) VeloxColumnarToRow\nInput [1]: [a#1]\n",
    ).plans[0]!;
    expect(gluten.nodes.map((n) => [n.name, n.marker])).toEqual([
      ["VeloxColumnarToRow", null],
      ["ProjectExecTransformer", "^"],
      ["FileSourceScanExecTransformer", "^"],
    ]);
    const comet = parse(
      "HashAggregate\n+-  Window [COMET: WindowExec is not fully compatible with Spark]\n   +- CometExchange\n      +- CometScan [native_iceberg_compat] parquet db.t\n\nComet accelerated 2 out of 4 eligible operators (50%). Final plan contains 1 transitions between Spark and Comet.\n",
    ).plans[0]!;
    expect(comet.nodes.map((n) => n.name)).toEqual(["HashAggregate", "Window", "CometExchange", "CometScan"]);
    expect(one(comet, "Window").args).toContain("[COMET:");
    expect(one(comet, "CometScan").details).toEqual({
      "Scan implementation": "native_iceberg_compat",
      Format: "parquet",
      Table: "db.t",
    });
    expect(comet.notes?.[0]?.text).toMatch(/^Comet accelerated/);
  });
  it("reads Comet's formatted Arguments into the fields Spark's own operators have", () => {
    const p = parse(`== Physical Plan ==
* CometColumnarToRow (4)
+- CometBroadcastHashJoin (3)
   :- CometScan parquet db.s (1)
   +- CometScan parquet db.d (2)


(1) CometScan parquet db.s
Output [1]: [k#1]

(2) CometScan parquet db.d
Output [1]: [k#2]

(3) CometBroadcastHashJoin
Left output [1]: [k#1]
Right output [1]: [k#2]
Arguments: [k#1], [k#2], Inner, BuildRight

(4) CometColumnarToRow [codegen id : 1]
Input [1]: [k#1]
`).plans[0]!;
    expect(one(p, "CometBroadcastHashJoin").details).toMatchObject({
      "Left keys": "[k#1]",
      "Right keys": "[k#2]",
      "Join type": "Inner",
      "Build side": "Right",
      "Left output": "[k#1]",
    });
  });
});

describe("parsePartitioning", () => {
  it("reads hash, range, round robin and single partitioning", () => {
    expect(parsePartitioning("hashpartitioning(a#1, b#2, 200), ENSURE_REQUIREMENTS, [plan_id=5]")).toEqual({
      kind: "hash",
      keys: ["a#1", "b#2"],
      partitions: 200,
    });
    expect(parsePartitioning("rangepartitioning(a#1 ASC NULLS FIRST, 8)")).toEqual({
      kind: "range",
      keys: ["a#1 ASC NULLS FIRST"],
      partitions: 8,
    });
    expect(parsePartitioning("RoundRobinPartitioning(4)")).toEqual({
      kind: "roundrobin",
      keys: [],
      partitions: 4,
    });
    expect(parsePartitioning("SinglePartition, ENSURE_REQUIREMENTS, [plan_id=3]")).toEqual({
      kind: "single",
      keys: [],
      partitions: 1,
    });
    expect(parsePartitioning("something else")).toBe(null);
  });
});

describe("Spark 2.4 text", () => {
  it("reads FileScan fields and links a ReusedExchange to the exchange it prints", () => {
    const text = `== Physical Plan ==
*(5) SortMergeJoin [k#1], [k#7], Inner
:- *(2) Sort [k#1 ASC NULLS FIRST], false, 0
:  +- Exchange hashpartitioning(k#1, 200)
:     +- *(1) Project [k#1]
:        +- *(1) Filter isnotnull(k#1)
:           +- *(1) FileScan parquet default.t[k#1,p#2] Batched: true, Format: Parquet, Location: InMemoryFileIndex[file:/w/t], PartitionCount: 3, PartitionFilters: [], PushedFilters: [IsNotNull(k)], ReadSchema: struct<k:int>
+- *(4) Sort [k#7 ASC NULLS FIRST], false, 0
   +- ReusedExchange [k#7], Exchange hashpartitioning(k#1, 200)
`;
    const r = parse(text);
    const p = r.plans[0]!;
    expect(r.warnings).toEqual([]);
    const scan = one(p, "FileScan");
    expect(scan.details.PartitionCount).toBe("3");
    expect(scan.details.PushedFilters).toBe("[IsNotNull(k)]");
    expect(scan.details.Location).toBe("InMemoryFileIndex[file:/w/t]");
    expect(p.edges).toContainEqual({
      from: one(p, "Exchange").id,
      to: one(p, "ReusedExchange").id,
      kind: "reuse",
    });
  });
});

describe("plan-stability wrappers", () => {
  it("a WholeStageCodegen wrapper belongs to its own stage's cluster", () => {
    const p = parse(readFileSync("fixtures/explain/simplified-reuse.txt", "utf8")).plans[0]!;
    const wrappers = byName(p, "WholeStageCodegen");
    expect(wrappers.map((w) => w.codegenStage)).toEqual([4, 1]);
    for (const w of wrappers)
      expect(p.clusters.some((c) => c.nodeIds.includes(w.id) && c.stage === w.codegenStage)).toBe(true);
  });
});
