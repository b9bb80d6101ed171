/**
 * Redaction (every option on) over every corpus explain file: total, MB/s, per plan and the
 * slowest file, next to parsing alone (redaction parses the text once itself). Figures only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseExplain } from "@/lib/parse/explain";
import { redactPlan } from "@/lib/share/redact";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";

const ALL = { literals: true, locations: true, names: true };

function median(runs: number[]): number {
  return [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
}

export default async function benchRedact(): Promise<void> {
  if (!hasCorpus) {
    console.log("redact: ../shared/corpus absent; skipped");
    return;
  }
  const files = corpusFiles("explain", (n) => n.endsWith(".txt") || n.endsWith(".out"));
  const texts = files.map((f) => ({ file: f, text: readFileSync(join(CORPUS, f), "utf8") }));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  for (const t of texts) redactPlan(t.text, ALL); // warm-up (JIT)
  const parse: number[] = [];
  const redact: number[] = [];
  const cpu: number[] = [];
  let slowest = { file: "", ms: 0 };
  let replaced = 0;
  for (let r = 0; r < 3; r++) {
    let t0 = performance.now();
    for (const t of texts) parseExplain(t.text);
    parse.push(performance.now() - t0);
    t0 = performance.now();
    const c0 = process.cpuUsage();
    replaced = 0;
    for (const t of texts) {
      const a = performance.now();
      replaced += redactPlan(t.text, ALL).replacements.length;
      const ms = performance.now() - a;
      if (ms > slowest.ms) slowest = { file: t.file, ms };
    }
    redact.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const ms = median(redact);
  console.log(
    `redact: ${texts.length} corpus files, ${(bytes / 1e6).toFixed(1)} MB, ${replaced} values replaced`,
  );
  console.log(
    `  median ${ms.toFixed(0)} ms total (${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s, ${((ms / texts.length) * 1000).toFixed(0)} µs per file), ${median(cpu).toFixed(0)} ms of CPU (a busy machine stretches the wall time), parse alone ${median(parse).toFixed(0)} ms; slowest file ${slowest.file} ${slowest.ms.toFixed(1)} ms`,
  );
}
