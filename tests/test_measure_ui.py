"""The measure tool on the map: real clicks, measured on the ellipsoid."""
import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pyproj import Geod

from qtutil import ask, make_room

pytestmark = pytest.mark.page


@pytest.fixture(autouse=True)
def roomy(qtbot, window):
    make_room(qtbot, window)


def click(view, x, y):
    QTest.mouseClick(view.focusProxy() or view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, y))


def metres_per_pixel(qtbot, window):
    state = ask(qtbot, window.map_view.query_state)
    lat = (state["view"]["south"] + state["view"]["north"]) / 2
    return 156543.03392 * math.cos(math.radians(lat)) / 2 ** state["view"]["zoom"]


def test_distance_from_two_clicks(qtbot, window):
    ask(qtbot, window.map_view.fit_bounds, 22.82, 114.13, 22.87, 114.19)
    tool = window.measure_tool
    tool.distance_action.trigger()
    assert tool.mode == "distance"
    ask(qtbot, window.map_view.query_state)
    with qtbot.waitSignal(window.map_view.measure_changed, timeout=10000):
        click(window.map_view, 100, 200)
    with qtbot.waitSignal(window.map_view.measure_changed, timeout=10000) as blocker:
        click(window.map_view, 400, 200)
    kind, points = blocker.args
    assert kind == "distance" and len(points) == 2
    (lat1, lon1), (lat2, lon2) = points
    expected = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2]
    assert tool.result_m == pytest.approx(expected, rel=1e-9)
    assert tool.result_m == pytest.approx(300 * metres_per_pixel(qtbot, window), rel=0.03)
    assert tool.label.text()
    qtbot.waitUntil(lambda: (ask(qtbot, window.map_view.query_state)["tool"]["state"]["result"] or "")
                    in tool.label.text(), timeout=10000)  # the value is shown on the map too
    tool.clear_action.trigger()
    assert tool.mode is None and not tool.distance_action.isChecked()
    assert ask(qtbot, window.map_view.query_state)["tool"] is None


def test_area_from_four_clicks(qtbot, window):
    ask(qtbot, window.map_view.fit_bounds, 22.82, 114.13, 22.87, 114.19)
    tool = window.measure_tool
    tool.set_mode("area")
    ask(qtbot, window.map_view.query_state)
    for x, y in ((100, 100), (300, 100), (300, 300), (100, 300)):
        with qtbot.waitSignal(window.map_view.measure_changed, timeout=10000):
            click(window.map_view, x, y)
    side = 200 * metres_per_pixel(qtbot, window)
    assert tool.result_km2 == pytest.approx(side * side / 1e6, rel=0.05)
    tool_state = ask(qtbot, window.map_view.query_state)["tool"]
    assert tool_state["name"] == "measure" and tool_state["state"]["mode"] == "area"
    assert tool_state["state"]["points"] == 4


def test_clicks_while_measuring_do_not_select_features(qtbot, window):
    tool = window.measure_tool
    tool.set_mode("distance")
    exits = window.dataset.layers["exits"]
    target = exits[exits.geometry.notna()]["id"].iloc[0]
    pixel = ask(qtbot, window.map_view.query_pixel_of, target)
    clicked = []
    window.map_view.feature_clicked.connect(lambda *a: clicked.append(a))
    with qtbot.waitSignal(window.map_view.measure_changed, timeout=10000):
        click(window.map_view, round(pixel["x"]), round(pixel["y"]))
    assert clicked == []


def test_shortcuts_switch_and_esc_stops(qtbot, window):
    """Ctrl+M, Ctrl+Shift+M and Esc as before: the menu and the page's tool agree."""
    tool = window.measure_tool
    view = window.map_view
    window.activateWindow()
    view.setFocus()
    QTest.keyClick(view.focusProxy() or view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert tool.mode == "distance" and tool.distance_action.isChecked()
    qtbot.waitUntil(lambda: (ask(qtbot, view.query_state)["tool"] or {}).get("options") == {"mode": "distance"},
                    timeout=10000)
    QTest.keyClick(view.focusProxy() or view, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tool.mode == "area" and tool.area_action.isChecked() and not tool.distance_action.isChecked()
    qtbot.waitUntil(lambda: (ask(qtbot, view.query_state)["tool"] or {}).get("options") == {"mode": "area"},
                    timeout=10000)
    QTest.keyClick(view.focusProxy() or view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tool.mode is None, timeout=10000)
    assert not tool.area_action.isChecked() and tool.label.text() == ""
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["tool"] is None, timeout=10000)


def test_the_menu_follows_the_page_when_the_page_stops_the_tool(qtbot, window):
    """Whoever stops the tool (Esc in the map, or any page-side change), the menu follows."""
    tool = window.measure_tool
    tool.set_mode("distance")
    qtbot.waitUntil(lambda: window.map_view.active_tool == "measure", timeout=10000)
    ask(qtbot, window.map_view.disable_tool)  # as Esc handled by the page does
    qtbot.waitUntil(lambda: tool.mode is None, timeout=10000)
    assert not tool.distance_action.isChecked() and tool.label.text() == ""


def test_points_on_a_gcj02_basemap_are_measured_in_wgs84(qtbot, window, tmp_path):
    """The page reports WGS-84 on a shifted basemap: the tool measures them as they come."""
    from qxmap.tiles import make_test_mbtiles

    tiles = make_test_mbtiles(tmp_path / "gcj.mbtiles", zooms=range(10, 13), color=(240, 240, 240))
    assert window.basemap.use_local(tiles, gcj02=True)
    qtbot.waitUntil(lambda: window.map_view.last_state.get("shifted") is True, timeout=15000)
    exits = window.dataset.layers["exits"]
    mapped = exits[exits.geometry.notna()]
    first, second = mapped.iloc[0], mapped.iloc[1]
    ask(qtbot, window.map_view.show_tracked, [first["id"], second["id"]])
    with qtbot.waitSignal(window.map_view.view_changed, timeout=5000, raising=False):
        window.map_view.fit_bounds(22.80, 114.10, 22.90, 114.22)  # (the zoom may be animated)
    tool = window.measure_tool
    tool.set_mode("distance")
    for row in (first, second):
        pixel = ask(qtbot, window.map_view.query_pixel_of, row["id"])
        with qtbot.waitSignal(window.map_view.measure_changed, timeout=10000):
            click(window.map_view, round(pixel["x"]), round(pixel["y"]))
    # A click on an exit measures from the exit itself (its WGS-84 position, not where it is drawn).
    a, b = first.geometry, second.geometry
    expected = Geod(ellps="WGS84").inv(a.x, a.y, b.x, b.y)[2]
    assert tool.result_m == pytest.approx(expected, abs=0.01)
