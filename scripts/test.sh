#!/usr/bin/env bash
# The whole suite: lint, then every test on SpatiaLite, then on PostgreSQL + PostGIS.
# PostgreSQL: HOPTAC_TEST_DATABASE_URL if set (postgis://user:pass@host:port/name), else a
# throwaway cluster of our own (initdb in a temporary folder, a free port), removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== Django checks (production settings)"
SECRET_KEY="$(head -c 48 /dev/urandom | base64)" DEBUG=0 ALLOWED_HOSTS=hoptac.example.vn \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
static_tmp=$(mktemp -d)
SECRET_KEY=x-test-collectstatic DEBUG=0 STATIC_ROOT="$static_tmp" \
  .venv/bin/python manage.py collectstatic --noinput -v 0
rm -rf "$static_tmp"
SECRET_KEY=x-test-makemigrations DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "hoptac: a model change has no migration (run manage.py makemigrations)"; exit 1; }

status=0
echo "== tests on SpatiaLite"
DATABASE_URL="spatialite:///$root/var/test-hoptac.sqlite3" scripts/pytest -n 2 "$@" || status=$?

pg_dir=""
cleanup() {
  if [[ -n $pg_dir ]]; then
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    else "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

if [[ -n ${HOPTAC_TEST_DATABASE_URL:-} ]]; then
  pg_url=$HOPTAC_TEST_DATABASE_URL
  echo "== tests on PostGIS at the server named by HOPTAC_TEST_DATABASE_URL"
else
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $pg_bin/initdb ]] || { echo "hoptac: PostgreSQL is not installed: install postgresql and postgresql-15-postgis-3 (make test does it as root)."; exit 1; }
  pg_dir=$(mktemp -d /tmp/hoptac-pg.XXXXXX)
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run=()
  if [[ $(id -u) == 0 ]]; then chown postgres "$pg_dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o \
    "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  pg_url="postgis://postgres@127.0.0.1:$port/hoptac"
  echo "== tests on PostGIS (throwaway cluster on port $port)"
fi
DATABASE_URL="$pg_url" scripts/pytest -n 2 "$@" || status=$?
exit $status
