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


# --------------------------------------------------------------------------
# Untrusted input (issue 10 §4): every bad input is one clear problem, never
# an exception or a hang; what validates is clean for every consumer.

import os  # noqa: E402
import stat  # noqa: E402

import shapely  # noqa: E402

from qxmap import dataset as dataset_module  # noqa: E402


def _small_copy(tmp_path, name="data"):
    folder = tmp_path / name
    shutil.copytree(DATA / "small", folder)
    return folder


def _edit_roads(folder, edit):
    path = folder / "roads.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")  # NaN/Infinity as Python writes them; \uXXXX escapes
    return folder


def _only(problems, field=None):
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    if field is not None:
        assert problem.field == field, str(problem)
    return problem


def test_json_nested_deeper_than_the_parser_goes_is_one_problem(tmp_path):
    folder = _small_copy(tmp_path)
    path = folder / "roads.geojson"
    depth = 100_000
    text = path.read_text(encoding="utf-8").replace(
        '"source": "测试数据"', '"source": "测试数据", "extra": ' + "[" * depth + "]" * depth, 1)
    path.write_text(text, encoding="utf-8")
    problem = _only(validate(folder), field="extra")
    assert problem.file == "roads.geojson" and problem.feature == "#0"
    assert "nested too deeply" in problem.message and "line" in problem.message


@pytest.mark.parametrize("field, value", [
    ("target", float("inf")), ("start", float("-inf")), ("target", float("nan")),
    ("progress", float("nan")), ("progress", float("inf")),
])
def test_non_finite_numbers_are_problems(tmp_path, field, value):
    def edit(doc):
        doc["features"][0]["properties"][field] = value
    folder = _edit_roads(_small_copy(tmp_path), edit)
    assert ("Infinity" in (folder / "roads.geojson").read_text()) or ("NaN" in (folder / "roads.geojson").read_text())
    problem = _only(validate(folder), field=field)
    assert problem.file == "roads.geojson" and problem.feature == "'r1' (#0)"
    assert "not a finite number" in problem.message


@pytest.mark.parametrize("field, value, words", [
    ("name_zh", ["a", "b"], "a list where text is expected"),
    ("name_en", {"en": "x"}, "an object where text is expected"),
    ("source", [], "a list where text is expected"),
    ("note", True, "true/false where text is expected"),
    ("status", ["planned"], "a list where text is expected"),
    ("category", {"a": 1}, "an object where text is expected"),
    ("id", {"a": 1}, "id must be text"),
    ("name_zh", float("nan"), "a non-finite number where text is expected"),
])
def test_lists_and_objects_where_text_is_expected(tmp_path, field, value, words):
    def edit(doc):
        doc["features"][0]["properties"][field] = value
    folder = _edit_roads(_small_copy(tmp_path), edit)
    problems = validate(folder)
    problem = _only(problems, field=field)
    assert words in problem.message
    assert problem.file == "roads.geojson" and problem.feature in ("'r1' (#0)", "#0")


def test_a_huge_integer_where_text_is_expected_is_its_digits(tmp_path):
    # found by the fuzzer: math.isfinite(10 ** 400) overflows
    folder = _edit_roads(_small_copy(tmp_path), lambda doc: doc["features"][0]["properties"].update(name_en=10 ** 400))
    assert load_dataset(folder).find("r1")[1]["name_en"] == "1" + "0" * 400


def test_a_list_as_layer_name_is_a_problem(tmp_path):
    features = json.loads((DATA / "small" / "roads.geojson").read_text(encoding="utf-8"))["features"]
    for feat in features:
        feat["properties"]["layer"] = "roads"
    features[1]["properties"]["layer"] = ["roads"]
    path = tmp_path / "all.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    problem = _only(validate(path), field="layer")
    assert "'layer'" in problem.message and "['roads']" in str(problem)


def test_a_huge_integer_is_broken_json_not_an_exception(tmp_path):
    folder = _small_copy(tmp_path)
    path = folder / "roads.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"target": 2018', '"target": ' + "9" * 5000, 1),
                    encoding="utf-8")
    problem = _only(validate(folder))
    assert problem.file == "roads.geojson" and "broken JSON" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.timeout(60)
