/** GET /api/spark/logs?url=<application URL> — the event-log zip, fetched for the browser. Logic: lib/spark/http.ts. */
import { readSparkImportConfig } from "@/lib/spark/config";
import { sparkLogs } from "@/lib/spark/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return sparkLogs(req, readSparkImportConfig());
}
