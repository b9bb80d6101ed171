/**
 * Which words of a plan are user names (tables, databases, columns), for redaction. A name is
 * found by where Spark prints it, then renamed wherever it occurs:
 *
 * - columns: attribute references `name#id` (also `` `my col`#3 `` and the masked `#x`), the
 *   fields of every `struct<...>` (ReadSchema, casts) at any depth, the first argument of pushed
 *   filters (`IsNotNull(a.b)`);
 * - tables and databases: the relation of every scan, whatever the engine (`Scan parquet db.t`,
 *   `FileScan parquet db.t[...]`, `CometScan [native_iceberg_compat] parquet db.t`,
 *   `CometNativeScan parquet db.t`, `FileSourceScanExecTransformer`, `PhotonScan`,
 *   `GpuFileSourceScanExec`, `BatchScan cat.db.t[...]`, `Scan hive db.t`, `HiveTableRelation`,
 *   `MetastoreRelation db, t`, `JDBCRelation(t)`, `Relation db.t[...]`), the parser's `Table`
 *   field, backticked names (`` `spark_catalog`.`db`.`t` ``), `SubqueryAlias`, `UnresolvedRelation`;
 * - for operators nobody knows: a name-shaped token after a known namespace (`spark_catalog.`,
 *   `default.`, a database seen elsewhere) is a name.
 */
import type { PlanNode } from "@/lib/plan/types";

export interface Names {
  readonly columns: Set<string>;
  readonly tables: Set<string>;
  readonly databases: Set<string>;
  /** Operator names and detail keys: structure, never renamed. */
  readonly structural: Set<string>;
}

/** Spark's and Databricks' built-in catalog and database names: not user data. */
export const KEPT_NAMESPACES = new Set(["spark_catalog", "default", "global_temp", "hive_metastore"]);
/** Attribute names Spark and the engines generate: not user data, and they help reading. */
const INTERNAL_NAMES = new Set([
  "dynamicpruning",
  "subquery",
  "exists",
  "listquery",
  "spark_grouping_id",
  "gid",
  "hash_partition_key",
  // aggregate buffers, printed without `#id` in simplified trees (`HashAggregate [k,sum] [...]`)
  "sum",
  "count",
  "avg",
  "min",
  "max",
  "isEmpty",
]);
export const FORMATS = new Set([
  "parquet",
  "orc",
  "csv",
  "json",
  "text",
  "avro",
  "delta",
  "iceberg",
  "hudi",
  "hive",
  "jdbc",
]);
/** Words that are Spark syntax, not data: never renamed. */
export const KEYWORDS = new Set(
  [
    "and or not in is null like rlike ilike as case when then else end between distinct interval escape",
    "true false none some asc desc nulls first last",
    "inner cross leftouter rightouter fullouter leftsemi leftanti leftsingle existencejoin buildleft buildright",
    "int integer bigint smallint tinyint long short byte string date timestamp timestamp_ntz double float",
    "decimal boolean binary struct array map void char varchar",
    "native_iceberg_compat native_datafusion native_comet", // Comet's scan implementations
  ]
    .join(" ")
    .split(" "),
);

const IDENT = String.raw`(?:\x60[^\x60\n]+\x60|[A-Za-z_][\w$]*)`;
export const ATTRIBUTE = new RegExp(String.raw`(?<![\w$-])(${IDENT})#(?:\d+|x|X)L?(?![\w$])`, "g");
const QUALIFIED = String.raw`(${IDENT}(?:\.${IDENT})+)`;
/** A scan-like operator: its first qualified argument is its relation. */
const SCAN_OPERATOR = /Scan|Relation|Source|Transformer|Table|Jdbc|JDBC|Hive|Delta|Iceberg|Hudi/;
const RELATION_ARG = new RegExp(
  String.raw`^\s*(?:\[[^\]]*\] )?(?:[A-Za-z]\w* )?\(?${QUALIFIED}(?=[\[ ,)]|$)`,
);
const SUBQUERY_ALIAS = new RegExp(String.raw`\bSubqueryAlias (${IDENT}(?:\.${IDENT})*)`, "g");
const BACKTICKED = /`[^`\n]+`(?:\.`[^`\n]+`)+/g;
const STRUCT_FIELD = new RegExp(`(?<=[<,])(${IDENT}):`, "g");
const PUSHED_COLUMN = new RegExp(String.raw`\b[A-Z]\w*\((${IDENT}(?:\.${IDENT})*)[,)]`, "g");

export function isInternal(name: string): boolean {
  return name.startsWith("_") || INTERNAL_NAMES.has(name);
}

export function unquote(s: string): string {
  return s.startsWith("`") && s.endsWith("`") && s.length > 1 ? s.slice(1, -1) : s;
}

export function splitQualified(s: string): string[] {
  const parts = s.match(/`[^`\n]+`|[^.`]+/g) ?? [];
  return parts.map(unquote).filter(Boolean);
}

