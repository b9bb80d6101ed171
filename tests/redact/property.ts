/**
 * The redaction property, file by file: with every option on, nothing `secretsOf` finds in the
 * original is readable in the redacted text, and the redacted text parses to the same graph
 * (operators, their names, ids, sections and stages, edges, codegen clusters).
 */
import { parseExplain } from "@/lib/parse/explain";
import type { ParseOutcome } from "@/lib/plan/types";
import { redactPlan } from "@/lib/share/redact";
import { leaks } from "./secrets";

export const ALL = { literals: true, locations: true, names: true } as const;

/** The graph of a parse, in plain strings: what redaction must not change. */
export function graphOf(out: ParseOutcome) {
  if (!out.ok) return null;
  return out.result.plans.map((p) => ({
    mode: p.mode,
    nodes: p.nodes.map((n) => `${n.name}|${n.operatorId}|${n.section}|${n.codegenStage}|${n.tree}|${n.aqe}`),
    edges: p.edges.map((e) => `${e.from}>${e.to}:${e.kind}`),
    clusters: p.clusters.map((c) => `${c.stage}:${c.nodeIds.join(",")}`),
  }));
}

export interface Verdict {
  /** False when the original holds no plan (nothing to check). */
  readonly plan: boolean;
  readonly leaks: readonly string[];
  readonly sameGraph: boolean;
}

export function checkRedaction(text: string): Verdict {
  const original = parseExplain(text);
  if (!original.ok) return { plan: false, leaks: [], sameGraph: true };
  const redactedText = redactPlan(text, ALL).text;
  const redacted = parseExplain(redactedText);
  return {
    plan: true,
    leaks: leaks(text, redactedText, { original, redacted }),
    sameGraph: JSON.stringify(graphOf(original)) === JSON.stringify(graphOf(redacted)),
  };
}
