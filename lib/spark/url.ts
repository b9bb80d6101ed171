/**
 * What a pasted Spark URL points at, and whether Plansight may fetch it. Pure: no I/O.
 *
 * Understood forms (History Server on :18080, a driver's live UI on :4040):
 *   http://shs:18080                                     the server (pick an application)
 *   http://shs:18080/history/app-1/   /history/app-1/2/jobs/   an application (attempt 2)
 *   http://shs:18080/history/app-1/SQL/execution/?id=3   one SQL execution of it
 *   http://shs:18080/api/v1/applications/app-1[/2][/...] the REST API's application
 *   http://driver:4040/SQL/execution/?id=3               a live UI's page: the app is the driver's one
 */

export type SparkTarget = {
  /** `scheme://host:port`, as `URL.origin` spells it. */
  readonly origin: string;
  /** Path prefix before `/history` or `/api/v1` (a reverse proxy's), without a trailing slash. */
  readonly base: string;
  readonly appId: string | null;
  readonly attemptId: string | null;
  readonly executionId: number | null;
};

export type TargetOutcome =
  | { readonly ok: true; readonly target: SparkTarget }
  | { readonly ok: false; readonly message: string };

const APP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ATTEMPT_ID = /^\d+$/;

export function parseSparkUrl(input: string): TargetOutcome {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return { ok: false, message: `not a URL: "${input.slice(0, 200)}"` };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    return { ok: false, message: `only http and https URLs are read, not ${u.protocol}` };
  if (u.username || u.password)
    return { ok: false, message: "URLs with a user name or password are not read" };
  const segs = u.pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map(decodeSegment);
  const idParam = u.searchParams.get("id");
  const executionId = idParam !== null && /^\d+$/.test(idParam) ? Number(idParam) : null;
  const target = (base: string[], appId: string | null, attemptId: string | null, isSqlPage: boolean) =>
    ({
      ok: true,
      target: {
        origin: u.origin,
        base: base.length ? `/${base.join("/")}` : "",
        appId,
        attemptId,
        executionId: isSqlPage ? executionId : null,
      },
    }) as const;
  const sqlPage = (rest: string[]) =>
    rest.length >= 2 && rest[0]?.toUpperCase() === "SQL" && rest[1] === "execution";

  const api = findSeq(segs, ["api", "v1", "applications"]);
  if (api >= 0) {
    const rest = segs.slice(api + 3);
    const appId = rest[0] ?? null;
    if (appId !== null && !APP_ID.test(appId))
      return { ok: false, message: `not an application id: "${appId}"` };
    const attemptId = rest[1] !== undefined && ATTEMPT_ID.test(rest[1]) ? rest[1] : null;
    const sqlIdx = attemptId ? 2 : 1;
    const sqlId =
      rest[sqlIdx] === "sql" && rest[sqlIdx + 1] && /^\d+$/.test(rest[sqlIdx + 1]!)
        ? Number(rest[sqlIdx + 1])
        : null;
    const t = target(segs.slice(0, api), appId, attemptId, false);
    return sqlId === null ? t : { ok: true, target: { ...t.target, executionId: sqlId } };
  }
  const hist = segs.indexOf("history");
  if (hist >= 0 && segs[hist + 1]) {
    const appId = segs[hist + 1]!;
    if (!APP_ID.test(appId)) return { ok: false, message: `not an application id: "${appId}"` };
    const attemptId =
      segs[hist + 2] !== undefined && ATTEMPT_ID.test(segs[hist + 2]!) ? segs[hist + 2]! : null;
    const rest = segs.slice(hist + (attemptId ? 3 : 2));
    return target(segs.slice(0, hist), appId, attemptId, sqlPage(rest));
  }
  // A live UI's page (/jobs/, /SQL/execution/?id=3) or the server itself: no application in the path.
  const sqlAt = segs.findIndex((s) => s.toUpperCase() === "SQL");
  if (sqlAt >= 0 && sqlPage(segs.slice(sqlAt))) return target(segs.slice(0, sqlAt), null, null, true);
  const ui = segs.findIndex((s) => UI_TABS.has(s));
  return target(ui >= 0 ? segs.slice(0, ui) : segs, null, null, false);
}

const UI_TABS = new Set([
  "jobs",
  "stages",
  "storage",
  "environment",
  "executors",
  "SQL",
  "sql",
  "StreamingQuery",
  "connect",
]);

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function findSeq(segs: readonly string[], seq: readonly string[]): number {
  for (let i = 0; i + seq.length <= segs.length; i++) if (seq.every((s, j) => segs[i + j] === s)) return i;
  return -1;
}

/** The REST API root of a target: `http://shs:18080/api/v1`. */
export function apiRoot(t: SparkTarget): string {
  return `${t.origin}${t.base}/api/v1`;
}

/** `/applications/{id}[/{attempt}]` under the API root. */
export function appPath(t: SparkTarget & { readonly appId: string }): string {
  const a = `${apiRoot(t)}/applications/${encodeURIComponent(t.appId)}`;
  return t.attemptId ? `${a}/${encodeURIComponent(t.attemptId)}` : a;
}

/**
 * `PLANSIGHT_SPARK_SERVERS` → the origins Plansight may fetch from. Entries are origins
 * (`http://shs:18080`); a path or trailing slash is ignored, an entry that is not an http(s) URL is
 * reported. Empty → no origin (the feature is off).
 */
export function parseAllowList(value: string | undefined): { origins: string[]; invalid: string[] } {
  const origins: string[] = [];
  const invalid: string[] = [];
  for (const raw of (value ?? "").split(",")) {
    const s = raw.trim();
    if (!s) continue;
    try {
      const u = new URL(s);
      if (u.protocol !== "http:" && u.protocol !== "https:") invalid.push(s);
      else if (!origins.includes(u.origin)) origins.push(u.origin);
    } catch {
      invalid.push(s);
    }
  }
  return { origins, invalid };
}

/** True when `url` (absolute) is http(s) and its origin is exactly one of `origins`. */
export function isAllowed(url: string, origins: readonly string[]): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && origins.includes(u.origin);
  } catch {
    return false;
  }
}
