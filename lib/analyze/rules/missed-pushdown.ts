/**
 * missed-pushdown: filters the scan below could have applied but did not (and why), partition
 * filters that prune nothing, columns read but never used, and joins on a partition column that
 * get no dynamic partition pruning.
 */

import { isFilter, isJoin, isProject, isScan, isTransition } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { fieldSource, nodeRef, quote } from "../evidence";
import { attrRefs, conjuncts, partitionColumns, scanOutput, schemaFields, schemaTypes } from "../expr";
import { downThrough, indexPlan, type PlanIndex } from "../plan-index";
import { CLASS_OF, type PushClass, plain, rewriteFor, UNPUSHABLE } from "../pushdown";
import { type Copy, type FilterOverScan, findCopies, type Missed, missedOf } from "../pushdown-filters";
import type { Evidence, Finding, Rule, RuleContext, Severity } from "../types";

const SEVERITY: Record<PushClass, Severity> = { rewrite: "warn", unpushable: "info", "not-accepted": "info" };

function filterFindings(ix: PlanIndex): Finding[] {
  const filters = ix.physical.filter((n) => isFilter(n.name)).flatMap((f) => missedOf(ix, f) ?? []);
  const copies = findCopies(ix, filters);
  const out: Finding[] = [];
  for (const fs of filters) {
    if (fs.missed.length === 0) continue;
    out.push(filterFinding(fs, copies.get(fs) ?? []));
  }
  return out;
}

const CLASS_RANK: Record<PushClass, number> = { rewrite: 2, "not-accepted": 1, unpushable: 0 };

function filterFinding(fs: FilterOverScan, copies: readonly Copy[]): Finding {
  const { filter: f, scan, missed } = fs;
  const worst = missed.reduce((a, b) =>
    CLASS_RANK[CLASS_OF[b.cause]] > CLASS_RANK[CLASS_OF[a.cause]] ? b : a,
  );
  const cls = CLASS_OF[worst.cause];
  const types = schemaTypes(scan.details.ReadSchema);
  const condSource = fieldSource(f, f.details.Condition ? "Condition" : undefined);
  const pushedText = scan.details.PushedFilters;
  const evidence: Evidence[] = [
    {
      label: "Went to the source (PushedFilters)",
      value: pushedText ?? "(none printed)",
      source: fieldSource(scan, pushedText !== undefined ? "PushedFilters" : undefined),
    },
    ...missed.map((m) => ({ label: `Stayed in Spark (${m.cause})`, value: m.conjunct, source: condSource })),
  ];
  if (worst.cause === "partition") evidence.push(quote(scan, "PartitionFilters", "PartitionFilters"));
  for (const c of copies)
    evidence.push({
      label: c.known ? "Spark's copy (inferred from the join keys)" : "Same predicate across the join keys",
      value: c.conjunct,
      source: `${fieldSource(c.other.filter, c.other.filter.details.Condition ? "Condition" : undefined)}, joined at ${nodeRef(c.join)}`,
    });
  const copyNote =
    copies.length === 0
      ? ""
      : copies.every((c) => c.known)
        ? ` Spark copied it to ${copies.map((c) => nodeRef(c.other.filter)).join(", ")} through the join keys (InferFiltersFromConstraints); that copy is Spark's, and it goes away or gets pushed with this one.`
        : ` The same predicate sits on the other side of the join (${copies.map((c) => nodeRef(c.other.filter)).join(", ")}): Spark copies a predicate on a join key to the other side, so one of the two is Spark's, not written by the user.`;
  const nodeIds = [f.id, scan.id, ...copies.flatMap((c) => [c.other.filter.id, c.other.scan.id])];
  const shown = plain(worst.conjunct);
  if (cls === "rewrite") {
    const fixes = missed
      .filter((m) => CLASS_OF[m.cause] === "rewrite")
      .map((m) => rewriteFor(m.cause, m.conjunct, types));
    return {
      ruleId: "missed-pushdown",
      severity: worst.cause === "partition" ? "critical" : "warn",
      nodeIds,
      title:
        worst.cause === "partition"
          ? `Partition filter not used for pruning at ${nodeRef(f)}`
          : `${REWRITE_TITLE[worst.cause as "cast" | "function" | "udf"]} keeps \`${shown}\` from the scan at ${nodeRef(f)}`,
      cause: `${worst.cause}: ${normalized(worst.conjunct)}`,
      evidence,
      explanation: `${nodeRef(scan)} reads every row and ${nodeRef(f)} drops them afterwards: the source only receives comparisons of a bare column with a literal, and here the column is wrapped (${worst.cause}).${copyNote}`,
      fix: fixes.join(" "),
    };
  }
  if (cls === "unpushable") {
    const u = UNPUSHABLE[worst.cause as keyof typeof UNPUSHABLE];
    return {
      ruleId: "missed-pushdown",
      severity: SEVERITY[cls],
      nodeIds,
      title: `\`${shown}\` cannot be pushed to any source (${worst.cause}) at ${nodeRef(f)}`,
      cause: `${worst.cause}: ${normalized(worst.conjunct)}`,
      evidence,
      explanation: `Information, not a mistake: \`${shown}\` is ${u.why}. ${nodeRef(f)} applies it after ${nodeRef(scan)}.${copyNote}`,
      fix: u.fix,
    };
  }
  return notAccepted(fs, worst, evidence, nodeIds, types);
}

