/** GET /api/spark — is importing from Spark servers on, and from which. Logic: lib/spark/http.ts. */
import { readSparkImportConfig } from "@/lib/spark/config";
import { sparkStatus } from "@/lib/spark/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Response {
  return sparkStatus(readSparkImportConfig());
}
