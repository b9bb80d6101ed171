"use client";
import { useEffect, useRef } from "react";
import type { Distribution, Stage, StageTaskMetrics } from "@/lib/parse/eventlog";
import { formatBytes, formatDuration } from "./format";

export interface StageOperator {
  readonly id: string;
  readonly label: string;
}

export interface StageTableProps {
  readonly stages: readonly Stage[];
  /** Operators of the shown plan each stage ran (from the plan's `stageIds`). */
  readonly operators?: ReadonlyMap<number, readonly StageOperator[]>;
  readonly onSelectNode?: (id: string) => void;
  /** A stage to scroll to and mark (picked in the details pane or the critical path). */
  readonly focusStageId?: number | null;
  /** Stages on the execution's critical path, marked in the table. */
  readonly critical?: ReadonlySet<number>;
}

type Column = { readonly key: keyof StageTaskMetrics; readonly label: string; readonly bytes: boolean };

const COLUMNS: readonly Column[] = [
  { key: "duration", label: "Task duration", bytes: false },
  { key: "inputBytes", label: "Input", bytes: true },
  { key: "shuffleReadBytes", label: "Shuffle read", bytes: true },
  { key: "shuffleWriteBytes", label: "Shuffle write", bytes: true },
  { key: "memorySpilled", label: "Spill (memory)", bytes: true },
  { key: "diskSpilled", label: "Spill (disk)", bytes: true },
  { key: "gcTime", label: "GC time", bytes: false },
];

/** Per stage of one SQL execution: task-metric distributions as Spark UI's stage page summarises them. */
export function StageTable({
  stages,
  operators,
  onSelectNode,
  focusStageId = null,
  critical,
}: StageTableProps) {
  const focused = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (focusStageId !== null) focused.current?.scrollIntoView?.({ block: "nearest" });
  }, [focusStageId]);
  if (stages.length === 0)
    return <p className="p-3 text-muted text-sm">No stages recorded for this execution.</p>;
  // Columns where no stage has anything (no spill, no input) only take room.
  const columns = COLUMNS.filter((c) =>
    stages.some((s) => s.tasks[c.key].count > 0 && s.tasks[c.key].max > 0),
  );
  return (
    <div>
      <p className="px-2 pt-1.5 text-[11px] text-muted">
        Over successful tasks: <span className="font-mono text-fg">median · max</span>, then min–p25–p75; the
        box spans p25–p75 on a 0–max scale, so a box far left of the max means a few slow (skewed) tasks.
      </p>
      <table data-testid="stage-table" className="w-full border-collapse text-xs">
        <thead className="sticky top-0 z-10 bg-panel text-left text-muted">
          <tr className="border-line border-b">
            <th scope="col" className="px-2 py-1 font-medium">
              Stage
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Tasks
            </th>
            {operators && (
              <th scope="col" className="px-2 py-1 font-medium">
                Operators
              </th>
            )}
            {columns.map((c) => (
              <th key={c.key} scope="col" className="px-2 py-1 font-medium">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stages.map((s) => {
            const last = s.attempts[s.attempts.length - 1];
            return (
              <tr
                key={s.stageId}
                ref={s.stageId === focusStageId ? focused : undefined}
                data-testid="stage-row"
                data-stage-id={s.stageId}
                aria-current={s.stageId === focusStageId ? "true" : undefined}
                className={`border-line border-b align-top ${s.stageId === focusStageId ? "bg-accent-soft" : ""}`}
              >
                <td className="max-w-72 px-2 py-1.5">
                  <span className="font-mono font-semibold">{s.stageId}</span>{" "}
                  {critical?.has(s.stageId) && (
                    <span
                      data-testid="stage-critical"
                      className="mr-1 rounded bg-accent-soft px-1 text-[10px] text-accent"
                      title="On the critical path: this stage bounded the query's wall-clock time"
                    >
                      critical path
                    </span>
                  )}
                  <span className="break-words text-muted" title={s.name}>
                    {s.name.length > 60 ? `${s.name.slice(0, 60)}…` : s.name}
                  </span>
                  {last && last.status !== "complete" && (
                    <span className={`ml-1 ${last.status === "failed" ? "text-error" : "text-accent"}`}>
                      {last.status}
                    </span>
                  )}
                  {s.attempts.length > 1 && (
                    <span className="ml-1 text-muted">({s.attempts.length} attempts)</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-2 py-1.5 font-mono">
                  {s.numTasks}
                  {s.failedTasks > 0 && <span className="text-error"> · {s.failedTasks} failed</span>}
                </td>
                {operators && (
                  <td className="max-w-64 px-2 py-1.5" data-testid="stage-operators">
                    <StageOperators ops={operators.get(s.stageId) ?? []} onSelect={onSelectNode} />
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.key} className="px-2 py-1.5">
                    <DistributionCell d={s.tasks[c.key]} format={c.bytes ? formatBytes : formatDuration} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The operators a stage ran, each a link that selects it on the graph. */
function StageOperators({
  ops,
  onSelect,
}: {
  ops: readonly StageOperator[];
  onSelect: ((id: string) => void) | undefined;
}) {
  if (ops.length === 0) return <span className="text-muted">—</span>;
  return (
    <span className="flex flex-wrap gap-x-1.5 gap-y-0.5">
      {ops.map((o) => (
        <button
          key={o.id}
          type="button"
          data-node-id={o.id}
          onClick={() => onSelect?.(o.id)}
          className="whitespace-nowrap text-accent hover:underline"
        >
          {o.label}
        </button>
      ))}
    </span>
  );
}

/** Median and max as text, and a small box plot on a 0..max scale (a long whisker = skew). */
function DistributionCell({ d, format }: { d: Distribution; format: (n: number) => string }) {
  if (d.count === 0 || d.max === 0) return <span className="text-muted">—</span>;
  const w = 96;
  const x = (v: number) => (v / d.max) * (w - 2) + 1;
  const skewed = d.count >= 4 && d.median > 0 && d.max > 4 * d.median;
  return (
    <div
      className="flex flex-col gap-0.5"
      title={`min ${format(d.min)} · p25 ${format(d.p25)} · median ${format(d.median)} · p75 ${format(d.p75)} · max ${format(d.max)} · total ${format(d.total)} over ${d.count} tasks`}
    >
      <span className="whitespace-nowrap font-mono">
        {format(d.median)} · <span className={skewed ? "font-semibold text-warn" : ""}>{format(d.max)}</span>
      </span>
      <svg width={w} height={8} aria-hidden className="overflow-visible">
        <rect x={0} y={3} width={w} height={2} rx={1} fill="var(--border)" />
        <line x1={x(d.min)} x2={x(d.max)} y1={4} y2={4} stroke="var(--muted)" strokeWidth={1} />
        <rect
          x={x(d.p25)}
          y={1}
          width={Math.max(1.5, x(d.p75) - x(d.p25))}
          height={6}
          fill="var(--accent-soft)"
          stroke="var(--accent)"
          strokeWidth={1}
        />
        <line x1={x(d.median)} x2={x(d.median)} y1={0} y2={8} stroke="var(--accent)" strokeWidth={2} />
        <line x1={x(d.max)} x2={x(d.max)} y1={1} y2={7} stroke="var(--muted)" strokeWidth={1} />
      </svg>
      <span className="whitespace-nowrap text-[10px] text-muted">
        {format(d.min)}–{format(d.p25)}–{format(d.p75)}
      </span>
    </div>
  );
}
