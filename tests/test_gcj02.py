"""WGS-84 <-> GCJ-02: published reference values, Qingxi offset, round trip, JS agreement."""
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from qxmap import gcj02
from qxmap.gcj02 import (
    gcj_to_wgs,
    gcj_to_wgs_array,
    geometry_gcj_to_wgs,
    geometry_wgs_to_gcj,
    out_of_china,
    transform_geometry,
    wgs_to_gcj,
    wgs_to_gcj_array,
)

GEOD = Geod(ellps="WGS84")
JS = Path(__file__).resolve().parent.parent / "resources" / "page" / "gcj02.js"


def metres(lon1, lat1, lon2, lat2) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


# Published test vectors, (wgs_lon, wgs_lat, gcj_lon, gcj_lat).
# Source: googollee/eviltransform, go/transform_test.go and python/test.py
# ("shanghai", "shenzhen", "beijing"; there given as lat, lng pairs).
EVILTRANSFORM = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),    # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),    # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),    # Beijing
]
# Source: hujiulong/gcoord, test/unit/crs/WGS84.spec.ts ("WGS84 to GCJ02")
# and test/unit/crs/GCJ02.spec.ts ("GCJ02 to WGS84"), point [123, 45].
GCOORD_WGS_TO_GCJ = ((123.0, 45.0), (123.00607541, 45.00197815))
GCOORD_GCJ_TO_WGS = ((123.0, 45.0), (122.99395597, 44.99804071))


@pytest.mark.parametrize("wlon,wlat,glon,glat", EVILTRANSFORM)
def test_forward_matches_published_vectors(wlon, wlat, glon, glat):
    lon, lat = wgs_to_gcj(wlon, wlat)
    assert metres(lon, lat, glon, glat) < 1.0
    # the vectors come from the same formula: agreement is in fact far tighter
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize("wlon,wlat,glon,glat", EVILTRANSFORM)
def test_inverse_matches_published_vectors(wlon, wlat, glon, glat):
    lon, lat = gcj_to_wgs(glon, glat)
    assert metres(lon, lat, wlon, wlat) < 1.0
    assert lon == pytest.approx(wlon, abs=1e-7)
    assert lat == pytest.approx(wlat, abs=1e-7)


def test_gcoord_reference_points():
    (wlon, wlat), (glon, glat) = GCOORD_WGS_TO_GCJ
    lon, lat = wgs_to_gcj(wlon, wlat)
    assert metres(lon, lat, glon, glat) < 1.0
    (glon, glat), (wlon, wlat) = GCOORD_GCJ_TO_WGS
    lon, lat = gcj_to_wgs(glon, glat)
    assert metres(lon, lat, wlon, wlat) < 1.0


def test_qingxi_offset_matches_reference():
    # /work/shared/reference/qingxi/README.md: GCJ - WGS ~ +0.00500 lon, -0.00270 lat,
    # ~513 m E, ~298 m S, ~590 m in total.
    wlon, wlat = 114.16, 22.85
    glon, glat = wgs_to_gcj(wlon, wlat)
    assert glon - wlon == pytest.approx(0.0050, abs=0.0003)
    assert glat - wlat == pytest.approx(-0.0027, abs=0.0003)
    total = metres(wlon, wlat, glon, glat)
    assert 500 <= total <= 650
    east = metres(wlon, wlat, glon, wlat)
    south = metres(wlon, wlat, wlon, glat)
    assert 480 <= east <= 550
    assert 270 <= south <= 330


@settings(max_examples=300, deadline=None)
@given(lon=st.floats(113.9, 114.4), lat=st.floats(22.6, 23.1))
def test_round_trip_qingxi(lon, lat):
    back = gcj_to_wgs(*wgs_to_gcj(lon, lat))
    assert metres(lon, lat, *back) < 0.01
    assert abs(back[0] - lon) < 1e-9 and abs(back[1] - lat) < 1e-9


@settings(max_examples=300, deadline=None)
@given(lon=st.floats(73.0, 135.0), lat=st.floats(18.0, 53.5))
def test_round_trip_china(lon, lat):
    back = gcj_to_wgs(*wgs_to_gcj(lon, lat))
    assert metres(lon, lat, *back) < 0.01
    # and the other way: a GCJ point maps to a WGS point that maps back to it
    fwd = wgs_to_gcj(*gcj_to_wgs(lon, lat))
    assert metres(lon, lat, *fwd) < 0.01


@pytest.mark.parametrize("lon,lat", [(-0.1276, 51.5072), (2.35, 48.86), (-74.0, 40.7),
                                     (139.69, 35.69), (151.2, -33.87), (183.0, 45.0), (100.0, 60.0)])
def test_out_of_china_unchanged(lon, lat):
    assert out_of_china(lon, lat)
    assert wgs_to_gcj(lon, lat) == (lon, lat)
    assert gcj_to_wgs(lon, lat) == (lon, lat)
    x, y = wgs_to_gcj_array([lon], [lat])
    assert (x[0], y[0]) == (lon, lat)


