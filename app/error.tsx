"use client";
/**
 * What a page shows when rendering it failed, instead of Next's built-in page (whose inline styles
 * the nonce CSP blocks). The home page's text is kept in the browser, so the way out never costs
 * it: try again, save the text as a file, or start empty if the kept text itself is the trouble.
 */
import { useEffect, useState } from "react";
import { loadInput, saveInput } from "@/components/inputStore";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const [kept, setKept] = useState<string | null>(null);
  useEffect(() => {
    console.error(error);
    void loadInput().then(setKept);
  }, [error]);

  const download = () => {
    if (!kept) return;
    const url = URL.createObjectURL(new Blob([kept], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "plansight-input.txt";
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <main className="flex h-screen items-center justify-center p-8">
      <div data-testid="page-error" role="alert" className="flex max-w-lg flex-col gap-3 text-sm">
        <h1 className="font-semibold text-lg">This page hit an error</h1>
        <p className="text-muted">
          {error.message || "Something failed while showing the page."}
          {error.digest ? ` (reference ${error.digest})` : ""}
        </p>
        {kept ? (
          <p className="text-muted">
            Your text ({kept.length.toLocaleString()} characters) is still kept in this browser.
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={reset}
            className="rounded border border-line px-2 py-1 hover:border-accent"
          >
            Try again
          </button>
          {kept ? (
            <button
              type="button"
              onClick={download}
              className="rounded border border-line px-2 py-1 hover:border-accent"
            >
              Save my text as a file
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => void saveInput("").then(() => window.location.assign("/"))}
            className="rounded border border-line px-2 py-1 hover:border-accent"
          >
            Start empty (forgets the kept text)
          </button>
        </div>
      </div>
    </main>
  );
}
