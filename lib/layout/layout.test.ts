import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { defaultView, planView } from "@/lib/plan/view";
import { CORPUS, hasCorpus } from "@/tests/corpus/corpus";
import { syntheticPlan } from "../../scripts/gen-synthetic-plan";
import { layoutGraph } from "./elk";
import { textLayoutInput } from "./fromText";
import { layoutInput, stageGroupId, subtreeGroupId } from "./input";
import { statsEdgeTexts } from "./mainMetric";
import { LIGHT } from "./palette";
import { inputKey } from "./protocol";
import { renderSvg } from "./svg";
import type { Box, GraphLayout } from "./types";
import { warmupText } from "./warmup";

function planOf(text: string) {
  const out = parseExplain(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.result.plans[0]!;
}

const inside = (b: Box, x: number, y: number, eps = 0.5) =>
  x > b.x + eps && x < b.x + b.width - eps && y > b.y + eps && y < b.y + b.height - eps;
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every orthogonal segment, sampled densely, stays out of every node box's interior. */
function edgeNodeCrossings(layout: GraphLayout): string[] {
  const bad: string[] = [];
  for (const e of layout.edges) {
    for (let i = 1; i < e.points.length; i++) {
      const [x0, y0] = e.points[i - 1]!;
      const [x1, y1] = e.points[i]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 2));
      for (const n of layout.nodes) {
        for (let s = 0; s <= steps; s++) {
          const x = x0 + ((x1 - x0) * s) / steps;
          const y = y0 + ((y1 - y0) * s) / steps;
          if (inside(n, x, y)) {
            bad.push(`${e.id} crosses ${n.id}`);
            break;
          }
        }
      }
    }
  }
  return bad;
}

function foreignInStages(layout: GraphLayout, members: Map<string, readonly string[]>): string[] {
  const bad: string[] = [];
  for (const c of layout.clusters) {
    const own = new Set(members.get(c.id));
    for (const n of layout.nodes) {
      if (own.has(n.id)) continue;
      if (c.outline.some((r) => overlaps(r, n))) bad.push(`${n.id} inside stage ${c.stage}`);
    }
  }
  return bad;
}

