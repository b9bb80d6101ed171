"use client";
/**
 * The event-log page: drop or pick a log (file, files, folder) → read in a Worker with progress and
 * Cancel → application summary, SQL executions, and the plan of the one picked.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import type { EventLogResult } from "@/lib/parse/eventlog";
import { DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_LINE_BYTES } from "@/lib/parse/eventlog";
import { SparkImport } from "../spark-import/SparkImport";
import { ThemeToggle } from "../ThemeToggle";
import { AppSummary } from "./AppSummary";
import { DropTarget, EmptyDropZone, FilePickers } from "./DropZone";
import { ExecutionView } from "./ExecutionView";
import { formatDuration, plural } from "./format";
import { orderInputs, type Picked, sniffKind } from "./inputs";
import { JobsView } from "./JobsView";
import { ReadError, ReadWarnings } from "./Messages";
import { ReadingProgress } from "./ReadingProgress";
import { SqlTable } from "./SqlTable";
import { type Engine, useEventLogReader } from "./useEventLogReader";

const MB = 1024 * 1024;

/** Where the messages of the reader send the user to raise a limit (the Options below the drop zone). */
const RAISE_HINTS = {
  maxDecompressedBytes:
    'raise "Stop when the decompressed size exceeds" under Options and pick the file again',
  maxLineLength: 'raise "Skip lines longer than" under Options and pick the file again',
};

