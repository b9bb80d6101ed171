"""More operators, for breadth: each scenario makes Spark print operators the main set (scenarios.py)
does not — generators, expands, nested-loop and existence joins, Python map/cogroup operators,
metrics collection, window group limits, dynamic partition pruning, local and RDD scans...

gen_explain.py --set operators writes them into fixtures/spark/<version>/explain-operators/ in the
simple, extended, cost and formatted modes (codegen mode's tree reading is covered by the main set;
its generated Java would triple the size). `expect` lists what every file's physical plan must show
— an operator (a tuple: any one of the names, where versions or AQE name it differently) or
`edge:<kind>`, a link of that kind (`subquery`, `reuse`); `expect_once_planned` what only plans
Spark has finished planning show (AQE off, or after the action: AQE reuses exchanges while running);
`expect_with_aqe` what only AQE plans show.
The tests check them.

Keep every function self-contained: its source is stored in MANIFEST.json.
"""

from scenarios import NO_BROADCAST, Scenario

OPERATORS: list[Scenario] = []
MODES = ("simple", "extended", "cost", "formatted")


def scenario(name, expect, conf=None, description="", expect_once_planned=(), expect_with_aqe=(), since=""):
    def register(fn):
        OPERATORS.append(
            Scenario(name, fn, dict(conf or {}), description, modes=MODES, expect=tuple(expect),
                     expect_once_planned=tuple(expect_once_planned), expect_with_aqe=tuple(expect_with_aqe),
                     since=since)
        )
        return fn

    return register


@scenario("range_sample", ["Range", "Sample", "Exchange"], description="spark.range, sample, repartitionByRange.")
def range_sample(spark):
    return spark.range(0, 1000, 1, 2).sample(0.1).repartitionByRange(4, "id")


@scenario("explode", ["Generate"], description="explode of an array column.")
def explode(spark):
    from pyspark.sql import functions as F

    customers = spark.table("customers")
    return customers.select("cust_id", F.explode(F.array("name", "segment")).alias("x"))


@scenario("posexplode_outer", ["Generate"], description="posexplode_outer of a split string.")
def posexplode_outer(spark):
    from pyspark.sql import functions as F

    return spark.table("customers").select("cust_id", F.posexplode_outer(F.split("name", "-")))


@scenario("stack", ["Generate"], description="stack() in selectExpr.")
def stack(spark):
    return spark.table("sales").selectExpr("sale_id", "stack(2, qty, cust_id) as v")


