"""The spatial index filled in bulk (qxmap.workspace.rtreepack) is the index SQLite
would have made row by row: the same entries, rounded the same way, the same answers
to every query, a structure SQLite's own rtreecheck() accepts and keeps updating, and
GDAL's spatial filter finds the same roads in a workspace after a large import."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from qxmap.importing import read_layer, suggest_mapping
from qxmap.workspace import Workspace, create_workspace, import_into
from qxmap.workspace import importstore
from qxmap.workspace.rtreepack import float_down, float_up, refill

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

from conftest import BUNDLED  # noqa: E402


@pytest.fixture
def ws_path(tmp_path):
    return create_workspace(BUNDLED, tmp_path / "work.gpkg")


def _tree(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)")


def _boxes(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(113.9, 114.3, n), rng.uniform(22.7, 23.0, n)
    w, h = rng.uniform(0, 0.01, n), rng.uniform(0, 0.01, n)
    w[: n // 10] = 0  # points
    x[: n // 7] *= -1  # negative coordinates round the other way
    return rng.permutation(n).astype(np.int64) * 3 + 7, np.column_stack([x, x + w, y, y + h])


def _query(conn, box) -> list[int]:
    minx, maxx, miny, maxy = box
    return sorted(r[0] for r in conn.execute(
        "SELECT id FROM r WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?", (maxx, minx, maxy, miny)))


@pytest.mark.parametrize("n", [0, 1, 51, 52, 2601, 2602, 6000])
def test_a_packed_tree_is_the_tree_sqlite_makes_row_by_row(n):
    fids, boxes = _boxes(n, seed=n)
    rows, packed = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    _tree(rows)
    _tree(packed)
    rows.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)", zip(fids.tolist(), *boxes.T.tolist()))
    packed.execute("BEGIN")
    refill(packed, "r", fids, boxes)
    packed.execute("COMMIT")
    assert packed.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    assert sorted(packed.execute("SELECT * FROM r")) == sorted(rows.execute("SELECT * FROM r"))
    rng = np.random.default_rng(1)
    for _ in range(40):
        x, y = rng.uniform(113.85, 114.3), rng.uniform(22.65, 23.0)
        box = (x, x + rng.uniform(0, 0.05), y, y + rng.uniform(0, 0.05))
        assert _query(packed, box) == _query(rows, box)
    # SQLite goes on inserting into and deleting from it as from its own
    packed.execute("INSERT INTO r VALUES (1000000, 114.0, 114.1, 22.8, 22.9)")
    packed.executemany("DELETE FROM r WHERE id = ?", [(int(f),) for f in fids[: n // 2]])
    packed.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)",
                       [(2000000 + i, 114.0 + i / 1e4, 114.0 + i / 1e4, 22.8, 22.8) for i in range(300)])
    assert packed.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    assert packed.execute("SELECT COUNT(*) FROM r").fetchone()[0] == n - n // 2 + 301


def test_a_refill_in_a_transaction_rolled_back_leaves_the_old_tree():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _tree(conn)
    conn.execute("INSERT INTO r VALUES (1, 0, 1, 0, 1)")
    conn.execute("BEGIN")
    fids, boxes = _boxes(500, seed=3)
    refill(conn, "r", fids, boxes)
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT * FROM r").fetchall() == [(1, 0.0, 1.0, 0.0, 1.0)]
    assert conn.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"


finite = st.floats(min_value=-1e30, max_value=1e30, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=20))
def test_coordinates_are_rounded_outwards_as_sqlite_rounds_them(pairs):
    lo = np.array([min(a, b) for a, b in pairs])
    hi = np.array([max(a, b) for a, b in pairs])
    conn = sqlite3.connect(":memory:")
    _tree(conn)
    conn.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)",
                     [(i, a, b, a, b) for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist()))])
    stored = np.array(conn.execute("SELECT minx, maxx FROM r ORDER BY id").fetchall())
    assert np.array_equal(float_down(lo).astype(np.float64), stored[:, 0])
    assert np.array_equal(float_up(hi).astype(np.float64), stored[:, 1])
    # outwards (but for values below float32's range, which SQLite flushes to zero as well)
    normal = (np.abs(lo) > 1e-30) & (np.abs(hi) > 1e-30)
    assert (float_down(lo)[normal] <= lo[normal]).all() and (float_up(hi)[normal] >= hi[normal]).all()


def _many_roads(tmp_path, n: int):
    from qxmap.synthetic import synthetic_layers

    roads = synthetic_layers(n, seed=11, n_exits=0)["roads"]
    frame = gpd.GeoDataFrame(
        {"名称": [f"合成道路{i}" for i in range(len(roads))], "状态": ["规划"] * len(roads),
         "建设阶段": ["未排期"] * len(roads), "道路等级": ["镇内道路"] * len(roads)},
        geometry=[None if r["geometry"] is None else shapely.LineString(r["geometry"]["coordinates"])
                  for r in roads], crs="EPSG:4326")
    return ms.write_gpkg(frame[frame.geometry.notna()], tmp_path / "many.gpkg")


def test_gdal_finds_the_same_roads_after_a_bulk_or_a_row_by_row_import(ws_path, tmp_path, monkeypatch):
    """The bundled workspace holds 41 roads: 1,200 new ones pack the whole index again; with
    REFILL_RATIO 0 the same import goes row by row.  GDAL's spatial filter (which reads
    the index) then finds the same roads in both: exactly those that meet its box."""
    source = _many_roads(tmp_path, 1200)
    copy = tmp_path / "rows.gpkg"
    copy.write_bytes(ws_path.read_bytes())
    for path, ratio in ((ws_path, importstore.REFILL_RATIO), (copy, 0)):
        monkeypatch.setattr(importstore, "REFILL_RATIO", ratio)
        ws = Workspace.open(path)
        layer = read_layer(source)
        import_into(ws, layer, suggest_mapping(layer, target="roads"))
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT rtreecheck('rtree_roads_geom')").fetchone()[0] == "ok"
            assert conn.execute("SELECT COUNT(*) FROM rtree_roads_geom").fetchone()[0] == \
                conn.execute("SELECT COUNT(*) FROM roads WHERE geom IS NOT NULL").fetchone()[0]
        finally:
            conn.close()
    everything = pyogrio.read_dataframe(ws_path, layer="roads")
    rng = np.random.default_rng(2)
    west, south, east, north = everything.total_bounds
    for _ in range(12):
        x, y = rng.uniform(west, east), rng.uniform(south, north)
        box = (x, y, x + rng.uniform(0.002, 0.03), y + rng.uniform(0.002, 0.03))
        packed = set(pyogrio.read_dataframe(ws_path, layer="roads", bbox=box, columns=["id"])["id"])
        rows = set(pyogrio.read_dataframe(copy, layer="roads", bbox=box, columns=["id"])["id"])
        assert packed == rows
        assert packed == set(everything["id"][shapely.intersects(everything.geometry.values, shapely.box(*box))])


READER = r"""
import sys, time
import pyogrio
from qxmap.workspace import Workspace
path, seconds = sys.argv[1], float(sys.argv[2])
reads = errors = 0
end = time.time() + seconds
while time.time() < end:
    try:
        Workspace.open(path)
        pyogrio.read_dataframe(path, layer="roads", bbox=(114.1, 22.8, 114.2, 22.9), columns=["id"])
        reads += 1
    except Exception as exc:  # noqa: BLE001 - every failure counts
        errors += 1
        print("error:", type(exc).__name__, exc, flush=True)
