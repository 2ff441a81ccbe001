#!/usr/bin/env bash
# Install what Hoptac needs, then stop. Fast when nothing is missing.
#   scripts/bootstrap.sh demo   -> system packages for the embedded demo, .venv, Python packages
#   scripts/bootstrap.sh test   -> the same, plus PostgreSQL + PostGIS, Chromium, nginx and Redis for
#                                the tests and `make stack`
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-demo}"

say() { printf 'hoptac: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

demo_pkgs=(python3-venv python3-dev libsqlite3-mod-spatialite gdal-bin libgdal32 libgeos-c1v5 libproj25 proj-data gettext)
test_pkgs=(postgresql postgresql-15-postgis-3 chromium fonts-liberation2 fonts-dejavu-core nginx redis-server openssl)
pkgs=("${demo_pkgs[@]}")
[[ $what == test ]] && pkgs+=("${test_pkgs[@]}")

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get could not install: ${missing[*]}. Install them and run again."
  else
    die "missing system packages: ${missing[*]}. Run 'sudo apt-get install ${missing[*]}' (or run make as root)."
  fi
fi

# An interpreter that can load SQLite extensions (pyenv builds often cannot) and SpatiaLite.
can_load='import sqlite3,sys; assert sys.version_info>=(3,10); c=sqlite3.connect(":memory:"); c.enable_load_extension(True); c.load_extension("mod_spatialite")'
if [[ -x .venv/bin/python ]] && .venv/bin/python -c "$can_load" 2>/dev/null; then
  :
else
  py=""
  for cand in ${HOPTAC_PYTHON:-} /usr/bin/python3.11 /usr/bin/python3 python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "$can_load" 2>/dev/null \
       && "$cand" -c "import venv, ensurepip" 2>/dev/null; then
      py=$(command -v "$cand"); break
    fi
  done
  [[ -n $py ]] || die "no Python >= 3.10 here can load SQLite extensions with SpatiaLite: install Debian's python3, python3-venv and libsqlite3-mod-spatialite (or set HOPTAC_PYTHON)."
  say "creating .venv with $py"
  rm -rf .venv
  "$py" -m venv .venv
fi

stamp=.venv/.requirements.lock.installed
if [[ ! -f $stamp ]] || ! cmp -s requirements.lock "$stamp"; then
  say "installing Python packages from requirements.lock"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock \
    || die "pip could not install requirements.lock (is a package index reachable?)."
  cp requirements.lock "$stamp"
fi

# Compiled translations (.mo) are built, not committed.
for po in locale/*/LC_MESSAGES/*.po hoptac/*/locale/*/LC_MESSAGES/*.po; do
  [[ -f $po ]] || continue
  mo="${po%.po}.mo"
  if [[ ! -f $mo || $po -nt $mo ]]; then
    command -v msgfmt >/dev/null || die "msgfmt is missing: install the gettext package."
    msgfmt --check-format -o "$mo" "$po"
  fi
done
