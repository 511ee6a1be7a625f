"""Benchmark: save 1,000 pending edits on a 20,000-road workspace.

Builds a synthetic workspace in a temporary folder, then RUNS times queues
1,000 edits (status steps forward, progress, notes on random roads) and times
Workspace.save().  As a baseline, the same process times one plain SQLite
transaction writing 1,000 UPDATEs to the same file without any checks or
history.  Ends with one JSON line:

    {"median_ms": ..., "baseline_ms": ..., "ratio": ..., "n_roads": 20000, "n_edits": 1000}

Target: median_ms <= 200.

Usage: python benchmarks/save.py [--roads N] [--edits N] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from qxmap.editing import STATUS_FLOW
from qxmap.synthetic import write_synthetic
from qxmap.workspace import Workspace, create_workspace


def queue_edits(ws: Workspace, ids: list[str], n: int, run: int, rng: random.Random) -> int:
    queued = 0
    for fid in rng.sample(ids, n):
        record = ws.record(fid)
        kind = queued % 3
        if kind == 0 and record["status"] in STATUS_FLOW[:-1]:
            new_status = STATUS_FLOW[STATUS_FLOW.index(record["status"]) + 1]
            ws.apply(ws.make_edit(fid, "status", new_status, note=f"benchmark run {run}"))
        elif kind == 1:
            current = record["progress"]
            value = float(rng.randint(0, 100))
            if current is not None and value == current:
                value = (value + 1) % 101
            ws.apply(ws.make_edit(fid, "progress", value))
        else:
            ws.apply(ws.make_edit(fid, "note", f"benchmark run {run} edit {queued}"))
        queued += 1
    return len(ws.pending)


def baseline_ms(path: Path, ids: list[str], n: int, rng: random.Random) -> float:
    """One plain transaction of *n* UPDATEs (no checks, no history) on the same file."""
    conn = sqlite3.connect(path, isolation_level=None)
    # GDAL's R-tree triggers name these functions; they never run for attribute updates.
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        conn.create_function(name, 1, lambda blob: None, deterministic=True)
    rows = [(f"baseline {rng.random():.6f}", fid) for fid in rng.sample(ids, n)]
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany('UPDATE roads SET "note" = ?, "revision" = "revision" + 1 WHERE "id" = ?', rows)
    conn.execute("COMMIT")
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roads", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(20240501)
    with tempfile.TemporaryDirectory(prefix="qxmap-bench-save-") as tmp:
        tmp_path = Path(tmp)
        t0 = time.perf_counter()
        source = write_synthetic(tmp_path / "source", args.roads)
        path = create_workspace(source, tmp_path / "bench.gpkg")
        t1 = time.perf_counter()
        ws = Workspace.open(path)
        t2 = time.perf_counter()
        ids = list(ws.dataset.layers["roads"]["id"])
        print(f"workspace: {args.roads} roads, built in {(t1 - t0):.1f} s, opened in {(t2 - t1):.2f} s",
              flush=True)
        times = []
        for run in range(1, args.runs + 1):
            q0 = time.perf_counter()
            queued = queue_edits(ws, ids, args.edits, run, rng)
            q1 = time.perf_counter()
            written = ws.save("benchmark")
            q2 = time.perf_counter()
            assert written == queued and not ws.is_dirty
            times.append((q2 - q1) * 1000)
            print(f"run {run}: queued {queued} edits in {(q1 - q0) * 1000:.0f} ms, "
                  f"save {times[-1]:.1f} ms", flush=True)
        history = len(ws.history())
        assert history == args.runs * args.edits, history
        baselines = [baseline_ms(path, ids, args.edits, rng) for _ in range(args.runs)]
        for i, b in enumerate(baselines, 1):
            print(f"baseline {i}: plain transaction of {args.edits} UPDATEs {b:.1f} ms", flush=True)
    median = statistics.median(times)
    base = statistics.median(baselines)
    print(json.dumps({"median_ms": round(median, 1), "baseline_ms": round(base, 1),
                      "ratio": round(median / base, 2) if base else None,
                      "n_roads": args.roads, "n_edits": args.edits}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
