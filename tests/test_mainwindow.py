"""The main window: one filter drives table, summary and map; two-way selection; bad data."""
import pytest
from PySide6.QtWidgets import QMessageBox
from PySide6.QtGui import QTextDocumentFragment

from qxmap import schema
from qxmap.dataset import load_dataset
from qxmap.filtering import RoadFilter, summarize
from qxmap.synthetic import write_synthetic
from qxmap.ui.mainwindow import MainWindow
from qxmap.ui.roadmodel import FEATURE_ID_ROLE

from conftest import DATA
from qtutil import ask, wait_drawn

pytestmark = pytest.mark.page


def table_ids(w):
    model = w.proxy
    return [model.data(model.index(r, 0), FEATURE_ID_ROLE) for r in range(model.rowCount())]


def page_ids(qtbot, w):
    return ask(qtbot, w.map_view.query_visible_tracked)


def mapped_ids(records):
    return {i for i, g in zip(records["id"], records.geometry) if g is not None and not g.is_empty}


def check_filter(qtbot, w, road_filter):
    seq = w.apply_filter(road_filter)
    wait_drawn(qtbot, w.map_view, seq)
    expected = road_filter.apply(w.dataset.tracked())
    assert set(table_ids(w)) == set(expected["id"])
    assert set(page_ids(qtbot, w)) == mapped_ids(expected)
    s = summarize(expected)
    text = w.summary_label.text()
    assert f"{s.count}" in text
    shown = summarize(w.proxy.accepted_records())
    assert shown == s
    assert w.filter_words.text() == road_filter.describe(
        "zh" if w.filter_words.text() == road_filter.describe("zh") else "en")


@pytest.mark.parametrize("phase", schema.PHASES)
def test_each_phase_filters_table_summary_and_map_alike(qtbot, window, phase):
    check_filter(qtbot, window, RoadFilter.of(phases=[phase]))


def test_mixed_filter_and_clear(qtbot, window):
    check_filter(qtbot, window, RoadFilter.of(phases=["underway", "start_this_year"],
                                              statuses=["under_construction"], categories=["town", "expressway"]))
    check_filter(qtbot, window, RoadFilter.of(text="S358"))
    window.filter_panel.clear()
    assert window.road_filter.is_empty
    assert len(table_ids(window)) == len(window.dataset.tracked())


def test_filter_buttons_drive_everything(qtbot, window):
    window.filter_panel.button("phases", "underway").setChecked(True)
    assert window.road_filter == RoadFilter.of(phases=["underway"])
    qtbot.waitUntil(lambda: set(page_ids(qtbot, window)) == mapped_ids(
        window.road_filter.apply(window.dataset.tracked())), timeout=10000)


def test_a_long_filter_does_not_resize_the_map(qtbot, window):
    """The filter in words is cut to fit (whole in its tooltip): a resize would redraw the map from scratch."""
    qtbot.wait(200)
    size = window.map_view.size()
    long_filter = RoadFilter.of(phases=list(schema.PHASES), statuses=list(schema.STATUSES),
                                categories=list(schema.CATEGORIES), text="清溪" * 30)
    window.apply_filter(long_filter)
    qtbot.wait(200)
    assert window.map_view.size() == size
    assert window.filter_words.text() == window.filter_in_words()
    assert QTextDocumentFragment.fromHtml(window.filter_words.toolTip()).toPlainText() == window.filter_words.text()


def test_filter_is_remembered(qtbot, settings, bundled_path, window):
    window.apply_filter(RoadFilter.of(phases=["by_2018"], statuses=["planned"]))
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.road_filter == RoadFilter.of(phases=["by_2018"], statuses=["planned"])


def test_row_selection_highlights_on_the_map(qtbot, window):
    row = window.model.row_of("road-s358")
    proxy_row = window.proxy.index_of_record(row).row()
    window.table.selectRow(proxy_row)
    qtbot.waitUntil(lambda: window.map_view.last_state.get("highlighted") == ["road-s358"], timeout=10000)
    state = ask(qtbot, window.map_view.query_state)
    assert state["highlighted"] == ["road-s358"]
    assert "S358" in window.details.toPlainText()
    assert "升级改造" in window.details.toPlainText()  # the report's words


def test_multi_selection_highlights_all(qtbot, window):
    ids = ["road-s358", "road-conguan-xiekeng-dongshen"]
    for feature_id in ids:
        index = window.proxy.index_of_record(window.model.row_of(feature_id))
        window.table.selectionModel().select(
            index, window.table.selectionModel().SelectionFlag.Select | window.table.selectionModel().SelectionFlag.Rows)
    qtbot.waitUntil(lambda: sorted(window.map_view.last_state.get("highlighted", [])) == sorted(ids), timeout=10000)


