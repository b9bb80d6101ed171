"use client";
/**
 * What a page showing parsed plans keeps: which plan of the input, which view of it (section, AQE
 * plan, subqueries), the findings on it and the operators a picked finding highlights. Shared by
 * the home page and the shared-plan page so both show the same thing for the same text.
 */
import { useCallback, useMemo, useState } from "react";
import { analyzePlan, severityByNode } from "@/lib/analyze";
import type { Plan } from "@/lib/plan/types";
import { defaultView, planView, sectionsOf, type ViewOptions } from "@/lib/plan/view";

export function usePlanState(plans: readonly Plan[]) {
  const [planIndex, setPlanIndexState] = useState(0);
  const [view, setViewState] = useState<ViewOptions | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const plan = plans[Math.min(planIndex, plans.length - 1)] ?? null;
  const effectiveView = useMemo(
    () => (plan ? (view && sectionsOf(plan).includes(view.section) ? view : defaultView(plan)) : null),
    [plan, view],
  );
  const shown = useMemo(
    () => (plan && effectiveView ? planView(plan, effectiveView) : null),
    [plan, effectiveView],
  );
  // Findings are computed on the whole plan; badges show on whichever of its nodes is on screen.
  const findings = useMemo(() => (plan ? analyzePlan(plan) : []), [plan]);
  const badges = useMemo(() => severityByNode(findings), [findings]);

  /** Back to the first plan, its default view, nothing selected (new input). */
  const reset = useCallback(() => {
    setPlanIndexState(0);
    setViewState(null);
    setSelectedId(null);
    setHighlighted(new Set());
  }, []);
  const setPlanIndex = useCallback((i: number) => {
    setPlanIndexState(i);
    setViewState(null);
    setSelectedId(null);
    setHighlighted(new Set());
  }, []);
  const setView = useCallback((v: ViewOptions) => {
    setViewState(v);
    setSelectedId(null);
  }, []);
  /** A click on the graph: select one operator and drop a finding's highlight. */
  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    setHighlighted(new Set());
  }, []);
  /** A finding picked in the findings panel: highlight its operators, select the first, and switch
   * to the view that holds them if the current one does not (AQE initial plan, hidden subqueries). */
  const pickFinding = useCallback(
    (ids: string[]) => {
      if (shown && effectiveView && ids.some((id) => !shown.nodes.some((n) => n.id === id))) {
        setViewState({ ...effectiveView, section: "physical", aqe: "final", subqueries: "shown" });
      }
      setSelectedId(ids[0] ?? null);
      setHighlighted(new Set(ids));
    },
    [shown, effectiveView],
  );

  return {
    plan,
    effectiveView,
    shown,
    findings,
    badges,
    selectedId,
    highlighted,
    reset,
    setPlanIndex,
    setView,
    select,
    pickFinding,
  };
}
