/**
 * Counts physical operator lines straight from explain text, independently of the parser: every
 * line of a tree under `== Physical Plan ==`, `Subquery:k Hosting operator id = ...` or
 * `== Subtree i / N ==`, up to the blank line that ends it, except AQE marker lines. Texts with
 * no header at all (simplified / Comet extended trees) are one tree: every non-blank line.
 */
export function countPhysicalOperatorLines(text: string): number {
  const lines = text.split(/\r?\n/);
  const hasHeader = lines.some((l) => /^(== Physical Plan ==|Found \d+ WholeStageCodegen subtrees)/.test(l));
  // Comet's extended.txt ends with a summary sentence ("Comet accelerated 46 out of 49 ...").
  if (!hasHeader)
    return lines.filter((l) => l.trim().length > 0 && !l.startsWith("Comet accelerated")).length;
  let count = 0;
  let inTree = false;
  for (const raw of lines) {
    const l = raw.trimEnd();
    if (/^(== Physical Plan ==|Subquery:\d+ Hosting operator id|== Subtree \d+ \/ \d+)/.test(l)) {
      inTree = true;
      continue;
    }
    if (l === "") {
      inTree = false;
      continue;
    }
    if (!inTree) continue;
    if (/^== .* ==$/.test(l) || /^[ :+-]*== (Final|Initial|Current) Plan ==$/.test(l)) {
      // another section header ends the tree; AQE markers are not operators
      if (/^== /.test(l)) inTree = false;
      continue;
    }
    count++;
  }
  return count;
}
