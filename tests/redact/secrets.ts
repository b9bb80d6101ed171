/**
 * What redaction must remove from a plan, found without the redactor: from the plan model (scan
 * fields `Table`, `Location`, `ReadSchema`, `PushedFilters`, attribute references `name#id` in
 * arguments and detail values, relation names of scan operators) and from the text (URIs,
 * backticked names, comparison literals). Written apart from lib/share/redact.ts on purpose: it
 * shares no pattern with it, so a context the redactor misses shows up here as a leak.
 */
import { parseExplain } from "@/lib/parse/explain";
import type { ParseOutcome, PlanNode } from "@/lib/plan/types";

export interface Secrets {
  /** Column names. */
  readonly columns: ReadonlySet<string>;
  /** Table and database names. */
  readonly relations: ReadonlySet<string>;
  /** Hosts, buckets and path segments of locations and URIs. */
  readonly locations: ReadonlySet<string>;
  /** String and date literals of comparisons (3+ characters): must appear nowhere. */
  readonly values: ReadonlySet<string>;
  /** Every comparison literal (numbers and short strings too): must not stay in a literal position. */
  readonly literals: ReadonlySet<string>;
}

/** Attribute names Spark makes up itself (aggregate buffers, grouping, subquery placeholders). */
const SPARK_MADE = new Set(
  (
    "sum count avg min max first last isEmpty valueSet spark_grouping_id gid dynamicpruning subquery " +
    "exists listquery mask xxhash64 none hash_partition_key"
  ).split(" "),
);
/** Spark's keywords and types: a column named `date` is not leaked by `cast(x as date)`. */
const SPARK_WORDS = new Set(
  (
    "and or not in is null like rlike as case when then else end true false int integer bigint " +
    "smallint tinyint long short byte string date timestamp timestamp_ntz double float decimal boolean " +
    "binary struct array map void char varchar interval inner cross asc desc nulls first last"
  ).split(" "),
);
/** Spark's own catalog and databases, and Databricks' metastore: not user data. */
const SPARK_NAMESPACES = new Set(["spark_catalog", "default", "global_temp", "hive_metastore"]);
/** Spark test-suite masks: not user data. */
const MASKS = ["[not included in comparison]", "{warehouse_dir}", "[*]"];

