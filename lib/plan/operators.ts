/**
 * The one vocabulary of operators (PEV2's enums.ts is the model): which operators shuffle,
 * broadcast, wrap AQE stages, host subqueries or scan — by name, across vanilla Spark and the
 * engines whose plans we read (Comet, Gluten/Velox, RAPIDS, Photon). Names are as explain prints
 * them (PlanNode.name). The parsers, the graph's decoration and the rules all ask here.
 */
import type { PlanNode } from "./types";

/** Operators that run a subquery's plan (`Subquery`, DPP's `SubqueryBroadcast`) or reuse one. */
export const SUBQUERY_OPERATORS: ReadonlySet<string> = new Set([
  "Subquery",
  "SubqueryBroadcast",
  "SubqueryAdaptiveBroadcast",
  "ReusedSubquery",
]);

/** Operators that stand for one printed elsewhere: the edge to them is a reuse link. */
export const REUSE_OPERATORS: ReadonlySet<string> = new Set(["ReusedExchange", "ReusedSubquery"]);

/** Coarse operator families, for colour and for a first answer to "what kind of work is this?". */
export type OperatorCategory = "scan" | "exchange" | "join" | "aggregate" | "python" | "sort" | "other";

export function operatorCategory(name: string): OperatorCategory {
  if (/Scan|Relation$|^LocalTableScan|^Range$/.test(name)) return "scan";
  if (/Exchange|QueryStage|ShuffleRead|ShuffleReader$/.test(name)) return "exchange";
  if (/Join|CartesianProduct/.test(name)) return "join";
  if (/Aggregate|^Expand$|^Window/.test(name)) return "aggregate";
  if (/Python|Pandas|Arrow|^MapInBatch|^BatchEval/.test(name)) return "python";
  if (/Sort|TakeOrdered/.test(name)) return "sort";
  return "other";
}

/** A shuffle exchange: writes shuffle files. Not broadcasts, not `ReusedExchange` (no new shuffle). */
export function isShuffleExchange(name: string): boolean {
  if (/Broadcast|^Reused/.test(name)) return false;
  return /Exchange(Exec)?(Transformer)?$|ShuffleExchange/.test(name);
}

export function isBroadcastExchange(name: string): boolean {
  return /BroadcastExchange/.test(name) && !/^Reused/.test(name);
}

/** Reading a shuffle's output: AQE's query stage and shuffle reads of every engine. */
export function isShuffleRead(name: string): boolean {
  return /^(ShuffleQueryStage|AQEShuffleRead|CustomShuffleReader|CoalescedShuffleReader|CometShuffleReader|GpuCustomShuffleReader|GpuShuffleCoalesce)$/.test(
    name,
  );
}

/** AQE wrappers that sit between an Exchange and its consumer without changing rows. */
export function isAqeWrapper(name: string): boolean {
  return /^(ShuffleQueryStage|BroadcastQueryStage|TableCacheQueryStage|ResultQueryStage|AQEShuffleRead|CustomShuffleReader|CoalescedShuffleReader|InputAdapter|InputIteratorTransformer|CometShuffleReader|GpuCustomShuffleReader|GpuShuffleCoalesce|VeloxResizeBatches|CometSinkPlaceHolder)$/.test(
    name,
  );
}

/** Row ↔ columnar transitions and codegen plumbing: no work of their own. */
export function isTransition(name: string): boolean {
  return /ColumnarToRow|RowToColumnar|RowToVeloxColumnar|ColumnarToCarrierRow|^InputAdapter$|^WholeStageCodegen|^CometSparkToColumnar$|^GpuRowToColumnar|^GpuColumnarToRow|^GpuCoalesceBatches$/.test(
    name,
  );
}

export function isScan(node: PlanNode): boolean {
  const n = node.name;
  return (
    /^(Scan |FileScan$|BatchScan$|CometScan|CometNativeScan|CometBatchScan|GpuScan|GpuFileScan|GpuBatchScan|PhotonScan)/.test(
      n,
    ) ||
    /^(FileSourceScanExecTransformer|BatchScanExecTransformer|HiveTableScan|HiveTableScanExecTransformer|NativeScan)/.test(
      n,
    ) ||
    "ReadSchema" in node.details ||
    "PushedFilters" in node.details
  );
}

export function isFilter(name: string): boolean {
  return /^(Filter|CometFilter|FilterExecTransformer|GpuFilter|PhotonFilter)$/.test(name);
}

export function isProject(name: string): boolean {
  return /^(Project|CometProject|ProjectExecTransformer|GpuProject|PhotonProject)$/.test(name);
}

export function isPythonEval(name: string): boolean {
  return /^(BatchEvalPython|ArrowEvalPython|GpuArrowEvalPython|EvalPython)/.test(name);
}

export function isJoin(name: string): boolean {
  return /Join|CartesianProduct/.test(name);
}

export function isSortMergeJoin(name: string): boolean {
  return /SortMergeJoin/.test(name);
}

export function isAggregate(name: string): boolean {
  return /Aggregate/.test(name);
}

export function isWindow(name: string): boolean {
  return /^(\w*?)Window(Exec)?(Transformer)?$|^WindowInPandas$|^WindowExecTransformer$/.test(name);
}

export function isSort(name: string): boolean {
  return /^(Sort|CometSort|SortExecTransformer|GpuSort|PhotonSort)$/.test(name);
}
