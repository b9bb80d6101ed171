"use client";
/**
 * One SQL execution: its plan graph (final plan, or the initial AQE plan) with SQL metrics on the
 * nodes, findings computed with those metrics and the execution's stages, the
 * `physicalPlanDescription` as the source pane, and the stages' task distributions.
 */
import { type ReactNode, useMemo, useState } from "react";
import { analyzePlan, findingsForNode, groupFindings, severityByNode } from "@/lib/analyze";
import { executionContext } from "@/lib/analyze/eventlog";
import { TIME, withTime } from "@/lib/layout/mainMetric";
import { metricNames } from "@/lib/layout/overlay";
import type { Application, OperatorTime, SqlExecution } from "@/lib/parse/eventlog";
import { toLines } from "@/lib/parse/explain/lines";
import { defaultView, planView } from "@/lib/plan/view";
import { FindingsPanel } from "../FindingsPanel";
import { GraphPane } from "../GraphPane";
import { formatDuration, plural } from "./format";
import { MetricsTable, overlayMetrics, ShuffleSpread } from "./metrics";
import { type StageOperator, StageTable } from "./StageTable";
import { TimePanel } from "./TimePanel";

export interface ExecutionViewProps {
  readonly app: Application;
  readonly execution: SqlExecution;
  /** Drawn first in the header (the page's show/hide-list button). */
  readonly leading?: ReactNode;
  /** Changes when the page around the graph changes size (list shown/hidden): the graph refits. */
  readonly frameKey?: string;
}

type Which = "final" | "initial";
type Tab = "findings" | "time" | "stages";

const ROWS = "number of output rows";

