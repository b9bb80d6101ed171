/**
 * Operators ↔ stages, time per operator and the critical path, over every real event log we have:
 * fixtures/spark/<v>/eventlogs (with what Spark's REST API said at generation time) and
 * ../shared/corpus/eventlogs. Expectations come from the raw events, read here by a tiny JSON-lines
 * loop, and from the recorded REST answers; never from the reader's own stage model.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { decompress as zstdDecompress } from "fzstd";
import { describe, expect, it } from "vitest";
import { CORPUS, underCi } from "@/tests/corpus/corpus";
import { createDecoder } from "./codecs/index";
import {
  detectCodec,
  type EventLogResult,
  type PlanWithMetrics,
  readEventLogBytes,
  type SqlExecution,
} from "./index";
import { readEventLogPath } from "./node";
import { type Pipeline, pipelines } from "./timing";

const corpus = join(CORPUS, "eventlogs");
const sparkFixtures = join(__dirname, "../../../fixtures/spark");
const inCi = underCi();
let pinnedTotal = 0;
let durationsChecked = 0;
let dominantChecked = 0;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function plainText(bytes: Buffer): string {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0xfd2fb528) {
    try {
      return execFileSync("zstd", ["-dc"], { input: bytes, maxBuffer: 1 << 30 }).toString("utf8");
    } catch {
      return Buffer.from(zstdDecompress(bytes)).toString("utf8");
    }
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes).toString("utf8");
  // lz4 / snappy / lzf have no decoder in Node: the reader's codecs, checked against Spark elsewhere.
  const codec = detectCodec(new Uint8Array(bytes.subarray(0, 8)));
  if (codec === "lz4" || codec === "snappy" || codec === "lzf") {
    const parts: Buffer[] = [];
    const d = createDecoder(codec, (chunk) => parts.push(Buffer.from(chunk)));
    d.push(new Uint8Array(bytes));
    d.end();
    return Buffer.concat(parts).toString("utf8");
  }
  return bytes.toString("utf8");
}

/** What the raw lines say about stages and jobs: the independent side of every check here. */
interface RawStage {
  start: number;
  end: number;
  runTimes: number[];
}
interface Raw {
  stages: Map<number, RawStage>;
  /** SQL execution id → stage ids of its jobs. */
  executionStages: Map<number, number[]>;
}

