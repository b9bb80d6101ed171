import { type ByteDecoder, ByteQueue, blockDecoder, CodecError, readIntLE, type Sink } from "./types";
import { xxhash32 } from "./xxhash32";

/**
 * lz4-java's `LZ4BlockOutputStream` framing, which Spark's LZ4CompressionCodec writes:
 * https://github.com/lz4/lz4-java/blob/master/src/java/net/jpountz/lz4/LZ4BlockOutputStream.java
 * Each block: magic `LZ4Block`, token (method | level), compressed length, original length,
 * XXH32(original, seed 0x9747b28c) & 0x0FFFFFFF, all little-endian; an empty RAW block ends a
 * stream and another stream may follow (LZ4BlockInputStream reads concatenated streams).
 */
export const LZ4_MAGIC = [0x4c, 0x5a, 0x34, 0x42, 0x6c, 0x6f, 0x63, 0x6b]; // "LZ4Block"
const HEADER = 21;
const METHOD_RAW = 0x10;
const METHOD_LZ4 = 0x20;
const SEED = 0x9747b28c;
/** lz4-java caps the block size at 32 MiB (COMPRESSION_LEVEL_BASE + 15 = 1 << 25). */
const MAX_BLOCK = 1 << 25;

/** Decompresses one raw LZ4 block (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md). */
export function lz4DecompressBlock(src: Uint8Array, dst: Uint8Array): number {
  let s = 0;
  let d = 0;
  const end = src.length;
  while (s < end) {
    const token = src[s++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (s >= end) throw new CodecError("lz4", "truncated literal length");
        b = src[s++]!;
        lit += b;
      } while (b === 255);
    }
    if (s + lit > end || d + lit > dst.length) throw new CodecError("lz4", "literal run out of bounds");
    dst.set(src.subarray(s, s + lit), d);
    s += lit;
    d += lit;
    if (s >= end) break; // the last sequence has literals only
    if (s + 2 > end) throw new CodecError("lz4", "truncated match offset");
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    if (offset === 0 || offset > d) throw new CodecError("lz4", "match offset out of bounds");
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (s >= end) throw new CodecError("lz4", "truncated match length");
        b = src[s++]!;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (d + len > dst.length) throw new CodecError("lz4", "match past block end");
    let from = d - offset;
    if (offset >= len) {
      dst.copyWithin(d, from, from + len);
      d += len;
    } else {
      for (let k = 0; k < len; k++) dst[d++] = dst[from++]!;
    }
  }
  return d;
}

export function createLz4BlockDecoder(sink: Sink): ByteDecoder {
  const q = new ByteQueue();
  let out = new Uint8Array(0);
  function step(): boolean {
    if (q.length < HEADER) return false;
    for (let i = 0; i < 8; i++) {
      if (q.peek(i) !== LZ4_MAGIC[i]) throw new CodecError("lz4", "bad LZ4Block magic");
    }
    const token = q.peek(8);
    const method = token & 0xf0;
    const h = new Uint8Array(12);
    for (let i = 0; i < 12; i++) h[i] = q.peek(9 + i);
    const clen = readIntLE(h, 0);
    const olen = readIntLE(h, 4);
    const check = readIntLE(h, 8);
    if ((method !== METHOD_RAW && method !== METHOD_LZ4) || olen > MAX_BLOCK || clen > MAX_BLOCK) {
      throw new CodecError("lz4", "bad LZ4Block header");
    }
    if (method === METHOD_RAW && clen !== olen) throw new CodecError("lz4", "bad raw block length");
    if (q.length < HEADER + clen) return false;
    q.take(HEADER);
    const body = q.take(clen);
    if (olen === 0) return true; // end mark of one stream
    let data: Uint8Array;
    if (method === METHOD_RAW) {
      data = body;
    } else {
      if (out.length < olen) out = new Uint8Array(Math.max(olen, 65536));
      const n = lz4DecompressBlock(body, out.subarray(0, olen));
      if (n !== olen) throw new CodecError("lz4", "block decompressed to the wrong length");
      data = out.subarray(0, olen);
    }
    if ((xxhash32(data, SEED) & 0x0fffffff) !== check) throw new CodecError("lz4", "block checksum mismatch");
    sink(data);
    return true;
  }
  return blockDecoder("lz4", q, step);
}