def test_a_named_pipe_is_refused_without_waiting_for_it(tmp_path):
    folder = _small_copy(tmp_path)
    (folder / "roads.geojson").unlink()
    os.mkfifo(folder / "roads.geojson")  # nobody ever writes to it: reading it would wait forever
    problem = _only(validate(folder))
    assert problem.file == "roads.geojson" and "not a regular file" in problem.message and "pipe" in problem.message
    os.mkfifo(tmp_path / "pipe.geojson")
    problem = _only(validate(tmp_path / "pipe.geojson"))
    assert "not a regular file" in problem.message and problem.file.endswith("pipe.geojson")
    os.mkfifo(tmp_path / "pipe.gpkg")
    assert "not a regular file" in _only(validate(tmp_path / "pipe.gpkg")).message


@pytest.mark.skipif(not os.path.exists("/dev/zero") or not stat.S_ISCHR(os.stat("/dev/zero").st_mode),
                    reason="needs /dev/zero")
@pytest.mark.timeout(60)
def test_a_device_is_refused_without_reading_it(tmp_path):
    problem = _only(validate("/dev/zero"))
    assert "not a regular file" in problem.message and "device" in problem.message
    link = tmp_path / "roads.geojson"
    link.symlink_to("/dev/zero")  # a device under a layer's name
    assert "device" in _only(validate(tmp_path)).message


def test_a_file_above_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    folder = _small_copy(tmp_path)
    monkeypatch.setattr(dataset_module, "MAX_FILE_BYTES", 1000)
    assert (folder / "roads.geojson").stat().st_size > 1000
    problems = validate(folder)
    assert any(p.file == "roads.geojson" and "too large" in p.message and "1000 bytes" in str(p)
               for p in problems), [str(p) for p in problems]
    monkeypatch.setattr(dataset_module, "MAX_FILE_BYTES", 1 << 20)
    assert validate(folder) == []


@pytest.mark.timeout(60)
def test_a_sparse_file_larger_than_the_limit_is_refused_at_once(tmp_path):
    assert dataset_module.MAX_FILE_BYTES == 512 * 1024 * 1024
    path = tmp_path / "roads.geojson"
    with open(path, "wb") as fh:
        fh.truncate(dataset_module.MAX_FILE_BYTES + 1)  # sparse: no disk space, and never read
    problem = _only(validate(path))
    assert "too large" in problem.message and "512 MB" in str(problem)


def test_control_characters_are_removed_with_a_note(tmp_path):
    def edit(doc):
        props = doc["features"][0]["properties"]
        props["name_zh"] = "测试\x00道路\x07一号\x1b\x7f\t甲\n乙"
        props["source"] = "报告\r\n原文\ud800"  # a Windows line break and a lone surrogate
    folder = _edit_roads(_small_copy(tmp_path), edit)
    loaded = load_dataset(folder)
    row = loaded.find("r1")[1]
    assert row["name_zh"] == "测试道路一号\t甲\n乙"
    assert row["source"] == "报告\n原文\ufffd"
    notes = loaded.notes
    assert [(n.file, n.feature, n.field, n.severity) for n in notes] == [
        ("roads.geojson", "'r1' (#0)", "name_zh", "note"), ("roads.geojson", "'r1' (#0)", "source", "note")]
    assert "control characters removed" in notes[0].message and "U+0000" in notes[0].message
    assert "U+FFFD" in notes[1].message
    text = str(notes[0])
    assert "note:" in text and "\x00" not in text and "\n" not in text
    assert validate(folder) == []  # a note is not a problem
    # every consumer gets the clean text: the XLSX table takes it as it is
    openpyxl = pytest.importorskip("openpyxl")
    from qxmap.exports.tables import write_xlsx

    out = write_xlsx(loaded, None, tmp_path / "t.xlsx")
    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert "测试道路一号\t甲\n乙" in cells


def test_3d_coordinates_are_made_2d_with_a_note(tmp_path):
    def edit(doc):
        for feat in doc["features"]:
            if feat["geometry"]:
                feat["geometry"]["coordinates"] = [xy + [12.5] for xy in feat["geometry"]["coordinates"]]
    folder = _edit_roads(_small_copy(tmp_path), edit)
    loaded = load_dataset(folder)
    roads = loaded.layers["roads"]
    assert not shapely.has_z(roads.geometry.dropna().values).any()
    assert roads["length_km"].iloc[0] > 0
    [note] = loaded.notes
    assert note.is_note and note.field == "geometry" and note.feature == "'r1' (#0)" and "height (Z)" in note.message
    # the consumers that failed on mixed 2D/3D ("Cannot determine common CRS")
    from qxmap.filtering import summarize

    assert summarize(loaded.tracked()).as_dict()["count"] == 6
    from qxmap.mappage import page_data

    assert page_data(loaded)["layers"]["roads"][0]["geometry"]["coordinates"][0] == [114.16, 22.84]


