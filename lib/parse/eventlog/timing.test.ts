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
import type { CodegenCluster } from "../../plan/types";
import { createDecoder } from "./codecs/index";
import {
  detectCodec,
  type EventLogResult,
  type PlanWithMetrics,
  readEventLogBytes,
  type SqlExecution,
} from "./index";
import { readEventLogPath } from "./node";

const corpus = join(__dirname, "../../../../shared/corpus/eventlogs");
const sparkFixtures = join(__dirname, "../../../fixtures/spark");
const inCi = Boolean(process.env.CI);
let pinnedTotal = 0;
let durationsChecked = 0;

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

/**
 * A codegen stage's operators for the "adds up to its duration" check: its members, and the
 * operators outside any codegen stage it pulls rows from in its loop (scans, AQEShuffleRead, a
 * non-codegen Window...), never an exchange or query stage (a stage boundary) or a driver-side time.
 */
function loopMembers(p: PlanWithMetrics, c: CodegenCluster): string[] {
  const clustered = new Set(p.plan.clusters.flatMap((x) => x.nodeIds));
  const names = new Map(p.plan.nodes.map((n) => [n.id, n.name]));
  const out = new Set(c.nodeIds);
  for (const edge of p.plan.edges)
    if (
      edge.kind === "child" &&
      c.nodeIds.includes(edge.to) &&
      !clustered.has(edge.from) &&
      !/Exchange|QueryStage$|^Reused|^Subquery|^AdaptiveSparkPlan$/.test(names.get(edge.from) ?? "") &&
      p.times[edge.from]?.basis !== "driver"
    )
      out.add(edge.from);
  return [...out];
}

/**
 * The invariants, with the raw events' numbers:
 * - a node timed inside tasks lists the stages that ran it, and its time is at most their run time;
 * - a codegen stage's operators (and what it pulls rows from, see loopMembers) add up to its "duration";
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
        for (const c of p.plan.clusters) {
          const d = p.metrics[c.id]?.find((m) => m.name === "duration");
          if (!d || d.values === 0 || d.total === null) continue;
          const members = loopMembers(p, c);
          const total = sum(members.map((m) => p.times[m]?.timeMs ?? 0));
          if (members.some((m) => p.times[m]?.source.includes("capped"))) continue;
          expect(
            total,
            `${where} SQL ${e.executionId} codegen ${c.stage} adds up to its duration`,
          ).toBeCloseTo(d.total, 6);
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
  nodeName: string;
  desc?: string;
  metrics: { name: string; value: string }[];
}
interface RestExpected {
  rest?: {
    stages: { stageId: number; status: string; numCompleteTasks: number; executorRunTime: number }[];
    sql: { id: number; nodes: RestNode[] }[];
  };
}

/** Total of a duration as Spark's UI prints it (`msDurationToString`), and how far it can be off. */
function restDuration(value: string): { ms: number; slack: number } | null {
  const total = value.includes("\n") ? value.split("\n")[1]!.split(" (")[0]! : value;
  const m = /^([\d.]+) (ms|s|m|h)$/.exec(total.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return { ms: Number(m[1]) * unit, slack: m[2] === "ms" ? 1 : m[2] === "h" ? 0.005 * unit : 0.05 * unit };
}

function fixtureLogs(): string[] {
  if (!existsSync(sparkFixtures)) return [];
  return readdirSync(sparkFixtures).flatMap((v) => {
    const d = join(sparkFixtures, v, "eventlogs");
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .map((c) => join(d, c))
      .filter((c) => statSync(c).isDirectory())
      .flatMap((c) =>
        readdirSync(c)
          .filter((n) => !n.endsWith(".json"))
          .map((n) => join(c, n)),
      );
  });
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
            // A codegen stage's operators add up to the duration the UI shows for it.
            const wsc = /^WholeStageCodegen \((\d+)\)$/.exec(rn.nodeName);
            const dur = wsc ? rn.metrics.find((m) => m.name === "duration") : undefined;
            const want = dur ? restDuration(dur.value) : null;
            const clusters = wsc ? p.plan.clusters.filter((c) => c.stage === Number(wsc[1])) : [];
            if (!want || clusters.length !== 1 || want.ms === 0) continue;
            const c = clusters[0]!;
            const members = loopMembers(p, c);
            const got = sum(members.map((m) => p.times[m]?.timeMs ?? 0));
            durationsChecked++;
            expect(
              Math.abs(got - want.ms),
              `SQL ${q.id} ${rn.nodeName}: ${got} vs ${dur!.value}`,
            ).toBeLessThanOrEqual(want.slack);
          }
        }
        pinnedTotal += pinned;
      });
    }
    it("checked metrics that name their stage, and codegen durations", () => {
      expect(pinnedTotal).toBeGreaterThan(100);
      expect(durationsChecked).toBeGreaterThan(20);
    });
  },
);

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
