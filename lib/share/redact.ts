/**
 * Redaction of explain text before it leaves the browser. Pure: text in, text out, plus what was
 * replaced (the mapping stays with the author; only the redacted text is uploaded).
 *
 * - `literals`: numbers, dates and bare string values inside conditions and pushed-down filters
 *   become `num_1`, `date_1`, `str_1` (the same value gets the same placeholder everywhere, so
 *   "these two filters compare against the same value" still reads).
 * - `locations`: URIs (`s3a://bucket/path`, `file:/tmp/x`, `hdfs://host:8020/...`) anywhere and bare
 *   paths in `Location` become `scheme://host_1/path_2`.
 * - `names`: table, database and column names become `table_1`, `db_1`, `col_1`, consistently; the
 *   `#id` of an attribute is kept (`amount#14` → `col_3#14`) so the plan still parses and reads.
 *
 * Operator names, detail keys, function names, keywords and types are never touched, and no line
 * is added or removed, so the redacted text parses to the same plan graph (tested on the corpus).
 */
import { parseExplain } from "@/lib/parse/explain";

export interface RedactOptions {
  readonly literals: boolean;
  readonly locations: boolean;
  readonly names: boolean;
}

export interface Replacement {
  readonly kind: "literal" | "location" | "table" | "database" | "column";
  readonly from: string;
  readonly to: string;
}

export interface RedactResult {
  readonly text: string;
  /** Every distinct value replaced, in first-seen order. Never uploaded. */
  readonly replacements: readonly Replacement[];
}

const KEPT_NAMESPACES = new Set(["spark_catalog", "default", "global_temp"]);
/** Spark-generated attribute names: not user data, and they help reading the plan. */
const INTERNAL_NAMES = new Set([
  "dynamicpruning",
  "subquery",
  "exists",
  "listquery",
  "spark_grouping_id",
  "gid",
]);
const FORMATS = new Set([
  "parquet",
  "orc",
  "csv",
  "json",
  "text",
  "avro",
  "delta",
  "iceberg",
  "hive",
  "jdbc",
]);
const URI_SCHEMES =
  "file|hdfs|s3|s3a|s3n|gs|abfs|abfss|wasb|wasbs|adl|dbfs|viewfs|oss|cos|cosn|obs|alluxio|webhdfs|swebhdfs|ofs|o3fs|lakefs|jdbc|https?|ftp";
/** Words that are Spark syntax, not data: never renamed, never taken for a string literal. */
const KEYWORDS = new Set(
  [
    "and or not in is null like rlike ilike as case when then else end between distinct interval escape",
    "true false none some asc desc nulls first last",
    "inner cross leftouter rightouter fullouter leftsemi leftanti leftsingle existencejoin buildleft buildright",
    "int integer bigint smallint tinyint long short byte string date timestamp timestamp_ntz double float",
    "decimal boolean binary struct array map void char varchar",
  ]
    .join(" ")
    .split(" "),
);

const ATTRIBUTE = /(?<![\w$-])([A-Za-z_][\w$]*)#(?:\d+|x)L?(?![\w$])/g;
const QUALIFIED = String.raw`((?:[A-Za-z_][\w$]*\.)*[A-Za-z_][\w$]*)`;
const TABLE_CONTEXTS: readonly RegExp[] = [
  new RegExp(
    String.raw`\b(?:Scan|FileScan|CometScan|NativeScan)(?: \[[^\]]*\])? [a-z]\w* ${QUALIFIED}(?=\[| |$)`,
    "gm",
  ),
  new RegExp(String.raw`\bBatchScan ${QUALIFIED}(?=\[)`, "g"),
  new RegExp(String.raw`\bRelation ${QUALIFIED}(?=\[)`, "g"),
  new RegExp(String.raw`\bSubqueryAlias ${QUALIFIED}`, "g"),
];
const UNRESOLVED_RELATION = /UnresolvedRelation \[([^\]]*)\]/g;
const BACKTICKED = /`[^`\n]+`(?:\.`[^`\n]+`)+/g;
const READ_SCHEMA = /ReadSchema: (struct<.*>)/g;

