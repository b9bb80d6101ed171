/**
 * Hostile inputs made on the fly (never committed): decompression bombs in every codec the reader
 * takes, each decoding to `GIB` bytes from a few MB, and explain texts of absurd shape. Every bomb
 * is built from small pieces repeated, so making one takes a fraction of a second. Encoders here are
 * written from the formats' specs (or are node:zlib and the zstd command), not taken from the reader.
 */
import { execFileSync } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { constants, crc32, deflateRawSync } from "node:zlib";
import { xxhash32 } from "@/lib/parse/eventlog/codecs/xxhash32";

export const MIB = 1 << 20;
export const GIB = 1 << 30;

/** Writes `pieces` to `path`, `head` once, then `body` `times` times, then `tail`. */
function writeRepeated(path: string, head: Uint8Array, body: Uint8Array, times: number, tail: Uint8Array) {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, head);
    for (let i = 0; i < times; i++) writeSync(fd, body);
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
  return path;
}

const none = new Uint8Array(0);
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** `byte` repeated: zeros make no line at all, `x` one endless line. */
const filled = (n: number, byte: number) => new Uint8Array(n).fill(byte);

/**
 * A deflate stream of `times` × `chunk`: a sync-flushed deflate run ends on a byte boundary, so the
 * run repeats (its back references reach only into identical bytes); `03 00` is a final empty
 * fixed-Huffman block. Also its CRC-32.
 */
function deflateRepeated(chunk: Uint8Array, times: number): { run: Buffer; crc: number; end: Buffer } {
  const run = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  let crc = 0;
  for (let i = 0; i < times; i++) crc = crc32(chunk, crc);
  return { run, crc, end: Buffer.from([3, 0]) };
}

/**
 * gzip: one member inflating to 1 GiB (~1 MB on disk: deflate's ~1,000:1 on repeated bytes).
 * Zeros by default; `x` makes it one 1 GiB line.
 */
export function gzipBomb(dir: string, byte = 0, name = "bomb.gz"): string {
  const chunk = filled(64 * MIB, byte);
  const times = GIB / chunk.length;
  const { run, crc, end } = deflateRepeated(chunk, times);
  const head = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  const tail = Buffer.concat([end, u32le(crc), u32le(GIB % 2 ** 32)]);
  return writeRepeated(join(dir, name), head, run, times, tail);
}

/** zip: one deflated entry of `GIB` bytes (see `deflateRepeated`). */
export function zipBomb(dir: string): string {
  const chunk = filled(64 * MIB, 0);
  const times = GIB / chunk.length;
  const { run, crc } = deflateRepeated(chunk, times);
  const name = Buffer.from("eventlog");
  const compressed = run.length * times + 2;
  const local = Buffer.concat([
    u32le(0x04034b50),
    Buffer.from([20, 0, 0, 0, 8, 0, 0, 0, 0, 0]),
    u32le(crc),
    u32le(compressed),
    u32le(GIB),
    Buffer.from([name.length, 0, 0, 0]),
    name,
  ]);
  const central = Buffer.concat([
    u32le(0x02014b50),
    Buffer.from([20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]),
    u32le(crc),
    u32le(compressed),
    u32le(GIB),
    Buffer.from([name.length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    u32le(0),
    name,
  ]);
  const end = Buffer.concat([
    u32le(0x06054b50),
    Buffer.from([0, 0, 0, 0, 1, 0, 1, 0]),
    u32le(central.length),
    u32le(local.length + compressed),
    Buffer.from([0, 0]),
  ]);
  return writeRepeated(
    join(dir, "bomb.zip"),
    local,
    run,
    times,
    Buffer.concat([Buffer.from([3, 0]), central, end]),
  );
}

/** zstd: one 64 MiB frame from the zstd command, repeated (a stream of frames, as zstd-jni writes). */
export function zstdBomb(dir: string): string {
  const frame = execFileSync("zstd", ["-c", "-q", "-19"], {
    input: filled(64 * MIB, 0),
    maxBuffer: 64 * MIB,
  });
  return writeRepeated(join(dir, "bomb.zstd"), none, frame, GIB / (64 * MIB), none);
}

/**
 * lz4-java LZ4Block: one 32 MiB block of zeros (a literal, then a match of offset 1 as long as the
 * block, then the five literals the format ends with), repeated.
 */
export function lz4Bomb(dir: string): string {
  const size = 32 * MIB;
  const match = size - 1 - 5;
  const extra = match - 4 - 15;
  const body: number[] = [0x1f, 0, 1, 0];
  const bytes = new Uint8Array(4 + Math.floor(extra / 255) + 1 + 6);
  bytes.set(body);
  let o = 4;
  let rest = extra;
  while (rest >= 255) {
    bytes[o++] = 255;
    rest -= 255;
  }
  bytes[o++] = rest;
  bytes[o++] = 0x50; // five literals, no match
  o += 5;
  const block = bytes.subarray(0, o);
  const check = xxhash32(filled(size, 0), 0x9747b28c) & 0x0fffffff;
  const header = Buffer.concat([
    Buffer.from("LZ4Block"),
    Buffer.from([0x20 | 10]),
    u32le(block.length),
    u32le(size),
    u32le(check),
  ]);
  return writeRepeated(join(dir, "bomb.lz4"), none, Buffer.concat([header, block]), GIB / size, none);
}

/** snappy-java stream: 32 MiB raw blocks of zeros (a literal, then 64-byte copies of offset 1), repeated. */
export function snappyBomb(dir: string): string {
  const size = 32 * MIB;
  const varint: number[] = [];
  for (let n = size; ; n >>>= 7) {
    if (n < 0x80) {
      varint.push(n);
      break;
    }
    varint.push((n & 0x7f) | 0x80);
  }
  const copies = Math.floor((size - 1) / 64);
  const tail = size - 1 - copies * 64;
  const raw = new Uint8Array(varint.length + 2 + copies * 3 + (tail > 0 ? 3 : 0));
  raw.set(varint);
  let o = varint.length;
  raw[o++] = 0; // literal of length 1
  raw[o++] = 0;
  for (let i = 0; i < copies; i++) {
    raw[o++] = ((64 - 1) << 2) | 2;
    raw[o++] = 1;
    raw[o++] = 0;
  }
  if (tail > 0) {
    raw[o++] = ((tail - 1) << 2) | 2;
    raw[o++] = 1;
    raw[o++] = 0;
  }
  const header = Buffer.concat([
    Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0]),
    u32be(1),
    u32be(1),
  ]);
  return writeRepeated(
    join(dir, "bomb.snappy"),
    header,
    Buffer.concat([u32be(raw.length), raw]),
    GIB / size,
    none,
  );
}

