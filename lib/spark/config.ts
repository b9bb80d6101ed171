/**
 * Import configuration, from the environment:
 *
 * | variable                       | default     | meaning                                                  |
 * |--------------------------------|-------------|----------------------------------------------------------|
 * | `PLANSIGHT_SPARK_SERVERS`      | empty (off) | comma-separated origins the server may fetch from        |
 * | `PLANSIGHT_MAX_IMPORT_BYTES`   | 536870912   | cap on one fetched event log (zip) or list               |
 * | `PLANSIGHT_SPARK_TIMEOUT_MS`   | 30000       | wait for a server's headers, and for each body chunk     |
 */
import { parseAllowList } from "./url";

export interface SparkImportConfig {
  /** Empty: importing is off. */
  readonly origins: readonly string[];
  /** Entries of PLANSIGHT_SPARK_SERVERS that are not http(s) origins (reported, not used). */
  readonly invalid: readonly string[];
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}".`);
  return Math.floor(n);
}

export function readSparkImportConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SparkImportConfig {
  const { origins, invalid } = parseAllowList(env.PLANSIGHT_SPARK_SERVERS);
  return {
    origins,
    invalid,
    maxBytes: positive(env.PLANSIGHT_MAX_IMPORT_BYTES, 512 * 1024 * 1024, "PLANSIGHT_MAX_IMPORT_BYTES"),
    timeoutMs: positive(env.PLANSIGHT_SPARK_TIMEOUT_MS, 30_000, "PLANSIGHT_SPARK_TIMEOUT_MS"),
  };
}
