/**
 * The store contract, run against every backend available: SQLite always, PostgreSQL when
 * `PLANSIGHT_TEST_PG` (or `DATABASE_URL`) points at a server — `npm test` starts a throwaway one
 * (scripts/pg-test.sh).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPlanId } from "./ids";
import { openPostgresStore } from "./postgres";
import { openSqliteStore } from "./sqlite";
import type { PlanStore } from "./store";

const pgUrl = process.env.PLANSIGHT_TEST_PG ?? process.env.DATABASE_URL ?? "";

interface Backend {
  name: string;
  open: () => Promise<PlanStore>;
  cleanup: () => Promise<void>;
}

const dirs: string[] = [];
const sqlite: Backend = {
  name: "sqlite",
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), "plansight-store-"));
    dirs.push(dir);
    return openSqliteStore({ dataDir: join(dir, "nested", "data") });
  },
  cleanup: async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  },
};

/** Each PostgreSQL run gets its own schema so runs never see each other's rows. */
const schema = `plansight_test_${process.pid}_${Date.now()}`;
const postgres: Backend = {
  name: "postgres",
  open: async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    return openPostgresStore({ connectionString: url.toString(), maxConnections: 4 });
  },
  cleanup: async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  },
};

if (!pgUrl) console.info("store tests: PostgreSQL skipped (set PLANSIGHT_TEST_PG or run `npm test`).");

describe.each([
  { backend: sqlite, enabled: true },
  { backend: postgres, enabled: pgUrl !== "" },
])("$backend.name store", ({ backend, enabled }) => {
  let store: PlanStore;
  beforeAll(async () => {
    if (enabled) store = await backend.open();
  });
  afterAll(async () => {
    if (!enabled) return;
    await store.close();
    await backend.cleanup();
  });

  it.skipIf(!enabled)("creates and reads back a plan", async () => {
    const text = "== Physical Plan ==\n* Project (2)\n+- Scan parquet t (1)\n";
    const created = await store.create({ text, title: "my plan — ünïcode" });
    expect(isPlanId(created.id)).toBe(true);
    expect(created.id.length).toBeGreaterThanOrEqual(16);
    expect(created.deleteKey.length).toBeGreaterThanOrEqual(32);
    const got = await store.get(created.id);
    expect(got).toEqual({ id: created.id, text, title: "my plan — ünïcode", createdAt: created.createdAt });
    expect(new Date(got!.createdAt).toISOString()).toBe(got!.createdAt);
  });

  it.skipIf(!enabled)("ids are random, never sequential", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await store.create({ text: `plan ${i}` })).id);
    expect(ids.size).toBe(50);
    const sorted = [...ids].sort();
    expect(sorted).not.toEqual([...ids]); // insertion order is not lexicographic order
  });

  it.skipIf(!enabled)("same text twice: two shares, each with its own id and key", async () => {
    const text = "== Physical Plan ==\nLocalTableScan [a#1]\n";
    const a = await store.create({ text });
    const b = await store.create({ text });
    expect(a.id).not.toBe(b.id);
    expect(a.deleteKey).not.toBe(b.deleteKey);
    expect(await store.delete(a.id, b.deleteKey)).toBe("forbidden");
    expect(await store.delete(a.id, a.deleteKey)).toBe("deleted");
    expect(await store.get(a.id)).toBeNull();
    expect((await store.get(b.id))?.text).toBe(text); // the shared text survives
    expect(await store.delete(b.id, b.deleteKey)).toBe("deleted");
    expect(await store.get(b.id)).toBeNull();
    const c = await store.create({ text }); // and can be shared again after its last share went
    expect((await store.get(c.id))?.text).toBe(text);
  });

  it.skipIf(!enabled)("missing and deleted look the same; wrong key is forbidden", async () => {
    const p = await store.create({ text: "x", title: null });
    expect(await store.delete(p.id, "not-the-key")).toBe("forbidden");
    expect(await store.get(p.id)).not.toBeNull();
    expect(await store.delete(p.id, p.deleteKey)).toBe("deleted");
    expect(await store.delete(p.id, p.deleteKey)).toBe("missing");
    expect(await store.delete("AAAAAAAAAAAAAAAAAAAAAA", "k")).toBe("missing");
    expect(await store.get(p.id)).toBeNull();
    expect(await store.get("AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
  });

  it.skipIf(!enabled)("stores a multi-megabyte plan", async () => {
    const text = "(1) Scan parquet\n".repeat(300_000);
    const p = await store.create({ text });
    expect((await store.get(p.id))?.text.length).toBe(text.length);
  });

  it.skipIf(!enabled)("concurrent creates and deletes of the same text stay consistent", async () => {
    const text = "shared text";
    const made = await Promise.all(Array.from({ length: 20 }, () => store.create({ text })));
    await Promise.all(
      made.map((m, i) => (i % 2 === 0 ? store.delete(m.id, m.deleteKey) : store.create({ text }))),
    );
    for (const [i, m] of made.entries()) {
      expect((await store.get(m.id))?.text ?? null).toBe(i % 2 === 0 ? null : text);
    }
  });
});

describe("migrations", () => {
  it("reopening an existing SQLite file keeps its plans", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plansight-reopen-"));
    try {
      const a = openSqliteStore({ dataDir: dir });
      const p = await a.create({ text: "kept" });
      await a.close();
      const b = openSqliteStore({ dataDir: dir });
      expect((await b.get(p.id))?.text).toBe("kept");
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
