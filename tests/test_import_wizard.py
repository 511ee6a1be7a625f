"""File > Import... in the app (issue 11): the wizard driven end to end with
pytest-qt (file, layer, CRS and encoding with a preview, fields and values,
review with fuzzy candidates confirmed, import), the import as ONE undoable
step, a reference layer drawn on the page under the tracked data with a check
in the layer panel, and File > Open listing every format."""
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from qxmap.importing import IMPORTED_ACCURACY
from qxmap.ui.importwizard import ROAD_NUMBER_ROW, SOURCE_SUFFIXES, file_filters, is_source_file
from qxmap.workspace import Workspace, create_workspace, read_history

from conftest import BUNDLED
from qtutil import ask, opened_workspace

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

pytestmark = [pytest.mark.page, pytest.mark.filterwarnings("ignore::RuntimeWarning")]


@pytest.fixture
def ws_path(tmp_path):
    return create_workspace(BUNDLED, tmp_path / "work.gpkg")


@pytest.fixture
def ctl(qtbot, bare_window, ws_path):
    with opened_workspace(qtbot, bare_window, ws_path) as c:
        yield c


@pytest.fixture
def source(tmp_path):
    """The bundled roads as a GBK Shapefile in EPSG:4547, one renamed (a fuzzy
    candidate) and one new road."""
    frame = ms.chinese_roads(crs="EPSG:4547")
    frame.loc[0, "名称"] = "S358清溪段升级改造工程"  # near-miss of road-s358
    extra = frame.iloc[[5]].copy()
    extra["名称"] = "清溪新路"
    frame = gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs=frame.crs)
    return ms.write_shapefile(frame, tmp_path / "src" / "道路.shp")


def next_page(qtbot, wizard, expected):
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is expected, timeout=20000)


def finish(qtbot, wizard):
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_wizard_end_to_end_and_undo(qtbot, ctl, source, ws_path):
    window = ctl.window
    assert ctl.import_action.isEnabled() and ctl.import_action in window.file_menu.actions()
    wizard = ctl.choose_import()
    wizard.file_page.path_edit.setText(str(source))
    next_page(qtbot, wizard, wizard.layer_page)
    assert wizard.layer_page.table.rowCount() == 1
    assert wizard.layer_page.table.item(0, 2).text() == "42"
    next_page(qtbot, wizard, wizard.crs_page)
    page = wizard.crs_page
    assert "GBK" in page.encoding.currentText()
    assert page.crs.currentData() == "EPSG:4547"
    assert not page.preview.pixmap().isNull()
    assert "in or near the town" in page.placement.text()
    # a wrong coordinate system is obvious: the data lands at sea
    page.crs.setCurrentIndex(page.crs.findData("EPSG:3857"))
    assert "outside China or at sea" in page.placement.text()
    page.crs.setCurrentIndex(page.crs.findData("EPSG:4547"))
    next_page(qtbot, wizard, wizard.mapping_page)
    mp = wizard.mapping_page
    assert mp.target.currentData() == "roads"
    mapped = {mp.fields.item(r, 0).data(0x0100): mp.fields.cellWidget(r, 1).currentData()
              for r in range(mp.fields.rowCount())}
    assert mapped["name_zh"] == "名称" and mapped["status"] == "状态"
    values = {(mp.values.item(r, 0).data(0x0100), mp.values.item(r, 1).text()): mp.values.cellWidget(r, 3).currentData()
              for r in range(mp.values.rowCount())}
    assert values[("status", "在建")] == "under_construction"
    next_page(qtbot, wizard, wizard.review_page)
    review = wizard.review_page
    assert "40 matched, 2 new" in review.summary.text()
    # the near-miss is only a candidate: confirm it
    rows = [r for r in range(review.candidates.rowCount()) if "road-s358" in review.candidates.item(r, 2).text()]
    assert rows
    review.candidates.item(rows[0], 0).setCheckState(review.candidates.item(rows[0], 0).checkState().Checked)
    assert "41 matched, 1 new" in review.summary.text()
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        finish(qtbot, wizard)
    assert wizard.change is not None

    # one undoable step
    assert ctl.undo_stack.count() == 1 and window.isWindowModified()
    assert window.model.rowCount() == len(ctl.ws.dataset.tracked())
    roads = ctl.ws.dataset.layers["roads"]
    assert len(roads) == 42 and "清溪新路" in set(roads["name_zh"])
    assert roads.set_index("id").at["road-s358", "geometry_accuracy"] == IMPORTED_ACCURACY
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        ctl.undo_stack.undo()
    assert len(ctl.ws.dataset.layers["roads"]) == 41 and not window.isWindowModified()
    assert "清溪新路" not in set(ctl.ws.dataset.layers["roads"]["name_zh"])
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        ctl.undo_stack.redo()
    assert len(ctl.ws.dataset.layers["roads"]) == 42
    assert ctl.save() and not window.isWindowModified()
    saved = Workspace.open(ws_path)
    assert len(saved.dataset.layers["roads"]) == 42
    assert saved.record("road-s358")["geometry_accuracy"] == IMPORTED_ACCURACY
    rows_saved = len(read_history(ws_path)[0])
    # after saving, undo is a new change (saved with its history)
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        ctl.undo_stack.undo()
    assert window.isWindowModified()
    assert ctl.save()
    assert len(Workspace.open(ws_path).dataset.layers["roads"]) == 41
    entries = read_history(ws_path)[0]
    assert len(entries) > rows_saved and any(e.field == "record" and e.new_value is None for e in entries)


