"""``qxmap set-geometry`` and the history it leaves (issue 12 §3).

Run as a user runs it: ``python -m qxmap`` in a child process.  The same rules
as drawing in the app; a bad geometry is one line on stderr, exit 1, and the
file is not touched.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

import pytest
from pyproj import Transformer

from qxmap.gcj02 import wgs_to_gcj
from qxmap.workspace import Workspace

from conftest import ROOT

ROAD = "road-expy-03"  # not yet mapped
EXIT = "exit-unnamed-04"  # not yet mapped


def qxmap(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qxmap", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, input=stdin)


def one_line_error(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.startswith("qxmap: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr


def file_state(path):
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT COUNT(*) FROM road_status_history").fetchone(),
                conn.execute("SELECT hex(geom), geometry_accuracy, revision FROM roads WHERE id = ?",
                             (ROAD,)).fetchone())
    finally:
        conn.close()


def test_wkt_puts_a_record_on_the_map_with_history(ws_path):
    done = qxmap("set-geometry", ws_path, ROAD, "--wkt", "LINESTRING (114.15 22.85, 114.17 22.85)",
                 "--note", "from the county plan", "--by", "li")
    assert done.returncode == 0, done.stderr
    assert f"{ROAD}: geometry 0 -> 2.05 km, accuracy unmapped -> drawn (saved, by li)" in done.stdout
    ws = Workspace.open(ws_path)
    assert ws.geometry_of(ROAD).wkt == "LINESTRING (114.15 22.85, 114.17 22.85)"
    assert ws.accuracy_of(ROAD) == "drawn"
    listing = qxmap("history", ws_path, ROAD)
    assert listing.returncode == 0
    assert "geometry: 0 -> 2.05 km  by li  (from the county plan)" in listing.stdout
    assert "geometry_accuracy: unmapped -> drawn" in listing.stdout
    table = list(csv.DictReader(io.StringIO(qxmap("history", ws_path, ROAD, "--csv").stdout)))
    assert table[0]["field"] == "geometry" and table[0]["old_value"] == ""
    assert table[0]["new_value"] == "LINESTRING (114.15 22.85, 114.17 22.85)"  # the geometry itself
    assert table[1]["field"] == "geometry_accuracy" and table[1]["new_value"] == "drawn"


def test_geojson_file_in_a_projected_crs(ws_path, tmp_path):
    to_4547 = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
    coords = [list(to_4547.transform(lon, lat)) for lon, lat in ((114.15, 22.85), (114.16, 22.86))]
    path = tmp_path / "road.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": {"type": "LineString", "coordinates": coords}}]}))
    done = qxmap("set-geometry", ws_path, ROAD, "--geojson", path, "--crs", "EPSG:4547")
    assert done.returncode == 0, done.stderr
    ws = Workspace.open(ws_path)
    (x0, y0), (x1, y1) = ws.geometry_of(ROAD).coords
    assert (x0, y0, x1, y1) == pytest.approx((114.15, 22.85, 114.16, 22.86), abs=1e-8)
    assert ws.accuracy_of(ROAD) == "imported"  # a file from elsewhere: its accuracy is not ours to claim


def test_gcj02_point_from_stdin_with_an_accuracy(ws_path):
    gx, gy = wgs_to_gcj(114.155, 22.855)
    done = qxmap("set-geometry", ws_path, EXIT, "--geojson", "-", "--crs", "gcj02", "--accuracy", "surveyed",
                 stdin=json.dumps({"type": "Point", "coordinates": [gx, gy]}))
    assert done.returncode == 0, done.stderr
    ws = Workspace.open(ws_path)
    point = ws.geometry_of(EXIT)
    assert (point.x, point.y) == pytest.approx((114.155, 22.855), abs=1e-7)  # well within 1 m
    assert ws.accuracy_of(EXIT) == "surveyed"


@pytest.mark.parametrize("args, words", [
    (["--wkt", "POLYGON ((114.15 22.85, 114.16 22.86, 114.16 22.85, 114.15 22.86, 114.15 22.85))"],
     "a Polygon cannot go in the layer 'roads'"),
    (["--wkt", "LINESTRING (114.15 22.85)"], "a line needs at least two distinct vertices"),
    (["--wkt", "LINESTRING (120 30, 120.1 30)"], "outside the town's extent"),
    (["--wkt", "LINESTRING (114.15 nan, 114.16 22.85)"], "not finite"),
    (["--wkt", "LINESTRING (515000 2528000, 516000 2528000)"], "not WGS-84"),
    (["--wkt", "LINESTRING (114.15 22.85, 114.16 22.86)", "--accuracy", "unmapped"], "cannot be 'unmapped'"),
    (["--wkt", "LINESTRING (114.15 22.85, 114.16 22.86)", "--crs", "EPSG:99999"], "unknown coordinate system"),
    (["--wkt", "LINE (1 2)"], "not valid WKT"),
])
def test_bad_input_is_one_line_and_leaves_the_file_alone(ws_path, args, words):
    before = file_state(ws_path)
    one_line_error(qxmap("set-geometry", ws_path, ROAD, *args), words)
    assert file_state(ws_path) == before


def test_a_self_intersecting_park_and_a_nan_file(ws_path, tmp_path):
    one_line_error(qxmap("set-geometry", ws_path, "park-hongmenshan", "--wkt",
                         "POLYGON ((114.15 22.85, 114.16 22.86, 114.16 22.85, 114.15 22.86, 114.15 22.85))"),
                   "crosses itself")
    path = tmp_path / "nan.geojson"
    path.write_text('{"type": "LineString", "coordinates": [[114.15, NaN], [114.16, 22.85]]}')
    one_line_error(qxmap("set-geometry", ws_path, ROAD, "--geojson", path), "NaN is not a coordinate")
    one_line_error(qxmap("set-geometry", ws_path, "no-such-id", "--wkt", "POINT (114.15 22.85)"),
                   "unknown feature id 'no-such-id'")


def test_delete_makes_the_record_unmapped_again(ws_path):
    assert qxmap("set-geometry", ws_path, ROAD, "--wkt", "LINESTRING (114.15 22.85, 114.17 22.85)").returncode == 0
    done = qxmap("set-geometry", ws_path, ROAD, "--delete", "--note", "wrong road")
    assert done.returncode == 0 and "geometry 2.05 km -> 0, accuracy drawn -> unmapped" in done.stdout
    ws = Workspace.open(ws_path)
    assert ws.record(ROAD) is not None and ws.geometry_of(ROAD) is None and ws.accuracy_of(ROAD) == "unmapped"
    again = qxmap("set-geometry", ws_path, ROAD, "--delete")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert "geometry: 2.05 km -> 0" in qxmap("history", ws_path, ROAD).stdout
    one_line_error(qxmap("set-geometry", ws_path, "boundary-qingxi", "--delete"), "must keep a geometry")


def test_help_names_the_options():
    done = qxmap("set-geometry", "--help")
    assert done.returncode == 0
    for option in ("--geojson", "--wkt", "--delete", "--crs", "--accuracy", "--note", "--by"):
        assert option in done.stdout
