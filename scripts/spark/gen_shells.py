#!/usr/bin/env python3
"""Write what Spark's own shells print around explain() into fixtures/spark/<version>/shells/:
the transcripts people copy from a terminal, prompts, banners and log lines included.

  spark-shell.txt   bin/spark-shell (Scala REPL) fed the Scala below on stdin
  pyspark.txt       bin/pyspark (Python REPL, `-i` so it prompts although stdin is a pipe)
  spark-sql.txt     bin/spark-sql fed the EXPLAIN statements below on stdin
  *-values.txt      the REPLs echoing the rows spark.sql("EXPLAIN ...") returns (the plan as a value)
  beeline.txt       bin/beeline running the same statements against Spark's Thrift server
                    (HiveThriftServer2, started here): each plan is one cell of a `|`-bordered table

Fed by a pipe, the REPLs do not echo the input: each output starts on its prompt's line
(`scala> == Physical Plan ==`, `>>> >>> == Parsed Logical Plan ==` after a statement that printed
nothing). spark-sql echoes the statement after its `spark-sql (default)>` prompt.

Run inside a venv made by setup.sh:  scripts/spark/.venv-4.3.0/bin/python scripts/spark/gen_shells.py
MANIFEST.json lists, per transcript, the input and the modes of the plans it prints, in order.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from common import FIXTURES, fresh_dir, spark_version, work_dir

QUERY_SCALA = 'spark.range(0, 1000, 1, 2).selectExpr("id % 10 as k", "id as v").groupBy("k").sum("v")'
QUERY_SQL = "SELECT id % 10 AS k, sum(id) AS total FROM range(0, 1000, 1, 2) GROUP BY 1"

# (mode printed, Scala call, Python call, SQL keyword). `final`: after an action (AQE final plan).
STEPS = [
    ("simple", "df.explain()", "df.explain()", ""),
    ("extended", "df.explain(true)", "df.explain(True)", "EXTENDED"),
    ("cost", 'df.explain("cost")', 'df.explain("cost")', "COST"),
    ("codegen", 'df.explain("codegen")', 'df.explain("codegen")', "CODEGEN"),
    ("formatted", 'df.explain("formatted")', 'df.explain("formatted")', "FORMATTED"),
]


def run(cmd: list[str], stdin: str, env: dict, cwd: Path) -> str:
    # What a terminal shows: both streams in one pipe (`2>&1`), so log lines sit where they came.
    # Each shell starts in an empty folder of its own (spark-sql makes a Derby metastore there).
    done = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=env, timeout=600, cwd=fresh_dir(cwd))
    return done.stdout


THRIFT_PORT = 10099


def beeline(home: str, conf: list[str], statements: list[str], env: dict, cwd: Path) -> tuple[str, str]:
    """Start HiveThriftServer2 (as sbin/start-thriftserver.sh would), run beeline, stop the server."""
    server = subprocess.Popen(
        [f"{home}/bin/spark-submit", *conf, "--class", "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
         "--hiveconf", f"hive.server2.thrift.port={THRIFT_PORT}", "--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1",
         "spark-internal"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=fresh_dir(cwd / "server"))
    try:
        deadline = time.time() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", THRIFT_PORT), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("the Thrift server did not start")
                time.sleep(1)
        url = f"jdbc:hive2://127.0.0.1:{THRIFT_PORT}"
        cmd = [f"{home}/bin/beeline", "-u", url, "-e", " ".join(statements)]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                              timeout=600, cwd=fresh_dir(cwd / "client"))
        return done.stdout, f"$SPARK_HOME/bin/beeline -u {url} -e <the statements>"
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    version = spark_version()
    import pyspark

    home = str(Path(pyspark.__file__).parent)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "SPARK_HOME": home,
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON_OPTS": "-i",
        "TZ": "UTC",
    }
    conf = ["--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.session.timeZone=UTC"]
    out_dir = fresh_dir(FIXTURES / version / "shells")

    # Every mode before the query ran, then simple and codegen after it (AQE's final plan; codegen
    # mode before a run prints `Found 0 WholeStageCodegen subtrees.`).
    scala = [f"val df = {QUERY_SCALA}"] + [s[1] for s in STEPS] + ["val rows = df.collect()"]
    scala += [STEPS[0][1], STEPS[3][1]]
    python = [f"df = {QUERY_SCALA}"] + [s[2] for s in STEPS] + ["rows = df.collect()"]
    python += [STEPS[0][2], STEPS[3][2]]
    sql = [f"EXPLAIN {s[3]} {QUERY_SQL};".replace("  ", " ") for s in STEPS]
    modes = [s[0] for s in STEPS]
    # The plan as a value: the row(s) spark.sql("EXPLAIN ...") returns, echoed by the REPL. Python
    # echoes the repr (one line, `\n` escapes; double quotes when the plan holds a `'`); Scala prints
    # the rows and strings with their line breaks, cut after ~1000 characters (`...`).
    explain_sql = {s[0]: f'spark.sql("EXPLAIN {s[3]} {QUERY_SQL}")'.replace("  ", " ") for s in STEPS}
    python_values = [
        f"{explain_sql['simple']}.collect()",
        f"{explain_sql['extended']}.collect()",
        f"{explain_sql['formatted']}.first()[0]",
        f"{explain_sql['codegen']}.first()[0]",
    ]
    scala_values = [
        f"{explain_sql['simple']}.collect()",
        f"{explain_sql['extended']}.first.getString(0)",
    ]
    shells = [
        ("spark-shell.txt", [f"{home}/bin/spark-shell", *conf], scala + [":quit"], modes + ["simple", "codegen"]),
        ("pyspark.txt", [f"{home}/bin/pyspark", *conf], python + ["exit()"], modes + ["simple", "codegen"]),
        ("spark-sql.txt", [f"{home}/bin/spark-sql", *conf], sql, modes),
        ("pyspark-values.txt", [f"{home}/bin/pyspark", *conf], python_values + ["exit()"],
         ["simple", "extended", "formatted", "codegen"]),
        ("spark-shell-values.txt", [f"{home}/bin/spark-shell", *conf], scala_values + [":quit"],
         ["simple", "extended"]),
    ]
    files = []
    for name, cmd, lines, plan_modes in shells:
        stdin = "\n".join(lines) + "\n"
        text = run(cmd, stdin, env, work_dir(version) / "shells" / name.removesuffix(".txt"))
        (out_dir / name).write_text(text, encoding="utf-8")
        # Scala's REPL cuts a long value and ends it with `...`: those plans are partial.
        cut = re.search(r"\.\.\.\n\n(?:scala>|$)", text) is not None
        files.append({"file": name, "command": " ".join(cmd[0:1]).replace(home, "$SPARK_HOME") + " " + " ".join(conf),
                      "stdin": stdin, "modes": plan_modes, "cut_by_repl": cut})
        print(f"{name}: {len(text)} chars", flush=True)
    text, command = beeline(home, conf, sql, env, work_dir(version) / "shells" / "beeline")
    (out_dir / "beeline.txt").write_text(text, encoding="utf-8")
    files.append({"file": "beeline.txt", "command": command, "stdin": "\n".join(sql) + "\n", "modes": modes,
                  "cut_by_repl": False})
    print(f"beeline.txt: {len(text)} chars", flush=True)
    manifest = {"spark_version": version, "generator": "scripts/spark/gen_shells.py", "files": files}
    (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
