"""Exports from the app: the live-map snapshot and the export dialog."""
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton

from qxmap import schema
from qxmap.exports import ExportCancelled, WriteFailed
from qxmap.filtering import RoadFilter
from qxmap.ui.exportdialog import ExportDialog, attach_export_actions
from qxmap.ui.snapshot import take_snapshot

from qtutil import ask, wait_drawn

pytestmark = pytest.mark.page


def snapshot(qtbot, w, path, scale=1) -> QImage:
    box = []
    take_snapshot(w.map_view, path, scale, done=box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=30000)
    assert box[0] == Path(path), box[0]
    image = QImage(str(path))
    assert not image.isNull()
    return image


def colours(image: QImage, step: int = 3) -> set:
    return {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}


def mapped(records):
    return {i for i, g in zip(records["id"], records.geometry) if g is not None and not g.is_empty}


def two_filters(dataset):
    """Two phase filters that put different roads on the map."""
    tracked = dataset.tracked()
    found = []
    for phase in schema.PHASES:
        f = RoadFilter.of(phases=[phase])
        ids = mapped(f.apply(tracked))
        if ids and all(ids != other for _, other in found):
            found.append((f, ids))
        if len(found) == 2:
            return found[0][0], found[1][0]
    return RoadFilter(), RoadFilter.of(text="no road is called this")


def apply(qtbot, w, road_filter):
    wait_drawn(qtbot, w.map_view, w.apply_filter(road_filter))


# ---------------------------------------------------------------- snapshot


def test_snapshot_is_the_drawn_map_and_follows_the_filter(qtbot, window, tmp_path):
    first, second = two_filters(window.dataset)
    apply(qtbot, window, first)
    a = snapshot(qtbot, window, tmp_path / "a.png")
    assert (a.width(), a.height()) == (window.map_view.width(), window.map_view.height())
    assert len(colours(a)) > 20, "snapshot looks blank"
    apply(qtbot, window, second)
    b = snapshot(qtbot, window, tmp_path / "b.png")
    assert a.size() == b.size()
    assert a != b, "two filters gave the same picture"
    assert not list(tmp_path.glob(".*part*")), "temporary files left"


def test_snapshot_2x_has_twice_the_pixels_and_keeps_the_view(qtbot, window, tmp_path):
    before = ask(qtbot, window.map_view.query_state)["view"]
    size = window.map_view.size()
    zoom = window.map_view.zoomFactor()
    one = snapshot(qtbot, window, tmp_path / "one.png", 1)
    two = snapshot(qtbot, window, tmp_path / "two.png", 2)
    assert (two.width(), two.height()) == (2 * one.width(), 2 * one.height())
    assert len(colours(two, 6)) > 20
    # The same picture, only sharper: shrunk back, it is close to the 1x one.
    small = two.scaled(one.size()).convertToFormat(QImage.Format.Format_RGB32)
    one32 = one.convertToFormat(QImage.Format.Format_RGB32)
    diff = sum(1 for x in range(0, one.width(), 4) for y in range(0, one.height(), 4)
               if _distance(small.pixelColor(x, y), one32.pixelColor(x, y)) > 60)
    total = len(range(0, one.width(), 4)) * len(range(0, one.height(), 4))
    assert diff / total < 0.05
    # Afterwards the view looks as before.
    assert window.map_view.size() == size
    assert window.map_view.zoomFactor() == zoom
    qtbot.waitUntil(lambda: _close(ask(qtbot, window.map_view.query_state)["view"], before), timeout=10000)


def _distance(c1, c2) -> int:
    return abs(c1.red() - c2.red()) + abs(c1.green() - c2.green()) + abs(c1.blue() - c2.blue())


def _close(a, b) -> bool:
    return a["zoom"] == b["zoom"] and all(abs(a[k] - b[k]) < 1e-6 for k in ("south", "west", "north", "east"))


def test_snapshot_rejects_a_bad_scale(window, tmp_path):
    with pytest.raises(ValueError):
        take_snapshot(window.map_view, tmp_path / "x.png", 4)


# ---------------------------------------------------------------- dialog


def run_export(qtbot, dialog, timeout=60000):
    with qtbot.waitSignal(dialog.export_finished, timeout=timeout) as blocker:
        assert dialog.start_export()
    return blocker.args[0]