export function EventLogPage() {
  const { state, read, cancel } = useEventLogReader();
  const [capMb, setCapMb] = useState(Math.round(DEFAULT_MAX_DECOMPRESSED_BYTES / MB));
  const [lineMb, setLineMb] = useState(Math.round(DEFAULT_MAX_LINE_BYTES / MB));
  const [skipped, setSkipped] = useState<readonly string[]>([]);
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [openExecution, setOpenExecution] = useState<number | null>(null); // i17: named by an imported URL

  const onFiles = useCallback(
    (picked: Picked[]) => {
      const ordered = orderInputs(picked);
      setSkipped(ordered.skipped);
      setKind(null);
      if (ordered.files.length === 0) {
        setInputProblem(
          `None of the ${plural(picked.length, "file")} is an event log: only markers (${ordered.skipped.slice(0, 3).join(", ")}${ordered.skipped.length > 3 ? ", …" : ""}) were given.`,
        );
        return;
      }
      setInputProblem(null);
      read(ordered.files, {
        maxDecompressedBytes: Math.max(1, capMb) * MB,
        maxLineLength: Math.max(1, lineMb) * MB,
        raiseHints: RAISE_HINTS,
        fallbackSparkVersion: ordered.legacySparkVersion,
      });
    },
    [read, capMb, lineMb],
  );

  // A failed read of one file: say what that file looks like (an image, a PDF...).
  const failedOutcome = state.status === "done" && !state.outcome.ok ? state.outcome : null;
  useEffect(() => {
    if (!failedOutcome || state.status !== "done") return;
    const target = state.files.find((f) => f.name === failedOutcome.error.file) ?? state.files[0];
    if (target) void sniffKind(target.blob).then(setKind);
  }, [failedOutcome, state]);

  const loaded = state.status === "done" && (state.outcome.ok || hasContent(state.outcome.partial));
  return (
    <div className="flex h-screen flex-col">
      <header className="flex items-center justify-between gap-3 border-line border-b bg-panel px-4 py-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <a href="/" className="font-semibold text-lg tracking-tight hover:text-accent">
            Plansight
          </a>
          <h1 className="text-sm">Event log</h1>
          <p className="hidden truncate text-muted text-sm lg:block">
            Every SQL query of a Spark application, with the metrics it ran with.
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {loaded && <FilePickers onFiles={onFiles} compact />}
          <a href="/" className="px-1 text-accent text-xs hover:underline">
            Paste a plan
          </a>
          <ThemeToggle />
        </div>
      </header>
      <DropTarget onFiles={onFiles}>
        {state.status === "reading" ? (
          <ReadingProgress
            progress={state.progress}
            fileCount={state.files.length}
            totalBytes={state.files.reduce((n, f) => n + f.blob.size, 0)}
            engine={state.engine}
            onCancel={cancel}
          />
        ) : loaded ? (
          <Workspace
            key={state.files.map((f) => f.name).join("\n")}
            result={state.outcome.ok ? state.outcome.result : state.outcome.partial}
            readMs={state.ms}
            engine={state.engine}
            skipped={skipped}
            initialExecutionId={openExecution}
            error={
              state.outcome.ok ? null : (
                <ReadError
                  title="Reading stopped early: showing what came before"
                  file={state.outcome.error.file}
                  message={state.outcome.error.message}
                />
              )
            }
          />
        ) : (
          <EmptyDropZone onFiles={onFiles}>
            {/* i17 */}
            <SparkImport
              onLog={(file, executionId) => {
                setOpenExecution(executionId);
                onFiles([{ name: file.name, file }]);
              }}
            />
            <div className="w-full max-w-lg text-left">
              {inputProblem && <ReadError title="Nothing to read" file={null} message={inputProblem} />}
              {state.status === "cancelled" && (
                <p data-testid="eventlog-cancelled" className="text-center text-muted text-sm">
                  Reading cancelled. Pick the log again to start over.
                </p>
              )}
              {state.status === "crashed" && (
                <ReadError title="The reader stopped" file={null} message={state.message} />
              )}
              {state.status === "done" && !state.outcome.ok && (
                <ReadError
                  title={`Could not read ${describeFiles(
                    state.outcome.error.file,
                    state.files.map((f) => f.name),
                  )}`}
                  file={state.outcome.error.file ?? (state.files.length === 1 ? state.files[0]!.name : null)}
                  message={state.outcome.error.message}
                  hint={kind ? `This file looks like ${kind}, not a Spark event log.` : undefined}
                />
              )}
            </div>
            <details className="w-full max-w-lg text-left text-muted text-xs">
              <summary className="cursor-pointer">Options</summary>
              <label className="mt-2 flex items-center gap-2">
                Stop when the decompressed size exceeds
                <input
                  type="number"
                  min={1}
                  data-testid="max-decompressed-mb"
                  value={capMb}
                  onChange={(e) => setCapMb(Number(e.target.value) || 1)}
                  className="w-24 rounded border border-line bg-bg px-1 py-0.5 text-fg"
                />
                MiB (guards against decompression bombs)
              </label>
              <label className="mt-2 flex items-center gap-2">
                Skip lines longer than
                <input
                  type="number"
                  min={1}
                  data-testid="max-line-mb"
                  value={lineMb}
                  onChange={(e) => setLineMb(Number(e.target.value) || 1)}
                  className="w-24 rounded border border-line bg-bg px-1 py-0.5 text-fg"
                />
                MiB (a line is held whole while it is read)
              </label>
            </details>
          </EmptyDropZone>
        )}
      </DropTarget>
    </div>
  );
}

function hasContent(r: EventLogResult): boolean {
  return r.applications.some((a) => a.sqlExecutions.length > 0 || a.jobs.length > 0);
}

function describeFiles(file: string | null, names: readonly string[]): string {
  if (file) return file;
  if (names.length === 1) return names[0]!;
  return `the ${names.length} files`;
}

