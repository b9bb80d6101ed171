/**
 * Real Spark servers for the import tests: a History Server over the fixture event logs
 * (scripts/spark/history-server.sh) and a running pyspark application (scripts/spark/live_app.py).
 * SPARK_HOME comes from scripts/spark/spark-home.sh, which makes a pyspark-only venv when none is
 * there (CI). No mocks: what these serve is what Spark serves.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCRIPTS = join(ROOT, "scripts", "spark");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function sparkHome(): string {
  return execFileSync(join(SCRIPTS, "spark-home.sh"), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** App ids of the fixture logs, from their file and folder names (`local-1`, `eventlog_v2_local-1`). */
export function fixtureAppIds(dirs: readonly string[]): string[] {
  const ids: string[] = [];
  for (const d of dirs)
    for (const app of readdirSync(d, { withFileTypes: true }))
      if (app.isDirectory())
        for (const f of readdirSync(join(d, app.name)))
          if (!f.endsWith(".json"))
            ids.push(f.replace(/^eventlog_v2_/, "").replace(/\.(lz4|lzf|snappy|zstd|inprogress)$/, ""));
  return ids;
}

export interface Running {
  readonly origin: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

function track(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { output: () => out, exited };
}

function stopper(child: ChildProcess, exited: Promise<number | null>) {
  return async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
  };
}

async function until(
  what: string,
  ms: number,
  check: () => Promise<boolean>,
  exited: Promise<unknown>,
  output: () => string,
) {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what} exited:\n${output().slice(-3000)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not ready within ${ms / 1000} s:\n${output().slice(-3000)}`);
}

/** A server that did not come up is stopped before the error goes on. */
async function failStops(stop: () => Promise<void>, p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Starts the History Server and waits until it lists every fixture application. */
export async function startHistoryServer(
  home: string,
  logDirs: readonly string[],
  fixedPort?: number,
): Promise<Running> {
  const port = fixedPort ?? (await freePort());
  const child = spawn(join(SCRIPTS, "history-server.sh"), [String(port), ...logDirs], {
    env: { ...process.env, SPARK_HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { output, exited } = track(child);
  const origin = `http://127.0.0.1:${port}`;
  const want = fixtureAppIds(logDirs).length;
  const stop = stopper(child, exited);
  await failStops(
    stop,
    until(
      "History Server",
      180_000,
      async () => {
        const r = await fetch(`${origin}/api/v1/applications`);
        return r.ok && ((await r.json()) as unknown[]).length === want;
      },
      exited,
      output,
    ),
  );
  return { origin, output, stop };
}

/** Ports fetch refuses to connect to (the Fetch standard's "bad ports" at and above 1024). */
const FETCH_BAD_PORTS = new Set([
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697,
  10080,
]);

/** Starts live_app.py with the venv's python and waits for its `READY <app id>` line. */
export async function startLiveApp(home: string, fixedPort?: number): Promise<Running & { appId: string }> {
  const port = fixedPort ?? (await freePort());
  if (FETCH_BAD_PORTS.has(port))
    throw new Error(
      `port ${port} is one fetch refuses to reach (a Fetch "bad port"): choose another E2E_PORT`,
    );
  // SPARK_HOME is <venv>/lib/python3.x/site-packages/pyspark.
  const python = join(dirname(dirname(dirname(dirname(home)))), "bin", "python");
  const child = spawn(python, [join(SCRIPTS, "live_app.py"), String(port)], {
    env: { ...process.env, SPARK_HOME: home, PYSPARK_PYTHON: python },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const { output, exited } = track(child);
  const stop = stopper(child, exited);
  await failStops(
    stop,
    until("live pyspark app", 400_000, async () => /READY \S+/.test(output()), exited, output),
  );
  const appId = /READY (\S+)/.exec(output())![1]!;
  // The UI's first REST call loads Jersey (seconds on a busy machine): ready means it answers.
  await failStops(
    stop,
    until(
      "live app's REST API",
      120_000,
      async () => (await fetch(`http://127.0.0.1:${port}/api/v1/applications`)).ok,
      exited,
      output,
    ),
  );
  return {
    origin: `http://127.0.0.1:${port}`,
    appId,
    output,
    stop: async () => {
      child.stdin?.end();
      const t = setTimeout(() => void stop(), 30_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** The application id of a 4.3.0 event-log fixture (`rolling`, `spill_sort` ...), from its folder. */
export function fixtureAppId(scenario: string): string {
  const dir = join(ROOT, "fixtures", "spark", "4.3.0", "eventlogs", scenario);
  const log = readdirSync(dir).find((f) => !f.endsWith(".json"));
  if (!log) throw new Error(`no event log in ${dir}`);
  return log.replace(/^eventlog_v2_/, "");
}