def test_dialog_exports_pdf_and_xlsx_with_the_chosen_options(qtbot, window, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    openpyxl = pytest.importorskip("openpyxl")
    road_filter = RoadFilter.of(phases=[schema.PHASES[0]])
    apply(qtbot, window, road_filter)
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    # PDF: A3 portrait, 150 dpi, a title, the current map view.
    assert dialog.set_combo(dialog.format_combo, "pdf")
    assert dialog.set_combo(dialog.paper_combo, "A3")
    assert dialog.set_combo(dialog.orientation_combo, "portrait")
    assert dialog.set_combo(dialog.dpi_combo, 150)
    assert dialog.set_combo(dialog.extent_combo, "view")
    dialog.title_edit.setText("清溪镇道路测试图")
    out = tmp_path / "layout.pdf"
    dialog.path_edit.setText(str(out))
    opts = dialog.options()
    view = window.map_view.last_state["view"]
    assert opts["extent"] == (view["west"], view["south"], view["east"], view["north"])
    assert run_export(qtbot, dialog) == out
    reader = pypdf.PdfReader(str(out))
    box = reader.pages[0].mediabox
    w_mm, h_mm = float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72
    assert abs(w_mm - 297) < 1 and abs(h_mm - 420) < 1
    assert "清溪镇道路测试图" in reader.pages[0].extract_text()
    assert "layout.pdf" in window.statusBar().currentMessage()
    # The preview was drawn.
    qtbot.waitUntil(lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(),
                    timeout=20000)

    # XLSX: the filtered roads, the title option.
    assert dialog.set_combo(dialog.format_combo, "xlsx")
    assert not dialog.paper_combo.isEnabled() and dialog.title_edit.isEnabled()
    assert dialog.path_edit.text().endswith(".xlsx")  # the suffix follows the format
    out = tmp_path / "roads.xlsx"
    dialog.path_edit.setText(str(out))
    assert run_export(qtbot, dialog) == out
    sheet = openpyxl.load_workbook(str(out)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    expected = road_filter.apply(window.dataset.tracked())
    assert len(expected) > 0
    assert sum(1 for r in rows if r[0] in set(expected["id"])) == len(expected)

    # Remembered for next time.
    again = ExportDialog(window)
    qtbot.addWidget(again)
    assert again.fmt == "xlsx"
    assert again.paper_combo.currentData() == "A3"
    assert again.orientation_combo.currentData() == "portrait"
    assert again.dpi_combo.currentData() == 150
    assert again.extent_combo.currentData() == "view"
    assert again.title_edit.text() == "清溪镇道路测试图"


def test_cancel_leaves_no_file(qtbot, window, tmp_path):
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_combo(dialog.format_combo, "pdf")
    dialog.set_combo(dialog.dpi_combo, 600)
    out = tmp_path / "cancelled.pdf"
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000) as blocker:
        assert dialog.start_export()
        # The user presses Cancel in the progress dialog.
        dialog.progress_dialog.findChild(QPushButton).click()
    assert isinstance(blocker.args[0], ExportCancelled)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["settings.ini"]  # no temporary file either
    assert "cancel" in window.statusBar().currentMessage().lower()


def test_write_failure_is_shown(qtbot, window, tmp_path):
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_combo(dialog.format_combo, "csv")
    dialog.path_edit.setText(str(tmp_path / "missing" / "roads.csv"))
    result = run_export(qtbot, dialog)
    assert isinstance(result, WriteFailed)
    assert dialog.last_error_dialog is not None and dialog.last_error_dialog.isVisible()
    assert "missing" in dialog.last_error_dialog.informativeText()


def test_bad_options_are_refused_before_anything_runs(qtbot, window, tmp_path):
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_combo(dialog.format_combo, "pdf")
    dialog.path_edit.setText(str(tmp_path / "roads.csv"))  # suffix and format disagree
    assert not dialog.start_export()
    assert dialog.last_error_dialog is not None
    assert not (tmp_path / "roads.csv").exists()


def test_file_menu_gets_the_export_actions(window):
    actions = attach_export_actions(window)
    texts = [a.text() for a in window.file_menu.actions()]
    assert actions.export_action.text() in texts and actions.snapshot_action.text() in texts
    assert actions.export_action.shortcut().toString() == "Ctrl+E"
    # Both come before Quit.
    assert texts.index(actions.snapshot_action.text()) < len(texts) - 1
