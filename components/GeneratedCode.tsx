"use client";
import type { Plan, PlanNode } from "@/lib/plan/types";

/**
 * Codegen mode (`explain(mode="codegen")`): the Java source Spark generated for the subtree the
 * operator was printed in, straight from the pasted text (kept as line ranges in the plan).
 */
export function GeneratedCode({
  plan,
  node,
  sourceLines,
}: {
  plan: Plan;
  node: PlanNode;
  sourceLines: readonly string[];
}) {
  const m = /^codegen:(\d+)$/.exec(node.tree);
  const code = m ? plan.generatedCode?.find((g) => g.subtree === Number(m[1])) : undefined;
  if (!code) return null;
  const lines = sourceLines.slice(code.startLine - 1, code.endLine);
  return (
    <details className="mt-4" data-testid="generated-code">
      <summary className="cursor-pointer font-semibold text-muted text-xs uppercase tracking-wide">
        Generated code · subtree {code.subtree} ({lines.length} lines)
      </summary>
      {code.header && <p className="mt-1 font-mono text-muted text-xs">{code.header}</p>}
      <pre className="mt-1 max-h-96 overflow-auto rounded bg-bg p-2 font-mono text-xs leading-5">
        {lines.join("\n")}
      </pre>
    </details>
  );
}
