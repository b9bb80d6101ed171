/**
 * The event-log Worker's messages, and the one loop both sides run: stream each input file's bytes
 * (`Blob.stream()`, chunk by chunk) into the push reader. The page runs it in ./worker.ts; without
 * Workers it runs the same loop on the main thread, yielding between slices so the page stays
 * responsive. Browser-only APIs (Blob streams) but no DOM: safe in a Worker.
 */
import type { EventLogOutcome, Progress } from "./model";
import { createEventLogReader } from "./reader";

/** One input file: `name` is its path inside a dropped folder (or its own name), in reading order. */
export interface InputBlob {
  readonly name: string;
  readonly blob: Blob;
}

export interface ReadOptions {
  /** Decompression-bomb guard, in bytes (see DEFAULT_MAX_DECOMPRESSED_BYTES). */
  readonly maxDecompressedBytes?: number;
  /** Longest line read, in bytes (see DEFAULT_MAX_LINE_BYTES). */
  readonly maxLineLength?: number;
  /** How the page lets the user raise each limit, quoted in the messages (ReaderOptions). */
  readonly raiseHints?: { readonly maxLineLength?: string; readonly maxDecompressedBytes?: string };
  /** Spark version named by a 1.x `SPARK_VERSION_*` marker file. */
  readonly fallbackSparkVersion?: string | null;
}

export interface ReadRequest {
  readonly type: "read";
  readonly id: number;
  readonly files: readonly InputBlob[];
  readonly options: ReadOptions;
}

/** Progress plus what the page needs to draw a bar: the total of the input sizes. */
export interface ReadProgress extends Progress {
  readonly totalBytes: number;
}

export type ReadResponse =
  /** Sent first: the Worker runs (an error event before this means it could not start). */
  | { readonly type: "started"; readonly id: number }
  | { readonly type: "progress"; readonly id: number; readonly progress: ReadProgress }
  | { readonly type: "done"; readonly id: number; readonly outcome: EventLogOutcome; readonly ms: number }
  /** The loop itself broke (a programmer error, or the browser could not read a file). */
  | { readonly type: "crash"; readonly id: number; readonly message: string };

export interface DriveOptions extends ReadOptions {
  readonly onProgress: (p: ReadProgress) => void;
  /** Checked between chunks: true stops reading (the outcome is then not built). */
  readonly cancelled?: () => boolean;
  /** Main thread: give the event loop a turn after this many ms of work. 0: never yield. */
  readonly sliceMs?: number;
  readonly progressIntervalMs?: number;
}

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Reads the files in order into one reader. Returns null when cancelled. Errors reading a Blob
 * (file removed meanwhile, permission) are thrown: the caller reports them as a crash naming the file.
 */
export async function readEventLogBlobs(
  files: readonly InputBlob[],
  opts: DriveOptions,
): Promise<EventLogOutcome | null> {
  const totalBytes = files.reduce((n, f) => n + f.blob.size, 0);
  const report = (p: Progress) => opts.onProgress({ ...p, totalBytes });
  const reader = createEventLogReader({
    maxDecompressedBytes: opts.maxDecompressedBytes,
    maxLineLength: opts.maxLineLength,
    raiseHints: opts.raiseHints,
    fallbackSparkVersion: opts.fallbackSparkVersion ?? null,
    progressIntervalMs: opts.progressIntervalMs ?? 100,
    onProgress: report,
  });
  const sliceMs = opts.sliceMs ?? 0;
  let sliceStart = performance.now();
  for (const f of files) {
    if (reader.failed) break;
    reader.beginFile(f.name);
    const stream = f.blob.stream().getReader();
    try {
      for (;;) {
        if (opts.cancelled?.()) return null;
        const { done, value } = await stream.read();
        if (done) break;
        reader.push(value);
        if (reader.failed) break;
        if (sliceMs > 0 && performance.now() - sliceStart > sliceMs) {
          await yieldToPage();
          sliceStart = performance.now();
        }
      }
    } catch (e) {
      throw new Error(`${f.name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
    } finally {
      // Frees the file's stream whether it ended, failed or was cancelled.
      void stream.cancel().catch(() => undefined);
    }
    reader.endFile();
  }
  if (opts.cancelled?.()) return null;
  return reader.finish();
}
