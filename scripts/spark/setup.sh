#!/usr/bin/env bash
# Create scripts/spark/.venv-<VERSION> with pyspark==VERSION (+ pandas, pyarrow for pandas UDFs)
# and record the exact tool versions in fixtures/spark/<VERSION>/VERSIONS.txt.
# Usage: scripts/spark/setup.sh 3.5.9
set -euo pipefail
VERSION="${1:?usage: setup.sh PYSPARK_VERSION}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv-$VERSION"
PY="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
# pyspark[sql] pulls pandas, pyarrow and numpy within the bounds that pyspark release declares
# (3.5.x: numpy<2). pandas<3 everywhere: pyspark 4.3 warns "PySpark does not yet fully support
# pandas >= 3.0.0". 3.x also gets pyarrow<16 (newer pyarrow needs numpy>=2).
# The exact versions installed are recorded below.
PINS=("pandas<3")
case "$VERSION" in 3.*) PINS+=("pyarrow<16") ;; esac
"$VENV/bin/pip" install --quiet "pyspark[sql]==$VERSION" "${PINS[@]}"

OUT="$ROOT/fixtures/spark/$VERSION"
mkdir -p "$OUT"
{
  echo "pyspark: $("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
  echo "python: $("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')"
  echo "pandas: $("$VENV/bin/python" -c 'import pandas; print(pandas.__version__)')"
  echo "pyarrow: $("$VENV/bin/python" -c 'import pyarrow; print(pyarrow.__version__)')"
  echo "numpy: $("$VENV/bin/python" -c 'import numpy; print(numpy.__version__)')"
  echo "py4j: $("$VENV/bin/python" -c 'import py4j; print(py4j.__version__)')"
  echo "java: $(java -version 2>&1 | head -1)"
  java -version 2>&1 | tail -n +2 | sed 's/^/      /'
  echo "os: $(uname -srm)"
} > "$OUT/VERSIONS.txt"
cat "$OUT/VERSIONS.txt"
