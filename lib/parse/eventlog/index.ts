/**
 * Spark event logs → Application model. Browser- and Worker-safe; `node.ts` adds disk helpers.
 *
 *   const reader = createEventLogReader({ onProgress });
 *   for (const file of orderEventLogFiles(names).read) { reader.beginFile(file); ...push(chunk)...; reader.endFile(); }
 *   const outcome = reader.finish();
 */
export type { AutoDecoderOptions, Codec } from "./codecs/index";
export { DEFAULT_MAX_DECOMPRESSED_BYTES, detectCodec } from "./codecs/index";
export { type OrderedFiles, orderEventLogFiles } from "./files";
export type * from "./model";
export { convertSparkPlan, operatorName } from "./plan";
export {
  createEventLogReader,
  DEFAULT_MAX_LINE_BYTES,
  type EventLogReader,
  formatLimit,
  type ReaderOptions,
} from "./reader";
export { bytesToString, formatMetricNumber, msDurationToString, sparkMetricString } from "./spark-format";

import type { EventLogOutcome } from "./model";
import { createEventLogReader, type ReaderOptions } from "./reader";

/** Reads a whole in-memory log (tests, small uploads): one file, or several in the given order. */
export function readEventLogBytes(
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  options: ReaderOptions = {},
): EventLogOutcome {
  const reader = createEventLogReader(options);
  for (const f of files) {
    reader.beginFile(f.name);
    reader.push(f.bytes);
    reader.endFile();
  }
  return reader.finish();
}
