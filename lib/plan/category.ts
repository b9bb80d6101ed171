/** Coarse operator families, for colour and for analyses that ask "is this a shuffle?". */
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
