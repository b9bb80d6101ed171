import type { Plan } from "@/lib/plan/types";
import type { PlanView } from "@/lib/plan/view";
import { nodeBadge, nodeLabelLines } from "./labels";
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

/** The layout's input for what is on screen: labels, edges, and the codegen stages shown. */
export function layoutInput(
  plan: Plan,
  view: PlanView,
  collapsed: Collapsed = NOTHING_COLLAPSED,
): LayoutInput {
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
  const nodes: LayoutNodeInput[] = view.nodes
    .filter((n) => !owner.has(n.id))
    .map((n) => {
      // The badge `(12) *3` is drawn right-aligned on the first line: reserve its width there.
      const [first = "", ...rest] = nodeLabelLines(n);
      const badge = nodeBadge(n);
      return { id: n.id, lines: [badge ? `${first}  ${badge}` : first, ...rest] };
    });
  nodes.push(...groups);
  const seen = new Set<string>();
  const edges: LayoutInput["edges"][number][] = [];
  for (const e of view.edges) {
    const from = owner.get(e.from) ?? e.from;
    const to = owner.get(e.to) ?? e.to;
    const key = `${from}>${to}>${e.kind}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    edges.push({ from, to, kind: e.kind });
  }
  return { nodes, edges, clusters: clusters.filter((c) => !collapsed.stages.has(c.id)) };
}
