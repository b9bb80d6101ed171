/**
 * Explain parsing: throughput per explain mode and source, as information (parsing is a few per
 * cent of paste → graph; there is no throughput goal), measured two ways —
 * the whole set pasted as one text, and file by file as the CLI and the corpus tests parse it —
 * and per-MB time of a 1 MB vs a 20 MB paste (goal: linear within 1.5×). Prints figures; asserts
 * nothing. (Layout of the largest corpus plans is timed in layout.ts.)
 *
 * Small sets are repeated up to a few MB so the figures are steady-state (JIT warm, young
 * generation grown to the workload); the heap is collected before each set's warm-ups so one set
 * does not pay for another's garbage. Figures swing with the garbage collector's state: read the
 * medians, not one run.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseExplain } from "@/lib/parse/explain";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

const mb = (bytes: number) => bytes / 1e6;
const MIN_SET = 4e6;

/** Median milliseconds of `runs` calls after three warm-ups (heap collected before those). */
function time(fn: () => void, runs = 7): number {
  collect();
  for (let i = 0; i < 3; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(runs / 2)]!;
}

function throughput(label: string, texts: readonly string[]): void {
  if (texts.length === 0) return;
  const base = texts.reduce((n, t) => n + t.length, 0);
  const reps = Math.max(1, Math.ceil(MIN_SET / base));
  const set: string[] = [];
  for (let r = 0; r < reps; r++) set.push(...texts);
  const all = set.join("\n\n");
  const bytes = Buffer.byteLength(all);
  const one = time(() => parseExplain(all));
  const each = time(() => {
    for (const t of set) parseExplain(t);
  });
  const rate = (ms: number) => (mb(bytes) / (ms / 1000)).toFixed(0).padStart(5);
  const size = `${mb(bytes).toFixed(1)} MB${reps > 1 ? ` (${reps}×)` : ""}`;
  console.log(
    `  ${label.padEnd(36)} ${size.padStart(13)}  one paste ${rate(one)} MB/s  file by file ${rate(each)} MB/s`,
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
  console.log("explain parse throughput (median of 7 after 3 warm-ups; information, no goal):");
  throughput("whole corpus", texts);
  throughput("formatted (corpus *.explain.txt)", pick(".explain.txt"));
  throughput("simplified trees (corpus)", pick(".simplified.txt"));
  throughput("Comet extended (corpus)", pick(".extended.txt"));
  throughput("spark-sql goldens (*.sql.out)", pick(".sql.out"));
  for (const mode of ["simple", "extended", "cost", "codegen", "formatted"]) {
    throughput(`${mode} (real pyspark fixtures)`, fixtureTexts(mode));
  }

  // Linearity: per-MB time of a 1 MB paste vs a 20 MB paste made of the same formatted plans. The
  // app keeps what it parsed, so both keep their results: twenty 1 MB pastes in a row against one
  // 20 MB paste (otherwise a small result dies young for free and a large one pays for surviving).
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
  const kept: unknown[] = [];
  const perSmall =
    time(() => {
      kept.length = 0;
      for (let i = 0; i < 20; i++) kept.push(parseExplain(small));
    }, 5) /
    (20 * mb(small.length));
  const perLarge =
    time(() => {
      kept.length = 0;
      kept.push(parseExplain(large));
    }, 5) / mb(large.length);
  kept.length = 0;
  console.log(
    `  per-MB time: 1 MB paste ${perSmall.toFixed(2)} ms/MB, 20 MB paste ${perLarge.toFixed(2)} ms/MB → ratio ${(perLarge / perSmall).toFixed(2)} (goal ≤ 1.5)`,
  );
  benchHostile();
}

/**
 * Text shaped to hit one reader hard (not Spark output): per-MB time at 1 MB and 4 MB. A ratio
 * near 1 says the reader stays linear; a quadratic one would show ≈ 4.
 */
function benchHostile(): void {
  const cases: [string, (bytes: number) => string][] = [
    ["one line of many ` (n)`", (n) => `== Physical Plan ==\nX${" (1)x".repeat(n / 5)}\n`],
    ["statistics-like line", (n) => `== Physical Plan ==\nProject [a]${", Statistics(a".repeat(n / 14)})\n`],
    [
      "repeated detail keys",
      (n) => `== Physical Plan ==\n* Project (1)\n\n(1) Project\n${"Input: x\n".repeat(n / 9)}`,
    ],
    [
      "thousands of reused subqueries",
      (n) => {
        const head =
          "== Physical Plan ==\n* Project (1)\n\n(1) Project\nOutput: []\n\n===== Subqueries =====\n\n";
        const parts: string[] = [head];
        for (let i = 0; i < n / 170; i++) {
          parts.push(
            `Subquery:${2 * i} Hosting operator id = 1 Hosting Expression = Subquery scalar-subquery#${i}\n* Project (${i + 2})\n\n`,
            `Subquery:${2 * i + 1} Hosting operator id = 1 Hosting Expression = ReusedSubquery Subquery scalar-subquery#${i}\n\n`,
          );
        }
        return parts.join("");
      },
    ],
    ["headers without trees", (n) => "== Physical Plan ==\n\n".repeat(n / 21)],
    // Lines that end as headers do (`.` of `Found N ... subtrees.`, `=` of `== ... ==`) but hold none.
    [
      "prose lines ending with . or =",
      (n) => `== Physical Plan ==\nX\n\n${"A sentence.\nx = y = z =\n".repeat(n / 23)}`,
    ],
    ["spark-sql ( prompts never closed", (n) => "spark-sql (default x\n".repeat(n / 21)],
  ];
  console.log("hostile input (per-MB time, 1 MB vs 4 MB; linear ≈ 1, quadratic ≈ 4):");
  for (const [label, make] of cases) {
    const small = make(1e6);
    const large = make(4e6);
    const a = time(() => parseExplain(small), 3) / mb(small.length);
    const b = time(() => parseExplain(large), 3) / mb(large.length);
    console.log(
      `  ${label.padEnd(36)} ${a.toFixed(1).padStart(6)} → ${b.toFixed(1).padStart(6)} ms/MB  ratio ${(b / a).toFixed(2)}`,
    );
  }
}
