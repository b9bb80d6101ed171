/**
 * Structured fields read from an operator's one-line argument string (simple / extended / cost
 * modes), named like formatted explain's detail keys so that analyses read one vocabulary:
 * `PushedFilters`, `PartitionFilters`, `ReadSchema`, `Location`, `Join type`, `Partitioning` ...
 */
import { firstTopLevel, splitTopLevel } from "@/lib/plan/expressions";
import { every, isWhite, isWordChar } from "./chars";

export const SCAN_KEYS = [
  "Batched",
  "DataFilters",
  "Format",
  "Location",
  "PartitionFilters",
  "PushedFilters",
  "ReadSchema",
  "PushedAggregation",
  "PushedGroupBy",
  "SelectedBucketsCount",
  "Bucketed",
  "RuntimeFilters",
  "PartitionCount",
];
/** SCAN_KEYS by first letter (index: char code - 65). */
const SCAN_KEYS_BY_FIRST: (string[] | undefined)[] = [];
for (const k of SCAN_KEYS) {
  const i = k.charCodeAt(0) - 65;
  const same = SCAN_KEYS_BY_FIRST[i];
  if (same) same.push(k);
  else SCAN_KEYS_BY_FIRST[i] = [k];
}

/** The scan key starting at `at` of `args` when `:` or ` [` follows it. */
function scanKeyAt(args: string, at: number): string | undefined {
  const candidates = SCAN_KEYS_BY_FIRST[args.charCodeAt(at) - 65];
  if (candidates === undefined) return undefined;
  for (const k of candidates) {
    if (!args.startsWith(k, at)) continue;
    const next = args.charCodeAt(at + k.length);
    if (next === 58 || (next === 32 && args.charCodeAt(at + k.length + 1) === 91)) return k;
  }
  return undefined;
}
const JOIN_TYPES = /^(Inner|LeftOuter|RightOuter|FullOuter|LeftSemi|LeftAnti|Cross|ExistenceJoin\(.*\))$/;
const BUILD_SIDE = /^Build(Left|Right)$/;

const NONE: Readonly<Record<string, string>> = Object.freeze({});

const ARGUMENT_OPERATORS = new Set([
  "Window",
  "WindowGroupLimit",
  "Sort",
  "Generate",
  "Expand",
  "Union",
  "Coalesce",
  "CollectLimit",
  "TakeOrderedAndProject",
]);

/** Fields derivable from the tree line alone; formatted detail blocks override them. */
export function deriveFields(name: string, args: string): Record<string, string> {
  // Runs once per operator: the name's last letter picks the reader before any string test.
  if (args.length === 0) return NONE;
  const f: Record<string, string> = {};
  if (name.startsWith("Scan ")) {
    scanFields(name, args, f);
    return f;
  }
  switch (name.charCodeAt(name.length - 1)) {
    case 110: // n: ...Scan, ...Join, Relation
      if (name.endsWith("Scan")) scanFields(name, args, f);
      else if (name === "Relation") relationFields(args, f);
      else if (name.endsWith("Join")) joinOrSkewJoin(args, f);
      else otherFields(name, args, f);
      break;
    case 101: // e: ReusedExchange, ...Exchange, ...Aggregate
      if (name === "ReusedExchange") {
        // `ReusedExchange [a#1], BroadcastExchange HashedRelationBroadcastMode(...), [plan_id=7]`
        const first = firstTopLevel(args);
        if (first?.startsWith("[")) f.Output = first;
      } else if (name.endsWith("Exchange")) {
        const first = firstTopLevel(args);
        if (first) f.Partitioning = first;
      } else if (name === "Aggregate" && args.startsWith("[")) {
        // Logical `Aggregate [k#1], [k#1, sum(v#2) AS s#3]`; without grouping Spark leaves the
        // empty list out (TreeNode.argString): `Aggregate [sum(v#2) AS s#3]`.
        const lists = splitTopLevel(args);
        if (lists.length >= 2 && lists[1]!.startsWith("[")) {
          f.Keys = lists[0]!;
          f.Results = lists[1]!;
        } else f.Results = lists[0]!;
      } else if (name.endsWith("Aggregate") && args.startsWith("(")) {
        // `HashAggregate(keys=[a#1], functions=[sum(b#2)], output=[a#1, sum#3L])`
        for (const part of splitTopLevel(args.slice(1, args.endsWith(")") ? -1 : undefined))) {
          if (part.startsWith("keys=")) f.Keys = part.slice(5);
          else if (part.startsWith("functions=")) f.Functions = part.slice(10);
          else if (part.startsWith("output=")) f.Results = part.slice(7);
        }
      } else otherFields(name, args, f);
      break;
    case 114: // r: ...Filter
      if (name.endsWith("Filter")) f.Condition = args;
      else otherFields(name, args, f);
      break;
    case 116: // t: CartesianProduct, ...Project
      if (name === "CartesianProduct") joinOrSkewJoin(args, f);
      else if (name.endsWith("Project") && args.startsWith("[")) f.Output = firstTopLevel(args)!;
      else otherFields(name, args, f);
      break;
    default:
      otherFields(name, args, f);
  }
  return f;
}

