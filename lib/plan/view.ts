/**
 * Which part of a Plan is on screen: one explain section, and for AQE plans the final (or
 * initial) plan. Pure filter over the model; the graph view and the layout both use it.
 */
import type { Plan, PlanEdge, PlanNode, Section } from "./types";

export interface ViewOptions {
  readonly section: Section;
  /** For `AdaptiveSparkPlan`s that printed both: which plan to show. */
  readonly aqe: "final" | "initial";
  /** Subquery trees (formatted explain's `===== Subqueries =====`): drawn beside the main tree
   * (default), or hidden to read the main tree alone. */
  readonly subqueries?: "shown" | "hidden";
}

export interface PlanView {
  readonly nodes: readonly PlanNode[];
  readonly edges: readonly PlanEdge[];
}

export function sectionsOf(plan: Plan): Section[] {
  const order: Section[] = ["parsed", "analyzed", "optimized", "physical"];
  const present = new Set(plan.nodes.map((n) => n.section));
  return order.filter((s) => present.has(s));
}

export function hasAqeChoice(plan: Plan): boolean {
  let final = false;
  let initial = false;
  for (const n of plan.nodes) {
    if (n.aqe === "final") final = true;
    else if (n.aqe === "initial") initial = true;
  }
  return final && initial;
}

/** True when the plan printed subquery trees of its own (not only ReusedSubquery references). */
export function hasSubqueryTrees(plan: Plan): boolean {
  return plan.nodes.some((n) => n.tree.startsWith("subquery"));
}

export function defaultView(plan: Plan): ViewOptions {
  const sections = sectionsOf(plan);
  return {
    section: sections.includes("physical") ? "physical" : (sections[sections.length - 1] ?? "physical"),
    aqe: "final",
  };
}

export function planView(plan: Plan, opts: ViewOptions): PlanView {
  const choose = hasAqeChoice(plan);
  const hidden: PlanNode["aqe"] = opts.aqe === "final" ? "initial" : "final";
  const nodes = plan.nodes.filter(
    (n) =>
      n.section === opts.section &&
      !(choose && n.aqe === hidden) &&
      !(opts.subqueries === "hidden" && n.tree.startsWith("subquery")),
  );
  const ids = new Set(nodes.map((n) => n.id));
  const edges = plan.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  return { nodes, edges };
}
