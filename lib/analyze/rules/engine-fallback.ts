/**
 * engine-fallback: operators an accelerator (Comet, Gluten/Velox) could not run natively, so rows
 * go columnar → row → columnar around them.
 */

import { isAqeWrapper, isTransition } from "@/lib/plan/operators";
import type { Plan, PlanNode } from "@/lib/plan/types";
import { treeLine } from "../evidence";
import { indexPlan, type PlanIndex } from "../plan-index";
import type { Finding, Rule } from "../types";

const COMET_NOTE = /\[COMET: ([^\]]*)\]?/;

function cometNotes(ix: PlanIndex): Finding[] {
  const out: Finding[] = [];
  for (const n of ix.physical) {
    const m = COMET_NOTE.exec(n.args);
    if (!m) continue;
    const reason = m[1]!.trim();
    const conf = /\b(spark\.comet\.[\w.]+)(?:=(\w+))?/.exec(reason);
    out.push({
      ruleId: "engine-fallback",
      severity: "warn",
      nodeIds: [n.id],
      title: `Comet fell back to Spark for ${n.name}`,
      evidence: [
        { label: "Comet fallback reason", value: reason, source: `line ${n.line} ${n.name} [COMET: ...]` },
      ],
      explanation:
        "Comet could not run this operator natively, so it runs in Spark on rows: data is converted from Arrow columns to rows before it and back after it, and the native pipeline is broken.",
      fix: conf
        ? `${reason.endsWith(".") ? reason : `${reason}.`} (Comet config ${conf[1]}.) See which operators fall back with spark.comet.explainFallback.enabled=true.`
        : "Rewrite the expression or operator with one Comet supports (see the Comet compatibility guide), or accept the fallback; spark.comet.explainFallback.enabled=true logs every fallback with its reason.",
    });
  }
  return out;
}

/** Gluten marks native operators with `^`. A row operator with a native ancestor feeds it through a transition. */
const GLUTEN_PLUMBING =
  /^(AdaptiveSparkPlan|ColumnarExchange|ColumnarBroadcastExchange|ReusedExchange|ColumnarSubqueryBroadcast|SubqueryBroadcast|ReusedSubquery|Subquery|VeloxResizeBatches|VeloxAppendBatches|RowToVeloxColumnar|VeloxColumnarToRow|ColumnarToRow|RowToColumnar|ColumnarCollectLimit|ColumnarRange|ColumnarWriteFiles|ColumnarPartialProject|ColumnarUnion)/;

function glutenFallbacks(ix: PlanIndex): Finding[] {
  if (!ix.physical.some((n) => n.marker === "^")) return [];
  const out: Finding[] = [];
  for (const n of ix.physical) {
    if (
      n.marker === "^" ||
      n.aqe === "initial" ||
      GLUTEN_PLUMBING.test(n.name) ||
      isAqeWrapper(n.name) ||
      isTransition(n.name)
    )
      continue;
    let native: PlanNode | undefined;
    for (let p = ix.parent(n.id); p; p = ix.parent(p.id)) {
      if (p.marker === "^") {
        native = p;
        break;
      }
    }
    if (!native) continue;
    const leaf = ix.children(n.id).length === 0;
    out.push({
      ruleId: "engine-fallback",
      severity: leaf ? "info" : "warn",
      nodeIds: [n.id],
      title: `Gluten fallback: ${n.name} runs in vanilla Spark below ${native.name}`,
      evidence: [
        { ...treeLine(n), label: "Operator without the transformer marker (^)" },
        { ...treeLine(native), label: "Native consumer above it" },
      ],
      explanation:
        "Gluten could not offload this operator to Velox, so it runs in Spark on rows and its output is converted back to columnar (RowToVeloxColumnar) for the native operators above: conversion cost plus JVM row processing in the middle of a native pipeline.",
      fix: "Find the reason with spark.gluten.sql.debug / the Gluten fallback report (GlutenPlanFallbackEvent in the event log, or the 'Gluten' tab of the Spark UI); rewrite unsupported expressions or UDFs, or enable the operator if it is behind a spark.gluten.sql.columnar.* flag.",
    });
  }
  return out;
}

function run(plan: Plan): Finding[] {
  const ix = indexPlan(plan);
  return [...cometNotes(ix), ...glutenFallbacks(ix)];
}

export const engineFallbackRule: Rule<"engine-fallback"> = {
  id: "engine-fallback",
  description: "Comet [COMET: reason] fallbacks and Gluten operators outside the native pipeline.",
  run,
};
