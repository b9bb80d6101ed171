/**
 * What the MCP tools answer, as plain objects sized for an assistant's context: lists are paged
 * (`offset`, `limit`, `nextOffset`), long strings clipped, and every cut says how to ask for more.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { analyzeResult, sortBySeverity } from "@/lib/analyze";
import { analyzeApplication } from "@/lib/analyze/eventlog";
import type { Finding } from "@/lib/analyze/types";
import { clip, operatorCounts, outlineLines, page } from "@/lib/assist/outline";
import { operatorTimes } from "@/lib/assist/time";
import { type Application, detectCodec, type EventLogResult, type SqlExecution } from "@/lib/parse/eventlog";
import { parseExplain } from "@/lib/parse/explain";
import type { ParseResult, Plan, PlanNode } from "@/lib/plan/types";
import { isHttpUrl, readEventLogSource, sparkPolicy } from "../commands/source";

/** A tool's refusal: bad input the assistant can fix (the message says how). */
export class ToolInputError extends Error {}

export const LIMITS = {
  outline: 100,
  operators: 100,
  findings: 25,
  executions: 25,
  warnings: 20,
  evidence: 4,
} as const;
const MAX_ARGS = 2_000;
const MAX_DETAIL = 1_000;

function parseText(text: string): ParseResult {
  const out = parseExplain(text);
  if (!out.ok) throw new ToolInputError(`no plan in the text: line ${out.error.line}: ${out.error.message}`);
  return out.result;
}

function findingJson(f: Finding, executionId?: number) {
  return {
    ...(executionId === undefined ? {} : { executionId }),
    ruleId: f.ruleId,
    severity: f.severity,
    nodeIds: f.nodeIds,
    title: f.title,
    evidence: f.evidence.slice(0, LIMITS.evidence).map((e) => ({ ...e, value: clip(e.value, 300) })),
    fix: clip(f.fix, 600),
  };
}

