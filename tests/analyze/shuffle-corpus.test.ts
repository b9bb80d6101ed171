/**
 * For every formatted explain in the corpus, the nodes named by `shuffle` findings are exactly the
 * plan's shuffle exchanges. Expected ids come from the text alone: tree lines (ending in `(n)`)
 * whose operator name is a shuffle exchange — not a broadcast, not a ReusedExchange, not an AQE
 * wrapper — leaving out the `Initial Plan` of an AQE plan that also printed its `Final Plan`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeResult } from "@/lib/analyze";
import { isShuffleSource } from "@/lib/layout/decor";
import { parseExplain } from "@/lib/parse/explain";
import { CORPUS, corpusFiles, hasCorpus } from "../corpus/corpus";

const files = corpusFiles("explain", (n) => n.endsWith(".explain.txt"));

const SHUFFLE_NAME =
  /^(Exchange|CometExchange|CometColumnarExchange|ColumnarExchange|GpuColumnarExchange|ShuffleExchange\w*|Photon\w*ShuffleExchange\w*)$/;

/** Lines (1-based) of the tree lines that are shuffle exchanges. */
function expectedLines(text: string): number[] {
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  let inTree = false;
  let initialColumn = -1; // column of an `== Initial Plan ==` marker we are under, when a final plan exists
  const hasFinal = /== Final Plan ==/.test(text);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trimEnd();
    if (t === "") {
      inTree = false;
      initialColumn = -1;
      continue;
    }
    if (/^(== Physical Plan ==|Subquery:\d+ Hosting operator id)/.test(lines[i - 1] ?? "")) inTree = true;
    if (!inTree) continue;
    const column = t.search(/[^ :|+-]/);
    const marker = /== (Final|Initial) Plan ==/.exec(t);
    if (marker) {
      initialColumn = marker[1] === "Initial" && hasFinal ? column : -1;
      continue;
    }
    if (initialColumn >= 0 && column < initialColumn) initialColumn = -1;
    if (initialColumn >= 0) continue;
    const m = /^[*^]?\s*([A-Za-z]\w*)\b.*\(\d+\)(?:, .*)?$/.exec(t.slice(column));
    if (m && SHUFFLE_NAME.test(m[1]!)) out.push(i + 1);
  }
  return out;
}

describe.skipIf(!hasCorpus)("corpus: shuffle findings are exactly the shuffle exchanges", () => {
  it("finds the corpus files", () => expect(files.length).toBeGreaterThan(100));
  it.each(files)("%s", (file) => {
    const text = readFileSync(join(CORPUS, file), "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(`${file}:${out.error.line}: ${out.error.message}`);
    const byId = new Map(out.result.plans.flatMap((p) => p.nodes).map((n) => [n.id, n]));
    const findings = analyzeResult(out.result).filter((f) => f.ruleId === "shuffle");
    for (const f of findings) {
      expect(f.nodeIds).toHaveLength(1);
      expect(f.evidence.length).toBeGreaterThan(0);
    }
    const got = findings.map((f) => byId.get(f.nodeIds[0]!)!.line).sort((a, b) => a - b);
    expect(got).toEqual(expectedLines(text));
    // One vocabulary: what the rule calls a shuffle, the graph draws with the thick shuffle edge.
    for (const f of findings) expect(isShuffleSource(byId.get(f.nodeIds[0]!)), f.title).toBe(true);
  });
});
