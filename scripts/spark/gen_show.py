#!/usr/bin/env python3
"""Write what `spark.sql("EXPLAIN ...").show(truncate=False)` prints into
fixtures/spark/<version>/explain-show/: the plan as a one-column table, a shape people paste from
notebooks. Spark 3.5+ escapes the plan's line breaks in show() as `\\n` (one table row per plan).

Run inside a venv made by setup.sh:  scripts/spark/.venv-3.5.9/bin/python scripts/spark/gen_show.py
"""

import contextlib
import io
import json
import sys

from common import FIXTURES, base_builder, build_tables, fresh_dir, spark_version, work_dir

QUERY = (
    "SELECT c.segment, sum(s.amount) AS total FROM sales s JOIN customers c ON s.cust_id = c.cust_id "
    "WHERE s.part = '2024-01-01' GROUP BY c.segment"
)
KEYWORDS = {"simple": "", "extended": "EXTENDED", "cost": "COST", "formatted": "FORMATTED"}


def main() -> int:
    version = spark_version()
    out_dir = fresh_dir(FIXTURES / version / "explain-show")
    warehouse = fresh_dir(work_dir(version) / "show-warehouse")
    spark = base_builder("plansight-show", warehouse, {"spark.ui.enabled": "false"}).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    build_tables(spark, skewed_rows=1_000)
    files = []
    for mode, keyword in KEYWORDS.items():
        sql = f"EXPLAIN {keyword} {QUERY}".replace("  ", " ")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            spark.sql(sql).show(truncate=False)
        name = f"show.{mode}.txt"
        (out_dir / name).write_text(buf.getvalue(), encoding="utf-8")
        files.append({"file": name, "code": f'spark.sql("{sql}").show(truncate=False)'})
    manifest = {"spark_version": spark.version, "generator": "scripts/spark/gen_show.py", "files": files}
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    spark.stop()
    print(f"{len(files)} files -> {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
