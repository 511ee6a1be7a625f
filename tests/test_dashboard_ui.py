"""Tracking in the window (issue 14): the dashboard follows the filter and equals
``qxmap summary``, a click on a bar filters to it, the "as of" day changes what the
table, the map and the dashboard show without writing, the timeline selects, the
tracking form refuses bad values, and the changes panel lists and exports."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from PySide6.QtCore import Qt

from qxmap import schema
from qxmap.cli import main
from qxmap.filtering import RoadFilter
from qxmap.ui.roadmodel import COLUMNS
from qxmap.workspace import Workspace, create_workspace

from conftest import BUNDLED
from qtutil import ask, opened_workspace, wait_drawn

pytestmark = pytest.mark.page

S358 = "road-s358"


def history_workspace(path):
    """The bundled data as a workspace whose history says: S358 planned until 2017-03-01, then under
    construction; external road 3 got its target moved from 2017 to 2018 in 2018; created 2016-01-01."""
    create_workspace(BUNDLED, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE qxmap_meta SET value = '2016-01-01T00:00:00Z' WHERE key = 'created_at'")
    conn.executemany(
        "INSERT INTO road_status_history (road_id, field, old_value, new_value, changed_at, changed_by, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(S358, "status", "planned", "under_construction", "2017-03-01T02:00:00Z", "张工", "开工"),
         (S358, "progress", None, "35", "2017-09-01T02:00:00Z", "张工", None),
         ("road-ext-03", "target", "2017", "2018", "2018-01-10T02:00:00Z", "李工", "征地推迟")])
    conn.commit()
    conn.close()
    from qxmap.workspace.db import connect  # GDAL's triggers need the GeoPackage functions

    conn = connect(path, read_only=False, timeout=5)
    conn.execute("UPDATE roads SET progress = 35 WHERE id = ?", (S358,))  # today's value, as the history says
    conn.close()
    return path


def show_changes(qtbot, window):
    """Bring the "changes since" panel to the front, as the planner does (it is made
    only while it can be seen)."""
    from qxmap.ui.lazyrefresh import on_screen

    tracking = window.tracking
    tracking.dashboard_dock.show()
    tracking.dashboard_dock.raise_()
    tracking.tabs.setCurrentWidget(tracking.changes)
    qtbot.waitUntil(lambda: on_screen(tracking.changes), timeout=5000)
    return tracking.changes


@pytest.fixture
def ws_window(qtbot, bare_window, tmp_path):
    with opened_workspace(qtbot, bare_window, history_workspace(tmp_path / "ws.gpkg")):
        yield bare_window


def cli_summary(capsys, *argv):
    capsys.readouterr()
    assert main(["summary", str(BUNDLED), "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("road_filter,argv", [
    (RoadFilter(), []),
    (RoadFilter.of(phases=["start_this_year"]), ["--phase", "start_this_year"]),
    (RoadFilter.of(statuses=["planned"], categories=["external", "town"]),
     ["--status", "planned", "--category", "external", "--category", "town"]),
])
def test_the_dashboard_equals_qxmap_summary(window, capsys, road_filter, argv):
    window.apply_filter(road_filter)
    figures = window.tracking.dashboard.figures
    cli = cli_summary(capsys, *argv)
    got = figures.as_dict()
    for key in ("count", "km", "unmapped", "by_status", "by_phase"):
        assert got[key] == cli[key], key
    tiles = window.tracking.dashboard.tiles
    assert tiles["records"].value.text() == str(cli["count"])
    assert figures.phase_counts.sum() == figures.category_counts.sum() == cli["count"]


def test_a_click_on_a_bar_filters_to_it(qtbot, window):
    dashboard = window.tracking.dashboard
    window.tracking.show_dashboard()
    qtbot.waitUntil(lambda: dashboard.phase_chart.isVisible(), timeout=5000)
    chart = dashboard.phase_chart
    point = chart.segment_center("start_this_year", "planned")
    assert point is not None
    with qtbot.waitSignal(window.filter_applied, timeout=5000):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=point)
    expected = RoadFilter.of(phases=["start_this_year"], statuses=["planned"])
    assert window.session.road_filter == expected
    assert window.filter_panel.button("phases", "start_this_year").isChecked()
    assert window.filter_panel.button("statuses", "planned").isChecked()
    assert window.proxy.rowCount() == dashboard.figures.count == int(dashboard.figures.phase_counts.sum()) == 19
    # a category row's label keeps the phase and status, and narrows the category
    point = dashboard.category_chart.segment_center("town")
    with qtbot.waitSignal(window.filter_applied, timeout=5000):
        qtbot.mouseClick(dashboard.category_chart, Qt.MouseButton.LeftButton, pos=point)
    assert window.session.road_filter == RoadFilter.of(["start_this_year"], ["planned"], ["town"])
    assert window.filter_panel.button("categories", "town").isChecked()
    assert window.proxy.rowCount() == dashboard.figures.count == 11
    seq = window.map_adapter.last_filter_seq
    wait_drawn(qtbot, window.map_view, seq)
    visible = ask(qtbot, window.map_view.query_visible_tracked)
    assert S358 not in visible


def test_as_of_a_day_shows_the_past_everywhere_without_writing(qtbot, ws_window):
    window = ws_window
    session = window.session
    bar = window.tracking.as_of
    path = session.workspace.path
    before = path.read_bytes()
    row = window.model.row_of(S358)
    status_col = COLUMNS.index("status")
    assert window.model.data(window.model.index(row, status_col)) == "Under construction"
    assert window.tracking.dashboard.figures.summary.as_dict()["by_status"]["under_construction"]["count"] == 17

    bar.set_day(dt.date(2016, 12, 31))

    state = session.as_of
    assert state is not None and state.covered and state.day == dt.date(2016, 12, 31)
    assert window.model.data(window.model.index(row, status_col)) == "Planned"
    assert window.model.record(row)["progress"] is None
    assert not window.model.flags(window.model.index(row, status_col)) & Qt.ItemFlag.ItemIsEditable
    assert "2016-12-31" in window.filter_words.text()
    figures = window.tracking.dashboard.figures
    assert figures.as_of and figures.summary.as_dict()["by_status"]["under_construction"]["count"] == 16
    assert "2016-12-31" in window.tracking.dashboard.context.text()
    wait_drawn(qtbot, window.map_view, window.map_adapter.last_as_of_seq)
    props = ask(qtbot, window.map_view.query_props_of, S358)
    assert props["status"] == "planned"
    # a filter reads the shown state
    window.apply_filter(RoadFilter.of(statuses=["planned"]))
    assert S358 in session.filtered_ids
    # edits are made on today's state only
    assert not window.workspace.edit(S358, "status", "completed")
    assert "2016-12-31" in window.workspace.last_message.text()
    window.workspace.last_message.close()
    session.select([S358], origin="table")
    form = window.tracking.form
    assert form.current_id == S358 and not form.editable and "2016-12-31" in form.message.text()
    details = window.details.toPlainText()
    assert "State as of" in details and "2016-12-31" in details and "Planned" in details
    # stepping a year later: 2017-12-31, S358 under construction at 35 %
    bar.step("+y")
    assert session.as_of.day == dt.date(2017, 12, 31)
    assert window.model.record(row)["status"] == "under_construction"
    assert window.model.record(row)["progress"] == 35.0
    assert S358 not in session.filtered_ids
    # back to today: the current values, and nothing was written
    bar.back_to_today()
    assert session.as_of is None and window.model.editable
    assert window.model.record(row)["status"] == "under_construction"
    wait_drawn(qtbot, window.map_view, window.map_adapter.last_as_of_seq)
    assert ask(qtbot, window.map_view.query_props_of, S358)["status"] == "under_construction"
    assert path.read_bytes() == before
    assert not session.workspace.is_dirty


def test_the_summary_follows_each_as_of_day(ws_window):
    """Stepping days patches the summary's codes for the records that differ: the same
    figures as a session that makes them from scratch for that day."""
    from qxmap.model import Session

    session = ws_window.session
    bar = ws_window.tracking.as_of
    ws_window.apply_filter(RoadFilter.of(statuses=["planned", "under_construction"]))
    for day in (dt.date(2016, 12, 31), dt.date(2017, 12, 31), dt.date(2016, 6, 1), None):
        bar.set_day(day)
        fresh = Session()
        fresh.set_dataset(session.dataset, session.history)
        fresh.set_filter(session.road_filter)
        fresh.set_as_of(day)
        assert session.summary.as_dict() == fresh.summary.as_dict(), day
        assert ws_window.summary_label.text() != ""
    assert session.summary.as_dict()["by_status"]["under_construction"]["count"] == 17


def test_an_as_of_day_before_the_history_says_so(ws_window):
    bar = ws_window.tracking.as_of
    bar.set_day(dt.date(2015, 6, 1))
    state = ws_window.session.as_of
    assert state is not None and not state.covered
    assert "2016-01-01" in bar.message.text()
    assert ws_window.model.record(ws_window.model.row_of(S358))["status"] == "planned"  # the oldest known


def test_without_a_workspace_there_is_no_as_of(qtbot, window):
    bar = window.tracking.as_of
    assert not bar.check.isEnabled()
    assert window.session.history is None
    assert "workspace" in show_changes(qtbot, window).summary.text()


def test_a_timeline_click_selects_the_road_everywhere(qtbot, ws_window):
    window = ws_window
    window.tracking.show_timeline()
    panel = window.tracking.timeline
    view = panel.view
    qtbot.waitUntil(lambda: view.isVisible(), timeout=5000)
    ext = "road-ext-03"
    # the bundled report gives targets only: milestones, overdue (planned, target 2018 passed)
    assert view.rows is not None and window.session.row_of(ext) in view.rows.rows
    assert view.facts.overdue[window.session.row_of(ext)]
    assert "overdue" in panel.footer.text()
    point = view.bar_point(ext)
    assert point is not None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.session.selection == (ext,)
    from qxmap.ui.roadmodel import selected_ids

    assert selected_ids(window.table) == [ext]
    assert window.tracking.form.current_id == ext
    assert "Overdue by" in view.describe(window.session.row_of(ext))
    # planned dates make a bar; undated records can be listed too
    panel.undated.setChecked(True)
    assert len(view.rows.rows) == len(window.session.records)


def test_the_tracking_form_edits_and_refuses(qtbot, ws_window):
    window = ws_window
    ws = window.session.workspace
    window.session.select([S358], origin="table")
    form = window.tracking.form
    assert form.editable
    # bad input: a clear message, the box marked, nothing changed
    for field, text, words in (("budget_wan", "about three million", "not a number with a unit"),
                               ("budget_wan", "1200", "no unit"),
                               ("completed_on", (dt.date.today() + dt.timedelta(days=5)).isoformat(), "in the future"),
                               ("target", "2010", None), ("start", "2012", "after the target")):
        form.edits[field].setText(text)
        form._typed(field)
        if words:
            assert words in form.message.text(), (field, form.message.text())
            assert "fde7e7" in form.edits[field].styleSheet()
    assert [e.field for e in ws.pending] == ["target"]  # only the valid target was taken
    assert not form.commit("progress", 120)
    assert "out of range" in form.message.text()
    # good input: one undoable step each; a period is its year and month
    form.edits["budget_wan"].setText("3.5亿元")
    form._typed("budget_wan")
    assert ws.record(S358)["budget_wan"] == 35000.0
    assert form.edits["budget_wan"].text() == "35000万元"
    form.edits["start"].setText("2009-06")
    form._typed("start")
    assert (ws.record(S358)["start"], ws.record(S358)["start_month"]) == (2009, 6)
    assert window.model.data(window.model.index(window.model.row_of(S358), COLUMNS.index("start"))) == "2009-06"
    form.spin.setFocus()
    form.spin.editingFinished.emit()  # a box left unchanged sets nothing
    assert ws.record(S358)["progress"] == 35.0
    form.slider.setValue(70)
    form.slider.sliderReleased.emit()
    assert ws.record(S358)["progress"] == 70.0
    stack = window.workspace.undo_stack
    stack.undo()
    stack.undo()
    assert ws.record(S358)["start"] is None and ws.record(S358)["start_month"] is None
    stack.redo()
    assert window.workspace.save()
    assert "2009" in {e.new_value for e in Workspace.open(ws.path).history(S358)}
    # the last update comes from the history
    qtbot.waitUntil(lambda: form.last_updated.text() not in ("", "—"), timeout=3000)
    assert window.model.record(window.model.row_of(S358))["last_updated"]


def test_the_changes_panel_lists_groups_and_exports(qtbot, ws_window, tmp_path, settings):
    from qxmap.exports.tables import read_xlsx

    window = ws_window
    panel = show_changes(qtbot, window)
    panel.date.setDate(panel.date.date().fromString("2017-01-01", "yyyy-MM-dd"))
    report = panel.report
    assert report.counts() == {"started": 1, "finished": 0, "slipped": 1, "set_back": 0, "other": 1}
    top = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert top[0].startswith("Started (1)") and top[2].startswith("Slipped")
    item = panel.tree.topLevelItem(0).child(0)
    assert "张工" == item.text(2) and item.text(3) == "开工"
    panel._select_item(item)
    assert window.session.selection == (S358,)
    assert not panel.by_export.isEnabled()
    out = panel.export(tmp_path / "changes.xlsx")
    rows = read_xlsx(out)
    assert [r["road_id"] for r in rows] == [S358, "road-ext-03", S358]
    assert panel.by_export.isEnabled() and panel.last_export() is not None
    # since the last export: nothing new yet; then a saved change appears
    panel.by_export.setChecked(True)
    assert len(panel.report.rows) == 0
    assert window.workspace.edit("road-ext-04", "status", "preparing", note="立项")
    assert window.workspace.save()
    qtbot.waitUntil(lambda: len(panel.report.rows) == 1, timeout=3000)
    assert panel.report.rows.iloc[0]["note"] == "立项"
    deck = panel.export(tmp_path / "changes.pptx")
    from pptx import Presentation

    assert Presentation(deck).slides[0].shapes.title.text_frame.text == "Progress this month"


def test_the_dashboard_exports_png_and_slide(window, tmp_path):
    from PIL import Image
    from pptx import Presentation

    dashboard = window.tracking.dashboard
    window.apply_filter(RoadFilter.of(phases=["underway"]))
    png = dashboard.export(tmp_path / "dash.png")
    assert Image.open(png).size[0] >= 1500
    slide = Presentation(dashboard.export(tmp_path / "dash.pptx")).slides[0]
    notes = slide.notes_slide.notes_text_frame.text
    assert f"Records: {dashboard.figures.count}" in notes and "Under way" in notes  # the UI's language
    assert dashboard.figures.count == 17


def test_data_text_is_plain(qtbot, tmp_path, bare_window):
    """A name or note that looks like HTML is shown as its characters."""
    path = tmp_path / "ws.gpkg"
    history_workspace(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE road_status_history SET note = '<b>bold</b><img src=x>' WHERE road_id = ?", (S358,))
    conn.commit()
    conn.close()
    with qtbot.waitSignal(bare_window.map_view.ready, timeout=30000):
        assert bare_window.workspace.open_workspace(path)
    panel = show_changes(qtbot, bare_window)
    panel.date.setDate(panel.date.date().fromString("2017-01-01", "yyyy-MM-dd"))
    item = panel.tree.topLevelItem(0).child(0)
    assert item.text(3) == "<b>bold</b><img src=x>"
    assert "&lt;img" in item.toolTip(3)
    bare_window.workspace._disk_timer.stop()


def test_an_old_workspace_opens_upgraded_in_the_app(qtbot, bare_window, tmp_path):
    import shutil

    from conftest import DATA

    path = tmp_path / "old.gpkg"
    shutil.copy(DATA / "workspaces" / "schema-v1.gpkg", path)
    with qtbot.waitSignal(bare_window.map_view.ready, timeout=30000):
        assert bare_window.workspace.open_workspace(path)
    assert "tracking fields" in bare_window.statusBar().currentMessage()
    # its three saved changes are the history: r2's last update, and the changes since
    assert bare_window.session.history is not None and len(bare_window.session.history) == 3
    row = bare_window.model.row_of("r2")
    assert bare_window.model.record(row)["last_updated"]
    assert bare_window.model.data(bare_window.model.index(row, COLUMNS.index("last_updated")))
    bare_window.workspace._disk_timer.stop()



def test_the_changes_panel_is_made_only_when_it_can_be_seen(qtbot, ws_window):
    """Behind the road table's tab, saves and new days cost it nothing; brought to
    the front it is current at once."""
    panel = ws_window.tracking.changes
    ws_window.road_dock.raise_()
    qtbot.wait(50)
    runs = panel.lazy.runs
    panel.date.setDate(panel.date.date().fromString("2017-01-01", "yyyy-MM-dd"))
    assert ws_window.workspace.edit("road-ext-04", "status", "preparing", note="立项")
    assert ws_window.workspace.save()
    assert panel.lazy.runs == runs
    show_changes(qtbot, ws_window)
    assert panel.lazy.runs == runs + 1
    assert panel.tree.topLevelItemCount() > 0 and "立项" in [
        panel.tree.topLevelItem(i).child(j).text(3) for i in range(panel.tree.topLevelItemCount())
        for j in range(panel.tree.topLevelItem(i).childCount())]


def test_saving_an_import_of_many_roads_dates_every_row_at_once(qtbot, bare_window, tmp_path):
    """An import of hundreds of roads, saved: every new row's "last updated" is its saved
    change, as the session has it (the whole column in one refresh, not a row at a time)."""
    import geopandas as gpd
    import shapely

    from qxmap.importing import read_layer, suggest_mapping
    from qxmap.synthetic import synthetic_layers
    from qxmap.ui import mainwindow
    from qxmap.workspace import change_from_plan, plan_for

    path = create_workspace(BUNDLED, tmp_path / "work.gpkg")
    roads = synthetic_layers(300, seed=4, n_exits=0)["roads"]
    frame = gpd.GeoDataFrame({"名称": [f"新路{i}" for i in range(len(roads))], "状态": ["规划"] * len(roads),
                              "建设阶段": ["未排期"] * len(roads), "道路等级": ["镇内道路"] * len(roads)},
                             geometry=[None if r["geometry"] is None else shapely.LineString(r["geometry"]["coordinates"])
                                       for r in roads], crs="EPSG:4326")
    source = tmp_path / "new.gpkg"
    frame[frame.geometry.notna()].to_file(source, layer="道路", driver="GPKG")
    with opened_workspace(qtbot, bare_window, path) as ctl:
        layer = read_layer(source)
        change = change_from_plan(plan_for(layer, suggest_mapping(layer, target="roads"), ctl.ws.dataset),
                                  ctl.ws.dataset)
        assert len(change.added) > mainwindow.ROWS_ONE_BY_ONE
        with qtbot.waitSignal(bare_window.map_view.ready, timeout=30000):
            assert ctl.import_change(change)
        refreshed = []
        bare_window.model.dataChanged.connect(lambda *a: refreshed.append(a))
        assert ctl.save()
        model, records = bare_window.model, bare_window.session.records
        new_ids = [str(i) for i in change.added["id"]]
        for fid in new_ids:
            row = model.row_of(fid)
            shown = model.data(model.index(row, COLUMNS.index("last_updated")))
            assert model.record(row)["last_updated"] == records.loc[bare_window.session.row_of(fid), "last_updated"]
            assert shown
        assert len(refreshed) < 5  # one refresh for the column, not one per row
