import type { EventLogOutcome, EventLogResult, PlanWithMetrics, SqlExecution } from "@/lib/parse/eventlog";
import { nodeToJson } from "@/lib/plan/json";
import {
  EVENT_LOG_LIMIT_OPTIONS,
  eventLogLimits,
  eventLogStatus,
  exitCode,
  type FileStatus,
  parseArgs,
  printResults,
} from "./io";
import { readEventLogSource } from "./source";

export const eventlogUsage =
  "plansight eventlog [--json] [--max-bytes N] [--max-line-bytes N] [--no-plans] PATH...  (a file or a folder per application)";

interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/**
 * The plan in `parse --json`'s node/edge shape, with SQL metrics keyed by node or cluster id; each
 * node adds `stageIds` and, when known, `timeMs` and `timeSource`.
 */
function planJson(p: PlanWithMetrics | null) {
  if (!p) return null;
  const { plan } = p;
  return {
    mode: plan.mode,
    title: plan.title,
    nodes: plan.nodes.map((n) => {
      const t = p.times[n.id];
      return {
        ...nodeToJson(n),
        stageIds: p.stageIds[n.id] ?? [],
        ...(t ? { timeMs: t.timeMs, timeSource: t.source } : {}),
      };
    }),
    edges: plan.edges,
    clusters: plan.clusters,
    subqueries: plan.subqueries,
    roots: plan.roots,
    metrics: p.metrics,
  };
}

function executionJson(e: SqlExecution, withPlans: boolean) {
  const {
    plan,
    initialPlan,
    physicalPlanDescription,
    initialPhysicalPlanDescription,
    criticalPath,
    ...rest
  } = e;
  return {
    ...rest,
    criticalPath: criticalPath.map((s) => s.stageId),
    criticalPathStages: criticalPath,
    plan: withPlans ? planJson(plan) : undefined,
    initialPlan: withPlans ? planJson(initialPlan) : undefined,
    physicalPlanDescription: withPlans ? physicalPlanDescription : undefined,
  };
}

function resultJson(r: EventLogResult, withPlans: boolean) {
  return {
    counts: r.counts,
    unknownEvents: r.unknownEvents,
    nonEventLines: r.nonEventLines,
    files: r.files,
    warnings: r.warnings,
    applications: r.applications.map((a) => ({
      ...a,
      sqlExecutions: a.sqlExecutions.map((e) => executionJson(e, withPlans)),
    })),
  };
}

function outcomeJson(o: EventLogOutcome, withPlans: boolean) {
  return o.ok
    ? { ok: true, ...resultJson(o.result, withPlans) }
    : { ok: false, error: o.error.message, ...resultJson(o.partial, withPlans) };
}

function summaryText(path: string, o: EventLogOutcome): string {
  const r = o.ok ? o.result : o.partial;
  const c = r.counts;
  const lines = [
    `${path}: ${c.events} events, ${c.sqlExecutions} SQL executions, ${c.jobs} jobs, ${c.stages} stages, ` +
      `${c.tasks} tasks, ${c.malformedLines} malformed lines`,
  ];
  for (const a of r.applications) {
    lines.push(`  ${a.appId ?? "(no app id)"} ${a.name ?? ""} Spark ${a.sparkVersion ?? "?"}`);
    for (const e of a.sqlExecutions) {
      const ms = e.durationMs === null ? "?" : `${e.durationMs} ms`;
      lines.push(
        `    SQL ${e.executionId} ${e.status} ${ms} ${e.plan?.plan.nodes.length ?? 0} operators  ${e.description.slice(0, 60)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `plansight eventlog`: exit status by io.ts's `exitCode` (0 read, 2 nothing readable or usage, 1 our bug). */
export async function eventlogCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, EVENT_LOG_LIMIT_OPTIONS);
  if (args.files.length === 0 || args.flags.has("help")) {
    io.stderr(`usage: ${eventlogUsage}\n`);
    return 2;
  }
  const limits = eventLogLimits(args, "eventlog");
  if (typeof limits === "string") {
    io.stderr(`${limits}\n`);
    return 2;
  }
  const withPlans = !args.flags.has("no-plans");
  const results: { file: string; value: object }[] = [];
  const statuses: FileStatus[] = [];
  for (const path of args.files) {
    const outcome = await readEventLogSource(path, limits);
    statuses.push(eventLogStatus(outcome));
    if (!outcome.ok) io.stderr(`${path}: ${outcome.error.message}\n`);
    const r = outcome.ok ? outcome.result : outcome.partial;
    for (const w of r.warnings.slice(0, 5))
      io.stderr(`${w.file ?? path}:${w.line ?? 0}: warning: ${w.message}\n`);
    if (args.flags.has("json")) results.push({ file: path, value: outcomeJson(outcome, withPlans) });
    else io.stdout(summaryText(path, outcome));
  }
  printResults(io, results);
  return exitCode(statuses);
}
