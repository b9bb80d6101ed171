/**
 * A plan acknowledged with 201 is there after `kill -9` of the server and a restart. The server
 * is lib/share/testing/serve.ts: the same handlers and SQLite store as the Next routes, in a child
 * process we can kill without building the app. (e2e/share.spec.ts covers the real `next start`.)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "plansight-durable-"));
const children: ChildProcess[] = [];

function start(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/share/testing/serve.ts"], {
    env: { ...process.env, PLANSIGHT_DATA_DIR: dataDir, PLANSIGHT_POST_PER_MINUTE: "0", PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
    });
    child.on("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("durability", () => {
  it("plans acknowledged with 201 survive kill -9 and a restart", async () => {
    const first = await start();
    const made: { id: string; text: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const text = `== Physical Plan ==\nLocalTableScan [n#${i}]\n`;
      const res = await fetch(`${first.base}/api/plans`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text, title: `plan ${i}` }),
      });
      expect(res.status).toBe(201);
      made.push({ id: ((await res.json()) as { id: string }).id, text });
    }
    await killed(first.child); // right after the last 201, no graceful shutdown

    const second = await start();
    for (const m of made) {
      const res = await fetch(`${second.base}/api/plans/${m.id}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { text: string }).text).toBe(m.text);
    }
    await killed(second.child);
  });
});
