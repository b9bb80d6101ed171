/**
 * Redaction over every explain file of ../shared/corpus (Spark 3.0–4.1, Comet — including
 * `native_datafusion` scans —, Gluten/Velox, spark-sql goldens): no name, location or literal
 * survives, and the graph is the same. Skips without the corpus; fails without it under CI.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, corpusFiles, hasCorpus } from "@/tests/corpus/corpus";
import { checkRedaction } from "./property";

const files = hasCorpus ? corpusFiles("explain", (n) => n.endsWith(".txt") || n.endsWith(".out")) : [];

describe("redaction over the corpus", () => {
  it.runIf(!hasCorpus && Boolean(process.env.CI))("has the corpus (required under CI)", () => {
    expect.fail(`no corpus at ${CORPUS}: CI runs with ../shared/corpus in place`);
  });

  it.skipIf(!hasCorpus)(
    "leaves no name, location or literal, and the same graph, in every plan",
    () => {
      let checked = 0;
      const failures: string[] = [];
      for (const file of files) {
        const v = checkRedaction(readFileSync(join(CORPUS, file), "utf8"));
        if (!v.plan) continue;
        checked++;
        if (v.leaks.length > 0) failures.push(`${file}: ${v.leaks.slice(0, 5).join(", ")}`);
        if (!v.sameGraph) failures.push(`${file}: graph changed`);
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(1800);
    },
    240_000,
  );
});
