"use client";
/**
 * Compare two plans side by side: paste a "before" and an "after" (or one AQE plan to compare its
 * initial and final plans). Operators are matched one to one; added, removed and changed ones are
 * marked on the graphs (`data-diff`), with a list of what changed. Selecting an operator on one
 * side selects its match on the other.
 */
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { parseExplain } from "@/lib/parse/explain";
import { toLines } from "@/lib/parse/explain/lines";
import { unfoldPrinted } from "@/lib/parse/explain/show";
import { comparePlans, type PlanDiff } from "@/lib/plan/compare";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { defaultView, hasAqeChoice, type PlanView, planView } from "@/lib/plan/view";
import { GraphPane } from "./GraphPane";
import { ThemeToggle } from "./ThemeToggle";
import { usePersistentText } from "./usePersistentText";

interface Side {
  readonly plan: Plan;
  readonly view: PlanView;
  readonly lines: readonly string[];
  readonly label: string;
}

function firstPlan(text: string): Plan | null {
  if (!text.trim()) return null;
  const out = parseExplain(text);
  return out.ok ? (out.result.plans[0] ?? null) : null;
}

export function ComparePlans() {
  // Both texts are kept in the browser, like the home page's, so a reload loses neither.
  const { text: textA, setText: setTextA } = usePersistentText("plansight:compare-a");
  const { text: textB, setText: setTextB } = usePersistentText("plansight:compare-b");
  // A side pasted as show(), JSON or a Python shell printed it is read unfolded, so its lines match its graph.
  const deferredA = useDeferredValue(textA);
  const deferredB = useDeferredValue(textB);
  const a = useMemo(() => unfoldPrinted(deferredA)?.text ?? deferredA, [deferredA]);
  const b = useMemo(() => unfoldPrinted(deferredB)?.text ?? deferredB, [deferredB]);
  const [selA, setSelA] = useState<string | null>(null);
  const [selB, setSelB] = useState<string | null>(null);

  const sides = useMemo((): [Side, Side] | null => {
    const pa = firstPlan(a);
    if (!pa) return null;
    const pb = firstPlan(b);
    if (pb) {
      return [
        { plan: pa, view: planView(pa, defaultView(pa)), lines: toLines(a), label: "Before" },
        { plan: pb, view: planView(pb, defaultView(pb)), lines: toLines(b), label: "After" },
      ];
    }
    if (!b.trim() && hasAqeChoice(pa)) {
      const lines = toLines(a);
      return [
        {
          plan: pa,
          view: planView(pa, { ...defaultView(pa), aqe: "initial" }),
          lines,
          label: "AQE initial plan",
        },
        {
          plan: pa,
          view: planView(pa, { ...defaultView(pa), aqe: "final" }),
          lines,
          label: "AQE final plan",
        },
      ];
    }
    return null;
  }, [a, b]);
  const diff = useMemo(
    () =>
      sides ? comparePlans(sides[0].plan, sides[0].view.nodes, sides[1].plan, sides[1].view.nodes) : null,
    [sides],
  );
  // New plans: nothing selected (ids of the old plans may exist in the new ones, meaning else).
  useEffect(() => {
    if (!sides) return;
    setSelA(null);
    setSelB(null);
  }, [sides]);
  const pairOfA = useMemo(() => new Map(diff?.pairs.map((p) => [p.a, p.b])), [diff]);
  const pairOfB = useMemo(() => new Map(diff?.pairs.map((p) => [p.b, p.a])), [diff]);

  const pickA = (id: string | null) => {
    setSelA(id);
    setSelB(id ? (pairOfA.get(id) ?? null) : null);
  };
  const pickB = (id: string | null) => {
    setSelB(id);
    setSelA(id ? (pairOfB.get(id) ?? null) : null);
  };

  return (
    <div className="flex h-screen flex-col">
      <header className="flex items-center justify-between border-line border-b bg-panel px-4 py-2">
        <div className="flex items-baseline gap-3">
          <a href="/" className="font-semibold text-lg tracking-tight">
            Plansight
          </a>
          <h1 className="text-muted text-sm">Compare two plans</h1>
        </div>
        <ThemeToggle />
      </header>
      <div className="grid grid-cols-2 gap-3 border-line border-b bg-panel p-3">
        <PlanText id="compare-a" label="Before (or one AQE plan)" value={textA} onChange={setTextA} />
        <PlanText id="compare-b" label="After" value={textB} onChange={setTextB} />
      </div>
      {diff && sides && <Summary diff={diff} sides={sides} onPick={pickA} />}
      {!sides && (
        <p className="p-6 text-muted text-sm">
          Paste a plan on each side — or one plan printed with AQE on (it holds its initial and final plans).
        </p>
      )}
      {sides && diff && (
        <main className="grid min-h-0 flex-1 grid-cols-2 divide-x divide-line">
          {([0, 1] as const).map((i) => (
            <section
              key={i}
              className="flex min-h-0 flex-col"
              data-testid={`compare-side-${i === 0 ? "a" : "b"}`}
            >
              <h2 className="border-line border-b px-3 py-1 font-medium text-sm">
                {sides[i].label} · {sides[i].view.nodes.length} operators
              </h2>
              <div className="min-h-0 flex-1">
                <GraphPane
                  key={`${sides[i].label}:${sides[i].plan.endLine}:${sides[i].view.nodes.length}`}
                  plan={sides[i].plan}
                  view={sides[i].view}
                  sourceLines={sides[i].lines}
                  selectedId={i === 0 ? selA : selB}
                  onSelect={i === 0 ? pickA : pickB}
                  diff={i === 0 ? diff.marksA : diff.marksB}
                  detailsExtra={(n) => <Changes diff={diff} node={n} side={i} />}
                  exportName={i === 0 ? "before" : "after"}
                  compact
                />
              </div>
            </section>
          ))}
        </main>
      )}
    </div>
  );
}

