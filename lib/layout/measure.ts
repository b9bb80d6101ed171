/**
 * Node sizes from label text. Labels are drawn in a monospace font, so width is characters ×
 * advance: the same number in Node (CLI, tests), in a Worker and in the page, with no DOM.
 */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.25; // advance of a 12px monospace glyph (DejaVu Sans Mono / Menlo)
export const LINE_HEIGHT = 16;
export const PAD_X = 10;
export const PAD_Y = 8;
export const MAX_LABEL_CHARS = 44;

export function clipLabel(s: string, max = MAX_LABEL_CHARS): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function nodeSize(lines: readonly string[]): { width: number; height: number } {
  const chars = lines.reduce((m, l) => Math.max(m, Math.min(l.length, MAX_LABEL_CHARS)), 8);
  return { width: Math.ceil(chars * CHAR_WIDTH + 2 * PAD_X), height: lines.length * LINE_HEIGHT + 2 * PAD_Y };
}
