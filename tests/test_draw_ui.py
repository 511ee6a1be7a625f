"""Edit mode on the map (issue 12 §1, §2): real mouse events on the page.

Every gesture here is QTest mouse and key events on the map view's focus proxy,
at pixels the page itself reports (debug.vertexPixels, debug.pixelOf,
debug.pixelOfLatLng): drawing a road, editing its vertices, snapping, attaching
to a record, making a new record, split and merge, undo, save, and the workspace
read back by a child process.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from pyproj import Geod
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from shapely.geometry import LineString, Point

from qxmap import basemaps

from conftest import ROOT
from qtutil import ask, fit_view, make_room, opened_workspace

pytestmark = pytest.mark.page

ROAD = "road-expy-02"           # not yet mapped
EXIT = "exit-conguan-bonded"    # a mapped exit in the middle of town (a snapping target)
NEW_EXIT = "exit-unnamed-04"    # an exit not yet mapped
PARK = "park-hongmenshan"       # a park not yet mapped
BOX = (22.835, 114.125, 22.875, 114.185)  # south, west, north, east: the middle of town
GEOD = Geod(ellps="WGS84")
LEFT = Qt.MouseButton.LeftButton
NO_KEY = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(bare_window):
    return bare_window


@pytest.fixture
def ctl(qtbot, window, ws_path):
    window.workspace.confirm = lambda message: pytest.fail(f"unexpected confirmation: {message}")
    with opened_workspace(qtbot, window, ws_path) as c:
        make_room(qtbot, window, 800, 600)
        yield c


@pytest.fixture
def tool(qtbot, ctl, window):
    t = window.draw_tool
    t.confirm = lambda message: pytest.fail(f"unexpected confirmation: {message}")
    t.ask_new_record = lambda kind, layers: pytest.fail(f"unexpected new-record dialog ({kind})")
    t.edit_mode_action.trigger()
    qtbot.waitUntil(lambda: window.map_view.active_tool == "draw", timeout=10000)
    assert t.toolbar.isVisible()
    stable_size(qtbot, window)  # the Edit toolbar took its room: the map has its final size
    fit(qtbot, window, BOX)
    return t


# ------------------------------------------------------------------ helpers


def widget(window):
    view = window.map_view
    return view.focusProxy() or view


def stable_size(qtbot, window):
    last = None
    for _ in range(50):
        size = ask(qtbot, window.map_view.query_state)["size"]
        if size == last:
            return size
        last = size
        qtbot.wait(100)
    raise AssertionError("the map keeps changing size")


def fit(qtbot, window, box):
    return fit_view(qtbot, window.map_view, box)


def click(window, x, y, button=LEFT, modifiers=NO_KEY):
    QTest.mouseClick(widget(window), button, modifiers, QPoint(round(x), round(y)))


def move(window, x, y):
    QTest.mouseMove(widget(window), QPoint(round(x), round(y)))


def drag(qtbot, window, start, end, steps=6):
    """Press at *start*, move in steps, release at *end* (the left button held)."""
    w = widget(window)
    (x0, y0), (x1, y1) = start, end
    move(window, x0 + 1, y0)
    qtbot.wait(50)
    move(window, x0, y0)
    qtbot.wait(50)
    QTest.mousePress(w, LEFT, NO_KEY, QPoint(round(x0), round(y0)))
    for k in range(1, steps + 1):
        QTest.mouseMove(w, QPoint(round(x0 + (x1 - x0) * k / steps), round(y0 + (y1 - y0) * k / steps)))
        qtbot.wait(20)
    QTest.mouseRelease(w, LEFT, NO_KEY, QPoint(round(x1), round(y1)))


def draw_state(qtbot, window):
    return ask(qtbot, window.map_view.query_draw_state)


def vertex_pixels(qtbot, window, fid):
    return ask(qtbot, window.map_view.query_vertex_pixels, fid)


def settled(qtbot, window):
    """Wait until the page has run every command sent so far (it runs them in order)."""
    ask(qtbot, window.map_view.query_state)


def select(qtbot, window, fid):
    window.session.select([fid], origin="map")  # (origin "map": the view stays)
    qtbot.waitUntil(lambda: (draw_state(qtbot, window) or {}).get("target") == fid, timeout=5000)


def in_step(qtbot, window):
    """Wait until the page's draw tool is in the mode, snapping and target the app gave it
    (commands travel apart from the mouse events)."""
    t = window.draw_tool
    qtbot.waitUntil(lambda: (lambda s: s is not None and s["mode"] == t.mode and s["snap"] == t.snap
                             and s["target"] == t.target())(draw_state(qtbot, window)), timeout=5000)


def metres(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def draw_line(qtbot, window, pixels, finish="repeat"):
    """Click each pixel, then finish: "repeat" clicks the last one again, "enter" presses Enter."""
    in_step(qtbot, window)
    events = []
    window.map_view.tool_event.connect(lambda name, payload: events.append(payload))
    for x, y in pixels:
        move(window, x, y)
        click(window, x, y)
        qtbot.waitUntil(lambda: any(p.get("action") == "sketch" for p in events), timeout=5000)
        qtbot.wait(60)
    if finish == "repeat":
        click(window, *pixels[-1])
    else:
        QTest.keyClick(widget(window), Qt.Key.Key_Return)
    try:
        qtbot.waitUntil(lambda: any(p.get("action") in ("finish", "continue") for p in events), timeout=5000)
    except Exception:
        print("DEBUG", events, draw_state(qtbot, window), window.map_view.console[-5:], window.map_view.bridge.rejected)
        raise
    return events


def child_reads(path, *ids) -> dict:
    """The workspace as a fresh process reads it: geometry (WKT), accuracy, name of *ids*, and the history."""
    code = ("import json, sys\nfrom qxmap.workspace import Workspace\nws = Workspace.open(sys.argv[1])\n"
            "out = {}\nfor fid in sys.argv[2:]:\n    g = ws.geometry_of(fid)\n"
            "    r = ws.locate_any(fid)\n"
            "    out[fid] = None if r is None else {'wkt': None if g is None else g.wkt, "
            "'accuracy': ws.accuracy_of(fid), 'name': ws.dataset.layers[r[0]].at[r[1], 'name_zh']}\n"
            "print(json.dumps({'records': out, 'history': [e.as_dict() for e in ws.history()]}, ensure_ascii=False))\n")
    done = subprocess.run([sys.executable, "-c", code, str(path), *ids], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ------------------------------------------------------------------ Edit mode


def test_edit_mode_is_off_by_default_and_needs_a_workspace(qtbot, window, bundled_path):
    t = window.draw_tool
    assert not t.edit_mode and not t.edit_mode_action.isChecked() and not t.toolbar.isVisible()
    assert not t.edit_mode_action.isEnabled()  # no workspace: nothing to edit
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        assert window.open_path(bundled_path)  # a dataset, not a workspace: still a viewer
    assert not t.edit_mode_action.isEnabled()
    assert t.edit_mode_action.shortcut().toString() == "Ctrl+Shift+D"


def test_edit_mode_on_and_off(qtbot, ctl, window):
    t = window.draw_tool
    assert not t.edit_mode and window.map_view.active_tool is None
    t.edit_mode_action.trigger()
    qtbot.waitUntil(lambda: window.map_view.active_tool == "draw", timeout=10000)
    assert t.edit_mode and t.toolbar.isVisible() and t.mode == "select"
    assert draw_state(qtbot, window)["mode"] == "select"
    # Esc in the map with nothing drawn turns Edit mode off, and the menu follows.
    QTest.keyClick(widget(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not t.edit_mode, timeout=10000)
    assert not t.edit_mode_action.isChecked() and not t.toolbar.isVisible()
    assert draw_state(qtbot, window) is None
    t.set_mode("line")  # a drawing mode turns Edit mode on
    qtbot.waitUntil(lambda: (draw_state(qtbot, window) or {}).get("mode") == "line", timeout=10000)
    window.measure_tool.set_mode("distance")  # one tool at a time: measuring ends Edit mode
    qtbot.waitUntil(lambda: not t.edit_mode, timeout=10000)


# ------------------------------------------------------------------ drawing


def test_a_road_drawn_goes_to_the_selected_unmapped_record(qtbot, ctl, window, tool):
    ws = ctl.ws
    unmapped_before = window.session.summary.unmapped
    select(qtbot, window, ROAD)
    tool.set_snap(False)
    tool.set_mode("line")
    pixels = [(250, 200), (400, 260), (560, 240)]
    events = draw_line(qtbot, window, pixels[:2] + [pixels[2]], finish="repeat")
    sketches = [p for p in events if p["action"] == "sketch"]
    assert len(sketches[-1]["points"]) >= 2
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD) is not None, timeout=5000)
    geom = ws.geometry_of(ROAD)
    assert geom.geom_type == "LineString" and len(geom.coords) == 3
    assert ws.accuracy_of(ROAD) == "drawn"
    # Drawn where clicked: the page puts the stored vertices back on those pixels.
    settled(qtbot, window)
    shown = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    for (x, y), v in zip(pixels, shown):
        assert abs(v["x"] - x) <= 1 and abs(v["y"] - y) <= 1
    # The table, the summary and the details follow; the page shows the road.
    row = window.model.record(window.model.row_of(ROAD))
    assert row["geometry_accuracy"] == "drawn" and row["_mapped"] and row["length_km"] > 0
    assert window.session.summary.unmapped == unmapped_before - 1
    assert "Drawn by hand" in window.details.toPlainText() or "手绘" in window.details.toPlainText()
    assert ROAD in ask(qtbot, window.map_view.query_visible_tracked)
    assert window.isWindowModified() and len(ws.pending) == 1
    assert tool.mode == "select" and draw_state(qtbot, window)["target_shown"]
    # The live length was in the status bar while drawing.
    assert tool.label.text() != ""


def test_live_length_while_drawing(qtbot, ctl, window, tool):
    tool.set_snap(False)
    tool.set_mode("line")
    in_step(qtbot, window)
    events = []
    window.map_view.tool_event.connect(lambda name, payload: events.append(payload))
    click(window, 300, 300)
    qtbot.waitUntil(lambda: bool(events), timeout=5000)
    move(window, 500, 300)
    qtbot.wait(150)
    move(window, 501, 300)
    qtbot.waitUntil(lambda: "Length" in tool.label.text() or "长度" in tool.label.text(), timeout=5000)
    points = [p for p in events if p["action"] == "sketch"][-1]["points"]
    (lat1, lon1), (lat2, lon2) = points[0], points[-1]
    assert tool.live_text.split(": ", 1)[1] in tool.label.text()
    assert metres((lon1, lat1), (lon2, lat2)) > 100
    QTest.keyClick(widget(window), Qt.Key.Key_Escape)  # cancels the sketch, Edit mode stays
    qtbot.waitUntil(lambda: draw_state(qtbot, window)["sketch"] == 0, timeout=5000)
    assert tool.edit_mode and ctl.ws.pending == ()


def test_snapping_makes_the_new_road_meet_the_exit_exactly(qtbot, ctl, window, tool):
    ws = ctl.ws
    exit_point = ws.geometry_of(EXIT)
    pixel = ask(qtbot, window.map_view.query_pixel_of, EXIT)
    select(qtbot, window, ROAD)
    tool.set_mode("line")
    assert tool.snap and draw_state(qtbot, window)["snap"]
    x, y = pixel["x"], pixel["y"]
    draw_line(qtbot, window, [(x - 180, y + 90), (x - 80, y + 40), (x + 5, y - 4)])  # 6 px off the exit
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD) is not None, timeout=5000)
    end = ws.geometry_of(ROAD).coords[-1]
    assert end == (exit_point.x, exit_point.y)  # exactly, not within a pixel
    # S toggles snapping in the map (the menu follows); without it the end is where clicked.
    QTest.keyClick(widget(window), Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not tool.snap, timeout=5000)
    assert not tool.snap_action.isChecked() and not draw_state(qtbot, window)["snap"]
    select(qtbot, window, "road-expy-03")
    tool.set_mode("line")
    draw_line(qtbot, window, [(x - 180, y + 120), (x + 5, y - 4)])
    qtbot.waitUntil(lambda: ws.geometry_of("road-expy-03") is not None, timeout=5000)
    loose = ws.geometry_of("road-expy-03").coords[-1]
    assert loose != (exit_point.x, exit_point.y) and 3 < metres(loose, exit_point.coords[0]) < 60


def test_alt_held_suspends_snapping(qtbot, ctl, window, tool):
    ws = ctl.ws
    exit_point = ws.geometry_of(EXIT)
    pixel = ask(qtbot, window.map_view.query_pixel_of, EXIT)
    select(qtbot, window, ROAD)
    tool.set_mode("line")
    in_step(qtbot, window)
    x, y = pixel["x"], pixel["y"]
    click(window, x - 150, y + 80)
    qtbot.wait(100)
    click(window, x + 4, y + 3, modifiers=Qt.KeyboardModifier.AltModifier)
    qtbot.wait(100)
    QTest.keyClick(widget(window), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD) is not None, timeout=5000)
    assert ws.geometry_of(ROAD).coords[-1] != (exit_point.x, exit_point.y)


def test_a_road_the_report_does_not_name_becomes_a_new_record(qtbot, ctl, window, tool):
    ws = ctl.ws
    asked = []

    def answer(kind, layers):
        asked.append((kind, layers))
        return "roads", {"name_zh": "清溪新路", "name_en": "New road", "category": "town", "phase": "unscheduled",
                         "status": "planned"}

    tool.ask_new_record = answer
    tool.set_snap(False)
    window.session.select([], origin="map")
    n_rows = window.model.rowCount()
    tool.set_mode("line")
    draw_line(qtbot, window, [(260, 420), (420, 440), (520, 400)], finish="enter")
    qtbot.waitUntil(lambda: window.model.rowCount() == n_rows + 1, timeout=5000)
    assert asked == [("line", ["roads", "facilities"])]
    new_id = window.session.selection[0]
    assert new_id.startswith("road-drawn-")
    record = ws.record(new_id)
    assert record["name_zh"] == "清溪新路" and record["status"] == "planned" and ws.accuracy_of(new_id) == "drawn"
    settled(qtbot, window)
    assert len(vertex_pixels(qtbot, window, new_id)["runs"][0]) == 3
    assert new_id in ask(qtbot, window.map_view.query_visible_tracked)
    assert window.model.record(window.model.row_of(new_id))["name_zh"] == "清溪新路"
    # Undo removes it again (table and map), redo brings it back.
    ctl.undo_stack.undo()
    assert ws.locate_any(new_id) is None and window.model.rowCount() == n_rows
    settled(qtbot, window)
    assert ask(qtbot, window.map_view.query_pixel_of, new_id) is None
    ctl.undo_stack.redo()
    assert ws.record(new_id)["name_zh"] == "清溪新路" and window.model.rowCount() == n_rows + 1
    assert ctl.save()
    seen = child_reads(ctl.ws.path, new_id)
    assert seen["records"][new_id]["name"] == "清溪新路" and seen["records"][new_id]["wkt"].startswith("LINESTRING")
    assert [h["field"] for h in seen["history"] if h["road_id"] == new_id] == ["record"]  # with its line
    # Undone after the save, and saved again: it leaves the file (no "changed by someone else")
    ctl.undo_stack.undo()
    assert ws.locate_any(new_id) is None and ctl.save()
    seen = child_reads(ctl.ws.path, new_id)
    assert seen["records"][new_id] is None
    made, removed = [h for h in seen["history"] if h["road_id"] == new_id]
    assert made["old_value"] is None and removed["new_value"] is None and "LINESTRING" in removed["old_value"]


def test_a_point_for_an_exit_and_a_polygon_for_a_park(qtbot, ctl, window, tool):
    ws = ctl.ws
    tool.set_snap(False)
    select(qtbot, window, NEW_EXIT)
    tool.set_mode("point")
    in_step(qtbot, window)
    click(window, 330, 330)
    qtbot.waitUntil(lambda: ws.geometry_of(NEW_EXIT) is not None, timeout=5000)
    assert ws.geometry_of(NEW_EXIT).geom_type == "Point"
    select(qtbot, window, PARK)
    tool.set_mode("polygon")
    draw_line(qtbot, window, [(450, 150), (600, 160), (590, 280), (460, 270), (450, 150)])  # closed on its start
    qtbot.waitUntil(lambda: ws.geometry_of(PARK) is not None, timeout=5000)
    park = ws.geometry_of(PARK)
    assert park.geom_type == "Polygon" and len(park.exterior.coords) == 5 and park.is_valid
    assert ws.dataset.layers["parks"].set_index("id").at[PARK, "area_km2"] > 0


def test_bad_drawings_are_refused_and_nothing_changes(qtbot, ctl, window, tool):
    ws = ctl.ws
    tool.set_snap(False)
    select(qtbot, window, PARK)
    tool.set_mode("polygon")
    draw_line(qtbot, window, [(300, 150), (500, 300), (500, 150), (300, 300)], finish="enter")  # a bow tie
    qtbot.waitUntil(lambda: tool.last_refusal is not None, timeout=5000)
    assert "crosses itself" in tool.last_refusal
    assert ws.geometry_of(PARK) is None and ws.pending == ()
    box = ctl.last_message
    assert box is not None and "crosses itself" in box.informativeText()
    box.close()
    tool.last_refusal = None
    select(qtbot, window, ROAD)
    tool.set_mode("line")
    in_step(qtbot, window)
    click(window, 300, 300)
    qtbot.wait(100)
    QTest.keyClick(widget(window), Qt.Key.Key_Return)  # a line of one vertex
    qtbot.waitUntil(lambda: tool.last_refusal is not None, timeout=5000)
    assert "at least two distinct vertices" in tool.last_refusal
    assert ws.geometry_of(ROAD) is None and ws.pending == ()


# ------------------------------------------------------------------ editing


@pytest.fixture
def mapped_road(qtbot, ctl, window, tool):
    """ROAD given a three-vertex line (as a drawing would), selected, its handles shown."""
    line = LineString([(114.140, 22.850), (114.155, 22.858), (114.170, 22.852)])
    tool.push([ctl.ws.make_geometry_edit(ROAD, line)], "setup")
    select(qtbot, window, ROAD)
    qtbot.waitUntil(lambda: draw_state(qtbot, window)["target_shown"], timeout=5000)
    settled(qtbot, window)
    tool.set_snap(False)
    in_step(qtbot, window)
    return line


def test_dragging_a_vertex_edits_it_and_undo_puts_it_back(qtbot, ctl, window, tool, mapped_road):
    ws = ctl.ws
    before = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    v = before[1]
    drag(qtbot, window, (v["x"], v["y"]), (v["x"] + 40, v["y"] + 30))
    qtbot.waitUntil(lambda: not ws.geometry_of(ROAD).equals(mapped_road), timeout=5000)
    geom = ws.geometry_of(ROAD)
    assert geom.coords[0] == mapped_road.coords[0] and geom.coords[2] == mapped_road.coords[2]
    settled(qtbot, window)
    after = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    assert abs(after[1]["x"] - (v["x"] + 40)) <= 1 and abs(after[1]["y"] - (v["y"] + 30)) <= 1
    assert ctl.undo_stack.undoText().endswith("vertex moved")
    ctl.undo_stack.undo()
    assert ws.geometry_of(ROAD).equals(mapped_road)
    settled(qtbot, window)
    again = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    assert abs(again[1]["x"] - v["x"]) <= 1 and abs(again[1]["y"] - v["y"]) <= 1
    assert ws.accuracy_of(ROAD) == "drawn"


def test_a_midpoint_dragged_adds_a_vertex_and_a_right_click_deletes_one(qtbot, ctl, window, tool, mapped_road):
    ws = ctl.ws
    runs = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    mid = ((runs[0]["x"] + runs[1]["x"]) / 2, (runs[0]["y"] + runs[1]["y"]) / 2)
    drag(qtbot, window, mid, (mid[0], mid[1] + 40))
    qtbot.waitUntil(lambda: len(ws.geometry_of(ROAD).coords) == 4, timeout=5000)
    settled(qtbot, window)
    runs = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    assert abs(runs[1]["y"] - (mid[1] + 40)) <= 1
    move(window, runs[1]["x"], runs[1]["y"])
    qtbot.wait(100)
    click(window, runs[1]["x"], runs[1]["y"], button=Qt.MouseButton.RightButton)
    qtbot.waitUntil(lambda: len(ws.geometry_of(ROAD).coords) == 3, timeout=5000)
    assert ws.geometry_of(ROAD).equals(mapped_road)
    # Hover and Delete does the same; a line keeps its two last vertices.
    settled(qtbot, window)
    runs = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    move(window, runs[1]["x"] + 1, runs[1]["y"])
    qtbot.wait(100)
    move(window, runs[1]["x"], runs[1]["y"])
    qtbot.waitUntil(lambda: draw_state(qtbot, window)["hover"] is not None, timeout=5000)
    QTest.keyClick(widget(window), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(ws.geometry_of(ROAD).coords) == 2, timeout=5000)


def test_a_dragged_vertex_snaps_to_the_exit(qtbot, ctl, window, tool, mapped_road):
    ws = ctl.ws
    tool.set_snap(True)
    in_step(qtbot, window)
    exit_point = ws.geometry_of(EXIT)
    target = ask(qtbot, window.map_view.query_pixel_of, EXIT)
    v = vertex_pixels(qtbot, window, ROAD)["runs"][0][2]
    drag(qtbot, window, (v["x"], v["y"]), (target["x"] + 4, target["y"] - 5), steps=10)
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD).coords[2] != mapped_road.coords[2], timeout=5000)
    assert ws.geometry_of(ROAD).coords[2] == (exit_point.x, exit_point.y)


def test_move_continue_split_and_merge(qtbot, ctl, window, tool, mapped_road):
    ws = ctl.ws
    # Move: drag the road by its body.
    tool.set_mode("move")
    in_step(qtbot, window)
    runs = vertex_pixels(qtbot, window, ROAD)["runs"][0]
    body = ((runs[0]["x"] + runs[1]["x"]) / 2, (runs[0]["y"] + runs[1]["y"]) / 2)
    drag(qtbot, window, body, (body[0] + 30, body[1] - 20))
    qtbot.waitUntil(lambda: not ws.geometry_of(ROAD).equals(mapped_road), timeout=5000)
    moved = ws.geometry_of(ROAD)
    assert len(moved.coords) == 3 and moved.length == pytest.approx(mapped_road.length, rel=1e-9)
    # Continue the line from its end.
    settled(qtbot, window)
    tool.set_mode("continue")
    qtbot.waitUntil(lambda: draw_state(qtbot, window)["mode"] == "continue", timeout=5000)
    end = vertex_pixels(qtbot, window, ROAD)["runs"][0][-1]
    draw_line(qtbot, window, [(end["x"] + 60, end["y"] + 20), (end["x"] + 120, end["y"] + 10)])
    qtbot.waitUntil(lambda: len(ws.geometry_of(ROAD).coords) == 5, timeout=5000)
    assert ws.geometry_of(ROAD).coords[:3] == moved.coords[:]
    # Split at the middle vertex: two records, the second with a new id and the same attributes.
    settled(qtbot, window)
    tool.set_mode("split")
    in_step(qtbot, window)
    v = vertex_pixels(qtbot, window, ROAD)["runs"][0][2]
    move(window, v["x"], v["y"])
    qtbot.wait(50)
    click(window, v["x"], v["y"])
    second = f"{ROAD}-2"
    qtbot.waitUntil(lambda: ws.locate_any(second) is not None, timeout=5000)
    assert len(ws.geometry_of(ROAD).coords) == 3 and len(ws.geometry_of(second).coords) == 3
    assert ws.record(second)["status"] == ws.record(ROAD)["status"]
    assert ws.record(second)["name_zh"] == ws.record(ROAD)["name_zh"] + "（2）"
    assert window.model.row_of(second) is not None
    settled(qtbot, window)
    assert ask(qtbot, window.map_view.query_pixel_of, second) is not None
    # Merge them back (asked first): one road, the second record removed.
    window.session.select([ROAD, second], origin="map")
    asked = []
    tool.confirm = lambda message: asked.append(message) or True
    assert tool.merge_action.isEnabled()
    tool.merge_action.trigger()
    assert asked and ws.locate_any(second) is None and len(ws.geometry_of(ROAD).coords) == 5
    assert window.model.row_of(second) is None
    ctl.undo_stack.undo()  # the merge undone: two roads again
    assert ws.locate_any(second) is not None and len(ws.geometry_of(ROAD).coords) == 3


def test_delete_geometry_asks_and_keeps_the_record(qtbot, ctl, window, tool, mapped_road):
    ws = ctl.ws
    asked = []
    tool.confirm = lambda message: asked.append(message) or False
    tool.delete_action.trigger()
    assert asked and ws.geometry_of(ROAD) is not None  # said no: nothing changed
    tool.confirm = lambda message: True
    tool.delete_action.trigger()
    assert ws.record(ROAD) is not None and ws.geometry_of(ROAD) is None and ws.accuracy_of(ROAD) == "unmapped"
    settled(qtbot, window)
    assert ask(qtbot, window.map_view.query_pixel_of, ROAD) is None
    assert window.model.record(window.model.row_of(ROAD))["_mapped"] is False


def test_undo_save_and_reopen_in_a_new_process(qtbot, ctl, window, tool, mapped_road):
    ws = ctl.ws
    v = vertex_pixels(qtbot, window, ROAD)["runs"][0][0]
    drag(qtbot, window, (v["x"], v["y"]), (v["x"] - 30, v["y"] + 25))
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD).coords[0] != mapped_road.coords[0], timeout=5000)
    edited = ws.geometry_of(ROAD)
    settled(qtbot, window)
    v = vertex_pixels(qtbot, window, ROAD)["runs"][0][2]
    drag(qtbot, window, (v["x"], v["y"]), (v["x"] + 25, v["y"] + 25))
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD).coords[2] != mapped_road.coords[2], timeout=5000)
    ctl.undo_stack.undo()  # the second drag undone
    assert ws.geometry_of(ROAD).equals(edited)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not ws.is_dirty, timeout=5000)
    assert not window.isWindowModified()
    seen = child_reads(ws.path, ROAD)
    stored = seen["records"][ROAD]
    assert stored["accuracy"] == "drawn"
    from shapely import wkt as shapely_wkt

    assert shapely_wkt.loads(stored["wkt"]).equals_exact(edited, 1e-12)
    rows = [h for h in seen["history"] if h["road_id"] == ROAD]
    assert [h["field"] for h in rows] == ["geometry", "geometry_accuracy", "geometry"]
    assert rows[0]["old_value"] is None and rows[-1]["new_value"].startswith("LINESTRING")
    assert "Geometry" in ctl.history_text(ROAD) or "几何" in ctl.history_text(ROAD)


def test_a_conflict_on_a_geometry_is_shown_and_nothing_is_saved(qtbot, ctl, window, tool, mapped_road):
    """Another program saves the same record's geometry meanwhile: the save is refused."""
    from qxmap.workspace import Workspace

    ws = ctl.ws
    other = Workspace.open(ws.path)
    other.apply(other.make_geometry_edit(EXIT, Point(114.16, 22.86)))
    other.save("someone")
    ws.save()  # ROAD (pending) saved: no conflict
    tool.push([ws.make_geometry_edit(EXIT, Point(114.161, 22.861))], "exit moved")
    assert not ctl.save()
    qtbot.waitUntil(lambda: ctl.last_message is not None and ctl.last_message.objectName() == "conflict-dialog",
                    timeout=5000)
    assert ws.is_dirty


