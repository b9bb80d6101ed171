/**
 * Formatted explain's per-operator detail blocks (ExplainUtils.processPlan / QueryPlan.verboseStringWithOperatorId):
 *
 *   (5) BroadcastHashJoin [codegen id : 2]
 *   Left keys [1]: [sr_returned_date_sk#4]
 *   Join type: Inner
 *
 * and the header lines of the `===== Subqueries =====` section.
 *
 * Detail lines are most of a formatted plan, so they are read in place from the text: one string
 * is cut per field (its value), and keys Spark prints are matched against their literals instead
 * of being cut out and looked up.
 */

import { isWordChar } from "./chars";
import type { SourceLines } from "./lines";

/**
 * The detail blocks of one plan, by operator id, as parallel (sparse) arrays: a formatted plan has
 * one block per operator, and an object per block would be garbage by the time the plan is built.
 */
export class DetailBlocks {
  count = 0;
  /** Operator ids in print order. */
  readonly ids: number[] = [];
  readonly fields: (Record<string, string> | undefined)[] = [];
  /** 1-based line of the `(n) Name` header. */
  readonly startLine: number[] = [];
  /** 1-based last line of the block, which is also the index of the first line after it. */
  readonly endLine: number[] = [];
  /** `[codegen id : n]` of the header, or -1. */
  readonly codegenStage: number[] = [];
  /** `[Reuses operator id: n]` of the header, or -1. */
  readonly reuses: number[] = [];
  /** Set to 1 by buildPlan when an operator in the tree has the block. */
  readonly used: number[] = [];

  has(id: number): boolean {
    return this.fields[id] !== undefined;
  }

  /** The header's operator text (`BroadcastHashJoin`), without the id and the bracketed suffixes. */
  header(lines: SourceLines, id: number): string {
    const line = lines.at(this.startLine[id]! - 1) ?? "";
    return line
      .slice(line.indexOf(")") + 2)
      .replace(CODEGEN_ID, "")
      .replace(REUSES, "")
      .trim();
  }
}

const CODEGEN_ID = /\s*\[codegen id : (\d+)\]\s*$/;
const REUSES = /\s*\[Reuses operator id: (\d+)\]\s*$/;

export const SUBQUERY_HEADER = /^Subquery:(\d+) Hosting operator id = (\d+) Hosting Expression = (.*)$/;

// What Spark's formatted explain prints (ExplainUtils, each operator's verboseStringWithOperatorId).
const KNOWN_KEYS = [
  "Input",
  "Output",
  "Arguments",
  "Condition",
  "Batched",
  "Location",
  "ReadSchema",
  "PushedFilters",
  "PartitionFilters",
  "DataFilters",
  "Keys",
  "Functions",
  "Aggregate Attributes",
  "Results",
  "Join type",
  "Join condition",
  "Left keys",
  "Right keys",
  "Left output",
  "Right output",
  "Format",
];
// By length and first letter (length * 128 + char code): one or two candidates to compare.
const KEYS_BY_SHAPE = new Map<number, string[]>();
for (const k of KNOWN_KEYS) {
  const shape = k.length * 128 + k.charCodeAt(0);
  const same = KEYS_BY_SHAPE.get(shape);
  if (same) same.push(k);
  else KEYS_BY_SHAPE.set(shape, [k]);
}

/**
 * The operator id of a `(n) Name` detail block header on line `i`, or -1 when the line is not one.
 */
export function detailHeaderId(lines: SourceLines, i: number): number {
  const t = lines.text;
  const s = lines.start(i);
  const e = lines.end(i);
  if (e - s < 4 || t.charCodeAt(s) !== 40) return -1; // '('
  let p = s + 1;
  let id = 0;
  for (; p < e; p++) {
    const c = t.charCodeAt(p);
    if (c < 48 || c > 57) break;
    id = id * 10 + (c - 48);
  }
  if (p === s + 1 || p + 1 >= e || t.charCodeAt(p) !== 41 || t.charCodeAt(p + 1) !== 32) return -1;
  return id;
}

/**
 * Reads the detail block whose `(n) Name` header is line `start` into `into` (null: read past it
 * only, as for a second block with the same id). Returns the index of the first line after it.
 */
