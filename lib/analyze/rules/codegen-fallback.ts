/**
 * codegen-fallback: operators that support whole-stage codegen printed without it, in a tree where
 * codegen is otherwise on. Spark falls back to interpreted (Volcano) execution for a stage when the
 * generated code would be too large (spark.sql.codegen.hugeMethodLimit), the schema too wide
 * (spark.sql.codegen.maxFields) or compilation failed (spark.sql.codegen.fallback).
 */
import type { Plan, PlanNode } from "@/lib/plan/types";
import { nodeRef, treeLine } from "../evidence";
import { indexPlan, type PlanIndex } from "../plan-index";
import type { Finding, Rule } from "../types";

/** Vanilla operators that always support codegen (CodegenSupport with supportCodegen = true). */
const ALWAYS_CODEGEN = /^(Project|Filter|BroadcastHashJoin|LocalLimit|Expand|Range)$/;

/** Inner children printed under a command or loop (UnionLoop, CreateViewCommand) are logical plans. */
function underLogical(ix: PlanIndex, n: PlanNode): boolean {
  for (let p = ix.parent(n.id); p; p = ix.parent(p.id)) {
    if (/^(UnionLoop|InMemoryRelation)$|Command$|Relation$/.test(p.name)) return true;
  }
  return false;
}

function run(plan: Plan): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  // Only trees that show codegen markers: AQE initial plans and simple-mode logical trees print none.
  const byTree = new Map<string, PlanNode[]>();
  for (const n of ix.physical) {
    if (n.aqe === "initial") continue;
    const list = byTree.get(n.tree) ?? [];
    list.push(n);
    byTree.set(n.tree, list);
  }
  for (const nodes of byTree.values()) {
    if (!nodes.some((n) => n.codegen)) continue;
    for (const n of nodes) {
      if (n.codegen || !ALWAYS_CODEGEN.test(n.name) || underLogical(ix, n)) continue;
      out.push({
        ruleId: "codegen-fallback",
        severity: "info",
        nodeIds: [n.id],
        title: `${nodeRef(n)} runs without whole-stage codegen`,
        evidence: [
          { ...treeLine(n), label: "Operator without the codegen marker (*)" },
          {
            label: "Other operators with codegen",
            value: String(nodes.filter((x) => x.codegen).length),
            source: `tree ${n.tree}`,
          },
        ],
        explanation:
          "This operator normally compiles into a whole-stage-codegen function but was printed without the `*` marker while its neighbours have it: Spark fell back to row-by-row interpreted execution for its stage, typically because the generated method was too large or the schema too wide.",
        fix: "Narrow the schema (fewer columns / simpler expressions per stage), or raise spark.sql.codegen.maxFields (default 100) and check spark.sql.codegen.hugeMethodLimit (default 65535); executor logs show 'Whole-stage codegen disabled' / compilation errors when spark.sql.codegen.fallback (default true) kicked in.",
      });
    }
  }
  return out;
}

export const codegenFallbackRule: Rule<"codegen-fallback"> = {
  id: "codegen-fallback",
  description: "Operators that support whole-stage codegen but ran without it.",
  run,
};
