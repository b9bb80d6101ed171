"use client";
import type { ReactNode } from "react";
import type { Application, EventCounts, InputFile } from "@/lib/parse/eventlog";
import { formatBytes, formatDuration, formatTime, plural } from "./format";

export interface AppSummaryProps {
  readonly app: Application;
  readonly counts: EventCounts;
  readonly files: readonly InputFile[];
  readonly readMs: number;
  readonly engine: "worker" | "main thread";
}

/** Who ran what, when, on what, with which settings: the facts that explain a plan's shape. */
export function AppSummary({ app, counts, files, readMs, engine }: AppSummaryProps) {
  const duration = app.startTime !== null && app.endTime !== null ? app.endTime - app.startTime : null;
  const cores = app.executors.reduce((n, e) => n + (e.cores ?? 0), 0);
  const c = app.config;
  const facts: [string, string][] = [
    ["Spark", `${app.sparkVersion ?? "unknown"}${app.writer === "databricks" ? " (Databricks)" : ""}`],
    ["Started", formatTime(app.startTime)],
    ["Ended", app.endTime === null ? "still running (or the log was cut)" : formatTime(app.endTime)],
    ["Duration", formatDuration(duration)],
    ["Executors", `${app.executors.length}${cores > 0 ? ` · ${plural(cores, "core")}` : ""}`],
    [
      "Attempts",
      app.attempts.length === 0
        ? "—"
        : app.attempts.map((a) => `${a.attemptId ?? "1"}${a.completed ? "" : " (incomplete)"}`).join(", "),
    ],
  ];
  if (app.user) facts.push(["User", app.user]);
  const config: [string, string | null][] = [
    ["AQE (spark.sql.adaptive.enabled)", c.adaptiveEnabled],
    ["spark.sql.shuffle.partitions", c.shufflePartitions],
    ["spark.sql.autoBroadcastJoinThreshold", c.autoBroadcastJoinThreshold],
    ["spark.io.compression.codec", c.ioCompressionCodec],
    ["spark.eventLog.compress", c.eventLogCompress],
    ["spark.eventLog.compression.codec", c.eventLogCompressionCodec],
  ];
  const shown = new Set([
    "spark.sql.adaptive.enabled",
    "spark.sql.shuffle.partitions",
    "spark.sql.autoBroadcastJoinThreshold",
    "spark.io.compression.codec",
    "spark.eventLog.compress",
    "spark.eventLog.compression.codec",
  ]);
  const more = Object.entries(c.interesting).filter(([k]) => !shown.has(k));
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const decoded = files.reduce((n, f) => n + f.decodedBytes, 0);
  return (
    <section data-testid="app-summary" aria-label="Application" className="flex flex-col gap-2 text-sm">
      <div>
        <h2 className="break-words font-semibold text-base" data-testid="app-name">
          {app.name ?? "(unnamed application)"}
        </h2>
        <p className="break-all font-mono text-muted text-xs" data-testid="app-id">
          {app.appId ?? "no application id in the log"}
        </p>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
        {facts.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="min-w-0 break-words">{v}</dd>
          </div>
        ))}
      </dl>
      <details className="group" open>
        <summary className="cursor-pointer font-semibold text-muted text-xs uppercase tracking-wide">
          Configuration of interest
        </summary>
        <dl
          className="mt-1 grid grid-cols-[minmax(0,max-content)_minmax(7rem,1fr)] gap-x-3 gap-y-0.5 text-xs"
          data-testid="app-config"
        >
          {config.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="break-words font-mono text-muted">{breakAfter(k, ".")}</dt>
              <dd className="min-w-0 break-words font-mono">{breakAfter(v ?? "default", "/")}</dd>
            </div>
          ))}
          {more.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="break-words font-mono text-muted">{breakAfter(k, ".")}</dt>
              <dd className="min-w-0 break-words font-mono">{breakAfter(v, "/")}</dd>
            </div>
          ))}
        </dl>
      </details>
      <p className="text-muted text-xs" data-testid="eventlog-counts">
        {plural(counts.events, "event")} · {plural(counts.sqlExecutions, "SQL execution")} ·{" "}
        {plural(counts.jobs, "job")} · {plural(counts.stages, "stage")} · {plural(counts.tasks, "task")} ·{" "}
        {formatBytes(bytes)}
        {decoded !== bytes ? ` (${formatBytes(decoded)} decompressed)` : ""} in {plural(files.length, "file")}
        , read in {formatDuration(readMs)} {engine === "worker" ? "in a Web Worker" : "on the main thread"}
        {counts.malformedLines > 0 ? ` · ${plural(counts.malformedLines, "malformed line")}` : ""}
      </p>
    </section>
  );
}

/**
 * Config keys and values wrap where a reader would break them: after a `.` in a key, after a `/`
 * in a path (and at spaces); never letter by letter (the value column keeps a minimum width).
 */
function breakAfter(s: string, sep: string): ReactNode[] {
  return s.split(sep).flatMap((part, i, all) => (i < all.length - 1 ? [part, sep, <wbr key={i} />] : [part]));
}
