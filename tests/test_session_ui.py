"""Every view follows the window's session: change the session, and the
filter buttons, the table, the summary, the details, the layer checks, the
map and the export dialog show it."""
from qxmap.filtering import RoadFilter
from qxmap.model import ViewBounds
from qxmap.ui.exportdialog import ExportDialog
from qxmap.ui.roadmodel import selected_ids

from qtutil import ask, wait_drawn


def test_a_filter_set_on_the_session_reaches_every_view(qtbot, window):
    session = window.session
    road_filter = RoadFilter.of(phases=["underway"], statuses=["under_construction"])
    session.set_filter(road_filter)
    wait_drawn(qtbot, window.map_view, window.map_adapter.last_filter_seq)
    assert window.filter_panel.road_filter() == road_filter
    assert window.proxy.rowCount() == int(session.filter_mask.sum())
    assert f"{session.summary.count}" in window.summary_label.text()
    assert window.filter_words.text() == road_filter.describe("zh") or window.filter_words.text()
    shown = set(ask(qtbot, window.map_view.query_visible_tracked))
    mapped = {i for i, m in zip(session.records["id"], session.filter_mask) if m}
    assert shown <= mapped and shown


def test_selection_and_layers_from_the_session(qtbot, window):
    session = window.session
    road = next(i for i in session.records["id"] if i.startswith("road"))
    session.select([road], origin="map")
    assert selected_ids(window.table) == [road]
    assert window.details.current_id == road
    state = ask(qtbot, window.map_view.query_state)
    assert state["highlighted"] == [road]
    session.set_layer_visible("parks", False)
    assert not window.layer_panel.checks["parks"].isChecked()
    state = ask(qtbot, window.map_view.query_state)
    assert "parks" in state["hidden_layers"]
    window.layer_panel.checks["parks"].setChecked(True)
    assert session.is_layer_visible("parks")
    session.select([])
    assert window.details.current_id is None


def test_the_export_dialog_takes_the_view_from_the_session(qtbot, window):
    session = window.session
    qtbot.waitUntil(lambda: session.view is not None, timeout=10000)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.set_combo(dialog.extent_combo, "view")
    session.set_view(ViewBounds(22.80, 114.12, 22.84, 114.18, 14))
    assert dialog.extent() == (114.12, 22.80, 114.18, 22.84)
    dialog.deleteLater()
    qtbot.waitUntil(lambda: session.events.view_changed.listeners <= 1, timeout=5000)  # it stopped following


def test_export_of_the_current_view_frames_the_same_ground_on_the_amap_basemap(qtbot, window):
    """The bug this model fixed: with AMap on, "current view" exported GCJ-02 bounds as
    WGS-84 (about 590 m off). Now the session's view is WGS-84 whatever the basemap."""
    from pyproj import Geod

    from qxmap import basemaps
    from qxmap.ui.webengine import app_profile

    app_profile().guard.allow_hosts(())  # the AMap tiles are blocked: nothing leaves the machine
    geod = Geod(ellps="WGS84")
    session = window.session
    view = window.map_view
    exits = session.dataset.layers["exits"]
    point = exits[exits.geometry.notna()].geometry.iloc[0]
    box = (point.y - 0.0007, point.x - 0.001, point.y + 0.0007, point.x + 0.001)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.set_combo(dialog.extent_combo, "view")

    def framed() -> tuple:
        with qtbot.waitSignal(view.view_changed, timeout=10000):
            view.fit_bounds(*box)
        qtbot.wait(300)
        page_view = ask(qtbot, view.query_state)["view"]
        qtbot.waitUntil(lambda: session.view is not None and abs(session.view.south - page_view["south"]) < 1e-9,
                        timeout=5000)
        return dialog.extent()

    plain = framed()
    ask(qtbot, view.set_basemap, basemaps.page_spec("amap"))
    shifted = framed()
    west, south, east, north = plain
    centre_plain = ((west + east) / 2, (south + north) / 2)
    centre_shifted = ((shifted[0] + shifted[2]) / 2, (shifted[1] + shifted[3]) / 2)
    distance = geod.inv(*centre_plain, *centre_shifted)[2]
    # whole-pixel rounding of the view's origin at zoom 18 is about 0.6 m a pixel
    assert distance < 1.5, distance
    ask(qtbot, view.set_basemap, None)
