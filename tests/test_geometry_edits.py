"""Geometry edits (issue 12): the rules, and the workspace that applies, undoes and saves them.

Qt-free.  A record put on the map is an edit like a status change: pending until
saved, undone exactly, saved in one transaction with a history row holding the old
and new geometry as WKT, refused (with nothing half-saved) when the shape is bad,
and checked for conflicts through the row's revision.
"""
from __future__ import annotations

import json
import math
import sqlite3

import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from qxmap import geometry_edits as rules
from qxmap.dataset import load_dataset
from qxmap.geometry_edits import GeometryEdit, GeometryProblem, RecordEdit
from qxmap.workspace import ConflictError, EditRefused, Workspace
from qxmap.workspace.db import connect
from qxmap.workspace.geometry import gpkg_blob


ROAD = "road-expy-02"       # not yet mapped in the bundled data
EXIT = "exit-conguan-xiekeng"  # a mapped expressway exit
PARK = "park-shanshuitiandi"  # a park not yet mapped
LINE = LineString([(114.15, 22.85), (114.16, 22.851), (114.17, 22.853)])


@pytest.fixture
def ws(ws_path):
    return Workspace.open(ws_path)


def rows(path, sql, args=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def history(path, fid):
    return rows(path, "SELECT field, old_value, new_value, changed_by, note FROM road_status_history "
                      "WHERE road_id = ? ORDER BY id", (fid,))


# ------------------------------------------------------------------ the rules


BOUNDS = (114.10, 22.78, 114.23, 22.90)


@pytest.mark.parametrize("layer, geom, words", [
    ("parks", Polygon([(114.15, 22.85), (114.16, 22.86), (114.16, 22.85), (114.15, 22.86)]), "crosses itself"),
    ("roads", LineString([(114.15, 22.85), (114.15, 22.85)]), "at least two distinct vertices"),
    ("roads", LineString([(120.0, 30.0), (120.1, 30.0)]), "outside the town's extent"),
    ("roads", LineString([(114.15, float("nan")), (114.16, 22.85)]), "not finite"),
    ("roads", Point(114.15, 22.85), "cannot go in the layer 'roads'"),
    ("exits", LineString([(114.15, 22.85), (114.16, 22.85)]), "cannot go in the layer 'exits'"),
    ("roads", LineString([(515000, 2528000), (516000, 2528000)]), "not WGS-84"),
    ("roads", None, "no geometry"),
])
def test_bad_geometries_are_refused_with_a_clear_message(layer, geom, words):
    with pytest.raises(GeometryProblem, match=words):
        rules.check_geometry(layer, geom, BOUNDS)


def test_good_geometries_pass_and_repeats_are_dropped():
    line = LineString([(114.15, 22.85), (114.15, 22.85), (114.16, 22.86)])
    assert list(rules.check_geometry("roads", line, BOUNDS).coords) == [(114.15, 22.85), (114.16, 22.86)]
    square = Polygon([(114.15, 22.85), (114.16, 22.85), (114.16, 22.86), (114.15, 22.86)])
    assert rules.check_geometry("parks", square, BOUNDS).equals(square)
    assert rules.check_geometry("exits", Point(114.15, 22.85), BOUNDS).equals(Point(114.15, 22.85))
    # 40 km out is still near the town (a road to the next town); 60 km is not.
    near = LineString([(114.23, 22.85), (114.23 + 40 / 102.6, 22.85)])
    assert rules.check_geometry("roads", near, BOUNDS) is not None
    with pytest.raises(GeometryProblem):
        rules.check_geometry("roads", LineString([(114.23, 22.85), (114.23 + 60 / 102.6, 22.85)]), BOUNDS)


@pytest.mark.parametrize("text, words", [
    ('{"type": "LineString", "coordinates": [[114.15, NaN], [114.16, 22.85]]}', "NaN"),
    ('{"type": "LineString", "coordinates": [[114.15, "a"], [114.16, 22.85]]}', "arrays of numbers"),
    ('{"type": "FeatureCollection", "features": []}', "exactly one"),
    ('{"type": "Circle", "coordinates": [1, 2]}', "unknown GeoJSON geometry type"),
    ("[1, 2", "not valid JSON"),
])
def test_bad_geojson_is_refused(text, words):
    with pytest.raises(GeometryProblem, match=words):
        rules.geometry_from_geojson(text)


def test_geojson_and_wkt_are_read_in_2d():
    feature = {"type": "Feature", "properties": {}, "geometry": {
        "type": "LineString", "coordinates": [[114.15, 22.85, 30.0], [114.16, 22.86, 31.0]]}}
    geom = rules.geometry_from_geojson(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert not geom.has_z and list(geom.coords) == [(114.15, 22.85), (114.16, 22.86)]
    assert rules.geometry_from_geojson('{"type": "Feature", "geometry": null, "properties": {}}') is None
    assert rules.geometry_from_wkt("POINT (114.1 22.8)").equals(Point(114.1, 22.8))
    with pytest.raises(GeometryProblem, match="two distinct vertices"):
        rules.geometry_from_wkt("LINESTRING (114.15 22.85)")
    with pytest.raises(GeometryProblem, match="not finite"):
        rules.geometry_from_wkt("LINESTRING (114.15 nan, 114.1 22)")


def test_projected_and_gcj02_coordinates_come_back_to_wgs84():
    from pyproj import Transformer

    from qxmap.gcj02 import wgs_to_gcj

    to_4547 = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
    x, y = to_4547.transform(114.15, 22.85)
    back = rules.to_wgs84(Point(x, y), "EPSG:4547")
    assert back.x == pytest.approx(114.15, abs=1e-8) and back.y == pytest.approx(22.85, abs=1e-8)
    gx, gy = wgs_to_gcj(114.15, 22.85)
    back = rules.to_wgs84(Point(gx, gy), "gcj02")
    assert back.x == pytest.approx(114.15, abs=1e-7) and back.y == pytest.approx(22.85, abs=1e-7)
    with pytest.raises(GeometryProblem, match="unknown coordinate system"):
        rules.to_wgs84(Point(1, 2), "EPSG:nonsense")


def test_split_merge_and_vertex_operations():
    a, b = rules.split_line(LINE, 1)
    assert list(a.coords) == list(LINE.coords)[:2] and list(b.coords) == list(LINE.coords)[1:]
    for bad in (0, 2, 7):
        with pytest.raises(GeometryProblem, match="not an inner vertex"):
            rules.split_line(LINE, bad)
    assert rules.merge_lines(a, b).equals_exact(LINE, 0)
    assert rules.merge_lines(a, LineString(list(b.coords)[::-1])).equals_exact(LINE, 0)  # b drawn backwards
    with pytest.raises(GeometryProblem, match="do not share an end point"):
        rules.merge_lines(a, LineString([(114.2, 22.8), (114.21, 22.81)]))
    moved = rules.move_vertex(LINE, 0, 1, (114.161, 22.852))
    assert moved.coords[1] == (114.161, 22.852) and moved.coords[0] == LINE.coords[0]
    inserted = rules.insert_vertex(LINE, 0, 1, (114.155, 22.849))
    assert len(inserted.coords) == 4 and inserted.coords[1] == (114.155, 22.849)
    assert len(rules.delete_vertex(LINE, 0, 1).coords) == 2
    with pytest.raises(GeometryProblem, match="keeps at least two vertices"):
        rules.delete_vertex(LineString(LINE.coords[:2]), 0, 0)
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    with pytest.raises(GeometryProblem, match="at least three"):
        rules.delete_vertex(Polygon([(0, 0), (1, 0), (1, 1)]), 0, 1)
    assert rules.insert_vertex(square, 0, 4, (0, 0.5)).exterior.coords[4] == (0, 0.5)  # the closing segment
    assert rules.translate(LINE, 0.001, -0.002).coords[0] == pytest.approx((114.151, 22.848))
    longer = rules.extend_line(LINE, [(114.18, 22.86)])
    assert longer.coords[-1] == (114.18, 22.86)
    assert rules.extend_line(LINE, [(114.14, 22.84)], at_start=True).coords[0] == (114.14, 22.84)
    with pytest.raises(GeometryProblem, match="at least two distinct vertices"):
        rules.geometry_from_points("line", [(114.15, 22.85)])
    with pytest.raises(GeometryProblem, match="at least three distinct vertices"):
        rules.geometry_from_points("polygon", [(114.15, 22.85), (114.16, 22.85), (114.15, 22.85)])


def test_a_snapped_vertex_lands_exactly_on_its_target():
    target = LineString([(114.123456789, 22.87654321), (114.2, 22.9)])
    lookup = {"t": target}.get
    near = (114.1234567, 22.8765431)  # what the page reports (rounded, shifted back from GCJ-02, ...)
    assert rules.snapped_point(near, {"id": "t", "kind": "vertex", "at": [0, 0]}, lookup) == target.coords[0]
    on_segment = rules.snapped_point((114.16, 22.889), {"id": "t", "kind": "segment", "at": [0, 0]}, lookup)
    assert target.distance(Point(on_segment)) < 1e-12
    assert rules.snapped_point(near, {"id": "gone", "kind": "vertex", "at": [0, 0]}, lookup) == near
    assert rules.snapped_point(near, {"id": "t", "kind": "vertex", "at": [0, 9]}, lookup) == near


def test_vertex_numbering_matches_the_page():
    multi = MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 4)]])
    runs = rules.coordinate_runs(multi)
    assert runs == [[(0.0, 0.0), (1.0, 1.0)], [(2.0, 2.0), (3.0, 3.0), (4.0, 4.0)]]
    assert rules.move_vertex(multi, 1, 2, (5, 5)).geoms[1].coords[2] == (5, 5)
    ring = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)], [[(0.2, 0.2), (0.4, 0.2), (0.4, 0.4)]])
    assert [len(r) for r in rules.coordinate_runs(ring)] == [4, 3]  # no closing vertex


