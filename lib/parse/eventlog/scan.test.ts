import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isWellFormed } from "./json";
import { looksBalanced, readTaskEndFast } from "./scan";
import { newTaskEndFields, readTaskEnd } from "./taskend";

const spark = join(__dirname, "../../../fixtures/spark");

/** Plain (uncompressed) event logs among the real-Spark fixtures. */
function plainLogs(): string[] {
  if (!existsSync(spark)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\/eventlogs\//.test(p) && !/\.(json|lz4|lzf|snappy|zstd|gz|zip)$/.test(n)) out.push(p);
    }
  };
  walk(spark);
  return out;
}

describe("looksBalanced", () => {
  it("accepts balanced lines and rejects cut or glued ones", () => {
    const line = '{"Event":"SparkListenerTaskStart","Stage ID":1,"Task Info":{"Accumulables":[]}}';
    expect(looksBalanced(line)).toBe(true);
    expect(looksBalanced(`${line}  `)).toBe(true);
    for (let cut = 1; cut < line.length; cut++) expect(looksBalanced(line.slice(0, cut))).toBe(false);
    expect(looksBalanced(line.slice(0, 40) + line)).toBe(false);
  });

  it("is only a necessary check: lines it rejects go to the exact validator", () => {
    const odd = '{"Event":"X","s":"an unbalanced { in a string"}';
    expect(looksBalanced(odd)).toBe(false);
    expect(isWellFormed(odd)).toBe(true);
  });
});

describe("readTaskEndFast", () => {
  const files = plainLogs();
  // The plain-text real-Spark logs are committed under fixtures/spark: none found is a failure.
  it("finds the committed plain event logs", () => expect(files.length).toBeGreaterThan(4));
  it("reads every real-Spark TaskEnd exactly as the token walker does", () => {
    let fast = 0;
    for (const f of files) {
      for (const line of readFileSync(f, "utf8").split("\n")) {
        if (!line.startsWith('{"Event":"SparkListenerTaskEnd"')) continue;
        const want = newTaskEndFields();
        if (!readTaskEnd(line, want)) continue; // the cut last line of an in-progress log
        const got = newTaskEndFields();
        if (!(looksBalanced(line) && readTaskEndFast(line, got))) continue;
        fast++;
        const fields = (t: typeof got) => ({
          ...t,
          accumIds: t.accumIds.slice(0, t.accumCount),
          accumUpdates: t.accumUpdates.slice(0, t.accumCount),
        });
        expect(fields(got), f).toEqual(fields(want));
      }
    }
    expect(fast).toBeGreaterThan(50);
  });

  it("declines lines laid out otherwise, for the exact walker", () => {
    const t = newTaskEndFields();
    expect(readTaskEndFast('{"Event":"SparkListenerTaskEnd","Stage ID":1}', t)).toBe(false);
    expect(
      readTaskEndFast(
        '{"Event":"SparkListenerTaskEnd","Stage ID":1,"Stage Attempt ID":0,"Task End Reason":{"Reason":"ExceptionFailure","Description":"a \\"quoted\\" text"},"Task Info":{"Task ID":1,"Index":0,"Attempt":0,"Executor ID":"1"}}',
        t,
      ),
    ).toBe(false);
  });
});
