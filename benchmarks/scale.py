"""Scale: a whole city's road network, from process start to filters and pans.

For each N (default 20,000 and 200,000) a synthetic network is written as a
GeoPackage (qxmap.synthetic.write_synthetic_gpkg), then:

- ``read_s``: the baseline, measured in the same run: pyogrio.read_dataframe of
  every layer of the same file (what a plain GIS reader needs; best of 3);
- ``open_s``: process start to map drawn: ``python -m qxmap run PATH
  --smoke-test`` under QT_QPA_PLATFORM=offscreen, timed from spawn to the
  "map ready" line on its stdout (median of --open-runs, after one warm-up
  run unless --no-warmup);
- ``peak_rss_mb``: the peak memory of the whole process tree during that open:
  /proc/<pid>/status VmHWM (each process' own peak resident set) of the app and
  every descendant (the QtWebEngineProcess zygotes and renderers), polled every
  50 ms and summed over the processes.  Each process counts with its last
  reading, not the largest: a child seen between fork and exec is a copy of
  the app (its pages are the app's, counted already) and reads the app's peak
  until exec starts its own; about one open in eight, the zygote caught at
  that moment had added 230 MB that no process held.  A sum of per-process
  peaks counts pages shared between the browser's processes once per process, so it is an upper
  bound; ``peak_pss_mb`` (the largest sum of Pss over the tree seen while
  polling /proc/<pid>/smaps_rollup) counts each shared page once and is
  printed too;
- ``settled_rss_mb`` (and ``settled_pss_mb``): the same peak over the first
  seconds (2.5 times ``open_s``, at least 8) of a session, ``qxmap run PATH``
  without the smoke test: the app goes on after "map ready" to place the
  map's names (and load their font), which the open's figure stops before;
- in one more app process (the main window, offscreen, 1400 x 900), opened as
  `qxmap run` opens a GeoPackage (a workspace): filter latency by kind of filter
  (one phase, several phases, a status, a category, a name; from
  ``apply_filter`` to the page's ``drawn`` for that command, as
  benchmarks/filter_latency.py measures it), pan/zoom redraw (``fit_bounds`` to
  ``drawn``), each started from an idle app (the previous one drawn and its
  map's names placed, then ``SETTLE_MS``, as a planner's next click is: started
  at once, a measurement also pays for the end of the work before it, the
  frame Chromium is still rasterising and Qt copying and the names placed after
  it, up to 160 ms after a zoom of 200,000 roads; ``filter_phase_back_to_back_ms``
  is the one phase measured that way too; ``pans_ms`` lists each pan and zoom:
  the first at a zoom rasterises every road there, the median is
  ``pan_ms``; the map's names follow the drawn frame, placed
  after it: ``filter_phase_named_ms`` is one phase from ``apply_filter`` to its
  names placed, as the page's label facts say when polled), and a filter change with the table sorted by name (the
  synchronous part of ``apply_filter``: filter mask, sorted table, summary,
  command to the page; the table-only share is printed).

With ``--reference N``: a workspace of the bundled data holding a reference layer of
N synthetic lines (a city's network, imported as ``qxmap import --as reference``
imports it; written once, then reused with --keep) is opened the same way:
``reference_open_s`` and ``reference_peak_rss_mb`` join the JSON line.

Ends with one JSON line for the largest N:
{"n", "open_s", "read_s", "open_ratio", "peak_rss_mb", "filter_worst_kind_ms",
 "filter_phase_ms", "sorted_table_filter_ms", "pan_ms"}.

    .venv/bin/python benchmarks/scale.py [--n 20000 200000] [--open-runs 3] [--runs 6]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ process tree memory


def _children() -> dict[int, list[int]]:
    """ppid -> [pid] for every process visible in /proc."""
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name (field 2) may hold spaces: fields after its closing parenthesis
        fields = stat[stat.rfind(b")") + 2:].split()
        out.setdefault(int(fields[1]), []).append(int(entry))
    return out


def _tree(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _status_kb(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """Polls the memory of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid = pid
        self.interval = interval
        self.hwm: dict[int, int] = {}  # pid -> its VmHWM (kB), last seen
        self.peak_pss = 0
        self._samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def sample(self, pss: bool | None = None) -> None:
        # smaps_rollup walks a process' whole address space (the browser's is huge): read
        # it every 10th poll only, so that measuring does not slow what is measured
        pss = self._samples % 10 == 0 if pss is None else pss
        self._samples += 1
        total = 0
        for pid in _tree(self.pid):
            hwm = _status_kb(pid, "VmHWM")
            if hwm is not None:  # the last reading: VmHWM is already the peak of the process' image
                self.hwm[pid] = hwm
            if pss:
                total += _pss_kb(pid)
        self.peak_pss = max(self.peak_pss, total)

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self.sample(pss=True)
        self._stop.set()
        self._thread.join()

    @property
    def peak_rss_mb(self) -> float:
        return sum(self.hwm.values()) / 1024

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss / 1024