@scenario("rollup", ["Expand", "HashAggregate"], description="rollup over two columns.")
def rollup(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").rollup("part", "qty").agg(F.sum("amount"))


@scenario("cube_grouping_id", ["Expand"], description="cube with grouping_id().")
def cube_grouping_id(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").cube("qty").agg(F.grouping_id(), F.count("*"))


@scenario("unpivot", ["Expand"], description="DataFrame.unpivot.")
def unpivot(spark):
    return spark.table("customers").unpivot("cust_id", ["name", "segment"], "k", "v")


@scenario("pivot", ["HashAggregate"], description="groupBy().pivot().sum().")
def pivot(spark):
    return spark.table("sales").groupBy("qty").pivot("part").sum("amount")


@scenario("nested_loop_join", ["BroadcastNestedLoopJoin"], description="Left join on an inequality.")
def nested_loop_join(spark):
    sales = spark.table("sales")
    regions = spark.table("regions")
    return sales.join(regions, sales.qty > regions.region_id, "left")


@scenario("left_anti", ["BroadcastHashJoin"], description="left_anti join.")
def left_anti(spark):
    return spark.table("sales").join(spark.table("customers"), "cust_id", "left_anti")


@scenario("left_semi", ["SortMergeJoin"], conf=NO_BROADCAST, description="left_semi join, broadcast disabled.")
def left_semi(spark):
    return spark.table("sales").join(spark.table("customers"), "cust_id", "left_semi")


@scenario("existence_join", ["BroadcastHashJoin"], description="IN subquery under OR: an ExistenceJoin.")
def existence_join(spark):
    return spark.sql(
        "SELECT * FROM sales WHERE qty > 3 OR cust_id IN "
        "(SELECT cust_id FROM customers WHERE segment = 'gold')"
    )


@scenario("exists_correlated", [("SortMergeJoin", "BroadcastHashJoin")], description="Correlated EXISTS (a semi join).")
def exists_correlated(spark):
    return spark.sql(
        "SELECT * FROM customers c WHERE EXISTS "
        "(SELECT 1 FROM sales s WHERE s.cust_id = c.cust_id AND s.qty > 5)"
    )


@scenario("lateral_join", ["HashAggregate"], description="LATERAL subquery (decorrelated into a join).")
def lateral_join(spark):
    return spark.sql(
        "SELECT * FROM customers c, LATERAL "
        "(SELECT max(amount) m FROM sales s WHERE s.cust_id = c.cust_id)"
    )


@scenario("shuffled_hash_join", ["ShuffledHashJoin"], description="shuffle_hash hint.")
def shuffled_hash_join(spark):
    return spark.table("sales").join(spark.table("customers").hint("shuffle_hash"), "cust_id")


@scenario("bucketed_self_join", ["SortMergeJoin"], conf=NO_BROADCAST,
          description="Bucketed table joined on its bucket key, broadcast disabled: no exchange.")
def bucketed_self_join(spark):
    customers = spark.table("customers")
    return customers.join(spark.table("customers").alias("c2"), "cust_id")


@scenario("dynamic_pruning", ["edge:subquery"],
          description="Join on the partition column with a filtered dimension: dynamic partition pruning.")
def dynamic_pruning(spark):
    return spark.sql(
        "SELECT s.amount FROM sales s JOIN regions r ON s.part = r.region_name WHERE r.region_id = 2"
    )


@scenario("cte_reuse", [], expect_once_planned=["ReusedExchange", "edge:reuse"],
          description="A CTE joined with itself: the exchange is reused.")
def cte_reuse(spark):
    return spark.sql(
        "WITH t AS (SELECT cust_id, sum(amount) a FROM sales GROUP BY cust_id) "
        "SELECT * FROM t t1 JOIN t t2 ON t1.cust_id = t2.cust_id + 1"
    )


@scenario("scalar_subqueries", ["edge:subquery"], description="Two scalar subqueries in the select list.")
def scalar_subqueries(spark):
    return spark.sql(
        "SELECT cust_id, (SELECT max(amount) FROM sales) m, (SELECT count(*) FROM regions) n FROM customers"
    )


@scenario("intersect_distinct", ["HashAggregate"], description="intersect, then distinct.")
def intersect_distinct(spark):
    sales = spark.table("sales").select("cust_id")
    return sales.intersect(spark.table("customers").select("cust_id")).distinct()


@scenario("except_all", ["Generate", "Union"], description="exceptAll: a union and replicate_rows.")
def except_all(spark):
    return spark.table("sales").select("cust_id").exceptAll(spark.table("customers").select("cust_id"))


@scenario("union_of_eight", ["Union"], description="Eight filtered branches unioned.")
def union_of_eight(spark):
    from functools import reduce

    sales = spark.table("sales")
    return reduce(lambda a, b: a.union(b), [sales.where(f"qty = {i}").select("sale_id") for i in range(8)])


@scenario("object_hash_aggregate", ["ObjectHashAggregate"], description="collect_list and percentile_approx.")
def object_hash_aggregate(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").groupBy("part").agg(F.collect_list("qty"), F.percentile_approx("amount", 0.5))


@scenario("sort_aggregate", ["SortAggregate"], description="max of a string column.")
def sort_aggregate(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").groupBy("s").agg(F.max("s").alias("m"))


@scenario("distinct_aggregates", ["HashAggregate"], description="countDistinct next to approx_count_distinct.")
def distinct_aggregates(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").agg(F.approx_count_distinct("cust_id"), F.countDistinct("qty"))


@scenario("window_group_limit", ["Window", "WindowGroupLimit"], since="3.5",
          description="rank() <= 2 per partition (WindowGroupLimit: 3.5+).")
def window_group_limit(spark):
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    w = Window.partitionBy("part").orderBy("amount")
    return spark.table("sales").withColumn("rk", F.rank().over(w)).where("rk <= 2")


@scenario("observe", ["CollectMetrics"], description="DataFrame.observe (named metrics).")
def observe(spark):
    from pyspark.sql import functions as F

    return spark.table("sales").observe("m", F.count(F.lit(1)).alias("n")).where("qty > 1")


@scenario("offset_limit", ["TakeOrderedAndProject"], since="3.5", description="orderBy, offset, limit (DataFrame.offset: 3.5+).")
def offset_limit(spark):
    return spark.table("sales").orderBy("amount").offset(5).limit(10)


@scenario("repartition_coalesce", ["Exchange", "Sort", "Coalesce"], description="repartition, sortWithinPartitions, coalesce.")
def repartition_coalesce(spark):
    return spark.table("sales").repartition(3, "qty").sortWithinPartitions("qty").coalesce(2)


@scenario("wide_projection", ["Project"], description="Forty columns: Spark cuts long lists (... n more fields).")
def wide_projection(spark):
    from pyspark.sql import functions as F

    sales = spark.table("sales")
    return sales.select(*[F.col("amount").alias(f"c{i}") for i in range(40)]).where("c1 > 0")


@scenario("local_rows", ["Scan ExistingRDD"], description="createDataFrame from Python rows, joined.")
def local_rows(spark):
    from pyspark.sql import functions as F

    customers = spark.table("customers")
    rows = spark.createDataFrame([(1, "a"), (2, "b")], ["id", "v"])
    return rows.join(customers, customers.cust_id == F.col("id"))


@scenario("from_pandas", [("LocalTableScan", "Scan ExistingRDD")], description="createDataFrame from pandas.")
def from_pandas(spark):
    import pandas as pd

    return spark.createDataFrame(pd.DataFrame({"a": [1, 2, 3]})).groupBy("a").count()


@scenario("json_rdd_cross", ["BroadcastNestedLoopJoin", "Scan ExistingRDD"], description="JSON from an RDD, crossJoin.")
def json_rdd_cross(spark):
    rdd = spark.sparkContext.parallelize(['{"a": 1}'])
    return spark.read.json(rdd).crossJoin(spark.table("regions"))


@scenario("map_in_pandas", ["MapInPandas"], description="mapInPandas.")
def map_in_pandas(spark):
    customers = spark.table("customers")
    return customers.mapInPandas(lambda batches: batches, customers.schema)


@scenario("map_in_arrow", [("MapInArrow", "PythonMapInArrow")], description="mapInArrow.")
def map_in_arrow(spark):
    customers = spark.table("customers")
    return customers.mapInArrow(lambda batches: batches, customers.schema)


@scenario("apply_in_pandas", ["FlatMapGroupsInPandas"], description="groupBy().applyInPandas().")
def apply_in_pandas(spark):
    customers = spark.table("customers")
    return customers.groupBy("segment").applyInPandas(lambda pdf: pdf.head(1), customers.schema)


@scenario("cogroup_in_pandas", ["FlatMapCoGroupsInPandas"], description="cogroup().applyInPandas().")
def cogroup_in_pandas(spark):
    customers = spark.table("customers")
    regions = spark.table("regions")
    grouped = customers.groupBy("segment").cogroup(regions.groupBy("region_name"))
    return grouped.applyInPandas(lambda left, right: left, customers.schema)


@scenario("rebalance_hint", [], expect_with_aqe=["Exchange"],
          description="REBALANCE hint: an exchange AQE may split or coalesce (without AQE Spark drops it).")
def rebalance_hint(spark):
    return spark.sql("SELECT /*+ REBALANCE(cust_id) */ * FROM sales")


@scenario("temp_view", ["HashAggregate"], description="An aggregate over a temporary view (View in the logical plans).")
def temp_view(spark):
    spark.sql("CREATE OR REPLACE TEMP VIEW big_sales AS SELECT cust_id, amount FROM sales WHERE qty > 2")
    return spark.sql("SELECT cust_id, sum(amount) AS total FROM big_sales GROUP BY cust_id")


@scenario("range_window_frame", ["Window"], description="A RANGE frame window.")
def range_window_frame(spark):
    return spark.sql(
        "SELECT cust_id, sum(amount) OVER (PARTITION BY cust_id ORDER BY sale_id "
        "RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) AS s FROM sales"
    )


@scenario("tablesample", ["Sample"], description="TABLESAMPLE (10 PERCENT).")
def tablesample(spark):
    return spark.sql("SELECT * FROM sales TABLESAMPLE (10 PERCENT)")


@scenario("python_udtf", [("ArrowEvalPythonUDTF", "BatchEvalPythonUDTF")], since="3.5",
          description="A Python UDTF called laterally for each row.")
def python_udtf(spark):
    from pyspark.sql.functions import udtf

    @udtf(returnType="x: int")
    class Twice:
        def eval(self, a: int):
            yield (a,)
            yield (a,)

    spark.udtf.register("twice", Twice)
    return spark.sql("SELECT c.cust_id, t.x FROM customers c, LATERAL twice(c.cust_id) t")


@scenario("recursive_cte", ["UnionLoop", "UnionLoopRef"], since="4.1",
          description="WITH RECURSIVE: a UnionLoop running its anchor and recursion (inner children).")
def recursive_cte(spark):
    return spark.sql(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r"
    )


@scenario("pipe_syntax", ["TakeOrderedAndProject"], since="4.0", description="SQL pipe syntax (|>).")
def pipe_syntax(spark):
    return spark.sql(
        "FROM sales |> WHERE qty > 2 |> AGGREGATE sum(amount) AS t GROUP BY cust_id |> ORDER BY t DESC |> LIMIT 5"
    )
