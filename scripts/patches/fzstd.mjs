#!/usr/bin/env node
/**
 * Patches fzstd 0.1.1 in node_modules (run by `postinstall`; idempotent; safe to run by hand).
 *
 * 1. Correctness. A match offset code `ofc` takes `ofc` extra bits from the backward bitstream;
 *    fzstd reads them as one 32-bit little-endian word shifted right by `spos & 7`, which holds only
 *    `32 - (spos & 7)` of them. With long-distance matching (offsets ≥ ~64 MiB, ofc ≥ 26) the top
 *    bits sit in a fifth byte and were silently dropped: the offset came out wrong and so did every
 *    byte after it. Upstream report: 101arrowz/fzstd pull request 22. The fix below adds the bits of
 *    that fifth byte when `(spos & 7) + ofc > 32` (written here from that description).
 * 2. Speed. After every block (≤ 128 KiB) the streaming decoder slid its whole window down with
 *    copyWithin: a 128 MiB window moved 128 MiB per block. The window now lives at the front of a
 *    larger buffer and slides only when the spare room is used up.
 *
 * The checked-in reader also verifies each frame's XXH64 content checksum, so any decoder bug left
 * is an error, never silent corruption (lib/parse/eventlog/codecs/zstd.ts).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const MARK = "/* plansight-patch fzstd v1 */";

function packageDir() {
  try {
    // fzstd's exports map hides package.json: resolve its CommonJS entry (lib/index.js) instead.
    return dirname(dirname(createRequire(join(process.cwd(), "package.json")).resolve("fzstd")));
  } catch {
    return null;
  }
}

/** Offset extra bits: the original expression, and the same plus the bits of the fifth byte. */
const OFFSET_FROM =
  /var off = ofp \+ \(\(\(dat\[cbt\] \| \(dat\[cbt \+ 1\] << 8\) \| \(dat\[cbt \+ 2\] << 16\) \| \(dat\[cbt \+ 3\] << 24\)\) >>> \(spos & 7\)\) & \(ofp - 1\)\);/;
const OFFSET_TO =
  "var off = ofp + (((dat[cbt] | (dat[cbt + 1] << 8) | (dat[cbt + 2] << 16) | (dat[cbt + 3] << 24)) >>> (spos & 7)) & (ofp - 1))" +
  " + ((spos & 7) + ofc > 32 ? (dat[cbt + 4] & ((1 << ((spos & 7) + ofc - 32)) - 1)) * Math.pow(2, 32 - (spos & 7)) : 0);";

/** Window slide after each block, in Decompress.push and in decompress() of unknown size. */
const SLIDE_FROM =
  /cpw\((this\.s|st)\.w, 0, blk\.length\);\s*\1\.w\.set\(blk, \1\.w\.length - blk\.length\);/g;
const SLIDE_HELPER = `${MARK}
// Appends a decoded block to the window. The window (st.w, st.e bytes) is a view ending at st.p in
// a buffer with spare room, so it moves only when that room runs out, not after every block.
var sww = function (st, blk) {
    var W = st.W;
    if (!W) {
        W = st.W = new u8(st.e + Math.max(Math.min(st.e, 16777216), 262144));
        st.p = st.e;
        // The repeat offsets were a view of the first window's buffer: copy them so it can be freed.
        var o = new i32(3);
        o.set(st.o);
        st.o = o;
    }
    if (st.p + blk.length > W.length) {
        cpw(W, 0, st.p - st.e, st.p);
        st.p = st.e;
    }
    W.set(blk, st.p);
    st.p += blk.length;
    st.w = W.subarray(st.p - st.e, st.p);
};
// read Zstandard frame header`;

/** The minified UMD build (unpkg/jsdelivr only): the offset fix alone, names captured. */
const UMD_OFFSET_FROM =
  /(\w+)=(\w+)\+\(\((\w+)\[(\w+)=\((\w+)-=(\w+)\)>>3\]\|\3\[\4\+1\]<<8\|\3\[\4\+2\]<<16\|\3\[\4\+3\]<<24\)>>>\(7&\5\)&\2-1\)/;

function patchModule(file) {
  let src = readFileSync(file, "utf8");
  if (src.includes(MARK)) return "already patched";
  if (!OFFSET_FROM.test(src)) throw new Error(`${file}: offset-reading code not found (fzstd changed?)`);
  src = src.replace(OFFSET_FROM, OFFSET_TO);
  const slides = src.match(SLIDE_FROM)?.length ?? 0;
  if (slides !== 2) throw new Error(`${file}: expected 2 window slides, found ${slides}`);
  src = src.replace(SLIDE_FROM, "sww($1, blk);");
  if (!src.includes("// read Zstandard frame header")) throw new Error(`${file}: anchor not found`);
  src = src.replace("// read Zstandard frame header", SLIDE_HELPER);
  writeFileSync(file, src);
  return "patched";
}

function patchUmd(file) {
  let src = readFileSync(file, "utf8");
  if (src.includes(MARK)) return "already patched";
  const m = UMD_OFFSET_FROM.exec(src);
  if (!m) throw new Error(`${file}: offset-reading code not found (fzstd changed?)`);
  const [, , , d, c, p, n] = m;
  const fix = `+((7&${p})+${n}>32?(${d}[${c}+4]&(1<<(7&${p})+${n}-32)-1)*Math.pow(2,32-(7&${p})):0)`;
  src = `${src.slice(0, m.index + m[0].length)}${fix}${src.slice(m.index + m[0].length)}`;
  writeFileSync(file, `${MARK}\n${src}`);
  return "patched";
}

const dir = packageDir();
if (!dir) {
  console.log("fzstd patch: fzstd is not installed; nothing to do");
  process.exit(0);
}
const version = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
if (version !== "0.1.1") {
  console.error(`fzstd patch: written for fzstd 0.1.1, found ${version}; check whether it is still needed`);
  process.exit(1);
}
for (const [rel, patch] of [
  ["lib/index.js", patchModule],
  ["esm/index.mjs", patchModule],
  ["umd/index.js", patchUmd],
]) {
  const file = join(dir, rel);
  if (existsSync(file)) console.log(`fzstd patch: ${rel} ${patch(file)}`);
}
