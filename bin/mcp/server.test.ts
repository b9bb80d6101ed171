/**
 * Drives `plansight mcp` the way an assistant does: the SDK's client over stdio, against the real
 * CLI process. Expected values come from the texts themselves (tree lines, a generated plan's size)
 * and from Spark's REST API answers recorded with the fixtures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const FIX = join(ROOT, "fixtures", "spark", "4.3.0");
const SPILL = join(FIX, "eventlogs", "spill_sort");
// The app id changes when the fixtures are regenerated: take it from the folder.
const SPILL_LOG = join(SPILL, readdirSync(SPILL).find((f) => !f.endsWith(".json"))!);

let client: Client;

beforeAll(async () => {
  client = new Client({ name: "plansight-test", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: join(ROOT, "node_modules", ".bin", "tsx"),
    args: [join(ROOT, "bin", "plansight.ts"), "mcp"],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), PLANSIGHT_SPARK_SERVERS: "" },
    stderr: "pipe",
  });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
});

async function call(name: string, args: Record<string, unknown>) {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as { type: string; text: string }[];
  const text = content.map((c) => c.text).join("");
  return { isError: r.isError === true, text, json: r.isError ? null : JSON.parse(text) };
}

/** Tree lines of a simple-mode physical plan: operator name and depth from the indentation. */
function treeLines(text: string): { name: string; depth: number }[] {
  const lines = text.split("\n");
  const start = lines.indexOf("== Physical Plan ==") + 1;
  return lines
    .slice(start)
    .filter((l) => l.trim())
    .map((l) => {
      const at = l.search(/[A-Za-z*]/);
      const body = l.slice(at).replace(/^\*\(\d+\) /, "");
      return { name: body.split(/[ [(]/)[0]!, depth: at / 3 };
    });
}

describe("plansight mcp", () => {
  it("lists the four tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "analyze_plan",
      "explain_node",
      "parse_plan",
      "read_event_log",
    ]);
    const explain = tools.find((t) => t.name === "explain_node")!;
    expect(explain.inputSchema.required).toEqual(["nodeId"]);
  });

  it("parse_plan: the outline follows the printed tree, operator by operator", async () => {
    const text = readFileSync(join(FIX, "explain", "sort_merge_join.simple.aqe-off.txt"), "utf8");
    const expected = treeLines(text);
    const { json } = await call("parse_plan", { text });
    const ops = (json.outline as string[]).filter((l) => !l.startsWith("#") && !l.startsWith("=="));
    expect(ops).toHaveLength(expected.length);
    ops.forEach((l, i) => {
      const depth = (l.length - l.trimStart().length) / 2;
      expect({ name: l.trimStart().replace(/^\+- /, "").split(/[ (]/)[0], depth }).toEqual(expected[i]);
    });
    expect(json.operators).toHaveLength(expected.length);
    expect(json.operatorCount).toBe(expected.length);
    expect(json.outlinePage.next).toBeUndefined();
  });

  it("parse_plan: a 5,000-operator plan comes in bounded pages that together hold every operator", async () => {
    const n = 4999;
    const text = [
      "== Physical Plan ==",
      "Union",
      ...Array.from({ length: n }, (_, i) => `${i === n - 1 ? "+-" : ":-"} LocalTableScan [c${i}#${i}]`),
      "",
    ].join("\n");
    const first = await call("parse_plan", { text });
    expect(first.text.length).toBeLessThan(40_000);
    expect(first.json.operatorCount).toBe(n + 1);
    expect(first.json.plans[0].mostFrequentOperators[0]).toEqual({ name: "LocalTableScan", count: n });
    expect(first.json.outlinePage.next).toMatch(/offset=\d+/);
    const ids = new Set<string>();
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const r = await call("parse_plan", { text, offset, limit: 1000 });
      for (const o of r.json.operators) ids.add(o.id);
      const next = /offset=(\d+)/.exec(r.json.outlinePage.next ?? "");
      offset = next ? Number(next[1]) : null;
      pages++;
    }
    expect(ids.size).toBe(n + 1);
    expect(pages).toBe(6); // 5,001 lines (one plan header) in pages of 1,000
  });

  it("analyze_plan: a cartesian product is found on the CartesianProduct operator, with evidence and fix", async () => {
    const text = readFileSync(join(FIX, "explain", "cartesian.simple.aqe-off.txt"), "utf8");
    const parsed = await call("parse_plan", { text });
    const cartesianId = (parsed.json.operators as { id: string; name: string }[]).find(
      (o) => o.name === "CartesianProduct",
    )!.id;
    const { json } = await call("analyze_plan", { text });
    const f = (
      json.findings as { ruleId: string; nodeIds: string[]; evidence: unknown[]; fix: string }[]
    ).find((x) => x.ruleId === "cartesian");
    expect(f?.nodeIds[0]).toBe(cartesianId);
    expect(f?.evidence.length).toBeGreaterThan(0);
    expect(f?.fix.length).toBeGreaterThan(0);
  });

  it("read_event_log: the application and its numbers as Spark's REST API reported them", async () => {
    const expected = JSON.parse(readFileSync(`${SPILL_LOG}.expected.json`, "utf8"));
    const { json } = await call("read_event_log", { path: SPILL_LOG });
    expect(json.applications).toHaveLength(1);
    expect(json.applications[0].appId).toBe(expected.app_id);
    expect(json.applications[0].sqlExecutions).toBe(expected.summary.sql_executions);
    expect(json.applications[0].jobs).toBe(expected.summary.jobs);
    const restSql = expected.rest.sql[0];
    expect(json.executions[0].executionId).toBe(restSql.id);
    expect(json.executions[0].durationMs).toBe(restSql.duration);
    expect(json.findings.some((f: { ruleId: string }) => f.ruleId === "spill")).toBe(true);
    expect(json.executions[0].topOperators.length).toBeGreaterThan(0);
  });

  it("analyze_plan on an event log path: findings carry their SQL execution, in pages", async () => {
    const { json } = await call("analyze_plan", { path: SPILL_LOG, limit: 1 });
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0].executionId).toBe(0); // the app's only SQL execution (REST: id 0)
    const total = json.page.total as number;
    expect(total).toBe(
      json.findingsBySeverity.critical + json.findingsBySeverity.warn + json.findingsBySeverity.info,
    );
    if (total > 1) expect(json.page.next).toBe("more: call analyze_plan again with offset=1");
  });

  it("explain_node: one operator's SQL metrics are the ones Spark's UI lists for it", async () => {
    const expected = JSON.parse(readFileSync(`${SPILL_LOG}.expected.json`, "utf8"));
    const restSort = expected.rest.sql[0].nodes.find((x: { nodeName: string }) => x.nodeName === "Sort");
    const log = await call("read_event_log", { path: SPILL_LOG });
    const sortId = log.json.executions[0].topOperators.find(
      (t: { name: string }) => t.name === "Sort",
    )?.nodeId;
    expect(sortId).toBeTypeOf("string");
    const { json } = await call("explain_node", { path: SPILL_LOG, executionId: 0, nodeId: sortId });
    expect(json.node.name).toBe("Sort");
    expect(json.metrics.map((m: { name: string }) => m.name).sort()).toEqual(
      restSort.metrics.map((m: { name: string }) => m.name).sort(),
    );
  });

  it("bad input is a tool error that says what to give", async () => {
    const noPlan = await call("parse_plan", { text: "hello" });
    expect(noPlan.isError).toBe(true);
    expect(noPlan.text).toMatch(/no plan/);
    const noNode = await call("explain_node", { path: SPILL_LOG, executionId: 0, nodeId: "nope" });
    expect(noNode.isError).toBe(true);
    expect(noNode.text).toMatch(/no node "nope"/);
    const noExec = await call("explain_node", { path: SPILL_LOG, nodeId: "x" });
    expect(noExec.text).toMatch(/give executionId/);
    const missing = await call("read_event_log", { path: "/nonexistent/log" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/nonexistent/);
    const neither = await call("read_event_log", {});
    expect(neither.text).toMatch(/give `path`/);
  });
});
