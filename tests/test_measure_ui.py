"""The measure tool on the map: real clicks, measured on the ellipsoid."""
import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pyproj import Geod

from qtutil import ask

pytestmark = pytest.mark.page


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
    tool.clear_action.trigger()
    assert tool.mode is None and not tool.distance_action.isChecked()


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
    assert ask(qtbot, window.map_view.query_state)["measure"] == {"mode": "area", "points": 4}


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
