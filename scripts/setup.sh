#!/usr/bin/env bash
# Sets up qxmap in ./.venv: Debian packages, the Python environment, and the
# compiled translations. Safe to run again; it only does what is missing.
# Usage: scripts/setup.sh [--test]   (--test adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-packages.sh

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "qxmap setup: creating .venv"
  "$PY" -m venv .venv
fi

extra=""
[[ "${1:-}" == "--test" ]] && extra="[test]"

stamp=".venv/.qxmap-installed${extra:+-test}"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
  echo "qxmap setup: installing Python packages"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  touch "$stamp"
fi

.venv/bin/python -m qxmap.ui.i18n_build
