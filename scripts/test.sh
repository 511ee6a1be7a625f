#!/usr/bin/env bash
# One command: set everything up and run the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
if [[ $(id -u) -eq 0 ]]; then export QTWEBENGINE_DISABLE_SANDBOX=1; fi
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
