#!/usr/bin/env bash
# Runs a real Spark History Server (from the pyspark distribution's jars) in the foreground over
# event logs, for the import tests and for trying the import by hand.
#
#   scripts/spark/history-server.sh PORT LOGDIR...
#
# Every LOGDIR is searched for event logs (files and eventlog_v2_* folders, as gen_eventlogs.py
# lays them out under fixtures/spark/<version>/eventlogs/<app>/); they are copied flat into a
# throwaway folder, because the History Server only lists the top level of its log directory.
# SPARK_HOME: $SPARK_HOME, else the pyspark package of scripts/spark/.venv-4.3.0, else
# scripts/spark/.venv-shs-4.3.0 (made here with `pip install pyspark==4.3.0`, nothing else).
set -euo pipefail
PORT="${1:?usage: history-server.sh PORT LOGDIR...}"
shift
[ $# -gt 0 ] || { echo "usage: history-server.sh PORT LOGDIR..." >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"
SPARK_HOME="${SPARK_HOME:-$("$HERE/spark-home.sh")}"
export SPARK_HOME

WORK="$(mktemp -d "${TMPDIR:-/tmp}/plansight-shs.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
mkdir -p "$WORK/logs"
for dir in "$@"; do
  # Top-level logs of each app folder: plain files (not our .expected.json) and eventlog_v2_* dirs.
  while IFS= read -r -d '' entry; do
    cp -r "$entry" "$WORK/logs/"
  done < <(find "$dir" -mindepth 2 -maxdepth 2 \( -name 'eventlog_v2_*' -o \( -type f ! -name '*.json' \) \) -print0)
done

export SPARK_LOG_DIR="$WORK" SPARK_NO_DAEMONIZE=1
export SPARK_HISTORY_OPTS="-Dspark.history.fs.logDirectory=file://$WORK/logs -Dspark.history.ui.port=$PORT \
-Dspark.history.fs.update.interval=1s -Dspark.ui.host=127.0.0.1 -Djava.net.preferIPv4Stack=true \
${SPARK_HISTORY_EXTRA_OPTS:-}"
# Loopback only.
export SPARK_LOCAL_IP=127.0.0.1 SPARK_PUBLIC_DNS=127.0.0.1
# Not exec'd: the server stops and its copy of the logs goes when this script is stopped.
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.history.HistoryServer &
pid=$!
wait "$pid"
