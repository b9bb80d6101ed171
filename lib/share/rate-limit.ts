/**
 * Per-client token buckets, in memory (one app instance; several instances each enforce their own
 * share, which is fine for abuse control). Idle buckets are dropped so memory stays bounded.
 */
import type { RateConfig } from "./config";

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly rate: RateConfig,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 50_000,
  ) {
    this.perMs = rate.perMinute / 60_000;
  }

  take(client: string): RateDecision {
    const t = this.now();
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.sweep(t);
      b = { tokens: this.rate.burst, updated: t };
      this.buckets.set(client, b);
    } else {
      b.tokens = Math.min(this.rate.burst, b.tokens + (t - b.updated) * this.perMs);
      b.updated = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Buckets that have refilled completely carry no state worth keeping. */
  private sweep(t: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + (t - b.updated) * this.perMs >= this.rate.burst) this.buckets.delete(k);
    }
    // Everyone is mid-burst (a flood of distinct addresses): forget the oldest half.
    if (this.buckets.size >= this.maxClients) {
      let drop = Math.floor(this.buckets.size / 2);
      for (const k of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }
}

/**
 * The client address a request came from. `next start` fills `X-Forwarded-For` with the socket
 * address when the request has none; a reverse proxy appends the address it saw. So the entry
 * `trustedProxies` places from the right is the one nobody downstream of us could forge — provided
 * the app is not reachable around its proxies.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? "unknown";
}
