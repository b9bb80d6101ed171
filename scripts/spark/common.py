"""Shared pieces of the fixture generators: paths, the local SparkSession, the synthetic tables.

Everything is deterministic (built from spark.range and hash expressions, no random numbers) and
lives under a fixed path (/tmp/plansight-spark/<version>/...) so that regenerating the fixtures
changes as little text as possible: file locations are printed inside plans.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "spark"


def spark_version() -> str:
    import pyspark

    return pyspark.__version__


def work_dir(version: str) -> Path:
    return Path("/tmp/plansight-spark") / version


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def base_builder(app_name: str, warehouse: Path, extra_conf: dict[str, str] | None = None):
    """A local[2] builder on loopback. The caller adds event-log / UI settings."""
    from pyspark.sql import SparkSession

    # Python workers must run the venv's interpreter (pandas/pyarrow live there).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        # Small, fixed shuffle width so plans and logs stay small (default is 200).
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for key, value in (extra_conf or {}).items():
        builder = builder.config(key, value)
    return builder


# Table sizes. Small enough that the whole generation takes minutes on 2 cores.
SALES_ROWS = 60_000
CUSTOMERS = 1_000
SKEWED_ROWS = 200_000
PARTS = ["2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]


def build_tables(spark, skewed_rows: int = SKEWED_ROWS) -> None:
    """Create the synthetic tables in the session's (in-memory) catalog, as parquet.

    sales          partitioned by `part` (6 date strings); `s` is a numeric string (cast_filter)
    customers      bucketed by cust_id into 4 buckets, sorted; column statistics analysed
    regions        5 rows, for automatic broadcast
    events_skewed  90% of rows on k = 0; 8 files so the skewed shuffle partition has 8 map outputs
    keys_dim       one row per k, the other side of the skewed join
    """
    from pyspark.sql import functions as F

    parts = F.array(*[F.lit(p) for p in PARTS])
    sales = spark.range(0, SALES_ROWS, 1, 4).select(
        F.col("id").alias("sale_id"),
        (F.col("id") % CUSTOMERS).cast("int").alias("cust_id"),
        ((F.abs(F.hash("id")) % 100_000) / 100.0).alias("amount"),
        (F.col("id") % 7 + 1).cast("int").alias("qty"),
        (F.col("id") % 10).cast("string").alias("s"),
        F.element_at(parts, (F.col("id") % len(PARTS) + 1).cast("int")).alias("part"),
    )
    sales.write.mode("overwrite").partitionBy("part").format("parquet").saveAsTable("sales")

    segments = F.array(F.lit("gold"), F.lit("silver"), F.lit("bronze"))
    customers = spark.range(0, CUSTOMERS, 1, 2).select(
        F.col("id").cast("int").alias("cust_id"),
        F.concat(F.lit("customer-"), F.col("id").cast("string")).alias("name"),
        F.element_at(segments, (F.col("id") % 3 + 1).cast("int")).alias("segment"),
        (F.col("id") % 5).cast("int").alias("region_id"),
    )
    (
        customers.write.mode("overwrite")
        .bucketBy(4, "cust_id")
        .sortBy("cust_id")
        .format("parquet")
        .saveAsTable("customers")
    )
    spark.sql("ANALYZE TABLE customers COMPUTE STATISTICS FOR ALL COLUMNS")

    regions = spark.range(0, 5, 1, 1).select(
        F.col("id").cast("int").alias("region_id"),
        F.concat(F.lit("region-"), F.col("id").cast("string")).alias("region_name"),
    )
    regions.write.mode("overwrite").format("parquet").saveAsTable("regions")

    skewed = spark.range(0, skewed_rows, 1, 8).select(
        F.col("id").alias("event_id"),
        F.when(F.col("id") % 10 != 0, F.lit(0)).otherwise(F.col("id") % 1000).cast("int").alias("k"),
        ((F.abs(F.hash("id")) % 10_000) / 10.0).alias("v"),
        (F.col("id") % 4).cast("int").alias("grp"),
        F.sha1(F.col("id").cast("string")).alias("payload"),
    )
    skewed.write.mode("overwrite").format("parquet").saveAsTable("events_skewed")

    keys = spark.range(0, 1000, 1, 4).select(
        F.col("id").cast("int").alias("k"),
        F.concat(F.lit("key-"), F.col("id").cast("string")).alias("label"),
    )
    keys.write.mode("overwrite").format("parquet").saveAsTable("keys_dim")
