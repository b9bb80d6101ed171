/**
 * Next 16 proxy (formerly middleware): a fresh CSP nonce per page request, handed to Next's
 * renderer through the request's `Content-Security-Policy` / `x-nonce` headers (Next reads the
 * nonce from there and puts it on its scripts), and the same policy on the response.
 * Pages must therefore be rendered per request, not prerendered. API responses set their own
 * headers (lib/share/http.ts).
 */
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "@/lib/share/csp";

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
