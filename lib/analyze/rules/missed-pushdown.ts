/**
 * missed-pushdown: filters the scan below could have applied but did not (and why), partition
 * filters that prune nothing, columns read but never used, and joins on a partition column that
 * get no dynamic partition pruning.
 */

import { isFilter, isJoin, isProject, isPythonEval, isScan, isTransition } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { fieldSource, nodeRef, quote } from "../evidence";
import {
  attrRefs,
  bracketList,
  conjuncts,
  partitionColumns,
  pushedColumns,
  scanOutput,
  schemaFields,
} from "../expr";
import { downThrough, indexPlan, type PlanIndex } from "../plan-index";
import type { Evidence, Finding, Rule, RuleContext, Severity } from "../types";

type Why = "udf" | "non-deterministic" | "subquery" | "cast" | "function" | "partition" | "source";

const NON_DETERMINISTIC =
  /\b(rand|randn|uuid|shuffle|monotonically_increasing_id|spark_partition_id|input_file_name|current_timestamp|now)\(/i;
const UDF = /\bpythonUDF\d*#|\budf\(|\bUDF\(|\bscalaudf\b|\bpythonUDF\b/i;
const CAST = /\b(cast|try_cast)\(\s*[A-Za-z_][\w$]*#\d+L?\s+as\s+(\w+)/i;
/** Operators that pass rows through between a filter and its scan. */
const passThrough = (n: PlanNode) => isTransition(n.name) || isProject(n.name) || isPythonEval(n.name);

/** Scan directly below a Filter (possibly through transitions, projections and Python evaluation). */
function scanBelow(ix: PlanIndex, filter: PlanNode): { scan: PlanNode; path: PlanNode[] } | null {
  const kids = ix.children(filter.id);
  if (kids.length !== 1) return null;
  const { node, path } = downThrough(ix, kids[0]!, passThrough);
  if (!isScan(node) || ix.children(node.id).length > 0) return null;
  // Only sources that report what they pushed: file and v2 scans.
  if (
    !(
      "ReadSchema" in node.details ||
      "PushedFilters" in node.details ||
      "Format" in node.details ||
      /^Scan \w+|FileScan|BatchScan/.test(node.name)
    )
  )
    return null;
  if (/^Scan (ExistingRDD|OneRowRelation)|^(LocalTableScan|InMemoryTableScan|RDDScan)/.test(node.name))
    return null;
  return { scan: node, path: [kids[0]!, ...path].filter((n) => n.id !== node.id) };
}

function whyNot(conjunct: string, partCols: Set<string>): Why {
  const refs = attrRefs(conjunct);
  if (UDF.test(conjunct)) return "udf";
  if (NON_DETERMINISTIC.test(conjunct)) return "non-deterministic";
  if (/\bscalar-subquery#|\bSubquery\b/.test(conjunct)) return "subquery";
  if (refs.length > 0 && refs.every((r) => partCols.has(r.name.toLowerCase()))) return "partition";
  if (CAST.test(conjunct)) return "cast";
  // A column compared with a literal is pushable; anything wrapped in a function is not.
  if (/\b[a-z_]+\(/i.test(conjunct.replace(/^isnotnull\(/i, ""))) return "function";
  return "source";
}

const EXPLAIN: Record<Why, string> = {
  udf: "The condition calls a user-defined function (its result column is computed by a Python/Scala UDF above the scan), and data sources cannot evaluate UDFs, so every row is read, converted and sent through the UDF before it can be dropped.",
  "non-deterministic":
    "The condition is non-deterministic (rand, uuid, monotonically_increasing_id, input_file_name ...), which Spark never pushes to a source.",
  subquery:
    "The condition compares a column with a scalar subquery, whose value is only known at run time; Spark 3.x does not push such predicates to the source (Spark 4.x plans show them in PushedFilters as ScalarSubquery).",
  cast: "The column is wrapped in a cast: Spark pushes only comparisons of a bare column with a literal, so a cast (often added implicitly when a column is compared with a value of another type, e.g. a string column with a number) makes the source read every row group.",
  function:
    "The column is wrapped in a function; sources only receive comparisons of a bare column with a literal, so row groups / stripes cannot be skipped by statistics.",
  partition:
    "The condition is on a partition column but is not in PartitionFilters, so the scan lists and reads every partition instead of pruning directories.",
  source:
    "The source did not accept this predicate (it is missing from PushedFilters), so it is evaluated after reading every row.",
};

const FIX: Record<Why, string> = {
  udf: "Express the condition with built-in functions so it can be pushed (or at least filter on plain columns first so fewer rows reach the UDF). Keep spark.sql.parquet.filterPushdown / spark.sql.orc.filterPushdown on (default true).",
  "non-deterministic":
    "Filter on deterministic columns first; apply sampling with df.sample() (pushed as TABLESAMPLE by some v2 sources) instead of rand() < x.",
  subquery:
    'On Spark 3.x, compute the scalar first (val x = spark.sql("SELECT ...").first()) and filter with the literal, or upgrade to Spark 4.x, which pushes scalar-subquery predicates.',
  cast: "Compare the column with a literal of its own type (e.g. col('s') == '5' for a string column, or store the column with the right type), so the predicate is pushed as EqualTo/GreaterThan. Check spark.sql.parquet.filterPushdown (1.2+, default true).",
  function:
    "Rewrite the predicate on the bare column (e.g. date_col >= '2024-01-01' instead of year(date_col) = 2024), or add a stored/generated column holding the derived value and filter on it.",
  partition:
    "Filter on the partition column itself with a literal of its type, deterministically and without UDFs; check spark.sql.hive.metastorePartitionPruning (default true) for Hive tables.",
  source:
    "Check the source supports filter pushdown for this type (spark.sql.parquet.filterPushdown, spark.sql.orc.filterPushdown, JDBC pushDownPredicate) and that the column type is supported by it.",
};

const SEVERITY: Record<Why, Severity> = {
  udf: "warn",
  "non-deterministic": "info",
  subquery: "info",
  cast: "warn",
  function: "warn",
  partition: "critical",
  source: "warn",
};

function filterFindings(ix: PlanIndex): Finding[] {
  const out: Finding[] = [];
  for (const f of ix.physical) {
    if (!isFilter(f.name)) continue;
    const below = scanBelow(ix, f);
    if (!below) continue;
    const { scan } = below;
    const condition = f.details.Condition ?? f.args;
    const pushed = pushedColumns(scan.details.PushedFilters);
    const partitionFilters = scan.details.PartitionFilters ?? "";
    const partCols = partitionColumns(scan);
    const pruning = bracketList(partitionFilters).filter((c) => !/^isnotnull\(/i.test(c));
    const missed: { conjunct: string; why: Why }[] = [];
    for (const c of conjuncts(condition)) {
      if (/^isnotnull\(/i.test(c)) continue; // inferred null checks; pushed or harmless
      const refs = attrRefs(c);
      if (refs.length === 0) continue;
      const names = refs.map((r) => r.name.toLowerCase());
      const why = whyNot(c, partCols);
      let covered = false;
      if (why === "partition")
        covered = pruning.some((p) => attrRefs(p).some((r) => names.includes(r.name.toLowerCase())));
      else if (why !== "udf" && why !== "non-deterministic")
        covered = names.every((n) => pushed.selective.has(n));
      if (!covered) missed.push({ conjunct: c, why });
    }
    if (missed.length === 0) continue;
    const worst = missed.reduce((a, b) => (rank(SEVERITY[b.why]) > rank(SEVERITY[a.why]) ? b : a));
    const evidence: Evidence[] = [
      quote(f, "Filter condition", "Condition", f.details.Condition),
      ...missed.map((m) => ({
        label: `Not pushed (${m.why})`,
        value: m.conjunct,
        source: fieldSource(f, f.details.Condition ? "Condition" : undefined),
      })),
      {
        label: "PushedFilters",
        value: scan.details.PushedFilters ?? "(none printed)",
        source: fieldSource(scan, scan.details.PushedFilters !== undefined ? "PushedFilters" : undefined),
      },
    ];
    if (worst.why === "partition") {
      evidence.push({
        label: "PartitionFilters",
        value: partitionFilters || "(none printed)",
        source: fieldSource(scan, "PartitionFilters"),
      });
    }
    out.push({
      ruleId: "missed-pushdown",
      severity: SEVERITY[worst.why],
      nodeIds: [f.id, scan.id],
      title:
        worst.why === "partition"
          ? `Partition filter not used for pruning at ${nodeRef(f)}`
          : `Filter not pushed to the scan (${worst.why}) at ${nodeRef(f)}`,
      evidence,
      explanation: `${nodeRef(f)} runs after ${nodeRef(scan)} has read the data. ${EXPLAIN[worst.why]}`,
      fix: FIX[worst.why],
    });
  }
  return out;
}

const rank = (s: Severity) => (s === "critical" ? 2 : s === "warn" ? 1 : 0);

/** Columns a scan reads but the Project right above it (through filters/transitions) drops. */
function unusedColumns(ix: PlanIndex, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const scan of ix.physical) {
    if (!isScan(scan) || !scan.details.ReadSchema) continue;
    const fields = schemaFields(scan.details.ReadSchema);
    if (fields.length < ctx.config.unusedColumnsMin) continue;
    // Find the first Project above, passing only filters and transitions.
    let p = ix.parent(scan.id);
    const conds: string[] = [];
    while (p && (isTransition(p.name) || isFilter(p.name))) {
      if (isFilter(p.name)) conds.push(p.details.Condition ?? p.args);
      p = ix.parent(p.id);
    }
    if (!p || !isProject(p.name)) continue;
    const projected = p.details.Output ?? p.details.Arguments ?? p.args;
    if (attrRefs(projected).length === 0) continue;
    const used = new Set(
      [...attrRefs(projected), ...conds.flatMap(attrRefs)].map((r) => r.name.toLowerCase()),
    );
    const unused = fields.filter((f) => !used.has(f.toLowerCase()));
    if (
      unused.length < ctx.config.unusedColumnsMin ||
      unused.length / fields.length < ctx.config.unusedColumnsRatio
    )
      continue;
    out.push({
      ruleId: "missed-pushdown",
      severity: "warn",
      nodeIds: [scan.id, p.id],
      title: `${nodeRef(scan)} reads ${unused.length} of ${fields.length} columns that are never used`,
      evidence: [
        quote(scan, "ReadSchema", "ReadSchema"),
        quote(p, "Columns kept", p.details.Output !== undefined ? "Output" : "Arguments", projected),
        {
          label: "Unused columns",
          value: unused.join(", "),
          source: `ReadSchema of ${nodeRef(scan)} minus ${nodeRef(p)}`,
        },
      ],
      explanation:
        "Column pruning did not reach the scan: it decodes columns the query drops right away. In columnar formats the cost of a scan is roughly proportional to the columns read.",
      fix: "Select only the needed columns before anything that blocks pruning (a UDF over the whole row, a cached DataFrame, select('*') into a map). For nested fields, keep spark.sql.optimizer.nestedSchemaPruning.enabled on (2.4+, default true from 3.0).",
    });
  }
  return out;
}

/** A join on a fact table's partition column whose other side is filtered, without a dynamic pruning filter. */
function missingDpp(ix: PlanIndex): Finding[] {
  const out: Finding[] = [];
  const chain = (n: PlanNode) => !isJoin(n.name) && !isScan(n) && ix.children(n.id).length === 1;
  for (const j of ix.physical) {
    if (!isJoin(j.name) || /CartesianProduct|NestedLoop/.test(j.name)) continue;
    const kids = ix.children(j.id);
    if (kids.length !== 2) continue;
    const keys = [j.details["Left keys"], j.details["Right keys"]];
    if (!keys[0] || !keys[1]) continue;
    for (let side = 0; side < 2; side++) {
      const scan = downThrough(ix, kids[side]!, chain).node;
      if (!isScan(scan)) continue;
      const parts = partitionColumns(scan);
      if (parts.size === 0) continue;
      const outIds = new Set(
        scanOutput(scan)
          .filter((a) => parts.has(a.name.toLowerCase()))
          .map((a) => a.exprId),
      );
      const key = attrRefs(keys[side]!).find((r) => outIds.has(r.exprId));
      if (!key) continue;
      const pf = scan.details.PartitionFilters ?? "";
      if (/dynamicpruning/i.test(pf) || /dynamicpruning/i.test(scan.details.RuntimeFilters ?? "")) continue;
      const other = downThrough(ix, kids[1 - side]!, chain);
      const otherFilter = [other.node, ...other.path].find(
        (n) =>
          isFilter(n.name) &&
          conjuncts(n.details.Condition ?? n.args).some((c) => !/^(isnotnull|might_contain)\(/i.test(c)),
      );
      if (!otherFilter) continue;
      out.push({
        ruleId: "missed-pushdown",
        severity: "info",
        nodeIds: [scan.id, j.id],
        title: `No dynamic partition pruning on ${key.name} at ${nodeRef(scan)}`,
        evidence: [
          quote(j, "Join keys", side === 0 ? "Left keys" : "Right keys"),
          {
            label: "Partition column",
            value: key.name,
            source: `Output of ${nodeRef(scan)} not in its ReadSchema`,
          },
          {
            label: "PartitionFilters",
            value: pf || "(none printed)",
            source: fieldSource(scan, "PartitionFilters"),
          },
          quote(otherFilter, "Filter on the other side", "Condition", otherFilter.details.Condition),
        ],
        explanation:
          "The join key is this table's partition column and the other side is filtered, yet the scan has no dynamicpruningexpression: every partition is read and most rows are thrown away by the join.",
        fix: "Keep spark.sql.optimizer.dynamicPartitionPruning.enabled on (3.0+, default true). DPP needs the filtered side to be broadcastable (see spark.sql.autoBroadcastJoinThreshold) unless spark.sql.optimizer.dynamicPartitionPruning.reuseBroadcastOnly is false; join directly on the partition column without casts.",
      });
    }
  }
  return out;
}

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  return [...filterFindings(ix), ...unusedColumns(ix, ctx), ...missingDpp(ix)];
}

export const missedPushdownRule: Rule = {
  id: "missed-pushdown",
  description:
    "Filters above a scan that the scan did not apply, unpruned partitions, unused columns, missing DPP.",
  run,
};
