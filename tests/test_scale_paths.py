"""Scale (issue 17): the fast paths give exactly what the simple paths give.

- The loader's vectorised checks (dataset._fast_field and friends) against the
  per-value checks they replace, on hostile columns of every kind of field:
  the same cleaned values (and types), problems and notes.
- The page data served beside the page (mappage.page_payload, binary) against
  the inline JSON (page_data): the same properties and coordinates, and a
  page HTML whose size does not grow with the number of roads.
- The map drawn from the packed data against the map drawn from the inline
  GeoJSON: the same pixels (as tests/test_render_cache.py compares), the same
  features shown after a filter mask, the same properties, the same feature
  under a click.
"""
import base64
import json
import math
import struct

import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.affinity
import shapely.geometry
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from qxmap import dataset as D
from qxmap import schema
from qxmap.filtering import RoadFilter
from qxmap.mappage import APP_ORIGIN, RenderOptions, build_page, page_data, page_payload
from qxmap.synthetic import synthetic_layers, write_synthetic

from qtutil import ask, grown, settled_pixels, wait_drawn

# ------------------------------------------------------------------ the loader


def reference_check_fields(raw, frame, spec, problems, notes):
    """dataset._check_fields as it was before it was vectorised: one value at a time."""
    frame = frame.copy()
    for fspec in spec.fields:
        if fspec.name not in frame.columns:
            if fspec.required:
                problems.append(D.Problem(raw.file, "required field is missing from the layer", field=fspec.name,
                                          expected=D._expected(fspec)))
            frame[fspec.name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
            continue
        values = frame[fspec.name].astype(object).tolist()
        cleaned = []
        for index, value in enumerate(values):
            clean, message, note = D._check_value(fspec, value, raw.nan_is_null)
            if message:
                shown = None if message == "required value is empty" else values[index]
                problems.append(D.Problem(raw.file, message, feature=D._label(frame, index), field=fspec.name,
                                          value=shown, expected=D._expected(fspec)))
            elif note:
                notes.append(D.Problem(raw.file, note, feature=D._label(frame, index), field=fspec.name,
                                       value=values[index], severity=D.NOTE))
            cleaned.append(clean)
        frame[fspec.name] = pd.Series(cleaned, index=frame.index, dtype=object)
    if "start" in frame.columns and "target" in frame.columns:
        months = [frame[c] if c in frame.columns else [None] * len(frame) for c in ("start_month", "target_month")]
        for index, (start, target, sm, tm) in enumerate(zip(frame["start"], frame["target"], *months)):
            if isinstance(start, int) and isinstance(target, int) and start > target:
                problems.append(D.Problem(raw.file, "start year is after the target year",
                                          feature=D._label(frame, index), field="start", value=start,
                                          expected=f"a year no later than target {target}"))
            elif (isinstance(start, int) and start == target and isinstance(sm, int) and isinstance(tm, int)
                  and sm > tm):
                problems.append(D.Problem(raw.file, "planned start month is after the target month",
                                          feature=D._label(frame, index), field="start_month", value=sm,
                                          expected=f"a month no later than target {target}-{tm:02d}"))
    if "actual_start" in frame.columns and "completed_on" in frame.columns:
        for index, (began, done) in enumerate(zip(frame["actual_start"], frame["completed_on"])):
            if isinstance(began, str) and isinstance(done, str) and began > done:
                problems.append(D.Problem(raw.file, "completion date is before the actual start",
                                          feature=D._label(frame, index), field="completed_on", value=done,
                                          expected=f"a date no earlier than actual_start {began}"))
    return frame


TEXTS = ["合成道路", "road 7", "", "   ", " padded ", "tab\tinside", "line\nbreak", "cr\rlf\r\n", "\x01ctrl",
         "del\x7f", "lone\ud800", "\ufffe", "\u3000wide space", "trailing\u00a0", "\x1c", "ok", "x" * 300]
NUMBERS = [2018, 2018.0, 2018.5, 1989, 2101, 0, 1, 12, 13, 6.0, 50, 100.0, 100.5, -1, 3.25, 10 ** 30, 10 ** 400,
           float("inf"), float("nan"), True, False, np.int64(2019), np.float64(55.5)]
DATES = ["2021-03-04", "2021-02-30", "2021-2-3", " 2021-01-01", "1989-12-31", "2101-01-01", "20210101",
         "２０２１-01-01", "2022-12-31"]
MONEY = ["1200万元", "3.5亿元", "3.5 亿", "1200", "abc", 1200, 3.25, -5, float("nan")]
ODD = [None, float("nan"), [1, 2], {"a": 1}, b"bytes", pd.NA]


def pool(fspec):
    codes = list(fspec.choices) if fspec.kind == "enum" else []
    if fspec.kind in ("text", "enum"):
        return TEXTS + codes * 4 + [c + " " for c in codes] + [7, 7.5] + ODD
    if fspec.kind == "date":
        return DATES * 3 + TEXTS[:6] + ODD + [5]
    if fspec.kind == "money":
        return MONEY * 3 + ODD
    return NUMBERS * 2 + ["2019", " 2019 ", "abc", "7.5"] + ODD


def hostile_frame(spec, n, rng, typed):
    data = {}
    for fspec in spec.fields:
        if rng.random() < 0.1:
            continue  # a field the layer lacks
        choices = pool(fspec)
        values = [choices[i] for i in rng.integers(0, len(choices), n)]
        if fspec.name == "id":
            values = [v if rng.random() < 0.3 else f"id-{rng.integers(0, n)}" for v in values]
        series = pd.Series(values, dtype=object)
        if typed and fspec.kind in ("year", "month", "percent"):  # as GDAL gives a numeric column
            series = pd.Series(rng.choice([2018.0, 3.0, 50.0, np.nan, 2101.0, 7.5], n))
        elif typed and fspec.kind == "text" and rng.random() < 0.5:
            series = pd.Series([v if isinstance(v, str) else None for v in values], dtype="str")
        data[fspec.name] = series
    import geopandas as gpd

    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([None] * n), crs="EPSG:4326")


def same_values(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if type(x) is not type(y):
            return False
        if isinstance(x, float) and math.isnan(x) and math.isnan(y):
            continue
        if x is not y and x != y:
            return False
    return True


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("layer", ["roads", "exits", "parks"])
@pytest.mark.parametrize("n", [400, D.FEW_ROWS])  # vectorised; value by value (a small layer)
def test_vectorised_field_checks_match_the_per_value_checks(layer, seed, n):
    rng = np.random.default_rng(seed)
    spec = schema.LAYERS[layer]
    frame = hostile_frame(spec, n, rng, typed=seed % 2 == 1)
    for nan_is_null in (False, True):
        raw = D._RawLayer(layer, f"{layer}.geojson", frame, False, nan_is_null=nan_is_null)
        fast_problems, fast_notes, ref_problems, ref_notes = [], [], [], []
        fast = D._check_fields(raw, frame, spec, fast_problems, fast_notes)
        ref = reference_check_fields(raw, frame, spec, ref_problems, ref_notes)
        assert [str(p) for p in fast_problems] == [str(p) for p in ref_problems]
        assert [str(p) for p in fast_notes] == [str(p) for p in ref_notes]
        assert [repr(p) for p in fast_problems + fast_notes] == [repr(p) for p in ref_problems + ref_notes]
        for column in ref.columns:
            if column == "geometry":
                continue
            assert same_values(fast[column].tolist(), ref[column].tolist()), column


def test_order_checks_match_on_clean_years():
    """Start and target (and their months), actual start and completion, as plain values."""
    rng = np.random.default_rng(3)
    n = 2000
    years = [None, 2018, 2019, 2020]
    months = [None, 1, 6, 12]
    days = [None, "2019-01-01", "2019-06-30", "2020-01-01"]
    frame = pd.DataFrame({
        "id": [f"r{i}" for i in range(n)],
        "start": [years[i] for i in rng.integers(0, 4, n)], "target": [years[i] for i in rng.integers(0, 4, n)],
        "start_month": [months[i] for i in rng.integers(0, 4, n)],
        "target_month": [months[i] for i in rng.integers(0, 4, n)],
        "actual_start": [days[i] for i in rng.integers(0, 4, n)],
        "completed_on": [days[i] for i in rng.integers(0, 4, n)]}, dtype=object)
    import geopandas as gpd

    frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * n))
    spec = schema.LAYERS["roads"]
    raw = D._RawLayer("roads", "roads.geojson", frame, False)
    fast_problems, ref_problems = [], []
    D._check_fields(raw, frame, spec, fast_problems, [])
    reference_check_fields(raw, frame, spec, ref_problems, [])
    assert fast_problems == ref_problems
    assert any("start year is after" in p.message for p in ref_problems)
    assert any("start month is after" in p.message for p in ref_problems)
    assert any("completion date is before" in p.message for p in ref_problems)


