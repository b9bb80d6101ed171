import { compareNames } from "./codecs/zip";

/**
 * Which files of a folder (or of several files dropped together) form the log, in reading order.
 * Pure over names so the browser (File objects) and node.ts (readdir) share it.
 *
 * - Rolling logs (Spark 3.0+, EventLogFileWriters.scala): `eventlog_v2_<appId>/events_<n>_<appId>[.codec]`
 *   by n; `appstatus_*` is a marker; a `events_<n>_<appId>.compact` replaces events 1..n.
 * - Databricks: `eventlog-YYYY-MM-DD--HH-MM[.gz]` in date order, then the live `eventlog`.
 * - Spark 1.x folders: `EVENT_LOG_<n>`; `SPARK_VERSION_*`, `APPLICATION_COMPLETE`,
 *   `COMPRESSION_CODEC_*` are markers.
 * - Anything else: name order, numbers compared as numbers.
 */
export interface OrderedFiles {
  readonly read: readonly string[];
  readonly skipped: readonly string[];
  /** Spark version from a 1.x `SPARK_VERSION_<v>` marker. */
  readonly legacySparkVersion: string | null;
}

const MARKER = /^(appstatus_|SPARK_VERSION_|APPLICATION_COMPLETE$|COMPRESSION_CODEC_|\.)|\.crc$|^_SUCCESS$/;
const NOT_A_LOG = /\.(json|md|txt|html?|png|jpe?g|gif|svg|pdf|csv|tsv|ya?ml)$/i;
const ROLLING = /^events_(\d+)_.*?(\.compact)?(\.[a-z0-9]+)?$/;
const DATABRICKS = /^eventlog-(\d{4}-\d{2}-\d{2}--\d{2}-\d{2})/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function orderEventLogFiles(paths: readonly string[]): OrderedFiles {
  const skipped: string[] = [];
  let legacySparkVersion: string | null = null;
  const keep: string[] = [];
  for (const p of paths) {
    const b = baseName(p);
    const v = /^SPARK_VERSION_(.+)$/.exec(b);
    if (v) legacySparkVersion = v[1]!;
    if (MARKER.test(b)) skipped.push(p);
    else keep.push(p);
  }
  // In a folder with several files, documents next to the log (a README, a JSON summary, a
  // screenshot) are not part of it. A lone file is read whatever its name.
  if (keep.length > 1) {
    for (let i = keep.length - 1; i >= 0; i--) {
      if (NOT_A_LOG.test(baseName(keep[i]!))) skipped.push(...keep.splice(i, 1));
    }
  }
  // A compacted rolling file stands for every event file up to its index.
  let compactIndex = -1;
  let compactPath: string | null = null;
  for (const p of keep) {
    const m = ROLLING.exec(baseName(p));
    if (m?.[2] && Number(m[1]) > compactIndex) {
      compactIndex = Number(m[1]);
      compactPath = p;
    }
  }
  const read: string[] = [];
  for (const p of keep) {
    const m = ROLLING.exec(baseName(p));
    if (
      compactPath !== null &&
      m &&
      (Number(m[1]) < compactIndex ||
        (m[2] && p !== compactPath) ||
        (Number(m[1]) === compactIndex && p !== compactPath))
    ) {
      skipped.push(p);
      continue;
    }
    read.push(p);
  }
  const rank = (p: string): [number, string] => {
    const b = baseName(p);
    const r = ROLLING.exec(b);
    if (r) return [0, String(Number(r[1])).padStart(12, "0")];
    const d = DATABRICKS.exec(b);
    if (d) return [1, d[1]!];
    if (b === "eventlog" || /^eventlog\.[a-z0-9]+$/.test(b)) return [2, ""];
    const l = /^EVENT_LOG_(\d+)$/.exec(b);
    if (l) return [0, String(Number(l[1])).padStart(12, "0")];
    return [3, b];
  };
  read.sort((a, b) => {
    const [ra, ka] = rank(a);
    const [rb, kb] = rank(b);
    return ra !== rb ? ra - rb : compareNames(ka, kb) || compareNames(a, b);
  });
  return { read, skipped, legacySparkVersion };
}
