/**
 * Character classes for the hand-written scanners (character codes, so nothing is allocated):
 * the parser reads most of its input a character at a time instead of with regular expressions.
 */

/** `[A-Za-z]` */
export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** `[0-9]` */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `\w`: `[A-Za-z0-9_]` */
export const isWordChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;

/** A space or a tab (what separates words on a printed line). */
export const isSpace = (c: number): boolean => c === 32 || c === 9;

/** ASCII white space (what `\s` and `trim` mean for Spark's printed text). */
export const isWhite = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** True when every character of `s` satisfies `ok` (and, unless `empty`, there is one). */
export function every(s: string, ok: (c: number) => boolean, empty = false): boolean {
  for (let i = 0; i < s.length; i++) if (!ok(s.charCodeAt(i))) return false;
  return empty || s.length > 0;
}
