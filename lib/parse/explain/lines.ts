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

export function isBlank(line: string | undefined): boolean {
  return line === undefined || line.length === 0;
}

/** The input's lines, by index (line `i` is source line `i + 1`). */
export interface SourceLines {
  readonly length: number;
  /** The line, normalised as `toLines` does; undefined outside 0..length-1. */
  at(i: number): string | undefined;
}

/**
 * Lines read on demand from the text: only line offsets are kept, and each line is cut when a
 * reader asks for it. A parse holds nothing per line but what lands in the plan, so a 20 MB paste
 * does not keep half a million line strings alive for the garbage collector to copy around.
 */
export function sourceLines(text: string): SourceLines {
  const t = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  let count = 1;
  for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) count++;
  const starts = new Int32Array(count + 1);
  let k = 1;
  for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) starts[k++] = i + 1;
  starts[count] = t.length + 1;
  return {
    length: count,
    at(i: number): string | undefined {
      if (i < 0 || i >= count) return undefined;
      let line = t.slice(starts[i]!, starts[i + 1]! - 1);
      const last = line.charCodeAt(line.length - 1);
      if (last === 32 || last === 9) line = line.trimEnd();
      if (line.includes("\t")) line = line.replace(/\t/g, "    ");
      return line;
    },
  };
}
