/**
 * Thresholds the rules compare against. Every one can be overridden through
 * `analyzePlan(plan, { config: { ... } })`.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export interface Thresholds {
  /** Shuffle bytes (written or read) above which a shuffle is `warn` / `critical`. */
  readonly shuffleWarnBytes: number;
  readonly shuffleCriticalBytes: number;
  /** AQE coalesced a shuffle to at most this many partitions: called out (with metrics). */
  readonly coalescedFewPartitions: number;
  /** ... but only when the shuffle moved at least this much (coalescing tiny data to 1 is right). */
  readonly coalescedMinBytes: number;
  /**
   * Skew: max > skewFactor × median (and the floors below) flags a stage or operator.
   *
   * Why 5 and these floors: Spark's own AQE splits a partition when it is > 5× the median
   * (`spark.sql.adaptive.skewJoin.skewedPartitionFactor`, default 5) AND > 256 MB
   * (`...skewedPartitionThresholdInBytes`). Dr. Elephant's StagesAnalyzer grades the max/median
   * task-time ratio 2 / 4 / 8 / 16 (low … critical) but only when the median task runs ≥ 150 s;
   * DataFlint flags "partition skew" when max/median > 10 and the max task > 5 s; Sparklens prints
   * the max/median ratio per stage without a cut-off. We follow AQE's factor 5 for `warn` and
   * Dr. Elephant's 16 for `critical`, with an absolute floor between DataFlint's (5 s) and Dr.
   * Elephant's (150 s): the slowest task must be ≥ 30 s and ≥ 10 s slower than the median, or for
   * bytes ≥ 256 MiB (AQE's threshold), so tiny stages are never flagged.
   */
  readonly skewFactor: number;
  readonly skewCriticalFactor: number;
  readonly skewMinTaskMs: number;
  readonly skewMinExcessMs: number;
  readonly skewMinBytes: number;
  readonly skewMinTasks: number;
  /** Broadcast: `spark.sql.autoBroadcastJoinThreshold`'s default (10 MiB). */
  readonly broadcastThresholdBytes: number;
  /** A broadcast bigger than this is `warn`; bigger than the critical one `critical` (hard limit 8 GB). */
  readonly broadcastTooLargeBytes: number;
  readonly broadcastCriticalBytes: number;
  /** Spill: any spill is `warn`; above this `critical`. */
  readonly spillCriticalBytes: number;
  /** Small files: at least this many files with an average below `smallFileBytes`. */
  readonly smallFilesMinCount: number;
  readonly smallFileBytes: number;
  /** missed-pushdown: ReadSchema columns unused by the operators above the scan. */
  readonly unusedColumnsMin: number;
  readonly unusedColumnsRatio: number;
  /** CollectLimit: rows into the limit above which it is `warn` (with metrics). */
  readonly collectLimitRows: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  shuffleWarnBytes: 10 * GiB,
  shuffleCriticalBytes: 100 * GiB,
  coalescedFewPartitions: 1,
  coalescedMinBytes: 1 * GiB,
  skewFactor: 5,
  skewCriticalFactor: 16,
  skewMinTaskMs: 30_000,
  skewMinExcessMs: 10_000,
  skewMinBytes: 256 * MiB,
  skewMinTasks: 3,
  broadcastThresholdBytes: 10 * MiB,
  broadcastTooLargeBytes: 1 * GiB,
  broadcastCriticalBytes: 4 * GiB,
  spillCriticalBytes: 10 * GiB,
  smallFilesMinCount: 200,
  smallFileBytes: 32 * MiB,
  unusedColumnsMin: 3,
  unusedColumnsRatio: 0.5,
  collectLimitRows: 10_000_000,
};

export function resolveThresholds(config?: Partial<Thresholds>): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...config };
}

/**
 * How each rule could fire where nothing is wrong, and what keeps it from doing so. Every mode
 * names a real-Spark scenario in which the rule must NOT fire that way: by default one of the
 * evaluation set (fixtures/analyze/eval/<scenario>.json, scripts/spark/gen_eval.py), which must
 * carry that must-not; `set: "explain"`, one of the explain scenarios whose findings are checked
 * exactly (fixtures/analyze/expected/<scenario>.json), which must not list the rule.
 * tests/analyze/eval.test.ts checks both, and the scenario tests check they hold.
 */
export interface FalsePositiveMode {
  readonly mode: string;
  readonly guard: string;
  readonly scenario: string;
  /** `corpus`: `scenario` is a file under ../shared/corpus/explain that must not produce the rule. */
  readonly set?: "eval" | "explain" | "corpus";
}

