"use client";
/**
 * Home page: paste explain text → parsed plan → graph. The text is kept in the browser
 * (usePersistentText) so a reload or a crash never loses what the user pasted.
 */
import { type ReactNode, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { parseExplain } from "@/lib/parse/explain";
import { toLines } from "@/lib/parse/explain/lines";
import { unfoldPrinted } from "@/lib/parse/explain/show";
import { WARNINGS } from "@/lib/plan/warnings";
import { SAMPLES } from "@/lib/samples";
import { FindingsPanel } from "./FindingsPanel";
import { HOME_INPUT } from "./inputStore";
import { PlanGraphPane, ViewChoices } from "./PlanPane";
import { SharePanel } from "./share/SharePanel";
import { ThemeToggle } from "./ThemeToggle";
import { prefetchLayout, prewarmLayout } from "./useLayout";
import { usePersistentText } from "./usePersistentText";
import { usePlanState } from "./usePlanState";

// A paste of many plans can carry thousands of warnings: the list shows the first ones.
const SHOWN_WARNINGS = 200;
// A browser textarea takes seconds to lay out megabytes of text: above this, the text is shown as
// a summary (the source pane beside the graph still shows every line) unless the user asks to edit.
const LARGE_TEXT = 1_000_000;

export function PlanWorkbench() {
  // A paste (or a loaded sample) is parsed and laid out in the worker straight away, while this
  // page parses it for itself; typing a character does not start a layout of its own.
  const lastLength = useRef(0);
  const onRestore = useCallback((stored: string) => {
    prefetchLayout(stored);
    lastLength.current = stored.length;
  }, []);
  const { text, setText, saved } = usePersistentText(HOME_INPUT, onRestore);
  const [editLarge, setEditLarge] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const deferredText = useDeferredValue(text);

  useEffect(() => {
    prewarmLayout(); // boot the layout worker and warm ELK while the user is still pasting
  }, []);

  const outcome = useMemo(() => (deferredText.trim() ? parseExplain(deferredText) : null), [deferredText]);
  const plans = outcome?.ok ? outcome.result.plans : [];
  const state = usePlanState(plans);
  const { plan, effectiveView, shown, findings, selectedId } = state;
  const sourceLines = useMemo(() => toLines(deferredText), [deferredText]);
  const { reset } = state;

  // `spark.sql("EXPLAIN …").show(truncate=False)` and JSON escape the plan's line breaks: such a
  // paste is unfolded into the plan text (so source lines and the graph agree), with an undo.
  const [unfoldedFrom, setUnfoldedFrom] = useState<{ original: string; from: string } | null>(null);
  const keepEscaped = useRef(false);
  const onTextChange = useCallback(
    (input: string) => {
      if (input === "") keepEscaped.current = false; // an undo lasts until the box is emptied
      const unfolded = keepEscaped.current ? null : unfoldPrinted(input);
      setUnfoldedFrom(unfolded === null ? null : { original: input, from: unfolded.from });
      const value = unfolded?.text ?? input;
      if (Math.abs(value.length - lastLength.current) > 1000) prefetchLayout(value);
      lastLength.current = value.length;
      setText(value);
      reset();
    },
    [reset, setText],
  );

  const loadSample = async (file: string) => {
    const res = await fetch(file);
    onTextChange(await res.text());
  };

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    try {
      const content = await file.text();
      if (looksBinary(content)) {
        setFileError(
          `${file.name} is not text (it holds binary data). For an event log, use “Open an event log”.`,
        );
        return;
      }
      setEditLarge(false);
      onTextChange(content);
    } catch (e) {
      setFileError(`${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const large = text.length > LARGE_TEXT && !editLarge;

  return (
    <div
      className="flex h-screen flex-col"
      // A text file dropped anywhere on the page is read as the input (never opened by the browser).
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        void openFile(e.dataTransfer.files[0]);
      }}
    >
      <header className="flex items-center justify-between border-line border-b bg-panel px-4 py-2">
        <div className="flex items-baseline gap-3">
          <h1 className="font-semibold text-lg tracking-tight">Plansight</h1>
          <p className="hidden text-muted text-sm sm:block">
            Paste Spark explain() output and read the plan as a graph.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <a href="/eventlog" className="px-1 text-accent text-xs hover:underline">
            Open an event log
          </a>
          <a href="/compare" className="px-1 text-accent text-xs hover:underline">
            Compare two plans
          </a>
          <SharePanel text={text} />
          <ThemeToggle />
        </div>
      </header>
      {/* Side by side on wide screens; stacked (text above the graph) when narrow or zoomed to 200 %. */}
      <main className="flex min-h-0 flex-1 flex-col md:flex-row">
        <section className="flex max-h-[40vh] w-full shrink-0 flex-col gap-3 overflow-auto border-line border-b bg-panel p-3 md:max-h-none md:w-[26rem] md:border-r md:border-b-0">
          <div className="flex items-center justify-between">
            <label htmlFor={large ? undefined : "plan-input"} className="font-medium text-sm">
              Explain output
            </label>
            <label className="cursor-pointer text-accent text-xs hover:underline">
              Open a file…
              <input
                type="file"
                data-testid="open-file"
                accept=".txt,.log,.out,text/plain"
                className="sr-only"
                onChange={(e) => {
                  void openFile(e.target.files?.[0]);
                  e.target.value = "";
                }}
              />
            </label>
          </div>
          {unfoldedFrom !== null && (
            <p role="status" data-testid="show-unfolded" className="text-muted text-xs">
              {unfoldedFrom.from === "show()" ? (
                <>
                  This was a table printed by <code className="font-mono">show()</code>
                </>
              ) : (
                `This was a plan inside a ${unfoldedFrom.from === "JSON" ? "JSON" : "Python"} string`
              )}
              : its <code className="font-mono">\n</code> escapes are line breaks again.{" "}
              <button
                type="button"
                className="text-accent hover:underline"
                onClick={() => {
                  keepEscaped.current = true;
                  onTextChange(unfoldedFrom.original);
                }}
              >
                Undo
              </button>
            </p>
          )}
          {fileError && (
            <p role="alert" data-testid="file-error" className="text-error text-xs">
              {fileError}
            </p>
          )}
          {large ? (
            <div
              data-testid="large-input"
              className="flex flex-col gap-2 rounded border border-line bg-bg p-2 text-xs"
            >
              <p>
                <strong>{(text.length / 1e6).toFixed(1)} MB</strong>, {sourceLines.length.toLocaleString()}{" "}
                lines — too large to edit here comfortably; every line is in the source pane beside the graph.
              </p>
              <div className="flex gap-2">
                <button
                  type="button"
                  onClick={() => setEditLarge(true)}
                  className="rounded border border-line px-2 py-1 hover:border-accent"
                >
                  Edit as text (slow)
                </button>
                <button
                  type="button"
                  data-testid="clear-input"
                  onClick={() => onTextChange("")}
                  className="rounded border border-line px-2 py-1 hover:border-accent"
                >
                  Clear
                </button>
              </div>
            </div>
          ) : (
            <textarea
              id="plan-input"
              data-testid="plan-input"
              value={text}
              onChange={(e) => onTextChange(e.target.value)}
              spellCheck={false}
              placeholder={"== Physical Plan ==\n* HashAggregate (5)\n+- Exchange (4)\n   ..."}
              wrap="off"
              className="h-72 min-h-40 w-full resize-y whitespace-pre rounded border border-line bg-bg p-2 font-mono text-xs leading-5 outline-none focus:border-accent"
            />
          )}
          <div className="flex flex-wrap gap-2">
            {SAMPLES.map((s) => (
              <button
                key={s.id}
                type="button"
                data-sample={s.id}
                onClick={() => void loadSample(s.file)}
                className="rounded border border-line px-2 py-1 text-xs hover:border-accent hover:text-accent"
              >
                {s.label}
              </button>
            ))}
          </div>
          {saved === "not-saved" && (
            <p role="status" data-testid="not-saved" className="text-warn text-xs">
              This text ({(text.length / 1e6).toFixed(1)} MB) is not kept across reloads: the browser refused
              to store it. Keep a copy of your own.
            </p>
          )}
          <Status outcome={outcome} />
          {plan && effectiveView && (
            <PlanControls
              plans={plans.map((p) => `${p.index + 1}: ${p.title} · ${p.mode}`)}
              planIndex={plan.index}
              onPlan={state.setPlanIndex}
              choices={<ViewChoices state={state} layout="column" />}
              operatorCount={shown?.nodes.length ?? 0}
            />
          )}
          {plan && (
            <div className="rounded border border-line">
              <FindingsPanel
                findings={findings}
                plans={[plan]}
                selectedNodeId={selectedId}
                onSelectNodes={state.pickFinding}
              />
            </div>
          )}
        </section>
        <section className="relative min-h-0 min-w-0 flex-1">
          {!plan && <EmptyState unreadable={outcome !== null && !outcome.ok} />}
          <PlanGraphPane
            state={state}
            sourceLines={sourceLines}
            exportName={`plan-${(plan?.index ?? 0) + 1}`}
          />
        </section>
      </main>
    </div>
  );
}

function Status({ outcome }: { outcome: ReturnType<typeof parseExplain> | null }) {
  if (!outcome) return null;
  if (!outcome.ok) {
    return (
      <div
        role="alert"
        data-testid="parse-error"
        className="rounded border border-error bg-error-soft p-2 text-error text-sm"
      >
        <strong>Line {outcome.error.line}:</strong> {outcome.error.message}
      </div>
    );
  }
  const { warnings } = outcome.result;
  if (warnings.length === 0) return null;
  return (
    <details
      data-testid="parse-warnings"
      className="rounded border border-warn bg-warn-soft p-2 text-sm text-warn"
    >
      <summary className="cursor-pointer">
        {warnings.length} warning{warnings.length === 1 ? "" : "s"}
      </summary>
      <ul className="mt-1 max-h-40 list-disc overflow-auto pl-5 text-xs">
        {warnings.slice(0, SHOWN_WARNINGS).map((w, i) => (
          <li key={i} data-warning-code={w.code} title={WARNINGS[w.code].help}>
            line {w.line}: {w.message} <code className="opacity-70">[{w.code}]</code>
          </li>
        ))}
        {warnings.length > SHOWN_WARNINGS && <li>… and {warnings.length - SHOWN_WARNINGS} more</li>}
      </ul>
    </details>
  );
}

interface PlanControlsProps {
  readonly plans: readonly string[];
  readonly planIndex: number;
  readonly onPlan: (i: number) => void;
  /** Section / AQE / subqueries (PlanPane's ViewChoices). */
  readonly choices: ReactNode;
  readonly operatorCount: number;
}

function PlanControls(p: PlanControlsProps) {
  return (
    <div className="flex flex-col gap-2 text-sm">
      {p.plans.length > 1 && (
        <label className="flex flex-col gap-1">
          <span className="text-muted text-xs">{p.plans.length} plans in this input</span>
          <select
            data-testid="plan-select"
            value={p.planIndex}
            onChange={(e) => p.onPlan(Number(e.target.value))}
            className="rounded border border-line bg-bg p-1 text-xs"
          >
            {p.plans.map((label, i) => (
              <option key={i} value={i}>
                {label}
              </option>
            ))}
          </select>
        </label>
      )}
      {p.choices}
      <p data-testid="operator-count" className="text-muted text-xs">
        {p.operatorCount} operators shown · click one for details · +/−/0 zoom · arrows move · Enter opens ·
        Esc closes · c folds inputs · click a stage label to fold it
      </p>
    </div>
  );
}

/** NUL bytes, or many bytes that were not UTF-8, near the start: a compressed log or an image. */
function looksBinary(content: string): boolean {
  const head = content.slice(0, 65536);
  if (head.includes("\u0000")) return true;
  let replaced = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) replaced++;
  return replaced > head.length / 100;
}

function EmptyState({ unreadable }: { unreadable: boolean }) {
  return (
    <div className="flex h-full items-center justify-center p-8">
      <div className="max-w-md text-center text-muted text-sm">
        <p className="mb-2 font-medium text-base text-fg">
          {unreadable ? "No plan in this text — the message on the left says where" : "No plan yet"}
        </p>
        <p>
          Paste what <code className="font-mono">df.explain()</code> or{" "}
          <code className="font-mono">EXPLAIN FORMATTED</code> printed into the box on the left, drop a text
          file anywhere on the page, or try one of the samples.
        </p>
      </div>
    </div>
  );
}
