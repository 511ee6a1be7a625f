"""Editing a workspace in the main window: delegates, undo/redo, save, conflicts, closing."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QStyleOptionViewItem

from qxmap.filtering import summarize
from qxmap.ui import labels
from qxmap.ui.roadmodel import COLUMNS
from qxmap.workspace import Workspace, create_workspace

from conftest import DATA
from qtutil import opened_workspace

pytestmark = pytest.mark.page


@pytest.fixture
def ws_path(tmp_path):
    return create_workspace(DATA / "small", tmp_path / "work.gpkg")


@pytest.fixture
def window(bare_window):
    return bare_window  # the workspace is opened by `ctl`, not the bundled data


@pytest.fixture
def ctl(qtbot, window, ws_path):
    window.workspace.confirm = lambda message: pytest.fail(f"unexpected confirmation: {message}")
    with opened_workspace(qtbot, window, ws_path) as c:
        yield c


def row_value(window, feature_id, field):
    return window.model.record(window.model.row_of(feature_id))[field]


def shown_text(window, feature_id, column):
    row = window.model.row_of(feature_id)
    return window.model.data(window.model.index(row, COLUMNS.index(column)))


def test_open_makes_table_editable_and_adds_menus(ctl, window, ws_path):
    assert window.model.editable
    index = window.model.index(0, COLUMNS.index("status"))
    assert window.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert window.dataset is ctl.ws.dataset
    assert "[*]" in window.windowTitle() and not window.isWindowModified()
    titles = [a.text() for a in window.file_menu.actions()]
    for text in ("&New workspace from data...", "Open &workspace...", "&Save", "Export layers to &GeoJSON...",
                 "Export &history to CSV..."):
        assert text in titles
    assert ctl.save_action.shortcut().toString() == "Ctrl+S"
    assert ctl.undo_action.shortcut().toString() == "Ctrl+Z"
    assert ctl.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert ctl.edit_menu.menuAction() in window.menuBar().actions()
    assert ctl.recent_paths()[0] == str(ws_path)


def test_edit_undo_redo_save_and_reopen(ctl, window, ws_path):
    before = summarize(window.proxy.accepted_records())
    assert row_value(window, "r2", "status") == "planned"
    assert ctl.edit("r2", "status", "under_construction", note="works began")
    assert row_value(window, "r2", "status") == "under_construction"
    assert shown_text(window, "r2", "status") == labels.status("under_construction")
    after = summarize(window.proxy.accepted_records())
    assert after != before
    assert window.isWindowModified()

    ctl.undo_stack.undo()
    assert row_value(window, "r2", "status") == "planned"
    assert summarize(window.proxy.accepted_records()) == before
    assert not window.isWindowModified()
    ctl.undo_stack.redo()
    assert row_value(window, "r2", "status") == "under_construction"
    assert summarize(window.proxy.accepted_records()) == after
    assert window.isWindowModified()

    assert ctl.edit("r2", "progress", 40)
    assert shown_text(window, "r2", "progress").startswith("40")
    window.settings.setValue("workspace/user", "planner-li")
    assert ctl.save()
    assert not window.isWindowModified()
    assert not ctl.ws.is_dirty

    again = Workspace.open(ws_path)
    assert again.record("r2")["status"] == "under_construction"
    assert float(again.record("r2")["progress"]) == 40
    history = again.history("r2")
    assert [(h.field, h.old_value, h.new_value, h.changed_by) for h in history] == [
        ("status", "planned", "under_construction", "planner-li"), ("progress", None, "40", "planner-li")]
    assert history[0].note == "works began"
    text = ctl.history_text("r2")
    assert labels.status("planned") + " → " + labels.status("under_construction") in text
    assert "planner-li" in text and labels.date_time(history[0].changed_at) in text


def test_backward_step_asks_and_refusal_changes_nothing(ctl, window):
    asked = []
    ctl.confirm = lambda message: asked.append(message) or False
    assert row_value(window, "r3", "status") == "completed"
    assert not ctl.edit("r3", "status", "planned")
    assert asked and "backwards" in asked[0]
    assert row_value(window, "r3", "status") == "completed"
    assert ctl.ws.record("r3")["status"] == "completed"
    assert ctl.undo_stack.count() == 0 and not window.isWindowModified()

    ctl.confirm = lambda message: True
    assert ctl.edit("r3", "status", "planned")
    assert row_value(window, "r3", "status") == "planned"


def test_invalid_values_are_refused_with_the_reason(ctl, window):
    assert not ctl.edit("r1", "status", "demolished")
    assert "unknown status" in ctl.last_message.informativeText()
    assert not ctl.edit("r1", "progress", 150)
    assert "out of range" in ctl.last_message.informativeText()
    assert not ctl.edit("r1", "start", 2030)  # after the target year 2018
    assert "after the target year" in ctl.last_message.informativeText()
    assert row_value(window, "r1", "status") == "under_construction"
    assert ctl.undo_stack.count() == 0 and not ctl.ws.is_dirty


def test_delegate_editors_and_commit(qtbot, ctl, window):
    delegate = ctl.delegate
    proxy = window.proxy
    row = proxy.index_of_record(window.model.row_of("r4")).row()
    status_index = proxy.index(row, COLUMNS.index("status"))
    assert window.table.itemDelegateForColumn(COLUMNS.index("status")) is delegate
    editor = delegate.createEditor(window.table.viewport(), QStyleOptionViewItem(), status_index)
    assert isinstance(editor, QComboBox)
    assert editor.itemText(editor.findData("preparing")) == labels.status("preparing")
    delegate.setEditorData(editor, status_index)
    assert editor.currentData() == "planned"
    editor.setCurrentIndex(editor.findData("preparing"))
    delegate.setModelData(editor, proxy, status_index)
    qtbot.waitUntil(lambda: row_value(window, "r4", "status") == "preparing", timeout=3000)

    target_index = proxy.index(row, COLUMNS.index("target"))
    spin = delegate.createEditor(window.table.viewport(), QStyleOptionViewItem(), target_index)
    assert isinstance(spin, QSpinBox)
    delegate.setEditorData(spin, target_index)
    assert spin.value() == 2020
    spin.setValue(2022)
    delegate.setModelData(spin, proxy, target_index)
    qtbot.waitUntil(lambda: row_value(window, "r4", "target") == 2022, timeout=3000)
    progress = delegate.createEditor(window.table.viewport(), QStyleOptionViewItem(),
                                     proxy.index(row, COLUMNS.index("progress")))
    assert isinstance(progress, QDoubleSpinBox)
    assert ctl.undo_stack.count() == 2


def test_conflict_names_the_road_and_keeps_the_edits(ctl, window, ws_path):
    other = Workspace.open(ws_path)
    other.apply(other.make_edit("r2", "status", "preparing"))
    other.save("someone-else")

    assert ctl.edit("r2", "status", "under_construction")
    assert not ctl.save()
    box = ctl.last_message
    assert box is not None and box.objectName() == "conflict-dialog"
    assert "r2" in box.text()
    assert ctl.ws.is_dirty and window.isWindowModified()
    assert Workspace.open(ws_path).record("r2")["status"] == "preparing"


def test_change_on_disk_is_noticed(ctl, ws_path):
    assert not ctl.check_disk()
    other = Workspace.open(ws_path)
    other.apply(other.make_edit("r5", "status", "preparing"))
    other.save("someone-else")
    assert ctl.check_disk()
    assert ctl.last_message.objectName() == "changed-on-disk-dialog"
    ctl.last_message.close()
    ctl.last_message = None
    assert ctl.reload()
    assert ctl.ws.record("r5")["status"] == "preparing"
    assert ctl.last_message is None  # nothing pending, so nothing dropped
    assert not ctl.check_disk()


def test_maybe_close_save_discard_cancel(ctl, window, ws_path):
    assert ctl.maybe_close()  # nothing pending
    ctl.edit("r2", "status", "preparing")
    ctl.ask_unsaved = lambda message: "cancel"
    assert not ctl.maybe_close() and ctl.ws.is_dirty
    ctl.ask_unsaved = lambda message: "save"
    assert ctl.maybe_close() and not ctl.ws.is_dirty
    assert Workspace.open(ws_path).record("r2")["status"] == "preparing"
    ctl.edit("r2", "status", "under_construction")
    ctl.ask_unsaved = lambda message: "discard"
    assert ctl.maybe_close() and not ctl.ws.is_dirty
    assert ctl.ws.record("r2")["status"] == "preparing"


def test_exports(ctl, tmp_path):
    ctl.edit("r2", "status", "preparing")
    assert ctl.save()
    written = ctl.export_layers(tmp_path / "out")
    assert any(p.name == "roads.geojson" for p in written)
    csv = ctl.export_history(tmp_path / "history.csv")
    assert "r2" in csv.read_text(encoding="utf-8-sig")


def test_an_edit_recolours_the_map_at_once(qtbot, ctl, window):
    calls = []
    original = window.map_view.restyle

    def spy(feature_id, props, callback=None):
        calls.append((feature_id, props))
        return original(feature_id, props, callback=lambda state: calls.append("drawn"))

    window.map_view.restyle = spy
    assert ctl.edit("r2", "status", "under_construction")
    assert calls[0][0] == "r2" and calls[0][1]["status"] == "under_construction"
    qtbot.waitUntil(lambda: "drawn" in calls, timeout=10000)
    ctl.undo_stack.undo()
    assert calls[-1] == "drawn" or calls[-1][1]["status"] == "planned"
    assert any(c != "drawn" and c[1]["status"] == "planned" for c in calls)


def test_completing_a_road_offers_the_related_fields_as_one_step(ctl, window):
    asked = []
    ctl.ask_related = lambda message: asked.append(message) or "yes"
    assert ctl.edit("r2", "status", "under_construction")
    ctl.confirm = lambda message: True
    assert ctl.edit("r2", "status", "completed")
    assert asked and "100" in asked[-1]
    assert row_value(window, "r2", "status") == "completed"
    assert float(row_value(window, "r2", "progress")) == 100
    assert row_value(window, "r2", "phase") == "underway"
    ctl.undo_stack.undo()  # one step: status and the related fields together
    assert row_value(window, "r2", "status") == "under_construction"
    assert row_value(window, "r2", "progress") in (None, 0) or float(row_value(window, "r2", "progress")) != 100


def test_saying_no_changes_the_status_only_and_cancel_nothing(ctl, window):
    ctl.ask_related = lambda message: "no"
    ctl.confirm = lambda message: True
    assert ctl.edit("r2", "status", "completed")
    assert row_value(window, "r2", "status") == "completed"
    assert row_value(window, "r2", "progress") is None or float(row_value(window, "r2", "progress")) != 100
    ctl.undo_stack.undo()
    ctl.ask_related = lambda message: "cancel"
    assert not ctl.edit("r2", "status", "completed")
    assert row_value(window, "r2", "status") == "planned"


def test_history_lists_edits_not_yet_saved(ctl):
    assert ctl.edit("r2", "status", "under_construction", note="works began")
    text = ctl.history_text("r2")
    assert "not yet saved" in text and "works began" in text
    assert ctl.save()
    assert "not yet saved" not in ctl.history_text("r2")
