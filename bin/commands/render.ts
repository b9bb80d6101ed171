import { writeFileSync } from "node:fs";
import { layoutGraph } from "@/lib/layout/elk";
import { layoutInput } from "@/lib/layout/input";
import { DARK, LIGHT } from "@/lib/layout/palette";
import { renderSvg } from "@/lib/layout/svg";
import { parseExplain } from "@/lib/parse/explain";
import type { Section } from "@/lib/plan/types";
import { defaultView, planView, sectionsOf } from "@/lib/plan/view";
import { type CliIo, parseArgs, readInput } from "./io";

export const renderUsage =
  "plansight render FILE [--out out.svg] [--plan N] [--section physical|optimized|...] [--aqe final|initial] [--theme light|dark]";

/** Explain text → the same ELK layout as the page → a self-contained SVG (stdout or --out). */
export async function renderCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ["out", "plan", "section", "aqe", "theme"]);
  const file = args.files[0];
  if (!file || args.files.length > 1) {
    io.stderr(`usage: ${renderUsage}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readInput(file);
  } catch (e) {
    io.stderr(`${file}:0: cannot read: ${(e as Error).message}\n`);
    return 2;
  }
  const out = parseExplain(text);
  if (!out.ok) {
    io.stderr(`${file}:${out.error.line}: ${out.error.message}\n`);
    return 2;
  }
  const index = Number(args.options.get("plan") ?? 1) - 1;
  const plan = out.result.plans[index];
  if (!plan) {
    io.stderr(`${file}: no plan ${index + 1} (the input holds ${out.result.plans.length})\n`);
    return 2;
  }
  const view = defaultView(plan);
  const section = args.options.get("section");
  if (section) {
    if (!sectionsOf(plan).includes(section as Section)) {
      io.stderr(`${file}: no ${section} section (has ${sectionsOf(plan).join(", ")})\n`);
      return 2;
    }
  }
  const aqe = args.options.get("aqe") === "initial" ? "initial" : "final";
  const shown = planView(plan, { section: (section as Section | undefined) ?? view.section, aqe });
  const layout = await layoutGraph(layoutInput(plan, shown));
  const svg = renderSvg(layout, new Map(plan.nodes.map((n) => [n.id, n])), {
    palette: args.options.get("theme") === "dark" ? DARK : LIGHT,
    title: `${file}: ${plan.title}`,
  });
  const target = args.options.get("out");
  if (target) {
    writeFileSync(target, svg);
    io.stderr(
      `${target}: ${shown.nodes.length} operators, ${layout.width.toFixed(0)}×${layout.height.toFixed(0)}\n`,
    );
  } else io.stdout(svg);
  for (const w of out.result.warnings) io.stderr(`${file}:${w.line}: warning: ${w.message}\n`);
  return 0;
}
