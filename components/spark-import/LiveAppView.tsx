"use client";
/**
 * A running application, read from its driver's UI through the Plansight server: its SQL
 * executions with the SQL tab's live metrics (as Spark formats them), refreshed on demand. Each
 * plan opens in the plan viewer through a no-server link (the text travels in the URL fragment).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { encodePlanFragment } from "@/lib/share/fragment";
import type { LiveApp } from "@/lib/spark/live";
import { formatDuration } from "../eventlog/format";
import { readLive } from "./api";

const button =
  "rounded border border-line px-3 py-1 text-sm hover:border-accent hover:text-accent disabled:opacity-50";

export function LiveAppView({ url, onClose }: { readonly url: string; readonly onClose: () => void }) {
  const [app, setApp] = useState<LiveApp | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const refresh = useCallback(() => {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setBusy(true);
    readLive(url, ctl.signal)
      .then(
        (a) => {
          setApp(a);
          setError(null);
        },
        (e: unknown) => {
          if (!ctl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => {
        if (!ctl.signal.aborted) setBusy(false);
      });
  }, [url]);
  useEffect(() => {
    refresh();
    return () => abort.current?.abort();
  }, [refresh]);

  const stages = app?.stages ?? [];
  const active = stages.filter((s) => s.status === "ACTIVE").length;
  return (
    <section
      data-testid="spark-live"
      className="flex w-full max-w-3xl flex-col gap-2 rounded border border-line p-3 text-left"
    >
      <div className="flex items-baseline justify-between gap-2">
        <p className="min-w-0 truncate font-medium text-sm">
          Running application {app ? `${app.name ?? ""} (${app.appId})` : ""}
        </p>
        <div className="flex shrink-0 gap-2">
          <button
            type="button"
            data-testid="spark-refresh"
            className={button}
            onClick={refresh}
            disabled={busy}
          >
            {busy ? "Reading…" : "Refresh"}
          </button>
          <button type="button" className={button} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <p className="text-muted text-xs">
        A Spark UI keeps no event log: these are its SQL tab and stages
        {app ? ` as of ${new Date(app.fetchedAt).toLocaleTimeString()}` : ""}. {stages.length} stages
        {active ? `, ${active} active` : ""}.
      </p>
      {error && (
        <p role="alert" className="text-error text-sm">
          {error}
        </p>
      )}
      {app && (
        <table data-testid="spark-live-executions" className="w-full text-sm">
          <thead className="text-left text-muted text-xs">
            <tr>
              <th className="pr-2">#</th>
              <th className="pr-2">status</th>
              <th className="pr-2">duration</th>
              <th className="pr-2">description</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {app.executions.map((e) => (
              <tr key={e.id} className="border-line border-t align-top">
                <td className="pr-2 font-mono">{e.id}</td>
                <td className="pr-2 text-xs">{e.status}</td>
                <td className="pr-2 font-mono text-xs">{formatDuration(e.duration ?? null)}</td>
                <td className="max-w-xs pr-2">
                  <span className="block truncate" title={e.description}>
                    {e.description}
                  </span>
                  <details className="text-xs">
                    <summary className="cursor-pointer text-muted">
                      metrics of {e.nodes.filter((n) => n.metrics.length).length} operators
                    </summary>
                    <ul className="font-mono">
                      {e.nodes
                        .filter((n) => n.metrics.length)
                        .map((n) => (
                          <li key={n.nodeId}>
                            <span className="font-semibold">{n.nodeName}</span>:{" "}
                            {n.metrics.map((m) => `${m.name} ${m.value.split("\n").pop()}`).join(" · ")}
                          </li>
                        ))}
                    </ul>
                  </details>
                </td>
                <td>
                  {e.planDescription && (
                    <a
                      data-testid="spark-live-open"
                      className="text-accent text-xs hover:underline"
                      href={`/p/local${encodePlanFragment(e.planDescription)}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      Open plan
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
