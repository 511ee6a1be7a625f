#!/usr/bin/env bash
# One command: set everything up and open qxmap on the bundled Qingxi data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/qxmap "$@"