export function readDetailBlock(lines: SourceLines, start: number, into: DetailBlocks | null): number {
  const t = lines.text;
  const operatorId = detailHeaderId(lines, start);
  const head = lines.start(start);
  let headEnd = lines.end(start);
  // `... [codegen id : n]`, then `[Reuses operator id: n]` before it, at the end of the header.
  const codegenStage = suffixNumber(t, head, headEnd, "[codegen id : ");
  if (codegenStage >= 0) while (t.charCodeAt(headEnd) !== 91) headEnd--; // back to its `[`
  const reuses = suffixNumber(t, head, headEnd, "[Reuses operator id: ");
  const fields: Record<string, string> = {};
  let lastKey: string | null = null;
  let knownCount = 0;
  if (repeats.size > 0) repeats.clear();
  let i = start + 1;
  for (; i < lines.length; i++) {
    const s = lines.start(i);
    const e = lines.end(i);
    if (e === s) break;
    const c0 = t.charCodeAt(s);
    if ((c0 === 40 && detailHeaderId(lines, i) >= 0) || (c0 === 83 && t.startsWith("Subquery:", s))) break;
    const keyEnd = fieldKeyEnd(t, s, e);
    if (keyEnd > s) {
      const known = knownKey(t, s, keyEnd);
      let key: string;
      if (known !== undefined) {
        // Spark's own keys are literals here: a repeat is the same string object, seen before.
        let seen = false;
        if (knownCount < knownSeen.length) {
          for (let k = 0; k < knownCount && !seen; k++) seen = knownSeen[k] === known;
          knownSeen[knownCount++] = known;
        } else seen = known in fields;
        key = seen ? uniqueKey(fields, known) : known;
      } else {
        key = t.slice(s, keyEnd);
        if (key in fields) key = uniqueKey(fields, key);
      }
      lastKey = key;
      fields[lastKey] = t.slice(valueStart(t, s, keyEnd, e), e);
    } else if (lastKey !== null) {
      // A value printed over several lines (a long expression, a nested plan string).
      fields[lastKey] = `${fields[lastKey]}\n${t.slice(s, e)}`;
    } else {
      lastKey = uniqueKey(fields, "Text");
      fields[lastKey] = t.slice(s, e);
    }
  }
  if (into !== null) {
    into.count++;
    into.ids.push(operatorId);
    into.fields[operatorId] = fields;
    into.startLine[operatorId] = start + 1;
    into.endLine[operatorId] = i;
    into.codegenStage[operatorId] = codegenStage;
    into.reuses[operatorId] = reuses;
    into.used[operatorId] = 0;
  }
  return i;
}

/**
 * `n` when the header `t[head..e)` ends with `prefix` + `n]` (spaces after it allowed), else -1.
 */
function suffixNumber(t: string, head: number, e: number, prefix: string): number {
  while (e > head && t.charCodeAt(e - 1) === 32) e--;
  if (t.charCodeAt(e - 1) !== 93) return -1; // ']'
  let open = e - 1;
  while (open > head && t.charCodeAt(open) !== 91) open--;
  return t.startsWith(prefix, open) ? bracketNumber(t, open + prefix.length, e - 1) : -1;
}

/** The digits of `t[p..end)`, or -1 when there are none or anything else. */
function bracketNumber(t: string, p: number, end: number): number {
  let n = 0;
  if (p >= end) return -1;
  for (; p < end; p++) {
    const c = t.charCodeAt(p);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  return n;
}

/** Scratch list of the first known keys met in the block being read (reused: nothing allocated). */
const knownSeen: string[] = new Array(16).fill("");

function knownKey(t: string, s: number, keyEnd: number): string | undefined {
  const candidates = KEYS_BY_SHAPE.get((keyEnd - s) * 128 + t.charCodeAt(s));
  if (candidates === undefined) return undefined;
  for (const k of candidates) {
    let j = 1;
    while (j < k.length && t.charCodeAt(s + j) === k.charCodeAt(j)) j++;
    if (j === k.length) return k;
  }
  return undefined;
}

/**
 * `Left keys [1]: [...]`, `Condition : (...)`, `Join type: Inner`, `PushedFilters: [...]`; and
 * Spark's test goldens mask paths as `Location [not included in comparison]/{warehouse_dir}/t]`.
 * Returns the offset where the key ends (`s`: not a field line). Allocates nothing: it runs once
 * per detail line, the bulk of a formatted plan.
 */
function fieldKeyEnd(t: string, s: number, e: number): number {
  const c0 = t.charCodeAt(s);
  if (c0 < 65 || c0 > 90) return s; // keys start with a capital letter
  if (c0 === 76 && t.startsWith("Location", s) && t.charCodeAt(s + 8) !== 58) return s + 8;
  let p = s + 1;
  while (p < e && isKeyChar(t.charCodeAt(p))) p++;
  if (p >= e) return s;
  const c = t.charCodeAt(p);
  if (c === 58) return t.charCodeAt(p - 1) === 32 ? p - 1 : p; // `Key: ...`, `Condition : ...`
  // `Keys [2]: ...`: the key, then its element count.
  if (c !== 91 || t.charCodeAt(p - 1) !== 32) return s;
  let colon = p + 1;
  while (colon < e && t.charCodeAt(colon) !== 58) colon++;
  if (colon >= e) return s;
  let close = colon;
  if (t.charCodeAt(close - 1) === 32) close--;
  if (t.charCodeAt(close - 1) !== 93) return s;
  for (let q = p + 1; q < close; q++) if (t.charCodeAt(q) === 91 && t.charCodeAt(q - 1) === 32) return s;
  return Math.max(p - 1, s);
}

/** `[A-Za-z0-9 _-]` */
function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === 32 || c === 45;
}

function valueStart(t: string, s: number, keyEnd: number, e: number): number {
  let i = keyEnd;
  if (keyEnd === s + 8 && t.charCodeAt(keyEnd) !== 58 && t.startsWith("Location", s)) {
    while (i < e && t.charCodeAt(i) === 32) i++; // `Location [not included in comparison]...`
    return i;
  }
  while (i < e && t.charCodeAt(i) !== 58) i++; // the ':' (after a ` [n]` count)
  i++;
  if (t.charCodeAt(i) === 32 && i < e) i++;
  return Math.min(i, e);
}

/** Per repeated key of the block being read, the next number to try (scratch, cleared per block). */
const repeats = new Map<string, number>();

/** `Key 2`, `Key 3` ... for a key the block already has (each number found in constant time). */
function uniqueKey(fields: Record<string, string>, key: string): string {
  let n = repeats.get(key) ?? 2;
  while (`${key} ${n}` in fields) n++;
  repeats.set(key, n + 1);
  return `${key} ${n}`;
}
