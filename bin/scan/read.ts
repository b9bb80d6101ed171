import { type AppRow, appRow } from "@/lib/assist/app-row";
import { readEventLogSource } from "../commands/source";

/** One source → a row per application it holds (a row with `error` when nothing could be read). */
export async function readRows(source: string): Promise<AppRow[]> {
  const o = await readEventLogSource(source);
  const r = o.ok ? o.result : o.partial;
  const error = o.ok ? null : o.error.message;
  if (r.applications.length === 0) return [appRow(source, null, error ?? "no application in this log")];
  return r.applications.map((a) => appRow(source, a, error));
}
