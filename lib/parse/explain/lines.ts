/** A line of the input with its 1-based line number, line endings and trailing blanks removed. */
export interface SourceLine {
  readonly text: string;
  readonly line: number;
}

/** Splits pasted text into lines; accepts LF, CRLF and lone CR, and expands tabs to spaces. */
export function toLines(text: string): SourceLine[] {
  const raw = text.split(/\r\n|\r|\n/);
  const out: SourceLine[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i]!;
    if (t.includes("\t")) t = t.replace(/\t/g, "    ");
    out[i] = { text: t.trimEnd(), line: i + 1 };
  }
  return out;
}

export function isBlank(line: SourceLine | undefined): boolean {
  return line === undefined || line.text.length === 0;
}
