/**
 * One operator line of a printed tree, split into what Spark printed: codegen marker, name,
 * arguments, `(n)` operator id and an AQE `Statistics(...)` suffix.
 *
 * Spark prints a node as `nodeName + " " + argString` (TreeNode.simpleString) in the simple,
 * extended and cost modes, and `nodeName (id)` (QueryPlan.simpleStringWithNodeId) in formatted mode.
 * See sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/trees/TreeNode.scala.
 */

export interface OperatorLine {
  readonly name: string;
  readonly args: string;
  readonly operatorId: number | null;
  /** `*(n)` in simple mode; null when only the bare `*` marker of formatted mode was printed. */
  readonly codegenStage: number | null;
  readonly codegen: boolean;
  readonly marker: string | null;
  readonly stats: string | null;
  /** Logical-plan nodes Spark has not resolved yet are printed with a leading `'`. */
  readonly unresolved: boolean;
  /** False when the text did not start with anything that looks like an operator name. */
  readonly recognised: boolean;
}

// `*(3) ` (simple mode codegen stage), `* ` (formatted), `^ ` / `^(3) ` (Gluten transformers);
// Spark's sql-test goldens mask the stage id, printing `*Sort` or `*(x) Sort`.
const MARKER = /^([*^])(?:\((\d+|x)\))?\s*(?=[A-Za-z'])/;
// Formatted mode: `Name args (12)` optionally followed by `, Statistics(...)` (AQE query stages)
// or, since Spark 4.0, by more arguments: `InMemoryTableScan (1) (columnarIn=false, columnarOut=true)`.
// `AQEShuffleRead (8), coalesced` (Spark 4.0) prints its arguments after a comma.
const FORMATTED_ID = /\s\((\d+)\)(?:,\s*(Statistics\(.*\))|\s+(\(.*\))|,\s+(.*))?$/;
// Cost mode and AQE simple mode append `, Statistics(sizeInBytes=..., rowCount=...)`.
const STATS_SUFFIX = /,\s*(Statistics\([^()]*(?:\([^()]*\)[^()]*)*\))\s*$/;
const TWO_WORD_NAME = /^(Scan|Execute)\s+([A-Za-z][\w$-]*)/;
const NAME = /^[A-Za-z_$][\w$]*/;

/**
 * `stage`: the codegen stage the line sits in when the tree says so by nesting rather than by a
 * `*(n)` prefix (plan-stability trees print `WholeStageCodegen (n)` wrapper nodes).
 */
export function parseOperatorLine(
  text: string,
  formatted: boolean,
  stage: number | null = null,
): OperatorLine {
  // Cheap character checks gate each regex: this runs once per operator line.
  let rest = text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32 ? text.trim() : text;
  let marker: string | null = null;
  let codegenStage: number | null = null;
  const c0 = rest.charCodeAt(0);
  const m = c0 === 42 || c0 === 94 ? MARKER.exec(rest) : null; // '*' '^'
  if (m) {
    marker = m[1]!;
    if (m[2] !== undefined && m[2] !== "x") codegenStage = Number(m[2]);
    rest = rest.slice(m[0].length);
  }
  let operatorId: number | null = null;
  let stats: string | null = null;
  if (formatted) {
    const f = FORMATTED_ID.exec(rest);
    if (f) {
      operatorId = Number(f[1]);
      stats = f[2] ?? null;
      const extra = f[3] ?? f[4];
      rest = rest.slice(0, f.index).trimEnd() + (extra ? ` ${extra}` : "");
    }
  }
  if (stats === null && rest.includes("Statistics(")) {
    const s = STATS_SUFFIX.exec(rest);
    if (s) {
      stats = s[1]!;
      rest = rest.slice(0, s.index).trimEnd();
    }
  }
  const unresolved = rest.startsWith("'");
  if (unresolved) rest = rest.slice(1);
  const { name, args, recognised } = splitName(rest);
  return {
    name,
    args,
    operatorId,
    codegenStage: codegenStage ?? stage,
    codegen: marker === "*" || (codegenStage === null && stage !== null),
    marker: marker === "*" ? null : marker,
    stats,
    unresolved,
    recognised,
  };
}

/** Splits `BroadcastHashJoin [a#1], [b#2], Inner` into name and arguments. */
export function splitName(text: string): { name: string; args: string; recognised: boolean } {
  const two = TWO_WORD_NAME.exec(text);
  if (two) {
    return { name: `${two[1]} ${two[2]}`, args: text.slice(two[0].length).trim(), recognised: true };
  }
  const one = NAME.exec(text);
  if (one) return { name: one[0], args: text.slice(one[0].length).trim(), recognised: true };
  const space = text.indexOf(" ");
  if (space < 0) return { name: text, args: "", recognised: false };
  return { name: text.slice(0, space), args: text.slice(space + 1).trim(), recognised: false };
}
