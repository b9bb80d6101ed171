/** POST /api/plans — share a plan. Logic lives in lib/share/http.ts. */
import { createPlan } from "@/lib/share/http";
import { shareDeps } from "@/lib/share/server";

export const runtime = "nodejs"; // better-sqlite3 is a native module

export function POST(req: Request): Promise<Response> {
  return createPlan(req, shareDeps());
}
