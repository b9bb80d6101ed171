/**
 * Where an event log comes from: a path (file or folder) or a Spark History Server URL
 * (`http://shs:18080/history/app-1/`, `…/api/v1/applications/app-1`), read the same way.
 */
import type { EventLogOutcome, ReaderOptions } from "@/lib/parse/eventlog";
import { readEventLogPath } from "@/lib/parse/eventlog/node";
import { readSparkImportConfig } from "@/lib/spark/config";
import type { FetchPolicy } from "@/lib/spark/fetch";
import { isHttpUrl, readEventLogUrl } from "@/lib/spark/read";

export { isHttpUrl };

/**
 * The CLI fetches any http(s) URL it is given (the user typed it); `restrict` (the MCP server,
 * where an assistant picks the URL) limits it to PLANSIGHT_SPARK_SERVERS when that is set.
 */
export function sparkPolicy(restrict = false, env: NodeJS.ProcessEnv = process.env): FetchPolicy {
  const c = readSparkImportConfig(env);
  return {
    allow: restrict && c.origins.length > 0 ? c.origins : null,
    maxBytes: c.maxBytes,
    timeoutMs: c.timeoutMs,
  };
}

export function readEventLogSource(
  source: string,
  options: ReaderOptions = {},
  policy: FetchPolicy = sparkPolicy(),
): Promise<EventLogOutcome> {
  return isHttpUrl(source) ? readEventLogUrl(source, policy, options) : readEventLogPath(source, options);
}
