/** GET / DELETE /api/plans/{id}. Logic lives in lib/share/http.ts. */
import { deletePlan, readPlan } from "@/lib/share/http";
import { shareDeps } from "@/lib/share/server";

export const runtime = "nodejs"; // better-sqlite3 is a native module

interface Ctx {
  readonly params: Promise<{ id: string }>;
}

export async function GET(_req: Request, ctx: Ctx): Promise<Response> {
  return readPlan((await ctx.params).id, shareDeps());
}

export async function DELETE(req: Request, ctx: Ctx): Promise<Response> {
  return deletePlan(req, (await ctx.params).id, shareDeps());
}