const REWRITE_TITLE = { cast: "A cast", function: "A function", udf: "A UDF" } as const;

/** Literals and expression ids out: `(customer_id % ?) = ?` is one cause however many k. */
function normalized(conjunct: string): string {
  return plain(conjunct)
    .replace(/'(?:[^'\\]|\\.)*'/g, "?")
    .replace(/\b\d+(\.\d+)?([LDS]|BD)?\b/g, "?");
}

/**
 * A bare column against a literal that the source still did not take. The plan shows the cause
 * only when the column's type is one the source cannot filter (nested). (PushedFilters lists what
 * Spark translated, whatever spark.sql.parquet.filterPushdown says, so an empty list proves nothing.)
 */
function notAccepted(
  fs: FilterOverScan,
  worst: Missed,
  evidence: Evidence[],
  nodeIds: string[],
  types: ReadonlyMap<string, string>,
): Finding {
  const { filter: f, scan } = fs;
  const col = attrRefs(worst.conjunct)[0]?.name ?? "";
  const type = types.get(col.toLowerCase()) ?? "";
  let why: string;
  let fix: string;
  if (/^(struct|map|array)</.test(type)) {
    why = `${col} is a ${type.split("<")[0]} column, which the source cannot filter on as a whole`;
    fix = `Compare a leaf field (e.g. ${col}.field = value; nested predicate pushdown, spark.sql.optimizer.nestedPredicatePushdownSupportedFileSources, 3.1+) instead of the whole ${type.split("<")[0]}.`;
  } else {
    why = "the plan does not say why the source refused it";
    fix = `No change can be named from the plan alone: compare PushedFilters with \`${plain(worst.conjunct)}\` in the ${scan.details.Format ?? scan.name} source's documentation for type ${type || "(unknown)"}.`;
  }
  return {
    ruleId: "missed-pushdown",
    severity: "info",
    nodeIds,
    title: `\`${plain(worst.conjunct)}\` not pushed to the scan at ${nodeRef(f)}`,
    cause: `not-accepted: ${normalized(worst.conjunct)}`,
    evidence,
    explanation: `${nodeRef(f)} applies \`${plain(worst.conjunct)}\` after ${nodeRef(scan)} read the rows: ${why}.`,
    fix,
  };
}

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

export const missedPushdownRule: Rule<"missed-pushdown"> = {
  id: "missed-pushdown",
  description:
    "Filters above a scan that the scan did not apply, unpruned partitions, unused columns, missing DPP.",
  run,
};
