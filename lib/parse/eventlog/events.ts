import type { z } from "zod";
import type { AppState } from "./app";
import { isWellFormed } from "./json";
import { looksBalanced } from "./scan";
import * as S from "./schemas";

/**
 * Events we JSON.parse and use, by short name (SQL events are written with their full class
 * name, `org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart`; core events without).
 * Everything else is only checked for well-formedness and counted.
 */
type Handler = { schema: z.ZodType; apply: (app: AppState, e: never) => void };

function h<T extends z.ZodType>(schema: T, apply: (app: AppState, e: z.infer<T>) => void): Handler {
  return { schema, apply: apply as Handler["apply"] };
}

export const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ["SparkListenerLogStart", h(S.LogStart, (a, e) => a.logStart(e))],
  ["SparkListenerApplicationStart", h(S.ApplicationStart, (a, e) => a.applicationStart(e))],
  ["SparkListenerApplicationEnd", h(S.ApplicationEnd, (a, e) => (a.endTime = e.Timestamp ?? a.endTime))],
  ["SparkListenerEnvironmentUpdate", h(S.EnvironmentUpdate, (a, e) => a.environment(e))],
  ["SparkListenerExecutorAdded", h(S.ExecutorAdded, (a, e) => a.executorAdded(e))],
  ["SparkListenerExecutorRemoved", h(S.ExecutorRemoved, (a, e) => a.executorRemoved(e))],
  ["SparkListenerJobStart", h(S.JobStart, (a, e) => a.jobStart(e))],
  ["SparkListenerJobEnd", h(S.JobEnd, (a, e) => a.jobEnd(e))],
  ["SparkListenerStageSubmitted", h(S.StageSubmitted, (a, e) => a.stageEvent(e, false))],
  ["SparkListenerStageCompleted", h(S.StageCompleted, (a, e) => a.stageEvent(e, true))],
  ["SparkListenerSQLExecutionStart", h(S.SQLExecutionStart, (a, e) => a.sqlStart(e))],
  ["SparkListenerSQLExecutionEnd", h(S.SQLExecutionEnd, (a, e) => a.sqlEnd(e))],
  ["SparkListenerSQLAdaptiveExecutionUpdate", h(S.SQLAdaptiveExecutionUpdate, (a, e) => a.adaptiveUpdate(e))],
  [
    "SparkListenerSQLAdaptiveSQLMetricUpdates",
    h(S.SQLAdaptiveSQLMetricUpdates, (a, e) => a.adaptiveMetrics(e)),
  ],
  ["SparkListenerDriverAccumUpdates", h(S.DriverAccumUpdates, (a, e) => a.driverAccums(e))],
]);

/** Listener events Spark (and common plugins) write that we count but do not use. */
export const KNOWN_SKIPPED = new Set([
  "SparkListenerTaskStart",
  "SparkListenerTaskGettingResult",
  "SparkListenerBlockManagerAdded",
  "SparkListenerBlockManagerRemoved",
  "SparkListenerUnpersistRDD",
  "SparkListenerExecutorMetricsUpdate",
  "SparkListenerStageExecutorMetrics",
  "SparkListenerResourceProfileAdded",
  "SparkListenerBlockUpdated",
  "SparkListenerSpeculativeTaskSubmitted",
  "SparkListenerUnschedulableTaskSetAdded",
  "SparkListenerUnschedulableTaskSetRemoved",
  "SparkListenerMiscellaneousProcessAdded",
  "SparkListenerExecutorBlacklisted",
  "SparkListenerExecutorBlacklistedForStage",
  "SparkListenerExecutorUnblacklisted",
  "SparkListenerNodeBlacklisted",
  "SparkListenerNodeBlacklistedForStage",
  "SparkListenerNodeUnblacklisted",
  "SparkListenerExecutorExcluded",
  "SparkListenerExecutorExcludedForStage",
  "SparkListenerExecutorUnexcluded",
  "SparkListenerNodeExcluded",
  "SparkListenerNodeExcludedForStage",
  "SparkListenerNodeUnexcluded",
  "SparkListenerSQLPartialExecutionStart",
  "StreamingQueryListener$QueryStartedEvent",
  "StreamingQueryListener$QueryProgressEvent",
  "StreamingQueryListener$QueryTerminatedEvent",
  "StreamingQueryListener$QueryIdleEvent",
  "DBCEventLoggingListenerMetadata",
]);

export function shortName(event: string): string {
  return event.slice(event.lastIndexOf(".") + 1);
}

const MALFORMED = Symbol("malformed");

/**
 * Checks one event line: the parsed object for events we use (JSON.parse), `undefined` for events
 * only counted (a cheap bracket check, and the exact scanner when that fails), or MALFORMED.
 */
export function parseEvent(short: string, line: string, parsed: unknown): unknown | typeof MALFORMED {
  if (!HANDLERS.has(short))
    return parsed !== undefined || looksBalanced(line) || isWellFormed(line) ? undefined : MALFORMED;
  if (parsed !== undefined) return parsed;
  try {
    return JSON.parse(line);
  } catch {
    return MALFORMED;
  }
}

export function isMalformed(v: unknown): v is typeof MALFORMED {
  return v === MALFORMED;
}

/** Validates a used event with its schema and applies it; returns a warning message or null. */
export function applyEvent(app: AppState, short: string, obj: unknown): string | null {
  const handler = HANDLERS.get(short);
  if (!handler) return null;
  const r = handler.schema.safeParse(obj);
  if (!r.success) {
    const issue = r.error.issues[0];
    return `${short}: unexpected shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}; event skipped`;
  }
  handler.apply(app, r.data as never);
  return null;
}
