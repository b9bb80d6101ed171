/**
 * The parser's hand-written scanners (they replaced regular expressions on the hot path) checked
 * against those regular expressions, kept here as the oracles, on generated argument strings.
 * Join fields are checked against Spark itself instead: the formatted explain of the same query
 * lists each join's keys, type and condition (a copy of the scanner's rules would only agree with it).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstTopLevel, splitTopLevel } from "@/lib/plan/expressions";
import { deriveFields, SCAN_KEYS } from "./fields";
import { parseExplain } from "./index";
import { statisticsSuffix } from "./operator";
import { balanced } from "./truncation";

const TOKENS = [
  "Batched",
  "DataFilters",
  "Format",
  "Location",
  "PartitionFilters",
  "PushedFilters",
  "ReadSchema",
  "PartitionCount",
  ": ",
  ":",
  ", ",
  ",",
  " ",
  "  ",
  "\t",
  "[",
  "]",
  "(",
  ")",
  "...",
  ".",
  "Inner",
  "LeftOuter",
  "BuildRight",
  "BuildLeft",
  "ExistenceJoin(exists#1)",
  "true",
  "false",
  "parquet",
  "db.t",
  "`x`",
  "a#1",
  "keys=",
  "functions=",
  "output=",
  "isnotnull(a#1)",
  "'",
  '"',
  "\\",
];
const args = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((t) => t.join(""));

// ---- oracles: the regular-expression versions the scanners replaced ----

function balancedOracle(text: string): boolean {
  const s = text.replace(/\[[^[\]]*\.\.\./g, "");
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40 || c === 91) depth++;
    else if ((c === 41 || c === 93) && depth > 0) depth--;
  }
  return depth === 0;
}

const SCAN_KEY = new RegExp(`(?:^|, )(${SCAN_KEYS.join("|")})(?::| \\[)`, "g");

function scanOracle(name: string, args: string): Record<string, string> {
  const f: Record<string, string> = {};
  const head = /^(?:(\w+) )?([^\s[]+)?(\[[^\]]*\])?/.exec(args);
  if (name === "FileScan" && head?.[1]) f.Format = head[1];
  let table = name === "FileScan" ? head?.[2] : name.startsWith("Scan ") ? args.split(/[\s[]/)[0] : undefined;
  // Other scans: only Comet's `CometScan [impl] format table` (a regular expression in the reader too).
  const comet =
    name !== "FileScan" && !name.startsWith("Scan ")
      ? /^(?:\[([\w-]+)\] )?(\w+) ([\w.`-]+)$/.exec(args)
      : null;
  if (comet) {
    if (comet[1] !== undefined) f["Scan implementation"] = comet[1];
    f.Format = comet[2]!;
    table = comet[3];
  }
  if (table && /^[\w.`-]+$/.test(table)) f.Table = table;
  const keys: { key: string; at: number; valueAt: number }[] = [];
  for (const m of args.matchAll(SCAN_KEY)) {
    const at = m.index + (m[0].startsWith(",") ? 2 : 0);
    keys.push({ key: m[1]!, at, valueAt: at + m[1]!.length });
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const end = i + 1 < keys.length ? keys[i + 1]!.at - 2 : args.length;
    f[k.key] = args.slice(k.valueAt, end).replace(/^:\s?/, "").trim();
  }
  return f;
}

function aggregateOracle(args: string): Record<string, string> {
  const f: Record<string, string> = {};
  if (!args.startsWith("(")) return f;
  for (const part of splitTopLevel(args.slice(1, args.endsWith(")") ? -1 : undefined))) {
    const m = /^(keys|functions|output)=(.*)$/s.exec(part);
    if (m) f[{ keys: "Keys", functions: "Functions", output: "Results" }[m[1] as "keys"]] = m[2]!;
  }
  return f;
}

const runs = { numRuns: 3000 };

describe("hand-written scanners agree with the regular expressions they replaced", () => {
  it("bracket balance (Spark's `[...` shortening skipped)", () => {
    fc.assert(
      fc.property(args, (s) => balanced(s) === balancedOracle(s)),
      runs,
    );
    expect(balanced("Scan [a#1, b#2]")).toBe(true);
    expect(balanced("Location: InMemoryFileIndex(1 paths)[file:/a/b..., PushedFilters: [")).toBe(false);
    expect(balanced("Location: InMemoryFileIndex(1 paths)[file:/a/b..., x")).toBe(true);
  });

  it("scan fields (FileScan and Scan <format>)", () => {
    for (const name of ["FileScan", "Scan parquet", "BatchScan"]) {
      fc.assert(
        fc.property(args, (s) => {
          const got = s.length === 0 ? {} : deriveFields(name, s);
          expect(got).toEqual(s.length === 0 ? {} : scanOracle(name, s));
        }),
        runs,
      );
    }
  });

  it("join fields never throw and hold only the join keys", () => {
    fc.assert(
      fc.property(args, (s) => {
        const keys = Object.keys(deriveFields("SortMergeJoin", s));
        for (const k of keys) expect(JOIN_KEYS).toContain(k);
      }),
      runs,
    );
  });

  it("aggregate fields", () => {
    fc.assert(
      fc.property(args, (s) => {
        const a = `(${s})`;
        expect(deriveFields("HashAggregate", a)).toEqual(aggregateOracle(a));
      }),
      runs,
    );
  });

  it("AQE / cost-mode statistics suffix", () => {
    const STATS_SUFFIX = /,\s*(Statistics\([^()]*(?:\([^()]*\)[^()]*)*\))\s*$/;
    const line = fc
      .array(
        fc.constantFrom(
          "Statistics",
          ", Statistics(",
          "(",
          ")",
          "((",
          "))",
          "(a)",
          ",",
          " ",
          "sizeInBytes=8.0 B",
          "x",
        ),
        {
          maxLength: 16,
        },
      )
      .map((t) => `Project [a#1]${t.join("")}`.trimEnd());
    fc.assert(
      fc.property(line, (text) => {
        const m = STATS_SUFFIX.exec(text);
        const open = statisticsSuffix(text, 0, text.length);
        expect(open >= 0 ? text.slice(open) : null).toBe(m ? m[1]! : null);
      }),
      runs,
    );
    const filter = "Filter x, Statistics(sizeInBytes=1.0 B, rowCount=1)";
    expect(statisticsSuffix(filter, 0, filter.length)).toBe(10);
  });

  it("first top-level part", () => {
    fc.assert(
      fc.property(args, (s) => firstTopLevel(s) === splitTopLevel(s)[0]),
      runs,
    );
  });
});

const JOIN_KEYS = ["Left keys", "Right keys", "Join type", "Build side", "Join condition", "isSkewJoin"];

/**
 * Spark's own account of each join, from formatted explain of the same query: tree order, the
 * build side from the tree line (`BroadcastHashJoin Inner BuildRight (9)`), keys, type and
 * condition from the `(n) Name` detail block. Read here from the text, with no parser code.
 */
