import { parseResultToJson } from "@/lib/plan/json";
import { type CliIo, exitCode, type FileStatus, parseArgs, printResults, readExplainOutcome } from "./io";

export const parseUsage = "plansight parse [--json] FILE... (- for stdin)";

export async function parseCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.files.length === 0) {
    io.stderr(`usage: ${parseUsage}\n`);
    return 2;
  }
  const results: { file: string; value: object }[] = [];
  const statuses: FileStatus[] = [];
  for (const file of args.files) {
    const read = readExplainOutcome(file, io);
    statuses.push(read.ok ? "read" : "unreadable");
    if (!read.ok) {
      if (args.flags.has("json"))
        results.push({
          file,
          value: {
            ok: false,
            error: read.error,
            line: read.line,
            nodes: [],
            edges: [],
            warnings: [],
            plans: [],
          },
        });
      continue;
    }
    const result = read.result;
    if (args.flags.has("json")) results.push({ file, value: parseResultToJson(result) });
    else {
      for (const p of result.plans) {
        io.stdout(
          `${file}: plan ${p.index} (${p.mode}, lines ${p.startLine}-${p.endLine}): ${p.nodes.length} operators, ${p.edges.length} edges\n`,
        );
      }
      for (const w of result.warnings) io.stderr(`${file}:${w.line}: warning: ${w.message}\n`);
    }
  }
  printResults(io, results);
  return exitCode(statuses);
}
