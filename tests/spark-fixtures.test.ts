/**
 * Plans printed by real pyspark (scripts/spark/, committed under fixtures/spark/<version>/explain
 * and explain-operators): every scenario × mode × AQE setting reads with zero warnings, in the mode
 * it was printed in, with the physical node count equal to the operator lines of the text, and the
 * operators a scenario exists for (its MANIFEST `expect`) drawn as nodes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExplain } from "@/lib/parse/explain";
import { countPhysicalOperatorLines } from "./corpus/count";

const root = "fixtures/spark";
const versions = existsSync(root) ? readdirSync(root) : [];
const filesIn = (set: string) =>
  versions.flatMap((v) =>
    existsSync(join(root, v, set))
      ? readdirSync(join(root, v, set))
          .filter((f) => f.endsWith(".txt"))
          .map((f) => join(root, v, set, f))
      : [],
  );
const files = [...filesIn("explain"), ...filesIn("explain-operators")];

/** The entries of `fixtures/spark/<version>/<set>/MANIFEST.json` with their paths, and how many versions have one. */
function manifestEntries<T extends { readonly file: string }>(
  set: string,
): { readonly versions: number; readonly entries: (readonly [string, T])[] } {
  const manifests = versions.map((v) => join(root, v, set, "MANIFEST.json")).filter((m) => existsSync(m));
  const entries = manifests.flatMap((m) =>
    (JSON.parse(readFileSync(m, "utf8")) as { files: T[] }).files.map(
      (f) => [join(m, "..", f.file), f] as const,
    ),
  );
  return { versions: manifests.length, entries };
}

