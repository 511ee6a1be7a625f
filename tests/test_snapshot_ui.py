"""Snapshots from the app: "as shown" without the map's controls, "for slides"
composed (16:9 or the window's shape), 1x/2x/3x, to a file or the clipboard."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest

from qxmap.filtering import RoadFilter
from qxmap.ui.snapshot import SnapshotChoice, SnapshotDialog, take_snapshot

from qtutil import ask, wait_drawn

pytestmark = pytest.mark.page

#: Where Leaflet puts its zoom buttons (CSS px from the map's top left: 10 px margin, two
#: 30 px buttons in a 2 px border) and the scale box (bottom left).
ZOOM_BOX = (12, 12, 40, 70)
SCALE_BOX = (12, -24, 60, -10)


def run(qtbot, window, path, scale=1, **kw):
    """Take a snapshot through the window's export actions; (result, job)."""
    box = []
    job = window.export_actions.snapshot(path, scale, done=box.append, **kw)
    qtbot.waitUntil(lambda: bool(box), timeout=60000)
    return box[0], job


def near_white(image: QImage, region, scale=1) -> int:
    """Pixels of *region* (CSS px; negative y from the bottom) that are white or nearly."""
    x0, y0, x1, y1 = region
    if y0 < 0:
        y0, y1 = image.height() // scale + y0, image.height() // scale + y1
    n = 0
    for x in range(x0 * scale, x1 * scale):
        for y in range(y0 * scale, y1 * scale):
            c = image.pixelColor(x, y)
            if min(c.red(), c.green(), c.blue()) >= 245:
                n += 1
    return n


def dark(image: QImage, x0, y0, x1, y1, step=2) -> int:
    return sum(1 for x in range(x0, x1, step) for y in range(y0, y1, step)
               if max(image.pixelColor(x, y).red(), image.pixelColor(x, y).green(),
                      image.pixelColor(x, y).blue()) < 90)


def apply(qtbot, window, road_filter):
    wait_drawn(qtbot, window.map_view, window.apply_filter(road_filter))


# ---------------------------------------------------------------- as shown


@pytest.mark.parametrize("scale", [1, 2])
def test_as_shown_has_no_map_controls(qtbot, window, tmp_path, scale):
    view = window.map_view
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["capture"]["visible_controls"] >= 2, timeout=10000)
    live = view.grab().toImage()
    # On screen the zoom buttons and the scale box are there: white boxes.
    assert near_white(live, ZOOM_BOX) > 200 and near_white(live, SCALE_BOX) > 100
    result, job = run(qtbot, window, tmp_path / "shown.png", scale)
    assert result == tmp_path / "shown.png"
    image = QImage(str(result))
    assert (image.width(), image.height()) == (view.width() * scale, view.height() * scale)
    # At capture time the page said: capture mode on, no control visible ...
    assert job.capture_state == {"on": True, "visible_controls": 0, "credit": False}
    # ... and the picture has no control's white box where they sit.
    assert near_white(image, ZOOM_BOX, scale) == 0
    assert near_white(image, SCALE_BOX, scale) == 0
    # Afterwards the controls are back.
    state = ask(qtbot, view.query_state)
    assert state["capture"]["on"] is False and state["capture"]["visible_controls"] >= 2
    assert job.metres_per_px is not None and 1 < job.metres_per_px < 200


def test_as_shown_keeps_the_labels(qtbot, window, tmp_path):
    view = window.map_view
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["labels"]["count"] > 0, timeout=10000)
    with_labels = QImage(str(run(qtbot, window, tmp_path / "a.png")[0]))
    window.layer_panel.labels_check.setChecked(False)
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["labels"]["count"] == 0, timeout=10000)
    without = QImage(str(run(qtbot, window, tmp_path / "b.png")[0]))
    assert with_labels != without


# ---------------------------------------------------------------- for slides


