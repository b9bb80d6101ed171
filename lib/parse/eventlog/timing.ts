import type { Plan } from "../../plan/types";
import type { OperatorTime, SqlMetric } from "./model";

/**
 * Time per operator, from the metrics of one plan (see OperatorTime in model.ts for what the
 * numbers mean). Spark measures a few operators directly; everything fused into a whole-stage
 * codegen stage shares the stage's "duration", which we split after taking out the waits that
 * other operators' timers already account for.
 *
 * What each timer measures (read in Spark's source, 3.5 and 4.x), and how it sits against the
 * codegen "duration" of the task that runs it:
 *
 * - WholeStageCodegenExec "duration" (`pipelineTime`): each task's generated BufferedRowIterator
 *   starts a clock when it is created and adds the time elapsed when its last row has been read
 *   (`hasNext` false). Wall clock of the whole loop: the stage's operators, what they pull rows
 *   from (a columnar scan's batches, shuffle blocks, a codegen stage nested in the same task such
 *   as each sorted side of a SortMergeJoin) and the consumer's own work between two rows. A
 *   nested stage's clock runs inside its consumer's (it starts first and ends last but one), so
 *   the durations of a task's stages overlap and never add up.
 * - FileSourceScanExec "scan time" (columnar scans): time inside the batch iterator's `hasNext`
 *   (read and decode a batch), measured while ColumnarToRow pulls: inside the duration of the
 *   codegen stage that consumes the scan. It is the scan's own time.
 * - Exchange (ShuffleExchangeExec) "fetch wait time": read side, the time a reducing task blocked
 *   waiting for shuffle blocks; inside the duration of the codegen stage reading the shuffle. It is
 *   the reader's own time (the AQEShuffleRead above the exchange when there is one). Decompressing
 *   and deserialising the blocks is not in it (it stays in the consuming stage's duration).
 * - Exchange "shuffle write time" (ns): write side, the map task's writes to disk (flushes,
 *   merging spill files into the map output), mostly after the map stage's last row: outside its
 *   duration, the exchange's own time.
 * - SortExec "sort time": the sorter's in-memory sort only (`getSortTimeNanos`), not inserting the
 *   rows nor handing them on; inside the duration, overlapping no other timer.
 * - HashAggregateExec / ObjectHashAggregateExec "time in aggregation build": from the first input
 *   row to the last; the generated code wraps the child's produce loop, so it includes every
 *   operator below the aggregate in the same stage and what they pull from. Not the aggregate's
 *   own time: inside a codegen stage the aggregate takes a share like an untimed operator.
 * - SortMergeJoinExec: no timer (rows, spill size): a share of the duration.
 * - ShuffledHashJoinExec "time to build hash map": building the hash relation, reading the build
 *   side's rows included: inclusive like the aggregation build. BroadcastHashJoinExec has no
 *   task-side timer; its BroadcastExchange's "time to collect / build / broadcast" are measured on
 *   the driver (shown apart).
 * - Python runners (BatchEvalPython, ArrowEvalPython, ... in Spark 4): "time to run Python
 *   workers" is the whole of it, start + initialise + execute (4265 + 802 + 4294 ms = 9362 ms on
 *   fixtures/spark/4.3.0/eventlogs-timing/slow_udf): when it is there the parts are not added
 *   again. Part of it (starting the workers) can happen before the consuming stage's clock starts.
 * - Photon's "exclusive time", RAPIDS' "op time", streaming state store times: the operator's own
 *   work.
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
/**
 * Timers that include the operator's input (the operators below it in its codegen stage and what
 * they pull from): in a codegen stage they do not stand for the operator's own time.
 */
const INCLUSIVE_TIMERS = new Set([
  "time in aggregation build",
  "aggregate time total (min, med, max)",
  "time to build hash map",
]);
/** Timers that hold all the others of their node. */
const OPERATOR_TIMERS = new Set(["op time", "exclusive time", "time to run Python workers"]);
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
const FETCH_WAIT = "fetch wait time";
const SCAN_TIME = /^scan time/;
/**
 * Stage boundaries: a codegen stage pulls rows from an operator outside any codegen stage in its
 * own loop (a scan's batches, an AQEShuffleRead's blocks, a non-codegen Window or Python
 * operator), never from past one of these.
 */
export const NOT_IN_LOOP = /Exchange|QueryStage$|^Reused|^Subquery|^AdaptiveSparkPlan$/;
/** Readers of a shuffle: they hand on blocks and do no work of their own but the fetch wait. */
export const SHUFFLE_READER = /^(AQEShuffleRead|CustomShuffleReader|ShuffleQueryStage)$/;
const SHUFFLE_EXCHANGE = /^(Exchange|ShuffleExchange)/;
/**
 * A Project that only picks or renames columns (`Project [a#1, b#2L AS c#3L]`) runs no code per
 * row in a codegen stage: it takes no share of the duration.
 */
const COLUMN = String.raw`[\w.$]+#\d+L?(\s+AS\s+[\w.$]+#\d+L?)?`;
const PICKS_COLUMNS = new RegExp(String.raw`^\[\s*${COLUMN}(\s*,\s*${COLUMN})*\s*\]$`);

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

