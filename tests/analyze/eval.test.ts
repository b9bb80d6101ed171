/**
 * The evaluation set: real-pyspark scenarios (scripts/spark/gen_eval.py → fixtures/spark/<version>/
 * eval/, plus the skew and spill apps of fixtures/spark/<version>/eventlogs/) and, written by hand
 * from what each query does, the findings each must produce (`must`) and must not (`mustNot`, the
 * false-positive mode it is there for) — fixtures/analyze/eval/<scenario>.json.
 *
 * Every finding of an evaluated rule counts: one that matches an expectation is a true positive, an
 * expectation nothing matched a false negative, anything else a false positive. Precision and
 * recall are reported per rule and must be 1.0.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeResult } from "@/lib/analyze";
import { FALSE_POSITIVE_MODES } from "@/lib/analyze/config";
import { analyzeApplication } from "@/lib/analyze/eventlog";
import { RULES as REGISTRY } from "@/lib/analyze/registry";
import type { Finding } from "@/lib/analyze/types";
import { readEventLogPath } from "@/lib/parse/eventlog/node";
import { parseExplain } from "@/lib/parse/explain";
import type { PlanNode } from "@/lib/plan/types";
import { CORPUS, hasCorpus } from "../corpus/corpus";

/** The rules the set measures. */
const RULES = ["missed-pushdown", "broadcast", "shuffle", "skew", "spill"] as const;
type Source = "formatted" | "extended" | "eventlog";

interface Expectation {
  readonly ruleId: string;
  readonly severity?: string;
  /** Regex (anchored) on the name of the finding's first node. */
  readonly main?: string;
  /** The table the finding's second node (the scan under its filter) reads: whose filter it blames. */
  readonly table?: string;
  /** Substring of the finding's `cause` (or title when it has none). */
  readonly cause?: string;
  /** How many findings match (default 1). */
  readonly count?: number;
  /** Sources it applies to (default all the scenario has). */
  readonly in?: readonly Source[];
  readonly why?: string;
}

interface EvalFile {
  readonly scenario: string;
  /** `eval` (gen_eval.py: explain files + its event log) or `eventlogs/<app>` (one app's log). */
  readonly source: string;
  /** `eventlogs/<app>`: the SQL execution the query ran as (the others are temp views). */
  readonly execution?: number;
  readonly truth: string;
  readonly must: readonly Expectation[];
  readonly mustNot: readonly Expectation[];
}

const ROOT = join(process.cwd(), "fixtures");
const VERSIONS = ["3.5.9", "4.3.0"];
const files: EvalFile[] = readdirSync(join(ROOT, "analyze/eval"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(ROOT, "analyze/eval", f), "utf8")) as EvalFile);

interface Item {
  readonly key: string;
  readonly source: Source;
  readonly findings: readonly Finding[];
  readonly nodes: ReadonlyMap<string, PlanNode>;
}

function explainItem(version: string, scenario: string, mode: "formatted" | "extended"): Item {
  const path = join(ROOT, "spark", version, "eval", `${scenario}.${mode}.txt`);
  const out = parseExplain(readFileSync(path, "utf8"));
  if (!out.ok) throw new Error(`${path}: ${out.error.message}`);
  return {
    key: `${version}/${scenario}.${mode}`,
    source: mode,
    findings: analyzeResult(out.result),
    nodes: new Map(out.result.plans.flatMap((p) => p.nodes).map((n) => [n.id, n])),
  };
}

const logs = new Map<string, Awaited<ReturnType<typeof readLog>>>();
async function readLog(dir: string) {
  const names = readdirSync(dir).filter((f) => !f.endsWith(".json"));
  if (names.length !== 1) throw new Error(`${dir}: expected one event log, found ${names.join(", ")}`);
  const r = await readEventLogPath(join(dir, names[0]!));
  if (!r.ok) throw new Error(`${dir}: ${r.error.message}`);
  const app = r.result.applications[0]!;
  return { app, executions: analyzeApplication(app) };
}

/** The scenario's SQL executions (by job description in the eval app; every one in a single app). */
async function eventlogItems(version: string, f: EvalFile): Promise<Item[]> {
  const dir =
    f.source === "eval"
      ? join(ROOT, "spark", version, "eval/eventlog")
      : join(ROOT, "spark", version, f.source);
  if (!logs.has(dir)) logs.set(dir, await readLog(dir));
  const { app, executions } = logs.get(dir)!;
  const mine = executions.filter((e) =>
    f.source === "eval" ? e.description === f.scenario : e.executionId === f.execution,
  );
  if (mine.length === 0) throw new Error(`${dir}: no SQL execution described ${f.scenario}`);
  return mine.map((e) => {
    const plan = app.sqlExecutions.find((x) => x.executionId === e.executionId)!.plan!.plan;
    return {
      key: `${version}/${f.scenario}.eventlog#${e.executionId}`,
      source: "eventlog" as const,
      findings: e.findings,
      nodes: new Map(plan.nodes.map((n) => [n.id, n])),
    };
  });
}

function matches(e: Expectation, f: Finding, nodes: ReadonlyMap<string, PlanNode>): boolean {
  if (e.ruleId !== f.ruleId) return false;
  if (e.severity && e.severity !== f.severity) return false;
  const main = nodes.get(f.nodeIds[0] ?? "");
  if (e.main && !(main && new RegExp(`^(?:${e.main})$`).test(main.name))) return false;
  if (e.cause && !(f.cause ?? f.title).includes(e.cause)) return false;
  const scan = nodes.get(f.nodeIds[1] ?? "");
  if (e.table && !(scan && new RegExp(`\\.${e.table}\\b`).test(`${scan.name} ${scan.args}`))) return false;
  return true;
}