def test_for_slides_is_16_9_with_title_legend_and_the_map(qtbot, window, tmp_path):
    view = window.map_view
    result, job = run(qtbot, window, tmp_path / "slide.png", 1, mode="slides", aspect="16:9",
                      title="清溪镇道路示意图")
    image = QImage(str(result))
    assert abs(image.width() / image.height() - 16 / 9) < 0.01
    # The map is in it at its own size (never resampled): the picture is larger than the map.
    assert image.width() > view.width() and image.height() > view.height()
    # The title band above the map holds text (dark pixels), the far right the legend.
    map_h = view.height()
    band = (image.height() - map_h) // 2
    assert band > 40
    assert dark(image, 0, 0, image.width(), band) > 150
    # No control in the map part either.
    assert job.capture_state == {"on": True, "visible_controls": 0, "credit": False}
    assert job.composition.scene.title == "清溪镇道路示意图"
    assert job.metres_per_px is not None
    # The labels were drawn larger for the slide, and are back to their size on screen.
    assert view.label_state[1]["sizes"]["road"] == 13
    labels = ask(qtbot, view.query_labels)
    assert labels and {lb["font_px"] for lb in labels} <= {12, 13}
    assert not list(tmp_path.glob(".*part*"))


def test_for_slides_in_the_window_shape_and_at_2x(qtbot, window, tmp_path):
    view = window.map_view
    one, _ = run(qtbot, window, tmp_path / "one.png", 1, mode="slides", aspect="map")
    two, _ = run(qtbot, window, tmp_path / "two.png", 2, mode="slides", aspect="map")
    one, two = QImage(str(one)), QImage(str(two))
    assert (one.width(), one.height()) == (view.width(), view.height())
    assert (two.width(), two.height()) == (2 * view.width(), 2 * view.height())
    # The title box in the top left: dark text on white.
    assert dark(one, 10, 10, 300, 80) > 50


def test_the_notice_for_an_empty_filter_and_for_only_unlocated_records(qtbot, window, tmp_path):
    located, job = run(qtbot, window, tmp_path / "all.png", 1, mode="slides")
    assert job.composition.scene.n_located > 0
    apply(qtbot, window, RoadFilter.of(text="no road is called this"))
    empty, job = run(qtbot, window, tmp_path / "empty.png", 1, mode="slides")
    scene = job.composition.scene
    assert scene.n_records == 0 and scene.unlocated_notice() in ("没有符合筛选条件的记录", "No records match the filter")
    apply(qtbot, window, RoadFilter.of(phases=["start_this_year"]))
    unlocated, job = run(qtbot, window, tmp_path / "unlocated.png", 1, mode="slides")
    scene = job.composition.scene
    assert scene.all_unlocated and str(scene.n_unlocated) in scene.unlocated_notice()
    images = [QImage(str(p)) for p in (located, empty, unlocated)]
    assert images[0] != images[1] and images[0] != images[2] and images[1] != images[2]
    # The notice (a box in the warning colour at the top of the map) is in both.
    def warn(image):
        return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height() // 3, 2)
                   if (lambda c: c.red() > 130 and c.green() < 80 and c.blue() < 40)(image.pixelColor(x, y)))
    assert warn(images[1]) > 20 and warn(images[2]) > 20


