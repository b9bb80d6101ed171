/**
 * Findings: what costs money in a plan, on which operators, with the evidence that shows it and a
 * concrete fix. Produced by the rules in ./rules (one file each), run by `analyzePlan`.
 *
 * Internal data (no Zod): findings are computed from a Plan the parser already validated, and a
 * share payload that carries them is validated where it enters (lib/share).
 */

import type { ShuffleSkew } from "@/lib/parse/eventlog";
import type { Plan } from "@/lib/plan/types";
import type { Thresholds } from "./config";
import type { RuleId as RegisteredRuleId } from "./registry";

export type Severity = "info" | "warn" | "critical";

/** Stable rule ids: the CLI prints them, tests and the graph's badges key on them. The ids of the registry's rules. */
export type RuleId = RegisteredRuleId;

/**
 * One fact a finding rests on, quoted from where it came from: `value` is the plan text, detail
 * field or metric value as printed (or as measured), `source` names it ("(4) Exchange › Arguments",
 * "line 12 Filter", "metric spill size of (7) Sort", "stage 3 task durations").
 */
export interface Evidence {
  readonly label: string;
  readonly value: string;
  readonly source: string;
}

export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  /** Plan node ids (the ids `plansight parse --json` prints); the first is the main one. */
  readonly nodeIds: readonly string[];
  readonly title: string;
  /** Never empty: a finding without evidence is a bug. */
  readonly evidence: readonly Evidence[];
  /** One paragraph: why this costs time or money. */
  readonly explanation: string;
  /** A concrete change: exact Spark config names with the version they apply to, or a rewrite. */
  readonly fix: string;
  /**
   * What causes it, without node references, expression ids or literal values (`arithmetic:
   * (customer_id % ?) = ?`): findings of one rule with the same cause are one group in the list
   * (lib/analyze/group.ts). Absent: the title, with its operator references taken out.
   */
  readonly cause?: string;
  /** What it costs, measured (event-log metrics) or estimated; set by `analyzePlan` (./cost.ts). */
  readonly cost?: FindingCost;
}

/**
 * A finding's cost. `measured`: from the run's metrics (bytes shuffled or spilled, rows read and
 * thrown away, time of the operators' own timing metrics); else an estimate from the optimizer's
 * statistics, said to be one. `score` orders findings (higher first); `text` says it in a line.
 */
export interface FindingCost {
  readonly measured: boolean;
  readonly score: number;
  readonly text: string;
  readonly bytes?: number;
  readonly rows?: number;
  readonly ms?: number;
}

/**
 * One SQL metric of one operator as Spark UI's SQL tab shows it. `type` is Spark's metric type
 * (`sum`, `size`, `timing`, `nsTiming`, `average`); sizes are in bytes and timings in ms.
 * min/median/max are over tasks, when known.
 */
export interface MetricValue {
  readonly name: string;
  readonly type: string;
  readonly total: number | null;
  readonly min?: number;
  readonly median?: number;
  readonly max?: number;
}

/** SQL metrics keyed by plan node id. */
export type NodeMetrics = ReadonlyMap<string, readonly MetricValue[]>;

/** Distribution of one task metric over the successful tasks of a stage. */
export interface TaskDistribution {
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly total: number;
  readonly p25?: number;
  readonly p75?: number;
  readonly p95?: number;
}

/** What the analyses need from a stage of an event log. Bytes and ms. */
export interface StageStats {
  readonly stageId: number;
  readonly name?: string;
  readonly numTasks: number;
  /** Plan nodes that ran in this stage, when the caller knows them. */
  readonly nodeIds?: readonly string[];
  readonly tasks: {
    readonly duration?: TaskDistribution;
    readonly inputBytes?: TaskDistribution;
    readonly shuffleReadBytes?: TaskDistribution;
    readonly shuffleWriteBytes?: TaskDistribution;
    readonly memorySpilled?: TaskDistribution;
    readonly diskSpilled?: TaskDistribution;
  };
}

/**
 * One shuffle seen from its reduce side (event logs): bytes / rows / time of the task that read
 * the most against the others, and what AQE did — the fields of the event-log model's ShuffleSkew
 * (built by lib/parse/eventlog/shuffles.ts) that the rules read.
 */
export type ShuffleStats = Pick<
  ShuffleSkew,
  | "exchangeId"
  | "consumerId"
  | "readId"
  | "reduceStageId"
  | "partitions"
  | "taskBytes"
  | "hottest"
  | "bytesRatio"
  | "timeRatio"
  | "maxTaskMs"
  | "medianTaskMs"
  | "aqe"
  | "handling"
>;

export interface AnalyzeContext {
  readonly metrics?: NodeMetrics;
  readonly stages?: readonly StageStats[];
  readonly shuffles?: readonly ShuffleStats[];
  /** Overrides of the default thresholds (lib/analyze/config.ts). */
  readonly config?: Partial<Thresholds>;
  /** Task time spent in each operator (ms), when the caller measured it: ranks findings (./cost.ts). */
  readonly nodeTimeMs?: ReadonlyMap<string, number>;
  /** Spark settings the run used, when known (an event log's Spark Properties): `why` notes quote them. */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** An event log's plan at SQLExecutionStart, before AQE re-planned: what AQE changed (./aqe.ts). */
  readonly initialPlan?: Plan;
}

/** What a rule receives: the caller's context with every threshold filled in. */
export interface RuleContext {
  readonly metrics?: NodeMetrics;
  readonly stages?: readonly StageStats[];
  readonly sparkConf?: Readonly<Record<string, string>>;
  readonly initialPlan?: Plan;
  readonly shuffles?: readonly ShuffleStats[];
  readonly config: Thresholds;
}

/** A rule; `Id` is its literal id, so the registry can list the ids (`RuleId`). */
export interface Rule<Id extends string = RuleId> {
  readonly id: Id;
  /** One line for docs and the CLI's --rules listing. */
  readonly description: string;
  readonly run: (plan: Plan, ctx: RuleContext) => Finding[];
}
