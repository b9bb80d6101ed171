/**
 * An oracle for the shape of plan trees, from indentation alone: for each tree line of an explain
 * text, the line of its parent. Written from how Spark prints trees (TreeNode.generateTreeString:
 * a child's `+- ` / `:- ` sits at its parent's text column; plan-stability trees indent by two
 * spaces), sharing no code with the parser, so the parser's edges can be checked against it.
 *
 * AQE: `== Final Plan ==` (`== Current Plan ==` before it is final) and `== Initial Plan ==` are
 * not nodes; the plans under them hang off their AdaptiveSparkPlan. The Final/Current marker is
 * always the line right after its AdaptiveSparkPlan; inside a subquery's own AQE plan Spark restarts
 * the prefix, so the Initial marker may sit left of its AdaptiveSparkPlan: it belongs to the
 * nearest AdaptiveSparkPlan above that has its Final marker and no Initial one yet.
 */

export interface TreeLine {
  /** 1-based line number in the text. */
  readonly line: number;
  /** Column where the operator text starts (after the prefix and the `+- ` / `:- `). */
  readonly col: number;
  /** Column of the `+- ` / `:- ` branch, or -1 for a line without one. */
  readonly branch: number;
  readonly text: string;
}

export interface OracleTree {
  /** Lines that are operators (markers excluded). */
  readonly nodes: readonly number[];
  /** child line → parent line. */
  readonly parent: ReadonlyMap<number, number>;
}

const SECTION = /^== (Physical Plan|Parsed Logical Plan|Analyzed Logical Plan|Optimized Logical Plan) ==\s*$/;
const MARKER = /^== (Final|Current|Initial) Plan ==\s*$/;
/** Comet's extended explain ends with a summary paragraph after the tree: not a node. */
const COMET_SUMMARY = /^Comet accelerated \d+ out of \d+ eligible operators/;

/** Prefix, branch and text of one tree line. */
export function treeLine(raw: string, line: number): TreeLine {
  let i = 0;
  for (;;) {
    if (raw.startsWith("+- ", i) || raw.startsWith(":- ", i))
      return { line, col: i + 3, branch: i, text: raw.slice(i + 3) };
    if (raw[i] === " " || (raw[i] === ":" && raw[i + 1] === " ")) i++;
    else return { line, col: i, branch: -1, text: raw.slice(i) };
  }
}

/**
 * The tree blocks of a text: after each section header up to a blank line or the next header. A
 * text without headers (plan-stability trees, Comet's extended explain) is one block, up to a
 * blank line. The analyzed plan starts with its
 * output schema when it has one (QueryExecution prints it only for a non-empty output): then its
 * first two lines both lack a branch (a schema, then a root).
 */
export function treeBlocks(text: string): TreeLine[][] {
  const lines = text.split(/\r?\n/);
  const blocks: TreeLine[][] = [];
  const hasHeader = lines.some((l) => SECTION.test(l));
  let current: TreeLine[] | null = hasHeader ? null : [];
  if (current) blocks.push(current);
  const analyzed = new Set<TreeLine[]>();
  lines.forEach((raw, k) => {
    if (SECTION.test(raw)) {
      current = [];
      blocks.push(current);
      if (raw.startsWith("== Analyzed")) analyzed.add(current);
      return;
    }
    if (!current) return;
    if (raw.trim() === "" || COMET_SUMMARY.test(raw)) {
      current = null;
      return;
    }
    current.push(treeLine(raw.replace(/\s+$/, ""), k + 1));
  });
  for (const b of analyzed) if (b.length >= 2 && b[0]!.branch < 0 && b[1]!.branch < 0) b.shift();
  return blocks.filter((b) => b.length > 0);
}

/** Parents by indentation over every block of `text`. Throws when a line has no possible parent. */
export function indentationTree(text: string): OracleTree {
  const nodes: number[] = [];
  const parent = new Map<number, number>();
  for (const block of treeBlocks(text)) {
    const twoSpace = block.every((l) => l.branch < 0);
    const parentOf = new Map<number, number>();
    const isMarker = (l: TreeLine) => MARKER.test(l.text);
    const markers = new Map<number, { final: boolean; initial: boolean }>();
    block.forEach((l, k) => {
      if (k === 0) return;
      let p: TreeLine | undefined;
      const kind = MARKER.exec(l.text)?.[1];
      if (kind === "Final" || kind === "Current") {
        p = block[k - 1];
        if (!p || !/^AdaptiveSparkPlan\b/.test(p.text))
          throw new Error(`line ${l.line}: ${kind} marker not under an AdaptiveSparkPlan`);
        markers.set(p.line, { final: true, initial: false });
      } else if (kind === "Initial") {
        for (let j = k - 1; j >= 0 && !p; j--) {
          const m = markers.get(block[j]!.line);
          if (m?.final && !m.initial) {
            p = block[j];
            m.initial = true;
          }
        }
      } else if (twoSpace) {
        for (let j = k - 1; j >= 0 && !p; j--) if (block[j]!.col === l.col - 2) p = block[j];
      } else if (l.branch >= 0) {
        // A child's branch sits at its parent's column; a subquery (an inner child) three further.
        for (let j = k - 1; j >= 0 && !p; j--) if (block[j]!.col <= l.branch) p = block[j];
      } else {
        // The root of a plan under a marker: no branch, the marker's own column.
        for (let j = k - 1; j >= 0 && !p; j--)
          if (isMarker(block[j]!) && block[j]!.col === l.col) p = block[j];
      }
      if (!p)
        throw new Error(
          `line ${l.line}: no parent by indentation for ${JSON.stringify(l.text.slice(0, 60))}`,
        );
      parentOf.set(l.line, p.line);
    });
    const byLine = new Map(block.map((l) => [l.line, l]));
    for (const l of block) {
      if (isMarker(l)) continue;
      nodes.push(l.line);
      let p = parentOf.get(l.line);
      while (p !== undefined && isMarker(byLine.get(p)!)) p = parentOf.get(p);
      if (p !== undefined) parent.set(l.line, p);
    }
  }
  return { nodes, parent };
}