def test_change_text_and_sizes():
    assert rules.change_text(None, "LINESTRING (114.15 22.85, 114.17 22.85)") == "0 -> 2.05 km"
    assert rules.change_text("POLYGON ((114.15 22.85, 114.16 22.85, 114.16 22.86, 114.15 22.85))", None) \
        .endswith("km² -> 0")
    assert rules.size_text(Point(114.1, 22.8)).startswith("point")


def test_gpkg_blob_is_what_gdal_reads(tmp_path, ws_path):
    """The blob qxmap writes reads back in GDAL (pyogrio) as the same geometry."""
    import pyogrio

    conn = connect(ws_path, read_only=False, timeout=5)
    try:
        conn.execute("UPDATE roads SET geom = ?, geometry_accuracy = 'drawn' WHERE id = ?", (gpkg_blob(LINE), ROAD))
        conn.execute("UPDATE exits SET geom = ? WHERE id = ?", (gpkg_blob(Point(114.15, 22.85)), EXIT))
    finally:
        conn.close()
    roads = pyogrio.read_dataframe(ws_path, layer="roads")
    assert roads.set_index("id").geometry[ROAD].equals_exact(LINE, 0)
    exits = pyogrio.read_dataframe(ws_path, layer="exits")
    assert exits.set_index("id").geometry[EXIT].equals(Point(114.15, 22.85))
    bbox = pyogrio.read_dataframe(ws_path, layer="roads", bbox=(114.149, 22.849, 114.171, 22.854))
    assert ROAD in set(bbox["id"])  # the spatial index (GDAL's R-tree triggers) follows


