#!/usr/bin/env bash
# make bench-geo: the geodata benchmark on PostGIS. HOPTAC_BENCH_DATABASE_URL names a server
# (postgis://user:pass@host:port/name; the user must be allowed the postgis extension), else a
# throwaway cluster of our own (initdb in a temporary folder, a free port), removed at exit.
# Extra arguments go to bench.py (e.g. --parcels 100000 --seconds 3 --skip-peers).
set -euo pipefail
cd "$(dirname "$0")/../.."
pg_dir=""
cleanup() {
  if [[ -n $pg_dir ]]; then
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    else "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT
if [[ -n ${HOPTAC_BENCH_DATABASE_URL:-} ]]; then
  pg_url=$HOPTAC_BENCH_DATABASE_URL
else
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $pg_bin/initdb ]] || { echo "bench-geo: install postgresql and postgresql-15-postgis-3"; exit 1; }
  pg_dir=$(mktemp -d /tmp/hoptac-bench-pg.XXXXXX)
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run=()
  if [[ $(id -u) == 0 ]]; then chown postgres "$pg_dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o \
    "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=512MB" \
    start >/dev/null
  "${run[@]}" "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE hoptac_bench"
  "${run[@]}" "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d hoptac_bench -qc "CREATE EXTENSION postgis; CREATE EXTENSION unaccent;"
  pg_url="postgis://postgres@127.0.0.1:$port/hoptac_bench"
  echo "bench-geo: throwaway PostgreSQL cluster on port $port"
fi
DATABASE_URL="$pg_url" .venv/bin/python bench/geo/bench.py "$@"
