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
