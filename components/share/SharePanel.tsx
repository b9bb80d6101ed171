"use client";
/**
 * "Share…" button and dialog for the home page. Mount it where the pasted text is known:
 *   <SharePanel text={text} />
 * The dialog previews exactly what will be uploaded, applies the chosen redactions in the browser
 * first, and offers either a stored permalink (POST /api/plans) or a no-server link that carries
 * the plan in the URL fragment.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { parseExplain } from "@/lib/parse/explain";
import { MAX_TITLE_CHARS } from "@/lib/share/config";
import { encodePlanFragment, LINK_MAX_CHARS, LINK_WARN_CHARS, linkSize } from "@/lib/share/fragment";
import { type RedactOptions, redactPlan } from "@/lib/share/redact";
import { rememberDeleteKey } from "./keys";
import { uploadPlan } from "./upload";

export interface SharePanelProps {
  /** The plan text as the user pasted it. */
  readonly text: string;
}

const NO_REDACTION: RedactOptions = { literals: false, locations: false, names: false };

export function SharePanel({ text }: SharePanelProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <>
      <button
        type="button"
        data-testid="share-open"
        disabled={!text.trim()}
        onClick={() => setOpen(true)}
        className="rounded border border-line px-2 py-1 text-xs hover:border-accent hover:text-accent disabled:opacity-50"
      >
        Share…
      </button>
      <dialog
        ref={dialog}
        data-testid="share-dialog"
        onClose={() => setOpen(false)}
        className="m-auto w-[min(56rem,95vw)] rounded-lg border border-line bg-panel p-0 text-fg shadow-2xl backdrop:bg-black/40"
      >
        {open && <ShareForm text={text} onDone={() => setOpen(false)} />}
      </dialog>
    </>
  );
}

type Result =
  | { kind: "none" }
  | { kind: "busy" }
  | { kind: "stored"; url: string; unkeptDeleteKey: string | null }
  | { kind: "local"; url: string }
  | { kind: "error"; message: string };

