"""The page's tools (Leaflet handlers, one at a time) and its one coordinate truth:
every coordinate crossing the bridge is WGS-84, also on a GCJ-02 (AMap) basemap.

The AMap tests use the real AMap spec (basemaps.page_spec("amap")) without
choosing it: the request guard blocks its hosts, so no tile request leaves the
machine (the tiles just fail), and the page shifts the overlays all the same.
"""
import json
import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pyproj import Geod

from qxmap import basemaps
from qxmap.gcj02 import wgs_to_gcj
from qxmap.ui.webengine import app_profile

from qtutil import ask, bundled_view, fit_view, grid_lonlat

pytestmark = pytest.mark.page

GEOD = Geod(ellps="WGS84")
TOWN_BOX = (22.80, 114.10, 22.90, 114.22)
APP_SCHEMES = ("qxmap:", "data:", "blob:")


@pytest.fixture
def view(qtbot, bundled):
    guard = app_profile().guard
    guard.allow_hosts(())  # no online basemap chosen: the guard blocks every host
    yield bundled_view(qtbot, bundled)
    sent = [u for u in guard.log if not u.startswith(APP_SCHEMES) and u not in guard.blocked]
    assert sent == [], sent  # nothing left the machine
    guard.log.clear()
    guard.blocked.clear()


@pytest.fixture
def exit_point(bundled):
    """(id, lon, lat) of a mapped exit."""
    exits = bundled.layers["exits"]
    row = exits[exits.geometry.notna()].iloc[0]
    return row["id"], float(row.geometry.x), float(row.geometry.y)


def metres(lon1, lat1, lon2, lat2) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def amap_on(qtbot, view):
    state = ask(qtbot, view.set_basemap, basemaps.page_spec("amap"))
    assert state["shifted"] is True and "autonavi" in state["basemap"]


def side_errors_m(a: dict, b: dict) -> dict:
    """How far apart two views' sides are, in metres."""
    lat = (a["south"] + a["north"]) / 2
    return {"south": metres(a["west"], a["south"], a["west"], b["south"]),
            "north": metres(a["west"], a["north"], a["west"], b["north"]),
            "west": metres(a["west"], lat, b["west"], lat),
            "east": metres(a["east"], lat, b["east"], lat)}


def click(view, x, y):
    QTest.mouseClick(view.focusProxy() or view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, y))


# ------------------------------------------------------------------ one coordinate truth


def screen_ground(qtbot, view, pixel: dict, shifted: bool) -> dict:
    """The WGS-84 box of what the screen shows, worked out here from the tile grid: the
    screen's corners on the grid (from where a feature is on screen and on the grid),
    its outline taken back from GCJ-02 by qxmap.gcj02 when *shifted*, the box around that."""
    from qxmap.gcj02 import gcj_to_wgs

    size = ask(qtbot, view.query_state)["size"]
    zoom = pixel["grid"]["zoom"]
    # (Leaflet places a point at its grid position rounded to whole pixels.)
    left = math.floor(pixel["grid"]["x"] + 0.5) - pixel["x"]
    top = math.floor(pixel["grid"]["y"] + 0.5) - pixel["y"]
    west, north = grid_lonlat(left, top, zoom)
    east, south = grid_lonlat(left + size["x"], top + size["y"], zoom)
    outline = []
    for i in range(9):
        lon_i, lat_i = west + (east - west) * i / 8, south + (north - south) * i / 8
        outline += [(lon_i, south), (lon_i, north), (west, lat_i), (east, lat_i)]
    wgs = [gcj_to_wgs(x, y) for x, y in outline] if shifted else outline
    return {"south": min(p[1] for p in wgs), "north": max(p[1] for p in wgs),
            "west": min(p[0] for p in wgs), "east": max(p[0] for p in wgs)}


def degrees_per_pixel(lat: float, zoom: int) -> tuple[float, float]:
    """(latitude, longitude) degrees per pixel of the Web Mercator map at *lat*, *zoom*."""
    dlon = 360 / (256 * 2 ** zoom)
    return dlon * math.cos(math.radians(lat)), dlon


