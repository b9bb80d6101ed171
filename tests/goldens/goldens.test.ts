import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommand } from "@/bin/commands/parse";
import { renderCommand } from "@/bin/commands/render";
import { isWarningCode } from "@/lib/plan/warnings";
import { expectGolden } from "./golden";

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

/** `name.warn-cut-tree.txt` → ["cut-tree"]: a fixture may warn only when its name says so. */
function warningsNamed(file: string): string[] {
  return [...file.matchAll(/\.warn-([a-z-]+?)(?=\.)/g)].map((m) => m[1]!);
}

const EXPLAIN = "fixtures/explain";
const inputs = readdirSync(EXPLAIN).filter((f) => f.endsWith(".txt") && !f.includes(".actual."));

describe("golden: plansight parse --json of every fixtures/explain input", () => {
  it("has inputs", () => expect(inputs.length).toBeGreaterThanOrEqual(6));
  it.each(inputs)("%s", async (file) => {
    const t = captured();
    const code = await parseCommand(["--json", join(EXPLAIN, file)], t.io);
    expect(code).toBe(0);
    const json = t.out.join("");
    const warnings = (JSON.parse(json) as { warnings: { code: string }[] }).warnings.map((w) => w.code);
    const named = warningsNamed(file);
    for (const c of named) expect(isWarningCode(c), `${file}: unknown warning code ${c}`).toBe(true);
    expect([...new Set(warnings)].sort()).toEqual([...named].sort());
    // Stored pretty-printed so a change reads as a line diff; the data is exactly what the CLI printed.
    expectGolden(
      join(EXPLAIN, file.replace(/\.txt$/, ".parse.json")),
      `${JSON.stringify(JSON.parse(json), null, 2)}\n`,
    );
  });
});

const SAMPLES = "public/samples";
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith(".txt"));

describe("golden: plansight render of every public/samples plan", () => {
  it("has samples", () => expect(samples.length).toBeGreaterThanOrEqual(3));
  it.each(samples)("%s", async (file) => {
    const t = captured();
    const code = await renderCommand([join(SAMPLES, file)], t.io);
    expect(code).toBe(0);
    expectGolden(join(SAMPLES, file.replace(/\.txt$/, ".svg")), t.out.join(""));
  });
});
