/** Numbers as Spark UI prints them: bytes in binary units, durations in ms / s / min / h. */
import { format } from "d3";

const si = format(".3~s");
const fixed1 = format(".1f");

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${fixed1(v)} ${units[i]}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${fixed1(s)} s`;
  const m = s / 60;
  if (m < 60) return `${Math.floor(m)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${Math.round(m % 60)} min`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return Math.abs(n) < 10_000 ? String(Math.round(n * 100) / 100) : si(n);
}

/** An epoch-ms timestamp in the reader's time zone, to the second. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const d = new Date(ms);
  const pad = (x: number) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatUnit(v: number | null, unit: "count" | "bytes" | "ms"): string {
  if (v === null) return "—";
  return unit === "bytes" ? formatBytes(v) : unit === "ms" ? formatDuration(v) : formatCount(v);
}

/** Exact count with thousands separators ("10,407 events"): counts are compared, not skimmed. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