function joinOrSkewJoin(args: string, f: Record<string, string>): void {
  // AQE's skew join handling renames the node: `SortMergeJoin(skew=true) [a#1], [b#2], Inner`.
  if (args.startsWith("(skew=true)")) {
    f.isSkewJoin = "true";
    joinFields(args.slice("(skew=true)".length).trim(), f);
  } else joinFields(args, f);
}

function otherFields(name: string, args: string, f: Record<string, string>): void {
  if (ARGUMENT_OPERATORS.has(name)) f.Arguments = args;
}

export interface Partitioning {
  /** `hash`, `range`, `roundrobin`, `single`, `broadcast`, or Spark's own word for anything else. */
  readonly kind: string;
  readonly keys: readonly string[];
  readonly partitions: number | null;
}

/**
 * `hashpartitioning(a#1, b#2, 200)`, `rangepartitioning(a#1 ASC NULLS FIRST, 200)`,
 * `RoundRobinPartitioning(8)`, `SinglePartition`, `SinglePartition, ENSURE_REQUIREMENTS, [plan_id=3]`.
 */
export function parsePartitioning(text: string): Partitioning | null {
  const first = firstTopLevel(text) ?? "";
  if (/^SinglePartition\b/.test(first)) return { kind: "single", keys: [], partitions: 1 };
  if (/^HashedRelationBroadcastMode|^IdentityBroadcastMode/.test(first))
    return { kind: "broadcast", keys: [], partitions: null };
  const m = /^(\w+?)(?:partitioning|Partitioning)\((.*)\)$/s.exec(first);
  if (!m) return null;
  const inner = splitTopLevel(m[2]!);
  const last = inner[inner.length - 1];
  const partitions = last !== undefined && /^\d+$/.test(last) ? Number(last) : null;
  const keys = partitions === null ? inner : inner.slice(0, -1);
  return { kind: m[1]!.toLowerCase(), keys, partitions };
}

function scanFields(name: string, args: string, f: Record<string, string>): void {
  // `FileScan parquet db.tbl[a#1,b#2] Batched: true, ...` or formatted `Scan parquet db.tbl`.
  let table: string | undefined;
  if (name === "FileScan") {
    // `parquet db.tbl[a#1,b#2] ...`: the format word, then the table up to white space or `[`.
    let p = 0;
    while (p < args.length && isWordChar(args.charCodeAt(p))) p++;
    let from = 0;
    if (p > 0 && args.charCodeAt(p) === 32) {
      f.Format = args.slice(0, p);
      from = p + 1;
    }
    let end = from;
    while (end < args.length && !isWhite(args.charCodeAt(end)) && args.charCodeAt(end) !== 91) end++;
    if (end > from) table = args.slice(from, end);
  } else if (name.startsWith("Scan ")) {
    let end = 0;
    for (; end < args.length; end++) {
      const c = args.charCodeAt(end);
      if (c === 91 || isWhite(c)) break; // [\s[]
    }
    table = args.slice(0, end);
  } else {
    // Comet's extended explain: `CometScan [native_iceberg_compat] parquet spark_catalog.default.t`
    // (the scan implementation, the format, the table), and nothing else on the line.
    const m = COMET_SCAN.exec(args);
    if (m) {
      if (m[1] !== undefined) f["Scan implementation"] = m[1];
      f.Format = m[2]!;
      table = m[3];
    }
  }
  if (table && isTableName(table)) f.Table = table;
  if (!args.includes(":") && !args.includes(" [")) return; // no `Key: value` / `Key [n]` in the line
  // Keys start the arguments or follow `, ` (Spark's metadata map, printed in key order); a value
  // runs up to the `, ` before the next key.
  let key: string | undefined;
  let valueAt = 0;
  for (let at = 0; at >= 0 && at < args.length; ) {
    const next = scanKeyAt(args, at);
    if (next !== undefined) {
      if (key !== undefined) f[key] = scanValue(args, valueAt, at - 2);
      key = next;
      valueAt = at + next.length;
      at = valueAt;
    }
    const comma = args.indexOf(", ", at);
    at = comma < 0 ? -1 : comma + 2;
  }
  if (key !== undefined) f[key] = scanValue(args, valueAt, args.length);
}

