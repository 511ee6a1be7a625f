"""Loading and validating datasets: the bundled data, every bad case, CRS handling, lengths."""
import json
import math
import shutil

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString

from qxmap import schema
from qxmap.dataset import DatasetError, load_dataset, validate

from conftest import DATA

BAD = DATA / "bad"
CASES = json.loads((BAD / "cases.json").read_text(encoding="utf-8"))


def test_bundled_dataset_is_valid_and_counts_match_the_report(bundled):
    roads = bundled.layers["roads"]
    exits = bundled.layers["exits"]
    by_cat = roads["category"].value_counts().to_dict()
    assert by_cat["expressway"] == 4
    assert by_cat["external"] == 10
    assert by_cat["town"] == 24
    assert len(exits) == 8
    ext = roads[roads["category"] == "external"]
    town = roads[roads["category"] == "town"]
    assert (ext["phase"] == "underway").sum() == 2
    assert (town["phase"] == "underway").sum() == 11
    assert (town["phase"] == "start_this_year").sum() == 11
    names = " ".join(roads["name_zh"]) + " ".join(exits["name_zh"])
    for named in ("S358", "谢坑", "东深二线", "博深", "清溪支线", "X886", "X231"):
        assert named in names, named


def test_every_bundled_feature_says_its_source_and_accuracy(bundled):
    for name, frame in bundled.layers.items():
        for row, geom in zip(frame.to_dict("records"), frame.geometry):
            assert row["source"], (name, row["id"])
            assert row["geometry_accuracy"] in schema.ACCURACIES
            mapped = geom is not None and not geom.is_empty
            assert (row["geometry_accuracy"] == "unmapped") == (not mapped), row["id"]
            assert row["geometry_accuracy"] != "surveyed"  # nothing here is survey data


def test_unnamed_records_are_labelled_neutrally(bundled):
    roads = bundled.layers["roads"]
    unmapped = roads[roads.geometry.isna()]
    assert len(unmapped) > 20
    generic = unmapped["name_zh"].str.contains("未具名")
    named_unmapped = unmapped[~generic]["id"].tolist()
    # the only unmapped records with a name are ones the report names itself
    assert set(named_unmapped) <= {"road-x886", "road-x231"}


def test_bundled_source_quotes_come_from_the_report(bundled):
    from pathlib import Path

    report = next((Path(__file__).resolve().parents[2] / "shared" / "work-report").glob("*.txt"), None)
    if report is None:
        pytest.skip("work report not available")
    text = report.read_text(encoding="utf-8")
    for frame in bundled.layers.values():
        for source in frame["source"]:
            for part in source.split(" … "):
                assert part.strip() in text, part


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_case_is_reported_with_file_and_field(case):
    expected = CASES[case]
    problems = validate(BAD / case)
    assert problems, case
    matching = [p for p in problems if expected["contains"] in p.message]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.file.endswith((".geojson", ".json"))
    if expected["field"]:
        assert problem.field == expected["field"]
        assert expected["field"] in str(problem)
        assert problem.feature is not None or "missing from the layer" in problem.message


def test_there_are_enough_bad_cases():
    assert len(CASES) >= 12


