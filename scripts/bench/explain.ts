/**
 * Explain parsing: throughput over the corpus files concatenated (goal ≥ 200 MB/s), per explain
 * mode, and per-MB time of a 1 MB vs a 20 MB paste (goal: linear within 1.5×); plus ELK layout
 * time for the largest corpus plan. Prints figures; asserts nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { layoutGraph } from "@/lib/layout/elk";
import { layoutInput } from "@/lib/layout/input";
import { parseExplain } from "@/lib/parse/explain";
import { defaultView, planView } from "@/lib/plan/view";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";

const mb = (bytes: number) => bytes / 1e6;

/** Median milliseconds of `runs` parses after two warm-ups. */
function time(text: string, runs = 5): number {
  parseExplain(text);
  parseExplain(text);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    parseExplain(text);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(runs / 2)]!;
}

function throughput(label: string, texts: readonly string[]): void {
  if (texts.length === 0) return;
  const all = texts.join("\n\n");
  const bytes = Buffer.byteLength(all);
  const ms = time(all);
  console.log(
    `  ${label.padEnd(34)} ${mb(bytes).toFixed(2).padStart(7)} MB  ${(mb(bytes) / (ms / 1000)).toFixed(1).padStart(7)} MB/s`,
  );
}

function fixtureTexts(mode: string): string[] {
  const root = "fixtures/spark";
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((v) => {
    const dir = join(root, v, "explain");
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.split(".")[1] === mode)
      .map((f) => readFileSync(join(dir, f), "utf8"));
  });
}

export async function benchExplain(): Promise<void> {
  if (!hasCorpus) {
    console.log("explain: ../shared/corpus absent; skipped");
    return;
  }
  const files = corpusFiles("explain", (n) => n.endsWith(".txt") || n.endsWith(".sql.out"));
  const texts = files.map((f) => readFileSync(join(CORPUS, f), "utf8"));
  const pick = (suffix: string) => texts.filter((_, i) => files[i]!.endsWith(suffix));
  console.log("explain parse throughput (median of 5, one parse of the concatenated text; goal ≥ 200 MB/s):");
  throughput("whole corpus", texts);
  throughput("formatted (corpus *.explain.txt)", pick(".explain.txt"));
  throughput("simplified trees (corpus)", pick(".simplified.txt"));
  throughput("Comet extended (corpus)", pick(".extended.txt"));
  throughput("spark-sql goldens (*.sql.out)", pick(".sql.out"));
  for (const mode of ["simple", "extended", "cost", "codegen", "formatted"]) {
    throughput(`${mode} (real pyspark fixtures)`, fixtureTexts(mode));
  }

  // Linearity: per-MB time of a 1 MB paste vs a 20 MB paste made of the same formatted plans.
  const formatted = pick(".explain.txt");
  const build = (bytes: number) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const t = formatted[i % formatted.length]!;
      parts.push(t);
      size += t.length + 2;
    }
    return parts.join("\n\n");
  };
  const small = build(1e6);
  const large = build(20e6);
  const perSmall = time(small, 7) / mb(small.length);
  const perLarge = time(large, 3) / mb(large.length);
  console.log(
    `  per-MB time: 1 MB paste ${perSmall.toFixed(2)} ms/MB, 20 MB paste ${perLarge.toFixed(2)} ms/MB → ratio ${(perLarge / perSmall).toFixed(2)} (goal ≤ 1.5)`,
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
