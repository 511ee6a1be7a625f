#!/usr/bin/env bash
# One command: set everything up and open qxmap on the bundled Qingxi data.
# With no screen (a server, a container) it uses a virtual one (Xvfb), so
# `scripts/run.sh --smoke-test` works anywhere. Extra arguments go to qxmap
# (e.g. a dataset path, --lang en, --smoke-test, --verbose).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "${QT_QPA_PLATFORM:-}" != "offscreen" ]]; then
  echo "qxmap: no screen here; using a virtual one (Xvfb)"
  export QXMAP_GPU="${QXMAP_GPU:-0}"  # a virtual screen has no graphics hardware: the page draws in software
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/qxmap "$@"
fi
exec .venv/bin/qxmap "$@"
