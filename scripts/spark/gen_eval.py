"""The analysis evaluation set: small queries whose findings are known in advance, per rule.

Run inside a venv made by setup.sh:  scripts/spark/.venv-4.3.0/bin/python scripts/spark/gen_eval.py

Writes fixtures/spark/<version>/eval/:
  <scenario>.formatted.txt / <scenario>.extended.txt   df.explain(mode) before any action (AQE on)
  eventlog/<appId>.zstd                                one zstd event log: every scenario
                                                       collected once, as its own SQL execution,
                                                       with the scenario name as job description
  MANIFEST.json                                        scenario -> code, conf, description

What each scenario must and must not produce is written by hand in fixtures/analyze/eval/*.json
(tests/analyze/eval.test.ts reads both). The star schema is deterministic (spark.range + hashes).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import shutil
import sys
from dataclasses import dataclass, field
from typing import Callable

from common import FIXTURES, base_builder, fresh_dir, spark_version, work_dir

NO_BROADCAST = {"spark.sql.autoBroadcastJoinThreshold": "-1"}


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable
    conf: dict = field(default_factory=dict)
    description: str = ""


SCENARIOS: list[Scenario] = []


def scenario(name, conf=None, description=""):
    def register(fn):
        SCENARIOS.append(Scenario(name, fn, dict(conf or {}), description))
        return fn

    return register


def build_tables(spark) -> None:
    """orders (fact, 200k rows), customers (2000), products (500), wide_a / wide_b (300k rows each,
    an 80-character payload: ~25 MB each, too big to broadcast), all parquet, no random numbers."""
    from pyspark.sql import functions as F

    orders = spark.range(0, 200_000, 1, 4).select(
        F.col("id").alias("order_id"),
        (F.col("id") % 2000).cast("int").alias("customer_id"),
        (F.col("id") % 500).cast("int").alias("product_id"),
        ((F.abs(F.hash("id")) % 100_000) / 100.0).alias("amount"),
        ((F.abs(F.hash("id", F.lit(1))) % 1000) / 100.0).alias("discount"),
        F.date_add(F.lit("2023-01-01").cast("date"), (F.col("id") % 730).cast("int")).alias("order_date"),
        (F.col("id") % 10).cast("string").alias("code"),
    )
    orders.write.mode("overwrite").format("parquet").saveAsTable("orders")
    customers = spark.range(0, 2000, 1, 1).select(
        F.col("id").cast("int").alias("customer_id"),
        F.concat(F.lit("c-"), F.col("id").cast("string")).alias("name"),
        (F.col("id") % 20).cast("int").alias("country_id"),
    )
    customers.write.mode("overwrite").format("parquet").saveAsTable("customers")
    products = spark.range(0, 500, 1, 1).select(
        F.col("id").cast("int").alias("product_id"),
        (F.col("id") % 12).cast("int").alias("category_id"),
    )
    products.write.mode("overwrite").format("parquet").saveAsTable("products")
    for name, salt in (("wide_a", 0), ("wide_b", 7)):
        spark.range(0, 300_000, 1, 4).select(
            F.col("id").alias("k"),
            F.concat(F.sha1((F.col("id") + salt).cast("string")), F.sha1(F.col("id").cast("string"))).alias("payload"),
        ).write.mode("overwrite").format("parquet").saveAsTable(name)


@scenario("pushable_filter", description="A bare column against a literal: pushed to parquet.")
def pushable_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.col("amount") > 900).select("order_id", "amount")


@scenario("cast_like_filter", description="CAST(amount AS STRING) LIKE '1%': the cast keeps it in Spark.")
def cast_like_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.col("amount").cast("string").like("1%")).select("order_id", "amount")


@scenario("cast_string_filter", description="A string column cast to int and compared with a number.")
def cast_string_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.col("code").cast("int") == 5).select("order_id", "code")


@scenario("year_filter", description="year(order_date) = 2024: a function around a date column.")
def year_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.year("order_date") == 2024).select("order_id", "order_date")


@scenario("arithmetic_filter", description="customer_id % 3 = 0: arithmetic on a column, no source takes it.")
def arithmetic_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.col("customer_id") % 3 == 0).select("order_id", "customer_id")


@scenario("column_compare_filter", description="amount > discount * 100: two columns compared.")
def column_compare_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.col("amount") > F.col("discount") * 100).select("order_id")


@scenario("rand_filter", description="rand(7) < 0.1: non-deterministic.")
def rand_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("orders").where(F.rand(7) < 0.1).select("order_id")


@scenario("inferred_pushable", description="orders.customer_id = 42 joined on customer_id: Spark infers customers.customer_id = 42; both pushed.")
def inferred_pushable(spark):
    from pyspark.sql import functions as F

    orders = spark.table("orders").where(F.col("customer_id") == 42)
    return orders.join(spark.table("customers"), "customer_id").select("order_id", "name")


@scenario("inferred_arithmetic", description="orders.customer_id % 2 = 0 joined on customer_id: Spark copies the predicate to customers.")
def inferred_arithmetic(spark):
    from pyspark.sql import functions as F

    orders = spark.table("orders").where(F.col("customer_id") % 2 == 0)
    return orders.join(spark.table("customers"), "customer_id").select("order_id", "name")


@scenario("inferred_cast", description="CAST(orders.customer_id AS STRING) = '42' joined on customer_id: the user's cast and Spark's copy on customers.")
def inferred_cast(spark):
    from pyspark.sql import functions as F

    orders = spark.table("orders").where(F.col("customer_id").cast("string") == "42")
    return orders.join(spark.table("customers"), "customer_id").select("order_id", "name")


@scenario("broadcastable_smj", conf=NO_BROADCAST, description="Broadcast turned off: a sort-merge join with a 2000-row side.")
def broadcastable_smj(spark):
    return spark.table("orders").join(spark.table("customers"), "customer_id").select("order_id", "name")


@scenario("too_big_smj", description="Two 300k-row tables with 80-character payloads: too big to broadcast (default threshold).")
def too_big_smj(spark):
    a = spark.table("wide_a")
    b = spark.table("wide_b").withColumnRenamed("payload", "payload_b")
    return a.join(b, "k").select("k", "payload", "payload_b")


@scenario("aqe_switch_broadcast", description="wide_a joined with wide_b where k < 100: planned as a sort-merge join (the 25 MB estimate ignores the filter), switched to a broadcast by AQE once the filtered side measured a few KiB.")
def aqe_switch_broadcast(spark):
    from pyspark.sql import functions as F

    small = spark.table("wide_b").where(F.col("k") < 100).withColumnRenamed("payload", "payload_b")
    return spark.table("wide_a").join(small, "k").select("k", "payload", "payload_b")


@scenario("union_star_60", description="A union of 60 star joins, each filtering customer_id % k = 0.")
def union_star_60(spark):
    from functools import reduce

    from pyspark.sql import functions as F

    branches = []
    for i in range(60):
        # A different k per branch: identical branches would be reused (ReusedExchange), not rerun.
        orders = spark.table("orders").where(F.col("customer_id") % (i + 2) == 0)
        branch = (
            orders.join(spark.table("customers"), "customer_id")
            .join(spark.table("products"), "product_id")
            .groupBy("country_id", "category_id")
            .agg(F.sum("amount").alias("total"))
            .withColumn("branch", F.lit(i))
        )
        branches.append(branch)
    return reduce(lambda a, b: a.unionByName(b), branches)


def explain_stdout(df, mode: str) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.explain(mode=mode)
    return buf.getvalue()


def main() -> int:
    version = spark_version()
    out_dir = fresh_dir(FIXTURES / version / "eval")
    warehouse = fresh_dir(work_dir(version) / "eval-warehouse")
    log_dir = fresh_dir(work_dir(version) / "eval-logs")
    spark = base_builder(
        "plansight-eval",
        warehouse,
        {
            "spark.ui.enabled": "false",
            "spark.eventLog.enabled": "true",
            "spark.eventLog.dir": log_dir.as_uri(),
            # zstd: AQE re-sends the whole 60-branch plan on every stage it re-plans (~20 MB plain).
            "spark.eventLog.compress": "true",
            "spark.eventLog.compression.codec": "zstd",
            "spark.eventLog.rolling.enabled": "false",
            # 120 broadcast hash tables at once (union_star_60) each take a page: 32 MB by default
            # on a 1 GB driver runs out of heap.
            "spark.buffer.pageSize": "1m",
        },
    ).getOrCreate()
    manifest = {
        "spark": version,
        "generator": "scripts/spark/gen_eval.py",
        "session": "common.base_builder (local[2], spark.sql.shuffle.partitions=8, AQE on by default) + event log",
        "tables": inspect.getsource(build_tables),
        "scenarios": [],
    }
    try:
        build_tables(spark)
        for sc in SCENARIOS:
            for k, v in sc.conf.items():
                spark.conf.set(k, v)
            df = sc.build(spark)
            files = {}
            for mode in ("formatted", "extended"):
                name = f"{sc.name}.{mode}.txt"
                (out_dir / name).write_text(explain_stdout(df, mode))
                files[mode] = name
            spark.sparkContext.setJobDescription(sc.name)
            df.collect()
            spark.sparkContext.setJobDescription(None)
            for k in sc.conf:
                spark.conf.unset(k)
            source = inspect.getsource(sc.build)
            manifest["scenarios"].append(
                {
                    "scenario": sc.name,
                    "description": sc.description,
                    "conf": sc.conf,
                    "files": files,
                    "code": source[source.index("def "):],
                }
            )
    finally:
        spark.stop()
    logs = [p for p in log_dir.iterdir() if not p.name.startswith(".")]
    (out_dir / "eventlog").mkdir()
    for log in logs:
        shutil.copy2(log, out_dir / "eventlog" / log.name)
    manifest["eventlog"] = [p.name for p in logs]
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"eval: {len(SCENARIOS)} scenarios, event log {[p.name for p in logs]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
