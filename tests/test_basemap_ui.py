"""Basemaps in the window: local MBTiles through the app scheme, GCJ-02 shift, offline by default."""

import pytest
from PySide6.QtGui import QColor

from qxmap.gcj02 import wgs_to_gcj
from qxmap.tiles import make_test_mbtiles
from qxmap.ui.webengine import app_profile

from qtutil import ask, grid_lonlat, make_room

pytestmark = pytest.mark.page


@pytest.fixture(autouse=True)
def roomy(qtbot, window):
    make_room(qtbot, window)


@pytest.fixture(autouse=True)
def offline_again():
    guard = app_profile().guard
    guard.log.clear()
    guard.blocked.clear()
    yield
    guard.allow_hosts(())
    guard.log.clear()
    guard.blocked.clear()


def count_color(image, color, tolerance=12):
    target = QColor(color)
    n = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            c = image.pixelColor(x, y)
            if abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue()) <= tolerance:
                n += 1
    return n


def test_local_mbtiles_are_served_and_drawn(qtbot, window, tmp_path):
    tiles = make_test_mbtiles(tmp_path / "local.mbtiles", zooms=range(10, 15), color=(250, 20, 200))
    before = count_color(window.map_view.grab().toImage(), "#fa14c8")
    assert window.basemap.use_local(tiles)
    qtbot.waitUntil(lambda: count_color(window.map_view.grab().toImage(), "#fa14c8") > 200, timeout=15000)
    assert before == 0
    guard = app_profile().guard
    assert not [u for u in guard.log if not u.startswith(("qxmap:", "data:", "blob:"))]
    assert guard.blocked == []


def test_gcj02_basemap_shifts_overlays_by_the_expected_offset(qtbot, window, tmp_path):
    """On a GCJ-02 basemap the overlays sit at their GCJ-02 place on the tile grid, while
    everything the page reports (a feature's position, the cursor) stays WGS-84."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    tiles = make_test_mbtiles(tmp_path / "gcj.mbtiles", zooms=range(10, 13), color=(240, 240, 240))
    exits = window.dataset.layers["exits"]
    target = exits[exits.geometry.notna()]["id"].iloc[0]
    point = exits[exits["id"] == target].geometry.iloc[0]
    ask(qtbot, window.map_view.fit_bounds, 22.80, 114.10, 22.90, 114.22)
    plain = ask(qtbot, window.map_view.query_pixel_of, target)
    assert window.basemap.use_local(tiles, gcj02=True)
    qtbot.waitUntil(lambda: window.map_view.last_state.get("shifted") is True, timeout=15000)
    ask(qtbot, window.map_view.fit_bounds, 22.80, 114.10, 22.90, 114.22)
    shifted = ask(qtbot, window.map_view.query_pixel_of, target)
    # Where the exit is drawn on the tile grid: its WGS-84 place, then its GCJ-02 place.
    plain_lon, plain_lat = grid_lonlat(plain["grid"]["x"], plain["grid"]["y"], plain["grid"]["zoom"])
    drawn_lon, drawn_lat = grid_lonlat(shifted["grid"]["x"], shifted["grid"]["y"], shifted["grid"]["zoom"])
    assert geod.inv(plain_lon, plain_lat, point.x, point.y)[2] < 1.0
    _, _, offset = geod.inv(plain_lon, plain_lat, drawn_lon, drawn_lat)
    assert 450 < offset < 700, offset  # about 590 m in Qingxi
    assert drawn_lon > plain_lon and drawn_lat < plain_lat  # east and south
    glon, glat = wgs_to_gcj(point.x, point.y)
    assert geod.inv(glon, glat, drawn_lon, drawn_lat)[2] < 1.0  # drawn exactly at the GCJ-02 position
    # What the page says about it is WGS-84 either way.
    for answer in (plain, shifted):
        assert answer["lon"] == pytest.approx(point.x, abs=1e-6) and answer["lat"] == pytest.approx(point.y, abs=1e-6)
    # The status bar shows the WGS-84 position the page reports: no conversion here.
    text = window.basemap.cursor_text(point.y, point.x)
    assert text.startswith(window.basemap.tr("WGS-84: %1, %2").split(":")[0])
    assert f"{point.x:.5f}" in text and f"{point.y:.5f}" in text


def test_offline_by_default_and_choosing_none(qtbot, window):
    assert window.basemap.code == "none"
    assert window.basemap.apply("none")
    assert window.map_view.last_state.get("basemap") in (None, "")


def test_a_failing_basemap_is_reported_and_the_map_keeps_working(qtbot, window):
    # Tiles from a host the guard blocks fail just like an unreachable server (loopback, nothing sent).
    with qtbot.waitSignal(window.map_view.basemap_failed, timeout=15000):
        ask(qtbot, window.map_view.set_basemap, {"url": "http://127.0.0.1:9/{z}/{x}/{y}.png"})
    assert window.statusBar().currentMessage()
    state = ask(qtbot, window.map_view.show_tracked, ["road-s358"])
    assert state["drawn"]["roads"] == 1
    ask(qtbot, window.map_view.set_basemap, None)
