import { readNumberish, readString, skipNumber, skipString, skipValue, skipWs, walkObject } from "./json";

/**
 * The fields of a SparkListenerTaskEnd we keep, read by a targeted scan instead of JSON.parse:
 * TaskEnd lines are most of a log, and each holds dozens of accumulables we never look at.
 * Written by JsonProtocol.taskEndToJson:
 * https://github.com/apache/spark/blob/v3.5.1/core/src/main/scala/org/apache/spark/util/JsonProtocol.scala
 */
export interface TaskEndFields {
  stageId: number;
  stageAttempt: number;
  /** `Task End Reason.Reason` is `Success`. */
  success: boolean;
  taskId: number;
  index: number;
  attempt: number;
  launchTime: number;
  finishTime: number;
  executorId: string;
  /** Task metrics; NaN when the event carries none (failed tasks in old versions). */
  runTime: number;
  gcTime: number;
  memorySpilled: number;
  diskSpilled: number;
  inputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  /** Accumulable (ID, Update) pairs; `accumCount` of them are valid in these reused arrays. */
  accumIds: number[];
  accumUpdates: number[];
  accumCount: number;
}

export function newTaskEndFields(): TaskEndFields {
  return {
    stageId: -1,
    stageAttempt: 0,
    success: false,
    taskId: -1,
    index: -1,
    attempt: 0,
    launchTime: Number.NaN,
    finishTime: Number.NaN,
    executorId: "",
    runTime: Number.NaN,
    gcTime: Number.NaN,
    memorySpilled: Number.NaN,
    diskSpilled: Number.NaN,
    inputBytes: Number.NaN,
    shuffleReadBytes: Number.NaN,
    shuffleWriteBytes: Number.NaN,
    accumIds: [],
    accumUpdates: [],
    accumCount: 0,
  };
}

const num = [0];
const strEnd = [0];

function readNum(s: string, i: number, set: (v: number) => void): number {
  const j = readNumberish(s, i, num);
  if (j >= 0) set(num[0]!);
  return j;
}

/** `"Key":` at `i` (Spark's fixed member order); returns the index after the colon or -1. */
function expectKey(s: string, i: number, quotedKeyColon: string): number {
  return s.startsWith(quotedKeyColon, i) ? i + quotedKeyColon.length : -1;
}

/**
 * One accumulable. Fast path for Spark's member order `{"ID":n,"Name":"..","Update":v,...}` with
 * no slicing or callbacks; anything else goes through the generic walker.
 */
function readAccumulable(s: string, i: number, t: TaskEndFields): number {
  let j = expectKey(s, i, '{"ID":');
  if (j >= 0) {
    const idEnd = skipNumber(s, j);
    const nameAt = idEnd < 0 ? -1 : expectKey(s, idEnd, ',"Name":');
    const nameEnd = nameAt < 0 || s.charCodeAt(nameAt) !== 0x22 ? -1 : skipString(s, nameAt);
    const updAt = nameEnd < 0 ? -1 : expectKey(s, nameEnd, ',"Update":');
    if (updAt >= 0) {
      const updEnd = readNumberish(s, updAt, num);
      if (updEnd < 0) return -1;
      const id = Number(s.slice(j, idEnd));
      const update = num[0]!;
      // The remaining members: validated, not kept.
      j = updEnd;
      for (;;) {
        const c = s.charCodeAt(j);
        if (c === 0x7d) break;
        if (c !== 0x2c || s.charCodeAt(j + 1) !== 0x22) return -1;
        j = skipString(s, j + 1);
        if (j < 0 || s.charCodeAt(j) !== 0x3a) return -1;
        j = skipValue(s, skipWs(s, j + 1), 3);
        if (j < 0) return -1;
        j = skipWs(s, j);
      }
      if (!Number.isNaN(update)) {
        t.accumIds[t.accumCount] = id;
        t.accumUpdates[t.accumCount] = update;
        t.accumCount++;
      }
      return j + 1;
    }
  }
  let id = Number.NaN;
  let update = Number.NaN;
  j = walkObject(
    s,
    i,
    (key, v) => {
      if (key === "ID") return readNum(s, v, (x) => (id = x));
      if (key === "Update") return readNum(s, v, (x) => (update = x));
      return undefined;
    },
    2,
  );
  if (j >= 0 && !Number.isNaN(id) && !Number.isNaN(update)) {
    t.accumIds[t.accumCount] = id;
    t.accumUpdates[t.accumCount] = update;
    t.accumCount++;
  }
  return j;
}

