"""Planning drawings on the map (issue 12 §3), with real mouse events on the page.

A world-filed PNG is placed at once where its world file says (the corners the
page draws, compared with where the page draws those WGS-84 places); a drawing
without one is pinned with image clicks and map clicks (residuals and RMS shown,
fewer than 3 points refused), placed, traced over ("traced"), saved, and reopened
in place by a new window; a damaged image is refused with its name, and the app
keeps running.
"""
from __future__ import annotations


import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from qxmap.georef import CRSRef, Transform, write_prj, write_world_file
from qxmap.workspace import Workspace, load_overlays

from qtutil import ask, make_room, opened_workspace
from test_draw_ui import click, draw_line, fit, move, select, stable_size

pytestmark = pytest.mark.page

BOX = (22.815, 114.13, 22.855, 114.19)
ROAD = "road-expy-02"  # not yet mapped
GK = CRSRef.from_epsg(4547)  # CGCS2000 / 3-degree Gauss-Kruger CM 114E


@pytest.fixture
def window(qtbot, bare_window, ws_path):
    with opened_workspace(qtbot, bare_window, ws_path):
        make_room(qtbot, bare_window, 800, 600)
        stable_size(qtbot, bare_window)
        fit(qtbot, bare_window, BOX)
        yield bare_window