def test_3d_geopackage_is_made_2d_with_a_note(tmp_path):
    small = load_dataset(DATA / "small")
    gpkg = tmp_path / "z.gpkg"
    for name, frame in small.layers.items():
        frame = frame.drop(columns=["length_km", "area_km2"])
        if name == "roads":
            frame = frame.set_geometry(shapely.force_3d(frame.geometry.values, 3.0))
        pyogrio.write_dataframe(frame, gpkg, layer=name, driver="GPKG")
    loaded = load_dataset(gpkg)
    assert not shapely.has_z(loaded.layers["roads"].geometry.dropna().values).any()
    assert [n.file for n in loaded.notes] == ["z.gpkg#roads"]


def test_a_geopackage_without_its_roads_table_is_invalid(tmp_path):
    small = load_dataset(DATA / "small")
    gpkg = tmp_path / "noroads.gpkg"
    for name in ("boundary", "exits"):
        pyogrio.write_dataframe(small.layers[name].drop(columns=["length_km", "area_km2"]), gpkg, layer=name,
                                driver="GPKG")
    problem = _only(validate(gpkg))
    assert problem.file == "noroads.gpkg#roads" and "required layer 'roads' is missing" in problem.message
    # an empty roads table is a roads layer with no features: valid
    pyogrio.write_dataframe(small.layers["roads"].drop(columns=["length_km", "area_km2"]).iloc[:0], gpkg,
                            layer="roads", driver="GPKG", geometry_type="LineString")
    assert validate(gpkg) == []
    assert load_dataset(gpkg).counts()["roads"] == 0


def test_a_geopackage_lists_its_layers_as_gdal_does_and_a_broken_one_says_so(tmp_path):
    """The loader asks SQLite for a GeoPackage's tables (one GDAL open fewer): the same
    tables in the same order as GDAL lists them; a file SQLite cannot read is still
    "not a readable GeoPackage" in GDAL's words."""
    from qxmap.dataset import _gpkg_contents

    small = load_dataset(DATA / "small")
    gpkg = tmp_path / "w.gpkg"
    for name in ("roads", "boundary", "exits"):  # not the schema's order
        pyogrio.write_dataframe(small.layers[name].drop(columns=["length_km", "area_km2"]), gpkg, layer=name,
                                driver="GPKG")
    listed, counts = _gpkg_contents(gpkg)
    assert listed == [str(row[0]) for row in pyogrio.list_layers(gpkg)] == ["roads", "boundary", "exits"]
    assert counts == {name: len(small.layers[name]) for name in listed}
    assert load_dataset(gpkg).counts()["roads"] == len(small.layers["roads"])
    # a table the schema names, in the file but not in its contents (GDAL may list it): GDAL decides
    import sqlite3

    with sqlite3.connect(gpkg) as conn:
        conn.execute('CREATE TABLE "parks" (fid INTEGER PRIMARY KEY, id TEXT)')
    listed, counts = _gpkg_contents(gpkg)
    assert listed is None and counts["roads"] == len(small.layers["roads"])
    assert "parks" in [str(row[0]) for row in pyogrio.list_layers(gpkg)]  # GDAL lists it: so does the loader
    assert {p.file for p in validate(gpkg)} == {"w.gpkg#parks"}
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    assert _gpkg_contents(broken) == (None, {})
    problem = _only(validate(broken))
    assert problem.file == "broken.gpkg" and "not a readable GeoPackage" in problem.message


def test_areas_are_those_of_the_polygons_reprojected_by_geopandas(bundled):
    """Areas are measured with the shared transformer, to the last bit what
    ``GeoSeries.to_crs(METRIC_CRS).area`` gives."""
    import numpy as np
    import shapely

    from qxmap.dataset import _metric_areas

    for name in ("boundary", "parks", "zones"):
        geoms = np.asarray(bundled.layers[name].geometry.values, dtype=object)
        reprojected = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(schema.METRIC_CRS).values
        assert np.array_equal(_metric_areas(geoms), shapely.area(reprojected), equal_nan=True)
        assert np.array_equal(bundled.layers[name]["area_km2"].to_numpy(dtype=float), shapely.area(reprojected) / 1e6,
                              equal_nan=True)


