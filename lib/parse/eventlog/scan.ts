import { readNumberish, readString } from "./json";
import type { TaskEndFields } from "./taskend";

/**
 * The fast path for the lines that are most of any log (TaskEnd, TaskStart, metric updates): no
 * token walk, only native `indexOf` hops.
 *
 * `looksBalanced` is a cheap necessary check: the line ends with `}` and has as many `{` as `}` and
 * as many `[` as `]` (counted over the whole line, strings included). A cut line (`.inprogress`) or
 * two lines glued by a crashed writer fails it; the caller then runs the exact validator, so a valid
 * line whose strings hold unbalanced brackets still counts as valid. What it lets through is a
 * balanced line garbled in place (a stray character between members): such lines are counted as
 * events, not as malformed. Events we use are still JSON.parse'd, so they are never affected.
 */
export function looksBalanced(s: string): boolean {
  let end = s.length - 1;
  while (end > 0 && s.charCodeAt(end) <= 0x20) end--;
  if (s.charCodeAt(end) !== 0x7d) return false;
  return count(s, "{") === count(s, "}") && count(s, "[") === count(s, "]");
}

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

const num = [0];
const strEnd = [0];

/**
 * Index of `"` + `key` (key given without its opening quote) at or after `from`, or -1. Searching
 * from the key's first letter, not from `"`: V8 finds a pattern's first character with memchr, and
 * `"` is every few bytes of JSON.
 */
function keyAt(s: string, key: string, from: number): number {
  for (let k = s.indexOf(key, from + 1); k >= 0; k = s.indexOf(key, k + 1)) {
    if (s.charCodeAt(k - 1) === 0x22) return k - 1;
  }
  return -1;
}

/**
 * A plain non-negative integer at `i` (optionally inside quotes, as Spark 3 writes SQL metric
 * updates), into `num[0]`; returns the index after it, or -1 when the value is anything else.
 * Avoids slicing a string per number.
 */
function uintAt(s: string, i: number): number {
  const quoted = s.charCodeAt(i) === 0x22;
  let j = quoted ? i + 1 : i;
  const start = j;
  let v = 0;
  for (let c = s.charCodeAt(j); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++j)) v = v * 10 + (c - 0x30);
  const len = j - start;
  if (len === 0 || len > 15 || (len > 1 && s.charCodeAt(start) === 0x30)) return -1;
  if (quoted) {
    if (s.charCodeAt(j) !== 0x22) return -1;
    j++;
  } else {
    const c = s.charCodeAt(j);
    if (c === 0x2e || c === 0x65 || c === 0x45) return -1; // a fraction or exponent follows
  }
  num[0] = v;
  return j;
}

/** The number after `"key":` searched from `from` (before `limit`); NaN when absent or not a number. */
function numberAt(s: string, key: string, from: number, limit: number): number {
  const k = keyAt(s, key, from);
  if (k < 0 || k >= limit) return Number.NaN;
  const at = k + 1 + key.length;
  if (uintAt(s, at) >= 0) return num[0]!;
  return readNumberish(s, at, num) < 0 ? Number.NaN : num[0]!;
}

/**
 * Reads a SparkListenerTaskEnd by key position, in the member order JsonProtocol writes: a key
 * found with indexOf is a real key, since a `"` inside a string is always escaped. Returns false
 * when the line is laid out otherwise (other writers, escapes, a missing section): the caller then
 * takes the exact walker in taskend.ts. Call it only on lines that passed `looksBalanced`. With
 * `keep`, only accumulables whose ID it has are read (the others are skipped, not checked).
 */
