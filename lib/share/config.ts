/**
 * Sharing configuration, read once from the environment. Every knob has a default that suits a
 * single `npm start` on one machine.
 *
 * | variable                    | default      | meaning                                              |
 * |-----------------------------|--------------|------------------------------------------------------|
 * | `PLANSIGHT_DATA_DIR`        | `./data`     | SQLite file location (created on start)              |
 * | `DATABASE_URL`              | unset        | use PostgreSQL instead of SQLite                     |
 * | `PLANSIGHT_MAX_BODY_BYTES`  | 8388608      | POST body cap, after gzip decoding (413 above it)    |
 * | `PLANSIGHT_POST_PER_MINUTE` | 30           | per-client POST refill rate; 0 turns limiting off    |
 * | `PLANSIGHT_POST_BURST`      | 10           | per-client POST burst (bucket size)                  |
 * | `PLANSIGHT_TRUSTED_PROXIES` | 0            | reverse proxies in front that append X-Forwarded-For |
 * | `PLANSIGHT_PUBLIC_URL`      | request host | origin used to build the returned `url`              |
 */

export interface RateConfig {
  readonly perMinute: number;
  readonly burst: number;
}

export interface ShareConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly maxBodyBytes: number;
  /** null: no rate limiting. */
  readonly postRate: RateConfig | null;
  readonly trustedProxies: number;
  readonly publicUrl: string | null;
}

export const MAX_TITLE_CHARS = 200;

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}".`);
  return Math.floor(n);
}

export function readShareConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ShareConfig {
  const perMinute = intFrom(env.PLANSIGHT_POST_PER_MINUTE, 30, "PLANSIGHT_POST_PER_MINUTE");
  const burst = intFrom(env.PLANSIGHT_POST_BURST, 10, "PLANSIGHT_POST_BURST");
  return {
    dataDir: env.PLANSIGHT_DATA_DIR?.trim() || "./data",
    databaseUrl: env.DATABASE_URL?.trim() || null,
    maxBodyBytes: intFrom(env.PLANSIGHT_MAX_BODY_BYTES, 8 * 1024 * 1024, "PLANSIGHT_MAX_BODY_BYTES"),
    postRate: perMinute === 0 ? null : { perMinute, burst: Math.max(1, burst) },
    trustedProxies: intFrom(env.PLANSIGHT_TRUSTED_PROXIES, 0, "PLANSIGHT_TRUSTED_PROXIES"),
    publicUrl: env.PLANSIGHT_PUBLIC_URL?.trim().replace(/\/+$/, "") || null,
  };
}
