/**
 * The no-server link: plan text deflated (fflate) and base64url-encoded into the URL fragment,
 * `/p/local#/plan=...`. Browsers never send the fragment to the server, so the plan stays between
 * the author and whoever gets the link. Pure (no DOM): the same code runs in tests.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from "fflate";

export const FRAGMENT_KEY = "#/plan=";
/** Chat tools and issue trackers start truncating or refusing links around here. */
export const LINK_WARN_CHARS = 2_000;
/** Beyond this, some browsers and most servers' logs/proxies will not carry the link intact. */
export const LINK_MAX_CHARS = 8_000;
/** A fragment inflating beyond this is refused (a small link must not make a huge plan). */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

export function encodePlanFragment(text: string): string {
  return FRAGMENT_KEY + toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

export type FragmentOutcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string };

/** `null` when the hash carries no plan at all. */
export function decodePlanFragment(hash: string): FragmentOutcome | null {
  if (!hash.startsWith(FRAGMENT_KEY)) return null;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(hash.slice(FRAGMENT_KEY.length));
  } catch {
    return { ok: false, message: "The link is damaged: its plan data is not valid base64url." };
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.byteLength;
    if (total > MAX_INFLATED_BYTES) tooBig = true;
    else parts.push(chunk);
  });
  try {
    inflater.push(bytes, true);
  } catch {
    return {
      ok: false,
      message: "The link is damaged: its plan data does not decompress (was it cut short?).",
    };
  }
  if (tooBig) return { ok: false, message: "The plan in this link is too large to open." };
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  return { ok: true, text: strFromU8(all) };
}

export type LinkSize = "ok" | "long" | "too-long";

export function linkSize(url: string): LinkSize {
  return url.length > LINK_MAX_CHARS ? "too-long" : url.length > LINK_WARN_CHARS ? "long" : "ok";
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64Url(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new Error("bad base64url length");
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of s) {
    const v = LOOKUP.get(c);
    if (v === undefined) throw new Error(`bad base64url character ${JSON.stringify(c)}`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}
