/**
 * `plansight mcp`: the Model Context Protocol server (stdio) an AI assistant starts to read Spark
 * plans and event logs with Plansight's parser and rules. Tool answers are JSON text, bounded
 * (see tools.ts); bad input is a tool error with a message saying what to change.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "@/lib/zod";
import pkg from "@/package.json" with { type: "json" };
import { analyzePlanTool, explainNodeTool, parsePlanTool, readEventLogTool, ToolInputError } from "./tools";

const offset = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe("where a page starts (from a previous answer's `next`)");
const limit = z.number().int().min(1).optional().describe("page size");
const text = z.string().describe("explain() output as printed (any mode, Spark 2.4 to 4.x)");
const path = z
  .string()
  .describe("a local event-log file or folder (or, for analyze_plan, an explain text file)");
const url = z
  .string()
  .describe(
    "a Spark History Server application URL: http://shs:18080/history/<app id>/ or …/api/v1/applications/<app id>",
  );

async function answer(run: () => unknown | Promise<unknown>) {
  try {
    const value = await run();
    return { content: [{ type: "text" as const, text: JSON.stringify(value, null, 1) }] };
  } catch (e) {
    const message =
      e instanceof ToolInputError
        ? e.message
        : (e as NodeJS.ErrnoException).code === "ENOENT"
          ? `no such file: ${(e as NodeJS.ErrnoException).path}`
          : `error: ${e instanceof Error ? e.message : String(e)}`;
    return { isError: true, content: [{ type: "text" as const, text: message }] };
  }
}

export function createPlansightMcpServer(): McpServer {
  const server = new McpServer({ name: "plansight", version: pkg.version });
  server.registerTool(
    "parse_plan",
    {
      title: "Parse a Spark plan",
      description:
        "Parse Spark explain() text into operators and edges with a readable indented outline (one line per operator, its node id in brackets). Big plans come in pages: pass `offset` to continue.",
      inputSchema: { text, offset, limit },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => parsePlanTool(args)),
  );
  server.registerTool(
    "analyze_plan",
    {
      title: "Find what costs time in a Spark plan",
      description:
        "Run Plansight's rules (shuffles, skew, spills, missed pushdowns, cartesian products, Python UDFs ...) over explain text or an event log. Findings are ordered critical first, with node ids, evidence and a concrete fix.",
      inputSchema: { text: text.optional(), path: path.optional(), url: url.optional(), offset, limit },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => analyzePlanTool(args)),
  );
  server.registerTool(
    "read_event_log",
    {
      title: "Read a Spark event log",
      description:
        "Summarise a Spark application from its event log (file, folder, or History Server URL): the application, its SQL executions with description and duration, the operators where the time went, and findings.",
      inputSchema: { path: path.optional(), url: url.optional(), offset, limit },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => readEventLogTool(args)),
  );
  server.registerTool(
    "explain_node",
    {
      title: "One operator in detail",
      description:
        "One plan operator: its arguments, formatted-explain details, parents and children, findings on it, and (event logs) its SQL metrics. Node ids come from parse_plan or read_event_log.",
      inputSchema: {
        nodeId: z.string().describe("the node id, as parse_plan's outline shows it in brackets"),
        text: text.optional(),
        path: path.optional(),
        url: url.optional(),
        executionId: z.number().int().min(0).optional().describe("for event logs: the SQL execution"),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => explainNodeTool(args)),
  );
  return server;
}

/** Serves on stdin/stdout until the client closes the pipe. */
export async function serveStdio(): Promise<void> {
  const server = createPlansightMcpServer();
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.on("end", resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