describe("real pyspark explain fixtures", () => {
  it("exist for two Spark versions", () => {
    expect(new Set(files.map((f) => f.split("/")[2])).size).toBeGreaterThanOrEqual(2);
  });
  it.each(files)("%s", (file) => {
    const text = readFileSync(file, "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(`${file}:${out.error.line}: ${out.error.message}`);
    // The one expected warning: codegen mode before an AQE query ran has no subtrees to show.
    const unexpected = out.result.warnings.filter(
      (w) => !w.message.startsWith("Spark found no WholeStageCodegen"),
    );
    expect(unexpected).toEqual([]);
    const mode = file.split("/").pop()!.split(".")[1]!;
    for (const p of out.result.plans) expect(p.mode).toBe(mode);
    const physical = out.result.plans.flatMap((p) => p.nodes).filter((n) => n.section === "physical");
    expect(physical.length).toBe(countPhysicalOperatorLines(text));
  });
});

interface ManifestFile {
  readonly file: string;
  readonly expect?: readonly (readonly string[])[];
}

describe("real pyspark operators (explain-operators)", () => {
  const { versions: found, entries } = manifestEntries<ManifestFile>("explain-operators");
  it("exist for two Spark versions", () => {
    expect(found).toBeGreaterThanOrEqual(2);
  });
  const cases = entries
    .filter(([, f]) => f.expect !== undefined)
    .map(([path, f]) => [path, f.expect!] as const);
  it.each(cases)("%s shows its operators", (file, expected) => {
    const out = parseExplain(readFileSync(file, "utf8"));
    if (!out.ok) throw new Error(out.error.message);
    // An operator's name, or `edge:<kind>` for a link of that kind (subquery → host, reused → reuser).
    const shown = new Set([
      ...out.result.plans.flatMap((p) => p.nodes.filter((n) => n.section === "physical").map((n) => n.name)),
      ...out.result.plans.flatMap((p) => p.edges.map((e) => `edge:${e.kind}`)),
    ]);
    for (const anyOf of expected)
      expect(
        anyOf.filter((x) => shown.has(x)),
        anyOf.join(" | "),
      ).not.toEqual([]);
  });
});

// `spark.sql("EXPLAIN ...").show(truncate=False)`: the plan in a one-column table, its line breaks
// escaped as `\n` (scripts/spark/gen_show.py).
const showFiles = existsSync(root)
  ? readdirSync(root).flatMap((v) =>
      existsSync(join(root, v, "explain-show"))
        ? readdirSync(join(root, v, "explain-show"))
            .filter((f) => f.endsWith(".txt"))
            .map((f) => join(root, v, "explain-show", f))
        : [],
    )
  : [];

describe("real pyspark show() output of EXPLAIN", () => {
  it("exists for two Spark versions and four modes", () => {
    expect(showFiles.length).toBeGreaterThanOrEqual(8);
  });
  it.each(showFiles)("%s", (file) => {
    const text = readFileSync(file, "utf8");
    // The table's one data row, unescaped here independently of the parser.
    const row = text.split("\n").find((l) => l.startsWith("|") && l.includes("\\n"))!;
    const plain = row.slice(1, row.lastIndexOf("|")).trimEnd().replaceAll("\\n", "\n");
    const direct = parseExplain(plain);
    const shown = parseExplain(text);
    if (!direct.ok || !shown.ok) throw new Error(`${file}: not read`);
    const mode = file.split("/").pop()!.split(".")[1]!;
    expect(shown.result.plans.map((p) => p.mode)).toEqual([mode]);
    const names = (o: typeof shown) => o.result.plans[0]!.nodes.map((n) => [n.name, n.args, n.section]);
    expect(names(shown)).toEqual(names(direct));
    expect(shown.result.plans[0]!.edges).toEqual(direct.result.plans[0]!.edges);
    const physical = shown.result.plans[0]!.nodes.filter((n) => n.section === "physical");
    expect(physical.length).toBe(countPhysicalOperatorLines(plain));
    expect(shown.result.warnings.map((w) => w.code)).toEqual(["unfolded-show"]);
  });
  it("before Spark 3.5 show() kept the line breaks: the table's first line carries the header", () => {
    const border = `+${"-".repeat(40)}+`;
    const table = [
      border,
      `|plan${" ".repeat(36)}|`,
      border,
      "|== Parsed Logical Plan ==",
      "'Project [*]",
      "+- 'UnresolvedRelation [t], [], false",
      "",
      "== Analyzed Logical Plan ==",
      "id: bigint",
      "Project [id#0L]",
      "+- Range (0, 10, step=1, splits=Some(1))",
      "",
      "== Optimized Logical Plan ==",
      "Range (0, 10, step=1, splits=Some(1))",
      "",
      "== Physical Plan ==",
      "*(1) Range (0, 10, step=1, splits=1)",
      "",
      "|",
      border,
    ].join("\n");
    const out = parseExplain(table);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.plans.map((p) => [p.mode, p.startLine])).toEqual([["extended", 4]]);
    expect(out.result.plans[0]!.nodes.map((n) => [n.name, n.section])).toEqual([
      ["Project", "parsed"],
      ["UnresolvedRelation", "parsed"],
      ["Project", "analyzed"],
      ["Range", "analyzed"],
      ["Range", "optimized"],
      ["Range", "physical"],
    ]);
    expect(out.result.warnings).toEqual([]);
  });
  it("show() without truncate=False is refused with what to run instead", () => {
    const cut =
      "+--------------------+\n|plan                |\n+--------------------+\n|== Physical Plan...|\n+--------------------+\n";
    const out = parseExplain(cut);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.line).toBe(4);
      expect(out.error.message).toContain("show(truncate=False)");
    }
  });
});

