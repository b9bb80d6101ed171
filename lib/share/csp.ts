/**
 * The Content-Security-Policy for every page. Scripts run only with this request's nonce (Next
 * puts it on its own scripts when the page is rendered per request) and whatever those scripts
 * load ('strict-dynamic'); no inline event handlers, no `javascript:` URLs, no plugins, no framing.
 * The ELK layout Worker is a same-origin bundle, hence `worker-src 'self' blob:`.
 * 'wasm-unsafe-eval' lets the event-log reader compile its built-in WebAssembly checksum module
 * (zstd frames); it allows WebAssembly compilation only, not `eval` of JavaScript.
 */

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sent with every page next to the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** 128 random bits, base64: unguessable per response. Web Crypto, so it runs in any runtime. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
