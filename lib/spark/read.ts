/**
 * A History Server application URL → the same EventLogOutcome reading the downloaded zip gives:
 * the zip streams into the event-log reader under the file name the server gives it.
 */
import { createEventLogReader, type EventLogOutcome, type ReaderOptions } from "@/lib/parse/eventlog";
import { type FetchPolicy, openEventLog, SparkImportError } from "./fetch";
import { parseSparkUrl } from "./url";

export function isHttpUrl(s: string): boolean {
  return /^https?:\/\//i.test(s.trim());
}

function failed(message: string, file: string | null, options: ReaderOptions): EventLogOutcome {
  const r = createEventLogReader(options).finish();
  return { ok: false, error: { message, file }, partial: r.ok ? r.result : r.partial };
}

export async function readEventLogUrl(
  url: string,
  policy: FetchPolicy,
  options: ReaderOptions = {},
): Promise<EventLogOutcome> {
  const parsed = parseSparkUrl(url);
  if (!parsed.ok) return failed(parsed.message, url, options);
  let name = url;
  try {
    const dl = await openEventLog(parsed.target, policy);
    name = dl.name;
    const reader = createEventLogReader(options);
    reader.beginFile(dl.name);
    for await (const chunk of dl.body) {
      reader.push(chunk);
      if (reader.failed) break;
    }
    reader.endFile();
    return reader.finish();
  } catch (e) {
    if (e instanceof SparkImportError) return failed(e.message, name, options);
    throw e;
  }
}
