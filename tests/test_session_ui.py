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
