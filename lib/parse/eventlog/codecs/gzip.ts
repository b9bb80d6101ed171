import { Gunzip } from "fflate";
import { type ByteDecoder, CodecError, DecompressedLimitError, INFLATE_SLICE, type Sink } from "./types";

/** Errors thrown by the sink (the byte cap, a parser bug) pass through unchanged. */
const isLibraryError = (e: unknown) => !(e instanceof CodecError || e instanceof DecompressedLimitError);

/** gzip via fflate's streaming Gunzip; reads every member of a multi-member file (`cat a.gz b.gz`). */
export function createGzipDecoder(sink: Sink): ByteDecoder {
  let truncated = false;
  let finished = false;
  const g = new Gunzip((data, final) => {
    if (data.length > 0) sink(data);
    if (final) finished = true;
  });
  return {
    codec: "gzip",
    get truncated() {
      return truncated;
    },
    push(chunk) {
      try {
        for (let i = 0; i < chunk.length; i += INFLATE_SLICE) g.push(chunk.subarray(i, i + INFLATE_SLICE));
      } catch (e) {
        if (!isLibraryError(e)) throw e;
        throw new CodecError("gzip", e instanceof Error ? e.message : String(e));
      }
    },
    end() {
      try {
        g.push(new Uint8Array(0), true);
      } catch (e) {
        if (!isLibraryError(e)) throw e;
        // fflate reports a cut stream as "unexpected EOF"; keep what was inflated.
        if (/unexpected EOF|invalid gzip data|unexpected end/i.test(String(e)) || !finished) truncated = true;
        else throw new CodecError("gzip", e instanceof Error ? e.message : String(e));
      }
    },
  };
}
