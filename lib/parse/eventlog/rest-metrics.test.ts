/**
 * Every SQL metric of every node of every execution, as Spark's REST API printed it live
 * (`/api/v1/applications/{app}/sql?details=true`, recorded by scripts/spark/rest.py at
 * generation time), against the model rendered with Spark's own formatting (spark-format.ts).
 * Counts, sizes, times and averages alike; nothing skipped.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readEventLogPath } from "./node";
import { operatorName } from "./plan";

const sparkFixtures = join(__dirname, "../../../fixtures/spark");

interface RestNode {
  nodeId: number;
  nodeName: string;
  metrics: { name: string; value: string }[];
}
interface RestExecution {
  id: number;
  status: string;
  nodes?: RestNode[];
}

function logs(): string[] {
  if (!existsSync(sparkFixtures)) return [];
  return readdirSync(sparkFixtures).flatMap((v) => {
    const d = join(sparkFixtures, v, "eventlogs");
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .map((c) => join(d, c))
      .filter((c) => statSync(c).isDirectory())
      .flatMap((c) =>
        readdirSync(c)
          .filter((n) => !n.endsWith(".json") && existsSync(join(c, `${n}.expected.json`)))
          .map((n) => join(c, n)),
      );
  });
}

/** `node | metric` → the values, sorted: nodes are matched by name, not by Spark's graph ids. */
type Bag = Map<string, string[]>;

function add(bag: Bag, key: string, value: string) {
  const list = bag.get(key);
  if (list) list.push(value);
  else bag.set(key, [value]);
}

const cases = logs();

describe("SQL metrics exactly as Spark's REST API shows them", () => {
  it("has the real-Spark logs of both versions (committed fixtures)", () => {
    expect(new Set(cases.map((c) => relative(sparkFixtures, c).split("/")[0]))).toEqual(
      new Set(["3.5.9", "4.3.0"]),
    );
  });

  for (const log of cases) {
    it(relative(sparkFixtures, log), async () => {
      const expected = JSON.parse(readFileSync(`${log}.expected.json`, "utf8")) as {
        rest: { sql: RestExecution[] };
      };
      const r = await readEventLogPath(log);
      const res = r.ok ? r.result : r.partial;
      const execs = new Map(res.applications.flatMap((a) => a.sqlExecutions).map((e) => [e.executionId, e]));
      let compared = 0;
      for (const rest of expected.rest.sql) {
        // A log cut by the kill holds executions the snapshot never saw, and vice versa.
        const e = execs.get(rest.id);
        expect(e, `SQL ${rest.id} in the log`).toBeDefined();
        if (!e?.plan || !rest.nodes) continue;
        const want: Bag = new Map();
        for (const n of rest.nodes)
          for (const m of n.metrics) add(want, `${operatorName(n.nodeName)} | ${m.name}`, m.value);
        const got: Bag = new Map();
        const p = e.plan;
        for (const n of p.plan.nodes)
          for (const m of p.metrics[n.id] ?? [])
            if (m.display !== null) add(got, `${n.name} | ${m.name}`, m.display);
        for (const c of p.plan.clusters)
          for (const m of p.metrics[c.id] ?? [])
            if (m.display !== null) add(got, `WholeStageCodegen (${c.stage}) | ${m.name}`, m.display);
        const sorted = (b: Bag) =>
          Object.fromEntries(
            [...b.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.sort()]),
          );
        expect(sorted(got), `SQL ${rest.id}`).toEqual(sorted(want));
        for (const v of want.values()) compared += v.length;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
