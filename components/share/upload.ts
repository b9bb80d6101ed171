/** Browser side of `POST /api/plans`: gzip on the wire when it pays, errors as sentences. */
import { CreatedPlanResponse, ErrorResponse } from "@/lib/share/schema";

export type UploadOutcome =
  | { readonly ok: true; readonly id: string; readonly url: string; readonly deleteKey: string }
  | { readonly ok: false; readonly message: string };

const GZIP_FROM_BYTES = 16 * 1024;

export async function uploadPlan(text: string, title: string): Promise<UploadOutcome> {
  const json = JSON.stringify({ text, title: title.trim() || undefined });
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  let body: BodyInit = json;
  if (json.length >= GZIP_FROM_BYTES && typeof CompressionStream !== "undefined") {
    const gz = new Blob([json]).stream().pipeThrough(new CompressionStream("gzip"));
    body = await new Response(gz).arrayBuffer();
    headers["Content-Encoding"] = "gzip";
  }
  let res: Response;
  try {
    res = await fetch("/api/plans", { method: "POST", headers, body });
  } catch {
    return { ok: false, message: "Could not reach the server." };
  }
  const data: unknown = await res.json().catch(() => null);
  if (res.status === 201) {
    const created = CreatedPlanResponse.safeParse(data);
    if (created.success) return { ok: true, ...created.data };
    return { ok: false, message: "The server answered with something unexpected." };
  }
  const err = ErrorResponse.safeParse(data);
  const reason = err.success ? err.data.error : `HTTP ${res.status}`;
  if (res.status === 429) {
    return { ok: false, message: `${reason} (retry in ${res.headers.get("retry-after") ?? "a few"} s)` };
  }
  return { ok: false, message: reason };
}
