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
