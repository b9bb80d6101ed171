/** Site-wide 404. Next's built-in one uses inline styles, which the nonce CSP (proxy.ts) blocks. */
export default function NotFound() {
  return (
    <main className="flex h-screen items-center justify-center p-8">
      <div data-testid="not-found" className="max-w-md text-center">
        <h1 className="mb-2 font-semibold text-lg">Page not found</h1>
        <p className="text-muted text-sm">
          Nothing lives at this address.{" "}
          <a href="/" className="underline">
            Paste a plan
          </a>
        </p>
      </div>
    </main>
  );
}
