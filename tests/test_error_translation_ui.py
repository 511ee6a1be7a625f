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


# ---------------------------------------------------------------- import review, exports, basemaps

def _planners_roads(tmp_path):
    """The bundled roads as a planner's GeoJSON with what the review page has to explain:
    a status no qxmap code fits, a feature without geometry, one far away (Beijing), a
    polygon in a roads layer and a near-miss of a name (a candidate)."""
    import sys
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd
    import shapely

    sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
    import make_sources as ms

    frame = ms.chinese_roads()
    frame.loc[0, "状态"] = "另议"
    geoms = list(frame.geometry)
    geoms[1] = None
    geoms[2] = shapely.LineString([(116.39, 39.90), (116.41, 39.91)])
    frame = gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geoms, crs="EPSG:4326")
    frame.loc[3, "名称"] = "S358清溪段升级改造工程"
    extra = frame.iloc[[5]].copy()
    extra["名称"] = "清溪新广场"
    extra = extra.set_geometry([shapely.box(114.15, 22.83, 114.16, 22.84)])
    frame = gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs="EPSG:4326")
    return ms.write_geojson(frame, tmp_path / "规划道路.geojson"), frame


def _next(qtbot, wizard, page):
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is page, timeout=20000)


@pytest.mark.page
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_the_import_review_page_explains_in_chinese(qtbot, zh_window, tmp_path):
    """Skip reasons, unknown values, far-away features, the layer's notes and why a record is a
    candidate: Chinese, with the data (names, values, ids, codes, geometry types) as they are."""
    from PySide6.QtCore import Qt

    path, frame = _planners_roads(tmp_path)
    wizard = zh_window.workspace.choose_import(path)
    _next(qtbot, wizard, wizard.layer_page)
    _next(qtbot, wizard, wizard.crs_page)
    notes = wizard.crs_page.notes.text()
    assert "远离其余数据" in notes and "#2" in notes, notes
    gdal = [line for line in notes.splitlines() if line.startswith("GDAL")]  # GDAL's own words: data
    assert_chinese(notes, *gdal)
    _next(qtbot, wizard, wizard.mapping_page)
    _next(qtbot, wizard, wizard.review_page)
    review = wizard.review_page
    plan = wizard.plan
    assert plan is not None and plan.counts["skipped"] >= 3, plan.counts
    names = [str(n) for n in frame["名称"]]
    data = ["roads", "status", "另议", "Polygon", "LineString", "MultiLineString", *names]

    reasons = [review.skipped.item(r, 1).text() for r in range(review.skipped.rowCount())]
    shown = "\n".join(reasons)
    for words in ("未知的 status 值“另议”", "几何为空", "几何类型 Polygon 不适用于图层 roads"):
        assert words in shown, (words, shown)
    for reason in reasons:
        assert_chinese(reason, *data)
    english = "\n".join("; ".join(r) for r in plan.features["reasons"] if r)
    assert "unknown status value '另议' (no mapping)" in english and "empty geometry" in english  # the CLI's

    warnings = review.warnings.text()
    assert "1 个要素远离其余数据" in warnings and "#2" in warnings, warnings
    assert_chinese(warnings, *data)

    assert review.candidates.rowCount() >= 1
    why = [review.candidates.item(r, 3).toolTip() for r in range(review.candidates.rowCount())]
    assert all(why), why
    for text in why:
        assert_chinese(text, *data)
    labels = [review.candidates.item(r, 1).text() for r in range(review.candidates.rowCount())]
    assert any("S358清溪段升级改造工程" in label for label in labels), labels
    assert review.summary.text() and HAN.search(review.summary.text())
    assert review.skipped.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
    wizard.close()


@pytest.mark.page
def test_an_export_that_cannot_be_written_says_so_in_chinese(qtbot, zh_window, tmp_path):
    from qxmap.exports import WriteFailed
    from qxmap.ui.exportdialog import ExportDialog

    dialog = ExportDialog(zh_window)
    qtbot.addWidget(dialog)
    dialog.set_combo(dialog.format_combo, "csv")
    target = tmp_path / "不存在的文件夹" / "道路.csv"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000) as blocker:
        assert dialog.start_export()
    result = blocker.args[0]
    assert isinstance(result, WriteFailed) and str(result) == f"{target}: the folder does not exist"
    box = dialog.last_error_dialog
    assert box is not None and box.isVisible()
    text = box.informativeText()
    assert "文件夹不存在" in text and str(target) in text, text
    assert_chinese(text, str(target))
    assert_chinese(box.text())
    box.close()

    # a template brought from elsewhere with an option qxmap does not know: refused in Chinese
    from qxmap.exports.settings import LayoutSettings

    with pytest.raises(ValueError) as bad:
        LayoutSettings.from_dict({"paper": "A0"})
    from qxmap.ui.problemtext import error_text

    assert str(bad.value) == "paper must be one of A4, A3, not 'A0'"
    assert_chinese(error_text(bad.value), "A4, A3", "'A0'")
    dialog.close()


def test_a_logo_and_export_progress_read_in_chinese(chinese, tmp_path, bundled):
    """What the export dialog says about a logo, and the progress dialog's steps."""
    import copy

    from qxmap.exports import export
    from qxmap.exports.settings import load_logo
    from qxmap.ui.problemtext import error_text, words_text

    fake = tmp_path / "标志.png"
    fake.write_text("not a picture", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_logo(fake)
    assert str(caught.value).startswith(f"logo {fake} is not an image (PNG or JPEG expected)")
    text = error_text(caught.value)
    assert "不是图像" in text, text
    assert_chinese(text, str(fake), "PNG", "JPEG", "UnidentifiedImageError")  # the last: PIL's, data
    with pytest.raises(ValueError) as missing:
        load_logo(tmp_path / "无.png")
    assert_chinese(error_text(missing.value), str(tmp_path / "无.png"))

    steps = []
    export(copy.deepcopy(bundled), None, tmp_path / "道路.xlsx", progress=lambda f, m: steps.append(words_text(m)))
    assert steps and steps[-1] == "完成", steps
    for step in steps:
        assert_chinese(step, "XLSX")


@pytest.mark.page
def test_a_basemap_without_its_key_is_refused_in_chinese(qtbot, zh_window):
    from qxmap import basemaps
    from qxmap.ui.problemtext import error_text

    controller = zh_window.basemap
    assert not controller.tianditu_key()
    assert not controller.apply("tianditu")
    box = zh_window.last_error_dialog
    assert box is not None and box.isVisible()
    text = box.text()
    assert "天地图需要您的密钥" in text, text
    assert_chinese(text, "tk")
    box.close()
    with pytest.raises(ValueError) as unknown:
        basemaps.get_basemap("nowhere")
    assert str(unknown.value).startswith("unknown basemap 'nowhere'; choose one of")
    assert_chinese(error_text(unknown.value), "'nowhere'", ", ".join(basemaps.CODES))
