"""Coordinates of imported data: CRS guesses from the numbers, GCJ-02 and BD-09
declared, placement checks judged on the data itself, BD-09 against published pairs."""
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

from qxmap import gcj02
from qxmap.importing import bd09
from qxmap.importing import crs as crsmod
from qxmap.importing import inspect_source, plan_import, read_layer, suggest_mapping

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

GEOD = Geod(ellps="WGS84")
QINGXI = (114.16, 22.84)


def metres(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def projected(points_lonlat, code):
    t = Transformer.from_crs("EPSG:4326", code, always_xy=True)
    return shapely.transform(np.asarray(points_lonlat, dtype=object),
                             lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


@pytest.fixture(scope="module")
def road_lines():
    return np.asarray(ms.bundled_roads().geometry.values, dtype=object)


# ---------------------------------------------------------------- BD-09

# Published pairs.  wandergis/coordtransform (also hutool's CoordinateUtilTest):
# gcj02tobd09(116.404, 39.915) and bd09togcj02(116.404, 39.915).
# hujiulong/gcoord test/unit/crs/GCJ02.spec and BD09.spec: [123, 45].
GCJ_TO_BD = [
    ((116.404, 39.915), (116.41036949371029, 39.92133699351021)),
    ((123.0, 45.0), (123.00636499, 45.00636899)),
]
BD_TO_GCJ = [
    ((116.404, 39.915), (116.39762729119315, 39.90865673957631)),
    ((123.0, 45.0), (122.99363304, 44.99365430)),
]
BD_TO_WGS = [((123.0, 45.0), (122.98762210, 44.99171540))]


@pytest.mark.parametrize("gcj,bd", GCJ_TO_BD)
def test_gcj_to_bd_matches_published_pairs(gcj, bd):
    lon, lat = bd09.gcj_to_bd_array(*gcj)
    assert float(lon) == pytest.approx(bd[0], abs=1e-7)
    assert float(lat) == pytest.approx(bd[1], abs=1e-7)


@pytest.mark.parametrize("bd,gcj", BD_TO_GCJ)
def test_bd_to_gcj_matches_published_pairs_within_a_metre(bd, gcj):
    # the published inverse is the approximate one; ours iterates to the exact inverse
    lon, lat = bd09.bd_to_gcj_array(*bd)
    assert metres(float(lon), float(lat), *gcj) < 1.0
    back = bd09.gcj_to_bd_array(lon, lat)
    assert float(back[0]) == pytest.approx(bd[0], abs=1e-9)
    assert float(back[1]) == pytest.approx(bd[1], abs=1e-9)


@pytest.mark.parametrize("bd,wgs", BD_TO_WGS)
def test_bd_to_wgs_matches_published_pair(bd, wgs):
    lon, lat = bd09.bd_to_wgs_array(*bd)
    assert metres(float(lon), float(lat), *wgs) < 1.0


def test_bd09_round_trip_in_qingxi():
    lon = np.linspace(114.10, 114.23, 50)
    lat = np.linspace(22.78, 22.90, 50)
    blon, blat = bd09.wgs_to_bd_array(lon, lat)
    # Baidu is ~ 1 km off WGS-84 here: the conversion really moves the points
    assert metres(lon[0], lat[0], blon[0], blat[0]) > 500
    back_lon, back_lat = bd09.bd_to_wgs_array(blon, blat)
    assert np.abs(back_lon - lon).max() < 1e-9
    assert np.abs(back_lat - lat).max() < 1e-9


# ---------------------------------------------------------------- guesses


def test_guess_degrees(road_lines):
    cands = crsmod.guess_crs(road_lines)
    assert cands[0].crs == "EPSG:4326" and cands[0].confidence == "high"
    assert not cands[0].swap_xy


def test_guess_zone_prefix_4526_needs_no_hint(road_lines):
    cands = crsmod.guess_crs(projected(road_lines, "EPSG:4526"))
    assert cands[0].crs == "EPSG:4526" and cands[0].confidence == "high"
    assert "zone number 38" in cands[0].reason


def test_guess_without_prefix_uses_the_open_data_to_pick_the_zone(road_lines):
    lines = projected(road_lines, "EPSG:4547")
    unsure = crsmod.guess_crs(lines)
    # without a hint every 3-degree zone that lands in China is possible, none is sure
    assert {c.confidence for c in unsure} == {"low"}
    assert "EPSG:4547" in {c.crs for c in crsmod.guess_crs(lines, limit=30)}
    sure = crsmod.guess_crs(lines, near=QINGXI)
    assert sure[0].crs == "EPSG:4547" and sure[0].confidence in ("high", "medium")
    assert sure[0].score > sure[1].score


def test_guess_web_mercator(road_lines):
    cands = crsmod.guess_crs(projected(road_lines, "EPSG:3857"))
    assert cands[0].crs == "EPSG:3857"


def test_guess_surveyors_swapped_axes(road_lines):
    lines = projected(road_lines, "EPSG:4526")
    swapped = shapely.transform(lines, lambda c: c[:, ::-1].copy())
    cands = crsmod.guess_crs(swapped)
    assert cands[0].crs == "EPSG:4526" and cands[0].swap_xy
    back = crsmod.to_wgs84(swapped, cands[0].crs, swap_xy=True)
    a = shapely.get_coordinates(back)
    b = shapely.get_coordinates(road_lines)
    assert np.abs(a - b).max() < 1e-7


def test_local_cad_coordinates_fit_nothing():
    lines = np.array([shapely.LineString([(0, 0), (1200, 800)]), shapely.LineString([(50, 60), (900, 20)])])
    assert crsmod.guess_crs(lines) == []


def test_in_china_is_a_coarse_land_outline():
    lon = np.array([114.16, 116.40, 121.47, 87.6, 126.6, 109.5, 114.5, 2.35, 139.7])
    lat = np.array([22.84, 39.90, 31.23, 43.8, 45.8, 0.2, 21.0, 48.85, 35.7])
    assert crsmod.in_china(lon, lat).tolist() == [True, True, True, True, True, False, False, False, False]


def test_far_from_bulk_is_relative_to_the_data():
    rng = np.random.default_rng(1)
    # a town 10 km across ... somewhere in Sichuan, not Dongguan: nothing is hard-coded
    lon = 104.0 + rng.random(200) * 0.1
    lat = 30.6 + rng.random(200) * 0.1
    lon[17], lat[17] = 104.05, 33.0  # 270 km north
    far = crsmod.far_from_bulk(lon, lat)
    assert np.flatnonzero(far).tolist() == [17]
    # a small cluster has no outliers
    assert not crsmod.far_from_bulk(lon[:3], lat[:3]).any()


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("code", ["EPSG:4547", "EPSG:4526"])
def test_shapefile_with_prj_is_declared(tmp_path, code):
    shp = ms.write_shapefile(ms.chinese_roads(crs=code), tmp_path / "roads.shp")
    layer = inspect_source(shp).layers[0]
    assert layer.crs == code
    assert layer.crs_candidates == []
    assert layer.bounds_wgs84[0] == pytest.approx(114.11, abs=0.02)


def test_shapefile_4547_without_prj_is_guessed_and_planned(tmp_path, bundled):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp", prj=False)
    layer = read_layer(shp, near=QINGXI)
    assert layer.info.crs is None
    assert layer.info.effective_crs == "EPSG:4547"
    mapping = suggest_mapping(layer)
    assert mapping.crs == "EPSG:4547"
    plan = plan_import(layer, mapping, bundled)
    original = ms.bundled_roads().geometry.values
    got = plan.features.geometry.values
    coords_a, coords_b = shapely.get_coordinates(got), shapely.get_coordinates(original)
    assert np.abs(coords_a - coords_b).max() < 1e-6  # well under 1 m


def test_an_unsure_guess_is_not_put_in_the_mapping(tmp_path, bundled):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp", prj=False)
    layer = read_layer(shp)  # no hint: the zone cannot be told
    assert layer.info.effective_crs is None
    mapping = suggest_mapping(layer)
    assert mapping.crs is None
    with pytest.raises(Exception, match="no coordinate system.*EPSG:45"):
        plan_import(layer, mapping, bundled)


def test_shapefile_4526_without_prj_is_guessed_without_a_hint(tmp_path):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4526"), tmp_path / "roads.shp", prj=False, cpg=False,
                             ldid=0x4D)
    info = inspect_source(shp).layers[0]
    assert info.crs is None
    assert info.crs_candidates[0].crs == "EPSG:4526"
    assert info.effective_crs == "EPSG:4526"


def test_a_wrong_declaration_is_flagged_and_a_better_guess_offered(tmp_path):
    # projected metres in a file that claims WGS-84 (a .prj copied from elsewhere)
    frame = ms.chinese_roads(crs="EPSG:4547").set_crs("EPSG:4326", allow_override=True)
    shp = ms.write_shapefile(frame, tmp_path / "roads.shp")
    info = inspect_source(shp, near=QINGXI).layers[0]
    assert info.crs == "EPSG:4326" and info.crs_doubtful
    assert any("outside China or at sea" in n for n in info.notes)
    assert info.effective_crs == "EPSG:4547"


def test_degrees_read_as_metres_land_at_sea_and_are_flagged(tmp_path, bundled):
    csv = ms.write_csv(tmp_path / "pts.csv", ms.point_rows())
    layer = read_layer(csv)
    mapping = suggest_mapping(layer, target="exits")
    mapping.crs = "EPSG:4547"  # wrong: the numbers are degrees
    plan = plan_import(layer, mapping, bundled)
    assert any("outside China or at sea" in w for w in plan.warnings)


def test_gcj02_declared_is_converted_to_wgs84(tmp_path, bundled):
    rows = ms.point_rows()
    truth = [(r["经度"], r["纬度"]) for r in rows]
    for r in rows:  # as traced on AMap: GCJ-02
        r["经度"], r["纬度"] = gcj02.wgs_to_gcj(r["经度"], r["纬度"])
    csv = ms.write_csv(tmp_path / "amap.csv", rows)
    layer = read_layer(csv)
    mapping = suggest_mapping(layer, target="exits")
    mapping.crs = "GCJ-02"
    plan = plan_import(layer, mapping, bundled)
    assert plan.crs == "GCJ-02"
    for (lon, lat), geom, r in zip(truth, plan.features.geometry, rows):
        # the same as qxmap.gcj02's inverse, and within 1 m of where the points really are
        inv = gcj02.gcj_to_wgs(r["经度"], r["纬度"])
        assert (geom.x, geom.y) == pytest.approx(inv, abs=1e-9)
        assert metres(geom.x, geom.y, lon, lat) < 1.0
        assert metres(r["经度"], r["纬度"], lon, lat) > 300  # the file really was off


def test_bd09_declared_is_converted_to_wgs84(tmp_path, bundled):
    rows = ms.point_rows()
    truth = [(r["经度"], r["纬度"]) for r in rows]
    lon, lat = bd09.wgs_to_bd_array([t[0] for t in truth], [t[1] for t in truth])
    for r, x, y in zip(rows, lon, lat):
        r["经度"], r["纬度"] = float(x), float(y)
    layer = read_layer(ms.write_csv(tmp_path / "baidu.csv", rows))
    mapping = suggest_mapping(layer, target="exits")
    mapping.crs = "百度"
    plan = plan_import(layer, mapping, bundled)
    assert plan.crs == "BD-09"
    for (x, y), geom in zip(truth, plan.features.geometry):
        assert metres(geom.x, geom.y, x, y) < 1.0


def test_parse_crs_names():
    assert crsmod.parse_crs("4547").name == "EPSG:4547"
    assert crsmod.parse_crs("AMap").kind == "gcj02"
    assert crsmod.parse_crs("bd09").kind == "bd09"
    with pytest.raises(crsmod.CrsError, match="unknown coordinate system 'EPSG:999999'"):
        crsmod.parse_crs("EPSG:999999")