# ------------------------------------------------------------------ the workspace


def test_a_not_yet_mapped_record_is_put_on_the_map_and_saved_with_history(ws, ws_path):
    assert ws.geometry_of(ROAD) is None and ws.accuracy_of(ROAD) == "unmapped"
    edit = ws.make_geometry_edit(ROAD, LINE, note="from the plan")
    assert isinstance(edit, GeometryEdit) and edit.new_accuracy == "drawn" and edit.old is None
    ws.apply(edit)
    assert ws.record(ROAD)["geometry_accuracy"] == "drawn"
    assert ws.record(ROAD)["length_km"] == pytest.approx(rules.measures("roads", LINE)[0])
    assert ws.pending == (edit,) and ws.is_dirty
    assert ws.save("planner") == 1
    again = Workspace.open(ws_path)
    assert again.geometry_of(ROAD).equals_exact(LINE, 1e-12) and again.accuracy_of(ROAD) == "drawn"
    assert again.record(ROAD)["length_km"] == pytest.approx(ws.record(ROAD)["length_km"])
    assert history(ws_path, ROAD) == [
        ("geometry", None, rules.history_text(LINE), "planner", "from the plan"),
        ("geometry_accuracy", "unmapped", "drawn", "planner", "from the plan")]
    assert again.revision(ROAD) == 1
    assert load_dataset(ws_path).layers["roads"].set_index("id").at[ROAD, "geometry_accuracy"] == "drawn"


