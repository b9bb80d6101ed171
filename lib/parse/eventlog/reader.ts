import { AppState } from "./app";
import {
  type AutoDecoder,
  type AutoDecoderOptions,
  CodecError,
  createAutoDecoder,
  DecompressedLimitError,
} from "./codecs/index";
import { applyEvent, HANDLERS, isMalformed, KNOWN_SKIPPED, parseEvent, shortName } from "./events";
import type { EventCounts, EventLogOutcome, EventLogResult, InputFile, Progress, ReadWarning } from "./model";
import { looksBalanced, readTaskEndFast } from "./scan";
import { summarizeApp } from "./summarize";
import { newTaskEndFields, readTaskEnd } from "./taskend";

export interface ReaderOptions extends AutoDecoderOptions {
  /** Called at most every `progressIntervalMs` while reading, and once at the end. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /**
   * Longest line read, in bytes (DEFAULT_MAX_LINE_BYTES). Longer lines are skipped while they
   * stream past, never held whole, and count as malformed.
   */
  readonly maxLineLength?: number;
  /**
   * How the caller's user raises each limit, quoted in the messages that name it (the CLI says
   * `--max-line-bytes N`, the page its Options). Default: the option names.
   */
  readonly raiseHints?: { readonly maxLineLength?: string; readonly maxDecompressedBytes?: string };
  readonly maxWarnings?: number;
  /** Spark version to report when the log has no SparkListenerLogStart (1.x folders name it). */
  readonly fallbackSparkVersion?: string | null;
}

/**
 * The push-based core: feed each input file's bytes in order, get an EventLogResult. Nothing here
 * touches the file system, so a browser Worker can drive it with `File.stream()`; `node.ts` drives
 * it from disk. Never throws on bad input: errors end up in the outcome.
 */
export interface EventLogReader {
  /** Starts the next input file (each has its own codec and its own lines). */
  beginFile(name: string): void;
  /** The reader may keep views of `chunk` (a block spanning chunks): never reuse it afterwards. */
  push(chunk: Uint8Array): void;
  endFile(): void;
  /** Ends reading and builds the model. */
  finish(): EventLogOutcome;
  progress(): Progress;
  /** Set once a fatal error stopped reading; further input is ignored. */
  readonly failed: boolean;
}

const PREFIX = '{"Event":"';

/**
 * 64 MiB: real event-log lines reach a few hundred KiB (the corpus's longest is 80 KiB: a plan),
 * and a line read whole is held three to six times over (bytes, string, parsed JSON). Keeps the CLI
 * under 1 GB and the page's Worker well within a tab's memory whatever the input.
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** `64 MiB (67108864 bytes)`: a limit as people and as options read it. */
export function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  const human = mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
  return mib >= 1 ? `${human} (${bytes} bytes)` : human;
}

type IndexOf = (this: Uint8Array, value: number, from: number) => number;
type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;
/**
 * Node's Buffer#indexOf is memchr (works on any Uint8Array); V8's Uint8Array#indexOf is a plain
 * loop, five times slower, and finding line ends was a fifth of the reading time. Browsers (no
 * Buffer) take the standard one.
 */
const bufferProto = (globalThis as { Buffer?: { prototype: { indexOf: IndexOf; utf8Slice?: Utf8Slice } } })
  .Buffer?.prototype;
const bufferIndexOf = bufferProto?.indexOf;
/**
 * Node's Buffer#utf8Slice: the same V8 UTF-8 decoding (U+FFFD for bad bytes) as TextDecoder, minus
 * a view object and the argument checks per line. TextDecoder also drops a leading BOM: only used on
 * lines that start with `{`.
 */
const bufferUtf8Slice = bufferProto?.utf8Slice;
const indexOfByte: (b: Uint8Array, value: number, from: number) => number = bufferIndexOf
  ? (b, value, from) => bufferIndexOf.call(b, value, from)
  : (b, value, from) => b.indexOf(value, from);
