"use client";
/** Over the graph: search (Enter jumps to the next match), fit, source pane, export and copy. */
import { useState } from "react";

export interface GraphToolbarProps {
  readonly query: string;
  readonly onQuery: (q: string) => void;
  readonly matchCount: number;
  readonly matchIndex: number;
  readonly onNext: (step: 1 | -1) => void;
  readonly onFit: () => void;
  /** Detailed: one box per operator; otherwise compact (a codegen stage is one card). */
  readonly detailed: boolean;
  readonly onToggleDetailed: () => void;
  readonly sourceOpen: boolean;
  readonly onToggleSource: () => void;
  readonly onExportSvg: () => void;
  readonly onExportPng: () => Promise<void>;
  readonly onCopyText: () => Promise<void>;
  readonly status?: string;
}

const btn = "rounded border border-line bg-panel px-2 py-1 text-xs hover:border-accent hover:text-accent";

export function GraphToolbar(p: GraphToolbarProps) {
  const [note, setNote] = useState("");
  const run = (label: string, f: () => Promise<void>) => {
    setNote(`${label}…`);
    f().then(
      () => setNote(`${label}: done`),
      (e: unknown) => setNote(`${label} failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <div className="pointer-events-none absolute top-2 right-2 left-2 z-10 flex flex-wrap items-center gap-2">
      <div className="pointer-events-auto flex items-center gap-1 rounded border border-line bg-panel px-1 shadow-sm">
        <input
          type="search"
          data-testid="graph-search"
          aria-label="Search operators, tables, columns, expressions"
          placeholder="Search operator, table, column…"
          value={p.query}
          onChange={(e) => p.onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              p.onNext(e.shiftKey ? -1 : 1);
            } else if (e.key === "Escape") p.onQuery("");
          }}
          className="w-60 bg-transparent px-1 py-1 text-xs outline-none"
        />
        {p.query && (
          <span data-testid="search-count" className="whitespace-nowrap px-1 text-muted text-xs">
            {p.matchCount === 0
              ? "no match"
              : `${p.matchIndex + 1 > 0 ? p.matchIndex + 1 : "–"}/${p.matchCount}`}
          </span>
        )}
      </div>
      <div className="pointer-events-auto flex gap-1">
        <button type="button" className={btn} onClick={p.onFit} title="Fit to screen (0)">
          Fit
        </button>
        <button
          type="button"
          className={btn}
          aria-pressed={p.detailed}
          data-testid="toggle-detailed"
          onClick={p.onToggleDetailed}
          title={
            p.detailed
              ? "One box per operator; click for compact cards (a codegen stage as one card)"
              : "A codegen stage is one card; click for one box per operator"
          }
        >
          Detailed
        </button>
        <button
          type="button"
          className={btn}
          aria-pressed={p.sourceOpen}
          data-testid="toggle-source"
          onClick={p.onToggleSource}
        >
          Source
        </button>
        <button type="button" className={btn} data-testid="export-svg" onClick={p.onExportSvg}>
          SVG
        </button>
        <button
          type="button"
          className={btn}
          data-testid="export-png"
          onClick={() => run("PNG", p.onExportPng)}
        >
          PNG
        </button>
        <button
          type="button"
          className={btn}
          data-testid="copy-text"
          onClick={() => run("Copy", p.onCopyText)}
        >
          Copy text
        </button>
      </div>
      {(note || p.status) && (
        <span
          data-testid="graph-status"
          className="pointer-events-auto rounded bg-panel/90 px-2 py-0.5 text-muted text-xs"
        >
          {note || p.status}
        </span>
      )}
    </div>
  );
}
