"""The import's fast paths (issue 11, speed) give what the simple ways give.

The benchmark's speed comes from doing per column or per distinct value what
was done per row or per pair; each fast path here is compared with the plain
algorithm it replaces, on generated values: fuzzy name candidates (keys,
road numbers, the character-count prefilter before difflib), the history's
JSON of added records, the cells written for new rows."""
import datetime
import difflib
import json
import math
import sqlite3
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qxmap.geometry_edits import record_from_text, record_text
from qxmap.importing import Mapping
from qxmap.importing.mapping import NULL_WORDS, convert_column_rows
from qxmap.importing.plan import (_ROAD_CODE, MIN_FUZZY, N_CANDIDATES, _fuzzy_keys, _name_keys, _nfkc_all,
                                  _road_code_matches, fuzzy_candidates, fuzzy_key, name_key, road_code)
from qxmap.importing.sources import value_text
from qxmap.workspace.db import insert_columns, insert_rows
from qxmap.workspace.importcells import cell_value, column_cells, geometries, wkts
from qxmap.workspace.importstore import _record_texts

# Characters the name helpers treat specially, and some they do not.
NAME_CHARS = list("路道公线清溪大东段号省县-（）()【】 　·,.S358Xx8Gg1Ａ２ｓ") + ["\u00a0", "道路", "公路", "S 358", "X-886"] \
    + ["Σ", "ΑΣ", "\u0301", "İ", "ﬁ", "Ⅻ"]  # context-dependent case, combining marks
names_st = st.lists(st.sampled_from(NAME_CHARS), max_size=9).map("".join)