def test_required_layers_are_the_schemas():
    assert schema.REQUIRED_LAYERS == ("roads",)
    assert all(schema.LAYERS[name].required for name in schema.REQUIRED_LAYERS)


def test_a_geojson_folder_without_roads_is_invalid_an_empty_roads_file_is_not(tmp_path):
    folder = _small_copy(tmp_path)
    (folder / "roads.geojson").unlink()
    problem = _only(validate(folder))
    assert "required layer 'roads' is missing" in problem.message and problem.file.endswith("roads.geojson")
    (folder / "roads.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert load_dataset(folder).counts()["roads"] == 0


def test_template_syntax_in_text_is_plain_data(tmp_path):
    def edit(doc):
        props = doc["features"][0]["properties"]
        props["name_zh"] = "{{7*7}}"
        props["name_en"] = "{% for x in range(3) %}x{% endfor %}"
        props["note"] = "{{ unbalanced {% if"
    folder = _edit_roads(_small_copy(tmp_path), edit)
    assert validate(folder) == []
    row = load_dataset(folder).find("r1")[1]
    assert row["name_zh"] == "{{7*7}}"
    assert row["name_en"] == "{% for x in range(3) %}x{% endfor %}"
    assert row["note"] == "{{ unbalanced {% if"


@pytest.mark.parametrize("geometry, words", [
    ({"type": "LineString", "coordinates": [[114.16, float("nan")], [114.17, 22.85]]}, "not a finite number"),
    ({"type": "LineString", "coordinates": [[114.16, True], [114.17, 22.85]]}, "not a number"),
    ({"type": "Point", "coordinates": [10 ** 400, 22.84]}, "not a finite number"),  # found by the fuzzer
    ({"type": "LineString", "coordinates": [[114.16, 22.84]]}, "bad geometry"),
    ({"type": "LineString", "coordinates": 7}, "do not match"),
    ({"type": "LineString"}, "needs 'coordinates'"),
    ({"type": "Circle", "coordinates": [1, 2]}, "unknown geometry type"),
    ({"type": "GeometryCollection", "geometries": []}, "wrong geometry type"),
    ([114.16, 22.84], "not a GeoJSON geometry"),
])
def test_odd_geometries_are_problems_of_their_feature(tmp_path, geometry, words):
    def edit(doc):
        doc["features"][0]["geometry"] = geometry
    folder = _edit_roads(_small_copy(tmp_path), edit)
    problems = validate(folder)
    assert problems and words in problems[0].message, [str(p) for p in problems]
    assert problems[0].field == "geometry" and problems[0].feature in ("'r1' (#0)", "#0")


def test_a_utf8_byte_order_mark_is_accepted_other_encodings_are_named(tmp_path):
    folder = _small_copy(tmp_path)
    path = folder / "roads.geojson"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert validate(folder) == []
    path.write_bytes(text.encode("gbk"))
    problem = _only(validate(folder))
    assert "not UTF-8" in problem.message and "line" in problem.message


def test_an_unexpected_failure_while_loading_is_still_one_problem(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise TypeError("a bug")
    monkeypatch.setattr(dataset_module, "_check_layers", broken)
    with pytest.raises(DatasetError) as info:
        load_dataset(DATA / "small")
    [problem] = info.value.problems
    assert "unexpected error while loading: TypeError: a bug" in problem.message


def test_notes_reach_the_registered_handlers_only_within_the_block(tmp_path):
    folder = _edit_roads(_small_copy(tmp_path), lambda doc: doc["features"][0]["properties"].update(note="a\x00"))
    heard = []
    with dataset_module.reporting_notes(lambda path, notes: heard.append((path, [n.field for n in notes]))):
        load_dataset(folder)
        load_dataset(DATA / "small")  # no notes: no call
    load_dataset(folder)
    assert heard == [(folder, ["note"])]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_unreadable_file_tells_other_readers_what_to_refuse(tmp_path):
    os.mkfifo(tmp_path / "w.gpkg")
    assert "named pipe" in dataset_module.unreadable_file(tmp_path / "w.gpkg").message
    assert "No such file" in dataset_module.unreadable_file(tmp_path / "none.gpkg").message
    assert dataset_module.unreadable_file(DATA / "small" / "roads.geojson") is None
