/** python-udf: Python UDF boundaries, row-at-a-time (pickled) vs Arrow-vectorised. */
import type { Plan } from "@/lib/plan/types";
import { nodeRef, quote } from "../evidence";
import { indexPlan } from "../plan-index";
import type { Finding, Rule } from "../types";

const VECTORISED =
  /^(ArrowEvalPython|GpuArrowEvalPython|FlatMapGroupsInPandas|FlatMapCoGroupsInPandas|MapInPandas|MapInArrow|AggregateInPandas|WindowInPandas|PythonMapInArrow|FlatMapGroupsInArrow|FlatMapCoGroupsInArrow|ArrowWindowPython|ArrowAggregatePython)/;
const ROW_AT_A_TIME = /^(BatchEvalPython|BatchEvalPythonUDTF)/;

function run(plan: Plan): Finding[] {
  const ix = indexPlan(plan);
  const out: Finding[] = [];
  for (const n of ix.physical) {
    const row = ROW_AT_A_TIME.test(n.name);
    if (!row && !VECTORISED.test(n.name)) continue;
    out.push({
      ruleId: "python-udf",
      severity: row ? "warn" : "info",
      nodeIds: [n.id],
      title: row
        ? `Row-at-a-time Python UDF at ${nodeRef(n)}`
        : `Vectorised Python (Arrow) boundary at ${nodeRef(n)}`,
      evidence: [quote(n, "Python UDF", "Arguments")],
      explanation: row
        ? "Each row is serialised with pickle, sent to a Python worker, evaluated one call at a time and sent back: typically 10-100× slower than a built-in expression, and it breaks whole-stage codegen and filter pushdown around it."
        : "Batches are exchanged with Python workers through Arrow and evaluated vectorised with pandas/pyarrow; much cheaper than row-at-a-time UDFs, but still a process boundary that copies every column it touches and breaks codegen and pushdown.",
      fix: row
        ? "Replace the UDF with built-in functions (pyspark.sql.functions) where possible; otherwise make it vectorised: a pandas_udf (3.0+ type hints), udf(..., useArrow=True) (3.5+), or spark.sql.execution.pythonUDF.arrow.enabled=true (3.5+) for all UDFs."
        : "Prefer built-in functions where they exist; tune batch size with spark.sql.execution.arrow.maxRecordsPerBatch (default 10000) and keep only needed columns before the UDF.",
    });
  }
  return out;
}

export const pythonUdfRule: Rule<"python-udf"> = {
  id: "python-udf",
  description: "Python UDF boundaries: BatchEvalPython (row-at-a-time) vs Arrow/pandas (vectorised).",
  run,
};
