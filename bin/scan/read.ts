import { type AppRow, appRow } from "@/lib/assist/app-row";
import { isHttpUrl, readEventLogSource } from "../commands/source";

/** One source → a row per application it holds (a row with `error` when nothing could be read). */
export async function readRows(source: string): Promise<AppRow[]> {
  let o = await readEventLogSource(source);
  // A server that did not answer in time (a busy History Server) gets a second chance.
  if (!o.ok && o.partial.counts.events === 0 && isHttpUrl(source)) o = await readEventLogSource(source);
  const r = o.ok ? o.result : o.partial;
  const error = o.ok ? null : o.error.message;
  if (r.applications.length === 0) return [appRow(source, null, error ?? "no application in this log")];
  return r.applications.map((a) => appRow(source, a, error));
}
