"""A small running pyspark application whose live UI (REST API under /api/v1) the import tests read.

    python live_app.py PORT

Starts a local[1] session with its UI on 127.0.0.1:PORT, runs two SQL queries (a join + aggregate
and a filter + aggregate over spark.range, so it needs no data files and no pandas), prints
`READY <app id>` and keeps the driver up until stdin closes. Plain pyspark: no extras needed.
"""

import sys

from pyspark.sql import SparkSession


def main() -> None:
    port = int(sys.argv[1])
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("plansight-live")
        .config("spark.ui.port", str(port))
        .config("spark.port.maxRetries", "0")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    a = spark.range(0, 20000).selectExpr("id", "id % 10 AS k")
    b = spark.range(0, 10).selectExpr("id AS k", "concat('name_', id) AS name")
    a.join(b, "k").groupBy("name").count().collect()
    spark.range(0, 5000).where("id % 3 = 0").selectExpr("sum(id) AS s").collect()
    print(f"READY {spark.sparkContext.applicationId}", flush=True)
    sys.stdin.read()
    spark.stop()


if __name__ == "__main__":
    main()
