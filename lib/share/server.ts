/**
 * The one store and rate limiter of this server process. Kept on globalThis because Next may load
 * a module more than once (per route bundle); a second SQLite connection would be harmless, a
 * second rate limiter would halve the limit.
 */
import { readShareConfig } from "./config";
import type { ShareDeps } from "./http";
import { RateLimiter } from "./rate-limit";
import type { PlanStore } from "./store";

let storePromise: Promise<PlanStore> | null = null;

async function openStore(): Promise<PlanStore> {
  const config = readShareConfig();
  if (config.databaseUrl) {
    const { openPostgresStore } = await import("./postgres");
    return openPostgresStore({ connectionString: config.databaseUrl });
  }
  const { openSqliteStore } = await import("./sqlite");
  return openSqliteStore({ dataDir: config.dataDir });
}

const KEY = Symbol.for("plansight.share");
type Holder = { [KEY]?: ShareDeps };

export function shareDeps(): ShareDeps {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const config = readShareConfig();
    g[KEY] = {
      config,
      limiter: config.postRate ? new RateLimiter(config.postRate) : null,
      store: () => {
        storePromise ??= openStore().catch((e) => {
          storePromise = null; // e.g. the database is not up yet: try again on the next request
          throw e;
        });
        return storePromise;
      },
    };
  }
  return g[KEY];
}
