/**
 * Turns trees read from the text (plus formatted detail blocks and subquery headers) into a Plan.
 */
import type {
  CodegenCluster,
  ExplainMode,
  Plan,
  PlanEdge,
  PlanNode,
  Section,
  SubqueryInfo,
  Warning,
} from "@/lib/plan/types";
import type { DetailBlock } from "./details";
import { deriveFields, deriveFromDetails } from "./fields";
import type { TreeRead } from "./tree";

export interface TreeInput {
  readonly read: TreeRead;
  readonly section: Section;
  readonly tree: string;
}

export interface SubqueryHeader {
  readonly index: number;
  readonly hostingOperatorId: number;
  readonly hostingExpression: string;
  readonly tree: string | null;
  readonly line: number;
}

export interface PlanParts {
  readonly index: number;
  readonly mode: ExplainMode;
  readonly trees: readonly TreeInput[];
  readonly details: ReadonlyMap<number, DetailBlock>;
  readonly subqueries: readonly SubqueryHeader[];
  readonly startLine: number;
  readonly endLine: number;
}

export function nodeId(line: number): string {
  return `n${line}`;
}

export function buildPlan(parts: PlanParts, warnings: Warning[]): Plan {
  const nodes: PlanNode[] = [];
  const edges: PlanEdge[] = [];
  const roots: { tree: string; section: Section; id: string }[] = [];
  const byOperatorId = new Map<number, PlanNode>();
  const reuses: { node: PlanNode; target: number; line: number }[] = [];
  const usedDetails = new Set<number>();

  for (const t of parts.trees) {
    const ids: string[] = [];
    for (const n of t.read.nodes) {
      const id = nodeId(n.line);
      ids.push(id);
      const block = n.op.operatorId !== null ? parts.details.get(n.op.operatorId) : undefined;
      if (block) usedDetails.add(block.operatorId);
      else if (t.read.formatted && n.op.operatorId !== null && parts.details.size > 0) {
        warnings.push({
          message: `No detail block "(${n.op.operatorId}) ${n.op.name}" was found; the input may be truncated.`,
          line: n.line,
        });
      }
      // The detail block's fields win over what the tree line's arguments imply.
      const details: Record<string, string> = block ? block.fields : {};
      addMissing(details, deriveFields(n.op.name, n.op.args));
      if (block) addMissing(details, deriveFromDetails(n.op.name, details));
      if (n.op.unresolved) details.Unresolved = "true";
      const node: PlanNode = {
        kind: "operator",
        id,
        name: n.op.name,
        args: n.op.args,
        operatorId: n.op.operatorId,
        codegenStage: block?.codegenStage ?? n.op.codegenStage,
        codegen: n.op.codegen || (block?.codegenStage ?? null) !== null,
        marker: n.op.marker,
        section: t.section,
        tree: t.tree,
        aqe: n.aqe,
        details,
        stats: n.op.stats,
        line: n.line,
        detailLines: block ? [block.startLine, block.endLine] : null,
        plan: parts.index,
      };
      if (!n.op.recognised) {
        warnings.push({
          message: `Unrecognised operator line "${truncate(n.op.name)}"; kept as is.`,
          line: n.line,
        });
      }
      nodes.push(node);
      if (node.operatorId !== null && node.section === "physical") byOperatorId.set(node.operatorId, node);
      if (block?.reusesOperatorId != null) {
        reuses.push({ node, target: block.reusesOperatorId, line: block.startLine });
      }
      if (n.parent >= 0) edges.push({ from: id, to: ids[n.parent]!, kind: "child" });
      else roots.push({ tree: t.tree, section: t.section, id });
    }
  }

  for (const r of reuses) {
    const target = byOperatorId.get(r.target);
    if (target) edges.push({ from: target.id, to: r.node.id, kind: "reuse" });
    else warnings.push({ message: `Reused operator id ${r.target} is not in the plan.`, line: r.line });
  }

  for (const [opId, block] of parts.details) {
    // Gluten prints detail blocks for its stage wrappers, which the tree leaves out as Spark does.
    if (!usedDetails.has(opId) && !/^(WholeStageCodegen\w*|InputAdapter)\b/.test(block.header)) {
      warnings.push({
        message: `Detail block "(${opId}) ${block.header}" has no operator in the tree.`,
        line: block.startLine,
      });
    }
  }

  const subqueries = linkSubqueries(parts, roots, byOperatorId, edges, warnings);
  const clusters = codegenClusters(nodes, parts.index);
  const main = roots[0] ? nodes.find((n) => n.id === roots[0]!.id) : undefined;
  return {
    index: parts.index,
    mode: parts.mode,
    title: main ? `${main.name} (line ${parts.startLine})` : `Plan at line ${parts.startLine}`,
    startLine: parts.startLine,
    endLine: parts.endLine,
    nodes,
    edges,
    clusters,
    subqueries,
    roots,
  };
}

function linkSubqueries(
  parts: PlanParts,
  roots: readonly { tree: string; id: string }[],
  byOperatorId: ReadonlyMap<number, PlanNode>,
  edges: PlanEdge[],
  warnings: Warning[],
): SubqueryInfo[] {
  const out: SubqueryInfo[] = [];
  for (const s of parts.subqueries) {
    const host = byOperatorId.get(s.hostingOperatorId);
    let rootId = s.tree ? (roots.find((r) => r.tree === s.tree)?.id ?? null) : null;
    let kind: PlanEdge["kind"] = "subquery";
    if (rootId === null && s.hostingExpression.startsWith("ReusedSubquery")) {
      // `ReusedSubquery <expr>`: the subquery it reuses was printed earlier with the same expression.
      const ref = s.hostingExpression.slice("ReusedSubquery".length).trim();
      const original = out.find((o) => o.rootId !== null && o.hostingExpression.includes(ref));
      rootId = original?.rootId ?? null;
      kind = "reuse";
    }
    if (!host) {
      warnings.push({
        message: `Subquery:${s.index} names hosting operator id ${s.hostingOperatorId}, which is not in the plan.`,
        line: s.line,
      });
    } else if (rootId !== null) {
      edges.push({ from: rootId, to: host.id, kind });
    }
    out.push({
      index: s.index,
      hostingOperatorId: s.hostingOperatorId,
      hostingExpression: s.hostingExpression,
      rootId: kind === "subquery" ? rootId : null,
      line: s.line,
    });
  }
  return out;
}

function codegenClusters(nodes: readonly PlanNode[], plan: number): CodegenCluster[] {
  const byStage = new Map<string, { stage: number; ids: string[] }>();
  for (const n of nodes) {
    if (n.codegenStage === null) continue;
    // Stage ids restart in each AQE plan and each explain section, so the key includes both.
    const key = `${n.section}:${n.aqe ?? "-"}:${n.codegenStage}`;
    let c = byStage.get(key);
    if (!c) {
      c = { stage: n.codegenStage, ids: [] };
      byStage.set(key, c);
    }
    c.ids.push(n.id);
  }
  return [...byStage.entries()].map(([key, c]) => ({
    id: `p${plan}:wscg:${key}`,
    stage: c.stage,
    nodeIds: c.ids,
    plan,
  }));
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function addMissing(target: Record<string, string>, extra: Readonly<Record<string, string>>): void {
  for (const k in extra) if (!(k in target)) target[k] = extra[k]!;
}
