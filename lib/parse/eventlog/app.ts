import type { z } from "zod";
import { MetricStore } from "./metrics";
import type { Executor } from "./model";
import type * as S from "./schemas";
import type { SparkPlanInfo } from "./schemas";
import { Column } from "./stats";
import type { TaskEndFields } from "./taskend";

/** Mutable per-application state while reading; `summarize.ts` turns it into the model. */

export const TASK_COLUMNS = [
  "duration",
  "inputBytes",
  "shuffleReadBytes",
  "shuffleWriteBytes",
  "memorySpilled",
  "diskSpilled",
  "gcTime",
] as const;

export interface StageState {
  stageId: number;
  name: string;
  numTasks: number;
  attempts: Map<
    number,
    {
      submissionTime: number | null;
      completionTime: number | null;
      failureReason: string | null;
      completed: boolean;
    }
  >;
  taskEnds: number;
  failedTasks: number;
  /** One column per TASK_COLUMNS entry; a row per counted task. */
  columns: Column[];
  /** Row → stage attempt and global slot; partition index → row. */
  rowAttempt: number[];
  rowSlot: number[];
  partitionRow: number[];
}

export interface ExecutionState {
  executionId: number;
  description: string;
  details: string;
  startTime: number | null;
  endTime: number | null;
  errorMessage: string | null;
  ended: boolean;
  jobIds: number[];
  startPlan: SparkPlanInfo | null;
  startDescription: string;
  lastPlan: SparkPlanInfo | null;
  lastDescription: string | null;
  adaptiveUpdates: number;
}

export interface JobState {
  jobId: number;
  sqlExecutionId: number | null;
  stageIds: number[];
  submissionTime: number | null;
  completionTime: number | null;
  result: string | null;
}

const INTERESTING =
  /^spark\.(sql\.adaptive\.|sql\.shuffle\.partitions$|sql\.autoBroadcastJoinThreshold$|io\.compression\.|eventLog\.|plugins$|sql\.extensions$|sql\.codegen\.wholeStage$|databricks\.photon\.enabled$|rapids\.sql\.enabled$|gluten\.enabled$|comet\.enabled$|executor\.(memory|cores|instances)$|dynamicAllocation\.enabled$|master$)/;

export class AppState {
  appId: string | null = null;
  name: string | null = null;
  sparkVersion: string | null = null;
  user: string | null = null;
  attemptId: string | null = null;
  startTime: number | null = null;
  endTime: number | null = null;
  hasAppStart = false;
  hasEvents = false;
  writer: "spark" | "databricks" = "spark";
  config: Record<string, string> = {};
  readonly executors = new Map<string, Executor>();
  readonly executions = new Map<number, ExecutionState>();
  readonly jobs = new Map<number, JobState>();
  readonly stages = new Map<number, StageState>();
  readonly metrics = new MetricStore();
  readonly eventTypes = new Map<string, number>();
  private taskSlots = 0;

  logStart(e: z.infer<typeof S.LogStart>): void {
    this.sparkVersion = e["Spark Version"] ?? this.sparkVersion;
  }

  applicationStart(e: z.infer<typeof S.ApplicationStart>): void {
    this.hasAppStart = true;
    this.appId = e["App ID"] ?? this.appId;
    this.name = e["App Name"] ?? this.name;
    this.user = e.User ?? this.user;
    this.attemptId = e["App Attempt ID"] ?? null;
    this.startTime = e.Timestamp ?? null;
  }

  environment(e: z.infer<typeof S.EnvironmentUpdate>): void {
    for (const [k, v] of Object.entries(e["Spark Properties"])) if (INTERESTING.test(k)) this.config[k] = v;
    const props = e["Spark Properties"];
    this.appId ??= props["spark.app.id"] ?? null;
    this.name ??= props["spark.app.name"] ?? null;
  }

  executorAdded(e: z.infer<typeof S.ExecutorAdded>): void {
    this.executors.set(e["Executor ID"], {
      executorId: e["Executor ID"],
      host: e["Executor Info"]?.Host ?? null,
      cores: e["Executor Info"]?.["Total Cores"] ?? null,
      addTime: e.Timestamp ?? null,
      removeTime: null,
      removeReason: null,
    });
  }

  executorRemoved(e: z.infer<typeof S.ExecutorRemoved>): void {
    const prev = this.executors.get(e["Executor ID"]);
    this.executors.set(e["Executor ID"], {
      executorId: e["Executor ID"],
      host: prev?.host ?? null,
      cores: prev?.cores ?? null,
      addTime: prev?.addTime ?? null,
      removeTime: e.Timestamp ?? null,
      removeReason: e["Removed Reason"] ?? null,
    });
  }

  jobStart(e: z.infer<typeof S.JobStart>): void {
    const raw = e.Properties["spark.sql.execution.id"];
    const sqlId = raw === undefined || raw === "" ? null : Number(raw);
    const job: JobState = {
      jobId: e["Job ID"],
      sqlExecutionId: sqlId !== null && Number.isFinite(sqlId) ? sqlId : null,
      stageIds: e["Stage IDs"] ?? [],
      submissionTime: e["Submission Time"] ?? null,
      completionTime: null,
      result: null,
    };
    this.jobs.set(job.jobId, job);
    if (job.sqlExecutionId !== null) this.executions.get(job.sqlExecutionId)?.jobIds.push(job.jobId);
  }

