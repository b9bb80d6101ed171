/**
 * Event-log throughput and memory. Prints figures; asserts nothing.
 *   npx tsx scripts/bench/eventlog.ts            (also run by `npm run bench`, default export)
 *   npx tsx scripts/bench/eventlog.ts --rss-child FILE   (internal: read FILE, print peak RSS)
 *   npx tsx scripts/bench/eventlog.ts --baseline DIR     (before/after: DIR is another checkout with
 *     its own node_modules; rounds alternate between the two readers and medians are printed, since
 *     this shared box's load changes from minute to minute)
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as current from "../../lib/parse/eventlog/index";
import * as currentNode from "../../lib/parse/eventlog/node";

const here = fileURLToPath(new URL(".", import.meta.url));
const corpus = join(here, "../../../shared/corpus/eventlogs");
const CHUNK = 1 << 20;
const ROUNDS = 5;

type Reader = Pick<typeof current, "createEventLogReader">;
type ReaderNode = Pick<typeof currentNode, "readEventLogPath">;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Reads in-memory inputs through the push API in 1 MiB chunks; returns MB/s over `mb` megabytes. */
function once(lib: Reader, inputs: { name: string; bytes: Uint8Array }[], mb: number): number {
  const t0 = performance.now();
  for (const f of inputs) {
    const reader = lib.createEventLogReader();
    reader.beginFile(f.name);
    for (let i = 0; i < f.bytes.length; i += CHUNK) reader.push(f.bytes.subarray(i, i + CHUNK));
    reader.endFile();
    reader.finish();
  }
  return mb / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median MB/s of each reader, rounds interleaved (baseline first when there is one). */
function throughput(libs: Reader[], inputs: { name: string; bytes: Uint8Array }[], mb: number): string {
  const runs = libs.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, lib] of libs.entries()) runs[k]!.push(once(lib, inputs, mb));
  }
  return runs.map((xs) => `${median(xs).toFixed(0)} MB/s`).join(" → ");
}