/** Scanner for the body of a line: one alternative per token kind, tried at each position. */
const TOKEN = new RegExp(
  [
    String.raw`(?<uri>\b(?:${URI_SCHEMES}):(?:\/\/[^\/\s,\]\[()]*)?[^\s,\]\[()]*)`,
    String.raw`(?<attr>(?<![\w$-])[A-Za-z_][\w$]*#(?:\d+|x)L?(?![\w$]))`,
    String.raw`(?<backticked>\x60[^\x60\n]+\x60)`,
    String.raw`(?<date>(?<![\w$.#])\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?(?![\w$]))`,
    String.raw`(?<num>(?<![\w$.#])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:BD|[LSYDF])?(?![\w$]))`,
    String.raw`(?<word>[A-Za-z_][\w$]*)`,
    String.raw`(?<path>(?<=[\[ ,])\/[^\s,\]\[]*)`,
  ].join("|"),
  "gy",
);

interface Names {
  readonly columns: Set<string>;
  readonly tables: Set<string>;
  readonly databases: Set<string>;
  /** Operator names and detail keys: structure, never renamed. */
  readonly structural: Set<string>;
}

class Pseudonyms {
  readonly replacements: Replacement[] = [];
  private readonly maps = new Map<string, Map<string, string>>();
  private readonly counters = new Map<string, number>();
  constructor(private readonly taken: ReadonlySet<string>) {}

  get(kind: Replacement["kind"], prefix: string, from: string): string {
    let m = this.maps.get(prefix);
    if (!m) {
      m = new Map();
      this.maps.set(prefix, m);
    }
    let to = m.get(from);
    if (to === undefined) {
      let n = (this.counters.get(prefix) ?? 0) + 1;
      while (this.taken.has(`${prefix}_${n}`)) n++;
      this.counters.set(prefix, n);
      to = `${prefix}_${n}`;
      m.set(from, to);
      this.replacements.push({ kind, from, to });
    }
    return to;
  }
}

export function redactPlan(text: string, opts: RedactOptions): RedactResult {
  if (!opts.literals && !opts.locations && !opts.names) return { text, replacements: [] };
  const lines = text.split("\n");
  const parsed = parseExplain(text);
  const nodesByLine = new Map<number, string>();
  const nameById = new Map<number, string>();
  if (parsed.ok) {
    for (const plan of parsed.result.plans) {
      for (const n of plan.nodes) {
        nodesByLine.set(n.line, n.name);
        if (n.operatorId !== null) nameById.set(n.operatorId, n.name);
      }
    }
  }
  const names = collectNames(text, nodesByLine);
  const taken = new Set<string>(text.match(/[A-Za-z_][\w$]*/g) ?? []);
  const ps = new Pseudonyms(taken);
  const out = lines.map((line, i) =>
    redactLine(line, lineShape(line, nodesByLine.get(i + 1) ?? null, nameById), names, opts, ps),
  );
  return { text: out.join("\n"), replacements: ps.replacements };
}

function collectNames(text: string, nodesByLine: ReadonlyMap<number, string>): Names {
  const columns = new Set<string>();
  const tables = new Set<string>();
  const databases = new Set<string>();
  const structural = new Set<string>();
  for (const name of nodesByLine.values())
    for (const w of name.match(/[A-Za-z_][\w$]*/g) ?? []) structural.add(w);
  for (const m of text.matchAll(/^([A-Z][\w ]*?)(?: \[\d+\])? ?: /gm)) {
    for (const w of m[1]!.split(" ")) structural.add(w);
  }
  for (const m of text.matchAll(ATTRIBUTE)) if (!isInternal(m[1]!)) columns.add(m[1]!);
  for (const m of text.matchAll(READ_SCHEMA)) {
    for (const f of m[1]!.matchAll(/(?<=[<,])([A-Za-z_][\w$]*):/g)) columns.add(f[1]!);
  }
  const addQualified = (parts: readonly string[]) => {
    const clean = parts.map((p) => p.replace(/^`|`$/g, "")).filter(Boolean);
    const table = clean.pop();
    if (!table || FORMATS.has(table.toLowerCase())) return;
    tables.add(table);
    for (const ns of clean) if (!KEPT_NAMESPACES.has(ns)) databases.add(ns);
  };
  for (const re of TABLE_CONTEXTS) for (const m of text.matchAll(re)) addQualified(m[1]!.split("."));
  for (const m of text.matchAll(UNRESOLVED_RELATION)) addQualified(m[1]!.split(/,\s*/));
  for (const m of text.matchAll(BACKTICKED)) addQualified(m[0].split("`.`"));
  for (const set of [columns, tables, databases]) {
    for (const w of set) if (KEYWORDS.has(w.toLowerCase()) || structural.has(w)) set.delete(w);
  }
  return { columns, tables, databases, structural };
}

