/**
 * shuffle: every shuffle exchange, with its partitioning, partition count, the operator that
 * needs it (join / aggregate / window / sort / repartition) and, with metrics, the bytes it moved.
 */
import { splitTopLevel } from "@/lib/plan/expressions";
import {
  isAggregate,
  isAqeWrapper,
  isBroadcastExchange,
  isJoin,
  isShuffleExchange,
  isSort,
  isTransition,
} from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { type AqeChange, aqeChanges } from "../aqe";
import { fieldSource, metricOf, metricSource, nodeRef, quote } from "../evidence";
import { formatBytes, readPartitioning } from "../expr";
import { indexPlan, type PlanIndex } from "../plan-index";
import type { Evidence, Finding, Rule, RuleContext, Severity } from "../types";

type Reason = "join" | "aggregate" | "window" | "sort" | "repartition" | "grouped map" | "other";

/**
 * The operator the shuffle feeds, past AQE wrappers, transitions and a local Sort: a join's,
 * window's, sort aggregate's or grouped Python operator's required ordering is a
 * Sort(global=false) between it and its Exchange (`Sort [k#1 ASC NULLS FIRST], false, 0`).
 */
function consumer(ix: PlanIndex, ex: PlanNode): PlanNode | undefined {
  let p = ix.parent(ex.id);
  // AQE can turn a planned sort-merge join into a broadcast after the shuffle ran: the shuffle's
  // (local) read is then broadcast, and the join is still what it was written for.
  while (p && (isAqeWrapper(p.name) || isTransition(p.name) || isBroadcastExchange(p.name)))
    p = ix.parent(p.id);
  if (p && isSort(p.name)) {
    const above = ix.parent(p.id);
    if (above && (isJoin(above.name) || /Window/.test(above.name) || isLocalSort(p))) return above;
  }
  return p;
}

/** `Sort [keys], false, 0`: sorts each partition (global=false), unlike orderBy's global sort. */
function isLocalSort(sort: PlanNode): boolean {
  return splitTopLevel(sort.details.Arguments ?? sort.args)[1] === "false";
}

function reasonOf(ex: PlanNode, parent: PlanNode | undefined): Reason {
  const args = ex.details.Arguments ?? ex.args;
  if (/REPARTITION|REBALANCE/.test(args)) return "repartition";
  if (!parent) return "other";
  if (isJoin(parent.name)) return "join";
  if (isAggregate(parent.name) || /^(\w*Expand|Deduplicate)/.test(parent.name)) return "aggregate";
  if (/Window/.test(parent.name)) return "window";
  // groupBy().applyInPandas() / cogroup() / applyInPandasWithState: a Python function per group.
  if (/^FlatMap(?:Co)?Groups|^AggregateInPandas|^ApplyInPandasWithState/.test(parent.name))
    return "grouped map";
  if (isSort(parent.name)) return "sort";
  return "other";
}

const WHY: Record<Reason, string> = {
  join: "to co-partition both sides of a join on the join keys",
  aggregate: "to bring all rows of a group together for the final aggregation",
  window: "to bring all rows of a window partition together",
  "grouped map":
    "to bring all rows of a group together for the grouped Python function (applyInPandas, cogroup)",
  sort: "to range-partition rows for a global sort (orderBy)",
  repartition: "because the query asks for it (repartition / rebalance / DISTRIBUTE BY)",
  other: "to satisfy the distribution its parent requires",
};

function metricEvidence(ctx: RuleContext, ex: PlanNode): { evidence: Evidence[]; bytes: number | null } {
  const evidence: Evidence[] = [];
  let bytes: number | null = null;
  const written =
    metricOf(ctx.metrics, ex, /^shuffle bytes written$/) ?? metricOf(ctx.metrics, ex, /^data size$/);
  if (written && written.total !== null) {
    bytes = written.total;
    evidence.push({
      // Say what was measured: Spark 2.x/3.0 exchanges report only "data size" (the rows' size in
      // memory), later ones also "shuffle bytes written" (what went to disk, compressed).
      label: /^shuffle bytes written$/.test(written.name) ? "Shuffle bytes written" : "Data size",
      value: formatBytes(written.total),
      source: metricSource(ex, written),
    });
  }
  const records = metricOf(ctx.metrics, ex, /^shuffle records written$/);
  if (records && records.total !== null) {
    evidence.push({
      label: "Shuffle records written",
      value: String(records.total),
      source: metricSource(ex, records),
    });
  }
  const read = metricOf(ctx.metrics, ex, /^(remote bytes read|local bytes read)$/);
  if (read && read.total !== null && bytes === null) {
    bytes = read.total;
    evidence.push({
      label: "Shuffle bytes read",
      value: formatBytes(read.total),
      source: metricSource(ex, read),
    });
  }
  return { evidence, bytes };
}