def test_traced_accuracy_and_explicit_codes(ws):
    assert ws.make_geometry_edit(ROAD, LINE, "traced").new_accuracy == "traced"
    with pytest.raises(EditRefused, match="cannot be 'unmapped'"):
        ws.make_geometry_edit(ROAD, LINE, "unmapped")
    with pytest.raises(EditRefused, match="unknown accuracy"):
        ws.make_geometry_edit(ROAD, LINE, "guessed")


def test_undo_before_and_after_a_save(ws, ws_path):
    edit = ws.make_geometry_edit(ROAD, LINE)
    ws.apply(edit)
    ws.revert(edit)
    assert ws.geometry_of(ROAD) is None and ws.accuracy_of(ROAD) == "unmapped" and ws.pending == ()
    ws.apply(edit)
    ws.save()
    ws.revert(edit)  # undo of a saved edit: saved like any change
    assert ws.pending == (edit.inverse(),)
    ws.apply(edit)  # redo cancels the queued inverse
    assert ws.pending == ()
    ws.revert(edit)
    ws.save()
    again = Workspace.open(ws_path)
    assert again.geometry_of(ROAD) is None and again.accuracy_of(ROAD) == "unmapped"
    assert [r[0] for r in history(ws_path, ROAD)] == ["geometry", "geometry_accuracy"] * 2


def test_deleting_a_geometry_keeps_the_record_unmapped(ws, ws_path):
    before = ws.geometry_of(EXIT)
    assert before is not None
    ws.apply(ws.make_geometry_edit(EXIT, None, note="wrong place"))
    ws.save()
    again = Workspace.open(ws_path)
    assert again.record(EXIT) is not None and again.geometry_of(EXIT) is None
    assert again.accuracy_of(EXIT) == "unmapped"
    assert history(ws_path, EXIT)[0][:3] == ("geometry", rules.history_text(before), None)
    with pytest.raises(EditRefused, match="must keep a geometry"):
        ws.make_geometry_edit("boundary-qingxi", None)


def test_bad_input_is_refused_and_nothing_is_half_saved(ws, ws_path):
    ws.apply(ws.make_geometry_edit(ROAD, LINE))
    before = rows(ws_path, "SELECT COUNT(*) FROM road_status_history")
    for geom in (Polygon([(114.15, 22.85), (114.16, 22.86), (114.16, 22.85), (114.15, 22.86)]),
                 LineString([(120.0, 30.0), (120.1, 30.0)]), Point(114.15, 22.85),
                 LineString([(114.15, math.nan), (114.16, 22.85)])):
        layer = "parks" if geom.geom_type == "Polygon" else "roads"
        with pytest.raises(EditRefused):
            ws.make_geometry_edit(PARK if layer == "parks" else "road-expy-03", geom)
    # A stale edit (made for another geometry) is refused when applied, nothing changes.
    stale = GeometryEdit(ROAD, None, LINE, "unmapped", "drawn")
    with pytest.raises(EditRefused, match="no longer the one"):
        ws.apply(stale)
    assert len(ws.pending) == 1
    assert rows(ws_path, "SELECT COUNT(*) FROM road_status_history") == before
    assert rows(ws_path, "SELECT geom FROM roads WHERE id = ?", (ROAD,)) == [(None,)]


def test_a_park_outline(ws, ws_path):
    square = Polygon([(114.15, 22.85), (114.16, 22.85), (114.16, 22.86), (114.15, 22.86)])
    ws.apply(ws.make_geometry_edit(PARK, square))
    ws.save()
    again = Workspace.open(ws_path)
    assert again.geometry_of(PARK).equals(square) and again.accuracy_of(PARK) == "drawn"
    assert again.dataset.layers["parks"].set_index("id").at[PARK, "area_km2"] > 1
    assert again.revision(PARK) == 1


