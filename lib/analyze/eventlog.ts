/**
 * Adapter from the event-log reader's model (lib/parse/eventlog) to the analyses' inputs: SQL
 * metrics → NodeMetrics, stage distributions → StageStats. Kept here so the rules depend only on
 * the small interfaces in ./types.
 */
import type {
  Application,
  Distribution,
  PlanWithMetrics,
  SqlExecution,
  SqlMetric,
  Stage,
} from "@/lib/parse/eventlog";
import type { Plan } from "@/lib/plan/types";
import { analyzePlan } from "./index";
import type {
  AnalyzeContext,
  Finding,
  MetricValue,
  NodeMetrics,
  StageStats,
  TaskDistribution,
} from "./types";

export function nodeMetricsOf(metrics: Readonly<Record<string, readonly SqlMetric[]>>): NodeMetrics {
  const out = new Map<string, MetricValue[]>();
  for (const [id, list] of Object.entries(metrics)) {
    out.set(
      id,
      list.map((m) => ({
        name: m.name,
        type: m.metricType,
        total: m.total,
        ...(m.min !== null ? { min: m.min } : {}),
        ...(m.median !== null ? { median: m.median } : {}),
        ...(m.max !== null ? { max: m.max } : {}),
      })),
    );
  }
  return out;
}

function dist(d: Distribution | undefined): TaskDistribution | undefined {
  if (!d || d.count === 0) return undefined;
  return { count: d.count, min: d.min, median: d.median, max: d.max, total: d.total, p25: d.p25, p75: d.p75 };
}

export function stageStatsOf(stage: Stage): StageStats {
  const t = stage.tasks;
  return {
    stageId: stage.stageId,
    name: stage.name,
    numTasks: stage.numTasks,
    tasks: {
      duration: dist(t.duration),
      inputBytes: dist(t.inputBytes),
      shuffleReadBytes: dist(t.shuffleReadBytes),
      shuffleWriteBytes: dist(t.shuffleWriteBytes),
      memorySpilled: dist(t.memorySpilled),
      diskSpilled: dist(t.diskSpilled),
    },
  };
}

export interface ExecutionFindings {
  readonly executionId: number;
  readonly description: string;
  readonly findings: Finding[];
  /** The plan the findings are on (for grouping by union branch). */
  readonly plans: readonly Plan[];
}

const STAGES_BY_ID = new WeakMap<Application, ReadonlyMap<number, Stage>>();
/** An application's stages by id, made once per application (asked for by every execution). */
function stagesById(app: Application): ReadonlyMap<number, Stage> {
  let m = STAGES_BY_ID.get(app);
  if (!m) {
    m = new Map(app.stages.map((s) => [s.stageId, s]));
    STAGES_BY_ID.set(app, m);
  }
  return m;
}

/**
 * What the analyses get for one SQL execution's plan: its metrics and stages, the run's settings,
 * and for the plan that ran (not AQE's initial plan) its shuffles and each operator's task time
 * (lib/parse/eventlog/timing.ts; driver-side times are not task time). The CLI and the page share it.
 */
export function executionContext(
  app: Application,
  e: SqlExecution,
  shown: PlanWithMetrics,
  config?: AnalyzeContext["config"],
): AnalyzeContext {
  const byId = stagesById(app);
  const stages = e.stageIds.flatMap((id) => {
    const s = byId.get(id);
    return s ? [stageStatsOf(s)] : [];
  });
  const ran = shown === e.plan;
  const nodeTimeMs = new Map<string, number>();
  if (ran)
    for (const [id, t] of Object.entries(shown.times)) if (t.basis !== "driver") nodeTimeMs.set(id, t.timeMs);
  return {
    metrics: nodeMetricsOf(shown.metrics),
    ...(nodeTimeMs.size > 0 ? { nodeTimeMs } : {}),
    stages,
    sparkConf: { ...app.config.interesting, ...e.modifiedConfigs },
    ...(ran ? { initialPlan: e.initialPlan?.plan, shuffles: e.shuffles } : {}),
    ...(config ? { config } : {}),
  };
}

/** Every SQL execution that has a plan, analysed with its own metrics and its own stages. */
export function analyzeApplication(app: Application, config?: AnalyzeContext["config"]): ExecutionFindings[] {
  return app.sqlExecutions.flatMap((e: SqlExecution) => {
    if (!e.plan) return [];
    const findings = analyzePlan(e.plan.plan, executionContext(app, e, e.plan, config));
    return [{ executionId: e.executionId, description: e.description, findings, plans: [e.plan.plan] }];
  });
}
