/**
 * Every explain file of the corpus (TPC-DS/TPC-H goldens in all their kinds, Comet and Gluten
 * plans, and the explain blocks inside spark-sql `*.sql.out` goldens) reads with zero errors and
 * zero warnings, and the physical node count equals the operator lines counted from the text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { CORPUS, corpusFiles, hasCorpus } from "./corpus";
import { countPhysicalOperatorLines } from "./count";

const files = corpusFiles("explain", (n) => n.endsWith(".txt") || n.endsWith(".sql.out"));

describe.skipIf(!hasCorpus)("corpus: every explain file", () => {
  it("has simplified, extended and sql.out files too", () => {
    expect(files.filter((f) => f.endsWith(".simplified.txt")).length).toBeGreaterThan(100);
    expect(files.filter((f) => f.endsWith(".sql.out")).length).toBeGreaterThan(5);
  });
  it.each(files)("%s", (file) => {
    const text = readFileSync(join(CORPUS, file), "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(`${file}:${out.error.line}: ${out.error.message}`);
    expect(out.result.warnings).toEqual([]);
    const physical = out.result.plans.flatMap((p) => p.nodes).filter((n) => n.section === "physical");
    expect(physical.length).toBe(countPhysicalOperatorLines(text));
  });
});