export function collectNames(text: string, nodes: readonly PlanNode[], notes: readonly string[] = []): Names {
  const columns = new Set<string>();
  const tables = new Set<string>();
  const databases = new Set<string>();
  const structural = new Set<string>();
  for (const n of nodes) for (const w of n.name.match(/[A-Za-z_][\w$]*/g) ?? []) structural.add(w);
  for (const m of text.matchAll(/^([A-Z][\w ]*?)(?: \[\d+\])? ?: /gm)) {
    for (const w of m[1]!.split(" ")) structural.add(w);
  }
  const addRelation = (parts: readonly string[]) => {
    const clean = [...parts];
    const table = clean.pop();
    if (!table || FORMATS.has(table.toLowerCase())) return;
    tables.add(table);
    for (const ns of clean) if (!KEPT_NAMESPACES.has(ns)) databases.add(ns);
  };

  for (const m of text.matchAll(ATTRIBUTE)) {
    const name = unquote(m[1]!);
    if (!isInternal(name)) columns.add(name);
  }
  for (let at = text.indexOf("struct<"); at >= 0; at = text.indexOf("struct<", at + 7)) {
    const end = text.indexOf("\n", at);
    for (const m of text.slice(at, end < 0 ? text.length : end).matchAll(STRUCT_FIELD))
      columns.add(unquote(m[1]!));
  }
  for (const m of text.matchAll(/Filters: ?\[[^\n]*/g)) {
    for (const f of m[0].matchAll(PUSHED_COLUMN)) for (const p of splitQualified(f[1]!)) columns.add(p);
  }
  for (const n of nodes) {
    if (n.details.Table) addRelation(splitQualified(n.details.Table));
    if (SCAN_OPERATOR.test(n.name)) {
      const m = RELATION_ARG.exec(n.args);
      if (m) addRelation(splitQualified(m[1]!));
    }
  }
  for (const m of text.matchAll(/\bJDBCRelation\((\w+(?:\.\w+)*)\)/g)) addRelation(m[1]!.split("."));
  for (const m of text.matchAll(/\bMetastoreRelation (\w+), (\w+)/g)) addRelation([m[1]!, m[2]!]);
  for (const m of text.matchAll(SUBQUERY_ALIAS)) addRelation(splitQualified(m[1]!));
  for (const m of text.matchAll(/\bUnresolvedRelation \[([^\]\n]*)\]/g)) addRelation(m[1]!.split(/,\s*/));
  for (const m of text.matchAll(BACKTICKED)) addRelation(splitQualified(m[0]));
  for (const note of notes) for (const m of note.matchAll(ATTRIBUTE)) columns.add(unquote(m[1]!));
  for (const w of bareNames(nodes)) columns.add(w);
  // Write commands list the written columns bare: `InsertIntoHadoopFsRelationCommand ..., [cust_id, total]`.
  for (const n of nodes) {
    if (!WRITE_COMMAND.test(n.name)) continue;
    for (const m of n.args.matchAll(BARE_LIST)) for (const w of m[1]!.split(/,\s*/)) columns.add(w);
  }
  // A name-shaped token after a known namespace is a name, whatever operator printed it.
  for (let pass = 0; pass < 2; pass++) {
    const spaces = [...KEPT_NAMESPACES, ...databases].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(String.raw`(?<![\w$.])(${spaces.join("|")})((?:\.${IDENT})+)`, "g");
    for (const m of text.matchAll(re)) addRelation([m[1]!, ...splitQualified(m[2]!)]);
  }
  for (const set of [columns, tables, databases]) {
    for (const w of set) {
      if (KEYWORDS.has(w.toLowerCase()) || structural.has(w) || KEPT_NAMESPACES.has(w) || isInternal(w))
        set.delete(w);
    }
  }
  return { columns, tables, databases, structural };
}

/**
 * Plan-stability "simplified" trees print columns bare (`Project [c_customer_id]`,
 * `count(ss_list_price)`): in a plan whose operators carry no `#id` at all, every identifier of an
 * operator's arguments that is not a call, a keyword, a qualified name's part or a compared value
 * (`(d_day_name = Sunday)`: `Sunday` is the literal's) is a column.
 */
function bareNames(nodes: readonly PlanNode[]): Set<string> {
  const out = new Set<string>();
  const byPlan = new Map<number, PlanNode[]>();
  for (const n of nodes) {
    const list = byPlan.get(n.plan);
    if (list) list.push(n);
    else byPlan.set(n.plan, [n]);
  }
  for (const plan of byPlan.values()) {
    const fields = plan.flatMap((n) => [n.args, ...Object.values(n.details)]);
    if (fields.some((f) => /[\w$`]#(?:\d|[xX]\b)/.test(f))) continue; // not `Exchange [k] #1`
    for (const n of plan) {
      // Not the engines' own notes: `Window [COMET: WindowExec is not fully compatible ...]`.
      for (const m of n.args.replace(ENGINE_NOTE, "").matchAll(BARE_WORD)) {
        const w = m[1]!;
        if (!FORMATS.has(w.toLowerCase()) && !/^[A-Z_]+$/.test(w)) out.add(w);
      }
    }
  }
  return out;
}

const WRITE_COMMAND = /Command$|^(?:Execute )?(?:Insert|Create|Replace|Append|Overwrite|Write)/;
const BARE_LIST = /\[([A-Za-z_][\w$]*(?:, ?[A-Za-z_][\w$]*)*)\]/g;
const ENGINE_NOTE = /\[[A-Z]+: [^\]]*\]/g;
/** An identifier not called, not qualified, not after a comparison or inside an `IN (...)` list. */
const BARE_WORD = /(?<![\w$.#'`]|(?:=|<|>|<=>|!=|<>) |IN \([^)]*)([A-Za-z_][\w$]*)(?![\w$(.`])/g;
