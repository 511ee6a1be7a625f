"""Filter latency: a filter change until the table is updated and the page has drawn.

For synthetic networks of N roads around Qingxi (default 2,000 and 20,000),
opens the main window offscreen, then for a cycle of filters measures the time
from `apply_filter` to the page's `drawn` event for that command (the table
and summary update synchronously inside it).  Baseline in the same run:
rebuilding the folium page for the same filter and reloading it until ready.
Ends with one JSON line for the largest N:
{"n", "median_ms", "rebuild_median_ms", "speedup"}.

    QT_QPA_PLATFORM=offscreen python benchmarks/filter_latency.py [--n 2000 20000] [--runs 15]
"""
import argparse
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

from qxmap.ui.webengine import register_scheme  # noqa: E402

register_scheme()

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qxmap import schema  # noqa: E402
from qxmap.dataset import Dataset, load_dataset  # noqa: E402
from qxmap.filtering import RoadFilter  # noqa: E402
from qxmap.mappage import build_page  # noqa: E402
from qxmap.synthetic import write_synthetic  # noqa: E402

FILTERS = [RoadFilter.of(phases=[p]) for p in schema.PHASES] + [
    RoadFilter.of(statuses=["under_construction"]),
    RoadFilter.of(phases=["underway", "by_2018"], categories=["town", "external"]),
    RoadFilter(),
]


def wait_for(signal, predicate=lambda *a: True, timeout_ms=60000):
    loop = QEventLoop()
    hit = []

    def on(*args):
        if predicate(*args):
            hit.append(args)
            loop.quit()

    signal.connect(on)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(on)
    if not hit:
        raise SystemExit("timed out waiting for the page")
    return hit[0]


def measure(window, runs, page_times=None, kinds=None):
    """Filter latencies in ms, cycling through FILTERS.  Waits for the page's
    `drawn` in an event loop (no polling: a busy loop would take a core from the
    browser's processes on a small machine)."""
    times = []
    loop = QEventLoop()
    drawn = set()
    wanted = [None]

    def on_drawn(seq):
        drawn.add(seq)
        if seq == wanted[0]:
            loop.quit()

    window.map_view.drawn.connect(on_drawn)
    for i in range(runs):
        road_filter = FILTERS[i % len(FILTERS)]
        start = time.perf_counter()
        wanted[0] = window.apply_filter(road_filter)
        if wanted[0] not in drawn:
            QTimer.singleShot(60000, loop.quit)
            loop.exec()
        elapsed = (time.perf_counter() - start) * 1000
        if wanted[0] not in drawn:
            raise SystemExit("timed out waiting for the page")
        times.append(elapsed)
        if page_times is not None:
            page_times.append(window.map_view.last_state.get("last_filter_ms", 0.0))
        if kinds is not None:
            kinds.setdefault(filter_kind(road_filter), []).append(elapsed)
    window.map_view.drawn.disconnect(on_drawn)
    return times


def filter_kind(road_filter: RoadFilter) -> str:
    """Phase-only filters and "show all" composite the page's per-phase images;
    filters across phases redraw the roads they keep."""
    if road_filter.is_empty:
        return "all"
    if road_filter.phases and not (road_filter.statuses or road_filter.categories or road_filter.text):
        return "phase"
    return "across phases"


def measure_rebuild(window, dataset: Dataset, runs):
    times = []
    tracked_layers = set(schema.TRACKED_LAYERS)
    for i in range(runs):
        road_filter = FILTERS[i % len(FILTERS)]
        start = time.perf_counter()
        layers = {}
        for name, frame in dataset.layers.items():
            layers[name] = frame[road_filter.mask(frame.assign(layer=name))] if name in tracked_layers else frame
        html = build_page(Dataset(dataset.path, layers))
        window.map_view.show_html(html)
        wait_for(window.map_view.ready)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild-runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication(sys.argv)
    from qxmap.ui.mainwindow import MainWindow

    result = None
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        for n in args.n:
            folder = write_synthetic(Path(tmp) / f"syn{n}", n)
            window = MainWindow(settings)
            window.resize(1400, 900)
            window.show()
            dataset = load_dataset(folder)
            window.show_dataset(dataset)
            wait_for(window.map_view.ready)
            measure(window, 3)  # warm-up
            page_times = []
            kinds = {}
            times = measure(window, args.runs, page_times, kinds)
            rebuild = measure_rebuild(window, dataset, args.rebuild_runs)
            page_ms = statistics.median(page_times)
            median = statistics.median(times)
            rebuild_median = statistics.median(rebuild)
            print(f"n={n}: filter median {median:.1f} ms (min {min(times):.1f}, max {max(times):.1f}); "
                  f"rebuild+reload median {rebuild_median:.0f} ms; speedup {rebuild_median / median:.1f}x; "
                  f"of which the page's own filter+redraw {page_ms:.1f} ms",
                  flush=True)
            print("  by kind of filter: " + "; ".join(
                f"{kind} median {statistics.median(values):.1f} ms (n={len(values)})" for kind, values in kinds.items()),
                flush=True)
            result = {"n": n, "median_ms": round(median, 1), "rebuild_median_ms": round(rebuild_median, 1),
                      "speedup": round(rebuild_median / median, 1)}
            window.close()
            window.deleteLater()
            app.processEvents()
    print(json.dumps(result), flush=True)
    # Leave without tearing Qt WebEngine down object by object: its profile and
    # pages can crash at interpreter exit, and the figures are already printed.
    os._exit(0)


if __name__ == "__main__":
    main()
