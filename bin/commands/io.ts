import { readFileSync } from "node:fs";
import {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  type EventLogOutcome,
  type ReaderOptions,
} from "@/lib/parse/eventlog";
import { parseExplain } from "@/lib/parse/explain";
import type { ParseResult } from "@/lib/plan/types";

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Reads a FILE argument as text; `-` is standard input. */
export function readInput(file: string): string {
  return readFileSync(file === "-" ? 0 : file, "utf8");
}

export interface Args {
  readonly flags: ReadonlySet<string>;
  readonly options: ReadonlyMap<string, string>;
  readonly files: readonly string[];
}

/** `--json`, `--out=FILE` / `--out FILE` (for names listed in `withValue`), and files. `-` is a file. */
export function parseArgs(argv: readonly string[], withValue: readonly string[] = []): Args {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) options.set(name, a.slice(eq + 1));
      else if (withValue.includes(name) && i + 1 < argv.length) options.set(name, argv[++i]!);
      else flags.add(name);
    } else files.push(a);
  }
  return { flags, options, files };
}

/** The options naming the event-log reader's limits; commands that read logs take them. */
export const EVENT_LOG_LIMIT_OPTIONS = ["max-bytes", "max-line-bytes"] as const;

/**
 * `--max-bytes N` (decompressed size, default 4 GiB) and `--max-line-bytes N` (longest line read,
 * default 64 MiB) as reader options, with messages that say which flag raises the limit hit.
 * A string when a value is not a positive number.
 */
export function eventLogLimits(args: Args, command: string): ReaderOptions | string {
  const read = (name: string, fallback: number): number | string => {
    const raw = args.options.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    return Number.isFinite(n) && n > 0
      ? n
      : `plansight ${command}: --${name} wants a positive number of bytes, got "${raw}"`;
  };
  const maxDecompressedBytes = read("max-bytes", DEFAULT_MAX_DECOMPRESSED_BYTES);
  if (typeof maxDecompressedBytes === "string") return maxDecompressedBytes;
  const maxLineLength = read("max-line-bytes", DEFAULT_MAX_LINE_BYTES);
  if (typeof maxLineLength === "string") return maxLineLength;
  return {
    maxDecompressedBytes,
    maxLineLength,
    raiseHints: {
      maxDecompressedBytes: `raise it with plansight ${command} --max-bytes N`,
      maxLineLength: `raise it with plansight ${command} --max-line-bytes N`,
    },
  };
}

/** One file → one JSON object; several → JSON Lines, each object led by `"file"`. */
export function printResults(io: CliIo, results: readonly { file: string; value: object }[]): void {
  if (results.length === 1) io.stdout(`${JSON.stringify(results[0]!.value)}\n`);
  else for (const r of results) io.stdout(`${JSON.stringify({ file: r.file, ...r.value })}\n`);
}

/**
 * Exit status, one convention for every command (README, "Exit status"):
 * - 0 (`read`): something was read from every input (warnings allowed);
 * - 2 (`unreadable`): an input holds nothing we can read (or the command line is wrong), with
 *   `FILE: message` on stderr and, under `--json`, an `{ ok: false, error, ... }` body on stdout;
 * - 1 (`internal`): our own failure (a bug), never the input's fault.
 * Several inputs: the worst one decides, internal over unreadable over read.
 */
export type FileStatus = "read" | "unreadable" | "internal";

export const EXIT_CODE: Readonly<Record<FileStatus, number>> = { read: 0, internal: 1, unreadable: 2 };

export function exitCode(statuses: Iterable<FileStatus>): number {
  let worst: FileStatus = "read";
  for (const s of statuses) if (s === "internal" || (s === "unreadable" && worst === "read")) worst = s;
  return EXIT_CODE[worst];
}

/** A message from lib that reports our own failure (a thrown bug caught on the way), not bad input. */
export const isInternalError = (message: string): boolean => /(^|: )internal error: /.test(message);

/**
 * An event log counts as read when it gave events, even if reading stopped early afterwards (a
 * limit, a corrupt block: the JSON says `ok: false` and holds what came before).
 */
export function eventLogStatus(o: EventLogOutcome): FileStatus {
  if (o.ok) return "read";
  if (isInternalError(o.error.message)) return "internal";
  return o.partial.counts.events > 0 ? "read" : "unreadable";
}

export type ExplainRead =
  | { readonly ok: true; readonly result: ParseResult }
  | { readonly ok: false; readonly error: string; readonly line: number };

/**
 * Reads FILE and parses it as explain text. On failure prints `FILE:LINE: message` (line 0 when
 * the file cannot be read) and says why.
 */
export function readExplainOutcome(file: string, io: CliIo): ExplainRead {
  let text: string;
  try {
    text = readInput(file);
  } catch (e) {
    const error = `cannot read: ${(e as Error).message}`;
    io.stderr(`${file}:0: ${error}\n`);
    return { ok: false, error, line: 0 };
  }
  const out = parseExplain(text);
  if (!out.ok) {
    io.stderr(`${file}:${out.error.line}: ${out.error.message}\n`);
    return { ok: false, error: out.error.message, line: out.error.line };
  }
  return { ok: true, result: out.result };
}

/** `readExplainOutcome` for callers that only need the result (null: already reported). */
export function readExplain(file: string, io: CliIo): ParseResult | null {
  const out = readExplainOutcome(file, io);
  return out.ok ? out.result : null;
}