function severityCounts(findings: readonly Finding[]) {
  const c = { critical: 0, warn: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function more(nextOffset: number | null, tool: string): string | undefined {
  return nextOffset === null ? undefined : `more: call ${tool} again with offset=${nextOffset}`;
}

// ---------------------------------------------------------------- parse_plan

export function parsePlanTool(input: { text: string; offset?: number; limit?: number }) {
  const result = parseText(input.text);
  const lines = result.plans.flatMap((p) => [
    {
      id: "",
      depth: 0,
      text: `# plan ${p.index} (${p.mode}, lines ${p.startLine}-${p.endLine}, ${p.nodes.length} operators)`,
    },
    ...outlineLines(p),
  ]);
  const limit = Math.min(input.limit ?? LIMITS.outline, 1000);
  const outline = page(lines, input.offset ?? 0, limit);
  const shown = new Set(outline.items.map((l) => l.id).filter(Boolean));
  const nodes = result.plans.flatMap((p) => p.nodes);
  const edges = result.plans.flatMap((p) => p.edges);
  const total = nodes.length;
  return {
    plans: result.plans.map((p) => ({
      index: p.index,
      mode: p.mode,
      title: p.title,
      operators: p.nodes.length,
      edges: p.edges.length,
      ...(p.nodes.length > LIMITS.operators ? { mostFrequentOperators: operatorCounts(p).slice(0, 15) } : {}),
    })),
    operatorCount: total,
    outline: outline.items.map((l) => l.text),
    outlinePage: {
      offset: outline.offset,
      lines: outline.items.length,
      totalLines: outline.total,
      next: more(outline.nextOffset, "parse_plan"),
    },
    // Operators and edges of the lines shown, so a page is self-contained.
    operators: nodes
      .filter((n) => shown.has(n.id))
      .map((n) => ({
        id: n.id,
        name: n.name,
        operatorId: n.operatorId,
        codegenStage: n.codegenStage,
        section: n.section,
        line: n.line,
      })),
    edges: edges.filter((e) => shown.has(e.from) && shown.has(e.to)),
    warnings: result.warnings.slice(0, LIMITS.warnings),
    ...(result.warnings.length > LIMITS.warnings ? { warningsTotal: result.warnings.length } : {}),
    hint: "explain_node with a node id (the [id] at the end of an outline line) gives its details.",
  };
}

// ---------------------------------------------------------------- event logs

/** Reads of the last few event logs, so explain_node after read_event_log does not read again. */
const cache = new Map<string, Promise<EventLogResult>>();

function isEventLogPath(path: string): boolean {
  if (statSync(path).isDirectory()) return true;
  const fd = openSync(path, "r");
  const buf = new Uint8Array(4096);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const head = buf.subarray(0, n);
  if (detectCodec(head) !== "none") return true;
  const text = new TextDecoder().decode(head).trimStart();
  return text.startsWith("{") && /"Event"\s*:/.test(text);
}

export function readLog(source: string): Promise<EventLogResult> {
  const hit = cache.get(source);
  if (hit) return hit;
  const p = readEventLogSource(source, {}, sparkPolicy(true)).then((o) => {
    if (!o.ok && o.partial.counts.events === 0) throw new ToolInputError(o.error.message);
    return o.ok ? o.result : o.partial;
  });
  cache.set(source, p);
  p.catch(() => cache.delete(source));
  while (cache.size > 4) cache.delete(cache.keys().next().value!);
  return p;
}

function sourceOf(input: { path?: string; url?: string }): string {
  const s = input.url ?? input.path;
  if (!s)
    throw new ToolInputError(
      "give `path` (an event-log file or folder) or `url` (a History Server application URL)",
    );
  if (input.url && !isHttpUrl(input.url)) throw new ToolInputError(`url must be http(s): ${input.url}`);
  return s;
}

function appSummary(a: Application) {
  return {
    appId: a.appId,
    name: a.name,
    sparkVersion: a.sparkVersion,
    user: a.user,
    startTime: a.startTime === null ? null : new Date(a.startTime).toISOString(),
    durationMs: a.startTime !== null && a.endTime !== null ? a.endTime - a.startTime : null,
    sqlExecutions: a.sqlExecutions.length,
    jobs: a.jobs.length,
    stages: a.stages.length,
  };
}

function executionSummary(e: SqlExecution) {
  return {
    executionId: e.executionId,
    description: clip(e.description, 200),
    status: e.status,
    durationMs: e.durationMs,
    operators: e.plan?.plan.nodes.length ?? 0,
    topOperators: operatorTimes(e.plan)
      .slice(0, 3)
      .map((t) => ({ nodeId: t.nodeId, name: t.name, metric: t.metric, ms: t.ms })),
  };
}

export async function readEventLogTool(input: {
  path?: string;
  url?: string;
  offset?: number;
  limit?: number;
}) {
  const source = sourceOf(input);
  const r = await readLog(source);
  const apps = r.applications;
  const executions = apps.flatMap((a) => a.sqlExecutions);
  const p = page(executions, input.offset ?? 0, Math.min(input.limit ?? LIMITS.executions, 200));
  const analysed = apps.flatMap((a) => analyzeApplication(a));
  const findings = analysed.flatMap((x) => x.findings.map((f) => ({ f, id: x.executionId })));
  const sorted = sortBySeverity(findings.map((x) => x.f));
  const execOf = new Map(findings.map((x) => [x.f, x.id]));
  const slowest = [...executions]
    .filter((e) => e.durationMs !== null)
    .sort((a, b) => b.durationMs! - a.durationMs!)
    .slice(0, 5)
    .map((e) => ({
      executionId: e.executionId,
      durationMs: e.durationMs,
      description: clip(e.description, 120),
    }));
  return {
    source,
    counts: r.counts,
    applications: apps.map(appSummary),
    slowestExecutions: slowest,
    executions: p.items.map(executionSummary),
    executionsPage: {
      offset: p.offset,
      shown: p.items.length,
      total: p.total,
      next: more(p.nextOffset, "read_event_log"),
    },
    findingsBySeverity: severityCounts(sorted),
    findings: sorted.slice(0, LIMITS.findings).map((f) => findingJson(f, execOf.get(f))),
    ...(sorted.length > LIMITS.findings
      ? {
          findingsNote: `${sorted.length - LIMITS.findings} more: analyze_plan with the same path/url and offset=${LIMITS.findings}`,
        }
      : {}),
    warnings: r.warnings.slice(0, LIMITS.warnings).map((w) => ({ ...w, message: clip(w.message, 300) })),
    hint: "explain_node with { path|url, executionId, nodeId } gives one operator's details and SQL metrics.",
  };
}

// ---------------------------------------------------------------- analyze_plan

export async function analyzePlanTool(input: {
  text?: string;
  path?: string;
  url?: string;
  offset?: number;
  limit?: number;
}) {
  const limit = Math.min(input.limit ?? LIMITS.findings, 200);
  let all: { f: Finding; executionId?: number }[];
  if (input.text !== undefined) {
    all = analyzeResult(parseText(input.text)).map((f) => ({ f }));
  } else {
    const source = sourceOf(input);
    if (!isHttpUrl(source) && !isEventLogPath(source)) {
      all = analyzeResult(parseText(readFileSync(source, "utf8"))).map((f) => ({ f }));
    } else {
      const r = await readLog(source);
      const byExec = r.applications.flatMap((a) => analyzeApplication(a));
      const ids = new Map(byExec.flatMap((x) => x.findings.map((f) => [f, x.executionId] as const)));
      all = sortBySeverity(byExec.flatMap((x) => x.findings)).map((f) => ({ f, executionId: ids.get(f) }));
    }
  }
  const p = page(all, input.offset ?? 0, limit);
  return {
    findingsBySeverity: severityCounts(all.map((x) => x.f)),
    findings: p.items.map((x) => findingJson(x.f, x.executionId)),
    page: {
      offset: p.offset,
      shown: p.items.length,
      total: p.total,
      next: more(p.nextOffset, "analyze_plan"),
    },
  };
}

// ---------------------------------------------------------------- explain_node

function nodeJson(plan: Plan, n: PlanNode) {
  const byId = new Map(plan.nodes.map((x) => [x.id, x]));
  const ref = (id: string) => ({ id, name: byId.get(id)?.name ?? "?" });
  return {
    id: n.id,
    name: n.name,
    operatorId: n.operatorId,
    codegenStage: n.codegenStage,
    section: n.section,
    tree: n.tree,
    aqe: n.aqe,
    line: n.line,
    args: clip(n.args, MAX_ARGS),
    details: Object.fromEntries(Object.entries(n.details).map(([k, v]) => [k, clip(v, MAX_DETAIL)])),
    stats: n.stats,
    children: plan.edges.filter((e) => e.to === n.id).map((e) => ({ ...ref(e.from), kind: e.kind })),
    parents: plan.edges.filter((e) => e.from === n.id).map((e) => ({ ...ref(e.to), kind: e.kind })),
  };
}

function unknownNode(nodeId: string, plans: readonly Plan[]): never {
  const sample = plans.flatMap((p) => p.nodes.slice(0, 5).map((n) => `${n.id} (${n.name})`));
  throw new ToolInputError(
    `no node "${nodeId}"; ids look like: ${sample.join(", ")} (parse_plan lists them)`,
  );
}

export async function explainNodeTool(input: {
  nodeId: string;
  text?: string;
  path?: string;
  url?: string;
  executionId?: number;
}) {
  if (input.text !== undefined || (input.path && !input.url && !isEventLogPath(input.path))) {
    const result = parseText(input.text ?? readFileSync(input.path!, "utf8"));
    const plan = result.plans.find((p) => p.nodes.some((n) => n.id === input.nodeId));
    if (!plan) unknownNode(input.nodeId, result.plans);
    const node = plan.nodes.find((n) => n.id === input.nodeId)!;
    const findings = analyzeResult(result).filter((f) => f.nodeIds.includes(node.id));
    return { node: nodeJson(plan, node), findings: findings.map((f) => findingJson(f)) };
  }
  const r = await readLog(sourceOf(input));
  const apps = r.applications;
  const executions = apps.flatMap((a) => a.sqlExecutions.map((e) => ({ a, e })));
  if (input.executionId === undefined)
    throw new ToolInputError(
      `an event log holds ${executions.length} SQL executions: give executionId (read_event_log lists them)`,
    );
  const hit = executions.find((x) => x.e.executionId === input.executionId);
  if (!hit?.e.plan)
    throw new ToolInputError(`no SQL execution ${input.executionId} with a plan in this event log`);
  const { plan, metrics } = hit.e.plan;
  const node = plan.nodes.find((n) => n.id === input.nodeId);
  if (!node) unknownNode(input.nodeId, [plan]);
  const cluster = plan.clusters.find((c) => c.nodeIds.includes(node.id));
  const findings = analyzeApplication(hit.a)
    .filter((x) => x.executionId === input.executionId)
    .flatMap((x) => x.findings)
    .filter((f) => f.nodeIds.includes(node.id));
  return {
    executionId: input.executionId,
    node: nodeJson(plan, node),
    metrics: (metrics[node.id] ?? []).map((m) => ({
      name: m.name,
      unit: m.unit,
      total: m.total,
      min: m.min,
      median: m.median,
      max: m.max,
    })),
    ...(cluster && metrics[cluster.id]
      ? {
          codegenStageMetrics: metrics[cluster.id]!.map((m) => ({
            name: m.name,
            unit: m.unit,
            total: m.total,
          })),
        }
      : {}),
    findings: findings.map((f) => findingJson(f)),
  };
}