def test_a_title_too_long_is_refused_with_a_message_and_nothing_written(qtbot, window, tmp_path):
    out = tmp_path / "long.png"
    result, _ = run(qtbot, window, out, 1, mode="slides", title="长" * 500)
    assert isinstance(result, ValueError) and "500" in str(result)
    assert not out.exists()
    box = window.last_error_dialog
    assert box is not None and box.isVisible() and "500" in box.informativeText()
    # In the dialog: a message under the fields, and the dialog stays open.
    dialog = SnapshotDialog(SnapshotChoice(mode="slides", title="长" * 500), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.action is None
    assert dialog.message.isVisible() and "500" in dialog.message.text()


# ---------------------------------------------------------------- clipboard


def test_copy_to_the_clipboard_as_shown_and_for_slides(qtbot, window, settings):
    view = window.map_view
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    result, _ = run(qtbot, window, None, 2, clipboard=True)
    assert isinstance(result, QImage)
    image = clipboard.image()
    assert (image.width(), image.height()) == (2 * view.width(), 2 * view.height())
    assert "clipboard" in window.statusBar().currentMessage().lower() or "剪贴板" in window.statusBar().currentMessage()
    # Ctrl+Shift+C copies as the last snapshot was chosen: here for slides, 16:9, 1x.
    SnapshotChoice(mode="slides", aspect="16:9", scale=1).save(settings)
    clipboard.clear()
    action = window.export_actions.copy_snapshot_action
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # Qt keeps the modifiers of the last key event as the keyboard's state: let go of them, or the
    # next test's table selection would act as a Ctrl+Shift click.
    QTest.keyRelease(window, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: window.export_actions.snapshot_job is None and not clipboard.image().isNull(),
                    timeout=60000)
    image = clipboard.image()
    assert abs(image.width() / image.height() - 16 / 9) < 0.01 and image.width() > view.width()


def test_a_snapshot_needs_a_file_or_the_clipboard(window):
    with pytest.raises(ValueError):
        take_snapshot(window.map_view, None, 1)


def test_the_choice_is_remembered_and_bad_settings_fall_back(settings):
    SnapshotChoice("slides", "map", 3, "标题").save(settings)
    assert SnapshotChoice.from_settings(settings) == SnapshotChoice("slides", "map", 3, "标题")
    for key, value in (("mode", "sideways"), ("aspect", "4:3"), ("scale", "eleven")):
        settings.setValue(f"export/snapshot_{key}", value)
    assert SnapshotChoice.from_settings(settings) == SnapshotChoice("shown", "16:9", 2, "标题")


def test_file_menu_has_the_snapshot_actions(window):
    texts = [a.text() for a in window.file_menu.actions()]
    actions = window.export_actions
    assert actions.snapshot_action.text() in texts and actions.copy_snapshot_action.text() in texts


def test_a_slide_over_a_basemap_credits_the_basemap(qtbot, window):
    """The picture leaves the page's attribution out: with OpenStreetMap under the
    roads, the slide's source line credits it (the tiles' licence asks for it);
    without a basemap the source line is the data's alone."""
    plain = window.export_actions.composition().scene.source
    assert "OpenStreetMap" not in plain
    assert window.basemap.apply("osm")  # no network here: the tiles fail, the credit stays
    try:
        credited = window.export_actions.composition().scene.source
        assert credited.startswith(plain)
        assert ("；底图：" in credited or "; basemap: " in credited) and "OpenStreetMap" in credited
    finally:
        window.basemap.apply("none")
    assert window.export_actions.composition().scene.source == plain


def test_as_shown_over_a_basemap_keeps_its_credit_and_slides_name_it(qtbot, window, tmp_path):
    from qxmap.ui.webengine import app_profile

    assert window.basemap.apply("osm")
    app_profile().guard.allow_hosts(())  # no tile request leaves the machine: the credit shows all the same
    try:
        qtbot.waitUntil(lambda: "OpenStreetMap" in (ask(qtbot, window.map_view.query_page_facts)
                                                    .get("attribution") or ""), timeout=10000)
        _, shown = run(qtbot, window, tmp_path / "shown.png")
        assert shown.capture_state == {"on": True, "visible_controls": 0, "credit": True}
        _, slide = run(qtbot, window, tmp_path / "slide.png", mode="slides")
        assert slide.capture_state == {"on": True, "visible_controls": 0, "credit": False}
        assert "OpenStreetMap" in slide.composition.scene.source
    finally:
        window.basemap.apply("none")
    _, plain = run(qtbot, window, tmp_path / "plain.png")
    assert plain.capture_state == {"on": True, "visible_controls": 0, "credit": False}
