/**
 * What an event log becomes: plain, serialisable data (it crosses a Worker boundary and is
 * printed by `plansight eventlog --json`). Plans use the shared model in lib/plan/types.ts;
 * everything the Plan has no field for (metrics, AQE history) is keyed by node id here.
 */
import type { Plan } from "../../plan/types";
import type { Codec } from "./codecs/types";

/** The six numbers the CLI and the corpus tests compare with what the lines say. */
export interface EventCounts {
  /** Well-formed event lines (a JSON object with a string `Event`). */
  readonly events: number;
  /** `SparkListenerSQLExecutionStart` events. */
  readonly sqlExecutions: number;
  /** `SparkListenerJobStart` events. */
  readonly jobs: number;
  /** `SparkListenerStageCompleted` events. */
  readonly stages: number;
  /** `SparkListenerTaskEnd` events. */
  readonly tasks: number;
  /** Non-empty lines that are not valid JSON (a cut last line of an `.inprogress` log is one). */
  readonly malformedLines: number;
}

export interface ReadWarning {
  readonly message: string;
  /** Input file (folder member or archive entry) the warning is about, when known. */
  readonly file: string | null;
  /** 1-based line within that file, when the warning is about a line. */
  readonly line: number | null;
}

/** Five-number summary as Spark UI's stage page shows it (quantiles 0, .25, .5, .75, 1). */
export interface Distribution {
  readonly count: number;
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly max: number;
  readonly total: number;
}

export type MetricType = "sum" | "size" | "timing" | "nsTiming" | "average" | (string & {});

/**
 * One SQL metric of one operator, with the numbers Spark UI's SQL tab shows: total and
 * (min, median, max) across task slots and driver-side updates (each one more value). Units: `count`
 * for sum, `bytes` for size, `ms` for timing and nsTiming (converted), and `average` values are
 * already divided by Spark's factor of 10. `total` is null for average metrics (Spark shows none).
 */
export interface SqlMetric {
  readonly name: string;
  readonly accumulatorId: number;
  readonly metricType: MetricType;
  readonly unit: "count" | "bytes" | "ms";
  readonly total: number | null;
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
  /**
   * Values counted, as Spark counts them: a slot per task of every stage that updated the metric
   * (0 for tasks that did not), plus each driver update; for size and time metrics only values
   * ≥ 0, for averages only values > 0. 0: never updated.
   */
  readonly values: number;
  /**
   * The value exactly as Spark's UI and REST API print it (`1,000`, `total (min, med, max
   * (stageId: taskId))\n1.0 s (117 ms, 318 ms, 368 ms (stage 3.0: task 10))`); null when no
   * task or driver ever updated the metric (Spark then lists no value).
   */
  readonly display: string | null;
  /** The task that reported the largest value (the first to reach it); null when none did. */
  readonly maxTask: {
    readonly stageId: number;
    readonly stageAttempt: number;
    readonly taskId: number;
  } | null;
}

/**
 * How long one operator worked, summed over its tasks, and how that number was derived. `basis`:
 * - `timer`: Spark's own timer(s) for the operator, measured inside tasks (`source` names them:
 *   "sort time", "scan time", "shuffle write time" for an exchange, "fetch wait time" for the
 *   AQEShuffleRead reading it, "shuffle write time + fetch wait time" for an exchange read
 *   directly, ...);
 * - `driver`: timers measured on the driver, outside any task (broadcast build, file listing);
 *   not part of the execution's task time;
 * - `codegen`: a share of the "duration" of its task loop (a whole-stage-codegen stage and the
 *   stages nested in it, e.g. the sorted sides of a sort-merge join; the longest of their clocks)
 *   less the scan time and fetch wait of the loop's inputs, which stay the scan's and the
 *   reader's: operators with a timer of their own keep it (scaled when the timers add up to more,
 *   or when no other operator is left to take the rest), the rest is split by rows processed
 *   (inclusive timers such as "time in aggregation build" count as none; a Project that only
 *   picks columns takes no share). A loop's operators and its inputs' timers add up to its duration.
 * Task-side times never exceed the executor run time of the stages that ran the operator.
 */
export interface OperatorTime {
  readonly timeMs: number;
  readonly source: string;
  readonly basis: "timer" | "driver" | "codegen";
}

export interface PlanWithMetrics {
  readonly plan: Plan;
  /** SQL metrics per plan node id, and per codegen cluster id (WholeStageCodegen's `duration`). */
  readonly metrics: Readonly<Record<string, readonly SqlMetric[]>>;
  /**
   * Stages that ran each node (every node id, and every codegen cluster id; sorted, [] when none):
   * the stages whose tasks updated the node's metric accumulators (SparkListenerTaskEnd and
   * SparkListenerStageCompleted accumulables). Exchanges list both sides, the map stage that
   * writes and the stage that reads; nodes with no task-side metric of their own (AQE query
   * stages, ReusedExchange, Project, AQEShuffleRead, BroadcastExchange) take the stages of the
   * operator they wrap, reuse, feed or are fed by.
   */
  readonly stageIds: Readonly<Record<string, readonly number[]>>;
  /** Time per node id, for the nodes where it can be told (see OperatorTime). */
  readonly times: Readonly<Record<string, OperatorTime>>;
}