describe("a plan copied out of a real event log's JSON", () => {
  const log = join(root, "4.3.0", "eventlogs", "codec_none");
  const file = existsSync(log)
    ? readdirSync(log).find((f) => f.startsWith("local-") && !f.includes("."))
    : undefined;
  const starts = file
    ? readFileSync(join(log, file), "utf8")
        .split("\n")
        .filter((l) =>
          l.includes('"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"'),
        )
    : [];
  it("has SQL executions to copy from", () => {
    expect(starts.length).toBeGreaterThan(0);
  });
  it.each(starts.map((l, i) => [i, l] as const))(
    "execution %i: the raw event line reads as its plan",
    (_, line) => {
      const description = (JSON.parse(line) as { physicalPlanDescription: string }).physicalPlanDescription;
      const direct = parseExplain(description);
      const copied = parseExplain(line);
      if (!direct.ok || !copied.ok) throw new Error("not read");
      // Ids follow line numbers, which the unfolding shifts: compare by position instead.
      const shape = (o: typeof direct) =>
        o.result.plans.map((p) => {
          const at = new Map(p.nodes.map((n, i) => [n.id, i]));
          return [
            p.mode,
            p.nodes.map((n) => [n.name, n.args, n.section, n.operatorId]),
            p.edges.map((e) => [at.get(e.from), at.get(e.to), e.kind]),
          ];
        });
      expect(shape(copied)).toEqual(shape(direct));
      expect(copied.result.warnings.map((w) => w.code)).toEqual(["unfolded-json"]);
    },
  );
});

// Transcripts of Spark's own shells (scripts/spark/gen_shells.py): spark-shell, pyspark and
// spark-sql fed explain calls on stdin, banner, log lines and prompts included, and beeline's
// tables from the Thrift server. Fed by a pipe, the REPLs print each output on its prompt's line
// (`scala> == Physical Plan ==`, `>>> >>> == Parsed Logical Plan ==`); beeline prints each plan as
// one table cell (`| == Physical Plan ==` ... ` |`). The `*-values` transcripts echo the rows
// spark.sql("EXPLAIN ...") returns: Python's repr on one line (`[Row(plan='== Physical Plan ==\n...`),
// Scala's rows and strings (`Array([== Physical Plan ==`, `"== Parsed Logical Plan ==`), which
// Scala's REPL cuts after ~1000 characters.
interface ShellFile {
  readonly file: string;
  readonly modes: string[];
  readonly cut_by_repl: boolean;
}

