/**
 * `plansight scan DIR|URL...`: every application under folders or on a History Server → one row
 * each (JSON Lines or CSV). Parallel on worker threads; progress on stderr; with --out, rows
 * already in the file (same source) are skipped, so an interrupted scan resumes.
 */
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type AppRow, CSV_COLUMNS, csvFirstField, csvLine } from "@/lib/assist/app-row";
import { listApplications } from "@/lib/spark/fetch";
import { parseSparkUrl } from "@/lib/spark/url";
import { discoverApplications } from "../scan/discover";
import { runPool } from "../scan/pool";
import { type CliIo, parseArgs } from "./io";
import { isHttpUrl, sparkPolicy } from "./source";

export const scanUsage =
  "plansight scan [--format jsonl|csv] [--out FILE] [--jobs N] DIR|URL...  (one row per application; --out resumes)";

async function sources(inputs: readonly string[], io: CliIo): Promise<string[] | null> {
  const out: string[] = [];
  for (const input of inputs) {
    if (isHttpUrl(input)) {
      const t = parseSparkUrl(input);
      if (!t.ok) {
        io.stderr(`${input}: ${t.message}\n`);
        return null;
      }
      if (t.target.appId) {
        out.push(input);
        continue;
      }
      try {
        const apps = await listApplications(t.target, sparkPolicy());
        for (const a of apps) out.push(`${t.target.origin}${t.target.base}/api/v1/applications/${a.id}`);
      } catch (e) {
        io.stderr(`${input}: ${(e as Error).message}\n`);
        return null;
      }
    } else {
      try {
        statSync(input);
      } catch {
        io.stderr(`${input}: no such file or folder\n`);
        return null;
      }
      out.push(...discoverApplications(input));
    }
  }
  return out;
}

/** Sources already in the output file (its rows' `source`). */
function done(file: string, csv: boolean): Set<string> {
  if (!existsSync(file)) return new Set();
  let text = readFileSync(file, "utf8");
  // A line cut by an interrupted run is dropped (its application is read again), so new rows
  // never glue onto it.
  if (text.length > 0 && !text.endsWith("\n")) {
    text = text.slice(0, text.lastIndexOf("\n") + 1);
    truncateSync(file, Buffer.byteLength(text));
  }
  const keys = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    if (csv) keys.add(csvFirstField(line));
    else {
      try {
        keys.add((JSON.parse(line) as AppRow).source);
      } catch {
        // not a row: ignored
      }
    }
  }
  return keys;
}

export async function scanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ["format", "out", "jobs"]);
  const format = args.options.get("format") ?? "jsonl";
  const jobs = Number(args.options.get("jobs") ?? Math.min(4, availableParallelism()));
  if (
    args.files.length === 0 ||
    args.flags.has("help") ||
    !["jsonl", "csv"].includes(format) ||
    !(jobs >= 1)
  ) {
    io.stderr(`usage: ${scanUsage}\n`);
    return 2;
  }
  const csv = format === "csv";
  const all = await sources(args.files, io);
  if (!all) return 2;
  const out = args.options.get("out");
  const skip = out ? done(out, csv) : new Set<string>();
  const todo = all.filter((s) => !skip.has(s));
  const write = (s: string) => (out ? appendFileSync(out, s) : io.stdout(s));
  if (csv && (!out || !existsSync(out) || statSync(out).size === 0)) write(`${CSV_COLUMNS.join(",")}\n`);

  const started = performance.now();
  let finished = 0;
  let failed = 0;
  let lastShown = 0;
  const tty = process.stderr.isTTY === true;
  const progress = (final = false) => {
    const now = performance.now();
    if (!final && !tty && now - lastShown < 5000) return;
    lastShown = now;
    const rate = finished / Math.max(0.001, (now - started) / 1000);
    const line = `scan: ${finished}/${todo.length} applications${skip.size ? ` (${all.length - todo.length} already in ${out})` : ""} · ${failed} unreadable · ${rate.toFixed(1)}/s`;
    io.stderr(tty ? `\r${line}${final ? "\n" : ""}` : `${line}\n`);
  };
  await runPool(todo, jobs, ({ rows }) => {
    finished++;
    if (rows.some((r) => r.error && r.appId === null)) failed++;
    write(`${rows.map((r) => (csv ? csvLine(r) : JSON.stringify(r))).join("\n")}\n`);
    if (finished < todo.length) progress();
  });
  progress(true);
  return 0;
}
