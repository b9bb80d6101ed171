/**
 * The parser's tree edges equal the parents computed from indentation alone (./tree-oracle.ts) for
 * simple, extended, cost, plan-stability and Comet trees: every fixture written by real pyspark,
 * the hand-made fixtures, and the corpus. Formatted mode (checked by operator ids elsewhere) and
 * codegen are left out, and so are inputs that are not clean Spark output (shell noise, tabs,
 * `show()` tables: the parser cleans them first, the oracle would have to copy that).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import type { ParseResult } from "@/lib/plan/types";
import { CORPUS, corpusFiles, hasCorpus } from "./corpus";
import { indentationTree } from "./tree-oracle";

/** Where the parser disagrees with the oracle: missing or extra nodes, wrong parents. */
function treeProblems(text: string, result: ParseResult): string[] {
  const oracle = indentationTree(text);
  const nodes = result.plans.flatMap((p) => p.nodes);
  const lineOf = new Map(nodes.map((n) => [n.id, n.line]));
  const parent = new Map<number, number>();
  for (const p of result.plans)
    for (const e of p.edges) {
      if (e.kind === "reuse") continue; // drawn between trees, not a tree edge
      const child = lineOf.get(e.from)!;
      if (parent.has(child)) return [`line ${child}: two parents`];
      parent.set(child, lineOf.get(e.to)!);
    }
  const problems: string[] = [];
  const parsedLines = new Set(nodes.map((n) => n.line));
  const oracleLines = new Set(oracle.nodes);
  for (const l of oracle.nodes) if (!parsedLines.has(l)) problems.push(`line ${l}: no node`);
  for (const l of parsedLines)
    if (!oracleLines.has(l)) problems.push(`line ${l}: a node where no tree line is`);
  for (const l of oracle.nodes)
    if (oracle.parent.get(l) !== parent.get(l))
      problems.push(
        `line ${l}: parent line ${parent.get(l) ?? "none"}, indentation says ${oracle.parent.get(l) ?? "none"}`,
      );
  return problems;
}

function check(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    const out = parseExplain(text);
    if (!out.ok) problems.push(`${f}: ${out.error.message}`);
    else for (const p of treeProblems(text, out.result).slice(0, 3)) problems.push(`${f}: ${p}`);
  }
  return problems;
}

describe("the indentation oracle itself", () => {
  it("reads parents, subqueries (inner children) and AQE markers from the columns", () => {
    const text = readFileSync("fixtures/explain/aqe-subquery.simple.txt", "utf8");
    const { nodes, parent } = indentationTree(text);
    // Lines 3, 8, 15 and 22 are the four AQE markers: not nodes.
    expect(nodes).toEqual([
      2, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    ]);
    // Written by reading the text: each plan under a marker hangs off the AdaptiveSparkPlan.
    const expected: Record<number, number> = {
      4: 2,
      5: 4,
      6: 5,
      7: 6,
      9: 7,
      10: 9,
      11: 10,
      12: 11,
      13: 12,
      14: 13,
      16: 7,
      17: 16,
      18: 17,
      19: 18,
      20: 5,
      21: 20,
      23: 2,
      24: 23,
      25: 24,
      26: 25,
      27: 26,
      28: 27,
      29: 28,
      30: 29,
      31: 24,
    };
    expect(Object.fromEntries(parent)).toEqual(expected);
  });

  it("reads plan-stability trees by two-space steps, and skips the analyzed plan's schema line", () => {
    const stability = "A\n  B\n    C\n  D\n";
    expect(Object.fromEntries(indentationTree(stability).parent)).toEqual({ 2: 1, 3: 2, 4: 1 });
    const extended =
      "== Analyzed Logical Plan ==\nid: bigint\nProject [id#1L]\n+- Range (0, 1, step=1, splits=Some(1))\n";
    const t = indentationTree(extended);
    expect(t.nodes).toEqual([3, 4]);
    expect(Object.fromEntries(t.parent)).toEqual({ 4: 3 });
  });

  it("catches a parser that hangs a node on the wrong parent", () => {
    const text = readFileSync("fixtures/explain/aqe-subquery.simple.txt", "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    expect(treeProblems(text, out.result)).toEqual([]);
    const plan = out.result.plans[0]!;
    // Move the second ColumnarToRow (line 20) from the Filter to the Project: same node count.
    const byLine = new Map(plan.nodes.map((n) => [n.line, n.id]));
    const edges = plan.edges.map((e) => (e.from === byLine.get(20) ? { ...e, to: byLine.get(4)! } : e));
    const broken = { ...out.result, plans: [{ ...plan, edges }] };
    expect(treeProblems(text, broken)).toEqual(["line 20: parent line 4, indentation says 5"]);
  });
});

const NOT_CLEAN = /explain-show\/|noisy-shell|crlf-tabs/;
const fixtureFiles = [
  ...readdirSync("fixtures/explain").map((n) => join("fixtures/explain", n)),
  ...readdirSync("fixtures/spark").flatMap((v) =>
    readdirSync(join("fixtures/spark", v))
      .filter((d) => d.startsWith("explain"))
      .flatMap((d) => readdirSync(join("fixtures/spark", v, d)).map((n) => join("fixtures/spark", v, d, n))),
  ),
].filter((f) => f.endsWith(".txt") && !/\.(codegen|formatted)\./.test(f) && !NOT_CLEAN.test(f));

describe("parser edges = indentation parents", () => {
  it("over every real-pyspark and hand-made fixture tree", () => {
    for (const mode of ["simple", "extended", "cost"])
      expect(fixtureFiles.filter((f) => f.includes(`.${mode}.`)).length, mode).toBeGreaterThan(300);
    expect(check(fixtureFiles)).toEqual([]);
  });

  const corpus = hasCorpus
    ? corpusFiles("explain", (n) => n.endsWith(".simplified.txt") || n.endsWith(".extended.txt"))
    : [];
  it.skipIf(!hasCorpus)("over the corpus's plan-stability, extended and Comet trees", () => {
    expect(corpus.filter((f) => f.endsWith(".simplified.txt")).length).toBeGreaterThan(500);
    expect(corpus.filter((f) => f.startsWith("explain/comet")).length).toBeGreaterThan(100);
    expect(check(corpus.map((f) => join(CORPUS, f)))).toEqual([]);
  });
});
