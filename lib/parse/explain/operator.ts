/**
 * One operator line of a printed tree, split into what Spark printed: codegen marker, name,
 * arguments, `(n)` operator id and an AQE `Statistics(...)` suffix.
 *
 * Spark prints a node as `nodeName + " " + argString` (TreeNode.simpleString) in the simple,
 * extended and cost modes, and `nodeName (id)` (QueryPlan.simpleStringWithNodeId) in formatted mode.
 * See sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/trees/TreeNode.scala.
 *
 * This runs once per operator line, so it reads the line in place (offsets into the source text)
 * and makes the plan node straight away: the only strings it cuts are the name and the arguments.
 */
import type { AqeRole, PlanNode, Section } from "@/lib/plan/types";
import { isDigit, isLetter, isSpace, isWordChar } from "./chars";
import type { SourceLines } from "./lines";

/** A plan node while its plan is being put together (detail blocks and links come later). */
export type DraftNode = { -readonly [K in keyof PlanNode]: PlanNode[K] };

/**
 * `details` of a node printed with one of Spark's state marks before its name, until the plan is
 * built (LogicalPlan.statePrefix / QueryPlan.statePrefix): `'Project [*]` unresolved, `~Aggregate`
 * streaming (a logical plan of a streaming query), `!Project` invalid (an input attribute missing).
 */
const UNRESOLVED: Readonly<Record<string, string>> = Object.freeze({ Unresolved: "true" });
const STREAMING: Readonly<Record<string, string>> = Object.freeze({ Streaming: "true" });
const MISSING_INPUT: Readonly<Record<string, string>> = Object.freeze({ "Missing input": "true" });
const STATE_MARKS: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  39: UNRESOLVED, // '
  126: STREAMING, // ~
  33: MISSING_INPUT, // !
};

/** Whether `details` is one of the state-mark placeholders above. */
export function isStateMark(details: Readonly<Record<string, string>>): boolean {
  return details === UNRESOLVED || details === STREAMING || details === MISSING_INPUT;
}
const NONE: Readonly<Record<string, string>> = Object.freeze({});

/** `[\w$]` */
const isWord = (c: number) => isWordChar(c) || c === 36;

/**
 * What has been read of the line in hand: its remaining span [s, e) and the parts cut off it so far.
 * One object for every line (this runs once per operator line; a fresh object each time would be
 * garbage by the million in a large paste), filled by the steps of `operatorNode` in order.
 */
const cur = {
  s: 0,
  e: 0,
  marker: null as string | null,
  codegenStage: null as number | null,
  operatorId: null as number | null,
  stats: null as string | null,
  extra: null as string | null,
  details: NONE,
  name: "",
  argsAt: 0,
};

/**
 * The operator on `lines.text[s..e)` (the tree prefix already skipped). `stage`: the codegen stage the
 * line sits in when the tree says so by nesting rather than by a `*(n)` prefix (plan-stability
 * trees print `WholeStageCodegen (n)` wrapper nodes).
 */
export function operatorNode(
  lines: SourceLines,
  s: number,
  e: number,
  formatted: boolean,
  stage: number | null,
  line: number,
  section: Section,
  tree: string,
  aqe: AqeRole | null,
): DraftNode {
  const t = lines.text;
  while (s < e && isSpace(t.charCodeAt(s))) s++;
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  cur.s = s;
  cur.e = e;
  cur.marker = null;
  cur.codegenStage = null;
  cur.operatorId = null;
  cur.stats = null;
  cur.extra = null;
  cur.details = NONE;
  readCodegenMarker(t);
  if (formatted) readOperatorId(t);
  if (cur.stats === null && cur.extra === null && t.charCodeAt(cur.e - 1) === 41) readStatistics(lines);
  readStateMark(t);
  readName(t);
  let argsAt = cur.argsAt;
  e = cur.e;
  while (argsAt < e && isSpace(t.charCodeAt(argsAt))) argsAt++;
  let args = argsAt < e ? t.slice(argsAt, e) : "";
  const extra = cur.extra;
  if (extra !== null) args = args.length > 0 ? `${args} ${extra}` : extra;
  const { marker, codegenStage } = cur;

  return {
    kind: "operator",
    id: `n${line}`,
    name: cur.name,
    args,
    operatorId: cur.operatorId,
    codegenStage: codegenStage ?? stage,
    codegen: marker === "*" || (codegenStage === null && stage !== null),
    marker: marker === "*" ? null : marker,
    section,
    tree,
    aqe,
    details: cur.details,
    stats: cur.stats,
    line,
    detailLines: null,
    plan: 0,
  };
}