/**
 * A logical plan's file relation: `Relation spark_catalog.default.t[a#1,b#2] parquet` (Spark 3.1+;
 * 3.0 prints no table: `Relation[a#1,b#2] parquet`, which reaches here as args `[a#1,b#2] parquet`).
 */
function relationFields(args: string, f: Record<string, string>): void {
  const open = args.indexOf("[");
  if (open < 0) return;
  const table = args.slice(0, open).trim();
  if (table.length > 0 && isTableName(table)) f.Table = table;
  let depth = 0;
  let close = open;
  for (; close < args.length; close++) {
    const c = args.charCodeAt(close);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) break;
  }
  if (close >= args.length) return;
  f.Output = args.slice(open, close + 1);
  const format = args.slice(close + 1).trim();
  if (format.length > 0 && isWordsOnly(format) && !format.includes(" ")) f.Format = format;
}

const COMET_SCAN = /^(?:\[([\w-]+)\] )?(\w+) ([\w.`-]+)$/;

/** The value after `: ` (or after ` [n]`), trimmed: one cut of the line. */
function scanValue(args: string, at: number, end: number): string {
  if (args.charCodeAt(at) === 58) {
    at++;
    if (isWhite(args.charCodeAt(at)) && at < end) at++;
  }
  while (at < end && isWhite(args.charCodeAt(at))) at++;
  while (end > at && isWhite(args.charCodeAt(end - 1))) end--;
  return args.slice(at, end);
}

/** `[\w.\`-]+` */
function isTableName(s: string): boolean {
  return every(s, (c) => isWordChar(c) || c === 46 || c === 96 || c === 45);
}

function joinFields(args: string, f: Record<string, string>): void {
  if (!/[,[(\s]/.test(args.trim()) || isWordsOnly(args)) {
    // Formatted mode prints `BroadcastHashJoin Inner BuildRight (5)`: words only, no lists.
    const part = args.trim();
    for (const w of part.split(/\s+/)) {
      if (JOIN_TYPES.test(w)) f["Join type"] = w;
      else if (w === "BuildLeft" || w === "BuildRight") f["Build side"] = w.slice(5);
    }
    if (
      part.length > 0 &&
      !JOIN_TYPES.test(part) &&
      !BUILD_SIDE.test(part) &&
      part !== "true" &&
      part !== "false"
    ) {
      if (!/^\w+( Build\w+)?$/.test(part)) f["Join condition"] = part;
    }
    return;
  }
  const parts = splitTopLevel(args);
  for (const part of parts) {
    // A bracketed or parenthesised part is one word; others may be `Inner BuildRight`.
    const words = part.includes("[") || part.includes("(") ? [part] : part.split(/\s+/);
    for (const p of words) {
      if (JOIN_TYPES.test(p)) f["Join type"] = p;
      else if (p === "BuildLeft" || p === "BuildRight") f["Build side"] = p.slice(5);
    }
  }
  let rest = parts;
  if (parts[0]?.startsWith("[") && parts[1]?.startsWith("[")) {
    f["Left keys"] = parts[0];
    f["Right keys"] = parts[1];
    rest = parts.slice(2);
  }
  // What is left after keys, join type and build side: the condition (and `isSkewJoin` flags).
  const condition = rest.filter(
    (p) => !JOIN_TYPES.test(p) && !BUILD_SIDE.test(p) && !/^(true|false)$/.test(p),
  );
  if (condition.length > 0 && !/^\w+( Build\w+)?$/.test(condition.join(", ")))
    f["Join condition"] = condition.join(", ");
}

/** Letters, digits, `_` and spaces only (no quotes, brackets or commas). */
function isWordsOnly(s: string): boolean {
  return every(s, (c) => isWordChar(c) || c === 32, true);
}

/**
 * Formatted mode puts the one-line arguments under `Arguments:` for operators without detail keys of
 * their own (exchanges, Comet's `CometProject` / `CometBroadcastHashJoin`, the logical plans a
 * `UnionLoop` runs): read the same fields from there; the block's own keys win.
 */
export function deriveFromDetails(
  name: string,
  details: Readonly<Record<string, string>>,
): Record<string, string> {
  const args = details.Arguments;
  return args ? deriveFields(name, args) : NONE;
}
