/**
 * The parser's hand-written scanners (they replaced regular expressions on the hot path) checked
 * against those regular expressions, kept here as the oracles, on generated argument strings.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstTopLevel, splitTopLevel } from "@/lib/plan/expressions";
import { deriveFields, SCAN_KEYS } from "./fields";
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

const JOIN_TYPES = /^(Inner|LeftOuter|RightOuter|FullOuter|LeftSemi|LeftAnti|Cross|ExistenceJoin\(.*\))$/;
const BUILD_SIDE = /^Build(Left|Right)$/;

function joinOracle(args: string): Record<string, string> {
  const f: Record<string, string> = {};
  const parts = splitTopLevel(args);
  const words = parts.flatMap((p) => (/[[(]/.test(p) ? [p] : p.split(/\s+/)));
  for (const p of words) {
    if (JOIN_TYPES.test(p)) f["Join type"] = p;
    const b = BUILD_SIDE.exec(p);
    if (b) f["Build side"] = b[1]!;
  }
  let rest = parts;
  if (parts[0]?.startsWith("[") && parts[1]?.startsWith("[")) {
    f["Left keys"] = parts[0];
    f["Right keys"] = parts[1];
    rest = parts.slice(2);
  }
  const condition = rest.filter(
    (p) => !JOIN_TYPES.test(p) && !BUILD_SIDE.test(p) && !/^(true|false)$/.test(p),
  );
  if (condition.length > 0 && !/^\w+( Build\w+)?$/.test(condition.join(", ")))
    f["Join condition"] = condition.join(", ");
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

  it("join fields", () => {
    fc.assert(
      fc.property(args, (s) => {
        expect(deriveFields("SortMergeJoin", s)).toEqual(s.length === 0 ? {} : joinOracle(s));
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