/** What explain() printed, out of a transcript: escapes undone, prompts and value prefixes dropped. */
function printedPlans(text: string): string {
  const unescaped = text.replace(/\\(['"n\\])/g, (_, c: string) => (c === "n" ? "\n" : c));
  return unescaped
    .replace(/^(?:scala> |>>> |\| |\[Row\(plan=['"]|'|"|Array\(\[)+(?=== |Found \d)/gm, "")
    .replace(/^(?: \||['"]\)\]|\]\))$/gm, ""); // a value's closing line: ` |`, `')]`, `")]`, `])`
}

describe("real shell transcripts (shells)", () => {
  const { versions: found, entries: cases } = manifestEntries<ShellFile>("shells");
  it("exist for two Spark versions", () => {
    expect(found).toBeGreaterThanOrEqual(2);
  });
  it.each(cases)("%s reads every plan, in its mode", (file, expected) => {
    const text = readFileSync(file, "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.plans.map((p) => p.mode)).toEqual(expected.modes);
    // Codegen mode before the query ran (AQE on) has no subtrees: Spark says so and so do we; a
    // Python repr is read unfolded, which the first warning says.
    const unexpected = out.result.warnings.filter(
      (w) =>
        !w.message.startsWith("Spark found no WholeStageCodegen") &&
        !w.message.startsWith("Read as a Python"),
    );
    const physical = out.result.plans.flatMap((p) => p.nodes).filter((n) => n.section === "physical");
    if (expected.cut_by_repl) {
      // The REPL cut the last plan (`   +-...`): kept as far as it goes, with a warning at the cut.
      const last = out.result.plans[out.result.plans.length - 1]!;
      expect(unexpected.length).toBeGreaterThan(0);
      for (const w of unexpected) expect(w.line).toBeGreaterThanOrEqual(last.startLine);
      expect(unexpected.some((w) => /cut off/.test(w.message))).toBe(true);
    } else {
      expect(unexpected).toEqual([]);
      expect(physical.length).toBe(countPhysicalOperatorLines(printedPlans(text)));
    }
    // The plans of an extended explain keep their logical sections.
    const extended = out.result.plans.find((p) => p.mode === "extended")!;
    expect(new Set(extended.nodes.map((n) => n.section))).toEqual(
      new Set(["parsed", "analyzed", "optimized", "physical"]),
    );
  });
});

// A running structured-streaming query's query.explain() (scripts/spark/gen_streaming.py): stateful
// operators in the physical plan, and logical plans whose nodes Spark marks `~` (streaming).
describe("real structured-streaming plans (explain-streaming)", () => {
  const { versions: found, entries: cases } = manifestEntries<{
    file: string;
    mode: string;
    expect: string[][];
  }>("explain-streaming");
  it("exist for two Spark versions", () => {
    expect(found).toBeGreaterThanOrEqual(2);
  });
  it.each(cases)("%s", (file, expected) => {
    const text = readFileSync(file, "utf8");
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.warnings).toEqual([]);
    expect(out.result.plans.map((p) => p.mode)).toEqual([expected.mode]);
    const nodes = out.result.plans.flatMap((p) => p.nodes);
    const physical = nodes.filter((n) => n.section === "physical");
    expect(physical.length).toBe(countPhysicalOperatorLines(text));
    const names = new Set(physical.map((n) => n.name));
    for (const anyOf of expected.expect)
      expect(
        anyOf.filter((n) => names.has(n)),
        anyOf.join(" | "),
      ).not.toEqual([]);
    // `~Aggregate`: the operator is Aggregate, marked as streaming, never an unrecognised line.
    const logical = nodes.filter((n) => n.section !== "physical");
    for (const n of logical) expect(n.name.startsWith("~"), n.name).toBe(false);
    if (expected.mode === "extended") {
      const streaming = logical.filter((n) => n.details.Streaming === "true");
      expect(streaming.length).toBe((text.match(/^[ :|+-]*~\w/gm) ?? []).length);
    }
  });
  it("Spark 4 marks the logical nodes of a streaming query with ~, read as Streaming", () => {
    const marked = cases
      .filter(([file, f]) => f.mode === "extended" && file.includes("/4."))
      .flatMap(([file]) => {
        const out = parseExplain(readFileSync(file, "utf8"));
        return out.ok ? out.result.plans.flatMap((p) => p.nodes) : [];
      })
      .filter((n) => n.details.Streaming === "true");
    expect(marked.map((n) => n.name)).toContain("Aggregate");
  });
});

// Spark prints the analyzed plan's output schema (`k: bigint, n: bigint`) only when the plan has
// output (QueryExecution: `if (analyzed.output.nonEmpty)`). Commands and writes have none: their
// root operator is the first line under the header and must not be taken for a schema.
describe("analyzed plans without output keep their root (commands, streaming writes)", () => {
  const files = [...filesIn("explain"), ...filesIn("explain-streaming")].filter((f) =>
    /\/(ctas|ctas_insert|windowed_count|stream_stream_join|deduplicate)\.extended\./.test(f),
  );
  it("exist", () => expect(files.length).toBeGreaterThanOrEqual(14));
  it.each(files)("%s", (file) => {
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const header = lines.indexOf("== Analyzed Logical Plan ==");
    const rootName = lines[header + 1]!.replace(/^~/, "").split(" ")[0]!;
    const out = parseExplain(text);
    if (!out.ok) throw new Error(out.error.message);
    const plan = out.result.plans[0]!;
    const root = plan.roots.find((r) => r.section === "analyzed")!;
    const node = plan.nodes.find((n) => n.id === root.id)!;
    expect([node.name.split(" ")[0], node.line]).toEqual([rootName, header + 2]);
  });
});
