"""The core's errors in the Chinese UI ("Chinese first"): what the georeferencing
dialog says about too few points, what the import wizard says about a file it
cannot read, what the app says about a save conflict or a refused value, and
what the drawing tool says about a geometry the rules refuse, is Chinese; the
data in it (file names, ids, values, codes) stays as it is, and no English word
of qxmap's own is left."""
from __future__ import annotations

import re

import pytest
from PIL import Image

from qxmap import geometry_edits as rules
from qxmap.workspace import Workspace, create_workspace

from conftest import DATA
from qtutil import opened_workspace
from test_problem_translation import chinese, english_words  # noqa: F401 - chinese is a fixture

HAN = re.compile("[\u4e00-\u9fff]")


def english_left(text: str, *data: str) -> set[str]:
    """qxmap's own English words in *text*: every English word but those of the data."""
    allowed = set().union(*(english_words(d) for d in data)) if data else set()
    return english_words(text) - allowed


def assert_chinese(text: str, *data: str) -> None:
    assert HAN.search(text), text
    left = english_left(text, *data)
    assert not left, (left, text)


# ---------------------------------------------------------------- without a window

def test_a_refused_geometry_reads_in_chinese(chinese):
    from qxmap.ui.problemtext import error_text

    bowtie = rules.geometry_from_points("polygon", [(114.15, 22.83), (114.16, 22.84), (114.16, 22.83),
                                              (114.15, 22.84)])
    with pytest.raises(rules.GeometryProblem) as crossing:
        rules.check_geometry("zones", bowtie)
    assert str(crossing.value).startswith("the polygon crosses itself (")  # the English is as it was
    text = error_text(crossing.value)
    assert "自相交" in text and "crosses" not in text
    reason = re.search(r"\((.*)\)", str(crossing.value)).group(1)  # GEOS's own words: data
    assert_chinese(text, reason)
    with pytest.raises(rules.GeometryProblem) as one_vertex:
        rules.geometry_from_points("line", [(114.15, 22.83)])
    assert error_text(one_vertex.value) == "线至少需要两个不同的节点"


def test_a_fit_refusal_and_a_fit_message_read_in_chinese(chinese):
    from qxmap.georef import ControlPoint, GeorefError, fit
    from qxmap.ui.problemtext import error_text, words_text

    with pytest.raises(GeorefError) as few:
        fit([ControlPoint(0, 0, 114.15, 22.83), ControlPoint(100, 0, 114.16, 22.83)])
    assert str(few.value).startswith("2 control points in use: an affine fit needs at least 3")
    assert error_text(few.value).startswith("正在使用 2 个控制点：仿射拟合至少需要 3 个")
    assert_chinese(error_text(few.value))
    result = fit([ControlPoint(0, 0, 114.15, 22.83), ControlPoint(100, 0, 114.16, 22.83),
                  ControlPoint(0, 100, 114.15, 22.82)])
    assert result.message.startswith("affine fit, RMS 0.00 m over 3 points")
    assert_chinese(words_text(result.message), "RMS")


# ---------------------------------------------------------------- in the window

@pytest.fixture
def zh_window(chinese, qtbot, bare_window, ws_path):
    """The main window in Chinese with a workspace open (the translator is installed
    before the window is made: `chinese` comes first)."""
    with opened_workspace(qtbot, bare_window, ws_path):
        yield bare_window


@pytest.mark.page
def test_the_georeferencing_dialog_refuses_two_points_in_chinese(qtbot, zh_window, tmp_path):
    png = tmp_path / "规划.png"
    Image.new("RGB", (400, 300), (246, 240, 222)).save(png)
    manager = zh_window.overlays
    item = manager.add_file(png)
    dialog = manager.dialog
    assert item is not None and dialog is not None and dialog.isVisible()
    for x, y, lon, lat in ((20, 20, 114.14, 22.85), (380, 40, 114.18, 22.85)):
        dialog.pending = (x * dialog.image.display_width / dialog.image.width,
                          y * dialog.image.display_height / dialog.image.height)
        dialog._on_image_click(*dialog.pending)
        assert dialog.pin(lon, lat)
    assert len(dialog.overlay.control_points) == 2
    assert dialog.result is None and not dialog.place_button.isEnabled()
    shown = dialog.message.text()
    assert "正在使用 2 个控制点" in shown and "至少需要 3 个" in shown, shown
    assert_chinese(shown)
    # the same two points as a similarity fit: refused too, in Chinese
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("similarity"))
    assert "相似拟合至少需要 3 个" in dialog.message.text(), dialog.message.text()
    assert_chinese(dialog.message.text())
    dialog.close()


