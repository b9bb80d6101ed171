#!/usr/bin/env python3
"""Write what real Spark prints for df.explain(mode) into fixtures/spark/<version>/explain/.

Run inside a venv made by setup.sh:  scripts/spark/.venv-3.5.9/bin/python scripts/spark/gen_explain.py
With `--set operators` it writes the scenarios of operators.py into explain-operators/ instead.

For every scenario in scenarios.py x mode (simple, extended, codegen, cost, formatted) x AQE off/on:
  <scenario>.<mode>.aqe-<on|off>.txt        explained before any action
  <scenario>.<mode>.aqe-on.final.txt         explained after df.collect() (AdaptiveSparkPlan isFinalPlan=true)
  cache.<mode>.aqe-off.final.txt             cache only: explained after the action with AQE off too
MANIFEST.json lists every file with the code that produced it.
"""

import contextlib
import inspect
import io
import json
import sys
import textwrap
import time
import traceback

from common import FIXTURES, base_builder, build_tables, fresh_dir, spark_version, work_dir
from operators import OPERATORS
from scenarios import SCENARIOS

# The SQL EXPLAIN keyword for each DataFrame explain mode.
SQL_KEYWORD = {"simple": "", "extended": "EXTENDED", "codegen": "CODEGEN", "cost": "COST", "formatted": "FORMATTED"}


def explain_stdout(df, mode: str) -> str:
    """Exactly what df.explain(mode=...) prints (PySpark prints the JVM's explainString)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.explain(mode=mode)
    return buf.getvalue()


def set_conf(spark, conf: dict) -> None:
    for key, value in conf.items():
        spark.conf.set(key, value)


def unset_conf(spark, conf: dict) -> None:
    for key in conf:
        spark.conf.unset(key)


def expectations(scenario, planned: bool, aqe: bool) -> dict:
    """operators.py's `expect` for one file: each entry a list of alternatives (any one must show)."""
    wanted = [*scenario.expect, *(scenario.expect_once_planned if planned else ()),
              *(scenario.expect_with_aqe if aqe else ())]
    return {"expect": [list(e) if isinstance(e, tuple) else [e] for e in wanted]} if wanted else {}


class Writer:
    def __init__(self, out_dir, manifest):
        self.out_dir = out_dir
        self.manifest = manifest

    def write(self, text: str, *, scenario, mode, aqe, final, code, capture, conf):
        name = f"{scenario.name}.{mode}.aqe-{aqe}{'.final' if final else ''}.txt"
        (self.out_dir / name).write_text(text, encoding="utf-8")
        self.manifest["files"].append(
            {
                "file": name,
                "scenario": scenario.name,
                "description": scenario.description,
                "mode": mode,
                "aqe": aqe,
                "final": final,
                "capture": capture,
                "conf": conf,
                "code": code,
                **expectations(scenario, planned=aqe == "off" or final, aqe=aqe == "on"),
            }
        )


def run_dataframe(spark, sc, aqe, conf, source, writer):
    df = sc.build(spark)
    for mode in sc.modes:
        code = f"{source}\ndf = {sc.build.__name__}(spark)\ndf.explain(mode={mode!r})"
        writer.write(explain_stdout(df, mode), scenario=sc, mode=mode, aqe=aqe, final=False,
                     code=code, capture="stdout of df.explain(mode)", conf=conf)
    if aqe == "on" or sc.after_action_without_aqe:
        df.collect()
        for mode in sc.modes:
            code = f"{source}\ndf = {sc.build.__name__}(spark)\ndf.collect()\ndf.explain(mode={mode!r})"
            writer.write(explain_stdout(df, mode), scenario=sc, mode=mode, aqe=aqe, final=True,
                         code=code, capture="stdout of df.explain(mode) after df.collect()", conf=conf)
    spark.catalog.clearCache()


