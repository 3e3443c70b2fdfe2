#!/usr/bin/env bash
# Install what the atlas needs (safe to run again), then build the atlas or run the tests.
#   bash scripts/setup.sh build [atlas build options]
#   bash scripts/setup.sh test  [pytest options]   (no options: the whole suite, in two
#                                                halves side by side)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}
shift || true

# Debian packages: Chromium for browser tests, a CJK font for figures,
# GDAL's ogrinfo to check GeoPackages, poppler to look at printed PDFs.
apt_pkgs=(python3-venv chromium fonts-noto-cjk gdal-bin poppler-utils)
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${apt_pkgs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.installed
# reinstall when the declared dependencies or their exact versions change
stale=0
[ -f "$stamp" ] || stale=1
for f in setup.cfg setup.py pyproject.toml constraints.txt; do
  if [ "$f" -nt "$stamp" ]; then stale=1; fi
done
if [ "$stale" -eq 1 ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # exact versions from constraints.txt, so every machine builds the same atlas
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
  touch "$stamp"
fi

case "$what" in
  build) exec .venv/bin/atlas build --out maps_out "$@" ;;
  test)
    [ $# -gt 0 ] && exec .venv/bin/python -m pytest -q "$@"
    # The whole suite: the browser tests mostly wait on Chromium while the others compute,
    # so the two halves run side by side (each to its own log, shown whole when both end).
    logs=$(mktemp -d)
    .venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" >"$logs/tests.log" 2>&1 &
    main=$!
    .venv/bin/python -m pytest -q -p no:cacheprovider -m browser >"$logs/browser.log" 2>&1 &
    browser=$!
    status=0
    wait "$main" || status=$?
    wait "$browser" || { b=$?; [ "$status" -ne 0 ] || status=$b; }
    echo "== tests (not browser)"; cat "$logs/tests.log"
    echo "== browser tests"; cat "$logs/browser.log"
    rm -rf "$logs"
    exit "$status" ;;
  *) echo "usage: bash scripts/setup.sh build|test [options]" >&2; exit 2 ;;
esac