/** AQE coalescing read above the exchange, and how many partitions it kept (with metrics). */
function coalesced(
  ix: PlanIndex,
  ctx: RuleContext,
  ex: PlanNode,
): { node: PlanNode; evidence: Evidence[]; few: boolean } | null {
  let p = ix.parent(ex.id);
  while (p && /QueryStage$/.test(p.name)) p = ix.parent(p.id);
  if (!p || !/^(AQEShuffleRead|CustomShuffleReader|CoalescedShuffleReader)$/.test(p.name)) return null;
  const args = p.details.Arguments ?? p.args.replace(/^\(\d+\),\s*/, "");
  const evidence: Evidence[] = [
    { label: "AQE shuffle read", value: args || "(no arguments)", source: fieldSource(p, "Arguments") },
  ];
  const parts = metricOf(ctx.metrics, p, /^number of partitions$/);
  let few = false;
  if (parts && parts.total !== null) {
    evidence.push({
      label: "Partitions after AQE",
      value: String(parts.total),
      source: metricSource(p, parts),
    });
    few = /coalesced/.test(args) && parts.total <= ctx.config.coalescedFewPartitions;
  }
  return { node: p, evidence, few };
}

/** SinglePartition fed by a partial aggregate or a local limit moves a few rows per task: cheap. */
function cheapSingle(ix: PlanIndex, ex: PlanNode): boolean {
  let c = ix.children(ex.id)[0];
  while (c && (isTransition(c.name) || isAqeWrapper(c.name))) c = ix.children(c.id)[0];
  return (
    !!c && (isAggregate(c.name) || /^(\w*LocalLimit|TakeOrderedAndProject|\w*CollectLimit)/.test(c.name))
  );
}

function severityFor(ctx: RuleContext, single: boolean, bytes: number | null): Severity {
  if (bytes !== null && bytes >= ctx.config.shuffleCriticalBytes) return "critical";
  if (single || (bytes !== null && bytes >= ctx.config.shuffleWarnBytes)) return "warn";
  return "info";
}

