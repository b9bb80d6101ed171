"use client";
import { useMemo } from "react";
import { type FindingGroup, groupFindings, SEVERITY_RANK, sortBySeverity } from "@/lib/analyze";
import type { Finding, Severity } from "@/lib/analyze/types";
import type { Plan } from "@/lib/plan/types";

export interface FindingsPanelProps {
  readonly findings: readonly Finding[];
  /** The plans the findings are on: lets a group say "in 60 union branches". */
  readonly plans?: readonly Plan[];
  /** The node selected on the graph: findings on it are highlighted. */
  readonly selectedNodeId: string | null;
  /** Called with a finding's node ids when the user picks it (select + centre them on the graph). */
  readonly onSelectNodes: (ids: string[]) => void;
}

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: "bg-red-600 text-white",
  warn: "bg-amber-500 text-black",
  info: "bg-sky-600 text-white",
};

/**
 * Every finding, the costliest first (measured with an event log, else by severity): same rule and
 * same cause are one entry with a count, whose nodes are highlighted together and which expands to
 * the single occurrences. Each shows its evidence, explanation, fix and what it costs.
 */
export function FindingsPanel({ findings, plans, selectedNodeId, onSelectNodes }: FindingsPanelProps) {
  const sorted = useMemo(() => sortBySeverity(findings), [findings]);
  const groups = useMemo(() => groupFindings(sorted, plans), [sorted, plans]);
  const counts = useMemo(() => {
    const c: Record<Severity, number> = { critical: 0, warn: 0, info: 0 };
    for (const f of findings) c[f.severity]++;
    return c;
  }, [findings]);
  return (
    <section
      data-testid="findings-panel"
      aria-label="Findings"
      className="flex h-full flex-col overflow-hidden"
    >
      <header className="flex items-center gap-2 border-line border-b px-4 py-2 text-sm">
        <h2 className="font-semibold">Findings</h2>
        {(Object.keys(SEVERITY_RANK) as Severity[]).map((s) =>
          counts[s] > 0 ? (
            <span key={s} className={`rounded px-1.5 py-0.5 text-xs ${SEVERITY_STYLE[s]}`}>
              {counts[s]} {s}
            </span>
          ) : null,
        )}
      </header>
      {sorted.length === 0 ? (
        <p className="px-4 py-3 text-muted text-sm">No findings for this plan.</p>
      ) : (
        <ol className="flex-1 overflow-auto">
          {groups.map((g) => (
            <GroupItem
              key={`${g.ruleId}:${g.findingIndexes.join(",")}`}
              group={g}
              findings={g.findingIndexes.map((i) => sorted[i]!)}
              selectedNodeId={selectedNodeId}
              onSelectNodes={onSelectNodes}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** One entry of the list: a single finding, or a group of occurrences with the same cause. */
function GroupItem({
  group: g,
  findings,
  selectedNodeId,
  onSelectNodes,
}: {
  group: FindingGroup;
  findings: readonly Finding[];
  selectedNodeId: string | null;
  onSelectNodes: (ids: string[]) => void;
}) {
  const selected = selectedNodeId !== null && g.nodeIds.includes(selectedNodeId);
  if (g.count === 1)
    return (
      <FindingItem
        finding={findings[0]!}
        count={1}
        selected={selected}
        onSelectNodes={onSelectNodes}
        testId="finding"
      />
    );
  return (
    <li
      data-testid="finding"
      data-rule-id={g.ruleId}
      data-count={g.count}
      data-node-ids={g.nodeIds.join(" ")}
      data-severity={g.severity}
      aria-current={selected ? "true" : undefined}
      className={`border-line border-b px-4 py-3 text-sm ${selected ? "bg-accent-soft" : ""}`}
    >
      <button
        type="button"
        onClick={() => onSelectNodes([...g.nodeIds])}
        className="flex w-full items-start gap-2 text-left hover:underline"
      >
        <span className={`mt-0.5 shrink-0 rounded px-1.5 py-0.5 text-xs ${SEVERITY_STYLE[g.severity]}`}>
          {g.severity}
        </span>
        <span className="font-medium">{g.title}</span>
      </button>
      <p className="mt-1 font-mono text-muted text-xs">
        {g.ruleId} · {g.count} occurrences
      </p>
      {g.cost && (g.cost.measured || g.cost.score > 0) && (
        <p data-testid="finding-cost" className="mt-1 text-xs">
          {g.cost.text}
        </p>
      )}
      <details className="mt-2" data-testid="finding-occurrences">
        <summary className="cursor-pointer text-muted text-xs">Show the {g.count} occurrences</summary>
        <ol className="mt-1 border-line border-l">
          {findings.map((f, i) => (
            <FindingItem
              key={`${f.nodeIds.join(",")}:${i}`}
              finding={f}
              count={1}
              selected={selectedNodeId !== null && f.nodeIds.includes(selectedNodeId)}
              onSelectNodes={onSelectNodes}
              testId="finding-occurrence"
            />
          ))}
        </ol>
      </details>
    </li>
  );
}

function FindingItem({
  finding: f,
  count,
  selected,
  onSelectNodes,
  testId,
}: {
  finding: Finding;
  count: number;
  selected: boolean;
  onSelectNodes: (ids: string[]) => void;
  testId: string;
}) {
  return (
    <li
      data-testid={testId}
      data-rule-id={f.ruleId}
      data-count={count}
      data-node-ids={f.nodeIds.join(" ")}
      data-severity={f.severity}
      aria-current={selected ? "true" : undefined}
      className={`border-line border-b px-4 py-3 text-sm ${selected ? "bg-accent-soft" : ""}`}
    >
      <button
        type="button"
        onClick={() => onSelectNodes([...f.nodeIds])}
        disabled={f.nodeIds.length === 0}
        className="flex w-full items-start gap-2 text-left hover:underline disabled:no-underline"
      >
        <span className={`mt-0.5 shrink-0 rounded px-1.5 py-0.5 text-xs ${SEVERITY_STYLE[f.severity]}`}>
          {f.severity}
        </span>
        <span className="font-medium">{f.title}</span>
      </button>
      <p className="mt-1 font-mono text-muted text-xs">{f.ruleId}</p>
      {f.cost && (f.cost.measured || f.cost.score > 0) && (
        <p data-testid="finding-cost" className="mt-1 text-xs">
          {f.cost.text}
        </p>
      )}
      <details className="mt-2" open={selected}>
        <summary className="cursor-pointer text-muted text-xs">Evidence, why and fix</summary>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
          {f.evidence.map((e, k) => (
            <div key={k} className="contents">
              <dt className="text-muted">{e.label}</dt>
              <dd className="min-w-0">
                <code className="break-words">{e.value}</code>
                <span className="block text-muted">{e.source}</span>
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-2">{f.explanation}</p>
        <p className="mt-2">
          <span className="font-semibold">Fix: </span>
          {f.fix}
        </p>
      </details>
    </li>
  );
}