def test_the_view_after_fit_bounds_is_the_wgs84_box_with_or_without_the_shift(qtbot, view, exit_point):
    target, lon, lat = exit_point
    # The shift is not a translation: it changes by some 2 m per km, so a rectangle on the
    # shifted screen is not quite a rectangle in WGS-84 (the view reported is the box around
    # it), and the difference grows with the view.  The 1 m check is at zoom 18 (AMap's
    # deepest) on a view of about 250 m x 190 m; across the town it is tens of metres.
    view.resize(450, 350)
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["size"]["x"] == 450, timeout=10000)
    small = (lat - 0.0007, lon - 0.001, lat + 0.0007, lon + 0.001)

    def fitted(box, shift):
        reported = fit_view(qtbot, view, box)
        pixel = ask(qtbot, view.query_pixel_of, target)
        # The view reported is exactly the ground on screen (worked out here from the tile grid).
        errors = side_errors_m(screen_ground(qtbot, view, pixel, shift), reported)
        assert max(errors.values()) < 0.01, errors
        return reported, pixel

    plain = {"town": fitted(TOWN_BOX, False), "small": fitted(small, False)}
    amap_on(qtbot, view)
    shifted = {"town": fitted(TOWN_BOX, True), "small": fitted(small, True)}
    for name, box in (("town", TOWN_BOX), ("small", small)):
        (a, a_pixel), (b, b_pixel) = plain[name], shifted[name]
        assert a["zoom"] == b["zoom"], name
        south, west, north, east = box
        assert b["south"] <= south and b["west"] <= west and b["north"] >= north and b["east"] >= east, (name, b)
        if name == "small":
            # A view is whole pixels (Leaflet rounds the map's origin), so two fits of the same
            # box can differ by up to a pixel (0.55 m here): take that out, using where the exit
            # lands on screen in each (the shift is uniform enough over so small a view).
            dlat, dlon = degrees_per_pixel(lat, a["zoom"])
            dx, dy = b_pixel["x"] - a_pixel["x"], b_pixel["y"] - a_pixel["y"]
            expected = {"south": a["south"] + dy * dlat, "north": a["north"] + dy * dlat,
                        "west": a["west"] - dx * dlon, "east": a["east"] - dx * dlon}
            assert a["zoom"] == 18
            assert max(side_errors_m(expected, b).values()) < 1.0, side_errors_m(expected, b)
        else:
            # Across the town the shift itself varies by some 30 m: nowhere near its ~590 m.
            assert max(side_errors_m(a, b).values()) < 40, side_errors_m(a, b)
    # The view_changed signal carries the same WGS-84 box as the state.
    with qtbot.waitSignal(view.view_changed, timeout=10000) as blocker:
        view.fit_bounds(*TOWN_BOX)
    assert max(side_errors_m(blocker.args[0], shifted["town"][0]).values()) < 1e-3


def test_a_measure_click_on_an_exit_is_the_exit_in_wgs84(qtbot, view, exit_point):
    target, lon, lat = exit_point
    amap_on(qtbot, view)
    fit_view(qtbot, view, TOWN_BOX)
    ask(qtbot, view.show_tracked, [target])  # only that exit under the cursor
    ask(qtbot, view.enable_tool, "measure", mode="distance")
    pixel = ask(qtbot, view.query_pixel_of, target)
    assert metres(pixel["lon"], pixel["lat"], lon, lat) < 0.01  # the debug answer is WGS-84 too
    with qtbot.waitSignal(view.tool_event, timeout=10000,
                          check_params_cb=lambda name, payload: name == "measure") as blocker:
        click(view, round(pixel["x"]), round(pixel["y"]))
    name, payload = blocker.args
    assert payload["kind"] == "distance" and len(payload["points"]) == 1
    plat, plon = payload["points"][0]
    assert metres(plon, plat, lon, lat) < 1.0
    glon, glat = wgs_to_gcj(lon, lat)
    assert metres(plon, plat, glon, glat) > 400  # where it is drawn is ~590 m away