  jobEnd(e: z.infer<typeof S.JobEnd>): void {
    const job = this.jobs.get(e["Job ID"]);
    if (!job) return;
    job.completionTime = e["Completion Time"] ?? null;
    job.result = e["Job Result"]?.Result ?? "JobSucceeded";
  }

  stage(stageId: number): StageState {
    let s = this.stages.get(stageId);
    if (!s) {
      s = {
        stageId,
        name: "",
        numTasks: 0,
        attempts: new Map(),
        taskEnds: 0,
        failedTasks: 0,
        columns: TASK_COLUMNS.map(() => new Column()),
        rowAttempt: [],
        rowSlot: [],
        partitionRow: [],
      };
      this.stages.set(stageId, s);
    }
    return s;
  }

  stageEvent(e: z.infer<typeof S.StageSubmitted>, completed: boolean): void {
    const info = e["Stage Info"];
    const s = this.stage(info["Stage ID"]);
    s.name = info["Stage Name"] ?? s.name;
    s.numTasks = info["Number of Tasks"] ?? s.numTasks;
    const attempt = info["Stage Attempt ID"] ?? 0;
    const prev = s.attempts.get(attempt);
    s.attempts.set(attempt, {
      submissionTime: info["Submission Time"] ?? prev?.submissionTime ?? null,
      completionTime: info["Completion Time"] ?? null,
      failureReason: info["Failure Reason"] ?? null,
      completed,
    });
  }

  /**
   * Counts each partition once: within one stage attempt the first success wins (a speculative
   * copy is ignored); a success in a later attempt replaces the earlier one (a retried stage).
   */
  taskEnd(t: TaskEndFields): void {
    const s = this.stage(t.stageId);
    s.taskEnds++;
    if (!t.success) {
      s.failedTasks++;
      return;
    }
    const prevRow = t.index >= 0 ? s.partitionRow[t.index] : undefined;
    if (prevRow !== undefined) {
      if (s.rowAttempt[prevRow]! >= t.stageAttempt) return;
      for (const c of s.columns) c.set(prevRow, Number.NaN);
      this.metrics.deadSlots.add(s.rowSlot[prevRow]!);
    }
    const row = s.columns[0]!.length;
    const slot = this.taskSlots++;
    this.metrics.slotTaskInfo(slot, t.stageId, t.stageAttempt, t.taskId);
    const c = s.columns;
    c[0]!.push(t.runTime);
    c[1]!.push(t.inputBytes);
    c[2]!.push(t.shuffleReadBytes);
    c[3]!.push(t.shuffleWriteBytes);
    c[4]!.push(t.memorySpilled);
    c[5]!.push(t.diskSpilled);
    c[6]!.push(t.gcTime);
    s.rowAttempt.push(t.stageAttempt);
    s.rowSlot.push(slot);
    if (t.index >= 0) s.partitionRow[t.index] = row;
    for (let k = 0; k < t.accumCount; k++) this.metrics.taskUpdate(t.accumIds[k]!, t.accumUpdates[k]!, slot);
  }

  private registerPlan(p: SparkPlanInfo): void {
    for (const m of p.metrics) this.metrics.register(m.accumulatorId);
    for (const c of p.children) this.registerPlan(c);
  }

  sqlStart(e: z.infer<typeof S.SQLExecutionStart>): void {
    const exec: ExecutionState = {
      executionId: e.executionId,
      description: e.description ?? "",
      details: e.details ?? "",
      startTime: e.time ?? null,
      endTime: null,
      errorMessage: null,
      ended: false,
      jobIds: this.executions.get(e.executionId)?.jobIds ?? [],
      startPlan: e.sparkPlanInfo ?? null,
      startDescription: e.physicalPlanDescription ?? "",
      lastPlan: null,
      lastDescription: null,
      adaptiveUpdates: 0,
    };
    this.executions.set(e.executionId, exec);
    if (exec.startPlan) this.registerPlan(exec.startPlan);
  }

  sqlEnd(e: z.infer<typeof S.SQLExecutionEnd>): void {
    const exec = this.executions.get(e.executionId);
    if (!exec) return;
    exec.ended = true;
    exec.endTime = e.time ?? null;
    exec.errorMessage = e.errorMessage ? e.errorMessage : null;
  }

  adaptiveUpdate(e: z.infer<typeof S.SQLAdaptiveExecutionUpdate>): void {
    const exec = this.executions.get(e.executionId);
    if (!exec || !e.sparkPlanInfo) return;
    exec.lastPlan = e.sparkPlanInfo;
    exec.lastDescription = e.physicalPlanDescription ?? "";
    exec.adaptiveUpdates++;
    this.registerPlan(e.sparkPlanInfo);
  }

  adaptiveMetrics(e: z.infer<typeof S.SQLAdaptiveSQLMetricUpdates>): void {
    for (const m of e.sqlPlanMetrics ?? []) this.metrics.register(m.accumulatorId);
  }

  driverAccums(e: z.infer<typeof S.DriverAccumUpdates>): void {
    for (const [id, v] of e.accumUpdates ?? []) {
      if (Number.isFinite(id) && Number.isFinite(v)) this.metrics.driverUpdate(id, v);
    }
  }
}
