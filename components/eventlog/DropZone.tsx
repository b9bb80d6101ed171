"use client";
import { type DragEvent, type ReactNode, useRef, useState } from "react";
import { fromDataTransfer, fromFileList, type Picked } from "./inputs";

export interface DropZoneProps {
  readonly onFiles: (files: Picked[]) => void;
  /** Big centred panel (nothing loaded yet) or a row of buttons (in the header). */
  readonly compact?: boolean;
}

/** The two pickers: files (several allowed) and a folder (rolling, Databricks or 1.x log folders). */
export function FilePickers({ onFiles, compact }: DropZoneProps) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const btn = compact
    ? "rounded border border-line px-2 py-1 text-xs hover:border-accent hover:text-accent"
    : "rounded bg-accent px-3 py-1.5 text-sm text-white hover:opacity-90";
  const take = (el: HTMLInputElement) => {
    const picked = fromFileList(el.files);
    el.value = ""; // picking the same file again still fires change
    if (picked.length) onFiles(picked);
  };
  return (
    <div className="flex items-center gap-2">
      <button type="button" className={btn} onClick={() => files.current?.click()}>
        {compact ? "Open files…" : "Choose files…"}
      </button>
      <button
        type="button"
        className={compact ? btn : "rounded border border-line px-3 py-1.5 text-sm hover:border-accent"}
        onClick={() => folder.current?.click()}
      >
        {compact ? "Open folder…" : "Choose a folder…"}
      </button>
      <input
        ref={files}
        type="file"
        multiple
        hidden
        data-testid="eventlog-files"
        aria-label="Event log files"
        onChange={(e) => take(e.currentTarget)}
      />
      <input
        ref={(el) => {
          folder.current = el;
          // Not in React's attribute list: set it on the element.
          el?.setAttribute("webkitdirectory", "");
        }}
        type="file"
        hidden
        data-testid="eventlog-folder"
        aria-label="Event log folder"
        onChange={(e) => take(e.currentTarget)}
      />
    </div>
  );
}

/** Drop target around the page: files or folders dropped anywhere on it are read. */
export function DropTarget({ onFiles, children }: { onFiles: (f: Picked[]) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes("Files");
  return (
    <div
      className="relative flex min-h-0 flex-1 flex-col"
      data-testid="eventlog-drop"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        void fromDataTransfer(e.dataTransfer).then((f) => f.length && onFiles(f));
      }}
    >
      {children}
      {over && (
        <div className="pointer-events-none absolute inset-2 z-50 flex items-center justify-center rounded-lg border-2 border-accent border-dashed bg-accent-soft/80">
          <p className="font-medium text-accent text-lg">Drop to read the event log</p>
        </div>
      )}
    </div>
  );
}

export function EmptyDropZone({ onFiles, children }: DropZoneProps & { children?: ReactNode }) {
  return (
    <div className="flex h-full items-center justify-center p-8">
      <div
        data-testid="eventlog-empty"
        className="flex w-full max-w-2xl flex-col items-center gap-4 rounded-xl border-2 border-line border-dashed bg-panel px-8 py-12 text-center"
      >
        <p className="font-semibold text-fg text-lg">Drop a Spark event log here</p>
        <p className="max-w-lg text-muted text-sm">
          One file, several files, or a whole folder: rolling logs (
          <code className="font-mono">eventlog_v2_*</code>
          ), Databricks <code className="font-mono">eventlog</code> folders and Spark 1.x folders are read in
          order. Plain JSON lines, zstd, lz4, snappy, lzf, gzip and zip are detected from the bytes. Nothing
          leaves your browser.
        </p>
        <FilePickers onFiles={onFiles} />
        {children}
      </div>
    </div>
  );
}