function ShareForm({ text, onDone }: { text: string; onDone: () => void }) {
  const [title, setTitle] = useState("");
  const [opts, setOpts] = useState<RedactOptions>(NO_REDACTION);
  const [result, setResult] = useState<Result>({ kind: "none" });
  const redacted = useMemo(() => redactPlan(text, opts), [text, opts]);
  const counts = useMemo(() => {
    const count = (t: string) => {
      const o = parseExplain(t);
      return o.ok ? o.result.plans.reduce((n, p) => n + p.nodes.length, 0) : 0;
    };
    return { before: count(text), after: count(redacted.text) };
  }, [text, redacted.text]);

  const toggle = (k: keyof RedactOptions) => {
    setOpts((o) => ({ ...o, [k]: !o[k] }));
    setResult({ kind: "none" });
  };

  const createPermalink = async () => {
    setResult({ kind: "busy" });
    const out = await uploadPlan(redacted.text, title);
    if (!out.ok) {
      setResult({ kind: "error", message: out.message });
      return;
    }
    const kept = rememberDeleteKey(out.id, out.deleteKey);
    setResult({ kind: "stored", url: out.url, unkeptDeleteKey: kept ? null : out.deleteKey });
  };

  const createLocalLink = () => {
    setResult({
      kind: "local",
      url: `${window.location.origin}/p/local${encodePlanFragment(redacted.text)}`,
    });
  };

  return (
    <form method="dialog" className="flex max-h-[90vh] flex-col gap-3 overflow-auto p-4 text-sm">
      <div className="flex items-center justify-between">
        <h2 className="font-semibold text-base">Share this plan</h2>
        <button type="button" onClick={onDone} className="text-muted hover:text-fg" aria-label="Close">
          ✕
        </button>
      </div>
      <label className="flex flex-col gap-1">
        <span className="text-muted text-xs">Title (optional, uploaded with the plan)</span>
        <input
          data-testid="share-title"
          value={title}
          maxLength={MAX_TITLE_CHARS}
          onChange={(e) => setTitle(e.target.value)}
          className="rounded border border-line bg-bg p-1"
        />
      </label>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-muted text-xs">
          Redact before sharing (done here, in your browser)
        </legend>
        <Check id="redact-literals" checked={opts.literals} onChange={() => toggle("literals")}>
          literal values in conditions
        </Check>
        <Check id="redact-locations" checked={opts.locations} onChange={() => toggle("locations")}>
          paths, buckets and hosts
        </Check>
        <Check id="redact-names" checked={opts.names} onChange={() => toggle("names")}>
          table and column names
        </Check>
      </fieldset>
      <div className="flex flex-col gap-1">
        <span className="text-muted text-xs">
          Exactly what will be shared ({redacted.text.length.toLocaleString()} characters
          {redacted.replacements.length > 0 ? `, ${redacted.replacements.length} values replaced` : ""};{" "}
          <span data-testid="share-operators">
            {counts.after} of {counts.before} operators still read
          </span>
          ):
        </span>
        <textarea
          readOnly
          data-testid="share-preview"
          value={redacted.text}
          wrap="off"
          className="h-64 w-full resize-y whitespace-pre rounded border border-line bg-bg p-2 font-mono text-xs"
        />
        {redacted.replacements.length > 0 && (
          <details className="text-xs">
            <summary className="cursor-pointer text-muted">What was replaced (stays in this browser)</summary>
            <ul className="mt-1 max-h-32 overflow-auto font-mono">
              {redacted.replacements.map((r) => (
                <li key={`${r.kind}:${r.from}`}>
                  {r.to} ← {r.from}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="share-create"
          disabled={result.kind === "busy"}
          onClick={() => void createPermalink()}
          className="rounded bg-accent px-3 py-1 text-white disabled:opacity-50"
        >
          {result.kind === "busy" ? "Uploading…" : "Create permalink"}
        </button>
        <button
          type="button"
          data-testid="share-local"
          onClick={createLocalLink}
          className="rounded border border-line px-3 py-1 hover:border-accent"
        >
          No-server link (plan inside the URL)
        </button>
      </div>
      <ResultView result={result} />
    </form>
  );
}

function Check(props: { id: string; checked: boolean; onChange: () => void; children: string }) {
  return (
    <label htmlFor={props.id} className="flex items-center gap-1">
      <input
        id={props.id}
        data-testid={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={props.onChange}
      />
      {props.children}
    </label>
  );
}

function ResultView({ result }: { result: Result }) {
  const [copied, setCopied] = useState(false);
  if (result.kind === "none" || result.kind === "busy") return null;
  if (result.kind === "error") {
    return (
      <p role="alert" data-testid="share-error" className="rounded bg-error-soft p-2 text-error">
        {result.message}
      </p>
    );
  }
  const size = linkSize(result.url);
  const copy = async () => {
    await navigator.clipboard?.writeText(result.url).catch(() => {});
    setCopied(true);
  };
  return (
    <div className="flex flex-col gap-1 rounded border border-line p-2">
      <div className="flex gap-2">
        <input
          readOnly
          data-testid={result.kind === "stored" ? "share-url" : "share-local-url"}
          value={result.url}
          onFocus={(e) => e.target.select()}
          className="min-w-0 flex-1 rounded border border-line bg-bg p-1 font-mono text-xs"
        />
        <button type="button" onClick={() => void copy()} className="rounded border border-line px-2">
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="text-muted text-xs">
        {result.kind === "stored"
          ? "Anyone with the link can open it. This browser keeps the key to delete it (open the link and press Delete)."
          : `The plan travels inside the link after “#”, which browsers never send to a server. ${result.url.length.toLocaleString()} characters.`}
      </p>
      {result.kind === "stored" && result.unkeptDeleteKey !== null && (
        <p role="alert" data-testid="share-unkept-key" className="rounded bg-warn-soft p-2 text-warn text-xs">
          This browser would not store the delete key, so the page will not offer Delete. Keep the key:{" "}
          <code className="select-all break-all">{result.unkeptDeleteKey}</code> — it deletes the plan with{" "}
          <code>DELETE {result.url.replace("/p/", "/api/plans/")}</code> and the header{" "}
          <code>X-Delete-Key</code>.
        </p>
      )}
      {result.kind === "local" && size !== "ok" && (
        <p
          role="alert"
          data-testid="share-local-warning"
          className="rounded bg-warn-soft p-2 text-warn text-xs"
        >
          {size === "long"
            ? `This link is longer than ${LINK_WARN_CHARS.toLocaleString()} characters: many chat tools and issue trackers cut such links. Redacting or a permalink helps.`
            : `This link is longer than ${LINK_MAX_CHARS.toLocaleString()} characters: it will break in most places. Use a permalink instead.`}
        </p>
      )}
    </div>
  );
}
