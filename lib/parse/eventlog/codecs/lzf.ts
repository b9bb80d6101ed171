import { type ByteDecoder, ByteQueue, blockDecoder, CodecError, type Sink } from "./types";

/**
 * compress-lzf's chunk framing, which Spark's LZFCompressionCodec writes:
 * https://github.com/ning/compress/blob/master/src/main/java/com/ning/compress/lzf/LZFChunk.java
 * Chunk: `ZV`, type (0 = stored, 1 = compressed), uint16 BE length, and for compressed chunks
 * a second uint16 BE with the original length, then the payload.
 */
export const LZF_MAGIC = [0x5a, 0x56];

/** Decompresses one LZF block (liblzf format) into `dst`, which has the exact original length. */
export function lzfDecompressBlock(src: Uint8Array, dst: Uint8Array): void {
  let s = 0;
  let d = 0;
  const end = src.length;
  while (s < end) {
    const ctrl = src[s++]!;
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (s + len > end || d + len > dst.length) throw new CodecError("lzf", "literal out of bounds");
      dst.set(src.subarray(s, s + len), d);
      s += len;
      d += len;
      continue;
    }
    let len = ctrl >>> 5;
    if (len === 7) {
      if (s >= end) throw new CodecError("lzf", "truncated back reference");
      len += src[s++]!;
    }
    len += 2;
    if (s >= end) throw new CodecError("lzf", "truncated back reference");
    let from = d - ((ctrl & 0x1f) << 8) - src[s++]! - 1;
    if (from < 0 || d + len > dst.length) throw new CodecError("lzf", "back reference out of bounds");
    for (let k = 0; k < len; k++) dst[d++] = dst[from++]!;
  }
  if (d !== dst.length) throw new CodecError("lzf", "chunk shorter than announced");
}

export function createLzfDecoder(sink: Sink): ByteDecoder {
  const q = new ByteQueue();
  const out = new Uint8Array(65536);
  function step(): boolean {
    if (q.length < 5) return false;
    if (q.peek(0) !== LZF_MAGIC[0] || q.peek(1) !== LZF_MAGIC[1])
      throw new CodecError("lzf", "bad ZV chunk magic");
    const type = q.peek(2);
    const len = (q.peek(3) << 8) | q.peek(4);
    if (type === 0) {
      if (q.length < 5 + len) return false;
      q.take(5);
      if (len > 0) sink(q.take(len));
      return true;
    }
    if (type !== 1) throw new CodecError("lzf", `unknown chunk type ${type}`);
    if (q.length < 7) return false;
    const olen = (q.peek(5) << 8) | q.peek(6);
    if (q.length < 7 + len) return false;
    q.take(7);
    const dst = out.subarray(0, olen);
    lzfDecompressBlock(q.take(len), dst);
    if (olen > 0) sink(dst);
    return true;
  }
  return blockDecoder("lzf", q, step);
}
