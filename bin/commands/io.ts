import { readFileSync } from "node:fs";
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

/** One file → one JSON object; several → JSON Lines, each object led by `"file"`. */
export function printResults(io: CliIo, results: readonly { file: string; value: object }[]): void {
  if (results.length === 1) io.stdout(`${JSON.stringify(results[0]!.value)}\n`);
  else for (const r of results) io.stdout(`${JSON.stringify({ file: r.file, ...r.value })}\n`);
}

/**
 * Reads FILE and parses it as explain text. On failure prints `FILE:LINE: message` (line 0 when
 * the file cannot be read) and returns null.
 */
export function readExplain(file: string, io: CliIo): ParseResult | null {
  let text: string;
  try {
    text = readInput(file);
  } catch (e) {
    io.stderr(`${file}:0: cannot read: ${(e as Error).message}\n`);
    return null;
  }
  const out = parseExplain(text);
  if (!out.ok) {
    io.stderr(`${file}:${out.error.line}: ${out.error.message}\n`);
    return null;
  }
  return out.result;
}
