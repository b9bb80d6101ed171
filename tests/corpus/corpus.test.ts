/** The corpus gate itself: absent corpus skips on a laptop and fails under CI. */
import { describe, expect, it } from "vitest";
import { corpusPresent, underCi } from "./corpus";

describe("corpusPresent", () => {
  const missing = "no-such-corpus-folder";
  it("says absent (skip) when CI is not set", () => {
    expect(corpusPresent(missing, {})).toBe(false);
    expect(corpusPresent(missing, { CI: "false" })).toBe(false);
  });
  it("throws when CI is set and the corpus is missing", () => {
    expect(() => corpusPresent(missing, { CI: "true" })).toThrow(/CI is set but the corpus is missing/);
    expect(() => corpusPresent(missing, { CI: "1" })).toThrow(/no-such-corpus-folder/);
  });
  it("reads CI as most CI systems set it", () => {
    expect(underCi({ CI: "true" })).toBe(true);
    expect(underCi({ CI: "1" })).toBe(true);
    expect(underCi({ CI: "" })).toBe(false);
    expect(underCi({ CI: "0" })).toBe(false);
    expect(underCi({})).toBe(false);
  });
});