def test_a_new_record_split_and_merge_saved_and_undone(ws, ws_path):
    created = ws.make_record("roads", {"name_zh": "新路", "category": "town", "phase": "unscheduled",
                                       "status": "planned"}, LINE)
    assert isinstance(created, RecordEdit) and created.feature_id.startswith("road-drawn-")
    ws.apply(created)
    new_id = created.feature_id
    assert ws.record(new_id)["name_zh"] == "新路" and ws.accuracy_of(new_id) == "drawn"
    split = ws.split_edits(new_id, 1)
    for e in split:
        ws.apply(e)
    second = split[1].feature_id
    assert second == f"{new_id}-2" and ws.record(second)["name_zh"] == "新路（2）"
    assert ws.record(second)["status"] == "planned" and ws.accuracy_of(second) == "drawn"
    ws.save("planner")
    again = Workspace.open(ws_path)
    assert again.geometry_of(new_id).equals(LineString(LINE.coords[:2]))
    assert again.geometry_of(second).equals(LineString(LINE.coords[1:]))
    assert again.revision(new_id) == 0 and again.revision(second) == 0  # inserted as they were at the save
    rows_of_new = history(ws_path, new_id)
    assert [r[0] for r in rows_of_new] == ["record", "geometry"]  # made (with its line), then split
    attributes, drawn = rules.record_from_text(rows_of_new[0][2])
    assert attributes["name_zh"] == "新路" and drawn.equals_exact(LINE, 1e-7)
    merge = again.merge_edits(new_id, second)
    for e in merge:
        again.apply(e)
    assert again.locate_any(second) is None and again.geometry_of(new_id).equals(LINE)
    again.save()
    third = Workspace.open(ws_path)
    assert third.locate_any(second) is None and rows(ws_path, "SELECT COUNT(*) FROM roads WHERE id = ?",
                                                       (second,)) == [(0,)]
    removed_row = history(ws_path, second)[-1]
    assert removed_row[0] == "record" and removed_row[2] is None  # one row: the record and its line
    assert rules.record_from_text(removed_row[1])[1].equals_exact(LineString(LINE.coords[1:]), 1e-7)
    # Undo of the merge (after its save) brings the road back, and that is saved too.
    for e in reversed(merge):
        again.revert(e)
    assert again.record(second)["name_zh"] == "新路（2）"
    again.save()
    fourth = Workspace.open(ws_path)
    assert fourth.geometry_of(second).equals(LineString(LINE.coords[1:]))
    assert fourth.geometry_of(new_id).equals(LineString(LINE.coords[:2]))
    assert fourth.record(second)["status"] == "planned"


def test_undo_of_a_pending_new_record_leaves_nothing(ws, ws_path):
    created = ws.make_record("exits", {"name_zh": "新出口", "phase": "unscheduled", "status": "planned"},
                             Point(114.15, 22.85))
    ws.apply(created)
    assert ws.record(created.feature_id)["category"] == "exit"
    ws.revert(created)
    assert ws.pending == () and ws.locate_any(created.feature_id) is None
    assert ws.save() == 0


@pytest.mark.parametrize("values, words", [
    ({"category": "town", "phase": "unscheduled", "status": "planned"}, "name_zh is required"),
    ({"name_zh": "x", "category": "lane", "phase": "unscheduled", "status": "planned"}, "unknown category"),
    ({"name_zh": "x", "category": "town", "phase": "soon", "status": "planned"}, "unknown phase"),
    ({"name_zh": "x", "category": "town", "phase": "unscheduled", "status": "planned", "colour": 1}, "no field"),
])
def test_a_new_record_needs_its_attributes(ws, values, words):
    with pytest.raises(EditRefused, match=words):
        ws.make_record("roads", values, LINE)


def test_a_geometry_changed_by_another_program_is_a_conflict(ws, ws_path):
    ws.apply(ws.make_geometry_edit(EXIT, Point(114.151, 22.851)))
    conn = connect(ws_path, read_only=False, timeout=5)  # QGIS moves the exit meanwhile
    try:
        conn.execute("UPDATE exits SET geom = ? WHERE id = ?", (gpkg_blob(Point(114.2, 22.8)), EXIT))
    finally:
        conn.close()
    assert rows(ws_path, "SELECT revision FROM exits WHERE id = ?", (EXIT,)) == [(1,)]  # the trigger
    with pytest.raises(ConflictError) as info:
        ws.save()
    assert EXIT in info.value.ids
    assert len(ws.pending) == 1  # kept, nothing written
    assert rows(ws_path, "SELECT COUNT(*) FROM road_status_history") == [(0,)]


