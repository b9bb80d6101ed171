/**
 * Small readers for the expression and argument strings Spark prints: conjuncts of a condition,
 * attribute references (`name#id`), pushed-filter columns, schemas, partitionings and sizes.
 */
import { splitTopLevel } from "@/lib/plan/expressions";
import type { PlanNode } from "@/lib/plan/types";

/** `name#12` or `name#12L` in a printed expression. */
const ATTR = /([A-Za-z_][\w$]*)#(\d+)L?\b/g;

export interface AttrRef {
  readonly name: string;
  readonly exprId: string;
}

/** Expression ids that are not columns: subqueries and dynamic-pruning placeholders. */
const NOT_A_COLUMN = /^(subquery|scalar|ScalarSubquery|dynamicpruning|exists|list|InSubquery)$/i;

export function attrRefs(expr: string): AttrRef[] {
  const out: AttrRef[] = [];
  for (const m of expr.matchAll(ATTR)) {
    if (expr[m.index - 1] === "-" || NOT_A_COLUMN.test(m[1]!)) continue;
    out.push({ name: m[1]!, exprId: m[2]! });
  }
  return out;
}

/** Drops one pair of parentheses that wraps the whole string. */
function unwrap(s: string): string {
  let t = s.trim();
  for (;;) {
    if (!t.startsWith("(") || !t.endsWith(")")) return t;
    let depth = 0;
    let wraps = true;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === "(") depth++;
      else if (c === ")") depth--;
      if (depth === 0 && i < t.length - 1) {
        wraps = false;
        break;
      }
    }
    if (!wraps) return t;
    t = t.slice(1, -1).trim();
  }
}

/** Top-level `AND` conjuncts of a printed condition. */
export function conjuncts(condition: string): string[] {
  const t = unwrap(condition);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0 && t.startsWith(" AND ", i)) {
      parts.push(t.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(t.slice(start));
  return parts.length === 1 ? [unwrap(parts[0]!)] : parts.flatMap(conjuncts);
}

/** A list printed as `[a, b, c]`; `[]` or absent is empty. */
export function bracketList(value: string | undefined): string[] {
  if (!value) return [];
  const t = value.trim();
  if (!t.startsWith("[") || !t.endsWith("]")) return t ? [t] : [];
  const inner = t.slice(1, -1).trim();
  return inner ? splitTopLevel(inner) : [];
}

/** Data-source filter names Spark prints in `PushedFilters` (org.apache.spark.sql.sources.Filter). */
const SOURCE_FILTER =
  /\b(IsNotNull|IsNull|EqualTo|EqualNullSafe|GreaterThan|GreaterThanOrEqual|LessThan|LessThanOrEqual|In|StringStartsWith|StringEndsWith|StringContains)\(`?([^,()`]+)`?/g;

/** Columns that `PushedFilters` constrains with more than `IsNotNull`. */
export function pushedColumns(pushed: string | undefined): { all: Set<string>; selective: Set<string> } {
  const all = new Set<string>();
  const selective = new Set<string>();
  for (const m of (pushed ?? "").matchAll(SOURCE_FILTER)) {
    const col = m[2]!.trim().toLowerCase();
    all.add(col);
    if (m[1] !== "IsNotNull") selective.add(col);
  }
  // Comet / DataFusion and some v2 sources print Catalyst expressions instead (`(a#1 > 5)`).
  for (const r of attrRefs(pushed ?? "")) {
    all.add(r.name.toLowerCase());
    selective.add(r.name.toLowerCase());
  }
  return { all, selective };
}

