/**
 * Attribute references as Spark prints them: `name#id` (`amount#5175`, `count#12L` for longs,
 * `` `my col`#3 ``). Analyses use them to tell which columns a Filter reads and which a scan
 * pushed down or outputs.
 */
export interface AttributeRef {
  readonly name: string;
  /** Expression id; `x` in Spark's masked test goldens. */
  readonly id: string;
}

const ATTR = /(`[^`]+`|[A-Za-z_][\w$]*)#(\d+|x)L?\b/g;

export function attributeRefs(text: string): AttributeRef[] {
  const out: AttributeRef[] = [];
  for (const m of text.matchAll(ATTR)) {
    const raw = m[1]!;
    out.push({ name: raw.startsWith("`") ? raw.slice(1, -1) : raw, id: m[2]! });
  }
  return out;
}

/** Distinct column names referenced by an expression, in first-seen order. */
export function referencedColumns(text: string): string[] {
  return [...new Set(attributeRefs(text).map((a) => a.name))];
}

/** Column names of a `ReadSchema: struct<a:int,b:struct<c:int>>` value (top-level fields only). */
export function readSchemaColumns(schema: string): string[] {
  const m = /^struct<(.*)>$/s.exec(schema.trim());
  if (!m) return [];
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const body = m[1]!;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === "<" || c === "(") depth++;
    else if (c === ">" || c === ")") depth--;
    else if ((c === "," && depth === 0) || i === body.length) {
      const field = body.slice(start, i);
      const colon = field.indexOf(":");
      if (colon > 0) out.push(field.slice(0, colon).replace(/^`|`$/g, ""));
      start = i + 1;
    }
  }
  return out;
}

/** `[IsNotNull(a), EqualTo(b,5)]` → the columns each pushed filter names (first argument). */
export function pushedFilterColumns(pushed: string): string[] {
  const out = new Set<string>();
  for (const m of pushed.matchAll(/\b[A-Z]\w*\((`[^`]+`|[\w.]+)/g)) out.add(m[1]!.replace(/^`|`$/g, ""));
  return [...out];
}
