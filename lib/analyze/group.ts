/**
 * Findings of the same rule with the same cause are one entry of the list: a union of 60 star
 * joins that each filter `customer_id % k = 0` is one "cannot be pushed × 60 (in 60 union
 * branches)", not 60 lines. The single findings stay (the CLI prints them; the UI expands a group).
 */
import type { Plan } from "@/lib/plan/types";
import { compareRank } from "./cost";
import { formatBytes, formatCount, formatMs } from "./expr";
import { indexPlan } from "./plan-index";
import type { Finding, FindingCost, RuleId, Severity } from "./types";

export interface FindingGroup {
  readonly ruleId: RuleId;
  /** The worst severity of its findings. */
  readonly severity: Severity;
  /** The single finding's title, or the shared one with `× count` (and where they are). */
  readonly title: string;
  readonly count: number;
  /** Positions of its findings in the list given to `groupFindings`, in that order. */
  readonly findingIndexes: readonly number[];
  /** Every node of every finding: highlighted together. */
  readonly nodeIds: readonly string[];
  /** `in 60 union branches` when the occurrences sit in different branches of one Union. */
  readonly where: string | null;
  /** The occurrences' costs added up (measured when any of them was). */
  readonly cost?: FindingCost;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warn: 1, info: 2 };

/** A title without what differs between occurrences: operator references, ids, numbers. */
function titleCause(title: string): string {
  return stripRefs(title)
    .replace(/#\d+L?\b/g, "")
    .replace(/\b\d+(\.\d+)?\b/g, "?");
}

/** ` at (5) Exchange`, `(5) Exchange`, `Exchange (line 12)` out of a title. */
function stripRefs(title: string): string {
  return title
    .replace(/\s*\bat\s+(\(\d+\)\s+[\w ]+?|[\w ]+? \(line \d+\))$/, "")
    .replace(/\s*\((\(\d+\)\s+\w+|\w+ \(line \d+\))\)/g, "")
    .replace(/\s*\(\d+\)\s+\w+/g, "")
    .replace(/\s*\w+ \(line \d+\)/g, "")
    .trim();
}

export function groupKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.cause ?? titleCause(f.title)}`;
}

/**
 * Groups in ranked order: a group's cost is the sum of its findings' (60 small shuffles can cost
 * more than one big one). `plans` (optional) lets a group say it spans union branches.
 */
export function groupFindings(findings: readonly Finding[], plans: readonly Plan[] = []): FindingGroup[] {
  const byKey = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const k = groupKey(f);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const groups = [...byKey.values()].map((idx) => makeGroup(findings, idx, plans));
  const first = new Map(groups.map((g) => [g, g.findingIndexes[0]!]));
  return groups.sort((a, b) => compareRank(a, b) || first.get(a)! - first.get(b)!);
}

function makeGroup(findings: readonly Finding[], idx: number[], plans: readonly Plan[]): FindingGroup {
  const fs = idx.map((i) => findings[i]!);
  const head = fs[0]!;
  const severity = fs.reduce<Severity>(
    (s, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[s] ? f.severity : s),
    head.severity,
  );
  const nodeIds = [...new Set(fs.flatMap((f) => f.nodeIds))];
  const where = fs.length > 1 ? unionBranches(fs, plans) : null;
  const title =
    fs.length === 1 ? head.title : `${sharedTitle(fs)} × ${fs.length}${where ? ` (${where})` : ""}`;
  return {
    ruleId: head.ruleId,
    severity,
    title,
    count: fs.length,
    findingIndexes: idx,
    nodeIds,
    where,
    cost: sumCost(fs),
  };
}

/** The occurrences' titles without operator references and ids; numbers that differ become `…`. */
function sharedTitle(fs: readonly Finding[]): string {
  const split = fs.map((f) =>
    stripRefs(f.title)
      .replace(/#\d+L?\b/g, "")
      .split(/(\b\d+(?:\.\d+)?\b)/),
  );
  const head = split[0]!;
  if (!split.every((t) => t.length === head.length)) return head.join("");
  return head.map((tok, i) => (i % 2 === 1 && split.some((t) => t[i] !== tok) ? "…" : tok)).join("");
}

function sumCost(fs: readonly Finding[]): FindingCost | undefined {
  const costs = fs.flatMap((f) => (f.cost ? [f.cost] : []));
  if (costs.length === 0) return undefined;
  if (costs.length === 1) return costs[0];
  const measured = costs.filter((c) => c.measured);
  const use = measured.length > 0 ? measured : costs;
  const score = use.reduce((s, c) => s + c.score, 0);
  const bytes = use.reduce((s, c) => s + (c.bytes ?? 0), 0);
  const rows = use.reduce((s, c) => s + (c.rows ?? 0), 0);
  const ms = use.reduce((s, c) => s + (c.ms ?? 0), 0);
  return {
    measured: measured.length > 0,
    score,
    text: `${totalText(measured.length > 0, use.length, bytes, rows, ms)} The largest: ${use
      .reduce((a, b) => (b.score > a.score ? b : a))
      .text.replace(/^(Measured|Estimate, not measured): /, "")}`,
    ...(bytes > 0 ? { bytes } : {}),
    ...(rows > 0 ? { rows } : {}),
    ...(ms > 0 ? { ms } : {}),
  };
}

function totalText(measured: boolean, n: number, bytes: number, rows: number, ms: number): string {
  const parts = [
    bytes > 0 ? `${formatBytes(bytes)} shuffled, spilled or broadcast` : "",
    rows > 0 ? `${formatCount(rows)} rows read and thrown away` : "",
    ms > 0 ? `${formatMs(ms)} of operator time` : "",
  ].filter(Boolean);
  if (!measured) return `Estimated, not measured, over ${n} occurrences.`;
  return `Measured over ${n} occurrences${parts.length > 0 ? `: ${parts.join(", ")} in all` : ""}.`;
}

/** `in N union branches` when every occurrence's main node is under one Union, in N branches. */
function unionBranches(fs: readonly Finding[], plans: readonly Plan[]): string | null {
  let union: string | null = null;
  const branches = new Set<string>();
  for (const f of fs) {
    const id = f.nodeIds[0];
    const plan = plans.find((p) => p.nodes.some((n) => n.id === id));
    if (!id || !plan) return null;
    const ix = indexPlan(plan);
    let child = ix.byId.get(id);
    let p = child ? ix.parent(child.id) : undefined;
    while (p && !/^(Union|UnionExec)$/.test(p.name)) {
      child = p;
      p = ix.parent(p.id);
    }
    if (!p || !child) return null;
    if (union !== null && union !== p.id) return null;
    union = p.id;
    branches.add(child.id);
  }
  return branches.size > 1 ? `in ${branches.size} union branches` : null;
}