# ------------------------------------------------------------------ a GCJ-02 basemap


def test_a_vertex_clicked_on_the_amap_basemap_is_stored_within_1_m(qtbot, ctl, window, tool):
    """What is drawn on AMap (GCJ-02) is stored in WGS-84: the page takes the shift back."""
    from qxmap.ui.webengine import app_profile

    app_profile().guard.allow_hosts(())  # no tile request leaves the machine; the shift applies all the same
    view = window.map_view
    state = ask(qtbot, view.set_basemap, basemaps.page_spec("amap"))
    assert state["shifted"] is True
    ws = ctl.ws
    known = (114.152345, 22.857654)  # lon, lat: a place in town (WGS-84)
    fit(qtbot, window, (known[1] - 0.002, known[0] - 0.003, known[1] + 0.002, known[0] + 0.003))
    qtbot.waitUntil(lambda: view.active_tool == "draw", timeout=5000)
    tool.set_snap(False)
    select(qtbot, window, NEW_EXIT)
    tool.set_mode("point")
    qtbot.waitUntil(lambda: draw_state(qtbot, window)["mode"] == "point", timeout=5000)
    in_step(qtbot, window)
    pixel = ask(qtbot, view.query_pixel_of_latlng, known[1], known[0])
    click(window, pixel["x"], pixel["y"])
    qtbot.waitUntil(lambda: ws.geometry_of(NEW_EXIT) is not None, timeout=5000)
    stored = ws.geometry_of(NEW_EXIT)
    assert metres((stored.x, stored.y), known) < 1.0
    # The shift is ~500 m here: had the display coordinates been stored, this would fail.
    from qxmap.gcj02 import wgs_to_gcj

    assert metres(wgs_to_gcj(*known), known) > 100
    assert math.isfinite(stored.x)


