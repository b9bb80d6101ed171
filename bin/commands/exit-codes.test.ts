/**
 * One exit-code convention for every command (README, "Exit status"): 0 something was read, 2 the
 * input holds nothing we can read (`FILE: message` on stderr, `{ ok: false, error }` under --json),
 * 1 our own failure. Inputs are made here; what each one is, is known by construction.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { EventLogOutcome } from "@/lib/parse/eventlog";
import { analyzeCommand } from "./analyze";
import { eventlogCommand } from "./eventlog";
import { type CliIo, eventLogStatus, exitCode } from "./io";
import { parseCommand } from "./parse";
import { renderCommand } from "./render";

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

async function cli(cmd: Command, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await cmd(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "plansight-exit-"));
const file = (name: string, bytes: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const plan = file("plan.txt", "== Physical Plan ==\nProject [a#1]\n+- LocalTableScan [a#1]\n");
const eventLog = file(
  "app.log",
  `${[
    '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}',
    '{"Event":"SparkListenerApplicationStart","App Name":"a","App ID":"app-1","Timestamp":1,"User":"u"}',
  ].join("\n")}\n`,
);
const unreadable: Record<string, string> = {
  text: file("notes.txt", "hello\nworld\n"),
  empty: file("empty.txt", ""),
  image: file("image.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
  "gzip bomb": file("bomb.gz", new Uint8Array(gzipSync(new Uint8Array(4 << 20)))),
  missing: join(dir, "no-such-file"),
};
const emptyFolder = join(dir, "empty-folder");
mkdirSync(emptyFolder);

const commands: [string, Command, boolean][] = [
  ["parse", parseCommand, true],
  ["analyze", analyzeCommand, true],
  ["eventlog", eventlogCommand, true],
  ["render", renderCommand, false],
];

describe("exit status: 2 when the input holds nothing we can read", () => {
  for (const [name, cmd, hasJson] of commands) {
    for (const [kind, path] of Object.entries(unreadable)) {
      it(`${name}: ${kind}`, async () => {
        const r = await cli(cmd, hasJson ? ["--json", path] : [path]);
        expect(r.code).toBe(2);
        expect(r.stderr.startsWith(`${path}:`)).toBe(true);
        if (hasJson) {
          const body = JSON.parse(r.stdout) as { ok: boolean; error: string };
          expect(body.ok).toBe(false);
          expect(body.error.length).toBeGreaterThan(0);
        } else expect(r.stdout).toBe("");
      });
    }
  }
  it("eventlog: a folder with no log files", async () => {
    const r = await cli(eventlogCommand, ["--json", emptyFolder]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
  });
  it("several inputs: JSON Lines, one body per file, 2 when one is unreadable", async () => {
    const r = await cli(parseCommand, ["--json", plan, unreadable.text!]);
    expect(r.code).toBe(2);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string; ok?: boolean; nodes: unknown[] });
    expect(lines.map((l) => [l.file, l.ok ?? true, l.nodes.length])).toEqual([
      [plan, true, 2],
      [unreadable.text, false, 0],
    ]);
  });
  it("usage errors are 2 as well", async () => {
    for (const [, cmd] of commands) expect((await cli(cmd, [])).code).toBe(2);
  });
});

describe("exit status: 0 when something was read", () => {
  it("parse, analyze, render read the plan", async () => {
    expect((await cli(parseCommand, ["--json", plan])).code).toBe(0);
    expect((await cli(analyzeCommand, ["--json", plan])).code).toBe(0);
    expect((await cli(renderCommand, [plan])).code).toBe(0);
  });
  it("eventlog reads a log, also when a limit stops it after some events (ok: false, partial kept)", async () => {
    expect((await cli(eventlogCommand, ["--json", eventLog])).code).toBe(0);
    // 3 MiB of events, read in 1 MiB chunks, against a 1.5 MiB cap: the second chunk stops it.
    const event = '{"Event":"SparkListenerTaskStart","Stage ID":0,"Stage Attempt ID":0}';
    const n = Math.ceil((3 << 20) / (event.length + 1));
    const big = file("big.log", `${Array(n).fill(event).join("\n")}\n`);
    const cut = await cli(eventlogCommand, ["--json", "--max-bytes", String(1.5 * (1 << 20)), big]);
    expect(cut.code).toBe(0);
    const body = JSON.parse(cut.stdout) as { ok: boolean; error: string; counts: { events: number } };
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/limit of 1.5 MiB \(1572864 bytes\).*--max-bytes N/);
    expect(body.counts.events).toBeGreaterThan(0);
    expect(body.counts.events).toBeLessThan(n);
  });
});

describe("exit status: 1 only for our own failures", () => {
  const outcome = (message: string, events: number): EventLogOutcome => ({
    ok: false,
    error: { message, file: null },
    partial: {
      counts: { events, sqlExecutions: 0, jobs: 0, stages: 0, tasks: 0, malformedLines: 0 },
      applications: [],
      files: [],
      warnings: [],
      unknownEvents: 0,
      nonEventLines: 0,
    },
  });
  it("an internal error caught by the reader is ours, with or without events", () => {
    expect(eventLogStatus(outcome("a.log: internal error: x is undefined", 0))).toBe("internal");
    expect(eventLogStatus(outcome("internal error: x is undefined", 3))).toBe("internal");
    expect(eventLogStatus(outcome("not a Spark event log", 0))).toBe("unreadable");
    expect(eventLogStatus(outcome("zstd: bad checksum", 3))).toBe("read");
  });
  it("the worst input decides: internal over unreadable over read", () => {
    expect(exitCode([])).toBe(0);
    expect(exitCode(["read", "read"])).toBe(0);
    expect(exitCode(["read", "unreadable"])).toBe(2);
    expect(exitCode(["unreadable", "internal", "read"])).toBe(1);
  });
});
