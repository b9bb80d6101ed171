import { z } from "@/lib/zod";

/**
 * Zod schemas for the fields we read from the events we JSON.parse (the boundary where untrusted
 * bytes become data). Only fields we rely on are listed; objects stay open (`looseObject`) since
 * every Spark version adds fields. Field names: Spark's JsonProtocol and the SQL listener events.
 */
const num = z.number();
const optNum = num.nullish();
const optStr = z.string().nullish();
/** Long values arrive as numbers, and as strings in some vendor logs. */
const numish = z.union([z.number(), z.string().transform((s) => Number(s))]);

export const LogStart = z.looseObject({ "Spark Version": optStr });

export const ApplicationStart = z.looseObject({
  "App Name": optStr,
  "App ID": optStr,
  Timestamp: optNum,
  User: optStr,
  "App Attempt ID": optStr,
});

export const ApplicationEnd = z.looseObject({ Timestamp: optNum });

/** Properties are an object; a few writers used a list of [key, value] pairs. */
const properties = z
  .union([z.record(z.string(), z.unknown()), z.array(z.tuple([z.string(), z.unknown()]))])
  .nullish()
  .transform((p): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!p) return out;
    const entries = Array.isArray(p) ? p : Object.entries(p);
    for (const [k, v] of entries) out[k] = typeof v === "string" ? v : JSON.stringify(v);
    return out;
  });

export const EnvironmentUpdate = z.looseObject({ "Spark Properties": properties });

export const ExecutorAdded = z.looseObject({
  Timestamp: optNum,
  "Executor ID": z.string(),
  "Executor Info": z.looseObject({ Host: optStr, "Total Cores": optNum }).nullish(),
});

export const ExecutorRemoved = z.looseObject({
  Timestamp: optNum,
  "Executor ID": z.string(),
  "Removed Reason": optStr,
});

export const JobStart = z.looseObject({
  "Job ID": num,
  "Submission Time": optNum,
  "Stage IDs": z.array(num).nullish(),
  "Stage Infos": z.array(z.looseObject({ "Stage ID": num, "Number of Tasks": optNum })).nullish(),
  Properties: properties,
});

export const JobEnd = z.looseObject({
  "Job ID": num,
  "Completion Time": optNum,
  "Job Result": z.looseObject({ Result: optStr }).nullish(),
});

const StageInfo = z.looseObject({
  "Stage ID": num,
  "Stage Attempt ID": optNum,
  "Stage Name": optStr,
  "Number of Tasks": optNum,
  "Submission Time": optNum,
  "Completion Time": optNum,
  "Failure Reason": optStr,
});

export const StageSubmitted = z.looseObject({ "Stage Info": StageInfo });
export const StageCompleted = z.looseObject({ "Stage Info": StageInfo });

/** `SparkPlanInfo` (sql/core/.../execution/SparkPlanInfo.scala) as JSON. */
export interface SparkPlanInfo {
  nodeName: string;
  simpleString: string;
  children: SparkPlanInfo[];
  metrics: { name: string; accumulatorId: number; metricType: string }[];
}

const Metric = z.looseObject({
  name: z.string(),
  accumulatorId: num,
  metricType: z
    .string()
    .nullish()
    .transform((t) => t ?? "sum"),
});

export const SparkPlanInfoSchema: z.ZodType<SparkPlanInfo> = z.lazy(() =>
  z
    .looseObject({
      nodeName: z.string(),
      simpleString: optStr,
      children: z.array(SparkPlanInfoSchema).nullish(),
      metrics: z.array(Metric).nullish(),
    })
    .transform((n) => ({
      nodeName: n.nodeName,
      simpleString: n.simpleString ?? n.nodeName,
      children: n.children ?? [],
      metrics: n.metrics ?? [],
    })),
) as z.ZodType<SparkPlanInfo>;

export const SQLExecutionStart = z.looseObject({
  executionId: num,
  description: optStr,
  details: optStr,
  physicalPlanDescription: optStr,
  sparkPlanInfo: SparkPlanInfoSchema.nullish(),
  time: optNum,
});

export const SQLExecutionEnd = z.looseObject({
  executionId: num,
  time: optNum,
  errorMessage: optStr,
});

export const SQLAdaptiveExecutionUpdate = z.looseObject({
  executionId: num,
  physicalPlanDescription: optStr,
  sparkPlanInfo: SparkPlanInfoSchema.nullish(),
});

export const SQLAdaptiveSQLMetricUpdates = z.looseObject({
  executionId: num,
  sqlPlanMetrics: z.array(Metric).nullish(),
});

/** `accumUpdates` is a list of [accumulatorId, value] pairs. */
export const DriverAccumUpdates = z.looseObject({
  executionId: num,
  accumUpdates: z.array(z.tuple([numish, numish])).nullish(),
});
