/**
 * Turns trees read from the text (plus formatted detail blocks and subquery headers) into a Plan.
 */
import { SUBQUERY_OPERATORS } from "@/lib/plan/operators";
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
import type { DetailBlocks } from "./details";
import { deriveFields, deriveFromDetails } from "./fields";
import type { SourceLines } from "./lines";
import { type DraftNode, isStateMark, unrecognisedName } from "./operator";
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
  /** Formatted mode's detail blocks, by operator id. */
  readonly details: DetailBlocks;
  readonly subqueries: readonly SubqueryHeader[];
  readonly startLine: number;
  readonly endLine: number;
  readonly generatedCode?: readonly GeneratedCode[];
  readonly notes?: readonly PlanNote[];
}

// `scalar-subquery#12`, `dynamicpruning#5`: how a subquery expression names itself.
const REFERENCE = /[\w-]+#\d+/;
const REFERENCES = /[\w-]+#\d+/g;
/**
 * Operators whose inner children (TreeNode.innerChildren, printed indented one level further) are
 * the plan they run, not subqueries: the cached plan of InMemoryRelation / InMemoryTableScan, the
 * executed command under CommandResult, the anchor and recursion of a recursive CTE's UnionLoop,
 * the query of a command that holds one (`CreateDataSourceTableAsSelectCommand`, `CreateViewCommand`,
 * `CacheTableAsSelect`).
 */
const PLAN_HOLDERS = /^(?:InMemory|CommandResult$|UnionLoop$|CacheTableAsSelect$)|Command$/;
const STAGE_WRAPPER = /^(WholeStageCodegen\w*|InputAdapter)\b/;

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
  const isExchange = name.endsWith("Exchange") && !isReuse;
  const isSubquery = name.startsWith("Subquery");
  if (!isReuse && !isExchange && !isSubquery) return;
  const ns = name === "ReusedSubquery" || isSubquery ? "s" : "x";
  let id: string | undefined;
  if (style === "indented") id = trailingHashId(node.args);
  else {
    const a = lastBracketId(node.args, "[plan_id=");
    const b = lastBracketId(node.args, "[id=#");
    id = a.at > b.at ? a.id : b.id;
  }
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

/** The digits of the last `<prefix>digits]` in `args` and where it starts (-1: none). */
function lastBracketId(args: string, prefix: string): { at: number; id: string | undefined } {
  for (let at = args.lastIndexOf(prefix); at >= 0; at = at > 0 ? args.lastIndexOf(prefix, at - 1) : -1) {
    let p = at + prefix.length;
    while (p < args.length && args.charCodeAt(p) >= 48 && args.charCodeAt(p) <= 57) p++;
    if (p > at + prefix.length && args.charCodeAt(p) === 93)
      return { at, id: args.slice(at + prefix.length, p) };
  }
  return { at: -1, id: undefined };
}

/** `n` of a simplified tree's `... #n` line end. */
function trailingHashId(args: string): string | undefined {
  let p = args.length;
  while (p > 0 && args.charCodeAt(p - 1) >= 48 && args.charCodeAt(p - 1) <= 57) p--;
  return p < args.length && p > 0 && args.charCodeAt(p - 1) === 35 ? args.slice(p) : undefined;
}

