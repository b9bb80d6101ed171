/**
 * Fetching from a Spark History Server or a driver's UI (the REST API under `/api/v1`), guarded:
 * only allowed origins are contacted (each redirect hop is checked before it is followed), bodies
 * are capped while they stream, and a silent server times out. Used by the API routes, the CLI and
 * the MCP server; it needs only `fetch`, so it runs in Node and in Next's route handlers.
 */
import { z } from "@/lib/zod";
import { apiRoot, appPath, type SparkTarget } from "./url";

export interface FetchPolicy {
  /** Origins that may be contacted; null: any http(s) origin (the CLI, where the user typed the URL). */
  readonly allow: readonly string[] | null;
  /** Cap on the bytes of one answer (an event-log zip, a JSON list). */
  readonly maxBytes: number;
  /** Longest wait for the answer's headers, and for each next chunk of its body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type ImportErrorCode =
  | "bad-url"
  | "not-allowed"
  | "unreachable"
  | "timeout"
  | "too-large"
  | "unknown-app"
  | "not-spark"
  | "no-app"
  | "live-app"
  | "upstream";

const STATUS: Record<ImportErrorCode, number> = {
  "bad-url": 400,
  "not-allowed": 403,
  unreachable: 502,
  timeout: 504,
  "too-large": 413,
  "unknown-app": 404,
  "not-spark": 502,
  "no-app": 400,
  "live-app": 409,
  upstream: 502,
};

/** What went wrong, with the HTTP status the API routes answer with. */
export class SparkImportError extends Error {
  readonly status: number;
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SparkImportError";
    this.status = STATUS[code];
  }
}

const MAX_REDIRECTS = 5;

/** A zip with no entries: `PK\\x05\\x06` and 18 zero bytes. */
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)];