/** compress-lzf: 65,535-byte chunks of zeros (a literal, then 264-byte back references), repeated. */
export function lzfBomb(dir: string): string {
  const size = 65535;
  const data: number[] = [0, 0];
  let left = size - 1;
  while (left > 0) {
    const len = Math.min(264, left);
    if (len < 3) {
      data.push(len - 1, ...Array(len).fill(0));
      left -= len;
      continue;
    }
    if (len - 2 < 7) data.push(((len - 2) << 5) | 0, 0);
    else data.push(7 << 5, len - 2 - 7, 0);
    left -= len;
  }
  const chunk = Buffer.concat([
    Buffer.from([0x5a, 0x56, 1, data.length >> 8, data.length & 0xff, size >> 8, size & 0xff]),
    Buffer.from(data),
  ]);
  return writeRepeated(join(dir, "bomb.lzf"), none, chunk, Math.ceil(GIB / size), none);
}

/** A plain file that is one line of `bytes` `x`s (no newline): nothing to decompress, just long. */
export function longLine(dir: string, bytes: number, name = "one-line.log"): string {
  const piece = filled(16 * MIB, 0x78);
  return writeRepeated(join(dir, name), none, piece, Math.ceil(bytes / piece.length), none);
}

/** Explain text: a Union of `n` scans, a 100,000-wide plan. */
export function widePlan(dir: string, n: number): string {
  const scan = (i: number) => `LocalTableScan [id#${i}L]`;
  const lines = ["== Physical Plan ==", "Union"];
  for (let i = 0; i < n - 1; i++) lines.push(`:- ${scan(i)}`);
  lines.push(`+- ${scan(n - 1)}`);
  return writeText(join(dir, "wide.txt"), `${lines.join("\n")}\n`);
}

/** Explain text: `n` Filters each over the next, a 3,000-deep plan. */
export function deepPlan(dir: string, n: number): string {
  const lines = ["== Physical Plan ==", "Filter (id#0L > 0)"];
  for (let i = 1; i < n; i++)
    lines.push(
      `${"   ".repeat(i - 1)}+- ${i === n - 1 ? "Range (0, 10, step=1, splits=1)" : `Filter (id#0L > ${i})`}`,
    );
  return writeText(join(dir, "deep.txt"), `${lines.join("\n")}\n`);
}

/** Explain text that is one line of `bytes` characters, under a header (so it is read as a plan). */
export function oneLineText(dir: string, bytes: number): string {
  return writeText(join(dir, "one-line.txt"), `== Physical Plan ==\nProject [${"a".repeat(bytes)}]\n`);
}

function writeText(path: string, text: string): string {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return path;
}
