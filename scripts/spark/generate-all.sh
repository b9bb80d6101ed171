#!/usr/bin/env bash
# Regenerate every real-Spark fixture under fixtures/spark/: for each version, make the venv
# (setup.sh), then write the explain fixtures and the event logs. See README.md in this folder.
# Usage: scripts/spark/generate-all.sh [VERSION ...]   (default: the versions below)
#   FULL versions get everything (explain sets, show(), shells, streaming, event logs);
#   EXPLAIN versions, older or in-between releases, get the two explain sets only.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
FULL=(3.5.9 4.3.0)
EXPLAIN=(3.4.4 4.1.4)
if [ $# -gt 0 ]; then
  FULL=("$@")
  EXPLAIN=()
fi

status=0
explain() {
  echo "=== pyspark $1: setup"
  "$HERE/setup.sh" "$1"
  echo "=== pyspark $1: explain"
  (cd "$HERE" && ".venv-$1/bin/python" gen_explain.py) || status=1
  (cd "$HERE" && ".venv-$1/bin/python" gen_explain.py --set operators) || status=1
}
for v in "${FULL[@]}"; do
  explain "$v"
  (cd "$HERE" && ".venv-$v/bin/python" gen_show.py) || status=1
  (cd "$HERE" && ".venv-$v/bin/python" gen_shells.py) || status=1
  (cd "$HERE" && ".venv-$v/bin/python" gen_streaming.py) || status=1
  echo "=== pyspark $v: event logs"
  (cd "$HERE" && ".venv-$v/bin/python" gen_eventlogs.py) || status=1
  echo "=== pyspark $v: findings evaluation set"
  (cd "$HERE" && ".venv-$v/bin/python" gen_eval.py) || status=1
done
for v in "${EXPLAIN[@]}"; do explain "$v"; done
du -sh "$HERE/../../fixtures/spark"/* || true
exit $status
