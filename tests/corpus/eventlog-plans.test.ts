/**
 * The `physicalPlanDescription` of every SQL execution in the corpus event logs is formatted explain
 * text written by Spark 2.4 → 3.5, Databricks (Photon), EMR and Dataproc. Each must read with zero
 * warnings, with as many physical operators as the text has operator lines.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { decompress } from "fzstd";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { CORPUS, corpusPresent } from "./corpus";
import { countPhysicalOperatorLines } from "./count";

const hasEventLogs = corpusPresent("eventlogs");

function eventLogFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(join(CORPUS, "eventlogs"));
  return out;
}

function planDescriptions(file: string): string[] {
  let bytes: Uint8Array = readFileSync(file);
  try {
    if (bytes[0] === 0x28 && bytes[1] === 0xb5) bytes = decompress(bytes);
    else if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  } catch {
    return []; // deliberately broken inputs are the event-log reader's tests
  }
  const out: string[] = [];
  for (const line of new TextDecoder().decode(bytes).split("\n")) {
    if (!line.includes('"physicalPlanDescription"')) continue;
    try {
      const desc = (JSON.parse(line) as { physicalPlanDescription?: unknown }).physicalPlanDescription;
      if (typeof desc === "string" && desc.length > 0) out.push(desc);
    } catch {
      // a cut last line of an in-progress log
    }
  }
  return out;
}

const cases = hasEventLogs
  ? eventLogFiles().flatMap((f) =>
      planDescriptions(f).map((d, i) => [`${f.slice(CORPUS.length + 1)} #${i}`, d] as const),
    )
  : [];

describe.skipIf(!hasEventLogs)("corpus: plan descriptions inside event logs", () => {
  it("finds plans from many writers", () => {
    expect(cases.length).toBeGreaterThan(200);
  });
  it.each(cases)("%s", (_name, text) => {
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.warnings).toEqual([]);
    const physical = out.result.plans.flatMap((p) => p.nodes).filter((n) => n.section === "physical");
    expect(physical.length).toBe(countPhysicalOperatorLines(text));
  });
});
