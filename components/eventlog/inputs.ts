/**
 * Files the user gave (picker, folder picker, drag and drop) → the reader's inputs in reading order.
 * A dropped folder is walked with the File and Directory Entries API; names keep the folder path so
 * `orderEventLogFiles` sees rolling (`eventlog_v2_*`) and legacy (`EVENT_LOG_*`) layouts.
 */
import { orderEventLogFiles } from "@/lib/parse/eventlog";
import type { InputBlob } from "@/lib/parse/eventlog/protocol";

export interface Picked {
  readonly name: string;
  readonly file: File;
}

export interface OrderedInput {
  readonly files: readonly InputBlob[];
  /** Marker files (appstatus, SPARK_VERSION_*, .crc, compacted-away events) not read. */
  readonly skipped: readonly string[];
  readonly legacySparkVersion: string | null;
}

export function fromFileList(list: FileList | readonly File[] | null): Picked[] {
  return Array.from(list ?? [], (file) => ({ name: file.webkitRelativePath || file.name, file }));
}

export function orderInputs(picked: readonly Picked[]): OrderedInput {
  const byName = new Map(picked.map((p) => [p.name, p.file]));
  const ordered = orderEventLogFiles([...byName.keys()]);
  return {
    files: ordered.read.map((name) => ({ name, blob: byName.get(name)! })),
    skipped: ordered.skipped,
    legacySparkVersion: ordered.legacySparkVersion,
  };
}

/** Every file of a drop, folders walked recursively. */
export async function fromDataTransfer(dt: DataTransfer): Promise<Picked[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== "file") continue;
    const entry = typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (entries.length === 0) return fromFileList(loose.length ? loose : dt.files);
  const out: Picked[] = loose.map((file) => ({ name: file.name, file }));
  for (const e of entries) await walk(e, "", out);
  return out;
}

async function walk(entry: FileSystemEntry, prefix: string, out: Picked[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ name: path, file });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, out);
  }
}

const SIGNATURES: readonly [string, readonly number[]][] = [
  ["a PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["a GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["a PDF document", [0x25, 0x50, 0x44, 0x46]],
  ["a Parquet file", [0x50, 0x41, 0x52, 0x31]],
  ["a bzip2 file (not a codec Spark writes event logs with)", [0x42, 0x5a, 0x68]],
  ["an xz file (not a codec Spark writes event logs with)", [0xfd, 0x37, 0x7a, 0x58]],
];

/** What a file that is not an event log looks like, from its first bytes, for the error message. */
export async function sniffKind(blob: Blob): Promise<string | null> {
  try {
    const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
    for (const [kind, magic] of SIGNATURES) if (magic.every((b, i) => head[i] === b)) return kind;
  } catch {
    // unreadable: the read error already says so
  }
  return null;
}