def test_unmapped_row_says_so(qtbot, window):
    row = window.model.row_of("road-town-01") or next(
        i for i in range(window.model.rowCount()) if not window.model.record(i)["_mapped"])
    window.table.selectRow(window.proxy.index_of_record(row).row())
    assert "not" in window.statusBar().currentMessage().lower() or "未" in window.statusBar().currentMessage()


def test_feature_click_selects_its_row(qtbot, window):
    window.map_view.feature_clicked.emit("roads", "road-s358")
    ids = [window.proxy.data(i, FEATURE_ID_ROLE) for i in window.table.selectionModel().selectedRows()]
    assert ids == ["road-s358"]
    qtbot.waitUntil(lambda: window.map_view.last_state.get("highlighted") == ["road-s358"], timeout=10000)


def test_click_on_a_park_shows_its_details(qtbot, window):
    park = window.dataset.layers["parks"]
    park_id = park[park.geometry.notna()]["id"].iloc[0]
    window.map_view.feature_clicked.emit("parks", park_id)
    assert park[park["id"] == park_id]["name_zh"].iloc[0] in window.details.toPlainText()


def test_layer_toggle_hides_the_layer_in_the_page(qtbot, window):
    window.layer_panel.checks["parks"].setChecked(False)
    qtbot.waitUntil(lambda: "parks" in window.map_view.last_state.get("hidden_layers", []), timeout=10000)
    state = ask(qtbot, window.map_view.query_state)
    assert state["drawn"]["parks"] == 0 and "parks" in state["hidden_layers"]
    window.layer_panel.checks["parks"].setChecked(True)
    state = ask(qtbot, window.map_view.query_state)
    assert state["drawn"]["parks"] > 0


BAD_CASES = sorted(p.name for p in (DATA / "bad").iterdir() if p.is_dir())


def test_every_bad_dataset_gives_an_error_and_keeps_the_data(qtbot, window):
    before = window.dataset
    rows = window.proxy.rowCount()
    for case in BAD_CASES:
        assert not window.open_path(DATA / "bad" / case)
        dialog = window.last_error_dialog
        assert isinstance(dialog, QMessageBox) and dialog.isVisible(), case
        assert dialog.informativeText(), case
        dialog.close()
        assert window.dataset is before
        assert window.proxy.rowCount() == rows
    assert window.map_view.is_ready


def test_open_another_dataset(qtbot, window, tmp_path):
    path = write_synthetic(tmp_path / "syn", 120)
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        assert window.open_path(path)
    assert window.proxy.rowCount() == len(load_dataset(path).tracked())


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080), (1280, 720)])
def test_the_first_window_fits_the_screen_and_gives_the_map_room(screen):
    from qxmap.ui.mainwindow import first_window_size

    width, height, road, layers = first_window_size(*screen)
    assert width <= screen[0] and height <= screen[1]
    assert (width - road - layers) / width >= 0.55


def test_a_remembered_size_larger_than_the_screen_is_cut_to_it(qtbot, bare_window):
    from PySide6.QtCore import QRect

    bare_window.resize(1900, 1200)
    bare_window.move(500, 400)
    bare_window.fit_into(QRect(0, 0, 1366, 768))
    frame = bare_window.frameGeometry()
    assert frame.width() <= 1366 and frame.height() <= 768
    assert frame.left() >= 0 and frame.top() >= 0
    assert frame.right() <= 1365 and frame.bottom() <= 767


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)])
def test_the_window_fits_a_laptop_screen(tmp_path, screen):
    """A real window on a screen of that size (a child process): all on screen, the map >= 55 % wide;
    started again with the size it remembered, it still fits."""
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT, offscreen_screen

    env = dict(os.environ, QT_QPA_PLATFORM=offscreen_screen(*screen))
    ini = tmp_path / "settings.ini"
    for _ in range(2):
        run = subprocess.run([sys.executable, str(ROOT / "tests" / "helpers" / "window_geometry.py"), str(ini)],
                             capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr[-2000:]
        facts = json.loads(run.stdout.strip().splitlines()[-1])
        sx, sy, sw, sh = facts["screen"]
        fx, fy, fw, fh = facts["frame"]
        assert fx >= sx and fy >= sy and fx + fw <= sx + sw and fy + fh <= sy + sh, facts
        assert facts["map_width"] / facts["window_width"] >= 0.55, facts
        assert facts["status_bottom"] < facts["window_height"] and facts["details_bottom"] < facts["window_height"]


def test_repairs_made_while_loading_are_shown(qtbot, bare_window, tmp_path):
    import json
    import shutil

    from conftest import BUNDLED

    folder = tmp_path / "data"
    shutil.copytree(BUNDLED, folder)
    path = folder / "roads.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name_zh"] = "清溪\x07大道\x1b[31m"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(bare_window.map_view.ready, timeout=30000):
        assert bare_window.open_path(folder)
    box = bare_window.last_notes_dialog
    assert box is not None and box.isVisible()
    assert "name_zh" in box.informativeText() and "roads" in box.informativeText()
    assert "\x07" not in bare_window.session.records["name_zh"].iloc[0]


