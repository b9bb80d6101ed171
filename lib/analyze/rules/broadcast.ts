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
    const why = whyNotBroadcast(ctx, sizes, side);
    evidence.push(why.evidence);
    out.push({
      ruleId: "broadcast",
      severity: "warn",
      nodeIds: [j.id],
      title: `Sort-merge join with a ${formatBytes(size.bytes)} ${side === 0 ? "left" : "right"} side could broadcast (${nodeRef(j)})`,
      evidence,
      explanation:
        `One input of ${nodeRef(j)} is only ${formatBytes(size.bytes)}, under the ${formatBytes(ctx.config.broadcastThresholdBytes)} default broadcast threshold, ` +
        `yet both sides are shuffled and sorted. Broadcasting the small side avoids the two shuffles and the sorts. ${why.text}`,
      fix: why.fix,
    });
  }
  return out;
}

/** `-1`, `10485760`, `10MB`, `10m`, `64k` → bytes (Spark's byte-size settings); null when unreadable. */
export function confBytes(v: string | undefined): number | null {
  if (v === undefined) return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?\s*$/i.exec(v);
  if (!m) return null;
  const mult =
    { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[m[2]!.toLowerCase()] ?? 1;
  return Number(m[1]) * mult;
}

/**
 * Why Spark did not broadcast, from what the run shows: both sides against
 * spark.sql.autoBroadcastJoinThreshold (planning, from estimates) and AQE's
 * spark.sql.adaptive.autoBroadcastJoinThreshold (3.2+, re-planning from measured sizes; it defaults
 * to the former). The settings come from the event log's Spark Properties when it has them.
 */
function whyNotBroadcast(
  ctx: RuleContext,
  sizes: readonly (SideSize | null)[],
  side: number,
): { evidence: Evidence; text: string; fix: string } {
  const conf = ctx.sparkConf ?? {};
  const key = "spark.sql.autoBroadcastJoinThreshold";
  const aqeKey = "spark.sql.adaptive.autoBroadcastJoinThreshold";
  const thr = confBytes(conf[key]);
  const aqeThr = confBytes(conf[aqeKey]) ?? thr;
  const shown = (s: SideSize | null) => (s ? formatBytes(s.bytes) : "unknown");
  const thrText = (v: number | null, raw: string | undefined, dflt: string) =>
    v === null
      ? `not recorded (default ${dflt})`
      : v < 0
        ? `${raw} (broadcast off)`
        : `${formatBytes(v)} (${raw})`;
  const value =
    `left ${shown(sizes[0] ?? null)}, right ${shown(sizes[1] ?? null)}; ${key} ${thrText(thr, conf[key], "10 MiB")}; ` +
    `${aqeKey} ${thrText(aqeThr, conf[aqeKey] ?? conf[key], `that of ${key}`)}`;
  const evidence: Evidence = {
    label: "Why not broadcast",
    value,
    source:
      thr === null
        ? "sizes above; settings not in the plan"
        : "sizes above; the event log's Spark Properties and the query's modifiedConfigs",
  };
  const small = side === 0 ? "left" : "right";
  if (thr !== null && thr < 0 && (aqeThr === null || aqeThr < 0))
    return {
      evidence,
      text: `${key} is ${conf[key]} in this application: automatic broadcast is off, so every equi-join without a hint is a sort-merge join.`,
      fix: `Set ${key} back to a size (default 10MB) so Spark and AQE broadcast sides below it, or broadcast the ${small} side of this join only: broadcast(df) / the BROADCAST hint.`,
    };
  if (thr !== null)
    return {
      evidence,
      text: `The ${small} side measured below ${key} (${formatBytes(thr)}), so at planning time Spark's estimate was above it (filters and aggregates below the join shrink it only at run time), and AQE did not convert it${aqeThr !== null && aqeThr < 0 ? ` (${aqeKey} is off)` : ""}.`,
      fix: `Broadcast the ${small} side explicitly: broadcast(df) / the BROADCAST hint. With AQE on (spark.sql.adaptive.enabled), a positive ${aqeKey} converts it at run time from the measured size.`,
    };
  return {
    evidence,
    text: `The plan does not record ${key}: either it was lowered or turned off (-1) for this query, or Spark's estimate at planning time was above it.`,
    fix: `Broadcast the ${small} side explicitly: broadcast(df) / the BROADCAST hint; if ${key} was set to -1, set it back to a size (default 10MB). With AQE on, ${aqeKey} (3.2+) converts at run time from the measured size.`,
  };
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

export const broadcastRule: Rule<"broadcast"> = {
  id: "broadcast",
  description: "Sort-merge joins with a side small enough to broadcast; broadcasts too large to be cheap.",
  run,
};
