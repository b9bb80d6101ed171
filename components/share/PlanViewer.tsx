"use client";
/**
 * Read-only plan view for shared plans: the same parse → graph → findings pipeline as the home
 * page, without the editor. Every string from the plan or its title is rendered as React text.
 */
import { type ReactNode, useMemo, useState } from "react";
import { parseExplain } from "@/lib/parse/explain";
import { toLines } from "@/lib/parse/explain/lines";
import { unfoldPrinted } from "@/lib/parse/explain/show";
import { FindingsPanel } from "../FindingsPanel";
import { PlanGraphPane, ViewChoices } from "../PlanPane";
import { ThemeToggle } from "../ThemeToggle";
import { usePlanState } from "../usePlanState";

export interface PlanViewerProps {
  readonly text: string;
  readonly title: string | null;
  /** ISO 8601; shown as a date when present. */
  readonly createdAt?: string | null;
  /** Extra controls in the header (delete button, "edit a copy"). */
  readonly actions?: ReactNode;
}

export function PlanViewer({ text: stored, title, createdAt, actions }: PlanViewerProps) {
  // A plan stored as show(), JSON or a Python shell printed it: shown unfolded, so its lines match the graph's.
  const text = useMemo(() => unfoldPrinted(stored)?.text ?? stored, [stored]);
  const outcome = useMemo(() => parseExplain(text), [text]);
  const plans = outcome.ok ? outcome.result.plans : [];
  const state = usePlanState(plans);
  const { plan, effectiveView, shown, findings, selectedId } = state;
  const sourceLines = useMemo(() => toLines(text), [text]);
  const [findingsOpen, setFindingsOpen] = useState(true);

  return (
    <div className="flex h-screen flex-col">
      <header className="flex flex-wrap items-center justify-between gap-2 border-line border-b bg-panel px-4 py-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <a href="/" className="font-semibold text-lg tracking-tight">
            Plansight
          </a>
          <h1 data-testid="shared-title" className="truncate font-medium">
            {title ?? "Untitled plan"}
          </h1>
          {createdAt && (
            <time dateTime={createdAt} data-testid="shared-created" className="text-muted text-xs">
              shared{" "}
              {new Date(createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
            </time>
          )}
        </div>
        <div className="flex items-center gap-2">
          {actions}
          <ThemeToggle />
        </div>
      </header>
      {plan && effectiveView && (
        <div className="flex flex-wrap items-center gap-3 border-line border-b bg-panel px-4 py-1 text-xs">
          {plans.length > 1 && (
            <select
              data-testid="plan-select"
              value={plan.index}
              onChange={(e) => state.setPlanIndex(Number(e.target.value))}
              className="rounded border border-line bg-bg p-1"
            >
              {plans.map((p, i) => (
                <option key={i} value={i}>
                  {`${p.index + 1}: ${p.title} · ${p.mode}`}
                </option>
              ))}
            </select>
          )}
          <ViewChoices state={state} layout="row" />
          <span data-testid="operator-count" className="text-muted">
            {shown?.nodes.length ?? 0} operators shown · read-only
          </span>
          <button
            type="button"
            data-testid="toggle-findings"
            aria-pressed={findingsOpen}
            onClick={() => setFindingsOpen((o) => !o)}
            className="rounded border border-line px-2 py-0.5 hover:border-accent"
          >
            Findings ({findings.length})
          </button>
        </div>
      )}
      <main className="relative min-h-0 flex-1">
        {!outcome.ok && (
          <p
            role="alert"
            data-testid="parse-error"
            className="m-4 rounded bg-error-soft p-3 text-error text-sm"
          >
            This plan could not be read (line {outcome.error.line}): {outcome.error.message}
          </p>
        )}
        {plan && shown && effectiveView && (
          <div className="flex h-full">
            {findingsOpen && (
              <aside className="w-[24rem] max-w-[45%] shrink-0 overflow-auto border-line border-r bg-panel">
                <FindingsPanel
                  findings={findings}
                  plans={[plan]}
                  selectedNodeId={selectedId}
                  onSelectNodes={state.pickFinding}
                />
              </aside>
            )}
            <div className="relative min-w-0 flex-1">
              <PlanGraphPane
                state={state}
                sourceLines={sourceLines}
                exportName={title ?? "shared-plan"}
                extraKey={String(findingsOpen)}
              />
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
