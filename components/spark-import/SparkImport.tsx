"use client";
/**
 * "From a Spark server": paste a History Server / Spark UI URL, or pick an application from a
 * server's list. A finished application's event log is downloaded through the Plansight server
 * (progress, Cancel) and handed to the page's reader like a dropped file; a running application's
 * UI opens as a live view instead.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SparkApp } from "@/lib/spark/fetch";
import { formatBytes } from "../eventlog/format";
import { downloadLog, ImportFailure, type ImportStatus, importStatus, listApps } from "./api";
import { LiveAppView } from "./LiveAppView";

export interface SparkImportProps {
  /** The downloaded log, and the SQL execution the URL named (to open first). */
  readonly onLog: (file: File, executionId: number | null) => void;
}

type Phase =
  | { readonly kind: "idle" }
  | {
      readonly kind: "downloading";
      readonly url: string;
      readonly received: number;
      readonly total: number | null;
    }
  | { readonly kind: "failed"; readonly url: string; readonly message: string }
  | { readonly kind: "live"; readonly url: string };

const input = "rounded border border-line bg-bg px-2 py-1 text-fg text-sm";
const button =
  "rounded border border-line px-3 py-1 text-sm hover:border-accent hover:text-accent disabled:opacity-50";

export function SparkImport({ onLog }: SparkImportProps) {
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [url, setUrl] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  /** A server URL was given (no application): its list opens in the picker. */
  const [browse, setBrowse] = useState<{ server: string; n: number } | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    importStatus().then(setStatus, () =>
      setStatus({ enabled: false, howToEnable: "The import API did not answer." }),
    );
    return () => abort.current?.abort();
  }, []);

  const start = useCallback(
    (target: string) => {
      abort.current?.abort();
      const ctl = new AbortController();
      abort.current = ctl;
      setPhase({ kind: "downloading", url: target, received: 0, total: null });
      downloadLog(target, ctl.signal, (received, total) =>
        setPhase({ kind: "downloading", url: target, received, total }),
      ).then(
        (d) => {
          if (ctl.signal.aborted) return;
          setPhase({ kind: "idle" });
          onLog(d.file, d.executionId);
        },
        (e: unknown) => {
          if (ctl.signal.aborted) return;
          if (e instanceof ImportFailure && e.code === "live-app") setPhase({ kind: "live", url: target });
          else if (e instanceof ImportFailure && e.code === "no-app") {
            setPhase({ kind: "idle" });
            setBrowse((b) => ({ server: new URL(target).origin, n: (b?.n ?? 0) + 1 }));
          } else
            setPhase({ kind: "failed", url: target, message: e instanceof Error ? e.message : String(e) });
        },
      );
    },
    [onLog],
  );

  const cancel = () => {
    abort.current?.abort();
    setPhase({ kind: "idle" });
  };

  if (!status) return null;
  if (!status.enabled)
    return (
      <section
        data-testid="spark-import-off"
        className="w-full max-w-lg rounded border border-line p-3 text-left text-muted text-xs"
      >
        <p className="mb-1 font-medium text-fg text-sm">From a Spark History Server or Spark UI</p>
        <p>{status.howToEnable}</p>
      </section>
    );
  if (phase.kind === "live")
    return <LiveAppView url={phase.url} onClose={() => setPhase({ kind: "idle" })} />;
  return (
    <section
      data-testid="spark-import"
      className="flex w-full max-w-lg flex-col gap-2 rounded border border-line p-3 text-left"
    >
      <p className="font-medium text-sm">From a Spark History Server or Spark UI</p>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) start(url.trim());
        }}
      >
        <input
          data-testid="spark-url"
          aria-label="Spark application URL"
          className={`${input} min-w-0 flex-1 font-mono`}
          placeholder="http://shs:18080/history/app-…/  or  …/SQL/execution/?id=3"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button
          type="submit"
          data-testid="spark-open"
          className={button}
          disabled={phase.kind === "downloading"}
        >
          Open
        </button>
      </form>
      {phase.kind === "downloading" && (
        <div data-testid="spark-download" className="flex items-center gap-3 text-sm">
          <span className="min-w-0 flex-1 truncate text-muted">
            Downloading the event log… {formatBytes(phase.received)}
            {phase.total !== null ? ` of ${formatBytes(phase.total)}` : ""}
          </span>
          <button type="button" data-testid="spark-cancel" className={button} onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {phase.kind === "failed" && (
        <p data-testid="spark-error" role="alert" className="text-error text-sm">
          {phase.message}
        </p>
      )}
      <AppPicker servers={status.servers} onPick={start} browse={browse} />
      <p className="text-muted text-xs">
        Allowed servers: <span className="font-mono">{status.servers.join(", ")}</span>. The Plansight server
        fetches the log and your browser reads it.
      </p>
    </section>
  );
}