/** One stage of an execution's critical path. */
export interface CriticalPathStage {
  readonly stageId: number;
  /** Submission to completion of the stage (first attempt submitted → last attempt completed). */
  readonly durationMs: number | null;
  readonly tasks: number;
  readonly maxTaskMs: number;
  readonly medianTaskMs: number;
  /**
   * How it follows the previous step: `parent` through the stage DAG (AQE's re-submitted, skipped
   * stages resolved to the stage that ran the same RDD); `after` when the stage has no parent that
   * ran but started after this one ended (another job of the same execution: a broadcast, a
   * subquery, an earlier query stage). Null for the first step.
   */
  readonly link: "parent" | "after" | null;
}

/**
 * One shuffle of an execution, seen from its reduce side: how evenly the data was spread over
 * the tasks that read it, the hottest partition, and what AQE did about it.
 */
export interface ShuffleSkew {
  /** The Exchange node that wrote the shuffle. */
  readonly exchangeId: string;
  /** The join or aggregate that reads it (through AQEShuffleRead, Sort, ...); null if none. */
  readonly consumerId: string | null;
  /** The AQEShuffleRead between them, when AQE read the shuffle. */
  readonly readId: string | null;
  /** The stage whose tasks read the shuffle (the one that read most, if several did). */
  readonly reduceStageId: number | null;
  /** Partitions the Exchange wrote (its "number of partitions"); null when not reported. */
  readonly partitions: number | null;
  /** Per reduce task, by task index: shuffle bytes read (local + remote), records read, run time (ms). */
  readonly taskBytes: readonly number[];
  readonly taskRecords: readonly number[];
  readonly taskMs: readonly (number | null)[];
  /** AQE's "partition data size" driver values: one per partition it read (after splits and coalescing). */
  readonly partitionDataSizes: readonly number[];
  /** The task that read the most bytes. */
  readonly hottest: {
    readonly index: number;
    readonly bytes: number;
    readonly records: number;
    readonly ms: number | null;
  } | null;
  /**
   * Hottest task's bytes over the median of the other tasks; when AQE coalesced the others into
   * fewer tasks and the hottest read more than the advisory size (so it is one partition), over
   * the mean of the other partitions. Null with fewer than 2 tasks.
   */
  readonly bytesRatio: number | null;
  /** `maxTaskMs / medianTaskMs` (null with fewer than 2 tasks). */
  readonly timeRatio: number | null;
  /** The slowest reduce task's run time. */
  readonly maxTaskMs: number | null;
  /**
   * The median run time of the other tasks; in the coalesced case of `bytesRatio`, the other
   * tasks' run time per partition they read.
   */
  readonly medianTaskMs: number | null;
  /** What the AQEShuffleRead reported; null without one. */
  readonly aqe: {
    readonly skewedPartitions: number;
    readonly skewedSplits: number;
    readonly coalescedPartitions: number;
    readonly readPartitions: number | null;
  } | null;
  /** `split`: AQE split skewed partitions; `coalesced`: it merged partitions into fewer tasks. */
  readonly handling: "split" | "coalesced" | "none";
}

export type SqlStatus = "running" | "completed" | "failed";

export interface SqlExecution {
  readonly executionId: number;
  readonly description: string;
  /** The call site Spark records (`details`), e.g. a stack trace head. */
  readonly details: string;
  readonly startTime: number | null;
  readonly endTime: number | null;
  readonly durationMs: number | null;
  readonly status: SqlStatus;
  readonly errorMessage: string | null;
  readonly jobIds: readonly number[];
  readonly stageIds: readonly number[];
  /** True when the plan is an AdaptiveSparkPlan (AQE on for this query). */
  readonly adaptive: boolean;
  /** The plan that ran: the last SparkListenerSQLAdaptiveExecutionUpdate, else the start plan. */
  readonly plan: PlanWithMetrics | null;
  /** The plan at SQLExecutionStart; null when no AQE update replaced it (then `plan` is it). */
  readonly initialPlan: PlanWithMetrics | null;
  readonly adaptiveUpdates: number;
  /** Every shuffle of `plan` with its reduce-side spread (skew). */
  readonly shuffles: readonly ShuffleSkew[];
  /** `physicalPlanDescription` of the plan that ran: the source text for `plan` (line numbers). */
  readonly physicalPlanDescription: string;
  readonly initialPhysicalPlanDescription: string | null;
  /** Executor run time over the successful tasks of the execution's stages, ms. */
  readonly taskTimeMs: number;
  /**
   * The chain of stages that bounds the execution's wall-clock time, first to last: from the stage
   * that finished last, back through the parent (or, failing one, the preceding) stage that
   * finished last before it started.
   */
  readonly criticalPath: readonly CriticalPathStage[];
  /** Spark 3.4+: SQL settings this query changed from the application's (`spark.conf.set`); {} when none or not recorded. */
  readonly modifiedConfigs: Readonly<Record<string, string>>;
}

