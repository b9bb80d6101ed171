/**
 * Memory stays bounded whatever the input: the CLI, as a child process, reads decompression bombs
 * in every codec (each decodes to 1 GiB), a 1 GiB line, a 50 MB one-line text and 100,000-wide /
 * 3,000-deep plans under 1 GB resident, and ends with a message naming the limit it hit and how
 * to raise it. Peak RSS comes from the child itself (getrusage, tests/memory/report-rss.mjs).
 * Inputs are made in a temp folder on the fly (tests/memory/bombs.ts) and removed after.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  deepPlan,
  GIB,
  gzipBomb,
  longLine,
  lz4Bomb,
  lzfBomb,
  MIB,
  oneLineText,
  snappyBomb,
  widePlan,
  zipBomb,
  zstdBomb,
} from "./bombs";

const ROOT = resolve(__dirname, "../..");
const LIMIT_KB = 1024 * 1024; // 1 GiB
const dir = mkdtempSync(join(tmpdir(), "plansight-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in a fresh Node process; its exit status, output and peak RSS in KiB. */
function cli(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--import", "./tests/memory/report-rss.mjs", "bin/plansight.ts", ...args],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * MIB, timeout: 240_000 },
  );
  const m = /PLANSIGHT_MAX_RSS_KB (\d+)/.exec(r.stderr);
  if (!m)
    throw new Error(`no RSS report (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(0, 2000)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, rssKb: Number(m[1]) };
}

const bombs: [string, (d: string) => string][] = [
  ["gzip", (d) => gzipBomb(d)],
  ["zip", zipBomb],
  ["zstd", zstdBomb],
  ["lz4", lz4Bomb],
  ["snappy", snappyBomb],
  ["lzf", lzfBomb],
  ["a 1 GiB line (gzip)", (d) => gzipBomb(d, 0x78, "line.gz")],
  ["a 256 MiB line (plain)", (d) => longLine(d, 256 * MIB)],
];

describe("event-log bombs: under 1 GB resident, a message naming the limit", () => {
  for (const [name, make] of bombs) {
    it(name, { timeout: 240_000 }, () => {
      const file = make(dir);
      const r = cli(["eventlog", "--json", file]);
      rmSync(file);
      expect(r.rssKb, `peak RSS ${Math.round(r.rssKb / 1024)} MiB`).toBeLessThan(LIMIT_KB);
      expect(r.status).toBe(2);
      const body = JSON.parse(r.stdout) as { ok: boolean; error: string; files: { decodedBytes: number }[] };
      expect(body.ok).toBe(false);
      // Every byte went through the decoder (nothing stopped early), and the line limit was named.
      expect(body.files[0]!.decodedBytes).toBeGreaterThanOrEqual(name.includes("256 MiB") ? 256 * MIB : GIB);
      expect(body.error).toMatch(/line limit of 64 MiB .*--max-line-bytes/);
      expect(r.stderr).toContain(`${file}: not a Spark event log`);
    });
  }

  it("the decompressed-size limit: named, with the flag that raises it", { timeout: 240_000 }, () => {
    const file = zstdBomb(dir);
    const r = cli(["analyze", "--json", "--max-bytes", String(100 * MIB), file]);
    rmSync(file);
    expect(r.rssKb).toBeLessThan(LIMIT_KB);
    expect(r.status).toBe(2);
    expect((JSON.parse(r.stdout) as { error: string }).error).toMatch(
      /limit of 100 MiB \(104857600 bytes\).*--max-bytes N/,
    );
  });
});

describe("explain text of absurd shape: under 1 GB resident", () => {
  const cases: [string, () => string, RegExp][] = [
    ["a 100,000-wide plan", () => widePlan(dir, 100_000), /: 100001 operators, 100000 edges/],
    ["a 3,000-deep plan", () => deepPlan(dir, 3000), /: 3000 operators, 2999 edges/],
    ["a 50 MB one-line text", () => oneLineText(dir, 50 * MIB), /: 1 operators, 0 edges/],
  ];
  for (const [name, make, expected] of cases) {
    it(name, { timeout: 240_000 }, () => {
      const file = make();
      for (const command of ["parse", "analyze"]) {
        const r = cli([command, file]);
        expect(r.rssKb, `${command}: peak RSS ${Math.round(r.rssKb / 1024)} MiB`).toBeLessThan(LIMIT_KB);
        expect(r.status, `${command}: ${r.stderr.slice(0, 500)}`).toBe(0);
        if (command === "parse") expect(r.stdout).toMatch(expected);
      }
      rmSync(file);
    });
  }
});
