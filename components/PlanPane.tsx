"use client";
/**
 * The plan's graph wired once for every page that shows a pasted or shared plan (the home page's
 * workbench, a permalink): the view choices a plan offers (section, AQE final/initial, subqueries)
 * and the graph pane with findings, details and source lines. Two copies of this had drifted (the
 * permalink page had no subqueries toggle).
 */
import { type ReactNode, useMemo } from "react";
import type { Section } from "@/lib/plan/types";
import { hasAqeChoice, hasSubqueryTrees, sectionsOf, type ViewOptions } from "@/lib/plan/view";
import { GraphPane } from "./GraphPane";
import { NodeExtras } from "./NodeFindings";
import type { usePlanState } from "./usePlanState";

type PlanState = ReturnType<typeof usePlanState>;

/** Section / AQE plan / subqueries choices, each shown only when the plan offers it. */
export function ViewChoices({
  state,
  layout,
}: {
  readonly state: PlanState;
  /** `column`: one choice per line (the workbench's side panel); `row`: a toolbar. */
  readonly layout: "column" | "row";
}) {
  const { plan, effectiveView: view } = state;
  if (!plan || !view) return null;
  const set = (v: ViewOptions) => state.setView(v);
  const sections = sectionsOf(plan);
  return (
    <>
      {sections.length > 1 && (
        <Segmented
          label="Section"
          layout={layout}
          options={sections}
          value={view.section}
          onChange={(s) => set({ ...view, section: s as Section })}
        />
      )}
      {hasAqeChoice(plan) && view.section === "physical" && (
        <Segmented
          label="AQE plan"
          layout={layout}
          options={["final", "initial"]}
          value={view.aqe}
          onChange={(v) => set({ ...view, aqe: v as "final" | "initial" })}
        />
      )}
      {hasSubqueryTrees(plan) && (
        <Segmented
          label="Subqueries"
          layout={layout}
          options={["shown", "hidden"]}
          value={view.subqueries ?? "shown"}
          onChange={(v) => set({ ...view, subqueries: v as "shown" | "hidden" })}
        />
      )}
    </>
  );
}

/** The graph of the state's plan and view, with findings on its nodes and the source text. */
export function PlanGraphPane({
  state,
  sourceLines,
  exportName,
  extraKey = "",
}: {
  readonly state: PlanState;
  readonly sourceLines: readonly string[];
  readonly exportName: string;
  /** More that should start the pane afresh (nothing folded, no search) when it changes. */
  readonly extraKey?: string;
}): ReactNode {
  const { plan, effectiveView: view, shown, findings, badges, selectedId, highlighted } = state;
  const detailsExtra = useMemo(
    () =>
      plan
        ? (node: Parameters<typeof NodeExtras>[0]["node"]) => (
            <NodeExtras plan={plan} node={node} findings={findings} sourceLines={sourceLines} />
          )
        : undefined,
    [plan, findings, sourceLines],
  );
  if (!plan || !shown) return null;
  return (
    <GraphPane
      // A new plan or view starts with nothing folded and no search.
      key={`${plan.index}:${view?.section}:${view?.aqe}:${view?.subqueries}:${extraKey}`}
      plan={plan}
      view={shown}
      sourceLines={sourceLines}
      selectedId={selectedId}
      onSelect={state.select}
      highlighted={highlighted}
      badges={badges}
      detailsExtra={detailsExtra}
      exportName={exportName}
    />
  );
}

function Segmented(props: {
  label: string;
  layout: "column" | "row";
  options: readonly string[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <fieldset className="flex items-center gap-2">
      <legend className="sr-only">{props.label}</legend>
      <span className={`text-muted text-xs ${props.layout === "column" ? "w-16" : ""}`}>{props.label}</span>
      <div className="flex overflow-hidden rounded border border-line">
        {props.options.map((o) => (
          <button
            key={o}
            type="button"
            aria-pressed={o === props.value}
            onClick={() => props.onChange(o)}
            className={`px-2 py-0.5 text-xs ${o === props.value ? "bg-accent text-white" : "hover:bg-accent-soft"}`}
          >
            {o}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