describe("layout", () => {
  it("lays out a synthetic plan: every node placed, no edge through a node box, stages hold only members", async () => {
    const plan = planOf(syntheticPlan(300));
    const input = layoutInput(plan, planView(plan, defaultView(plan)));
    const layout = await layoutGraph(input);
    expect(layout.nodes).toHaveLength(300);
    expect(layout.edges.length).toBe(input.edges.length);
    expect(layout.clusters.length).toBe(input.clusters.length);
    expect(edgeNodeCrossings(layout)).toEqual([]);
    expect(foreignInStages(layout, new Map(input.clusters.map((c) => [c.id, c.nodeIds])))).toEqual([]);
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it.skipIf(!hasCorpus)("lays out TPC-DS q14a without edges through boxes", async () => {
    const f = join(CORPUS, "explain/spark313-tpcds-v2_7/q14a.sf100.explain.txt");
    const plan = planOf(readFileSync(f, "utf8"));
    const input = layoutInput(plan, planView(plan, defaultView(plan)));
    const layout = await layoutGraph(input);
    expect(layout.nodes.length).toBe(input.nodes.length);
    expect(edgeNodeCrossings(layout)).toEqual([]);
    expect(foreignInStages(layout, new Map(input.clusters.map((c) => [c.id, c.nodeIds])))).toEqual([]);
  });

  it("collapses a codegen stage and a subtree into single boxes", async () => {
    const plan = planOf(syntheticPlan(60));
    const view = planView(plan, defaultView(plan));
    const stage = plan.clusters.find((c) => c.nodeIds.length >= 2)!;
    const input = layoutInput(plan, view, { stages: new Set([stage.id]), subtrees: new Set() });
    expect(input.nodes.length).toBe(60 - stage.nodeIds.length + 1);
    expect(input.nodes.find((n) => n.id === stageGroupId(stage.id))?.group?.members).toEqual(stage.nodeIds);
    expect(input.clusters.some((c) => c.id === stage.id)).toBe(false);
    const root = plan.roots[0]!.id;
    const folded = layoutInput(plan, view, { stages: new Set(), subtrees: new Set([root]) });
    const group = folded.nodes.find((n) => n.id === subtreeGroupId(root))!;
    const mainTree = plan.nodes.filter((n) => n.tree === "main").length;
    expect(group.group?.members.length).toBe(mainTree - 1);
    const layout = await layoutGraph(folded);
    expect(layout.nodes.length).toBe(folded.nodes.length);
  });
});

/** The boxes drawn on their own: cards and the operators not in a card (a card's lines tile it). */
function solidBoxes(layout: GraphLayout): (Box & { id: string })[] {
  return [...layout.nodes.filter((n) => !n.card), ...layout.cards];
}

function compactProblems(layout: GraphLayout): string[] {
  const bad: string[] = [];
  const solid = solidBoxes(layout);
  for (let i = 0; i < solid.length; i++)
    for (let j = i + 1; j < solid.length; j++)
      if (overlaps(solid[i]!, solid[j]!)) bad.push(`${solid[i]!.id} overlaps ${solid[j]!.id}`);
  const asNodes = { ...layout, nodes: solid } as GraphLayout;
  bad.push(...edgeNodeCrossings(asNodes));
  // Edge labels: sized as drawn (11 px monospace), on no box and no other label.
  const labels = layout.edges.flatMap((e) =>
    e.label ? [{ id: e.id, x: e.label.x, y: e.label.y, width: e.label.text.length * 6.6, height: 12 }] : [],
  );
  for (const l of labels) for (const b of solid) if (overlaps(l, b)) bad.push(`label ${l.id} on ${b.id}`);
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++)
      if (overlaps(labels[i]!, labels[j]!)) bad.push(`label ${labels[i]!.id} on ${labels[j]!.id}`);
  return bad;
}

describe("compact view (codegen stages as cards)", () => {
  it("keeps a box for every operator, a card per stage, no overlaps, no edge through a box", async () => {
    const plan = planOf(syntheticPlan(300));
    const view = planView(plan, defaultView(plan));
    const rows = new Map(view.nodes.map((n, i) => [n.id, `${i * 1000} rows`]));
    const input = layoutInput(plan, view, undefined, { compact: true, edgeLabels: rows });
    const layout = await layoutGraph(input);
    expect(new Set(layout.nodes.map((n) => n.id))).toEqual(new Set(view.nodes.map((n) => n.id)));
    // Independent count: stages with at least two operators that are not scans (one is a box).
    const name = new Map(plan.nodes.map((n) => [n.id, n.name]));
    const stages = plan.clusters.filter(
      (c) => c.nodeIds.filter((id) => !/Scan/.test(name.get(id)!)).length >= 2,
    );
    expect(layout.cards.length).toBe(stages.length);
    for (const c of layout.cards) {
      const lines = layout.nodes.filter((n) => n.card === c.id);
      expect(lines.length).toBe(c.members.length);
      for (const l of lines) expect(l.y + l.height).toBeLessThanOrEqual(c.y + c.height);
    }
    expect(layout.edges.some((e) => e.label)).toBe(true);
    expect(compactProblems(layout)).toEqual([]);
    // The SVG export draws the same: every operator with its id, a group per card, edge labels.
    const svg = renderSvg(layout, new Map(plan.nodes.map((n) => [n.id, n])), { palette: LIGHT });
    for (const n of view.nodes) expect(svg).toContain(`data-node-id="${n.id}"`);
    expect(svg.match(/data-card-id=/g)?.length).toBe(layout.cards.length);
    expect(svg).toContain(">1000 rows<");
  });

  it.skipIf(!hasCorpus)("lays out TPC-DS q14a compact without overlaps", async () => {
    const f = join(CORPUS, "explain/spark313-tpcds-v2_7/q14a.sf100.explain.txt");
    const plan = planOf(readFileSync(f, "utf8"));
    const view = planView(plan, defaultView(plan));
    const layout = await layoutGraph(layoutInput(plan, view, undefined, { compact: true }));
    expect(layout.nodes.length).toBe(view.nodes.length);
    expect(layout.cards.length).toBeGreaterThan(10);
    expect(compactProblems(layout)).toEqual([]);
  });
});

describe("layout from pasted text (worker prefetch)", () => {
  it("gives the input the home page builds, key for key", () => {
    const text = readFileSync("public/samples/formatted-broadcast-join.txt", "utf8");
    const plan = planOf(text);
    const view = planView(plan, defaultView(plan));
    const page = layoutInput(plan, view, undefined, {
      compact: true,
      edgeLabels: statsEdgeTexts(view.nodes),
    });
    expect(inputKey(textLayoutInput(text)!)).toBe(inputKey(page));
    expect(textLayoutInput("   ")).toBeNull();
  });

  it("warm-up text is a plan the parser reads without warnings", () => {
    const out = parseExplain(warmupText(6));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result.warnings).toEqual([]);
    expect(out.result.plans[0]!.nodes.length).toBe(6 * 6 + 6);
    expect(out.result.plans[0]!.clusters.length).toBeGreaterThan(6);
  });
});

describe("estimates on a pasted plan's edges", () => {
  it("AQE query stages' Statistics(rowCount=…) label the edges leaving them, as ~estimates", async () => {
    const text = readFileSync("fixtures/spark/3.4.4/explain/cache.formatted.aqe-on.final.txt", "utf8");
    // Independent count: the tree lines that carry a row count, and their numbers.
    const counted = text
      .split("\n")
      .flatMap((l) => /^[\s:+-]*\w+ \(\d+\), Statistics\(.*rowCount=([\d.E+]+)/.exec(l)?.[1] ?? []);
    expect(counted.length).toBeGreaterThan(0);
    const text2 = textLayoutInput(text)!;
    const labels = text2.edges.flatMap((e) => e.label ?? []);
    expect(labels).toHaveLength(counted.length);
    for (const l of labels) expect(l).toMatch(/^~[\d.]+[kMB]? rows$/);
    expect(labels).toContain(
      `~${Number(counted[0]) >= 1000 ? `${Number(counted[0]) / 1000}k` : counted[0]} rows`,
    );
    const layout = await layoutGraph(text2);
    expect(layout.edges.filter((e) => e.label).length).toBe(counted.length);
  });
});
