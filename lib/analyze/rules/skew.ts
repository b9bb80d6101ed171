/**
 * skew: joins AQE found skewed (plan text), operators whose per-task metrics are skewed, and stages
 * whose task distributions are (event log). Thresholds and their justification: ../config.ts.
 */

import { isJoin } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { fieldSource, metricSource, nodeRef, treeLine } from "../evidence";
import { formatBytes, formatMs } from "../expr";
import { indexPlan, type PlanIndex } from "../plan-index";
import type { Evidence, Finding, MetricValue, Rule, RuleContext, Severity, TaskDistribution } from "../types";

const FIX =
  "Keep AQE's skew-join handling on: spark.sql.adaptive.enabled and spark.sql.adaptive.skewJoin.enabled (3.0+, default on), " +
  "tuned with spark.sql.adaptive.skewJoin.skewedPartitionFactor (default 5) and " +
  "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes (default 256MB); " +
  "spark.sql.adaptive.forceOptimizeSkewedJoin (3.3+) applies it even when it adds a shuffle. " +
  "If the hot keys are few, broadcast the other side, filter the hot keys out and handle them separately, or salt the key " +
  "(add a random suffix 0..N-1 on the big side and explode the small side N times).";

/** AQE's skew handling printed in the plan: `AQEShuffleRead ... skewed`, `SortMergeJoin(skew=true)`. */
function planSkew(ix: PlanIndex): Finding[] {
  const out: Finding[] = [];
  const reads = ix.physical.filter(
    (n) => /ShuffleRead|ShuffleReader/.test(n.name) && /\bskewed\b/.test(n.details.Arguments ?? n.args),
  );
  const joins = ix.physical.filter(
    (n) => isJoin(n.name) && /skew=true|isSkewJoin=true/.test(`${n.name}${n.args}`),
  );
  const claimed = new Set<string>();
  for (const j of joins) {
    const below = reads.filter((r) => isBelow(ix, r, j));
    for (const r of below) claimed.add(r.id);
    const evidence: Evidence[] = [treeLine(j, "Skew join")];
    for (const r of below)
      evidence.push({
        label: "AQE shuffle read",
        value: r.details.Arguments ?? r.args,
        source: fieldSource(r, "Arguments"),
      });
    const keys = j.details["Left keys"] ?? j.details["Right keys"];
    if (keys)
      evidence.push({
        label: "Join keys",
        value: `${j.details["Left keys"] ?? ""} = ${j.details["Right keys"] ?? ""}`,
        source: fieldSource(j, "Left keys"),
      });
    out.push({
      ruleId: "skew",
      severity: "warn",
      nodeIds: [j.id, ...below.map((r) => r.id)],
      title: `Skewed join: AQE split skewed partitions at ${nodeRef(j)}`,
      evidence,
      explanation:
        "At runtime AQE found shuffle partitions several times larger than the median on this join's input and split them " +
        "(the `skewed` shuffle read), so the skew is mitigated, but the data is skewed on the join key: each split re-reads " +
        "the other side's partition, and any operator after the join keyed the same way will be skewed too.",
      fix: FIX,
    });
  }
  for (const r of reads) {
    if (claimed.has(r.id)) continue;
    out.push({
      ruleId: "skew",
      severity: "warn",
      nodeIds: [r.id],
      title: `Skewed shuffle partitions split by AQE at ${nodeRef(r)}`,
      evidence: [
        {
          label: "AQE shuffle read",
          value: r.details.Arguments ?? r.args,
          source: fieldSource(r, "Arguments"),
        },
      ],
      explanation:
        "AQE found shuffle partitions much larger than the median here and split them: the data is skewed on the shuffle key.",
      fix: FIX,
    });
  }
  // Skew hints (Databricks `/*+ SKEW('t', 'k') */`) survive in the parsed / analyzed plans.
  for (const n of ix.plan.nodes) {
    if (n.section === "physical" || !/Hint$/.test(n.name) || !/\bSKEW\b/i.test(n.args)) continue;
    out.push({
      ruleId: "skew",
      severity: "info",
      nodeIds: [n.id],
      title: "Skew hint on a join input",
      evidence: [treeLine(n, "Hint")],
      explanation:
        "The query declares a skewed key with a SKEW hint: the author knows the join key is skewed.",
      fix: FIX,
    });
  }
  return out;
}