def plan_png(path, w=400, h=300):
    img = Image.new("RGB", (w, h), (246, 240, 222))
    d = ImageDraw.Draw(img)
    d.line([(20, h // 2), (w - 20, h // 3)], fill=(200, 40, 40), width=5)
    d.line([(w // 2, 10), (w // 2, h - 10)], fill=(60, 60, 60), width=4)
    img.save(path)
    return path


def overlay_state(qtbot, window):
    return ask(qtbot, window.map_view.query_overlay_state)


def pixel_of(qtbot, window, lon, lat):
    p = ask(qtbot, window.map_view.query_pixel_of_latlng, lat, lon)
    return p["x"], p["y"]


def wait_loaded(qtbot, window, n):
    qtbot.waitUntil(lambda: (lambda s: len(s["overlays"]) == n and all(o["loaded"] for o in s["overlays"]))(
        overlay_state(qtbot, window)), timeout=10000)
    return overlay_state(qtbot, window)


def assert_drawn_at(qtbot, window, drawn, transform, width, height, tol=1.5):
    for name, (lon, lat) in transform.corners(width, height).items():
        x, y = pixel_of(qtbot, window, lon, lat)
        assert abs(drawn["corners"][name]["x"] - x) <= tol and abs(drawn["corners"][name]["y"] - y) <= tol, name


def test_a_world_filed_drawing_is_placed_at_once_and_a_bad_one_refused(qtbot, window, tmp_path):
    manager = window.overlays
    assert manager.add_action.isEnabled() and window.overlay_panel.isVisible()
    png = plan_png(tmp_path / "规划.png")
    # 400 x 300 px, 10 m a pixel, top-left corner near the middle of town, north up
    x0, y0 = GK.from_wgs84(114.145, 22.850)
    truth = Transform((10.0, 0.0, float(x0), 0.0, -10.0, float(y0)), GK)
    write_world_file(png.with_suffix(".pgw"), truth)
    write_prj(png.with_suffix(".prj"), GK)
    item = manager.add_file(png)
    assert item is not None and item.overlay.kind == "file" and manager.dialog is None
    fit(qtbot, window, BOX)
    state = wait_loaded(qtbot, window, 1)
    drawn = state["overlays"][0]
    assert drawn["visible"] and drawn["on_map"] and drawn["natural"] == [400, 300]
    assert state["pane_z"] == "250"  # above the basemap, under the features
    facts = ask(qtbot, window.map_view.query_page_facts)
    assert facts["csp_violations"] == [] and not any("overlay" in line for line in window.map_view.console)
    assert_drawn_at(qtbot, window, drawn, truth, 400, 300)
    # the image's own box in the page is where its corners are (a north-up drawing)
    rect, c = drawn["rect"], drawn["corners"]
    assert abs(rect["left"] - c["top_left"]["x"]) <= 1.5 and abs(rect["bottom"] - c["bottom_left"]["y"]) <= 1.5
    # on the AMap basemap (GCJ-02) it is shifted with everything else
    from qxmap import basemaps
    from qxmap.ui.webengine import app_profile

    app_profile().guard.allow_hosts(())  # no tile request leaves the machine; the shift applies all the same
    assert ask(qtbot, window.map_view.set_basemap, basemaps.page_spec("amap"))["shifted"] is True
    fit(qtbot, window, BOX)
    assert_drawn_at(qtbot, window, overlay_state(qtbot, window)["overlays"][0], truth, 400, 300)
    ask(qtbot, window.map_view.set_basemap, None)
    fit(qtbot, window, BOX)
    assert_drawn_at(qtbot, window, overlay_state(qtbot, window)["overlays"][0], truth, 400, 300)
    # stored in the workspace (image and transform), and what is drawn now is traced
    good, bad = load_overlays(window.workspace.ws.path)
    assert bad == [] and [g.overlay.name for g in good] == ["规划"] and good[0].overlay.file_transform == truth
    assert window.draw_tool.tracing and not window.workspace.ws.changed_on_disk()
    # opacity and visibility from the layer panel
    row = window.overlay_panel.rows[item.page_key]
    row["slider"].setValue(30)
    qtbot.waitUntil(lambda: overlay_state(qtbot, window)["overlays"][0]["shown_opacity"] == pytest.approx(0.3),
                    timeout=5000)
    row["check"].setChecked(False)
    qtbot.waitUntil(lambda: not overlay_state(qtbot, window)["overlays"][0]["on_map"], timeout=5000)
    assert not window.draw_tool.tracing
    manager.flush()
    stored = load_overlays(window.workspace.ws.path)[0][0].overlay
    assert stored.opacity == pytest.approx(0.3) and stored.visible is False

    # a damaged file: refused with its name and the reason, nothing added, the app goes on
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    assert manager.add_file(broken) is None
    box = manager.last_message
    assert box is not None and "broken.png" in box.text() + box.informativeText()
    assert "broken.png" in box.informativeText() and "image" in box.informativeText()
    box.close()
    assert len(manager.items) == 1 and len(load_overlays(window.workspace.ws.path)[0]) == 1
    assert ask(qtbot, window.map_view.query_state)["size"]["x"] > 0


def test_pin_trace_save_and_reopen(qtbot, window, tmp_path, settings):
    manager = window.overlays
    png = plan_png(tmp_path / "plan.png", 600, 450)
    # the truth: 8 m a pixel, turned 15 degrees, around the middle of the box
    import math

    cx, cy = GK.from_wgs84(114.16, 22.835)
    s, a = 8.0, math.radians(15)
    ca, sa = s * math.cos(a), s * math.sin(a)
    truth = Transform((ca, sa, float(cx) - ca * 300 - sa * 225, sa, -ca, float(cy) - sa * 300 + ca * 225), GK)
    item = manager.add_file(png)
    dialog = manager.dialog
    assert item is not None and dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: window.map_view.active_tool == "overlay-pin", timeout=10000)
    view = dialog.image_view
    view.fit_all()
    qtbot.wait(50)

    def pin(ix, iy):
        spot = view.mapFromScene(ix, iy)  # (the PNG is the full-size image here)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
        shown = view.mapToScene(spot)  # where the click landed on the drawing
        assert dialog.pending is not None
        lon, lat = truth.forward(shown.x(), shown.y())
        x, y = pixel_of(qtbot, window, lon, lat)
        n = len(dialog.overlay.control_points)
        move(window, x, y)
        click(window, x, y)
        qtbot.waitUntil(lambda: len(dialog.overlay.control_points) == n + 1, timeout=5000)

    pin(60, 50)
    pin(540, 80)
    assert "at least 3" in dialog.message.text() and not dialog.place_button.isEnabled()
    pin(500, 400)
    pin(90, 380)
    # residuals per point and the RMS, in metres, shown
    table = dialog.table
    assert table.rowCount() == 4
    residuals = [float(table.item(r, 5).text()) for r in range(4)]
    assert all(0 <= v < 15 for v in residuals) and dialog.result.rms_m < 10
    assert "RMS" in dialog.rms_label.text() and f"{dialog.result.rms_m:.2f}" in dialog.rms_label.text()
    assert dialog.place_button.isEnabled()
    # the preview is on the map, and the numbered markers
    state = overlay_state(qtbot, window)
    assert [o["key"] for o in state["overlays"]] == ["georef-preview"] and len(state["markers"]) == 4
    # a point left out stays as a check: its residual still shown
    table.item(1, 6).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.result.n_used == 3 and table.item(1, 5).text() != ""
    table.item(1, 6).setCheckState(Qt.CheckState.Checked)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("similarity"))
    assert dialog.result.kind == "similarity" and dialog.place_button.isEnabled()
    dialog.place_button.click()
    qtbot.waitUntil(lambda: manager.dialog is None, timeout=5000)
    state = wait_loaded(qtbot, window, 1)
    assert state["markers"] == [] and window.map_view.active_tool is None
    drawn = state["overlays"][0]
    assert drawn["key"] == item.page_key and drawn["pins"] == 4
    assert_drawn_at(qtbot, window, drawn, truth, 600, 450, tol=4)  # where the truth puts it, within the clicks
    assert window.draw_tool.tracing

    # a road traced over it: "traced"
    tool = window.draw_tool
    tool.confirm = lambda message: pytest.fail(message)
    tool.edit_mode_action.trigger()
    qtbot.waitUntil(lambda: window.map_view.active_tool == "draw", timeout=10000)
    stable_size(qtbot, window)
    fit(qtbot, window, BOX)
    select(qtbot, window, ROAD)
    tool.set_snap(False)
    tool.set_mode("line")
    a1 = pixel_of(qtbot, window, *truth.forward(60, 225))
    a2 = pixel_of(qtbot, window, *truth.forward(540, 200))
    draw_line(qtbot, window, [a1, a2])
    ws = window.workspace.ws
    qtbot.waitUntil(lambda: ws.geometry_of(ROAD) is not None, timeout=5000)
    assert ws.accuracy_of(ROAD) == "traced"
    assert window.workspace.save()

    # reopened in a new window: the drawing is there, in place; the road is traced
    from qxmap.ui.mainwindow import MainWindow

    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.show()
    with qtbot.waitSignal(other.map_view.ready, timeout=30000):
        assert other.workspace.open_workspace(ws.path)
    try:
        make_room(qtbot, other, 800, 600)
        stable_size(qtbot, other)
        fit(qtbot, other, BOX)
        again = wait_loaded(qtbot, other, 1)["overlays"][0]
        back = other.overlays.items[0]
        assert back.overlay.name == "plan" and back.overlay.kind == "similarity" and len(back.overlay.control_points) == 4
        assert_drawn_at(qtbot, other, again, back.overlay.transform(), 600, 450)
        assert_drawn_at(qtbot, other, again, truth, 600, 450, tol=4)
        assert other.draw_tool.tracing
        assert Workspace.open(ws.path).accuracy_of(ROAD) == "traced"
    finally:
        other.workspace._disk_timer.stop()


def test_a_page_of_a_pdf_is_chosen_and_opened_for_pinning(qtbot, window, tmp_path):
    """A plan often comes as a PDF of several sheets: the planner picks the page,
    it is rendered (off the GUI thread) and opens in the pinning dialog."""
    import io

    sheets = [Image.new("RGB", (300, 200), colour) for colour in ((220, 40, 40), (40, 60, 220))]
    pdf = tmp_path / "规划图册.pdf"
    sheets[0].save(pdf, save_all=True, append_images=sheets[1:], resolution=72)
    manager = window.overlays
    asked = []
    manager.ask_page = lambda path, count: asked.append((path.name, count)) or 1
    item = manager.add_file(pdf)
    assert asked == [("规划图册.pdf", 2)]
    assert item is not None and item.overlay.page == 1 and item.overlay.name == "规划图册 p2"
    dialog = manager.dialog
    assert dialog is not None and dialog.isVisible()
    # the second sheet, rendered at the drawing dpi: 300 x 200 pt -> wider than 300 px, blue
    assert item.image.width > 300 and item.image.height > 200
    picture = Image.open(io.BytesIO(item.image.png)).convert("RGB")
    r, g, b = picture.getpixel((picture.width // 2, picture.height // 2))
    assert b > 150 and r < 100
    dialog.reject()
    # the planner changes their mind on the page question: nothing is added
    manager.ask_page = lambda path, count: None
    assert manager.add_file(pdf) is None and manager.dialog is None


def test_pinning_again_hides_the_old_placement_until_the_dialog_ends(qtbot, window, tmp_path):
    manager = window.overlays
    png = plan_png(tmp_path / "placed.png")
    x0, y0 = GK.from_wgs84(114.145, 22.850)
    write_world_file(png.with_suffix(".pgw"), Transform((10.0, 0.0, float(x0), 0.0, -10.0, float(y0)), GK))
    write_prj(png.with_suffix(".prj"), GK)
    item = manager.add_file(png)
    assert wait_loaded(qtbot, window, 1)["overlays"][0]["on_map"]
    dialog = manager.open_dialog(item)
    # beside the map, over the panel on its left: the map stays in view for the clicks
    map_left = window.map_view.mapToGlobal(QPoint(0, 0)).x()
    assert dialog.geometry().right() <= map_left + 60 and dialog.isVisible()
    qtbot.waitUntil(lambda: not next(o for o in overlay_state(qtbot, window)["overlays"]
                                     if o["key"] == item.page_key)["on_map"], timeout=5000)
    dialog.reject()
    qtbot.waitUntil(lambda: next(o for o in overlay_state(qtbot, window)["overlays"]
                                 if o["key"] == item.page_key)["on_map"], timeout=5000)
    assert manager.dialog is None and window.draw_tool.tracing
