/**
 * What AQE changed between the initial and the final plan, and why, one line per change:
 * coalesced shuffle partitions, a join switched to a broadcast, skewed partitions split. The
 * shuffle findings quote the lines that concern their exchange ("why" notes, issue 19).
 *
 * The initial plan is the `== Initial Plan ==` of the same text (nodes with `aqe: "initial"`) or,
 * for an event log, the plan of SQLExecutionStart (`RuleContext.initialPlan`).
 */
import { splitTopLevel } from "@/lib/plan/expressions";
import {
  isAqeWrapper,
  isBroadcastExchange,
  isJoin,
  isShuffleExchange,
  isTransition,
} from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";
import { metricOf, nodeRef } from "./evidence";
import { attrRefs, bracketList, formatBytes, readPartitioning, statsSize } from "./expr";
import { indexPlan, type PlanIndex } from "./plan-index";
import type { RuleContext } from "./types";

export interface AqeChange {
  readonly kind: "coalesced" | "broadcast" | "skew";
  /** The exchanges the change concerns (their shuffle findings quote it). */
  readonly exchangeIds: readonly string[];
  readonly line: string;
}

const READ = /^(AQEShuffleRead|CustomShuffleReader|CoalescedShuffleReader)$/;

/** The shuffle exchange under an AQE read (through its query stage). */
function exchangeUnder(ix: PlanIndex, read: PlanNode): PlanNode | undefined {
  let n = ix.children(read.id)[0];
  while (n && !isShuffleExchange(n.name) && (isAqeWrapper(n.name) || /QueryStage$/.test(n.name)))
    n = ix.children(n.id)[0];
  return n && isShuffleExchange(n.name) ? n : undefined;
}

/** Event-log plans print no id for the read; "AQE's shuffle read" then reads better than a line 0. */
function readRef(r: PlanNode): string {
  return r.operatorId !== null || r.line > 0 ? nodeRef(r) : "AQE's shuffle read";
}

function total(ctx: RuleContext, n: PlanNode, name: RegExp): number | null {
  const m = metricOf(ctx.metrics, n, name);
  return m && m.total !== null ? m.total : null;
}

function coalescedLines(ix: PlanIndex, ctx: RuleContext, finals: readonly PlanNode[]): AqeChange[] {
  const out: AqeChange[] = [];
  for (const r of finals) {
    const args = r.details.Arguments ?? r.args;
    if (!READ.test(r.name) || !/coalesced/.test(args)) continue;
    const ex = exchangeUnder(ix, r);
    if (!ex) continue;
    const before = readPartitioning(
      ex.details.Partitioning ?? splitTopLevel(ex.details.Arguments ?? ex.args)[0],
    )?.partitions;
    const after = total(ctx, r, /^number of partitions$/);
    const split = /\bskewed\b/.test(args) ? ", skew splits included" : "";
    const counts =
      before != null && after !== null
        ? `${before} → ${after} partitions${split}`
        : before != null
          ? `${before} partitions → fewer (the count is in the run's metrics, not the text)`
          : "partitions merged";
    out.push({
      kind: "coalesced",
      exchangeIds: [ex.id],
      line: `${readRef(r)} coalesced ${nodeRef(ex)}'s output, ${counts}: small partitions merged up to spark.sql.adaptive.advisoryPartitionSizeInBytes (spark.sql.adaptive.coalescePartitions.enabled).`,
    });
  }
  return out;
}

function skewLines(ix: PlanIndex, ctx: RuleContext, finals: readonly PlanNode[]): AqeChange[] {
  const out: AqeChange[] = [];
  for (const r of finals) {
    const args = r.details.Arguments ?? r.args;
    if (!READ.test(r.name) || !/\bskewed\b/.test(args)) continue;
    const ex = exchangeUnder(ix, r);
    if (!ex) continue;
    const skewed = total(ctx, r, /^number of skewed partitions$/);
    const splits = total(ctx, r, /^number of skewed partition splits$/);
    const n =
      skewed !== null
        ? `${skewed} skewed partition${skewed === 1 ? "" : "s"}${splits !== null ? ` into ${splits} splits` : ""}`
        : "skewed partitions";
    out.push({
      kind: "skew",
      exchangeIds: [ex.id],
      line: `${readRef(r)} split ${n} of ${nodeRef(ex)}: partitions above spark.sql.adaptive.skewJoin.skewedPartitionFactor × the median and skewedPartitionThresholdInBytes are read in pieces (spark.sql.adaptive.skewJoin.enabled).`,
    });
  }
  return out;
}