def test_tools_sit_before_help(bare_window):
    titles = [a.text().replace("&", "") for a in bare_window.menuBar().actions()]
    assert titles.index("Tools") < titles.index("Help"), titles


def test_a_click_on_the_map_selects_without_zooming(qtbot, window):
    road = first_mapped_road(window)
    before = ask(qtbot, window.map_view.query_state)["view"]
    window.session.select([road], origin="map")
    state = ask(qtbot, window.map_view.query_state)
    assert state["highlighted"] == [road] and state["view"] == before
    assert selected_ids_of(window) == [road]


def test_a_selected_row_is_shown_with_its_surroundings(qtbot, window):
    road = first_mapped_road(window)
    window.session.select([road], origin="table")
    qtbot.waitUntil(lambda: ask(qtbot, window.map_view.query_state)["view"]["zoom"] <= 15, timeout=5000)
    qtbot.wait(500)
    assert ask(qtbot, window.map_view.query_state)["view"]["zoom"] <= 15


def test_details_clear_when_a_search_hides_the_selected_road(qtbot, window):
    road = next(iter(window.session.records["id"]))
    window.select_feature(road)
    assert window.details.current_id == road
    window.apply_filter(RoadFilter.of(text="no road is called this"))
    assert window.details.current_id is None and window.session.selection == ()


def selected_ids_of(w):
    from qxmap.ui.roadmodel import selected_ids

    return selected_ids(w.table)


def first_mapped_road(w):
    for row in range(w.model.rowCount()):
        record = w.model.record(row)
        if record["_mapped"] and str(record["id"]).startswith("road"):
            return record["id"]
    raise AssertionError("no mapped road")


def test_english_ui_shows_english_names_and_columns_fit(qtbot, settings, bundled_path):
    from PySide6.QtCore import QLocale

    from qxmap.ui.mainwindow import MainWindow
    from qxmap.ui.roadmodel import COLUMNS

    QLocale.setDefault(QLocale(QLocale.Language.English))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.map_view.ready, timeout=30000):
        assert w.open_path(bundled_path)
    row = next(r for r in range(w.model.rowCount()) if w.model.record(r).get("name_en"))
    record = w.model.record(row)
    assert w.model.data(w.model.index(row, 0)) == record["name_en"]
    fm = w.table.fontMetrics()
    for column in ("category", "phase", "status"):
        c = COLUMNS.index(column)
        widest = max(fm.horizontalAdvance(str(w.model.data(w.model.index(r, c)) or ""))
                     for r in range(min(50, w.model.rowCount())))
        assert w.table.columnWidth(c) >= widest, column


def test_filter_groups_fold_under_a_header_with_their_count(qtbot, settings, window):
    from PySide6.QtCore import Qt

    panel = window.filter_panel
    header = panel.header("statuses")
    chip = panel.button("statuses", "planned")
    assert panel.is_group_open("statuses") and chip.isVisible()  # a tall screen: open
    assert header.arrowType() == Qt.ArrowType.DownArrow
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.button("statuses", "completed"), Qt.MouseButton.LeftButton)
    assert window.road_filter == RoadFilter.of(statuses=["planned", "completed"])
    assert header.text() == "Status (2 of 5)" and chip.text().startswith("✓")
    table_height = window.table.height()
    qtbot.mouseClick(header, Qt.MouseButton.LeftButton)  # fold: the chips go, the table grows
    assert not chip.isVisible() and header.arrowType() == Qt.ArrowType.RightArrow
    assert header.text() == "Status (2 of 5)" and "✓ " + chip.property("label") in header.toolTip()
    qtbot.waitUntil(lambda: window.table.height() > table_height)
    assert window.road_filter == RoadFilter.of(statuses=["planned", "completed"])  # folding keeps the filter
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert not again.filter_panel.is_group_open("statuses") and again.filter_panel.is_group_open("phases")


