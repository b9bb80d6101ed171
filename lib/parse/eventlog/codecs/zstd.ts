import { Decompress } from "fzstd";
import { type ByteDecoder, CodecError, DecompressedLimitError, type Sink } from "./types";

/** Errors thrown by the sink (the byte cap, a parser bug) pass through unchanged. */
const isLibraryError = (e: unknown) => !(e instanceof CodecError || e instanceof DecompressedLimitError);

/**
 * Zstandard via fzstd's streaming decompressor. Spark's ZStdCompressionCodec writes one frame per
 * flush, so a log is usually several concatenated frames; fzstd reads frame after frame.
 */
export function createZstdDecoder(sink: Sink): ByteDecoder {
  let truncated = false;
  const d = new Decompress((data) => {
    if (data.length > 0) sink(data);
  });
  return {
    codec: "zstd",
    get truncated() {
      return truncated;
    },
    push(chunk) {
      try {
        d.push(chunk);
      } catch (e) {
        if (!isLibraryError(e)) throw e;
        throw new CodecError("zstd", e instanceof Error ? e.message : String(e));
      }
    },
    end() {
      try {
        d.push(new Uint8Array(0), true);
      } catch (e) {
        if (!isLibraryError(e)) throw e;
        const code = (e as { code?: number }).code;
        if (code === 5 || /unexpected EOF/i.test(String(e))) truncated = true;
        else throw new CodecError("zstd", e instanceof Error ? e.message : String(e));
      }
    },
  };
}