/** A synthetic log shaped like a real one: per stage 1 submit, N task start/end pairs, 1 completion. */
function* syntheticLines(): Generator<string> {
  yield '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}';
  yield '{"Event":"SparkListenerApplicationStart","App Name":"synthetic","App ID":"app-1","Timestamp":1700000000000,"User":"bench"}';
  const plan = (id: number) =>
    `{"nodeName":"HashAggregate","simpleString":"HashAggregate(keys=[k#1], functions=[sum(v#2)])","children":[{"nodeName":"Exchange","simpleString":"Exchange hashpartitioning(k#1, 200)","children":[],"metadata":{},"metrics":[{"name":"shuffle bytes written","accumulatorId":${id + 1},"metricType":"size"}]}],"metadata":{},"metrics":[{"name":"number of output rows","accumulatorId":${id},"metricType":"sum"}]}`;
  for (let q = 0; ; q++) {
    const acc = 1000 + q * 10;
    yield `{"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart","executionId":${q},"description":"q${q}","details":"","physicalPlanDescription":"== Physical Plan ==","sparkPlanInfo":${plan(acc)},"time":1700000000000}`;
    yield `{"Event":"SparkListenerJobStart","Job ID":${q},"Submission Time":1700000000000,"Stage Infos":[],"Stage IDs":[${q}],"Properties":{"spark.sql.execution.id":"${q}"}}`;
    for (let t = 0; t < 2000; t++) {
      const task = q * 2000 + t;
      yield `{"Event":"SparkListenerTaskStart","Stage ID":${q},"Stage Attempt ID":0,"Task Info":{"Task ID":${task},"Index":${t},"Attempt":0,"Partition ID":${t},"Launch Time":1700000000000,"Executor ID":"${t % 16}","Host":"host-${t % 16}.example.com","Locality":"PROCESS_LOCAL","Speculative":false,"Getting Result Time":0,"Finish Time":0,"Failed":false,"Killed":false,"Accumulables":[]}}`;
      const accs = [
        `{"ID":${acc},"Name":"number of output rows","Update":"${t * 7}","Value":"${t * 7}","Internal":true,"Count Failed Values":true,"Metadata":"sql"}`,
        `{"ID":${acc + 1},"Name":"shuffle bytes written","Update":"${t * 131}","Value":"${t * 131}","Internal":true,"Count Failed Values":true,"Metadata":"sql"}`,
      ];
      for (let k = 0; k < 18; k++) {
        accs.push(
          `{"ID":${90000 + k},"Name":"internal.metrics.m${k}","Update":${(t * k) % 977},"Value":${t * k},"Internal":true,"Count Failed Values":true}`,
        );
      }
      yield `{"Event":"SparkListenerTaskEnd","Stage ID":${q},"Stage Attempt ID":0,"Task Type":"ShuffleMapTask","Task End Reason":{"Reason":"Success"},"Task Info":{"Task ID":${task},"Index":${t},"Attempt":0,"Partition ID":${t},"Launch Time":1700000000000,"Executor ID":"${t % 16}","Host":"host-${t % 16}.example.com","Locality":"PROCESS_LOCAL","Speculative":false,"Getting Result Time":0,"Finish Time":1700000001000,"Failed":false,"Killed":false,"Accumulables":[${accs.join(",")}]},"Task Executor Metrics":{"JVMHeapMemory":319351248,"JVMOffHeapMemory":183565360,"OnHeapExecutionMemory":0,"MinorGCCount":13,"MinorGCTime":120,"MajorGCCount":4,"MajorGCTime":353,"TotalGCTime":473},"Task Metrics":{"Executor Deserialize Time":2,"Executor Deserialize CPU Time":1312610,"Executor Run Time":${100 + (t % 50)},"Executor CPU Time":75295000,"Peak Execution Memory":0,"Result Size":1836,"JVM GC Time":${t % 7},"Result Serialization Time":1,"Memory Bytes Spilled":0,"Disk Bytes Spilled":0,"Shuffle Read Metrics":{"Remote Blocks Fetched":0,"Local Blocks Fetched":0,"Fetch Wait Time":0,"Remote Bytes Read":0,"Remote Bytes Read To Disk":0,"Local Bytes Read":0,"Total Records Read":0},"Shuffle Write Metrics":{"Shuffle Bytes Written":${t * 131},"Shuffle Write Time":32402787,"Shuffle Records Written":12},"Input Metrics":{"Bytes Read":${t * 1000},"Records Read":12},"Output Metrics":{"Bytes Written":0,"Records Written":0},"Updated Blocks":[]}}`;
    }
    yield `{"Event":"SparkListenerStageCompleted","Stage Info":{"Stage ID":${q},"Stage Attempt ID":0,"Stage Name":"q${q}","Number of Tasks":2000,"Submission Time":1700000000000,"Completion Time":1700000009000}}`;
    yield `{"Event":"SparkListenerJobEnd","Job ID":${q},"Completion Time":1700000009000,"Job Result":{"Result":"JobSucceeded"}}`;
    yield `{"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd","executionId":${q},"time":1700000009000}`;
  }
}

