/**
 * Lines that are not Spark's plan output but often sit inside a paste: log4j lines written to the
 * same console, REPL prompts and echoes, spark-shell progress bars. Readers skip them instead of
 * ending the tree there.
 */
const LOG4J =
  /^\d{2}(?:\d{2})?[/-]\d{2}[/-]\d{2}[ T]\d{2}:\d{2}:\d{2}\S*\s+(?:\[[^\]]*\]\s+)?(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL)\b/;
const PROMPT = /^(?:scala>|>>>|\.\.\.|In \[\d*\]:|Out\[\d+\]:|spark-sql(?: \([^)]*\))?>)(?:\s|$)/;
const PROGRESS = /^\[Stage \d+:/;
// The same prompts where output follows them on their line: a shell fed by a pipe, or a Python
// statement that printed nothing, leaves the next output after the prompt (`>>> >>> == Parsed ...`).
const PROMPT_AT = /(?:scala>|>>>|\.\.\.|In \[\d*\]:|Out\[\d+\]:|spark-sql(?: \([^)\n]*\))?>) +/y;

/** True when a line starting with character `c` may start with a REPL prompt. */
function mayStartWithPrompt(c: number): boolean {
  return c === 115 || c === 62 || c === 46 || c === 73 || c === 79; // s > . I O
}

/** Offset after the REPL prompts (`scala> `, `>>> ` ...) that `t[s..e)` starts with; `s` when none. */
export function afterPrompts(t: string, s: number, e: number): number {
  let p = s;
  while (p < e && mayStartWithPrompt(t.charCodeAt(p))) {
    PROMPT_AT.lastIndex = p;
    if (!PROMPT_AT.test(t) || PROMPT_AT.lastIndex > e) break;
    p = PROMPT_AT.lastIndex;
  }
  return p;
}

/** Whether the line `t[s..e)` is noise; cuts the line out only when its first character says it may be. */
export function isNoiseAt(t: string, s: number, e: number): boolean {
  if (s >= e) return false;
  const c = t.charCodeAt(s);
  if (c >= 48 && c <= 57) return LOG4J.test(t.slice(s, e));
  if (mayStartWithPrompt(c)) return PROMPT.test(t.slice(s, e));
  if (c === 91) return PROGRESS.test(t.slice(s, e)); // [
  return false;
}
