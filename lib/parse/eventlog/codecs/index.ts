import { createGzipDecoder } from "./gzip";
import { createLz4BlockDecoder, LZ4_MAGIC } from "./lz4";
import { createLzfDecoder } from "./lzf";
import { createSnappyStreamDecoder, SNAPPY_MAGIC } from "./snappy";
import { type ByteDecoder, type Codec, CodecError, DecompressedLimitError, type Sink } from "./types";
import { createZipDecoder } from "./zip";
import { createZstdDecoder } from "./zstd";

export { lz4DecompressBlock } from "./lz4";
export { lzfDecompressBlock } from "./lzf";
export { snappyDecompressBlock } from "./snappy";
export type { ByteDecoder, Codec, Sink } from "./types";
export { CodecError, DecompressedLimitError } from "./types";
export { xxhash32 } from "./xxhash32";
export { compareNames } from "./zip";

/** Bytes needed to tell every supported codec apart. */
export const SNIFF_BYTES = 8;

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  if (b.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[i] !== magic[i]) return false;
  return true;
}

/**
 * The codec of a stream from its first bytes (never from a file name: Spark names files
 * `.zstd`/`.lz4`, users rename them, and Databricks uses `.gz`). Anything else is `none`.
 */
export function detectCodec(head: Uint8Array): Codec {
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return "zstd";
  // A zstd skippable frame (0x184D2A5?) may precede the first data frame.
  if (
    head.length >= 4 &&
    (head[0]! & 0xf0) === 0x50 &&
    head[1] === 0x2a &&
    head[2] === 0x4d &&
    head[3] === 0x18
  ) {
    return "zstd";
  }
  if (startsWith(head, LZ4_MAGIC)) return "lz4";
  if (startsWith(head, SNAPPY_MAGIC)) return "snappy";
  if (startsWith(head, [0x1f, 0x8b])) return "gzip";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return "zip";
  if (head.length >= 3 && head[0] === 0x5a && head[1] === 0x56 && (head[2] === 0 || head[2] === 1))
    return "lzf";
  return "none";
}

export function createDecoder(codec: Exclude<Codec, "zip">, sink: Sink): ByteDecoder {
  switch (codec) {
    case "zstd":
      return createZstdDecoder(sink);
    case "lz4":
      return createLz4BlockDecoder(sink);
    case "snappy":
      return createSnappyStreamDecoder(sink);
    case "lzf":
      return createLzfDecoder(sink);
    case "gzip":
      return createGzipDecoder(sink);
    case "none":
      return { codec: "none", truncated: false, push: sink, end() {} };
  }
}

export interface AutoDecoderOptions {
  /** Cap on decoded bytes (decompression-bomb guard). Default 4 GiB. */
  readonly maxDecompressedBytes?: number;
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 ** 3;

/** A decoder that picks its codec from the first bytes; gzip and zip contents are sniffed again. */
export interface AutoDecoder extends ByteDecoder {
  /** The codecs detected, outermost first (`["zip", "zstd"]`); empty until enough bytes arrived. */
  readonly codecs: readonly Codec[];
  /** Decoded bytes emitted so far. */
  readonly decodedBytes: number;
}

export function createAutoDecoder(sink: Sink, options: AutoDecoderOptions = {}): AutoDecoder {
  const limit = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  let decoded = 0;
  const codecs: Codec[] = [];
  const counted: Sink = (chunk) => {
    decoded += chunk.length;
    if (decoded > limit) throw new DecompressedLimitError(limit);
    sink(chunk);
  };
  const root = sniffing(counted, 0);
  return {
    get codec() {
      return codecs[0] ?? "none";
    },
    codecs,
    get decodedBytes() {
      return decoded;
    },
    get truncated() {
      return root.truncated;
    },
    push: (c) => root.push(c),
    end: () => root.end(),
  };

  function sniffing(out: Sink, depth: number): ByteDecoder {
    let head: Uint8Array | null = new Uint8Array(0);
    let inner: ByteDecoder | null = null;
    const start = (bytes: Uint8Array) => {
      const codec = detectCodec(bytes);
      if (codecs.length === depth) codecs.push(codec);
      if (codec === "zip") {
        if (depth > 1) throw new CodecError("zip", "archive nested too deeply");
        inner = createZipDecoder(() => {
          const entry = sniffing(out, depth + 1);
          return {
            push: (c: Uint8Array) => entry.push(c),
            end: () => {
              entry.end();
              out(new Uint8Array([10])); // entries are separate files: never glue their lines
            },
          };
        });
      } else if (codec === "gzip" && depth < 2) {
        const entry = sniffing(out, depth + 1);
        const g = createGzipDecoder((c) => entry.push(c));
        inner = {
          codec: "gzip",
          get truncated() {
            return g.truncated || entry.truncated;
          },
          push: (c) => g.push(c),
          end: () => {
            g.end();
            entry.end();
          },
        };
      } else {
        inner = createDecoder(codec, out);
      }
      inner.push(bytes);
    };
    return {
      get codec() {
        return inner?.codec ?? "none";
      },
      get truncated() {
        return inner?.truncated ?? false;
      },
      push(chunk) {
        if (inner) return inner.push(chunk);
        const merged = new Uint8Array(head!.length + chunk.length);
        merged.set(head!);
        merged.set(chunk, head!.length);
        head = merged;
        if (head.length >= SNIFF_BYTES) {
          const h = head;
          head = null;
          start(h);
        }
      },
      end() {
        if (!inner) {
          const h = head!;
          head = null;
          if (h.length === 0) return;
          start(h);
        }
        inner!.end();
      },
    };
  }
}
