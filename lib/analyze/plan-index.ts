/**
 * Navigation over one Plan for the rules: children in print order, parent, and which nodes a rule
 * should look at. Built once per Plan (cached) and shared by every rule.
 */
import type { Plan, PlanNode } from "@/lib/plan/types";

export interface PlanIndex {
  readonly plan: Plan;
  readonly byId: ReadonlyMap<string, PlanNode>;
  /** Tree children in print order (left / build side first, as Spark prints them). */
  readonly children: (id: string) => readonly PlanNode[];
  readonly parent: (id: string) => PlanNode | undefined;
  /**
   * The physical operators that ran (or will run): every physical tree, but for an AQE plan that
   * printed both, only the `Final Plan` (the `Initial Plan` repeats the same operators before
   * re-optimisation, and reporting both would count every problem twice).
   */
  readonly physical: readonly PlanNode[];
  /** Logical-plan nodes (extended / cost modes), for statistics. */
  readonly logical: readonly PlanNode[];
}

const cache = new WeakMap<Plan, PlanIndex>();

export function indexPlan(plan: Plan): PlanIndex {
  const hit = cache.get(plan);
  if (hit) return hit;
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const kids = new Map<string, PlanNode[]>();
  const up = new Map<string, PlanNode>();
  for (const e of plan.edges) {
    if (e.kind !== "child") continue;
    const child = byId.get(e.from);
    const parent = byId.get(e.to);
    if (!child || !parent) continue;
    const list = kids.get(parent.id);
    if (list) list.push(child);
    else kids.set(parent.id, [child]);
    up.set(child.id, parent);
  }
  const hasFinal = plan.nodes.some((n) => n.aqe === "final");
  const physical = plan.nodes.filter((n) => n.section === "physical" && !(hasFinal && n.aqe === "initial"));
  const logical = plan.nodes.filter((n) => n.section === "optimized");
  const index: PlanIndex = {
    plan,
    byId,
    children: (id) => kids.get(id) ?? [],
    parent: (id) => up.get(id),
    physical,
    logical,
  };
  cache.set(plan, index);
  return index;
}

/** Every node below `node` (depth first, print order), not including it. */
export function descendants(ix: PlanIndex, node: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const stack = [...ix.children(node.id)].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...[...ix.children(n.id)].reverse());
  }
  return out;
}

/** Walks down single-child chains while `through` holds; returns the first node that does not pass. */
export function downThrough(
  ix: PlanIndex,
  start: PlanNode,
  through: (n: PlanNode) => boolean,
): { node: PlanNode; path: PlanNode[] } {
  const path: PlanNode[] = [];
  let n = start;
  while (through(n)) {
    const kids = ix.children(n.id);
    if (kids.length !== 1) break;
    path.push(n);
    n = kids[0]!;
  }
  return { node: n, path };
}

/** Walks up while `through` holds; returns the first ancestor that does not pass (or undefined). */
export function upThrough(
  ix: PlanIndex,
  start: PlanNode,
  through: (n: PlanNode) => boolean,
): PlanNode | undefined {
  let p = ix.parent(start.id);
  while (p && through(p)) p = ix.parent(p.id);
  return p;
}
