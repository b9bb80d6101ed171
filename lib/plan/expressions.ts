/**
 * Reading Spark's printed expressions: the parser uses these to cut arguments into fields, and the
 * analyses to read conditions and keys. They live with the model so that neither reaches into
 * the other's internals.
 */

/** Splits `a, [b, c], f(d, e)` at top-level commas (brackets, parens and braces balanced). */
export function splitTopLevel(s: string, sep = ","): string[] {
  const out: string[] = [];
  const sepCode = sep.charCodeAt(0);
  let depth = 0;
  let start = 0;
  let quote = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote && s.charCodeAt(i - 1) !== 92) quote = 0; // not after a backslash
      continue;
    }
    if (c === 39 || c === 34 || c === 96)
      quote = c; // ' " `
    else if (c === 40 || c === 91 || c === 123 || c === 60)
      depth++; // ( [ { <
    else if ((c === 41 || c === 93 || c === 125 || c === 62) && depth > 0)
      depth--; // ) ] } >
    else if (c === sepCode && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last.length > 0 || out.length > 0) out.push(last);
  return out;
}

/** `splitTopLevel(s)[0]` without splitting the rest. */
export function firstTopLevel(s: string): string | undefined {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote && s.charCodeAt(i - 1) !== 92) quote = 0;
      continue;
    }
    if (c === 39 || c === 34 || c === 96) quote = c;
    else if (c === 40 || c === 91 || c === 123 || c === 60) depth++;
    else if ((c === 41 || c === 93 || c === 125 || c === 62) && depth > 0) depth--;
    else if (c === 44 && depth === 0) return s.slice(0, i).trim();
  }
  const all = s.trim();
  return all.length > 0 ? all : undefined;
}
