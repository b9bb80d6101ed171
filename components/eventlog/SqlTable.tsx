"use client";
import { useMemo, useState } from "react";
import type { SqlExecution, SqlStatus } from "@/lib/parse/eventlog";
import { formatDuration } from "./format";

type SortKey = "id" | "duration";
type Sort = { readonly key: SortKey; readonly desc: boolean };

export interface SqlTableProps {
  readonly executions: readonly SqlExecution[];
  readonly selectedId: number | null;
  readonly onSelect: (executionId: number) => void;
}

const STATUS_STYLE: Record<SqlStatus, string> = {
  completed: "text-muted",
  running: "text-accent",
  failed: "font-semibold text-error",
};

/** Every SQL execution of the application; sortable by id or duration; a click opens its plan. */
export function SqlTable({ executions, selectedId, onSelect }: SqlTableProps) {
  const [sort, setSort] = useState<Sort>({ key: "id", desc: false });
  const rows = useMemo(() => {
    const value = (e: SqlExecution) => (sort.key === "id" ? e.executionId : (e.durationMs ?? -1));
    return [...executions].sort(
      (a, b) => (sort.desc ? value(b) - value(a) : value(a) - value(b)) || a.executionId - b.executionId,
    );
  }, [executions, sort]);
  const header = (key: SortKey, label: string, className: string) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        className={className}
        aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
      >
        <button
          type="button"
          data-testid={`sql-sort-${key}`}
          onClick={() => setSort({ key, desc: active ? !sort.desc : key === "duration" })}
          className="inline-flex items-center gap-1 hover:text-accent"
        >
          {label}
          <span aria-hidden className="w-2 text-[10px]">
            {active ? (sort.desc ? "▼" : "▲") : ""}
          </span>
        </button>
      </th>
    );
  };
  if (executions.length === 0)
    return (
      <p data-testid="sql-empty" className="text-muted text-sm">
        No SQL executions in this log (RDD-only application, or the log stops before the first query).
      </p>
    );
  return (
    <table data-testid="sql-table" className="w-full table-fixed border-collapse text-xs">
      <thead className="sticky top-0 z-10 bg-panel text-left text-muted">
        <tr className="border-line border-b">
          {header("id", "ID", "w-12 py-1 pr-1 font-medium")}
          <th scope="col" className="py-1 pr-1 font-medium">
            Description
          </th>
          <th scope="col" className="w-[4.5rem] py-1 pr-1 font-medium">
            Status
          </th>
          {header("duration", "Duration", "w-20 py-1 pr-1 text-right font-medium")}
          <th scope="col" className="w-10 py-1 pr-1 text-right font-medium" title="Jobs">
            Jobs
          </th>
          <th scope="col" className="w-12 py-1 text-right font-medium" title="Stages">
            Stages
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => {
          const selected = e.executionId === selectedId;
          return (
            <tr
              key={e.executionId}
              data-testid="sql-row"
              data-execution-id={e.executionId}
              aria-selected={selected}
              onClick={() => onSelect(e.executionId)}
              className={`cursor-pointer border-line border-b align-top ${selected ? "bg-accent-soft" : "hover:bg-accent-soft/50"}`}
            >
              <td className="py-1.5 pr-1 font-mono">{e.executionId}</td>
              <td className="min-w-0 py-1.5 pr-1">
                <button
                  type="button"
                  onClick={(ev) => {
                    ev.stopPropagation();
                    onSelect(e.executionId);
                  }}
                  title={e.description || e.details}
                  className="block w-full truncate text-left hover:text-accent hover:underline"
                >
                  {e.description || <span className="text-muted italic">(no description)</span>}
                </button>
                {e.adaptive && <span className="text-[10px] text-muted">AQE</span>}
                {!e.plan && <span className="text-[10px] text-muted">no plan in the log</span>}
              </td>
              <td className={`py-1.5 pr-1 ${STATUS_STYLE[e.status]}`} title={e.errorMessage ?? undefined}>
                {e.status}
              </td>
              <td className="py-1.5 pr-1 text-right font-mono" data-testid="sql-duration">
                {formatDuration(e.durationMs)}
              </td>
              <td className="py-1.5 pr-1 text-right font-mono">{e.jobIds.length}</td>
              <td className="py-1.5 text-right font-mono">{e.stageIds.length}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
