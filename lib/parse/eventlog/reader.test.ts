import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { createEventLogReader, orderEventLogFiles, readEventLogBytes } from "./index";

const enc = new TextEncoder();
const codecDir = join(__dirname, "../../../fixtures/eventlog/codecs");

const plan = {
  nodeName: "WholeStageCodegen (1)",
  simpleString: "WholeStageCodegen (1)",
  children: [
    {
      nodeName: "HashAggregate",
      simpleString: "HashAggregate(keys=[], functions=[count(1)])",
      children: [
        {
          nodeName: "InputAdapter",
          simpleString: "InputAdapter",
          children: [
            {
              nodeName: "Scan parquet db.t",
              simpleString: "FileScan parquet db.t[a#1]",
              children: [],
              metrics: [{ name: "number of output rows", accumulatorId: 10, metricType: "sum" }],
            },
          ],
          metrics: [],
        },
      ],
      metrics: [{ name: "peak memory", accumulatorId: 11, metricType: "size" }],
    },
  ],
  metrics: [{ name: "duration", accumulatorId: 12, metricType: "timing" }],
};

function task(stage: number, attempt: number, index: number, ok: boolean, rows: number) {
  return JSON.stringify({
    Event: "SparkListenerTaskEnd",
    "Stage ID": stage,
    "Stage Attempt ID": attempt,
    "Task End Reason": { Reason: ok ? "Success" : "ExceptionFailure" },
    "Task Info": {
      "Task ID": index + attempt * 100,
      Index: index,
      Attempt: 0,
      "Launch Time": 1,
      "Finish Time": 2,
      "Executor ID": "1",
      Accumulables: [
        { ID: 10, Name: "number of output rows", Update: String(rows), Value: "0", Metadata: "sql" },
        { ID: 11, Name: "peak memory", Update: rows * 1000, Value: 0 },
      ],
    },
    "Task Metrics": {
      "Executor Run Time": rows,
      "JVM GC Time": 1,
      "Input Metrics": { "Bytes Read": rows * 10 },
    },
  });
}

const lines = [
  '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}',
  '{"Event":"SparkListenerApplicationStart","App Name":"tëst ✓","App ID":"app-1","Timestamp":1000,"User":"u"}',
  JSON.stringify({
    Event: "SparkListenerEnvironmentUpdate",
    "Spark Properties": { "spark.sql.adaptive.enabled": "true", "spark.sql.shuffle.partitions": "7" },
  }),
  JSON.stringify({
    Event: "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
    executionId: 0,
    description: "count",
    details: "",
    physicalPlanDescription:
      "== Physical Plan ==\n* HashAggregate (2)\n+- Scan parquet db.t (1)\n\n\n(1) Scan parquet db.t\nOutput [1]: [a#1]\n\n(2) HashAggregate [codegen id : 1]\nKeys: []\n",
    sparkPlanInfo: plan,
    time: 1000,
  }),
  '{"Event":"SparkListenerJobStart","Job ID":0,"Stage IDs":[0],"Properties":{"spark.sql.execution.id":"0"}}',
  '{"Event":"SomeVendorEvent","x":1}',
  task(0, 0, 0, true, 5),
  task(0, 0, 1, false, 999), // failed: not counted in metrics
  task(0, 0, 1, true, 7),
  task(0, 0, 1, true, 8), // speculative duplicate of partition 1: ignored
  "this line is garbage",
  task(0, 1, 0, true, 6), // retried stage attempt replaces partition 0
  '{"Event":"SparkListenerStageCompleted","Stage Info":{"Stage ID":0,"Stage Attempt ID":1,"Stage Name":"s","Number of Tasks":2}}',
  '{"Event":"org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates","executionId":0,"accumUpdates":[[12,40]]}',
  '{"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd","executionId":0,"time":1500}',
  '{"Event":"SparkListenerTaskEnd","Stage ID":0,"Stage Attempt ID":1,"Task Info":{"Task ID":9',
];
const log = enc.encode(lines.join("\n"));

