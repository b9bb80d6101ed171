import { closeSync, openSync, readSync, statSync } from "node:fs";
import { analyzeResult, groupFindings } from "@/lib/analyze";
import { analyzeApplication } from "@/lib/analyze/eventlog";
import type { FindingGroup } from "@/lib/analyze/group";
import type { Finding } from "@/lib/analyze/types";
import { detectCodec, type ReaderOptions } from "@/lib/parse/eventlog";
import {
  type CliIo,
  EVENT_LOG_LIMIT_OPTIONS,
  eventLogLimits,
  exitCode,
  type FileStatus,
  isInternalError,
  parseArgs,
  printResults,
  readExplainOutcome,
} from "./io";
import { isHttpUrl, readEventLogSource } from "./source";

export const analyzeUsage =
  "plansight analyze [--json] [--max-bytes N] [--max-line-bytes N] FILE... (explain text or an event log; - for stdin)";

function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    nodeIds: f.nodeIds,
    title: f.title,
    evidence: f.evidence,
    fix: f.fix,
    ...(f.cost ? { cost: f.cost } : {}),
  };
}

/** Same rule + same cause: `{ ruleId, title, count, findingIndexes }` into the findings array. */
function groupsJson(groups: readonly FindingGroup[], offset = 0) {
  return groups.map((g) => ({
    ruleId: g.ruleId,
    title: g.title,
    count: g.count,
    findingIndexes: g.findingIndexes.map((i) => i + offset),
  }));
}

/** Event log by content: compressed magic, a folder, or a first JSON line with an "Event" key. */
function isEventLog(file: string): boolean {
  if (file === "-") return false;
  if (isHttpUrl(file)) return true; // i17
  if (statSync(file).isDirectory()) return true;
  const fd = openSync(file, "r");
  try {
    const head = new Uint8Array(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    if (detectCodec(bytes) !== "none") return true;
    const text = new TextDecoder().decode(bytes).trimStart();
    return text.startsWith("{") && /"Event"\s*:/.test(text);
  } finally {
    closeSync(fd);
  }
}

function printText(io: CliIo, file: string, findings: readonly Finding[], prefix = ""): void {
  for (const f of findings) io.stdout(`${file}: ${prefix}${f.severity} ${f.ruleId}: ${f.title}\n`);
}

/** No findings to give: why, and whose fault (io.ts's exit-code convention). */
interface Unanalysable {
  readonly error: string;
  readonly status: Exclude<FileStatus, "read">;
}

async function analyzeEventLog(
  file: string,
  io: CliIo,
  json: boolean,
  limits: ReaderOptions,
): Promise<{ value: object } | Unanalysable> {
  const outcome = await readEventLogSource(file, limits);
  const result = outcome.ok ? outcome.result : outcome.partial;
  if (!outcome.ok && isInternalError(outcome.error.message)) {
    io.stderr(`${file}: ${outcome.error.message}\n`);
    return { error: outcome.error.message, status: "internal" };
  }
  if (!outcome.ok) io.stderr(`${file}:0: warning: ${outcome.error.message}\n`);
  const executions = result.applications.flatMap((a) => analyzeApplication(a));
  if (executions.length === 0) {
    const error = outcome.ok
      ? "no SQL execution with a plan in this event log"
      : `${outcome.error.message} (no SQL execution with a plan read)`;
    io.stderr(`${file}:1: ${error}\n`);
    return { error, status: "unreadable" };
  }
  const findings = executions.flatMap((e) => e.findings);
  if (!json) for (const e of executions) printText(io, file, e.findings, `sql ${e.executionId}: `);
  // Groups never span executions (different queries); their indexes point into `findings`.
  let offset = 0;
  const groups = executions.flatMap((e) => {
    const g = groupsJson(groupFindings(e.findings, e.plans), offset);
    offset += e.findings.length;
    return g;
  });
  return {
    value: {
      findings: findings.map(findingJson),
      groups,
      executions: executions.map((e) => ({
        executionId: e.executionId,
        description: e.description,
        findings: e.findings.map(findingJson),
        groups: groupsJson(groupFindings(e.findings, e.plans)),
      })),
    },
  };
}

export async function analyzeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, EVENT_LOG_LIMIT_OPTIONS);
  if (args.files.length === 0) {
    io.stderr(`usage: ${analyzeUsage}\n`);
    return 2;
  }
  const limits = eventLogLimits(args, "analyze");
  if (typeof limits === "string") {
    io.stderr(`${limits}\n`);
    return 2;
  }
  const json = args.flags.has("json");
  const results: { file: string; value: object }[] = [];
  const statuses: FileStatus[] = [];
  /** The `--json` body of an input with nothing to analyse. */
  const unanalysable = (file: string, u: Unanalysable, extra: object = {}) => {
    statuses.push(u.status);
    if (json) results.push({ file, value: { ok: false, error: u.error, ...extra, findings: [] } });
  };
  for (const file of args.files) {
    let eventLog: boolean;
    try {
      eventLog = isEventLog(file);
    } catch (e) {
      const error = `cannot read: ${(e as Error).message}`;
      io.stderr(`${file}:0: ${error}\n`);
      unanalysable(file, { error, status: "unreadable" }, { line: 0 });
      continue;
    }
    if (eventLog) {
      const r = await analyzeEventLog(file, io, json, limits);
      if ("value" in r) {
        statuses.push("read");
        results.push({ file, value: r.value });
      } else unanalysable(file, r, { executions: [] });
      continue;
    }
    const read = readExplainOutcome(file, io);
    if (!read.ok) {
      unanalysable(file, { error: read.error, status: "unreadable" }, { line: read.line });
      continue;
    }
    statuses.push("read");
    const findings = analyzeResult(read.result);
    const groups = groupsJson(groupFindings(findings, read.result.plans));
    if (json) results.push({ file, value: { findings: findings.map(findingJson), groups } });
    else printText(io, file, findings);
  }
  if (json) printResults(io, results);
  return exitCode(statuses);
}