export interface Job {
  readonly jobId: number;
  readonly sqlExecutionId: number | null;
  readonly stageIds: readonly number[];
  readonly submissionTime: number | null;
  readonly completionTime: number | null;
  readonly result: "succeeded" | "failed" | "running";
}

export interface StageTaskMetrics {
  /** Executor run time (Spark UI "Duration"), ms. */
  readonly duration: Distribution;
  readonly inputBytes: Distribution;
  readonly shuffleReadBytes: Distribution;
  readonly shuffleWriteBytes: Distribution;
  readonly memorySpilled: Distribution;
  readonly diskSpilled: Distribution;
  readonly gcTime: Distribution;
}

export interface StageAttempt {
  readonly attemptId: number;
  readonly status: "active" | "complete" | "failed" | "pending";
  readonly submissionTime: number | null;
  readonly completionTime: number | null;
  readonly failureReason: string | null;
}

export interface Stage {
  readonly stageId: number;
  readonly name: string;
  readonly numTasks: number;
  /** Stages this one reads from (StageInfo "Parent IDs"). */
  readonly parentIds: readonly number[];
  readonly attempts: readonly StageAttempt[];
  /** Task ends seen, all attempts, all outcomes. */
  readonly taskEnds: number;
  readonly failedTasks: number;
  /** Distributions over successful tasks, each partition counted once (latest stage attempt wins). */
  readonly tasks: StageTaskMetrics;
}

export interface Executor {
  readonly executorId: string;
  readonly host: string | null;
  readonly cores: number | null;
  readonly addTime: number | null;
  readonly removeTime: number | null;
  readonly removeReason: string | null;
}

export interface AppAttempt {
  readonly attemptId: string | null;
  readonly startTime: number | null;
  readonly endTime: number | null;
  readonly completed: boolean;
}

/** Settings that explain a plan's shape; null when the log does not record them. */
export interface AppConfig {
  readonly adaptiveEnabled: string | null;
  readonly shufflePartitions: string | null;
  readonly autoBroadcastJoinThreshold: string | null;
  readonly ioCompressionCodec: string | null;
  readonly eventLogCompress: string | null;
  readonly eventLogCompressionCodec: string | null;
  /** Every `spark.sql.adaptive.*`, `spark.sql.shuffle.*`, codec and plugin setting found. */
  readonly interesting: Readonly<Record<string, string>>;
}

export interface Application {
  readonly appId: string | null;
  readonly name: string | null;
  readonly sparkVersion: string | null;
  readonly user: string | null;
  readonly startTime: number | null;
  readonly endTime: number | null;
  /** `DBCEventLoggingListenerMetadata` first: written by Databricks. */
  readonly writer: "spark" | "databricks";
  readonly attempts: readonly AppAttempt[];
  readonly config: AppConfig;
  readonly executors: readonly Executor[];
  readonly sqlExecutions: readonly SqlExecution[];
  readonly jobs: readonly Job[];
  readonly stages: readonly Stage[];
  /** Events per type name, including the ones we skip. */
  readonly eventTypes: Readonly<Record<string, number>>;
}

export interface InputFile {
  readonly name: string;
  readonly bytes: number;
  readonly decodedBytes: number;
  readonly codecs: readonly Codec[];
  readonly truncated: boolean;
}

/** What reading one application's inputs produced. */
export interface EventLogResult {
  readonly counts: EventCounts;
  /** Usually one; several when the input holds several logs (attempts, unrelated apps). */
  readonly applications: readonly Application[];
  readonly files: readonly InputFile[];
  readonly warnings: readonly ReadWarning[];
  /** Events of types this reader does not know (other listeners, vendor plugins). */
  readonly unknownEvents: number;
  /** Well-formed JSON lines that are not events (no string `Event` field). */
  readonly nonEventLines: number;
}

export type EventLogOutcome =
  | { readonly ok: true; readonly result: EventLogResult }
  | {
      readonly ok: false;
      readonly error: { readonly message: string; readonly file: string | null };
      /** What was read before the error (counts, partial applications). */
      readonly partial: EventLogResult;
    };

/** Reported while reading, for a progress bar. */
export interface Progress {
  readonly bytesRead: number;
  readonly decodedBytes: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  readonly file: string | null;
}
