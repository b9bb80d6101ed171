/**
 * broadcast: a sort-merge join with a side small enough to broadcast (sizes from cost-mode
 * statistics, AQE query-stage statistics or metrics), and broadcasts too large to be cheap.
 */

import { isBroadcastExchange, isJoin, isScan, isSortMergeJoin } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { fieldSource, metricOf, metricSource, nodeRef, treeLine } from "../evidence";
import { attrRefs, formatBytes, statsSize } from "../expr";
import { indexPlan, type PlanIndex } from "../plan-index";
import type { Evidence, Finding, Rule, RuleContext } from "../types";

interface SideSize {
  readonly bytes: number;
  readonly evidence: Evidence;
}

/** Size of one join input: the nearest AQE stage statistics or exchange metric below it. */
function sideSize(ix: PlanIndex, ctx: RuleContext, side: PlanNode): SideSize | null {
  for (let n: PlanNode | undefined = side; n; ) {
    const s = statsSize(n.stats);
    if (s)
      return {
        bytes: s.bytes,
        evidence: { label: `Size of ${nodeRef(n)}`, value: n.stats!, source: `${nodeRef(n)} › Statistics` },
      };
    const m = metricOf(ctx.metrics, n, /^(data size|shuffle bytes written)$/);
    if (m && m.total !== null)
      return {
        bytes: m.total,
        evidence: { label: `Size of ${nodeRef(n)}`, value: formatBytes(m.total), source: metricSource(n, m) },
      };
    if (isJoin(n.name) || isScan(n)) return null;
    const kids = ix.children(n.id);
    n = kids.length === 1 ? kids[0] : undefined;
  }
  return null;
}

/** Cost mode: the optimized logical `Join` whose condition uses the same attributes, and its inputs' sizes. */
function logicalSizes(ix: PlanIndex, smj: PlanNode): (SideSize | null)[] | null {
  const ids = new Set(
    attrRefs(`${smj.details["Left keys"] ?? ""} ${smj.details["Right keys"] ?? ""} ${smj.args}`).map(
      (r) => r.exprId,
    ),
  );
  if (ids.size === 0) return null;
  for (const j of ix.logical) {
    if (j.name !== "Join") continue;
    const refs = attrRefs(j.args).map((r) => r.exprId);
    if (refs.length === 0 || !refs.every((id) => ids.has(id))) continue;
    return ix.children(j.id).map((c) => {
      const s = statsSize(c.stats);
      return s
        ? {
            bytes: s.bytes,
            evidence: {
              label: `Estimated size of ${c.name} (line ${c.line})`,
              value: c.stats!,
              source: `line ${c.line} › Statistics (cost mode)`,
            },
          }
        : null;
    });
  }
  return null;
}

/** Which sides a hash join of this type may build (broadcast). */
function buildable(joinType: string): [boolean, boolean] {
  if (/^(LeftOuter|LeftSemi|LeftAnti|ExistenceJoin)/.test(joinType)) return [false, true];
  if (/^RightOuter/.test(joinType)) return [true, false];
  if (/^FullOuter/.test(joinType)) return [false, false];
  return [true, true];
}

function smjFindings(ix: PlanIndex, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const j of ix.physical) {
    if (!isSortMergeJoin(j.name)) continue;
    const kids = ix.children(j.id);
    if (kids.length !== 2) continue;
    const logical = logicalSizes(ix, j);
    const sizes = kids.map((k, i) => sideSize(ix, ctx, k) ?? logical?.[i] ?? null);
    const joinType = j.details["Join type"] ?? "Inner";
    const can = buildable(joinType);
    let best: { side: number; size: SideSize } | null = null;
    sizes.forEach((s, i) => {
      if (
        s &&
        can[i] &&
        s.bytes <= ctx.config.broadcastThresholdBytes &&
        (!best || s.bytes < best.size.bytes)
      )
        best = { side: i, size: s };
    });
    if (!best) continue;
    const { side, size } = best as { side: number; size: SideSize };
    const evidence: Evidence[] = [treeLine(j, "Join"), size.evidence];
    const other = sizes[1 - side];
    if (other) evidence.push(other.evidence);
    if (j.details["Join type"])
      evidence.push({ label: "Join type", value: joinType, source: fieldSource(j, "Join type") });
    out.push({
      ruleId: "broadcast",
      severity: "warn",
      nodeIds: [j.id],
      title: `Sort-merge join with a ${formatBytes(size.bytes)} ${side === 0 ? "left" : "right"} side could broadcast (${nodeRef(j)})`,
      evidence,
      explanation:
        `One input of ${nodeRef(j)} is only ${formatBytes(size.bytes)}, under the ${formatBytes(ctx.config.broadcastThresholdBytes)} broadcast threshold, ` +
        "yet both sides are shuffled and sorted. Broadcasting the small side avoids the two shuffles and the sorts.",
      fix:
        "Broadcast the small side: broadcast(df) / the BROADCAST hint, or set spark.sql.autoBroadcastJoinThreshold (default 10MB; -1 disables it) back to a positive size; " +
        "with AQE, spark.sql.adaptive.autoBroadcastJoinThreshold (3.2+) converts at runtime. For estimates to be right, ANALYZE TABLE ... COMPUTE STATISTICS and enable spark.sql.cbo.enabled.",
    });
  }
  return out;
}

function tooLarge(ix: PlanIndex, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const b of ix.physical) {
    if (!isBroadcastExchange(b.name) && !/^BroadcastQueryStage$/.test(b.name)) continue;
    let size: SideSize | null = null;
    const s = statsSize(b.stats);
    if (s)
      size = {
        bytes: s.bytes,
        evidence: { label: "Broadcast size", value: b.stats!, source: `${nodeRef(b)} › Statistics` },
      };
    const m = metricOf(ctx.metrics, b, /^data size$/);
    if (m && m.total !== null)
      size = {
        bytes: m.total,
        evidence: { label: "Broadcast data size", value: formatBytes(m.total), source: metricSource(b, m) },
      };
    if (!size || size.bytes < ctx.config.broadcastTooLargeBytes) continue;
    out.push({
      ruleId: "broadcast",
      severity: size.bytes >= ctx.config.broadcastCriticalBytes ? "critical" : "warn",
      nodeIds: [b.id],
      title: `Broadcast of ${formatBytes(size.bytes)} at ${nodeRef(b)}`,
      evidence: [treeLine(b, "Broadcast"), size.evidence],
      explanation:
        "The whole relation is collected to the driver, built into a hash table and copied to every executor; at this size that costs driver memory, network and executor memory (hard limit 8 GB) and often causes OOMs or broadcast timeouts.",
      fix: "Let it sort-merge join instead: remove the broadcast hint, or lower spark.sql.autoBroadcastJoinThreshold (default 10MB); filter/project the broadcast side first; raise spark.sql.broadcastTimeout (default 300 s) only as a stopgap.",
    });
  }
  return out;
}

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  return [...smjFindings(ix, ctx), ...tooLarge(ix, ctx)];
}

export const broadcastRule: Rule = {
  id: "broadcast",
  description: "Sort-merge joins with a side small enough to broadcast; broadcasts too large to be cheap.",
  run,
};
