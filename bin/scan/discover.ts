/**
 * The applications under a folder: every event-log file, and every folder that is one application
 * (rolling `eventlog_v2_*`, Spark 1.x `EVENT_LOG_*` folders, Databricks `eventlog` folders). Files
 * are recognised by their first bytes (a codec Spark writes, or a JSON line with "Event").
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { detectCodec } from "@/lib/parse/eventlog";

const SKIP =
  /(^\.|\.crc$|\.(json|md|txt|html?|png|jpe?g|gif|svg|pdf|csv|tsv|ya?ml|py|sh)$|^_SUCCESS$|^appstatus_)/i;

function looksLikeEventLog(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const head = new Uint8Array(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    if (n === 0) return false;
    if (detectCodec(bytes) !== "none") return true;
    const text = new TextDecoder().decode(bytes).trimStart();
    return text.startsWith("{") && /"Event"\s*:/.test(text);
  } finally {
    closeSync(fd);
  }
}

function isAppFolder(name: string, entries: readonly string[]): boolean {
  return (
    name.startsWith("eventlog_v2_") ||
    entries.some((e) => /^EVENT_LOG_\d+/.test(e)) ||
    (entries.includes("eventlog") &&
      entries.every((e) => e === "eventlog" || /^eventlog-\d{4}-/.test(e) || SKIP.test(e)))
  );
}

export function discoverApplications(root: string): string[] {
  const s = statSync(root);
  if (!s.isDirectory()) return [root];
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const names = entries.map((e) => e.name);
    if (dir !== root && isAppFolder(dir.slice(dir.lastIndexOf("/") + 1), names)) {
      out.push(dir);
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !SKIP.test(e.name) && looksLikeEventLog(p)) out.push(p);
    }
  };
  walk(root);
  return out;
}