export function ExecutionView({ app, execution: e, leading, frameKey }: ExecutionViewProps) {
  const [which, setWhich] = useState<Which>("final");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [colorBy, setColorBy] = useState<string | null>(TIME);
  const [tab, setTab] = useState<Tab | null>(null);
  // Closed at first: plans are tall, and the graph needs the height to be readable when fitted.
  const [panelOpen, setPanelOpen] = useState(false);
  const [focusStageId, setFocusStageId] = useState<number | null>(null);
  const [pathMarked, setPathMarked] = useState(false);

  const shown = which === "initial" && e.initialPlan ? e.initialPlan : e.plan;
  const description =
    which === "initial" && e.initialPlan
      ? (e.initialPhysicalPlanDescription ?? "")
      : e.physicalPlanDescription;
  const stages = useMemo(() => {
    const byId = new Map(app.stages.map((s) => [s.stageId, s]));
    return e.stageIds.flatMap((id) => byId.get(id) ?? []);
  }, [app, e]);

  const view = useMemo(() => (shown ? planView(shown.plan, defaultView(shown.plan)) : null), [shown]);
  const sourceLines = useMemo(() => toLines(description), [description]);
  // Coloured by each operator's task time (where the time went) at first.
  const overlay = useMemo(
    () => (shown ? withTime(overlayMetrics(shown.metrics), shown.times) : undefined),
    [shown],
  );
  const names = useMemo(() => (overlay ? metricNames(overlay) : []), [overlay]);
  const findings = useMemo(
    () => (shown ? analyzePlan(shown.plan, executionContext(app, e, shown)) : []),
    [shown, app, e],
  );
  const badges = useMemo(() => severityByNode(findings), [findings]);
  const operatorsByStage = useMemo(() => {
    const out = new Map<number, StageOperator[]>();
    if (!shown) return out;
    for (const n of shown.plan.nodes) {
      for (const s of shown.stageIds[n.id] ?? []) {
        const list = out.get(s) ?? [];
        list.push({ id: n.id, label: n.operatorId === null ? n.name : `${n.name} (${n.operatorId})` });
        out.set(s, list);
      }
    }
    return out;
  }, [shown]);
  const criticalStages = useMemo(() => new Set(e.criticalPath.map((s) => s.stageId)), [e]);
  const openStage = (stageId: number) => {
    setFocusStageId(stageId);
    setTab("stages");
    setPanelOpen(true);
  };
  const selectNode = (id: string) => {
    setSelectedId(id);
    setHighlighted(new Set());
    setPathMarked(false);
  };
  const activeTab: Tab = tab ?? (findings.length > 0 ? "findings" : "stages");
  // The tab counts the list's entries (same rule and cause grouped), as the list shows them.
  const findingEntries = useMemo(
    () => (shown ? groupFindings(findings, [shown.plan]).length : 0),
    [findings, shown],
  );

  const pickWhich = (w: Which) => {
    setWhich(w);
    setSelectedId(null);
    setHighlighted(new Set());
    setPathMarked(false);
  };

  return (
    <div
      className="flex h-full min-h-0 flex-col"
      data-testid="execution-view"
      data-execution-id={e.executionId}
    >
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-line border-b bg-panel px-3 py-2">
        {leading}
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold text-sm" title={e.description}>
            <span className="font-mono text-muted">#{e.executionId}</span>{" "}
            {e.description || "(no description)"}
          </h2>
          <p className="text-muted text-xs">
            {e.status} · {formatDuration(e.durationMs)} · {plural(e.jobIds.length, "job")} ·{" "}
            {plural(e.stageIds.length, "stage")}
            {e.adaptive ? ` · AQE, ${plural(e.adaptiveUpdates, "plan update")}` : ""}
          </p>
          {e.errorMessage && (
            <p className="mt-1 line-clamp-2 text-error text-xs" title={e.errorMessage}>
              {e.errorMessage}
            </p>
          )}
        </div>
        {e.initialPlan && (
          <fieldset className="flex items-center gap-2 text-xs">
            <legend className="sr-only">Which plan</legend>
            <span className="text-muted">Plan</span>
            <div className="flex overflow-hidden rounded border border-line">
              {(["final", "initial"] as const).map((w) => (
                <button
                  key={w}
                  type="button"
                  data-testid={`plan-${w}`}
                  aria-pressed={which === w}
                  onClick={() => pickWhich(w)}
                  title={
                    w === "final"
                      ? "The plan that ran (last AQE update)"
                      : "The plan at query start, before AQE re-planned"
                  }
                  className={`px-2 py-0.5 ${which === w ? "bg-accent text-white" : "hover:bg-accent-soft"}`}
                >
                  {w === "final" ? "final (ran)" : "initial"}
                </button>
              ))}
            </div>
          </fieldset>
        )}
        {names.length > 0 && (
          <label className="flex items-center gap-2 text-xs">
            <span className="text-muted">Colour by</span>
            <select
              data-testid="color-by"
              value={colorBy ?? ""}
              onChange={(ev) => setColorBy(ev.target.value || null)}
              className="max-w-48 rounded border border-line bg-bg px-1 py-0.5"
            >
              <option value="">nothing</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="relative min-h-0 flex-1">
        {shown && view ? (
          <GraphPane
            // A new plan, or a new frame size, starts fitted (folds and search reset).
            key={`${e.executionId}:${which}:${frameKey}:${panelOpen}`}
            plan={shown.plan}
            view={view}
            sourceLines={sourceLines}
            selectedId={selectedId}
            onSelect={(id) => {
              setSelectedId(id);
              setHighlighted(new Set());
              setPathMarked(false);
            }}
            highlighted={highlighted}
            badges={badges}
            metrics={overlay}
            colorBy={colorBy}
            edgeWidthBy={names.includes(ROWS) ? ROWS : null}
            detailsExtra={(node) => (
              <>
                <NodeStages
                  stageIds={shown.stageIds[node.id] ?? []}
                  time={shown.times[node.id]}
                  taskTimeMs={e.taskTimeMs}
                  onOpenStage={openStage}
                />
                <MetricsTable metrics={shown.metrics[node.id]} />
                {shown === e.plan && (
                  <ShuffleSpread shuffle={e.shuffles.find((x) => x.exchangeId === node.id)} />
                )}
                {findingsForNode(findings, node.id).length > 0 && (
                  <p className="mt-3 text-muted text-xs">
                    {plural(findingsForNode(findings, node.id).length, "finding")} on this operator: see
                    Findings below.
                  </p>
                )}
              </>
            )}
            exportName={`sql-${e.executionId}-${which}`}
          />
        ) : (
          <p className="p-4 text-muted text-sm" data-testid="no-plan">
            The log has no plan for this execution (its SparkListenerSQLExecutionStart is missing or has no
            sparkPlanInfo).
          </p>
        )}
      </div>
      <div
        className={`flex flex-col border-line border-t bg-panel ${panelOpen ? "h-[32%] min-h-40" : ""}`}
        data-testid="execution-panel"
      >
        <div role="tablist" className="flex items-center gap-1 border-line border-b px-2 text-xs">
          {(
            [
              ["findings", `Findings (${findingEntries})`],
              ["time", "Where the time went"],
              ["stages", `Stages (${stages.length})`],
            ] as const
          ).map(([t, label]) => (
            <button
              key={t}
              type="button"
              role="tab"
              data-testid={`tab-${t}`}
              aria-selected={activeTab === t}
              onClick={() => {
                setTab(t);
                setPanelOpen(true);
              }}
              className={`-mb-px border-b-2 px-3 py-1.5 ${activeTab === t ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg"}`}
            >
              {label}
            </button>
          ))}
          <button
            type="button"
            data-testid="toggle-panel"
            onClick={() => setPanelOpen((o) => !o)}
            aria-expanded={panelOpen}
            className="ml-auto rounded px-2 py-1 text-muted hover:bg-accent-soft hover:text-fg"
          >
            {panelOpen ? "Hide ▾" : "Show ▴"}
          </button>
        </div>
        <div className={`min-h-0 flex-1 overflow-auto ${panelOpen ? "" : "hidden"}`} role="tabpanel">
          {activeTab === "findings" ? (
            <FindingsPanel
              findings={findings}
              plans={shown ? [shown.plan] : undefined}
              selectedNodeId={selectedId}
              onSelectNodes={(ids) => {
                setSelectedId(ids[0] ?? null);
                setHighlighted(new Set(ids));
              }}
            />
          ) : activeTab === "time" && shown ? (
            <TimePanel
              execution={e}
              plan={shown}
              selectedId={selectedId}
              onSelectNode={selectNode}
              onSelectStage={openStage}
              pathMarked={pathMarked}
              onMarkPath={(ids) => {
                setHighlighted(new Set(ids));
                setPathMarked(ids.length > 0);
              }}
            />
          ) : activeTab === "time" ? (
            <p className="p-3 text-muted text-sm">No plan, so no time per operator.</p>
          ) : (
            <StageTable
              stages={stages}
              operators={shown ? operatorsByStage : undefined}
              onSelectNode={selectNode}
              focusStageId={focusStageId}
              critical={criticalStages}
            />
          )}
        </div>
      </div>
    </div>
  );
}

/** The details pane's "ran in" line: the node's stages (each opens the stage table) and its time. */
function NodeStages({
  stageIds,
  time,
  taskTimeMs,
  onOpenStage,
}: {
  stageIds: readonly number[];
  time: OperatorTime | undefined;
  taskTimeMs: number;
  onOpenStage: (stageId: number) => void;
}) {
  return (
    <div className="mt-3 text-xs" data-testid="node-stages">
      <p>
        <span className="text-muted">Ran in </span>
        {stageIds.length === 0 ? (
          <span className="text-muted">no stage (no task updated its metrics)</span>
        ) : (
          stageIds.map((s, k) => (
            <span key={s}>
              {k > 0 && ", "}
              <button
                type="button"
                data-stage-id={s}
                onClick={() => onOpenStage(s)}
                className="font-mono text-accent hover:underline"
              >
                stage {s}
              </button>
            </span>
          ))
        )}
      </p>
      {time && (
        <p className="mt-1" data-testid="node-time">
          <span className="text-muted">Time </span>
          <span className="font-mono">{formatDuration(time.timeMs)}</span>
          {time.basis !== "driver" && taskTimeMs > 0 && (
            <span className="text-muted">
              {" "}
              ({((time.timeMs / taskTimeMs) * 100).toFixed(1)}% of task time)
            </span>
          )}
          <span className="text-muted"> · {time.source}</span>
        </p>
      )}
    </div>
  );
}
