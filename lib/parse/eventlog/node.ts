/**
 * Node-only helper: reads files and folders from disk into the push-based reader. The only file
 * of lib/parse/eventlog allowed to import `fs`.
 */
import { open, readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { orderEventLogFiles } from "./files";
import type { EventLogOutcome } from "./model";
import { createEventLogReader, type ReaderOptions } from "./reader";

const CHUNK = 1 << 20;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files a path stands for, in reading order (a file is itself; a folder is one application). */
export async function eventLogFiles(
  path: string,
): Promise<{ files: string[]; skipped: string[]; legacySparkVersion: string | null }> {
  const s = await stat(path);
  if (!s.isDirectory()) return { files: [path], skipped: [], legacySparkVersion: null };
  const all = await listFiles(path);
  const ordered = orderEventLogFiles(all.map((f) => relative(path, f)));
  return {
    files: ordered.read.map((f) => join(path, f)),
    skipped: ordered.skipped.map((f) => join(path, f)),
    legacySparkVersion: ordered.legacySparkVersion,
  };
}

/** Reads one application from a file or folder. Never throws for bad input; I/O errors become errors. */
export async function readEventLogPath(path: string, options: ReaderOptions = {}): Promise<EventLogOutcome> {
  let files: string[];
  let legacySparkVersion: string | null = null;
  try {
    ({ files, legacySparkVersion } = await eventLogFiles(path));
  } catch (e) {
    const r = createEventLogReader(options).finish();
    const message = `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, error: { message, file: path }, partial: r.ok ? r.result : r.partial };
  }
  const reader = createEventLogReader({ fallbackSparkVersion: legacySparkVersion, ...options });
  if (files.length === 0) {
    const r = reader.finish();
    return {
      ok: false,
      error: { message: `${path}: folder holds no event log files`, file: path },
      partial: r.ok ? r.result : r.partial,
    };
  }
  for (const f of files) {
    reader.beginFile(f);
    try {
      const h = await open(f, "r");
      try {
        for (;;) {
          // A fresh buffer per read: block decoders (lz4, snappy, lzf) keep views of the bytes
          // pushed until a whole block is there, so a reused buffer would change under them.
          const buf = new Uint8Array(CHUNK);
          const { bytesRead } = await h.read(buf, 0, CHUNK, null);
          if (bytesRead === 0) break;
          reader.push(buf.subarray(0, bytesRead));
          if (reader.failed) break;
        }
      } finally {
        await h.close();
      }
    } catch (e) {
      const r = reader.finish();
      const message = `cannot read ${f}: ${e instanceof Error ? e.message : String(e)}`;
      return { ok: false, error: { message, file: f }, partial: r.ok ? r.result : r.partial };
    }
    reader.endFile();
  }
  return reader.finish();
}
