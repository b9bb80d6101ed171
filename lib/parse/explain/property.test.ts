/**
 * Property tests: any text in → a result or an error, never a throw or a hang; and a real plan
 * with its end cut off or a line deleted still yields what could be read plus a warning naming a line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";
import { parseExplain } from "./index";

const PLANISH = [
  "== Physical Plan ==",
  "== Parsed Logical Plan ==",
  "== Analyzed Logical Plan ==",
  "+- ",
  ":- ",
  ":  ",
  "   ",
  "*(1) ",
  "* ",
  "^ ",
  "(1) ",
  " (2)",
  "Subquery:1 Hosting operator id = 1 Hosting Expression = x",
  "== Final Plan ==",
  "===== Subqueries =====",
  "Found 2 WholeStageCodegen subtrees.",
  "== Subtree 1 / 2 ==",
  "Generated code:",
  "[codegen id : 3]",
  "[Reuses operator id: 2]",
  "Exchange",
  "Filter",
  "ReusedExchange [a#1], Exchange x, [plan_id=3]",
  "\n",
  "\r\n",
  "\t",
  "(",
  "[",
  // Shells and printed values: prompts, Python's repr (escapes, quotes), Scala's values, cuts.
  "scala> ",
  ">>> ",
  "[Row(plan='",
  "'== Physical Plan ==\\n",
  'plan="',
  "'",
  "')]",
  "Array([",
  "\\n",
  "\\'",
  "\\UFFFFFFFF",
  "\\x4",
  "+-...",
  "| ",
];

const planish = fc
  .array(fc.oneof(fc.constantFrom(...PLANISH), fc.string({ maxLength: 12 })), { maxLength: 60 })
  .map((parts) => parts.join(""));

describe("parseExplain never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const out = parseExplain(s);
        expect(typeof out.ok).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });
  it("on text made of plan fragments; every edge joins two of its nodes", () => {
    fc.assert(
      fc.property(planish, (s) => {
        const out = parseExplain(s);
        if (!out.ok) {
          expect(out.error.line).toBeGreaterThanOrEqual(1);
          return;
        }
        for (const p of out.result.plans) {
          const ids = new Set(p.nodes.map((n) => n.id));
          for (const e of p.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
          for (const n of p.nodes) expect(n.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

const formatted = hasCorpus ? corpusFiles("explain", (n) => n.endsWith(".explain.txt")).slice(0, 400) : [];

describe.skipIf(!hasCorpus)("corpus plans cut short or with a line deleted", () => {
  const texts = formatted.map((f) => readFileSync(join(CORPUS, f), "utf8").split("\n"));
  const lastDetailHeader = (lines: string[]) => {
    let k = -1;
    lines.forEach((l, i) => {
      if (/^\(\d+\) /.test(l)) k = i;
    });
    return k;
  };

  // Gluten prints a reused subquery's tree twice under the same ids; cut between the copies, the
  // text left is complete as far as anything in it can tell. Those files are left out here.
  const uniqueIds = texts
    .map((_, i) => i)
    .filter((i) => {
      const ids = texts[i]!.map((l) => /^[ :]*[+:]- .*\((\d+)\)$/.exec(l)?.[1]).filter(Boolean);
      return new Set(ids).size === ids.length;
    });

  it("cut before the last detail block → a partial plan and a warning", () => {
    fc.assert(
      fc.property(fc.constantFrom(...uniqueIds), fc.double({ min: 0, max: 1, noNaN: true }), (f, at) => {
        const lines = texts[f]!;
        const end = lastDetailHeader(lines);
        const cut = 2 + Math.floor(at * Math.max(0, end - 2));
        const full = parseExplain(lines.join("\n"));
        const out = parseExplain(lines.slice(0, cut).join("\n"));
        if (!out.ok || !full.ok) throw new Error(`${formatted[f]}: cut at ${cut} gave no plan`);
        const count = (r: typeof full) => (r.ok ? r.result.plans.reduce((s, p) => s + p.nodes.length, 0) : 0);
        expect(count(out)).toBeLessThanOrEqual(count(full));
        expect(out.result.warnings.length, `${formatted[f]} cut at line ${cut}`).toBeGreaterThan(0);
        for (const w of out.result.warnings) expect(w.line).toBeLessThanOrEqual(cut + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("an operator line or a detail header deleted → a warning naming a line", () => {
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.nat(), (f, pick) => {
        const lines = texts[f]!;
        // An operator printed twice (Gluten repeats a reused subquery's tree) still has a tree line
        // after one copy is deleted: nothing in the text is missing then, so only unique ids count.
        const treeIds = lines.map((l) => /^[ :]*[+:]- .*\((\d+)\)$/.exec(l)?.[1]).filter(Boolean);
        const once = (l: string) => {
          const id = /\((\d+)\)$/.exec(l)?.[1];
          return id !== undefined && treeIds.filter((x) => x === id).length === 1;
        };
        const candidates = lines
          .map((l, i) => ({ l, i }))
          .filter(
            ({ l, i }) => i > 1 && (/^\(\d+\) /.test(l) || (/^[ :]*[+:]- .*\(\d+\)$/.test(l) && once(l))),
          );
        if (candidates.length === 0) return;
        const { i } = candidates[pick % candidates.length]!;
        const out = parseExplain([...lines.slice(0, i), ...lines.slice(i + 1)].join("\n"));
        if (!out.ok) throw new Error(`${formatted[f]}: deleting line ${i + 1} gave no plan`);
        expect(out.result.warnings.length, `${formatted[f]} without line ${i + 1}`).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("long and adversarial lines", () => {
  it("finish (the test's timeout is the guard against catastrophic backtracking)", () => {
    const bad = [
      `== Physical Plan ==\n*(1) Project ${"(".repeat(100_000)}`,
      `== Physical Plan ==\nScan x, Statistics(${"(a)".repeat(50_000)}`,
      `== Physical Plan ==\nA (1)\n${"+- ".repeat(20_000)}B (2)`,
      `Found 1 WholeStageCodegen subtrees.\n== Subtree 1 / 1 ==\n${"/* 001 */ x\n".repeat(50_000)}`,
      ` :${" :".repeat(50_000)}- X\n`.repeat(3),
    ];
    for (const text of bad) expect(typeof parseExplain(text).ok).toBe("boolean");
  });
});
