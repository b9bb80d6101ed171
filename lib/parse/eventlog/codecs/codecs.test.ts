import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Codec,
  CodecError,
  createAutoDecoder,
  DecompressedLimitError,
  detectCodec,
  lz4DecompressBlock,
  xxhash32,
} from "./index";
import { Xxh64 } from "./xxhash64";

const dir = join(__dirname, "../../../../fixtures/eventlog/codecs");
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

/** Decodes `bytes` fed in chunks of `size`, returning the output and what was detected. */
function decode(bytes: Uint8Array, size = 4096, max?: number) {
  const parts: Uint8Array[] = [];
  const d = createAutoDecoder((c) => parts.push(c.slice()), { maxDecompressedBytes: max });
  for (let i = 0; i < bytes.length; i += size) d.push(bytes.subarray(i, i + size));
  d.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { out, codecs: d.codecs, truncated: d.truncated };
}

const twice = (b: Uint8Array) => {
  const o = new Uint8Array(b.length * 2);
  o.set(b);
  o.set(b, b.length);
  return o;
};

describe.skipIf(!existsSync(dir))("codecs against vectors written by the Java libraries Spark uses", () => {
  const sample = read("sample.jsonl");
  const noise = read("noise.bin");
  const cases: [string, Codec, Uint8Array][] = [
    ["sample.jsonl.lz4", "lz4", sample],
    ["sample.jsonl.snappy", "snappy", sample],
    ["sample.jsonl.lzf", "lzf", sample],
    ["noise.bin.lz4", "lz4", noise],
    ["noise.bin.snappy", "snappy", noise],
    ["noise.bin.lzf", "lzf", noise],
    ["sample2x.jsonl.lz4", "lz4", twice(sample)],
    ["sample2x.jsonl.snappy", "snappy", twice(sample)],
    ["sample2x.jsonl.zstd", "zstd", twice(sample)],
    ["sample2x.jsonl.gz", "gzip", twice(sample)],
    ["empty.lz4", "lz4", new Uint8Array(0)],
    ["empty.snappy", "snappy", new Uint8Array(0)],
  ];
  for (const [name, codec, expected] of cases) {
    for (const size of [1, 7, 65536]) {
      it(`${name} in ${size}-byte chunks`, () => {
        const bytes = read(name);
        if (size === 1 && bytes.length > 20000) return; // byte-at-a-time on big files is slow
        expect(detectCodec(bytes)).toBe(codec);
        const r = decode(bytes, size);
        expect(r.truncated).toBe(false);
        expect(Buffer.from(r.out).equals(Buffer.from(expected))).toBe(true);
      });
    }
  }

  it("zip entries come out in name order, each a separate file", () => {
    const r = decode(read("sample.zip"));
    expect(r.codecs).toEqual(["zip", "none"]);
    const text = new TextDecoder().decode(r.out).replace(/\n+/g, "\n");
    expect(text).toBe(new TextDecoder().decode(sample));
  });

  it("reports a cut stream as truncated and keeps the blocks before the cut", () => {
    for (const name of [
      "sample.jsonl.lz4",
      "sample.jsonl.snappy",
      "sample.jsonl.lzf",
      "sample2x.jsonl.zstd",
    ]) {
      const bytes = read(name);
      const r = decode(bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      expect(r.truncated, name).toBe(true);
      expect(
        Buffer.from(sample.subarray(0, r.out.length)).equals(Buffer.from(r.out.subarray(0, sample.length))),
        name,
      ).toBe(true);
    }
  });

  it("detects a flipped byte through the lz4 checksum", () => {
    const bytes = read("sample.jsonl.lz4").slice();
    bytes[100] = bytes[100]! ^ 0x55;
    expect(() => decode(bytes)).toThrow(CodecError);
  });

  it("verifies zstd frame checksums (XXH64), in any chunking", () => {
    const bytes = read("sample2x.jsonl.zstd").slice();
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0x01; // the second frame's checksum
    for (const size of [1, 4096])
      expect(() => decode(bytes, size)).toThrow(/frame 2: content checksum mismatch/);
  });

  it("skips a zstd skippable frame before the data", () => {
    const z = read("sample2x.jsonl.zstd");
    const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const both = new Uint8Array(skippable.length + z.length);
    both.set(skippable);
    both.set(z, skippable.length);
    for (const size of [1, 5, 4096]) {
      const r = decode(both, size);
      expect(r.codecs).toEqual(["zstd"]);
      expect(Buffer.from(r.out).equals(Buffer.from(twice(sample)))).toBe(true);
    }
  });

  it("stops at the decompressed-size cap", () => {
    expect(() => decode(read("sample2x.jsonl.zstd"), 4096, 10_000)).toThrow(DecompressedLimitError);
    expect(() => decode(read("sample.zip"), 4096, 10_000)).toThrow(DecompressedLimitError);
  });
});

describe("block primitives", () => {
  it("xxhash32 matches the reference values", () => {
    expect(xxhash32(new Uint8Array(0), 0)).toBe(0x02cc5d05);
    expect(xxhash32(new TextEncoder().encode("a"), 0)).toBe(0x550d7456);
    expect(xxhash32(new TextEncoder().encode("Nobody inspects the spammish repetition"), 0)).toBe(0xe2293b2f);
  });

  it("xxh64 (low 32 bits, as zstd stores it) matches the reference values in any chunking", () => {
    const text = new TextEncoder().encode(
      "The quick brown fox jumps over the lazy dog, again and again and again!",
    );
    for (const [input, want] of [
      [new Uint8Array(0), 0x51d8e999],
      [new TextEncoder().encode("abc"), 0xad770999],
      [text, 0xea91563b],
    ] as const) {
      for (const size of [1, 5, 32, 1000]) {
        const h = new Xxh64();
        for (let i = 0; i < input.length; i += size) h.update(input.subarray(i, i + size));
        expect(h.digestLow32()).toBe(want);
      }
    }
  });

  it("xxh64 of long inputs in any chunking equals a BigInt reference written from the spec", () => {
    const input = new Uint8Array(3 * 1024 * 1024 + 77);
    let x = 1;
    for (let i = 0; i < input.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      input[i] = x >>> 24;
    }
    const digest = (size: number, from = 0) => {
      const h = new Xxh64();
      if (from > 0) h.update(input.subarray(0, from));
      for (let i = from; i < input.length; i += size) h.update(input.subarray(i, i + size));
      return h.digestLow32();
    };
    const want = Number(xxh64Reference(input) & 0xffffffffn);
    expect(digest(input.length)).toBe(want);
    expect(digest(31)).toBe(want);
    expect(digest(65_537, 3)).toBe(want);
    expect(digest(1 << 20, 1)).toBe(want);
    for (const n of [0, 1, 3, 4, 7, 8, 31, 32, 33, 63, 64, 100]) {
      const small = input.subarray(5, 5 + n);
      const h = new Xxh64();
      h.update(small);
      expect(h.digestLow32(), `length ${n}`).toBe(Number(xxh64Reference(small) & 0xffffffffn));
    }
  });

  it("lz4 overlapping match (run-length)", () => {
    // literal "a", then match offset 1 length 4+5: "aaaaaaaaaa"
    const src = new Uint8Array([0x15, 0x61, 0x01, 0x00, 0x00]);
    const dst = new Uint8Array(10);
    // trailing token with 0 literals ends the block
    expect(lz4DecompressBlock(src.subarray(0, 4), dst)).toBe(10);
    expect(new TextDecoder().decode(dst)).toBe("aaaaaaaaaa");
  });

  it("plain text is `none`", () => {
    expect(detectCodec(new TextEncoder().encode('{"Event":'))).toBe("none");
  });
});

/** XXH64 (seed 0) straight from the spec with BigInt: slow, obviously right, independent of Xxh64. */
function xxh64Reference(b: Uint8Array): bigint {
  const M = (1n << 64n) - 1n;
  const P1 = 0x9e3779b185ebca87n;
  const P2 = 0xc2b2ae3d27d4eb4fn;
  const P3 = 0x165667b19e3779f9n;
  const P4 = 0x85ebca77c2b2ae63n;
  const P5 = 0x27d4eb2f165667c5n;
  const rotl = (v: bigint, r: bigint) => ((v << r) | (v >> (64n - r))) & M;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * P2) & M, 31n) * P1) & M;
  const merge = (h: bigint, v: bigint) => ((h ^ round(0n, v)) * P1 + P4) & M;
  let i = 0;
  let h: bigint;
  if (b.length >= 32) {
    const v = [(P1 + P2) & M, P2, 0n, (0n - P1) & M];
    for (; i + 32 <= b.length; i += 32)
      for (let k = 0; k < 4; k++) v[k] = round(v[k]!, view.getBigUint64(i + 8 * k, true));
    h = (rotl(v[0]!, 1n) + rotl(v[1]!, 7n) + rotl(v[2]!, 12n) + rotl(v[3]!, 18n)) & M;
    for (const lane of v) h = merge(h, lane);
  } else h = P5;
  h = (h + BigInt(b.length)) & M;
  for (; i + 8 <= b.length; i += 8) h = (rotl(h ^ round(0n, view.getBigUint64(i, true)), 27n) * P1 + P4) & M;
  if (i + 4 <= b.length) {
    h = (rotl(h ^ ((BigInt(view.getUint32(i, true)) * P1) & M), 23n) * P2 + P3) & M;
    i += 4;
  }
  for (; i < b.length; i++) h = (rotl(h ^ ((BigInt(b[i]!) * P5) & M), 11n) * P1) & M;
  h = ((h ^ (h >> 33n)) * P2) & M;
  h = ((h ^ (h >> 29n)) * P3) & M;
  return h ^ (h >> 32n);
}
