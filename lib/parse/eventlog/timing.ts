import type { Plan } from "../../plan/types";
import type { OperatorTime, SqlMetric } from "./model";

/**
 * Time per operator, from the metrics of one plan (see OperatorTime in model.ts for what the
 * numbers mean). Spark measures a few operators directly; everything fused into a whole-stage
 * codegen stage shares the stage's "duration", which we split: the timers inside first, then the
 * rest by rows processed.
 */

/** Timers Spark measures inside tasks, by metric name (vanilla Spark, RAPIDS, Photon, streaming). */
const TASK_TIMERS = new Set([
  "scan time",
  "scan time total (min, med, max)",
  "sort time",
  "sort time total (min, med, max)",
  "time in aggregation build",
  "aggregate time total (min, med, max)",
  "shuffle write time",
  "fetch wait time",
  "time to build hash map",
  "task commit time",
  "time to update",
  "time to remove",
  "time to commit changes",
  "op time",
  "exclusive time",
]);
const OPERATOR_TIMERS = new Set(["op time", "exclusive time"]);
const PYTHON_TIMER = /python/i;
/** Timers the driver measures (outside any task): broadcast, file listing, commits. */
const DRIVER_TIMERS = new Set([
  "time to collect",
  "time to build",
  "time to broadcast",
  "metadata time",
  "dynamic partition pruning time",
  "job commit time",
]);
const ROWS = "number of output rows";
const DURATION = "duration";
/**
 * Operators outside any codegen stage that a stage pulls rows from inside its own loop (a scan's
 * batches, an AQEShuffleRead's blocks, a non-codegen Window or Python operator): their time is in
 * its "duration", so they take part in the split. Exchanges and query stages are stage boundaries.
 */
export const NOT_IN_LOOP = /Exchange|QueryStage$|^Reused|^Subquery|^AdaptiveSparkPlan$/;

function isTaskTimer(m: SqlMetric): boolean {
  return m.unit === "ms" && (TASK_TIMERS.has(m.name) || PYTHON_TIMER.test(m.name));
}

/** The sum of the timers that were updated, and their names; null when there is none. */
function timers(ms: readonly SqlMetric[] | undefined, pick: (m: SqlMetric) => boolean) {
  let total = 0;
  const names: string[] = [];
  for (const m of ms ?? []) {
    if (!pick(m) || m.values === 0 || m.total === null) continue;
    total += m.total;
    names.push(m.name);
  }
  return names.length > 0 ? { total, source: names.join(" + ") } : null;
}

export function operatorTimes(
  plan: Plan,
  metrics: Readonly<Record<string, readonly SqlMetric[]>>,
  stageIds: Readonly<Record<string, readonly number[]>>,
  stageTaskTimeMs: (stageId: number) => number,
): Record<string, OperatorTime> {
  const out: Record<string, OperatorTime> = {};
  for (const n of plan.nodes) {
    // Photon's "exclusive time" and RAPIDS' "op time" are the whole operator: they already hold
    // the waits and phases the other timers of the node measure.
    const task =
      timers(metrics[n.id], (m) => m.unit === "ms" && OPERATOR_TIMERS.has(m.name)) ??
      timers(metrics[n.id], isTaskTimer);
    if (task) out[n.id] = { timeMs: task.total, source: task.source, basis: "timer" };
    else {
      const driver = timers(metrics[n.id], (m) => m.unit === "ms" && DRIVER_TIMERS.has(m.name));
      if (driver) out[n.id] = { timeMs: driver.total, source: `driver: ${driver.source}`, basis: "driver" };
    }
  }
  const rows = rowsProcessed(plan, metrics);
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const feeders = new Map<string, string[]>();
  for (const e of plan.edges)
    if (e.kind === "child") (feeders.get(e.to) ?? feeders.set(e.to, []).get(e.to)!).push(e.from);
  const clustered = new Set(plan.clusters.flatMap((c) => c.nodeIds));
  for (const c of plan.clusters) {
    const d = metrics[c.id]?.find((m) => m.name === DURATION);
    if (!d || d.values === 0 || d.total === null) continue;
    const members = [...c.nodeIds];
    for (const m of c.nodeIds)
      for (const f of feeders.get(m) ?? [])
        if (!clustered.has(f) && !NOT_IN_LOOP.test(byId.get(f)?.name ?? "") && out[f]?.basis !== "driver")
          members.push(f);
    splitDuration(d.total, members, out, rows);
  }
  // Nothing measured inside tasks can exceed the task time of the stages that ran it.
  for (const [id, t] of Object.entries(out)) {
    if (t.basis === "driver") continue;
    const ids = stageIds[id] ?? [];
    if (ids.length === 0) {
      delete out[id];
      continue;
    }
    let cap = 0;
    for (const s of ids) cap += stageTaskTimeMs(s);
    if (t.timeMs > cap)
      out[id] = { ...t, timeMs: cap, source: `${t.source} (capped at the stages' task time)` };
  }
  return out;
}

