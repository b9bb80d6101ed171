import { Decompress } from "fzstd";
import { type ByteDecoder, CodecError, DecompressedLimitError, type Sink } from "./types";
import { Xxh64 } from "./xxhash64";

/** Errors thrown by the sink (the byte cap, a parser bug) pass through unchanged. */
const isLibraryError = (e: unknown) => !(e instanceof CodecError || e instanceof DecompressedLimitError);

enum Part {
  /** Magic number and frame header descriptor (5 bytes), or a skippable frame's 8-byte header. */
  Start,
  /** The rest of the frame header, `need` bytes. */
  Header,
  BlockHeader,
  /** Block content, `need` bytes. */
  Block,
  Checksum,
  /** A skippable frame's content, `need` bytes. */
  Skip,
  /** Not a zstd frame: fzstd reports it; nothing more is tracked. */
  Opaque,
}

/**
 * Zstandard via fzstd's streaming decompressor. Spark's ZStdCompressionCodec (zstd-jni) writes a
 * stream of frames; this walks their headers alongside fzstd (cheap: block headers only) so each
 * frame gets its own decompressor and, when the frame carries one, its XXH64 content checksum is
 * verified: a decoder bug or a flipped byte becomes an error, never silently wrong events.
 * Frame format: https://github.com/facebook/zstd/blob/dev/doc/zstd_compression_format.md
 */
export function createZstdDecoder(sink: Sink): ByteDecoder {
  let truncated = false;
  const hash = new Xxh64();
  // Without WebAssembly (a page whose CSP forbids it) frames are read unchecked, not refused.
  const canHash = Xxh64.available();
  let frames = 0;
  let checked = false;
  const emit = (data: Uint8Array) => {
    if (data.length === 0) return;
    if (checked) hash.update(data);
    sink(data);
  };
  let d = new Decompress(emit);
  /** Bytes pushed to `d` since the last frame ended. */
  let inFrame = 0;

  let part = Part.Start;
  let need = 5;
  const head = new Uint8Array(18);
  let headLength = 0;
  let lastBlock = false;

  const library = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!isLibraryError(e)) throw e;
      throw new CodecError("zstd", e instanceof Error ? e.message : String(e));
    }
  };

  /** Set by the walk when the bytes it just read end a frame. */
  let frameEnded = false;

  /** The frame's bytes are all in `d`: flush it, check the checksum, start afresh. */
  const endFrame = (frame: number) => {
    library(() => d.push(new Uint8Array(0), true));
    if (checked) {
      const want = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
      const got = hash.digestLow32();
      if (got !== want) {
        throw new CodecError(
          "zstd",
          `frame ${frame + 1}: content checksum mismatch (XXH64 ${got.toString(16)}, frame says ${want.toString(16)}): the data is corrupt`,
        );
      }
    }
    d = new Decompress(emit);
    inFrame = 0;
  };

  const nextFrame = () => {
    frames++;
    frameEnded = true;
    part = Part.Start;
    need = 5;
    headLength = 0;
  };

  /** Takes header bytes into `head`; true once `need` of them are there. */
  const gather = (chunk: Uint8Array, at: number, n: number): boolean => {
    head.set(chunk.subarray(at, at + n), headLength);
    headLength += n;
    return headLength === need;
  };

  /** Advances the frame walk over `n` bytes at `at` (all within the current part); may end a frame. */
  const walk = (chunk: Uint8Array, at: number, n: number): void => {
    switch (part) {
      case Part.Start: {
        if (!gather(chunk, at, n)) return;
        const magic = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
        if (magic === 0xfd2fb528) {
          const fhd = head[4]!;
          const single = (fhd >> 5) & 1;
          const fcs = fhd >> 6;
          checked = ((fhd >> 2) & 1) === 1 && canHash;
          hash.reset();
          need = (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]! + (fcs === 0 ? single : 1 << fcs);
          part = need > 0 ? Part.Header : Part.BlockHeader;
          if (need === 0) need = 3;
        } else if ((magic & 0xfffffff0) === 0x184d2a50) {
          if (need === 5) {
            need = 8; // a skippable frame: 4 more bytes give its length
            return;
          }
          need = (head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24)) >>> 0;
          part = need > 0 ? Part.Skip : Part.Start;
          if (need === 0) need = 5;
        } else {
          part = Part.Opaque;
        }
        headLength = 0;
        return;
      }
      case Part.Header:
        if (!gather(chunk, at, n)) return;
        part = Part.BlockHeader;
        need = 3;
        headLength = 0;
        return;
      case Part.BlockHeader: {
        if (!gather(chunk, at, n)) return;
        const h = head[0]! | (head[1]! << 8) | (head[2]! << 16);
        lastBlock = (h & 1) === 1;
        const type = (h >> 1) & 3;
        headLength = 0;
        if (type === 3) {
          part = Part.Opaque; // reserved block type: fzstd reports the corruption
          return;
        }
        need = type === 1 ? 1 : h >>> 3;
        if (need > 0) part = Part.Block;
        else blockDone();
        return;
      }
      case Part.Block:
        need -= n;
        if (need === 0) blockDone();
        return;
      case Part.Checksum:
        if (gather(chunk, at, n)) nextFrame();
        return;
      case Part.Skip:
        need -= n;
        if (need === 0) {
          part = Part.Start;
          need = 5;
        }
        return;
      case Part.Opaque:
        return;
    }
  };

  const blockDone = () => {
    if (!lastBlock) {
      part = Part.BlockHeader;
      need = 3;
    } else if (checked) {
      part = Part.Checksum;
      need = 4;
    } else {
      nextFrame();
    }
  };

  return {
    codec: "zstd",
    get truncated() {
      return truncated;
    },
    push(chunk) {
      // fzstd gets the input whole up to each frame end (splitting it further would make fzstd
      // copy partial blocks); the walk only reads headers.
      let at = 0;
      let from = 0;
      while (at < chunk.length && part !== Part.Opaque) {
        const n = Math.min(
          chunk.length - at,
          part === Part.Block || part === Part.Skip ? need : need - headLength,
        );
        const frame = frames;
        walk(chunk, at, n);
        at += n;
        if (frameEnded) {
          frameEnded = false;
          inFrame += at - from;
          const bytes = chunk.subarray(from, at);
          library(() => d.push(bytes));
          from = at;
          endFrame(frame);
        }
      }
      if (from < chunk.length) {
        inFrame += chunk.length - from;
        const bytes = chunk.subarray(from);
        library(() => d.push(bytes));
      }
    },
    end() {
      if (inFrame === 0) return;
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