const ATTR = /(?:`([^`\n]+)`|([A-Za-z_][\w$]*))#(?:\d+|x|X)L?(?![\w$])/g;
const SCAN_NAME =
  /Scan|Relation|FileSource|Jdbc|JDBC|Hive|Delta|Iceberg|Hudi|Hoodie|Photon.*Scan|BatchScan|TableScan/;

function isSparkMade(name: string): boolean {
  return name.startsWith("_") || SPARK_MADE.has(name) || SPARK_WORDS.has(name.toLowerCase());
}

/** `parsed`: the parse of `text` when the caller has it already. */
export function secretsOf(text: string, parsed: ParseOutcome = parseExplain(text)): Secrets {
  const columns = new Set<string>();
  const relations = new Set<string>();
  const locations = new Set<string>();
  const values = new Set<string>();
  const literals = new Set<string>();
  const add = (to: Set<string>) => (n: string) => {
    const clean = n.replace(/^`|`$/g, "").trim();
    if (clean && !isSparkMade(clean) && !SPARK_NAMESPACES.has(clean)) to.add(clean);
  };
  const addColumn = add(columns);
  const addRelation = add(relations);
  const nodes: PlanNode[] = parsed.ok ? parsed.result.plans.flatMap((p) => p.nodes) : [];
  for (const n of nodes) {
    const fields = [n.args, ...Object.values(n.details)];
    for (const f of fields) {
      for (const m of f.matchAll(ATTR)) addColumn(m[1] ?? m[2]!);
      for (const lit of comparisonLiterals(f)) addLiteral(lit, values, literals);
    }
    for (const lit of projectedLiterals(n.args)) addLiteral(lit, new Set(), literals);
    const d = n.details;
    if (d.Table) for (const part of splitQualified(d.Table)) addRelation(part);
    if (d.ReadSchema) for (const f of structFields(d.ReadSchema)) addColumn(f);
    for (const [k, v] of Object.entries(d)) {
      if (/Filters$/.test(k)) for (const c of pushedColumns(v)) for (const p of c.split(".")) addColumn(p);
      if (k === "Location") for (const s of locationParts(v)) locations.add(s);
    }
    if (SCAN_NAME.test(n.name)) for (const t of relationNames(n.args)) addRelation(t);
    if (/Insert|Create|Write|Append|Overwrite|Command/.test(n.name)) {
      for (const m of n.args.matchAll(/\[([\w, ]+)\]/g)) {
        for (const c of m[1]!.split(",")) if (/^\s*[A-Za-z_]\w*\s*$/.test(c)) addColumn(c);
      }
    }
  }
  // Plan-stability "simplified" trees name columns bare: `Project [c_customer_id]`, `count(x)`.
  const plans = parsed.ok ? parsed.result.plans : [];
  for (const p of plans) {
    const fields = p.nodes.flatMap((n) => [n.args, ...Object.values(n.details)]);
    if (fields.some((f) => /\w#(?:\d|x|X)/.test(f))) continue;
    for (const n of p.nodes) for (const w of bareColumns(n.args)) addColumn(w);
  }
  for (const m of text.matchAll(/`[^`\n]+`(?:\.`[^`\n]+`)+/g))
    for (const p of splitQualified(m[0])) addRelation(p);
  for (const m of text.matchAll(/JDBCRelation\(([^)\n]+)\)/g))
    for (const p of splitQualified(m[1]!)) addRelation(p);
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/?[^\s,\][()'"]+/gi)) {
    for (const s of uriParts(m[0])) locations.add(s);
  }
  for (const m of text.matchAll(/(?<=[\s[=(,])\/(?:[\w.{}-]+\/)*[\w.{}-]+/g)) {
    for (const s of pathSegments(m[0])) locations.add(s);
  }
  for (const note of parsed.ok ? parsed.result.plans.flatMap((p) => p.notes ?? []) : []) {
    for (const m of note.text.matchAll(ATTR)) addColumn(m[1] ?? m[2]!);
    for (const lit of comparisonLiterals(note.text)) addLiteral(lit, values, literals);
  }
  return { columns, relations, locations, values, literals };
}

function addLiteral(raw: string, values: Set<string>, literals: Set<string>) {
  const v = raw.trim();
  if (!v || v.includes("#") || /^(null|true|false|none)$/i.test(v) || /\w\(/.test(v)) return;
  literals.add(v);
  if (v.length >= 3 && !/^-?[\d.]+(?:[eE][+-]?\d+)?(?:BD|[LSYDF])?$/.test(v)) values.add(v);
}

/**
 * Values a list projects under a name, `[store AS channel#12, 1 AS one#3]` (Spark prints strings
 * unquoted there): the list's top-level items, cut by bracket depth, whose left side of ` AS ` has
 * no attribute, call or bracket.
 */
export function projectedLiterals(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    if (c === "[" || c === "(") {
      depth++;
      if (depth === 1 && c === "[") start = i + 1;
      continue;
    }
    if (c === "]" || c === ")") depth--;
    if (start >= 0 && ((depth === 1 && c === ",") || (depth === 0 && c === "]"))) {
      const item = args.slice(start, i).trim();
      const as = item.lastIndexOf(" AS ");
      const left = as > 0 ? item.slice(0, as) : "";
      if (left && /#\d+$/.test(item) && !/[#()[\]]/.test(left) && !/^(null|true|false)$/i.test(left))
        out.push(left);
      start = depth === 1 ? i + 1 : -1;
    }
  }
  return out;
}

/** Right-hand literals of `(x op v)`, `x IN (v, w)`, and pushed filters `EqualTo(c,v)` / `In(c, [v])`. */
export function comparisonLiterals(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/ (?:=|<=>|!=|<>|<|>|<=|>=|LIKE|RLIKE|ILIKE) ([^()#,[\]]+?)\)/g))
    out.push(m[1]!);
  for (const m of s.matchAll(/ IN \(([^()#]*)\)/g)) out.push(...m[1]!.split(","));
  for (const m of s.matchAll(
    /\b(?:EqualTo|EqualNullSafe|GreaterThan|GreaterThanOrEqual|LessThan|LessThanOrEqual|StringStartsWith|StringEndsWith|StringContains)\([^,()]+,([^()]*)\)/g,
  ))
    out.push(m[1]!);
  for (const m of s.matchAll(/\bIn\([^,()]+, \[([^\]]*)\]\)/g)) out.push(...m[1]!.split(","));
  for (const m of s.matchAll(/Pruned Partitions: \[(.*?)\]/g)) {
    for (const kv of m[1]!.matchAll(/\w+=([^,()]+)/g)) out.push(kv[1]!);
  }
  return out.map((v) => v.trim()).filter(Boolean);
}

/** Identifiers of a `#`-less argument string that are neither calls, qualified parts, nor values. */
function bareColumns(args: string): string[] {
  const out: string[] = [];
  const values = new Set(comparisonLiterals(args).flatMap((v) => v.split(/\s+/)));
  const tokens = args.replace(/\[COMET: .*?\]/g, "").split(/([A-Za-z_][\w$]*)/);
  for (let i = 1; i < tokens.length; i += 2) {
    const word = tokens[i]!;
    const before = tokens[i - 1]!;
    const after = tokens[i + 1] ?? "";
    if (after.startsWith("(") || after.startsWith(".") || before.endsWith(".") || before.endsWith("#"))
      continue;
    if (before.endsWith("'") || /^[A-Z_]+$/.test(word) || /^[\d]/.test(before.slice(-1))) continue;
    if (values.has(word) || /^(?:parquet|orc|csv|json|text|avro)$/i.test(word)) continue;
    if (/^native_(?:iceberg_compat|datafusion|comet)$/.test(word)) continue; // Comet's scan modes
    out.push(word);
  }
  return out;
}

function splitQualified(s: string): string[] {
  return s
    .split(/`\.`|\./)
    .map((p) => p.replace(/`/g, ""))
    .filter(Boolean);
}

/** Names of a `struct<a:int,b:struct<c:string>>` at every depth. */
function structFields(schema: string): string[] {
  return [...schema.matchAll(/(?<=[<,])\s*(`[^`]+`|[A-Za-z_][\w$]*):/g)].map((m) => m[1]!);
}

function pushedColumns(v: string): string[] {
  return [...v.matchAll(/\b[A-Z]\w*\((`[^`]+`|[A-Za-z_][\w$.]*)[,)]/g)].map((m) => m[1]!.replace(/`/g, ""));
}

/** A scan's relation: the first dotted name of its arguments (`parquet db.t[...]`, `local.db.t`). */
function relationNames(args: string): string[] {
  const m = /(?:^|[\s(])((?:`[^`]+`|[A-Za-z_][\w$]*)(?:\.(?:`[^`]+`|[A-Za-z_][\w$]*))+)(?=[\s[(,]|$)/.exec(
    args,
  );
  return m ? splitQualified(m[1]!) : [];
}

function locationParts(v: string): string[] {
  let s = v;
  for (const mask of MASKS) s = s.split(mask).join(" ");
  const body = s.replace(/^\s*\w*(?:\(\d+ paths?\))?\s*/, "").replace(/, \.\.\. \d+ entries/, "");
  const out: string[] = [];
  for (const path of body.split(/[[\],\s]+/)) {
    if (!path) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) out.push(...uriParts(path));
    else out.push(...pathSegments(path));
  }
  return out;
}

function uriParts(uri: string): string[] {
  const m = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/]*))?(.*)$/i.exec(uri);
  if (!m) return [];
  const out = pathSegments(m[3]!);
  if (m[2]) out.push(...m[2].split(/[@:]/).filter((p) => p.length > 0 && !/^\d+$/.test(p)));
  return out;
}

function pathSegments(path: string): string[] {
  let s = path;
  for (const mask of MASKS) s = s.split(mask).join("/");
  return s
    .split(/[/]+/)
    .filter((p) => p.length >= 2 && !/^\{?warehouse_dir\}?$/.test(p) && /[A-Za-z]/.test(p));
}

/** Spark's fixed notations, which hold words (`id`) a column may share. */
const NOTATIONS =
  /\[codegen id : \d+\]|\[Reuses operator id: \d+\]|Hosting operator id = \d+|\[(?:plan_)?id=#?\d+\]/g;

function escapeRe(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `word` as a whole token; `call`: a function call of that name does not count. */
function found(text: string, word: string, call: boolean): boolean {
  return new RegExp(`(?<![\\w$])${escapeRe(word)}(?![\\w$])${call ? "(?!\\()" : ""}`).test(text);
}

/** A location piece next to a path or URI separator (`/seg`, `host:`, `user@`). */
function foundInPath(text: string, seg: string): boolean {
  const w = escapeRe(seg);
  return new RegExp(`(?<=[/:@])${w}(?![\\w$.-])|(?<![\\w$.-])${w}(?=[/:@])`).test(text);
}

/** Every secret of `original` still readable in `redacted`, as `kind: value`. */
export function leaks(
  original: string,
  redacted: string,
  parsed: { original?: ParseOutcome; redacted?: ParseOutcome } = {},
): string[] {
  const s = secretsOf(original, parsed.original);
  const text = redacted.replace(NOTATIONS, " ");
  const out: string[] = [];
  for (const n of s.columns) if (found(text, n, true)) out.push(`column: ${n}`);
  for (const n of s.relations) if (found(text, n, false)) out.push(`relation: ${n}`);
  for (const l of s.locations) if (foundInPath(text, l)) out.push(`location: ${l}`);
  for (const v of s.values) if (found(text, v, false)) out.push(`value: ${v}`);
  const after = secretsOf(redacted, parsed.redacted).literals;
  for (const v of s.literals) if (after.has(v)) out.push(`literal: ${v}`);
  return out;
}