function isInternal(name: string): boolean {
  return name.startsWith("_") || INTERNAL_NAMES.has(name);
}

interface LineShape {
  /** Characters before this offset are structure (tree connectors, operator name, detail key). */
  readonly protectedUntil: number;
  /** [start, end) spans holding conditions, where literals are redacted. */
  readonly regions: readonly (readonly [number, number])[];
  /** Offset after which bare absolute paths are locations. */
  readonly locationFrom: number;
  /** [start, end) spans of fixed Spark notation copied verbatim (`[codegen id : 1]`, `[plan_id=5]`). */
  readonly verbatim: readonly (readonly [number, number])[];
}

const NOTATION = /\[codegen id : \d+\]|\[Reuses operator id: \d+\]|\b(?:plan_)?id=#?\d+/g;

function lineShape(line: string, nodeName: string | null, nameById: ReadonlyMap<number, string>): LineShape {
  const regions: [number, number][] = [];
  let protectedUntil = 0;
  let argsFrom = -1;
  if (/^\s*={2,}/.test(line))
    return { protectedUntil: line.length, regions, locationFrom: line.length, verbatim: [] };
  const subquery = /^Subquery:\d+ Hosting operator id = \d+ Hosting Expression = /.exec(line);
  const header = /^\((\d+)\) /.exec(line);
  const key = /^([A-Z][\w ]*?)(?: \[\d+\])? ?: /.exec(line);
  if (subquery) protectedUntil = subquery[0].length;
  else if (nodeName !== null) {
    const at = line.indexOf(nodeName);
    protectedUntil = at < 0 ? 0 : at + nodeName.length;
    argsFrom = protectedUntil;
  } else if (header) {
    const name = nameById.get(Number(header[1]));
    protectedUntil = header[0].length + (name && line.startsWith(name, header[0].length) ? name.length : 0);
  } else if (key) {
    protectedUntil = key[0].length;
    if (/condition|filters/i.test(key[1]!)) regions.push([key[0].length, line.length]);
  }
  // Pushed-down filters printed inline (simple-mode scans): `PushedFilters: [...]`.
  for (const m of line.matchAll(/\w*Filters: ?\[/g)) {
    const open = m.index + m[0].length - 1;
    regions.push([open, closing(line, open)]);
  }
  // Conditions in the arguments of filters and joins (`Filter (a#1 > 5)`, `..., Inner, (x#2 = 3)`).
  if (argsFrom >= 0 && nodeName !== null && /Filter|Join/.test(nodeName)) {
    for (let i = argsFrom; i < line.length; i++) {
      if (line[i] !== "(") continue;
      const end = closing(line, i);
      if (!/^\(\d+\)$/.test(line.slice(i, end))) regions.push([i, end]); // not the `(n)` operator id
      i = end - 1;
    }
  }
  const loc = line.indexOf("Location");
  const verbatim = [...line.matchAll(NOTATION)].map((m) => [m.index, m.index + m[0].length] as const);
  return { protectedUntil, regions, locationFrom: loc < 0 ? line.length : loc, verbatim };
}

/** Offset just past the bracket that closes the one at `open` (or the line end). */
function closing(line: string, open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < line.length; i++) {
    const c = line[i]!;
    if (c === "(" || c === "[") stack.push(pairs[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return line.length;
}

function redactLine(
  line: string,
  shape: LineShape,
  names: Names,
  opts: RedactOptions,
  ps: Pseudonyms,
): string {
  if (shape.protectedUntil >= line.length) return line;
  const inRegion = (at: number) => shape.regions.some(([a, b]) => at >= a && at < b);
  let out = line.slice(0, shape.protectedUntil);
  let i = shape.protectedUntil;
  TOKEN.lastIndex = i;
  while (i < line.length) {
    const keep = shape.verbatim.find(([a, b]) => i >= a && i < b);
    if (keep) {
      out += line.slice(i, keep[1]);
      i = keep[1];
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(line);
    if (!m) {
      out += line[i];
      i++;
      continue;
    }
    const g = m.groups!;
    const tok = m[0];
    let next = i + tok.length;
    let rep = tok;
    if (g.uri !== undefined) {
      if (opts.locations) rep = redactUri(tok, ps);
    } else if (g.attr !== undefined) {
      const hash = tok.indexOf("#");
      rep = renameWord(tok.slice(0, hash), names, opts, ps, true) + tok.slice(hash);
    } else if (g.backticked !== undefined) {
      rep = `\`${renameWord(tok.slice(1, -1), names, opts, ps, false)}\``;
    } else if (g.date !== undefined) {
      if (opts.literals && inRegion(i)) rep = ps.get("literal", "date", tok);
    } else if (g.num !== undefined) {
      if (opts.literals && inRegion(i)) rep = ps.get("literal", "num", tok);
    } else if (g.path !== undefined) {
      if (opts.locations && i > shape.locationFrom && tok.length > 1)
        rep = `/${ps.get("location", "path", tok)}`;
    } else if (g.word !== undefined) {
      const isCall = line[next] === "(";
      if (isCall || KEYWORDS.has(tok.toLowerCase()) || names.structural.has(tok)) {
        // syntax: keep
      } else if (isKnown(tok, names)) {
        rep = renameWord(tok, names, opts, ps, false);
      } else if (opts.literals && inRegion(i)) {
        // A bare string value (Spark prints string literals unquoted): take the whole run of words.
        const run = /^(?: +[A-Za-z0-9_][\w$]*(?![\w$(]))*/.exec(line.slice(next))![0];
        const words = run.trim() ? run.trim().split(/ +/) : [];
        const stop = words.findIndex((w) => KEYWORDS.has(w.toLowerCase()) || isKnown(w, names));
        const take = stop < 0 ? words : words.slice(0, stop);
        const value = [tok, ...take].join(" ");
        const span = take.length === 0 ? 0 : nthWordEnd(line.slice(next), take.length);
        next += span;
        rep = ps.get("literal", "str", value);
      }
    }
    out += rep;
    i = next;
  }
  return out;
}

function nthWordEnd(s: string, n: number): number {
  const re = / +[A-Za-z0-9_][\w$]*/y;
  let at = 0;
  for (let k = 0; k < n; k++) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) break;
    at += m[0].length;
  }
  return at;
}

function isKnown(w: string, names: Names): boolean {
  return names.columns.has(w) || names.tables.has(w) || names.databases.has(w) || isInternal(w);
}

function renameWord(
  w: string,
  names: Names,
  opts: RedactOptions,
  ps: Pseudonyms,
  isAttribute: boolean,
): string {
  if (!opts.names || isInternal(w) || KEPT_NAMESPACES.has(w)) return w;
  if (isAttribute || names.columns.has(w)) return names.columns.has(w) ? ps.get("column", "col", w) : w;
  if (names.tables.has(w)) return ps.get("table", "table", w);
  if (names.databases.has(w)) return ps.get("database", "db", w);
  return w;
}

function redactUri(uri: string, ps: Pseudonyms): string {
  const m = /^([a-z0-9+.-]+):(\/\/[^/]*)?(.*)$/i.exec(uri)!;
  const scheme = m[1]!;
  const authority = m[2] ? `//${ps.get("location", "host", m[2].slice(2))}` : "";
  const path = m[3] ? `/${ps.get("location", "path", m[3])}` : "";
  return `${scheme}:${authority}${path}`;
}
