/**
 * A small plan-shaped graph laid out once when the worker starts: ELK is a large GWT-compiled
 * script and its first layout runs cold (several times slower than later ones). Warming it while
 * the user is still pasting makes the first real layout a warm one.
 */
import type { LayoutInput } from "./types";

export function warmupInput(size = 160): LayoutInput {
  const nodes: { id: string; lines: string[] }[] = [];
  const edges: { from: string; to: string; kind: "child" }[] = [];
  const clusters: { id: string; stage: number; nodeIds: string[] }[] = [];
  for (let i = 0; i < size; i++) {
    nodes.push({ id: `w${i}`, lines: [`Operator ${i}  (${i})`, "spark_catalog.default.t"] });
    if (i > 0) edges.push({ from: `w${i}`, to: `w${Math.floor((i - 1) / 2)}`, kind: "child" });
    if (i % 3 === 0 && i + 1 < size)
      clusters.push({ id: `c${i}`, stage: i, nodeIds: [`w${i}`, `w${i + 1}`] });
  }
  return { nodes, edges, clusters };
}
