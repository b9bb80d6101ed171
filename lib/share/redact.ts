/**
 * Redaction of explain text before it leaves the browser (and in `plansight redact`). Pure: text
 * in, text out, plus what was replaced (the mapping stays with the author; only the redacted text
 * is uploaded).
 *
 * - `literals`: the values Spark compares with (redact-literals.ts says where they are) become
 *   `num_1`, `date_1`, `str_1`; the same value gets the same placeholder everywhere, also where it
 *   is printed outside a comparison and where codegen inlined it into the generated Java.
 * - `locations`: URIs (`s3a://bucket/path`, `file:/tmp/x`, `hdfs://host:8020/...`, any
 *   `scheme://...`) and bare absolute paths anywhere become `scheme://host_1/path_2`, `/path_3`.
 * - `names`: table, database and column names (redact-names.ts says how they are found) become
 *   `table_1`, `db_1`, `col_1` wherever they stand; the `#id` of an attribute is kept
 *   (`amount#14` → `col_3#14`) so the plan still parses and reads.
 *
 * Operator names, detail keys, function names, keywords, types and Spark's notations
 * (`[codegen id : 1]`, `[plan_id=5]`) are never touched, and no line is added or removed, so the
 * redacted text parses to the same plan graph. Both properties are checked over the corpus and
 * the pyspark fixtures by tests/redact (a leak finder written apart from this code).
 */
import { parseExplain } from "@/lib/parse/explain";
import type { PlanNode } from "@/lib/plan/types";
import { literalSpans, type Span } from "./redact-literals";
import { collectNames, isInternal, KEPT_NAMESPACES, KEYWORDS, type Names } from "./redact-names";

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

/** Schemes written with one slash or none (`file:/tmp/x`); any other `scheme://` is a URI too. */
const URI_SCHEMES =
  "file|hdfs|s3|s3a|s3n|gs|abfs|abfss|wasb|wasbs|adl|dbfs|viewfs|oss|cos|cosn|obs|alluxio|webhdfs|swebhdfs|ofs|o3fs|lakefs|jdbc|https?|ftp";

/** Scanner for the body of a line: one alternative per token kind, tried at each position. */
const TOKEN = new RegExp(
  [
    String.raw`(?<uri>\b(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|(?:${URI_SCHEMES}):)[^\s,\]\[()]*)`,
    String.raw`(?<attr>(?<![\w$-])[A-Za-z_][\w$]*#(?:\d+|x|X)L?(?![\w$]))`,
    String.raw`(?<backticked>\x60[^\x60\n]+\x60)`,
    String.raw`(?<jdbc>(?<=\bJDBCRelation\()[^\n]+?(?=\) ?(?:\[|$)))`,
    String.raw`(?<word>[A-Za-z_][\w$]*)`,
    String.raw`(?<path>(?<=[\[ ,=(\]:]|^)\/[\w.{}~$@%+=-][^\s,\]\[()]*)`,
    String.raw`(?<num>[0-9][\w.]*)`,
    String.raw`(?<other>[^\w$\x60\/(]+|\()`, // `(` alone: `JDBCRelation(` ends right there
  ].join("|"),
  "gy",
);

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

  /** Values already given a pseudonym under `prefix`. */
  seen(prefix: string): ReadonlyMap<string, string> {
    return this.maps.get(prefix) ?? new Map();
  }
}

/** What a line pass needs: the names to rename, the pseudonyms, the options. */
interface Ctx {
  readonly names: Names;
  readonly opts: RedactOptions;
  readonly ps: Pseudonyms;
}

export function redactPlan(text: string, opts: RedactOptions): RedactResult {
  if (!opts.literals && !opts.locations && !opts.names) return { text, replacements: [] };
  const lines = text.split("\n");
  const parsed = parseExplain(text);
  const plans = parsed.ok ? parsed.result.plans : [];
  const nodes: PlanNode[] = plans.flatMap((p) => p.nodes);
  const nodesByLine = new Map<number, string | null>();
  const nameById = new Map<number, string>();
  for (const n of nodes) {
    // Several operators on one line (a `show()` table cell): no single structural prefix.
    nodesByLine.set(n.line, nodesByLine.has(n.line) ? null : n.name);
    if (n.operatorId !== null) nameById.set(n.operatorId, n.name);
  }
  const code = new Set<number>();
  for (const p of plans)
    for (const g of p.generatedCode ?? []) for (let l = g.startLine; l <= g.endLine; l++) code.add(l);
  const names = collectNames(
    text,
    nodes,
    plans.flatMap((p) => (p.notes ?? []).map((n) => n.text)),
  );
  const ctx: Ctx = { names, opts, ps: new Pseudonyms(new Set(text.match(/[A-Za-z_][\w$]*/g) ?? [])) };
  const out = [...lines];
  const shapes = new Map<number, LineShape>();
  lines.forEach((line, i) => {
    if (code.has(i + 1)) return;
    const shape =
      nodesByLine.get(i + 1) === null
        ? { protectedUntil: 0, verbatim: [] }
        : lineShape(line, nodesByLine.get(i + 1) ?? null, nameById);
    shapes.set(i, shape);
    out[i] = redactLine(line, shape, ctx);
  });
  // Generated Java after the plan lines, so it sees every literal the conditions held.
  for (const l of code) out[l - 1] = redactCode(lines[l - 1] ?? "", ctx);
  if (opts.literals) renameLooseValues(out, shapes, ctx);
  return { text: out.join("\n"), replacements: ctx.ps.replacements };
}