const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export function createEventLogReader(options: ReaderOptions = {}): EventLogReader {
  const maxLine = options.maxLineLength ?? DEFAULT_MAX_LINE_BYTES;
  const raiseLine = options.raiseHints?.maxLineLength ?? "raise maxLineLength";
  const raiseDecoded = options.raiseHints?.maxDecompressedBytes ?? "raise maxDecompressedBytes";
  /** Lines skipped for being longer than `maxLine`, over all files. */
  let longLines = 0;
  const maxWarnings = options.maxWarnings ?? 100;
  const interval = options.progressIntervalMs ?? 200;
  const started = now();
  let lastProgress = started;
  const counts = { events: 0, sqlExecutions: 0, jobs: 0, stages: 0, tasks: 0, malformedLines: 0 };
  let unknownEvents = 0;
  let nonEventLines = 0;
  const warnings: ReadWarning[] = [];
  let droppedWarnings = 0;
  const files: InputFile[] = [];
  const apps: AppState[] = [new AppState()];
  let app = apps[0]!;
  let error: { message: string; file: string | null } | null = null;
  let totalRead = 0;
  let decodedBefore = 0;
  const task = newTaskEndFields();

  // Per-file state.
  let fileName: string | null = null;
  let fileBytes = 0;
  let decoder: AutoDecoder | null = null;
  let lineNo = 0;
  let lastMalformedLine = 0;
  let skippingLongLine = false;

  const warn = (message: string, line: number | null) => {
    if (warnings.length < maxWarnings) warnings.push({ message, file: fileName, line });
    else droppedWarnings++;
  };

  const malformed = (line: string) => {
    counts.malformedLines++;
    lastMalformedLine = lineNo;
    warn(
      `line ${lineNo} is not valid JSON (${line.length} chars, starts ${JSON.stringify(line.slice(0, 40))})`,
      lineNo,
    );
  };

  /** One event of this (short) name arrived: splits applications at a second log/app start. */
  const beginEvent = (short: string) => {
    if ((short === "SparkListenerLogStart" || short === "SparkListenerApplicationStart") && app.hasAppStart) {
      app = new AppState();
      apps.push(app);
    }
    if (short === "DBCEventLoggingListenerMetadata" && !app.hasEvents) app.writer = "databricks";
    app.hasEvents = true;
    counts.events++;
    app.eventTypes.set(short, (app.eventTypes.get(short) ?? 0) + 1);
    if (short === "SparkListenerSQLExecutionStart") counts.sqlExecutions++;
    else if (short === "SparkListenerJobStart") counts.jobs++;
    else if (short === "SparkListenerStageCompleted") counts.stages++;
    else if (!HANDLERS.has(short) && !KNOWN_SKIPPED.has(short) && short !== "SparkListenerTaskEnd")
      unknownEvents++;
  };

  /** A TaskEnd line in Spark's key order (name read by prefix, no escapes in it), trimmed. */
  const taskEndLine = (s: string) => {
    // Fast key-position read of a balanced line; the exact walker for anything else.
    if (!(looksBalanced(s) && readTaskEndFast(s, task, app.metrics)) && !readTaskEnd(s, task))
      return malformed(s);
    beginEvent("SparkListenerTaskEnd");
    counts.tasks++;
    app.taskEnd(task);
  };

  const line = (raw: string) => {
    lineNo++;
    let s = raw;
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) <= 0x20) end--;
    if (end === 0) return;
    if (end !== s.length) s = s.slice(0, end);
    let name: string | null = null;
    let parsed: unknown;
    if (s.startsWith(PREFIX)) {
      const q = s.indexOf('"', PREFIX.length);
      if (q > 0) name = s.slice(PREFIX.length, q);
    }
    if (name === null || name.includes("\\")) {
      // Not in Spark's key order, or an escaped name: take the slow, exact path.
      try {
        parsed = JSON.parse(s);
      } catch {
        return malformed(s);
      }
      const ev = (parsed as { Event?: unknown } | null)?.Event;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || typeof ev !== "string") {
        nonEventLines++;
        return warn(`line ${lineNo} is JSON but not an event`, lineNo);
      }
      name = ev;
    }
    const short = shortName(name);
    if (short === "SparkListenerTaskEnd" && parsed === undefined) return taskEndLine(s);
    if (short === "SparkListenerTaskEnd") {
      // Not in Spark's key order: parsed above; read the fields with the scanner all the same.
      beginEvent(short);
      counts.tasks++;
      if (readTaskEnd(s, task)) app.taskEnd(task);
      return;
    }
    const obj = parseEvent(short, s, parsed);
    if (isMalformed(obj)) return malformed(s);
    beginEvent(short);
    const problem = applyEvent(app, short, obj);
    if (problem !== null) warn(`line ${lineNo}: ${problem}`, lineNo);
  };

  /**
   * Lines are cut at `\n` bytes and looked at as bytes first: an event we only count (TaskStart,
   * block manager and metrics updates, ...) is named and bracket-checked in place, without a string.
   * Other lines are decoded one by one (whole UTF-8 sequences, so no streaming mode). A line that
   * spans chunks is gathered in `carry`, a buffer reused from line to line.
   */
  const utf8 = new TextDecoder("utf-8");
  let carry = new Uint8Array(1 << 16);
  let carryLength = 0;

  /** Appends to the carried line; callers keep `carryLength` within `maxLine`, so is `carry`. */
  const toCarry = (b: Uint8Array, from: number, to: number) => {
    const n = to - from;
    if (carryLength + n > carry.length) {
      let size = carry.length * 2;
      while (size < carryLength + n) size *= 2;
      size = Math.max(carryLength + n, Math.min(size, maxLine));
      const grown = new Uint8Array(size);
      grown.set(carry.subarray(0, carryLength));
      carry = grown;
    }
    carry.set(b.subarray(from, to), carryLength);
    carryLength += n;
  };

  const dropCarry = () => {
    carryLength = 0;
    if (carry.length > 1 << 24) carry = new Uint8Array(1 << 16);
  };

  /** A line that starts with `{` (so no BOM question) as a string, like `utf8.decode`. */
  const decodeLine: (b: Uint8Array, start: number, end: number) => string = bufferUtf8Slice
    ? (b, start, end) => bufferUtf8Slice.call(b, start, end)
    : (b, start, end) => utf8.decode(b.subarray(start, end));

  const slowLine = (b: Uint8Array, start: number, end: number) => line(utf8.decode(b.subarray(start, end)));

  /** Full event name bytes → short name, by FNV-1a hash of the bytes (checked byte for byte). */
  const names = new Map<number, { bytes: Uint8Array; short: string }>();

  const nameOf = (b: Uint8Array, from: number, to: number, hash: number): string | null => {
    const hit = names.get(hash);
    if (hit) {
      const n = hit.bytes;
      if (n.length !== to - from) return null;
      for (let i = 0; i < n.length; i++) if (n[i] !== b[from + i]) return null;
      return hit.short;
    }
    if (names.size >= 4096) return null;
    const bytes = b.slice(from, to);
    const short = shortName(utf8.decode(bytes));
    names.set(hash, { bytes, short });
    return short;
  };

  /** One line `b[start, end)` (without its `\n`). */
  const lineBytes = (b: Uint8Array, start: number, end: number) => {
    while (end > start && b[end - 1]! <= 0x20) end--;
    if (end === start) {
      lineNo++;
      return;
    }
    // `{"Event":"` then the name up to the next quote, ASCII without escapes.
    if (
      end - start < 13 ||
      b[start] !== 0x7b ||
      b[start + 1] !== 0x22 ||
      b[start + 2] !== 0x45 ||
      b[start + 3] !== 0x76 ||
      b[start + 4] !== 0x65 ||
      b[start + 5] !== 0x6e ||
      b[start + 6] !== 0x74 ||
      b[start + 7] !== 0x22 ||
      b[start + 8] !== 0x3a ||
      b[start + 9] !== 0x22
    )
      return slowLine(b, start, end);
    let hash = 0x811c9dc5;
    let i = start + 10;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === 0x22) break;
      if (c === 0x5c || c >= 0x80) return slowLine(b, start, end);
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    if (i >= end) return slowLine(b, start, end);
    const short = nameOf(b, start + 10, i, hash);
    if (short === "SparkListenerTaskEnd") {
      lineNo++;
      return taskEndLine(decodeLine(b, start, end));
    }
    if (short === null || HANDLERS.has(short)) return slowLine(b, start, end);
    // Counted only: the bracket check of `looksBalanced`, on bytes (`{}[]` never occur inside a
    // multi-byte UTF-8 sequence); anything else takes the exact path on the decoded line.
    if (b[end - 1] !== 0x7d) return slowLine(b, start, end);
    let curly = 0;
    let square = 0;
    for (let j = start; j < end; j++) {
      const c = b[j]!;
      if (c === 0x7b) curly++;
      else if (c === 0x7d) curly--;
      else if (c === 0x5b) square++;
      else if (c === 0x5d) square--;
    }
    if (curly !== 0 || square !== 0) return slowLine(b, start, end);
    lineNo++;
    beginEvent(short);
  };

  /**
   * A line longer than `maxLine`: counted and named, its bytes dropped as they stream past (the
   * rest up to the next `\n` is skipped by `onBytes`). Never decoded, never held whole.
   */
  const tooLong = () => {
    lineNo++;
    counts.malformedLines++;
    longLines++;
    lastMalformedLine = lineNo;
    warn(
      `line ${lineNo} is longer than the line limit of ${formatLimit(maxLine)}; skipped unread (to read it, ${raiseLine})`,
      lineNo,
    );
    dropCarry();
  };

  const onBytes = (chunk: Uint8Array) => {
    let from = 0;
    if (skippingLongLine) {
      const nl = indexOfByte(chunk, 10, 0);
      if (nl < 0) return;
      skippingLongLine = false;
      from = nl + 1;
    }
    if (carryLength > 0) {
      const nl = indexOfByte(chunk, 10, from);
      const to = nl >= 0 ? nl : chunk.length;
      if (carryLength + (to - from) > maxLine) {
        tooLong();
        if (nl < 0) {
          skippingLongLine = true;
          return;
        }
      } else {
        toCarry(chunk, from, to);
        if (nl < 0) return; // the whole chunk is more of the carried line
        const n = carryLength;
        carryLength = 0;
        lineBytes(carry, 0, n);
        dropCarry();
      }
      from = nl + 1;
    }
    for (let nl = indexOfByte(chunk, 10, from); nl >= 0; nl = indexOfByte(chunk, 10, from)) {
      if (nl - from > maxLine) tooLong();
      else lineBytes(chunk, from, nl);
      from = nl + 1;
    }
    if (from < chunk.length) {
      if (chunk.length - from > maxLine) {
        tooLong();
        skippingLongLine = true;
      } else toCarry(chunk, from, chunk.length);
    }
  };

  const fail = (e: unknown) => {
    const message =
      e instanceof DecompressedLimitError
        ? `decompressed size exceeds the limit of ${formatLimit(e.limit)} (possible decompression bomb); to read it, ${raiseDecoded}`
        : e instanceof CodecError
          ? e.message
          : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    error = { message: fileName ? `${fileName}: ${message}` : message, file: fileName };
    decoder = null;
  };

  const guarded = (f: () => void) => {
    if (error) return;
    try {
      f();
    } catch (e) {
      fail(e);
    }
  };

  const progress = (): Progress => {
    const elapsed = now() - started;
    return {
      bytesRead: totalRead,
      decodedBytes: decodedBefore + (decoder?.decodedBytes ?? 0),
      events: counts.events,
      elapsedMs: elapsed,
      eventsPerSecond: elapsed > 0 ? (counts.events * 1000) / elapsed : 0,
      file: fileName,
    };
  };

  const closeFile = () => {
    if (fileName === null) return;
    guarded(() => {
      decoder?.end();
      if (carryLength > 0 && !skippingLongLine) {
        const n = carryLength;
        carryLength = 0;
        lineBytes(carry, 0, n);
        if (lastMalformedLine === lineNo)
          warn(`the last line (${lineNo}) is cut: the log was still being written`, lineNo);
      }
      if (decoder?.truncated)
        warn(`the ${decoder.codec} stream ends mid-block: the file is cut; read what came before`, null);
    });
    files.push({
      name: fileName,
      bytes: fileBytes,
      decodedBytes: decoder?.decodedBytes ?? 0,
      codecs: decoder ? [...decoder.codecs] : [],
      truncated: decoder?.truncated ?? false,
    });
    decodedBefore += decoder?.decodedBytes ?? 0;
    fileName = null;
    decoder = null;
    dropCarry();
  };

  const openFile = (name: string) => {
    closeFile();
    fileName = name;
    fileBytes = 0;
    lineNo = 0;
    lastMalformedLine = 0;
    skippingLongLine = false;
    dropCarry();
    decoder = createAutoDecoder(onBytes, options);
  };

  const result = (): EventLogResult => {
    for (const a of apps) a.sparkVersion ??= options.fallbackSparkVersion ?? null;
    const summaries = apps.filter((a) => a.hasEvents).map(summarizeApp);
    // Attempts of one application read together: each lists all of them.
    const byId = new Map<string, typeof summaries>();
    for (const s of summaries) if (s.appId) byId.set(s.appId, [...(byId.get(s.appId) ?? []), s]);
    const applications = summaries.map((s) => {
      const same = s.appId ? byId.get(s.appId)! : [s];
      return same.length > 1 ? { ...s, attempts: same.flatMap((x) => x.attempts) } : s;
    });
    const all = [...warnings];
    if (droppedWarnings > 0)
      all.push({ message: `${droppedWarnings} more warnings not shown`, file: null, line: null });
    return {
      counts: { ...counts } as EventCounts,
      applications,
      files: [...files],
      warnings: all,
      unknownEvents,
      nonEventLines,
    };
  };

  return {
    get failed() {
      return error !== null;
    },
    beginFile: (name) => {
      if (!error) openFile(name);
    },
    push(chunk) {
      if (error) return;
      if (fileName === null) openFile("(input)");
      totalRead += chunk.length;
      fileBytes += chunk.length;
      guarded(() => decoder!.push(chunk));
      if (options.onProgress) {
        const t = now();
        if (t - lastProgress >= interval) {
          lastProgress = t;
          options.onProgress(progress());
        }
      }
    },
    endFile: () => closeFile(),
    progress,
    finish(): EventLogOutcome {
      closeFile();
      options.onProgress?.(progress());
      let partial: EventLogResult;
      try {
        partial = result();
      } catch (e) {
        fail(e);
        partial = { counts: { ...counts }, applications: [], files, warnings, unknownEvents, nonEventLines };
      }
      if (error) return { ok: false, error, partial };
      const problem = notAnEventLog(partial, files);
      if (problem) {
        const skipped =
          longLines === 0
            ? ""
            : ` (${longLines === 1 ? "1 line was" : `${longLines} lines were`} longer than the line limit of ${formatLimit(maxLine)} and skipped unread; to read ${longLines === 1 ? "it" : "them"}, ${raiseLine})`;
        return { ok: false, error: { message: problem + skipped, file: null }, partial };
      }
      return { ok: true, result: partial };
    },
  };
}

/** A clear message when the input holds no events at all; null when it is an event log. */
function notAnEventLog(r: EventLogResult, files: readonly InputFile[]): string | null {
  if (r.counts.events > 0) return null;
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  if (bytes === 0) return "empty input: no bytes to read";
  if (r.counts.malformedLines > 0 || r.nonEventLines > 0) {
    return 'not a Spark event log: no line is a JSON event ({"Event": ...}); is this the right file?';
  }
  return "no events found: the input decodes to blank lines only";
}
