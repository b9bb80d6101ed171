import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redactCommand } from "./redact";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "redact-"));
const plan = join(dir, "plan.txt");
writeFileSync(
  plan,
  [
    "== Physical Plan ==",
    "*(1) Filter (isnotnull(salary#1) AND (salary#1 > 123456))",
    "+- FileScan parquet payroll.salaries[salary#1] Batched: true, DataFilters: [], Format: Parquet, Location: InMemoryFileIndex(1 paths)[s3a://acme-hr/payroll/salaries], PartitionFilters: [], PushedFilters: [GreaterThan(salary,123456)], ReadSchema: struct<salary:int>",
    "",
  ].join("\n"),
);

describe("plansight redact", () => {
  it("redacts all three kinds when no option is given", async () => {
    const t = io();
    expect(await redactCommand([plan], t.io)).toBe(0);
    const text = t.out.join("");
    for (const secret of ["salary", "payroll", "salaries", "acme-hr", "123456"])
      expect(text).not.toContain(secret);
    expect(text).toContain("FileScan parquet db_1.table_1[col_1#1]");
    expect(text).toContain("s3a://host_1/path_1");
    expect(text).toContain("(col_1#1 > num_1)");
    expect(text.split("\n")).toHaveLength(4); // same lines, nothing added
    expect(t.err).toEqual([]);
  });

  it("redacts only what is asked for", async () => {
    const t = io();
    expect(await redactCommand(["--literals", plan], t.io)).toBe(0);
    const text = t.out.join("");
    expect(text).toContain("(salary#1 > num_1)");
    expect(text).toContain("s3a://acme-hr/payroll/salaries");
    const u = io();
    expect(await redactCommand(["--names", "--locations", plan], u.io)).toBe(0);
    expect(u.out.join("")).toContain("(col_1#1 > 123456)");
    expect(u.out.join("")).not.toContain("acme-hr");
  });

  it("heads each of several files, writes the map, and exits 2 for a file without a plan", async () => {
    const notPlan = join(dir, "notes.txt");
    writeFileSync(notPlan, "just some words\n");
    const mapFile = join(dir, "map.json");
    const t = io();
    expect(await redactCommand([plan, notPlan, plan, "--map", mapFile], t.io)).toBe(2);
    const text = t.out.join("");
    expect(text.match(/^==> .* <==$/gm)).toEqual([`==> ${plan} <==`, `==> ${plan} <==`]);
    expect(t.err.join("")).toMatch(
      new RegExp(`^${notPlan.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: No Spark plan`),
    );
    const map = JSON.parse(readFileSync(mapFile, "utf8"));
    expect(map.files).toHaveLength(2);
    expect(map.files[0].replacements).toContainEqual({ kind: "table", from: "salaries", to: "table_1" });
    expect(map.files[0].replacements).toContainEqual({ kind: "literal", from: "123456", to: "num_1" });
    expect(statSync(mapFile).mode & 0o077).toBe(0); // the author's eyes only
  });

  it("rejects unknown options and a missing FILE", async () => {
    const t = io();
    expect(await redactCommand(["--everything", plan], t.io)).toBe(2);
    expect(t.err.join("")).toContain("unknown option --everything");
    expect(await redactCommand([], io().io)).toBe(2);
  });
});

describe("plansight redact, as run from a shell", () => {
  it("is a registered command: prints to stdout, exits 2 with FILE: message on stderr", () => {
    const ok = spawnSync("npx", ["tsx", "bin/plansight.ts", "redact", plan], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("FileScan parquet db_1.table_1[col_1#1]");
    const bad = spawnSync("npx", ["tsx", "bin/plansight.ts", "redact", "package.json"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^package\.json: /);
  }, 60_000);
});
