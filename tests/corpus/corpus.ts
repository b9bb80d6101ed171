/**
 * Locates ../shared/corpus (real Spark output). Every corpus test asks `corpusPresent` whether to
 * run: on a laptop without the corpus they skip cleanly; under CI (`CI` set) the corpus must be
 * there, so its absence fails the run instead of turning every corpus test into a skip.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CORPUS =
  process.env.PLANSIGHT_CORPUS ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/corpus");

/** True when CI is set (any value but empty, `0` or `false`), as most CI systems set it. */
export function underCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const v = env.CI;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

/**
 * Whether `corpus/<sub>` exists. Absent: false (the caller skips), except under CI, where it
 * throws, failing the test file that asked.
 */
export function corpusPresent(
  sub: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  const dir = join(CORPUS, sub);
  if (existsSync(dir)) return true;
  if (underCi(env))
    throw new Error(
      `CI is set but the corpus is missing: ${dir} (check out ../shared/corpus beside the repo, or set PLANSIGHT_CORPUS)`,
    );
  return false;
}

export const hasCorpus = corpusPresent("explain");

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