/**
 * Gives `members` times that add up to `duration`: timed members keep their timer (all scaled down
 * when they add up to more), the others share what is left in proportion to rows processed
 * (equally when no member counts rows).
 */
function splitDuration(
  duration: number,
  members: readonly string[],
  out: Record<string, OperatorTime>,
  rows: ReadonlyMap<string, number>,
): void {
  const timed = members.filter((m) => out[m]?.basis === "timer");
  const rest = members.filter((m) => out[m]?.basis !== "timer");
  let inner = 0;
  for (const m of timed) inner += out[m]!.timeMs;
  if (inner > duration) {
    const f = inner > 0 ? duration / inner : 0;
    for (const m of timed) {
      const t = out[m]!;
      out[m] = {
        timeMs: t.timeMs * f,
        source: `${t.source}, scaled to the codegen stage's duration`,
        basis: "codegen",
      };
    }
  }
  const left = Math.max(0, duration - Math.min(inner, duration));
  if (rest.length === 0) {
    // Nothing untimed to give the rest to: the timed members take it in proportion.
    if (timed.length > 0 && left > 0) {
      const f = inner > 0 ? (inner + left) / inner : 0;
      for (const m of timed) {
        const t = out[m]!;
        out[m] =
          inner > 0
            ? {
                timeMs: t.timeMs * f,
                source: `${t.source}, scaled to the codegen stage's duration`,
                basis: "codegen",
              }
            : {
                timeMs: left / timed.length,
                source: "codegen stage's duration, split equally",
                basis: "codegen",
              };
      }
    }
    return;
  }
  let weight = 0;
  for (const m of rest) weight += rows.get(m) ?? 0;
  for (const m of rest) {
    const share = weight > 0 ? (rows.get(m) ?? 0) / weight : 1 / rest.length;
    out[m] = {
      timeMs: left * share,
      source:
        weight > 0 ? "codegen stage's duration, split by rows" : "codegen stage's duration, split equally",
      basis: "codegen",
    };
  }
}

/**
 * Rows each node handled: the larger of the rows it produced and the rows its children produced
 * (a node without its own row count, like Project, passes its input's count on).
 */
function rowsProcessed(
  plan: Plan,
  metrics: Readonly<Record<string, readonly SqlMetric[]>>,
): Map<string, number> {
  const kids = new Map<string, string[]>();
  for (const e of plan.edges)
    if (e.kind === "child") (kids.get(e.to) ?? kids.set(e.to, []).get(e.to)!).push(e.from);
  const out = new Map<string, number | null>();
  const memo = new Map<string, number>();
  const own = (id: string): number | null => {
    if (out.has(id)) return out.get(id)!;
    const m = metrics[id]?.find((x) => x.name === ROWS);
    const v = m && m.values > 0 && m.total !== null ? m.total : null;
    out.set(id, v);
    return v;
  };
  // Children before parents, iteratively (plans can be thousands of nodes deep).
  const order: string[] = [];
  const seen = new Set<string>();
  for (const n of plan.nodes) {
    if (seen.has(n.id)) continue;
    const stack: [string, number][] = [[n.id, 0]];
    seen.add(n.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ks = kids.get(top[0]) ?? [];
      if (top[1] < ks.length) {
        const c = ks[top[1]++]!;
        if (!seen.has(c)) {
          seen.add(c);
          stack.push([c, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
  }
  const passOn = new Map<string, number>();
  for (const id of order) {
    let input = 0;
    for (const c of kids.get(id) ?? []) input += passOn.get(c) ?? 0;
    const produced = own(id);
    passOn.set(id, produced ?? input);
    memo.set(id, Math.max(produced ?? 0, input));
  }
  return memo;
}
