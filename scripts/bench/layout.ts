/**
 * Layout times (ELK layered, flat, with codegen stages drawn around their members) for synthetic
 * plans of 100, 1,000 and 5,000 operators and for the largest corpus plans. Goals (issue 7):
 * 1,000 operators ≤ 0.5 s, 5,000 ≤ 4 s. Prints wall and CPU time (CPU is steadier on a busy
 * machine); asserts nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { layoutGraph } from "@/lib/layout/elk";
import { layoutInput } from "@/lib/layout/input";
import type { LayoutInput } from "@/lib/layout/types";
import { parseExplain } from "@/lib/parse/explain";
import { defaultView, planView } from "@/lib/plan/view";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";
import { syntheticPlan } from "../gen-synthetic-plan";

/** The page's default is compact (codegen stages as cards); `detailed` is one box per operator. */
function inputOf(text: string, compact = true): LayoutInput | null {
  const out = parseExplain(text);
  if (!out.ok) return null;
  const plan = out.result.plans.reduce((a, b) => (b.nodes.length > a.nodes.length ? b : a));
  return layoutInput(plan, planView(plan, defaultView(plan)), undefined, { compact });
}

async function time(input: LayoutInput, runs: number): Promise<{ wall: number; cpu: number }[]> {
  const out: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await layoutGraph(input);
    const c = process.cpuUsage(c0);
    out.push({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 });
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function report(label: string, input: LayoutInput, goalMs?: number) {
  const [cold, ...warm] = await time(input, 4);
  const wall = median(warm.map((r) => r.wall));
  const cpu = median(warm.map((r) => r.cpu));
  const goal = goalMs ? ` (goal ≤ ${goalMs} ms: ${wall <= goalMs ? "met" : "NOT met"})` : "";
  console.log(
    `  ${label.padEnd(52)} ${String(input.nodes.length).padStart(5)} ops  first ${cold!.wall.toFixed(0).padStart(5)} ms  median ${wall.toFixed(0).padStart(5)} ms wall / ${cpu.toFixed(0).padStart(5)} ms cpu${goal}`,
  );
}

export default async function benchLayout(): Promise<void> {
  console.log("layout (ELK layered, flat + drawn codegen stages):");
  await layoutGraph(inputOf(syntheticPlan(300))!); // warm the JIT once, as a long-lived worker is
  for (const [n, goal] of [
    [100, undefined],
    [1000, 500],
    [5000, 4000],
  ] as const) {
    await report(`synthetic ${n} compact`, inputOf(syntheticPlan(n))!, goal);
    await report(`synthetic ${n} detailed`, inputOf(syntheticPlan(n), false)!, goal);
  }
  if (!hasCorpus) {
    console.log("  ../shared/corpus absent: corpus plans skipped");
    return;
  }
  const sized = corpusFiles("explain", (n) => n.endsWith(".explain.txt"))
    .map((f) => {
      const text = readFileSync(join(CORPUS, f), "utf8");
      return { f, text, input: inputOf(text) };
    })
    .filter((x) => x.input)
    .sort((a, b) => b.input!.nodes.length - a.input!.nodes.length)
    .slice(0, 3);
  for (const s of sized) {
    await report(`${s.f} compact`, s.input!);
    await report(`${s.f} detailed`, inputOf(s.text, false)!);
  }
}

if (process.argv[1]?.endsWith("layout.ts")) void benchLayout();
