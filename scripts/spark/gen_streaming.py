#!/usr/bin/env python3
"""Write what a running structured-streaming query prints for query.explain() into
fixtures/spark/<version>/explain-streaming/: the plan of its last micro-batch, with the
stateful operators (StateStoreRestore/Save, StreamingSymmetricHashJoin, StreamingDeduplicate,
EventTimeWatermark) and, in extended mode, logical plans whose nodes Spark marks as streaming
with `~` (`~Aggregate`).

Run inside a venv made by setup.sh:  scripts/spark/.venv-4.3.0/bin/python scripts/spark/gen_streaming.py

Each query reads the built-in `rate` source into the `memory` sink and runs three micro-batches
before it is explained, so the plan is a real micro-batch's (`WriteToDataSourceV2 MicroBatchWrite`).
MANIFEST.json lists each file with the code and the operators it must show.
"""

import contextlib
import inspect
import io
import json
import sys
import textwrap
import time

from common import FIXTURES, base_builder, fresh_dir, spark_version, work_dir


def windowed_count(spark):
    from pyspark.sql import functions as F

    rate = spark.readStream.format("rate").option("rowsPerSecond", 50).load()
    return (
        rate.withWatermark("timestamp", "10 seconds")
        .groupBy(F.window("timestamp", "5 seconds"), (F.col("value") % 3).alias("k"))
        .count()
    ), "update"


def stream_stream_join(spark):
    from pyspark.sql import functions as F

    rate = spark.readStream.format("rate").option("rowsPerSecond", 50).load()
    left = rate.withWatermark("timestamp", "10 seconds").select(F.col("value").alias("a"), F.col("timestamp").alias("t1"))
    right = rate.withWatermark("timestamp", "10 seconds").select(F.col("value").alias("b"), F.col("timestamp").alias("t2"))
    return left.join(right, F.expr("a = b AND t2 BETWEEN t1 AND t1 + interval 5 seconds")), "append"


def deduplicate(spark):
    rate = spark.readStream.format("rate").option("rowsPerSecond", 50).load()
    return rate.withWatermark("timestamp", "10 seconds").dropDuplicates(["value", "timestamp"]), "append"


QUERIES = [
    (windowed_count, ["WriteToDataSourceV2", "StateStoreSave", "StateStoreRestore", "EventTimeWatermark"]),
    (stream_stream_join, ["StreamingSymmetricHashJoin", "EventTimeWatermark"]),
    (deduplicate, [("StreamingDeduplicate", "StreamingDeduplicateWithinWatermark"), "EventTimeWatermark"]),
]


def run_batches(query, batches: int = 3, timeout: float = 90) -> bool:
    """Wait until the query has run `batches` micro-batches; False when it died or took too long."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if query.exception() is not None or not query.isActive:
            return False
        if len(query.recentProgress) >= batches:
            return True
        time.sleep(0.5)
    return False


def main() -> int:
    version = spark_version()
    out_dir = fresh_dir(FIXTURES / version / "explain-streaming")
    warehouse = fresh_dir(work_dir(version) / "streaming-warehouse")
    spark = base_builder("plansight-streaming", warehouse, {"spark.ui.enabled": "false"}).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    files, failures = [], []
    for build, expect in QUERIES:
        name = build.__name__
        source = textwrap.dedent(inspect.getsource(build))
        try:
            query = None
            for attempt in range(3):  # Spark 4.3.0 sometimes fails planning a stream-stream join batch
                df, output_mode = build(spark)
                query = (
                    df.writeStream.format("memory").queryName(name).outputMode(output_mode)
                    .option("checkpointLocation",
                            str(fresh_dir(work_dir(version) / "streaming-checkpoints" / f"{name}-{attempt}")))
                    .start()
                )
                if run_batches(query):
                    break
                print(f"{name}: attempt {attempt + 1} failed: {query.exception()}", file=sys.stderr, flush=True)
                query.stop()
            else:
                raise RuntimeError(f"{name} did not run three micro-batches in three attempts")
            for extended in (False, True):
                buf = io.StringIO()
                with contextlib.redirect_stdout(buf):
                    query.explain(extended)
                mode = "extended" if extended else "simple"
                file = f"{name}.{mode}.txt"
                (out_dir / file).write_text(buf.getvalue(), encoding="utf-8")
                files.append({
                    "file": file, "mode": mode, "output_mode": output_mode,
                    "code": f"{source}\ndf, mode = {name}(spark)\nquery = df.writeStream.format('memory')"
                            f".queryName({name!r}).outputMode(mode).start()\n"
                            f"# ... after three micro-batches (query.recentProgress)\nquery.explain({extended})",
                    "expect": [list(e) if isinstance(e, tuple) else [e] for e in expect],
                })
            query.stop()
            print(f"{name}: ok", flush=True)
        except Exception as exc:  # record and go on
            print(f"FAILED {name}: {exc}", file=sys.stderr, flush=True)
            failures.append({"query": name, "error": str(exc)[-2000:]})
    manifest = {"spark_version": spark.version, "generator": "scripts/spark/gen_streaming.py",
                "files": files, "failures": failures}
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    spark.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
