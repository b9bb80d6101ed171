/**
 * A validating JSON scanner for single event lines. It walks a line without building objects, so
 * events we do not need are checked for well-formedness at a fraction of JSON.parse's cost, and
 * SparkListenerTaskEnd (most of any log) yields just the fields we keep.
 *
 * Differences from JSON.parse, on purpose: raw control characters inside strings are accepted, and
 * nesting deeper than MAX_DEPTH is rejected (JSON.parse would accept it; no Spark event nests so).
 */

const MAX_DEPTH = 256;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Position of the next backslash at or after `j`, memoised per line: searching afresh for every
 * string would rescan the rest of a line without backslashes each time (quadratic on big lines).
 */
let bsLine = "";
let bsFrom = 0;
let bsAt = -1;
function nextBackslash(s: string, j: number): number {
  if (s !== bsLine || j < bsFrom || (bsAt >= 0 && bsAt < j)) {
    bsLine = s;
    bsFrom = j;
    bsAt = s.indexOf("\\", j);
  }
  return bsAt;
}

/** `s[i]` is `"`; returns the index after the closing quote, or -1. */
export function skipString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) return -1;
    const b = nextBackslash(s, j);
    if (b < 0 || b > q) return q + 1;
    // An escape comes before the quote: validate it and continue after it.
    const e = s.charCodeAt(b + 1);
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) if (!isHex(s.charCodeAt(b + k))) return -1;
      j = b + 6;
    } else if (
      e === QUOTE ||
      e === BACKSLASH ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    ) {
      j = b + 2;
    } else {
      return -1;
    }
  }
}

function digits(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

/** JSON number grammar; returns the index after it, or -1. */
export function skipNumber(s: string, i: number): number {
  if (s.charCodeAt(i) === 0x2d) i++;
  const c = s.charCodeAt(i);
  if (c === 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) i = digits(s, i + 1);
  else return -1;
  if (s.charCodeAt(i) === 0x2e) {
    const j = digits(s, i + 1);
    if (j === i + 1) return -1;
    i = j;
  }
  const e = s.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    const j = digits(s, i);
    if (j === i) return -1;
    i = j;
  }
  return i;
}

/** Index after the JSON value starting at `i` (no leading whitespace), or -1 when malformed. */
export function skipValue(s: string, i: number, depth = 0): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) return skipString(s, i);
  if (c === 0x7b || c === 0x5b) {
    if (depth >= MAX_DEPTH) return -1;
    const close = c === 0x7b ? 0x7d : 0x5d;
    i = skipWs(s, i + 1);
    if (s.charCodeAt(i) === close) return i + 1;
    for (;;) {
      if (c === 0x7b) {
        if (s.charCodeAt(i) !== QUOTE) return -1;
        i = skipString(s, i);
        if (i < 0) return -1;
        i = skipWs(s, i);
        if (s.charCodeAt(i) !== 0x3a) return -1;
        i = skipWs(s, i + 1);
      }
      i = skipValue(s, i, depth + 1);
      if (i < 0) return -1;
      i = skipWs(s, i);
      const d = s.charCodeAt(i);
      if (d === 0x2c) i = skipWs(s, i + 1);
      else if (d === close) return i + 1;
      else return -1;
    }
  }
  if (c === 0x74) return s.startsWith("true", i) ? i + 4 : -1;
  if (c === 0x66) return s.startsWith("false", i) ? i + 5 : -1;
  if (c === 0x6e) return s.startsWith("null", i) ? i + 4 : -1;
  return skipNumber(s, i);
}

/** True when the whole line is one well-formed JSON value. */
export function isWellFormed(s: string): boolean {
  const i = skipWs(s, 0);
  const j = skipValue(s, i);
  return j >= 0 && skipWs(s, j) === s.length;
}

/** A string value at `i` (`s[i]` is `"`), decoded; null when malformed. `end[0]` gets its end. */
export function readString(s: string, i: number, end: number[]): string | null {
  const j = skipString(s, i);
  if (j < 0) return null;
  end[0] = j;
  const raw = s.slice(i + 1, j - 1);
  if (raw.indexOf("\\") < 0) return raw;
  try {
    return JSON.parse(s.slice(i, j)) as string;
  } catch {
    return null;
  }
}

/**
 * Walks the members of the object at `i`, calling `onMember(key, valueStart)`; the callback returns
 * the index after the value (or -1), or `undefined` to have the value skipped. Returns the index
 * after the object or -1.
 */
export function walkObject(
  s: string,
  i: number,
  onMember: (key: string, valueStart: number) => number | undefined,
  depth = 0,
): number {
  if (s.charCodeAt(i) !== 0x7b || depth >= MAX_DEPTH) return -1;
  i = skipWs(s, i + 1);
  if (s.charCodeAt(i) === 0x7d) return i + 1;
  const end = [0];
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) return -1;
    const key = readString(s, i, end);
    if (key === null) return -1;
    i = skipWs(s, end[0]!);
    if (s.charCodeAt(i) !== 0x3a) return -1;
    i = skipWs(s, i + 1);
    const r = onMember(key, i);
    i = r === undefined ? skipValue(s, i, depth + 1) : r;
    if (i < 0) return -1;
    i = skipWs(s, i);
    const d = s.charCodeAt(i);
    if (d === 0x2c) i = skipWs(s, i + 1);
    else if (d === 0x7d) return i + 1;
    else return -1;
  }
}

/** Reads a number, or a string holding a number (SQL metric updates are strings in Spark 3+). */
export function readNumberish(s: string, i: number, out: number[]): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const j = skipString(s, i);
    if (j < 0) return -1;
    const v = Number(s.slice(i + 1, j - 1));
    out[0] = s.charCodeAt(i + 1) === QUOTE ? Number.NaN : v;
    return j;
  }
  const j = skipNumber(s, i);
  if (j < 0) {
    out[0] = Number.NaN; // true/false/null/object: valid JSON, not a number
    return skipValue(s, i);
  }
  out[0] = Number(s.slice(i, j));
  return j;
}