def test_duplicate_ids_are_reported_as_before(tmp_path):
    layers = synthetic_layers(6, seed=2)
    layers["roads"][3]["properties"]["id"] = layers["roads"][1]["properties"]["id"]
    layers["roads"][5]["properties"]["id"] = layers["roads"][1]["properties"]["id"]
    layers["exits"][0]["properties"]["id"] = layers["roads"][0]["properties"]["id"]
    folder = tmp_path / "dups"
    folder.mkdir()
    for name, features in layers.items():
        (folder / f"{name}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                                encoding="utf-8")
    with pytest.raises(D.DatasetError) as caught:
        D.load_dataset(folder)
    dups = [(p.file, p.feature, p.expected) for p in caught.value.problems if p.message == "duplicate id"]
    rid = layers["roads"][1]["properties"]["id"]
    assert dups == [  # the files are read in name order: the exits first
        ("roads.geojson", f"'{layers['roads'][0]['properties']['id']}' (#0)",
         "ids unique across the dataset (also in exits.geojson)"),
        ("roads.geojson", f"'{rid}' (#3)", "ids unique across the dataset (also in roads.geojson)"),
        ("roads.geojson", f"'{rid}' (#5)", "ids unique across the dataset (also in roads.geojson)"),
    ]


def test_a_large_geopackage_layer_read_in_parts_is_the_layer_read_whole(tmp_path, monkeypatch):
    """A layer of more than READ_PART features is read that many at a time, each part's
    repeated texts shared: the same frames (values, dtypes, geometries, order) as read
    whole, one object per status across all parts; a text column empty in one part (an
    object column there) keeps the whole read's dtype; a part count that divides the
    layer exactly loses nothing."""
    import sqlite3

    import shapely
    from qxmap.synthetic import write_synthetic_gpkg

    path = write_synthetic_gpkg(tmp_path / "syn.gpkg", 300, seed=8)
    with sqlite3.connect(path) as conn:
        for function in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # (GDAL's, in its triggers)
            conn.create_function(function, 1, lambda geometry: 0)
        conn.execute("UPDATE roads SET name_en = NULL WHERE fid <= 100")  # empty in the first parts
        conn.execute("UPDATE roads SET name_en = 'Road ' || fid WHERE fid > 100")
    monkeypatch.setattr(D, "SMALL_TABLE", 10)  # (GDAL reads the layers, not gpkgtable)
    read_whole = D.load_dataset(path)
    assert read_whole.layers["roads"]["name_en"].notna().sum() > 0
    roads = read_whole.layers["roads"]
    assert roads["owner"].isna().all() and roads["budget_wan"].isna().all() and roads["start"].isna().all()
    for part in (50, 60, 299, 300):
        monkeypatch.setattr(D, "READ_PART", part)
        calls = []
        real = D.pyogrio.read_dataframe

        asked = []

        def counted(*args, **kwargs):
            calls.append(kwargs.get("max_features"))
            if kwargs.get("max_features") == part:
                asked.append(kwargs.get("columns"))
            return real(*args, **kwargs)

        monkeypatch.setattr(D.pyogrio, "read_dataframe", counted)
        read = D.load_dataset(path)
        monkeypatch.setattr(D.pyogrio, "read_dataframe", real)
        assert calls.count(part) == (0 if part >= 300 else 300 // part + 1), part  # parts: until one is short
        raw, whole = D._read_in_parts(path, "roads"), real(path, layer="roads")  # (as pyogrio gives it: dtypes, order)
        assert list(raw.columns) == list(whole.columns)
        pd.testing.assert_frame_equal(raw.drop(columns="geometry"), whole.drop(columns="geometry"))
        if part < 300:  # the columns empty in every row (tracking fields, none yet) were not asked of GDAL
            assert all(columns is not None and "owner" not in columns and "budget_wan" not in columns
                       and "name_en" in columns and "status" in columns for columns in asked), asked
        for name, frame in read_whole.layers.items():
            other = read.layers[name]
            pd.testing.assert_frame_equal(frame.drop(columns="geometry"), other.drop(columns="geometry"))
            assert list(shapely.to_wkb(frame.geometry.values)) == list(shapely.to_wkb(other.geometry.values))
        if part < 300:
            statuses = read.layers["roads"]["status"].tolist()
            assert len({id(v) for v in statuses}) == len(set(statuses))


def test_a_layer_read_in_parts_falls_back_to_one_read_where_parts_could_differ(tmp_path, monkeypatch):
    """_read_in_parts reads whole a layer with a date-time or boolean field (pyogrio types
    them by what each read holds), and a layer another program wrote to between its
    parts (not one snapshot): the frame is then the whole read's, of the file as it is."""
    import sqlite3

    import geopandas as gpd

    def frame(n, **extra):
        return gpd.GeoDataFrame({"name": [f"路{i}" for i in range(n)], "status": ["planned", "completed"] * (n // 2),
                                 **extra}, geometry=[shapely.Point(114 + i / 1e4, 22.8) for i in range(n)],
                                crs="EPSG:4326")

    monkeypatch.setattr(D, "READ_PART", 7)
    stamps = pd.to_datetime(["2020-01-01T23:30:00+08:00"] * 10 + [None] * 10 + ["2021-05-01T00:30:00+00:00"] * 10,
                            utc=True)
    for name, extra in (("times", {"at": stamps}), ("flags", {"ok": pd.array([True, None, False] * 10, dtype="boolean")})):
        path = tmp_path / f"{name}.gpkg"
        D.pyogrio.write_dataframe(frame(30, **extra), path, layer="roads")
        calls = []
        real = D.pyogrio.read_dataframe
        monkeypatch.setattr(D.pyogrio, "read_dataframe", lambda *a, **k: calls.append(k) or real(*a, **k))
        read = D._read_in_parts(path, "roads")
        monkeypatch.setattr(D.pyogrio, "read_dataframe", real)
        assert [k.get("max_features") for k in calls] == [None], name  # one read, whole
        pd.testing.assert_frame_equal(read, real(path, layer="roads"))

    path = tmp_path / "busy.gpkg"
    D.pyogrio.write_dataframe(frame(30), path, layer="roads")
    real_parts = D._parts_of

    def parts_while_another_program_writes(path_, layer, *columns):
        parts = real_parts(path_, layer, *columns)
        with sqlite3.connect(path_) as conn:
            for function in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # (GDAL's, in its triggers)
                conn.create_function(function, 1, lambda geometry: 0)
            conn.execute("UPDATE roads SET status = 'on_hold' WHERE fid = 3")
        conn.close()
        return parts

    monkeypatch.setattr(D, "_parts_of", parts_while_another_program_writes)
    read = D._read_in_parts(path, "roads")
    assert read["status"].tolist().count("on_hold") == 1  # the file as it is now, read whole
    pd.testing.assert_frame_equal(read, D.pyogrio.read_dataframe(path, layer="roads"))


def test_a_layer_whose_count_is_wrong_and_has_no_rows_loads_empty(tmp_path, monkeypatch):
    """The GeoPackage's own count says the layer is big (another program left it stale) but
    it holds no row: its columns are all empty, and the layer is read whole (empty), not
    refused."""
    import sqlite3

    from qxmap.synthetic import write_synthetic_gpkg

    path = write_synthetic_gpkg(tmp_path / "syn.gpkg", 30, seed=3)
    with sqlite3.connect(path) as conn:
        for function in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # (GDAL's, in its triggers)
            conn.create_function(function, 1, lambda geometry: 0)
        conn.execute("DELETE FROM roads")
        conn.execute("UPDATE gpkg_ogr_contents SET feature_count = 5000 WHERE table_name = 'roads'")
    conn.close()
    monkeypatch.setattr(D, "SMALL_TABLE", 10)
    monkeypatch.setattr(D, "READ_PART", 7)
    read = D._read_in_parts(path, "roads")
    pd.testing.assert_frame_equal(read, D.pyogrio.read_dataframe(path, layer="roads"))
    assert len(D.load_dataset(path).layers["roads"]) == 0


def test_a_synthetic_geopackage_loads_like_its_geojson(tmp_path):
    from qxmap.synthetic import write_synthetic_gpkg

    folder = D.load_dataset(write_synthetic(tmp_path / "json", 300, seed=4))
    gpkg = D.load_dataset(write_synthetic_gpkg(tmp_path / "syn.gpkg", 300, seed=4))
    for name in schema.LAYER_ORDER:
        a, b = folder.layers[name], gpkg.layers[name]
        assert len(a) == len(b)
        for column in ("id", "name_zh", "status", "phase", "category", "target"):
            if column in a.columns:
                assert a[column].tolist() == b[column].tolist(), (name, column)
        assert all((x is None and y is None) or x.equals(y) for x, y in zip(a.geometry, b.geometry))


# ------------------------------------------------------------------ the page data


def decode_payload(blob: bytes) -> dict:
    """A reader of page_payload in Python, as the page reads it (decodePayload)."""
    assert blob[:4] == b"QXD1"
    (length,) = struct.unpack("<I", blob[4:8])
    data = json.loads(blob[8:8 + length].decode("utf-8"))
    base = -(-(8 + length) // 8) * 8
    kinds = {"i32": "<i4", "u8": "u1", "u16": "<u2"}
    views = [np.frombuffer(blob, dtype=kinds[code], count=nbytes // np.dtype(kinds[code]).itemsize, offset=base + at)
             for at, nbytes, code in data.pop("buffers")]
    names = [None, "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"]
    for name, layer in data["layers"].items():
        if isinstance(layer, list):
            continue
        spec = layer["packed"]
        t, parts, rings, coords, xy = (views[spec[k]] for k in ("type", "parts", "rings", "coords", "xy"))
        features = []
        for col in spec["props"].values():
            if "text" in col:  # (page.js packedTexts)
                texts = views[col["text"]].tobytes().decode("utf-8", "replace").split("\x00")
                assert len(texts) == spec["count"]
                col["values"] = [None if gone else text for text, gone in zip(texts, views[col["missing"]])]
        for i in range(spec["count"]):
            props = {}
            for key, col in spec["props"].items():
                props[key] = col["values"][i] if "values" in col else col["dict"][views[col["codes"]][i]]
            geometry = None
            if t[i]:
                nested = [[[[xy[2 * c] / 1e6, xy[2 * c + 1] / 1e6] for c in range(coords[r], coords[r + 1])]
                           for r in range(rings[p], rings[p + 1])] for p in range(parts[i], parts[i + 1])]
                code = int(t[i])
                coordinates = {1: lambda: nested[0][0][0], 2: lambda: nested[0][0], 3: lambda: nested[0],
                               4: lambda: [rs[0][0] for rs in nested], 5: lambda: [rs[0] for rs in nested],
                               6: lambda: nested}[code]()
                geometry = {"type": names[code], "coordinates": coordinates}
            elif str(i) in spec["geojson"]:
                geometry = spec["geojson"][str(i)]
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
        data["layers"][name] = features
    return data


def mixed_dataset(tmp_path, n_roads=300, seed=11):
    """Synthetic roads (some multi-part), exits, and areas of every shape: holes, multi-polygons,
    points, multi-points, lines."""
    layers = synthetic_layers(n_roads, seed=seed)
    for road in layers["roads"][5:40:7]:
        if road["geometry"]:
            c = road["geometry"]["coordinates"]
            road["geometry"] = {"type": "MultiLineString",
                                "coordinates": [c, [[x + 0.004, y + 0.003] for x, y in c]]}
    common = {"source": "test", "note": None, "geometry_accuracy": "schematic", "name_en": None}
    square = [[114.15, 22.82], [114.19, 22.82], [114.19, 22.86], [114.15, 22.86], [114.15, 22.82]]
    hole = [[114.16, 22.83], [114.17, 22.83], [114.17, 22.84], [114.16, 22.84], [114.16, 22.83]]
    layers["parks"] = [
        {"type": "Feature", "properties": dict(common, id="p-hole", name_zh="有洞公园", kind=schema.PARK_KINDS[0]),
         "geometry": {"type": "Polygon", "coordinates": [square, hole]}},
        {"type": "Feature", "properties": dict(common, id="p-multi", name_zh="两块公园", kind=schema.PARK_KINDS[0]),
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [[[114.11, 22.80], [114.12, 22.80], [114.12, 22.81], [114.11, 22.80]]],
             [[[114.21, 22.88], [114.22, 22.88], [114.22, 22.89], [114.21, 22.88]]]]}},
        {"type": "Feature", "properties": dict(common, id="p-point", name_zh="点公园", kind=schema.PARK_KINDS[0]),
         "geometry": {"type": "Point", "coordinates": [114.13, 22.85]}},
        {"type": "Feature", "properties": dict(common, id="p-points", name_zh="多点公园", kind=schema.PARK_KINDS[0]),
         "geometry": {"type": "MultiPoint", "coordinates": [[114.2, 22.81], [114.205, 22.815]]}},
    ]
    layers["facilities"] = [
        {"type": "Feature", "properties": dict(common, id="f-line", name_zh="管线", kind=schema.FACILITY_KINDS[0]),
         "geometry": {"type": "LineString", "coordinates": [[114.12, 22.89], [114.22, 22.79]]}},
    ]
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, features in layers.items():
        (folder / f"{name}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                                           ensure_ascii=False), encoding="utf-8")
    return D.load_dataset(folder)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return mixed_dataset(tmp_path_factory.mktemp("mixed"))


def with_references(dataset):
    """*dataset* with two reference layers: lines (a name missing, a blank one, an empty and a
    missing geometry, a multi-part line) and areas (a hole, a multi-polygon, a point)."""
    import geopandas as gpd
    import shapely
    from dataclasses import replace

    lines = gpd.GeoDataFrame({"name_zh": ["环城路", None, "  ", "空", "无", "双线路"], "等级": [1, 2, 3, 4, 5, 6]},
                             geometry=[shapely.LineString([(114.12, 22.81), (114.13, 22.82)]),
                                       shapely.LineString([(114.14, 22.83), (114.1412345678, 22.8398765432)]),
                                       shapely.LineString([(114.15, 22.84), (114.16, 22.85)]),
                                       shapely.LineString(), None,
                                       shapely.MultiLineString([[(114.17, 22.86), (114.18, 22.87)],
                                                                [(114.19, 22.88), (114.2, 22.89)]])],
                             crs="EPSG:4326")
    areas = gpd.GeoDataFrame({"name_zh": ["用地", "两块", "点"]}, geometry=[
        shapely.Polygon([(114.15, 22.82), (114.19, 22.82), (114.19, 22.86), (114.15, 22.82)],
                        [[(114.16, 22.83), (114.17, 22.83), (114.17, 22.835), (114.16, 22.83)]]),
        shapely.MultiPolygon([shapely.box(114.11, 22.80, 114.12, 22.81), shapely.box(114.21, 22.88, 114.22, 22.89)]),
        shapely.Point(114.13, 22.85)], crs="EPSG:4326")
    refs = {"net": D.ReferenceLayer("net", "全市路网", lines, "city.shp"),
            "plan": D.ReferenceLayer("plan", "用地规划", areas, "plan.dxf")}
    return replace(dataset, references=refs)


@pytest.mark.parametrize("text_min", [1000, 3], ids=["texts-as-json", "texts-as-bytes"])
def test_the_packed_page_data_is_the_inline_page_data(mixed, bundled, text_min, monkeypatch):
    import qxmap.mappage as M

    monkeypatch.setattr(M, "TEXT_COLUMN_MIN", text_min)
    for dataset in (mixed, bundled, with_references(bundled)):
        inline = page_data(dataset)
        packed = decode_payload(page_payload(dataset))
        assert set(packed) == set(inline)
        for key in inline:
            if key != "layers":
                assert packed[key] == inline[key], key
        if dataset.references:  # the reference layers' features: those with a geometry, named
            assert [f["properties"]["id"] for f in inline["layers"]["ref:net"]] == [
                "ref:net#0", "ref:net#1", "ref:net#2", "ref:net#5"]
            assert [f["properties"]["name_zh"] for f in inline["layers"]["ref:net"]] == [
                "环城路", "全市路网", "全市路网", "双线路"]
            assert len(packed["layers"]["ref:plan"]) == 3
        for name, features in inline["layers"].items():
            got = packed["layers"][name]
            assert [f["properties"] for f in got] == [f["properties"] for f in features], name
            for a, b in zip(got, features):
                assert (a["geometry"] is None) == (b["geometry"] is None), name
                if b["geometry"] is not None:
                    assert a["geometry"]["type"] == b["geometry"]["type"]
                    assert np.allclose(np.array(_flat(a["geometry"]["coordinates"])),
                                       np.array(_flat(b["geometry"]["coordinates"])), rtol=0, atol=1.5e-6)


def _flat(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [coords]
    return [p for c in coords for p in _flat(c)]


def test_the_page_html_does_not_grow_with_the_roads(tmp_path):
    small = D.load_dataset(write_synthetic(tmp_path / "a", 20, seed=1))
    large = D.load_dataset(write_synthetic(tmp_path / "b", 3000, seed=1))
    url = f"{APP_ORIGIN}/map-1.data?v=1"
    html_small = build_page(small, data_url=url)
    html_large = build_page(large, data_url=url)
    assert len(html_small) == len(html_large) < 20_000
    assert "syn-road" not in html_large and "合成道路" not in html_large  # no data in the page itself
    assert len(build_page(large)) > 50 * len(html_large)  # the inline page grows with the data


# ------------------------------------------------------------------ on the map

pytestmark_page = pytest.mark.page

DIRECT = RenderOptions(group_cache_min=10 ** 9, bulk_min=10 ** 9)
CACHED = RenderOptions(group_cache_min=0, bulk_min=10 ** 9)
THIN = RenderOptions(group_cache_min=0, bulk_min=10 ** 9, thin_per_mpx=100)  # every view "dense": 1 px roads
THIN_DIRECT = RenderOptions(group_cache_min=10 ** 9, bulk_min=10 ** 9, thin_per_mpx=100)


def bulk(options):
    """The same options with every road drawn in bulk (from the packed arrays)."""
    from dataclasses import replace

    return replace(options, bulk_min=0)


def open_view(qtbot, dataset, options, fast):
    from qxmap.ui.mapview import MapView

    view = MapView()
    qtbot.addWidget(view)
    view.render_options = options
    view.resize(640, 480)
    view.show()
    with qtbot.waitSignal(view.ready, timeout=30000):
        if fast:
            view.show_dataset(dataset)
        else:
            view.show_html(build_page(dataset, render=options))
    return view


def tracked_mask(dataset, road_filter):
    return road_filter.mask(dataset.tracked()).to_numpy(dtype=bool)


@pytest.mark.page
@pytest.mark.parametrize("options", [DIRECT, CACHED, THIN], ids=["direct", "cached", "thin"])
def test_the_packed_page_draws_what_the_inline_page_draws(qtbot, mixed, options):
    views = {"fast": open_view(qtbot, mixed, options, True), "bulk": open_view(qtbot, mixed, bulk(options), True),
             "simple": open_view(qtbot, mixed, options, False)}
    fast_state, bulk_state, simple_state = (v.last_state for v in views.values())
    assert bulk_state["drawn"] == simple_state["drawn"]
    assert fast_state["timings"]["data_ms"] >= 0 and "data_ms" not in simple_state["timings"]
    assert fast_state["drawn"] == simple_state["drawn"] and fast_state["data_error"] is None
    roads = mixed.layers["roads"]
    mapped = roads[roads.geometry.notna()]
    some_road = mapped["id"].iloc[3]
    # The two longest roads in the zoomed view: one the draw tool redraws (its entry is then a
    # new layer, no longer a bulk road's), one removed; neither may still be drawn in bulk.
    in_view = mapped[mapped.intersects(shapely.box(114.14, 22.82, 114.19, 22.86))]
    longest = in_view.iloc[np.argsort(-shapely.length(in_view.geometry.to_numpy()), kind="stable")]
    edited, removed = longest.iloc[0], longest.iloc[1]
    moved = json.loads(json.dumps(shapely.geometry.mapping(shapely.affinity.translate(edited.geometry, 0.004, -0.003))))
    props = {k: edited[k] for k in ("id", "name_zh", "category", "status", "phase") if isinstance(edited[k], str)}
    steps = [
        ("everything", []),
        ("a status", [("show_tracked_mask", tracked_mask(mixed, RoadFilter.of(statuses=["planned"])))]),
        ("a highlight", [("show_tracked_mask", None), ("highlight", [some_road], False)]),
        ("a zoom", [("highlight", [], False), ("fit_bounds", 22.81, 114.13, 22.87, 114.20)]),
        ("a phase after the zoom", [("show_tracked_mask", tracked_mask(mixed, RoadFilter.of(phases=["underway"])))]),
        ("a road removed", [("show_tracked_mask", None), ("remove_feature", removed["id"])]),
        ("a road redrawn", [("set_feature", edited["id"], "roads", moved, props)]),
        ("a phase after them", [("show_tracked_mask", tracked_mask(mixed, RoadFilter.of(phases=[edited["phase"]])))]),
    ]
    for label, commands in steps:
        images = {}
        for name, view in views.items():
            for method, *args in commands:
                wait_drawn(qtbot, view, getattr(view, method)(*args))
            images[name] = settled_pixels(qtbot, view)
        drawn = ((images["simple"].max(axis=2) - images["simple"].min(axis=2)) > 60).sum()
        assert drawn > 200, label
        for name in ("fast", "bulk"):
            differs = (np.abs(images[name] - images["simple"]).max(axis=2) > 24).mean()
            assert differs < 0.001, (label, name, differs)
        visible = {name: sorted(ask(qtbot, view.query_visible_tracked)) for name, view in views.items()}
        assert visible["fast"] == visible["simple"] == visible["bulk"], label


@pytest.mark.page
@pytest.mark.parametrize("plain, cached", [(DIRECT, CACHED), (THIN_DIRECT, THIN)], ids=["wide", "thin"])
def test_the_packed_page_shows_the_same_rows_props_and_hits(qtbot, mixed, plain, cached):
    views = {"fast": open_view(qtbot, mixed, plain, True), "bulk": open_view(qtbot, mixed, bulk(cached), True),
             "simple": open_view(qtbot, mixed, plain, False)}
    tracked = mixed.tracked()
    mapped = tracked.geometry.notna().to_numpy()
    for road_filter in (RoadFilter.of(phases=["by_2018"]), RoadFilter.of(categories=["town"]),
                        RoadFilter.of(text="合成道路1"), RoadFilter.of(statuses=["completed"], phases=["underway"])):
        mask = tracked_mask(mixed, road_filter)
        expected = sorted(tracked["id"][mask & mapped])
        for view in views.values():
            wait_drawn(qtbot, view, view.show_tracked_mask(mask))
            assert sorted(ask(qtbot, view.query_visible_tracked)) == expected, road_filter
    for view in views.values():
        wait_drawn(qtbot, view, view.show_tracked_mask(None))
    # the same properties for every feature (what a tooltip shows)
    ids = [fid for frame in mixed.layers.values() for fid in frame["id"]]
    for fid in ids[::7] + ["p-hole", "p-multi", "p-point", "p-points", "f-line"]:
        expected = ask(qtbot, views["simple"].query_props_of, fid)
        assert ask(qtbot, views["fast"].query_props_of, fid) == expected, fid
        assert ask(qtbot, views["bulk"].query_props_of, fid) == expected, fid
    # the same feature under the pointer, wherever a feature is drawn
    clicked = {}
    for name, view in views.items():
        hits = []
        for fid in ["p-hole", "f-line"] + [i for i in tracked["id"][mapped][:60:6]]:
            where = ask(qtbot, view.query_pixel_of, fid)
            x, y = int(round(where["x"])), int(round(where["y"]))
            if not (2 <= x < view.width() - 2 and 2 <= y < view.height() - 2):
                hits.append((fid, None))
                continue
            got = []
            view.feature_clicked.connect(lambda layer, i, got=got: got.append((layer, i)))
            QTest.mouseClick(view.focusProxy() or view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(x, y))
            qtbot.wait(150)
            ask(qtbot, view.query_state)
            hits.append((fid, got[-1] if got else None))
        clicked[name] = hits
    assert clicked["fast"] == clicked["simple"] == clicked["bulk"]
    assert sum(1 for _, hit in clicked["fast"] if hit) >= 5


# ------------------------------------------------------------------ what cannot be held


def drag_map(qtbot, view, offset):
    """Drag the map by *offset* px with the mouse, still before the release (no inertia)."""
    target = view.focusProxy() or view
    x0, y0 = view.width() // 2, view.height() // 2
    QTest.mouseMove(target, QPoint(x0, y0))
    qtbot.wait(50)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x0, y0))
    for k in range(1, 7):
        QTest.mouseMove(target, QPoint(x0 + offset[0] * k // 6, y0 + offset[1] * k // 6))
        qtbot.wait(20)
    qtbot.wait(250)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(x0 + offset[0], y0 + offset[1]))
    moved = ask(qtbot, view.query_state)
    assert moved, "the page answers after the drag"


def run_steps(qtbot, view, commands):
    """Each (method, *args) of *commands* on *view*, waiting until drawn; ("drag", offset): drag_map."""
    for method, *args in commands:
        if method == "drag":
            drag_map(qtbot, view, *args)
        else:
            wait_drawn(qtbot, view, getattr(view, method)(*args))


@pytest.mark.page
@pytest.mark.parametrize("options", [CACHED, THIN], ids=["wide", "thin"])
def test_roads_drawn_in_bulk_are_named_where_the_simple_page_names_them(qtbot, mixed, options):
    """Labels on a road drawn in bulk are placed from its vertices as projected for the
    drawing: the same road names at the same places as on a page of Leaflet layers.  (And
    labels on at all: a MultiPoint park, a group of markers, is named beside them.)"""
    from qxmap.ui.mapview import label_rules

    views = {"bulk": open_view(qtbot, mixed, bulk(options), True), "layers": open_view(qtbot, mixed, options, True)}
    for view in views.values():
        state = ask(qtbot, view.set_labels, True, label_rules("zh"))
        assert state and state["labels"]["on"], view.console[-5:]
    roads = set(mixed.layers["roads"]["id"])
    steps = [[], [("fit_bounds", 22.81, 114.13, 22.87, 114.20)],
             [("show_tracked_mask", tracked_mask(mixed, RoadFilter.of(phases=["underway", "by_2018"])))],
             [("fit_bounds", 22.825, 114.145, 22.855, 114.185)], [("show_tracked_mask", None)]]
    steps.append([("drag", (-53, 31))])  # a pan: the map pane is moved, not reset
    others = set()
    for commands in steps:
        placed = {}
        for name, view in views.items():
            run_steps(qtbot, view, commands)
            placed[name] = ask(qtbot, view.query_labels)
        # (roads only: a point's label's place waits on the font that measures its name)
        named = {name: [(p["id"], p["text"], round(p["x"], 3), round(p["y"], 3), round(p["angle"], 4))
                        for p in labels if p["id"] in roads] for name, labels in placed.items()}
        assert named["bulk"] == named["layers"] and len(named["bulk"]) >= 3, commands
        others |= {p["id"] for p in placed["bulk"] if p["id"] not in roads}
    assert "p-points" in others


@pytest.mark.page
def test_a_pan_or_a_zoom_back_composites_the_world_images_and_draws_what_a_fresh_view_draws(qtbot, mixed):
    """A dense view's phase images hold every road of the phase at that zoom (world images):
    a drag, or a zoom back to that zoom, composites them where they now lie, nothing
    rasterised again; an edit at one zoom makes its phase's images at every zoom stale.
    Always the pixels of the direct drawing."""
    views = {"bulk": open_view(qtbot, mixed, bulk(THIN), True), "layers": open_view(qtbot, mixed, THIN, True),
             "direct": open_view(qtbot, mixed, THIN_DIRECT, True)}
    tracked = mixed.tracked()
    road = tracked[(tracked["layer"] == "roads") & tracked.geometry.notna()
                   & tracked.geometry.intersects(shapely.box(114.13, 22.81, 114.20, 22.87))]
    edited = road.index[0]
    statuses = tracked["status"].tolist()
    statuses[edited] = "on_hold" if statuses[edited] != "on_hold" else "completed"
    steps = [
        ("the town", [], None),
        ("a drag", [("drag", (-53, 31))], []),
        ("a zoom", [("fit_bounds", 22.81, 114.13, 22.87, 114.20)], None),
        ("back to the town", [("fit_town",)], []),
        ("an edit while zoomed in", [("fit_bounds", 22.81, 114.13, 22.87, 114.20),
                                     ("restyle_tracked", {"status": statuses})], None),
        ("back to the town after it", [("fit_town",)], [road["phase"].iloc[0]]),
    ]
    for label, commands, rasterised in steps:
        images = {}
        for name, view in views.items():
            run_steps(qtbot, view, commands)
            images[name] = settled_pixels(qtbot, view)
            render = ask(qtbot, view.query_state)["render"]
            assert render["thin"] is True, (label, name)
            if rasterised is not None and name != "direct":
                assert render["composited"] and render["rasterised"] == rasterised, (label, name, render)
        drawn = ((images["direct"].max(axis=2) - images["direct"].min(axis=2)) > 60).sum()
        assert drawn > 200, label
        for name in ("bulk", "layers"):
            differs = (np.abs(images[name] - images["direct"]).max(axis=2) > 24).mean()
            assert differs < 0.001, (label, name, differs)


@pytest.mark.page
@pytest.mark.parametrize("drawn_in_bulk", [False, True], ids=["layers", "bulk"])
def test_labels_placed_again_at_a_view_are_those_placed_afresh(qtbot, mixed, drawn_in_bulk):
    """The places tried for a road's name are kept for the view (a filter change then only
    asks the grid): the names a page places after other filters at that view are those a
    page showing that filter first places."""
    from qxmap.ui.mapview import label_rules

    options = bulk(CACHED) if drawn_in_bulk else CACHED
    roads = set(mixed.layers["roads"]["id"])

    def opened():
        view = open_view(qtbot, mixed, options, True)
        assert ask(qtbot, view.set_labels, True, label_rules("zh"))["labels"]["on"]
        wait_drawn(qtbot, view, view.fit_bounds(22.81, 114.13, 22.87, 114.20))
        return view

    def names(view, mask):
        wait_drawn(qtbot, view, view.show_tracked_mask(mask))
        return [(p["id"], round(p["x"], 3), round(p["y"], 3), round(p["angle"], 4))
                for p in ask(qtbot, view.query_labels) if p["id"] in roads]

    again = opened()
    masks = [tracked_mask(mixed, RoadFilter.of(phases=["underway", "2018_2020"])),
             tracked_mask(mixed, RoadFilter.of(statuses=["planned", "completed", "on_hold"])), None]
    for mask in masks:
        names(again, mask)
    for step, mask in enumerate(masks):
        placed = names(again, mask)
        assert placed == names(opened(), mask) and len(placed) >= 3, step


@pytest.mark.page
def test_labels_turned_on_after_a_bulk_road_was_removed_name_every_road(qtbot, mixed):
    """Roads drawn in bulk keep their places in the packed arrays when one is removed (a
    merge) and the layer's feature list gets shorter: labels turned on afterwards measure
    every road, the last one included, and place the names a fresh page places."""
    from qxmap.ui.mapview import label_rules

    roads = mixed.layers["roads"]
    mapped = roads[roads.geometry.notna()]
    last = mapped["id"].iloc[-1]
    # enough roads removed that the last one drawn is past the end of the shorter list
    gone = list(mapped["id"].iloc[:len(roads) - roads.index.get_loc(mapped.index[-1])])
    box = mapped[mapped["id"] == last].geometry.iloc[0].buffer(0.002).bounds  # the last road, close up

    def placed(view):
        state = ask(qtbot, view.set_labels, True, label_rules("zh"))
        assert state["labels"]["on"]
        wait_drawn(qtbot, view, view.fit_bounds(box[1], box[0], box[3], box[2]))
        return sorted((p["id"], round(p["x"], 3), round(p["y"], 3)) for p in ask(qtbot, view.query_labels))

    view = open_view(qtbot, mixed, bulk(CACHED), True)
    for road in gone:
        ask(qtbot, view.remove_feature, road)
    after_removal = placed(view)
    assert last in {i for i, _x, _y in after_removal}
    assert not [c for c in view.console if "Error" in c], view.console
    fresh = open_view(qtbot, mixed, CACHED, True)  # (the same roads as Leaflet layers)
    for road in gone:
        ask(qtbot, fresh.remove_feature, road)
    assert placed(fresh) == after_removal


def test_a_layer_with_too_many_features_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from qxmap.synthetic import write_synthetic_gpkg

    gpkg = write_synthetic_gpkg(tmp_path / "many.gpkg", 120, seed=1)
    folder = write_synthetic(tmp_path / "many", 120, seed=1)
    monkeypatch.setattr(D, "MAX_FEATURES_PER_LAYER", 100)
    read = []
    real_read = D.pyogrio.read_dataframe
    monkeypatch.setattr(D.pyogrio, "read_dataframe", lambda *a, **k: read.append(k.get("layer")) or real_read(*a, **k))
    for path, file in ((gpkg, "many.gpkg#roads"), (folder, "roads.geojson")):
        with pytest.raises(D.DatasetError) as caught:
            D.load_dataset(path)
        [problem] = [p for p in caught.value.problems if "too many features" in p.message]
        assert problem.file == file and "120" in problem.message and "at most 100" in problem.expected
    assert "roads" not in read  # the GeoPackage's road table was never loaded
    import sqlite3  # a GeoPackage whose writer keeps no feature counts: GDAL counts
    with sqlite3.connect(gpkg) as conn:
        conn.execute("UPDATE gpkg_ogr_contents SET feature_count = NULL")
    conn.close()
    with pytest.raises(D.DatasetError) as caught:
        D.load_dataset(gpkg)
    assert any("too many features" in p.message and "120" in p.message for p in caught.value.problems)
    assert "roads" not in read


def test_a_layer_with_too_many_vertices_is_refused(tmp_path, monkeypatch):
    folder = write_synthetic(tmp_path / "dense", 50, seed=1)
    monkeypatch.setattr(D, "MAX_VERTICES_PER_LAYER", 100)
    with pytest.raises(D.DatasetError) as caught:
        D.load_dataset(folder)
    [problem] = caught.value.problems
    assert problem.file == "roads.geojson" and "too many positions" in problem.message


def test_one_road_with_a_million_vertices_loads_and_packs(tmp_path):
    import geopandas as gpd
    import pyogrio
    import shapely

    from qxmap.synthetic import write_synthetic_gpkg

    path = write_synthetic_gpkg(tmp_path / "long.gpkg", 3, seed=1)
    roads = pyogrio.read_dataframe(path, layer="roads")
    t = np.linspace(0, 1, 1_000_000)
    line = shapely.linestrings(114.11 + 0.1 * t, 22.80 + 0.08 * t + 0.001 * np.sin(t * 900))
    roads.loc[0, "geometry"] = line
    roads.loc[0, "geometry_accuracy"] = "schematic"
    pyogrio.write_dataframe(gpd.GeoDataFrame(roads, geometry="geometry", crs="EPSG:4326"), path, layer="roads",
                            driver="GPKG", geometry_type="LineString", promote_to_multi=False)
    dataset = D.load_dataset(path)
    assert shapely.get_num_coordinates(dataset.layers["roads"].geometry.iloc[0]) == 1_000_000
    blob = page_payload(dataset)
    assert len(blob) < 12_000_000  # 8 bytes a vertex
    packed = decode_payload(blob)["layers"]["roads"]
    assert len(packed[0]["geometry"]["coordinates"]) == 1_000_000


@pytest.mark.page
def test_a_page_whose_data_cannot_be_made_opens_empty_and_says_why(qtbot, mixed, monkeypatch):
    import qxmap.ui.mapview as mapview

    def broken(*args, **kwargs):
        raise RuntimeError("no data today")

    monkeypatch.setattr(mapview, "page_payload", broken)
    view = open_view(qtbot, mixed, DIRECT, True)
    assert view.last_state["data_error"] and view.last_state["drawn"] == {}


def test_the_page_data_is_made_when_asked_for_and_not_kept(mixed):
    from qxmap.ui.webengine import AppSchemeHandler

    handler = AppSchemeHandler()
    made = []
    url = handler.set_page_data("map-x", lambda: made.append(1) or page_payload(mixed))
    assert url.startswith(f"{APP_ORIGIN}/map-x.data?v=") and made == []
    blob, mime = handler.resolve("/map-x.data")
    assert mime == "application/octet-stream" and blob[:4] == b"QXD1" and made == [1]
    assert handler.set_page_data("map-x", None) != url and handler.resolve("/map-x.data") is None


@pytest.mark.page
def test_the_draw_tool_snaps_to_roads_drawn_in_bulk_as_to_the_others(qtbot, tmp_path):
    """(Roads drawn in bulk come after the other layers' features: an exit's or an area's
    vertex within the tolerance wins over a closer bulk road's; here none is that close.)"""
    network = D.load_dataset(write_synthetic(tmp_path / "snap", 300, seed=11))
    views = {"bulk": open_view(qtbot, network, bulk(CACHED), True),
             "simple": open_view(qtbot, network, DIRECT, False)}
    roads = network.layers["roads"]
    ids = roads[roads.geometry.notna()]["id"].tolist()[:80:8]
    found = {name: [] for name in views}
    for fid in ids:
        runs = ask(qtbot, views["simple"].query_vertex_pixels, fid)["runs"]
        assert ask(qtbot, views["bulk"].query_vertex_pixels, fid)["runs"] == runs
        vertex = runs[0][len(runs[0]) // 2]
        for name, view in views.items():
            hit = ask(qtbot, lambda callback: view._call("debug.snapAt", vertex["x"], vertex["y"], 10,
                                                         callback=callback))
            found[name].append(None if hit is None else (hit["id"], hit["kind"], hit["at"]))
    assert found["bulk"] == found["simple"]
    assert sum(1 for hit in found["simple"] if hit and hit[1] == "vertex") >= 5


@pytest.mark.parametrize("seed", range(4))
def test_repeated_texts_are_checked_once_each_and_shared(seed):
    """A big layer whose texts repeat (a status, a source) takes the factorized path of
    _fast_field: the same problems, notes and values as the per-value checks, and equal
    codes are one object (what keeps 200,000 roads' statuses small)."""
    rng = np.random.default_rng(seed)
    spec = schema.LAYERS["roads"]
    frame = hostile_frame(spec, 3000, rng, typed=seed % 2 == 1)
    if "status" in frame.columns:  # each text its own object, as a reader gives them
        frame["status"] = pd.Series(["".join(list(v)) if isinstance(v, str) else v for v in frame["status"]],
                                    dtype=object)
    raw = D._RawLayer("roads", "roads.gpkg#roads", frame, True, nan_is_null=True)
    fast_problems, fast_notes, ref_problems, ref_notes = [], [], [], []
    fast = D._check_fields(raw, frame, spec, fast_problems, fast_notes)
    ref = reference_check_fields(raw, frame, spec, ref_problems, ref_notes)
    assert [repr(p) for p in fast_problems + fast_notes] == [repr(p) for p in ref_problems + ref_notes]
    for column in ref.columns:
        if column != "geometry":
            assert same_values(fast[column].tolist(), ref[column].tolist()), column
    if "status" in frame.columns:
        choice = {c: c for c in spec.field("status").choices}
        exact = [(v, choice[v]) for v, raw_value in zip(fast["status"], frame["status"])
             if isinstance(raw_value, str) and raw_value in choice]
        assert len(exact) > 100 and all(v is code for v, code in exact)


@pytest.mark.parametrize("dirty", [None, "id", "status", "name_zh", "actual_start"])
def test_clean_text_columns_are_told_at_a_glance_with_the_same_result(dirty, monkeypatch):
    """A big layer as a GeoPackage reader gives it (pandas' string type, text in every
    row; optional fields empty in every row) takes _plain_column: the same values,
    problems and notes as the per-value checks, codes shared with the schema's; one
    bad value (a control character, an unknown code, blank text, a day that is no
    day) sends that column the general way with the same result."""
    n = 2000
    rng = np.random.default_rng(5)
    spec = schema.LAYERS["roads"]
    statuses = list(spec.field("status").choices)
    data = {
        "id": pd.Series([f"r-{i:05d}" for i in range(n)], dtype="str"),
        "name_zh": pd.Series(["".join(rng.choice(list("规划路大道东西南北一二三"), 4)) for _ in range(n)], dtype="str"),
        "status": pd.Series(["".join(list(statuses[i])) for i in rng.integers(0, len(statuses), n)], dtype="str"),
        "actual_start": pd.Series(["".join(list("2019-06-30")) for _ in range(n)], dtype="str"),
        "source": pd.Series(["".join(list(f"《工作报告》第{i % 7}段")) for i in range(n)], dtype="str"),
        "owner": pd.Series([None] * n, dtype=object),
    }
    bad = {"id": "r-\x07", "status": "施工", "name_zh": "   ", "actual_start": "2019-02-30"}
    if dirty:
        data[dirty] = data[dirty].astype(object)
        data[dirty].iloc[n // 2] = bad[dirty]
        data[dirty] = data[dirty].astype("str")
    import geopandas as gpd

    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([None] * n), crs="EPSG:4326")
    taken = []
    plain_column = D._plain_column
    monkeypatch.setattr(D, "_plain_column", lambda *a: taken.append(a[0].name) or plain_column(*a))
    raw = D._RawLayer("roads", "roads.gpkg#roads", frame, True, nan_is_null=True)
    fast_problems, fast_notes, ref_problems, ref_notes = [], [], [], []
    fast = D._check_fields(raw, frame, spec, fast_problems, fast_notes)
    ref = reference_check_fields(raw, frame, spec, ref_problems, ref_notes)
    assert [repr(p) for p in fast_problems + fast_notes] == [repr(p) for p in ref_problems + ref_notes]
    assert any(p.field == dirty and p.feature is not None for p in fast_problems + fast_notes) == bool(dirty)
    for column in ref.columns:
        if column != "geometry":
            assert same_values(fast[column].tolist(), ref[column].tolist()), column
    assert {"id", "name_zh", "status", "actual_start", "owner"} <= set(taken)
    codes = {c: c for c in statuses}
    clean = [(v, raw_value) for v, raw_value in zip(fast["status"], frame["status"]) if raw_value in codes]
    assert all(v is codes[raw_value] for v, raw_value in clean)
    assert all(v is None for v in fast["owner"])
    if dirty != "actual_start":  # texts that repeat are one object each (memory: 200,000 quotes of a few texts)
        assert len({id(v) for v in fast["actual_start"]}) == 1
    assert len({id(v) for v in fast["source"]}) == 7


@pytest.mark.parametrize("chunk", [D.MEASURE_CHUNK, 1, 3])
def test_lengths_and_areas_are_those_of_the_reprojected_geometries(mixed, bundled, chunk, monkeypatch):
    """_add_measures measures lines from their reprojected coordinates: the same numbers,
    to the last bit, as GeoSeries.to_crs(METRIC_CRS).length (the simple path), for
    lines, multi-part lines, missing geometries, points and polygons; measured a whole
    layer at once or a few lines at a time (MEASURE_CHUNK)."""
    import geopandas as gpd
    import shapely

    monkeypatch.setattr(D, "MEASURE_CHUNK", chunk)

    extra = gpd.GeoDataFrame({"id": ["a", "b", "c", "d"]}, geometry=gpd.GeoSeries([
        shapely.MultiLineString([[(114.1, 22.8), (114.2, 22.85), (114.21, 22.86)], [(114.15, 22.81), (114.16, 22.9)]]),
        None, shapely.LineString([(114.1, 22.8), (114.1, 22.8000001)]), shapely.Point(114.1, 22.8)]),
        crs="EPSG:4326")
    frames = [("roads", extra)] + [(n, f) for d in (mixed, bundled) for n, f in d.layers.items() if len(f)]
    for name, frame in frames:
        frame = frame[["geometry"]].copy()
        metric = frame.geometry.to_crs(schema.METRIC_CRS)
        length = np.where(metric.geom_type.isin(schema.LINES), metric.length / 1000.0, np.nan)
        area = np.where(metric.geom_type.isin(schema.POLYGONS), metric.area / 1e6, np.nan)
        if name in schema.TRACKED_LAYERS:
            length = np.where(np.isnan(length), 0.0, length)
        D._add_measures(name, frame)
        assert np.array_equal(frame["length_km"].to_numpy(dtype=float), length, equal_nan=True), name
        assert np.array_equal(frame["area_km2"].to_numpy(dtype=float), area, equal_nan=True), name


def test_a_large_layer_measured_ahead_in_a_thread_gets_the_same_measures(mixed, monkeypatch, tmp_path):
    """A layer of MEASURE_AHEAD_MIN features or more is measured in a worker thread while
    it is checked: the same lengths and areas, bit for bit, as measured after the checks;
    and a layer with a problem is still reported (the thread's work is dropped)."""
    import threading

    threads = []
    real = D.measures

    def measures(name, geoms):
        threads.append(threading.current_thread().name)
        return real(name, geoms)

    monkeypatch.setattr(D, "measures", measures)
    monkeypatch.setattr(D, "MEASURE_AHEAD_MIN", 1)
    ahead = D.load_dataset(mixed.path)
    assert any(name.startswith("qxmap-measure") for name in threads)
    monkeypatch.setattr(D, "MEASURE_AHEAD_MIN", 10 ** 9)
    threads.clear()
    inline = D.load_dataset(mixed.path)
    assert not any(name.startswith("qxmap-measure") for name in threads)
    for name, frame in inline.layers.items():
        for column in ("length_km", "area_km2"):
            assert np.array_equal(ahead.layer(name)[column].to_numpy(dtype=float),
                                  frame[column].to_numpy(dtype=float), equal_nan=True), (name, column)
    monkeypatch.setattr(D, "MEASURE_AHEAD_MIN", 1)
    broken = tmp_path / "broken"
    broken.mkdir()
    for source in mixed.path.iterdir():
        (broken / source.name).write_bytes(source.read_bytes())
    roads = json.loads((broken / "roads.geojson").read_text(encoding="utf-8"))
    roads["features"][2]["properties"]["status"] = "bogus"
    (broken / "roads.geojson").write_text(json.dumps(roads), encoding="utf-8")
    with pytest.raises(D.DatasetError) as caught:
        D.load_dataset(broken)
    assert [(p.file, p.field, p.value) for p in caught.value.problems] == [("roads.geojson", "status", "bogus")]
    assert not any(t.name.startswith("qxmap-measure") for t in threading.enumerate())  # the workers are gone


def test_the_page_data_from_a_snapshot_is_the_page_data(mixed, bundled):
    """MapView packs the page data in a worker thread from mappage.page_snapshot: the same bytes."""
    import copy

    from qxmap.mappage import page_snapshot

    for dataset in (mixed, bundled):
        snapshot = page_snapshot(dataset)
        assert page_payload(snapshot) == page_payload(dataset)
    changed = copy.deepcopy(mixed)
    snapshot = page_snapshot(changed)
    before = page_payload(snapshot)
    changed.layers["roads"].loc[0, "status"] = "completed" if changed.layers["roads"].loc[0, "status"] != "completed" \
        else "planned"
    assert page_payload(snapshot) == before != page_payload(changed)  # the snapshot does not follow later edits
    # nor a geometry edited in place, nor a road's name (the columns it shares, copy-on-write)
    roads = changed.layers["roads"]
    edited = roads.geometry.iloc[0]
    roads.loc[roads.index[0], roads.geometry.name] = shapely.affinity.translate(edited, 0.01, 0.01) \
        if edited is not None else shapely.LineString([(113.95, 22.8), (113.96, 22.81)])
    roads.loc[roads.index[1], "name_zh"] = "改名路"
    assert page_payload(snapshot) == before


def test_long_text_columns_travel_as_bytes_with_every_text_as_it_was(mixed, monkeypatch):
    """Ids and names (TEXT_COLUMN_MIN texts or more) go as UTF-8 bytes with a NUL between
    two and a missing-value byte each: read back, the same texts (Chinese, beyond the BMP,
    quotes, empty, missing) as the JSON path gives; a column that cannot go that way (a
    text with a NUL, a value that is not a text) goes as JSON."""
    import copy

    import qxmap.mappage as M

    monkeypatch.setattr(M, "TEXT_COLUMN_MIN", 3)
    dataset = copy.deepcopy(mixed)
    roads = dataset.layers["roads"]
    roads["name_en"] = roads["name_en"].astype(object)
    roads.loc[0, "name_zh"] = "清溪大道\U0002000b\ue000"
    roads.loc[1, "name_zh"] = 'a "quoted" \\ name, {"json": [1]}'
    roads.loc[2, "name_zh"] = ""
    roads.loc[3, "name_zh"] = None
    roads.loc[4, "name_en"] = "Qingxi Avenue"
    roads.loc[5, "name_en"] = "a\x00b"  # (the loader removes control characters; a NUL here still travels)
    blob = page_payload(dataset)
    (length,) = struct.unpack("<I", bytes(blob[4:8]))
    props = json.loads(bytes(blob[8:8 + length]).decode("utf-8"))["layers"]["roads"]["packed"]["props"]
    assert set(props["id"]) == {"text", "missing"} and set(props["name_zh"]) == {"text", "missing"}
    assert set(props["name_en"]) == {"values"}  # (the NUL)
    assert set(props["status"]) == {"dict", "codes"}
    got = decode_payload(blob)["layers"]["roads"]
    expected = page_data(dataset)["layers"]["roads"]
    assert [f["properties"] for f in got] == [f["properties"] for f in expected]
    assert got[0]["properties"]["name_zh"] == "清溪大道\U0002000b\ue000"
    assert got[2]["properties"]["name_zh"] == "" and got[3]["properties"]["name_zh"] is None
    assert got[5]["properties"]["name_en"] == "a\x00b"


@pytest.mark.page
def test_the_page_reads_texts_packed_as_bytes_as_the_inline_page_has_them(qtbot, mixed, monkeypatch):
    import copy

    import qxmap.mappage as M

    monkeypatch.setattr(M, "TEXT_COLUMN_MIN", 3)
    dataset = copy.deepcopy(mixed)
    roads = dataset.layers["roads"]
    roads.loc[0, "name_zh"] = "清溪大道\U0002000b"
    roads.loc[1, "name_zh"] = 'a "quoted" \\ name </script><b>x</b>'
    roads.loc[2, "name_zh"] = ""
    roads.loc[3, "name_zh"] = None
    fast, simple = open_view(qtbot, dataset, DIRECT, True), open_view(qtbot, dataset, DIRECT, False)
    assert fast.last_state.get("data_error") is None
    ids = [fid for frame in dataset.layers.values() for fid in frame["id"]]
    for fid in ids[:6] + ids[6::23] + ["p-hole", "f-line"]:
        assert ask(qtbot, fast.query_props_of, fid) == ask(qtbot, simple.query_props_of, fid), fid
    assert ask(qtbot, fast.query_props_of, roads["id"].iloc[0])["name_zh"] == "清溪大道\U0002000b"
    assert ask(qtbot, fast.query_props_of, roads["id"].iloc[3])["name_zh"] is None


@pytest.mark.parametrize("piece", [1000, 3])
def test_the_payload_header_is_the_page_data_as_json(mixed, piece, monkeypatch):
    """page_payload writes its header a long column at a time (_header_pieces): the same
    bytes as the whole header dumped at once (the page data with packed layers and the
    buffer table), names with Chinese, a character beyond the BMP, a private-use one, a
    quote and a lone surrogate included; whether or not the columns are pieced."""
    import copy
    import struct

    import qxmap.mappage as M

    monkeypatch.setattr(M, "_PIECE_VALUES", piece)
    dataset = copy.deepcopy(mixed)
    roads = dataset.layers["roads"]
    roads.loc[0, "name_zh"] = "清溪大道\U0002000b\ue000"
    roads.loc[1, "name_zh"] = 'a "quoted" \\ name\ud800'
    roads.loc[2, "name_en"] = "qxmap-column-0"
    payload = page_payload(dataset)
    length = struct.unpack("<I", bytes(payload[4:8]))[0]
    buffers: list = []
    data = page_data(dataset, buffers=buffers)
    data["buffers"] = M.buffer_table(buffers)[0]
    whole = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    assert bytes(payload[8:8 + length]) == whole
    assert json.loads(whole.decode("utf-8", "replace"))["layers"]["roads"]["packed"]["props"]["name_en"]["values"][2] \
        == "qxmap-column-0"


def test_page_data_made_ahead_is_served_once_then_made_again(mixed):
    from qxmap.ui.webengine import AppSchemeHandler

    handler = AppSchemeHandler()
    made = []
    handler.set_page_data("map-y", lambda: made.append("asked") or page_payload(mixed),
                          ahead=lambda: made.append("ahead") or page_payload(mixed))
    first, _ = handler.resolve("/map-y.data")
    assert made == ["ahead"]
    again, _ = handler.resolve("/map-y.data")
    assert made == ["ahead", "asked"] and first == again

    def broken():
        raise RuntimeError("no data today")

    handler.set_page_data("map-y", lambda: page_payload(mixed), ahead=broken)
    assert handler.resolve("/map-y.data") is None  # as when it is made when asked for: logged, no data
    assert handler.resolve("/map-y.data")[0] == first


def test_the_page_data_is_made_into_the_block_the_handler_serves(mixed):
    """MapView has page_payload fill the scheme's own byte array (reply_block): the same
    bytes as a bytearray, served without a copy; a block of the wrong size is refused."""
    from PySide6.QtCore import QByteArray

    from qxmap.ui.webengine import reply_block

    block = page_payload(mixed, allocate=reply_block)
    assert isinstance(block, QByteArray) and bytes(block.data()) == bytes(page_payload(mixed))
    with pytest.raises(ValueError, match="gave 3 bytes"):
        page_payload(mixed, allocate=lambda n: bytearray(3))
    with pytest.raises(ValueError, match="read-only"):
        page_payload(mixed, allocate=lambda n: bytes(n))


@pytest.mark.page
@pytest.mark.parametrize("early", [True, False])
def test_a_warmed_up_view_shows_the_dataset_as_a_cold_one(qtbot, mixed, early):
    """MapView.warm_up (run_app calls it before the data is read) loads a blank page of
    the app's own; the dataset shown after it, whether the blank page has finished
    loading or not (*early*), draws the same pixels, with no failure and nothing refused."""
    from qxmap.ui.mapview import MapView

    cold = open_view(qtbot, mixed, DIRECT, True)
    view = MapView()
    qtbot.addWidget(view)
    view.render_options = DIRECT
    view.resize(640, 480)
    view.show()
    failed = []
    view.load_failed.connect(failed.append)
    if early:
        view.warm_up()
    else:
        with qtbot.waitSignal(view.loadFinished, timeout=30000):
            view.warm_up()
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.show_dataset(mixed)
    qtbot.wait(300)
    assert not failed and not view.page().refused_navigations
    assert view.last_state["drawn"] == cold.last_state["drawn"]
    assert np.array_equal(settled_pixels(qtbot, view), settled_pixels(qtbot, cold))
    view.warm_up()  # a page is shown: nothing happens
    assert view.is_ready and view.url().path().endswith(".html") and "blank" not in view.url().path()


def test_the_mask_is_one_bit_per_record_first_in_the_lowest_bit():
    from qxmap.ui.mapview import mask_text

    assert mask_text(None) is None
    assert mask_text([]) == ""
    # 11 records: the first byte holds records 0-7 (record 0 in its lowest bit), the second 8-10
    mask = [True, False, False, True, False, False, False, False, False, False, True]
    assert base64.b64decode(mask_text(mask)) == bytes([0b00001001, 0b00000100])
    rng = np.random.default_rng(5)
    mask = rng.random(200_003) < 0.3
    bits = np.frombuffer(base64.b64decode(mask_text(mask)), dtype=np.uint8)
    assert len(bits) == (len(mask) + 7) // 8
    assert (np.unpackbits(bits, bitorder="little")[:len(mask)].astype(bool) == mask).all()


@pytest.mark.page
def test_masks_follow_the_tracked_records_after_they_are_reordered(qtbot, mixed):
    """After syncTracked (records added or removed: a new order), a mask counts in the new
    order, for roads drawn in bulk (each reads its bit of the mask) as for Leaflet layers;
    the counts shown per layer follow; a mask of the wrong size is refused."""
    views = {"bulk": open_view(qtbot, mixed, bulk(CACHED), True), "simple": open_view(qtbot, mixed, DIRECT, False)}
    tracked = mixed.tracked()
    mapped = tracked.geometry.notna().to_numpy()
    first = tracked_mask(mixed, RoadFilter.of(phases=["by_2018"]))
    for view in views.values():
        wait_drawn(qtbot, view, view.show_tracked_mask(first))
    reordered = tracked.iloc[::-1].reset_index(drop=True)
    ids = [str(i) for i in reordered["id"]]
    again = RoadFilter.of(categories=["town"]).mask(reordered).to_numpy(dtype=bool)
    expected = sorted(reordered["id"][again & reordered.geometry.notna().to_numpy()])
    for name, view in views.items():
        wait_drawn(qtbot, view, view.sync_tracked(ids))
        assert sorted(ask(qtbot, view.query_visible_tracked)) == sorted(tracked["id"][mapped]), name
        wait_drawn(qtbot, view, view.show_tracked_mask(again))
        assert sorted(ask(qtbot, view.query_visible_tracked)) == expected, name
        state = view.last_state
        shown_exits = set(expected) & set(mixed.layers["exits"]["id"])
        assert state["drawn"]["exits"] == len(shown_exits), name
        assert state["drawn"]["roads"] == len(expected) - len(shown_exits), name
    # the same pixels, bulk and simple
    images = {name: settled_pixels(qtbot, view) for name, view in views.items()}
    assert (np.abs(images["bulk"] - images["simple"]).max(axis=2) > 24).mean() < 0.001
    replies = []
    seq = views["bulk"].show_tracked_mask(again[:-9], callback=replies.append)  # two bytes short
    qtbot.waitUntil(lambda: len(replies) == 1, timeout=10000)
    assert replies == [None] and f"command {seq}: " in " ".join(views["bulk"].console)
    assert "mask of" in views["bulk"].console[-1]
    assert sorted(ask(qtbot, views["bulk"].query_visible_tracked)) == expected  # the last good mask stays


@pytestmark_page
def test_packed_reference_layers_are_drawn_and_named_on_the_page(qtbot, bundled):
    """The page reads the reference layers from the packed data: each feature with a
    geometry drawn (lines, areas with holes, a multi-polygon, a point), its tooltip name kept."""
    from qtutil import bundled_view

    view = bundled_view(qtbot, with_references(bundled))
    drawn = view.last_state["drawn"]
    assert drawn["ref:net"] == 4 and drawn["ref:plan"] == 3
    assert ask(qtbot, view.query_props_of, "ref:net#1")["name_zh"] == "全市路网"
    assert ask(qtbot, view.query_props_of, "ref:net#5")["name_zh"] == "双线路"
    assert ask(qtbot, view.query_props_of, "ref:net#3") is None  # an empty geometry: not on the map
    assert ask(qtbot, view.query_pixel_of, "ref:plan#2") is not None
    assert not [c for c in view.console if "Error" in c], view.console


@pytest.mark.parametrize("rings", [20_000, 1, 2])
def test_positions_the_arrays_cannot_hold_travel_as_geojson_or_not_at_all(bundled, rings, monkeypatch):
    """A reference layer keeps what its file says, far or broken: a position beyond what
    32-bit millionths of a degree hold goes as GeoJSON, one that is not a number as no
    geometry; the other features stay packed; whether the positions are packed all at
    once or a few lines at a time (_PACK_RINGS)."""
    import geopandas as gpd
    from dataclasses import replace

    import qxmap.mappage as M

    monkeypatch.setattr(M, "_PACK_RINGS", rings)

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (shapely says a NaN is invalid: that is the point)
        broken = shapely.LineString([(114.15, 22.85), (float("nan"), 22.86)])
    frame = gpd.GeoDataFrame({"name_zh": ["好", "远", "很远", "坏"]}, geometry=[
        shapely.LineString([(114.15, 22.85), (114.16, 22.86)]),
        shapely.LineString([(114.15, 22.85), (3000.0, 22.86)]),
        shapely.LineString([(114.15, 22.85), (1e300, 22.86)]), broken], crs="EPSG:4326")
    dataset = replace(bundled, references={"x": D.ReferenceLayer("x", "参考", frame, "x.shp")})
    passes = []
    real_pack = M._packed_geometry_of
    monkeypatch.setattr(M, "_packed_geometry_of", lambda *a: passes.append(1) or real_pack(*a))
    with np.errstate(all="raise"):  # no cast of a value the arrays cannot hold
        blob = page_payload(dataset)
    monkeypatch.setattr(M, "_packed_geometry_of", real_pack)
    assert len(passes) == 7 + 1  # each layer once, the reference layer once more without its three
    got = {f["properties"]["id"]: f["geometry"] for f in decode_payload(blob)["layers"]["ref:x"]}
    assert got["ref:x#0"]["coordinates"] == [[114.15, 22.85], [114.16, 22.86]]
    assert got["ref:x#1"] == {"type": "LineString", "coordinates": [[114.15, 22.85], [3000.0, 22.86]]}
    assert got["ref:x#2"]["coordinates"][1][0] == 1e300
    assert got["ref:x#3"] is None
    monkeypatch.setattr(M, "_PACK_RINGS", 20_000)
    assert page_payload(dataset) == blob  # (the same bytes however the rings are taken)


def with_reference_network(dataset, n=240):
    """*dataset* with a reference layer of lines drawn in bulk at bulk_min 0: *n* lines beside
    its roads (the roads shifted a little, some unnamed, some two-part) and with_references'
    odd ones (a missing name, a blank one, an empty and a missing geometry, a multi-line);
    and its land-use areas (no lines: never a bulk)."""
    import geopandas as gpd
    from dataclasses import replace

    odd = with_references(dataset)
    roads = dataset.layers["roads"]
    geoms = roads.geometry[roads.geometry.notna()].to_numpy()[:n]
    moved = shapely.transform(geoms, lambda xy: xy + [0.0012, -0.0009])
    names = [None if i % 5 == 0 else f"城市道路{i}" for i in range(len(moved))]
    moved = [shapely.MultiLineString([g, shapely.affinity.translate(g, 0.0006, 0.0004)]) if i % 9 == 4 else g
             for i, g in enumerate(moved)]
    net = odd.references["net"].frame
    frame = gpd.GeoDataFrame({"name_zh": list(net["name_zh"]) + names},
                             geometry=list(net.geometry) + list(moved), crs="EPSG:4326")
    refs = dict(odd.references, net=D.ReferenceLayer("net", "全市路网", frame, "city.shp"))
    return replace(dataset, references=refs)


def click_at(qtbot, view, where):
    """Click the map at *where* (view pixels {x, y}): the (layer, id) the page said was clicked, or None."""
    got = []
    view.feature_clicked.connect(lambda layer, i: got.append((layer, i)))
    QTest.mouseClick(view.focusProxy() or view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(round(where["x"])), int(round(where["y"]))))
    qtbot.wait(150)
    ask(qtbot, view.query_state)
    return got[-1] if got else None


@pytest.fixture(scope="module")
def referenced(mixed):
    return with_reference_network(mixed)


@pytest.mark.page
@pytest.mark.parametrize("options", [DIRECT, CACHED], ids=["direct", "cached"])
def test_reference_lines_drawn_in_bulk_look_hit_and_snap_as_leaflet_lines(qtbot, referenced, options):
    """A reference layer drawn from the packed arrays (bulk_min lines or more) gives what its
    Leaflet lines give: the same pixels at each view (under the tracked data, hidden and
    shown again), the same counts, names, feature under the pointer and snap targets."""
    views = {"bulk": open_view(qtbot, referenced, bulk(options), True),
             "simple": open_view(qtbot, referenced, options, False)}
    assert views["bulk"].last_state["bulk_layers"] == ["ref:net", "roads"]  # (the areas have no line: no bulk)
    assert views["simple"].last_state["bulk_layers"] == []
    assert views["bulk"].last_state["drawn"] == views["simple"].last_state["drawn"]
    assert views["bulk"].last_state["drawn"]["ref:net"] == 4 + 240
    steps = [
        ("everything", []),
        ("a zoom", [("fit_bounds", 22.81, 114.13, 22.87, 114.20)]),
        ("a pan", [("fit_bounds", 22.82, 114.15, 22.88, 114.22)]),
        ("a phase", [("show_tracked_mask", tracked_mask(referenced, RoadFilter.of(phases=["underway"])))]),
        ("the network hidden", [("set_layer_visible", "ref:net", False)]),
        ("shown again", [("set_layer_visible", "ref:net", True)]),
    ]
    images = {}
    for label, commands in steps:
        images[label] = {}
        for name, view in views.items():
            run_steps(qtbot, view, commands)
            images[label][name] = settled_pixels(qtbot, view)
        differs = (np.abs(images[label]["bulk"] - images[label]["simple"]).max(axis=2) > 24).mean()
        assert differs < 0.001, (label, differs)
    network = (np.abs(images["a phase"]["simple"] - images["the network hidden"]["simple"]).max(axis=2) > 24).sum()
    assert network > 500  # (the comparison is about reference lines drawn)
    ids = [f"ref:net#{i}" for i in (0, 1, 2, 3, 4, 5, 6, 9, 10, 13, 40, 41, 100, 243)]
    for fid in ids:
        assert ask(qtbot, views["bulk"].query_props_of, fid) == ask(qtbot, views["simple"].query_props_of, fid), fid
    found = {name: [] for name in views}
    for fid in ids:
        runs = ask(qtbot, views["simple"].query_vertex_pixels, fid)
        assert ask(qtbot, views["bulk"].query_vertex_pixels, fid) == runs, fid
        if not runs:
            continue
        vertex = runs["runs"][0][len(runs["runs"][0]) // 2]
        for name, view in views.items():
            hit = ask(qtbot, lambda callback: view._call("debug.snapAt", vertex["x"], vertex["y"], 10,
                                                         callback=callback))
            found[name].append(None if hit is None else (hit["id"], hit["kind"], hit["at"]))
    assert found["bulk"] == found["simple"]
    assert sum(1 for hit in found["simple"] if hit and hit[0].startswith("ref:net#")) >= 5
    clicked = {}
    for name, view in views.items():
        run_steps(qtbot, view, [("set_layer_visible", "roads", False)])  # (the network lies under them)
        hits = []
        for fid in ids:
            where = ask(qtbot, view.query_pixel_of, fid)
            if where is None or not (2 <= where["x"] < view.width() - 2 and 2 <= where["y"] < view.height() - 2):
                hits.append((fid, None))
                continue
            hits.append((fid, click_at(qtbot, view, where)))
        clicked[name] = hits
    assert clicked["bulk"] == clicked["simple"]
    assert sum(1 for _, hit in clicked["bulk"] if hit and hit[0] == "ref:net") >= 4


@pytest.mark.page
def test_a_dense_reference_network_is_drawn_thin_and_still_hit(qtbot, referenced):
    """Where the view is dense with a reference layer's lines (thin_per_mpx), they are drawn
    1 px wide, as dense roads are: set as pixels where the 1 px strokes would go (thin_pixels),
    composited at the layer's opacity; the tracked roads keep their widths (their own rule)
    and a click still finds a reference line."""
    from dataclasses import replace

    dense = replace(bulk(CACHED), thin_per_mpx=100)
    views = {"wide": open_view(qtbot, referenced, bulk(CACHED), True), "pixels": open_view(qtbot, referenced, dense, True),
             "strokes": open_view(qtbot, referenced, replace(dense, thin_pixels=False), True)}
    assert views["wide"].last_state["render"]["thinLayers"] == []
    assert views["pixels"].last_state["render"]["thinLayers"] == ["ref:net"]
    lines, faint = {}, {}
    for name, view in views.items():
        run_steps(qtbot, view, [("set_layer_visible", "roads", False), ("set_layer_visible", "exits", False)])
        shown = settled_pixels(qtbot, view)
        run_steps(qtbot, view, [("set_layer_visible", "ref:net", False)])
        change = np.abs(shown - settled_pixels(qtbot, view)).max(axis=2)
        lines[name], faint[name] = change > 24, change > 8
        run_steps(qtbot, view, [("set_layer_visible", "ref:net", True)])
    counts = {name: int(mask.sum()) for name, mask in lines.items()}
    assert 500 < counts["pixels"] < 0.85 * counts["wide"], counts
    # the pixels set where the 1 px strokes go, and back (an anti-aliased stroke spreads faintly)
    assert (lines["pixels"] & ~grown(faint["strokes"])).sum() <= 0.005 * counts["pixels"]
    assert (lines["strokes"] & ~grown(lines["pixels"])).sum() <= 0.02 * counts["strokes"]
    view = views["pixels"]
    hits = [click_at(qtbot, view, ask(qtbot, view.query_vertex_pixels, fid)["runs"][0][0])
            for fid in ("ref:net#0", "ref:net#6", "ref:net#7", "ref:net#8", "ref:net#11", "ref:net#12")]
    assert sum(1 for hit in hits if hit and hit[0] == "ref:net") >= 3, hits


@pytest.mark.page
def test_reference_lines_drawn_in_bulk_follow_a_shifted_basemap(qtbot, referenced):
    """On a GCJ-02 basemap the page draws everything shifted (state.transform, made again in
    bulk): a reference line drawn in bulk lies where its Leaflet line lies, and is hit there."""
    views = {"bulk": open_view(qtbot, referenced, bulk(CACHED), True),
             "simple": open_view(qtbot, referenced, CACHED, False)}
    before = ask(qtbot, views["bulk"].query_vertex_pixels, "ref:net#10")
    for view in views.values():
        run_steps(qtbot, view, [("set_basemap", {"gcj02": True})])
        assert view.last_state["shifted"] is True
    shifted = {name: ask(qtbot, view.query_vertex_pixels, "ref:net#10") for name, view in views.items()}
    assert shifted["bulk"] == shifted["simple"] != before
    assert views["bulk"].last_state["bulk_layers"] == ["ref:net", "roads"]
    assert views["bulk"].last_state["drawn"] == views["simple"].last_state["drawn"]
    images = {name: settled_pixels(qtbot, view) for name, view in views.items()}
    assert (np.abs(images["bulk"] - images["simple"]).max(axis=2) > 24).mean() < 0.001