def test_an_empty_spot_measured_is_the_same_ground_with_or_without_the_shift(qtbot, view, exit_point):
    target, lon, lat = exit_point
    box = (lat - 0.001, lon - 0.0015, lat + 0.001, lon + 0.0015)  # zoom 18
    points = []
    for shift in (False, True):
        if shift:
            amap_on(qtbot, view)
        fit_view(qtbot, view, box)
        ask(qtbot, view.enable_tool, "measure", mode="distance")
        pixel = ask(qtbot, view.query_pixel_of, target)
        with qtbot.waitSignal(view.measure_changed, timeout=10000) as blocker:
            click(view, round(pixel["x"]) + 120, round(pixel["y"]) - 80)  # empty ground, ~80 m away
        points.append(blocker.args[1][0])
    (lat1, lon1), (lat2, lon2) = points
    assert metres(lon1, lat1, lon, lat) > 20
    assert metres(lon1, lat1, lon2, lat2) < 1.0


def test_the_cursor_reports_the_same_ground_with_or_without_the_shift(qtbot, view, exit_point):
    target, lon, lat = exit_point
    box = (lat - 0.001, lon - 0.0015, lat + 0.001, lon + 0.0015)  # zoom 18
    seen = []
    view.cursor_moved.connect(lambda la, lo: seen.append((la, lo)))
    widget = view.focusProxy() or view
    readings = []
    for shift in (False, True):
        if shift:
            amap_on(qtbot, view)
        fit_view(qtbot, view, box)
        pixel = ask(qtbot, view.query_pixel_of, target)
        x, y = round(pixel["x"]) + 100, round(pixel["y"]) + 60
        for px, py in ((x - 25, y - 25), (x, y)):
            qtbot.wait(100)  # the page reports the pointer at most every 32 ms
            count = len(seen)
            QTest.mouseMove(widget, QPoint(px, py))
            qtbot.waitUntil(lambda: len(seen) > count, timeout=10000)
        readings.append(seen[-1])
    (lat1, lon1), (lat2, lon2) = readings
    assert 40 < metres(lon1, lat1, lon, lat) < 90  # the ground 100 px right and 60 px down at zoom 18
    assert metres(lon1, lat1, lon2, lat2) < 1.0


# ------------------------------------------------------------------ tools


def tools_events(view):
    events = []
    view.tool_event.connect(lambda name, payload: events.append((name, payload)))
    return events


def test_one_tool_at_a_time_and_esc_disables_it(qtbot, view):
    events = tools_events(view)
    state = ask(qtbot, view.enable_tool, "measure", mode="distance")
    assert state["tool"] == {"name": "measure", "options": {"mode": "distance"},
                             "state": {"mode": "distance", "points": 0, "result": None}}
    state = ask(qtbot, view.enable_tool, "measure", mode="area")  # replaces the active one
    assert state["tool"]["options"] == {"mode": "area"}
    qtbot.waitUntil(lambda: len([e for e in events if e[0] == "tools"]) >= 2, timeout=10000)
    assert [e for e in events if e[0] == "tools"] == [
        ("tools", {"active": "measure", "options": {"mode": "distance"}}),
        ("tools", {"active": "measure", "options": {"mode": "area"}})]
    assert view.active_tool == "measure"
    # Esc in the map disables it, and the page says so.
    view.setFocus()
    with qtbot.waitSignal(view.tool_event, timeout=10000,
                          check_params_cb=lambda name, payload: name == "tools") as blocker:
        QTest.keyClick(view.focusProxy() or view, Qt.Key.Key_Escape)
    assert blocker.args == ["tools", {"active": None, "options": {}}]
    assert view.active_tool is None
    assert ask(qtbot, view.query_state)["tool"] is None


def test_disabling_by_name_leaves_another_tool_alone(qtbot, view):
    ask(qtbot, view.enable_tool, "measure", mode="distance")
    assert ask(qtbot, view.disable_tool, "draw")["tool"]["name"] == "measure"
    assert ask(qtbot, view.disable_tool, "measure")["tool"] is None
    ask(qtbot, view.enable_tool, "measure", mode="area")
    assert ask(qtbot, view.disable_tool)["tool"] is None