def test_reference_layer_is_drawn_under_and_listed(qtbot, ctl, tmp_path):
    window = ctl.window
    path = ms.write_dxf(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "路网.dxf")
    wizard = ctl.choose_import(path)
    next_page(qtbot, wizard, wizard.layer_page)
    next_page(qtbot, wizard, wizard.crs_page)
    page = wizard.crs_page
    if page.crs.currentData() != "EPSG:4547":
        page.crs.setCurrentIndex(page.crs.findData("EPSG:4547"))
    next_page(qtbot, wizard, wizard.mapping_page)
    mp = wizard.mapping_page
    mp.target.setCurrentIndex(mp.target.findData("reference"))
    mp._target_chosen(mp.target.currentIndex())
    assert mp.title.isVisible()
    mp.title.setText("城市路网")
    next_page(qtbot, wizard, wizard.review_page)
    assert "41 reference" in wizard.review_page.summary.text()
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        finish(qtbot, wizard)
    (ref,) = ctl.ws.dataset.references.values()
    assert ref.title == "城市路网"
    state = ask(qtbot, window.map_view.query_state)
    assert state["drawn"][ref.layer_name] == 41
    # the layer panel has a check for it; unchecking hides it on the page
    check = window.reference_panel.checks[ref.layer_name]
    assert window.reference_panel.isVisibleTo(window) and "城市路网" in check.text()
    check.setChecked(False)
    qtbot.waitUntil(lambda: ask(qtbot, window.map_view.query_state)["drawn"][ref.layer_name] == 0, timeout=10000)
    assert ref.layer_name in window.session.hidden_layers
    check.setChecked(True)
    qtbot.waitUntil(lambda: ask(qtbot, window.map_view.query_state)["drawn"][ref.layer_name] == 41, timeout=10000)
    # the tracked layers are drawn above it
    order = ask(qtbot, window.map_view.query_state)
    assert order["drawn"]["roads"] >= 0
    assert ctl.save()
    assert list(Workspace.open(ctl.ws.path).dataset.references.values())[0].title == "城市路网"