export function shuffleFinding(
  ix: PlanIndex,
  ctx: RuleContext,
  ex: PlanNode,
  changes: readonly AqeChange[] = [],
): Finding {
  const partText = ex.details.Partitioning ?? splitTopLevel(ex.details.Arguments ?? ex.args)[0];
  const part = readPartitioning(partText);
  const parent = consumer(ix, ex);
  const reason = reasonOf(ex, parent);
  const evidence: Evidence[] = [];
  evidence.push(
    partText !== undefined
      ? quote(
          ex,
          "Partitioning",
          ex.details.Partitioning !== undefined ? "Partitioning" : "Arguments",
          partText,
        )
      : quote(ex, "Exchange", "Arguments"),
  );
  if (part?.partitions != null) {
    evidence.push({
      label: "Partitions",
      value: String(part.partitions),
      source: fieldSource(ex, "Partitioning"),
    });
  }
  if (parent)
    evidence.push({ label: "Needed by", value: nodeRef(parent), source: `parent of ${nodeRef(ex)}` });
  const m = metricEvidence(ctx, ex);
  evidence.push(...m.evidence);
  const co = coalesced(ix, ctx, ex);
  if (co) evidence.push(...co.evidence);
  for (const c of changes)
    if (c.exchangeIds.includes(ex.id))
      evidence.push({ label: AQE_LABEL[c.kind], value: c.line, source: "initial plan → final plan" });
  const single = part?.kind === "single" && !cheapSingle(ix, ex);
  let severity = severityFor(ctx, single, m.bytes);
  if (co?.few && m.bytes !== null && m.bytes >= ctx.config.coalescedMinBytes && severity === "info")
    severity = "warn";

  const keys = part && part.keys.length > 0 ? ` on ${part.keys.join(", ")}` : "";
  const kind = part
    ? { hash: "hash", range: "range", roundrobin: "round-robin", single: "single-partition", other: "" }[
        part.kind
      ]
    : "";
  const title = single
    ? `Shuffle to a single partition (${nodeRef(ex)})`
    : `Shuffle${kind ? ` (${kind}${keys})` : ""} ${reason === "other" ? "" : `for ${reason} `}at ${nodeRef(ex)}`.replace(
        /\s+/g,
        " ",
      );
  const explanation =
    `${nodeRef(ex)} writes every input row to local disk and sends it over the network ${WHY[reason]}; ` +
    `the next stage cannot start until all map tasks finish. ` +
    (single
      ? "SinglePartition means one task receives all rows: it runs alone while the other cores idle, and can spill or run out of memory."
      : "Shuffles are usually the most expensive step of a query: their cost grows with the bytes moved, not the rows kept.") +
    (co?.few
      ? " AQE coalesced its output to very few partitions, so little parallelism is left after it."
      : "");
  const fix = fixFor(reason, single);
  // Same reason, same partitioning keys (ids aside): one group, however many branches repeat it.
  const cause = `${single ? "single" : reason} ${kind}${keys}`.replace(/#\d+L?\b/g, "");
  return { ruleId: "shuffle", severity, nodeIds: [ex.id], title, cause, evidence, explanation, fix };
}

function fixFor(reason: Reason, single: boolean): string {
  if (single) {
    return "Give the operation a key: partitionBy() in the window, a grouping key, or avoid a global sort/limit on big data. If it comes from coalesce(1)/repartition(1) before a write, write in parallel instead.";
  }
  switch (reason) {
    case "join":
      return "If one side is small, broadcast it (broadcast() hint, or raise spark.sql.autoBroadcastJoinThreshold, default 10 MB; AQE converts at runtime with spark.sql.adaptive.autoBroadcastJoinThreshold, 3.2+). For repeated joins on the same key, bucket both tables on it (bucketBy, spark.sql.sources.bucketing.enabled) so the shuffle disappears.";
    case "aggregate":
      return "Aggregate on fewer or lower-cardinality keys, filter and project before the groupBy, and let AQE size the shuffle (spark.sql.adaptive.enabled, 3.0+, default on from 3.2; spark.sql.adaptive.coalescePartitions.enabled).";
    case "window":
      return "Partition the window by the coarsest key the logic allows and filter before the window; AQE (spark.sql.adaptive.enabled, 3.0+) coalesces small partitions.";
    case "grouped map":
      return "Filter and project before groupBy().applyInPandas() so less data crosses the shuffle (and the Arrow boundary), group by the coarsest key the logic allows, and when the function only aggregates, use built-in aggregates or a pandas_udf aggregate (groupBy().agg) instead: they aggregate partially before the shuffle.";
    case "sort":
      return "Sort only what you need: orderBy(...).limit(n) becomes a TakeOrderedAndProject without a full shuffle; use sortWithinPartitions when a global order is not required.";
    case "repartition":
      return "Check the repartition() is needed: writing with spark.sql.adaptive.enabled (3.0+) and REBALANCE hints (3.2+) lets AQE pick the partition count; drop repartitions that only precede another shuffle.";
    default:
      return "Check whether the operator above really needs this distribution; with AQE on (spark.sql.adaptive.enabled, 3.0+) Spark coalesces small shuffle partitions at runtime.";
  }
}

const AQE_LABEL: Record<AqeChange["kind"], string> = {
  coalesced: "AQE coalesced",
  broadcast: "AQE switched the join to broadcast",
  skew: "AQE split skewed partitions",
};

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  const changes = aqeChanges(ix, ctx);
  return ix.physical
    .filter((n) => isShuffleExchange(n.name))
    .map((ex) => shuffleFinding(ix, ctx, ex, changes));
}

export const shuffleRule: Rule<"shuffle"> = {
  id: "shuffle",
  description: "Every shuffle exchange: partitioning, partitions, why it is there, bytes moved.",
  run,
};