# ------------------------------------------------------------------ opening


def app_env(home: str) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env["XDG_CONFIG_HOME"] = home  # fresh settings every time
    env["XDG_DATA_HOME"] = home
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def open_once(path: Path, timeout: float = 900) -> dict:
    """Spawn `python -m qxmap run PATH --smoke-test`; seconds to the "map ready" line, memory."""
    with tempfile.TemporaryDirectory() as home:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "qxmap", "run", str(path), "--smoke-test"],
                                env=app_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=str(ROOT))
        memory = TreeMemory(proc.pid).start()
        ready = threading.Event()
        lines: list[str] = []
        when = [None]

        def read():
            for line in proc.stdout:
                lines.append(line)
                if "map ready" in line and when[0] is None:
                    when[0] = time.perf_counter()
                    ready.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        ready.wait(timeout)
        memory.stop()
        _ended(proc)
        if when[0] is None:
            raise SystemExit(f"the app did not report 'map ready' for {path}:\n{''.join(lines)[-2000:]}"
                             f"\n{proc.stderr.read()[-3000:]}")
        return {"open_s": when[0] - start, "peak_rss_mb": memory.peak_rss_mb, "peak_pss_mb": memory.peak_pss_mb,
                "processes": len(memory.hwm)}


def _ended(proc: subprocess.Popen) -> None:
    """Wait for *proc* to end (killed after 30 s)."""
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def settled_once(path: Path, seconds: float) -> dict:
    """Spawn `python -m qxmap run PATH` (no smoke test: the app goes on after "map ready",
    places the map's names, loads their font) and poll the tree's memory for *seconds*."""
    with tempfile.TemporaryDirectory() as home:
        proc = subprocess.Popen([sys.executable, "-m", "qxmap", "run", str(path)], env=app_env(home),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT))
        memory = TreeMemory(proc.pid).start()
        time.sleep(seconds)
        memory.stop()
        proc.terminate()
        _ended(proc)
        return {"settled_rss_mb": memory.peak_rss_mb, "settled_pss_mb": memory.peak_pss_mb}


def read_baseline(path: Path, runs: int = 3) -> float:
    import pyogrio

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for name, _kind in pyogrio.list_layers(path):
            pyogrio.read_dataframe(path, layer=name)
        times.append(time.perf_counter() - start)
    return min(times)


# ------------------------------------------------------------------ interacting (in a child process)


