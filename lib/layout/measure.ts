/**
 * Node sizes from label text. Labels are drawn in a monospace font, so width is characters ×
 * advance: the same number in Node (CLI, tests), in a Worker and in the page, with no DOM.
 */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.25; // advance of a 12px monospace glyph (DejaVu Sans Mono / Menlo)
export const LINE_HEIGHT = 16;
export const PAD_X = 10;
export const PAD_Y = 8;
/** Vertical padding of a compact one-line box. */
export const LINE_PAD_Y = 6;
export const MAX_LABEL_CHARS = 44;
/** Edge labels (rows, bytes) are drawn at 11 px in the same monospace font. */
export const EDGE_LABEL_FONT = 11;

export function clipLabel(s: string, max = MAX_LABEL_CHARS): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function nodeSize(
  lines: readonly string[],
  maxChars = MAX_LABEL_CHARS,
): { width: number; height: number } {
  const chars = lines.reduce((m, l) => Math.max(m, Math.min(l.length, maxChars)), 8);
  return { width: Math.ceil(chars * CHAR_WIDTH + 2 * PAD_X), height: lines.length * LINE_HEIGHT + 2 * PAD_Y };
}
