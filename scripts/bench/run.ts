/** `npm run bench`: every benchmark, one after another. Figures only; nothing here fails a build. */
import { existsSync } from "node:fs";
import { benchExplain } from "./explain";

async function main() {
  await benchExplain();
  // Benchmarks of other parts register here as they land (event logs, layout sizes, ...).
  for (const extra of ["./eventlog.ts", "./eventlog-cli.ts", "./layout.ts", "./analyze.ts", "./redact.ts"]) {
    const path = new URL(extra, import.meta.url);
    if (!existsSync(path)) continue;
    const mod = (await import(path.href)) as { default?: () => Promise<void> };
    if (typeof mod.default === "function") await mod.default();
  }
}

void main();
