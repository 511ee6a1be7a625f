#!/usr/bin/env bash
# Sets up qxmap in ./.venv: Debian packages, the Python environment, and the
# compiled translations. Safe to run again; it only does what is missing.
# Usage: scripts/setup.sh [--test]   (--test adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "qxmap setup: $*"; }

say "[1/4] Debian packages (QtWebEngine libraries, Xvfb, a Chinese font)"
bash scripts/system-packages.sh

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  say "[2/4] creating the Python environment .venv"
  "$PY" -m venv .venv
else
  say "[2/4] Python environment .venv in place"
fi

extra=""
[[ "${1:-}" == "--test" ]] && extra="[test]"

# The test installation is a superset of the plain one: either stamp will do for run.sh.
stamp=".venv/.qxmap-installed${extra:+-test}"
up_to_date() { [[ -f "$1" && ! pyproject.toml -nt "$1" ]]; }
if up_to_date "$stamp" || { [[ -z "$extra" ]] && up_to_date ".venv/.qxmap-installed-test"; }; then
  say "[3/4] Python packages in place"
else
  say "[3/4] installing Python packages (PySide6, geopandas, ... about 1 GB the first time)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  # pip's own lines name each package as it is collected and downloaded, with sizes.
  set +e
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -e ".${extra}" 2>&1 \
    | grep --line-buffered -E "^(Collecting|Downloading|Installing|Successfully|ERROR|error)" 
  rc=${PIPESTATUS[0]}
  set -e
  if [[ $rc -ne 0 ]]; then
    say "pip failed (exit $rc)" >&2
    exit "$rc"
  fi
  touch "$stamp"
fi

say "[4/4] translations"
.venv/bin/python -m qxmap.ui.i18n_build
