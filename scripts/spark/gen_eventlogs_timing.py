#!/usr/bin/env python3
"""Event logs whose slowest operator is known by construction, for checking "where the time went".

Run inside a venv made by setup.sh:
  scripts/spark/.venv-4.3.0/bin/python scripts/spark/gen_eventlogs_timing.py

Writes fixtures/spark/<version>/eventlogs-timing/ in the layout of gen_eventlogs.py (one folder per
app: the log Spark wrote, its REST snapshot as <log>.expected.json, and MANIFEST.json), reusing its
run_app / collect_outputs; only the apps differ. Kept apart from eventlogs/ so regenerating one set
never touches the other.
"""

import argparse
import inspect
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import gen_eventlogs
from common import FIXTURES, fresh_dir, spark_version, work_dir
from rest import snapshot
from workloads import App

HERE = Path(__file__).resolve().parent
UNCOMPRESSED = {"spark.eventLog.rolling.enabled": "false", "spark.eventLog.compress": "false"}
# Each row sleeps this long in the Python worker: 2 000 rows, about 4 s of Python in 2 tasks,
# against a few milliseconds for the JVM operators around the UDF.
SLEEP_SECONDS = 0.002


def slow_udf_workload(spark, ctx):
    import time as pytime

    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    @F.udf(T.LongType())
    def slow(v):
        pytime.sleep(SLEEP_SECONDS)
        return v

    spark.range(0, 2000, numPartitions=2).select(slow(F.col("id")).alias("s")).agg(F.sum("s")).collect()
    return snapshot(spark)


APPS: dict[str, App] = {
    "slow_udf": App(
        "A Python UDF sleeping 2 ms per row over 2 000 rows in 2 tasks: the Python operator is the "
        "slowest by construction.",
        {**UNCOMPRESSED, "spark.sql.execution.pythonUDF.arrow.enabled": "false"},
        slow_udf_workload,
    ),
}


def orchestrate() -> int:
    version = spark_version()
    out_root = fresh_dir(FIXTURES / version / "eventlogs-timing")
    scratch = work_dir(version) / "eventlog-timing"
    started = time.time()
    data = fresh_dir(scratch / "warehouse")
    manifest = {
        "spark_version": version,
        "generator": "scripts/spark/gen_eventlogs_timing.py",
        "apps": {},
        "failures": {},
    }
    for name, app in APPS.items():
        log_dir = fresh_dir(scratch / "logs" / name)
        app_out = out_root / name
        app_out.mkdir(parents=True)
        t0 = time.time()
        cmd = [sys.executable, str(HERE / "gen_eventlogs_timing.py"), "--app", name,
               "--data", str(data), "--log-dir", str(log_dir), "--out", str(app_out)]
        proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=900)
        try:
            if proc.returncode != 0:
                raise RuntimeError(f"exit {proc.returncode}: {proc.stderr[-3000:]}")
            files = gen_eventlogs.collect_outputs(name, log_dir, app_out)
        except Exception as exc:
            print(f"FAILED {name}: {exc}", file=sys.stderr, flush=True)
            manifest["failures"][name] = str(exc)[-3000:]
            continue
        manifest["apps"][name] = {
            "description": app.description,
            "conf": app.conf,
            "workload": textwrap.dedent(inspect.getsource(app.run)),
            "sleep_seconds_per_row": SLEEP_SECONDS,
            "files": files,
            "seconds": round(time.time() - t0, 1),
        }
        print(f"{name}: {len(files)} files, {time.time() - t0:.0f}s", flush=True)
    (out_root / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"done in {time.time() - started:.0f}s, {len(manifest['failures'])} failures -> {out_root}")
    return 1 if manifest["failures"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--log-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.app:
        gen_eventlogs.APPS = APPS  # run_app looks the app up in its module's APPS
        gen_eventlogs.run_app(args.app, args.data, args.log_dir, args.out)
        return 0
    return orchestrate()


if __name__ == "__main__":
    os.chdir(HERE)
    sys.exit(main())
