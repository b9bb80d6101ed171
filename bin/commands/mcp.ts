import { serveStdio } from "../mcp/server";
import type { CliIo } from "./io";

export const mcpUsage = "plansight mcp  (Model Context Protocol server on stdin/stdout, for AI assistants)";

export async function mcpCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length > 0) {
    io.stderr(`usage: ${mcpUsage}\n`);
    return 2;
  }
  await serveStdio();
  return 0;
}
