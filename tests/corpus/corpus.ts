/** Locates ../shared/corpus (real Spark output). Tests skip cleanly when it is absent. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CORPUS =
  process.env.PLANSIGHT_CORPUS ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/corpus");
export const hasCorpus = existsSync(join(CORPUS, "explain"));

/** Every file under `corpus/<sub>` whose name passes `keep`, as paths relative to the corpus. */
export function corpusFiles(sub: string, keep: (name: string) => boolean): string[] {
  const root = join(CORPUS, sub);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (keep(name)) out.push(p.slice(CORPUS.length + 1));
    }
  };
  walk(root);
  return out;
}
