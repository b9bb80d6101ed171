/**
 * Plans printed by real pyspark (scripts/spark/, committed under fixtures/spark/<version>/explain):
 * every scenario × mode × AQE setting reads with zero warnings, in the mode it was printed in, with
 * the physical node count equal to the operator lines of the text.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { countPhysicalOperatorLines } from "./corpus/count";

const root = "fixtures/spark";
const files = existsSync(root)
  ? readdirSync(root).flatMap((v) =>
      existsSync(join(root, v, "explain"))
        ? readdirSync(join(root, v, "explain"))
            .filter((f) => f.endsWith(".txt"))
            .map((f) => join(root, v, "explain", f))
        : [],
    )
  : [];

describe("real pyspark explain fixtures", () => {
  it("exist for two Spark versions", () => {
    expect(new Set(files.map((f) => f.split("/")[2])).size).toBeGreaterThanOrEqual(2);
  });
  it.each(files)("%s", (file) => {
    const text = readFileSync(file, "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(`${file}:${out.error.line}: ${out.error.message}`);
    // The one expected warning: codegen mode before an AQE query ran has no subtrees to show.
    const unexpected = out.result.warnings.filter(
      (w) => !w.message.startsWith("Spark found no WholeStageCodegen"),
    );
    expect(unexpected).toEqual([]);
    const mode = file.split("/").pop()!.split(".")[1]!;
    for (const p of out.result.plans) expect(p.mode).toBe(mode);
    const physical = out.result.plans.flatMap((p) => p.nodes).filter((n) => n.section === "physical");
    expect(physical.length).toBe(countPhysicalOperatorLines(text));
  });
});
