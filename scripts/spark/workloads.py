"""The event-log apps: per-app SparkConf plus the workload each runs (stored in MANIFEST.json)."""

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rest import get_json, snapshot
from scenarios import SKEW_CONF


@dataclass(frozen=True)
class AppContext:
    data: Path  # parquet tables: data/<table>
    log_dir: Path  # spark.eventLog.dir
    write_expected: Callable[[dict], None]


@dataclass(frozen=True)
class App:
    description: str
    conf: dict
    run: Callable
    expect_killed: bool = False


SMALL = {"spark.sql.shuffle.partitions": "4"}


def small_workload(spark, ctx):
    spark.read.parquet(str(ctx.data / "sales")).createOrReplaceTempView("sales")
    spark.read.parquet(str(ctx.data / "customers")).createOrReplaceTempView("customers")
    spark.sql(
        "SELECT c.segment, count(*) AS n, sum(s.amount) AS total "
        "FROM sales s JOIN customers c ON s.cust_id = c.cust_id "
        "GROUP BY c.segment ORDER BY c.segment"
    ).collect()
    spark.sql("SELECT part, max(amount) AS top FROM sales WHERE qty > 3 GROUP BY part").collect()
    return snapshot(spark)


ROLL_TARGET_FILES = 3  # events_1, events_2, events_3: rolled twice
ROLL_MAX_BYTES = 3 * 1024 * 1024  # stop earlier if the compressed folder would outgrow this


def rolling_workload(spark, ctx):
    # Many cheap 200-task queries: task-end events fill the 10 MiB (uncompressed) files quickly.
    folder = None
    for i in range(400):
        spark.range(0, 4000, 1, 200).selectExpr("id % 7 AS k", "id").groupBy("k").count().collect()
        if i % 5 == 4:
            spark.sparkContext._jsc.sc().listenerBus().waitUntilEmpty()
            folder = next(ctx.log_dir.glob("eventlog_v2_*"))
            events = sorted(folder.glob("events_*"))
            size = sum(f.stat().st_size for f in folder.iterdir())
            if len(events) >= ROLL_TARGET_FILES:
                break
            if size > ROLL_MAX_BYTES:
                print(f"NOTE stopped at {len(events)} event files: folder reached {size} bytes")
                break
    print(f"NOTE {i + 1} queries run")
    return snapshot(spark)