def test_a_vertex_snapped_to_a_segment_lies_exactly_on_it(qtbot, ctl, window, tool):
    """Near the middle of a road's segment (no vertex within reach): the vertex goes onto the segment."""
    ws = ctl.ws
    target = "road-s358"
    runs = vertex_pixels(qtbot, window, target)["runs"][0]
    a, b = max(zip(runs, runs[1:]), key=lambda ab: math.hypot(ab[1]["x"] - ab[0]["x"], ab[1]["y"] - ab[0]["y"]))
    length = math.hypot(b["x"] - a["x"], b["y"] - a["y"])
    assert length > 60, "a segment long enough to click far from its ends"
    nx, ny = -(b["y"] - a["y"]) / length, (b["x"] - a["x"]) / length  # 5 px to the side of the segment
    mx, my = (a["x"] + b["x"]) / 2 + 5 * nx, (a["y"] + b["y"]) / 2 + 5 * ny
    select(qtbot, window, ROAD)
    tool.set_mode("line")
    draw_line(qtbot, window, [(mx + 120 * nx, my + 120 * ny), (mx, my)])
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD) is not None, timeout=5000)
    end = Point(ws.geometry_of(ROAD).coords[-1])
    assert ws.geometry_of(target).distance(end) < 1e-9  # on the road itself, not a pixel off


