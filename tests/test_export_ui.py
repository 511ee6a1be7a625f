"""Exports from the app: the live-map snapshot and the export dialog."""
import json
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
    assert opts["settings"].extent == (view["west"], view["south"], view["east"], view["north"])
    assert opts["settings"].paper == "A3" and opts["dpi"] == 150
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


# ---------------------------------------------------------------- layout settings, preview, templates


def dialog_for(qtbot, window) -> ExportDialog:
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait_preview(qtbot, dialog, after: int = 0):
    """Wait for a preview drawn after the *after*-th; returns the QImage."""
    qtbot.waitUntil(lambda: dialog.preview_count > after, timeout=30000)
    assert dialog.preview_error is None, dialog.preview_error
    return dialog.preview_image


def logo_file(tmp_path) -> Path:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (20, 90, 160)).save(path)
    return path


def test_the_default_extent_is_the_town(qtbot, window):
    dialog = dialog_for(qtbot, window)
    assert dialog.extent_combo.currentData() == "town"
    assert dialog.extent() == "town"
    assert dialog.options()["settings"].extent == "town"
    codes = [dialog.extent_combo.itemData(i) for i in range(dialog.extent_combo.count())]
    assert codes == ["town", "filtered", "view"]


def test_the_preview_shows_the_whole_page_and_follows_the_title(qtbot, window):
    dialog = dialog_for(qtbot, window)
    dialog.set_combo(dialog.format_combo, "pdf")
    first = wait_preview(qtbot, dialog)
    # The whole page: landscape A4 proportions, not just the map.
    assert abs(first.width() / first.height() - 2 ** 0.5) < 0.03
    count = dialog.preview_count
    dialog.title_edit.setText("二〇二五年第三季度道路建设进展")
    second = wait_preview(qtbot, dialog, count)
    assert second != first
    count = dialog.preview_count
    dialog.set_combo(dialog.orientation_combo, "portrait")
    third = wait_preview(qtbot, dialog, count)
    assert third.height() > third.width()


def test_a_template_round_trip(qtbot, window, settings, tmp_path):
    from qxmap.exports.settings import LayoutSettings

    logo = logo_file(tmp_path)
    dialog = dialog_for(qtbot, window)
    dialog.title_edit.setText("月度进展图")
    dialog.subtitle_edit.setText("报镇党委会")
    dialog.notes_edit.setPlainText("位置为示意。\n第二行说明。")
    dialog.organisation_edit.setText("清溪镇规划办")
    assert dialog.set_logo(str(logo))
    dialog.set_combo(dialog.paper_combo, "A3")
    dialog.set_combo(dialog.orientation_combo, "portrait")
    dialog.set_combo(dialog.label_size_combo, "large")
    dialog.set_combo(dialog.extent_combo, "filtered")
    assert dialog.save_template("月报")
    stored = json.loads(settings.value("export/templates"))
    expected = LayoutSettings(title="月度进展图", subtitle="报镇党委会", notes="位置为示意。\n第二行说明。",
                              organisation="清溪镇规划办", logo=str(logo), paper="A3", orientation="portrait",
                              extent="filtered", label_size="large")
    assert stored == {"月报": expected.to_dict()}

    # Another dialog, other values; choosing the template brings them back.
    other = dialog_for(qtbot, window)
    names = [other.template_combo.itemText(i) for i in range(other.template_combo.count())]
    assert "月报" in names
    other.title_edit.setText("别的标题")
    other.set_combo(other.paper_combo, "A4")
    other.set_combo(other.extent_combo, "town")
    assert other.choose_template("月报")
    assert other.layout_settings() == expected
    assert other.options()["settings"] == expected

    # A template of the current view keeps its frame.
    view = window.session.view
    other.set_combo(other.extent_combo, "view")
    assert other.save_template("这一范围")
    third = dialog_for(qtbot, window)
    assert third.choose_template("这一范围")
    assert third.extent_combo.currentData() == "frame"
    assert third.extent() == view.as_extent()

    # Delete.
    assert third.delete_template("月报")
    assert "月报" not in json.loads(settings.value("export/templates"))
    assert third.template_combo.findData("月报") < 0


