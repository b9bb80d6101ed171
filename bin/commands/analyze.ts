import { closeSync, openSync, readSync, statSync } from "node:fs";
import { analyzeResult, groupFindings } from "@/lib/analyze";
import { analyzeApplication } from "@/lib/analyze/eventlog";
import type { FindingGroup } from "@/lib/analyze/group";
import type { Finding } from "@/lib/analyze/types";
import { detectCodec } from "@/lib/parse/eventlog";
import { readEventLogPath } from "@/lib/parse/eventlog/node";
import { type CliIo, parseArgs, printResults, readExplain } from "./io";

export const analyzeUsage = "plansight analyze [--json] FILE... (explain text or an event log; - for stdin)";

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

async function analyzeEventLog(file: string, io: CliIo, json: boolean): Promise<{ value: object } | null> {
  const outcome = await readEventLogPath(file);
  const result = outcome.ok ? outcome.result : outcome.partial;
  if (!outcome.ok) io.stderr(`${file}:0: warning: ${outcome.error.message}\n`);
  const executions = result.applications.flatMap((a) => analyzeApplication(a));
  if (executions.length === 0) {
    io.stderr(`${file}:1: no SQL execution with a plan in this event log\n`);
    return null;
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
        findings: e.findings.map(findingJson),
        groups: groupsJson(groupFindings(e.findings, e.plans)),
      })),
    },
  };
}

export async function analyzeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.files.length === 0) {
    io.stderr(`usage: ${analyzeUsage}\n`);
    return 2;
  }
  const json = args.flags.has("json");
  const results: { file: string; value: object }[] = [];
  let failed = false;
  for (const file of args.files) {
    try {
      if (isEventLog(file)) {
        const r = await analyzeEventLog(file, io, json);
        if (r) results.push({ file, value: r.value });
        else failed = true;
        continue;
      }
    } catch (e) {
      io.stderr(`${file}:0: cannot read: ${(e as Error).message}\n`);
      failed = true;
      continue;
    }
    const result = readExplain(file, io);
    if (!result) {
      failed = true;
      continue;
    }
    const findings = analyzeResult(result);
    const groups = groupsJson(groupFindings(findings, result.plans));
    if (json) results.push({ file, value: { findings: findings.map(findingJson), groups } });
    else printText(io, file, findings);
  }
  if (json) printResults(io, results);
  return failed ? 2 : 0;
}
