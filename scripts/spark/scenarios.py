"""The explain scenarios: each is a function (spark) -> DataFrame plus the SQL conf it runs under.

gen_explain.py stores the source of each function in MANIFEST.json, so keep every function
self-contained: what you read there is exactly the code that produced the plan.
"""

from dataclasses import dataclass, field
from typing import Callable

NO_BROADCAST = {"spark.sql.autoBroadcastJoinThreshold": "-1"}

# Skew join: default thresholds (5x median and 256 MB) are far above our tiny data, so lower them.
# forceOptimizeSkewedJoin keeps the optimisation even if it would need an extra shuffle.
SKEW_CONF = {
    **NO_BROADCAST,
    "spark.sql.adaptive.skewJoin.enabled": "true",
    "spark.sql.adaptive.skewJoin.skewedPartitionFactor": "2",
    "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes": "64k",
    "spark.sql.adaptive.advisoryPartitionSizeInBytes": "64k",
    "spark.sql.adaptive.forceOptimizeSkewedJoin": "true",
    # One scan task per file (8 files of ~1.2 MB; the 4 MB open cost keeps them from being packed
    # together) so the skewed partition has 8 map outputs to split by.
    "spark.sql.files.maxPartitionBytes": "2m",
}


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable
    conf: dict = field(default_factory=dict)
    description: str = ""
    # "dataframe": explain the DataFrame; "sql_explain": run EXPLAIN <mode> <statement> via spark.sql
    kind: str = "dataframe"
    # explain before and after an action also with AQE off (cache)
    after_action_without_aqe: bool = False
    # for sql_explain scenarios: statements to run before (setup) and after (cleanup)
    setup: tuple = ()
    cleanup: tuple = ()
    # the explain modes to write (operators.py leaves out codegen)
    modes: tuple = ("simple", "extended", "codegen", "cost", "formatted")
    # what the physical plan must show (operators.py explains these)
    expect: tuple = ()
    expect_once_planned: tuple = ()
    expect_with_aqe: tuple = ()
    # the first Spark version (major.minor) that has what the scenario uses; older ones skip it
    since: str = ""


SCENARIOS: list[Scenario] = []


def scenario(name, conf=None, description="", **kwargs):
    def register(fn):
        SCENARIOS.append(Scenario(name, fn, dict(conf or {}), description, **kwargs))
        return fn

    return register


@scenario("broadcast_join", description="Explicit broadcast() hint on the customers side.")
def broadcast_join(spark):
    from pyspark.sql import functions as F

    sales = spark.table("sales")
    customers = spark.table("customers")
    return (
        sales.join(F.broadcast(customers), "cust_id")
        .groupBy("segment")
        .agg(F.sum("amount").alias("total"), F.count("*").alias("n"))
    )


@scenario("sort_merge_join", conf=NO_BROADCAST, description="Broadcast disabled; customers is bucketed on the key.")
def sort_merge_join(spark):
    from pyspark.sql import functions as F

    sales = spark.table("sales")
    customers = spark.table("customers")
    return (
        sales.join(customers, "cust_id")
        .groupBy("segment")
        .agg(F.sum("amount").alias("total"))
    )


@scenario("skewed_join", conf=SKEW_CONF, description="90% of events_skewed rows have k = 0.")
def skewed_join(spark):
    from pyspark.sql import functions as F

    events = spark.table("events_skewed")
    keys = spark.table("keys_dim")
    return (
        events.join(keys, "k")
        .groupBy("grp")
        .agg(F.count("*").alias("n"), F.sum("v").alias("total"))
    )


@scenario("partition_filter", description="Equality filter on the partition column.")
def partition_filter(spark):
    from pyspark.sql import functions as F

    return (
        spark.table("sales")
        .where(F.col("part") == "2024-01-01")
        .groupBy("cust_id")
        .agg(F.sum("amount").alias("total"))
    )


@scenario("partition_derived_filter", description="Filter on an expression of the partition column.")
def partition_derived_filter(spark):
    from pyspark.sql import functions as F

    return (
        spark.table("sales")
        .where(F.substring("part", 1, 4) == "2024")
        .groupBy("cust_id")
        .agg(F.sum("amount").alias("total"))
    )


