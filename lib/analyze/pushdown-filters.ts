/**
 * Filters over scans and what they did not push (./pushdown.ts says why), and the predicates Spark
 * copied across an equi-join's keys (InferFiltersFromConstraints), so a copy is reported with the
 * predicate it came from instead of being blamed on the user. Used by rules/missed-pushdown.ts.
 */
import { splitTopLevel } from "@/lib/plan/expressions";
import {
  isAqeWrapper,
  isBroadcastExchange,
  isFilter,
  isJoin,
  isProject,
  isPythonEval,
  isScan,
  isShuffleExchange,
  isSort,
  isTransition,
} from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";
import { attrRefs, bracketList, conjuncts, partitionColumns, pushedColumns, scanOutput } from "./expr";
import { downThrough, type PlanIndex } from "./plan-index";
import { type Cause, causeOf } from "./pushdown";

/** Operators that pass rows through between a filter and its scan. */
const passThrough = (n: PlanNode) => isTransition(n.name) || isProject(n.name) || isPythonEval(n.name);

/** Scan directly below a Filter (possibly through transitions, projections and Python evaluation). */
function scanBelow(ix: PlanIndex, filter: PlanNode): { scan: PlanNode; path: PlanNode[] } | null {
  const kids = ix.children(filter.id);
  if (kids.length !== 1) return null;
  const { node, path } = downThrough(ix, kids[0]!, passThrough);
  if (!isScan(node) || ix.children(node.id).length > 0) return null;
  // Only sources that report what they pushed: file and v2 scans.
  if (
    !(
      "ReadSchema" in node.details ||
      "PushedFilters" in node.details ||
      "Format" in node.details ||
      /^Scan \w+|FileScan|BatchScan/.test(node.name)
    )
  )
    return null;
  if (/^Scan (ExistingRDD|OneRowRelation)|^(LocalTableScan|InMemoryTableScan|RDDScan)/.test(node.name))
    return null;
  return { scan: node, path: [kids[0]!, ...path].filter((n) => n.id !== node.id) };
}

export interface Missed {
  readonly conjunct: string;
  readonly cause: Cause;
}

export interface FilterOverScan {
  readonly filter: PlanNode;
  readonly scan: PlanNode;
  readonly condition: string;
  readonly missed: Missed[];
}

