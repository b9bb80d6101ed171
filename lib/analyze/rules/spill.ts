/** spill: operators (and, without operator metrics, stages) that spilled memory to disk. */
import type { Plan } from "@/lib/plan/types";
import { metricSource, nodeRef, treeLine } from "../evidence";
import { formatBytes } from "../expr";
import { indexPlan } from "../plan-index";
import type { Finding, Rule, RuleContext } from "../types";

const FIX =
  "Give each task less data: more shuffle partitions (spark.sql.shuffle.partitions, default 200) or, with AQE, a smaller " +
  "spark.sql.adaptive.advisoryPartitionSizeInBytes (3.0+, default 64MB); fix skew if one task spills most; or give tasks more " +
  "memory (spark.executor.memory, spark.memory.fraction default 0.6, fewer spark.executor.cores per executor).";

function run(plan: Plan, ctx: RuleContext): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  for (const n of ix.physical) {
    const m = ctx.metrics?.get(n.id)?.find((x) => /^spill size$|spill \(disk\)|^disk spill/i.test(x.name));
    if (!m || m.total === null || m.total <= 0) continue;
    const dist =
      m.max !== undefined
        ? ` (per task: min ${formatBytes(m.min ?? 0)}, median ${formatBytes(m.median ?? 0)}, max ${formatBytes(m.max)})`
        : "";
    out.push({
      ruleId: "spill",
      severity: m.total >= ctx.config.spillCriticalBytes ? "critical" : "warn",
      nodeIds: [n.id],
      title: `${nodeRef(n)} spilled ${formatBytes(m.total)} to disk`,
      evidence: [
        treeLine(n),
        { label: m.name, value: `${formatBytes(m.total)}${dist}`, source: metricSource(n, m) },
      ],
      explanation:
        "The operator ran out of execution memory and wrote sorted runs / hash-map partitions to local disk, then read and merged them back: extra serialisation, disk I/O and time, growing with the amount spilled.",
      fix: FIX,
    });
  }
  if (out.length > 0) return out;
  for (const st of ctx.stages ?? []) {
    const mem = st.tasks.memorySpilled;
    const disk = st.tasks.diskSpilled;
    if (!disk || disk.total <= 0) continue;
    out.push({
      ruleId: "spill",
      severity: disk.total >= ctx.config.spillCriticalBytes ? "critical" : "warn",
      nodeIds: st.nodeIds ?? [],
      title: `Stage ${st.stageId} spilled ${formatBytes(disk.total)} to disk`,
      evidence: [
        {
          label: "Disk spill",
          value: `${formatBytes(disk.total)} (max per task ${formatBytes(disk.max)})`,
          source: `stage ${st.stageId} task metrics`,
        },
        ...(mem
          ? [
              {
                label: "Memory spill",
                value: formatBytes(mem.total),
                source: `stage ${st.stageId} task metrics`,
              },
            ]
          : []),
      ],
      explanation: "Tasks of this stage ran out of execution memory and spilled to local disk.",
      fix: FIX,
    });
  }
  return out;
}

export const spillRule: Rule<"spill"> = {
  id: "spill",
  description: "Operators and stages that spilled to disk (metrics).",
  run,
};