def java_pid(spark) -> int:
    """The driver JVM: py4j's launcher process execs into java; fall back to its java child."""
    pid = spark.sparkContext._gateway.proc.pid
    if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
        return pid
    for child in Path("/proc").iterdir():
        if child.name.isdigit():
            try:
                stat = (child / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and "java" in stat:
                return int(child.name)
    raise RuntimeError("driver JVM not found")


def inprogress_workload(spark, ctx):
    spark.read.parquet(str(ctx.data / "sales")).createOrReplaceTempView("sales")
    spark.sql("SELECT part, count(*) AS n, sum(amount) AS total FROM sales GROUP BY part").collect()
    spark.sql("SELECT cust_id, max(amount) AS top FROM sales WHERE qty = 1 GROUP BY cust_id").collect()
    before = snapshot(spark)
    # A long job of 400 slow one-row tasks (~20 s on 2 cores). Task-end events are not flushed one
    # by one: the writer's buffers reach the file in chunks that end mid-line. Kill the JVM as soon
    # as the file on disk ends mid-line, so the log keeps a cut last line.
    slow = spark.range(0, 400, 1, 400).selectExpr(
        "id", "reflect('java.lang.Thread', 'sleep', CAST(100 AS BIGINT)) AS slept"
    )
    log = next(ctx.log_dir.glob("*.inprogress"))
    threading.Thread(target=lambda: _ignore_errors(slow.collect), daemon=True).start()
    time.sleep(1)
    deadline = time.time() + 15
    while time.time() < deadline and _ends_with_newline(log):
        time.sleep(0.02)
    base = spark.sparkContext.uiWebUrl.rstrip("/")
    jobs_at_kill = get_json(base, f"/applications/{spark.sparkContext.applicationId}/jobs")
    ctx.write_expected(
        {
            "snapshot_taken": "REST API after the two completed queries (listener bus drained), "
            "before the third query started; the third query's job was then killed with SIGKILL "
            "of the driver JVM as soon as the log on disk ended mid-line, in the middle of its stage",
            "killed": {
                "signal": "SIGKILL",
                "target": "driver JVM (py4j gateway process)",
                "jobs_at_kill_not_drained": jobs_at_kill,
            },
            **before,
        }
    )
    os.kill(java_pid(spark), signal.SIGKILL)
    time.sleep(1)
    print(f"NOTE killed; log ends mid-line: {not _ends_with_newline(log)}", flush=True)
    os._exit(0)  # py4j would only raise from here on


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        if f.tell() == 0:
            return True
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _ignore_errors(fn):
    try:
        fn()
    except Exception:
        pass


def skew_workload(spark, ctx):
    spark.read.parquet(str(ctx.data / "events_skewed")).createOrReplaceTempView("events_skewed")
    spark.read.parquet(str(ctx.data / "keys_dim")).createOrReplaceTempView("keys_dim")
    spark.sql(
        "SELECT e.grp, count(*) AS n, sum(e.v) AS total "
        "FROM events_skewed e JOIN keys_dim d ON e.k = d.k GROUP BY e.grp"
    ).collect()
    return snapshot(spark)


def spill_workload(spark, ctx):
    from pyspark.sql import functions as F

    events = spark.read.parquet(str(ctx.data / "events_skewed"))
    (
        events.select("event_id", "v", "payload")
        .orderBy(F.col("v").desc(), "payload")
        .write.format("noop")
        .mode("overwrite")
        .save()
    )
    result = snapshot(spark)
    spilled = result["summary"]["task_totals_from_stages"]["memoryBytesSpilled"]
    sort_spill = [h for h in result["sql_metric_highlights"] if h["metric"] == "spill size"]
    print(f"NOTE memoryBytesSpilled={spilled} sort spill size={[h['value'] for h in sort_spill]}")
    return result


def hot_key_workload(spark, ctx):
    """A sort-merge join and a collect_list aggregate on a key holding 80% of the rows."""
    from pyspark.sql import functions as F

    rows = 2_000_000
    key = F.when(F.col("id") % 10 < 8, F.lit(0)).otherwise(F.col("id") % 997)
    facts = spark.range(0, rows, 1, 8).select(key.alias("k"), F.col("id").alias("v"))
    dim = spark.range(0, 997, 1, 2).select(F.col("id").alias("k"), (F.col("id") % 7).alias("grp"))
    facts.join(dim, "k").groupBy("grp").agg(F.count("*").alias("n"), F.sum("v").alias("total")).collect()
    facts.groupBy("k").agg(F.collect_list("v").alias("vs")).select("k", F.size("vs").alias("n")).collect()
    return snapshot(spark)


def uniform_workload(spark, ctx):
    """The hot-key workload's twin: the same joins and aggregate, keys spread evenly."""
    from pyspark.sql import functions as F

    rows = 2_000_000
    key = F.col("id") % 997
    facts = spark.range(0, rows, 1, 8).select(key.alias("k"), F.col("id").alias("v"))
    dim = spark.range(0, 997, 1, 2).select(F.col("id").alias("k"), (F.col("id") % 7).alias("grp"))
    facts.join(dim, "k").groupBy("grp").agg(F.count("*").alias("n"), F.sum("v").alias("total")).collect()
    facts.groupBy("k").agg(F.collect_list("v").alias("vs")).select("k", F.size("vs").alias("n")).collect()
    return snapshot(spark)


# Skew-join thresholds scaled to this data (defaults: 5x the median and 256 MB): the hot partition
# is ~25 MB of shuffle, the others ~1 MB.
HOT_KEY_CONF = {
    "spark.sql.autoBroadcastJoinThreshold": "-1",
    "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes": "4m",
    "spark.sql.adaptive.advisoryPartitionSizeInBytes": "4m",
}

# Spark 4 rolls event logs by default (spark.eventLog.rolling.enabled=true since 4.0); every app
# but "rolling" asks for the classic single file so each version writes the same layout.
SINGLE_FILE = {"spark.eventLog.rolling.enabled": "false"}
UNCOMPRESSED = {**SINGLE_FILE, "spark.eventLog.compress": "false"}

APPS: dict[str, App] = {
    "codec_none": App("Uncompressed event log; the small join + aggregate workload.",
                      {**SMALL, **UNCOMPRESSED}, small_workload),
    **{
        f"codec_{codec}": App(
            f"Event log compressed with {codec}; the small join + aggregate workload.",
            {**SMALL, **SINGLE_FILE, "spark.eventLog.compress": "true",
             "spark.eventLog.compression.codec": codec},
            small_workload,
        )
        for codec in ("lz4", "lzf", "snappy", "zstd")
    },
    "rolling": App(
        "Rolling event log (10m is the smallest maxFileSize Spark accepts; the size counts "
        "uncompressed bytes), zstd-compressed, rolled until events_3 exists.",
        {
            **SMALL,
            "spark.eventLog.rolling.enabled": "true",
            "spark.eventLog.rolling.maxFileSize": "10m",
            "spark.eventLog.compress": "true",
            "spark.eventLog.compression.codec": "zstd",
            # Level 1 (default) gives ~600 KB per 10 MiB file; a higher level keeps the fixture small.
            "spark.io.compression.zstd.level": "9",
        },
        rolling_workload,
    ),
    "inprogress": App(
        "Two finished queries, then the driver JVM is SIGKILLed during a third: the log stays "
        "*.inprogress and its last line is cut.",
        {**SMALL, **UNCOMPRESSED},
        inprogress_workload,
        expect_killed=True,
    ),
    "skew_aqe_on": App(
        "Join on a key holding 90% of rows, AQE on with skew-join thresholds lowered.",
        {**SKEW_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "true"},
        skew_workload,
    ),
    "skew_aqe_off": App(
        "The same skewed join with AQE off.",
        {**SKEW_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "false"},
        skew_workload,
    ),
    "hotkey_aqe": App(
        "Sort-merge join and collect_list aggregate on a key holding 80% of 2M rows; AQE on, "
        "skew-join handling on.",
        {**HOT_KEY_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "true",
         "spark.sql.adaptive.skewJoin.enabled": "true"},
        hot_key_workload,
    ),
    "hotkey_aqe_noskewjoin": App(
        "The hot-key workload with AQE on and skew-join handling off.",
        {**HOT_KEY_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "true",
         "spark.sql.adaptive.skewJoin.enabled": "false"},
        hot_key_workload,
    ),
    "hotkey_noaqe": App(
        "The hot-key workload with AQE off.",
        {**HOT_KEY_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "false"},
        hot_key_workload,
    ),
    "uniform_aqe": App(
        "The hot-key workload's uniform twin (keys spread evenly); AQE and skew-join handling on.",
        {**HOT_KEY_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "true",
         "spark.sql.adaptive.skewJoin.enabled": "true"},
        uniform_workload,
    ),
    "uniform_noaqe": App(
        "The uniform twin with AQE off.",
        {**HOT_KEY_CONF, **UNCOMPRESSED, "spark.sql.adaptive.enabled": "false"},
        uniform_workload,
    ),
    "spill_sort": App(
        "Global sort forced to spill: the sorter spills every 5000 records.",
        {
            **SMALL,
            **UNCOMPRESSED,
            "spark.shuffle.spill.numElementsForceSpillThreshold": "5000",
        },
        spill_workload,
    ),
}
