/** Search over operators: name, arguments, operator id, and every detail field (table, columns, expressions). */
import type { PlanNode } from "@/lib/plan/types";

export function searchNodes(nodes: Iterable<PlanNode>, query: string): Set<string> {
  const q = query.trim().toLowerCase();
  const out = new Set<string>();
  if (!q) return out;
  const id = /^\(?(\d+)\)?$/.exec(q);
  for (const n of nodes) {
    if (id && n.operatorId === Number(id[1])) {
      out.add(n.id);
      continue;
    }
    if (n.name.toLowerCase().includes(q) || n.args.toLowerCase().includes(q)) {
      out.add(n.id);
      continue;
    }
    for (const v of Object.values(n.details)) {
      if (v.toLowerCase().includes(q)) {
        out.add(n.id);
        break;
      }
    }
  }
  return out;
}
