"use client";
import type { ReadWarning } from "@/lib/parse/eventlog";
import { plural } from "./format";

/** A read that produced nothing usable: what went wrong, and which file. Never a blank page. */
export function ReadError(props: {
  readonly title: string;
  readonly message: string;
  readonly file: string | null;
  readonly hint?: string;
}) {
  return (
    <div
      role="alert"
      data-testid="eventlog-error"
      className="rounded-lg border border-error bg-error-soft p-4 text-error text-sm"
    >
      <p className="font-semibold">{props.title}</p>
      {props.file && (
        <p className="mt-1">
          File: <code className="break-all font-mono">{props.file}</code>
        </p>
      )}
      <p className="mt-1 break-words">{props.message}</p>
      {props.hint && <p className="mt-2 text-fg">{props.hint}</p>}
    </div>
  );
}

export function ReadWarnings({ warnings }: { readonly warnings: readonly ReadWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <details
      data-testid="eventlog-warnings"
      className="rounded border border-warn bg-warn-soft px-3 py-2 text-sm text-warn"
    >
      <summary className="cursor-pointer">{plural(warnings.length, "warning")} while reading</summary>
      <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5 text-xs leading-5">
        {warnings.map((w, i) => (
          <li key={i} data-testid="eventlog-warning">
            {w.file && <code className="font-mono">{w.file}</code>}
            {w.file && ": "}
            {w.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
