/**
 * Explain text → Plans. Finds every printed plan in the input (a paste may hold several, and a
 * spark-sql `*.sql.out` golden holds dozens), reads each section's tree and, in formatted mode,
 * the detail blocks and the `===== Subqueries =====` section.
 *
 * Never throws on user input: what cannot be read becomes a warning with its line number.
 */
import type {
  ExplainMode,
  GeneratedCode,
  ParseOutcome,
  Plan,
  PlanNote,
  Section,
  Warning,
} from "@/lib/plan/types";
import { buildPlan, type SubqueryHeader, type TreeInput } from "./build";
import { DetailBlocks, detailHeaderId, readDetailBlock, SUBQUERY_HEADER } from "./details";
import { readIndentedTree, startsIndentedTree } from "./indented";
import { type SourceLines, sourceLines } from "./lines";
import { afterPrompts } from "./noise";
import { truncatedShow, unfoldPrinted } from "./show";
import { readTree } from "./tree";

const SECTION_HEADERS: Record<string, Section> = {
  "== Parsed Logical Plan ==": "parsed",
  "== Analyzed Logical Plan ==": "analyzed",
  "== Optimized Logical Plan ==": "optimized",
  "== Physical Plan ==": "physical",
};
const SECTION_ORDER: readonly Section[] = ["parsed", "analyzed", "optimized", "physical"];
// explain(mode="codegen"): WholeStageCodegenExec subtrees, each followed by its Java source.
// See sql/core/src/main/scala/org/apache/spark/sql/execution/debug/package.scala (codegenString).
const CODEGEN_FOUND = /^Found (\d+) WholeStageCodegen subtrees?\.$/;
const GENERATED_LINE = /^\/\* \d+ \*\//;
const CODEGEN_SUBTREE = /^== Subtree (\d+) \/ (\d+)(?: \((.*)\))? ==$/;
// Databricks appends `== Photon Explanation ==` and a paragraph on what Photon could not run.
const NOTE_HEADER = /^== (Photon Explanation) ==$/;
const TREE_CONNECTOR = /^[ :|]*[+:]- +\S/;
const MAIN = { section: "physical", tree: "main" } as const;
const ONE_OPERATOR = /^(?:[*^](?:\(\d+\))? )?[A-Z][\w$]*(?: \[| <empty>|\(| \(\d+\)$)/;

interface PendingPlan {
  trees: TreeInput[];
  sections: Set<Section>;
  details: DetailBlocks;
  subqueries: SubqueryHeader[];
  startLine: number;
  endLine: number;
  formatted: boolean;
  codegen: boolean;
  generatedCode: GeneratedCode[];
  notes: PlanNote[];
}

/** The section a `== Physical Plan ==` (etc.) header on line `i` opens, or null for any other line. */
function sectionHeader(lines: SourceLines, i: number): Section | null {
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
function headerStart(lines: SourceLines, i: number): number {
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
function hasSchemaLine(lines: SourceLines, i: number): boolean {
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

const UNFOLDED_FROM = {
  "show()": "Read as the output of show(truncate=False): the plan's line breaks were printed as \\n",
  JSON: "Read as a JSON string: the plan's line breaks were escaped as \\n",
  Python:
    "Read as a Python string (what a Python shell echoes for the row EXPLAIN returns): the plan's line breaks were escaped as \\n",
} as const;

const UNFOLDED_CODE = { "show()": "unfolded-show", JSON: "unfolded-json", Python: "unfolded-python" } as const;

export function parseExplain(text: string): ParseOutcome {
  const unfolded = unfoldPrinted(text);
  if (unfolded === null) return parseText(text);
  // `spark.sql("EXPLAIN ...").show(truncate=False)`, or a plan copied out of JSON: its line
  // breaks are escaped as `\n`.
  const note: Warning = {
    code: UNFOLDED_CODE[unfolded.from],
    message: `${UNFOLDED_FROM[unfolded.from]}, so line numbers count the unfolded plan.`,
    line: 1,
  };
  const out = parseText(unfolded.text);
  return out.ok
    ? { ok: true, result: { ...out.result, warnings: [note, ...out.result.warnings] } }
    : { ...out, warnings: [note, ...out.warnings] };
}

function parseText(text: string): ParseOutcome {
  const lines = sourceLines(text);
  const warnings: Warning[] = [];
  const plans: Plan[] = [];
  // Line ranges [start, end) of the plans found by their headers, in order.
  const headed: number[] = [];
  let readingHeaded = true;
  let current: PendingPlan | null = null;
  let open: PendingPlan | null = null;

  // A plan is built as soon as the next one starts (or the text ends), so what was gathered to
  // build it is garbage while still young, not carried to the end of a large paste.
  const finish = (): void => {
    const p = open;
    open = null;
    if (p === null) return;
    if (readingHeaded) headed.push(p.startLine - 1, p.endLine);
    if (p.trees.length === 0 && !p.codegen) return;
    plans.push(
      buildPlan(
        {
          index: plans.length,
          mode: modeOf(p),
          trees: p.trees,
          details: p.details,
          subqueries: p.subqueries,
          startLine: p.startLine,
          endLine: p.endLine,
          generatedCode: p.generatedCode,
          notes: p.notes,
        },
        lines,
        warnings,
      ),
    );
  };

  const startPlan = (line: number): PendingPlan => {
    finish();
    const p: PendingPlan = {
      trees: [],
      sections: new Set(),
      details: new DetailBlocks(),
      subqueries: [],
      startLine: line,
      endLine: line,
      formatted: false,
      codegen: false,
      generatedCode: [],
      notes: [],
    };
    open = p;
    return p;
  };

  let i = 0;
  while (i < lines.length) {
    const section = sectionHeader(lines, i);
    if (section === null) {
      // `== Photon Explanation ==` or `Found N WholeStageCodegen subtrees.`: lines ending `=` or `.`.
      const e = lines.end(i);
      const last = lines.text.charCodeAt(e - 1);
      const at = last === 61 || last === 46 ? headerStart(lines, i) : e;
      const c = lines.text.charCodeAt(at);
      if (at >= e || (c !== 61 && c !== 70)) {
        i++;
        continue;
      }
      const line = lines.text.slice(at, e);
      const note = NOTE_HEADER.exec(line);
      if (note && open !== null) {
        i = readNote(lines, i, note[1]!, open);
        continue;
      }
      const found = CODEGEN_FOUND.exec(line);
      if (found) {
        const p = startPlan(i + 1);
        p.codegen = true;
        i = readCodegenSubtrees(lines, i + 1, p);
        if (found[1] === "0") {
          warnings.push({
            code: "no-codegen-subtrees",
            message:
              "Spark found no WholeStageCodegen subtrees. With adaptive execution on, codegen mode shows the stages only after the query has run.",
            line: p.startLine,
          });
        }
        current = null;
        continue;
      }
      i++;
      continue;
    }
    const headerLine = i + 1;
    if (current === null || startsNewPlan(current, section)) current = startPlan(headerLine);
    current.sections.add(section);
    i++;
    if (section === "analyzed" && i < lines.length && hasSchemaLine(lines, i)) i++; // output schema line
    while (i < lines.length && lines.blank(i) && section !== "analyzed") i++;
    if (i >= lines.length || sectionHeader(lines, i) !== null || lines.blank(i)) {
      warnings.push({
        code: "header-without-tree",
        message: `"${lines.at(i - 1) ?? ""}" is followed by no plan tree.`,
        line: headerLine,
      });
      continue;
    }
    const place = { section, tree: section === "physical" ? "main" : section };
    const read = readTree(lines, i, place);
    current.trees.push({ read, ...place });
    current.endLine = read.end;
    i = read.end;
    if (section === "physical") {
      current.formatted = read.formatted;
      if (read.formatted) i = readFormattedTail(lines, i, current, warnings);
      current = null; // a physical plan ends one explain output
    }
  }

  finish();
  // Trees printed without a header (copied from the Spark UI, plan-stability goldens) are read
  // wherever no headed plan is: the whole text, or the gaps between headed plans.
  readingHeaded = false;
  const headedPlans = plans.length;
  let from = 0;
  for (let k = 0; k < headed.length; k += 2) {
    if (headed[k]! > from) readBareTrees(lines, from, headed[k]!, startPlan, warnings);
    from = Math.max(from, headed[k + 1]!);
  }
  if (from < lines.length) readBareTrees(lines, from, lines.length, startPlan, warnings);
  finish();
  if (headedPlans > 0 && plans.length > headedPlans) {
    plans.sort((a, b) => a.startLine - b.startLine);
    plans.forEach(reindex);
  }

  if (plans.length === 0) {
    const cut = truncatedShow(text);
    if (cut > 0) {
      return {
        ok: false,
        error: {
          code: "truncated-show",
          message:
            "This is the output of show(), which cuts every value to 20 characters: the plan is not in it. Print it whole with show(truncate=False), df.explain(), or print(df._jdf.queryExecution().toString()).",
          line: cut,
          column: 1,
        },
        warnings,
      };
    }
    let firstIndex = -1;
    for (let k = 0; k < lines.length && firstIndex < 0; k++) if (!lines.blank(k)) firstIndex = k;
    return {
      ok: false,
      error:
        firstIndex >= 0
          ? {
              code: "no-plan",
              message: `No Spark plan found: expected a "== Physical Plan ==" header or a plan tree with "+- " lines, but line ${firstIndex + 1} reads "${clip(lines.at(firstIndex)!)}".`,
              line: firstIndex + 1,
              column: 1,
            }
          : { code: "empty-input", message: "The input is empty: paste the output of df.explain().", line: 1, column: 1 },
      warnings,
    };
  }
  warnings.sort((a, b) => a.line - b.line);
  return { ok: true, result: { plans, warnings } };
}

/** Gives a plan built under another index its place in the result (nodes and stages name it). */
function reindex(plan: Plan, index: number): void {
  if (plan.index === index) return;
  (plan as { index: number }).index = index;
  for (const n of plan.nodes) (n as { plan: number }).plan = index;
  for (const c of plan.clusters) {
    const cluster = c as { id: string; plan: number };
    cluster.plan = index;
    cluster.id = `p${index}${cluster.id.slice(cluster.id.indexOf(":wscg:"))}`;
  }
}

function startsNewPlan(p: PendingPlan, section: Section): boolean {
  const last = [...p.sections].reduce((m, s) => Math.max(m, SECTION_ORDER.indexOf(s)), -1);
  return SECTION_ORDER.indexOf(section) <= last;
}

function modeOf(p: PendingPlan): ExplainMode {
  if (p.codegen) return "codegen";
  if (p.formatted) return "formatted";
  // explain(mode="cost") prints the optimized logical plan (with statistics) and the physical plan;
  // "extended" prints all four sections.
  if (p.sections.has("parsed") || p.sections.has("analyzed")) return "extended";
  if (p.sections.has("optimized")) return "cost";
  return "simple";
}

/** Formatted mode: detail blocks, then `===== Subqueries =====` with a tree per subquery. */
function readFormattedTail(
  lines: SourceLines,
  start: number,
  plan: PendingPlan,
  warnings: Warning[],
): number {
  const t = lines.text;
  let i = start;
  while (i < lines.length) {
    const s = lines.start(i);
    const e = lines.end(i);
    const line = i + 1;
    const c0 = t.charCodeAt(s);
    if (e === s || (c0 === 61 && t.slice(s, e) === "===== Subqueries =====")) {
      i++;
      continue;
    }
    const id = c0 === 40 ? detailHeaderId(lines, i) : -1; // '('
    if (id >= 0) {
      const second = plan.details.has(id);
      if (second) warnings.push({ code: "duplicate-details", message: `Operator id (${id}) has a second detail block.`, line });
      i = readDetailBlock(lines, i, second ? null : plan.details);
      plan.endLine = i;
      continue;
    }
    const sq = c0 === 83 ? SUBQUERY_HEADER.exec(t.slice(s, e)) : null; // 'S'
    if (sq) {
      const index = Number(sq[1]);
      let tree: string | null = null;
      i++;
      if (
        i < lines.length &&
        !lines.blank(i) &&
        detailHeaderId(lines, i) < 0 &&
        !SUBQUERY_HEADER.test(lines.at(i)!)
      ) {
        tree = `subquery:${index}`;
        const read = readTree(lines, i, { section: "physical", tree }, true);
        plan.trees.push({ read, section: "physical", tree });
        i = read.end;
      }
      plan.subqueries.push({
        index,
        hostingOperatorId: Number(sq[2]),
        hostingExpression: sq[3]!,
        tree,
        line,
      });
      plan.endLine = i;
      continue;
    }
    break;
  }
  return i;
}

/** Reads every tree that stands on its own (a bare pasted tree) in lines `from` to `to` - 1. */
function readBareTrees(
  lines: SourceLines,
  from: number,
  to: number,
  startPlan: (line: number) => PendingPlan,
  warnings: Warning[],
): void {
  let nonBlank = 0;
  for (let k = 0; k < lines.length && nonBlank < 2; k++) if (!lines.blank(k)) nonBlank++;
  let latest: PendingPlan | null = null;
  // Comet's extended plans end with `Comet accelerated 46 out of 49 eligible operators (93%). ...`
  const pendingLast = (text: string) => (latest && text.startsWith("Comet accelerated ") ? latest : null);
  let i = from;
  while (i < to) {
    const here = lines.at(i)!;
    const next = lines.at(i + 1);
    // A one-operator plan (`LocalTableScan <empty>, [a#1]`) has no connector lines to go by.
    const single = nonBlank === 1 && ONE_OPERATOR.test(here.trim());
    if (
      here.length > 0 &&
      !TREE_CONNECTOR.test(here) &&
      ((next !== undefined && TREE_CONNECTOR.test(next)) || single)
    ) {
      const read = readTree(lines, i, MAIN, undefined, to); // not into the headed plan after the gap
      const p = startPlan(i + 1);
      latest = p;
      p.trees.push({ read, section: "physical", tree: "main" });
      p.endLine = read.end;
      p.formatted = read.formatted;
      i = read.end;
      if (read.formatted) i = readFormattedTail(lines, i, p, warnings);
      continue;
    }
    if (startsIndentedTree(lines, i)) {
      const read = readIndentedTree(lines, i, MAIN, to);
      const p = startPlan(i + 1);
      p.trees.push({ read, section: "physical", tree: "main" });
      p.endLine = read.end;
      i = read.end;
      continue;
    }
    const summary = pendingLast(here);
    if (summary) {
      summary.notes.push({ title: "Comet", text: here, line: i + 1 });
      i++;
      continue;
    }
    i++;
  }
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

/** `== Subtree i / N (...) ==`, the subtree, `Generated code:` and the numbered Java lines. */
function readCodegenSubtrees(lines: SourceLines, start: number, plan: PendingPlan): number {
  let i = start;
  while (i < lines.length) {
    const text = lines.at(i)!;
    const sub = CODEGEN_SUBTREE.exec(text);
    if (!sub) {
      if (text.length === 0) {
        i++;
        continue;
      }
      break;
    }
    const index = Number(sub[1]);
    i++;
    while (i < lines.length && lines.blank(i)) i++;
    if (i >= lines.length) break;
    const tree = `codegen:${index}`;
    const read = readTree(lines, i, { section: "physical", tree });
    plan.trees.push({ read, section: "physical", tree });
    plan.endLine = read.end;
    i = read.end;
    while (i < lines.length && lines.blank(i)) i++;
    if (lines.at(i) === "Generated code:") {
      const codeStart = i + 2;
      i++;
      while (
        i < lines.length &&
        !CODEGEN_SUBTREE.test(lines.at(i)!) &&
        (lines.blank(i) || GENERATED_LINE.test(lines.at(i)!))
      )
        i++;
      plan.generatedCode.push({
        subtree: index,
        stage: read.nodes[0]?.codegenStage ?? null,
        header: sub[3] ?? "",
        startLine: codeStart,
        endLine: i,
      });
      plan.endLine = i;
    }
  }
  return i;
}

/** A titled paragraph after a plan, up to the next blank line pair or section header. */
function readNote(lines: SourceLines, start: number, title: string, plan: PendingPlan): number {
  let i = start + 1;
  const text: string[] = [];
  while (i < lines.length && sectionHeader(lines, i) === null && !NOTE_HEADER.test(lines.at(i)!)) {
    if (lines.blank(i) && lines.blank(i + 1)) break;
    text.push(lines.at(i)!);
    i++;
  }
  plan.notes.push({ title, text: text.join("\n").trim(), line: start + 1 });
  plan.endLine = i;
  return i;
}