function PlanText(p: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{p.label}</span>
      <textarea
        data-testid={`${p.id}-input`}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        spellCheck={false}
        wrap="off"
        placeholder="== Physical Plan == …"
        className="h-28 resize-y whitespace-pre rounded border border-line bg-bg p-2 font-mono text-xs outline-none focus:border-accent"
      />
    </label>
  );
}

function Summary({
  diff,
  sides,
  onPick,
}: {
  diff: PlanDiff;
  sides: [Side, Side];
  onPick: (id: string) => void;
}) {
  const changed = diff.pairs.filter((p) => p.changes.length > 0 || p.metricChanges.length > 0);
  const nameA = new Map(sides[0].view.nodes.map((n) => [n.id, n]));
  return (
    <div
      data-testid="compare-summary"
      className="flex flex-wrap items-center gap-3 border-line border-b px-3 py-1.5 text-xs"
    >
      <span>
        <b className="text-[var(--diff-added)]">+ {diff.added.length}</b> added
      </span>
      <span>
        <b className="text-[var(--diff-removed)]">− {diff.removed.length}</b> removed
      </span>
      <span>
        <b className="text-[var(--diff-changed)]">~ {changed.length}</b> changed
      </span>
      <span className="text-muted">{diff.pairs.length} matched</span>
      {changed.slice(0, 8).map((p) => {
        const n = nameA.get(p.a);
        return (
          <button
            key={p.a}
            type="button"
            onClick={() => onPick(p.a)}
            className="rounded border border-line px-1.5 py-0.5 font-mono hover:border-accent"
            title={p.changes.map((c) => c.field).join(", ")}
          >
            ~ {n?.name}
            {n?.operatorId != null ? ` (${n.operatorId})` : ""}
          </button>
        );
      })}
    </div>
  );
}

function Changes({ diff, node, side }: { diff: PlanDiff; node: PlanNode; side: 0 | 1 }) {
  const pair = diff.pairs.find((p) => (side === 0 ? p.a : p.b) === node.id);
  if (!pair) {
    return (
      <p className="mt-4 text-sm" data-testid="diff-status">
        {side === 0 ? "Removed: not in the other plan." : "Added: not in the first plan."}
      </p>
    );
  }
  if (pair.changes.length === 0 && pair.metricChanges.length === 0)
    return (
      <p className="mt-4 text-muted text-sm" data-testid="diff-status">
        Unchanged.
      </p>
    );
  return (
    <div className="mt-4" data-testid="diff-status">
      <h3 className="mb-1 font-semibold text-muted text-xs uppercase tracking-wide">Changed</h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
        {pair.changes.map((c) => (
          <div key={c.field} className="contents">
            <dt className="text-muted">{c.field}</dt>
            <dd className="min-w-0 break-words font-mono">
              <del className="text-[var(--diff-removed)]">{c.before ?? "—"}</del>
              <br />
              <ins className="text-[var(--diff-added)] no-underline">{c.after ?? "—"}</ins>
            </dd>
          </div>
        ))}
        {pair.metricChanges.map((m) => (
          <div key={m.name} className="contents">
            <dt className="text-muted">{m.name}</dt>
            <dd className="font-mono">
              {m.before} → {m.after}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
