import type { PlanNode } from "@/lib/plan/types";
import { clipLabel } from "./measure";

/** The text lines drawn in a node box: name, then a short summary line (table, join type...). */
export function nodeLabelLines(n: PlanNode): string[] {
  const lines = [clipLabel(n.name)];
  const sub = summary(n);
  if (sub) lines.push(clipLabel(sub));
  return lines;
}

export function nodeBadge(n: PlanNode): string {
  const parts: string[] = [];
  if (n.operatorId !== null) parts.push(`(${n.operatorId})`);
  if (n.codegenStage !== null) parts.push(`*${n.codegenStage}`);
  return parts.join(" ");
}

function summary(n: PlanNode): string {
  const d = n.details;
  if (d.Table) return d.Table;
  if (d["Join type"])
    return [d["Join type"], d["Build side"] ? `build ${d["Build side"].toLowerCase()}` : ""]
      .filter(Boolean)
      .join(", ");
  if (d.Partitioning) return d.Partitioning.replace(/#\d+L?/g, "");
  if (n.stats) return n.stats;
  const args = n.args.replace(/#\d+L?/g, "");
  return args;
}