interface LineShape {
  /** Characters before this offset are structure (tree connectors, operator name, detail key). */
  readonly protectedUntil: number;
  /** [start, end) spans of fixed Spark notation copied verbatim (`[codegen id : 1]`, `[plan_id=5]`). */
  readonly verbatim: readonly Span[];
}

const NOTATION = /\[codegen id : \d+\]|\[Reuses operator id: \d+\]|\b(?:plan_)?id=#?\d+/g;

function lineShape(line: string, nodeName: string | null, nameById: ReadonlyMap<number, string>): LineShape {
  let protectedUntil = 0;
  if (/^\s*={2,}/.test(line)) return { protectedUntil: line.length, verbatim: [] };
  const subquery = /^Subquery:\d+ Hosting operator id = \d+ Hosting Expression = /.exec(line);
  const header = /^\((\d+)\) /.exec(line);
  const key = /^([A-Z][\w ]*?)(?: \[\d+\])? ?: /.exec(line);
  if (subquery) protectedUntil = subquery[0].length;
  else if (nodeName !== null) {
    // Only a name after tree connectors and markers is the line's own (`:  +- *(2) Filter`).
    const at = line.indexOf(nodeName);
    protectedUntil = at >= 0 && /^[\s:|+\-*!'~^()\d]*$/.test(line.slice(0, at)) ? at + nodeName.length : 0;
  } else if (header) {
    const name = nameById.get(Number(header[1]));
    protectedUntil = header[0].length + (name && line.startsWith(name, header[0].length) ? name.length : 0);
  } else if (key) protectedUntil = key[0].length;
  const verbatim = line.includes("id")
    ? [...line.matchAll(NOTATION)].map((m) => [m.index, m.index + m[0].length] as const)
    : [];
  return { protectedUntil, verbatim };
}

function literalKind(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+)?$/.test(value)) return "date";
  if (/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:BD|[LSYDF])?$/.test(value)) return "num";
  return "str";
}

