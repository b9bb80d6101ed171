/** The permalink API as plain Request → Response, against an in-memory SQLite store. */
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readShareConfig } from "./config";
import { createPlan, deletePlan, readPlan, type ShareDeps } from "./http";
import { RateLimiter } from "./rate-limit";
import { openSqliteStore } from "./sqlite";

const store = openSqliteStore({ dataDir: ":memory:" });
afterAll(() => store.close());

function deps(env: Record<string, string> = {}): ShareDeps {
  const config = readShareConfig({
    PLANSIGHT_POST_PER_MINUTE: "0",
    PLANSIGHT_MAX_BODY_BYTES: "1000",
    ...env,
  });
  return {
    config,
    store: async () => store,
    limiter: config.postRate ? new RateLimiter(config.postRate) : null,
  };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/api/plans", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);

/** A body that arrives in chunks with no Content-Length, like a chunked upload. */
function chunked(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent++ >= chunks) c.close();
      else c.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

describe("POST /api/plans", () => {
  it("201 with id, url and delete key; GET returns it", async () => {
    const res = await createPlan(
      post(JSON.stringify({ text: "== Physical Plan ==\nX\n", title: " t " })),
      deps(),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; url: string; deleteKey: string };
    expect(body.url).toBe(`http://127.0.0.1:3000/p/${body.id}`);
    const got = await readPlan(body.id, deps());
    expect(got.status).toBe(200);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await got.json()).toMatchObject({ id: body.id, text: "== Physical Plan ==\nX\n", title: "t" });
  });

  it("uses PLANSIGHT_PUBLIC_URL for the link when set", async () => {
    const res = await createPlan(
      post(JSON.stringify({ text: "x" })),
      deps({ PLANSIGHT_PUBLIC_URL: "https://plans.example/" }),
    );
    expect(((await res.json()) as { url: string }).url).toMatch(/^https:\/\/plans\.example\/p\/[\w-]{22}$/);
  });

  it("400 for bad JSON and bad shapes, with a message", async () => {
    const cases: [string, RegExp][] = [
      ["{not json", /not valid JSON/],
      ["[1,2]", /JSON object/],
      ['"text"', /JSON object/],
      ["{}", /`text` must be a string/],
      ['{"text": 5}', /`text` must be a string/],
      ['{"text": "   "}', /must not be empty/],
      [JSON.stringify({ text: "x", title: "t".repeat(201) }), /at most 200/],
      [JSON.stringify({ text: "x", title: 7 }), /`title` must be a string/],
    ];
    for (const [body, message] of cases) {
      const res = await createPlan(post(body), deps());
      expect(res.status, body).toBe(400);
      expect(await errorOf(res)).toMatch(message);
    }
  });

  it("415 unless the body is JSON, and for unknown encodings", async () => {
    expect((await createPlan(post("{}", { "content-type": "text/plain" }), deps())).status).toBe(415);
    expect((await createPlan(post("{}", { "content-encoding": "br" }), deps())).status).toBe(415);
  });

  it("413 from Content-Length before reading, and while streaming without one", async () => {
    const big = JSON.stringify({ text: "x".repeat(2000) });
    expect((await createPlan(post(big), deps())).status).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(100).fill(0x20));
      },
    });
    const res = await createPlan(post(endless), deps());
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(20); // stopped soon after 1000 bytes, not at the end of the stream
    expect((await createPlan(post(chunked(5, 100)), deps())).status).toBe(400); // 500 spaces: not JSON
  });

  it("accepts gzip bodies, and caps the decoded size (no gzip bombs)", async () => {
    const text = "== Physical Plan ==\n".repeat(40); // 800 bytes, compresses well
    const ok = await createPlan(
      post(gzipSync(JSON.stringify({ text })), { "content-encoding": "gzip" }),
      deps(),
    );
    expect(ok.status).toBe(201);
    const id = ((await ok.json()) as { id: string }).id;
    expect(((await (await readPlan(id, deps())).json()) as { text: string }).text).toBe(text);
    const bomb = gzipSync(JSON.stringify({ text: "a".repeat(100_000) }));
    expect(bomb.byteLength).toBeLessThan(1000);
    const res = await createPlan(post(bomb, { "content-encoding": "gzip" }), deps());
    expect(res.status).toBe(413);
    const corrupt = await createPlan(post(new Uint8Array([1, 2, 3]), { "content-encoding": "gzip" }), deps());
    expect(corrupt.status).toBe(400);
  });

  it("429 with Retry-After once a client's burst is spent; other clients unaffected", async () => {
    const d = deps({ PLANSIGHT_POST_PER_MINUTE: "6", PLANSIGHT_POST_BURST: "2" });
    const from = (ip: string) => post(JSON.stringify({ text: "x" }), { "x-forwarded-for": ip });
    expect((await createPlan(from("10.0.0.1"), d)).status).toBe(201);
    expect((await createPlan(from("10.0.0.1"), d)).status).toBe(201);
    const limited = await createPlan(from("10.0.0.1"), d);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await createPlan(from("10.0.0.2"), d)).status).toBe(201);
  });
});

describe("GET and DELETE /api/plans/{id}", () => {
  it("wrong key 403, right key 204, then 404 — the same 404 as never-existed and malformed ids", async () => {
    const created = (await (await createPlan(post(JSON.stringify({ text: "bye" })), deps())).json()) as {
      id: string;
      deleteKey: string;
    };
    const del = (key?: string) =>
      deletePlan(
        new Request(`http://x/api/plans/${created.id}`, {
          method: "DELETE",
          headers: key ? { "x-delete-key": key } : {},
        }),
        created.id,
        deps(),
      );
    expect((await del()).status).toBe(403);
    expect((await del("wrong")).status).toBe(403);
    expect((await del(created.deleteKey)).status).toBe(204);
    expect((await del(created.deleteKey)).status).toBe(404);
    const gone = await readPlan(created.id, deps());
    const never = await readPlan("AAAAAAAAAAAAAAAAAAAAAA", deps());
    const malformed = await readPlan("../../etc/passwd", deps());
    expect([gone.status, never.status, malformed.status]).toEqual([404, 404, 404]);
    expect(await gone.text()).toBe(await never.text());
    expect(await malformed.text()).toBe(await readPlan("x", deps()).then((r) => r.text()));
  });
});
