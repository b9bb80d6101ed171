/**
 * The input as an array of lines; line `i` of the array is source line `i + 1`. Line endings
 * (LF, CRLF, lone CR) and trailing blanks are removed, tabs expanded. Plain strings, not objects:
 * a 20 MB paste has hundreds of thousands of lines, and allocation is what parsing costs.
 */
export function toLines(text: string): string[] {
  const normalised = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const lines = normalised.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let t = lines[i]!;
    const last = t.charCodeAt(t.length - 1);
    if (last === 32 || last === 9) t = t.trimEnd();
    if (t.includes("\t")) t = t.replace(/\t/g, "    ");
    lines[i] = t;
  }
  return lines;
}

/**
 * The input's lines, by index (line `i` is source line `i + 1`), read in place: only an offset
 * table is kept, and a line is cut into a string only when a reader asks for it with `at`. Hot
 * readers look at `text` between `start(i)` and `end(i)` instead, so a 20 MB paste does not make
 * half a million line strings for the garbage collector to copy around.
 */
const UNUSUAL = ["\u00a0", "\u2007", "\u202f", "\u200b", "\ufeff"];
const UNUSUAL_SPACES = /[\u00a0\u2007\u202f\u200b\ufeff]/g;

/**
 * A plan pasted from a Markdown code block, a ticket or an e-mail reply: every line indented the
 * same (four spaces) or quoted (`> `). The shared prefix goes, so detail blocks (`(1) Scan ...`)
 * and headers start their lines again. Line numbers do not change.
 */
function unindent(t: string): string {
  const first = t.search(/\S/);
  if (first < 0) return t;
  const lineStart = t.lastIndexOf("\n", first) + 1;
  const quoted = first === lineStart && t.charCodeAt(first) === 62; // '>'
  if (first === lineStart && !quoted) return t; // the first line is not indented: nothing shared
  const lines = t.split("\n");
  if (quoted) {
    if (!lines.every((l) => l.trim() === "" || l.startsWith(">"))) return t;
    return lines
      .map((l) => (l.startsWith("> ") ? l.slice(2) : l.startsWith(">") ? l.slice(1) : l))
      .join("\n");
  }
  let indent = Number.POSITIVE_INFINITY;
  for (const l of lines) {
    let k = 0;
    while (l.charCodeAt(k) === 32) k++;
    if (k === l.length) continue; // blank
    if (k < indent) indent = k;
    if (indent === 0) return t;
  }
  return lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join("\n");
}

export class SourceLines {
  /**
   * The input with line endings made `\n`, tabs expanded to four spaces (as `toLines` does),
   * no-break spaces made spaces and zero-width characters removed.
   */
  readonly text: string;
  readonly length: number;
  private readonly starts: number[];
  // statisticsAt's last answer: the first `Statistics(` at or after statsFrom (-1: none).
  private statsFrom = -1;
  private statsAt = -1;

  constructor(input: string) {
    let t = input.includes("\r") ? input.replace(/\r\n?/g, "\n") : input;
    if (t.includes("\t")) t = t.replace(/\t/g, "    ");
    // Text copied from a web page (a notebook, a wiki, a chat) may carry no-break spaces for
    // Spark's indentation and zero-width characters: read them as the spaces Spark printed.
    // One `includes` per character: only U+00A0 costs a scan; the others cannot occur in a
    // one-byte string, which engines answer at once.
    if (UNUSUAL.some((c) => t.includes(c)))
      t = t.replace(UNUSUAL_SPACES, (c) => (c === "\u200b" || c === "\ufeff" ? "" : " "));
    t = unindent(t);
    this.text = t;
    const starts: number[] = [0];
    for (let p = t.indexOf("\n"); p >= 0; p = t.indexOf("\n", p + 1)) starts.push(p + 1);
    const k = starts.length;
    starts.push(t.length + 1);
    this.starts = starts;
    this.length = k;
  }

  /**
   * Offset of the first `Statistics(` at or after `s`, or -1. Remembered, so that readers going
   * forward through the text search it once in all, not once per line.
   */
  statisticsAt(s: number): number {
    if (this.statsFrom < 0 || s < this.statsFrom || (this.statsAt >= 0 && this.statsAt < s)) {
      this.statsFrom = s;
      this.statsAt = this.text.indexOf("Statistics(", s);
    }
    return this.statsAt;
  }

  /** Offset of the first character of line `i` (0 ≤ i < length). */
  start(i: number): number {
    return this.starts[i]!;
  }

  /** Offset just after line `i`'s last character that is not a trailing blank. */
  end(i: number): number {
    const s = this.starts[i]!;
    let e = this.starts[i + 1]! - 1;
    while (e > s && this.text.charCodeAt(e - 1) === 32) e--;
    return e;
  }

  /** True for an empty (or all-blank) line and for indices outside the input. */
  blank(i: number): boolean {
    return i < 0 || i >= this.length || this.end(i) === this.starts[i];
  }

  /** The line's first character code (NaN when the line is empty). */
  first(i: number): number {
    const s = this.starts[i]!;
    return s < this.starts[i + 1]! - 1 ? this.text.charCodeAt(s) : Number.NaN;
  }

  /** The line, normalised as `toLines` does; undefined outside 0..length-1. */
  at(i: number): string | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.text.slice(this.starts[i]!, this.end(i));
  }
}

export function sourceLines(text: string): SourceLines {
  return new SourceLines(text);
}
