import type { GraphLayout, LayoutInput } from "./types";

/** Lay out this input. */
export interface LayoutRequest {
  readonly id: number;
  readonly input: LayoutInput;
}

/**
 * Parse pasted explain text and lay out what the home page shows first (its first plan, default
 * view, nothing folded), so the layout starts as the text lands instead of after the page has
 * parsed it and rendered. The worker answers first with the input's key (`inputKey`), then the
 * layout; the page uses it if the key matches its own input.
 */
export interface TextLayoutRequest {
  readonly id: number;
  readonly text: string;
}

export type WorkerRequest = LayoutRequest | TextLayoutRequest;

export type LayoutResponse =
  | { readonly id: number; readonly ok: true; readonly layout: GraphLayout; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** The worker's first answer to a TextLayoutRequest: the key of the input it is laying out. */
export interface KeyResponse {
  readonly id: number;
  readonly key: string | null;
}

export type WorkerResponse = LayoutResponse | KeyResponse;

/** Two inputs with the same key have the same layout. */
export function inputKey(input: LayoutInput): string {
  return JSON.stringify(input);
}
