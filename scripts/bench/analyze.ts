/**
 * Analysis time over every corpus explain (parse excluded): total, per plan, and the slowest file.
 * Prints figures; asserts nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeResult } from "@/lib/analyze";
import { parseExplain } from "@/lib/parse/explain";
import type { ParseResult } from "@/lib/plan/types";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";

export default async function benchAnalyze(): Promise<void> {
  if (!hasCorpus) {
    console.log("analyze: ../shared/corpus absent; skipped");
    return;
  }
  const files = corpusFiles("explain", (n) => n.endsWith(".txt") || n.endsWith(".sql.out"));
  const parsed: { file: string; result: ParseResult }[] = [];
  for (const f of files) {
    const out = parseExplain(readFileSync(join(CORPUS, f), "utf8"));
    if (out.ok) parsed.push({ file: f, result: out.result });
  }
  const plans = parsed.reduce((n, p) => n + p.result.plans.length, 0);
  const nodes = parsed.reduce((n, p) => n + p.result.plans.reduce((m, q) => m + q.nodes.length, 0), 0);
  for (const p of parsed) analyzeResult(p.result); // warm-up (JIT)
  const runs: number[] = [];
  let findings = 0;
  let slowest = { file: "", ms: 0 };
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    findings = 0;
    for (const p of parsed) {
      const t = performance.now();
      findings += analyzeResult(p.result).length;
      const ms = performance.now() - t;
      if (ms > slowest.ms) slowest = { file: p.file, ms };
    }
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const median = runs[1]!;
  console.log(
    `analyze: ${parsed.length} corpus files, ${plans} plans, ${nodes} operators → ${findings} findings`,
  );
  console.log(
    `  median ${median.toFixed(0)} ms total, ${((median / plans) * 1000).toFixed(0)} µs per plan, ${((nodes / median) * 1000).toFixed(0)} operators/s; slowest file ${slowest.file} ${slowest.ms.toFixed(1)} ms`,
  );
}
