/**
 * Explain parse throughput over the corpus files concatenated (goal ≥ 200 MB/s), and ELK layout
 * time for the largest corpus plan. Prints figures; asserts nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { layoutGraph } from "@/lib/layout/elk";
import { layoutInput } from "@/lib/layout/input";
import { parseExplain } from "@/lib/parse/explain";
import { defaultView, planView } from "@/lib/plan/view";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";

function mbps(bytes: number, ms: number): string {
  return `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
}

export async function benchExplain(): Promise<void> {
  if (!hasCorpus) {
    console.log("explain: ../shared/corpus absent; skipped");
    return;
  }
  const files = corpusFiles("explain", (n) => n.endsWith(".txt") || n.endsWith(".sql.out"));
  const texts = files.map((f) => readFileSync(join(CORPUS, f), "utf8"));
  const all = texts.join("\n\n");
  const bytes = Buffer.byteLength(all);
  parseExplain(all); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    parseExplain(all);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  console.log(`explain parse: ${files.length} corpus files, ${(bytes / 1e6).toFixed(1)} MB concatenated`);
  console.log(
    `  median ${runs[2]!.toFixed(0)} ms → ${mbps(bytes, runs[2]!)} (best ${mbps(bytes, runs[0]!)}; goal ≥ 200 MB/s)`,
  );

  let largest = { file: "", n: 0, text: "" };
  for (let i = 0; i < files.length; i++) {
    if (!files[i]!.endsWith(".explain.txt")) continue;
    const out = parseExplain(texts[i]!);
    if (!out.ok) continue;
    const n = out.result.plans[0]?.nodes.length ?? 0;
    if (n > largest.n) largest = { file: files[i]!, n, text: texts[i]! };
  }
  const out = parseExplain(largest.text);
  if (!out.ok) return;
  const plan = out.result.plans[0]!;
  const input = layoutInput(plan, planView(plan, defaultView(plan)));
  await layoutGraph(input); // warm-up (JIT)
  const t = performance.now();
  await layoutGraph(input);
  console.log(
    `layout: largest corpus plan ${largest.file} (${input.nodes.length} operators shown): ${(performance.now() - t).toFixed(0)} ms`,
  );
}