function syntheticBytes(target: number): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const l of syntheticLines()) {
    const b = enc.encode(`${l}\n`);
    parts.push(b);
    n += b.length;
    if (n >= target) break;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function writeSynthetic(path: string, target: number): number {
  const fd = openSync(path, "w");
  let n = 0;
  let buf: string[] = [];
  let bufLen = 0;
  for (const l of syntheticLines()) {
    buf.push(l);
    bufLen += l.length + 1;
    if (bufLen > 4 << 20) {
      n += writeSync(fd, `${buf.join("\n")}\n`);
      buf = [];
      bufLen = 0;
      if (n >= target) break;
    }
  }
  closeSync(fd);
  return n;
}

/**
 * This process's peak resident set, in MB. On Linux from VmHWM (the high-water mark of this
 * process's own address space): getrusage's maxRSS survives fork + exec, so a child spawned by this
 * bench (which holds ~500 MB of inputs) reported the parent's peak, whatever the reader used.
 * Elsewhere maxRSS, with that caveat.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024; // KiB
}

async function rssChild(file: string, baseline: string | undefined) {
  const lib = (
    baseline ? await import(join(baseline, "lib/parse/eventlog/node.ts")) : currentNode
  ) as ReaderNode;
  const t0 = performance.now();
  const r = await lib.readEventLogPath(file);
  const s = (performance.now() - t0) / 1000;
  const res = r.ok ? r.result : r.partial;
  const mb = statSync(file).size / 1e6;
  console.log(
    JSON.stringify({
      peakRssMB: peakRssMB(),
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      seconds: s,
      mbPerS: mb / s,
      counts: res.counts,
    }),
  );
}

export default async function benchEventlog(baseline?: string) {
  console.log("\n== event logs ==");
  const libs: Reader[] = [current];
  if (baseline) {
    libs.unshift((await import(join(baseline, "lib/parse/eventlog/index.ts"))) as Reader);
    console.log(`before (${baseline}) → after (this checkout); medians of ${ROUNDS} interleaved rounds`);
  }
  const synth = syntheticBytes(200e6);
  console.log(
    `synthetic plain (200 MB, 2.4 KB TaskEnd lines): ${throughput(libs, [{ name: "s", bytes: synth }], synth.length / 1e6)}`,
  );
  if (existsSync(corpus)) {
    const files = walk(corpus).map((p) => ({ name: p, bytes: new Uint8Array(readFileSync(p)) }));
    const plain = files.filter((f) => f.bytes.length > 0 && f.bytes[0] === 0x7b);
    const plainMb = plain.reduce((n, f) => n + f.bytes.length, 0) / 1e6;
    console.log(
      `corpus plain (${plain.length} files, ${plainMb.toFixed(1)} MB): ${throughput(libs, plain, plainMb)}`,
    );
    // The 136 MiB q88 log (128 MiB window) is left out: unpatched fzstd takes minutes on it.
    const zstd = files.filter(
      (f) => f.name.endsWith(".zstd") && !f.name.endsWith("nds_q88_photon_db_13_3.zstd"),
    );
    let zstdMb = 0;
    for (const f of zstd)
      zstdMb += execFileSync("zstd", ["-dc", f.name], { maxBuffer: 1 << 30 }).length / 1e6;
    console.log(
      `corpus zstd (${zstd.length} files, ${zstdMb.toFixed(1)} MB decompressed, end to end): ${throughput(libs, zstd, zstdMb)} of decompressed log`,
    );
    const zsynth = execFileSync("zstd", ["-3", "-c"], { input: synth, maxBuffer: 1 << 30 });
    console.log(
      `synthetic zstd (-3, ${(zsynth.length / 1e6).toFixed(1)} MB → 200 MB): ${throughput(libs, [{ name: "z", bytes: new Uint8Array(zsynth) }], synth.length / 1e6)} of decompressed log`,
    );
  } else console.log("corpus absent: corpus figures skipped");
  const tmp = join(tmpdir(), `plansight-bench-${process.pid}.log`);
  try {
    const size = writeSynthetic(tmp, 1e9);
    for (const base of baseline ? [baseline, undefined] : [undefined]) {
      const out = execFileSync(
        process.execPath,
        ["--import", "tsx", fileURLToPath(import.meta.url), "--rss-child", tmp, ...(base ? [base] : [])],
        { encoding: "utf8" },
      );
      const r = JSON.parse(out.trim().split("\n").pop()!) as {
        peakRssMB: number;
        mbPerS: number;
        counts: object;
      };
      console.log(
        `synthetic ${(size / 1e9).toFixed(2)} GB from disk${baseline ? (base ? " (before)" : " (after)") : ""}: peak RSS ${r.peakRssMB.toFixed(0)} MB, ${r.mbPerS.toFixed(0)} MB/s, counts ${JSON.stringify(r.counts)}`,
      );
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === "--rss-child") void rssChild(argv[1]!, argv[2]);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  void benchEventlog(argv[0] === "--baseline" ? argv[1] : undefined);
