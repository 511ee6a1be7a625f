"""Startup time: process start to the map's ready event, against a bare Qt baseline.

Runs `python -m qxmap run --smoke-test` on the bundled data several times and,
as the baseline in the same run, a bare process that opens an empty
QWebEngineView and waits for it to load.  Prints each run and ends with one
JSON line: {"startup_s": median, "baseline_s": median, "ratio": ...}.

    QT_QPA_PLATFORM=offscreen python benchmarks/startup.py [--runs 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = r"""
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtWebEngineWidgets import QWebEngineView
app = QApplication(sys.argv)
view = QWebEngineView()
view.loadFinished.connect(lambda ok: app.exit(0))
view.setHtml("<html><body>baseline</body></html>")
view.show()
sys.exit(app.exec())
"""


def timed(cmd, env):
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    with tempfile.TemporaryDirectory() as home:
        env["XDG_CONFIG_HOME"] = home  # fresh settings: opens the bundled data
        env["XDG_DATA_HOME"] = home
        app_cmd = [sys.executable, "-m", "qxmap", "run", str(ROOT / "geodata" / "qingxi"), "--smoke-test"]
        base_cmd = [sys.executable, "-c", BASELINE]
        timed(app_cmd, env)  # warm the file cache once
        app_times, base_times = [], []
        for i in range(args.runs):
            app_times.append(timed(app_cmd, env))
            base_times.append(timed(base_cmd, env))
            print(f"run {i + 1}: qxmap {app_times[-1]:.3f} s, bare QWebEngineView {base_times[-1]:.3f} s", flush=True)
    startup = statistics.median(app_times)
    baseline = statistics.median(base_times)
    print(json.dumps({"startup_s": round(startup, 3), "baseline_s": round(baseline, 3),
                      "ratio": round(startup / baseline, 2), "runs": args.runs}))


if __name__ == "__main__":
    main()