function redactLine(line: string, shape: LineShape, ctx: Ctx): string {
  if (shape.protectedUntil >= line.length) return line;
  const { opts, ps } = ctx;
  // A bare column (simplified trees print `(d_day_name = Sunday)`) is not a literal.
  const isName = (w: string) => ctx.names.columns.has(w);
  const literals = opts.literals ? literalSpans(line, shape.protectedUntil, isName) : [];
  // Tokens are cut where a literal or a verbatim notation starts (`(x#1 = 5)`: `5` is the literal's).
  const starts = [...literals.map((l) => l[0]), ...shape.verbatim.map((v) => v[0])].sort((a, b) => a - b);
  let out = line.slice(0, shape.protectedUntil);
  let i = shape.protectedUntil;
  let nextLiteral = 0;
  let nextStart = 0;
  while (i < line.length) {
    const keep = shape.verbatim.find(([a, b]) => i >= a && i < b);
    if (keep) {
      out += line.slice(i, keep[1]);
      i = keep[1];
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(line);
    if (m?.groups?.jdbc !== undefined) {
      // A JDBC relation is one token, even when it holds a whole query with its own conditions.
      out += redactToken(m.groups, m[0], line[i + m[0].length], ctx);
      i += m[0].length;
      continue;
    }
    while (nextLiteral < literals.length && literals[nextLiteral]![0] < i) nextLiteral++;
    const lit = literals[nextLiteral];
    if (lit && lit[0] === i) {
      const value = line.slice(lit[0], lit[1]);
      out += ps.get("literal", literalKind(value), value);
      i = lit[1];
      continue;
    }
    while (nextStart < starts.length && starts[nextStart]! <= i) nextStart++;
    const limit = starts[nextStart] ?? line.length;
    if (!m) {
      out += line[i];
      i++;
      continue;
    }
    const stop = Math.min(limit, i + m[0].length);
    out +=
      m.groups!.other !== undefined
        ? line.slice(i, stop)
        : redactToken(m.groups!, line.slice(i, stop), line[stop], ctx);
    i = stop;
  }
  return out;
}

function redactToken(
  g: Record<string, string | undefined>,
  tok: string,
  after: string | undefined,
  ctx: Ctx,
): string {
  const { names, opts, ps } = ctx;
  if (g.uri !== undefined) return opts.locations ? redactUri(tok, ps) : tok;
  if (g.attr !== undefined) {
    const hash = tok.indexOf("#");
    return hash < 0 ? tok : renameWord(tok.slice(0, hash), ctx) + tok.slice(hash);
  }
  if (g.backticked !== undefined) return `\`${renameWord(tok.slice(1, -1), ctx)}\``;
  if (g.jdbc !== undefined) {
    if (!opts.names) return tok;
    // `JDBCRelation(db.t)` names a table; `JDBCRelation((select ...) q)` holds a whole query.
    if (/^\w+(?:\.\w+)*$/.test(tok))
      return tok
        .split(".")
        .map((w) => renameWord(w, ctx))
        .join(".");
    return ps.get("table", "query", tok);
  }
  if (g.path !== undefined) return opts.locations ? `/${ps.get("location", "path", tok)}` : tok;
  if (g.word !== undefined) {
    if (KEYWORDS.has(tok.toLowerCase()) || names.structural.has(tok)) return tok;
    // A call keeps its function name, unless a relation has it (`CREATE TABLE t(a INT)`).
    if (after === "(" && !names.tables.has(tok) && !names.databases.has(tok)) return tok;
    return renameWord(tok, ctx);
  }
  return tok;
}

function renameWord(w: string, ctx: Ctx): string {
  const { names, opts, ps } = ctx;
  if (!opts.names || isInternal(w) || KEPT_NAMESPACES.has(w)) return w;
  if (names.columns.has(w)) return ps.get("column", "col", w);
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

/**
 * Generated Java (codegen mode): names are renamed like anywhere else, and the condition literals
 * Spark inlined as constants (`filter_value_4 == 1998`, `"Alice"`) get their placeholders. Single
 * digits stay: Java is full of them and they say nothing about the data.
 */
function redactCode(line: string, ctx: Ctx): string {
  const named = redactLine(
    line,
    { protectedUntil: 0, verbatim: [] },
    { ...ctx, opts: { ...ctx.opts, literals: false } },
  );
  if (!ctx.opts.literals) return named;
  const nums = ctx.ps.seen("num");
  const strs = ctx.ps.seen("str");
  return named
    .replace(/(?<![\w$.])(-?\d[\d.]*)(?:[LDF])?(?![\w$.])/g, (all, n: string) => {
      const to = n.replace(/^-/, "").length > 1 ? (nums.get(n) ?? nums.get(all)) : undefined;
      return to ?? all;
    })
    .replace(/"((?:[^"\\]|\\.)*)"/g, (all, s: string) => {
      const to = strs.get(s);
      return to === undefined ? all : `"${to}"`;
    });
}

/**
 * A string or date literal also printed outside a comparison (`CASE WHEN ... THEN Sunday`, a
 * note) gets the same placeholder there: after the line pass, every literal value of three
 * characters or more is replaced wherever it stands as a whole token.
 */
function renameLooseValues(out: string[], shapes: ReadonlyMap<number, LineShape>, ctx: Ctx) {
  const values = [...ctx.ps.seen("str"), ...ctx.ps.seen("date")].filter(
    ([v]) => v.length >= 3 && !KEYWORDS.has(v.toLowerCase()) && !ctx.names.structural.has(v),
  );
  if (values.length === 0) return;
  const to = new Map(values);
  out.forEach((line, i) => {
    const from = shapes.get(i)?.protectedUntil ?? 0;
    if (from >= line.length) return;
    const body = line.slice(from);
    const here = values.filter(([v]) => body.includes(v));
    if (here.length === 0) return;
    const alternatives = here
      .map(([v]) => v)
      .sort((a, b) => b.length - a.length)
      .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(`(?<![\\w$])(?:${alternatives.join("|")})(?![\\w$(])`, "g");
    out[i] = line.slice(0, from) + body.replace(re, (v) => to.get(v) ?? v);
  });
}
