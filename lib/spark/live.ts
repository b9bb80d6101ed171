/**
 * A running application, read from its driver's REST API (a live UI keeps no event log to serve):
 * `/sql?details=true&planDescription=true` (each SQL execution with its formatted plan and the SQL
 * tab's metrics as Spark formats them) and `/stages`. Fetched again on each refresh.
 */
import { z } from "@/lib/zod";
import {
  type FetchPolicy,
  guardedGet,
  listApplications,
  readText,
  resolveApplication,
  SparkImportError,
} from "./fetch";
import { appPath, type SparkTarget } from "./url";

const Metric = z.object({ name: z.string(), value: z.string() });
const Node = z.object({
  nodeId: z.number(),
  nodeName: z.string(),
  wholeStageCodegenId: z.number().optional(),
  metrics: z.array(Metric),
});
const Execution = z.object({
  id: z.number(),
  status: z.string(),
  description: z.string(),
  planDescription: z.string(),
  submissionTime: z.string().optional(),
  duration: z.number().optional(),
  runningJobIds: z.array(z.number()).optional(),
  successJobIds: z.array(z.number()).optional(),
  failedJobIds: z.array(z.number()).optional(),
  errorMessage: z.string().optional(),
  nodes: z.array(Node),
});
const Stage = z.object({
  stageId: z.number(),
  attemptId: z.number(),
  status: z.string(),
  name: z.string().optional(),
  numTasks: z.number(),
  numActiveTasks: z.number().optional(),
  numCompleteTasks: z.number().optional(),
  numFailedTasks: z.number().optional(),
  executorRunTime: z.number().optional(),
  inputBytes: z.number().optional(),
  shuffleReadBytes: z.number().optional(),
  shuffleWriteBytes: z.number().optional(),
  memoryBytesSpilled: z.number().optional(),
  diskBytesSpilled: z.number().optional(),
});

export type LiveExecution = z.infer<typeof Execution>;
export type LiveStage = z.infer<typeof Stage>;

export interface LiveApp {
  readonly appId: string;
  readonly name: string | null;
  readonly completed: boolean | null;
  /** Epoch ms when Plansight read it: "as of" for the refresh button. */
  readonly fetchedAt: number;
  readonly executions: readonly LiveExecution[];
  readonly stages: readonly LiveStage[];
}

async function getList<T>(href: string, schema: z.ZodType<T>, policy: FetchPolicy): Promise<T[]> {
  const res = await guardedGet(href, policy);
  const text = await readText(res, policy, href);
  if (res.status === 404)
    throw new SparkImportError(
      /no such app|unknown app/i.test(text) ? "unknown-app" : "not-spark",
      `${href}: HTTP 404 ${text.slice(0, 200)}`,
    );
  if (!res.ok) throw new SparkImportError("upstream", `${href}: HTTP ${res.status} ${text.slice(0, 200)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SparkImportError("not-spark", `${href} did not answer JSON: is this a Spark UI?`);
  }
  const parsed = z.array(schema).safeParse(json);
  if (!parsed.success) throw new SparkImportError("not-spark", `${href}: not the answer a Spark UI gives`);
  return parsed.data;
}

export async function readLiveApp(t: SparkTarget, policy: FetchPolicy): Promise<LiveApp> {
  const app = await resolveApplication(t, policy);
  const base = appPath(app);
  const [executions, stages, apps] = await Promise.all([
    getList(`${base}/sql?details=true&planDescription=true`, Execution, policy),
    getList(`${base}/stages`, Stage, policy),
    listApplications(t, policy),
  ]);
  const info = apps.find((a) => a.id === app.appId);
  return {
    appId: app.appId,
    name: info?.name ?? null,
    completed: info ? info.attempts.every((a) => a.completed === true) : null,
    fetchedAt: Date.now(),
    executions: executions.sort((a, b) => a.id - b.id),
    stages,
  };
}
