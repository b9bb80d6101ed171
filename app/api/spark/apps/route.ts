/** GET /api/spark/apps?server=<origin> — a History Server's application list. Logic: lib/spark/http.ts. */
import { readSparkImportConfig } from "@/lib/spark/config";
import { sparkApps } from "@/lib/spark/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return sparkApps(req, readSparkImportConfig());
}