function Workspace(props: {
  readonly result: EventLogResult;
  readonly readMs: number;
  readonly engine: Engine;
  readonly skipped: readonly string[];
  readonly initialExecutionId?: number | null;
  readonly error: React.ReactNode;
}) {
  const { result } = props;
  const [appIndex, setAppIndex] = useState(0);
  const app = result.applications[Math.min(appIndex, result.applications.length - 1)];
  const [executionId, setExecutionId] = useState<number | null>(props.initialExecutionId ?? null);
  const [listOpen, setListOpen] = useState(true);
  const execution = useMemo(
    () => app?.sqlExecutions.find((e) => e.executionId === executionId) ?? null,
    [app, executionId],
  );
  const slowest = useMemo(
    () =>
      [...(app?.sqlExecutions ?? [])]
        .filter((e) => e.plan)
        .sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0))[0] ?? null,
    [app],
  );
  if (!app) return null;
  return (
    <main className="flex min-h-0 flex-1" data-testid="eventlog-workspace" data-engine={props.engine}>
      <aside
        className={`w-[30rem] shrink-0 flex-col gap-3 overflow-auto border-line border-r bg-panel p-3 ${listOpen ? "flex" : "hidden"}`}
        data-testid="eventlog-sidebar"
      >
        {props.error}
        {result.applications.length > 1 && (
          <label className="flex flex-col gap-1 text-xs">
            <span className="text-muted">
              {result.applications.length} applications (or attempts) in this input
            </span>
            <select
              data-testid="app-select"
              value={appIndex}
              onChange={(e) => {
                setAppIndex(Number(e.target.value));
                setExecutionId(null);
              }}
              className="rounded border border-line bg-bg p-1"
            >
              {result.applications.map((a, i) => (
                <option key={i} value={i}>
                  {a.appId ?? "?"} · {a.name ?? "unnamed"} · {plural(a.sqlExecutions.length, "SQL execution")}
                </option>
              ))}
            </select>
          </label>
        )}
        <AppSummary
          app={app}
          counts={result.counts}
          files={result.files}
          readMs={props.readMs}
          engine={props.engine}
        />
        <ReadWarnings warnings={result.warnings} />
        {props.skipped.length > 0 && (
          <p className="text-muted text-xs">
            Not read (markers): {props.skipped.map((p) => p.slice(p.lastIndexOf("/") + 1)).join(", ")}
          </p>
        )}
        <div className="flex items-baseline justify-between">
          <h3 className="font-semibold text-sm">
            SQL executions <span className="font-normal text-muted">({app.sqlExecutions.length})</span>
          </h3>
          <span className="text-muted text-xs">click one to see its plan</span>
        </div>
        <SqlTable executions={app.sqlExecutions} selectedId={executionId} onSelect={setExecutionId} />
      </aside>
      <section className="relative min-w-0 flex-1">
        {execution ? (
          <ExecutionView
            key={execution.executionId}
            app={app}
            execution={execution}
            frameKey={String(listOpen)}
            leading={
              <button
                type="button"
                data-testid="toggle-list"
                onClick={() => setListOpen((o) => !o)}
                aria-expanded={listOpen}
                title={
                  listOpen
                    ? "Hide the application and query list (more room for the graph)"
                    : "Show the query list"
                }
                className="rounded border border-line px-2 py-0.5 text-xs hover:border-accent"
              >
                {listOpen ? "◀ Hide list" : "▶ Queries"}
              </button>
            }
          />
        ) : app.sqlExecutions.length === 0 && app.jobs.length > 0 ? (
          <JobsView app={app} />
        ) : (
          <div className="flex h-full items-center justify-center p-8 text-center text-muted text-sm">
            <div className="max-w-sm">
              <p className="mb-2 font-medium text-base text-fg">Pick a SQL execution</p>
              <p>Its executed plan opens here with the metrics Spark recorded, findings, and its stages.</p>
              {slowest && (
                <button
                  type="button"
                  data-testid="open-slowest"
                  onClick={() => setExecutionId(slowest.executionId)}
                  className="mt-4 rounded border border-line px-3 py-1.5 text-fg hover:border-accent hover:text-accent"
                >
                  Open the slowest: #{slowest.executionId} ({formatDuration(slowest.durationMs)})
                </button>
              )}
            </div>
          </div>
        )}
      </section>
    </main>
  );
}