/** Puts a plan's trees, detail blocks and subqueries together into the Plan model. */
export function buildPlan(parts: PlanParts, lines: SourceLines, warnings: Warning[]): Plan {
  const b = new PlanBuilder(parts, warnings);
  for (const t of parts.trees) b.addTree(t);
  b.linkReuses();
  b.checkDetailBlocks(lines);
  const { nodes, edges, roots, byOperatorId } = b;
  warnings.push(...truncationWarnings(nodes, b.inputs));
  const formattedTrees = parts.trees.filter((t) => t.read.formatted && t.read.nodes.length > 0);
  if (formattedTrees.length > 0 && parts.details.count === 0) {
    warnings.push({
      code: "cut-details",
      message: "Formatted explain without its detail blocks: the input looks cut off after the tree.",
      line: parts.endLine,
    });
  }
  const subqueries = linkSubqueries(parts, roots, byOperatorId, edges, warnings);
  const clusters = codegenClusters(nodes, b.childOf, parts.index);
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

class PlanBuilder {
  readonly nodes: PlanNode[] = [];
  readonly edges: PlanEdge[] = [];
  readonly roots: { tree: string; section: Section; id: string }[] = [];
  /** By formatted operator id (small integers): the first physical node with that id. */
  readonly byOperatorId: (PlanNode | undefined)[] = [];
  /** Child edges by node index (into `nodes`) as [child, parent] pairs, for codegen stages. */
  readonly childOf: number[] = [];
  /** `inputs[i]`: how many child edges lead into `nodes[i]` (the truncation checks). */
  readonly inputs: number[] = [];
  private readonly reuses: { node: PlanNode; target: number; line: number }[] = [];
  private readonly reuseKeys = new Map<string, string>();
  private readonly reusers: { node: PlanNode; key: string }[] = [];

  constructor(
    private readonly parts: PlanParts,
    private readonly warnings: Warning[],
  ) {}

  addTree(t: TreeInput): void {
    const base = this.nodes.length;
    const read = t.read;
    for (let k = 0; k < read.nodes.length; k++) {
      const node: DraftNode = read.nodes[k]!;
      this.attachDetails(node, read.formatted);
      node.plan = this.parts.index;
      if (unrecognisedName(node.name)) {
        this.warnings.push({
          code: "unrecognised-operator",
          message: `Unrecognised operator line "${truncate(node.name)}"; kept as is.`,
          line: node.line,
        });
      }
      this.nodes.push(node);
      this.inputs.push(0);
      // Spark 4 prints operators shared by AQE's final and initial plans under one id: link to the first.
      const opId = node.operatorId;
      if (opId !== null && node.section === "physical" && this.byOperatorId[opId] === undefined) {
        this.byOperatorId[opId] = node;
      }
      const p = read.parents[k]!;
      if (p >= 0) {
        // Outside formatted mode a subquery is printed as an inner child of the operator whose
        // expression holds it (`:  +- Subquery scalar-subquery#5, [id=#12]`); a few operators print
        // the plan they run that way instead (PLAN_HOLDERS), which is their input.
        const parent = read.nodes[p]!;
        let kind: PlanEdge["kind"] = "child";
        if (!read.formatted) {
          const inner = read.columns[k]! - read.columns[p]! === 6 && !PLAN_HOLDERS.test(parent.name);
          if (inner || SUBQUERY_OPERATORS.has(node.name)) kind = "subquery";
        }
        this.edges.push({ from: node.id, to: parent.id, kind });
        if (kind === "child") {
          this.childOf.push(base + k, base + p);
          this.inputs[base + p]!++;
        }
      } else this.roots.push({ tree: t.tree, section: t.section, id: node.id });
      if (!read.formatted) collectReuseKeys(node, read.style, this.reuseKeys, this.reusers);
    }
  }

  /** The node's detail fields: its formatted detail block's, else what its arguments imply. */
  private attachDetails(node: DraftNode, formatted: boolean): void {
    const blocks = this.parts.details;
    const opId = node.operatorId;
    const fields = opId !== null ? blocks.fields[opId] : undefined;
    if (fields) blocks.used[opId!] = 1;
    else if (formatted && opId !== null && blocks.count > 0) {
      this.warnings.push({
        code: "missing-details",
        message: `No detail block "(${opId}) ${node.name}" was found; the input may be truncated.`,
        line: node.line,
      });
    }
    // The detail block's fields win over what the tree line's arguments imply.
    const mark = isStateMark(node.details) ? node.details : null;
    const derived = deriveFields(node.name, node.args);
    let details: Record<string, string>;
    if (fields) {
      details = fields;
      addMissing(details, derived);
      addMissing(details, deriveFromDetails(node.name, details));
    } else details = derived;
    if (mark !== null) {
      // `derived` is a fresh object unless it is the shared empty one.
      if (details === derived && Object.isFrozen(details)) details = {};
      Object.assign(details, mark);
    }
    node.details = details;
    if (!fields) return;
    const stage = blocks.codegenStage[opId!]!;
    if (stage >= 0) {
      node.codegenStage = stage;
      node.codegen = true;
    }
    node.detailLines = [blocks.startLine[opId!]!, blocks.endLine[opId!]!];
    const reused = blocks.reuses[opId!]!;
    if (reused >= 0) this.reuses.push({ node, target: reused, line: blocks.startLine[opId!]! });
  }

  /** Reuse edges: from `[Reuses operator id: n]` (formatted) and from printed ids (other modes). */
  linkReuses(): void {
    for (const r of this.reusers) {
      const target = this.reuseKeys.get(r.key);
      if (target && target !== r.node.id) this.edges.push({ from: target, to: r.node.id, kind: "reuse" });
    }
    for (const r of this.reuses) {
      const target = this.byOperatorId[r.target];
      if (target) this.edges.push({ from: target.id, to: r.node.id, kind: "reuse" });
      else
        this.warnings.push({
          code: "reuse-target-missing",
          message: `Reused operator id ${r.target} is not in the plan.`,
          line: r.line,
        });
    }
  }

  /** Detail blocks no tree line used. */
  checkDetailBlocks(lines: SourceLines): void {
    const blocks = this.parts.details;
    for (const opId of blocks.ids) {
      if (blocks.used[opId] === 1) continue;
      // Gluten prints detail blocks for its stage wrappers, which the tree leaves out as Spark does.
      const header = blocks.header(lines, opId);
      if (!STAGE_WRAPPER.test(header)) {
        this.warnings.push({
          code: "details-without-operator",
          message: `Detail block "(${opId}) ${header}" has no operator in the tree.`,
          line: blocks.startLine[opId]!,
        });
      }
    }
  }
}

function linkSubqueries(
  parts: PlanParts,
  roots: readonly { tree: string; id: string }[],
  byOperatorId: readonly (PlanNode | undefined)[],
  edges: PlanEdge[],
  warnings: Warning[],
): SubqueryInfo[] {
  const out: SubqueryInfo[] = [];
  if (parts.subqueries.length === 0) return out;
  const rootOf = new Map<string, string>();
  for (const r of roots) if (!rootOf.has(r.tree)) rootOf.set(r.tree, r.id);
  // Printed subqueries by the `name#id` references in their expression, to find what a
  // ReusedSubquery reuses without searching every earlier one.
  const byReference = new Map<string, SubqueryInfo[]>();
  for (const s of parts.subqueries) {
    const host = byOperatorId[s.hostingOperatorId];
    let rootId = s.tree ? (rootOf.get(s.tree) ?? null) : null;
    let kind: PlanEdge["kind"] = "subquery";
    if (rootId === null && s.hostingExpression.startsWith("ReusedSubquery")) {
      // `ReusedSubquery <expr>`: the subquery it reuses was printed earlier with the same expression.
      const ref = s.hostingExpression.slice("ReusedSubquery".length).trim();
      const token = REFERENCE.exec(ref)?.[0];
      const candidates = token !== undefined ? (byReference.get(token) ?? []) : out;
      const original = candidates.find((o) => o.rootId !== null && o.hostingExpression.includes(ref));
      rootId = original?.rootId ?? null;
      kind = "reuse";
    }
    if (!host) {
      warnings.push({
        code: "subquery-host-missing",
        message: `Subquery:${s.index} names hosting operator id ${s.hostingOperatorId}, which is not in the plan.`,
        line: s.line,
      });
    } else if (rootId !== null) {
      edges.push({ from: rootId, to: host.id, kind });
    }
    const info: SubqueryInfo = {
      index: s.index,
      hostingOperatorId: s.hostingOperatorId,
      hostingExpression: s.hostingExpression,
      rootId: kind === "subquery" ? rootId : null,
      line: s.line,
    };
    out.push(info);
    if (info.rootId !== null) {
      for (const m of s.hostingExpression.matchAll(REFERENCES)) {
        const list = byReference.get(m[0]);
        if (list) list.push(info);
        else byReference.set(m[0], [info]);
      }
    }
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
  childOf: readonly number[],
  plan: number,
): CodegenCluster[] {
  const parent: number[] = [];
  for (let i = 0; i < nodes.length; i++) parent.push(i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let k = 0; k < childOf.length; k += 2) {
    const a = childOf[k]!;
    const b = childOf[k + 1]!;
    const sa = nodes[a]!.codegenStage;
    if (sa !== null && sa === nodes[b]!.codegenStage) parent[find(a)] = find(b);
  }
  // One cluster per stage root, in order of first member (as the members are listed).
  const clusterOf: number[] = new Array(nodes.length).fill(-1);
  const clusters: { id: string; stage: number; nodeIds: string[]; plan: number }[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.codegenStage === null) continue;
    const root = find(i);
    const c = clusterOf[root]!;
    if (c >= 0) clusters[c]!.nodeIds.push(n.id);
    else {
      clusterOf[root] = clusters.length;
      const r = nodes[root]!;
      clusters.push({ id: `p${plan}:wscg:${r.id}`, stage: r.codegenStage!, nodeIds: [n.id], plan });
    }
  }
  return clusters;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function addMissing(target: Record<string, string>, extra: Readonly<Record<string, string>>): void {
  for (const k in extra) if (!(k in target)) target[k] = extra[k]!;
}