def test_an_osm_extract_filtered_and_attached_to_the_matched_records_only(qtbot, ctl, tmp_path):
    """An OpenStreetMap extract: the lines layer chosen, the suggested filter (roads for
    motor traffic) shown ticked and changed, then imported as roads updating only the
    records it matches: their lines come from the extract, no record is added."""
    window = ctl.window
    path = ms.write_osm_xml(tmp_path / "清溪.osm")
    before = ctl.ws.dataset.layers["roads"].set_index("id")
    wizard = ctl.choose_import(path)
    next_page(qtbot, wizard, wizard.layer_page)
    layers = [wizard.layer_page.table.item(r, 0).text() for r in range(wizard.layer_page.table.rowCount())]
    assert layers == ["清溪.osm#points", "清溪.osm#lines", "清溪.osm#multipolygons"]
    wizard.layer_page.table.selectRow(1)
    next_page(qtbot, wizard, wizard.crs_page)
    assert wizard.crs_page.crs.currentData() == "EPSG:4326"
    next_page(qtbot, wizard, wizard.mapping_page)
    mp = wizard.mapping_page
    assert mp.target.currentData() == "reference" and not mp.update_only.isVisibleTo(mp)
    assert mp.keep_field.currentData() == "road_class"
    ticked = {mp.keep_values.item(i).data(0x0100): mp.keep_values.item(i).checkState() == Qt.CheckState.Checked
              for i in range(mp.keep_values.count())}
    assert ticked == {"primary": True, "secondary": True, "residential": True, "road": True, "footway": False}
    # untick the residential roads: the filter follows
    row = [i for i in range(mp.keep_values.count()) if mp.keep_values.item(i).data(0x0100) == "residential"][0]
    mp.keep_values.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert "residential" not in wizard.mapping.keep["road_class"]
    mp.keep_values.item(row).setCheckState(Qt.CheckState.Checked)
    # as tracked roads, updating the matched records only (the filter is kept)
    mp.target.setCurrentIndex(mp.target.findData("roads"))
    mp._target_chosen(mp.target.currentIndex())
    assert mp.update_only.isVisibleTo(mp) and mp.keep_field.currentData() == "road_class"
    by_row = {mp.fields.item(r, 0).data(0x0100): mp.fields.cellWidget(r, 1) for r in range(mp.fields.rowCount())}
    assert by_row[ROAD_NUMBER_ROW].currentData() == "ref" and wizard.mapping.road_number == "ref"
    assert by_row["name_zh"].currentData() == "name" and by_row["status"].currentData() is None
    mp.update_only.setChecked(True)
    assert wizard.mapping.add_new is False
    next_page(qtbot, wizard, wizard.review_page)
    assert "6 matched, 0 new" in wizard.review_page.summary.text()
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        finish(qtbot, wizard)
    after = ctl.ws.dataset.layers["roads"].set_index("id")
    assert len(after) == len(before)
    names = ms.bundled_roads()["name_zh"].iloc[:6].tolist()
    ids = before.index[before["name_zh"].isin(names)]
    assert (after.loc[ids, "geometry_accuracy"] == IMPORTED_ACCURACY).all()
    assert after.loc[ids, "status"].tolist() == before.loc[ids, "status"].tolist()
    assert ctl.undo_stack.count() == 1
    assert ctl.save()
    saved = Workspace.open(ctl.ws.path).dataset.layers["roads"].set_index("id")
    assert (saved.loc[ids, "geometry_accuracy"] == IMPORTED_ACCURACY).all() and len(saved) == len(before)


def test_unreadable_file_gets_a_message(qtbot, ctl, tmp_path):
    bad = tmp_path / "broken.shp"
    bad.write_bytes(b"garbage")
    wizard = ctl.choose_import(bad)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.last_error is not None and "broken.shp cannot be read" in wizard.last_error.text()
    assert "broken.shp" in wizard.file_page.error.text()


def test_open_lists_every_format_and_a_planners_file_opens_the_wizard(qtbot, ctl, source):
    filters = file_filters()
    for suffix in SOURCE_SUFFIXES:
        assert f"*{suffix}" in filters.split(";;")[0]
    assert is_source_file(source) and not is_source_file("roads.geojson")
    assert is_source_file("清溪.osm") and is_source_file("guangdong-latest.osm.pbf")
    assert "*.osm *.pbf" in filters
    window = ctl.window
    assert window.open_path(source)
    wizard = ctl.last_wizard
    assert wizard.isVisible() and wizard.file_page.path_edit.text() == str(source)
    assert ctl.ws is not None  # the workspace stays open


def test_import_needs_a_workspace(qtbot, bare_window):
    assert bare_window.workspace.choose_import() is None
    assert bare_window.workspace.last_message is not None


def test_the_review_lists_the_first_skipped_features_and_counts_the_rest(qtbot, ctl, tmp_path, monkeypatch):
    """Thousands of skipped features (a city's network): the review's table lists the
    first SKIPPED_ROWS, then one row says how many more there are."""
    import shapely

    from qxmap.ui import importwizard

    monkeypatch.setattr(importwizard, "SKIPPED_ROWS", 4)
    lines = [shapely.LineString([(114.15 + i * 1e-3, 22.85), (114.151 + i * 1e-3, 22.851)]) for i in range(10)]
    frame = gpd.GeoDataFrame({"名称": [f"道路{i}" for i in range(17)]}, geometry=lines + [None] * 7, crs="EPSG:4326")
    path = tmp_path / "路网.geojson"
    path.write_text(frame.to_json(ensure_ascii=False), encoding="utf-8")
    wizard = ctl.choose_import(path)
    while wizard.currentPage() is not wizard.mapping_page:
        wizard.next()
        qtbot.wait(10)
    mp = wizard.mapping_page
    mp.target.setCurrentIndex(mp.target.findData("reference"))
    mp._target_chosen(mp.target.currentIndex())
    next_page(qtbot, wizard, wizard.review_page)
    review = wizard.review_page
    assert "10 reference, 7 skipped" in review.summary.text()
    table = review.skipped
    assert table.rowCount() == 5
    assert [table.item(r, 0).text() for r in range(4)] == ["#10 '道路10'", "#11 '道路11'", "#12 '道路12'", "#13 '道路13'"]
    assert table.item(4, 0).text() == "…" and table.item(4, 1).text().startswith("3 more skipped features")
    wizard.reject()
