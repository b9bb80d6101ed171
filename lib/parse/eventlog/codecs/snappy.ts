import { type ByteDecoder, ByteQueue, CodecError, readIntBE, type Sink } from "./types";

/**
 * snappy-java's `SnappyOutputStream` framing, which Spark's SnappyCompressionCodec writes:
 * https://github.com/xerial/snappy-java/blob/master/src/main/java/org/xerial/snappy/SnappyCodec.java
 * Header `\x82SNAPPY\0` + version + compatible version (int32 BE), then blocks of
 * int32 BE length + raw snappy data. SnappyInputStream accepts another header between blocks
 * (concatenated streams), so we do too.
 */
export const SNAPPY_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];
const HEADER = 16;
/** Upper bound for one block; snappy-java's default block is 32 KiB, Spark's default 32 KiB. */
const MAX_BLOCK = 1 << 28;

/** Length announced by a raw snappy block (varint at its start). */
function uncompressedLength(src: Uint8Array): [length: number, headerBytes: number] {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < 5 && i < src.length; i++) {
    const b = src[i]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, i + 1];
    shift += 7;
  }
  throw new CodecError("snappy", "bad block length varint");
}

/** Decompresses one raw snappy block (https://github.com/google/snappy/blob/main/format_description.txt). */
export function snappyDecompressBlock(src: Uint8Array, maxLength = MAX_BLOCK): Uint8Array {
  const [n, start] = uncompressedLength(src);
  if (n > maxLength) throw new CodecError("snappy", "block too large");
  const dst = new Uint8Array(n);
  let s = start;
  let d = 0;
  const end = src.length;
  while (s < end) {
    const tag = src[s++]!;
    const type = tag & 3;
    if (type === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (s + extra > end) throw new CodecError("snappy", "truncated literal length");
        len = 0;
        for (let k = 0; k < extra; k++) len += src[s + k]! * 2 ** (8 * k);
        s += extra;
      }
      len += 1;
      if (s + len > end || d + len > n) throw new CodecError("snappy", "literal out of bounds");
      dst.set(src.subarray(s, s + len), d);
      s += len;
      d += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (s >= end) throw new CodecError("snappy", "truncated copy");
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | src[s++]!;
    } else if (type === 2) {
      if (s + 2 > end) throw new CodecError("snappy", "truncated copy");
      len = (tag >>> 2) + 1;
      offset = src[s]! | (src[s + 1]! << 8);
      s += 2;
    } else {
      if (s + 4 > end) throw new CodecError("snappy", "truncated copy");
      len = (tag >>> 2) + 1;
      offset = (src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16) | (src[s + 3]! << 24)) >>> 0;
      s += 4;
    }
    if (offset === 0 || offset > d || d + len > n) throw new CodecError("snappy", "copy out of bounds");
    let from = d - offset;
    if (offset >= len) {
      dst.copyWithin(d, from, from + len);
      d += len;
    } else {
      for (let k = 0; k < len; k++) dst[d++] = dst[from++]!;
    }
  }
  if (d !== n) throw new CodecError("snappy", "block shorter than announced");
  return dst;
}

function isMagicAt(q: ByteQueue): boolean {
  for (let i = 0; i < 8; i++) if (q.peek(i) !== SNAPPY_MAGIC[i]) return false;
  return true;
}

export function createSnappyStreamDecoder(sink: Sink): ByteDecoder {
  const q = new ByteQueue();
  let truncated = false;
  function step(): boolean {
    // A block length never starts with 0x82 (> MAX_BLOCK), so that byte means another header.
    if (q.length > 0 && q.peek(0) === SNAPPY_MAGIC[0]) {
      if (q.length < HEADER) return false;
      if (!isMagicAt(q)) throw new CodecError("snappy", "bad snappy-java stream header");
      q.take(HEADER);
      return true;
    }
    if (q.length < 4) return false;
    const len = readIntBE(new Uint8Array([q.peek(0), q.peek(1), q.peek(2), q.peek(3)]), 0);
    if (len > MAX_BLOCK) throw new CodecError("snappy", "bad block length");
    if (q.length < 4 + len) return false;
    q.take(4);
    const block = q.take(len);
    if (len > 0) sink(snappyDecompressBlock(block));
    return true;
  }
  let sawHeader = false;
  return {
    codec: "snappy",
    get truncated() {
      return truncated;
    },
    push(chunk) {
      q.push(chunk);
      if (!sawHeader) {
        if (q.length < 8) return;
        if (!isMagicAt(q)) throw new CodecError("snappy", "bad snappy-java stream header");
        sawHeader = true;
      }
      while (step()) {}
    },
    end() {
      truncated = q.length > 0 || !sawHeader;
    },
  };
}
