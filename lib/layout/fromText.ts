/**
 * Explain text → the layout input the home page shows first: the first plan, its default view,
 * nothing folded, compact. The same functions the page runs, so the input (and its key) match.
 */
import { parseExplain } from "@/lib/parse/explain";
import { defaultView, planView } from "@/lib/plan/view";
import { layoutInput } from "./input";
import { statsEdgeTexts } from "./mainMetric";
import type { LayoutInput } from "./types";

export function textLayoutInput(text: string): LayoutInput | null {
  if (!text.trim()) return null;
  const out = parseExplain(text);
  const plan = out.ok ? out.result.plans[0] : undefined;
  if (!plan) return null;
  const view = planView(plan, defaultView(plan));
  return layoutInput(plan, view, undefined, { compact: true, edgeLabels: statsEdgeTexts(view.nodes) });
}