/**
 * The task pipelines of a plan: codegen stages that run in one loop (a stage and the stages nested
 * in it, through operators outside any codegen stage), what else they pull rows from in that loop,
 * and the inputs whose own timers measure part of their duration (a columnar scan's scan time, the
 * fetch wait of the shuffle they read). Pure; shared with the checks in timing.test.ts.
 */
export interface Pipeline {
  /** Cluster ids, in plan order. */
  readonly clusterIds: readonly string[];
  /** Operators sharing the duration: the stages' members and what they pull from in the loop. */
  readonly members: readonly string[];
  /** Input node id → the milliseconds of the pipeline's duration its own timer already holds. */
  readonly inputs: ReadonlyMap<string, { readonly ms: number; readonly timer: string }>;
}

function childMap(plan: Plan, dir: "feeders" | "parents"): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of plan.edges) {
    if (e.kind !== "child") continue;
    const [k, v] = dir === "feeders" ? [e.to, e.from] : [e.from, e.to];
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  }
  return m;
}

const updated = (ms: readonly SqlMetric[] | undefined, name: RegExp | string) =>
  (ms ?? []).find(
    (m) =>
      m.unit === "ms" &&
      m.values > 0 &&
      m.total !== null &&
      (typeof name === "string" ? m.name === name : name.test(m.name)),
  );

/**
 * Shuffle reads: for each shuffle exchange read along one path only (not reused), the node a
 * consumer meets first (an AQEShuffleRead, the query stage wrapping the exchange, or the exchange
 * itself), the node that did the waiting (the AQEShuffleRead when there is one, else the exchange)
 * and the fetch wait.
 */
function shuffleReads(plan: Plan, metrics: Readonly<Record<string, readonly SqlMetric[]>>) {
  const parents = childMap(plan, "parents");
  const name = new Map(plan.nodes.map((n) => [n.id, n.name]));
  const reused = new Set(plan.edges.filter((e) => e.kind === "reuse").map((e) => e.from));
  const out = new Map<string, { exchange: string; reader: string; ms: number }>();
  for (const n of plan.nodes) {
    if (!SHUFFLE_EXCHANGE.test(n.name) || reused.has(n.id)) continue;
    const wait = updated(metrics[n.id], FETCH_WAIT);
    if (!wait) continue;
    let top = n.id;
    for (let up = parents.get(top) ?? []; up.length === 1 && SHUFFLE_READER.test(name.get(up[0]!) ?? ""); ) {
      top = up[0]!;
      up = parents.get(top) ?? [];
    }
    if ((parents.get(top) ?? []).length > 1) continue;
    const reader = /QueryStage$/.test(name.get(top) ?? "") ? n.id : top;
    out.set(top, { exchange: n.id, reader, ms: wait.total! });
  }
  return out;
}

