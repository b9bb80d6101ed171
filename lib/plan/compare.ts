/**
 * Compare two plans operator by operator (before/after a change, AQE initial vs final, two runs).
 * Pure: a matching plus the differences, keyed by node id on each side.
 *
 * Matching walks both trees from their roots: children of a matched pair are paired by
 * similarity (name, table, arguments, operator id), looking one level deeper on either side so an
 * inserted or dropped operator (a new Filter, an Exchange AQE removed) does not derail the rest.
 * Whatever the walk leaves unmatched is paired globally by the same similarity, above a threshold.
 */
import type { Plan, PlanNode } from "./types";

export type DiffKind = "added" | "removed" | "changed";

export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface MetricChange {
  readonly name: string;
  readonly before: number;
  readonly after: number;
}

export interface MatchedPair {
  readonly a: string;
  readonly b: string;
  readonly changes: readonly FieldChange[];
  readonly metricChanges: readonly MetricChange[];
}

export interface PlanDiff {
  readonly pairs: readonly MatchedPair[];
  /** In the first plan only. */
  readonly removed: readonly string[];
  /** In the second plan only. */
  readonly added: readonly string[];
  /** Per-node marks for drawing: `removed`/`changed` on side A, `added`/`changed` on side B. */
  readonly marksA: ReadonlyMap<string, DiffKind>;
  readonly marksB: ReadonlyMap<string, DiffKind>;
}

export type MetricsByNode = ReadonlyMap<string, readonly { readonly name: string; readonly total: number }[]>;

export interface CompareOptions {
  readonly metricsA?: MetricsByNode;
  readonly metricsB?: MetricsByNode;
  /** Relative change below which a metric counts as unchanged (default 10 %). */
  readonly metricTolerance?: number;
}