def test_a_feature_click_selects_when_no_tool_is_active_and_measures_when_one_is(qtbot, view, exit_point):
    target, _, _ = exit_point
    ask(qtbot, view.show_tracked, [target])
    pixel = ask(qtbot, view.query_pixel_of, target)
    x, y = round(pixel["x"]), round(pixel["y"])
    clicked = []
    view.feature_clicked.connect(lambda *a: clicked.append(a))
    with qtbot.waitSignal(view.feature_clicked, timeout=10000):
        click(view, x, y)
    ask(qtbot, view.enable_tool, "measure", mode="distance")
    with qtbot.waitSignal(view.measure_changed, timeout=10000):
        click(view, x, y)
    assert clicked == [("exits", target)]
    ask(qtbot, view.disable_tool)
    with qtbot.waitSignal(view.feature_clicked, timeout=10000):
        click(view, x, y + 0)
    assert len(clicked) == 2


def test_the_measure_result_is_shown_as_text(qtbot, view):
    ask(qtbot, view.enable_tool, "measure", mode="distance")
    with qtbot.waitSignal(view.measure_changed, timeout=10000):
        click(view, 300, 300)
    text = '<img src=x onerror="window.pwned=1"> 1.2 km'
    state = ask(qtbot, view.update_tool, "measure", result=text)
    assert state["tool"]["state"]["result"] == text
    facts = ask(qtbot, view.query_page_facts)
    assert facts["images"] == 0 and facts["csp_violations"] == []
    # An update for a tool that is not active changes nothing.
    assert ask(qtbot, view.update_tool, "draw", result="x")["tool"]["state"]["result"] == text


def test_unknown_tools_and_commands_are_errors_that_change_nothing(qtbot, view):
    ask(qtbot, view.enable_tool, "measure", mode="distance")
    answers = []
    for method, args in (("toolsEnable", ("no-such-tool", {})), ("toolsEnable", ("measure", [1])),
                         ("state", ()), ("pixelOf", ("road-s358",)), ("debug.constructor", ()),
                         ("toString", ()), ("debug.__proto__", ())):
        view._call(method, *args, callback=answers.append)
    qtbot.waitUntil(lambda: len(answers) == 7, timeout=10000)
    assert answers == [None] * 7  # each answered with an error (logged), not a result
    assert sum("no command" in c for c in view.console) >= 5
    assert ask(qtbot, view.query_state)["tool"]["name"] == "measure"


def test_tool_events_from_the_page_are_checked(qtbot, view):
    bridge = view.bridge
    events = tools_events(view)
    before = len(bridge.rejected)
    bridge.toolEvent("measure", json.dumps({"kind": "distance", "points": [[22.8, 114.1], [22.81, 114.12]]}))
    bridge.toolEvent("tools", json.dumps({"active": None, "options": {}}))
    assert events == [("measure", {"kind": "distance", "points": [[22.8, 114.1], [22.81, 114.12]]}),
                      ("tools", {"active": None, "options": {}})]
    for name, payload in (("measure", '{"kind": "distance", "points": [["a", 1]]}'),
                          ("measure", '{"kind": "volume", "points": []}'),
                          ("measure", '{"kind": "distance", "points": [[95, 114]]}'),
                          ("measure", '{"kind": "distance", "points": [[true, 114]]}'),
                          ("measure", '[1, 2]'),
                          ("nonsense", "{}"),
                          ("tools", '{"active": "<b>"}'),
                          ("tools", "{not json")):
        bridge.toolEvent(name, payload)
    assert len(bridge.rejected) == before + 8
    assert all("toolEvent" in r for r in bridge.rejected[before:])
    assert len(events) == 2
    # One slot for every tool; the old measure slot is not published to the page.
    meta = bridge.metaObject()
    assert meta.indexOfMethod("toolEvent(QString,QString)") >= 0
    assert meta.indexOfMethod("measured(QString,QString)") < 0
