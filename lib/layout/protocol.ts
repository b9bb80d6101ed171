import type { GraphLayout, LayoutInput } from "./types";

export interface LayoutRequest {
  readonly id: number;
  readonly input: LayoutInput;
}

export type LayoutResponse =
  | { readonly id: number; readonly ok: true; readonly layout: GraphLayout; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly error: string };
