/**
 * Byte-in/byte-out streaming decoders. Every codec takes compressed chunks with `push` and hands
 * decoded chunks to a sink; `end` says the input is over. Pure TypeScript over Uint8Array: the
 * same code runs in Node, in a browser Web Worker and in tests (no fs, zlib or Buffer here).
 */

/** The encodings Spark writes (`spark.eventLog.compression.codec`) plus archives users make. */
export type Codec = "none" | "zstd" | "lz4" | "snappy" | "lzf" | "gzip" | "zip";

/** Receives decoded bytes. The chunk may be reused by the decoder after the call returns. */
export type Sink = (chunk: Uint8Array) => void;

export interface ByteDecoder {
  readonly codec: Codec;
  push(chunk: Uint8Array): void;
  /** No more input. Flushes; sets `truncated` when the input stopped inside a block or frame. */
  end(): void;
  /** True after `end` when the input stopped mid-block (an `.inprogress` log, a cut download). */
  readonly truncated: boolean;
}

/**
 * Deflate input is fed to the inflater in slices this big: one push inflates all it is given at
 * once, and deflate reaches ~1,032:1, so a 1 MiB read of a gzip bomb would make one 1 GiB array.
 * 16 KiB slices make at most ~17 MiB per push.
 */
export const INFLATE_SLICE = 16 * 1024;

/** Corrupt input for a codec: a bad magic, a checksum mismatch, a reference before the start. */
export class CodecError extends Error {
  constructor(
    readonly codec: Codec,
    message: string,
  ) {
    super(`${codec}: ${message}`);
    this.name = "CodecError";
  }
}

/** Decoded output grew past the configured cap: likely a decompression bomb, or a cap set too low. */
export class DecompressedLimitError extends Error {
  constructor(readonly limit: number) {
    super(
      `decompressed size exceeds the limit of ${limit} bytes (possible decompression bomb); ` +
        "raise maxDecompressedBytes to read it",
    );
    this.name = "DecompressedLimitError";
  }
}

/**
 * A decoder for block framings (lz4-java, compress-lzf): `step` consumes one whole block from `q`
 * and returns false when it needs more bytes. Input left over at `end` means a cut stream.
 */
export function blockDecoder(codec: Codec, q: ByteQueue, step: () => boolean): ByteDecoder {
  let truncated = false;
  return {
    codec,
    get truncated() {
      return truncated;
    },
    push(chunk) {
      q.push(chunk);
      while (step()) {}
    },
    end() {
      truncated = q.length > 0;
    },
  };
}

/**
 * Collects input bytes so decoders can read fixed-size headers and whole blocks that straddle
 * chunk boundaries, without copying when a chunk already holds everything.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Byte at offset `i` from the front, without consuming. Caller checks `i < length`. */
  peek(i: number): number {
    let k = 0;
    let off = this.head + i;
    while (off >= this.chunks[k]!.length) {
      off -= this.chunks[k]!.length;
      k++;
    }
    return this.chunks[k]![off]!;
  }

  /** Removes and returns the first `n` bytes (a view into a chunk when possible). */
  take(n: number): Uint8Array {
    if (n > this.length) throw new RangeError("ByteQueue.take past end");
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      this.length -= n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const m = Math.min(n - filled, c.length - this.head);
      out.set(c.subarray(this.head, this.head + m), filled);
      filled += m;
      this.head += m;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.length -= n;
    return out;
  }
}

/** Big-endian unsigned 32-bit int at `o`. */
export function readIntBE(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function readIntLE(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
