/**
 * The scale-out store: PostgreSQL through `pg`, chosen when `DATABASE_URL` is set, so several
 * stateless app instances can serve the same permalinks. Same model as sqlite.ts: deduplicated
 * texts, one row per share, hashed delete keys. A commit is durable when PostgreSQL acknowledges it
 * (its default `synchronous_commit = on`).
 */
import pg from "pg";
import { deleteKeyMatches, newDeleteKey, newPlanId, sha256Hex } from "./ids";
import type { CreatedPlan, DeleteOutcome, Migration, NewPlan, PlanStore, SharedPlan } from "./store";

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "plans and deduplicated plan texts",
    sql: `
      CREATE TABLE plan_texts (
        hash  TEXT PRIMARY KEY,
        text  TEXT NOT NULL,
        bytes INTEGER NOT NULL
      );
      CREATE TABLE plans (
        id              TEXT PRIMARY KEY,
        text_hash       TEXT NOT NULL REFERENCES plan_texts(hash),
        title           TEXT,
        created_at      TIMESTAMPTZ NOT NULL,
        delete_key_hash TEXT NOT NULL
      );
      CREATE INDEX plans_text_hash ON plans(text_hash);
    `,
  },
];

/** Any constant: serialises migrations across app instances starting at the same time. */
const MIGRATION_LOCK = 0x706c616e; // "plan"
const FOREIGN_KEY_VIOLATION = "23503";

export interface PostgresOptions {
  readonly connectionString: string;
  /** Connections per app instance. */
  readonly maxConnections?: number;
}

export async function openPostgresStore(opts: PostgresOptions): Promise<PlanStore> {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.maxConnections ?? 10 });
  try {
    await migrate(pool, POSTGRES_MIGRATIONS);
  } catch (e) {
    await pool.end();
    throw e;
  }

  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(client);
      await client.query("COMMIT");
      return out;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  };

  const createOnce = (plan: NewPlan) =>
    tx(async (c): Promise<CreatedPlan> => {
      const hash = sha256Hex(plan.text);
      await c.query(
        "INSERT INTO plan_texts (hash, text, bytes) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
        [hash, plan.text, Buffer.byteLength(plan.text, "utf8")],
      );
      const id = newPlanId();
      const deleteKey = newDeleteKey();
      const res = await c.query<{ created_at: Date }>(
        "INSERT INTO plans (id, text_hash, title, created_at, delete_key_hash) VALUES ($1, $2, $3, now(), $4) RETURNING created_at",
        [id, hash, plan.title ?? null, sha256Hex(deleteKey)],
      );
      return { id, deleteKey, createdAt: res.rows[0]!.created_at.toISOString() };
    });

  return {
    kind: "postgres",
    async create(plan) {
      try {
        return await createOnce(plan);
      } catch (e) {
        // A concurrent delete removed the shared text between our two inserts: go again.
        if ((e as { code?: string }).code === FOREIGN_KEY_VIOLATION) return createOnce(plan);
        throw e;
      }
    },
    async get(id): Promise<SharedPlan | null> {
      const res = await pool.query<{ id: string; text: string; title: string | null; created_at: Date }>(
        "SELECT p.id, t.text, p.title, p.created_at FROM plans p JOIN plan_texts t ON t.hash = p.text_hash WHERE p.id = $1",
        [id],
      );
      const row = res.rows[0];
      return row
        ? { id: row.id, text: row.text, title: row.title, createdAt: row.created_at.toISOString() }
        : null;
    },
    delete: (id, key) =>
      tx(async (c): Promise<DeleteOutcome> => {
        const res = await c.query<{ delete_key_hash: string; text_hash: string }>(
          "SELECT delete_key_hash, text_hash FROM plans WHERE id = $1 FOR UPDATE",
          [id],
        );
        const row = res.rows[0];
        if (!row) return "missing";
        if (!deleteKeyMatches(key, row.delete_key_hash)) return "forbidden";
        await c.query("DELETE FROM plans WHERE id = $1", [id]);
        // Another share may reference the text, or be inserting a reference right now: only an
        // orphan is removed, and a racing insert either sees the row or retries (see create).
        await c.query("SAVEPOINT orphan");
        try {
          await c.query(
            "DELETE FROM plan_texts t WHERE t.hash = $1 AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.text_hash = $1)",
            [row.text_hash],
          );
        } catch (e) {
          if ((e as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw e;
          await c.query("ROLLBACK TO SAVEPOINT orphan"); // a new share took the text meanwhile: keep it
        }
        return "deleted";
      }),
    close: () => pool.end(),
  };
}

async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await c.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await c.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
    }
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}
