/**
 * One row of `plansight scan`: an application at a glance (duration, executions, the worst
 * findings, the operator where most time went). Pure: Application in, plain object out.
 */
import { SEVERITY_RANK } from "@/lib/analyze";
import { analyzeApplication } from "@/lib/analyze/eventlog";
import type { Application } from "@/lib/parse/eventlog";
import { operatorTimes } from "./time";

export interface AppRow {
  /** The path or URL the application was read from (the resume key). */
  readonly source: string;
  readonly appId: string | null;
  readonly name: string | null;
  readonly sparkVersion: string | null;
  readonly user: string | null;
  readonly startTime: string | null;
  readonly durationMs: number | null;
  readonly executions: number;
  readonly failedExecutions: number;
  readonly findings: { readonly critical: number; readonly warn: number; readonly info: number };
  /** Up to three, worst first: `severity ruleId: title (sql N)`. */
  readonly topFindings: readonly string[];
  /** The operator with the largest time metric over every execution. */
  readonly hotOperator: {
    readonly executionId: number;
    readonly nodeId: string;
    readonly name: string;
    readonly metric: string;
    readonly ms: number;
  } | null;
  /** Set when the log could not be read (then the other fields hold what was read). */
  readonly error: string | null;
}

export function appRow(source: string, app: Application | null, error: string | null): AppRow {
  const base = {
    source,
    appId: app?.appId ?? null,
    name: app?.name ?? null,
    sparkVersion: app?.sparkVersion ?? null,
    user: app?.user ?? null,
    startTime: app?.startTime != null ? new Date(app.startTime).toISOString() : null,
    durationMs: app?.startTime != null && app.endTime != null ? app.endTime - app.startTime : null,
    executions: app?.sqlExecutions.length ?? 0,
    failedExecutions: app?.sqlExecutions.filter((e) => e.status === "failed").length ?? 0,
    error,
  };
  if (!app)
    return { ...base, findings: { critical: 0, warn: 0, info: 0 }, topFindings: [], hotOperator: null };
  const findings = analyzeApplication(app).flatMap((x) =>
    x.findings.map((f) => ({ f, executionId: x.executionId })),
  );
  const counts = { critical: 0, warn: 0, info: 0 };
  for (const { f } of findings) counts[f.severity]++;
  const top = [...findings]
    .sort(
      (a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.executionId - b.executionId,
    )
    .slice(0, 3)
    .map(({ f, executionId }) => `${f.severity} ${f.ruleId}: ${f.title} (sql ${executionId})`);
  let hot: AppRow["hotOperator"] = null;
  for (const e of app.sqlExecutions) {
    const t = operatorTimes(e.plan)[0];
    if (t && (!hot || t.ms > hot.ms))
      hot = { executionId: e.executionId, nodeId: t.nodeId, name: t.name, metric: t.metric, ms: t.ms };
  }
  return { ...base, findings: counts, topFindings: top, hotOperator: hot };
}

export const CSV_COLUMNS = [
  "source",
  "app_id",
  "name",
  "spark_version",
  "user",
  "start_time",
  "duration_ms",
  "executions",
  "failed_executions",
  "critical",
  "warn",
  "info",
  "top_findings",
  "hot_operator",
  "hot_operator_metric",
  "hot_operator_ms",
  "hot_operator_execution",
  "error",
] as const;

function cell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(r: AppRow): string {
  return [
    r.source,
    r.appId,
    r.name,
    r.sparkVersion,
    r.user,
    r.startTime,
    r.durationMs,
    r.executions,
    r.failedExecutions,
    r.findings.critical,
    r.findings.warn,
    r.findings.info,
    r.topFindings.join(" | "),
    r.hotOperator?.name ?? null,
    r.hotOperator?.metric ?? null,
    r.hotOperator?.ms ?? null,
    r.hotOperator?.executionId ?? null,
    r.error,
  ]
    .map(cell)
    .join(",");
}

/** The first field of a CSV line (quoted or not): the resume key. */
export function csvFirstField(line: string): string {
  if (!line.startsWith('"')) return line.split(",")[0] ?? "";
  let out = "";
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += line[i];
  }
  return out;
}
