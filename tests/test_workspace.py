"""The workspace GeoPackage: creation, editing rules, save/reopen, history, conflicts."""
from __future__ import annotations

import csv
import io
import json
import math
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qxmap import schema
from qxmap.dataset import DatasetError, load_dataset
from qxmap.editing import (EDITABLE_FIELDS, ON_HOLD, STATUS_FLOW, TRANSITIONS, YEAR_MAX, YEAR_MIN, Edit,
                           check_edit)
from qxmap.synthetic import write_synthetic
from qxmap.workspace import (HISTORY_TABLE, META_TABLE, ConflictError, EditRefused, Workspace, WorkspaceError,
                             create_workspace, default_workspace_path, ensure_default_workspace)

HELPERS = Path(__file__).resolve().parent / "helpers"
N_ROADS = 40
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("source") / "syn", N_ROADS)


@pytest.fixture(scope="module")
def template(source, tmp_path_factory) -> Path:
    return create_workspace(source, tmp_path_factory.mktemp("template") / "template.gpkg")


@pytest.fixture
def ws_path(template, tmp_path) -> Path:
    target = tmp_path / "清溪 workspace.gpkg"  # a non-ASCII name, as users will have
    shutil.copyfile(template, target)
    return target


def road(i: int) -> str:
    return f"syn-road-{i:06d}"


