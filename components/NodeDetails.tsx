"use client";
import type { ReactNode } from "react";
import { formatMetric, type NodeMetric } from "@/lib/layout/overlay";
import type { PlanNode } from "@/lib/plan/types";

export interface NodeDetailsProps {
  readonly node: PlanNode;
  readonly sourceLines: readonly string[];
  readonly onClose: () => void;
  /** SQL metrics of the operator (event logs). */
  readonly metrics?: readonly NodeMetric[];
  /** More content under the fields, e.g. the findings on this operator. */
  readonly extra?: ReactNode;
  /** Fold / unfold everything feeding this operator. */
  readonly onFold?: () => void;
  readonly folded?: boolean;
}

/** The selected operator: what Spark printed for it, as structured fields and as source text. */
export function NodeDetails({
  node,
  sourceLines,
  onClose,
  metrics,
  extra,
  onFold,
  folded,
}: NodeDetailsProps) {
  const facts: [string, string][] = [
    ["Operator id", node.operatorId === null ? "—" : String(node.operatorId)],
    [
      "Codegen stage",
      node.codegenStage === null ? (node.codegen ? "yes (id not printed)" : "—") : String(node.codegenStage),
    ],
    ["Section", node.section],
    ["Tree", node.tree],
  ];
  if (node.aqe) facts.push(["AQE plan", node.aqe]);
  if (node.stats) facts.push(["Statistics", node.stats]);
  const lines = sourceRange(node, sourceLines);
  return (
    <aside
      data-testid="node-details"
      className="flex h-full flex-col overflow-hidden border-line border-l bg-panel"
    >
      <div className="flex items-start justify-between gap-2 border-line border-b px-4 py-3">
        <div className="min-w-0">
          <h2 className="break-words font-mono font-semibold text-sm">{node.name}</h2>
          {node.args && <p className="mt-1 break-words font-mono text-muted text-xs">{node.args}</p>}
        </div>
        <div className="flex shrink-0 gap-1">
          {onFold && (
            <button
              type="button"
              data-testid="fold-subtree"
              onClick={onFold}
              title="Fold everything feeding this operator into one box (c)"
              className="rounded px-2 py-1 text-muted text-xs hover:bg-accent-soft"
            >
              {folded ? "Unfold inputs" : "Fold inputs"}
            </button>
          )}
          <button
            type="button"
            onClick={onClose}
            className="rounded px-2 py-1 text-muted text-sm hover:bg-accent-soft"
            aria-label="Close details"
          >
            ✕
          </button>
        </div>
      </div>
      <div className="flex-1 overflow-auto px-4 py-3 text-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
          {facts.map(([k, v]) => (
            <Fragment key={k} k={k} v={v} />
          ))}
        </dl>
        {Object.keys(node.details).length > 0 && (
          <>
            <h3 className="mt-4 mb-1 font-semibold text-muted text-xs uppercase tracking-wide">Details</h3>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
              {Object.entries(node.details).map(([k, v]) => (
                <Fragment key={k} k={k} v={v} mono />
              ))}
            </dl>
          </>
        )}
        {metrics && metrics.length > 0 && (
          <>
            <h3 className="mt-4 mb-1 font-semibold text-muted text-xs uppercase tracking-wide">Metrics</h3>
            <table data-testid="node-metrics" className="w-full text-xs">
              <tbody>
                {metrics.map((m) => (
                  <tr key={m.name}>
                    <td className="pr-3 text-muted">{m.name}</td>
                    <td className="text-right font-mono">{formatMetric(m.total, m.type)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {extra}
        <h3 className="mt-4 mb-1 font-semibold text-muted text-xs uppercase tracking-wide">Source</h3>
        <pre
          data-testid="node-source"
          className="overflow-auto rounded bg-bg p-2 font-mono text-xs leading-5"
        >
          {lines.map((l) => (
            <div key={l.n}>
              <span className="mr-3 inline-block w-10 select-none text-right text-muted">{l.n}</span>
              {l.text}
            </div>
          ))}
        </pre>
      </div>
    </aside>
  );
}

function Fragment({ k, v, mono }: { k: string; v: string; mono?: boolean }) {
  return (
    <>
      <dt className="text-muted">{k}</dt>
      <dd className={`min-w-0 whitespace-pre-wrap break-words ${mono ? "font-mono text-xs leading-5" : ""}`}>
        {v}
      </dd>
    </>
  );
}

function sourceRange(node: PlanNode, source: readonly string[]): { n: number; text: string }[] {
  const out = [{ n: node.line, text: source[node.line - 1] ?? "" }];
  if (node.detailLines) {
    for (let n = node.detailLines[0]; n <= node.detailLines[1]; n++)
      out.push({ n, text: source[n - 1] ?? "" });
  }
  return out;
}