/** Text that differs between two runs of the same query without meaning anything: ids. */
export function normalise(s: string): string {
  return s
    .replace(/,?\s*\[id=#?\d+\]/g, "")
    .replace(/#\d+L?/g, "")
    .replace(/plan_id=\d+/g, "plan_id")
    .replace(/\bReuses operator id: \d+/g, "Reuses operator id")
    .replace(/\s+/g, " ")
    .trim();
}

interface Side {
  readonly nodes: ReadonlyMap<string, PlanNode>;
  /** Inputs (children in the printed tree) of each node, in print order. */
  readonly inputs: ReadonlyMap<string, readonly string[]>;
  readonly roots: readonly string[];
}

function side(plan: Plan, nodes: readonly PlanNode[]): Side {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inputs = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of plan.edges) {
    if (e.kind !== "child" && e.kind !== "subquery") continue;
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
    hasParent.add(e.from);
  }
  const roots = nodes.filter((n) => !hasParent.has(n.id)).map((n) => n.id);
  return { nodes: byId, inputs, roots };
}

const tableOf = (n: PlanNode) =>
  n.details.Table ?? (/^Scan\b/.test(n.name) ? normalise(n.args).split(" ")[0] : "");

function family(name: string): string {
  if (/Join|CartesianProduct/.test(name)) return "join";
  if (/Exchange|QueryStage|ShuffleRead/.test(name)) return "exchange";
  if (/Aggregate/.test(name)) return "aggregate";
  if (/Scan/.test(name)) return "scan";
  return name;
}

/** 0 (unrelated) … ~10 (same operator, same table, same arguments, same id). */
export function similarity(a: PlanNode, b: PlanNode): number {
  let s = 0;
  if (a.name === b.name) s += 4;
  else if (family(a.name) === family(b.name)) s += 2;
  else return 0;
  const ta = tableOf(a);
  const tb = tableOf(b);
  if (ta || tb) s += ta === tb ? 3 : -2;
  if (normalise(a.args) === normalise(b.args)) s += 1;
  if (a.operatorId !== null && a.operatorId === b.operatorId) s += 1;
  if (a.tree === b.tree) s += 0.5;
  return s;
}

const MIN_SCORE = 4;
const LOOKAHEAD = 3;

export function comparePlans(
  planA: Plan,
  nodesA: readonly PlanNode[],
  planB: Plan,
  nodesB: readonly PlanNode[],
  opts: CompareOptions = {},
): PlanDiff {
  const A = side(planA, nodesA);
  const B = side(planB, nodesB);
  const aToB = new Map<string, string>();
  const bToA = new Map<string, string>();
  const pair = (a: string, b: string) => {
    aToB.set(a, b);
    bToA.set(b, a);
  };

  // Candidates below a node: its inputs and theirs, down to LOOKAHEAD levels, so operators
  // inserted on one side (AQE puts AQEShuffleRead and ShuffleQueryStage above each Exchange)
  // are stepped over. Already matched nodes stop the descent.
  const below = (s: Side, matched: Map<string, string>, id: string) => {
    const out: { id: string; depth: number }[] = [];
    let level = [id];
    for (let depth = 1; depth <= LOOKAHEAD && level.length > 0; depth++) {
      level = level.flatMap((x) => s.inputs.get(x) ?? []).filter((x) => !matched.has(x));
      for (const x of level) out.push({ id: x, depth });
    }
    return out;
  };
  const matchAmong = (
    as: readonly { id: string; depth: number }[],
    bs: readonly { id: string; depth: number }[],
  ) => {
    const cands: { a: string; b: string; score: number }[] = [];
    as.forEach((x, i) => {
      bs.forEach((y, j) => {
        if (aToB.has(x.id) || bToA.has(y.id)) return;
        const sim = similarity(A.nodes.get(x.id)!, B.nodes.get(y.id)!);
        if (sim < MIN_SCORE) return;
        // Prefer the same depth and the same position among siblings.
        const score = sim - (x.depth + y.depth - 2) * 1.2 - Math.abs(i - j) * 0.05;
        cands.push({ a: x.id, b: y.id, score });
      });
    });
    cands.sort((p, q) => q.score - p.score);
    const made: [string, string][] = [];
    for (const c of cands) {
      if (aToB.has(c.a) || bToA.has(c.b)) continue;
      pair(c.a, c.b);
      made.push([c.a, c.b]);
    }
    return made;
  };

  const queue: [string, string][] = matchAmong(
    A.roots.map((id) => ({ id, depth: 1 })),
    B.roots.map((id) => ({ id, depth: 1 })),
  );
  const walk = () => {
    while (queue.length > 0) {
      const [a, b] = queue.shift()!;
      queue.push(...matchAmong(below(A, aToB, a), below(B, bToA, b)));
    }
  };
  walk();
  // Leftovers: global pairing by similarity, then by matched neighbours.
  const restA = nodesA.filter((n) => !aToB.has(n.id));
  const restB = nodesB.filter((n) => !bToA.has(n.id));
  if (restA.length > 0 && restB.length > 0 && restA.length * restB.length <= 4_000_000) {
    const cands: { a: string; b: string; score: number }[] = [];
    for (const x of restA)
      for (const y of restB) {
        const sim = similarity(x, y);
        if (sim >= MIN_SCORE + 1) cands.push({ a: x.id, b: y.id, score: sim });
      }
    cands.sort((p, q) => q.score - p.score);
    for (const c of cands) {
      if (aToB.has(c.a) || bToA.has(c.b)) continue;
      pair(c.a, c.b);
      queue.push([c.a, c.b]);
      walk(); // a pair found this way anchors the walk below it
    }
  }

  const tol = opts.metricTolerance ?? 0.1;
  const pairs: MatchedPair[] = [];
  const marksA = new Map<string, DiffKind>();
  const marksB = new Map<string, DiffKind>();
  for (const n of nodesA) {
    const b = aToB.get(n.id);
    if (!b) {
      marksA.set(n.id, "removed");
      continue;
    }
    const m = B.nodes.get(b)!;
    const changes = fieldChanges(n, m);
    const metricChanges = metricDiff(opts.metricsA?.get(n.id), opts.metricsB?.get(b), tol);
    pairs.push({ a: n.id, b, changes, metricChanges });
    if (changes.length > 0 || metricChanges.length > 0) {
      marksA.set(n.id, "changed");
      marksB.set(b, "changed");
    }
  }
  for (const n of nodesB) if (!bToA.has(n.id)) marksB.set(n.id, "added");
  return {
    pairs,
    removed: nodesA.filter((n) => !aToB.has(n.id)).map((n) => n.id),
    added: nodesB.filter((n) => !bToA.has(n.id)).map((n) => n.id),
    marksA,
    marksB,
  };
}

function fieldChanges(a: PlanNode, b: PlanNode): FieldChange[] {
  const out: FieldChange[] = [];
  if (a.name !== b.name) out.push({ field: "name", before: a.name, after: b.name });
  const argsA = normalise(a.args);
  const argsB = normalise(b.args);
  if (argsA !== argsB) out.push({ field: "arguments", before: argsA, after: argsB });
  const keys = new Set([...Object.keys(a.details), ...Object.keys(b.details)]);
  for (const k of keys) {
    const va = a.details[k];
    const vb = b.details[k];
    const na = va === undefined ? null : normalise(va);
    const nb = vb === undefined ? null : normalise(vb);
    if (na !== nb) out.push({ field: k, before: na, after: nb });
  }
  return out;
}

function metricDiff(
  a: readonly { name: string; total: number }[] | undefined,
  b: readonly { name: string; total: number }[] | undefined,
  tol: number,
): MetricChange[] {
  if (!a || !b) return [];
  const after = new Map(b.map((m) => [m.name, m.total]));
  const out: MetricChange[] = [];
  for (const m of a) {
    const v = after.get(m.name);
    if (v === undefined) continue;
    const base = Math.max(Math.abs(m.total), Math.abs(v), 1);
    if (Math.abs(v - m.total) / base > tol) out.push({ name: m.name, before: m.total, after: v });
  }
  return out;
}
