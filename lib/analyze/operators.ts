/**
 * Operator families by name, across vanilla Spark and the engines whose plans we read (Comet,
 * Gluten/Velox, RAPIDS, Photon). Names are as explain prints them (PlanNode.name).
 */
import type { PlanNode } from "@/lib/plan/types";

/** A shuffle exchange: writes shuffle files. Not broadcasts, not `ReusedExchange` (no new shuffle). */
export function isShuffleExchange(name: string): boolean {
  if (/Broadcast|^Reused/.test(name)) return false;
  return /Exchange(Exec)?(Transformer)?$|ShuffleExchange/.test(name);
}

export function isBroadcastExchange(name: string): boolean {
  return /BroadcastExchange/.test(name) && !/^Reused/.test(name);
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
