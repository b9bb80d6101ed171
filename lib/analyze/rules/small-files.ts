/** small-files: scans that open many small files (metrics `number of files read`, `size of files read`). */
import type { Plan } from "@/lib/plan/types";
import { metricOf, metricSource, nodeRef, treeLine } from "../evidence";
import { formatBytes } from "../expr";
import { indexPlan } from "../plan-index";
import type { Finding, Rule, RuleContext } from "../types";

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  for (const n of ix.physical) {
    const files = metricOf(ctx.metrics, n, /^number of files read$|^files read$/);
    const size = metricOf(ctx.metrics, n, /^size of files read$|^filesystem read data size$/);
    if (!files || files.total === null || !size || size.total === null) continue;
    if (files.total < ctx.config.smallFilesMinCount) continue;
    const avg = size.total / files.total;
    if (avg >= ctx.config.smallFileBytes) continue;
    out.push({
      ruleId: "small-files",
      severity: avg < ctx.config.smallFileBytes / 8 ? "critical" : "warn",
      nodeIds: [n.id],
      title: `${nodeRef(n)} read ${files.total} files of ${formatBytes(avg)} on average`,
      evidence: [
        treeLine(n, "Scan"),
        { label: files.name, value: String(files.total), source: metricSource(n, files) },
        { label: size.name, value: formatBytes(size.total), source: metricSource(n, size) },
        { label: "Average file size", value: formatBytes(avg), source: `${size.name} / ${files.name}` },
      ],
      explanation:
        "Each file costs a listing entry, an open, footer/metadata reads and object-store round trips regardless of its size; with many small files that overhead dominates the scan and the driver spends time planning splits.",
      fix:
        "Compact the table (Delta OPTIMIZE, Iceberg rewrite_data_files, or a periodic rewrite) and write fewer, larger files: repartition/REBALANCE (3.2+) before writes, spark.sql.adaptive.advisoryPartitionSizeInBytes for AQE-sized output. " +
        "On read, spark.sql.files.maxPartitionBytes (default 128MB) and spark.sql.files.openCostInBytes (default 4MB) control how files are packed into tasks.",
    });
  }
  return out;
}

export const smallFilesRule: Rule<"small-files"> = {
  id: "small-files",
  description: "Scans reading many small files (metrics).",
  run,
};
