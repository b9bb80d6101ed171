/**
 * What a finding costs, so the list can be ordered by it: one cost function over the finding's
 * operators. With a run's metrics the cost is measured — bytes shuffled, spilled or broadcast,
 * rows read and thrown away by a filter, and time from the operators' own timing metrics (or a
 * per-operator time map, `nodeTimeMs`, when the caller has one) — and the finding says it. Without
 * metrics it is an estimate from the optimizer's statistics, said to be one.
 */

import {
  isAqeWrapper,
  isBroadcastExchange,
  isJoin,
  isShuffleExchange,
  isSort,
  isTransition,
} from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";
import { metricOf, nodeRef } from "./evidence";
import { formatBytes, formatMs, statsSize } from "./expr";
import type { PlanIndex } from "./plan-index";
import type { Finding, FindingCost, NodeMetrics, Severity, StageStats } from "./types";

export interface CostContext {
  readonly metrics?: NodeMetrics;
  readonly stages?: readonly StageStats[];
  /** Time spent in each operator (ms, summed over tasks), when known; wins over timing metrics. */
  readonly nodeTimeMs?: ReadonlyMap<string, number>;
}

/**
 * To put time and bytes on one scale when per-operator time is known (`nodeTimeMs`): a task moves
 * about 100 MB/s through a shuffle or a spill (write + read back), so 1 ms of task time counts as
 * 100 KiB. Used only to order findings; the text always quotes what was measured. Without
 * `nodeTimeMs` the order is by bytes (shuffled, spilled, broadcast, read and thrown away).
 */
const BYTES_PER_MS = 100 * 1024;
/** A row read and thrown away, when the scan does not say its bytes per row. */
const BYTES_PER_ROW = 100;

/** Timing metrics that are task time spent in the operator itself (summed over its tasks). */
const OWN_TIME =
  /^(shuffle write time|sort time|time in aggregation build|scan time|time in batch evaluation|duration of python code)$/i;

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warn: 1, info: 2 };

interface Totals {
  readonly shuffleBytes: number;
  readonly taskMs: number;
}

function totals(ix: PlanIndex, ctx: CostContext): Totals {
  let shuffleBytes = 0;
  for (const n of ix.physical) if (isShuffleExchange(n.name)) shuffleBytes += shuffleBytesOf(ctx, n) ?? 0;
  const taskMs = (ctx.stages ?? []).reduce((s, st) => s + (st.tasks.duration?.total ?? 0), 0);
  return { shuffleBytes, taskMs };
}

function total(ctx: CostContext, n: PlanNode, name: RegExp): number | undefined {
  const m = metricOf(ctx.metrics, n, name);
  return m && m.total !== null ? m.total : undefined;
}

function shuffleBytesOf(ctx: CostContext, n: PlanNode): number | undefined {
  return total(ctx, n, /^shuffle bytes written$/) ?? total(ctx, n, /^data size$/);
}

function ownMs(ctx: CostContext, n: PlanNode): number | undefined {
  const t = ctx.nodeTimeMs?.get(n.id);
  if (t !== undefined) return t;
  const ms = (ctx.metrics?.get(n.id) ?? [])
    .filter((m) => OWN_TIME.test(m.name) && m.total !== null)
    .reduce((s, m) => s + (m.total ?? 0), 0);
  return ms > 0 ? ms : undefined;
}

/** Output rows of the nearest operator below that reports them (what the filter received). */
function inputRows(ix: PlanIndex, ctx: CostContext, n: PlanNode): { rows: number; from: PlanNode } | null {
  for (let c = ix.children(n.id)[0]; c; c = ix.children(c.id)[0]) {
    const r = total(ctx, c, /^number of output rows$/);
    if (r !== undefined) return { rows: r, from: c };
    if (ix.children(c.id).length !== 1) return null;
  }
  return null;
}

/** The shuffle exchanges feeding a join directly (past sorts, AQE wrappers and transitions). */
function joinInputs(ix: PlanIndex, j: PlanNode): PlanNode[] {
  return ix.children(j.id).flatMap((k) => {
    let n: PlanNode | undefined = k;
    while (
      n &&
      (isSort(n.name) || isAqeWrapper(n.name) || isTransition(n.name) || /QueryStage$/.test(n.name))
    )
      n = ix.children(n.id)[0];
    return n && isShuffleExchange(n.name) ? [n] : [];
  });
}

