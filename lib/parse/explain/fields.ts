/**
 * Structured fields read from an operator's one-line argument string (simple / extended / cost
 * modes), named like formatted explain's detail keys so that analyses read one vocabulary:
 * `PushedFilters`, `PartitionFilters`, `ReadSchema`, `Location`, `Join type`, `Partitioning` ...
 */

/** Splits `a, [b, c], f(d, e)` at top-level commas (brackets, parens and braces balanced). */
export function splitTopLevel(s: string, sep = ","): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote && s[i - 1] !== "\\") quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{" || c === "<") depth++;
    else if ((c === ")" || c === "]" || c === "}" || c === ">") && depth > 0) depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last.length > 0 || out.length > 0) out.push(last);
  return out;
}

const SCAN_KEYS = [
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
const SCAN_KEY = new RegExp(`(?:^|, )(${SCAN_KEYS.join("|")})(?::| \\[)`, "g");
const JOIN_TYPES = /^(Inner|LeftOuter|RightOuter|FullOuter|LeftSemi|LeftAnti|Cross|ExistenceJoin\(.*\))$/;
const BUILD_SIDE = /^Build(Left|Right)$/;

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/** Fields derivable from the tree line alone; formatted detail blocks override them. */
export function deriveFields(name: string, args: string): Record<string, string> {
  if (args.length === 0) return NONE;
  const f: Record<string, string> = {};
  if (name.startsWith("Scan ") || name === "FileScan" || name === "BatchScan" || name.endsWith("Scan")) {
    scanFields(name, args, f);
  } else if (name === "ReusedExchange") {
    // `ReusedExchange [a#1], BroadcastExchange HashedRelationBroadcastMode(...), [plan_id=7]`
    const parts = splitTopLevel(args);
    if (parts[0]?.startsWith("[")) f.Output = parts[0];
  } else if (/Exchange$/.test(name)) {
    const parts = splitTopLevel(args);
    if (parts[0]) f.Partitioning = parts[0];
  } else if (/Join$|^CartesianProduct$/.test(name)) {
    // AQE's skew join handling renames the node: `SortMergeJoin(skew=true) [a#1], [b#2], Inner`.
    if (args.startsWith("(skew=true)")) {
      f.isSkewJoin = "true";
      joinFields(args.slice("(skew=true)".length).trim(), f);
    } else joinFields(args, f);
  } else if (/Filter$/.test(name)) {
    f.Condition = args;
  } else if (/Project$/.test(name) && args.startsWith("[")) {
    f.Output = splitTopLevel(args)[0]!;
  } else if (/Aggregate$/.test(name) && args.startsWith("(")) {
    // `HashAggregate(keys=[a#1], functions=[sum(b#2)], output=[a#1, sum#3L])`
    for (const part of splitTopLevel(args.slice(1, args.endsWith(")") ? -1 : undefined))) {
      const m = /^(keys|functions|output)=(.*)$/s.exec(part);
      if (m) f[{ keys: "Keys", functions: "Functions", output: "Results" }[m[1] as "keys"]] = m[2]!;
    }
  } else if (
    /^(Window|WindowGroupLimit|Sort|Generate|Expand|Union|Coalesce|CollectLimit|TakeOrderedAndProject)$/.test(
      name,
    )
  ) {
    f.Arguments = args;
  }
  return f;
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
  const first = splitTopLevel(text)[0] ?? "";
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
  const head = /^(?:(\w+) )?([^\s[]+)?(\[[^\]]*\])?/.exec(args);
  if (name === "FileScan" && head?.[1]) f.Format = head[1];
  const table =
    name === "FileScan" ? head?.[2] : name.startsWith("Scan ") ? args.split(/[\s[]/)[0] : undefined;
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
}

function joinFields(args: string, f: Record<string, string>): void {
  const parts = splitTopLevel(args);
  // Formatted mode prints `BroadcastHashJoin Inner BuildRight (5)`: words, not a comma list.
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
  // What is left after keys, join type and build side: the condition (and `isSkewJoin` flags).
  const condition = rest.filter(
    (p) => !JOIN_TYPES.test(p) && !BUILD_SIDE.test(p) && !/^(true|false)$/.test(p),
  );
  if (condition.length > 0 && !/^\w+( Build\w+)?$/.test(condition.join(", ")))
    f["Join condition"] = condition.join(", ");
}

/** Formatted mode puts the one-line arguments under `Arguments:`; read the same fields from there. */
export function deriveFromDetails(
  name: string,
  details: Readonly<Record<string, string>>,
): Record<string, string> {
  const f: Record<string, string> = {};
  const args = details.Arguments;
  if (args && (name === "Exchange" || name.endsWith("Exchange")) && !details.Partitioning) {
    const first = splitTopLevel(args)[0];
    if (first) f.Partitioning = first;
  }
  return f;
}
