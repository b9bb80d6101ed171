import { REUSE_OPERATORS, SUBQUERY_OPERATORS } from "@/lib/plan/operators";
import type { AqeRole, CodegenCluster, Plan, PlanEdge, PlanNode, SubqueryInfo } from "../../plan/types";
import { type Description, LineMatcher, readDescription } from "./description";
import type { SparkPlanInfo } from "./schemas";

/**
 * sparkPlanInfo (the plan tree in SQL execution events) → the shared Plan model, so an executed
 * plan renders and is analysed like pasted explain output.
 * Tree shape: SparkPlanInfo.fromSparkPlan puts subqueries after an operator's children, the
 * executed plan under AdaptiveSparkPlan and QueryStage nodes, and the reused plan under
 * ReusedExchange. https://github.com/apache/spark/blob/v3.5.1/sql/core/src/main/scala/org/apache/spark/sql/execution/SparkPlanInfo.scala
 */

export interface MetricDef {
  readonly name: string;
  readonly accumulatorId: number;
  readonly metricType: string;
}

export interface ConvertedPlan {
  readonly plan: Plan;
  /** Metric definitions per node id and per codegen cluster id. */
  readonly metrics: ReadonlyMap<string, readonly MetricDef[]>;
}

const CODEGEN = /^WholeStageCodegen(?: \((\d+)\))?$/;

/** Name as explain prints it: two words for scans (`Scan parquet`), else Spark's nodeName. */
export function operatorName(nodeName: string): string {
  const n = nodeName.trim();
  const scan = /^((?:Photon|Gpu|Comet|Velox)?Scan \S+)/.exec(n);
  return scan ? scan[1]! : n;
}

function argsOf(nodeName: string, simpleString: string): string {
  const s = simpleString.trim();
  const n = nodeName.trim();
  if (s === n) return "";
  return s.startsWith(`${n} `) ? s.slice(n.length + 1) : s;
}

export function convertSparkPlan(
  info: SparkPlanInfo,
  description: string,
  opts: { readonly index: number; readonly aqe: AqeRole | null; readonly idPrefix: string },
): ConvertedPlan {
  const desc: Description = readDescription(description);
  const nodes: PlanNode[] = [];
  const edges: PlanEdge[] = [];
  const clusters: { id: string; stage: number; nodeIds: string[]; plan: number }[] = [];
  const subqueries: SubqueryInfo[] = [];
  const roots: { tree: string; section: "physical"; id: string }[] = [];
  const metrics = new Map<string, MetricDef[]>();
  const bySimpleString = new Map<string, string>();
  const reused: { node: PlanNode; child: SparkPlanInfo; stage: number | null; tree: string }[] = [];
  const subqueryQueue: { info: SparkPlanInfo; host: PlanNode }[] = [];
  let matcher = new LineMatcher(desc.main);

  const addNode = (n: SparkPlanInfo, stage: number | null, codegen: boolean, tree: string): PlanNode => {
    const name = operatorName(n.nodeName);
    const line = matcher.take(name);
    const block = line ? desc.blocks.get(line.operatorId) : undefined;
    const node: PlanNode = {
      kind: "operator",
      id: `${opts.idPrefix}n${nodes.length}`,
      name,
      args: argsOf(n.nodeName, n.simpleString),
      operatorId: line?.operatorId ?? null,
      codegenStage: stage,
      codegen: codegen || (line?.codegen ?? false),
      marker: null,
      section: "physical",
      tree,
      aqe: opts.aqe,
      details: block?.details ?? {},
      stats: null,
      line: line?.line ?? 0,
      detailLines: block ? [block.first, block.last] : null,
      plan: opts.index,
    };
    nodes.push(node);
    if (n.metrics.length > 0) metrics.set(node.id, n.metrics);
    if (!bySimpleString.has(n.simpleString)) bySimpleString.set(n.simpleString, node.id);
    return node;
  };

  /** Visits `n`; returns the id of the node that represents it (wrappers pass their child's). */
  const visit = (n: SparkPlanInfo, stage: number | null, codegen: boolean, tree: string): string | null => {
    const wsc = CODEGEN.exec(n.nodeName);
    if (wsc || n.nodeName === "InputAdapter") {
      const child = n.children[0];
      let inner = stage;
      let cluster: (typeof clusters)[number] | null = null;
      if (wsc) {
        inner = wsc[1] === undefined ? null : Number(wsc[1]);
        if (inner !== null) {
          cluster = {
            id: `${opts.idPrefix}c${clusters.length}`,
            stage: inner,
            nodeIds: [],
            plan: opts.index,
          };
          clusters.push(cluster);
          if (n.metrics.length > 0) metrics.set(cluster.id, n.metrics);
        }
      } else {
        inner = null;
      }
      const first = nodes.length;
      const id = child ? visit(child, inner, wsc !== null, tree) : null;
      if (cluster) {
        for (let k = first; k < nodes.length; k++) {
          if (nodes[k]!.codegenStage === cluster.stage && nodes[k]!.tree === tree)
            cluster.nodeIds.push(nodes[k]!.id);
        }
      }
      return id;
    }
    const node = addNode(n, stage, codegen && stage !== null, tree);
    if (REUSE_OPERATORS.has(n.nodeName) && n.children.length === 1) {
      reused.push({ node, child: n.children[0]!, stage, tree });
      return node.id;
    }
    for (const c of n.children) {
      if (SUBQUERY_OPERATORS.has(c.nodeName) && !SUBQUERY_OPERATORS.has(n.nodeName)) {
        subqueryQueue.push({ info: c, host: node });
        continue;
      }
      const id = visit(c, stage, codegen, tree);
      if (id) edges.push({ from: id, to: node.id, kind: "child" });
    }
    return node.id;
  };

  const rootId = visit(info, null, false, "main");
  if (rootId) roots.push({ tree: "main", section: "physical", id: rootId });
  matcher = new LineMatcher(desc.subqueries);
  for (let k = 0; k < subqueryQueue.length; k++) {
    const { info: sq, host } = subqueryQueue[k]!;
    const tree = `subquery:${k + 1}`;
    const id = visit(sq, null, false, tree);
    if (!id) continue;
    roots.push({ tree, section: "physical", id });
    edges.push({ from: id, to: host.id, kind: "subquery" });
    subqueries.push({
      index: k + 1,
      hostingOperatorId: host.operatorId ?? -1,
      hostingExpression: sq.simpleString,
      rootId: sq.nodeName === "ReusedSubquery" ? null : id,
      line: host.line,
    });
  }
  // A reused exchange/subquery points at the plan it reuses; the copy under it is drawn only when
  // that original is not part of this plan.
  for (let k = 0; k < reused.length; k++) {
    const r = reused[k]!;
    const original = bySimpleString.get(r.child.simpleString);
    if (original && original !== r.node.id) {
      edges.push({ from: original, to: r.node.id, kind: "reuse" });
    } else {
      const id = visit(r.child, r.stage, false, r.tree);
      if (id) edges.push({ from: id, to: r.node.id, kind: "child" });
    }
  }

  const first = nodes[0];
  const matched = nodes.some((n) => n.operatorId !== null);
  const plan: Plan = {
    index: opts.index,
    mode: matched ? "formatted" : "unknown",
    title: first ? `${first.name}${opts.aqe ? ` (${opts.aqe})` : ""}` : "(empty plan)",
    startLine: 1,
    endLine: Math.max(1, desc.lineCount),
    nodes,
    edges,
    clusters: clusters.filter((c) => c.nodeIds.length > 0) as CodegenCluster[],
    subqueries,
    roots,
  };
  return { plan, metrics };
}
