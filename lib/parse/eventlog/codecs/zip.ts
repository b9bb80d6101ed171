import { Unzip, UnzipInflate } from "fflate";
import { type ByteDecoder, CodecError, DecompressedLimitError } from "./types";

/** Errors thrown by the sink (the byte cap, a parser bug) pass through unchanged. */
const isLibraryError = (e: unknown) => !(e instanceof CodecError || e instanceof DecompressedLimitError);

/** Numeric-aware name order, so `events_10_x` comes after `events_2_x`. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * zip via fflate's streaming Unzip (stored and deflate entries). Entries are emitted in name
 * order, which needs their decoded bytes kept until the archive ends; `onEntry` lets the caller
 * decode each entry on its own (an entry may itself be zstd or gzip). The caller's byte cap
 * bounds what is held here because every decoded byte passes `count` first.
 */
export function createZipDecoder(
  openEntry: (name: string) => { push(chunk: Uint8Array): void; end(): void },
  count: (n: number) => void,
): ByteDecoder & { readonly entries: readonly string[] } {
  const held = new Map<string, Uint8Array[]>();
  const names: string[] = [];
  let truncated = false;
  let pending = 0;
  const u = new Unzip((file) => {
    if (file.name.endsWith("/")) return;
    const parts: Uint8Array[] = [];
    held.set(file.name, parts);
    names.push(file.name);
    pending++;
    file.ondata = (err, data, final) => {
      if (err) throw isLibraryError(err) ? new CodecError("zip", `${file.name}: ${err.message}`) : err;
      if (data.length > 0) {
        count(data.length);
        parts.push(data.slice());
      }
      if (final) pending--;
    };
    file.start();
  });
  u.register(UnzipInflate);
  return {
    codec: "zip",
    entries: names,
    get truncated() {
      return truncated;
    },
    push(chunk) {
      try {
        u.push(chunk);
      } catch (e) {
        if (!isLibraryError(e)) throw e;
        throw new CodecError("zip", e instanceof Error ? e.message : String(e));
      }
    },
    end() {
      try {
        u.push(new Uint8Array(0), true);
      } catch (e) {
        if (!isLibraryError(e)) throw e;
        throw new CodecError("zip", e instanceof Error ? e.message : String(e));
      }
      truncated = pending > 0;
      for (const name of [...names].sort(compareNames)) {
        const parts = held.get(name)!;
        held.delete(name);
        if (parts.length === 0) continue;
        const entry = openEntry(name);
        for (const p of parts) entry.push(p);
        entry.end();
      }
    },
  };
}