const applies = (e: Expectation, s: Source) => !e.in || e.in.includes(s);

interface Score {
  tp: number;
  fp: number;
  fn: number;
}
const scores = new Map<string, Score>(RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));

/** Scores one item; returns what went wrong, readable. */
function score(f: EvalFile, item: Item): string[] {
  const problems: string[] = [];
  const left = item.findings.filter((x) => (RULES as readonly string[]).includes(x.ruleId));
  for (const e of f.must.filter((x) => applies(x, item.source))) {
    const want = e.count ?? 1;
    let got = 0;
    for (let i = 0; i < left.length && got < want; ) {
      if (matches(e, left[i]!, item.nodes)) {
        left.splice(i, 1);
        got++;
      } else i++;
    }
    const s = scores.get(e.ruleId)!;
    s.tp += got;
    s.fn += want - got;
    if (got < want) problems.push(`missing ${want - got} of ${JSON.stringify(e)}`);
  }
  // Rules outside the measured set are held to their must-nots too (no precision table for them).
  for (const x of item.findings) {
    if ((RULES as readonly string[]).includes(x.ruleId)) continue;
    const hit = f.mustNot.find(
      (e) => e.ruleId === x.ruleId && applies(e, item.source) && matches(e, x, item.nodes),
    );
    if (hit) problems.push(`${x.ruleId} must not fire: ${x.title} (${hit.why})`);
  }
  for (const x of left) {
    scores.get(x.ruleId)!.fp++;
    const hit = f.mustNot.find((e) => applies(e, item.source) && matches(e, x, item.nodes));
    problems.push(`unexpected ${x.severity} ${x.ruleId}: ${x.title}${hit ? ` (must not: ${hit.why})` : ""}`);
  }
  return problems;
}

describe.each(VERSIONS)("evaluation set, Spark %s", (version) => {
  it.each(files.map((f) => [f.scenario, f] as const))("%s", async (_name, f) => {
    const items: Item[] = [];
    if (f.source === "eval") {
      items.push(explainItem(version, f.scenario, "formatted"), explainItem(version, f.scenario, "extended"));
    }
    items.push(...(await eventlogItems(version, f)));
    const problems = items.flatMap((item) => score(f, item).map((p) => `${item.key}: ${p}`));
    expect(problems).toEqual([]);
  });
});

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
const table = () =>
  [...scores].map(([rule, s]) => ({
    rule,
    tp: s.tp,
    fp: s.fp,
    fn: s.fn,
    precision: ratio(s.tp, s.tp + s.fp),
    recall: ratio(s.tp, s.tp + s.fn),
  }));

afterAll(() => {
  console.log("evaluation set: precision and recall per rule");
  console.table(
    table().map((r) => ({ ...r, precision: r.precision.toFixed(3), recall: r.recall.toFixed(3) })),
  );
});

describe("evaluation set, per rule", () => {
  // Runs after the scenarios above (vitest runs a file's tests in order). A rule nothing
  // exercised has no precision (NaN) and fails, so a filtered run cannot pass vacuously.
  it("precision and recall are 1.0 for every rule", () => {
    for (const r of table()) expect([r.rule, r.precision, r.recall]).toEqual([r.rule, 1, 1]);
  });
  it("tests every false-positive mode written next to the thresholds with a must-not", () => {
    for (const [rule, modes] of Object.entries(FALSE_POSITIVE_MODES)) {
      for (const m of modes) {
        if (m.set === "corpus") {
          // A real plan of the corpus (required under CI, see tests/corpus/corpus.ts).
          if (!hasCorpus) continue;
          const out = parseExplain(readFileSync(join(CORPUS, "explain", m.scenario), "utf8"));
          expect(out.ok, `${rule}: ${m.scenario}`).toBe(true);
          if (!out.ok) continue;
          const fired = analyzeResult(out.result).filter((x) => x.ruleId === rule);
          expect(
            fired.map((x) => x.title),
            `${rule}: ${m.mode}`,
          ).toEqual([]);
          continue;
        }
        if (m.set === "explain") {
          // tests/analyze/spark-scenarios.test.ts requires exactly the listed findings: unlisted = must not fire.
          const path = join(ROOT, "analyze/expected", `${m.scenario}.json`);
          expect(existsSync(path), `${rule}: ${m.mode}: no ${path}`).toBe(true);
          const listed = (JSON.parse(readFileSync(path, "utf8")) as { expected: { ruleId: string }[] })
            .expected;
          expect(
            listed.some((e) => e.ruleId === rule),
            `${rule}: ${m.mode}`,
          ).toBe(false);
          continue;
        }
        const f = files.find((x) => x.scenario === m.scenario);
        expect(f, `${rule}: ${m.mode}: no scenario ${m.scenario}`).toBeDefined();
        expect(
          f!.mustNot.some((e) => e.ruleId === rule),
          `${rule}: ${m.mode}`,
        ).toBe(true);
      }
    }
    // Every rule of the registry, not only the measured ones, writes down how it could be wrong.
    for (const r of REGISTRY.map((x) => x.id))
      expect(FALSE_POSITIVE_MODES[r]?.length ?? 0, r).toBeGreaterThan(0);
  });
  it("has expectations for every measured rule, positive and negative", () => {
    for (const r of RULES) {
      expect(
        files.some((f) => f.must.some((e) => e.ruleId === r)),
        `${r} must`,
      ).toBe(true);
      expect(
        files.some((f) => f.mustNot.some((e) => e.ruleId === r)),
        `${r} must not`,
      ).toBe(true);
    }
    expect(existsSync(join(ROOT, "spark/4.3.0/eval/MANIFEST.json"))).toBe(true);
  });
});
