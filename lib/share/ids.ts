/**
 * Share ids and delete keys. Both come from the CSPRNG (never sequential, never derived from the
 * content), base64url so they sit in a URL path or a header without escaping. Only a SHA-256 of a
 * delete key is stored; it is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 16 random bytes → 22 base64url characters (128 bits: not guessable, not enumerable). */
export function newPlanId(): string {
  return randomBytes(16).toString("base64url");
}

/** 32 random bytes → 43 base64url characters. Shown once to the creator, stored only hashed. */
export function newDeleteKey(): string {
  return randomBytes(32).toString("base64url");
}

/** What a plan id looks like; anything else is answered with the same 404 as a missing plan. */
export const PLAN_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function isPlanId(s: string): boolean {
  return PLAN_ID_PATTERN.test(s);
}

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** Constant-time comparison of a presented key against the stored hash. */
export function deleteKeyMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(presented), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
