/**
 * Reads Spark's `physicalPlanDescription` (formatted explain text, Spark 3.0+) just enough to give
 * sparkPlanInfo nodes their `(n)` operator ids, tree line numbers and `Key: value` details.
 * https://github.com/apache/spark/blob/v3.5.1/sql/core/src/main/scala/org/apache/spark/sql/execution/ExplainUtils.scala
 */

export interface TreeLine {
  readonly name: string;
  readonly operatorId: number;
  /** 1-based line in the description. */
  readonly line: number;
  readonly codegen: boolean;
}

export interface DetailBlock {
  readonly first: number;
  readonly last: number;
  readonly details: Record<string, string>;
}

export interface Description {
  /** Tree lines of the main plan (the final/current plan of an AdaptiveSparkPlan). */
  readonly main: readonly TreeLine[];
  /** Tree lines of the `===== Subqueries =====` section, initial AQE plans left out. */
  readonly subqueries: readonly TreeLine[];
  readonly blocks: ReadonlyMap<number, DetailBlock>;
  readonly lineCount: number;
}

const TREE = /^[ |:+-]*(\* )?(\S.*?) \((\d+)\)$/;
const DETAIL = /^\((\d+)\) (.+)$/;
const KEY_VALUE = /^([A-Za-z][\w ]*?)(?: \[\d+\])?: (.*)$/;

export function readDescription(text: string): Description {
  const lines = text.split("\n");
  const main: TreeLine[] = [];
  const subqueries: TreeLine[] = [];
  const blocks = new Map<number, DetailBlock>();
  let area: "main" | "mainDone" | "sub" = "main";
  let skipInitial = false;
  let block: { id: number; first: number; details: Record<string, string> } | null = null;
  const closeBlock = (last: number) => {
    if (block && !blocks.has(block.id))
      blocks.set(block.id, { first: block.first, last, details: block.details });
    block = null;
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.replace(/\r$/, "");
    const n = k + 1;
    if (line.trim() === "") {
      closeBlock(n - 1);
      if (area === "main" && main.length > 0) area = "mainDone";
      skipInitial = false;
      continue;
    }
    if (line.startsWith("===== Subqueries =====")) {
      area = "sub";
      continue;
    }
    if (line.includes("== Initial Plan ==")) {
      if (area === "main" && main.length > 0) area = "mainDone";
      skipInitial = true;
      continue;
    }
    const d = DETAIL.exec(line);
    if (d) {
      closeBlock(n - 1);
      block = { id: Number(d[1]), first: n, details: {} };
      continue;
    }
    if (block) {
      const kv = KEY_VALUE.exec(line);
      if (kv && block.details[kv[1]!] === undefined) block.details[kv[1]!] = kv[2]!;
      continue;
    }
    const t = TREE.exec(line);
    if (!t || skipInitial) continue;
    const entry: TreeLine = { name: t[2]!, operatorId: Number(t[3]), line: n, codegen: t[1] !== undefined };
    if (area === "main") main.push(entry);
    else if (area === "sub") subqueries.push(entry);
  }
  closeBlock(lines.length);
  return { main, subqueries, blocks, lineCount: lines.length };
}

/**
 * Hands out tree lines in print order to operators visited in the same order. A node takes the next
 * line whose name matches; a node with no match takes nothing, so one odd node cannot shift the rest.
 */
export class LineMatcher {
  private pos = 0;
  constructor(private readonly lines: readonly TreeLine[]) {}

  take(name: string): TreeLine | null {
    for (let i = this.pos; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      if (l.name === name || l.name.startsWith(`${name} `)) {
        this.pos = i + 1;
        return l;
      }
    }
    return null;
  }
}
