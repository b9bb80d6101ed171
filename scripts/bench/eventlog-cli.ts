/**
 * The CLI against a naive loop, on a large TaskEnd-heavy plain log: `plansight eventlog --json`
 * (a child process, end to end: start-up, reading, the JSON printed) against a child process that
 * reads the same file with node:readline and JSON.parse's every line (what any script would do,
 * and less than the CLI does). Prints both times and the ratio; asserts nothing.
 *
 * The log is the real pyspark fixture's events, its TaskEnd lines repeated with fresh task ids
 * until the file is `--mb` MB (default 500), written to a temp file and removed afterwards.
 *
 *   npx tsx scripts/bench/eventlog-cli.ts [--mb 500] [--rounds 3]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

/** The fixture log, its TaskEnd lines repeated (task ids renumbered) to about `bytes`. */
export function writeTaskEndHeavyLog(path: string, bytes: number): number {
  const dir = join(ROOT, "fixtures/spark/3.5.9/eventlogs/codec_none");
  const log = readdirSync(dir).find((n) => !n.endsWith(".json"))!;
  const lines = readFileSync(join(dir, log), "utf8").split("\n").filter(Boolean);
  const firstEnd = lines.findIndex((l) => l.startsWith('{"Event":"SparkListenerTaskEnd"'));
  const taskEnds = lines.filter((l) => l.startsWith('{"Event":"SparkListenerTaskEnd"'));
  const rest = lines.filter((l, i) => i >= firstEnd && !l.startsWith('{"Event":"SparkListenerTaskEnd"'));
  const fd = openSync(path, "w");
  let written = 0;
  const put = (s: string) => {
    written += writeSync(fd, s);
  };
  put(`${lines.slice(0, firstEnd).join("\n")}\n`);
  let id = 1_000_000;
  while (written < bytes) {
    const chunk: string[] = [];
    for (let k = 0; k < 2000; k++)
      for (const l of taskEnds) chunk.push(l.replace(/"Task ID":\d+/, `"Task ID":${id++}`));
    put(`${chunk.join("\n")}\n`);
  }
  put(`${rest.join("\n")}\n`);
  closeSync(fd);
  return written;
}

const NAIVE = `
const { createReadStream } = require("node:fs");
const { createInterface } = require("node:readline");
let events = 0, tasks = 0;
const rl = createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity });
rl.on("line", (l) => {
  if (!l) return;
  const e = JSON.parse(l);
  events++;
  if (e.Event === "SparkListenerTaskEnd") tasks++;
});
rl.on("close", () => console.log(JSON.stringify({ events, tasks })));
`;

function timed(args: string[], okStatus = 0): { seconds: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== okStatus)
    throw new Error(`${args.join(" ")}: status ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchEventlogCli(mb = 500, rounds = 3): Promise<void> {
  const file = join(tmpdir(), `plansight-taskend-heavy-${process.pid}.log`);
  try {
    const size = writeTaskEndHeavyLog(file, mb * 1e6);
    execFileSync("cat", [file], { stdio: "ignore", maxBuffer: 1 << 30 }); // page cache warm for both
    const naive: number[] = [];
    const cli: number[] = [];
    const startup: number[] = [];
    const empty = `${file}.empty`;
    writeFileSync(empty, "");
    let counts = "";
    for (let r = 0; r < rounds; r++) {
      const a = timed(["-e", NAIVE, file]);
      naive.push(a.seconds);
      const b = timed(["--import", "tsx", "bin/plansight.ts", "eventlog", "--json", "--no-plans", file]);
      cli.push(b.seconds);
      // The same command on an empty file: start-up (tsx compiling the TypeScript) and exit.
      startup.push(timed(["--import", "tsx", "bin/plansight.ts", "eventlog", "--json", empty], 2).seconds);
      const c = JSON.parse(b.stdout) as { counts: { events: number; tasks: number } };
      counts = `naive ${a.stdout.trim()}, CLI events ${c.counts.events} tasks ${c.counts.tasks}`;
    }
    const n = median(naive);
    const c = median(cli);
    const s = median(startup);
    console.log(
      `TaskEnd-heavy plain log, ${(size / 1e6).toFixed(0)} MB (median of ${rounds}): readline + JSON.parse ${n.toFixed(2)} s (${(size / 1e6 / n).toFixed(0)} MB/s), plansight eventlog --json ${c.toFixed(2)} s (${(size / 1e6 / c).toFixed(0)} MB/s) → ${(n / c).toFixed(2)}× the naive loop; the CLI's start-up alone (empty input) ${s.toFixed(2)} s, so reading ${(n / Math.max(0.01, c - s)).toFixed(2)}× the naive loop; ${counts}`,
    );
  } finally {
    rmSync(file, { force: true });
    rmSync(`${file}.empty`, { force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  void benchEventlogCli(arg("mb", 500), arg("rounds", 3));
}

export default () => benchEventlogCli();