function appDate(a: SparkApp): string {
  return a.attempts[0]?.startTime?.replace("T", " ").replace(/\.\d+GMT$/, " GMT") ?? "";
}

/** A server's applications, searchable by name, id, user and date; picking one opens it. */
function AppPicker({
  servers,
  onPick,
  browse,
}: {
  readonly servers: readonly string[];
  readonly onPick: (url: string) => void;
  readonly browse: { readonly server: string; readonly n: number } | null;
}) {
  const [server, setServer] = useState(servers[0] ?? "");
  const [open, setOpen] = useState(false);
  const [apps, setApps] = useState<SparkApp[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const load = useCallback((from: string) => {
    setError(null);
    setApps(null);
    listApps(from).then(setApps, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(() => {
    if (!browse) return;
    setServer(browse.server);
    setOpen(true);
    load(browse.server);
  }, [browse, load]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = apps ?? [];
    if (!q) return all;
    return all.filter((a) =>
      [a.id, a.name ?? "", a.attempts[0]?.sparkUser ?? "", appDate(a)].some((s) =>
        s.toLowerCase().includes(q),
      ),
    );
  }, [apps, query]);
  return (
    <details className="text-sm" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-muted text-xs">Pick an application from a server</summary>
      <div className="mt-2 flex gap-2">
        <select
          aria-label="Spark server"
          className={`${input} min-w-0 flex-1`}
          value={server}
          onChange={(e) => setServer(e.target.value)}
        >
          {servers.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button type="button" data-testid="spark-list" className={button} onClick={() => load(server)}>
          List applications
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-error text-xs">
          {error}
        </p>
      )}
      {apps && (
        <div className="mt-2 flex flex-col gap-1">
          <input
            data-testid="spark-search"
            aria-label="Search applications"
            className={input}
            placeholder={`Search ${apps.length} applications by name, id, user, date`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <ul data-testid="spark-apps" className="max-h-64 overflow-auto rounded border border-line">
            {shown.slice(0, 200).map((a) => {
              const att = a.attempts[0];
              const path = att?.attemptId ? `${a.id}/${att.attemptId}` : a.id;
              return (
                <li key={a.id} className="border-line border-b last:border-b-0">
                  <button
                    type="button"
                    className="flex w-full flex-col px-2 py-1 text-left hover:bg-accent-soft"
                    onClick={() => onPick(`${server}/history/${path}/`)}
                  >
                    <span className="truncate">
                      {a.name ?? "(unnamed)"}{" "}
                      {att?.completed === false && <span className="text-warn text-xs">running</span>}
                    </span>
                    <span className="truncate font-mono text-muted text-xs">
                      {a.id} · {att?.sparkUser ?? "?"} · {appDate(a)}
                    </span>
                  </button>
                </li>
              );
            })}
            {shown.length === 0 && <li className="px-2 py-1 text-muted text-xs">No application matches.</li>}
          </ul>
          {shown.length > 200 && (
            <p className="text-muted text-xs">First 200 of {shown.length}: refine the search.</p>
          )}
        </div>
      )}
    </details>
  );
}