/**
 * `*(3) ` (simple mode codegen stage), `* ` (formatted), `^ ` / `^(3) ` (Gluten transformers);
 * Spark's sql-test goldens mask the stage id, printing `*Sort` or `*(x) Sort`.
 */
function readCodegenMarker(t: string): void {
  const { s, e } = cur;
  const c0 = t.charCodeAt(s);
  if (c0 !== 42 && c0 !== 94) return;
  let p = s + 1;
  let id: number | null = null;
  let ok = true;
  if (t.charCodeAt(p) === 40) {
    let q = p + 1;
    if (t.charCodeAt(q) === 120 && t.charCodeAt(q + 1) === 41)
      q++; // `(x)`
    else {
      id = 0;
      for (; q < e && isDigit(t.charCodeAt(q)); q++) id = id * 10 + t.charCodeAt(q) - 48;
      if (q === p + 1) ok = false;
    }
    if (ok && t.charCodeAt(q) === 41) p = q + 1;
    else {
      // `*(` not followed by a stage id: no marker group, the letter check below decides.
      id = null;
      ok = true;
    }
  }
  while (p < e && isSpace(t.charCodeAt(p))) p++;
  const c = t.charCodeAt(p);
  // The name, or a state mark before it (`*(1) !Project`: QueryPlan.simpleString prints the mark).
  const marked = c === 39 || ((c === 33 || c === 126) && isLetter(t.charCodeAt(p + 1)));
  if (p < e && (isLetter(c) || marked)) {
    cur.marker = c0 === 42 ? "*" : "^";
    cur.codegenStage = id;
    cur.s = p;
  }
}

/**
 * Formatted mode: `Name args (12)` optionally followed by `, Statistics(...)` (AQE query stages) or,
 * since Spark 4.0, by more arguments: `InMemoryTableScan (1) (columnarIn=false, columnarOut=true)`,
 * `AQEShuffleRead (8), coalesced`.
 */
function readOperatorId(t: string): void {
  const s = cur.s;
  let e = cur.e;
  for (let p = s; p + 1 < e; p++) {
    if (t.charCodeAt(p) !== 32 || t.charCodeAt(p + 1) !== 40) continue; // ` (`
    let q = p + 2;
    let id = 0;
    for (; q < e && isDigit(t.charCodeAt(q)); q++) id = id * 10 + t.charCodeAt(q) - 48;
    if (q === p + 2 || q >= e || t.charCodeAt(q) !== 41) continue;
    q++;
    if (q === e) {
      cur.operatorId = id;
      e = p;
      break;
    }
    const c = t.charCodeAt(q);
    if (c === 44) {
      let r = q + 1;
      while (r < e && isSpace(t.charCodeAt(r))) r++;
      if (t.startsWith("Statistics(", r) && t.charCodeAt(e - 1) === 41) {
        cur.stats = t.slice(r, e);
      } else if (r > q + 1) {
        cur.extra = t.slice(r, e);
      } else continue;
    } else if (isSpace(c)) {
      let r = q + 1;
      while (r < e && isSpace(t.charCodeAt(r))) r++;
      if (t.charCodeAt(r) !== 40 || t.charCodeAt(e - 1) !== 41) continue;
      cur.extra = t.slice(r, e);
    } else continue;
    cur.operatorId = id;
    e = p;
    break;
  }
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  cur.e = e;
}

/** Cost mode and AQE simple mode: a trailing `, Statistics(sizeInBytes=..., rowCount=...)`. */
function readStatistics(lines: SourceLines): void {
  const t = lines.text;
  const s = cur.s;
  let e = cur.e;
  const at = lines.statisticsAt(s);
  if (at < s || at >= e) return;
  const open = statisticsSuffix(t, s, e);
  if (open < 0) return;
  cur.stats = t.slice(open, e);
  e = open;
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  e--; // the comma
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  cur.e = e;
}

