#!/usr/bin/env python3
"""Write real Spark event logs plus REST-API ground truth into fixtures/spark/<version>/eventlogs/.

Run inside a venv made by setup.sh:  scripts/spark/.venv-3.5.9/bin/python scripts/spark/gen_eventlogs.py

Every app runs in its own Python process (event-log settings are per SparkContext, and one app
kills its own JVM). Layout of the output, one folder per app:
  eventlogs/<app>/<file Spark wrote>                   e.g. local-1764140000000.lz4
  eventlogs/<app>/<file Spark wrote>.expected.json     REST API snapshot taken before the app stopped
  eventlogs/MANIFEST.json                              apps, conf, workload code, files, sizes
"""

import argparse
import inspect
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from common import FIXTURES, base_builder, build_tables, fresh_dir, spark_version, work_dir
from workloads import APPS, AppContext

HERE = Path(__file__).resolve().parent


def prepare_data(version: str) -> Path:
    """Parquet inputs for every app, written once with event logging off."""
    data = fresh_dir(work_dir(version) / "eventlog-data")
    spark = base_builder("plansight-eventlog-data", data, {"spark.ui.enabled": "false"}).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    build_tables(spark)
    spark.stop()
    return data


def run_app(name: str, data: Path, log_dir: Path, out_dir: Path) -> None:
    """Child process: run one app from workloads.APPS with event logging into log_dir."""
    app = APPS[name]
    conf = {
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": log_dir.as_uri(),
        "spark.ui.enabled": "true",
        "spark.ui.port": "4040",
        **app.conf,
    }
    spark = base_builder(f"plansight-{name}", data, conf).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    def write_expected(result: dict) -> None:
        expected = {"app": name, "spark_version": spark.version, **result}
        (out_dir / "expected.partial.json").write_text(json.dumps(expected, indent=1) + "\n")

    ctx = AppContext(data=data, log_dir=log_dir, write_expected=write_expected)
    result = app.run(spark, ctx)  # the in-progress app kills its JVM and never returns
    write_expected(
        {"snapshot_taken": "REST API at the live driver after the workload, listener bus drained, "
         "before spark.stop()", **result}
    )
    spark.stop()


def collect_outputs(name: str, log_dir: Path, app_out: Path) -> list[dict]:
    """Copy what Spark wrote to the fixtures, naming expected.json after the log."""
    files = []
    entries = sorted(log_dir.iterdir())
    if len(entries) != 1:
        raise RuntimeError(f"{name}: expected one event log in {log_dir}, found {[e.name for e in entries]}")
    log = entries[0]
    target = app_out / log.name
    if log.is_dir():
        shutil.copytree(log, target)
        for f in sorted(target.iterdir()):
            files.append({"path": f"{name}/{log.name}/{f.name}", "bytes": f.stat().st_size})
    else:
        shutil.copy2(log, target)
        files.append({"path": f"{name}/{log.name}", "bytes": target.stat().st_size})
    partial = app_out / "expected.partial.json"
    expected_name = f"{log.name}.expected.json"
    if partial.exists():
        expected = json.loads(partial.read_text())
        expected["event_log"] = log.name
        expected["event_log_files"] = [f["path"].split("/", 1)[1] for f in files]
        (app_out / expected_name).write_text(json.dumps(expected, indent=1) + "\n")
        partial.unlink()
        files.append({"path": f"{name}/{expected_name}", "bytes": (app_out / expected_name).stat().st_size})
    return files


def orchestrate(only: list[str]) -> int:
    version = spark_version()
    out_root = FIXTURES / version / "eventlogs"
    if not only:
        fresh_dir(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    started = time.time()
    data = prepare_data(version)
    print(f"data ready in {time.time() - started:.0f}s", flush=True)
    manifest_path = out_root / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text()) if only and manifest_path.exists() else {
        "spark_version": version,
        "generator": "scripts/spark/gen_eventlogs.py",
        "data": "tables from common.build_tables, read back with spark.read.parquet",
        "apps": {},
        "failures": {},
    }
    for name, app in APPS.items():
        if only and name not in only:
            continue
        log_dir = fresh_dir(work_dir(version) / "eventlog-logs" / name)
        app_out = out_root / name
        if app_out.exists():
            shutil.rmtree(app_out)
        app_out.mkdir(parents=True)
        t0 = time.time()
        cmd = [sys.executable, str(HERE / "gen_eventlogs.py"), "--app", name,
               "--data", str(data), "--log-dir", str(log_dir), "--out", str(app_out)]
        proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=900)
        ok = proc.returncode == 0 or (app.expect_killed and proc.returncode in (0, 137, -9))
        manifest["failures"].pop(name, None)
        try:
            if not ok:
                raise RuntimeError(f"exit {proc.returncode}: {proc.stderr[-3000:]}")
            files = collect_outputs(name, log_dir, app_out)
        except Exception as exc:
            print(f"FAILED {name}: {exc}", file=sys.stderr, flush=True)
            manifest["failures"][name] = str(exc)[-3000:]
            continue
        manifest["apps"][name] = {
            "description": app.description,
            "conf": app.conf,
            "workload": textwrap.dedent(inspect.getsource(app.run)),
            "files": files,
            "seconds": round(time.time() - t0, 1),
            "notes": [line for line in proc.stdout.splitlines() if line.startswith("NOTE ")],
        }
        size = sum(f["bytes"] for f in files)
        print(f"{name}: {len(files)} files, {size / 1024:.0f} KiB, {time.time() - t0:.0f}s", flush=True)
    manifest["apps"] = dict(sorted(manifest["apps"].items()))
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"done in {time.time() - started:.0f}s, {len(manifest['failures'])} failures -> {out_root}")
    return 1 if manifest["failures"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="regenerate just these apps (default: all)")
    parser.add_argument("--app", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--log-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.app:
        run_app(args.app, args.data, args.log_dir, args.out)
        return 0
    unknown = [n for n in args.only if n not in APPS]
    if unknown:
        parser.error(f"unknown apps {unknown}; known: {list(APPS)}")
    return orchestrate(args.only)


if __name__ == "__main__":
    os.chdir(HERE)
    sys.exit(main())
