/**
 * Bombs dropped on /eventlog: the whole browser (every Chromium process: page, Worker, browser,
 * utilities) stays under 1.5 GB resident while it reads 1 GiB of decoded bytes, and ends with a
 * message naming the limit hit and how to raise it, no crash. Memory is summed from /proc over the
 * processes Playwright started for this test worker, sampled while the page reads: PSS (each shared
 * page split between the processes mapping it), since Chromium's processes share most of their
 * pages and summing their RSS would count the browser's own code once per process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { gzipBomb } from "../tests/memory/bombs";

const SHOTS = "test-results/screenshots";
const LIMIT = 1.5 * 1024 ** 3;

/** Proportional resident bytes of every descendant process of `root` (Linux /proc). */
function descendantsRss(root: number): number {
  const parent = new Map<number, number>();
  const pss = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ... ; comm may hold spaces: read after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(fields[1]));
      const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${name}/smaps_rollup`, "utf8"));
      if (kb) pss.set(Number(name), Number(kb[1]) * 1024);
    } catch {
      // the process ended meanwhile, or is not ours to read
    }
  }
  let total = 0;
  for (const [pid, bytes] of pss) {
    let p = parent.get(pid);
    while (p !== undefined && p !== root && p > 1) p = parent.get(p);
    if (p === root) total += bytes;
  }
  return total;
}

/** Samples the browser's total RSS every 100 ms until `done` settles; returns the peak. */
async function peakWhile(done: Promise<unknown>): Promise<number> {
  let peak = 0;
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    peak = Math.max(peak, descendantsRss(process.pid));
    await new Promise((r) => setTimeout(r, 100));
  }
  await done;
  return Math.max(peak, descendantsRss(process.pid));
}

/** 1 GiB of `byte` as one ~1 MB gzip member (tests/memory/bombs.ts). */
function bomb(byte: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "plansight-e2e-bomb-"));
  try {
    return readFileSync(gzipBomb(dir, byte));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function drop(page: Page, name: string, bytes: Buffer) {
  const dt = await page.evaluateHandle(
    ({ name, b64 }) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const d = new DataTransfer();
      d.items.add(new File([arr], name, { type: "" }));
      return d;
    },
    { name, b64: bytes.toString("base64") },
  );
  const zone = page.getByTestId("eventlog-drop");
  await zone.dispatchEvent("dragenter", { dataTransfer: dt });
  await zone.dispatchEvent("dragover", { dataTransfer: dt });
  await zone.dispatchEvent("drop", { dataTransfer: dt });
}

const cases: [string, number, RegExp][] = [
  ["zeros.gz", 0x00, /line limit of 64 MiB.*raise "Skip lines longer than" under Options/],
  ["one-line.gz", 0x78, /line limit of 64 MiB.*raise "Skip lines longer than" under Options/],
];

for (const [name, byte, message] of cases) {
  test(`a gzip bomb dropped on /eventlog (${name}, 1 GiB decoded): under 1.5 GB, the limit named`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    let crashed = false;
    page.on("crash", () => {
      crashed = true;
    });
    await page.goto("/eventlog");
    await expect(page.getByTestId("eventlog-empty")).toBeVisible();
    const before = descendantsRss(process.pid);
    expect(before).toBeGreaterThan(0); // the sampler sees the browser
    await drop(page, name, bomb(byte));
    const error = page.getByTestId("eventlog-error");
    const peak = await peakWhile(error.waitFor({ state: "visible", timeout: 150_000 }));
    console.log(
      `${name}: browser PSS ${Math.round(before / 2 ** 20)} MiB before, peak ${Math.round(peak / 2 ** 20)} MiB`,
    );
    expect(crashed).toBe(false);
    expect(peak).toBeLessThan(LIMIT);
    await expect(error).toContainText(name);
    await expect(error).toContainText("not a Spark event log");
    expect(await error.textContent()).toMatch(message);
    await page.screenshot({ path: `${SHOTS}/eventlog-bomb-${name}.png` });
  });
}