function formattedJoins(text: string): Record<string, string>[] {
  const [tree, ...rest] = text.split(/\n\n/);
  const details = rest.join("\n\n");
  const out: Record<string, string>[] = [];
  for (const line of tree!.split("\n")) {
    const m = /^[\s:+-]*\*?\s*(\w*Join|CartesianProduct)\b(.*)\((\d+)\)$/.exec(line.trimEnd());
    if (!m) continue;
    const f: Record<string, string> = {};
    const build = /\bBuild(Left|Right)\b/.exec(m[2]!);
    if (build) f["Build side"] = build[1]!;
    const block = new RegExp(`^\\(${m[3]}\\) [^\\n]*\\n((?:.+\\n?)*)`, "m").exec(details)?.[1] ?? "";
    for (const d of block.split("\n")) {
      const kv =
        /^(Left keys|Right keys) \[\d+\]: (.*)$/.exec(d) ?? /^(Join type|Join condition): (.*)$/.exec(d);
      if (kv && !(kv[1] === "Join condition" && kv[2] === "None")) f[kv[1]!] = kv[2]!;
    }
    // CartesianProduct's simple string prints no join type (it is always an inner join).
    if (m[1] === "CartesianProduct") delete f["Join type"];
    out.push(f);
  }
  return out;
}

const SPARK = join(__dirname, "../../../fixtures/spark");
/** Pairs of simple and formatted explain of one query, AQE off (the same plan both times). */
const pairs = existsSync(SPARK)
  ? readdirSync(SPARK).flatMap((v) =>
      ["explain", "explain-operators"].flatMap((d) => {
        const dir = join(SPARK, v, d);
        if (!existsSync(dir)) return [];
        return readdirSync(dir)
          .filter((n) => n.endsWith(".simple.aqe-off.txt"))
          .map((n) => [join(dir, n), join(dir, n.replace(".simple.", ".formatted."))] as const)
          .filter(([, f]) => existsSync(f));
      }),
    )
  : [];

describe("join fields read from simple-mode lines equal Spark's formatted details", () => {
  it("for every join of every real-pyspark query, AQE off", () => {
    let joins = 0;
    const problems: string[] = [];
    for (const [simple, formatted] of pairs) {
      const out = parseExplain(readFileSync(simple, "utf8"));
      if (!out.ok) throw new Error(`${simple}: ${out.error.message}`);
      const got = out.result.plans
        .flatMap((p) => p.nodes)
        .filter((n) => n.section === "physical" && /Join$|^CartesianProduct$/.test(n.name))
        .map((n) => JOIN_KEYS.filter((k) => k in n.details).map((k) => `${k}: ${n.details[k]}`));
      const want = formattedJoins(readFileSync(formatted, "utf8")).map((f) =>
        JOIN_KEYS.filter((k) => k in f).map((k) => `${k}: ${f[k]}`),
      );
      joins += want.length;
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(`${simple}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    }
    expect(joins).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
