/**
 * Formatted explain's per-operator detail blocks (ExplainUtils.processPlan / QueryPlan.verboseStringWithOperatorId):
 *
 *   (5) BroadcastHashJoin [codegen id : 2]
 *   Left keys [1]: [sr_returned_date_sk#4]
 *   Join type: Inner
 *
 * and the header lines of the `===== Subqueries =====` section.
 */

import type { SourceLines } from "./lines";

export interface DetailBlock {
  readonly operatorId: number;
  readonly header: string;
  readonly codegenStage: number | null;
  readonly reusesOperatorId: number | null;
  readonly fields: Record<string, string>;
  readonly startLine: number;
  readonly endLine: number;
}

export const DETAIL_HEADER = /^\((\d+)\) (.*)$/;
const CODEGEN_ID = /\s*\[codegen id : (\d+)\]\s*$/;
const REUSES = /\s*\[Reuses operator id: (\d+)\]\s*$/;

export const SUBQUERY_HEADER = /^Subquery:(\d+) Hosting operator id = (\d+) Hosting Expression = (.*)$/;

/** Reads one detail block starting at `lines.at(start)` (a `(n) Name` line). */
export function readDetailBlock(
  lines: SourceLines,
  start: number,
): { block: DetailBlock; end: number } | null {
  const head = lines.at(start);
  if (head === undefined) return null;
  const m = DETAIL_HEADER.exec(head);
  if (!m) return null;
  let header = m[2]!;
  let codegenStage: number | null = null;
  let reusesOperatorId: number | null = null;
  const cg = CODEGEN_ID.exec(header);
  if (cg) {
    codegenStage = Number(cg[1]);
    header = header.slice(0, cg.index);
  }
  const ru = REUSES.exec(header);
  if (ru) {
    reusesOperatorId = Number(ru[1]);
    header = header.slice(0, ru.index);
  }
  const fields: Record<string, string> = {};
  let lastKey: string | null = null;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const text = lines.at(i)!;
    if (
      text.length === 0 ||
      (text.charCodeAt(0) === 40 && DETAIL_HEADER.test(text)) ||
      text.startsWith("Subquery:")
    )
      break;
    const keyEnd = fieldKeyEnd(text);
    if (keyEnd > 0) {
      const key = text.slice(0, keyEnd);
      lastKey = key in fields ? uniqueKey(fields, key) : key;
      fields[lastKey] = fieldValue(text, keyEnd);
    } else if (lastKey !== null) {
      // A value printed over several lines (a long expression, a nested plan string).
      fields[lastKey] = `${fields[lastKey]}\n${text}`;
    } else {
      lastKey = uniqueKey(fields, "Text");
      fields[lastKey] = text;
    }
  }
  return {
    block: {
      operatorId: Number(m[1]),
      header: header.trim(),
      codegenStage,
      reusesOperatorId,
      fields,
      startLine: start + 1,
      endLine: i,
    },
    end: i,
  };
}

/**
 * `Left keys [1]: [...]`, `Condition : (...)`, `Join type: Inner`, `PushedFilters: [...]`; and
 * Spark's test goldens mask paths as `Location [not included in comparison]/{warehouse_dir}/t]`.
 * Returns where the key ends (0: not a field line). A hand-written scan that allocates nothing:
 * it runs once per detail line, the bulk of a formatted plan.
 */
function fieldKeyEnd(text: string): number {
  const c0 = text.charCodeAt(0);
  if (c0 < 65 || c0 > 90) return 0; // keys start with a capital letter
  if (text.startsWith("Location") && text.charCodeAt(8) !== 58) return 8;
  const colon = text.indexOf(":");
  if (colon < 0) return 0;
  let keyEnd = colon;
  if (text.charCodeAt(keyEnd - 1) === 32) keyEnd--; // `Condition : ...`
  if (text.charCodeAt(keyEnd - 1) === 93) {
    // `Keys [2]: ...`: drop the element count
    const open = text.lastIndexOf(" [", keyEnd);
    if (open < 0) return 0;
    keyEnd = open;
  }
  for (let i = 1; i < keyEnd; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      c === 32 ||
      c === 95 ||
      c === 45;
    if (!ok) return 0;
  }
  return keyEnd;
}

function fieldValue(text: string, keyEnd: number): string {
  let i = keyEnd;
  if (text.startsWith("Location") && keyEnd === 8 && text.charCodeAt(8) !== 58) return text.slice(8).trim();
  while (i < text.length && text.charCodeAt(i) !== 58) i++; // the ':' (after a ` [n]` count)
  i++;
  if (text.charCodeAt(i) === 32) i++;
  return text.slice(i);
}

function uniqueKey(fields: Record<string, string>, key: string): string {
  let n = 2;
  while (`${key} ${n}` in fields) n++;
  return `${key} ${n}`;
}
