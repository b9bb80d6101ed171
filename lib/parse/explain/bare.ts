/**
 * Trees pasted without their `== Physical Plan ==` header (copied from the Spark UI, plan-stability
 * goldens): read wherever no headed plan is.
 */
import type { Warning } from "@/lib/plan/types";
import { readFormattedTail } from "./blocks";
import { readIndentedTree, startsIndentedTree } from "./indented";
import type { SourceLines } from "./lines";
import type { PendingPlan } from "./pending";
import { readTree } from "./tree";

const TREE_CONNECTOR = /^[ :|]*[+:]- +\S/;
const MAIN = { section: "physical", tree: "main" } as const;
const ONE_OPERATOR = /^(?:[*^](?:\(\d+\))? )?[A-Z][\w$]*(?: \[| <empty>|\(| \(\d+\)$)/;

/** Reads every tree that stands on its own (a bare pasted tree) in lines `from` to `to` - 1. */
export function readBareTrees(
  lines: SourceLines,
  from: number,
  to: number,
  startPlan: (line: number) => PendingPlan,
  warnings: Warning[],
): void {
  let nonBlank = 0;
  for (let k = 0; k < lines.length && nonBlank < 2; k++) if (!lines.blank(k)) nonBlank++;
  let latest: PendingPlan | null = null;
  // Comet's extended plans end with `Comet accelerated 46 out of 49 eligible operators (93%). ...`
  const pendingLast = (text: string) => (latest && text.startsWith("Comet accelerated ") ? latest : null);
  let i = from;
  while (i < to) {
    const here = lines.at(i)!;
    const next = lines.at(i + 1);
    // A one-operator plan (`LocalTableScan <empty>, [a#1]`) has no connector lines to go by.
    const single = nonBlank === 1 && ONE_OPERATOR.test(here.trim());
    if (
      here.length > 0 &&
      !TREE_CONNECTOR.test(here) &&
      ((next !== undefined && TREE_CONNECTOR.test(next)) || single)
    ) {
      const read = readTree(lines, i, MAIN, undefined, to); // not into the headed plan after the gap
      const p = startPlan(i + 1);
      latest = p;
      p.trees.push({ read, section: "physical", tree: "main" });
      p.endLine = read.end;
      p.formatted = read.formatted;
      i = read.end;
      if (read.formatted) i = readFormattedTail(lines, i, p, warnings);
      continue;
    }
    if (startsIndentedTree(lines, i)) {
      const read = readIndentedTree(lines, i, MAIN, to);
      const p = startPlan(i + 1);
      p.trees.push({ read, section: "physical", tree: "main" });
      p.endLine = read.end;
      i = read.end;
      continue;
    }
    const summary = pendingLast(here);
    if (summary) {
      summary.notes.push({ title: "Comet", text: here, line: i + 1 });
      i++;
      continue;
    }
    i++;
  }
}