def test_all_problems_are_reported_at_once(tmp_path):
    folder = tmp_path / "many"
    shutil.copytree(DATA / "small", folder)
    roads = json.loads((folder / "roads.geojson").read_text(encoding="utf-8"))
    roads["features"][0]["properties"]["status"] = "nope"
    roads["features"][1]["properties"]["phase"] = "nope"
    roads["features"][2]["properties"]["id"] = roads["features"][3]["properties"]["id"]
    (folder / "roads.geojson").write_text(json.dumps(roads), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    fields = sorted(p.field for p in info.value.problems)
    assert fields == ["id", "phase", "status"]


def test_missing_path_is_a_clear_problem(tmp_path):
    problems = validate(tmp_path / "nothing-here")
    assert len(problems) == 1 and "no such file" in problems[0].message


def test_declared_crs_is_reprojected(tmp_path):
    small = load_dataset(DATA / "small")
    folder = tmp_path / "projected"
    folder.mkdir()
    for name, frame in small.layers.items():
        if len(frame):
            out = frame.drop(columns=["length_km", "area_km2"]).to_crs(schema.METRIC_CRS)
            pyogrio.write_dataframe(out, folder / f"{name}.gpkg", layer=name)
    # one GeoPackage per layer is not a dataset; put them in one file
    gpkg = tmp_path / "projected.gpkg"
    for name, frame in small.layers.items():
        if len(frame):
            out = frame.drop(columns=["length_km", "area_km2"]).to_crs(schema.METRIC_CRS)
            pyogrio.write_dataframe(out, gpkg, layer=name)
    loaded = load_dataset(gpkg)
    assert loaded.layers["roads"].crs.to_epsg() == 4326
    a = small.layers["roads"].geometry.dropna().reset_index(drop=True)
    b = loaded.layers["roads"].geometry.dropna().reset_index(drop=True)
    for g1, g2 in zip(a, b):
        assert g1.equals_exact(g2, 1e-7)


def test_geojson_with_crs_member_is_reprojected(tmp_path):
    small = load_dataset(DATA / "small")
    folder = tmp_path / "crs"
    folder.mkdir()
    frame = small.layers["roads"].drop(columns=["length_km", "area_km2"]).to_crs(schema.METRIC_CRS)
    doc = json.loads(frame.to_json())
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}
    (folder / "roads.geojson").write_text(json.dumps(doc), encoding="utf-8")
    loaded = load_dataset(folder)
    x, y = loaded.layers["roads"].geometry.iloc[0].coords[0]
    assert x == pytest.approx(114.16, abs=1e-6) and y == pytest.approx(22.84, abs=1e-6)


def test_single_geojson_with_layer_property(tmp_path):
    small = load_dataset(DATA / "small")
    features = []
    for name, frame in small.layers.items():
        for feat in json.loads(frame.drop(columns=["length_km", "area_km2"]).to_json())["features"]:
            feat["properties"]["layer"] = name
            features.append(feat)
    path = tmp_path / "all.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    loaded = load_dataset(path)
    assert loaded.counts() == small.counts()


def meridian_arc_m(lat1_deg, lat2_deg):
    """Hand formula: meridian arc on GRS80 by numeric integration of M(phi)."""
    a = 6378137.0
    f = 1 / 298.257222101
    e2 = f * (2 - f)
    n = 2000
    total = 0.0
    for i in range(n):
        phi = math.radians(lat1_deg + (lat2_deg - lat1_deg) * (i + 0.5) / n)
        m = a * (1 - e2) / (1 - e2 * math.sin(phi) ** 2) ** 1.5
        total += m * math.radians(lat2_deg - lat1_deg) / n
    return total


def test_length_is_measured_in_a_metric_crs(tmp_path):
    # A road along the 114E meridian (the central meridian of EPSG:4547, scale 1).
    folder = tmp_path / "one"
    folder.mkdir()
    frame = gpd.GeoDataFrame(
        [{"id": "m1", "name_zh": "经线", "name_en": None, "category": "town", "status": "planned",
          "phase": "underway", "geometry_accuracy": "schematic", "source": "test"}],
        geometry=[LineString([(114.0, 22.8), (114.0, 22.9)])], crs="EPSG:4326")
    frame.to_file(folder / "roads.geojson", driver="GeoJSON")
    loaded = load_dataset(folder)
    expected_km = meridian_arc_m(22.8, 22.9) / 1000
    assert expected_km == pytest.approx(11.07, abs=0.02)
    assert loaded.layers["roads"]["length_km"].iloc[0] == pytest.approx(expected_km, rel=1e-4)


def test_area_in_square_km(bundled):
    boundary = bundled.layers["boundary"]
    assert boundary["area_km2"].iloc[0] == pytest.approx(140.8, rel=0.06)
