/**
 * Turns trees read from the text (plus formatted detail blocks and subquery headers) into a Plan.
 */
import type {
  CodegenCluster,
  ExplainMode,
  GeneratedCode,
  Plan,
  PlanEdge,
  PlanNode,
  PlanNote,
  Section,
  SubqueryInfo,
  Warning,
} from "@/lib/plan/types";
import type { DetailBlock } from "./details";
import { deriveFields, deriveFromDetails } from "./fields";
import type { TreeRead } from "./tree";
import { truncationWarnings } from "./truncation";

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
  readonly generatedCode?: readonly GeneratedCode[];
  readonly notes?: readonly PlanNote[];
}

const SUBQUERY_NODE = /^(Subquery|SubqueryBroadcast|SubqueryAdaptiveBroadcast|ReusedSubquery)$/;
const PLAN_ID = /\[(?:plan_id=|id=#)(\d+)\]/g;

/**
 * Without formatted mode's `[Reuses operator id: n]`, a reused exchange or subquery names what it
 * reuses by the printed id of the original: `[plan_id=n]` (Spark 3.4+) or `[id=#n]` in the simple
 * modes, `#n` at the end of the line in plan-stability "simplified" trees.
 */
function collectReuseKeys(
  node: PlanNode,
  style: "connector" | "indented",
  keys: Map<string, string>,
  reusers: { node: PlanNode; key: string }[],
): void {
  const name = node.name;
  const isReuse = name === "ReusedExchange" || name === "ReusedSubquery";
  const isExchange = /Exchange$/.test(name) && !isReuse;
  const isSubquery = /^Subquery/.test(name);
  if (!isReuse && !isExchange && !isSubquery) return;
  const ns = name === "ReusedSubquery" || isSubquery ? "s" : "x";
  let id: string | undefined;
  if (style === "indented") id = /#(\d+)$/.exec(node.args)?.[1];
  else for (const m of node.args.matchAll(PLAN_ID)) id = m[1];
  let key: string;
  if (id !== undefined) key = `${ns}:${id}`;
  else if (ns === "x" && style === "connector") {
    // Spark 2.4–3.3 print no exchange ids, but a ReusedExchange prints the very exchange object it
    // reuses after its output list: `ReusedExchange [a#1], Exchange hashpartitioning(a#1, 200)`.
    const printed = isReuse ? node.args.slice(node.args.indexOf("], ") + 3) : `${name} ${node.args}`;
    if (isReuse && !node.args.includes("], ")) return;
    key = `t:${printed}`;
  } else return;
  if (isReuse) reusers.push({ node, key });
  else if (!keys.has(key)) keys.set(key, node.id);
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
  const reuseKeys = new Map<string, string>();
  const reusers: { node: PlanNode; key: string }[] = [];

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
      // Spark 4 prints operators shared by AQE's final and initial plans under one id: link to the first.
      if (node.operatorId !== null && node.section === "physical" && !byOperatorId.has(node.operatorId)) {
        byOperatorId.set(node.operatorId, node);
      }
      if (block?.reusesOperatorId != null) {
        reuses.push({ node, target: block.reusesOperatorId, line: block.startLine });
      }
      if (n.parent >= 0) {
        // Outside formatted mode a subquery is printed as an inner child of the operator whose
        // expression holds it (`:  +- Subquery scalar-subquery#5, [id=#12]`).
        const parentLine = t.read.nodes[n.parent]!;
        const inner = n.column - parentLine.column === 6 && !/^InMemory/.test(parentLine.op.name);
        const kind = !t.read.formatted && (SUBQUERY_NODE.test(n.op.name) || inner) ? "subquery" : "child";
        edges.push({ from: id, to: ids[n.parent]!, kind });
      } else roots.push({ tree: t.tree, section: t.section, id });
      if (!t.read.formatted) collectReuseKeys(node, t.read.style, reuseKeys, reusers);
    }
  }

  for (const r of reusers) {
    const target = reuseKeys.get(r.key);
    if (target && target !== r.node.id) edges.push({ from: target, to: r.node.id, kind: "reuse" });
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

  warnings.push(...truncationWarnings(nodes, edges));
  const formattedTrees = parts.trees.filter((t) => t.read.formatted && t.read.nodes.length > 0);
  if (formattedTrees.length > 0 && parts.details.size === 0) {
    warnings.push({
      message: "Formatted explain without its detail blocks: the input looks cut off after the tree.",
      line: parts.endLine,
    });
  }
  const subqueries = linkSubqueries(parts, roots, byOperatorId, edges, warnings);
  const clusters = codegenClusters(nodes, edges, parts.index);
  const main = roots[0] ? nodes.find((n) => n.id === roots[0]!.id) : undefined;
  return {
    index: parts.index,
    mode: parts.mode,
    title: main ? `${main.name} (line ${parts.startLine})` : `Empty plan at line ${parts.startLine}`,
    startLine: parts.startLine,
    endLine: parts.endLine,
    nodes,
    edges,
    clusters,
    subqueries,
    roots,
    ...(parts.generatedCode && parts.generatedCode.length > 0 ? { generatedCode: parts.generatedCode } : {}),
    ...(parts.notes && parts.notes.length > 0 ? { notes: parts.notes } : {}),
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

/**
 * A whole-stage-codegen stage is a connected piece of the tree whose operators share a stage id.
 * Ids restart in subqueries, cached plans and each AQE plan, so connectivity (not the id alone)
 * decides membership.
 */
function codegenClusters(
  nodes: readonly PlanNode[],
  edges: readonly PlanEdge[],
  plan: number,
): CodegenCluster[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const parent = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const e of edges) {
    if (e.kind !== "child") continue;
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    const sa = nodes[a]!.codegenStage;
    if (sa !== null && sa === nodes[b]!.codegenStage) parent[find(a)] = find(b);
  }
  const groups = new Map<number, string[]>();
  nodes.forEach((n, i) => {
    if (n.codegenStage === null) return;
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(n.id);
    else groups.set(root, [n.id]);
  });
  return [...groups.entries()].map(([root, ids]) => ({
    id: `p${plan}:wscg:${nodes[root]!.id}`,
    stage: nodes[root]!.codegenStage!,
    nodeIds: ids,
    plan,
  }));
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function addMissing(target: Record<string, string>, extra: Readonly<Record<string, string>>): void {
  for (const k in extra) if (!(k in target)) target[k] = extra[k]!;
}