@pytest.mark.page
def test_the_import_wizard_says_why_a_file_cannot_be_read_in_chinese(qtbot, zh_window, tmp_path):
    ctl = zh_window.workspace
    empty = tmp_path / "调查表.csv"
    empty.write_bytes(b"")
    wizard = ctl.choose_import(empty)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    box = wizard.last_error
    assert box is not None
    assert "调查表.csv" in box.text() and "调查表.csv" in box.informativeText()
    assert "空文件" in box.informativeText(), box.informativeText()
    assert_chinese(box.informativeText(), "调查表.csv")
    assert_chinese(wizard.file_page.error.text(), "调查表.csv")
    box.close()

    old = tmp_path / "道路台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    assert wizard.inspect(str(old)) is False
    text = wizard.last_error.informativeText()
    assert "旧版 Excel 格式" in text and "可读取的格式" in text, text
    formats = re.search(r"可读取的格式：(.*)$", text).group(1)  # suffixes: technical names
    assert_chinese(text, "道路台账.xls", formats, "xlsx", "Excel")  # a product name
    wizard.last_error.close()
    wizard.close()


@pytest.mark.page
def test_a_save_conflict_and_a_refused_value_read_in_chinese(qtbot, zh_window):
    ctl = zh_window.workspace
    ws_path = ctl.ws.path
    road = "road-s358"
    other = Workspace.open(ws_path)
    other.apply(other.make_edit(road, "progress", 12))
    other.save("someone-else")
    assert ctl.edit(road, "progress", 34)
    assert not ctl.save()
    box = ctl.last_message
    assert box is not None and box.objectName() == "conflict-dialog"
    name = ctl.ws.name_of(road) or ""
    details = box.detailedText()
    assert "未保存" in details and "被他人修改" in details and road in details, details
    assert_chinese(details, ws_path.name, road, name)
    box.close()

    assert not ctl.edit(road, "status", "demolished")
    text = ctl.last_message.informativeText()
    assert "未知的" in text and "应为以下之一" in text, text
    from qxmap import schema

    assert_chinese(text, "status", "demolished", *schema.STATUSES)
    ctl.last_message.close()
    assert not ctl.edit(road, "progress", 150)
    assert "超出范围" in ctl.last_message.informativeText()
    assert_chinese(ctl.last_message.informativeText())
    ctl.last_message.close()


def test_a_workspace_refusal_reads_in_chinese_without_a_window(chinese, tmp_path):
    """A file that is not a workspace, a save into a read-only file: the messages the app
    shows (error_text) are Chinese, the command line's (str) still English."""
    from qxmap.ui.problemtext import error_text
    from qxmap.workspace import WorkspaceError

    bogus = tmp_path / "not-a-workspace.gpkg"
    bogus.write_bytes(b"hello")
    with pytest.raises(WorkspaceError) as caught:
        Workspace.open(bogus)
    assert str(caught.value) == f"{bogus}: is not a GeoPackage (not an SQLite database file)"
    assert error_text(caught.value) == f"{bogus}：不是 GeoPackage（不是 SQLite 数据库文件）"
    path = create_workspace(DATA / "small", tmp_path / "w.gpkg")
    ws = Workspace.open(path)
    with pytest.raises(WorkspaceError) as refused:
        ws.apply(ws.make_edit("nonexistent-road", "status", "planned"))
    assert_chinese(error_text(refused.value), "nonexistent-road")
