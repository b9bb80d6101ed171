import fc from "fast-check";
import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  decodePlanFragment,
  encodePlanFragment,
  FRAGMENT_KEY,
  fromBase64Url,
  linkSize,
  toBase64Url,
} from "./fragment";

describe("plan fragment", () => {
  it("round-trips any text, including unicode and markup", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 2000 }), (text) => {
        const hash = encodePlanFragment(text);
        expect(hash.startsWith(FRAGMENT_KEY)).toBe(true);
        expect(hash).toMatch(/^#\/plan=[A-Za-z0-9_-]*$/);
        expect(decodePlanFragment(hash)).toEqual({ ok: true, text });
      }),
    );
  });

  it("base64url matches Node's", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const s = toBase64Url(bytes);
        expect(s).toBe(Buffer.from(bytes).toString("base64url"));
        expect([...fromBase64Url(s)]).toEqual([...bytes]);
      }),
    );
  });

  it("compresses real plans well", () => {
    const plan = `== Physical Plan ==\n${"+- * Filter (isnotnull(a#1) AND (a#1 > 5))\n".repeat(200)}`;
    expect(encodePlanFragment(plan).length).toBeLessThan(plan.length / 10);
  });

  it("reports damaged or absent data instead of throwing", () => {
    expect(decodePlanFragment("")).toBeNull();
    expect(decodePlanFragment("#other")).toBeNull();
    expect(decodePlanFragment("#/plan=***")).toMatchObject({ ok: false });
    const good = encodePlanFragment("== Physical Plan ==\nLocalTableScan [a#1]\n".repeat(30));
    expect(decodePlanFragment(good.slice(0, good.length - 20))).toMatchObject({ ok: false });
  });

  it("refuses a fragment that inflates to an absurd size", () => {
    const bomb = FRAGMENT_KEY + toBase64Url(deflateSync(new Uint8Array(40 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(200_000);
    expect(decodePlanFragment(bomb)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/too large/),
    });
  });

  it("classifies link lengths for the size warning", () => {
    expect(linkSize("x".repeat(1999))).toBe("ok");
    expect(linkSize("x".repeat(2001))).toBe("long");
    expect(linkSize("x".repeat(8001))).toBe("too-long");
  });
});
