import { writeFileSync } from "node:fs";
import { parseExplain } from "@/lib/parse/explain";
import { type RedactOptions, type Replacement, redactPlan } from "@/lib/share/redact";
import { type CliIo, parseArgs, readInput } from "./io";

export const redactUsage =
  "plansight redact [--literals] [--locations] [--names] [--map FILE.json] FILE... (all three when none is given)";

const KINDS = ["literals", "locations", "names"] as const;

/**
 * Prints each FILE's explain text redacted (several files: each under a `==> FILE <==` line).
 * `--map` writes what was replaced, per file, as JSON: kept by the author, never needed to read
 * the plan. Exit 2 when a file holds no plan (`FILE: message (line N)` on stderr; the other files
 * are still printed).
 */
export async function redactCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ["map"]);
  const unknown = [...args.flags].filter((f) => !(KINDS as readonly string[]).includes(f));
  if (args.files.length === 0 || unknown.length > 0 || args.options.get("map") === "") {
    if (unknown.length > 0) io.stderr(`plansight redact: unknown option --${unknown[0]}\n`);
    io.stderr(`usage: ${redactUsage}\n`);
    return 2;
  }
  const chosen = KINDS.filter((k) => args.flags.has(k));
  const opts: RedactOptions = {
    literals: chosen.length === 0 || chosen.includes("literals"),
    locations: chosen.length === 0 || chosen.includes("locations"),
    names: chosen.length === 0 || chosen.includes("names"),
  };
  const map: { file: string; replacements: readonly Replacement[] }[] = [];
  let failed = false;
  let printed = 0;
  for (const file of args.files) {
    let text: string;
    try {
      text = readInput(file);
    } catch (e) {
      io.stderr(`${file}: cannot read: ${(e as Error).message}\n`);
      failed = true;
      continue;
    }
    const parsed = parseExplain(text);
    if (!parsed.ok) {
      io.stderr(`${file}: ${parsed.error.message} (line ${parsed.error.line})\n`);
      failed = true;
      continue;
    }
    const out = redactPlan(text, opts);
    if (args.files.length > 1) io.stdout(`${printed > 0 ? "\n" : ""}==> ${file} <==\n`);
    io.stdout(out.text.endsWith("\n") ? out.text : `${out.text}\n`);
    printed++;
    map.push({ file, replacements: out.replacements });
  }
  const mapFile = args.options.get("map");
  if (mapFile !== undefined) {
    try {
      writeFileSync(mapFile, `${JSON.stringify({ files: map }, null, 2)}\n`, { mode: 0o600 });
    } catch (e) {
      io.stderr(`${mapFile}: cannot write: ${(e as Error).message}\n`);
      return 1;
    }
  }
  return failed ? 2 : 0;
}
