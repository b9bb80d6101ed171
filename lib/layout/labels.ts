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

/** Characters of a compact card's line (name, argument, metric). */
export const CARD_CHARS = 40;

/** One line of a compact codegen-stage card: the name, its most telling argument, a right-hand note. */
export interface CardLine {
  readonly name: string;
  readonly arg: string;
  readonly right: string;
}

export function cardLine(n: PlanNode, right = ""): CardLine {
  const name = clipLabel(n.name, 28);
  const room = CARD_CHARS - name.length - 2 - (right ? right.length + 2 : 0);
  // The catalog and default database say nothing: `spark_catalog.default.t` reads as `t`.
  const sub = summary(n)
    .replace(/\s+/g, " ")
    .replace(/\bspark_catalog\.(default\.)?/g, "")
    .trim();
  const arg = room < 4 || !sub ? "" : clipLabel(sub, room);
  return { name, arg, right };
}

/** The line's width in characters, as drawn (name, two spaces, argument, two spaces, note). */
export function cardLineChars(l: CardLine): number {
  return l.name.length + (l.arg ? 2 + l.arg.length : 0) + (l.right ? 2 + l.right.length : 0);
}
