import { type AppState, type ExecutionState, type StageState, TASK_COLUMNS } from "./app";
import { criticalPath } from "./critical";
import { untouched } from "./metrics";
import type {
  Application,
  Job,
  PlanWithMetrics,
  SqlExecution,
  SqlMetric,
  Stage,
  StageTaskMetrics,
} from "./model";
import { nodeStageIds } from "./operators";
import { type ConvertedPlan, convertSparkPlan } from "./plan";
import type { SparkPlanInfo } from "./schemas";
import { shufflesOf } from "./shuffles";
import { distribution } from "./stats";
import { operatorTimes } from "./timing";

/** Stage models by id, built once per application. */
type Stages = ReadonlyMap<number, Stage>;

function planWithMetrics(
  app: AppState,
  info: SparkPlanInfo,
  description: string,
  index: number,
  aqe: "final" | "initial" | null,
  idPrefix: string,
  exec: ExecutionState,
  stages: Stages,
): PlanWithMetrics & { readonly defs: ConvertedPlan["metrics"] } {
  const converted = convertSparkPlan(info, description, { index, aqe, idPrefix });
  const metrics: Record<string, readonly SqlMetric[]> = {};
  const execStageIds = app.executionStageIds(exec);
  for (const [id, defs] of converted.metrics) {
    const list = defs.map((d) => app.metrics.summarize(d, exec.executionId, execStageIds));
    metrics[id] = list.some((m) => m.maxTask !== null) ? list.map(untouched) : list;
  }
  // A codegen stage's own metric (duration) the same way, when its operators ran.
  for (const c of converted.plan.clusters) {
    const own = metrics[c.id];
    if (own && c.nodeIds.some((n) => metrics[n]?.some((m) => m.maxTask !== null)))
      metrics[c.id] = own.map(untouched);
  }
  const stageIds = nodeStageIds(converted.plan, converted.metrics, (a, into) =>
    app.stagesOfAccumulator(a, into),
  );
  const times = operatorTimes(
    converted.plan,
    metrics,
    stageIds,
    (id) => stages.get(id)?.tasks.duration.total ?? 0,
  );
  return { plan: converted.plan, metrics, stageIds, times, defs: converted.metrics };
}

function execution(app: AppState, e: ExecutionState, stages: Stages): SqlExecution {
  const adaptive = (e.lastPlan ?? e.startPlan)?.nodeName === "AdaptiveSparkPlan";
  const ran = e.lastPlan ?? e.startPlan;
  const ranDescription = e.lastPlan ? (e.lastDescription ?? "") : e.startDescription;
  const ranPlan = ran
    ? planWithMetrics(app, ran, ranDescription, 0, adaptive ? "final" : null, "", e, stages)
    : null;
  const plan: PlanWithMetrics | null = ranPlan
    ? { plan: ranPlan.plan, metrics: ranPlan.metrics, stageIds: ranPlan.stageIds, times: ranPlan.times }
    : null;
  const initial =
    e.lastPlan && e.startPlan
      ? planWithMetrics(app, e.startPlan, e.startDescription, 1, "initial", "i", e, stages)
      : null;
  const initialPlan: PlanWithMetrics | null = initial
    ? { plan: initial.plan, metrics: initial.metrics, stageIds: initial.stageIds, times: initial.times }
    : null;
  const stageIds = new Set<number>();
  for (const j of e.jobIds) for (const s of app.jobs.get(j)?.stageIds ?? []) stageIds.add(s);
  const sortedStageIds = [...stageIds].sort((a, b) => a - b);
  let taskTimeMs = 0;
  for (const id of sortedStageIds) taskTimeMs += stages.get(id)?.tasks.duration.total ?? 0;
  const failedJob = e.jobIds.some((j) => (app.jobs.get(j)?.result ?? "JobSucceeded") !== "JobSucceeded");
  return {
    executionId: e.executionId,
    description: e.description,
    details: e.details,
    startTime: e.startTime,
    endTime: e.endTime,
    durationMs: e.startTime !== null && e.endTime !== null ? e.endTime - e.startTime : null,
    status: !e.ended ? "running" : e.errorMessage || failedJob ? "failed" : "completed",
    errorMessage: e.errorMessage,
    jobIds: e.jobIds,
    stageIds: sortedStageIds,
    adaptive,
    plan,
    initialPlan,
    adaptiveUpdates: e.adaptiveUpdates,
    shuffles: ranPlan
      ? shufflesOf(app, e.executionId, app.executionStageIds(e), ranPlan.plan, ranPlan.defs, ranPlan.metrics)
      : [],
    physicalPlanDescription: ranDescription,
    initialPhysicalPlanDescription: e.lastPlan ? e.startDescription : null,
    taskTimeMs,
    criticalPath: criticalPath(sortedStageIds, stages, app.stageLinks),
    modifiedConfigs: e.modifiedConfigs,
  };
}

