/**
 * Explain text → Plans. Finds every printed plan in the input (a paste may hold several, and a
 * spark-sql `*.sql.out` golden holds dozens), reads each section's tree and, in formatted mode,
 * the detail blocks and the `===== Subqueries =====` section.
 *
 * The passes, each in its own file: headers.ts finds where sections, codegen listings and notes
 * start; tree.ts / indented.ts read a tree's lines into nodes (operator.ts, fields.ts read each
 * line); blocks.ts reads what follows a tree (detail blocks, subqueries, generated code, notes);
 * bare.ts finds trees pasted without a header; pending.ts collects each plan's parts and build.ts
 * turns them into the Plan model. Text re-enters nothing: each pass moves forward over the lines.
 *
 * Never throws on user input: what cannot be read becomes a warning with its line number.
 */
import type { ParseOutcome, Warning } from "@/lib/plan/types";
import { readBareTrees } from "./bare";
import { readCodegenSubtrees, readFormattedTail, readNote } from "./blocks";
import { CODEGEN_FOUND, hasSchemaLine, headerStart, NOTE_HEADER, sectionHeader } from "./headers";
import { type SourceLines, sourceLines } from "./lines";
import { type PendingPlan, PlanCollector, startsNewPlan } from "./pending";
import { truncatedShow, unfoldPrinted } from "./show";
import { readTree } from "./tree";

const UNFOLDED_FROM = {
  "show()": "Read as the output of show(truncate=False): the plan's line breaks were printed as \\n",
  JSON: "Read as a JSON string: the plan's line breaks were escaped as \\n",
  Python:
    "Read as a Python string (what a Python shell echoes for the row EXPLAIN returns): the plan's line breaks were escaped as \\n",
} as const;

const UNFOLDED_CODE = {
  "show()": "unfolded-show",
  JSON: "unfolded-json",
  Python: "unfolded-python",
} as const;

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
  const c = new PlanCollector(lines, warnings);
  readHeadedPlans(lines, c, warnings);
  c.endHeaded();
  // Trees printed without a header (copied from the Spark UI, plan-stability goldens) are read
  // wherever no headed plan is: the whole text, or the gaps between headed plans.
  const headedPlans = c.plans.length;
  const headed = c.headed;
  let from = 0;
  for (let k = 0; k < headed.length; k += 2) {
    if (headed[k]! > from) readBareTrees(lines, from, headed[k]!, c.startPlan, warnings);
    from = Math.max(from, headed[k + 1]!);
  }
  if (from < lines.length) readBareTrees(lines, from, lines.length, c.startPlan, warnings);
  c.finish();
  c.sortByLine(headedPlans);
  if (c.plans.length === 0) return noPlan(text, lines, warnings);
  warnings.sort((a, b) => a.line - b.line);
  return { ok: true, result: { plans: c.plans, warnings } };
}

/** Every plan that opens with a header (`== Physical Plan ==`, `Found N WholeStageCodegen ...`). */
function readHeadedPlans(lines: SourceLines, plans: PlanCollector, warnings: Warning[]): void {
  let current: PendingPlan | null = null;
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
      if (note && plans.open !== null) {
        i = readNote(lines, i, note[1]!, plans.open);
        continue;
      }
      const found = CODEGEN_FOUND.exec(line);
      if (found) {
        const p = plans.startPlan(i + 1);
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
    if (current === null || startsNewPlan(current, section)) current = plans.startPlan(headerLine);
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
}

/** The input holds no plan: say why, pointing at a line. */
function noPlan(text: string, lines: SourceLines, warnings: Warning[]): ParseOutcome {
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
        : {
            code: "empty-input",
            message: "The input is empty: paste the output of df.explain().",
            line: 1,
            column: 1,
          },
    warnings,
  };
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}
