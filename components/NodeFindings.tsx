"use client";
import { findingsForNode } from "@/lib/analyze";
import type { Finding } from "@/lib/analyze/types";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { GeneratedCode } from "./GeneratedCode";

/** The findings on one operator, in its details pane: what is wrong and what to change. */
export function NodeFindings({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <div className="mt-4" data-testid="node-findings">
      <h3 className="mb-1 font-semibold text-muted text-xs uppercase tracking-wide">Findings</h3>
      <ul className="flex flex-col gap-2">
        {findings.map((f, i) => (
          <li key={i} data-rule-id={f.ruleId} className="rounded border border-line p-2 text-xs">
            <p className="font-medium">
              <span className="mr-1 uppercase text-muted">{f.severity}</span>
              {f.title}
            </p>
            <p className="mt-1 text-muted">{f.fix}</p>
            {f.cost?.measured && <p className="mt-1">{f.cost.text}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the home and shared pages add under an operator's details: its findings, its generated code. */
export function NodeExtras(props: {
  plan: Plan;
  node: PlanNode;
  findings: readonly Finding[];
  sourceLines: readonly string[];
}) {
  return (
    <>
      <NodeFindings findings={findingsForNode(props.findings, props.node.id)} />
      <GeneratedCode plan={props.plan} node={props.node} sourceLines={props.sourceLines} />
    </>
  );
}
