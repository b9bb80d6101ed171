/**
 * Pass 1 of the explain parser, the look at one line: does it open a section (`== Physical Plan
 * ==`), a codegen listing (`Found 2 WholeStageCodegen subtrees.`) or a vendor's note, wherever a
 * shell, a table cell or a printed value put it on the line.
 */
import type { Section } from "@/lib/plan/types";
import type { SourceLines } from "./lines";
import { afterPrompts } from "./noise";

const SECTION_HEADERS: Record<string, Section> = {
  "== Parsed Logical Plan ==": "parsed",
  "== Analyzed Logical Plan ==": "analyzed",
  "== Optimized Logical Plan ==": "optimized",
  "== Physical Plan ==": "physical",
};
export const SECTION_ORDER: readonly Section[] = ["parsed", "analyzed", "optimized", "physical"];
// explain(mode="codegen"): WholeStageCodegenExec subtrees, each followed by its Java source.
// See sql/core/src/main/scala/org/apache/spark/sql/execution/debug/package.scala (codegenString).
export const CODEGEN_FOUND = /^Found (\d+) WholeStageCodegen subtrees?\.$/;
// Databricks appends `== Photon Explanation ==` and a paragraph on what Photon could not run.
export const NOTE_HEADER = /^== (Photon Explanation) ==$/;

/** The section a `== Physical Plan ==` (etc.) header on line `i` opens, or null for any other line. */
export function sectionHeader(lines: SourceLines, i: number): Section | null {
  // Called for every line between trees: look at the first character before cutting anything.
  const t = lines.text;
  const e = lines.end(i);
  if (t.charCodeAt(e - 1) !== 61) return null; // headers end with `==`
  const p = headerStart(lines, i);
  if (p === e || t.charCodeAt(p) !== 61) return null; // '='
  return SECTION_HEADERS[t.slice(p, e)] ?? null;
}

/**
 * Where a header (`== Physical Plan ==`, `Found 2 WholeStageCodegen subtrees.`) would start on line
 * `i`: after a REPL prompt when a shell printed the output on its prompt's line (`scala> == Physical
 * Plan ==`), after the `| ` of a table cell that holds the plan (beeline; show() before Spark 3.5),
 * after indentation; or, for a line that ends with a header, after what a shell printed the plan
 * as a value with (`Array([== Physical Plan ==` for Scala's rows, `"== Parsed Logical Plan ==` for a
 * Scala string). Callers check what starts there.
 */
export function headerStart(lines: SourceLines, i: number): number {
  const t = lines.text;
  const s = lines.start(i);
  const e = lines.end(i);
  let p = afterPrompts(t, s, e);
  if (t.charCodeAt(p) === 124) p++;
  while (p < e && t.charCodeAt(p) === 32) p++;
  const c = t.charCodeAt(p);
  if (c === 61 || c === 70 || p >= e) return p;
  // Looked for within the prefix only: a search running past the line would make a long paste
  // of such lines quadratic.
  const last = t.charCodeAt(e - 1);
  const word = last === 61 ? "== " : last === 46 ? "Found " : null;
  if (word === null) return p;
  const limit = Math.min(s + VALUE_PREFIX, e - word.length);
  for (let q = p + 1; q <= limit; q++) if (t.startsWith(word, q)) return q;
  return p;
}
// How much a shell may print before a plan it shows as a value (`res12: String = "`).
const VALUE_PREFIX = 40;

/**
 * Whether line `i`, just under `== Analyzed Logical Plan ==`, is the output schema (`k: bigint, n:
 * bigint`) rather than the tree's root. Spark prints the schema only when the plan has output
 * (QueryExecution: `if (analyzed.output.nonEmpty)`): commands and writes (`InsertIntoHadoopFs
 * RelationCommand`, a streaming `WriteToMicroBatchDataSource`) start their tree right there. The
 * schema is always followed by the root, a line of its own; a root is followed by its children
 * (`+- `, `:- `, or an inner child's indented `+- `), or by nothing.
 */
export function hasSchemaLine(lines: SourceLines, i: number): boolean {
  if (sectionHeader(lines, i) !== null || lines.blank(i)) return false;
  const next = i + 1;
  if (next >= lines.length || lines.blank(next) || sectionHeader(lines, next) !== null) return false;
  const t = lines.text;
  let p = lines.start(next);
  const e = lines.end(next);
  while (p < e && t.charCodeAt(p) === 32) p++;
  const c = t.charCodeAt(p);
  return !((c === 43 || c === 58) && t.charCodeAt(p + 1) === 45); // `+-` / `:-`: a child of line i
}
