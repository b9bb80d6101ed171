/**
 * A plan while its text is being read (trees, detail blocks, subqueries, notes), and the collector
 * that turns each into a Plan (build.ts) as soon as the next one starts or the text ends: what was
 * gathered to build it is then garbage while still young, not carried to the end of a large paste.
 */
import type { ExplainMode, GeneratedCode, Plan, PlanNote, Section, Warning } from "@/lib/plan/types";
import { buildPlan, type SubqueryHeader, type TreeInput } from "./build";
import { DetailBlocks } from "./details";
import { SECTION_ORDER } from "./headers";
import type { SourceLines } from "./lines";

export interface PendingPlan {
  trees: TreeInput[];
  sections: Set<Section>;
  details: DetailBlocks;
  subqueries: SubqueryHeader[];
  startLine: number;
  endLine: number;
  formatted: boolean;
  codegen: boolean;
  generatedCode: GeneratedCode[];
  notes: PlanNote[];
}

export class PlanCollector {
  readonly plans: Plan[] = [];
  /** Line ranges [start, end) of the plans found by their headers, in order. */
  readonly headed: number[] = [];
  /** The plan being read, if any. */
  open: PendingPlan | null = null;
  private readingHeaded = true;

  constructor(
    private readonly lines: SourceLines,
    private readonly warnings: Warning[],
  ) {}

  /** Builds the open plan, if it holds anything. */
  finish(): void {
    const p = this.open;
    this.open = null;
    if (p === null) return;
    if (this.readingHeaded) this.headed.push(p.startLine - 1, p.endLine);
    if (p.trees.length === 0 && !p.codegen) return;
    this.plans.push(
      buildPlan(
        {
          index: this.plans.length,
          mode: modeOf(p),
          trees: p.trees,
          details: p.details,
          subqueries: p.subqueries,
          startLine: p.startLine,
          endLine: p.endLine,
          generatedCode: p.generatedCode,
          notes: p.notes,
        },
        this.lines,
        this.warnings,
      ),
    );
  }

  /** Finishes the open plan and opens a new one at 1-based `line`. */
  readonly startPlan = (line: number): PendingPlan => {
    this.finish();
    const p: PendingPlan = {
      trees: [],
      sections: new Set(),
      details: new DetailBlocks(),
      subqueries: [],
      startLine: line,
      endLine: line,
      formatted: false,
      codegen: false,
      generatedCode: [],
      notes: [],
    };
    this.open = p;
    return p;
  };

  /** The headed plans are all read; what is read from now on are bare trees between them. */
  endHeaded(): void {
    this.finish();
    this.readingHeaded = false;
  }

  /** Bare trees were read after the headed plans: put every plan in text order. */
  sortByLine(headedPlans: number): void {
    if (headedPlans > 0 && this.plans.length > headedPlans) {
      this.plans.sort((a, b) => a.startLine - b.startLine);
      this.plans.forEach(reindex);
    }
  }
}

export function startsNewPlan(p: PendingPlan, section: Section): boolean {
  const last = [...p.sections].reduce((m, s) => Math.max(m, SECTION_ORDER.indexOf(s)), -1);
  return SECTION_ORDER.indexOf(section) <= last;
}

function modeOf(p: PendingPlan): ExplainMode {
  if (p.codegen) return "codegen";
  if (p.formatted) return "formatted";
  // explain(mode="cost") prints the optimized logical plan (with statistics) and the physical plan;
  // "extended" prints all four sections.
  if (p.sections.has("parsed") || p.sections.has("analyzed")) return "extended";
  if (p.sections.has("optimized")) return "cost";
  return "simple";
}

/** Gives a plan built under another index its place in the result (nodes and stages name it). */
function reindex(plan: Plan, index: number): void {
  if (plan.index === index) return;
  (plan as { index: number }).index = index;
  for (const n of plan.nodes) (n as { plan: number }).plan = index;
  for (const c of plan.clusters) {
    const cluster = c as { id: string; plan: number };
    cluster.plan = index;
    cluster.id = `p${index}${cluster.id.slice(cluster.id.indexOf(":wscg:"))}`;
  }
}
