"""Imports written into a workspace (issue 11): matched records get the file's
geometry and fields, new records are added, or the layer is kept as a reference
layer; every change is in the history (geometry as WKT), accuracy and source
say where the geometry came from; one transaction, nothing written on failure;
undo before a save leaves no trace, undo after a save is a new change."""
import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from qxmap.editing import Edit
from qxmap.geometry_edits import record_from_text
from qxmap.importing import IMPORTED_ACCURACY, read_layer, suggest_mapping
from qxmap.mappage import page_data
from qxmap.workspace import (ConflictError, EditRefused, Workspace, WorkspaceError, change_from_plan,
                             create_workspace, import_into, plan_for, read_history, set_status)

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

from conftest import BUNDLED  # noqa: E402

NEW_NAMES = ["清溪新路一", "清溪新路二"]


@pytest.fixture
def ws_path(tmp_path):
    return create_workspace(BUNDLED, tmp_path / "work.gpkg")


def roads_with_new(n_new=2, crs="EPSG:4547"):
    frame = ms.chinese_roads(crs=crs)
    extra = frame.iloc[[5, 6]].copy().iloc[:n_new]
    extra["名称"] = NEW_NAMES[:n_new]
    extra["英文名"] = None
    return gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs=frame.crs)


@pytest.fixture
def shp(tmp_path):
    return ms.write_shapefile(roads_with_new(), tmp_path / "src" / "道路.shp")


def counts(path):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                for t in ("roads", "road_status_history")}
    finally:
        conn.close()


def test_import_matches_adds_and_records_history(ws_path, shp):
    ws = Workspace.open(ws_path)
    before = {rid: g for rid, g in zip(ws.dataset.layers["roads"]["id"], ws.dataset.layers["roads"].geometry)}
    layer = read_layer(shp)
    result = import_into(ws, layer, suggest_mapping(layer), by="规划办")
    assert result.plan.counts["matched"] == 41 and result.plan.counts["added"] == 2
    assert result.saved > 0 and not ws.is_dirty

    again = Workspace.open(ws_path)
    roads = again.dataset.layers["roads"].set_index("id")
    assert len(roads) == 43
    assert set(roads["geometry_accuracy"]) == {IMPORTED_ACCURACY}
    new = roads[roads["name_zh"].isin(NEW_NAMES)]
    assert len(new) == 2 and all(i.startswith("road-imp-") for i in new.index)
    assert all("几何来源: 道路.shp" in s for s in roads["source"])
    # the work report's words stay in front of the provenance
    assert roads.at["road-s358", "source"].startswith("主动跟踪服务好S358")

    entries, names = read_history(ws_path)
    by_field = {}
    for e in entries:
        by_field.setdefault(e.field, []).append(e)
        assert e.changed_by == "规划办" and "几何来源" in (e.note or "")
    # a geometry change: old and new as WKT
    s358 = [e for e in by_field["geometry"] if e.road_id == "road-s358"]
    assert len(s358) == 1
    new_geom = shapely.from_wkt(s358[0].new_value)
    assert new_geom.equals_exact(roads.geometry["road-s358"], 1e-6)
    assert shapely.from_wkt(s358[0].old_value).equals_exact(before["road-s358"], 1e-6)
    # a new record: one "record" row, its attributes and its geometry's WKT
    added = [e for e in by_field["record"]]
    assert {e.road_id for e in added} == set(new.index) and all(e.old_value is None for e in added)
    for e in added:
        attributes, geom = record_from_text(e.new_value)
        assert attributes["id"] == e.road_id and attributes["name_zh"] == roads.at[e.road_id, "name_zh"]
        assert geom.equals_exact(roads.geometry[e.road_id], 1e-6)
    assert not {e.road_id for e in by_field["geometry"]} & set(new.index)
    # roads the report gives no position get theirs from the file (old: none)
    assert {e.road_id for e in by_field["geometry"] if e.old_value is None} - set(new.index)
    assert [e.new_value for e in by_field["geometry_accuracy"] if e.road_id == "road-s358"] == [IMPORTED_ACCURACY]
    # GDAL reads the workspace as it is
    assert len(pyogrio.read_dataframe(ws_path, layer="roads")) == 43


