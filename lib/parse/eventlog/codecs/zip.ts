import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { type ByteDecoder, CodecError, DecompressedLimitError, INFLATE_SLICE } from "./types";

/** Errors thrown by the sink (the byte cap, a parser bug) pass through unchanged. */
const isLibraryError = (e: unknown) => !(e instanceof CodecError || e instanceof DecompressedLimitError);

/** Numeric-aware name order, so `events_10_x` comes after `events_2_x`. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * zip via fflate's streaming Unzip (stored and deflate entries). Entries are emitted in name
 * order, so none is decoded until the archive ends: fflate keeps an entry's *compressed* bytes until
 * its `start()` (bounded by the file's size, and a bomb's are tiny), and `end` starts them one by one
 * in name order, each into its own `openEntry` decoder (an entry may itself be zstd or gzip). Never
 * holding decoded bytes is what keeps a zip bomb's memory flat: each slice fed to the inflater
 * gives at most ~1,032 times its size.
 */
export function createZipDecoder(
  openEntry: (name: string) => { push(chunk: Uint8Array): void; end(): void },
): ByteDecoder & { readonly entries: readonly string[] } {
  const files = new Map<string, UnzipFile>();
  const names: string[] = [];
  let truncated = false;
  let pending = 0;
  const u = new Unzip((file) => {
    if (file.name.endsWith("/")) return;
    files.set(file.name, file);
    names.push(file.name);
  });
  u.register(UnzipInflate);
  const library = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!isLibraryError(e)) throw e;
      throw new CodecError("zip", e instanceof Error ? e.message : String(e));
    }
  };
  return {
    codec: "zip",
    entries: names,
    get truncated() {
      return truncated;
    },
    push(chunk) {
      for (let i = 0; i < chunk.length; i += INFLATE_SLICE)
        library(() => u.push(chunk.subarray(i, i + INFLATE_SLICE)));
    },
    end() {
      library(() => u.push(new Uint8Array(0), true));
      for (const name of [...names].sort(compareNames)) {
        const file = files.get(name)!;
        files.delete(name);
        const entry = openEntry(name);
        let final = false;
        pending++;
        file.ondata = (err, data, last) => {
          if (err) throw isLibraryError(err) ? new CodecError("zip", `${file.name}: ${err.message}`) : err;
          if (data.length > 0) entry.push(data);
          if (last) final = true;
        };
        library(() => file.start());
        // An entry cut by the end of the archive never gets its last chunk.
        if (final) pending--;
        entry.end();
      }
      truncated = pending > 0;
    },
  };
}
