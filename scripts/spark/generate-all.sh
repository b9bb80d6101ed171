#!/usr/bin/env bash
# Regenerate every real-Spark fixture under fixtures/spark/: for each version, make the venv
# (setup.sh), then write the explain fixtures and the event logs. See README.md in this folder.
# Usage: scripts/spark/generate-all.sh [VERSION ...]   (default: the versions below)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(3.5.9 4.3.0)

status=0
for v in "${VERSIONS[@]}"; do
  echo "=== pyspark $v: setup"
  "$HERE/setup.sh" "$v"
  echo "=== pyspark $v: explain"
  (cd "$HERE" && ".venv-$v/bin/python" gen_explain.py) || status=1
  (cd "$HERE" && ".venv-$v/bin/python" gen_explain.py --set operators) || status=1
  (cd "$HERE" && ".venv-$v/bin/python" gen_show.py) || status=1
  (cd "$HERE" && ".venv-$v/bin/python" gen_shells.py) || status=1
  (cd "$HERE" && ".venv-$v/bin/python" gen_streaming.py) || status=1
  echo "=== pyspark $v: event logs"
  (cd "$HERE" && ".venv-$v/bin/python" gen_eventlogs.py) || status=1
done
du -sh "$HERE/../../fixtures/spark"/* || true
exit $status
