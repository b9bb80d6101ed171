import { describe, expect, it } from "vitest";
import { clientAddress, RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst, refills at the configured rate, says when to retry", () => {
    let t = 0;
    const rl = new RateLimiter({ perMinute: 60, burst: 3 }, () => t);
    expect([rl.take("a").ok, rl.take("a").ok, rl.take("a").ok]).toEqual([true, true, true]);
    expect(rl.take("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    t += 1000;
    expect(rl.take("a").ok).toBe(true);
    expect(rl.take("a").ok).toBe(false);
    t += 60_000;
    expect([rl.take("a").ok, rl.take("a").ok, rl.take("a").ok, rl.take("a").ok]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("keeps memory bounded under a flood of distinct clients", () => {
    const rl = new RateLimiter({ perMinute: 1, burst: 1 }, () => 0, 100);
    for (let i = 0; i < 10_000; i++) rl.take(`10.0.${i >> 8}.${i & 255}`);
    expect((rl as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe("clientAddress", () => {
  const h = (xff?: string) => new Headers(xff ? { "x-forwarded-for": xff } : {});
  it("takes the entry added by the nearest trusted hop", () => {
    expect(clientAddress(h("1.1.1.1"), 0)).toBe("1.1.1.1");
    expect(clientAddress(h("6.6.6.6, 1.1.1.1"), 0)).toBe("1.1.1.1"); // a forged left part is ignored
    expect(clientAddress(h("6.6.6.6, 1.1.1.1, 10.0.0.2"), 1)).toBe("1.1.1.1");
    expect(clientAddress(h(), 0)).toBe("unknown");
  });
});
