import type { Plan } from "@/lib/plan/types";
import type { PlanView } from "@/lib/plan/view";
import { nodeBadge, nodeLabelLines } from "./labels";
import type { LayoutInput } from "./types";

/** The layout's input for what is on screen: labels, edges, and the codegen stages shown. */
export function layoutInput(plan: Plan, view: PlanView): LayoutInput {
  const ids = new Set(view.nodes.map((n) => n.id));
  return {
    nodes: view.nodes.map((n) => {
      // The badge `(12) *3` is drawn right-aligned on the first line: reserve its width there.
      const [first = "", ...rest] = nodeLabelLines(n);
      const badge = nodeBadge(n);
      return { id: n.id, lines: [badge ? `${first}  ${badge}` : first, ...rest] };
    }),
    edges: view.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
    clusters: plan.clusters
      .map((c) => ({ id: c.id, stage: c.stage, nodeIds: c.nodeIds.filter((id) => ids.has(id)) }))
      .filter((c) => c.nodeIds.length > 0),
  };
}