def run_sql_explain(spark, sc, aqe, conf, source, writer):
    statement = sc.build(spark)
    for stmt in sc.setup:
        spark.sql(stmt)
    try:
        for mode in sc.modes:
            sql = f"EXPLAIN {SQL_KEYWORD[mode]} {statement}".replace("  ", " ")
            text = spark.sql(sql).collect()[0][0]
            code = "\n".join([*[f"spark.sql({s!r})" for s in sc.setup], f"spark.sql({sql!r}).collect()[0][0]"])
            writer.write(text, scenario=sc, mode=mode, aqe=aqe, final=False, code=code,
                         capture="the single string row of spark.sql('EXPLAIN ...')", conf=conf)
        if aqe == "on":
            df = spark.sql(statement)  # commands run eagerly; df holds the executed command's plan
            for mode in sc.modes:
                code = "\n".join([*[f"spark.sql({s!r})" for s in sc.setup],
                                  f"df = spark.sql({statement!r})", f"df.explain(mode={mode!r})"])
                writer.write(explain_stdout(df, mode), scenario=sc, mode=mode, aqe=aqe, final=True,
                             code=code, capture="stdout of df.explain(mode) of the executed statement",
                             conf=conf)
    finally:
        for stmt in sc.cleanup:
            spark.sql(stmt)


def main() -> int:
    operators = sys.argv[1:] == ["--set", "operators"]
    if sys.argv[1:] and not operators:
        print("usage: gen_explain.py [--set operators]", file=sys.stderr)
        return 2
    scenarios = OPERATORS if operators else SCENARIOS
    version = spark_version()
    out_dir = fresh_dir(FIXTURES / version / ("explain-operators" if operators else "explain"))
    warehouse = fresh_dir(work_dir(version) / ("explain-operators-warehouse" if operators else "explain-warehouse"))
    spark = base_builder("plansight-explain", warehouse, {"spark.ui.enabled": "false"}).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    started = time.time()
    build_tables(spark)

    manifest = {
        "spark_version": spark.version,
        "generator": "scripts/spark/gen_explain.py" + (" --set operators" if operators else ""),
        "session": {
            "master": "local[2]",
            "spark.sql.shuffle.partitions": "8",
            "spark.sql.session.timeZone": "UTC",
            "warehouse": str(warehouse),
            "tables": textwrap.dedent(inspect.getsource(build_tables)),
        },
        "notes": "aqe-on/off sets spark.sql.adaptive.enabled; 'conf' lists every setting changed from "
        "the session above for that file. final=true means explained after an action.",
        "files": [],
        "failures": [],
    }
    writer = Writer(out_dir, manifest)
    version_key = tuple(int(x) for x in spark.version.split(".")[:2])
    for sc in scenarios:
        if sc.since and version_key < tuple(int(x) for x in sc.since.split(".")):
            print(f"{sc.name}: needs Spark {sc.since}, skipped", flush=True)
            continue
        source = textwrap.dedent(inspect.getsource(sc.build))
        # Drop the @scenario(...) decorator lines: they are registry plumbing, not Spark code.
        source = source[source.index("def "):]
        for aqe in ("off", "on"):
            conf = {"spark.sql.adaptive.enabled": "true" if aqe == "on" else "false", **sc.conf}
            set_conf(spark, conf)
            t0 = time.time()
            try:
                run = run_sql_explain if sc.kind == "sql_explain" else run_dataframe
                run(spark, sc, aqe, conf, source, writer)
                print(f"{sc.name} aqe-{aqe}: {time.time() - t0:.1f}s", flush=True)
            except Exception as exc:  # record and go on: one broken scenario should not lose the rest
                print(f"FAILED {sc.name} aqe-{aqe}: {exc}", file=sys.stderr, flush=True)
                manifest["failures"].append(
                    {"scenario": sc.name, "aqe": aqe, "error": traceback.format_exc(limit=3)[-2000:]}
                )
            finally:
                unset_conf(spark, conf)

    manifest["files"].sort(key=lambda f: f["file"])
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    spark.stop()
    print(f"{len(manifest['files'])} files, {len(manifest['failures'])} failures, "
          f"{time.time() - started:.0f}s -> {out_dir}")
    return 1 if manifest["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