function readAccumulables(s: string, i: number, t: TaskEndFields): number {
  if (s.charCodeAt(i) !== 0x5b) return skipValue(s, i);
  i = skipWs(s, i + 1);
  if (s.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    i = readAccumulable(s, i, t);
    if (i < 0) return -1;
    i = skipWs(s, i);
    const c = s.charCodeAt(i);
    if (c === 0x2c) i = skipWs(s, i + 1);
    else if (c === 0x5d) return i + 1;
    else return -1;
  }
}

/**
 * Fills `t` from one TaskEnd line and returns true, or returns false when the line is not
 * well-formed JSON (then `t` holds garbage).
 */
export function readTaskEnd(s: string, t: TaskEndFields): boolean {
  t.stageId = -1;
  t.stageAttempt = 0;
  t.success = false;
  t.taskId = -1;
  t.index = -1;
  t.attempt = 0;
  t.launchTime = Number.NaN;
  t.finishTime = Number.NaN;
  t.executorId = "";
  t.runTime = Number.NaN;
  t.gcTime = Number.NaN;
  t.memorySpilled = Number.NaN;
  t.diskSpilled = Number.NaN;
  t.inputBytes = Number.NaN;
  t.shuffleReadBytes = Number.NaN;
  t.shuffleWriteBytes = Number.NaN;
  t.accumCount = 0;
  let remoteRead = 0;
  let localRead = 0;
  const shuffleRead = (key: string, v: number): number | undefined => {
    if (key === "Remote Bytes Read") return readNum(s, v, (x) => (remoteRead = x));
    if (key === "Local Bytes Read") return readNum(s, v, (x) => (localRead = x));
    return undefined;
  };
  let sawShuffleRead = false;
  const metrics = (key: string, v: number): number | undefined => {
    switch (key) {
      case "Executor Run Time":
        return readNum(s, v, (x) => (t.runTime = x));
      case "JVM GC Time":
        return readNum(s, v, (x) => (t.gcTime = x));
      case "Memory Bytes Spilled":
        return readNum(s, v, (x) => (t.memorySpilled = x));
      case "Disk Bytes Spilled":
        return readNum(s, v, (x) => (t.diskSpilled = x));
      case "Shuffle Read Metrics":
        sawShuffleRead = true;
        return walkObject(s, v, shuffleRead, 2);
      case "Shuffle Write Metrics":
        return walkObject(
          s,
          v,
          (k, w) =>
            k === "Shuffle Bytes Written" ? readNum(s, w, (x) => (t.shuffleWriteBytes = x)) : undefined,
          2,
        );
      case "Input Metrics":
        return walkObject(
          s,
          v,
          (k, w) => (k === "Bytes Read" ? readNum(s, w, (x) => (t.inputBytes = x)) : undefined),
          2,
        );
      default:
        return undefined;
    }
  };
  const info = (key: string, v: number): number | undefined => {
    switch (key) {
      case "Task ID":
        return readNum(s, v, (x) => (t.taskId = x));
      case "Index":
        return readNum(s, v, (x) => (t.index = x));
      case "Attempt":
        return readNum(s, v, (x) => (t.attempt = x));
      case "Launch Time":
        return readNum(s, v, (x) => (t.launchTime = x));
      case "Finish Time":
        return readNum(s, v, (x) => (t.finishTime = x));
      case "Executor ID": {
        const id = s.charCodeAt(v) === 0x22 ? readString(s, v, strEnd) : null;
        if (id === null) return skipValue(s, v);
        t.executorId = id;
        return strEnd[0]!;
      }
      case "Accumulables":
        return readAccumulables(s, v, t);
      default:
        return undefined;
    }
  };
  const top = (key: string, v: number): number | undefined => {
    switch (key) {
      case "Stage ID":
        return readNum(s, v, (x) => (t.stageId = x));
      case "Stage Attempt ID":
        return readNum(s, v, (x) => (t.stageAttempt = x));
      case "Task End Reason":
        return walkObject(s, v, (k, w) => {
          if (k !== "Reason") return undefined;
          t.success = s.startsWith('"Success"', w);
          return undefined;
        });
      case "Task Info":
        return walkObject(s, v, info);
      case "Task Metrics":
        return s.charCodeAt(v) === 0x7b ? walkObject(s, v, metrics) : undefined;
      default:
        return undefined;
    }
  };
  let i = 0;
  while (s.charCodeAt(i) === 0x20) i++;
  i = walkObject(s, i, top);
  if (i < 0) return false;
  while (i < s.length && s.charCodeAt(i) <= 0x20) i++;
  if (i !== s.length) return false;
  if (sawShuffleRead) t.shuffleReadBytes = remoteRead + localRead;
  return true;
}
