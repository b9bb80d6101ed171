/**
 * The JSON shape `plansight parse --json` prints. Outside checks rely on it: nodes carry at least
 * `id, name, operatorId, codegenStage, section`; edges `from, to, kind`; warnings `code, message, line` (codes: lib/plan/warnings.ts).
 */
import type { ParseResult, Plan, PlanEdge, PlanNode, Warning } from "./types";

export interface PlanJson {
  readonly nodes: readonly NodeJson[];
  readonly edges: readonly PlanEdge[];
  readonly warnings: readonly Warning[];
  readonly plans: readonly PlanSummaryJson[];
}

export interface NodeJson {
  readonly id: string;
  readonly name: string;
  readonly operatorId: number | null;
  readonly codegenStage: number | null;
  readonly section: PlanNode["section"];
  readonly args: string;
  readonly tree: string;
  readonly aqe: PlanNode["aqe"];
  readonly plan: number;
  readonly line: number;
  readonly details: PlanNode["details"];
}

export interface PlanSummaryJson {
  readonly index: number;
  readonly mode: Plan["mode"];
  readonly title: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly roots: Plan["roots"];
  readonly clusters: Plan["clusters"];
  readonly subqueries: Plan["subqueries"];
  readonly generatedCode?: Plan["generatedCode"];
  readonly notes?: Plan["notes"];
}

export function nodeToJson(n: PlanNode): NodeJson {
  return {
    id: n.id,
    name: n.name,
    operatorId: n.operatorId,
    codegenStage: n.codegenStage,
    section: n.section,
    args: n.args,
    tree: n.tree,
    aqe: n.aqe,
    plan: n.plan,
    line: n.line,
    details: n.details,
  };
}

export function plansToJson(plans: readonly Plan[], warnings: readonly Warning[]): PlanJson {
  return {
    nodes: plans.flatMap((p) => p.nodes.map(nodeToJson)),
    edges: plans.flatMap((p) => p.edges),
    warnings,
    plans: plans.map((p) => ({
      index: p.index,
      mode: p.mode,
      title: p.title,
      startLine: p.startLine,
      endLine: p.endLine,
      roots: p.roots,
      clusters: p.clusters,
      subqueries: p.subqueries,
      ...(p.generatedCode ? { generatedCode: p.generatedCode } : {}),
      ...(p.notes ? { notes: p.notes } : {}),
    })),
  };
}

export function parseResultToJson(r: ParseResult): PlanJson {
  return plansToJson(r.plans, r.warnings);
}
