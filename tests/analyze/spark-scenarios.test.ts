/**
 * Real-Spark scenarios (fixtures/spark/<version>/explain/<scenario>.<mode>.aqe-<on|off>[.final].txt)
 * against hand-written expectations (fixtures/analyze/expected/<scenario>.json): the findings of
 * every explain mode (but codegen, which prints only codegen subtrees) must be exactly the expected rule ids on the expected operators (names in
 * every mode, and operator ids in formatted mode). `in` limits an expectation to the variants whose
 * text carries the evidence (`<version>/<mode>.<aqe-variant>` globs).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeResult } from "@/lib/analyze";
import { parseExplain } from "@/lib/parse/explain";

interface Expected {
  readonly ruleId: string;
  /** One regex (anchored) per node of the finding, in order. */
  readonly operators: readonly string[];
  /** Formatted mode: operator ids per AQE variant (`aqe-off`, `aqe-on`, `aqe-on.final`). */
  readonly formatted?: Readonly<Record<string, readonly number[]>>;
  readonly in?: readonly string[];
}

interface ScenarioFile {
  readonly scenario: string;
  readonly expected: readonly Expected[];
}

const ROOT = join(process.cwd(), "fixtures");
const EXPECTED = join(ROOT, "analyze/expected");
const scenarios: ScenarioFile[] = existsSync(EXPECTED)
  ? readdirSync(EXPECTED)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(EXPECTED, f), "utf8")) as ScenarioFile)
  : [];

const FILE = /^(\w+)\.(simple|extended|formatted|codegen|cost)\.(aqe-(?:on|off))(\.final)?\.txt$/;

interface Variant {
  readonly path: string;
  readonly version: string;
  readonly mode: string;
  readonly aqe: string;
}

function variants(scenario: string): Variant[] {
  const base = join(ROOT, "spark");
  if (!existsSync(base)) return [];
  const out: Variant[] = [];
  for (const version of readdirSync(base).sort()) {
    const dir = join(base, version, "explain");
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const m = FILE.exec(name);
      if (!m || m[1] !== scenario) continue;
      out.push({ path: join(dir, name), version, mode: m[2]!, aqe: `${m[3]}${m[4] ?? ""}` });
    }
  }
  return out;
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

function applies(e: Expected, v: Variant): boolean {
  const key = `${v.version}/${v.mode}.${v.aqe}`;
  return !e.in || e.in.some((p) => glob(p).test(key));
}

function expectedKeys(s: ScenarioFile, v: Variant): string[] {
  return s.expected
    .filter((e) => applies(e, v))
    .map((e) => {
      const ids = v.mode === "formatted" ? e.formatted?.[v.aqe] : undefined;
      if (v.mode === "formatted" && !ids)
        throw new Error(`${s.scenario}: no formatted ids for ${v.aqe} (${e.ruleId})`);
      return `${e.ruleId}: ${e.operators.map((o, i) => (ids ? `${o}#${ids[i]}` : o)).join(" ")}`;
    })
    .sort();
}

describe.each(scenarios)("$scenario", (s) => {
  const vs = variants(s.scenario);
  // The fixtures are committed with the repo: their absence is a failure, never a skip.
  it("has real-Spark fixtures", () => expect(vs.length).toBeGreaterThan(0));
  it.each(vs.map((v) => [`${v.version}/${v.mode}.${v.aqe}`, v] as const))("%s", (_key, v) => {
    const out = parseExplain(readFileSync(v.path, "utf8"));
    if (!out.ok) throw new Error(out.error.message);
    const nodes = new Map(out.result.plans.flatMap((p) => p.nodes).map((n) => [n.id, n]));
    const findings = analyzeResult(out.result);
    for (const f of findings) expect(f.evidence.length, f.title).toBeGreaterThan(0);
    if (v.mode === "codegen") {
      // Codegen mode prints only the whole-stage-codegen subtrees (none at all before AQE runs), not
      // the plan: exchanges and non-codegen operators are missing. Only check nothing unexpected fires.
      const allowed = new Set(s.expected.map((e) => e.ruleId));
      expect(findings.filter((f) => !allowed.has(f.ruleId)).map((f) => f.title)).toEqual([]);
      return;
    }
    const want = expectedKeys(s, v);
    // Match each actual finding against the expectation patterns (operator names are regexes).
    const got = findings.map((f) => {
      const ns = f.nodeIds.map((id) => nodes.get(id)!);
      const candidates = s.expected.filter(
        (e) =>
          e.ruleId === f.ruleId &&
          e.operators.length === ns.length &&
          e.operators.every((o, i) => new RegExp(`^(?:${o})$`).test(ns[i]!.name)) &&
          (v.mode !== "formatted" || e.formatted?.[v.aqe]?.every((id, i) => ns[i]!.operatorId === id)),
      );
      const e = candidates[0];
      const ids = v.mode === "formatted" ? e?.formatted?.[v.aqe] : undefined;
      return e
        ? `${e.ruleId}: ${e.operators.map((o, i) => (ids ? `${o}#${ids[i]}` : o)).join(" ")}`
        : `${f.ruleId}: ${ns.map((n) => (v.mode === "formatted" ? `${n.name}#${n.operatorId}` : n.name)).join(" ")} (unexpected: ${f.title})`;
    });
    expect(got.sort()).toEqual(want);
  });
});

// The breadth scenarios (fixtures/spark/<version>/explain-operators, scripts/spark/operators.py):
// every variant analyses without throwing, each finding names nodes of its plan, shows evidence and
// a fix; and the rules that exist for these operators fire on them.
const operatorFiles = (() => {
  const base = join(ROOT, "spark");
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .sort()
    .flatMap((version) => {
      const dir = join(base, version, "explain-operators");
      return existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith(".txt"))
            .sort()
            .map((f) => `${version}/explain-operators/${f}`)
        : [];
    });
})();

const OPERATOR_RULES: Record<string, string> = {
  nested_loop_join: "cartesian: BroadcastNestedLoopJoin",
  json_rdd_cross: "cartesian: BroadcastNestedLoopJoin",
  map_in_pandas: "python-udf: MapInPandas",
  apply_in_pandas: "python-udf: FlatMapGroupsInPandas",
  cogroup_in_pandas: "python-udf: FlatMapCoGroupsInPandas",
};

describe("breadth scenarios (explain-operators)", () => {
  it("exist", () => expect(operatorFiles.length).toBeGreaterThan(400));
  it.each(operatorFiles)("%s", (file) => {
    const out = parseExplain(readFileSync(join(ROOT, "spark", file), "utf8"));
    if (!out.ok) throw new Error(out.error.message);
    const nodes = new Map(out.result.plans.flatMap((p) => p.nodes).map((n) => [n.id, n]));
    const findings = analyzeResult(out.result);
    for (const f of findings) {
      expect(f.evidence.length, f.title).toBeGreaterThan(0);
      expect(f.fix.length, f.title).toBeGreaterThan(0);
      for (const id of f.nodeIds) expect(nodes.has(id), `${f.title}: ${id}`).toBe(true);
    }
    const want = OPERATOR_RULES[file.split("/").pop()!.split(".")[0]!];
    if (want !== undefined) {
      const got = findings.map((f) => `${f.ruleId}: ${f.nodeIds.map((id) => nodes.get(id)!.name).join(" ")}`);
      expect(got).toContain(want);
    }
  });
});