/** Measured cost of a finding's operators; null when the run measured nothing on them. */
function measured(ix: PlanIndex, ctx: CostContext, f: Finding, t: Totals): FindingCost | null {
  const nodes = [...new Set(f.nodeIds)].flatMap((id) => ix.byId.get(id) ?? []);
  const parts: string[] = [];
  let bytes = 0;
  let ms = 0;
  let thrown = 0;
  let thrownBytes = 0;
  let any = false;
  const seen = new Set<string>();
  const shuffle = (ex: PlanNode, what: string) => {
    if (seen.has(ex.id)) return;
    seen.add(ex.id);
    const b = shuffleBytesOf(ctx, ex);
    if (b === undefined) return;
    any = true;
    bytes += b;
    const share = t.shuffleBytes > 0 ? `, ${pct(b / t.shuffleBytes)} of the query's shuffle bytes` : "";
    parts.push(`${what} ${formatBytes(b)}${share}`);
  };
  for (const n of nodes) {
    if (isShuffleExchange(n.name)) shuffle(n, `${nodeRef(n)} wrote`);
    if (isJoin(n.name)) for (const ex of joinInputs(ix, n)) shuffle(ex, `its input ${nodeRef(ex)} shuffled`);
    if (isBroadcastExchange(n.name)) {
      const b = total(ctx, n, /^data size$/);
      if (b !== undefined) {
        any = true;
        bytes += b;
        parts.push(`${nodeRef(n)} broadcast ${formatBytes(b)}`);
      }
    }
    const spill = total(ctx, n, /^spill size$/);
    if (spill !== undefined && spill > 0) {
      any = true;
      bytes += spill;
      parts.push(`${nodeRef(n)} spilled ${formatBytes(spill)}`);
    }
    if (/^(\w*Filter)$/.test(n.name)) {
      const out = total(ctx, n, /^number of output rows$/);
      const input = inputRows(ix, ctx, n);
      if (out !== undefined && input && input.rows >= out) {
        any = true;
        thrown += input.rows - out;
        const read = total(ctx, input.from, /^size of files read$/);
        const perRow = read !== undefined && input.rows > 0 ? read / input.rows : BYTES_PER_ROW;
        thrownBytes += (input.rows - out) * perRow;
        parts.push(
          `${nodeRef(n)} received ${input.rows.toLocaleString("en-US")} rows and threw away ${(input.rows - out).toLocaleString("en-US")} (${pct(input.rows > 0 ? (input.rows - out) / input.rows : 0)})`,
        );
      }
    }
    const own = ownMs(ctx, n);
    if (own !== undefined) {
      any = true;
      ms += own;
      const share = t.taskMs > 0 ? `, ${pct(own / t.taskMs)} of the query's task time` : "";
      parts.push(`${nodeRef(n)} took ${formatMs(own)} of task time${share}`);
    }
  }
  if (!any) return null;
  return {
    measured: true,
    // Time counts only when every operator's time is known (nodeTimeMs): the timing metrics exist
    // for a few operators only, and ranking partly by them would compare unlike things.
    score: bytes + thrownBytes + (ctx.nodeTimeMs ? ms * BYTES_PER_MS : 0),
    text: `Measured: ${parts.join("; ")}.`,
    ...(bytes > 0 ? { bytes } : {}),
    ...(thrown > 0 ? { rows: thrown } : {}),
    ...(ms > 0 ? { ms } : {}),
  };
}

/** Without metrics: the optimizer's size estimate of the finding's main operator, if it printed one. */
function estimated(ix: PlanIndex, f: Finding): FindingCost {
  for (const id of f.nodeIds) {
    const n = ix.byId.get(id);
    const s = n ? statsSize(n.stats) : null;
    if (n && s)
      return {
        measured: false,
        score: s.bytes,
        text: `Estimate, not measured: ${nodeRef(n)} handles about ${formatBytes(s.bytes)} by the optimizer's statistics (${s.text}).`,
      };
  }
  return { measured: false, score: 0, text: "No measurement and no estimate: ranked by severity." };
}

/** Costs of all findings of one plan (the query totals are computed once). */
export function withCosts(ix: PlanIndex, ctx: CostContext, findings: readonly Finding[]): Finding[] {
  const t = totals(ix, ctx);
  return findings.map((f) => ({ ...f, cost: measured(ix, ctx, f, t) ?? estimated(ix, f) }));
}

/**
 * The ranking: any measured cost first, highest first (with an event log the list is ordered by
 * what the run spent); then, unmeasured, by severity and then by the estimate.
 */
export function compareRank(
  a: { severity: Severity; cost?: FindingCost },
  b: { severity: Severity; cost?: FindingCost },
): number {
  const am = a.cost?.measured ? 1 : 0;
  const bm = b.cost?.measured ? 1 : 0;
  if (am !== bm) return bm - am;
  if (am === 1)
    return (
      (b.cost?.score ?? 0) - (a.cost?.score ?? 0) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
    );
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (b.cost?.score ?? 0) - (a.cost?.score ?? 0);
}

function pct(x: number): string {
  const p = x * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}
