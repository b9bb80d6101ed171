"use client";
/**
 * "Where the time went": the operators of one execution ranked by their share of its task time
 * (each with how its time was derived), and the critical path of stages that bounded its
 * wall-clock time. Clicking an operator selects it on the graph; a stage opens it in the stage table.
 */
import type { OperatorTime, PlanWithMetrics, SqlExecution } from "@/lib/parse/eventlog";
import type { PlanNode } from "@/lib/plan/types";
import { formatDuration } from "./format";

export interface TimePanelProps {
  readonly execution: SqlExecution;
  readonly plan: PlanWithMetrics;
  readonly selectedId: string | null;
  readonly onSelectNode: (id: string) => void;
  readonly onSelectStage: (stageId: number) => void;
  /** Marks the critical path's operators on the graph (or clears the mark). */
  readonly onMarkPath: (nodeIds: readonly string[]) => void;
  readonly pathMarked: boolean;
}

const TOP = 15;

const BASIS: Record<OperatorTime["basis"], string> = {
  timer: "Spark's timer",
  codegen: "share of the codegen stage",
  driver: "on the driver",
};

export interface RankedOperator {
  readonly node: PlanNode;
  readonly time: OperatorTime;
  /** Share of the execution's task time, 0..1; null for driver-side times. */
  readonly share: number | null;
}

/** Operators with a time, task-side first by time, then driver-side ones. */
export function rankOperators(plan: PlanWithMetrics, taskTimeMs: number): RankedOperator[] {
  const out: RankedOperator[] = [];
  for (const node of plan.plan.nodes) {
    const time = plan.times[node.id];
    if (!time) continue;
    const share = time.basis === "driver" || taskTimeMs <= 0 ? null : time.timeMs / taskTimeMs;
    out.push({ node, time, share });
  }
  return out.sort(
    (a, b) => Number(a.share === null) - Number(b.share === null) || b.time.timeMs - a.time.timeMs,
  );
}

/** Node ids whose stages include one of the critical path's. */
export function criticalNodeIds(plan: PlanWithMetrics, execution: SqlExecution): string[] {
  const onPath = new Set(execution.criticalPath.map((s) => s.stageId));
  return plan.plan.nodes
    .filter((n) => (plan.stageIds[n.id] ?? []).some((s) => onPath.has(s)))
    .map((n) => n.id);
}

function label(n: PlanNode): string {
  return n.operatorId === null ? n.name : `${n.name} (${n.operatorId})`;
}