def test_inside_china_is_shifted():
    assert not out_of_china(114.16, 22.85)
    assert wgs_to_gcj(114.16, 22.85) != (114.16, 22.85)


def test_arrays_match_scalars():
    rng = np.random.default_rng(6)
    lon = np.concatenate([rng.uniform(73, 135, 500), [2.35, 114.16, np.nan]])
    lat = np.concatenate([rng.uniform(18, 53, 500), [48.86, 22.85, 22.0]])
    glon, glat = wgs_to_gcj_array(lon, lat)
    wlon, wlat = gcj_to_wgs_array(glon, glat)
    for i in range(len(lon) - 1):
        sg = wgs_to_gcj(lon[i], lat[i])
        assert (glon[i], glat[i]) == pytest.approx(sg, abs=1e-12)
        sw = gcj_to_wgs(glon[i], glat[i])
        assert (wlon[i], wlat[i]) == pytest.approx(sw, abs=1e-12)
        assert abs(wlon[i] - lon[i]) < 1e-9 and abs(wlat[i] - lat[i]) < 1e-9
    assert np.isnan(glon[-1]) and np.isnan(wlon[-1])
    # inputs untouched
    assert lon[-2] == 114.16 and lat[-2] == 22.85


def test_transform_geometry():
    line = shapely.LineString([(114.15, 22.84, 10.0), (114.17, 22.86, 20.0)])
    shifted = geometry_wgs_to_gcj(line)
    assert shifted.has_z
    coords = shapely.get_coordinates(shifted, include_z=True)
    assert list(coords[:, 2]) == [10.0, 20.0]
    assert tuple(coords[0, :2]) == pytest.approx(wgs_to_gcj(114.15, 22.84), abs=1e-12)
    back = geometry_gcj_to_wgs(shifted)
    assert shapely.get_coordinates(back) == pytest.approx(shapely.get_coordinates(line), abs=1e-9)
    # scalar functions are accepted too, and polygons with holes keep their structure
    poly = shapely.Polygon([(114.1, 22.8), (114.2, 22.8), (114.2, 22.9), (114.1, 22.9)],
                           [[(114.14, 22.84), (114.16, 22.84), (114.16, 22.86)]])
    moved = transform_geometry(poly, wgs_to_gcj)
    assert len(moved.interiors) == 1
    assert moved.is_valid
    assert moved.centroid.x - poly.centroid.x == pytest.approx(0.005, abs=0.0005)
    arr = geometry_wgs_to_gcj(np.array([line, None, shapely.Point(2.35, 48.86)], dtype=object))
    assert arr[1] is None and arr[2].equals(shapely.Point(2.35, 48.86))
    assert transform_geometry(None, wgs_to_gcj_array) is None


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_javascript_agrees_with_python():
    points = [(114.16, 22.85), (114.0979, 22.7705), (114.2309, 22.9071), (121.5272106, 31.1774276),
              (116.377817, 39.911954), (87.6, 43.8), (2.35, 48.86), (123.0, 45.0)]
    script = (
        "global.window = {};\n"
        f"eval(require('fs').readFileSync({json.dumps(str(JS))}, 'utf8'));\n"
        f"const pts = {json.dumps(points)};\n"
        "const out = pts.map(([lon, lat]) => {\n"
        "  const g = window.qxmapGcj02.wgsToGcj(lat, lon);\n"
        "  const w = window.qxmapGcj02.gcjToWgs(g[0], g[1]);\n"
        "  return [g[1], g[0], w[1], w[0]];\n"
        "});\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=60, check=True)
    js = json.loads(result.stdout)
    for (lon, lat), (glon, glat, wlon, wlat) in zip(points, js):
        assert (glon, glat) == pytest.approx(wgs_to_gcj(lon, lat), abs=1e-9)
        assert (wlon, wlat) == pytest.approx(gcj_to_wgs(glon, glat), abs=1e-9)


def test_constants_same_as_javascript():
    text = JS.read_text(encoding="utf-8")
    assert f"var A = {gcj02.A!r};" in text
    assert "var EE = 0.00669342162296594323;" in text
    assert gcj02.EE == 0.00669342162296594323
    for bound in ("72.004", "137.8347", "0.8293", "55.8271"):
        assert bound in text


def test_the_array_inverse_takes_scalars_and_any_shape():
    import numpy as np

    from qxmap.gcj02 import gcj_to_wgs, gcj_to_wgs_array

    lon, lat = gcj_to_wgs_array(np.float64(114.17), np.float64(22.84))
    assert lon.shape == () and abs(float(lon) - gcj_to_wgs(114.17, 22.84)[0]) < 1e-12
    grid_lon, grid_lat = gcj_to_wgs_array(np.full((2, 3), 114.17), np.full((2, 3), 22.84))
    assert grid_lon.shape == (2, 3) and np.allclose(grid_lat, float(lat))
