/**
 * What the graph marks on nodes and edges, shared by the page and the SVG export. Every mark has
 * a shape or glyph as well as a colour, so nothing relies on red/green alone.
 */
import { isShuffleExchange, isShuffleRead } from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";

export type Severity = "info" | "warn" | "critical";
export type DiffMark = "added" | "removed" | "changed";

/** Edges out of a shuffle: the data crosses the network (drawn thicker, in the exchange colour). */
export function isShuffleSource(n: PlanNode | undefined): boolean {
  return n !== undefined && (isShuffleExchange(n.name) || isShuffleRead(n.name));
}

export const SEVERITY_GLYPH: Record<Severity, string> = { info: "i", warn: "!", critical: "‼" };
export const DIFF_GLYPH: Record<DiffMark, string> = { added: "+", removed: "−", changed: "~" };
/** Removed operators are dashed, changed dotted, added solid: readable without colour. */
export const DIFF_DASH: Record<DiffMark, string | undefined> = {
  added: undefined,
  removed: "6 3",
  changed: "2 2",
};
