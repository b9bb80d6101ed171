"use client";
/**
 * The pasted text, line by line, with the selected operator's lines (tree line and detail block)
 * highlighted; clicking a line selects the operator it belongs to. Only the rows in view are
 * rendered, so a 30,000-line paste scrolls as smoothly as a short one.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { PlanNode } from "@/lib/plan/types";

const ROW = 20;

export function SourcePane(props: {
  readonly lines: readonly string[];
  readonly nodes: readonly PlanNode[];
  readonly selected: PlanNode | null;
  readonly onSelect: (id: string) => void;
  /** First line of the plan shown (1-based): where the pane opens. */
  readonly startLine?: number;
}) {
  const { lines, nodes, selected, onSelect, startLine = 1 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  // Line number (1-based) → the operator printed there (tree line or detail block).
  const owner = useMemo(() => {
    const m = new Map<number, string>();
    for (const n of nodes) {
      m.set(n.line, n.id);
      if (n.detailLines)
        for (let l = n.detailLines[0]; l <= n.detailLines[1]; l++) if (!m.has(l)) m.set(l, n.id);
    }
    return m;
  }, [nodes]);
  const isSelectedLine = (l: number) =>
    !!selected &&
    (l === selected.line ||
      (!!selected.detailLines && l >= selected.detailLines[0] && l <= selected.detailLines[1]));

  useEffect(() => {
    const el = ref.current;
    if (!el || !selected) return;
    const top = (selected.line - 1) * ROW;
    if (top < el.scrollTop || top > el.scrollTop + el.clientHeight - ROW)
      el.scrollTop = Math.max(0, top - el.clientHeight / 3);
  }, [selected]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Open at the plan's own text (a paste may hold many plans), unless an operator is selected.
    if (!selectedRef.current && startLine > 1) el.scrollTop = (startLine - 1) * ROW;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
  }, [startLine]);

  const first = Math.max(0, Math.floor(scroll.top / ROW) - 20);
  const last = Math.min(lines.length, Math.ceil((scroll.top + scroll.height) / ROW) + 20);
  const rows = [];
  for (let i = first; i < last; i++) {
    const l = i + 1;
    const id = owner.get(l);
    rows.push(
      <div
        key={l}
        data-line={l}
        data-selected-line={isSelectedLine(l) || undefined}
        onClick={id ? () => onSelect(id) : undefined}
        className={`absolute right-0 left-0 whitespace-pre px-2 ${id ? "cursor-pointer hover:bg-accent-soft" : ""} ${isSelectedLine(l) ? "bg-accent-soft font-semibold" : ""}`}
        style={{ top: i * ROW, height: ROW }}
      >
        <span className="mr-3 inline-block w-12 select-none text-right text-muted">{l}</span>
        {lines[i]}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      data-testid="source-pane"
      className="relative h-full overflow-auto bg-panel font-mono text-xs leading-5"
      onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div style={{ height: lines.length * ROW, minWidth: "100%" }} className="relative">
        {rows}
      </div>
    </div>
  );
}
