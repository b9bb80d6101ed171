import type { Plan } from "../../plan/types";
import type { MetricDef } from "./plan";

/**
 * Operators ↔ stages: which stages ran each node of a plan. Spark's UI cannot tell (SPARK-37340);
 * the event log can: a node's SQL metrics are accumulators, and every task that updated one lists
 * it in its SparkListenerTaskEnd accumulables (and its stage in SparkListenerStageCompleted).
 *
 * Nodes with no task-side metric of their own are placed by the plan's shape, never by name alone:
 * - AQE query stages and ReusedExchange: the stages of the exchange they wrap or reuse (the map
 *   stage that ran once, and the stages that read it);
 * - BroadcastExchange (its metrics are driver-side): the stages that computed its rows, and the
 *   stages of the operator that reads the broadcast; a Subquery: the stages of its own job;
 * - other operators (Project, AQEShuffleRead, ...) run in the stage of the operator they feed, or,
 *   under an exchange, of the operators feeding them.
 */

/** Wrappers that run nothing themselves: the stage that ran is their child's (or the reused original). */
const WRAPPER = /QueryStage$|^Reused(Exchange|Subquery)$|^AdaptiveSparkPlan$/;
const BROADCAST = /BroadcastExchange/;
/** Driver-side collectors: the stages that computed their rows ran them (a subquery's own job). */
const COLLECTED = /BroadcastExchange|^Subquery(Broadcast)?$/;
/** A stage boundary: what is above it runs in another stage than what is below. */
const BOUNDARY = /Exchange|QueryStage$|^Reused(Exchange|Subquery)$|^Subquery/;

export function nodeStageIds(
  plan: Plan,
  defs: ReadonlyMap<string, readonly MetricDef[]>,
  stagesOf: (accumulatorId: number, into: Set<number>) => void,
): Record<string, number[]> {
  const sets = new Map<string, Set<number>>();
  const own = (id: string) => {
    const s = new Set<number>();
    for (const d of defs.get(id) ?? []) stagesOf(d.accumulatorId, s);
    return s;
  };
  for (const n of plan.nodes) sets.set(n.id, own(n.id));
  for (const c of plan.clusters) {
    const cs = own(c.id);
    sets.set(c.id, cs);
    for (const m of c.nodeIds) for (const s of cs) sets.get(m)?.add(s);
  }

  // Data flows child → parent; a reuse edge makes the original a child of the node reusing it.
  const children = new Map<string, string[]>();
  const parents = new Map<string, string[]>();
  for (const e of plan.edges) {
    if (e.kind === "subquery") continue;
    push(children, e.to, e.from);
    if (e.kind === "child") push(parents, e.from, e.to);
  }
  const name = new Map(plan.nodes.map((n) => [n.id, n.name]));
  const order = childrenFirst(plan, children);
  const get = (id: string) => sets.get(id)!;
  const union = (into: Set<number>, ids: readonly string[], keep: (id: string) => boolean) => {
    for (const id of ids) if (keep(id)) for (const s of get(id)) into.add(s);
  };
  const all = () => true;
  const sameStage = (id: string) => !BOUNDARY.test(name.get(id) ?? "");
  /** Write side of broadcasts and subqueries, and wrappers: bottom-up, from what they hold. */
  const fromChildren = () => {
    for (const id of order) {
      const n = name.get(id) ?? "";
      if (get(id).size === 0 && (WRAPPER.test(n) || COLLECTED.test(n)))
        union(get(id), children.get(id) ?? [], all);
    }
  };

  fromChildren();
  // Operators with nothing of their own: the operator they feed, top-down...
  for (let k = order.length - 1; k >= 0; k--) {
    const id = order[k]!;
    if (get(id).size === 0 && sameStage(id)) union(get(id), parents.get(id) ?? [], sameStage);
  }
  // ... or, under a boundary, the operators feeding them.
  for (const id of order) {
    if (get(id).size === 0 && sameStage(id)) union(get(id), children.get(id) ?? [], sameStage);
  }
  // Read side of broadcasts: the first operator above the wrappers.
  for (const id of order) {
    if (!BROADCAST.test(name.get(id) ?? "")) continue;
    let up = parents.get(id) ?? [];
    for (let depth = 0; depth < 8 && up.some((p) => WRAPPER.test(name.get(p) ?? "")); depth++)
      up = up.flatMap((p) => (WRAPPER.test(name.get(p) ?? "") ? (parents.get(p) ?? []) : [p]));
    union(get(id), up, (p) => !WRAPPER.test(name.get(p) ?? ""));
  }
  // Wrappers above a broadcast now see both of its sides; what was placed by its neighbours now
  // places the wrappers and subqueries above it.
  for (const id of order) if (WRAPPER.test(name.get(id) ?? "")) union(get(id), children.get(id) ?? [], all);
  fromChildren();

  const out: Record<string, number[]> = {};
  for (const [id, s] of sets) out[id] = [...s].sort((a, b) => a - b);
  return out;
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Node ids, every node after all of its children (iterative post-order; plans can be deep). */
function childrenFirst(plan: Plan, children: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const start of plan.nodes) {
    if (seen.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    seen.add(start.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const kids = children.get(top.id) ?? [];
      if (top.next < kids.length) {
        const c = kids[top.next++]!;
        if (!seen.has(c)) {
          seen.add(c);
          stack.push({ id: c, next: 0 });
        }
      } else {
        out.push(top.id);
        stack.pop();
      }
    }
  }
  return out;
}
