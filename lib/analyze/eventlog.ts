/**
 * Adapter from the event-log reader's model (lib/parse/eventlog) to the analyses' inputs: SQL
 * metrics → NodeMetrics, stage distributions → StageStats. Kept here so the rules depend only on
 * the small interfaces in ./types.
 */
import type { Application, Distribution, SqlExecution, SqlMetric, Stage } from "@/lib/parse/eventlog";
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
}

/** Every SQL execution that has a plan, analysed with its own metrics and its own stages. */
export function analyzeApplication(app: Application, config?: AnalyzeContext["config"]): ExecutionFindings[] {
  const stages = new Map(app.stages.map((s) => [s.stageId, s]));
  return app.sqlExecutions.flatMap((e: SqlExecution) => {
    if (!e.plan) return [];
    const own = e.stageIds.flatMap((id) => {
      const s = stages.get(id);
      return s ? [stageStatsOf(s)] : [];
    });
    const findings = analyzePlan(e.plan.plan, {
      metrics: nodeMetricsOf(e.plan.metrics),
      stages: own,
      shuffles: e.shuffles,
      config,
    });
    return [{ executionId: e.executionId, description: e.description, findings }];
  });
}