function rawEvents(texts: readonly string[]): Raw {
  const stages = new Map<number, RawStage>();
  const executionStages = new Map<number, number[]>();
  const stage = (id: number) => {
    const s = stages.get(id) ?? {
      start: Number.POSITIVE_INFINITY,
      end: Number.NEGATIVE_INFINITY,
      runTimes: [],
    };
    stages.set(id, s);
    return s;
  };
  for (const text of texts) {
    for (const line of text.split("\n")) {
      if (
        !/"Event"\s*:\s*"(SparkListenerTaskEnd|SparkListenerStageCompleted|SparkListenerJobStart)"/.test(line)
      )
        continue;
      // biome-ignore lint/suspicious/noExplicitAny: raw event JSON, fields checked where used
      let e: Record<string, any>;
      try {
        e = JSON.parse(line);
      } catch {
        continue;
      }
      if (e.Event === "SparkListenerTaskEnd") {
        const reason = (e["Task End Reason"] as { Reason?: string } | undefined)?.Reason;
        const run = (e["Task Metrics"] as { "Executor Run Time"?: number } | undefined)?.[
          "Executor Run Time"
        ];
        if (reason === "Success" && typeof run === "number") stage(e["Stage ID"]).runTimes.push(run);
      } else if (e.Event === "SparkListenerStageCompleted") {
        const info = e["Stage Info"] as {
          "Stage ID": number;
          "Submission Time"?: number;
          "Completion Time"?: number;
        };
        const s = stage(info["Stage ID"]);
        if (typeof info["Submission Time"] === "number") s.start = Math.min(s.start, info["Submission Time"]);
        if (typeof info["Completion Time"] === "number") s.end = Math.max(s.end, info["Completion Time"]);
      } else {
        const id = Number(
          (e.Properties as Record<string, string> | undefined)?.["spark.sql.execution.id"] ?? "",
        );
        const raw = (e.Properties as Record<string, string> | undefined)?.["spark.sql.execution.id"];
        if (raw === undefined || raw === "" || !Number.isFinite(id)) continue;
        executionStages.set(id, [...(executionStages.get(id) ?? []), ...(e["Stage IDs"] as number[])]);
      }
    }
  }
  return { stages, executionStages };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The longest codegen "duration" among a pipeline's stages (the clock of its loop); null when none ran. */
function longestDuration(p: PlanWithMetrics, pl: Pipeline): number | null {
  let out: number | null = null;
  for (const id of pl.clusterIds) {
    const d = p.metrics[id]?.find((m) => m.name === "duration");
    if (d && d.values > 0 && d.total !== null) out = Math.max(out ?? 0, d.total);
  }
  return out;
}

/**
 * The invariants, with the raw events' numbers:
 * - a node timed inside tasks lists the stages that ran it, and its time is at most their run time;
 * - the operators of a task loop (a codegen stage, the stages nested in it and what they pull rows
 *   from), with the inputs whose own timer measured part of it (scan time, fetch wait), add up to
 *   the loop's longest codegen "duration";
 * - the critical path starts where nothing of the execution ended before it, each step starts after
 *   the previous one ended, the last is the stage that finished last, durations and task counts
 *   are the raw events'.
 */
function checkInvariants(r: EventLogResult, raw: Raw, where: string): { timed: number; paths: number } {
  let timed = 0;
  let paths = 0;
  for (const app of r.applications) {
    for (const e of app.sqlExecutions) {
      for (const p of [e.plan, e.initialPlan]) {
        if (!p) continue;
        for (const n of p.plan.nodes) {
          const ids = p.stageIds[n.id];
          expect(ids, `${where} SQL ${e.executionId} ${n.id} stageIds`).toBeDefined();
          expect([...ids!].sort((a, b) => a - b)).toEqual(ids);
          const t = p.times[n.id];
          if (!t) continue;
          timed++;
          expect(Number.isFinite(t.timeMs) && t.timeMs >= 0, `${where} ${n.name} time ${t.timeMs}`).toBe(
            true,
          );
          expect(t.source.length).toBeGreaterThan(0);
          if (t.basis === "driver") continue;
          expect(
            ids!.length,
            `${where} SQL ${e.executionId} ${n.name} is timed, so ran somewhere`,
          ).toBeGreaterThan(0);
          const cap = sum(ids!.map((s) => sum(raw.stages.get(s)?.runTimes ?? [])));
          expect(
            t.timeMs,
            `${where} SQL ${e.executionId} ${n.id} ${n.name} (${t.source}) ≤ task time`,
          ).toBeLessThanOrEqual(cap + 1e-6);
        }
        const inCluster = new Set(p.plan.clusters.flatMap((c) => c.nodeIds));
        const loops = pipelines(p.plan, p.metrics);
        // Every codegen stage is in exactly one loop, and an operator shares one loop's clock at most.
        expect(loops.flatMap((l) => l.clusterIds).sort()).toEqual(p.plan.clusters.map((c) => c.id).sort());
        const shared = loops.flatMap((l) => l.members);
        expect(new Set(shared).size, `${where} SQL ${e.executionId} members`).toBe(shared.length);
        for (const id of inCluster) expect(shared).toContain(id);
        for (const pl of loops) {
          const longest = longestDuration(p, pl);
          if (longest === null) continue;
          const members = sum(pl.members.map((m) => p.times[m]?.timeMs ?? 0));
          const inputs = sum([...pl.inputs.values()].map((i) => i.ms));
          if (pl.members.some((m) => p.times[m]?.source.includes("capped"))) continue;
          const at = `${where} SQL ${e.executionId} loop ${pl.clusterIds.join(",")}`;
          if (inputs > longest) expect(members, at).toBe(0);
          else expect(members + inputs, `${at} adds up to its duration`).toBeCloseTo(longest, 6);
        }
      }
      paths += checkCriticalPath(e, raw, where);
    }
  }
  return { timed, paths };
}

function checkCriticalPath(e: SqlExecution, raw: Raw, where: string): number {
  const own = (raw.executionStages.get(e.executionId) ?? []).flatMap((id) => {
    const s = raw.stages.get(id);
    return s && s.runTimes.length > 0 && Number.isFinite(s.start) && Number.isFinite(s.end)
      ? [{ id, ...s }]
      : [];
  });
  const path = e.criticalPath;
  if (own.length === 0) {
    expect(path, `${where} SQL ${e.executionId}: no stage ran`).toEqual([]);
    return 0;
  }
  const at = `${where} SQL ${e.executionId} critical path ${path.map((s) => s.stageId).join(",")}`;
  expect(path.length, at).toBeGreaterThan(0);
  const lastEnd = Math.max(...own.map((s) => s.end));
  const last = raw.stages.get(path[path.length - 1]!.stageId)!;
  expect(last.end, at).toBe(lastEnd);
  for (let k = 0; k < path.length; k++) {
    const s = raw.stages.get(path[k]!.stageId)!;
    expect(path[k]!.durationMs, at).toBe(s.end - s.start);
    expect(path[k]!.tasks, at).toBeLessThanOrEqual(s.runTimes.length);
    expect(path[k]!.maxTaskMs, at).toBeLessThanOrEqual(Math.max(...s.runTimes));
    if (k > 0) {
      expect(raw.stages.get(path[k - 1]!.stageId)!.end, at).toBeLessThanOrEqual(s.start);
      expect(path[k]!.link, at).not.toBeNull();
    } else {
      expect(path[k]!.link, at).toBeNull();
      // Nothing the execution ran ended before the first step started: the path cannot go further back.
      expect(
        own.filter((o) => o.id !== path[0]!.stageId && o.end <= s.start).map((o) => o.id),
        at,
      ).toEqual([]);
    }
  }
  return 1;
}

interface RestNode {
  nodeId: number;
  nodeName: string;
  desc?: string;
  metrics: { name: string; value: string }[];
}
interface RestExpected {
  rest?: {
    stages: { stageId: number; status: string; numCompleteTasks: number; executorRunTime: number }[];
    jobs: { jobId: number; stageIds: number[] }[];
    sql: RestSql[];
  };
}
interface RestSql {
  id: number;
  successJobIds: number[];
  nodes: RestNode[];
}

/** Total of a duration as Spark's UI prints it (`msDurationToString`), and how far it can be off. */
function restDuration(value: string): { ms: number; slack: number } | null {
  const total = value.includes("\n") ? value.split("\n")[1]!.split(" (")[0]! : value;
  const m = /^([\d.]+) (ms|s|m|h)$/.exec(total.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return { ms: Number(m[1]) * unit, slack: m[2] === "ms" ? 1 : m[2] === "h" ? 0.005 * unit : 0.05 * unit };
}

/**
 * The UI's operators matched to the plan's: Spark's graph lists them in the same pre-order as the
 * plan (its codegen stage boxes apart, AQE's query stages not shown); null when names disagree.
 */
function alignRest(q: RestSql, p: PlanWithMetrics): Map<string, RestNode> | null {
  const rest = [...q.nodes]
    .sort((a, b) => a.nodeId - b.nodeId)
    .filter((n) => !/^WholeStageCodegen \(\d+\)$/.test(n.nodeName));
  const ours = p.plan.nodes.filter((n) => !/QueryStage$/.test(n.name));
  if (rest.length !== ours.length) return null;
  const out = new Map<string, RestNode>();
  for (let k = 0; k < ours.length; k++) {
    if (!rest[k]!.nodeName.startsWith(ours[k]!.name)) return null;
    out.set(ours[k]!.id, rest[k]!);
  }
  return out;
}

/** The shuffle exchange a reader (AQEShuffleRead, query stage) reads, through the wrappers. */
function exchangeBelow(p: PlanWithMetrics, id: string): string | null {
  const name = new Map(p.plan.nodes.map((n) => [n.id, n.name]));
  let cur = id;
  for (let depth = 0; depth < 4; depth++) {
    if (/^Exchange/.test(name.get(cur) ?? "")) return cur;
    const kids = p.plan.edges.filter((e) => e.kind === "child" && e.to === cur);
    if (kids.length !== 1) return null;
    cur = kids[0]!.from;
  }
  return null;
}

/** Stages the UI names in a node's metric strings ("(stage 6.0: task 41)"). */
function restStages(rn: RestNode | undefined): Set<number> {
  const out = new Set<number>();
  for (const m of rn?.metrics ?? [])
    for (const x of m.value.matchAll(/\(stage (\d+)\.\d+: task \d+\)/g)) out.add(Number(x[1]));
  return out;
}

/**
 * Where the time went, checked against what the UI recorded, not against timing.ts: the stage
 * that dominated is the one with the most executor run time among the execution's jobs' stages
 * (REST /stages and /jobs), and the operators that did work in a stage are those whose own metrics
 * (or whose codegen stage's duration) the UI shows with that stage's slowest task. AQEShuffleRead,
 * query stages and InputAdapter show none: they only hand rows on.
 * - The panel's top operator is one of those working operators, and its time fits in its stages'
 *   run time; a shuffle reader can top it only with a fetch wait of its own.
 * - The dominant stage's first operator in the panel's ranking is among its top three.
 */
function checkTopOperator(
  q: RestSql,
  p: PlanWithMetrics,
  align: ReadonlyMap<string, RestNode>,
  rest: NonNullable<RestExpected["rest"]>,
): number {
  const jobs = new Map(rest.jobs.map((j) => [j.jobId, j.stageIds]));
  const runTime = new Map<number, number>();
  for (const s of rest.stages) runTime.set(s.stageId, (runTime.get(s.stageId) ?? 0) + s.executorRunTime);
  const own = q.successJobIds.flatMap((j) => jobs.get(j) ?? []).filter((s) => (runTime.get(s) ?? 0) > 0);
  if (own.length === 0) return 0;
  const dominant = own.reduce((a, b) => (runTime.get(b)! > runTime.get(a)! ? b : a));
  const clusterOf = new Map<string, number>();
  for (const c of p.plan.clusters) for (const m of c.nodeIds) clusterOf.set(m, c.stage);
  const wscStages = new Map<number, Set<number>>();
  for (const rn of q.nodes) {
    const w = /^WholeStageCodegen \((\d+)\)$/.exec(rn.nodeName);
    if (w) wscStages.set(Number(w[1]), restStages(rn));
  }
  const worksIn = (id: string): Set<number> => {
    const st = restStages(align.get(id));
    const c = clusterOf.get(id);
    for (const s of c === undefined ? [] : (wscStages.get(c) ?? [])) st.add(s);
    return st;
  };
  const ranked = p.plan.nodes
    .filter((n) => p.times[n.id] && p.times[n.id]!.basis !== "driver")
    .sort((a, b) => p.times[b.id]!.timeMs - p.times[a.id]!.timeMs);
  if (ranked.length === 0) return 0;
  const top = ranked[0]!;
  const t = p.times[top.id]!;
  const at = `SQL ${q.id} top operator ${top.name} (${t.timeMs.toFixed(0)} ms, ${t.source}), dominant stage ${dominant}`;
  const works =
    t.source === "fetch wait time" ? restStages(align.get(exchangeBelow(p, top.id) ?? "")) : worksIn(top.id);
  expect(works.size, `${at}: works somewhere`).toBeGreaterThan(0);
  expect(t.timeMs, at).toBeLessThanOrEqual(sum([...works].map((s) => runTime.get(s) ?? 0)) + 1e-6);
  const first = ranked.findIndex((n) => worksIn(n.id).has(dominant));
  expect(first, `${at}: ${ranked.slice(0, 3).map((n) => n.name)}`).toBeGreaterThanOrEqual(0);
  expect(first, `${at}: ${ranked.slice(0, 3).map((n) => n.name)}`).toBeLessThan(3);
  return 1;
}

function fixtureLogs(): string[] {
  if (!existsSync(sparkFixtures)) return [];
  return readdirSync(sparkFixtures).flatMap((v) =>
    ["eventlogs", "eventlogs-timing"].flatMap((set) => {
      const d = join(sparkFixtures, v, set);
      if (!existsSync(d)) return [];
      return readdirSync(d)
        .map((c) => join(d, c))
        .filter((c) => statSync(c).isDirectory())
        .flatMap((c) =>
          readdirSync(c)
            .filter((n) => !n.endsWith(".json"))
            .map((n) => join(c, n)),
        );
    }),
  );
}

describe.skipIf(!existsSync(sparkFixtures))(
  "time per operator: real pyspark logs against Spark's REST answer",
  () => {
    for (const log of fixtureLogs()) {
      it(`${relative(sparkFixtures, log)}`, async () => {
        const o = await readEventLogPath(log);
        const r = o.ok ? o.result : o.partial;
        const files = statSync(log).isDirectory() ? walk(log) : [log];
        const raw = rawEvents(files.map((f) => plainText(readFileSync(f))));
        const { timed, paths } = checkInvariants(r, raw, relative(sparkFixtures, log));
        const execs = r.applications.flatMap((a) => a.sqlExecutions);
        expect(timed).toBeGreaterThan(0);
        expect(paths).toBeGreaterThan(0);
        if (/skew_aqe_(on|off)/.test(log)) {
          // The skew workload joins two scanned tables and aggregates: scan, join, final aggregate,
          // each through the stage DAG (AQE on: through the skipped re-submission of each query stage).
          const q = execs.find((x) => x.criticalPath.length > 0 && x.description.startsWith("collect"))!;
          expect(q.criticalPath.map((s) => s.link)).toEqual([null, "parent", "parent"]);
        }
        const expectedPath = `${log}.expected.json`;
        if (!existsSync(expectedPath) || log.endsWith(".inprogress")) return;
        const rest = (JSON.parse(readFileSync(expectedPath, "utf8")) as RestExpected).rest;
        if (!rest) return;
        // Stage task time as the REST API reported it bounds every task-side time too.
        const runTime = new Map<number, number>();
        for (const s of rest.stages)
          runTime.set(s.stageId, (runTime.get(s.stageId) ?? 0) + s.executorRunTime);
        let pinned = 0;
        for (const q of rest.sql) {
          const e = execs.find((x) => x.executionId === q.id);
          if (!e?.plan) continue;
          const p = e.plan;
          for (const n of p.plan.nodes) {
            const t = p.times[n.id];
            if (!t || t.basis === "driver") continue;
            const cap = sum((p.stageIds[n.id] ?? []).map((s) => runTime.get(s) ?? 0));
            expect(t.timeMs, `SQL ${q.id} ${n.name} ≤ REST executorRunTime`).toBeLessThanOrEqual(cap + 1e-6);
          }
          for (const rn of q.nodes) {
            // The UI names the stage of the slowest task: that stage ran the node.
            for (const m of rn.metrics) {
              const st = /\(stage (\d+)\.\d+: task \d+\)/.exec(m.value);
              if (!st) continue;
              const ours = p.plan.nodes.filter(
                // Spark 3.5's REST answer has no `desc`: then the name alone.
                (n) =>
                  rn.nodeName.startsWith(n.name) && (!rn.desc || n.args === "" || rn.desc.endsWith(n.args)),
              );
              const clusterStage = /^WholeStageCodegen \((\d+)\)$/.exec(rn.nodeName);
              const ids = clusterStage
                ? p.plan.clusters
                    .filter((c) => c.stage === Number(clusterStage[1]))
                    .flatMap((c) => p.stageIds[c.id] ?? [])
                : ours.flatMap((n) => p.stageIds[n.id] ?? []);
              expect(ids, `SQL ${q.id} ${rn.nodeName} ${m.name}: stage ${st[1]}`).toContain(Number(st[1]));
              pinned++;
            }
          }
          // A task loop's operators, with its inputs' scan time and fetch wait as the UI shows
          // them, add up to the longest codegen duration the UI shows among its stages.
          if (q.nodes.length === 0) continue; // the rolling log's snapshot kept no plan graph
          const align = alignRest(q, p);
          expect(align, `SQL ${q.id}: the UI's operators are the plan's, in order`).not.toBeNull();
          const restDur = new Map<number, { ms: number; slack: number }>();
          for (const rn of q.nodes) {
            const wsc = /^WholeStageCodegen \((\d+)\)$/.exec(rn.nodeName);
            const dur = wsc ? rn.metrics.find((m) => m.name === "duration") : undefined;
            const d = dur ? restDuration(dur.value) : null;
            if (wsc && d) restDur.set(Number(wsc[1]), d);
          }
          for (const pl of pipelines(p.plan, p.metrics)) {
            const stages = pl.clusterIds.map((id) => p.plan.clusters.find((c) => c.id === id)!.stage);
            const ds = stages.flatMap((st) => restDur.get(st) ?? []);
            if (ds.length === 0 || ds.every((d) => d.ms === 0)) continue;
            const want = ds.reduce((x, y) => (y.ms > x.ms ? y : x));
            let inputs = 0;
            let slack = want.slack;
            for (const [id, i] of pl.inputs) {
              const rn = align!.get(exchangeBelow(p, id) ?? id);
              const v = rn?.metrics.find((m) => m.name === i.timer);
              const d = v ? restDuration(v.value) : null;
              expect(d, `SQL ${q.id} input ${id} ${i.timer} shown by the UI`).not.toBeNull();
              inputs += d!.ms;
              slack += d!.slack;
            }
            if (pl.members.some((m) => p.times[m]?.source.includes("capped")) || inputs > want.ms) continue;
            const got = sum(pl.members.map((m) => p.times[m]?.timeMs ?? 0));
            durationsChecked++;
            expect(
              Math.abs(got + inputs - want.ms),
              `SQL ${q.id} loop of codegen stages ${stages.join(",")}: ${got} + ${inputs} vs ${want.ms}`,
            ).toBeLessThanOrEqual(slack);
          }
          dominantChecked += checkTopOperator(q, p, align!, rest);
        }
        pinnedTotal += pinned;
      });
    }
    it("checked metrics that name their stage, and codegen durations", () => {
      expect(pinnedTotal).toBeGreaterThan(100);
      expect(durationsChecked).toBeGreaterThan(20);
      expect(dominantChecked).toBeGreaterThan(15);
    });
  },
);

/** Apps of scripts/spark/gen_eventlogs_timing.py whose slowest operator is known by construction. */
function timingApps(app: string): { log: string; manifest: Record<string, unknown> }[] {
  if (!existsSync(sparkFixtures)) return [];
  return readdirSync(sparkFixtures).flatMap((v) => {
    const m = join(sparkFixtures, v, "eventlogs-timing", "MANIFEST.json");
    if (!existsSync(m)) return [];
    const apps = (JSON.parse(readFileSync(m, "utf8")) as { apps: Record<string, Record<string, unknown>> })
      .apps;
    const dir = join(sparkFixtures, v, "eventlogs-timing", app);
    if (!apps[app] || !existsSync(dir)) return [];
    const log = readdirSync(dir).find((n) => !n.endsWith(".json"));
    return log ? [{ log: join(dir, log), manifest: apps[app]! }] : [];
  });
}

describe("time per operator: a Python UDF sleeping on every row", () => {
  const apps = timingApps("slow_udf");
  it("has the generated app", () => expect(apps.length).toBeGreaterThan(0));
  for (const { log, manifest } of apps) {
    it(`${relative(sparkFixtures, log)}: the Python operator tops the panel`, async () => {
      const o = await readEventLogPath(log);
      const r = o.ok ? o.result : o.partial;
      const rest = (JSON.parse(readFileSync(`${log}.expected.json`, "utf8")) as RestExpected).rest!;
      const q = rest.sql.find((x) => x.nodes.some((n) => /EvalPython/.test(n.nodeName)))!;
      // The ground truth of the workload: rows × the sleep per row, which the UI's "time to
      // execute Python code" confirms.
      const rows = Number(
        q.nodes
          .find((n) => n.nodeName === "Range")!
          .metrics.find((m) => m.name === "number of output rows")!
          .value.replace(/,/g, ""),
      );
      const sleptMs = rows * (manifest.sleep_seconds_per_row as number) * 1000;
      const py = q.nodes.find((n) => /EvalPython/.test(n.nodeName))!;
      const exec = restDuration(py.metrics.find((m) => m.name === "time to execute Python code")!.value)!;
      expect(exec.ms + exec.slack).toBeGreaterThanOrEqual(sleptMs);
      const e = r.applications.flatMap((a) => a.sqlExecutions).find((x) => x.executionId === q.id)!;
      const p = e.plan!;
      const ranked = p.plan.nodes
        .filter((n) => p.times[n.id] && p.times[n.id]!.basis !== "driver")
        .sort((a, b) => p.times[b.id]!.timeMs - p.times[a.id]!.timeMs);
      expect(ranked[0]!.name).toBe(py.nodeName);
      expect(p.times[ranked[0]!.id]!.source).toMatch(/^time to run Python workers/);
      // Everything else in the task is the JVM's few milliseconds per row at most.
      expect(p.times[ranked[0]!.id]!.timeMs).toBeGreaterThan(sleptMs / 2);
    });
  }
});

describe("time per operator: corpus event logs", () => {
  const present = existsSync(corpus);
  it.skipIf(present || inCi)("skips without ../shared/corpus (not under CI)", () => {
    expect(present).toBe(false);
  });
  if (!present && inCi) it("needs ../shared/corpus under CI", () => expect(present).toBe(true));
  const files = present ? walk(corpus).sort() : [];
  for (const file of files) {
    const rel = relative(corpus, file);
    it(`invariants: ${rel}`, () => {
      const bytes = readFileSync(file);
      const o = readEventLogBytes([{ name: rel, bytes: new Uint8Array(bytes) }]);
      const r = o.ok ? o.result : o.partial;
      const raw = rawEvents([plainText(bytes)]);
      checkInvariants(r, raw, rel);
    }, 120_000);
  }
});