/** Top-level field names of `struct<a:int,b:struct<x:int>>`. */
export function schemaFields(readSchema: string | undefined): string[] {
  if (!readSchema) return [];
  const m = /^struct<(.*)>$/.exec(readSchema.trim());
  if (!m) return [];
  if (!m[1]) return [];
  return splitTopLevel(m[1]).map((f) =>
    f.slice(0, f.indexOf(":") < 0 ? f.length : f.indexOf(":")).replace(/`/g, ""),
  );
}

/** Top-level field name (lower case) → type of `struct<a:int,b:struct<x:int>>`. */
export function schemaTypes(readSchema: string | undefined): Map<string, string> {
  const m = /^struct<(.*)>$/.exec((readSchema ?? "").trim());
  const out = new Map<string, string>();
  if (!m?.[1]) return out;
  for (const f of splitTopLevel(m[1])) {
    const i = f.indexOf(":");
    if (i > 0) out.set(f.slice(0, i).replace(/`/g, "").toLowerCase(), f.slice(i + 1));
  }
  return out;
}

/** The scan's output attributes: formatted `Output [n]: [...]`, or simple mode's `table[a#1,b#2]`. */
export function scanOutput(node: PlanNode): AttrRef[] {
  if (node.details.Output) return attrRefs(node.details.Output);
  const m = /^[^[]*\[([^\]]*)\]/.exec(node.args);
  return m ? attrRefs(m[1]!) : [];
}

/** Partition columns of a file scan: output columns not read from the files (absent from ReadSchema). */
export function partitionColumns(scan: PlanNode): Set<string> {
  const fields = schemaFields(scan.details.ReadSchema);
  const out = new Set<string>();
  if (fields.length === 0 && !scan.details.PartitionFilters) return out;
  const read = new Set(fields.map((f) => f.toLowerCase()));
  for (const a of scanOutput(scan)) if (!read.has(a.name.toLowerCase())) out.add(a.name.toLowerCase());
  for (const r of attrRefs(scan.details.PartitionFilters ?? "")) out.add(r.name.toLowerCase());
  return out;
}

export interface Partitioning {
  readonly kind: "hash" | "range" | "roundrobin" | "single" | "other";
  readonly text: string;
  readonly keys: readonly string[];
  readonly partitions: number | null;
}

/** `hashpartitioning(a#1, b#2, 200)`, `rangepartitioning(a#1 ASC NULLS FIRST, 200)`, `SinglePartition`. */
export function readPartitioning(text: string | undefined): Partitioning | null {
  if (!text) return null;
  const t = text.trim();
  if (/^SinglePartition\b/.test(t)) return { kind: "single", text: t, keys: [], partitions: 1 };
  const m = /^(\w+)\((.*)\)$/.exec(t);
  if (!m) return { kind: "other", text: t, keys: [], partitions: null };
  const fn = m[1]!.toLowerCase();
  const args = splitTopLevel(m[2]!);
  const last = args[args.length - 1];
  const partitions = last !== undefined && /^\d+$/.test(last) ? Number(last) : null;
  const keys = partitions === null ? args : args.slice(0, -1);
  const kind = fn.includes("hash")
    ? "hash"
    : fn.includes("range")
      ? "range"
      : fn.includes("roundrobin")
        ? "roundrobin"
        : "other";
  return { kind, text: t, keys, partitions };
}

const UNITS: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
  EiB: 1024 ** 6,
};

/** `sizeInBytes` from `Statistics(sizeInBytes=6.1 MiB, rowCount=2.00E+5)`; null when unknown. */
export function statsSize(stats: string | null): { bytes: number; text: string } | null {
  if (!stats) return null;
  const m = /sizeInBytes=([\d.]+(?:E[+-]?\d+)?)\s*(B|KiB|MiB|GiB|TiB|PiB|EiB)?/.exec(stats);
  if (!m) return null;
  const bytes = Number(m[1]) * (UNITS[m[2] ?? "B"] ?? 1);
  // Spark prints 8.0 EiB (Long.MaxValue) when it has no estimate.
  if (!Number.isFinite(bytes) || bytes >= 8 * 1024 ** 6) return null;
  return { bytes, text: m[0] };
}

export function statsRows(stats: string | null): number | null {
  const m = stats ? /rowCount=([\d.]+(?:E[+-]?\d+)?)/.exec(stats) : null;
  return m ? Number(m[1]) : null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(n);
}