function checkAllowed(url: URL, policy: FetchPolicy, what: string): void {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new SparkImportError("not-allowed", `${what} ${url.href} is not http or https`);
  if (policy.allow && !policy.allow.includes(url.origin))
    throw new SparkImportError(
      "not-allowed",
      `${what} ${url.origin} is not in PLANSIGHT_SPARK_SERVERS (${policy.allow.join(", ") || "empty"})`,
    );
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new SparkImportError("timeout", `${what}: no answer within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** GET with every redirect hop checked against the policy before it is followed. */
export async function guardedGet(
  href: string,
  policy: FetchPolicy,
  accept = "application/json",
): Promise<Response> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new SparkImportError("bad-url", `not a URL: ${href}`);
  }
  checkAllowed(url, policy, "server");
  let retried = false;
  for (let hop = 0; ; hop++) {
    const ctl = new AbortController();
    const abort = () => ctl.abort();
    policy.signal?.addEventListener("abort", abort, { once: true });
    let res: Response;
    try {
      res = await withTimeout(
        fetch(url, { redirect: "manual", headers: { accept }, signal: ctl.signal }),
        policy.timeoutMs,
        abort,
        url.origin,
      );
    } catch (e) {
      if (e instanceof SparkImportError) throw e;
      if (policy.signal?.aborted) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      // A kept-alive connection the server closed meanwhile (Jetty's idle time-out): a GET is
      // safe to send again, once, on a fresh connection.
      if (!retried && (cause?.code === "UND_ERR_SOCKET" || cause?.code === "ECONNRESET")) {
        retried = true;
        hop--;
        continue;
      }
      throw new SparkImportError(
        "unreachable",
        `cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      );
    } finally {
      policy.signal?.removeEventListener("abort", abort);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        throw new SparkImportError("upstream", `${href}: more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(res.headers.get("location")!, url);
      checkAllowed(next, policy, "redirect to");
      url = next;
      continue;
    }
    return res;
  }
}

/** The body as chunks, failing past `maxBytes` and when no chunk arrives within the time-out. */
export async function* cappedBody(
  res: Response,
  policy: FetchPolicy,
  what: string,
): AsyncGenerator<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > policy.maxBytes) {
    await res.body?.cancel();
    throw new SparkImportError(
      "too-large",
      `${what} is ${declared} bytes, over the ${policy.maxBytes}-byte import cap`,
    );
  }
  if (!res.body) return;
  const reader = res.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await withTimeout(
        reader.read(),
        policy.timeoutMs,
        () => void reader.cancel(),
        what,
      );
      if (done) return;
      total += value.byteLength;
      if (total > policy.maxBytes)
        throw new SparkImportError("too-large", `${what} is over the ${policy.maxBytes}-byte import cap`);
      yield value;
    }
  } finally {
    reader.releaseLock();
    await res.body.cancel().catch(() => {});
  }
}

export async function readText(res: Response, policy: FetchPolicy, what: string): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of cappedBody(res, policy, what)) parts.push(c);
  return new TextDecoder().decode(Buffer.concat(parts));
}

async function getJson(
  href: string,
  policy: FetchPolicy,
  what: string,
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await guardedGet(href, policy);
  const text = await readText(res, policy, what);
  if (!res.ok) return { status: res.status, json: undefined, text };
  try {
    return { status: res.status, json: JSON.parse(text), text };
  } catch {
    throw new SparkImportError(
      "not-spark",
      `${href} did not answer JSON: is this a Spark History Server or Spark UI?`,
    );
  }
}

const AttemptSchema = z.object({
  attemptId: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  duration: z.number().optional(),
  sparkUser: z.string().optional(),
  completed: z.boolean().optional(),
  appSparkVersion: z.string().optional(),
  startTimeEpoch: z.number().optional(),
  endTimeEpoch: z.number().optional(),
});
const AppSchema = z.object({ id: z.string(), name: z.string().optional(), attempts: z.array(AttemptSchema) });
const AppListSchema = z.array(AppSchema);

/** One application of `GET /api/v1/applications`, as Spark answers (fields Spark may omit are optional). */
export type SparkApp = z.infer<typeof AppSchema>;

/** `GET /api/v1/applications`: finished and running applications (a driver lists its own one). */
export async function listApplications(t: SparkTarget, policy: FetchPolicy): Promise<SparkApp[]> {
  const href = `${apiRoot(t)}/applications`;
  const { status, json } = await getJson(href, policy, `the application list of ${t.origin}`);
  if (status !== 200)
    throw new SparkImportError("not-spark", `${t.origin} has no Spark REST API at ${href} (HTTP ${status})`);
  const parsed = AppListSchema.safeParse(json);
  if (!parsed.success)
    throw new SparkImportError(
      "not-spark",
      `${href} is not a Spark application list: is this a Spark server?`,
    );
  return parsed.data;
}

/** The target with its application id: a live UI names none in its URLs, but serves exactly one. */
export async function resolveApplication(
  t: SparkTarget,
  policy: FetchPolicy,
): Promise<SparkTarget & { readonly appId: string }> {
  if (t.appId) return { ...t, appId: t.appId };
  const apps = await listApplications(t, policy);
  if (apps.length === 1) return { ...t, appId: apps[0]!.id };
  throw new SparkImportError(
    "no-app",
    apps.length === 0
      ? `${t.origin} lists no applications`
      : `${t.origin} lists ${apps.length} applications: give one (…/history/<app id>/ or …/api/v1/applications/<app id>)`,
  );
}

export interface EventLogDownload {
  /** File name the server gives (`eventLogs-<app>.zip`), as a browser would save it. */
  readonly name: string;
  readonly appId: string;
  /** Declared size, when the server sends one. */
  readonly bytes: number | null;
  readonly body: AsyncGenerator<Uint8Array>;
}

/**
 * `GET /api/v1/applications/{id}[/{attempt}]/logs`: the zip of the application's event-log files
 * as the History Server writes it. A driver's live UI does not serve event logs (Spark answers that
 * they are "only available through the history server"); that is the `live-app` error.
 */
export async function openEventLog(t: SparkTarget, policy: FetchPolicy): Promise<EventLogDownload> {
  const app = await resolveApplication(t, policy);
  const href = `${appPath(app)}/logs`;
  const res = await guardedGet(href, policy, "application/octet-stream, application/zip");
  if (!res.ok) {
    const text = (await readText(res, { ...policy, maxBytes: 64 * 1024 }, href).catch(() => "")).trim();
    if (/history server/i.test(text))
      throw new SparkImportError(
        "live-app",
        `${t.origin} is a running application's UI: it serves no event log (${text.slice(0, 200)})`,
      );
    if (res.status === 404 && /no such app|unknown app|not found/i.test(text))
      throw new SparkImportError(
        "unknown-app",
        `${t.origin} has no application ${app.appId}${app.attemptId ? ` attempt ${app.attemptId}` : ""}`,
      );
    if (res.status === 404)
      throw new SparkImportError("not-spark", `${href}: HTTP 404: is this a Spark History Server?`);
    throw new SparkImportError("upstream", `${href}: HTTP ${res.status} ${text.slice(0, 200)}`);
  }
  const disposition = res.headers.get("content-disposition") ?? "";
  const m = /filename="?([^";]+)"?/i.exec(disposition);
  const name = (m?.[1] ?? `eventLogs-${app.appId}.zip`).replace(/[/\\]/g, "_");
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  // A driver's live UI answers /logs with an empty zip (only the 22-byte end record): it keeps no
  // event log to serve. Say so instead of reading zero events.
  if (declared === EMPTY_ZIP.length) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (EMPTY_ZIP.every((b, i) => bytes[i] === b))
      throw new SparkImportError(
        "live-app",
        `${t.origin} serves no event log for ${app.appId}: it is a running application's Spark UI (read it as a running application)`,
      );
    return {
      name,
      appId: app.appId,
      bytes: declared,
      body: (async function* () {
        yield bytes;
      })(),
    };
  }
  const type = res.headers.get("content-type") ?? "";
  const body = cappedBody(res, policy, href);
  // Peek at the first bytes (chunks may be tiny, even empty): the History Server answers with a
  // zip (`PK`); a web page, JSON or anything else here means another kind of server.
  const head: Uint8Array[] = [];
  let seen = 0;
  while (seen < 2) {
    const next = await body.next();
    if (next.done) break;
    head.push(next.value);
    seen += next.value.byteLength;
  }
  const start = Buffer.concat(head);
  if (/html|json|text\//i.test(type) || (start.length > 0 && (start[0] !== 0x50 || start[1] !== 0x4b))) {
    await body.return(undefined);
    throw new SparkImportError(
      "not-spark",
      `${href} did not answer a zip of event logs (${type || "no content type"}): is this a Spark History Server?`,
    );
  }
  return {
    name,
    appId: app.appId,
    bytes: Number.isFinite(declared) ? declared : null,
    body: (async function* () {
      yield* head;
      yield* body;
    })(),
  };
}
