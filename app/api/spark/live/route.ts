/** GET /api/spark/live?url=<Spark UI URL> — a running application's SQL executions and stages. Logic: lib/spark/http.ts. */
import { readSparkImportConfig } from "@/lib/spark/config";
import { sparkLive } from "@/lib/spark/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return sparkLive(req, readSparkImportConfig());
}