function isBelow(ix: PlanIndex, n: PlanNode, ancestor: PlanNode): boolean {
  for (let p = ix.parent(n.id); p; p = ix.parent(p.id)) {
    if (p.id === ancestor.id) return true;
    if (isJoin(p.name)) return false;
  }
  return false;
}

interface Skewed {
  readonly ratio: number;
  readonly severity: Severity;
}

function judge(
  ctx: RuleContext,
  kind: "ms" | "bytes",
  d: { median: number; max: number; count?: number },
): Skewed | null {
  const c = ctx.config;
  if (d.count !== undefined && d.count < c.skewMinTasks) return null;
  if (kind === "ms" && (d.max < c.skewMinTaskMs || d.max - d.median < c.skewMinExcessMs)) return null;
  if (kind === "bytes" && d.max < c.skewMinBytes) return null;
  const ratio = d.median > 0 ? d.max / d.median : Number.POSITIVE_INFINITY;
  if (ratio <= c.skewFactor) return null;
  return { ratio, severity: ratio >= c.skewCriticalFactor ? "critical" : "warn" };
}

const fmt = (kind: "ms" | "bytes", v: number) => (kind === "ms" ? formatMs(v) : formatBytes(v));

function distText(kind: "ms" | "bytes", d: TaskDistribution): string {
  const p95 =
    d.p95 !== undefined
      ? `, p95 ${fmt(kind, d.p95)}`
      : d.p75 !== undefined
        ? `, p75 ${fmt(kind, d.p75)}`
        : "";
  return `min ${fmt(kind, d.min)}, median ${fmt(kind, d.median)}${p95}, max ${fmt(kind, d.max)} over ${d.count} tasks`;
}

/** Operators whose SQL metric is skewed across tasks (Spark UI's "(min, med, max)"). */
function metricSkew(ix: PlanIndex, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  if (!ctx.metrics) return out;
  for (const n of ix.physical) {
    const ms = ctx.metrics.get(n.id);
    if (!ms) continue;
    let worst: { m: MetricValue; s: Skewed; kind: "ms" | "bytes" } | null = null;
    for (const m of ms) {
      if (m.median === undefined || m.max === undefined) continue;
      const kind = m.type === "size" ? "bytes" : m.type === "timing" || m.type === "nsTiming" ? "ms" : null;
      if (!kind || /spill|peak memory/.test(m.name)) continue;
      const s = judge(ctx, kind, { median: m.median, max: m.max });
      if (s && (!worst || s.ratio > worst.s.ratio)) worst = { m, s, kind };
    }
    if (!worst) continue;
    const { m, s, kind } = worst;
    out.push({
      ruleId: "skew",
      severity: s.severity,
      nodeIds: [n.id],
      title: `Skewed tasks at ${nodeRef(n)}: max ${m.name} is ${ratioText(s.ratio)} the median`,
      evidence: [
        {
          label: m.name,
          value: `min ${fmt(kind, m.min ?? 0)}, median ${fmt(kind, m.median!)}, max ${fmt(kind, m.max!)}`,
          source: metricSource(n, m),
        },
      ],
      explanation: `One task of ${nodeRef(n)} handled far more than the typical task; the stage lasts as long as that task while the other cores idle.`,
      fix: FIX,
    });
  }
  return out;
}