function stage(app: AppState, s: StageState): Stage {
  const tasks = {} as Record<(typeof TASK_COLUMNS)[number], ReturnType<typeof distribution>>;
  TASK_COLUMNS.forEach((name, k) => {
    tasks[name] = distribution(s.columns[k]!.sorted((v) => !Number.isNaN(v)));
  });
  const attempts = [...s.attempts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([attemptId, a]) => ({
      attemptId,
      status: a.failureReason
        ? ("failed" as const)
        : a.completed
          ? ("complete" as const)
          : ("active" as const),
      submissionTime: a.submissionTime,
      completionTime: a.completionTime,
      failureReason: a.failureReason,
    }));
  return {
    stageId: s.stageId,
    name: s.name,
    numTasks: s.numTasks,
    parentIds: app.stageLinks.get(s.stageId)?.parentIds ?? [],
    attempts,
    taskEnds: s.taskEnds,
    failedTasks: s.failedTasks,
    tasks: tasks as StageTaskMetrics,
  };
}

function job(j: AppState["jobs"] extends Map<number, infer J> ? J : never): Job {
  return {
    jobId: j.jobId,
    sqlExecutionId: j.sqlExecutionId,
    stageIds: j.stageIds,
    submissionTime: j.submissionTime,
    completionTime: j.completionTime,
    result: j.result === null ? "running" : j.result === "JobSucceeded" ? "succeeded" : "failed",
  };
}

export function summarizeApp(app: AppState): Application {
  const c = app.config;
  const stages = [...app.stages.values()].sort((a, b) => a.stageId - b.stageId).map((s) => stage(app, s));
  const byId: Stages = new Map(stages.map((s) => [s.stageId, s]));
  return {
    appId: app.appId,
    name: app.name,
    sparkVersion: app.sparkVersion,
    user: app.user,
    startTime: app.startTime,
    endTime: app.endTime,
    writer: app.writer,
    attempts: [
      {
        attemptId: app.attemptId,
        startTime: app.startTime,
        endTime: app.endTime,
        completed: app.endTime !== null,
      },
    ],
    config: {
      adaptiveEnabled: c["spark.sql.adaptive.enabled"] ?? null,
      shufflePartitions: c["spark.sql.shuffle.partitions"] ?? null,
      autoBroadcastJoinThreshold: c["spark.sql.autoBroadcastJoinThreshold"] ?? null,
      ioCompressionCodec: c["spark.io.compression.codec"] ?? null,
      eventLogCompress: c["spark.eventLog.compress"] ?? null,
      eventLogCompressionCodec: c["spark.eventLog.compression.codec"] ?? null,
      interesting: { ...c },
    },
    executors: [...app.executors.values()],
    sqlExecutions: [...app.executions.values()]
      .sort((a, b) => a.executionId - b.executionId)
      .map((e) => execution(app, e, byId)),
    jobs: [...app.jobs.values()].sort((a, b) => a.jobId - b.jobId).map(job),
    stages,
    eventTypes: Object.fromEntries(app.eventTypes),
  };
}
