/**
 * Why one conjunct of a Filter did not reach the scan below it, and the exact change that would
 * push it. Three classes (issue 19), because only the first is the user's to fix:
 *
 * - `rewrite`: the source could take it after a rewrite — a cast, a function or a UDF wrapped
 *   around a column, a partition column compared through an expression the pruner cannot run.
 * - `unpushable`: no data source takes it in any configuration — arithmetic on a column or between
 *   columns, a non-deterministic expression, a scalar subquery's value (known only at run time).
 * - `inferred`: Spark wrote it itself (`isnotnull` from constraints, or a predicate copied across
 *   an equi-join key by InferFiltersFromConstraints); see missed-pushdown.ts for the copies.
 *
 * A bare column compared with a literal is what every file source accepts (`not-accepted` when it
 * is still missing from PushedFilters): the plan then shows the cause only in a few cases.
 */
import { attrRefs } from "./expr";

export type PushClass = "rewrite" | "unpushable" | "not-accepted";

export type Cause =
  | "cast"
  | "function"
  | "udf"
  | "partition"
  | "arithmetic"
  | "column-compare"
  | "non-deterministic"
  | "subquery"
  | "computed"
  | "not-accepted";

export const CLASS_OF: Readonly<Record<Cause, PushClass>> = {
  cast: "rewrite",
  function: "rewrite",
  udf: "rewrite",
  partition: "rewrite",
  arithmetic: "unpushable",
  "column-compare": "unpushable",
  "non-deterministic": "unpushable",
  subquery: "unpushable",
  computed: "unpushable",
  "not-accepted": "not-accepted",
};