/** `'`, `~` or `!` before the name (see STATE_MARKS). */
function readStateMark(t: string): void {
  const s = cur.s;
  const mark = STATE_MARKS[t.charCodeAt(s)];
  if (mark !== undefined && (mark === UNRESOLVED || isLetter(t.charCodeAt(s + 1)))) {
    cur.details = mark;
    cur.s = s + 1;
  }
}

/** The name and where the arguments start: `Scan parquet` / `Execute InsertIntoHadoopFsRelationCommand` are two words. */
function readName(t: string): void {
  const { s, e } = cur;
  const n0 = t.charCodeAt(s);
  if (!(isLetter(n0) || n0 === 95 || n0 === 36)) {
    // Not an operator name: keep the first word as the name (the plan warns about it).
    let space = s;
    while (space < e && t.charCodeAt(space) !== 32) space++;
    cur.argsAt = space < e ? space + 1 : e;
    cur.name = t.slice(s, space);
    return;
  }
  let p = s + 1;
  while (p < e && isWord(t.charCodeAt(p))) p++;
  const wordEnd = p;
  cur.argsAt = p;
  if ((wordEnd - s === 4 && t.startsWith("Scan", s)) || (wordEnd - s === 7 && t.startsWith("Execute", s))) {
    let q = wordEnd;
    while (q < e && isSpace(t.charCodeAt(q))) q++;
    if (q > wordEnd && q < e && isLetter(t.charCodeAt(q))) {
      let r = q + 1;
      for (; r < e; r++) {
        const c = t.charCodeAt(r);
        if (!isWord(c) && c !== 45) break;
      }
      cur.name = q === wordEnd + 1 ? t.slice(s, r) : `${t.slice(s, wordEnd)} ${t.slice(q, r)}`;
      cur.argsAt = r;
      return;
    }
  }
  cur.name = operatorName(t, s, wordEnd);
}

/**
 * Cost mode and AQE simple mode append `, Statistics(sizeInBytes=..., rowCount=...)`: where that
 * `Statistics(` starts when `t[s..e)` ends with it (one level of parentheses inside), else -1.
 * The group is the one the line's last `)` closes, found walking back: linear in the line.
 */
export function statisticsSuffix(t: string, s: number, e: number): number {
  if (t.charCodeAt(e - 1) !== 41) return -1;
  let depth = 0;
  let p = e - 1;
  for (; p >= s; p--) {
    const c = t.charCodeAt(p);
    if (c === 41) {
      if (++depth > 2) return -1;
    } else if (c === 40 && --depth === 0) break;
  }
  const open = p - 10;
  if (open < s || !t.startsWith("Statistics", open)) return -1;
  let q = open;
  while (q > s && isSpace(t.charCodeAt(q - 1))) q--;
  return q > s && t.charCodeAt(q - 1) === 44 ? open : -1; // `,` before it
}

/**
 * Operator names repeat across a plan (`Project`, `Filter`, `Exchange` ...): a small direct-mapped
 * cache hands out the string cut last time for the same text instead of a new copy per line.
 */
const NAME_CACHE: string[] = new Array(512).fill("");

function operatorName(t: string, s: number, e: number): string {
  const len = e - s;
  // Only short names: engines copy those when cut, so the cache never holds on to a whole paste.
  if (len > 12) return t.slice(s, e);
  const slot =
    (t.charCodeAt(s) * 31 + t.charCodeAt(e - 1) * 7 + len * 131 + t.charCodeAt(s + (len >> 1))) & 511;
  const cached = NAME_CACHE[slot]!;
  if (cached.length === len && t.startsWith(cached, s)) return cached;
  const name = t.slice(s, e);
  NAME_CACHE[slot] = name;
  return name;
}

/** True when the operator's name is not something Spark prints (the line was kept as is). */
export function unrecognisedName(name: string): boolean {
  const c = name.charCodeAt(0);
  return !(isLetter(c) || c === 95 || c === 36);
}
