"use client";
/**
 * One plan's graph with everything around it: layout (in the worker), search, folding, keyboard
 * navigation, details, source text, export. Selection is controlled by the parent so other panels
 * (findings, share) can drive it. Reused by the home page and the compare page.
 */
import {
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import type { DiffMark, Severity } from "@/lib/layout/decor";
import { type Collapsed, layoutInput, NOTHING_COLLAPSED, stageGroupId } from "@/lib/layout/input";
import { edgeTexts, mainNotes, statsEdgeTexts, TIME } from "@/lib/layout/mainMetric";
import { metricFill, type NodeMetrics } from "@/lib/layout/overlay";
import type { Plan, PlanNode } from "@/lib/plan/types";
import type { PlanView } from "@/lib/plan/view";
import { download, svgToPng, viewSvg } from "./graph/exportView";
import { GraphToolbar } from "./graph/GraphToolbar";
import { readingOrder } from "./graph/geometry";
import { searchNodes } from "./graph/search";
import { NodeDetails } from "./NodeDetails";
import { type CollapseTarget, PlanGraph, type PlanGraphHandle } from "./PlanGraph";
import { SourcePane } from "./SourcePane";
import { useLayout } from "./useLayout";

export interface GraphPaneProps {
  readonly plan: Plan;
  readonly view: PlanView;
  /** The pasted text, split in lines (for the source pane, details and "copy as text"). */
  readonly sourceLines: readonly string[];
  readonly selectedId: string | null;
  readonly onSelect: (id: string | null) => void;
  /** Extra nodes to outline (e.g. the operators of a finding picked in the findings panel). */
  readonly highlighted?: ReadonlySet<string>;
  readonly badges?: ReadonlyMap<string, Severity>;
  readonly metrics?: NodeMetrics;
  readonly colorBy?: string | null;
  readonly edgeWidthBy?: string | null;
  readonly diff?: ReadonlyMap<string, DiffMark>;
  /** Shown in the details pane under the operator's fields (e.g. its findings). */
  readonly detailsExtra?: (node: PlanNode) => ReactNode;
  /** Name for exported files. */
  readonly exportName?: string;
  readonly compact?: boolean;
}

export function GraphPane(props: GraphPaneProps) {
  const { plan, view, sourceLines, selectedId, onSelect } = props;
  const [collapsed, setCollapsed] = useState<Collapsed>(NOTHING_COLLAPSED);
  const [query, setQuery] = useState("");
  const [matchIndex, setMatchIndex] = useState(-1);
  // Details open on click (and Enter), not on arrow-key moves; a pane mounted with a selection
  // (remounted by its page, e.g. to refit) shows that selection's details.
  const [detailsOpen, setDetailsOpen] = useState(() => selectedId !== null);
  const [sourceOpen, setSourceOpen] = useState(false);
  const graph = useRef<PlanGraphHandle>(null);

  const detailed = useDetailed();
  // The run's numbers drawn on the graph (event logs): each node's main metric, rows on edges.
  const { notes, noteTexts, edgeLabels } = useMemo(() => {
    const names = new Map(plan.nodes.map((n) => [n.id, n.name]));
    const inputs = new Map<string, string[]>();
    for (const e of plan.edges)
      if (e.kind === "child") inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
    const notes = mainNotes(props.metrics, names, (id) => inputs.get(id) ?? []);
    const noteTexts = new Map([...notes].map(([id, n]) => [id, n.text]));
    // Without a run's numbers, the text's own estimates (`Statistics(…, rowCount=…)`) as `~n rows`.
    const edgeLabels = props.metrics ? edgeTexts(props.metrics, names) : statsEdgeTexts(view.nodes);
    return { notes, noteTexts, edgeLabels };
  }, [plan, view, props.metrics]);
  const input = useMemo(
    () => layoutInput(plan, view, collapsed, { compact: !detailed, notes: noteTexts, edgeLabels }),
    [plan, view, collapsed, detailed, noteTexts, edgeLabels],
  );
  const layout = useLayout(input);
  const nodesById = useMemo(() => new Map(plan.nodes.map((n) => [n.id, n])), [plan]);
  const selected = selectedId ? (nodesById.get(selectedId) ?? null) : null;

  const matches = useMemo(() => {
    if (layout.status !== "done" || !query.trim()) return [];
    return readingOrder(layout.layout, searchNodes(view.nodes, query));
  }, [layout, query, view]);
  const highlighted = useMemo(() => {
    if (!props.highlighted?.size) return new Set(matches);
    return new Set([...matches, ...props.highlighted]);
  }, [matches, props.highlighted]);

  // A finding picked elsewhere (findings panel) highlights its operators: bring the first into view
  // and open its details.
  const external = props.highlighted;
  useEffect(() => {
    if (layout.status !== "done" || !external || external.size === 0) return;
    const first = [...external][0]!;
    graph.current?.centreOn(first);
    setDetailsOpen(true);
  }, [external, layout.status]);

  const select = useCallback(
    (id: string | null) => {
      onSelect(id);
      if (id) setDetailsOpen(true);
    },
    [onSelect],
  );
  const nextMatch = (step: 1 | -1) => {
    if (matches.length === 0) return;
    const i = (matchIndex + step + matches.length) % matches.length;
    setMatchIndex(i);
    onSelect(matches[i]!);
    graph.current?.centreOn(matches[i]!);
  };
  const toggle = useCallback(
    (t: CollapseTarget) => {
      setCollapsed((c) => {
        const key = t.kind === "stage" ? "stages" : "subtrees";
        const set = new Set(c[key]);
        if (set.has(t.id)) set.delete(t.id);
        else set.add(t.id);
        return { ...c, [key]: set };
      });
      onSelect(t.kind === "stage" ? stageGroupId(t.id) : t.id);
    },
    [onSelect],
  );

  const fill = useMemo(
    () =>
      metricFill(
        props.metrics,
        props.colorBy,
        view.nodes.map((n) => n.id),
      ),
    [props.metrics, props.colorBy, view],
  );
  const svgNow = () => {
    const el = graph.current?.svg();
    if (layout.status !== "done" || !el) throw new Error("no graph yet");
    return viewSvg({
      layout: layout.layout,
      nodes: nodesById,
      region: graph.current?.visibleRegion() ?? null,
      from: el,
      title: plan.title,
      badges: props.badges,
      diff: props.diff,
      fill,
      notes,
    });
  };
  const name = props.exportName ?? "plan";

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="relative min-h-0 flex-1">
        {layout.status === "done" && (
          <>
            <PlanGraph
              ref={graph}
              layout={layout.layout}
              nodes={nodesById}
              selectedId={selectedId}
              onSelect={select}
              onNavigate={onSelect}
              onOpen={() => setDetailsOpen(true)}
              onEscape={() => (detailsOpen && selectedId ? setDetailsOpen(false) : onSelect(null))}
              onToggleCollapse={toggle}
              highlighted={highlighted}
              badges={props.badges}
              metrics={props.metrics}
              colorBy={props.colorBy}
              edgeWidthBy={props.edgeWidthBy}
              notes={notes}
              diff={props.diff}
              insetRight={selected && detailsOpen ? (props.compact ? 320 : 448) : 0}
            />
            <GraphToolbar
              query={query}
              onQuery={(q) => {
                setQuery(q);
                setMatchIndex(-1);
              }}
              matchCount={matches.length}
              matchIndex={matchIndex}
              onNext={nextMatch}
              onFit={() => graph.current?.fitView()}
              detailed={detailed}
              onToggleDetailed={() => setDetailed(!detailed)}
              sourceOpen={sourceOpen}
              onToggleSource={() => setSourceOpen((o) => !o)}
              onExportSvg={() => download(`${name}.svg`, svgNow())}
              onExportPng={async () => download(`${name}.png`, await svgToPng(svgNow()))}
              onCopyText={() =>
                navigator.clipboard.writeText(sourceLines.slice(plan.startLine - 1, plan.endLine).join("\n"))
              }
              status={
                props.compact
                  ? undefined
                  : `${input.nodes.length} boxes · layout ${Math.round(layout.ms)} ms (${layout.engine})`
              }
            />
          </>
        )}
        {layout.status === "running" && <p className="p-4 text-muted text-sm">Laying out…</p>}
        {layout.status === "error" && (
          <p role="alert" className="m-4 rounded bg-error-soft p-3 text-error text-sm">
            Layout failed: {layout.error}
          </p>
        )}
        {selected && detailsOpen && (
          <div
            className={`absolute inset-y-0 right-0 z-20 max-w-[85%] shadow-xl ${props.compact ? "w-[20rem]" : "w-[28rem]"}`}
          >
            <NodeDetails
              node={selected}
              sourceLines={sourceLines}
              onClose={() => setDetailsOpen(false)}
              metrics={props.metrics?.get(selected.id)?.filter((m) => m.name !== TIME)}
              extra={props.detailsExtra?.(selected)}
              onFold={() => toggle({ kind: "subtree", id: selected.id })}
              folded={collapsed.subtrees.has(selected.id)}
            />
          </div>
        )}
      </div>
      {sourceOpen && (
        <div className="h-[32%] min-h-32 border-line border-t">
          <SourcePane
            lines={sourceLines}
            nodes={view.nodes}
            selected={selected}
            onSelect={select}
            startLine={plan.startLine}
          />
        </div>
      )}
    </div>
  );
}

const DETAILED_KEY = "plansight.graph.detailed";
const listeners = new Set<() => void>();

/** Compact (codegen stages as cards) or detailed (a box per operator): the choice is remembered. */
function useDetailed(): boolean {
  return useSyncExternalStore(
    (f) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    () => {
      try {
        return localStorage.getItem(DETAILED_KEY) === "1";
      } catch {
        return false;
      }
    },
    () => false,
  );
}

function setDetailed(on: boolean) {
  try {
    localStorage.setItem(DETAILED_KEY, on ? "1" : "0");
  } catch {
    // storage refused (private mode): the choice lasts as long as the page
  }
  for (const f of listeners) f();
}