function ratioText(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(1)}×` : "far above";
}

/**
 * Stages whose task durations or shuffle-read sizes are skewed, but not the reduce stages of
 * measured shuffles: their per-partition spread is the better evidence (a finding above when
 * skewed; task times that vary over evenly spread data are not skew).
 */
function stageSkew(ctx: RuleContext, explained: ReadonlySet<number>): Finding[] {
  const out: Finding[] = [];
  for (const st of ctx.stages ?? []) {
    if (explained.has(st.stageId)) continue;
    const checks: { label: string; kind: "ms" | "bytes"; d?: TaskDistribution }[] = [
      { label: "task duration", kind: "ms", d: st.tasks.duration },
      { label: "shuffle read per task", kind: "bytes", d: st.tasks.shuffleReadBytes },
      { label: "input per task", kind: "bytes", d: st.tasks.inputBytes },
    ];
    const hits = checks.flatMap((c) => {
      const s = c.d ? judge(ctx, c.kind, c.d) : null;
      return s && c.d ? [{ ...c, d: c.d, s }] : [];
    });
    if (hits.length === 0) continue;
    const severity: Severity = hits.some((h) => h.s.severity === "critical") ? "critical" : "warn";
    const main = hits[0]!;
    out.push({
      ruleId: "skew",
      severity,
      nodeIds: st.nodeIds ?? [],
      title: `Skewed stage ${st.stageId}: max ${main.label} is ${ratioText(main.s.ratio)} the median`,
      evidence: hits.map((h) => ({
        label: h.label[0]!.toUpperCase() + h.label.slice(1),
        value: distText(h.kind, h.d),
        source: `stage ${st.stageId} task metrics`,
      })),
      explanation:
        `Stage ${st.stageId}${st.name ? ` (${st.name})` : ""} waits for its slowest task: one partition holds far more data than the median, ` +
        "typically a hot join or grouping key.",
      fix: FIX,
    });
  }
  return out;
}

/**
 * Shuffles whose reduce side is skewed (event logs): the hottest partition against the others,
 * named by its exchange and the join / aggregate reading it, and whether it cost time.
 */
function shuffleSkew(
  ix: PlanIndex,
  ctx: RuleContext,
): { findings: Finding[]; nodes: Set<string>; stages: Set<number> } {
  const findings: Finding[] = [];
  const nodes = new Set<string>();
  const stages = new Set<number>();
  const c = ctx.config;
  for (const sh of ctx.shuffles ?? []) {
    const ex = ix.byId.get(sh.exchangeId);
    const hot = sh.hottest;
    if (!ex || !hot) continue;
    // Measured: the shuffle's own spread says whether the stage's data is skewed.
    if (sh.reduceStageId !== null) stages.add(sh.reduceStageId);
    const partitions = Math.max(sh.partitions ?? 0, sh.taskBytes.length);
    const bytesSkewed =
      sh.bytesRatio !== null &&
      sh.bytesRatio > c.skewFactor &&
      hot.bytes >= c.skewMinBytes &&
      partitions >= c.skewMinTasks;
    const split = sh.handling === "split";
    if (!bytesSkewed && !split) continue;
    const consumer = sh.consumerId ? ix.byId.get(sh.consumerId) : undefined;
    const read = sh.readId ? ix.byId.get(sh.readId) : undefined;
    const timeCost =
      sh.timeRatio !== null &&
      sh.maxTaskMs !== null &&
      sh.medianTaskMs !== null &&
      sh.timeRatio > c.skewFactor &&
      sh.maxTaskMs >= c.skewMinTaskMs &&
      sh.maxTaskMs - sh.medianTaskMs >= c.skewMinExcessMs;
    const severity: Severity = timeCost
      ? sh.timeRatio! >= c.skewCriticalFactor
        ? "critical"
        : "warn"
      : split
        ? "warn"
        : "info";
    const where = `${nodeRef(ex)}${consumer ? ` → ${nodeRef(consumer)}` : ""}`;
    const stage = sh.reduceStageId !== null ? `stage ${sh.reduceStageId}` : "the reduce stage";
    const sorted = [...sh.taskBytes].sort((a, b) => a - b);
    const evidence: Evidence[] = [
      {
        label: "Hottest partition",
        value: `${formatBytes(hot.bytes)}, ${hot.records.toLocaleString("en-US")} rows (task ${hot.index} of ${stage}${hot.ms !== null ? `, ran ${formatMs(hot.ms)}` : ""})`,
        source: `shuffle read metrics of ${nodeRef(ex)} per task`,
      },
      {
        label: "Shuffle read per task",
        value:
          `min ${formatBytes(sorted[0] ?? 0)}, median ${formatBytes(sorted[sorted.length >> 1] ?? 0)}, ` +
          `max ${formatBytes(sorted[sorted.length - 1] ?? 0)} over ${sorted.length} tasks` +
          (sh.bytesRatio !== null ? `; hottest ${ratioText(sh.bytesRatio)} the others` : ""),
        source: `shuffle read metrics of ${nodeRef(ex)} per task`,
      },
    ];
    if (sh.maxTaskMs !== null && sh.medianTaskMs !== null)
      evidence.push({
        label: "Task time",
        value: `max ${formatMs(sh.maxTaskMs)}, ${sh.handling === "coalesced" ? "the others per partition" : "median of the others"} ${formatMs(sh.medianTaskMs)}${sh.timeRatio !== null ? ` (${ratioText(sh.timeRatio)})` : ""}`,
        source: `${stage} task metrics`,
      });
    if (sh.aqe)
      evidence.push({
        label: "AQE",
        value:
          sh.handling === "split"
            ? `split ${sh.aqe.skewedPartitions} skewed partition(s) into ${sh.aqe.skewedSplits} splits`
            : sh.handling === "coalesced"
              ? `coalesced ${partitions} partitions into ${sh.taskBytes.length} tasks; the hot partition stayed in one task`
              : "read the partitions as written (no split, no coalescing)",
        source: read ? `metrics of ${nodeRef(read)}` : `metrics of ${nodeRef(ex)}`,
      });
    const ratio = sh.bytesRatio !== null ? `, ${ratioText(sh.bytesRatio)} the others` : "";
    // After AQE split the hot partition the tasks read about the same bytes: the title says what
    // AQE found and did, not the per-task spread it evened out.
    const head =
      split && sh.aqe
        ? `AQE split ${sh.aqe.skewedPartitions} skewed partition(s) into ${sh.aqe.skewedSplits} tasks`
        : `hottest partition ${formatBytes(hot.bytes)}${ratio}${split ? " (AQE split it)" : ""}`;
    const timeText = timeCost
      ? `; its slowest task ran ${ratioText(sh.timeRatio!)} the median`
      : sh.timeRatio !== null && sh.maxTaskMs !== null && sh.timeRatio > c.skewFactor
        ? `; slowest task ${ratioText(sh.timeRatio)} the median but only ${formatMs(sh.maxTaskMs)}: little time lost`
        : `; bytes only${sh.timeRatio !== null ? ` (slowest task ${ratioText(sh.timeRatio)} the median)` : ""}`;
    findings.push({
      ruleId: "skew",
      severity,
      nodeIds: [ex.id, ...(consumer ? [consumer.id] : []), ...(read ? [read.id] : [])],
      title: `Skewed shuffle ${where}: ${head}${timeText}`,
      evidence,
      explanation: timeCost
        ? `One key holds far more rows than the others, so one task of ${stage} reads and processes most of the shuffle while the other cores idle: the stage lasts as long as that task.`
        : `One partition of this shuffle is much larger than the others, but the task reading it did not run much longer than the median (${split ? "AQE split it" : "the work per row is small"}); it costs memory and spill risk more than time.`,
      fix: FIX,
    });
    for (const id of [ex.id, consumer?.id, read?.id]) if (id) nodes.add(id);
  }
  return { findings, nodes, stages };
}

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  const shuffles = shuffleSkew(ix, ctx);
  // One finding per skewed shuffle: the plan's AQE marks, operator metrics and stage spreads it
  // explains are not repeated.
  const covered = (f: Finding) => f.nodeIds.some((id) => shuffles.nodes.has(id));
  return [
    ...shuffles.findings,
    ...planSkew(ix).filter((f) => f.severity === "info" || !covered(f)),
    ...metricSkew(ix, ctx).filter((f) => !covered(f)),
    ...stageSkew(ctx, shuffles.stages),
  ];
}

export const skewRule: Rule<"skew"> = {
  id: "skew",
  description:
    "Skewed shuffles (hottest partition against the others, named by exchange and consumer), joins handled by AQE, skew hints, and skewed task metrics (operators and stages).",
  run,
};