def test_filter_groups_start_folded_on_a_short_screen(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from qxmap.ui.panels import FilterPanel

    for height, expected in ((768, False), (1080, True)):
        panel = FilterPanel()
        qtbot.addWidget(panel)
        settings = QSettings(str(tmp_path / f"{height}.ini"), QSettings.Format.IniFormat)
        panel.remember_groups(settings, height)
        assert [panel.is_group_open(k) for k in panel.GROUPS] == [expected] * 3, height
    panel.set_group_open("categories", False)  # remembered over the screen's default
    again = FilterPanel()
    qtbot.addWidget(again)
    again.remember_groups(settings, 1080)
    assert [again.is_group_open(k) for k in again.GROUPS] == [True, True, False]


def test_a_laptop_screen_in_chinese_shows_ten_rows_beside_a_wide_map(tmp_path):
    """1366 x 768 in Chinese, the bundled data open (scripts/screenshots.py in a child process):
    the road table shows at least 10 whole rows and the map keeps at least 55 % of the width."""
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT, offscreen_screen

    env = dict(os.environ, QT_QPA_PLATFORM=offscreen_screen(1366, 768))
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--shot",
                          str(tmp_path / "shot.png"), "zh_CN", str(tmp_path / "settings.ini")],
                         capture_output=True, text=True, env=env, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    facts = json.loads(run.stdout.strip().splitlines()[-1])
    assert facts["table_rows"] >= 10, facts
    assert facts["map_share"] >= 0.55, facts
    assert facts["groups_open"] == [False, False, False], facts
    assert (tmp_path / "shot.png").stat().st_size > 10_000


def test_the_layer_list_fits_a_narrow_dock_without_scrolling_sideways(qtbot, window):
    """A laptop gives the layers dock about 180 px: long layer names are cut with an
    ellipsis (whole in the tooltip), the legend's note wraps, and nothing needs the
    horizontal scrollbar."""
    panel = window.layer_panel
    assert panel.minimumSizeHint().width() <= 180
    check = panel.checks["facilities"]
    full = check.text()
    check.resize(60, check.height())
    assert check.elided_text().endswith("…") and check.elided_text() != full
    assert check.text() == full and full in check.toolTip()
    check.resize(1000, check.height())
    assert check.elided_text() == full


def test_a_big_workspace_file_is_read_after_the_window_is_built(tmp_path, bundled_path, monkeypatch):
    """_big: a file over READ_AFTER_WINDOW_BYTES (a city's network) is read once the window
    is built; a small one, a folder of layers or a path that is not there, beside it."""
    import qxmap.ui.app as app_module
    from qxmap.workspace import create_workspace

    path = create_workspace(bundled_path, tmp_path / "w.gpkg")
    assert not app_module._big(path) and not app_module._big(bundled_path) and not app_module._big(tmp_path / "none")
    monkeypatch.setattr(app_module, "READ_AFTER_WINDOW_BYTES", path.stat().st_size - 1)
    assert app_module._big(path)


def test_a_start_reads_ahead_and_shows_what_was_read(qtbot, window, tmp_path, bundled_path):
    """The app's start reads the data while it builds the window: what the window then
    opens is that read, a failed read is an error dialog as usual, and a file of
    another kind is not read ahead."""
    from qxmap.ui.app import _read_ahead
    from qxmap.workspace import create_workspace

    assert _read_ahead(tmp_path / "roads.shp") is None
    ahead = _read_ahead(bundled_path)
    assert window.open_path(bundled_path, read_ahead=ahead)
    assert ahead.done() and window.dataset is ahead.result()
    before = window.dataset
    broken = _read_ahead(DATA / "bad" / BAD_CASES[0])
    assert not window.open_path(DATA / "bad" / BAD_CASES[0], read_ahead=broken)
    dialog = window.last_error_dialog
    assert isinstance(dialog, QMessageBox) and dialog.informativeText()
    dialog.close()
    assert window.dataset is before
    ws_ahead = _read_ahead(create_workspace(bundled_path, tmp_path / "w.gpkg"))
    window.workspace.ask_unsaved = lambda message: "discard"
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        assert window.workspace.open_workspace(tmp_path / "w.gpkg", read_ahead=ws_ahead)
    assert window.workspace.ws is ws_ahead.result()
    window.workspace._disk_timer.stop()
    window.workspace._autosave_timer.stop()
