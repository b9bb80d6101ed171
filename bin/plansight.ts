#!/usr/bin/env -S npx tsx
/**
 * `plansight` CLI: a thin shell over lib/. `npm run -s plansight -- <command> ...`
 */
import { analyzeCommand, analyzeUsage } from "./commands/analyze";
import { eventlogCommand, eventlogUsage } from "./commands/eventlog";
import type { CliIo } from "./commands/io";
import { mcpCommand, mcpUsage } from "./commands/mcp"; // i17
import { parseCommand, parseUsage } from "./commands/parse";
import { renderCommand, renderUsage } from "./commands/render";
import { scanCommand, scanUsage } from "./commands/scan"; // i17

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: Command; usage: string }> = {
  parse: { run: parseCommand, usage: parseUsage },
  analyze: { run: analyzeCommand, usage: analyzeUsage },
  eventlog: { run: eventlogCommand, usage: eventlogUsage },
  render: { run: renderCommand, usage: renderUsage },
  mcp: { run: mcpCommand, usage: mcpUsage }, // i17
  scan: { run: scanCommand, usage: scanUsage }, // i17
};

const usage = () =>
  `usage:\n${Object.values(commands)
    .map((c) => `  ${c.usage}`)
    .join("\n")}\n`;

async function main(argv: readonly string[]): Promise<number> {
  const io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.stderr(`plansight: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return cmd.run(rest, io);
}

// `plansight parse --json big.txt | head`: a closed pipe ends the command quietly, not with a trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `plansight: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  },
);
