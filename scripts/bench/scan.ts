/**
 * `plansight scan` throughput: the corpus event logs (../shared/corpus/eventlogs, else the pyspark
 * fixtures) copied N times into a temporary folder, scanned with 1 and with 2+ worker threads.
 * Prints applications/s and MB/s; asserts nothing.
 *   npx tsx scripts/bench/scan.ts [N]      (default 3 copies)
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverApplications } from "../../bin/scan/discover";
import { runPool } from "../../bin/scan/pool";

const here = fileURLToPath(new URL(".", import.meta.url));

function sizeOf(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? duDir(path) : s.size;
}

function duDir(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? duDir(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

export default async function benchScan(copies = 3): Promise<void> {
  const corpus = join(here, "../../../shared/corpus/eventlogs");
  const source = existsSync(corpus) ? corpus : join(here, "../../fixtures/spark/4.3.0/eventlogs");
  const dir = mkdtempSync(join(tmpdir(), "plansight-scan-bench-"));
  try {
    for (let i = 0; i < copies; i++) cpSync(source, join(dir, `copy-${i}`), { recursive: true });
    const apps = discoverApplications(dir);
    const mb = apps.reduce((n, p) => n + sizeOf(p), 0) / 1e6;
    console.log(`scan: ${apps.length} applications (${copies} × ${source}), ${mb.toFixed(1)} MB on disk`);
    for (const jobs of [1, Math.max(2, Math.min(4, availableParallelism()))]) {
      let rows = 0;
      const t0 = performance.now();
      await runPool(apps, jobs, (d) => {
        rows += d.rows.length;
      });
      const s = (performance.now() - t0) / 1000;
      console.log(
        `  jobs=${jobs}: ${s.toFixed(1)} s, ${(apps.length / s).toFixed(2)} applications/s, ${(mb / s).toFixed(1)} MB/s, ${rows} rows`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  void benchScan(Number(process.argv[2] ?? 3));
