/**
 * Plans as text an assistant can read: an indented outline (one line per operator, like Spark's
 * own tree but with Plansight's node ids), cut into pages so a 5,000-operator plan never lands in
 * a context window whole. Pure.
 */
import type { Plan, PlanNode } from "@/lib/plan/types";

export interface OutlineLine {
  readonly id: string;
  readonly depth: number;
  readonly text: string;
}

const ARGS_CHARS = 120;

export function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function nodeLabel(n: PlanNode): string {
  const opId = n.operatorId === null ? "" : ` (${n.operatorId})`;
  const args = n.args.trim() ? ` ${clip(n.args.trim(), ARGS_CHARS)}` : "";
  return `${n.name}${opId}${args}  [${n.id}]`;
}

/**
 * Every operator of the plan once, depth-first from each printed tree's root (children in edge
 * order), then any node no root reaches. `reuse` and `subquery` edges are not followed (their
 * targets have their own roots), so shared subtrees are not repeated.
 */
export function outlineLines(plan: Plan): OutlineLine[] {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  for (const e of plan.edges) {
    if (e.kind !== "child") continue;
    const list = children.get(e.to) ?? [];
    list.push(e.from);
    children.set(e.to, list);
  }
  const seen = new Set<string>();
  const out: OutlineLine[] = [];
  const visit = (id: string, depth: number) => {
    // Iterative: a deep plan (thousands of unions) must not overflow the stack.
    const stack: [string, number][] = [[id, depth]];
    while (stack.length > 0) {
      const [cur, d] = stack.pop()!;
      if (seen.has(cur)) continue;
      const n = byId.get(cur);
      if (!n) continue;
      seen.add(cur);
      out.push({
        id: cur,
        depth: d,
        text: `${"  ".repeat(Math.min(d, 40))}${d > 0 ? "+- " : ""}${nodeLabel(n)}`,
      });
      const kids = children.get(cur) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, d + 1]);
    }
  };
  for (const r of plan.roots) {
    if (!seen.has(r.id)) {
      const header = r.tree === "main" ? `${r.section}` : `${r.section} ${r.tree}`;
      out.push({ id: "", depth: 0, text: `== ${header} ==` });
      visit(r.id, 0);
    }
  }
  for (const n of plan.nodes) if (!seen.has(n.id)) visit(n.id, 0);
  return out;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly offset: number;
  readonly total: number;
  /** Where the next page starts; null on the last page. */
  readonly nextOffset: number | null;
}

export function page<T>(all: readonly T[], offset: number, limit: number): Page<T> {
  const start = Math.max(0, Math.min(Math.floor(offset), all.length));
  const items = all.slice(start, start + Math.max(1, Math.floor(limit)));
  const end = start + items.length;
  return { items, offset: start, total: all.length, nextOffset: end < all.length ? end : null };
}

/** Operator names by how often they occur, most frequent first: the shape of a big plan at a glance. */
export function operatorCounts(plan: Plan): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of plan.nodes) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}