/** Equi-join key expression ids, as a sorted key: the same join in the initial and the final plan. */
function joinKey(j: PlanNode): string {
  const args = splitTopLevel(j.details.Arguments ?? j.args);
  const keys = [j.details["Left keys"] ?? args[0], j.details["Right keys"] ?? args[1]];
  return keys
    .flatMap((k) => bracketList(k).flatMap((e) => attrRefs(e).map((r) => r.exprId)))
    .sort()
    .join(",");
}

/** Shuffle exchanges below a join (first level, past sorts / reads / stages / transitions). */
function exchangesBelow(ix: PlanIndex, j: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const stack = [...ix.children(j.id)];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isShuffleExchange(n.name)) out.push(n);
    else if (
      isAqeWrapper(n.name) ||
      isTransition(n.name) ||
      isBroadcastExchange(n.name) ||
      /QueryStage$|^Sort$|^Project$|^Filter$/.test(n.name)
    )
      stack.push(...ix.children(n.id));
  }
  return out;
}

function broadcastLines(
  ix: PlanIndex,
  ctx: RuleContext,
  finals: readonly PlanNode[],
  initials: readonly PlanNode[],
): AqeChange[] {
  const out: AqeChange[] = [];
  const planned = new Map(initials.filter((n) => isJoin(n.name)).map((n) => [joinKey(n), n]));
  for (const j of finals) {
    if (!/BroadcastHashJoin|BroadcastNestedLoopJoin/.test(j.name)) continue;
    const key = joinKey(j);
    const before = key ? planned.get(key) : undefined;
    if (!before || /Broadcast/.test(before.name)) continue;
    const bex = ix.physical.find((n) => isBroadcastExchange(n.name) && ix.parent(n.id) && isUnder(ix, n, j));
    let size = "";
    if (bex) {
      const stage = ix.parent(bex.id);
      const s = statsSize(stage?.stats ?? bex.stats ?? null);
      const m = total(ctx, bex, /^data size$/);
      size = s
        ? `, build side ${formatBytes(s.bytes)} (query-stage statistics)`
        : m !== null
          ? `, build side ${formatBytes(m)} (measured)`
          : "";
    }
    out.push({
      kind: "broadcast",
      exchangeIds: exchangesBelow(ix, j).map((e) => e.id),
      line: `${nodeRef(before)} (planned) became ${nodeRef(j)}${size}: once the shuffles had run, the measured side was under spark.sql.adaptive.autoBroadcastJoinThreshold (3.2+; defaults to spark.sql.autoBroadcastJoinThreshold), so AQE broadcast it and read the other side's shuffle locally.`,
    });
  }
  return out;
}

function isUnder(ix: PlanIndex, n: PlanNode, top: PlanNode): boolean {
  for (let p = ix.parent(n.id); p; p = ix.parent(p.id)) {
    if (p.id === top.id) return true;
    if (isJoin(p.name)) return false;
  }
  return false;
}

/** Every AQE change of a plan, when both its initial and final plans are known. */
export function aqeChanges(ix: PlanIndex, ctx: RuleContext): AqeChange[] {
  const finals = ix.plan.nodes.filter((n) => n.aqe === "final");
  if (finals.length === 0) return [];
  const initials = ix.plan.nodes.some((n) => n.aqe === "initial")
    ? ix.plan.nodes.filter((n) => n.aqe === "initial")
    : ctx.initialPlan
      ? indexPlan(ctx.initialPlan).physical
      : [];
  return [
    ...coalescedLines(ix, ctx, finals),
    ...broadcastLines(ix, ctx, finals, initials),
    ...skewLines(ix, ctx, finals),
  ];
}