export function pipelines(plan: Plan, metrics: Readonly<Record<string, readonly SqlMetric[]>>): Pipeline[] {
  const feeders = childMap(plan, "feeders");
  const name = new Map(plan.nodes.map((n) => [n.id, n.name]));
  const reads = shuffleReads(plan, metrics);
  const clusterOf = new Map<string, number>();
  plan.clusters.forEach((c, i) => {
    for (const m of c.nodeIds) clusterOf.set(m, i);
  });
  const root = plan.clusters.map((_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]!]!;
    return i;
  };
  const inLoop = plan.clusters.map(() => new Set<string>());
  const inputs = plan.clusters.map(() => new Map<string, { ms: number; timer: string }>());
  plan.clusters.forEach((c, ci) => {
    const stack = c.nodeIds.flatMap((m) => feeders.get(m) ?? []);
    const seen = new Set<string>();
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const k = clusterOf.get(f);
      if (k !== undefined) {
        if (k !== ci) root[find(k)] = find(ci);
        continue;
      }
      const n = name.get(f) ?? "";
      if (NOT_IN_LOOP.test(n) || SHUFFLE_READER.test(n)) {
        const r = reads.get(f);
        if (r) inputs[ci]!.set(r.reader, { ms: r.ms, timer: FETCH_WAIT });
        continue;
      }
      const ms = metrics[f];
      if (
        ms?.some((m) => m.unit === "ms" && DRIVER_TIMERS.has(m.name) && m.values > 0) &&
        !timers(ms, isTaskTimer)
      )
        continue;
      const scan = updated(ms, SCAN_TIME);
      if (scan) {
        inputs[ci]!.set(f, { ms: scan.total!, timer: "scan time" });
        continue;
      }
      inLoop[ci]!.add(f);
      stack.push(...(feeders.get(f) ?? []));
    }
  });
  const groups = new Map<number, number[]>();
  plan.clusters.forEach((_, i) => {
    const r = find(i);
    (groups.get(r) ?? groups.set(r, []).get(r)!).push(i);
  });
  return [...groups.values()].map((is) => ({
    clusterIds: is.map((i) => plan.clusters[i]!.id),
    members: [...new Set(is.flatMap((i) => [...plan.clusters[i]!.nodeIds, ...inLoop[i]!]))],
    inputs: new Map(is.flatMap((i) => [...inputs[i]!])),
  }));
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
  // The fetch wait is the reader's: an AQEShuffleRead above the exchange takes it, the exchange
  // keeps its write side.
  for (const r of shuffleReads(plan, metrics).values()) {
    if (r.reader === r.exchange) continue;
    out[r.reader] = { timeMs: r.ms, source: FETCH_WAIT, basis: "timer" };
    const write = timers(metrics[r.exchange], (m) => isTaskTimer(m) && m.name !== FETCH_WAIT);
    if (write) out[r.exchange] = { timeMs: write.total, source: write.source, basis: "timer" };
    else delete out[r.exchange];
  }
  const rows = rowsProcessed(plan, metrics);
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const clusterById = new Map(plan.clusters.map((c) => [c.id, c]));
  for (const p of pipelines(plan, metrics)) {
    // The longest clock of the loop: a nested stage's clock starts before its consumer's, and one
    // that is never drained (the side of a join left unread) records nothing.
    let longest: { ms: number; stage: number } | null = null;
    for (const id of p.clusterIds) {
      const d = metrics[id]?.find((m) => m.name === DURATION);
      if (!d || d.values === 0 || d.total === null) continue;
      if (!longest || d.total > longest.ms) longest = { ms: d.total, stage: clusterById.get(id)!.stage };
    }
    if (!longest) continue;
    let waits = 0;
    const waited = new Set<string>();
    for (const i of p.inputs.values()) {
      waits += i.ms;
      waited.add(i.timer);
    }
    const what =
      `codegen duration of its loop (WholeStageCodegen (${longest.stage}))` +
      (waits > 0 ? ` less the inputs' ${[...waited].sort().join(" and ")}` : "");
    splitDuration(Math.max(0, longest.ms - waits), p.members, out, metrics, rows, byId, what);
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
 * Gives `members` times that add up to `duration`: members with a timer of their own keep it (all
 * scaled down when they add up to more), the others (inclusive timers like the aggregation build
 * count as none) share what is left in proportion to rows processed; a Project that only picks
 * columns shares only when no other member counts rows.
 */
function splitDuration(
  duration: number,
  members: readonly string[],
  out: Record<string, OperatorTime>,
  metrics: Readonly<Record<string, readonly SqlMetric[]>>,
  rows: ReadonlyMap<string, number>,
  byId: ReadonlyMap<string, { name: string; args: string }>,
  what: string,
): void {
  const own = new Map<string, { total: number; source: string }>();
  for (const m of members) {
    const t = out[m];
    if (t?.basis !== "timer") continue;
    const mine = OPERATOR_TIMERS.has(t.source)
      ? { total: t.timeMs, source: t.source }
      : timers(metrics[m], (x) => isTaskTimer(x) && !INCLUSIVE_TIMERS.has(x.name));
    if (mine) own.set(m, mine);
  }
  const timed = members.filter((m) => own.has(m));
  const rest = members.filter((m) => !own.has(m));
  let inner = 0;
  for (const m of timed) inner += own.get(m)!.total;
  const scaled = (m: string, f: number): OperatorTime => ({
    timeMs: own.get(m)!.total * f,
    source: `${own.get(m)!.source}, scaled to the ${what}`,
    basis: "codegen",
  });
  for (const m of timed) {
    const t = own.get(m)!;
    out[m] =
      inner > duration
        ? scaled(m, inner > 0 ? duration / inner : 0)
        : { timeMs: t.total, source: t.source, basis: "timer" };
  }
  const left = Math.max(0, duration - Math.min(inner, duration));
  if (rest.length === 0) {
    // Nothing untimed to give the rest to: the timed members take it in proportion.
    if (timed.length > 0 && left > 0)
      for (const m of timed)
        out[m] =
          inner > 0
            ? scaled(m, (inner + left) / inner)
            : { timeMs: left / timed.length, source: `${what}, split equally`, basis: "codegen" };
    return;
  }
  const passOn = (m: string) => {
    const n = byId.get(m);
    return n?.name === "Project" && PICKS_COLUMNS.test(n.args.trim());
  };
  const working = rest.filter((m) => !passOn(m) && (rows.get(m) ?? 0) > 0);
  const sharing = working.length > 0 ? working : rest.filter((m) => !passOn(m));
  const takers = sharing.length > 0 ? sharing : rest;
  let weight = 0;
  for (const m of takers) weight += rows.get(m) ?? 0;
  for (const m of rest) {
    if (!takers.includes(m)) {
      out[m] = { timeMs: 0, source: `${what}: picks columns only, no share`, basis: "codegen" };
      continue;
    }
    const share = weight > 0 ? (rows.get(m) ?? 0) / weight : 1 / takers.length;
    out[m] = {
      timeMs: left * share,
      source: weight > 0 ? `${what}, split by rows` : `${what}, split equally`,
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
