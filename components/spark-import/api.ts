/**
 * The browser side of the import API (app/api/spark/*): the Plansight server fetches from Spark
 * (Spark servers send no CORS headers), the page reads its answers.
 */
import type { SparkApp } from "@/lib/spark/fetch";
import type { LiveApp } from "@/lib/spark/live";

export type ImportStatus =
  | { readonly enabled: true; readonly servers: readonly string[] }
  | { readonly enabled: false; readonly howToEnable: string };

export class ImportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function failure(res: Response): Promise<ImportFailure> {
  try {
    const body = (await res.json()) as { error?: string; code?: string };
    return new ImportFailure(body.code ?? String(res.status), body.error ?? `HTTP ${res.status}`);
  } catch {
    return new ImportFailure(String(res.status), `the Plansight server answered HTTP ${res.status}`);
  }
}

export async function importStatus(): Promise<ImportStatus> {
  const res = await fetch("/api/spark");
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportStatus;
}

export async function listApps(server: string, signal?: AbortSignal): Promise<SparkApp[]> {
  const res = await fetch(`/api/spark/apps?server=${encodeURIComponent(server)}`, { signal });
  if (!res.ok) throw await failure(res);
  return ((await res.json()) as { applications: SparkApp[] }).applications;
}

export async function readLive(url: string, signal?: AbortSignal): Promise<LiveApp> {
  const res = await fetch(`/api/spark/live?url=${encodeURIComponent(url)}`, { signal });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as LiveApp;
}

export interface Downloaded {
  readonly file: File;
  readonly appId: string | null;
  readonly executionId: number | null;
}

/** The event-log zip, chunk by chunk (onBytes after each), as a File for the reader. */
export async function downloadLog(
  url: string,
  signal: AbortSignal,
  onBytes: (received: number, total: number | null) => void,
): Promise<Downloaded> {
  const res = await fetch(`/api/spark/logs?url=${encodeURIComponent(url)}`, { signal });
  if (!res.ok) throw await failure(res);
  const total = Number(res.headers.get("content-length") ?? Number.NaN);
  const name =
    /filename="?([^";]+)/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "eventLogs.zip";
  const parts: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.byteLength;
        onBytes(received, Number.isFinite(total) ? total : null);
      }
    } catch (e) {
      if (signal.aborted) throw e;
      throw new ImportFailure(
        "cut",
        `the download stopped after ${received} bytes (over the import cap, or the server went away)`,
      );
    }
  }
  const exec = res.headers.get("x-spark-execution-id");
  return {
    file: new File(parts as BlobPart[], name, { type: "application/zip" }),
    appId: res.headers.get("x-spark-app-id"),
    executionId: exec === null ? null : Number(exec),
  };
}
