#!/usr/bin/env bash
# Runs a command with a throwaway local PostgreSQL server for the store tests, then stops it.
#   scripts/pg-test.sh vitest run
# The command sees PLANSIGHT_TEST_PG=postgresql://...; the cluster lives in a temp dir on a free
# loopback port and is deleted afterwards. Uses Debian's `postgresql` package (.ci/run installs it).
# Without it, outside CI, the PostgreSQL tests are skipped with one sentence; in CI that is an error.
set -uo pipefail

if [ -n "${PLANSIGHT_TEST_PG:-}" ] || [ -n "${DATABASE_URL:-}" ]; then
  exec "$@" # a server was given: use it
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  if [ -n "${CI:-}" ]; then
    echo "pg-test: PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)." >&2
    exit 1
  fi
  echo "pg-test: PostgreSQL store tests skipped because Debian's postgresql package is not installed."
  exec "$@"
fi

as=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: run the server as the package's `postgres` user.
  if ! id postgres >/dev/null 2>&1; then
    echo "pg-test: running as root but there is no postgres user to run the server as." >&2
    exit 1
  fi
  as=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/plansight-pg.XXXXXX")
[ "${#as[@]}" -gt 0 ] && chown postgres "$dir"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

stop() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
}
trap stop EXIT

if ! "${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U plansight -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  exit 1
fi
# fsync off: a test cluster that is thrown away needs no crash safety (the SQLite test covers that).
if ! "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
echo "pg-test: PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port"
export PLANSIGHT_TEST_PG="postgresql://plansight@127.0.0.1:$port/postgres"
"$@"