def rows(path: Path, sql: str, args=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


# --------------------------------------------------------------------------
# The file


def test_geopackage_lists_layers_and_history_table(ws_path):
    listed = dict(pyogrio.list_layers(ws_path))
    for name in schema.LAYER_ORDER:
        assert name in listed
    assert listed["roads"] == "LineString"
    assert listed[HISTORY_TABLE] is None and META_TABLE in listed  # attribute tables
    info = pyogrio.read_info(ws_path, layer="roads")
    assert info["crs"] == "EPSG:4326"
    assert "length_km" not in info["fields"] and "area_km2" not in info["fields"]
    assert "revision" in info["fields"]
    history = pyogrio.read_dataframe(ws_path, layer=HISTORY_TABLE)
    assert list(history.columns)[:7] == ["road_id", "field", "old_value", "new_value", "changed_at",
                                         "changed_by", "note"]
    contents = dict(rows(ws_path, "SELECT table_name, data_type FROM gpkg_contents"))
    assert contents[HISTORY_TABLE] == "attributes"
    assert rows(ws_path, "PRAGMA application_id")[0][0] == 0x47504B47  # 'GPKG'
    assert rows(ws_path, "PRAGMA integrity_check") == [("ok",)]


def test_geometries_and_values_read_back_equal(source, ws_path):
    original = load_dataset(source)
    for name in ("roads", "exits", "boundary"):
        written = pyogrio.read_dataframe(ws_path, layer=name)
        expected = original.layers[name]
        assert len(written) == len(expected) > 0
        for got, want in zip(written.geometry, expected.geometry):
            if want is None:
                assert got is None
            else:
                assert shapely.equals_exact(got, want, tolerance=1e-9), (name, got, want)
        assert list(written["id"]) == list(expected["id"])
    reopened = Workspace.open(ws_path).dataset
    for name in schema.LAYER_ORDER:
        a = original.layers[name].drop(columns=["length_km", "area_km2"])
        b = reopened.layers[name].drop(columns=["length_km", "area_km2"])[list(a.columns)]
        assert len(a) == len(b)
        for column in a.columns:
            if column == "geometry":
                continue
            assert a[column].tolist() == b[column].tolist(), (name, column)
    roads = pyogrio.read_dataframe(ws_path, layer="roads")
    assert str(roads["target"].dtype) in ("float64", "int64", "Int64", "int32")  # numbers, not text


def test_create_refuses_existing_file_and_leaves_no_temp_files(source, tmp_path):
    out = tmp_path / "w.gpkg"
    create_workspace(source, out)
    before = out.read_bytes()
    with pytest.raises(WorkspaceError, match="already exists"):
        create_workspace(source, out)
    assert out.read_bytes() == before
    create_workspace(source, out, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.gpkg"]


def test_create_from_invalid_source_writes_nothing(tmp_path):
    bad = tmp_path / "bad"
    write_synthetic(bad, 3)
    text = (bad / "roads.geojson").read_text(encoding="utf-8").replace('"planned"', '"plannd"')
    (bad / "roads.geojson").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown status"):
        create_workspace(bad, tmp_path / "w.gpkg")
    assert not any(p.suffix == ".gpkg" for p in tmp_path.iterdir())


def test_workspace_can_be_the_source_of_another(ws_path, tmp_path):
    ws = Workspace.open(ws_path)
    ws.apply(ws.make_edit(road(1), "progress", 40))
    ws.save("t")
    copy = create_workspace(ws_path, tmp_path / "copy.gpkg")
    again = Workspace.open(copy)
    assert again.record(road(1))["progress"] == 40.0
    assert again.history() == [] and again.revision(road(1)) == 0


def test_default_workspace_is_created_once_in_user_data(source, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_workspace_path()
    assert path.name == "qingxi.gpkg" and str(tmp_path / "data") in str(path)
    source_bytes = {p.name: p.read_bytes() for p in source.iterdir()}
    made = ensure_default_workspace(source=source)
    assert made == path and path.is_file()
    ws = Workspace.open(path)
    ws.apply(ws.make_edit(road(2), "note", "mine"))
    ws.save("t")
    assert ensure_default_workspace(source=source) == path  # not re-imported
    assert Workspace.open(path).record(road(2))["note"] == "mine"
    assert {p.name: p.read_bytes() for p in source.iterdir()} == source_bytes


def test_bundled_dataset_imports_if_present(tmp_path):
    bundled = ROOT / "geodata" / "qingxi"
    if not (bundled / "roads.geojson").is_file():
        pytest.skip("bundled geodata not present")
    try:
        expected = load_dataset(bundled)
    except DatasetError as exc:
        pytest.skip(f"bundled geodata not valid yet: {exc.problems[0]}")
    before = {p.name: p.stat().st_mtime_ns for p in bundled.iterdir()}
    ws = Workspace.open(ensure_default_workspace(source=bundled, path=tmp_path / "qingxi.gpkg"))
    assert ws.dataset.counts() == expected.counts()
    assert {p.name: p.stat().st_mtime_ns for p in bundled.iterdir()} == before


def test_plain_geopackage_becomes_a_workspace_on_first_save(source, tmp_path):
    plain = tmp_path / "plain.gpkg"
    data = load_dataset(source)
    for name in ("roads", "exits"):
        frame = data.layers[name].drop(columns=["length_km", "area_km2"])
        for column in ("start", "target", "progress"):
            frame[column] = frame[column].astype("float64")
        pyogrio.write_dataframe(frame, plain, layer=name, driver="GPKG")
    ws = Workspace.open(plain)
    assert ws.revision(road(3)) == 0
    ws.apply(ws.make_edit(road(3), "status", "completed"))
    ws.save("t")
    assert [e.new_value for e in Workspace.open(plain).history(road(3))] == ["completed"]
    assert HISTORY_TABLE in dict(pyogrio.list_layers(plain))
    assert rows(plain, "SELECT revision FROM roads WHERE id = ?", (road(3),)) == [(1,)]


# --------------------------------------------------------------------------
# Edit -> save -> reopen


def test_edit_save_reopen_in_new_process(ws_path):
    ws = Workspace.open(ws_path)
    a, b = road(0), road(7)
    assert ws.record(a)["status"] == "planned"
    e1 = ws.make_edit(a, "status", "under_construction", note="开工了")
    ws.apply(e1)
    ws.apply(ws.make_edit(a, "progress", "35"))
    ws.apply(ws.make_edit(b, "start", 2017))
    ws.apply(ws.make_edit(b, "note", "  两车道  "))
    ws.apply(ws.make_edit(a, "progress", 40.5))
    assert ws.is_dirty and len(ws.pending) == 5
    assert ws.save("张工") == 5
    assert not ws.is_dirty and not ws.changed_on_disk()

    out = subprocess.run([sys.executable, str(HELPERS / "read_workspace.py"), str(ws_path), a, b],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["records"][a]["status"] == "under_construction"
    assert seen["records"][a]["progress"] == 40.5
    assert seen["records"][b]["start"] == 2017 and seen["records"][b]["note"] == "两车道"
    assert seen["generation"] == 1 and seen["revisions"] == {a: 1, b: 1}
    history = seen["history"]
    assert [(h["road_id"], h["field"], h["old_value"], h["new_value"]) for h in history] == [
        (a, "status", "planned", "under_construction"),
        (a, "progress", None, "35"),
        (b, "start", None, "2017"),
        (b, "note", None, "两车道"),
        (a, "progress", "35", "40.5"),
    ]
    assert [h["id"] for h in history] == sorted(h["id"] for h in history)
    assert {h["changed_by"] for h in history} == {"张工"}
    assert history[0]["note"] == "开工了" and history[1]["note"] is None
    assert all(h["changed_at"].endswith("Z") and h["changed_at"][10] == "T" for h in history)
    # a second save appends, in order
    ws.apply(ws.make_edit(a, "status", "completed"))
    ws.save()
    again = Workspace.open(ws_path)
    assert [e.new_value for e in again.history(a)] == ["under_construction", "35", "40.5", "completed"]
    assert again.history(a)[-1].changed_by  # the OS user name (or "unknown")


def test_revisions_read_with_the_rows_are_those_the_file_holds(ws_path):
    """Opening takes each feature's revision from the rows it reads (no second pass over
    the file): the same as SQLite's COALESCE(CAST(revision AS INTEGER), 0), after saves,
    another program's change, or in a layer without the column."""
    from qxmap.workspace.bookkeeping import read_revisions, revisions_of
    from qxmap.workspace.db import connect, table_names

    ws = Workspace.open(ws_path)
    ws.apply(ws.make_edit(road(0), "status", "under_construction"))
    ws.apply(ws.make_edit(road(2), "note", "两车道"))
    ws.save("张工")
    ws.apply(ws.make_edit(road(0), "status", "completed"))
    ws.save("张工")
    conn = connect(ws_path, read_only=False, timeout=5)  # another program's change (GDAL's triggers need
    conn.execute("UPDATE roads SET name_zh = '改名' WHERE id = ?", (road(5),))  # the GeoPackage functions)
    conn.close()
    again = Workspace.open(ws_path)
    conn = connect(ws_path, read_only=True, timeout=5)
    try:
        in_file = read_revisions(conn, table_names(conn))
    finally:
        conn.close()
    assert again._revisions == in_file
    assert in_file[road(0)] == 2 and in_file[road(2)] == 1 and in_file[road(4)] == 0
    # a layer without the column (an older workspace) is at revision 0
    frame = again.dataset.layers["roads"].assign(revision=None)
    assert revisions_of({"roads": frame.drop(columns=["revision"])})[road(0)] == 0
    assert revisions_of({"roads": frame})[road(0)] == 0
    assert revisions_of({}) == {}


def test_save_with_nothing_pending_writes_nothing(ws_path):
    before = ws_path.read_bytes()
    assert Workspace.open(ws_path).save("t") == 0
    assert ws_path.read_bytes() == before


# --------------------------------------------------------------------------
# Undo-friendly edits


def _snapshot(ws: Workspace) -> dict:
    return {name: ws.dataset.layers[name].copy() for name in schema.TRACKED_LAYERS}


def _assert_same(before: dict, ws: Workspace) -> None:
    for name, frame in before.items():
        now = ws.dataset.layers[name]
        pd.testing.assert_frame_equal(now, frame)
        for column in EDITABLE_FIELDS:
            assert [type(v) for v in now[column]] == [type(v) for v in frame[column]], column


def test_apply_then_revert_restores_exactly(ws_path):
    ws = Workspace.open(ws_path)
    before = _snapshot(ws)
    edits = [ws.make_edit(road(2), "status", "preparing"),
             ws.make_edit(road(2), "target", 2030),
             ws.make_edit(road(4), "progress", 12.5),
             ws.make_edit(road(5), "note", "x")]
    for edit in edits:
        ws.apply(edit)
    edits.append(ws.make_edit(road(2), "status", "completed"))
    ws.apply(edits[-1])
    assert ws.record(road(2))["status"] == "completed"
    for edit in reversed(edits):
        ws.revert(edit)
    _assert_same(before, ws)
    assert ws.pending == () and not ws.is_dirty
    # redo, then undo again
    for edit in edits:
        ws.apply(edit)
    assert len(ws.pending) == 5
    for edit in reversed(edits):
        ws.revert(edit)
    _assert_same(before, ws)


def test_undo_after_save_queues_the_inverse(ws_path):
    ws = Workspace.open(ws_path)
    edit = ws.make_edit(road(6), "status", "completed")
    ws.apply(edit)
    ws.save("t")
    ws.revert(edit)  # undo of a saved change is itself a change to save
    assert ws.pending == (edit.inverse(),)
    ws.apply(edit)  # redo before saving: nothing left to save
    assert ws.pending == () and ws.record(road(6))["status"] == "completed"
    ws.revert(edit)
    ws.save("t")
    assert [(e.old_value, e.new_value) for e in Workspace.open(ws_path).history(road(6))] == [
        (edit.old, "completed"), ("completed", edit.old)]


def test_apply_refuses_invalid_unknown_and_stale_edits(ws_path):
    ws = Workspace.open(ws_path)
    with pytest.raises(EditRefused, match="unknown"):
        ws.apply(Edit("no-such-road", "status", "planned", "preparing"))
    with pytest.raises(EditRefused, match="unknown status"):
        ws.apply(Edit(road(1), "status", "planned", "dug"))
    with pytest.raises(EditRefused, match="cannot be edited"):
        ws.apply(Edit(road(1), "name_zh", "合成道路1号", "x"))
    with pytest.raises(EditRefused, match="is now"):
        ws.apply(Edit(road(1), "status", "completed", "preparing"))  # old value is wrong
    with pytest.raises(EditRefused):
        ws.make_edit(road(1), "progress", 101)
    assert ws.pending == ()


def test_reload_keeps_pending_edits_that_still_apply(ws_path):
    a = Workspace.open(ws_path)
    b = Workspace.open(ws_path)
    a.apply(a.make_edit(road(1), "note", "from a"))
    a.save("a")
    b.apply(b.make_edit(road(1), "note", "from b"))
    b.apply(b.make_edit(road(2), "note", "also b"))
    dropped = b.reload(keep_pending=True)
    assert [e.field for e in dropped] == ["note"] and dropped[0].feature_id == road(1)
    assert b.record(road(1))["note"] == "from a" and b.record(road(2))["note"] == "also b"
    b.save("b")
    assert Workspace.open(ws_path).record(road(2))["note"] == "also b"


# --------------------------------------------------------------------------
# Two copies of the app


def test_conflict_is_refused_and_names_the_road(ws_path):
    x, y = road(10), road(11)
    a = Workspace.open(ws_path)
    b = Workspace.open(ws_path)
    a.apply(a.make_edit(x, "status", "completed"))
    a.save("A")
    assert b.changed_on_disk()
    b.apply(b.make_edit(x, "status", "preparing"))
    b.apply(b.make_edit(y, "progress", 50))
    with pytest.raises(ConflictError) as caught:
        b.save("B")
    assert caught.value.ids == [x]
    assert x in str(caught.value) and "合成道路10号" in str(caught.value)
    assert len(b.pending) == 2  # kept for the user
    assert rows(ws_path, "SELECT status FROM roads WHERE id = ?", (x,)) == [("completed",)]
    assert rows(ws_path, "SELECT progress FROM roads WHERE id = ?", (y,)) == [(None,)]
    assert [e.changed_by for e in Workspace.open(ws_path).history()] == ["A"]
    # B drops its change to X: saving Y alone works
    b.revert(b.pending[0])
    assert b.save("B") == 1
    assert rows(ws_path, "SELECT id, status, progress FROM roads WHERE id IN (?, ?) ORDER BY id", (x, y)) == [
        (x, "completed", None), (y, b.record(y)["status"], 50.0)]
    fresh = Workspace.open(ws_path)
    assert fresh.record(x)["status"] == "completed" and fresh.record(y)["progress"] == 50.0
    assert b.changed_on_disk()  # B still lacks A's change until it reloads
    b.reload()
    assert not b.changed_on_disk() and b.record(x)["status"] == "completed"


def test_change_by_another_program_is_a_conflict(ws_path):
    x = road(12)
    ws = Workspace.open(ws_path)
    # What QGIS/GDAL do: a plain UPDATE of the attribute (GDAL provides the ST_* functions).
    conn = sqlite3.connect(ws_path)
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        conn.create_function(name, 1, lambda blob: None)
    conn.execute("UPDATE roads SET status = 'on_hold' WHERE id = ?", (x,))
    conn.commit()
    conn.close()
    assert rows(ws_path, "SELECT revision FROM roads WHERE id = ?", (x,)) == [(1,)]  # the trigger
    assert ws.changed_on_disk()
    ws.apply(ws.make_edit(x, "status", "completed"))
    with pytest.raises(ConflictError, match=x):
        ws.save("t")
    assert rows(ws_path, "SELECT status FROM roads WHERE id = ?", (x,)) == [("on_hold",)]


def test_changed_on_disk(ws_path):
    a = Workspace.open(ws_path)
    b = Workspace.open(ws_path)
    assert not a.changed_on_disk() and not b.changed_on_disk()
    b.apply(b.make_edit(road(3), "note", "b"))
    b.save("b")
    assert not b.changed_on_disk()  # its own save is not a change from outside
    assert a.changed_on_disk()
    a.reload()
    assert not a.changed_on_disk() and a.record(road(3))["note"] == "b"


# --------------------------------------------------------------------------
# History and exports


def test_history_csv_and_geojson_exports(ws_path, tmp_path):
    ws = Workspace.open(ws_path)
    ws.apply(ws.make_edit(road(1), "status", "preparing", note="立项, 批复"))
    ws.apply(ws.make_edit(road(2), "note", 'with "quotes"\nand a new line'))
    ws.save("李四")
    target = ws.export_history_csv(tmp_path / "history.csv")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["road_id"] for r in table] == [road(1), road(2)]
    assert table[0]["name_zh"] == "合成道路1号" and table[0]["note"] == "立项, 批复"
    assert table[1]["new_value"] == 'with "quotes"\nand a new line' and table[0]["changed_by"] == "李四"
    assert [e.road_id for e in ws.history(road(2))] == [road(2)]

    ws.apply(ws.make_edit(road(3), "progress", 70))  # unsaved edits are exported too
    written = ws.export_layers_geojson(tmp_path / "export")
    non_empty = [n for n in schema.LAYER_ORDER if len(ws.dataset.layers[n])]
    assert sorted(p.name for p in written) == sorted(f"{n}.geojson" for n in non_empty)
    assert not list((tmp_path / "export").glob(".*"))
    back = load_dataset(tmp_path / "export")
    assert back.find(road(1))[1]["status"] == "preparing"
    assert back.find(road(3))[1]["progress"] == 70.0
    doc = json.loads((tmp_path / "export" / "roads.geojson").read_text(encoding="utf-8"))
    assert list(doc["features"][0]["properties"])[:4] == ["id", "name_zh", "name_en", "category"]


def test_core_modules_do_not_import_qt():
    code = ("import sys, qxmap.workspace, qxmap.workspace_cli, qxmap.editing; "
            "bad = [m for m in sys.modules if m.startswith(('PySide', 'PyQt', 'shiboken'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    files = [ROOT / "qxmap" / "workspace_cli.py", ROOT / "qxmap" / "editing.py",
             *sorted((ROOT / "qxmap" / "workspace").glob("*.py"))]
    assert len(files) > 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "PySide" not in text and "from qxmap.ui" not in text, path


# --------------------------------------------------------------------------
# The edit rules (property based)

statuses = st.sampled_from(schema.STATUSES)
FLOW = {s: i for i, s in enumerate(STATUS_FLOW)}


def _record(status="planned", start=None, target=None, **extra):
    return {"id": "r", "status": status, "phase": "underway", "start": start, "target": target,
            "progress": None, "note": None, **extra}


@given(old=statuses, new=statuses)
def test_status_transitions(old, new):
    verdict = check_edit(_record(old), "status", new)
    assert verdict.ok, verdict.message
    if old == new:
        assert not verdict.needs_confirmation
    elif old in FLOW and new in FLOW:
        backwards = FLOW[new] < FLOW[old]
        assert verdict.needs_confirmation == backwards, (old, new, verdict)
        if backwards:
            assert "backwards" in verdict.message and old in verdict.message and new in verdict.message
    elif new == ON_HOLD:  # pausing: fine unless the project is complete
        assert verdict.needs_confirmation == (old == "completed")
    else:  # resuming from on_hold to any state that is not "completed"
        assert old == ON_HOLD
        assert verdict.needs_confirmation == (new == "completed")
    if verdict.needs_confirmation:
        assert verdict.message


def test_transition_table_is_complete_and_forward_steps_are_free():
    pairs = {(a, b) for a in schema.STATUSES for b in schema.STATUSES if a != b}
    assert set(TRANSITIONS) == pairs
    for a, b in zip(STATUS_FLOW, STATUS_FLOW[1:]):
        assert not TRANSITIONS[a, b].needs_confirmation
        assert TRANSITIONS[b, a].needs_confirmation
    assert not check_edit(_record("planned"), "status", "under_construction").needs_confirmation
    for state in STATUS_FLOW[:-1]:
        assert not TRANSITIONS[state, ON_HOLD].needs_confirmation
        assert not TRANSITIONS[ON_HOLD, state].needs_confirmation


@given(value=st.one_of(st.text(), st.integers(), st.none(), st.floats(allow_nan=True)))
def test_unknown_statuses_are_refused(value):
    if isinstance(value, str) and value.strip() in schema.STATUSES:
        return
    verdict = check_edit(_record(), "status", value)
    assert not verdict.ok and not verdict.needs_confirmation
    assert "status" in verdict.message


@given(year=st.integers(min_value=-10_000, max_value=10_000), field=st.sampled_from(["start", "target"]))
def test_years(year, field):
    verdict = check_edit(_record(), field, year)
    assert verdict.ok == (YEAR_MIN <= year <= YEAR_MAX), verdict
    if not verdict.ok:
        assert "out of range" in verdict.message
    else:
        assert verdict.value == year
    assert check_edit(_record(), field, str(year)).ok == verdict.ok


@given(start=st.integers(YEAR_MIN, YEAR_MAX), target=st.integers(YEAR_MIN, YEAR_MAX))
def test_start_not_after_target(start, target):
    assert check_edit(_record(target=target), "start", start).ok == (start <= target)
    assert check_edit(_record(start=start), "target", target).ok == (start <= target)
    if start > target:
        assert "after" in check_edit(_record(target=target), "start", start).message


@given(value=st.floats(allow_nan=True, allow_infinity=True))
def test_progress(value):
    verdict = check_edit(_record(), "progress", value)
    if math.isnan(value):  # NaN is how pandas spells "empty": it clears the field
        assert verdict.ok and verdict.value is None
        return
    assert verdict.ok == (math.isfinite(value) and 0 <= value <= 100), verdict
    if verdict.ok:
        assert verdict.value == value and isinstance(verdict.value, float)


@given(field=st.one_of(st.sampled_from(["id", "name_zh", "name_en", "category", "geometry_accuracy", "source",
                                        "geometry", "road", "length_km"]), st.text()),
       value=st.text())
def test_only_editable_fields(field, value):
    verdict = check_edit(_record(), field, value)
    if field in EDITABLE_FIELDS:
        return
    assert not verdict.ok and "cannot be edited" in verdict.message


def test_unknown_id_and_other_invalid_values():
    assert "unknown" in check_edit(None, "status", "planned", feature_id="x").message
    assert not check_edit(_record(), "phase", "soon").ok
    assert check_edit(_record(), "phase", "2018_2020").ok
    assert not check_edit(_record(), "status", None).ok
    assert not check_edit(_record(), "start", 2020.5).ok
    assert not check_edit(_record(), "progress", True).ok
    assert check_edit(_record(), "progress", "").value is None  # clearing is allowed
    assert check_edit(_record(), "start", None).ok


@pytest.fixture(scope="module")
def shared_ws(template, tmp_path_factory):
    path = tmp_path_factory.mktemp("shared") / "w.gpkg"
    shutil.copyfile(template, path)
    return Workspace.open(path)


edit_steps = st.lists(st.tuples(st.integers(0, N_ROADS - 1), st.sampled_from(EDITABLE_FIELDS),
                                st.one_of(statuses, st.sampled_from(schema.PHASES), st.integers(1985, 2105),
                                          st.floats(-5, 105), st.none(), st.text(max_size=5))),
                      max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edit_steps)
def test_any_sequence_of_edits_reverts_exactly(shared_ws, steps):
    ws = shared_ws
    before = _snapshot(ws)
    applied = []
    for index, field, value in steps:
        fid = road(index)
        verdict = ws.check_edit(fid, field, value)
        if not verdict.ok:
            with pytest.raises(EditRefused):
                ws.apply(ws.make_edit(fid, field, value))
            continue
        edit = ws.make_edit(fid, field, value)
        ws.apply(edit)
        applied.append(edit)
        assert ws.record(fid)[field] == verdict.value or (verdict.value is None and ws.record(fid)[field] is None)
    for edit in reversed(applied):
        ws.revert(edit)
    _assert_same(before, ws)
    assert ws.pending == ()


def test_related_changes_are_suggested_never_made():
    from qxmap.editing import related_changes

    record = {"status": "under_construction", "phase": "start_this_year", "progress": 40.0}
    out = {(r.field, r.value) for r in related_changes(record, "status", "completed")}
    assert out == {("progress", 100.0), ("phase", "underway")}
    assert related_changes({"status": "planned", "phase": "underway", "progress": None}, "status", "preparing") == []
    assert related_changes(record, "progress", 50) == []
    assert related_changes(None, "status", "completed") == []
    assert related_changes(record, "status", "no-such-status") == []
