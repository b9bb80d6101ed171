#!/usr/bin/env bash
# Regenerates fixtures/eventlog/codecs/ with lz4-java, snappy-java and compress-lzf (the versions
# Spark 3.5 ships), plus zstd/gzip/zip vectors from the system tools. Needs Java 17 and Maven.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../fixtures/eventlog/codecs}
m2=${HOME}/.m2/repository
for a in org.lz4:lz4-java:1.8.0 org.xerial.snappy:snappy-java:1.1.10.5 com.ning:compress-lzf:1.1.2; do
  mvn -q dependency:get -Dartifact="$a" >/dev/null
done
cp="$m2/org/lz4/lz4-java/1.8.0/lz4-java-1.8.0.jar:$m2/org/xerial/snappy/snappy-java/1.1.10.5/snappy-java-1.1.10.5.jar:$m2/com/ning/compress-lzf/1.1.2/compress-lzf-1.1.2.jar"
java -cp "$cp" "$here/GenVectors.java" "$out"
cd "$out"
# zstd: two frames back to back, as Spark's ZStdCompressionCodec leaves after flushes/reopens.
zstd -q -f -c sample.jsonl > sample2x.jsonl.zstd && zstd -q -c -3 sample.jsonl >> sample2x.jsonl.zstd
# gzip: two members (`cat a.gz b.gz`), which gunzip reads as one stream.
gzip -n -c sample.jsonl > sample2x.jsonl.gz && gzip -n -9 -c sample.jsonl >> sample2x.jsonl.gz
# zip: entries stored out of name order; readers must take them in name order.
rm -f sample.zip
python3 - <<'PY'
import zipfile
log = open("sample.jsonl", "rb").read()
lines = log.split(b"\n")
with zipfile.ZipFile("sample.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("logs/events_2_app", b"\n".join(lines[80:]))
    z.writestr("logs/events_1_app", b"\n".join(lines[:80]) + b"\n")
PY
ls -l "$out"
