"use client";
import type { ReadProgress } from "@/lib/parse/eventlog/protocol";
import { formatBytes, formatCount, formatDuration } from "./format";

export interface ReadingProgressProps {
  readonly progress: ReadProgress | null;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly engine: string;
  readonly onCancel: () => void;
}

/** Bytes read of the total, events and events/s, the file being read, and Cancel. */
export function ReadingProgress({ progress, fileCount, totalBytes, engine, onCancel }: ReadingProgressProps) {
  const read = progress?.bytesRead ?? 0;
  const fraction = totalBytes > 0 ? Math.min(1, read / totalBytes) : 0;
  const pct = Math.round(fraction * 100);
  return (
    <div className="flex h-full items-center justify-center p-8">
      <div
        data-testid="eventlog-progress"
        className="flex w-full max-w-xl flex-col gap-3 rounded-xl border border-line bg-panel p-6 shadow-sm"
      >
        <div className="flex items-baseline justify-between gap-3">
          <p className="font-semibold">Reading {fileCount === 1 ? "the event log" : `${fileCount} files`}…</p>
          <span className="font-mono text-muted text-sm" data-testid="progress-percent">
            {pct}%
          </span>
        </div>
        <div
          role="progressbar"
          aria-label="Bytes read"
          aria-valuemin={0}
          aria-valuemax={totalBytes}
          aria-valuenow={read}
          className="h-2.5 w-full overflow-hidden rounded-full bg-accent-soft"
        >
          <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${pct}%` }} />
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Read</dt>
          <dd className="font-mono" data-testid="progress-bytes">
            {formatBytes(read)} of {formatBytes(totalBytes)}
            {progress && progress.decodedBytes !== read && (
              <span className="text-muted"> ({formatBytes(progress.decodedBytes)} decompressed)</span>
            )}
          </dd>
          <dt className="text-muted">Events</dt>
          <dd className="font-mono" data-testid="progress-events">
            {formatCount(progress?.events ?? 0)}
            {progress && progress.eventsPerSecond > 0 && (
              <span className="text-muted"> · {formatCount(progress.eventsPerSecond)} events/s</span>
            )}
          </dd>
          <dt className="text-muted">Elapsed</dt>
          <dd className="font-mono">{formatDuration(progress?.elapsedMs ?? 0)}</dd>
          {progress?.file && (
            <>
              <dt className="text-muted">File</dt>
              <dd className="truncate font-mono text-xs leading-5" title={progress.file}>
                {progress.file}
              </dd>
            </>
          )}
        </dl>
        <div className="flex items-center justify-between">
          <span className="text-muted text-xs">
            Parsing in a {engine === "worker" ? "Web Worker" : "main-thread loop"}
          </span>
          <button
            type="button"
            data-testid="eventlog-cancel"
            onClick={onCancel}
            className="rounded border border-line px-3 py-1 text-sm hover:border-error hover:text-error"
          >
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
