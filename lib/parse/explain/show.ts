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