def simple_fuzzy_key(name) -> str:
    """fuzzy_key as first written: strip one suffix at a time, in this order."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = "".join(ch for ch in text if ch not in "()[]{}<>《》〈〉「」『』【】\"'“”‘’·•,、.。:;!?-—–_/\\| \t\r\n\u3000\xa0")
    stripped = True
    while stripped:
        stripped = False
        for suffix in ("道路", "公路", "路", "线"):
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                stripped = True
                break
    return text


def simple_candidates(names, rec_ids, rec_names, limit=N_CANDIDATES, min_score=MIN_FUZZY):
    """Every name against every record, difflib on every pair (no prefilter)."""
    out = {}
    rec_keys = [simple_fuzzy_key(n) for n in rec_names]
    codes = [road_code(n) for n in rec_names]
    for i, name in enumerate(names):
        key, code = simple_fuzzy_key(name), road_code(name)
        hits = {}
        for j, rk in enumerate(rec_keys):
            if rk == key:
                hits[j] = (0.95, "same name apart from spaces, brackets or a 路/道路 suffix")
        for j, rc in enumerate(codes):
            if code and rc == code and j not in hits:
                hits[j] = (0.9, f"same road number {code}")
        for j, rk in enumerate(rec_keys):
            if j in hits:
                continue
            ratio = difflib.SequenceMatcher(None, key, rk, autojunk=False).ratio()
            if ratio >= min_score and key != rk:
                hits[j] = (ratio * 0.9, f"similar name (ratio {ratio:.2f})")
        if hits:
            out[i] = sorted(((j, s, r) for j, (s, r) in hits.items()), key=lambda t: -t[1])[:limit]
    return out


@given(names=st.lists(names_st, max_size=30))
@example(names=["路\ue000", "ΑΣ", "S358"]).via("a name holding the joining mark: one by one")
@settings(max_examples=300, deadline=None)
def test_fuzzy_keys_of_many_names_are_fuzzy_key(names):
    normed = [unicodedata.normalize("NFKC", n) for n in names]
    assert _nfkc_all(names) == normed
    assert _fuzzy_keys(normed) == [fuzzy_key(n) for n in names] == [simple_fuzzy_key(n) for n in names]
    found = _road_code_matches(normed)
    assert [m and m.group(0) for m in found] == [m and m.group(0) for m in map(_ROAD_CODE.search, normed)]


@given(names=st.lists(names_st, max_size=25), records=st.lists(names_st, min_size=1, max_size=8))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzzy_candidates_equal_every_pair_through_difflib(names, records):
    ids = [f"road-{j}" for j in range(len(records))]
    assert fuzzy_candidates(names, ids, records) == simple_candidates(names, ids, records)


@given(names=st.lists(names_st, max_size=10), records=st.lists(names_st, min_size=20, max_size=60))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzzy_candidates_among_many_similar_records_equal_every_pair(names, records):
    """Many records that could be similar: the most promising are compared first and the
    rest left once none can enter the best three; still the same as every pair."""
    ids = [f"road-{j}" for j in range(len(records))]
    assert fuzzy_candidates(names, ids, records) == simple_candidates(names, ids, records)


def test_fuzzy_candidates_of_a_reimport_into_a_large_workspace_come_quickly():
    """2,000 names against 20,000 records that all look alike ("合成道路123号"): each name's
    closest are found (those differing by one digit), without comparing all 40 million pairs
    (that took hours)."""
    rec_names = [f"合成道路{k}号" for k in range(20_000)]
    names = [f"合成道路{k}号 " for k in range(5, 20_000, 10)]  # the same names with a space: same key
    names += [f"合成道路{k}号工程" for k in range(7, 20_000, 10)]
    found = fuzzy_candidates(names, [f"r{k}" for k in range(20_000)], rec_names)
    assert len(found) == len(names)
    for i, hits in found.items():
        assert len(hits) == N_CANDIDATES
        if i < 2000:
            assert hits[0][1] == 0.95 and rec_names[hits[0][0]] == names[i].strip()


def test_fuzzy_candidates_on_real_names(bundled):
    roads = bundled.layer("roads")
    rec_ids, rec_names = list(roads["id"]), [str(n) for n in roads["name_zh"]]
    names = [n + "工程" for n in rec_names] + [n.replace("路", "道路") + " " for n in rec_names] + [
        "省道s358清溪段", "X 886线", "清溪大道（东段）路", "镇内道路（报告未具名）1/24", "合成道路7号", "", "路"]
    found = fuzzy_candidates(names, rec_ids, rec_names)
    assert found == simple_candidates(names, rec_ids, rec_names)
    assert len(found) > len(rec_names)  # the test says something: most names have candidates


# --------------------------------------------------------------------------
# Cells and the history's JSON of added records


def old_column_cells(series) -> list:
    series = series if isinstance(series, pd.Series) else pd.Series(list(series), dtype=object)
    arr = series.to_numpy(dtype=object) if series.dtype == object else series.astype(object).to_numpy(dtype=object)
    missing = pd.isna(arr)
    kind = pd.api.types.infer_dtype(arr, skipna=True) if len(arr) else "empty"
    out = arr.tolist()
    for i in np.flatnonzero(missing):
        out[i] = None
    if kind in ("string", "empty"):
        return out
    if kind == "floating":
        return [None if v is not None and not math.isfinite(v) else v for v in out]
    return [cell_value(v) for v in out]


def old_record_texts(records, with_geometry: bool = False) -> list[str]:
    names = [c for c in records.columns if c not in (records.geometry.name, "length_km", "area_km2", "revision")]
    columns_ = [old_column_cells(records[c]) for c in names]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    rows = [{k: v for k, v in zip(names, row) if v is not None} for row in zip(*columns_)] \
        if names else [{}] * len(records)
    if with_geometry:  # as a record drawn on the map is written, row by row
        return [record_text(row, geom) for row, geom in zip(rows, records.geometry)]
    return [encode(row) for row in rows]


cell_st = st.one_of(
    st.none(), st.text(max_size=6), st.sampled_from(["", " ", "在建", 'a"b\\c', "\x00\n\t", "\ud800"]),
    st.integers(min_value=-2**70, max_value=2**70), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([-0.0, 1e-300, 2018.0]),
    st.integers(min_value=-10**6, max_value=10**6).map(np.int64), st.floats(width=32).map(np.float32),
    st.sampled_from([pd.NA, pd.NaT, np.nan, pd.Timestamp("2024-05-20 08:00"), datetime.date(2024, 5, 20),
                     np.datetime64("2024-05-20"), b"\x01\xff"]))
# Columns as they come: all one kind (most columns), or anything mixed.
column_st = st.one_of(
    st.lists(cell_st, min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), st.text(max_size=4)), min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), st.integers(-5, 3000)), min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), st.integers(-5, 3000), st.booleans()), min_size=4, max_size=4),
    st.lists(st.floats(allow_nan=True), min_size=4, max_size=4),
    st.just([None] * 4))


def frame_of(columns: list[list], typed: bool) -> gpd.GeoDataFrame:
    data = {}
    for k, values in enumerate(columns):
        name = ["id", "name_zh", "状态", "target", 'a"b', "revision", "length_km"][k % 7] + ("" if k < 7 else str(k))
        series = pd.Series(values, dtype=object)
        if typed:  # what pandas makes of the column by itself (ints, floats, str)
            try:
                series = pd.Series(values)
            except (TypeError, ValueError):
                pass
        data[name] = series
    geoms = [shapely.LineString([(114.1, 22.8), (114.2, 22.9)]), None, shapely.Point(114.1, 22.8), None]
    return gpd.GeoDataFrame(pd.DataFrame(data), geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


@given(columns=st.lists(column_st, max_size=9), typed=st.booleans())
@example(columns=[[None, None, "", 0], [None, "", " ", "x"]], typed=False).via("blank text among numbers, among text")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cells_and_record_json_equal_the_row_by_row_way(columns, typed):
    frame = frame_of(columns, typed)
    for name in frame.columns:
        if name != "geometry":
            assert column_cells(frame[name]) == old_column_cells(frame[name]) or _same_nan(
                column_cells(frame[name]), old_column_cells(frame[name]))
    assert _record_texts(frame) == old_record_texts(frame)
    # a record added or removed: its geometry's WKT in the same text, as for one drawn
    texts = _record_texts(frame, None, wkts(geometries(frame)))
    assert texts == old_record_texts(frame, with_geometry=True)
    assert [record_from_text(t)[1] is not None for t in texts] == list(frame.geometry.notna())


long_text_st = st.one_of(st.text(max_size=6), st.sampled_from(["\ue000", 'a"b\\c', "\x00\n\t", "\ud800", "在建", ""]))


@given(data=st.data(), rows=st.integers(65, 300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_long_text_columns_encode_as_value_by_value(data, rows):
    """Columns of many rows take the column-at-once paths (a few values repeated: once
    per value; all distinct: one encoder call); the JSON is the row-by-row JSON."""
    few = data.draw(st.lists(long_text_st, min_size=1, max_size=5))
    columns = {
        "id": data.draw(st.lists(long_text_st, min_size=rows, max_size=rows)),  # mostly distinct
        "status": data.draw(st.lists(st.sampled_from(few), min_size=rows, max_size=rows)),  # repeated
        "note": data.draw(st.lists(st.one_of(st.none(), st.sampled_from(few)), min_size=rows, max_size=rows)),
        "name_zh": [f"道路{i}" + data.draw(long_text_st) for i in range(rows)],  # distinct
    }
    frame = gpd.GeoDataFrame(pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()}),
                             geometry=gpd.GeoSeries([None] * rows, crs="EPSG:4326"), crs="EPSG:4326")
    assert _record_texts(frame) == old_record_texts(frame)
    lines = [shapely.LineString([(114.1 + i * 1e-4, 22.8), (114.2, 22.9 + 1e-5 * i)]) for i in range(rows)]
    frame = frame.set_geometry(gpd.GeoSeries(lines, crs="EPSG:4326"))
    assert _record_texts(frame, None, wkts(geometries(frame))) == old_record_texts(frame, with_geometry=True)


def _same_nan(a, b) -> bool:
    """Lists equal but for NaN cells (NaN != NaN), compared by their type and text."""
    return len(a) == len(b) and all(type(x) is type(y) and repr(x) == repr(y) for x, y in zip(a, b))


def test_record_json_of_a_frame_without_values():
    frame = frame_of([[None] * 4, [None] * 4], typed=False)
    assert _record_texts(frame) == ["{}"] * 4 == old_record_texts(frame)
    assert _record_texts(frame.iloc[:0]) == [] == old_record_texts(frame.iloc[:0])


def test_record_json_reads_back_as_the_values():
    frame = frame_of([["road-1", "road-2", None, "road-4"], ["清溪路", 'say "hi"', "", None],
                      [2018, None, 2020, True], [1.5, float("inf"), None, -0.0]], typed=False)
    texts = _record_texts(frame)
    assert [json.loads(t) for t in texts] == [
        {"id": "road-1", "name_zh": "清溪路", "状态": 2018, "target": 1.5},
        {"id": "road-2", "name_zh": 'say "hi"'},
        {"name_zh": "", "状态": 2020},
        {"id": "road-4", "状态": True, "target": -0.0}]


@given(values=st.lists(st.one_of(names_st, st.sampled_from(["", "  ", "\u3000清溪路\u3000", "ＡＢ 1", None,
                                                             float("nan"), 2018, 2018.0]))))
@settings(max_examples=200, deadline=None)
def test_name_keys_of_many_values_are_name_key(values):
    assert _name_keys(values) == [name_key(v) for v in values]
    texts = [v for v in values if type(v) is str]  # text only: all names at once
    assert _name_keys(texts) == [name_key(v) for v in texts]
    assert _name_keys(np.array(texts + ["\ue000 路"], dtype=object)) == [name_key(v) for v in texts + ["\ue000 路"]]


@given(values=st.lists(st.one_of(st.none(), st.text(max_size=10), st.sampled_from(
    ["无", " 无 ", "N/A", "None", "未知", "unknown value", "  清溪路 ", "", "待定待定待定待定待定", "İ", "\u3000NULL\t"]),
    st.integers(-3, 3000), st.floats(allow_nan=True)), max_size=12))
@settings(max_examples=200, deadline=None)
def test_free_text_values_convert_as_value_by_value(values):
    mapping = Mapping(target="roads", fields={"备注": "note"})
    column = pd.Series(values, dtype=object)
    converted, unknown, rows = convert_column_rows(mapping, "note", column)
    expected = []
    for v in values:
        text = value_text(v) if not (isinstance(v, float) and math.isnan(v)) else None
        key = None if text is None else (text.lower() if len(text) <= 8 else text)
        expected.append(None if text is None or key in NULL_WORDS else text)
    assert converted.tolist() == expected and unknown == [] and not rows.any()
    texts = [(v, e) for v, e in zip(values, expected) if type(v) is str]  # text only: in C loops
    converted, unknown, rows = convert_column_rows(mapping, "note", pd.Series([v for v, _e in texts], dtype=object))
    assert converted.tolist() == [e for _v, e in texts] and not rows.any()
    assert max(map(len, NULL_WORDS)) <= 8  # what the C loops rely on


@given(st.lists(st.one_of(st.text(alphabet=" \t\n\u3000\xa0\u2028x清", max_size=4), st.none(),
                          st.integers(), st.floats()), max_size=30), st.booleans())
@settings(max_examples=200, deadline=None)
def test_blank_values_are_those_value_text_finds_blank(values, text_only):
    from qxmap.importing.sources import _blank_values
    if text_only:
        values = [v for v in values if type(v) is str]
    expected = [value_text(v) is None for v in values]
    assert _blank_values(values).tolist() == expected


def test_batched_insert_writes_the_rows_of_executemany(tmp_path):
    rows = [(i, f"r{i}", None if i % 3 else "清溪", i * 0.5) for i in range(257)]
    conns = []
    for name in ("one.db", "batched.db", "columns.db"):
        conn = sqlite3.connect(tmp_path / name)
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT, c TEXT, d REAL)")
        conns.append(conn)
    conns[0].executemany("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)", rows)
    insert_rows(conns[1], "INSERT INTO t (a, b, c, d)", rows, batch=50)
    insert_rows(conns[1], "INSERT INTO t (a, b, c, d)", [])
    insert_columns(conns[2], "INSERT INTO t (a, b, c, d)", [list(c) for c in zip(*rows)], batch=50)
    insert_columns(conns[2], "INSERT INTO t (a, b, c, d)", [[], [], [], []])
    dump = [c.execute("SELECT * FROM t ORDER BY id").fetchall() for c in conns]
    assert dump[0] == dump[1] == dump[2] and len(dump[1]) == 257
    with pytest.raises(ValueError):  # a short column would shift the values of the rows after it
        insert_columns(conns[2], "INSERT INTO t (a, b, c, d)", [[1, 2], ["x", "y"], [None, None], [0.5]])
    with pytest.raises(ValueError):  # a short row would shift the values of the rows after it
        insert_rows(conns[1], "INSERT INTO t (a, b, c, d)", rows[:3] + [(1, "x", None)])
    assert conns[1].execute("SELECT COUNT(*) FROM t").fetchone()[0] == 257


_CELL = st.one_of(st.none(), st.sampled_from([0, 1, True, False, 1.0, 0.0, "1", "清溪", "", b"\x00"]),
                  st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=False), st.text(max_size=3))


@given(st.integers(1, 40).flatmap(lambda n: st.lists(
    st.one_of(st.lists(_CELL, min_size=n, max_size=n), _CELL.map(lambda v, n=n: [v] * n),
              st.lists(st.sampled_from([1, True, 1.0]), min_size=n, max_size=n),  # equal, not the same
              st.lists(st.sampled_from([0, False, 0.0, -0.0]), min_size=n, max_size=n)),
    min_size=1, max_size=5)), st.integers(1, 7))
@example([[0.0, -0.0]], 1).via("equal floats, not the same")
@example([[1, True, 1.0], ["a", "a", "a"]], 2).via("equal values of three types")
@settings(max_examples=150, deadline=None)
def test_columns_of_one_value_are_written_as_executemany_writes_them(cells, batch):
    """A column holding one value in every row is bound once per statement (or written NULL):
    the rows stored, value and type (1, 1.0, True, "1"), are those of executemany."""
    width = len(cells)
    names = ", ".join(f"c{j}" for j in range(width))
    rows = list(zip(*cells))
    dumps = []
    for how in ("executemany", "columns", "rows"):
        conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {names})")  # no affinity: types kept
        head = f"INSERT INTO t ({names})"
        if how == "executemany":
            conn.executemany(f"{head} VALUES ({', '.join('?' * width)})", rows)
        elif how == "columns":
            insert_columns(conn, head, [list(c) for c in cells], batch=batch)
        else:
            insert_rows(conn, head, rows, batch=batch)
        typed = ", ".join(f"typeof(c{j}), quote(c{j})" for j in range(width))
        dumps.append([(row, repr(stored)) for row, stored in zip(
            conn.execute(f"SELECT {typed} FROM t ORDER BY id").fetchall(),
            conn.execute(f"SELECT {names} FROM t ORDER BY id").fetchall())])  # repr: -0.0 is not 0.0
    assert dumps[0] == dumps[1] == dumps[2] and len(dumps[0]) == len(rows)


def old_updates(plan, frame, target):
    """change_from_plan's updates as first written: feature by feature (ImportPlan.updates)."""
    from qxmap.workspace.importchange import RecordUpdate
    from qxmap.workspace.importcells import same_cell

    labels = dict(zip(frame["id"].astype(str), frame.index))
    out = []
    for feature in plan.updates():
        rid = str(feature.record_id)
        label = labels[rid]
        fields = {}
        for name, new in feature.values.items():
            if name == "id" or name not in frame.columns:
                continue
            new, old = cell_value(new), cell_value(frame.at[label, name])
            if not same_cell(old, new):
                fields[name] = (old, new)
        geometry = None
        new_geom = feature.geometry
        if new_geom is not None and not getattr(new_geom, "is_empty", True):
            old_geom = frame.geometry.at[label]
            old_geom = None if old_geom is None or old_geom.is_empty else old_geom
            if old_geom is None or not old_geom.equals_exact(new_geom, 0):
                geometry = (old_geom, new_geom)
        if new_geom is None or getattr(new_geom, "is_empty", True):  # no geometry: accuracy and source stay
            fields.pop("geometry_accuracy", None)
            fields.pop("source", None)
        elif geometry is None and "geometry_accuracy" not in fields:  # the same again: so does the source
            fields.pop("source", None)
        update = RecordUpdate(rid, target, fields, geometry)
        if not update.is_empty:
            out.append(update)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updates_of_matched_records_equal_the_feature_by_feature_way(bundled, tmp_path, seed):
    """Matched roads with some values changed, missing or the same, some geometries moved,
    missing or the same: the updates made a column at a time are those made one by one."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
    import make_sources as ms
    from qxmap.importing import read_layer, suggest_mapping
    from qxmap.workspace import plan_for
    from qxmap.workspace.importchange import _updates

    rng = random.Random(seed)
    frame = ms.chinese_roads(with_id=True)
    for i in range(len(frame)):
        roll = rng.random()
        if roll < 0.2:
            frame.loc[i, "状态"] = rng.choice(["在建", "已建成", "规划", None])
        elif roll < 0.3:
            frame.loc[i, "完工年份"] = rng.choice([2019, 2025, pd.NA])
        geom = frame.geometry.iloc[i]
        roll = rng.random()
        if roll < 0.3 and geom is not None:
            frame.loc[i, "geometry"] = shapely.affinity.translate(geom, 0.001, 0.0)
        elif roll < 0.4:
            frame.loc[i, "geometry"] = None
    path = ms.write_gpkg(frame, tmp_path / "roads.gpkg")
    layer = read_layer(path)
    mapping = suggest_mapping(layer, target="roads")
    plan = plan_for(layer, mapping, bundled, allow_empty_geometry=True)
    roads = bundled.layers["roads"]
    labels = dict(zip(roads["id"].astype(str), roads.index))
    new, old = _updates(plan, roads, labels, "roads"), old_updates(plan, roads, "roads")
    assert [(u.record_id, u.fields, u.geometry) for u in new] == [(u.record_id, u.fields, u.geometry) for u in old]
    assert len(new) > 5