export const FALSE_POSITIVE_MODES: Readonly<Record<string, readonly FalsePositiveMode[]>> = {
  "missed-pushdown": [
    {
      mode: "a bare column against a literal that was pushed, reported as missed",
      guard: "a conjunct whose columns all have a selective filter in PushedFilters is covered",
      scenario: "pushable_filter",
    },
    {
      mode: "Spark's inferred predicates (isnotnull, copies across join keys) blamed on the user",
      guard:
        "isnotnull is skipped; a copy is folded into the user's finding (analyzed plan, or isnotnull order)",
      scenario: "inferred_pushable",
    },
    {
      mode: "arithmetic on a column reported as a warning with configuration advice",
      guard: "unpushable class (arithmetic, column compare, non-deterministic, subquery): information only",
      scenario: "arithmetic_filter",
    },
    {
      mode: "the 60-branch union: 120 warnings for 60 arithmetic filters and their inferred copies",
      guard: "copies folded; arithmetic is information; one group of 60",
      scenario: "union_star_60",
    },
  ],
  broadcast: [
    {
      mode: "a sort-merge join called broadcastable when both sides are above the threshold",
      guard: `a side must measure (or be estimated) at most broadcastThresholdBytes (${DEFAULT_THRESHOLDS.broadcastThresholdBytes} B)`,
      scenario: "too_big_smj",
    },
    {
      mode: "a claim about sizes before the run, when the plan has no statistics",
      guard: "no size from statistics, query stages or metrics: no finding",
      scenario: "broadcastable_smj",
    },
    {
      mode: "a join AQE already turned into a broadcast reported as a sort-merge join",
      guard: "only the final plan's joins are read (PlanIndex.physical drops the initial plan)",
      scenario: "aqe_switch_broadcast",
    },
  ],
  shuffle: [
    {
      mode: "a broadcast exchange counted as a shuffle",
      guard: "isShuffleExchange excludes BroadcastExchange and ReusedExchange",
      scenario: "inferred_pushable",
    },
  ],
  skew: [
    {
      mode: "uniform keys with short tasks flagged as skew",
      guard: `max > ${DEFAULT_THRESHOLDS.skewFactor}× median and the ${DEFAULT_THRESHOLDS.skewMinTaskMs} ms / ${DEFAULT_THRESHOLDS.skewMinBytes} B floors`,
      scenario: "too_big_smj",
    },
  ],
  spill: [
    {
      mode: "a sort or aggregate that fit in memory reported as spilling",
      guard: "only a non-zero spill size metric (or task memoryBytesSpilled) fires",
      scenario: "too_big_smj",
    },
  ],
  cartesian: [
    {
      mode: "an equi-join (broadcast hash join) reported as a cartesian product",
      guard: "only CartesianProduct and nested-loop joins without an equi-condition",
      scenario: "control_broadcast",
      set: "explain",
    },
    {
      mode: "a sort-merge join reported as a cartesian product",
      guard: "as above",
      scenario: "small_smj",
      set: "explain",
    },
  ],
  "window-single-partition": [
    {
      mode: "a window with partitionBy reported as running in one partition",
      guard: "only an Exchange SinglePartition (or no partitioning) under the Window",
      scenario: "window",
      set: "explain",
    },
  ],
  "python-udf": [
    {
      mode: "a JVM cast or built-in function in a filter taken for a UDF",
      guard: "only Python evaluation operators (BatchEvalPython, ArrowEvalPython, *InPandas ...)",
      scenario: "cast_filter",
      set: "explain",
    },
  ],
  "engine-fallback": [
    {
      mode: "vanilla Spark's ColumnarToRow above a parquet scan read as an engine falling back",
      guard: "only with Comet / Gluten / RAPIDS / Photon operators in the plan",
      scenario: "control_simple",
      set: "explain",
    },
  ],
  "small-files": [
    {
      mode: "a small table (a few files per partition) reported as a small-files problem: small tables have small files",
      guard: `at least smallFilesMinCount (${DEFAULT_THRESHOLDS.smallFilesMinCount}) files read, averaging under smallFileBytes (${DEFAULT_THRESHOLDS.smallFileBytes} B)`,
      scenario: "pushable_filter",
    },
  ],
  "collect-limit": [
    {
      mode: "a shuffle inside a broadcast's build side taken for a shuffle the limit must wait for",
      guard: "only shuffles on the streamed path count (the build side is built once, whole, limit or not)",
      scenario: "spark321-tpcds-v1_4/q32.explain.txt",
      set: "corpus",
    },
  ],
  "codegen-fallback": [
    {
      mode: "operators that never take part in whole-stage codegen (exchanges, scans) reported as falling out of it",
      guard: "only operators that support codegen but run outside a stage",
      scenario: "control_simple",
      set: "explain",
    },
  ],
};
