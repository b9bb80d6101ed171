/**
 * Lines that are not Spark's plan output but often sit inside a paste: log4j lines written to the
 * same console, REPL prompts and echoes, spark-shell progress bars. Readers skip them instead of
 * ending the tree there.
 */
const LOG4J =
  /^\d{2}(?:\d{2})?[/-]\d{2}[/-]\d{2}[ T]\d{2}:\d{2}:\d{2}\S*\s+(?:\[[^\]]*\]\s+)?(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL)\b/;
const PROMPT = /^(?:scala>|>>>|\.\.\.|In \[\d*\]:|Out\[\d+\]:|spark-sql(?: \([^)]*\))?>)(?:\s|$)/;
const PROGRESS = /^\[Stage \d+:/;

export function isNoise(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) return LOG4J.test(line);
  if (c === 115 || c === 62 || c === 46 || c === 73 || c === 79) return PROMPT.test(line); // s > . I O
  if (c === 91) return PROGRESS.test(line); // [
  return false;
}
