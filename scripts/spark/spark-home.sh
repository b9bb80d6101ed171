#!/usr/bin/env bash
# Prints a SPARK_HOME with Spark 4.3.0's jars: the pyspark package of scripts/spark/.venv-4.3.0
# when it is there (the fixture generators' venv), else of scripts/spark/.venv-shs-4.3.0, created
# here with just `pip install pyspark==4.3.0` (no extras; pip's cache makes the second time quick).
# Progress goes to stderr; stdout is only the path.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VERSION=4.3.0
for venv in "$HERE/.venv-$VERSION" "$HERE/.venv-shs-$VERSION"; do
  home="$venv/lib/python3.11/site-packages/pyspark"
  found="$(ls -d "$venv"/lib/python3*/site-packages/pyspark 2>/dev/null | head -1 || true)"
  [ -n "$found" ] && home="$found"
  if [ -x "$home/bin/spark-class" ] && [ -d "$home/jars" ]; then
    echo "$home"
    exit 0
  fi
done
VENV="$HERE/.venv-shs-$VERSION"
PY="${PYTHON:-python3}"
echo "spark-home.sh: creating $VENV (pip install pyspark==$VERSION)" >&2
"$PY" -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check "pyspark==$VERSION" >&2
ls -d "$VENV"/lib/python3*/site-packages/pyspark | head -1
