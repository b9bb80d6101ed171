/**
 * Golden outputs (Observable Plot's test/plot-snapshot.js, PEV2's fixtures): the expected output is
 * a file committed beside its input. On a difference the test writes `*.actual.*` next to the golden
 * (git-ignored) and fails, so the two can be diffed; `UPDATE_GOLDENS=1 npm run unit` rewrites the
 * goldens after a human has looked.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export const updating = process.env.UPDATE_GOLDENS === "1";

/** `golden.json` → `golden.actual.json`. */
export function actualPath(golden: string): string {
  const dot = golden.lastIndexOf(".");
  return `${golden.slice(0, dot)}.actual${golden.slice(dot)}`;
}

export function expectGolden(golden: string, actual: string): void {
  const side = actualPath(golden);
  if (updating) {
    writeFileSync(golden, actual);
    if (existsSync(side)) rmSync(side);
    return;
  }
  if (!existsSync(golden)) {
    writeFileSync(side, actual);
    throw new Error(`${golden} is missing: review ${side} and run UPDATE_GOLDENS=1 npm run unit`);
  }
  const expected = readFileSync(golden, "utf8");
  if (expected === actual) {
    if (existsSync(side)) rmSync(side);
    return;
  }
  writeFileSync(side, actual);
  // toBe shows the first differing lines; the whole output is in the .actual file.
  expect(actual, `${golden} differs: see ${side} (UPDATE_GOLDENS=1 rewrites goldens)`).toBe(expected);
}
