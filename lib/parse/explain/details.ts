/**
 * Formatted explain's per-operator detail blocks (ExplainUtils.processPlan / QueryPlan.verboseStringWithOperatorId):
 *
 *   (5) BroadcastHashJoin [codegen id : 2]
 *   Left keys [1]: [sr_returned_date_sk#4]
 *   Join type: Inner
 *
 * and the header lines of the `===== Subqueries =====` section.
 */
import type { SourceLine } from "./lines";

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
// `Left keys [1]: [...]`, `Condition : (...)`, `Join type: Inner`, `PushedFilters: [...]`.
const FIELD = /^([A-Z][A-Za-z0-9 _-]*?)(?: \[\d+\])? ?: ?(.*)$/;
// Spark's test goldens mask paths as `Location [not included in comparison]/{warehouse_dir}/t]`.
const LOCATION = /^(Location)\b:? ?(.*)$/;

export const SUBQUERY_HEADER = /^Subquery:(\d+) Hosting operator id = (\d+) Hosting Expression = (.*)$/;

/** Reads one detail block starting at `lines[start]` (a `(n) Name` line). */
export function readDetailBlock(
  lines: readonly SourceLine[],
  start: number,
): { block: DetailBlock; end: number } | null {
  const head = lines[start];
  if (!head) return null;
  const m = DETAIL_HEADER.exec(head.text);
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
    const text = lines[i]!.text;
    if (text.length === 0 || DETAIL_HEADER.test(text) || SUBQUERY_HEADER.test(text)) break;
    const loc = LOCATION.exec(text);
    const f = loc ?? FIELD.exec(text);
    if (f) {
      lastKey = uniqueKey(fields, f[1]!);
      fields[lastKey] = f[2]!;
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
      startLine: head.line,
      endLine: lines[i - 1]!.line,
    },
    end: i,
  };
}

function uniqueKey(fields: Record<string, string>, key: string): string {
  if (!(key in fields)) return key;
  let n = 2;
  while (`${key} ${n}` in fields) n++;
  return `${key} ${n}`;
}
