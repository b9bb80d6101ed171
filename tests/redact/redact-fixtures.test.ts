/**
 * Redaction over every real-pyspark explain fixture (fixtures/spark/<version>/explain*: every
 * mode × AQE × scenario, shells' `show()` tables, streaming plans) and the engine samples of
 * fixtures/redact (Photon, RAPIDS, Gluten, Hive, JDBC, Delta, Hudi, Iceberg, DSv2, unknown scans).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRedaction } from "./property";

const root = "fixtures/spark";
const files = [
  ...readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((v) =>
      readdirSync(join(root, v.name), { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name.startsWith("explain"))
        .flatMap((d) =>
          readdirSync(join(root, v.name, d.name))
            .filter((f) => f.endsWith(".txt"))
            .map((f) => join(root, v.name, d.name, f)),
        ),
    ),
  ...readdirSync("fixtures/redact")
    .filter((f) => f.endsWith(".txt"))
    .map((f) => join("fixtures/redact", f)),
];

describe("redaction over the pyspark fixtures and engine samples", () => {
  it("leaves no name, location or literal, and the same graph, in every plan", () => {
    let checked = 0;
    const failures: string[] = [];
    for (const file of files) {
      const v = checkRedaction(readFileSync(file, "utf8"));
      if (!v.plan) continue;
      checked++;
      if (v.leaks.length > 0) failures.push(`${file}: ${v.leaks.slice(0, 5).join(", ")}`);
      if (!v.sameGraph) failures.push(`${file}: graph changed`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(3000);
  }, 240_000);
});
