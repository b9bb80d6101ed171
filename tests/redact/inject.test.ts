/**
 * Fast-check: random identifiers and values injected into real pyspark plans (every explain mode)
 * in the places user data lives — a column, a table, a database, a path segment, a host, a filter
 * value — never survive redaction with every option on, and the graph stays the same.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { redactPlan } from "@/lib/share/redact";
import { ALL, graphOf } from "./property";

const PLANS = [
  "broadcast_join.simple.aqe-off",
  "broadcast_join.formatted.aqe-on",
  "broadcast_join.extended.aqe-off",
  "broadcast_join.codegen.aqe-off",
  "cast_filter.formatted.aqe-off",
  "partition_filter.simple.aqe-off",
].map((n) => readFileSync(`fixtures/spark/4.3.0/explain/${n}.txt`, "utf8"));

/** Name-shaped, long enough not to be found by chance, and not already in the plans. */
const ident = fc
  .stringMatching(/^[a-z][a-z0-9_]{5,14}$/)
  .filter((s) => !PLANS.some((p) => p.includes(s)) && !/^(?:col|table|db|str|num|date|host|path)_/.test(s));
const wholeToken = (text: string, w: string) => new RegExp(`(?<![\\w$])${w}(?![\\w$])`).test(text);
const replaceWord = (text: string, from: string, to: string) =>
  text.replace(new RegExp(`(?<![\\w$/])${from}(?![\\w$])`, "g"), to);

/** Spark's `sources.Filter`s that carry a value, as `PushedFilters` prints them. */
const PUSHED = [
  "EqualTo",
  "EqualNullSafe",
  "GreaterThan",
  "GreaterThanOrEqual",
  "LessThan",
  "LessThanOrEqual",
  "StringStartsWith",
  "StringEndsWith",
  "StringContains",
];

/** The plan's first attribute (`amount#5121` → `amount`), found by eye, not by the redactor. */
const firstColumn = (plan: string) => /(?<![\w$])([a-z][a-z_]*)#\d+/.exec(plan)![1]!;

function sameGraph(a: string, b: string): boolean {
  return JSON.stringify(graphOf(parseExplain(a))) === JSON.stringify(graphOf(parseExplain(b)));
}

describe("injected user data never survives redaction", () => {
  it("column, table and database names", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLANS), ident, ident, ident, (plan, column, table, db) => {
        fc.pre(new Set([column, table, db]).size === 3);
        const text = replaceWord(
          replaceWord(replaceWord(plan, firstColumn(plan), column), "sales", table),
          "default",
          db,
        );
        for (const w of [column, table, db]) expect(wholeToken(text, w), `${w} injected`).toBe(true);
        const out = redactPlan(text, ALL).text;
        for (const w of [column, table, db]) expect(wholeToken(out, w), w).toBe(false);
        expect(sameGraph(text, out)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("hosts, buckets and path segments", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PLANS),
        ident,
        ident,
        fc.constantFrom("s3a", "hdfs", "abfss", "gs"),
        (plan, host, seg, scheme) => {
          fc.pre(host !== seg);
          const text = plan.replaceAll("file:/tmp/plansight-spark", `${scheme}://${host}/${seg}`);
          fc.pre(text !== plan);
          const out = redactPlan(text, ALL).text;
          expect(out.includes(host), host).toBe(false);
          expect(out.includes(seg), seg).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("filter values: words, numbers, dates", () => {
    const value = fc.oneof(
      fc
        .array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9@.-]{2,10}$/), { minLength: 1, maxLength: 3 })
        .map((w) => w.join(" ")),
      fc.integer({ min: 1_000_000, max: 2_000_000_000 }).map(String),
      fc
        .date({ min: new Date("1990-01-01"), max: new Date("2090-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...PLANS),
        value,
        value,
        fc.constantFrom("=", ">=", "<", "<=>"),
        fc.constantFrom(...PUSHED),
        (plan, v, w, op, pushed) => {
          const fresh = (x: string) =>
            !PLANS.some((p) => p.includes(x)) && !/\b(?:AND|OR|NOT|IN|LIKE|null|true|false)\b/i.test(x);
          fc.pre(fresh(v) && fresh(w) && !v.includes(w) && !w.includes(v));
          // Into the first filter condition (formatted: its `Condition :` line), and the pushed filters.
          const cond = `(cust_id#5120 ${op} ${v})`;
          const text = (
            plan.includes("\nCondition : ")
              ? plan.replace(/^Condition : (.*)$/m, (_, c: string) => `Condition : (${cond} AND ${c})`)
              : plan.replace(/(Filter )(.*)$/m, (_, f: string, c: string) => `${f}(${cond} AND ${c})`)
          ).replace(/PushedFilters: \[/g, `PushedFilters: [${pushed}(cust_id,${w}), `);
          fc.pre(text !== plan);
          const out = redactPlan(text, ALL).text;
          for (const x of [v, w])
            expect(wholeToken(out, x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), x).toBe(false);
          expect(sameGraph(text, out)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
