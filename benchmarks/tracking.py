"""Benchmark: tracking on a 20,000-road workspace with 200,000 history rows (issue 14).

Builds a synthetic workspace (benchmark data only: synthetic roads, planned
dates and a history of ten saved changes per road between 2016 and 2024,
each road's current values being what its last change left), then measures:

* ``dashboard_ms``: a filter change until the dashboard has refreshed and
  repainted (a Session and the Dashboard widget, cycling phase / status /
  category / name filters);
* ``as_of_ms``: a change of the "as of" day in the main window until the map
  page has drawn it (the map first: the page restyles only the roads whose
  state differs, then redraws once; the table, the summary and the timeline
  follow while it draws; the dashboard, behind the road table's tab, waits
  until it is shown); stepping through years, the worst case here (each step
  changes thousands of roads all over the map: the redraw strokes every
  road); ``as_of_month_step_ms``: stepping month by month (fewer roads change);
* ``changes_ms``: ``qxmap changes WORKSPACE --since D --json`` in this process
  (reading the rows since D, grouping, writing the JSON to /dev/null).

Targets: dashboard_ms <= 50, as_of_ms <= 200, changes_ms <= 500 (medians).
Baseline in the same run (``filter_baseline_ms``): a filter across phases in the
same window, until the page has drawn it (the page redraws the roads it keeps,
as the "as of" view redraws every road in its day's colours).
``as_of_python_ms``: the part of ``as_of_ms`` spent in this process (the
session, the table, the dashboard, the timeline, the command to the page).
Ends with one JSON line with those keys (and ``load_avg``: the machine's
one-minute load when it ended: figures from a busy machine are not figures).

    QT_QPA_PLATFORM=offscreen python benchmarks/tracking.py [--roads 20000] [--history 200000] [--runs 15]
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import numpy as np  # noqa: E402

from qxmap import schema  # noqa: E402
from qxmap.filtering import RoadFilter  # noqa: E402
from qxmap.synthetic import write_synthetic  # noqa: E402
from qxmap.workspace import create_workspace  # noqa: E402

FILTERS = [RoadFilter.of(phases=[p]) for p in schema.PHASES] + [
    RoadFilter.of(statuses=["under_construction"]),
    RoadFilter.of(phases=["underway", "by_2018"], categories=["town", "external"]),
    RoadFilter.of(text="1234"),
    RoadFilter(),
]


def build(folder: Path, n_roads: int, n_history: int, seed: int = 14) -> Path:
    """A workspace of *n_roads* synthetic roads with *n_history* history rows (10 per road)."""
    from qxmap.workspace.db import connect

    source = write_synthetic(folder / "source", n_roads)
    path = create_workspace(source, folder / "tracking.gpkg")
    rng = np.random.default_rng(seed)
    conn = connect(path, read_only=False, timeout=30)
    ids = [row[0] for row in conn.execute('SELECT "id" FROM roads ORDER BY fid')]
    per = max(1, n_history // len(ids))
    t0 = np.datetime64("2016-01-01T00:00:00").astype("datetime64[s]").astype(np.int64)
    t1 = np.datetime64("2024-12-31T00:00:00").astype("datetime64[s]").astype(np.int64)
    rows, updates = [], []
    flow = ("planned", "preparing", "under_construction", "completed")
    for fid in ids:
        moments = np.sort(rng.integers(t0, t1, size=per))
        stamps = [np.datetime64(int(m), "s").astype(str) + "Z" for m in moments]
        start = int(rng.integers(2016, 2021))
        target, month = start + int(rng.integers(1, 5)), int(rng.integers(1, 13))
        status_steps = int(rng.integers(0, 4))  # how far along the flow the road got
        progress = 0.0
        events = []
        for k in range(per):
            if k < status_steps:
                events.append(("status", flow[k], flow[k + 1], "进展"))
            elif k == status_steps and k < per:
                events.append(("target", str(target), str(target + 1), "延期"))
                target += 1
            else:
                new = min(100.0, progress + float(rng.integers(1, 15)))
                events.append(("progress", None if progress == 0 else f"{progress:g}", f"{new:g}", None))
                progress = new
        for (field, old, new, note), stamp in zip(events, stamps):
            rows.append((fid, field, old, new, stamp, "benchmark", note))
        updates.append((flow[status_steps], progress or None, start, target, month, fid))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("UPDATE roads SET status = ?, progress = ?, start = ?, target = ?, target_month = ? "
                     "WHERE id = ?", updates)
    conn.executemany("INSERT INTO road_status_history (road_id, field, old_value, new_value, changed_at, "
                     "changed_by, note) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("UPDATE qxmap_meta SET value = '2016-01-01T00:00:00Z' WHERE key = 'created_at'")
    conn.execute("COMMIT")
    conn.close()
    return path


def measure_dashboard(path: Path, runs: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from qxmap.model import Session
    from qxmap.tracking.history import History
    from qxmap.ui.dashboard import Dashboard
    from qxmap.workspace import Workspace

    ws = Workspace.open(path)
    session = Session()
    session.set_dataset(ws.dataset, History.read(path))
    dashboard = Dashboard(session)
    dashboard.resize(420, 900)
    dashboard.show()
    QApplication.processEvents()
    times = []
    for i in range(runs + 3):
        road_filter = FILTERS[i % len(FILTERS)]
        if road_filter == session.road_filter:
            road_filter = FILTERS[(i + 1) % len(FILTERS)]
        start = time.perf_counter()
        session.set_filter(road_filter)
        dashboard.repaint()  # synchronously: the numbers and both charts on screen
        elapsed = (time.perf_counter() - start) * 1000
        if i >= 3:  # warm-up
            times.append(elapsed)
    dashboard.close()
    return times


def measure_as_of(path: Path, runs: int, tmp: Path) -> tuple[list[float], dict]:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from qxmap.ui.mainwindow import MainWindow

    settings = QSettings(str(tmp / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(1400, 900)
    window.show()
    loop = QEventLoop()
    window.map_view.ready.connect(loop.quit)
    QTimer.singleShot(120000, loop.quit)
    assert window.workspace.open_workspace(path)
    loop.exec()
    window.map_view.ready.disconnect(loop.quit)
    window.tracking.show_timeline()
    drawn, wanted = set(), [None]
    done = QEventLoop()

    def on_drawn(seq):
        drawn.add(seq)
        if wanted[0] is not None and seq >= wanted[0]:
            done.quit()

    window.map_view.drawn.connect(on_drawn)
    bar = window.tracking.as_of
    days = [dt.date(y, 6, 30) for y in range(2016, 2025)]
    times, parts = [], {"session_ms": [], "restyled": []}
    for i in range(runs + 2):
        day = days[i % len(days)]
        start = time.perf_counter()
        bar.set_day(day)
        after_session = time.perf_counter()
        wanted[0] = window.map_adapter.last_filter_seq  # sent after the restyle: drawn last
        if not any(s >= wanted[0] for s in drawn):
            QTimer.singleShot(60000, done.quit)
            done.exec()
        elapsed = (time.perf_counter() - start) * 1000
        if not any(s >= wanted[0] for s in drawn):
            raise SystemExit("timed out waiting for the page")
        if i >= 2:
            times.append(elapsed)
            parts["session_ms"].append((after_session - start) * 1000)
    # Stepping month by month (the "step through it" of a meeting): fewer roads change per step.
    months = []
    for i in range(runs + 2):
        day = dt.date(2020 + (i // 12), i % 12 + 1, 28)
        start = time.perf_counter()
        bar.set_day(day)
        wanted[0] = window.map_adapter.last_filter_seq
        if not any(s >= wanted[0] for s in drawn):
            QTimer.singleShot(60000, done.quit)
            done.exec()
        if i >= 2:
            months.append((time.perf_counter() - start) * 1000)
    parts["month_ms"] = months
    state = window.session.as_of
    info = {"covered": state.covered, "undone_last": state.undone,
            "month_step_ms": round(statistics.median(months), 1),
            "session_and_widgets_ms": round(statistics.median(parts["session_ms"]), 1),
            "page_restyle_ms": round(window.map_view.last_state.get("timings", {}).get("restyle_ms", 0), 1),
            "page_restyle_draw_ms": round(window.map_view.last_state.get("timings", {}).get("restyle_draw_ms", 0), 1)}
    bar.back_to_today()
    # Baseline in the same window: a filter across phases (the page redraws every road it keeps).
    baseline = []
    for i in range(runs + 2):
        road_filter = (RoadFilter.of(statuses=["under_construction", "completed"]) if i % 2 == 0
                       else RoadFilter.of(statuses=["planned", "preparing", "on_hold"]))
        start = time.perf_counter()
        wanted[0] = window.apply_filter(road_filter)
        if not any(s >= wanted[0] for s in drawn):
            QTimer.singleShot(60000, done.quit)
            done.exec()
        if i >= 2:
            baseline.append((time.perf_counter() - start) * 1000)
    info["filter_baseline_ms"] = round(statistics.median(baseline), 1)
    window.workspace.ask_unsaved = lambda message: "discard"
    window.close()
    return times, info


def measure_changes(path: Path, runs: int) -> tuple[list[float], int]:
    from qxmap.cli import main

    times, count = [], 0
    for _ in range(runs):
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = main(["changes", str(path), "--since", "2024-01-01", "--json"])
        times.append((time.perf_counter() - start) * 1000)
        assert code == 0
        count = len(json.loads(out.getvalue())["groups"]["other"]) + sum(
            v for k, v in json.loads(out.getvalue())["counts"].items() if k != "other")
    return times, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roads", type=int, default=20_000)
    parser.add_argument("--history", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from qxmap.ui.webengine import register_scheme

    register_scheme()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)  # noqa: F841 (kept alive)
    with tempfile.TemporaryDirectory(prefix="qxmap-bench-tracking-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        path = build(tmp, args.roads, args.history)
        print(f"workspace: {args.roads} roads, {args.history} history rows, built in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
        dashboard = measure_dashboard(path, args.runs)
        print(f"dashboard refresh after a filter change: median {statistics.median(dashboard):.1f} ms "
              f"(min {min(dashboard):.1f}, max {max(dashboard):.1f})", flush=True)
        changes, count = measure_changes(path, max(5, args.runs // 3))
        print(f"qxmap changes --since 2024-01-01 --json: {count} changes, median {statistics.median(changes):.0f} ms "
              f"(min {min(changes):.0f}, max {max(changes):.0f})", flush=True)
        as_of, info = measure_as_of(path, args.runs, tmp)
        print(f"as-of day change until the map has drawn: median {statistics.median(as_of):.0f} ms "
              f"(min {min(as_of):.0f}, max {max(as_of):.0f}); {info}", flush=True)
        result = {"dashboard_ms": round(statistics.median(dashboard), 1),
                  "as_of_ms": round(statistics.median(as_of), 1),
                  "changes_ms": round(statistics.median(changes), 1),
                  "as_of_python_ms": info["session_and_widgets_ms"],
                  "as_of_month_step_ms": info["month_step_ms"],
                  "filter_baseline_ms": info["filter_baseline_ms"],
                  "n_roads": args.roads, "n_history": args.history, "load_avg": round(os.getloadavg()[0], 2)}
    print(json.dumps(result), flush=True)
    os._exit(0)  # see benchmarks/filter_latency.py: no WebEngine teardown at exit


if __name__ == "__main__":
    main()
