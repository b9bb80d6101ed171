/**
 * The Plansight plan model: one typed DAG per Spark query plan.
 *
 * Everything here is plain, serialisable data (no classes, no functions) so a Plan can cross a
 * Worker boundary, be written as JSON by the CLI and be stored behind a permalink. Layout positions
 * never live here: they are kept in a separate structure keyed by node id (see lib/layout).
 */

import type { ParseErrorCode, WarningCode } from "./warnings";

/** Which of Spark's explain sections a tree came from. Subquery trees and AQE plans are `physical`. */
export type Section = "parsed" | "analyzed" | "optimized" | "physical";

/** The explain mode a block of text was printed in (`df.explain(mode=...)`). */
export type ExplainMode = "simple" | "extended" | "formatted" | "codegen" | "cost" | "unknown";

/** Role of a node inside an `AdaptiveSparkPlan`: which of its printed plans the node belongs to. */
export type AqeRole = "final" | "initial" | "current";

/**
 * One operator line of a printed plan tree (a `SparkPlan` or `LogicalPlan` node).
 *
 * `name` is the operator as Spark prints it before its arguments: the class-like name
 * (`BroadcastHashJoin`, `Exchange`) and, for the few operators whose printed name is two words,
 * both (`Scan parquet`, `Scan ExistingRDD`, `Execute InsertIntoHadoopFsRelationCommand`).
 */
export interface PlanNode {
  readonly kind: "operator";
  /** Unique within a parse result, stable for the same input text. */
  readonly id: string;
  readonly name: string;
  /** The rest of the tree line after the name, as printed (without the `(n)` id). */
  readonly args: string;
  /** `(n)` from formatted explain; null in modes that print no ids. */
  readonly operatorId: number | null;
  /** Whole-stage-codegen stage id (`*(n)` prefix or `[codegen id : n]`); null when not in a stage. */
  readonly codegenStage: number | null;
  /** True when the tree line carried a codegen marker (`*`) even if the stage id is unknown. */
  readonly codegen: boolean;
  /** Vendor transformer marker printed before the name (Gluten prints `^`). */
  readonly marker: string | null;
  readonly section: Section;
  /** Which printed tree this node belongs to (`main`, `subquery:1`, ...). */
  readonly tree: string;
  readonly aqe: AqeRole | null;
  /** Structured detail lines (formatted mode `Key: value`), plus fields read from `args`. */
  readonly details: Readonly<Record<string, string>>;
  /** AQE `Statistics(...)` suffix or cost-mode statistics, as printed. */
  readonly stats: string | null;
  /** 1-based line of the tree line in the source text. */
  readonly line: number;
  /** 1-based first and last line of the formatted detail block, when there is one. */
  readonly detailLines: readonly [number, number] | null;
  /** Index of the plan (within the parse result) this node belongs to. */
  readonly plan: number;
}

/** Data flows from `from` to `to`: a child feeds its parent; a subquery feeds its host. */
export interface PlanEdge {
  readonly from: string;
  readonly to: string;
  /** `child`: tree edge. `subquery`: subquery root → hosting operator. `reuse`: reused → reusing. */
  readonly kind: "child" | "subquery" | "reuse";
}

/** A whole-stage-codegen stage: the operators compiled into one Java function. */
export interface CodegenCluster {
  readonly id: string;
  readonly stage: number;
  readonly nodeIds: readonly string[];
  readonly plan: number;
}

/** One entry of formatted explain's `===== Subqueries =====` section. */
export interface SubqueryInfo {
  readonly index: number;
  readonly hostingOperatorId: number;
  readonly hostingExpression: string;
  /** Root node of the subquery's own tree; null when the subquery is a `ReusedSubquery`. */
  readonly rootId: string | null;
  readonly line: number;
}

export interface Warning {
  /** Stable kind of warning (lib/plan/warnings.ts): what tests, the CLI and the UI key on. */
  readonly code: WarningCode;
  readonly message: string;
  /** 1-based line in the source text the warning is about. */
  readonly line: number;
}

/** Codegen mode: where the generated Java source of one WholeStageCodegen subtree is in the text. */
export interface GeneratedCode {
  readonly subtree: number;
  readonly stage: number | null;
  /** `maxMethodCodeSize:...; maxConstantPoolSize:...` as printed in the subtree header. */
  readonly header: string;
  readonly startLine: number;
  readonly endLine: number;
}

export interface PlanNote {
  readonly title: string;
  readonly text: string;
  readonly line: number;
}

/** One printed plan (one `explain()` call's output). A paste may hold several. */
export interface Plan {
  readonly index: number;
  readonly mode: ExplainMode;
  /** Short human label: the first operator and line range. */
  readonly title: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly nodes: readonly PlanNode[];
  readonly edges: readonly PlanEdge[];
  readonly clusters: readonly CodegenCluster[];
  readonly subqueries: readonly SubqueryInfo[];
  /** Root node ids per printed tree, in print order (`main` first). */
  readonly roots: readonly { readonly tree: string; readonly section: Section; readonly id: string }[];
  /** Text the engine printed about the plan: Databricks' `== Photon Explanation ==`, Comet's summary. */
  readonly notes?: readonly PlanNote[];
  /** Codegen mode only: the generated Java source per subtree, as line ranges of the input. */
  readonly generatedCode?: readonly GeneratedCode[];
}

/** What the explain parser returns: every plan found, and everything it had to warn about. */
export interface ParseResult {
  readonly plans: readonly Plan[];
  readonly warnings: readonly Warning[];
}

/** Returned instead of a ParseResult when the input holds no plan at all. */
export interface ParseError {
  readonly code: ParseErrorCode;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export type ParseOutcome =
  | { readonly ok: true; readonly result: ParseResult }
  | { readonly ok: false; readonly error: ParseError; readonly warnings: readonly Warning[] };