def test_a_bad_stored_template_gives_a_message_and_the_defaults(qtbot, window, settings):
    settings.setValue("export/templates", json.dumps({"坏的": {"paper": "A9", "title": "x"},
                                                      "好的": {"title": "好标题", "paper": "A3"}}))
    dialog = dialog_for(qtbot, window)
    dialog.title_edit.setText("我的标题")
    assert not dialog.choose_template("坏的")
    box = dialog.last_error_dialog
    assert box is not None and box.isVisible()
    assert "坏的" in box.text() and "A9" in box.informativeText()
    assert dialog.title_edit.text() == "" and dialog.paper_combo.currentData() == "A4"  # the defaults
    assert dialog.choose_template("好的") and dialog.title_edit.text() == "好标题"
    # A store that is not JSON: a message, no templates, nothing breaks.
    settings.setValue("export/templates", "{not json")
    again = dialog_for(qtbot, window)
    assert again.template_combo.count() == 1
    assert not again.choose_template("好的")
    assert again.last_error_dialog is not None


def test_a_logo_that_is_not_an_image_is_refused_with_a_message(qtbot, window, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("this is not a picture", encoding="utf-8")
    dialog = dialog_for(qtbot, window)
    assert not dialog.set_logo(str(fake))
    box = dialog.last_error_dialog
    assert box is not None and box.isVisible() and "logo" in box.informativeText().lower()
    assert dialog.logo_edit.text() == ""
    # Typed in: a message under the fields, and the export is refused before anything is written.
    dialog.logo_edit.setText(str(fake))
    assert dialog.message.isVisible() and str(fake) in dialog.message.text()
    out = tmp_path / "with-logo.pdf"
    dialog.set_combo(dialog.format_combo, "pdf")
    dialog.path_edit.setText(str(out))
    assert not dialog.start_export()
    assert not out.exists()


def test_a_500_character_title_is_refused_with_a_message_and_nothing_written(qtbot, window, tmp_path):
    dialog = dialog_for(qtbot, window)
    dialog.set_combo(dialog.format_combo, "png")
    dialog.title_edit.setText("标" * 500)
    assert len(dialog.title_edit.text()) == 500  # not cut silently
    assert dialog.message.isVisible() and "500" in dialog.message.text() and "120" in dialog.message.text()
    out = tmp_path / "long.png"
    dialog.path_edit.setText(str(out))
    assert not dialog.start_export()
    box = dialog.last_error_dialog
    assert box is not None and "500" in box.informativeText()
    assert not out.exists() and not dialog.running
    assert not dialog.save_template("太长")
    assert "太长" not in (window.settings.value("export/templates") or "")
    # The preview says why there is none.
    qtbot.waitUntil(lambda: dialog.preview_error is not None, timeout=10000)
    assert "500" in dialog.preview_error


def test_pptx_takes_the_extent_and_the_settings(qtbot, window, tmp_path):
    pptx = pytest.importorskip("pptx")
    dialog = dialog_for(qtbot, window)
    dialog.set_combo(dialog.format_combo, "pptx")
    assert dialog.extent_combo.isEnabled() and dialog.subtitle_edit.isEnabled()
    assert not dialog.paper_combo.isEnabled()
    dialog.set_combo(dialog.extent_combo, "filtered")
    dialog.subtitle_edit.setText("向镇领导汇报")
    dialog.organisation_edit.setText("清溪镇规划办")
    options = dialog.options()
    assert options["settings"].extent == "filtered" and options["settings"].subtitle == "向镇领导汇报"
    out = tmp_path / "deck.pptx"
    dialog.path_edit.setText(str(out))
    assert run_export(qtbot, dialog, timeout=120000) == out
    first = pptx.Presentation(str(out)).slides[0]
    text = " ".join(shape.text_frame.text for shape in first.shapes if shape.has_text_frame)
    assert "向镇领导汇报" in text and "清溪镇规划办" in text


def test_an_empty_filter_previews_and_exports(qtbot, window, tmp_path):
    apply(qtbot, window, RoadFilter.of(text="no road is called this"))
    dialog = dialog_for(qtbot, window)
    dialog.set_combo(dialog.format_combo, "png")
    dialog.set_combo(dialog.dpi_combo, 150)
    wait_preview(qtbot, dialog)
    out = tmp_path / "empty.png"
    dialog.path_edit.setText(str(out))
    assert run_export(qtbot, dialog) == out
    assert out.stat().st_size > 1000