export function readTaskEndFast(s: string, t: TaskEndFields, keep?: { has(id: number): boolean }): boolean {
  if (s.indexOf("\\") >= 0) return false;
  const reason = keyAt(s, 'Task End Reason":{"Reason":', -1);
  const info = keyAt(s, 'Task Info":{', reason);
  if (reason < 0 || info < 0) return false;
  const metrics = keyAt(s, 'Task Metrics":', info);
  const execMetrics = keyAt(s, 'Task Executor Metrics":', info);
  const infoEnd = Math.min(metrics < 0 ? s.length : metrics, execMetrics < 0 ? s.length : execMetrics);
  t.stageId = numberAt(s, 'Stage ID":', 0, reason);
  t.stageAttempt = numberAt(s, 'Stage Attempt ID":', 0, reason);
  if (Number.isNaN(t.stageId) || Number.isNaN(t.stageAttempt)) return false;
  t.success = s.startsWith('"Success"', reason + 28);
  t.taskId = numberAt(s, 'Task ID":', info, infoEnd);
  t.index = numberAt(s, 'Index":', info, infoEnd);
  t.attempt = numberAt(s, 'Attempt":', info, infoEnd);
  t.launchTime = numberAt(s, 'Launch Time":', info, infoEnd);
  t.finishTime = numberAt(s, 'Finish Time":', info, infoEnd);
  if (Number.isNaN(t.taskId) || Number.isNaN(t.index) || Number.isNaN(t.attempt)) return false;
  const ex = keyAt(s, 'Executor ID":', info);
  if (ex < 0 || ex >= infoEnd || s.charCodeAt(ex + 14) !== 0x22) return false;
  t.executorId = readString(s, ex + 14, strEnd) ?? "";
  t.accumCount = 0;
  const acc = keyAt(s, 'Accumulables":[', info);
  if (acc >= 0 && acc < infoEnd && !readAccumulables(s, acc + 16, infoEnd, t, keep)) return false;
  t.runTime = Number.NaN;
  t.gcTime = Number.NaN;
  t.memorySpilled = Number.NaN;
  t.diskSpilled = Number.NaN;
  t.inputBytes = Number.NaN;
  t.shuffleReadBytes = Number.NaN;
  t.shuffleWriteBytes = Number.NaN;
  if (metrics >= 0 && s.charCodeAt(metrics + 15) === 0x7b) {
    const end = s.length;
    t.runTime = numberAt(s, 'Executor Run Time":', metrics, end);
    t.gcTime = numberAt(s, 'JVM GC Time":', metrics, end);
    t.memorySpilled = numberAt(s, 'Memory Bytes Spilled":', metrics, end);
    t.diskSpilled = numberAt(s, 'Disk Bytes Spilled":', metrics, end);
    const read = keyAt(s, 'Shuffle Read Metrics":{', metrics);
    if (read >= 0) {
      const remote = numberAt(s, 'Remote Bytes Read":', read, end);
      const local = numberAt(s, 'Local Bytes Read":', read, end);
      t.shuffleReadBytes = (Number.isNaN(remote) ? 0 : remote) + (Number.isNaN(local) ? 0 : local);
    }
    const write = keyAt(s, 'Shuffle Write Metrics":{', metrics);
    if (write >= 0) t.shuffleWriteBytes = numberAt(s, 'Shuffle Bytes Written":', write, end);
    const input = keyAt(s, 'Input Metrics":{', metrics);
    if (input >= 0) t.inputBytes = numberAt(s, 'Bytes Read":', input, end);
  }
  return true;
}

/**
 * Accumulables `{"ID":n,"Name":"..","Update":v,...}` from `i` up to `limit`; the members after
 * Update are scalars we do not keep, so the next `{"ID":` is the next accumulable.
 */
function readAccumulables(
  s: string,
  i: number,
  limit: number,
  t: TaskEndFields,
  keep: { has(id: number): boolean } | undefined,
): boolean {
  for (let a = s.indexOf('{"ID":', i); a >= 0 && a < limit; a = s.indexOf('{"ID":', a + 6)) {
    const idEnd = uintAt(s, a + 6);
    if (idEnd < 0 || s.charCodeAt(a + 6) === 0x22) return false;
    const id = num[0]!;
    // An accumulator no plan node has (internal task metrics): nothing of it is kept. Without a
    // backslash in the line, every `{"ID":` is structural, so the next one is the next accumulable.
    if (keep && !keep.has(id)) {
      a = idEnd - 6;
      continue;
    }
    if (!has(s, idEnd, NAME)) return false;
    // The name holds no backslash (checked for the whole line), so its end is the next quote.
    const nameEnd = s.indexOf('"', idEnd + 9) + 1;
    if (nameEnd <= 0) return false;
    if (!has(s, nameEnd, UPDATE)) {
      if (s.charCodeAt(nameEnd) === 0x7d || has(s, nameEnd, VALUE)) continue; // no Update
      return false;
    }
    const after = uintAt(s, nameEnd + 10);
    if (after < 0 && readNumberish(s, nameEnd + 10, num) < 0) return false;
    const update = num[0]!;
    if (after >= 0) a = after - 6; // the next accumulable starts after this number
    if (Number.isNaN(update)) continue;
    t.accumIds[t.accumCount] = id;
    t.accumUpdates[t.accumCount] = update;
    t.accumCount++;
  }
  return true;
}

const codes = (lit: string) => Int32Array.from(lit, (c) => c.charCodeAt(0));
const NAME = codes(',"Name":"');
const UPDATE = codes(',"Update":');
const VALUE = codes(',"Value":');

/** `s.startsWith(lit, i)` for a literal given as char codes: inline compares, not a builtin call. */
function has(s: string, i: number, lit: Int32Array): boolean {
  for (let k = 0; k < lit.length; k++) if (s.charCodeAt(i + k) !== lit[k]) return false;
  return true;
}
