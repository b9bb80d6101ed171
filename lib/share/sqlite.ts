/**
 * The default store: one SQLite file (better-sqlite3 12, synchronous, in-process).
 *
 * Durability: WAL journal with `synchronous = FULL`, so every commit fsyncs the WAL before
 * better-sqlite3 returns and the route answers 201. A `kill -9` of the server alone would not lose a
 * commit even with NORMAL (the WAL write already sits in the OS page cache), but NORMAL can lose the
 * newest commits on power loss or a kernel crash; a permalink is a promise, and writes are rare next
 * to reads, so we pay the fsync. Readers never block the writer in WAL mode.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { deleteKeyMatches, newDeleteKey, newPlanId, sha256Hex } from "./ids";
import type { CreatedPlan, DeleteOutcome, Migration, NewPlan, PlanStore, SharedPlan } from "./store";

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "plans and deduplicated plan texts",
    sql: `
      CREATE TABLE plan_texts (
        hash  TEXT PRIMARY KEY,          -- sha256 hex of text
        text  TEXT NOT NULL,
        bytes INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE plans (
        id              TEXT PRIMARY KEY,  -- random, base64url
        text_hash       TEXT NOT NULL REFERENCES plan_texts(hash),
        title           TEXT,
        created_at      TEXT NOT NULL,     -- ISO 8601 UTC
        delete_key_hash TEXT NOT NULL      -- sha256 hex of the delete key
      ) STRICT;
      CREATE INDEX plans_text_hash ON plans(text_hash);
    `,
  },
];

export const SQLITE_FILE = "plansight.sqlite";

export interface SqliteOptions {
  /** Directory for the database file; created when missing. `:memory:` for a throwaway store. */
  readonly dataDir: string;
}

interface PlanRow {
  id: string;
  text: string;
  title: string | null;
  created_at: string;
}

export function openSqliteStore(opts: SqliteOptions): PlanStore {
  let file = ":memory:";
  if (opts.dataDir !== ":memory:") {
    const dir = resolve(opts.dataDir);
    mkdirSync(dir, { recursive: true });
    file = join(dir, SQLITE_FILE);
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000"); // several processes on one file (e.g. a restart overlapping)
  migrate(db, SQLITE_MIGRATIONS);

  const insertText = db.prepare("INSERT OR IGNORE INTO plan_texts (hash, text, bytes) VALUES (?, ?, ?)");
  const insertPlan = db.prepare(
    "INSERT INTO plans (id, text_hash, title, created_at, delete_key_hash) VALUES (?, ?, ?, ?, ?)",
  );
  const selectPlan = db.prepare<[string], PlanRow>(
    "SELECT p.id, t.text, p.title, p.created_at FROM plans p JOIN plan_texts t ON t.hash = p.text_hash WHERE p.id = ?",
  );
  const selectKey = db.prepare<[string], { delete_key_hash: string; text_hash: string }>(
    "SELECT delete_key_hash, text_hash FROM plans WHERE id = ?",
  );
  const deletePlan = db.prepare("DELETE FROM plans WHERE id = ?");
  const deleteOrphanText = db.prepare(
    "DELETE FROM plan_texts WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM plans WHERE text_hash = ?)",
  );

  const create = db.transaction((plan: NewPlan): CreatedPlan => {
    const hash = sha256Hex(plan.text);
    insertText.run(hash, plan.text, Buffer.byteLength(plan.text, "utf8"));
    const id = newPlanId();
    const deleteKey = newDeleteKey();
    const createdAt = new Date().toISOString();
    insertPlan.run(id, hash, plan.title ?? null, createdAt, sha256Hex(deleteKey));
    return { id, deleteKey, createdAt };
  });

  const remove = db.transaction((id: string, key: string): DeleteOutcome => {
    const row = selectKey.get(id);
    if (!row) return "missing";
    if (!deleteKeyMatches(key, row.delete_key_hash)) return "forbidden";
    deletePlan.run(id);
    deleteOrphanText.run(row.text_hash, row.text_hash);
    return "deleted";
  });

  return {
    kind: "sqlite",
    create: async (plan) => create(plan),
    get: async (id) => {
      const row = selectPlan.get(id);
      return row ? toShared(row) : null;
    },
    delete: async (id, key) => remove(id, key),
    close: async () => {
      db.close();
    },
  };
}

function toShared(row: PlanRow): SharedPlan {
  return { id: row.id, text: row.text, title: row.title, createdAt: row.created_at };
}

function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  // IMMEDIATE takes the write lock first, so two processes starting together apply each step once.
  db.transaction(() => {
    const done = new Set(
      db
        .prepare<[], { version: number }>("SELECT version FROM schema_migrations")
        .all()
        .map((r) => r.version),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }
  }).immediate();
}
