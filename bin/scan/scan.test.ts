/**
 * `plansight scan` over real pyspark event logs: one row per application found (application ids
 * from the fixtures' file names, execution and job counts from Spark's REST answers recorded at
 * generation time), CSV quoting, and resuming an interrupted scan.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type AppRow, CSV_COLUMNS, csvFirstField, csvLine } from "@/lib/assist/app-row";
import { discoverApplications } from "./discover";
import { errorRows } from "./pool";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const LOGS = (v: string) => join(ROOT, "fixtures", "spark", v, "eventlogs");

/** App folders of a fixture set and their logs, from the names on disk. */
function fixtureLogs(v: string): { app: string; log: string; expected: string }[] {
  return readdirSync(LOGS(v), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const names = readdirSync(join(LOGS(v), d.name));
      const log = names.find((n) => !n.endsWith(".json"))!;
      return {
        app: d.name,
        log: join(LOGS(v), d.name, log),
        expected: join(LOGS(v), d.name, `${log}.expected.json`),
      };
    });
}

function scan(args: string[]) {
  return run(
    join(ROOT, "node_modules", ".bin", "tsx"),
    [join(ROOT, "bin", "plansight.ts"), "scan", ...args],
    {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    },
  );
}

describe("discoverApplications", () => {
  it("finds every fixture application once: files and rolling folders, not their JSON next to them", () => {
    for (const v of ["3.5.9", "4.3.0"]) {
      const want = fixtureLogs(v)
        .map((f) => f.log)
        .sort();
      expect(discoverApplications(LOGS(v)).sort()).toEqual(want);
    }
  });
});

describe("plansight scan", () => {
  it("one row per application with Spark's own counts; resumes where an interrupted scan stopped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plansight-scan-"));
    const picked = fixtureLogs("4.3.0").filter((f) =>
      ["codec_zstd", "spill_sort", "rolling"].includes(f.app),
    );
    for (const f of picked)
      cpSync(f.log, join(dir, "logs", f.log.slice(f.log.lastIndexOf("/") + 1)), { recursive: true });
    const out = join(dir, "scan.jsonl");
    const first = await scan(["--jobs", "2", "--out", out, join(dir, "logs")]);
    expect(first.stderr).toMatch(/scan: 3\/3 applications/);
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as AppRow);
    expect(rows).toHaveLength(3);
    for (const f of picked) {
      const want = JSON.parse(readFileSync(f.expected, "utf8"));
      const row = rows.find((r) => r.appId === want.app_id);
      expect(row?.executions, f.app).toBe(want.summary.sql_executions);
      expect(row?.error).toBeNull();
      expect(row?.hotOperator?.ms).toBeGreaterThan(0);
    }
    // spill_sort spills (Spark reported memoryBytesSpilled > 0): its top finding says so.
    const spill = rows.find((r) => r.name === "plansight-spill_sort")!;
    expect(spill.topFindings.some((t) => / spill: /.test(t))).toBe(true);

    // Interrupted: the last row is lost (and a cut line left behind). The rerun reads only that one.
    const lines = readFileSync(out, "utf8").trim().split("\n");
    writeFileSync(out, `${lines.slice(0, 2).join("\n")}\n{"source":"cut`);
    const again = await scan(["--jobs", "2", "--out", out, join(dir, "logs")]);
    expect(again.stderr).toMatch(/scan: 1\/1 applications \(2 already in/);
    const after = readFileSync(out, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("{") && l.endsWith("}"));
    expect(after.map((l) => (JSON.parse(l) as AppRow).appId).sort()).toEqual(rows.map((r) => r.appId).sort());
  });

  it("CSV: a header, and fields with commas and quotes kept whole", async () => {
    const { stdout } = await scan([
      "--format",
      "csv",
      "--jobs",
      "1",
      fixtureLogs("4.3.0").find((f) => f.app === "codec_none")!.log,
    ]);
    const [header, line] = stdout.trim().split("\n");
    expect(header).toBe(CSV_COLUMNS.join(","));
    expect(line).toContain("plansight-codec_none");
    const tricky = csvLine(errorRows('a "quoted", path', "x")[0]!);
    expect(tricky.startsWith('"a ""quoted"", path",')).toBe(true);
    expect(csvFirstField(tricky)).toBe('a "quoted", path');
  });
});
