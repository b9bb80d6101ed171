/**
 * Every formatted explain in the corpus: the operator ids we read equal the `(n)` ids of the tree
 * lines, and every tree edge (read here independently, by indentation) is a `child` edge.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { CORPUS, corpusFiles, hasCorpus } from "./corpus";

const files = corpusFiles("explain", (n) => n.endsWith(".explain.txt"));

interface TreeLine {
  line: number;
  column: number;
  id: number;
}

/** Tree lines end in `(n)` (and AQE stages in `, Statistics(...)`); detail headers start with `(n)`. */
function expectedFromText(text: string): { ids: Set<number>; edges: [number, number][] } {
  const lines = text.split(/\r?\n/);
  const ids = new Set<number>();
  const edges: [number, number][] = [];
  let inTree = false;
  let tree: TreeLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trimEnd();
    const m = /\((\d+)\)(?:, Statistics\(.*\)| \(.*\)|, .*)?$/.exec(t);
    const startsTree = i > 0 && /^(== Physical Plan ==|Subquery:\d+ Hosting operator id)/.test(lines[i - 1]!);
    if (t === "") {
      inTree = false;
      continue;
    }
    if (startsTree) {
      inTree = true;
      tree = [];
    }
    if (!inTree) continue;
    if (!m) continue; // `+- == Final Plan ==` marker lines
    const column = t.search(/[^ :+-]/);
    const id = Number(m[1]);
    ids.add(id);
    // The parent starts exactly one level (three columns) to the left, on the nearest line above.
    for (let k = tree.length - 1; k >= 0; k--) {
      if (tree[k]!.column === column - 3) {
        edges.push([id, tree[k]!.id]);
        break;
      }
      if (tree[k]!.column < column - 3) break;
    }
    tree.push({ line: i + 1, column, id });
  }
  return { ids, edges };
}

describe.skipIf(!hasCorpus)("corpus: formatted explain", () => {
  it("finds the corpus files", () => {
    expect(files.length).toBeGreaterThan(100);
  });
  it.each(files)("%s", (file) => {
    const text = readFileSync(join(CORPUS, file), "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(`${file}:${out.error.line}: ${out.error.message}`);
    const { plans, warnings } = out.result;
    expect(warnings).toEqual([]);
    const nodes = plans.flatMap((p) => p.nodes);
    const expected = expectedFromText(text);
    const got = new Set(nodes.map((n) => n.operatorId).filter((x): x is number => x !== null));
    expect([...got].sort((a, b) => a - b)).toEqual([...expected.ids].sort((a, b) => a - b));
    const byOp = new Map(nodes.map((n) => [n.operatorId, n.id]));
    const childEdges = new Set(
      plans.flatMap((p) => p.edges.filter((e) => e.kind === "child").map((e) => `${e.from}>${e.to}`)),
    );
    for (const [child, parent] of expected.edges) {
      expect(childEdges.has(`${byOp.get(child)}>${byOp.get(parent)}`), `edge (${child}) -> (${parent})`).toBe(
        true,
      );
    }
    expect(childEdges.size).toBe(expected.edges.length);
  });
});
