/**
 * What a run's numbers say on the graph itself (event logs): each node's main metric, the rows (and
 * bytes) on each edge, and each node's time for colouring by time share. Pure: the page, the SVG
 * export and tests use the same text.
 */
import { format } from "d3";
import { operatorCategory } from "@/lib/plan/operators";
import type { PlanNode } from "@/lib/plan/types";
import type { NodeMetric, NodeMetrics } from "./overlay";

export const ROWS = "number of output rows";

/** A node's main metric as drawn: `alarm` marks spill (drawn in red). */
export interface Note {
  readonly text: string;
  readonly alarm?: boolean;
}

const si = format(".3~s");
/** Counts as the eye reads them: 950, 12.3k, 1.2M (Spark's UI prints them in full). */
export function formatRows(n: number): string {
  return Math.abs(n) < 1000 ? String(Math.round(n)) : si(n).replace("G", "B");
}

export function formatBytesIec(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const find = (list: readonly NodeMetric[] | undefined, name: string) => list?.find((m) => m.name === name);

/**
 * A node's (or a codegen stage's) time in ms: the stage's `duration`, else the sum of the
 * operator's own timing metrics. Swappable: a per-operator time model can replace it.
 */
export function nodeTimeMs(list: readonly NodeMetric[] | undefined): number | null {
  if (!list) return null;
  const d = find(list, "duration");
  if (d) return d.total;
  let t = 0;
  let any = false;
  for (const m of list)
    if (m.type === "timing" || m.type === "nsTiming") {
      t += m.type === "nsTiming" ? m.total / 1e6 : m.total;
      any = true;
    }
  return any ? t : null;
}

/** The bytes that crossed the network out of an exchange or a broadcast. */
function movedBytes(list: readonly NodeMetric[] | undefined): number | null {
  for (const name of ["shuffle bytes written", "data size", "broadcast size"]) {
    const m = find(list, name);
    if (m && m.total > 0) return m.total;
  }
  return null;
}

/**
 * Main metric per node id (and per codegen cluster id): spill when there is any, rows for scans
 * and filters (a filter with the share of its input it kept), else time, else rows.
 */
export function mainNotes(
  metrics: NodeMetrics | undefined,
  names: ReadonlyMap<string, string>,
  inputsOf: (id: string) => readonly string[],
): Map<string, Note> {
  const out = new Map<string, Note>();
  if (!metrics) return out;
  for (const [id, list] of metrics) {
    const spill = find(list, "spill size");
    if (spill && spill.total > 0) {
      out.set(id, { text: `spill ${formatBytesIec(spill.total)}`, alarm: true });
      continue;
    }
    const name = names.get(id) ?? "";
    const rows = find(list, ROWS);
    if (rows && /Scan|^Filter$|Filter$/.test(name)) {
      let text = `${formatRows(rows.total)} rows`;
      if (/Filter$/.test(name)) {
        const input = inputsOf(id).reduce((s, c) => s + (find(metrics.get(c), ROWS)?.total ?? 0), 0);
        if (input > 0) text += ` (${pct(rows.total / input)})`;
      }
      out.set(id, { text });
      continue;
    }
    const t = nodeTimeMs(list);
    if (t !== null) out.set(id, { text: formatMs(t) });
    else if (rows) out.set(id, { text: `${formatRows(rows.total)} rows` });
  }
  return out;
}

function pct(f: number): string {
  const p = f * 100;
  return p >= 10 || p === 0 ? `${Math.round(p)}%` : p >= 0.1 ? `${p.toFixed(1)}%` : "<0.1%";
}

/**
 * What flowed out of each node: its rows, and for exchanges and broadcasts also the bytes
 * (`1.2M rows · 350 MiB`). Keyed by the producing node's id.
 */
export function edgeTexts(
  metrics: NodeMetrics | undefined,
  names: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  if (!metrics) return out;
  for (const [id, list] of metrics) {
    const rows = find(list, ROWS);
    if (!rows) continue;
    const name = names.get(id) ?? "";
    const moved = operatorCategory(name) === "exchange" || /Broadcast/.test(name) ? movedBytes(list) : null;
    out.set(id, `${formatRows(rows.total)} rows${moved !== null ? ` · ${formatBytesIec(moved)}` : ""}`);
  }
  return out;
}

/** The metric the graph colours an execution by at first: each operator's (or stage's) time. */
export const TIME = "time (operator or codegen stage)";

/**
 * The overlay with each node's time added as the `TIME` metric (colour by time share). With an
 * event log's per-operator times (lib/parse/eventlog/timing.ts: `times`, task-side only — driver
 * work is not task time) each operator gets its own; without them, a node's own timing metric, and
 * a codegen stage (keyed by cluster id) its duration.
 */
export function withTime(
  metrics: NodeMetrics,
  times?: Readonly<Record<string, { readonly timeMs: number; readonly basis: string }>>,
): NodeMetrics {
  const out = new Map(metrics);
  const known = times !== undefined && Object.keys(times).length > 0;
  if (known) {
    for (const [id, t] of Object.entries(times)) {
      if (t.basis === "driver" || !(t.timeMs > 0)) continue;
      out.set(id, [...(metrics.get(id) ?? []), { name: TIME, total: t.timeMs, type: "timing" }]);
    }
    return out;
  }
  for (const [id, list] of metrics) {
    const t = nodeTimeMs(list);
    if (t !== null && t > 0) out.set(id, [...list, { name: TIME, total: t, type: "timing" }]);
  }
  return out;
}

/**
 * Estimates from the text itself, for pasted plans: a node's `Statistics(sizeInBytes=…,
 * rowCount=…)` (cost mode, AQE query stages) on the edges leaving it, marked `~` as estimates.
 */
export function statsEdgeTexts(nodes: readonly PlanNode[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodes) {
    if (!n.stats) continue;
    const rows = /rowCount=([\d.]+(?:E[+-]?\d+)?)/i.exec(n.stats)?.[1];
    const size = /sizeInBytes=([^,)]+)/.exec(n.stats)?.[1]?.trim();
    if (rows !== undefined && Number.isFinite(Number(rows)))
      out.set(n.id, `~${formatRows(Number(rows))} rows`);
    else if (size) out.set(n.id, `~${size}`);
  }
  return out;
}
