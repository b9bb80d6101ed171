import { operatorCategory } from "@/lib/plan/operators";
import type { Plan } from "@/lib/plan/types";
import type { PlanView } from "@/lib/plan/view";
import { CARD_CHARS, cardLine, nodeBadge, nodeLabelLines } from "./labels";
import { clipLabel } from "./measure";
import type { LayoutInput, LayoutNodeInput } from "./types";

/** What the user folded away: codegen stages (cluster ids) and subtrees (the id of their top). */
export interface Collapsed {
  readonly stages: ReadonlySet<string>;
  /** A collapsed subtree keeps its top operator and folds everything feeding it into one box. */
  readonly subtrees: ReadonlySet<string>;
}

export const NOTHING_COLLAPSED: Collapsed = { stages: new Set(), subtrees: new Set() };

export const stageGroupId = (clusterId: string) => `stage:${clusterId}`;
export const subtreeGroupId = (nodeId: string) => `subtree:${nodeId}`;
export const cardId = (clusterId: string) => `card:${clusterId}`;

/** How the graph is drawn. */
export interface InputOptions {
  /**
   * Compact view: each whole-stage-codegen stage is one card listing its operators one line each;
   * scans (and exchanges, broadcasts, which are never inside a stage) stay their own boxes.
   */
  readonly compact?: boolean;
  /** A short note per node or codegen cluster id (its main metric), drawn with it. */
  readonly notes?: ReadonlyMap<string, string>;
  /** Text on the edges leaving a node (what flowed out of it: rows, bytes), keyed by that node. */
  readonly edgeLabels?: ReadonlyMap<string, string>;
}

/** The layout's input for what is on screen: labels, edges, and the codegen stages shown. */
export function layoutInput(
  plan: Plan,
  view: PlanView,
  collapsed: Collapsed = NOTHING_COLLAPSED,
  options: InputOptions = {},
): LayoutInput {
  const notes = options.notes;
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  // Which box each plan node is drawn in: itself, or the group standing in for it.
  const owner = new Map<string, string>();
  const groups: LayoutNodeInput[] = [];
  if (collapsed.subtrees.size > 0) {
    const inputs = new Map<string, string[]>();
    for (const e of view.edges)
      if (e.kind === "child") inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
    for (const top of collapsed.subtrees) {
      if (!byId.has(top) || owner.has(top)) continue;
      const seen = new Set<string>();
      const stack = [...(inputs.get(top) ?? [])];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        stack.push(...(inputs.get(id) ?? []));
      }
      const members = [...seen];
      if (members.length === 0) continue;
      const gid = subtreeGroupId(top);
      for (const m of members) owner.set(m, gid);
      const scans = members.filter((m) => byId.get(m)?.details.Table).length;
      groups.push({
        id: gid,
        lines: [
          `▸ ${members.length} operators`,
          scans > 0 ? `${scans} scan${scans === 1 ? "" : "s"}` : "folded",
        ],
        group: { kind: "subtree", members },
      });
    }
  }
  const clusters = plan.clusters
    .map((c) => ({
      id: c.id,
      stage: c.stage,
      nodeIds: c.nodeIds.filter((id) => byId.has(id) && !owner.has(id)),
    }))
    .filter((c) => c.nodeIds.length > 0);
  for (const c of clusters) {
    if (!collapsed.stages.has(c.id)) continue;
    const gid = stageGroupId(c.id);
    for (const m of c.nodeIds) owner.set(m, gid);
    const names = c.nodeIds.map((id) => byId.get(id)!.name);
    groups.push({
      id: gid,
      lines: [`▸ WholeStageCodegen (${c.stage})`, clipLabel(names.join(" · "))],
      group: { kind: "stage", members: c.nodeIds },
    });
  }
  // Compact: the stages still shown become cards (their scans stay out, as boxes of their own).
  const cardOf: Record<string, string> = {};
  const cards: LayoutNodeInput[] = [];
  // A one-operator stage is a one-line box of its own; it shows the stage's total when it has none.
  const stageNote = new Map<string, string>();
  if (options.compact) {
    const order = new Map(view.nodes.map((n, i) => [n.id, i]));
    for (const c of clusters) {
      if (collapsed.stages.has(c.id)) continue;
      const members = c.nodeIds
        .filter((id) => operatorCategory(byId.get(id)!.name) !== "scan")
        // Plan text lists the root first: reversed, inputs come first, as data flows down.
        .sort((a, b) => order.get(b)! - order.get(a)!);
      if (members.length === 0) continue;
      if (members.length === 1) {
        const own = notes?.get(c.id);
        if (own && !notes?.has(members[0]!)) stageNote.set(members[0]!, own);
        continue;
      }
      const id = cardId(c.id);
      for (const m of members) cardOf[m] = id;
      const lines = members.map((m) => {
        const l = cardLine(byId.get(m)!, notes?.get(m) ?? nodeBadge(byId.get(m)!));
        return [l.name, l.arg, l.right].filter(Boolean).join("  ").slice(0, CARD_CHARS);
      });
      const head = `WholeStageCodegen (${c.stage})${notes?.has(c.id) ? `  ${notes.get(c.id)}` : ""}`;
      cards.push({ id, lines: [head, ...lines], card: { cluster: c.id, stage: c.stage, members } });
    }
  }
  const nodes: LayoutNodeInput[] = view.nodes
    .filter((n) => !owner.has(n.id) && !cardOf[n.id])
    .map((n): LayoutNodeInput => {
      if (options.compact) {
        const l = cardLine(n, notes?.get(n.id) ?? stageNote.get(n.id) ?? nodeBadge(n));
        return { id: n.id, lines: [[l.name, l.arg, l.right].filter(Boolean).join("  ")], compact: true };
      }
      // The badge `(12) *3` is drawn right-aligned on the first line: reserve its width there.
      const [first = "", ...rest] = nodeLabelLines(n);
      const badge = nodeBadge(n);
      const note = notes?.get(n.id);
      return { id: n.id, lines: [badge ? `${first}  ${badge}` : first, ...rest, ...(note ? [note] : [])] };
    });
  nodes.push(...cards, ...groups);
  const seen = new Set<string>();
  const edges: LayoutInput["edges"][number][] = [];
  for (const e of view.edges) {
    const from = owner.get(e.from) ?? e.from;
    const to = owner.get(e.to) ?? e.to;
    const key = `${from}>${to}>${e.kind}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    const label = e.kind === "child" && from === e.from ? options.edgeLabels?.get(from) : undefined;
    edges.push(label ? { from, to, kind: e.kind, label } : { from, to, kind: e.kind });
  }
  const shown = clusters.filter((c) => !collapsed.stages.has(c.id));
  if (!options.compact) return { nodes, edges, clusters: shown };
  // Compact draws no stage outlines: a stage is a card, or one box whose badge names it (`*3`).
  return { nodes, edges, cardOf, clusters: [] };
}