describe("reader", () => {
  it("builds the application, metrics and distributions, whatever the chunking", () => {
    for (const size of [1, 3, 64, 1 << 20]) {
      const reader = createEventLogReader();
      reader.beginFile("app-1.inprogress");
      for (let i = 0; i < log.length; i += size) reader.push(log.subarray(i, i + size));
      reader.endFile();
      const o = reader.finish();
      expect(o.ok).toBe(true);
      if (!o.ok) return;
      const r = o.result;
      expect(r.counts).toEqual({
        events: 14,
        sqlExecutions: 1,
        jobs: 1,
        stages: 1,
        tasks: 5,
        malformedLines: 2,
      });
      expect(r.unknownEvents).toBe(1);
      expect(r.warnings.some((w) => /last line \(16\) is cut/.test(w.message))).toBe(true);
      const app = r.applications[0]!;
      expect(app.name).toBe("tëst ✓");
      expect(app.config.shufflePartitions).toBe("7");
      const e = app.sqlExecutions[0]!;
      expect(e).toMatchObject({ status: "completed", durationMs: 500, jobIds: [0], stageIds: [0] });
      const p = e.plan!;
      expect(p.plan.nodes.map((n) => [n.name, n.operatorId, n.codegenStage])).toEqual([
        ["HashAggregate", 2, 1],
        ["Scan parquet", 1, null],
      ]);
      expect(p.plan.clusters).toEqual([{ id: "c0", stage: 1, nodeIds: ["n0"], plan: 0 }]);
      const rows = p.metrics.n1!.find((m) => m.name === "number of output rows")!;
      // As Spark's SQL listener counts: the retried stage attempt starts the metric afresh (only
      // its task for partition 0 counts; partition 1's slot stays 0).
      expect(rows).toMatchObject({ total: 6, min: 0, median: 6, max: 6, values: 2, display: "6" });
      expect(rows.maxTask).toEqual({ stageId: 0, stageAttempt: 1, taskId: 100 });
      expect(p.metrics.c0![0]).toMatchObject({ total: 40, values: 1, display: "40 ms" });
      const stage = app.stages[0]!;
      expect(stage.tasks.duration).toMatchObject({ count: 2, min: 6, max: 7, total: 13 });
      expect(stage).toMatchObject({ taskEnds: 5, failedTasks: 1 });
    }
  });

  it("reads the same without Node's Buffer (the browser path) as with it", async () => {
    // Two TaskEnd lines with bytes that are not UTF-8 (one in the executor ID), and a BOM line.
    const bad = (line: string, at: string) => {
      const b = enc.encode(line);
      b[enc.encode(line.slice(0, line.indexOf(at) + at.length)).length] = 0xff;
      return b;
    };
    const parts = [
      enc.encode(`${lines.slice(0, -1).join("\n")}\n`),
      bad(task(1, 0, 0, true, 3), '"Executor ID":"'),
      enc.encode("\n"),
      bad(task(1, 0, 1, true, 4), '"Launch Time":'),
      new Uint8Array([10, 0xef, 0xbb, 0xbf]),
      enc.encode(`{"Event":"x"}\n${lines.at(-1)}`),
    ];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((o, p) => {
      bytes.set(p, o);
      return o + p.length;
    }, 0);
    const chunked = (lib: typeof import("./index")) => {
      const out = [];
      for (const size of [7, 1 << 20]) {
        const reader = lib.createEventLogReader();
        reader.beginFile("f");
        for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
        reader.endFile();
        out.push(reader.finish());
      }
      return out;
    };
    const withBuffer = chunked(await import("./index"));
    const g = globalThis as { Buffer?: unknown };
    const saved = g.Buffer;
    vi.resetModules();
    let browser: typeof import("./index");
    try {
      delete g.Buffer;
      browser = await import("./index");
    } finally {
      g.Buffer = saved;
    }
    expect(chunked(browser)).toEqual(withBuffer);
  });

  it("reads the same log gzipped, and zstd-compressed by the zstd tool (CI installs it)", () => {
    const gz = readEventLogBytes([{ name: "g", bytes: new Uint8Array(gzipSync(log)) }]);
    expect(gz.ok && gz.result.counts.tasks).toBe(5);
    let z: Buffer;
    try {
      z = execFileSync("zstd", ["-c", "-q"], { input: log });
    } catch (e) {
      throw new Error(
        `the zstd command is needed for this test (apt-get install zstd): ${(e as Error).message}`,
      );
    }
    const o = readEventLogBytes([{ name: "z", bytes: new Uint8Array(z) }]);
    expect(o.ok && o.result.counts.tasks).toBe(5);
  });

  it("gives clear errors for an empty file, an image, and a bomb", () => {
    const empty = readEventLogBytes([{ name: "e", bytes: new Uint8Array(0) }]);
    expect(!empty.ok && empty.error.message).toMatch(/empty/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
    const img = readEventLogBytes([{ name: "i.png", bytes: png }]);
    expect(!img.ok && img.error.message).toMatch(/not a Spark event log/);
    const bomb = readFileSync(join(codecDir, "sample2x.jsonl.zstd"));
    const b = readEventLogBytes([{ name: "b", bytes: new Uint8Array(bomb) }], {
      maxDecompressedBytes: 50_000,
    });
    expect(!b.ok && b.error.message).toMatch(/exceeds the limit of 50000 bytes/);
  });

  it("skips lines over the line limit as they stream past, whatever the chunking, and reads on", () => {
    const limit = 1000;
    const event = '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}';
    const long = `{"Event":"SparkListenerEnvironmentUpdate","x":"${"y".repeat(5000)}"}`;
    const atLimit = `{"Event":"SparkListenerBlockManagerAdded","x":"${"z".repeat(limit - 50)}"}`;
    expect(atLimit.length).toBeLessThanOrEqual(limit);
    const text = enc.encode([event, long, atLimit, long, event, ""].join("\n"));
    for (const size of [1, 7, 600, 1200, text.length]) {
      const reader = createEventLogReader({ maxLineLength: limit, raiseHints: { maxLineLength: "use --x" } });
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      const o = reader.finish();
      expect(o.ok, `chunks of ${size}`).toBe(true);
      if (!o.ok) continue;
      expect(o.result.counts.events, `chunks of ${size}`).toBe(3);
      expect(o.result.counts.malformedLines).toBe(2);
      expect(o.result.warnings.map((w) => w.line)).toEqual([2, 4]);
      expect(o.result.warnings[0]!.message).toMatch(
        /longer than the line limit of 1000 bytes; skipped unread \(to read it, use --x\)$/,
      );
    }
  });

  it("names the line limit in the error when nothing else was read", () => {
    const o = readEventLogBytes([{ name: "z", bytes: new Uint8Array(5000) }], { maxLineLength: 1000 });
    expect(!o.ok && o.error.message).toMatch(
      /^not a Spark event log: .*\(1 line was longer than the line limit of 1000 bytes and skipped unread; to read it, raise maxLineLength\)$/,
    );
  });

  it("orders rolling, Databricks and legacy folders", () => {
    expect(
      orderEventLogFiles([
        "events_10_a",
        "appstatus_a",
        "events_2_a.zstd",
        "events_1_a.compact",
        "events_1_a",
      ]).read,
    ).toEqual(["events_1_a.compact", "events_2_a.zstd", "events_10_a"]);
    expect(
      orderEventLogFiles(["eventlog", "eventlog-2021-06-15--15-00.gz", "eventlog-2021-06-14--09-30.gz"]).read,
    ).toEqual(["eventlog-2021-06-14--09-30.gz", "eventlog-2021-06-15--15-00.gz", "eventlog"]);
    const legacy = orderEventLogFiles(["APPLICATION_COMPLETE", "SPARK_VERSION_1.2.0", "EVENT_LOG_1"]);
    expect(legacy).toMatchObject({ read: ["EVENT_LOG_1"], legacySparkVersion: "1.2.0" });
  });

  it("leaves documents beside a log out of it, but reads a lone file whatever its name", () => {
    const o = orderEventLogFiles(["app/local-1.lz4", "app/local-1.lz4.expected.json", "app/README.md"]);
    expect(o.read).toEqual(["app/local-1.lz4"]);
    expect([...o.skipped].sort()).toEqual(["app/README.md", "app/local-1.lz4.expected.json"]);
    expect(orderEventLogFiles(["app-123.json"]).read).toEqual(["app-123.json"]);
  });
});

describe("property: never throws", () => {
  it("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
        const o = readEventLogBytes([{ name: "r", bytes: b }]);
        expect(typeof o.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  it("random text lines and JSON-ish junk", () => {
    const junk = fc.array(fc.oneof(fc.string(), fc.json(), fc.constantFrom(...lines)), { maxLength: 30 });
    fc.assert(
      fc.property(junk, (ls) => {
        const o = readEventLogBytes([{ name: "j", bytes: enc.encode(ls.join("\n")) }]);
        const r = o.ok ? o.result : o.partial;
        expect(r.counts.events + r.counts.malformedLines + r.nonEventLines).toBeLessThanOrEqual(
          ls.join("\n").split("\n").length,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("truncated and bit-flipped compressed logs", () => {
    const inputs = [
      "sample.jsonl.lz4",
      "sample.jsonl.snappy",
      "sample.jsonl.lzf",
      "sample2x.jsonl.zstd",
      "sample2x.jsonl.gz",
      "sample.zip",
    ].map((n) => new Uint8Array(readFileSync(join(codecDir, n))));
    fc.assert(
      fc.property(
        fc.nat(inputs.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (k, cut, flip) => {
          const src = inputs[k]!;
          const b = src.slice(0, Math.floor(src.length * cut));
          if (b.length > 0 && flip % 3 === 0) b[flip % b.length] = b[flip % b.length]! ^ 0xff;
          const o = readEventLogBytes([{ name: "t", bytes: b }]);
          expect(typeof o.ok).toBe("boolean");
        },
      ),
      { numRuns: 300 },
    );
  });
});
