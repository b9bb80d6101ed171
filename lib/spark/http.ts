/**
 * The import API's handlers (app/api/spark/* are one-line routes over these):
 *
 *   GET /api/spark                      → {enabled, servers, howToEnable?}
 *   GET /api/spark/apps?server=<origin> → {server, applications}          (the History Server's list)
 *   GET /api/spark/logs?url=<app URL>   → the event-log zip as the History Server gives it
 *   GET /api/spark/live?url=<UI URL>    → a running application: SQL executions (plans, metrics), stages
 *
 * Only origins of PLANSIGHT_SPARK_SERVERS are contacted; everything else is refused with 403
 * before any connection. Errors are JSON `{error, code}` with the status of SparkImportError.
 */
import { json } from "@/lib/share/http";
import type { SparkImportConfig } from "./config";
import { type FetchPolicy, listApplications, openEventLog, SparkImportError } from "./fetch";
import { readLiveApp } from "./live";
import { parseSparkUrl, type SparkTarget } from "./url";

export const HOW_TO_ENABLE =
  "Importing from Spark servers is off. Start Plansight with PLANSIGHT_SPARK_SERVERS set to the History Server or Spark UI origins it may read, e.g. PLANSIGHT_SPARK_SERVERS=http://shs.example.com:18080,http://driver-1:4040";

function fail(e: SparkImportError): Response {
  return json(e.status, { error: e.message, code: e.code });
}

function policy(config: SparkImportConfig, signal: AbortSignal, maxBytes = config.maxBytes): FetchPolicy {
  return { allow: config.origins, maxBytes, timeoutMs: config.timeoutMs, signal };
}

/** The query parameter as a Spark target whose origin is allowed; a refusal otherwise (no connection made). */
function allowedTarget(req: Request, param: string, config: SparkImportConfig): SparkTarget | Response {
  if (config.origins.length === 0) return json(403, { error: HOW_TO_ENABLE, code: "off" });
  const raw = new URL(req.url).searchParams.get(param);
  if (!raw)
    return json(400, { error: `give ?${param}=<Spark History Server or Spark UI URL>`, code: "bad-url" });
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return json(400, { error: `not a URL: ${raw.slice(0, 200)}`, code: "bad-url" });
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || !config.origins.includes(u.origin))
    return json(403, {
      error: `${u.protocol === "http:" || u.protocol === "https:" ? u.origin : u.protocol} is not one of the servers Plansight may read (PLANSIGHT_SPARK_SERVERS: ${config.origins.join(", ")})`,
      code: "not-allowed",
    });
  const t = parseSparkUrl(raw);
  if (!t.ok) return json(400, { error: t.message, code: "bad-url" });
  return t.target;
}

export function sparkStatus(config: SparkImportConfig): Response {
  return json(200, {
    enabled: config.origins.length > 0,
    servers: config.origins,
    ...(config.origins.length === 0 ? { howToEnable: HOW_TO_ENABLE } : {}),
    ...(config.invalid.length ? { ignored: config.invalid } : {}),
  });
}

export async function sparkApps(req: Request, config: SparkImportConfig): Promise<Response> {
  const t = allowedTarget(req, "server", config);
  if (t instanceof Response) return t;
  try {
    const apps = await listApplications(t, policy(config, req.signal, Math.min(config.maxBytes, 64 << 20)));
    return json(200, { server: `${t.origin}${t.base}`, applications: apps });
  } catch (e) {
    if (e instanceof SparkImportError) return fail(e);
    throw e;
  }
}

export async function sparkLogs(req: Request, config: SparkImportConfig): Promise<Response> {
  const t = allowedTarget(req, "url", config);
  if (t instanceof Response) return t;
  try {
    const dl = await openEventLog(t, policy(config, req.signal));
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await dl.body.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await dl.body.return(undefined);
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${dl.name}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Spark-App-Id": dl.appId,
        ...(t.executionId !== null ? { "X-Spark-Execution-Id": String(t.executionId) } : {}),
        ...(dl.bytes !== null ? { "Content-Length": String(dl.bytes) } : {}),
      },
    });
  } catch (e) {
    if (e instanceof SparkImportError) return fail(e);
    throw e;
  }
}

export async function sparkLive(req: Request, config: SparkImportConfig): Promise<Response> {
  const t = allowedTarget(req, "url", config);
  if (t instanceof Response) return t;
  try {
    return json(200, await readLiveApp(t, policy(config, req.signal, Math.min(config.maxBytes, 64 << 20))));
  } catch (e) {
    if (e instanceof SparkImportError) return fail(e);
    throw e;
  }
}