print(f"reads {reads} errors {errors}", flush=True)
"""


def test_imports_that_pack_the_index_while_another_process_reads(ws_path, tmp_path):
    """Real processes: `qxmap import` twice (each packs the index again: the workspace holds
    few roads for the new ones) while another process keeps opening the workspace and
    asking GDAL for the roads in a box.  No read fails, both imports are saved whole,
    and the index is sound and complete."""
    import subprocess

    source = _many_roads(tmp_path, 1500)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(ws_path), "8"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        for k in range(2):
            done = subprocess.run([sys.executable, "-m", "qxmap", "import", str(source), "--to", str(ws_path),
                                   "--as", "roads", "--match", "none", "--json"],
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr[-2000:]
    finally:
        out, err = reader.communicate(timeout=120)
    assert "errors 0" in out and "reads 0" not in out, out + err[-2000:]
    conn = sqlite3.connect(ws_path)
    try:
        assert conn.execute("SELECT rtreecheck('rtree_roads_geom')").fetchone()[0] == "ok"
        located = conn.execute("SELECT COUNT(*) FROM roads WHERE geom IS NOT NULL").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM rtree_roads_geom").fetchone()[0] == located
        n = len(pyogrio.read_dataframe(source, columns=[]))
        assert conn.execute("SELECT COUNT(*) FROM roads WHERE id LIKE 'road-imp-%'").fetchone()[0] == 2 * n
    finally:
        conn.close()