@scenario("cast_filter", description="Filter on a cast of a string column: not pushed to parquet.")
def cast_filter(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").where(F.col("s").cast("int") == 5).select("sale_id", "amount", "s")


@scenario("python_udf", description="Row-at-a-time Python UDF in a filter and a projection.")
def python_udf(spark):
    from pyspark.sql import functions as F
    from pyspark.sql.functions import udf

    @udf("string")
    def bucket(amount):
        return "big" if amount is not None and amount > 900 else "small"

    return (
        spark.table("sales")
        .where(bucket(F.col("amount")) == "big")
        .select("sale_id", bucket(F.col("amount")).alias("b"))
    )


@scenario("pandas_udf", description="Scalar pandas UDF (Arrow) in a projection and a filter.")
def pandas_udf(spark):
    import pandas as pd
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("double")
    def with_tax(amount: pd.Series) -> pd.Series:
        return amount * 1.2

    return (
        spark.table("sales")
        .select("sale_id", with_tax(F.col("amount")).alias("gross"))
        .where(F.col("gross") > 1150)
    )


@scenario("window", description="row_number over a partitioned, ordered window.")
def window(spark):
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    w = Window.partitionBy("cust_id").orderBy(F.col("amount").desc())
    return (
        spark.table("sales")
        .withColumn("rn", F.row_number().over(w))
        .where(F.col("rn") == 1)
        .select("cust_id", "sale_id", "amount")
    )


@scenario("window_no_partition", description="Window without partitionBy: everything in one partition.")
def window_no_partition(spark):
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    w = Window.orderBy("sale_id")
    return (
        spark.table("sales")
        .withColumn("running", F.sum("amount").over(w))
        .where(F.col("sale_id") % 1000 == 0)
        .select("sale_id", "running")
    )


@scenario("union", description="UNION ALL of two differently filtered reads, then an aggregate.")
def union(spark):
    from pyspark.sql import functions as F

    sales = spark.table("sales")
    early = sales.where(F.col("part") < "2024-01-01").select("cust_id", "amount")
    big = sales.where(F.col("amount") > 990).select("cust_id", "amount")
    return early.unionByName(big).groupBy("cust_id").agg(F.sum("amount").alias("total"))


@scenario("scalar_subquery", description="Uncorrelated scalar subquery in a filter.")
def scalar_subquery(spark):
    return spark.sql(
        "SELECT sale_id, amount FROM sales WHERE amount > (SELECT avg(amount) * 1.9 FROM sales)"
    )


@scenario("in_subquery", description="IN (subquery): rewritten to a left semi join.")
def in_subquery(spark):
    return spark.sql(
        "SELECT part, sum(amount) AS total FROM sales "
        "WHERE cust_id IN (SELECT cust_id FROM customers WHERE segment = 'gold') "
        "GROUP BY part"
    )


@scenario(
    "cache",
    description="A cached filtered projection, aggregated. Explained before and after an action.",
    after_action_without_aqe=True,
)
def cache(spark):
    from pyspark.sql import functions as F

    cached = spark.table("sales").where(F.col("qty") > 3).select("cust_id", "amount").cache()
    return cached.groupBy("cust_id").agg(F.sum("amount").alias("total"))


@scenario(
    "ctas",
    kind="sql_explain",
    description="EXPLAIN <mode> CREATE TABLE ... AS SELECT (spark.sql). The .final files explain the "
    "DataFrame returned by actually running the CTAS.",
    cleanup=("DROP TABLE IF EXISTS sales_by_customer",),
)
def ctas(spark):
    return (
        "CREATE TABLE sales_by_customer USING parquet AS "
        "SELECT cust_id, sum(amount) AS total FROM sales WHERE part >= '2024-01-01' GROUP BY cust_id"
    )


@scenario(
    "ctas_insert",
    kind="sql_explain",
    description="EXPLAIN <mode> INSERT INTO an existing parquet table (spark.sql). The .final files "
    "explain the DataFrame returned by actually running the INSERT.",
    setup=("CREATE TABLE IF NOT EXISTS sales_summary (cust_id INT, total DOUBLE) USING parquet",),
    cleanup=("DROP TABLE IF EXISTS sales_summary",),
)
def ctas_insert(spark):
    return (
        "INSERT INTO sales_summary "
        "SELECT cust_id, sum(amount) AS total FROM sales WHERE part >= '2024-01-01' GROUP BY cust_id"
    )


@scenario("cartesian", conf=NO_BROADCAST, description="crossJoin with broadcast disabled.")
def cartesian(spark):
    from pyspark.sql import functions as F

    regions = spark.table("regions")
    customers = spark.table("customers").where(F.col("cust_id") < 50)
    return customers.crossJoin(regions).groupBy("region_name").agg(F.count("*").alias("n"))


@scenario("small_smj", conf=NO_BROADCAST, description="Sort-merge join of a 5-row table: should be a broadcast.")
def small_smj(spark):
    from pyspark.sql import functions as F

    customers = spark.table("customers")
    regions = spark.table("regions")
    return customers.join(regions, "region_id").groupBy("region_name").agg(F.count("*").alias("n"))


@scenario("spill_sort", description="A global sort (the spilling version is in the event logs).")
def spill_sort(spark):
    from pyspark.sql import functions as F

    return (
        spark.table("events_skewed")
        .select("event_id", "v")
        .where(F.col("event_id") < 50_000)
        .orderBy(F.col("v").desc(), "event_id")
    )


@scenario("control_simple", description="Well-behaved: pushed-down filter, then aggregate. No problems.")
def control_simple(spark):
    from pyspark.sql import functions as F

    return (
        spark.table("sales")
        .where(F.col("amount") > 500)
        .groupBy("cust_id")
        .agg(F.sum("amount").alias("total"), F.count("*").alias("n"))
    )


@scenario("control_broadcast", description="Well-behaved automatic broadcast of a tiny dimension.")
def control_broadcast(spark):
    from pyspark.sql import functions as F

    customers = spark.table("customers").where(F.col("segment") == "gold")
    regions = spark.table("regions")
    return (
        customers.join(regions, "region_id")
        .groupBy("region_name")
        .agg(F.count("*").alias("n"))
    )
