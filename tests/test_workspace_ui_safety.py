"""The app's workspace under pressure: saves while another process writes, a file
replaced under it, and data from the file shown as plain text in every box."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from qxmap.workspace import Workspace, create_workspace
from test_workspace_concurrency import collect, initial_state, judge, start_workers

from conftest import DATA

pytestmark = [pytest.mark.page, pytest.mark.timeout(180)]

CYCLE = ("planned", "preparing", "under_construction", "completed", "on_hold")
TAGGED_NAME = '<img src="/tmp/x.png"><b>x</b>'
TAGGED_NOTE = "<b>bold</b> & <i>italic</i>"


@pytest.fixture
def ws_path(tmp_path):
    return create_workspace(DATA / "small", tmp_path / "work.gpkg")


@pytest.fixture
def window(bare_window):
    return bare_window


def open_ctl(qtbot, window, path):
    c = window.workspace
    c.ask_unsaved = lambda message: "discard"
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        assert c.open_workspace(path)
    return c


@pytest.fixture
def ctl(qtbot, window, ws_path):
    c = open_ctl(qtbot, window, ws_path)
    c.confirm = lambda message: pytest.fail(f"unexpected confirmation: {message}")
    yield c
    c._disk_timer.stop()
    c._autosave_timer.stop()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def notes_in_file(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {n for (n,) in conn.execute("SELECT note FROM road_status_history")}
    finally:
        conn.close()


# --------------------------------------------------------------------------
# Saving from the app while the command line writes


def test_app_saves_while_a_cli_process_writes(qtbot, ctl, window, ws_path):
    initial, generation0 = initial_state(ws_path)
    ctl.confirm = lambda message: True  # the cycle has steps backwards
    # two command-line processes, so that a save of the app always has someone waiting for the lock
    procs = start_workers([("cli", "c1", 30, ["r4"]), ("cli", "c2", 30, ["r5"])], ws_path)
    results = []
    offset = CYCLE.index(initial["r2"]) + 1
    try:
        for i in range(40):
            tag = f"app-{i}"
            new = CYCLE[(i + offset) % len(CYCLE)]
            record = {"tag": tag, "roads": ["r2"], "new": {"r2": new}, "rc": 0, "out": "", "err": ""}
            if not ctl.edit("r2", "status", new, note=tag):
                results.append({**record, "ok": True, "changed": False})
                continue
            ok = ctl.save()
            results.append({**record, "ok": ok, "changed": ok})
            if not ok:  # refused: nothing of it in the file, and the edit forgotten
                assert tag not in notes_in_file(ws_path)
                assert ctl.maybe_close()
            qtbot.wait(1)
    finally:
        results.extend(collect(procs))
    counts = judge(ws_path, initial, generation0, results)
    print(json.dumps(counts))
    app_saved = sum(1 for r in results if r["tag"].startswith("app-") and r["ok"] and r["changed"])
    assert app_saved >= 30 and counts["saved"] >= 90
    # The app saw the other process's changes as changes on disk, and reloads to them.
    assert ctl.ws.changed_on_disk()
    assert ctl.reload()
    assert not ctl.ws.changed_on_disk()
    assert ctl.ws.record("r4")["status"] == Workspace.open(ws_path).record("r4")["status"]


# --------------------------------------------------------------------------
# A workspace replaced under the app


def test_app_refuses_to_save_into_a_replaced_workspace(qtbot, ctl, window, ws_path, tmp_path):
    other = create_workspace(DATA / "small", tmp_path / "other.gpkg")
    assert ctl.edit("r2", "status", "preparing")
    assert not ctl.check_disk()
    shutil.copyfile(other, ws_path)
    before = digest(ws_path)
    assert ctl.check_disk()
    assert ctl.last_message.objectName() == "changed-on-disk-dialog"
    ctl.last_message.close()
    ctl.last_message = None
    assert not ctl.save()
    box = ctl.last_message
    assert box is not None and box.objectName() == "workspace-warning"
    assert "no longer the workspace" in box.informativeText()
    assert digest(ws_path) == before
    assert ctl.ws.is_dirty and window.isWindowModified()
    box.close()
    ctl.last_message = None
    assert ctl.reload()  # shows the file that is there now; the edit was for the other workspace
    assert not ctl.ws.is_dirty
    assert ctl.last_message is not None and "1 edit(s) were dropped" in ctl.last_message.text()
    assert digest(ws_path) == before


# --------------------------------------------------------------------------
# Data from the file shown as plain text


@pytest.fixture
def tagged_ws(tmp_path):
    """A workspace whose road r3 (completed) has a name and a saved note full of markup."""
    source = tmp_path / "src"
    shutil.copytree(DATA / "small", source)
    roads = json.loads((source / "roads.geojson").read_text(encoding="utf-8"))
    for feature in roads["features"]:
        if feature["properties"]["id"] == "r3":
            feature["properties"]["name_zh"] = TAGGED_NAME
    (source / "roads.geojson").write_text(json.dumps(roads, ensure_ascii=False), encoding="utf-8")
    path = create_workspace(source, tmp_path / "<u>w.gpkg")
    ws = Workspace.open(path)
    ws.apply(ws.make_edit("r3", "note", TAGGED_NOTE, note=TAGGED_NOTE))
    ws.save("<i>someone</i>")
    return path


def answer_modal(button: QMessageBox.StandardButton, seen: list) -> None:
    """When a modal QMessageBox shows (within 10 s), note its labels (format, text), then press *button*."""
    tries = [500]

    def look():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, look)
            return
        seen.append([(label.objectName(), label.textFormat(), label.text()) for label in box.findChildren(QLabel)
                     if label.text()])
        box.button(button).click()
    QTimer.singleShot(0, look)


def literal(labels: list, text: str) -> bool:
    """Does a label show *text* as plain text?"""
    return any(fmt == Qt.TextFormat.PlainText and text in shown for _, fmt, shown in labels)


def no_rich_text(labels: list) -> bool:
    return all(fmt == Qt.TextFormat.PlainText or not QtGui.Qt.mightBeRichText(shown) for _, fmt, shown in labels)


def test_step_backwards_dialog_shows_the_name_as_plain_text(qtbot, window, tagged_ws):
    c = open_ctl(qtbot, window, tagged_ws)
    assert c.confirm == c._confirm_dialog  # the real dialog
    seen = []
    answer_modal(QMessageBox.StandardButton.No, seen)
    assert not c.edit("r3", "status", "planned")
    assert seen, "no confirmation asked"
    assert literal(seen[0], TAGGED_NAME) and no_rich_text(seen[0])
    assert c.ws.record("r3")["status"] == "completed"

    answer_modal(QMessageBox.StandardButton.Yes, seen)
    assert c.edit("r3", "status", "planned")
    assert c.ws.record("r3")["status"] == "planned"


def test_unsaved_changes_dialog_shows_the_file_name_as_plain_text(qtbot, window, tagged_ws):
    c = open_ctl(qtbot, window, tagged_ws)
    assert c.edit("r2", "status", "preparing")
    seen = []
    answer_modal(QMessageBox.StandardButton.Cancel, seen)
    c.ask_unsaved = c._unsaved_dialog
    try:
        assert not c.maybe_close() and c.ws.is_dirty
    finally:
        c.ask_unsaved = lambda message: "discard"  # closing the window must not ask
    assert literal(seen[0], "<u>w.gpkg") and no_rich_text(seen[0])


def test_history_and_warnings_show_names_and_notes_as_plain_text(qtbot, window, tagged_ws):
    c = open_ctl(qtbot, window, tagged_ws)
    row = window.proxy.index_of_record(window.model.row_of("r3")).row()
    window.table.selectRow(row)
    c.show_history_of_selection()
    box = c.last_message
    labels = [(label.objectName(), label.textFormat(), label.text()) for label in box.findChildren(QLabel)
              if label.text()]
    assert literal(labels, TAGGED_NAME) and literal(labels, TAGGED_NOTE) and literal(labels, "<i>someone</i>")
    assert no_rich_text(labels)
    box.close()
    c.last_message = None

    assert not c.edit("r3", "progress", 150)  # refused: the name in the title, the reason below
    labels = [(label.objectName(), label.textFormat(), label.text()) for label in c.last_message.findChildren(QLabel)
              if label.text()]
    assert literal(labels, TAGGED_NAME) and no_rich_text(labels)


def test_recent_workspace_tooltip_shows_the_path_literally(qtbot, window, tagged_ws):
    c = open_ctl(qtbot, window, tagged_ws)
    c._fill_recent_menu()
    action = c.recent_menu.actions()[0]
    tip = action.toolTip()
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    assert doc.toPlainText().strip() == str(tagged_ws)
