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
  # one dpkg-query for all (a package it does not know is left out of its answer)
  installed=$'\n'$(dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null \
    | sed -n 's/ install ok installed$//p' || true)$'\n'
  for p in "${pkgs[@]}"; do
    [[ $installed == *$'\n'"$p"$'\n'* ]] || missing+=("$p")
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

# Hoptac's bytecode, when PYTHONDONTWRITEBYTECODE is set (containers, CI, some shells): Python then
# reads bytecode but never writes it, and every start of every process (the server, the worker,
# the scheduler, a manage.py command) would compile all of hoptac again, some 0.4 s of CPU each.
# compileall writes it regardless, when a source is newer than the last time (Python checks each
# file's bytecode against its source anyway: a file missed here is only compiled at run time).
compiled=hoptac/__pycache__/compileall.stamp
if [[ -n ${PYTHONDONTWRITEBYTECODE:-} ]] \
   && { [[ ! -f $compiled ]] || [[ -n $(find hoptac -name '*.py' -newer "$compiled" -print -quit) ]]; }; then
  mkdir -p hoptac/__pycache__ && touch "$compiled"
  .venv/bin/python -m compileall -q hoptac >/dev/null
fi