INTERACTIVE = r"""
import json, os, statistics, sys, tempfile, time
from pathlib import Path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qxmap.ui.webengine import configure_chromium, register_scheme
register_scheme()
configure_chromium()  # the app's page process, as qxmap run starts it
from PySide6.QtCore import QEventLoop, QSettings, QTimer, Qt
from PySide6.QtWidgets import QApplication
from qxmap import schema
from qxmap.filtering import RoadFilter

path, runs = Path(sys.argv[1]), int(sys.argv[2])
app = QApplication(sys.argv[:1])
from qxmap.ui.mainwindow import MainWindow

tmp = tempfile.mkdtemp()
window = MainWindow(QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat))
window.resize(1400, 900)
window.show()
view = window.map_view

def wait(signal, predicate=lambda *a: True, timeout_ms=600000):
    loop = QEventLoop(); hit = []
    def on(*args):
        if predicate(*args):
            hit.append(args); loop.quit()
    signal.connect(on)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(on)
    if not hit:
        raise SystemExit("timed out waiting for the page")

drawn = set()
view.drawn.connect(drawn.add)

def until_drawn(seq):
    if seq not in drawn:
        wait(view.drawn, lambda s: s == seq)

loop = QEventLoop()
view.ready.connect(lambda state: loop.quit())
QTimer.singleShot(0, lambda: window.workspace.open_workspace(path) or loop.quit())
loop.exec()
if window.dataset is None:
    raise SystemExit("the workspace did not open")

P, S, C = schema.PHASES, schema.STATUSES, schema.ROAD_CATEGORIES
KINDS = {
    "one phase": [RoadFilter.of(phases=[p]) for p in P],
    "several phases": [RoadFilter.of(phases=[P[i], P[(i + 2) % len(P)]]) for i in range(len(P))],
    "a status": [RoadFilter.of(statuses=[s]) for s in S],
    "a category": [RoadFilter.of(categories=[c]) for c in C],
    "a name": [RoadFilter.of(text=t) for t in ("道路12", "road 7", "合成道路3", "syn-road-0001", "Synthetic road 5")],
}

SETTLE_MS = 150

def settle(ms=SETTLE_MS):
    # idle: the names of the last view placed (they follow its frame), then ms more
    while label_facts().get("pending"):
        pass
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)

def timed_filter(f, idle=True):
    if idle:
        settle()
    start = time.perf_counter()
    seq = window.apply_filter(f)
    sync = time.perf_counter() - start
    until_drawn(seq)
    return (time.perf_counter() - start) * 1000, sync * 1000

def label_facts():
    box = []
    view.query_label_facts(callback=box.append)
    while not box:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    return box[0]

def timed_named_filter(f):  # apply_filter to the names placed after it (they follow the drawn frame: polled)
    settle()
    start = time.perf_counter()
    until_drawn(window.apply_filter(f))
    while label_facts().get("pending"):
        pass
    return (time.perf_counter() - start) * 1000

for f in (KINDS["one phase"][0], KINDS["a status"][0], RoadFilter()):
    timed_filter(f)  # warm-up
by_kind = {k: [] for k in KINDS}
for r in range(runs):
    for kind, filters in KINDS.items():
        by_kind[kind].append(timed_filter(filters[r % len(filters)])[0])
back_to_back = [timed_filter(KINDS["one phase"][r % len(P)], idle=False)[0] for r in range(runs)]
named = [timed_named_filter(KINDS["one phase"][r % len(P)]) for r in range(runs)]
timed_filter(RoadFilter())

# pan and zoom: fit_bounds (not animated) to drawn
(s, w), (n, e) = [[22.78, 114.10], [22.90, 114.23]]
boxes = [(22.80, 114.12, 22.86, 114.19), (22.80, 114.14, 22.86, 114.21), (22.82, 114.14, 22.88, 114.21),
         (22.83, 114.15, 22.85, 114.18), (22.78, 114.10, 22.90, 114.23), (22.82, 114.12, 22.88, 114.19)]
pans = []
for r in range(max(runs, 6)):
    box = boxes[r % len(boxes)]
    settle()
    start = time.perf_counter()
    until_drawn(view.fit_bounds(*box))
    pans.append((time.perf_counter() - start) * 1000)
until_drawn(view.fit_town())

# a filter change with the table sorted by name
window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
app.processEvents()
proxy_ms = []
plain_set = window.proxy.set_road_filter
def set_road_filter(*a, **k):
    t = time.perf_counter(); plain_set(*a, **k); proxy_ms.append((time.perf_counter() - t) * 1000)
window.proxy.set_road_filter = set_road_filter
sorted_ms = []
cycle = [KINDS["one phase"][1], KINDS["a status"][2], KINDS["a name"][0], KINDS["a category"][1], RoadFilter()]
for r in range(max(runs, 5)):
    proxy_ms.clear()
    sorted_ms.append(timed_filter(cycle[r % len(cycle)])[1])
table_ms = proxy_ms[-1] if proxy_ms else float("nan")
out = {"filters_ms": {k: statistics.median(v) for k, v in by_kind.items()},
       "phase_back_to_back_ms": statistics.median(back_to_back),
       "phase_named_ms": statistics.median(named), "labels_on": label_facts().get("on"),
       "pan_ms": statistics.median(pans), "pan_max_ms": max(pans), "pans_ms": [round(p, 1) for p in pans],
       "sorted_table_filter_ms": statistics.median(sorted_ms), "sorted_table_only_ms": table_ms,
       "rows": window.proxy.rowCount(), "state": {k: view.last_state.get(k) for k in ("drawn", "render")}}
print("RESULT " + json.dumps(out), flush=True)
os._exit(0)
"""