def test_geometry_type_is_widened_for_multilines(ws_path, tmp_path):
    frame = roads_with_new(1, crs="EPSG:4326")
    line = frame.geometry.iloc[-1]
    frame.loc[frame.index[-1], "geometry"] = shapely.MultiLineString([line, shapely.affinity.translate(line, 0.01)])
    path = ms.write_gpkg(gpd.GeoDataFrame(frame, crs="EPSG:4326"), tmp_path / "multi.gpkg")
    ws = Workspace.open(ws_path)
    layer = read_layer(path)
    import_into(ws, layer, suggest_mapping(layer, target="roads"))
    read = pyogrio.read_dataframe(ws_path, layer="roads")
    assert "MultiLineString" in set(read.geom_type)
    assert Workspace.open(ws_path).dataset.layers["roads"].geom_type.isin(["LineString", "MultiLineString"]).all()


def test_a_conflict_writes_nothing(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    plan = plan_for(layer, suggest_mapping(layer), ws.dataset)
    ws.apply_import(change_from_plan(plan, ws.dataset))
    set_status(ws_path, "road-s358", "completed", by="other")  # someone else, meanwhile
    before = counts(ws_path)
    with pytest.raises(ConflictError) as info:
        ws.save("me")
    assert "road-s358" in info.value.ids
    assert counts(ws_path) == before  # no imported row, no history row
    assert ws.is_dirty  # the import stays pending


def test_an_id_taken_meanwhile_writes_nothing(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    plan = plan_for(layer, suggest_mapping(layer), ws.dataset)
    change = change_from_plan(plan, ws.dataset)
    ws.apply_import(change)
    other = Workspace.open(ws_path)
    import_into(other, read_layer(shp), suggest_mapping(read_layer(shp)), match="none")  # takes road-imp-0001
    before = counts(ws_path)
    with pytest.raises(WorkspaceError):
        ws.save("me")
    assert counts(ws_path) == before


def test_undo_before_saving_leaves_no_trace(ws_path, shp):
    ws = Workspace.open(ws_path)
    roads = ws.dataset.layers["roads"].copy()
    layer = read_layer(shp)
    change = change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset)
    ws.apply_import(change)
    assert ws.is_dirty and len(ws.dataset.layers["roads"]) == 43
    assert ws.locate(change.added["id"].iloc[0]) is not None  # an imported road can be edited at once
    ws.revert_import(change)
    assert not ws.is_dirty
    after = ws.dataset.layers["roads"]
    assert len(after) == 41
    pd.testing.assert_frame_equal(pd.DataFrame(after.drop(columns="geometry")),
                                  pd.DataFrame(roads.drop(columns="geometry")), check_dtype=False)
    assert all(a.equals_exact(b, 0) for a, b in zip(after.geometry, roads.geometry) if a is not None)
    assert ws.save() == 0 and counts(ws_path)["road_status_history"] == 0


def test_undo_after_saving_is_a_new_change(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    change = change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset)
    ws.apply_import(change)
    saved_rows = ws.save("me")
    ws.revert_import(change)  # after the save: the inverse is queued
    assert ws.is_dirty and len(ws.dataset.layers["roads"]) == 41
    ws.save("me")
    again = Workspace.open(ws_path)
    assert len(again.dataset.layers["roads"]) == 41
    assert set(again.dataset.layers["roads"]["geometry_accuracy"]) != {IMPORTED_ACCURACY}
    entries, _ = read_history(ws_path)
    removed = [e for e in entries if e.field == "record" and e.new_value is None]
    assert {e.road_id for e in removed} == set(change.added["id"])
    assert len(entries) > saved_rows
    # redo of the undone import while its undo is still pending cancels the undo
    ws2 = Workspace.open(ws_path)
    ws2.apply_import(change_from_plan(plan_for(layer, suggest_mapping(layer), ws2.dataset), ws2.dataset))
    ws2.save()
    last = ws2.pending_imports
    assert last == ()


def test_an_edit_of_an_imported_road_before_saving(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    change = change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset)
    ws.apply_import(change)
    rid = change.added["id"].iloc[0]
    edit = ws.make_edit(rid, "status", "completed", "done")
    ws.apply(edit)
    ws.save("me")
    assert Workspace.open(ws_path).record(rid)["status"] == "completed"


def test_a_stale_import_is_refused_whole(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    change = change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset)
    ws.apply(Edit("road-s358", "note", ws.record("road-s358")["note"], "changed"))
    change.updates[0].fields["note"] = ("something else", "x")  # expects an old value that is not there
    n = len(ws.dataset.layers["roads"])
    with pytest.raises(EditRefused):
        ws.apply_import(change)
    assert len(ws.dataset.layers["roads"]) == n and ws.pending_imports == ()


def test_match_rules(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    mapping = suggest_mapping(layer)
    assert plan_for(layer, mapping, ws.dataset, match="none").counts["matched"] == 0
    none = plan_for(layer, mapping, ws.dataset, match="none")
    assert not set(none.features["record_id"]) & set(ws.dataset.layers["roads"]["id"])
    assert plan_for(layer, mapping, ws.dataset, match="id").counts["matched"] == 0  # the file has no ids
    assert plan_for(layer, mapping, ws.dataset, match="name").counts["matched"] == 41
    with pytest.raises(ValueError):
        plan_for(layer, mapping, ws.dataset, match="fuzzy")


def test_reference_layer_is_stored_read_back_and_drawn_under(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    result = import_into(ws, layer, suggest_mapping(layer, target="reference"), reference_title="城市路网")
    assert result.plan.counts["reference"] == 43
    again = Workspace.open(ws_path)
    assert len(again.dataset.layers["roads"]) == 41  # no record touched
    (ref,) = again.dataset.references.values()
    assert ref.title == "城市路网" and len(ref.frame) == 43 and "名称" in ref.frame.columns
    assert set(ref.frame["名称"]) >= set(NEW_NAMES)
    assert ref.frame.crs.to_epsg() == 4326
    # QGIS/GDAL see it as an ordinary layer
    assert len(pyogrio.read_dataframe(ws_path, layer=ref.key)) == 43
    data = page_data(again.dataset)
    order = data["layer_order"]
    assert order.index(ref.layer_name) < order.index("roads") and order.index(ref.layer_name) < order.index("zones")
    assert len(data["layers"][ref.layer_name]) == 43
    assert data["reference_layers"][0]["title"] == "城市路网"
    # undo after saving drops the layer again (a new change)
    again.revert_import(result.change)
    again.save()
    assert Workspace.open(ws_path).dataset.references == {}
    assert ref.key not in {name for name, _ in pyogrio.list_layers(ws_path)}


def test_reload_makes_pending_imports_again(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    ws.apply_import(change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset))
    set_status(ws_path, "road-2", "completed", by="other") if ws.locate("road-2") else None
    ws.reload(keep_pending=True)
    assert len(ws.pending_imports) == 1 and ws.dropped_imports == ()
    assert len(ws.dataset.layers["roads"]) == 43
    ws.save()
    assert len(Workspace.open(ws_path).dataset.layers["roads"]) == 43


def test_discard_reads_the_file_again(ws_path, shp):
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    ws.apply_import(change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset))
    ws.discard()
    assert not ws.is_dirty and len(ws.dataset.layers["roads"]) == 41


def test_many_new_records_keep_the_spatial_index_and_counts(ws_path, tmp_path):
    """From 500 new rows on, GDAL's per-row triggers are replaced by bulk writes: the
    spatial index, the feature count and the triggers themselves must come out as GDAL's."""
    from qxmap.synthetic import synthetic_layers

    roads = synthetic_layers(800, seed=5, n_exits=0)["roads"]
    frame = gpd.GeoDataFrame(
        {"名称": [f"合成道路{i}" for i in range(len(roads))], "状态": ["规划"] * len(roads),
         "建设阶段": ["未排期"] * len(roads), "道路等级": ["镇内道路"] * len(roads)},
        geometry=[None if r["geometry"] is None else shapely.LineString(r["geometry"]["coordinates"])
                  for r in roads], crs="EPSG:4326")
    frame = frame[frame.geometry.notna()]
    path = ms.write_gpkg(frame, tmp_path / "many.gpkg")
    ws = Workspace.open(ws_path)
    layer = read_layer(path)
    result = import_into(ws, layer, suggest_mapping(layer, target="roads"))
    assert result.plan.counts["added"] >= 500
    conn = sqlite3.connect(ws_path)
    try:
        n_geoms = conn.execute("SELECT COUNT(*) FROM roads WHERE geom IS NOT NULL").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM rtree_roads_geom").fetchone()[0] == n_geoms
        assert conn.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'roads'").fetchone()[0] \
            == conn.execute("SELECT COUNT(*) FROM roads").fetchone()[0]
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                               "AND tbl_name = 'roads'")}
        assert {"rtree_roads_geom_insert", "trigger_insert_feature_count_roads"} <= triggers
        # the index agrees with the geometries (a road's box in the index holds it)
        fid, minx, maxx, miny, maxy = conn.execute(
            "SELECT id, minx, maxx, miny, maxy FROM rtree_roads_geom ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    read = pyogrio.read_dataframe(ws_path, layer="roads", fids=[fid])
    b = read.geometry.iloc[0].bounds
    assert minx <= b[0] + 1e-5 and maxx >= b[2] - 1e-5 and miny <= b[1] + 1e-5 and maxy >= b[3] - 1e-5
    # GDAL's spatial filter uses the index
    box = pyogrio.read_dataframe(ws_path, layer="roads", bbox=(b[0], b[1], b[2], b[3]))
    assert len(box) >= 1


def test_new_records_are_measured_as_the_loader_measures_them(ws_path, shp):
    """Lengths of imported roads, in memory right after the import, are those the
    workspace gives them when it is opened again (one measuring function)."""
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    import_into(ws, layer, suggest_mapping(layer))
    here = ws.dataset.layers["roads"].set_index("id")["length_km"]
    again = Workspace.open(ws_path).dataset.layers["roads"].set_index("id")["length_km"]
    assert set(here.index) == set(again.index) and len(here) > 41
    assert (here.sort_index().to_numpy() == again.sort_index().to_numpy()).all()


def test_importing_the_same_file_again_changes_nothing(ws_path, shp, tmp_path):
    """A second import of the same file finds every record as the first left it: no
    change, no history; a file with moved roads then replaces the first import's
    provenance in their source instead of adding a second one."""
    ws = Workspace.open(ws_path)
    layer = read_layer(shp)
    import_into(ws, layer, suggest_mapping(layer))
    before = len(read_history(ws_path)[0])
    again = import_into(ws, read_layer(shp), suggest_mapping(layer), dry_run=True)
    assert again.change.is_empty
    moved = roads_with_new()
    moved["geometry"] = moved.geometry.translate(5.0, 0.0)  # metres in EPSG:4547
    path = ms.write_shapefile(moved, tmp_path / "moved" / "道路.shp")
    layer = read_layer(path)
    import_into(ws, layer, suggest_mapping(layer))
    source = Workspace.open(ws_path).dataset.layers["roads"].set_index("id").at["road-s358", "source"]
    assert source.count("几何来源") == 1 and "导入于" in source
    assert len(read_history(ws_path)[0]) > before


def test_imported_records_in_memory_are_as_the_saved_workspace_reads_them(ws_path, tmp_path):
    """Before a save, the new records hold what the workspace gives after reopening:
    whole years as integers and no value as None (not 2019.0 and NaN), text as text."""
    frame = roads_with_new()
    frame["完工年份"] = pd.array([2020] * (len(frame) - 2) + [2019, None], dtype="Int64")
    layer = read_layer(ms.write_shapefile(frame, tmp_path / "src" / "道路.shp"))
    ws = Workspace.open(ws_path)
    ws.apply_import(change_from_plan(plan_for(layer, suggest_mapping(layer), ws.dataset), ws.dataset))
    in_memory = ws.dataset.layers["roads"].set_index("id")
    ws.save("规划办")
    saved = Workspace.open(ws_path).dataset.layers["roads"].set_index("id")
    new = sorted(in_memory.index[in_memory["name_zh"].isin(NEW_NAMES)])
    assert len(new) == 2
    columns = [c for c in saved.columns if c not in ("geometry", "revision")]
    for rid in new:
        for column in columns:
            kept, read = in_memory.at[rid, column], saved.at[rid, column]
            same = kept is None and read is None or (
                isinstance(kept, float) and (kept != kept and read != read or abs(kept - read) < 1e-9)
                if isinstance(kept, float) else kept == read)
            assert type(kept) is type(read) and same, (rid, column, kept, read)
    assert sorted(in_memory.loc[new, "target"].tolist(), key=str) == [2019, None]