/** The conjuncts of a Filter over a scan that the scan did not apply, with their causes. */
export function missedOf(ix: PlanIndex, f: PlanNode): FilterOverScan | null {
  const below = scanBelow(ix, f);
  if (!below) return null;
  const { scan } = below;
  const condition = f.details.Condition ?? f.args;
  const pushed = pushedColumns(scan.details.PushedFilters);
  const partCols = partitionColumns(scan);
  const scanIds = new Set(scanOutput(scan).map((a) => a.exprId));
  const pruning = bracketList(scan.details.PartitionFilters).filter((c) => !/^isnotnull\(/i.test(c));
  const missed: Missed[] = [];
  for (const c of conjuncts(condition)) {
    // Spark infers `isnotnull` for every column a predicate or join key uses: its own, never the user's.
    if (/^isnotnull\(/i.test(c)) continue;
    const names = attrRefs(c).map((r) => r.name.toLowerCase());
    let cause = causeOf(c, partCols);
    // A column the scan does not output was computed above it (a Project's alias).
    if (cause === "not-accepted" && scanIds.size > 0 && attrRefs(c).some((r) => !scanIds.has(r.exprId)))
      cause = "computed";
    let covered = false;
    if (cause === "partition" && !/udf/i.test(c))
      covered = pruning.some((p) => attrRefs(p).some((r) => names.includes(r.name.toLowerCase())));
    else if (cause === "cast" || cause === "function" || cause === "not-accepted")
      covered = names.length > 0 && names.every((n) => pushed.selective.has(n));
    if (!covered && (names.length > 0 || cause === "non-deterministic")) missed.push({ conjunct: c, cause });
  }
  return { filter: f, scan, condition, missed };
}

/** Join above a filter (through the operators that only move or reorder rows) and the filter's side. */
function joinAbove(ix: PlanIndex, n: PlanNode): { join: PlanNode; side: number } | null {
  let child = n;
  for (let p = ix.parent(n.id); p; child = p, p = ix.parent(p.id)) {
    if (isJoin(p.name)) {
      const side = ix.children(p.id).findIndex((k) => k.id === child.id);
      return side < 0 ? null : { join: p, side };
    }
    const movesRows =
      isTransition(p.name) ||
      isProject(p.name) ||
      isFilter(p.name) ||
      isAqeWrapper(p.name) ||
      isSort(p.name) ||
      isShuffleExchange(p.name) ||
      isBroadcastExchange(p.name) ||
      /QueryStage$/.test(p.name);
    if (!movesRows) return null;
  }
  return null;
}

/** Equi-join keys as expression ids, left and right in pairs (formatted details or the tree line). */
function joinKeys(j: PlanNode): [string[], string[]] {
  const args = splitTopLevel(j.details.Arguments ?? j.args);
  const left = j.details["Left keys"] ?? args[0];
  const right = j.details["Right keys"] ?? args[1];
  const ids = (v: string | undefined) => bracketList(v).map((k) => attrRefs(k)[0]?.exprId ?? "");
  return [ids(left), ids(right)];
}

/** A conjunct with the join-key columns replaced by their key position, other ids kept. */
function keyed(conjunct: string, keys: readonly string[]): string {
  return conjunct.replace(/([A-Za-z_][\w$]*)#(\d+)L?\b/g, (all, _name, id: string) => {
    const k = keys.indexOf(id);
    return k >= 0 ? `$key${k}` : all;
  });
}

export interface Copy {
  /** The Filter holding Spark's copy, and the copied conjunct there. */
  readonly other: FilterOverScan;
  readonly conjunct: string;
  readonly join: PlanNode;
  /** True when the plan shows which one the user wrote; false: one of the two, unknown which. */
  readonly known: boolean;
}

/**
 * Predicates Spark copied across an equi-join (InferFiltersFromConstraints): the same conjunct
 * on both sides, key column for key column. The user's one is the one in the analyzed plan when
 * the text has it; else the one Spark prepended `isnotnull` to (Filter(And(inferred, condition)))
 * while the copy is built first and its `isnotnull` appended; else unknown.
 */
export function findCopies(ix: PlanIndex, filters: FilterOverScan[]): Map<FilterOverScan, Copy[]> {
  const out = new Map<FilterOverScan, Copy[]>();
  const analyzed = ix.plan.nodes.filter((n) => n.section === "analyzed" && isFilter(n.name));
  const userIds = new Set(
    analyzed.flatMap((n) => attrRefs(n.details.Condition ?? n.args).map((r) => r.exprId)),
  );
  const bySide = new Map<string, { fs: FilterOverScan; side: number }[]>();
  for (const fs of filters) {
    const up = joinAbove(ix, fs.filter);
    if (!up) continue;
    const list = bySide.get(up.join.id) ?? [];
    list.push({ fs, side: up.side });
    bySide.set(up.join.id, list);
  }
  const copied = new Set<string>();
  for (const [joinId, list] of bySide) {
    const join = ix.byId.get(joinId)!;
    const keys = joinKeys(join);
    for (const a of list.filter((x) => x.side === 0)) {
      for (const b of list.filter((x) => x.side === 1)) {
        for (const ma of a.fs.missed) {
          const mb = b.fs.missed.find((m) => keyed(m.conjunct, keys[1]) === keyed(ma.conjunct, keys[0]));
          if (!mb || !/\$key/.test(keyed(ma.conjunct, keys[0]))) continue;
          const aIds = attrRefs(ma.conjunct).map((r) => r.exprId);
          const bIds = attrRefs(mb.conjunct).map((r) => r.exprId);
          let user: "a" | "b" | null = null;
          if (analyzed.length > 0) {
            const inA = aIds.some((id) => userIds.has(id));
            const inB = bIds.some((id) => userIds.has(id));
            if (inA !== inB) user = inA ? "a" : "b";
          }
          if (!user) {
            const aFirst = prependedNotNull(a.fs.condition, ma.conjunct);
            const bFirst = prependedNotNull(b.fs.condition, mb.conjunct);
            if (aFirst !== bFirst) user = aFirst ? "a" : "b";
          }
          const [orig, copy, cc] = user === "b" ? [b.fs, a.fs, ma.conjunct] : [a.fs, b.fs, mb.conjunct];
          const list2 = out.get(orig) ?? [];
          list2.push({ other: copy, conjunct: cc, join, known: user !== null });
          out.set(orig, list2);
          copied.add(`${copy.filter.id}|${cc}`);
        }
      }
    }
  }
  // The copies leave their own filter's list: they are reported with the user's predicate.
  for (const fs of filters) {
    const kept = fs.missed.filter((m) => !copied.has(`${fs.filter.id}|${m.conjunct}`));
    fs.missed.splice(0, fs.missed.length, ...kept);
  }
  return out;
}

/** `isnotnull(...) AND pred`: Spark prepended its inferred null check to the user's condition. */
function prependedNotNull(condition: string, conjunct: string): boolean {
  const cs = conjuncts(condition);
  const i = cs.indexOf(conjunct);
  return i > 0 && /^isnotnull\(/i.test(cs[0]!);
}