def test_drawn_over_a_plan_is_traced(qtbot, ctl, window, tool):
    """The overlay sets DrawTool.tracing while a georeferenced plan is shown."""
    tool.set_tracing(True)
    tool.set_snap(False)
    select(qtbot, window, NEW_EXIT)
    tool.set_mode("point")
    in_step(qtbot, window)
    click(window, 420, 320)
    qtbot.waitUntil(lambda: ctl.ws.geometry_of(NEW_EXIT) is not None, timeout=5000)
    assert ctl.ws.accuracy_of(NEW_EXIT) == "traced"
    tool.set_tracing(False)
    assert tool.accuracy() == "drawn"


def test_malformed_draw_reports_are_refused(qtbot, ctl, window, tool):
    bridge = window.map_view.bridge
    before = len(bridge.rejected)
    bad = [
        {"action": "finish", "kind": "line", "points": [[22.85, 114.15], [1e999, 114.16]], "snaps": []},
        {"action": "finish", "kind": "circle", "points": [], "snaps": []},
        {"action": "vertex", "id": ROAD, "op": "move", "vertex": [0, -1], "to": [22.85, 114.15], "snap": None},
        {"action": "vertex", "id": ROAD, "op": "teleport", "vertex": [0, 1], "to": [22.85, 114.15], "snap": None},
        {"action": "move", "id": 5, "from": [22.85, 114.15], "to": [22.85, 114.16]},
        {"action": "snap", "on": "yes"},
        {"action": "eval", "code": "1"},
    ]
    for payload in bad:
        bridge.toolEvent("draw", json.dumps(payload))
    assert len(bridge.rejected) == before + len(bad)
    assert ctl.ws.pending == ()