def test_an_id_taken_meanwhile_is_a_conflict(ws, ws_path, template):
    created = ws.make_record("roads", {"id": "road-new-1", "name_zh": "新路", "category": "town",
                                       "phase": "unscheduled", "status": "planned"}, LINE)
    ws.apply(created)
    other = Workspace.open(ws_path)
    other.apply(other.make_record("roads", {"id": "road-new-1", "name_zh": "别人的路", "category": "town",
                                            "phase": "unscheduled", "status": "planned"}, LINE))
    other.save()
    with pytest.raises(ConflictError, match="road-new-1"):
        ws.save()


def test_reload_keeps_geometry_edits_that_still_fit(ws, ws_path):
    ws.apply(ws.make_geometry_edit(ROAD, LINE))
    created = ws.make_record("roads", {"name_zh": "新路", "category": "town", "phase": "unscheduled",
                                       "status": "planned"}, LineString([(114.12, 22.86), (114.13, 22.86)]))
    ws.apply(created)
    dropped = ws.reload(keep_pending=True)
    assert dropped == [] and ws.geometry_of(ROAD).equals(LINE) and ws.locate_any(created.feature_id)
    ws.discard()
    assert ws.geometry_of(ROAD) is None and ws.locate_any(created.feature_id) is None


def test_history_cli_text_and_names_of_other_layers(ws, ws_path):
    from qxmap.workspace import read_history
    from qxmap.workspace_cli import history_value

    ws.apply(ws.make_geometry_edit(PARK, Polygon([(114.15, 22.85), (114.16, 22.85), (114.16, 22.86)])))
    ws.save()
    entries, names = read_history(ws_path, PARK)
    assert names[PARK] and [e.field for e in entries] == ["geometry", "geometry_accuracy"]
    assert history_value("geometry", entries[0].old_value, entries[0].new_value).startswith("0 -> ")
    assert shapely.from_wkt(entries[0].new_value).geom_type == "Polygon"


def test_a_record_made_or_removed_is_one_history_row_with_its_geometry(ws, ws_path):
    """A record created or removed is one ``record`` row: its attributes and its
    geometry's WKT; the listings show its name and size.  Rows written the old way
    (attributes only, the geometry in a row of its own) still read.  A record made
    and saved can be removed (undone) in the same session and saved again: it is in
    the file at revision 0 (it was taken for somebody else's change before)."""
    from qxmap.ui import labels
    from qxmap.workspace import read_history
    from qxmap.workspace_cli import history_value

    line = LineString([(114.12, 22.86), (114.13, 22.86)])
    created = ws.make_record("roads", {"name_zh": "新路", "category": "town", "phase": "unscheduled",
                                       "status": "planned"}, line)
    ws.apply(created)
    ws.save()
    ws.apply(created.inverse())  # removed again (what the merge of two roads does to the second)
    ws.save()
    entries, _ = read_history(ws_path, created.feature_id)
    assert [(e.field, e.old_value is None, e.new_value is None) for e in entries] == [
        ("record", True, False), ("record", False, True)]
    for text in (entries[0].new_value, entries[1].old_value):
        attributes, geom = rules.record_from_text(text)
        assert attributes["name_zh"] == "新路" and attributes["id"] == created.feature_id
        assert geom.equals_exact(line, 1e-9) and "geometry" not in attributes
    size = rules.size_text(line)
    assert history_value("record", None, entries[0].new_value) == f"created ({size})"
    assert history_value("record", entries[1].old_value, None) == f"removed ({size})"
    assert labels.field_value("record", entries[0].new_value).startswith("新路 (") and "km" in labels.field_value(
        "record", entries[0].new_value)
    # the old way: attributes only
    old_text = json.dumps({"id": "road-x", "name_zh": "旧路"}, ensure_ascii=False)
    assert rules.record_from_text(old_text) == ({"id": "road-x", "name_zh": "旧路"}, None)
    assert history_value("record", None, old_text) == "created" and labels.field_value("record", old_text) == "旧路"
    assert labels.field_value("record", "not json") == "not json" and rules.record_from_text("[1]") == (None, None)
