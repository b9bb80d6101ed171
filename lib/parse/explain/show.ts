/**
 * `spark.sql("EXPLAIN ...").show(truncate=False)` prints the plan as a one-column table, and since
 * Spark 3.5 show() escapes line breaks (Dataset.showString → escapeMetaCharacters), so the whole
 * plan sits on one table row with `\n` between its lines:
 *
 *   +---------------------------------------------------+
 *   |plan                                               |
 *   +---------------------------------------------------+
 *   |== Physical Plan ==\nAdaptiveSparkPlan (6)\n+- ...  |
 *   +---------------------------------------------------+
 *
 * `unfoldShowOutput` turns such a table back into the text explain() prints; `truncatedShow` spots
 * the default show(), which cut the plan to 20 characters and cannot be read at all.
 * `unfoldJsonString` does the same for a plan copied out of JSON (the event log's
 * `physicalPlanDescription`, the REST API's `planDescription`): one string with `\n` escapes;
 * `unfoldPythonString` for the repr a Python REPL echoes of the string EXPLAIN returns.
 */

const BORDER = /^\+-+(?:\+-+)*\+$/;
const PLAN_COLUMN = /^\|\s*plan\s*\|$/;
const CELL_START = /^\|\s*(?:== [A-Za-z][A-Za-z ]* ==|Found \d+ WholeStageCodegen subtrees?\.)\\n/;
// Spark escapes these (Dataset.escapeMetaCharacters); the plan text itself holds only \n and \t.
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "", f: "", b: "", v: "", a: "" };

/** The text with each escaped plan cell of a show() table unfolded, or null when there is none. */
export function unfoldShowOutput(text: string): string | null {
  // Cheap gate first: a paste that is not show() output is returned at once.
  if (!(text.includes("|== ") || text.includes("|Found ")) || !text.includes("\\n")) return null;
  const lines = text.split(/\r\n?|\n/);
  const out: string[] = [];
  let cells = 0;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (CELL_START.test(line)) {
      const end = line.endsWith("|") && line.length > 1 ? line.length - 1 : line.length;
      const cell = line.slice(1, end).trimEnd();
      out.push(...cell.replace(/\\([ntrfbva])/g, (_, c: string) => ESCAPES[c]!).split("\n"));
      cells++;
    } else if (!BORDER.test(line) && !PLAN_COLUMN.test(line)) out.push(raw);
  }
  return cells > 0 ? out.join("\n") : null;
}

/** The 1-based line of a show() cell cut to 20 characters (`|== Physical Plan...|`), or 0. */
export function truncatedShow(text: string): number {
  const at = text.search(/^\|\s*== [A-Za-z][A-Za-z ]*\.\.\.\s*\|\s*$/m);
  if (at < 0) return 0;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

// `"physicalPlanDescription":"== Physical Plan ==\nAdaptiveSparkPlan ..."`: a JSON string whose
// text starts with a section header or codegen's first line.
const JSON_PLAN =
  /"((?:== [A-Za-z][A-Za-z ]* ==|Found \d+ WholeStageCodegen subtrees?\.)\\n(?:[^"\\]|\\.)*)"/g;

/**
 * The text with each JSON string holding a plan decoded (escapes undone), or null when the text
 * has no such string. JSON.parse decides what qualifies: text with real line breaks inside the
 * quotes is not a JSON string and is left alone.
 */
export function unfoldJsonString(text: string): string | null {
  if (!text.includes('"== ') && !text.includes('"Found ')) return null;
  let found = 0;
  const out = text.replace(JSON_PLAN, (whole, body: string) => {
    try {
      const plan = JSON.parse(`"${body}"`) as string;
      found++;
      return `\n${plan}\n`; // on lines of its own, so its headers start their lines
    } catch {
      return whole;
    }
  });
  return found > 0 ? out : null;
}

// What a Python REPL echoes for `spark.sql("EXPLAIN ...").collect()` (`[Row(plan='== Physical
// Plan ==\n...')]`) or `.first()[0]` (`'== Physical Plan ==\n...'`): the repr of the plan string.
// Python quotes with `'` unless the text holds one (`'Aggregate` in a parsed plan) and no `"`; a
// double-quoted repr is read here when it is a Row's `plan=` (JSON's reader takes the others).
const PYTHON_PLAN =
  /(?:'((?:== [A-Za-z][A-Za-z ]* ==|Found \d+ WholeStageCodegen subtrees?\.)\\n(?:[^'\\\n]|\\.)*)'|plan="((?:== [A-Za-z][A-Za-z ]* ==|Found \d+ WholeStageCodegen subtrees?\.)\\n(?:[^"\\\n]|\\.)*)")/g;

/** The text with each Python string literal holding a plan decoded, or null when there is none. */
export function unfoldPythonString(text: string): string | null {
  if (!text.includes("'== ") && !text.includes("'Found ") && !text.includes('plan="')) return null;
  let found = 0;
  const out = text.replace(PYTHON_PLAN, (_, single?: string, double?: string) => {
    found++;
    return `\n${decodePython((single ?? double)!)}\n`; // on lines of its own, so its headers start them
  });
  return found > 0 ? out : null;
}

/** Undoes Python's string escapes (`\\n`, `\\'`, `\\\\`, `\\xhh`, `\\uhhhh` ...). */
function decodePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (_, e: string) => {
    if (e.length > 1) {
      const code = Number.parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : `\\${e}`; // Python never prints more
    }
    return e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e; // `\\`, `\'`, `\"` stand for themselves
  });
}

/** What a paste holds once printed escapes are undone: a show() table, a JSON or Python string; or null. */
export function unfoldPrinted(
  text: string,
): { readonly text: string; readonly from: "show()" | "JSON" | "Python" } | null {
  // One scan decides for almost every paste: all these shapes escape line breaks as `\n`.
  if (!text.includes("\\n")) return null;
  const table = unfoldShowOutput(text);
  if (table !== null) return { text: table, from: "show()" };
  const python = unfoldPythonString(text);
  if (python !== null) return { text: python, from: "Python" };
  const json = unfoldJsonString(text);
  return json !== null ? { text: json, from: "JSON" } : null;
}