const NON_DETERMINISTIC =
  /\b(rand|randn|uuid|shuffle|monotonically_increasing_id|spark_partition_id|input_file_name|current_timestamp|now)\(/i;
const UDF = /\bpythonUDF\d*#|\budf\(|\bUDF\(|\bscalaudf\b|\bpythonUDF\b/i;
const SUBQUERY = /\bscalar-subquery#|\bSubquery\b/;
const CAST = /\b(?:cast|try_cast)\(\s*([A-Za-z_][\w$]*)#\d+L?\s+as\s+(\w+(?:\(\d+,\s*\d+\))?)\)/i;
/** Spark prints arithmetic with spaces around the operator: `(customer_id#22 % 2)`. */
const ARITHMETIC = / [-+*/%] |\bpmod\(/;

/** String literals blanked out, so operators inside them are not read as arithmetic. */
function code(conjunct: string): string {
  return conjunct.replace(/'(?:[^'\\]|\\.)*'/g, "''");
}

export function causeOf(conjunct: string, partCols: ReadonlySet<string>): Cause {
  const c = code(conjunct);
  const refs = attrRefs(c);
  if (UDF.test(c)) return refs.some((r) => partCols.has(r.name.toLowerCase())) ? "partition" : "udf";
  if (NON_DETERMINISTIC.test(c)) return "non-deterministic";
  if (SUBQUERY.test(c)) return "subquery";
  if (refs.length > 0 && refs.every((r) => partCols.has(r.name.toLowerCase()))) return "partition";
  if (new Set(refs.map((r) => r.exprId)).size > 1) return "column-compare";
  if (ARITHMETIC.test(c)) return "arithmetic";
  if (CAST.test(c)) return "cast";
  if (/\b[a-z_]+\(/i.test(c.replace(/^isnotnull\(/i, ""))) return "function";
  return "not-accepted";
}

/** `name#12` → `name` in a printed expression, for fixes the user can read. */
export function plain(expr: string): string {
  return expr.replace(/([A-Za-z_][\w$]*)#\d+L?\b/g, "$1");
}

/** `(year(d#1) = 2024)` → ["year", "d", "=", "2024"] when the conjunct is `fn(col) op literal`. */
function fnCompare(conjunct: string): { fn: string; col: string; op: string; lit: string } | null {
  const m = /^\(?(\w+)\(([A-Za-z_][\w$]*)#\d+L?\)\s*(=|>=|<=|>|<)\s*([^()\s]+)\)?$/.exec(conjunct.trim());
  return m ? { fn: m[1]!.toLowerCase(), col: m[2]!, op: m[3]!, lit: m[4]! } : null;
}

/** The exact change for a `rewrite` conjunct, given the column types the scan reads. */
export function rewriteFor(cause: Cause, conjunct: string, types: ReadonlyMap<string, string>): string {
  const shown = plain(conjunct);
  switch (cause) {
    case "cast": {
      const m = CAST.exec(conjunct)!;
      const col = m[1]!;
      const to = m[2]!.toLowerCase();
      const from = types.get(col.toLowerCase()) ?? "its own type";
      const lit = /\)\s*(=|>=|<=|>|<)\s*([^()\s]+)\)?$/.exec(conjunct);
      if (/^StartsWith\(cast\(/i.test(conjunct) && to === "string")
        return `\`${shown}\` compares the text of the ${from} column ${col}; write the range you mean on ${col} itself (e.g. \`${col} >= 100 AND ${col} < 200\`), which the source receives as GreaterThanOrEqual / LessThan. The prefix test on its text cannot be pushed.`;
      if (lit && from === "string")
        return `Compare ${col} as the string it is: \`${col} ${lit[1]} '${lit[2]!.replace(/^'|'$/g, "")}'\` instead of \`${shown}\` (the same rows when ${col} holds canonical values such as '5', not ' 5' or '05'); it is then pushed as ${lit[1] === "=" ? "EqualTo" : "a comparison"}(${col}).`;
      if (lit)
        return `Compare ${col} with a literal of its type (${from}): \`${col} ${lit[1]} ${lit[2]!.replace(/^'|'$/g, "")}\` instead of \`${shown}\`, so the source receives it as ${lit[1] === "=" ? "EqualTo" : "a comparison"}(${col}).`;
      return `Write the condition on ${col} itself with a literal of its type (${from}) instead of casting it to ${to} (\`${shown}\`).`;
    }
    case "function": {
      const f = fnCompare(conjunct);
      if (f && f.fn === "year" && f.op === "=" && /^\d{4}$/.test(f.lit)) {
        const y = Number(f.lit);
        return `Replace \`${shown}\` by the range \`${f.col} >= '${y}-01-01' AND ${f.col} < '${y + 1}-01-01'\`: the source receives it as GreaterThanOrEqual / LessThan on ${f.col} and skips row groups by their min/max.`;
      }
      if (f && (f.fn === "to_date" || f.fn === "date" || f.fn === "cast") && f.op === "=")
        return `Replace \`${shown}\` by the range \`${f.col} >= ${f.lit} AND ${f.col} < ${f.lit} + 1 day\` on ${f.col} itself.`;
      const col = attrRefs(conjunct)[0]?.name ?? "the column";
      return `\`${shown}\` hides ${col} from the source: write the condition on ${col} itself (the values or range of ${col} that the function maps to the compared value), or store the derived value as its own column and filter on that.`;
    }
    case "udf":
      return `Replace the UDF call in \`${shown}\` by built-in functions on the column (then it can be pushed), or put a built-in condition on the bare column before it so fewer rows reach the UDF.`;
    case "partition":
      return `Compare the partition column directly with a literal of its type (\`part = '2024-01-01'\`, \`part IN (...)\`) instead of \`${shown}\`: then PartitionFilters prunes directories before anything is read.`;
    default:
      return "";
  }
}

/** Why an `unpushable` conjunct stays in Spark, and what (if anything) makes it cheaper. */
export const UNPUSHABLE: Readonly<
  Record<
    "arithmetic" | "column-compare" | "non-deterministic" | "subquery" | "computed",
    { why: string; fix: string }
  >
> = {
  arithmetic: {
    why: "arithmetic on a column, which no data source accepts in any configuration (the source filter API only compares a bare column with a literal)",
    fix: "Nothing to change for pushdown: Spark evaluates it right after the scan, which is where it belongs. If the query runs often and the filter keeps few rows, store the computed value as its own column (or partition / bucket by it) and compare that column with a literal.",
  },
  "column-compare": {
    why: "a comparison between columns of the same row, which no data source accepts (the source filter API only compares a column with a literal)",
    fix: "Nothing to change for pushdown: the row has to be read to compare its columns.",
  },
  "non-deterministic": {
    why: "non-deterministic (rand, uuid, monotonically_increasing_id, input_file_name ...), and Spark never pushes those",
    fix: "Nothing to change for pushdown. To sample, df.sample(fraction) states the intent (some v2 sources push TABLESAMPLE).",
  },
  computed: {
    why: "a comparison on a value computed between the scan and the filter (a Project's expression), not on a stored column, so there is nothing the source could compare",
    fix: "Nothing to change for pushdown as written; if the computed value is a plain rename of a column, filter on the column before renaming it.",
  },
  subquery: {
    why: "a comparison with a subquery's result, which exists only at run time (dynamic partition pruning handles it for partition columns on a broadcast side)",
    fix: "On Spark 3.x, when the value is fixed, compute it first (first()) and filter with the literal; Spark 4.x pushes scalar-subquery predicates.",
  },
};