def interact(path: Path, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as home:
        result = subprocess.run([sys.executable, "-c", INTERACTIVE, str(path), str(runs)], env=app_env(home),
                                capture_output=True, text=True, timeout=3600, cwd=str(ROOT))
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise SystemExit(f"interactive run failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="*", default=[20000, 200000],
                        help="network sizes (none: only the --reference workspace)")
    parser.add_argument("--open-runs", type=int, default=None,
                        help="timed opens per size (default: 3 up to 50,000 roads, else 1)")
    parser.add_argument("--no-warmup", action="store_true", help="no untimed open before the timed ones")
    parser.add_argument("--runs", type=int, default=6, help="measurements per kind of filter")
    parser.add_argument("--skip-interactive", action="store_true")
    parser.add_argument("--skip-open", action="store_true", help="filters and pans only (no open, no memory)")
    parser.add_argument("--skip-settled", action="store_true", help="no settled_rss_mb (a session's first seconds)")
    parser.add_argument("--keep", type=Path, default=None, help="write the GeoPackages here (reused if present)")
    parser.add_argument("--reference", type=int, default=0, metavar="N",
                        help="also open a workspace of the bundled data holding a reference layer of N lines "
                             "(a city's network: imported as `qxmap import --as reference` imports it)")
    args = parser.parse_args()
    from qxmap.synthetic import write_synthetic_gpkg

    result = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        for n in args.n:
            path = folder / f"scale-{n}.gpkg"
            if not path.exists():
                start = time.perf_counter()
                write_synthetic_gpkg(path, n)
                print(f"n={n}: wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB) in "
                      f"{time.perf_counter() - start:.1f} s", flush=True)
            if args.skip_open:
                inter = interact(path, args.runs)
                print(f"n={n}: " + json.dumps(inter), flush=True)
                result = {"n": n, **inter}
                continue
            read_s = read_baseline(path)
            runs = args.open_runs or (3 if n <= 50000 else 1)
            if not args.no_warmup and n <= 50000:
                open_once(path)
            opens = [open_once(path) for _ in range(runs)]
            open_s = statistics.median(o["open_s"] for o in opens)
            peak = max(o["peak_rss_mb"] for o in opens)
            pss = max(o["peak_pss_mb"] for o in opens)
            each = ", ".join(f"{o['open_s']:.2f}" for o in opens)
            print(f"n={n}: open {open_s:.2f} s (runs: {each}); "
                  f"read_dataframe {read_s:.2f} s; ratio {open_s / read_s:.1f}; "
                  f"peak RSS {peak:.0f} MB (sum of VmHWM over {opens[-1]['processes']} processes), "
                  f"peak PSS {pss:.0f} MB", flush=True)
            result = {"n": n, "open_s": round(open_s, 2), "open_min_s": round(min(o["open_s"] for o in opens), 2),
                      "read_s": round(read_s, 2),
                      "open_ratio": round(open_s / read_s, 1), "peak_rss_mb": round(peak)}
            if not args.skip_interactive:
                inter = interact(path, args.runs)
                kinds = inter["filters_ms"]
                worst = max(kinds, key=kinds.get)
                print(f"n={n}: filters (median ms) " + "; ".join(f"{k} {v:.1f}" for k, v in kinds.items())
                      + f"; pan/zoom {inter['pan_ms']:.1f} (each: {', '.join(f'{p:.0f}' for p in inter['pans_ms'])}); "
                      f"sorted-table filter change {inter['sorted_table_filter_ms']:.1f} "
                      f"(table alone {inter['sorted_table_only_ms']:.1f})", flush=True)
                result.update({"filter_worst_kind_ms": round(kinds[worst], 1),
                               "filter_worst_kind": worst,
                               "filter_phase_ms": round(kinds["one phase"], 1),
                               "filter_phase_back_to_back_ms": round(inter["phase_back_to_back_ms"], 1),
                               "filter_phase_named_ms": round(inter["phase_named_ms"], 1),
                               "sorted_table_filter_ms": round(inter["sorted_table_filter_ms"], 1),
                               "pan_ms": round(inter["pan_ms"], 1), "pans_ms": inter["pans_ms"]})
            result["peak_pss_mb"] = round(pss)
            if not args.skip_settled:
                settled = settled_once(path, max(8.0, 2.5 * open_s))
                print(f"n={n}: settled (the first {max(8.0, 2.5 * open_s):.0f} s of a session, names placed): "
                      f"peak RSS {settled['settled_rss_mb']:.0f} MB, peak PSS {settled['settled_pss_mb']:.0f} MB",
                      flush=True)
                result.update(settled_rss_mb=round(settled["settled_rss_mb"]),
                              settled_pss_mb=round(settled["settled_pss_mb"]))
            result["load_average"] = round(os.getloadavg()[0], 1)  # other work on the machine meanwhile
        if args.reference:
            path = reference_workspace(folder, args.reference)
            opens = [open_once(path) for _ in range(args.open_runs or 1)]
            open_s = statistics.median(o["open_s"] for o in opens)
            peak = max(o["peak_rss_mb"] for o in opens)
            print(f"reference={args.reference}: open {open_s:.2f} s (runs: "
                  + ", ".join(f"{o['open_s']:.2f}" for o in opens) + f"); peak RSS {peak:.0f} MB, "
                  f"peak PSS {max(o['peak_pss_mb'] for o in opens):.0f} MB", flush=True)
            result = dict(result or {}, reference_n=args.reference, reference_open_s=round(open_s, 2),
                          reference_peak_rss_mb=round(peak))
            if not args.skip_interactive:  # pans and zooms over the whole network
                inter = interact(path, args.runs)
                print(f"reference={args.reference}: pan/zoom {inter['pan_ms']:.1f} ms "
                      f"(max {inter['pan_max_ms']:.1f})", flush=True)
                result.update(reference_pan_ms=round(inter["pan_ms"], 1), reference_pan_max_ms=round(inter["pan_max_ms"], 1))
    print(json.dumps(result), flush=True)


def reference_workspace(folder: Path, n: int) -> Path:
    """A workspace of the bundled data with a reference layer of *n* synthetic lines (reused if present)."""
    path = folder / f"reference-{n}.gpkg"
    if path.exists():
        return path
    import geopandas as gpd
    import shapely

    from qxmap.importing import read_layer, suggest_mapping
    from qxmap.synthetic import synthetic_layers
    from qxmap.workspace import Workspace, create_workspace, import_into

    start = time.perf_counter()
    roads = [r for r in synthetic_layers(n, seed=5, n_exits=0)["roads"] if r["geometry"]]
    source = gpd.GeoDataFrame({"名称": [r["properties"]["name_zh"] for r in roads]},
                              geometry=[shapely.LineString(r["geometry"]["coordinates"]) for r in roads],
                              crs="EPSG:4326")
    city = folder / f"city-{n}.gpkg"
    source.to_file(city, driver="GPKG")
    layer = read_layer(city)
    mapping = suggest_mapping(layer, target="reference")
    work = create_workspace(ROOT / "geodata" / "qingxi", folder / "reference-tmp.gpkg")
    import_into(Workspace.open(work), layer, mapping, by="benchmark", reference_title="全市路网")
    Path(work).replace(path)
    city.unlink()
    print(f"reference={n}: wrote {path.name} ({len(roads)} lines, {path.stat().st_size / 1e6:.1f} MB) in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return path


if __name__ == "__main__":
    main()
