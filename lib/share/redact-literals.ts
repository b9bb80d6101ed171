/**
 * Where the literal values of a line are: the operands Spark compares attributes with. Spark prints
 * literals unquoted (`(ca_state#5 = New York)`, `EqualTo(city,New York)`), so a literal is found by
 * its place, not its look:
 *
 * - either side of a parenthesised comparison, `(x#1 >= 100.00)` (Spark's `BinaryComparison.sql`
 *   always parenthesises), and the pattern of `x#1 LIKE %a%`;
 * - the items of `x#1 IN (a,b)` and `x#1 INSET 1, 2` / `INSET (1,2)`;
 * - the value argument of pushed-down filters (`GreaterThan(c,5)`, `In(c, [a,b])`,
 *   `StringStartsWith(c,v)`) and of `StartsWith` / `EndsWith` / `Contains` expressions;
 * - DataSource V2 filter strings (`[filters=ts > 1764547200000000, ...]`, Iceberg's `BatchScan`);
 * - Hive partition values (`Pruned Partitions: [(dt=2024-01-01)]`).
 *
 * Only operands with no attribute, call or bracket in them are literals; everything else is kept.
 */

export type Span = readonly [start: number, end: number];

const COMPARISON = [" <=> ", " <= ", " >= ", " != ", " <> ", " = ", " < ", " > "];
const PUSHED_VALUE =
  /\b(?:EqualTo|EqualNullSafe|GreaterThan|GreaterThanOrEqual|LessThan|LessThanOrEqual|StringStartsWith|StringEndsWith|StringContains|StartsWith|EndsWith|Contains)\(/g;
const PUSHED_IN = /\bIn\([^,()[\]]+, \[/g;
const IN_LIST = / (?:IN|INSET) \(/g;
const INSET_BARE = / INSET (?!\()/g;
const LIKE = / (?:LIKE|RLIKE|ILIKE) /g;
const V2_FILTERS = /\bfilters=/g;
/** Hive's `Pruned Partitions: [(dt=2024-01-01, hr=3), ...]`: the partition values. */
/** Any of the forms below, to skip the lines that hold none. */
const OTHER_FORMS =
  / (?:IN|INSET|LIKE|RLIKE|ILIKE) |(?:EqualTo|EqualNullSafe|GreaterThan|LessThan|StartsWith|EndsWith|Contains|In)\w*\(|filters=|Pruned Partitions/;
const PARTITION_SPEC = /\bPruned Partitions: \[/g;
/**
 * A value projected under a name, first in a list item: `[store AS channel#12, ...]`, `(1 AS one#3)`.
 * Spark prints string literals unquoted there; the operand has no attribute, call or bracket.
 */
const PROJECTED = /(?:^|[[(,] ?)([^[\](),#\s][^[\](),#]*?) AS [\w$]+#\d+/g;

/** Literal spans of `line` at or after `from`, sorted and not overlapping. */
export function literalSpans(
  line: string,
  from: number,
  isName: (w: string) => boolean = () => false,
): Span[] {
  const comparisons = / (?:<=>|<=|>=|!=|<>|=|<|>) /.test(line);
  const other = OTHER_FORMS.test(line);
  const projected = line.includes(" AS ");
  if (!comparisons && !other && !projected) return [];
  const pairs = bracketPairs(line);
  const close = (open: number) => pairs[open]!; // index of the matching `)`/`]`
  const spans: Span[] = [];
  const add = (a: number, b: number) => {
    while (a < b && line[a] === " ") a++;
    while (b > a && line[b - 1] === " ") b--;
    const value = line.slice(a, b);
    if (a < b && a >= from && isLiteral(value) && !isName(value)) spans.push([a, b]);
  };
  for (let i = comparisons ? line.indexOf("(", from) : -1; i >= 0; i = line.indexOf("(", i + 1)) {
    if (/[\w$]/.test(line[i - 1] ?? "")) continue; // a call's parens
    comparisonOperands(line, pairs, i + 1, close(i), add);
  }
  if (projected)
    for (const m of line.matchAll(PROJECTED)) {
      const at = m.index + m[0].length - m[0].slice(m[0].indexOf(m[1]!)).length;
      add(at, at + m[1]!.length);
    }
  if (!other) return sorted(spans);
  for (const m of line.matchAll(IN_LIST)) {
    const open = m.index + m[0].length - 1;
    items(line, pairs, open + 1, close(open), add);
  }
  for (const m of line.matchAll(INSET_BARE)) {
    const start = m.index + m[0].length;
    items(line, pairs, start, enclosingEnd(line, pairs, start), add);
  }
  for (const m of line.matchAll(LIKE)) {
    const start = m.index + m[0].length;
    add(start, enclosingEnd(line, pairs, start));
  }
  for (const m of line.matchAll(PUSHED_VALUE)) {
    const open = m.index + m[0].length - 1;
    const end = close(open);
    const comma = topLevel(line, pairs, open + 1, end, ",");
    if (comma >= 0) add(comma + 1, end);
  }
  for (const m of line.matchAll(PUSHED_IN)) {
    const open = m.index + m[0].length - 1;
    items(line, pairs, open + 1, close(open), add);
  }
  for (const m of line.matchAll(V2_FILTERS)) {
    const start = m.index + m[0].length;
    const end = enclosingEnd(line, pairs, start);
    let at = start;
    for (const part of line.slice(start, end).split(", ")) {
      const op = COMPARISON.map((o) => part.indexOf(o)).find((k) => k > 0);
      if (op !== undefined) {
        const opLen = COMPARISON.find((o) => part.startsWith(o, op))!.length;
        add(at + op + opLen, at + part.length);
      }
      at += part.length + 2;
    }
  }
  for (const m of line.matchAll(PARTITION_SPEC)) {
    const open = m.index + m[0].length - 1;
    const end = close(open);
    for (const v of line.slice(open, end).matchAll(/[\w$]+=([^,()[\]]*)/g)) {
      const at = open + v.index + v[0].length - v[1]!.length;
      add(at, at + v[1]!.length);
    }
  }
  return sorted(spans);
}

/** Sorted, overlaps dropped (the first wins). */
function sorted(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const s of spans) if (out.length === 0 || s[0] >= out[out.length - 1]![1]) out.push(s);
  return out;
}

/** For each `(` / `[` of `line`, the index of its closing bracket (the line length when unclosed). */
function bracketPairs(line: string): Int32Array {
  const pairs = new Int32Array(line.length).fill(line.length);
  const stack: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 40 || c === 91) stack.push(i);
    else if ((c === 41 || c === 93) && stack.length > 0) pairs[stack.pop()!] = i;
  }
  return pairs;
}

/** True for an operand with no attribute, call, bracket or Spark keyword: a printed value. */
function isLiteral(s: string): boolean {
  const body = /^\[[^[\]]*\]$/.test(s) ? s.slice(1, -1) : s; // an array value: `IN ([a],null)`
  return (
    !/[#()[\]]/.test(body) &&
    !/^(?:null|true|false|NaN|Infinity|-Infinity)$/i.test(s) &&
    !/^'[A-Za-z_]/.test(s) // an unresolved attribute of a parsed plan (`'amount`)
  );
}

type Add = (a: number, b: number) => void;

/** Calls `at(i)` for each top-level offset of `line[start, end)`, jumping over nested groups. */
function scanTop(line: string, pairs: Int32Array, start: number, end: number, at: (i: number) => boolean) {
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 40 || c === 91) i = pairs[i]!;
    else if (at(i)) return;
  }
}

const isJunction = (line: string, i: number) =>
  line.charCodeAt(i) === 32 && (line.startsWith(" AND ", i) || line.startsWith(" OR ", i));

/** `a OP b` at the top level of `line[start, end)`: offers both operands. */
function comparisonOperands(line: string, pairs: Int32Array, start: number, end: number, add: Add) {
  let op = -1;
  let opLen = 0;
  let junction = false;
  scanTop(line, pairs, start, end, (i) => {
    if (line.charCodeAt(i) !== 32) return false;
    if (isJunction(line, i)) {
      junction = true;
      return true;
    }
    if (op < 0) {
      const o = COMPARISON.find((c) => line.startsWith(c, i));
      if (o) {
        op = i;
        opLen = o.length;
      }
    }
    return false;
  });
  if (op < 0 || junction) return;
  operand(line, start, op, add);
  operand(line, op + opLen, end, add);
}

/** An operand, or the value inside `cast(v as type)` (Spark casts literals to the other side's type). */
function operand(line: string, start: number, end: number, add: Add) {
  const cast = /^\s*cast\((.*) as [\w(), <>:]+\)\s*$/.exec(line.slice(start, end));
  if (cast) {
    const at = line.indexOf(cast[1]!, start);
    add(at, at + cast[1]!.length);
  } else add(start, end);
}

/** Offers each top-level comma-separated item of `line[start, end)`. */
function items(line: string, pairs: Int32Array, start: number, end: number, add: Add) {
  let at = start;
  scanTop(line, pairs, start, end, (i) => {
    if (line.charCodeAt(i) === 44) {
      add(at, i);
      at = i + 1;
    }
    return false;
  });
  add(at, end);
}

/** Index of `ch` at the top level of `line[start, end)`, or -1. */
function topLevel(line: string, pairs: Int32Array, start: number, end: number, ch: string): number {
  let found = -1;
  scanTop(line, pairs, start, end, (i) => {
    if (line[i] !== ch) return false;
    found = i;
    return true;
  });
  return found;
}

/** Where the group enclosing `start` closes (its `)` or `]`), or a top-level ` AND ` / ` OR `. */
function enclosingEnd(line: string, pairs: Int32Array, start: number): number {
  let end = line.length;
  scanTop(line, pairs, start, line.length, (i) => {
    const c = line.charCodeAt(i);
    if (c === 41 || c === 93 || isJunction(line, i)) {
      end = i;
      return true;
    }
    return false;
  });
  return end;
}
