/**
 * The permalink API over plain Web `Request`/`Response` (no Next imports: the route files in
 * app/api/plans are one-line adapters, and these run as-is in a unit test or a bare node server).
 */

import { readCappedText } from "./body";
import type { ShareConfig } from "./config";
import { isPlanId } from "./ids";
import { clientAddress, type RateLimiter } from "./rate-limit";
import { CreatePlanBody } from "./schema";
import type { PlanStore } from "./store";

export interface ShareDeps {
  readonly config: ShareConfig;
  readonly store: () => Promise<PlanStore>;
  /** null: no rate limiting. */
  readonly limiter: RateLimiter | null;
}

const API_HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

export function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...API_HEADERS, ...extra },
  });
}

const notFound = () => json(404, { error: "No such plan." });

export async function createPlan(req: Request, deps: ShareDeps): Promise<Response> {
  if (deps.limiter) {
    const d = deps.limiter.take(clientAddress(req.headers, deps.config.trustedProxies));
    if (!d.ok) {
      return json(
        429,
        { error: "Too many plans shared from this address; try again shortly." },
        {
          "Retry-After": String(d.retryAfterSeconds),
        },
      );
    }
  }
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return json(415, { error: "Send the plan as application/json." });
  }
  const body = await readCappedText(req, deps.config.maxBodyBytes);
  if (!body.ok) return json(body.status, { error: body.message });
  let raw: unknown;
  try {
    raw = JSON.parse(body.text);
  } catch {
    return json(400, { error: "The body is not valid JSON." });
  }
  const parsed = CreatePlanBody.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const message =
      first && first.path.length === 0
        ? 'Expected a JSON object like {"text": "...", "title": "..."}.'
        : (first?.message ?? "Invalid body.");
    return json(400, { error: message });
  }
  const store = await deps.store();
  const created = await store.create({ text: parsed.data.text, title: parsed.data.title ?? null });
  const origin = deps.config.publicUrl ?? requestOrigin(req);
  return json(201, { id: created.id, url: `${origin}/p/${created.id}`, deleteKey: created.deleteKey });
}

/** The origin the client used (Host header), so the link works from where it was made. */
function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  if (
    !host ||
    !/^[A-Za-z0-9.-]+(?::\d+)?$|^\[[0-9A-Fa-f:.]+\](?::\d+)?$/.test(host) ||
    !/^https?$/.test(proto)
  ) {
    return url.origin;
  }
  return `${proto}://${host}`;
}

export async function readPlan(id: string, deps: ShareDeps): Promise<Response> {
  if (!isPlanId(id)) return notFound();
  const plan = await (await deps.store()).get(id);
  if (!plan) return notFound();
  return json(200, plan);
}

export async function deletePlan(req: Request, id: string, deps: ShareDeps): Promise<Response> {
  const key = req.headers.get("x-delete-key");
  if (!isPlanId(id)) return notFound();
  if (!key) return json(403, { error: "Send the delete key in the X-Delete-Key header." });
  const outcome = await (await deps.store()).delete(id, key);
  if (outcome === "missing") return notFound();
  if (outcome === "forbidden") return json(403, { error: "Wrong delete key." });
  return new Response(null, { status: 204, headers: API_HEADERS });
}