export function TimePanel({
  execution: e,
  plan,
  selectedId,
  onSelectNode,
  onSelectStage,
  onMarkPath,
  pathMarked,
}: TimePanelProps) {
  const ranked = rankOperators(plan, e.taskTimeMs);
  const task = ranked.filter((r) => r.share !== null).slice(0, TOP);
  const driver = ranked.filter((r) => r.share === null).slice(0, 5);
  const wall = e.durationMs;
  return (
    <div className="grid gap-4 p-2 text-xs lg:grid-cols-[3fr_2fr]" data-testid="time-panel">
      <section>
        <h3 className="mb-1 font-semibold text-muted uppercase tracking-wide">Where the time went</h3>
        <p className="mb-1.5 text-[11px] text-muted">
          Share of the execution's task time ({formatDuration(e.taskTimeMs)}, executor run time of its tasks).
          Operators of a codegen stage share its "duration" (the clock of the task's loop, stages nested in it
          included) less the scan time and fetch wait of its inputs, which stay with the scan and the shuffle
          reader.
        </p>
        {task.length === 0 ? (
          <p className="text-muted" data-testid="time-empty">
            No operator time in this log (no task updated a timer or a codegen duration).
          </p>
        ) : (
          <table className="w-full border-collapse" data-testid="time-table">
            <thead className="text-left text-muted">
              <tr className="border-line border-b">
                <th className="py-1 pr-2 font-normal">operator</th>
                <th className="py-1 pr-2 text-right font-normal">time</th>
                <th className="w-32 py-1 pr-2 font-normal">share</th>
                <th className="py-1 font-normal">derived from</th>
              </tr>
            </thead>
            <tbody>
              {task.map((r) => (
                <OperatorRow
                  key={r.node.id}
                  r={r}
                  selected={r.node.id === selectedId}
                  onSelect={onSelectNode}
                />
              ))}
              {driver.map((r) => (
                <OperatorRow
                  key={r.node.id}
                  r={r}
                  selected={r.node.id === selectedId}
                  onSelect={onSelectNode}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section data-testid="critical-path">
        <div className="mb-1 flex items-center gap-2">
          <h3 className="font-semibold text-muted uppercase tracking-wide">Critical path</h3>
          {e.criticalPath.length > 0 && (
            <button
              type="button"
              data-testid="mark-critical-path"
              aria-pressed={pathMarked}
              onClick={() => onMarkPath(pathMarked ? [] : criticalNodeIds(plan, e))}
              className="ml-auto rounded border border-line px-2 py-0.5 hover:bg-accent-soft"
            >
              {pathMarked ? "Clear mark" : "Mark on plan"}
            </button>
          )}
        </div>
        {e.criticalPath.length === 0 ? (
          <p className="text-muted">No stage of this execution ran to completion.</p>
        ) : (
          <>
            <p className="mb-1.5 text-[11px] text-muted">
              The stages that bounded the wall-clock time
              {wall !== null
                ? ` (${formatDuration(e.criticalPath.reduce((s, c) => s + (c.durationMs ?? 0), 0))} of ${formatDuration(wall)})`
                : ""}
              , first to last; the rest is driver work (planning, AQE re-planning, broadcasts) and waiting.
            </p>
            <ol className="flex flex-col gap-1">
              {e.criticalPath.map((s) => (
                <li key={s.stageId} data-testid="critical-stage" data-stage-id={s.stageId}>
                  {s.link === "after" && (
                    <span className="mr-1 text-muted" title="Not a DAG parent: ran before, in another job">
                      then
                    </span>
                  )}
                  <button
                    type="button"
                    onClick={() => onSelectStage(s.stageId)}
                    className="font-mono font-semibold text-accent hover:underline"
                  >
                    stage {s.stageId}
                  </button>{" "}
                  <span className="font-mono">{formatDuration(s.durationMs)}</span>
                  <span className="text-muted">
                    {" "}
                    · {s.tasks} task{s.tasks === 1 ? "" : "s"} · max {formatDuration(s.maxTaskMs)} · median{" "}
                    {formatDuration(s.medianTaskMs)}
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </div>
  );
}

function OperatorRow({
  r,
  selected,
  onSelect,
}: {
  r: RankedOperator;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const pct = r.share === null ? null : Math.min(1, r.share);
  return (
    <tr
      data-testid="time-row"
      data-node-id={r.node.id}
      className={`cursor-pointer border-line border-b align-top hover:bg-accent-soft ${selected ? "bg-accent-soft" : ""}`}
      onClick={() => onSelect(r.node.id)}
    >
      <td className="py-1 pr-2">
        <button type="button" className="text-left hover:underline" onClick={() => onSelect(r.node.id)}>
          {label(r.node)}
        </button>
      </td>
      <td className="whitespace-nowrap py-1 pr-2 text-right font-mono">{formatDuration(r.time.timeMs)}</td>
      <td className="py-1 pr-2">
        {pct === null ? (
          <span className="text-muted">driver</span>
        ) : (
          <span className="flex items-center gap-1">
            <svg width={60} height={8} aria-hidden>
              <rect x={0} y={2} width={60} height={4} rx={1} fill="var(--border)" />
              <rect x={0} y={1} width={Math.max(1, pct * 60)} height={6} rx={1} fill="var(--accent)" />
            </svg>
            <span className="font-mono">{(pct * 100).toFixed(pct < 0.1 ? 1 : 0)}%</span>
          </span>
        )}
      </td>
      <td className="py-1 text-muted" title={BASIS[r.time.basis]}>
        {r.time.source}
      </td>
    </tr>
  );
}
