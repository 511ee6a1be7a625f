"""The map page in QtWebEngine: layers drawn, clicks, nothing leaves the app."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from qxmap.dataset import load_dataset
from qxmap.mappage import build_page, data_script
from qxmap.ui.mapview import MapView
from qxmap.ui.webengine import app_profile

from conftest import DATA
from qtutil import ask, bundled_view

pytestmark = pytest.mark.page


@pytest.fixture
def view(qtbot, bundled):
    return bundled_view(qtbot, bundled)


def mapped_count(frame):
    return int(sum(1 for g in frame.geometry if g is not None and not g.is_empty))


def test_every_layer_is_drawn(view, bundled):
    drawn = view.last_state["drawn"]
    for name, frame in bundled.layers.items():
        assert drawn[name] == mapped_count(frame), name
    assert drawn["roads"] > 0 and drawn["exits"] > 0 and drawn["boundary"] == 1


def test_filter_and_highlight_reach_the_page(qtbot, view):
    state = ask(qtbot, view.show_tracked, ["road-s358"])
    assert state["drawn"]["roads"] == 1 and state["drawn"]["exits"] == 0
    assert ask(qtbot, view.query_visible_tracked) == ["road-s358"]
    state = ask(qtbot, view.highlight, ["road-s358"])
    assert state["highlighted"] == ["road-s358"]
    state = ask(qtbot, view.set_layer_visible, "parks", False)
    assert "parks" in state["hidden_layers"] and state["drawn"]["parks"] == 0


def test_a_click_on_a_feature_reaches_python(qtbot, view, bundled):
    exits = bundled.layers["exits"]
    target = exits[exits.geometry.notna()]["id"].iloc[0]
    ask(qtbot, view.show_tracked, [target])  # only that one under the cursor
    pixel = ask(qtbot, view.query_pixel_of, target)
    assert pixel is not None
    with qtbot.waitSignal(view.feature_clicked, timeout=10000) as blocker:
        widget = view.focusProxy() or view
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(round(pixel["x"]), round(pixel["y"])))
    assert blocker.args == ["exits", target]


def test_no_request_leaves_the_app(qtbot, view):
    urls = ask(qtbot, view.query_page_facts)["urls"]
    assert any(u.endswith("leaflet.js") for u in urls)
    assert all(url.startswith("qxmap://app/") for url in urls), urls
    guard = app_profile().guard
    assert not [u for u in guard.log if not u.startswith(("qxmap:", "data:", "blob:"))], guard.log
    assert guard.blocked == []


def test_the_guard_blocks_tiles_from_a_host_the_user_did_not_choose(qtbot, view):
    guard = app_profile().guard
    # A host the page's policy admits (a known basemap's) but the user did not choose:
    # the guard blocks it before anything is sent.
    probe = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ask(qtbot, view.set_basemap, {"url": probe})
    qtbot.waitUntil(lambda: any(u.startswith("https://tile.openstreetmap.org/") for u in guard.blocked),
                    timeout=10000)
    # Any other host is refused by the page's policy itself: it never becomes a request.
    ask(qtbot, view.set_basemap, {"url": "http://127.0.0.1:9/{z}/{x}/{y}.png"})
    qtbot.waitUntil(lambda: any("127.0.0.1:9" in v for v in ask(qtbot, view.query_page_facts)["csp_violations"]),
                    timeout=10000)
    assert not [u for u in guard.log if "127.0.0.1:9" in u]
    ask(qtbot, view.set_basemap, None)
    guard.blocked.clear()
    guard.log.clear()


def test_page_html_references_only_the_app():
    import re

    html = build_page(load_dataset(DATA / "small"))
    urls = set(re.findall(r"(?:src|href)=\"([^\"]+)\"", html))
    assert urls and all(u.startswith("qxmap://app/") for u in urls), urls
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', html).group(0)
    rest = html.replace(policy, "")  # the policy names the basemaps' hosts images may come from
    assert "http://" not in rest and "https://" not in rest.replace("https://leafletjs.com", "")


def test_text_from_the_data_cannot_become_markup(qtbot, tmp_path):
    import json
    import shutil

    folder = tmp_path / "evil"
    shutil.copytree(DATA / "small", folder)
    roads = json.loads((folder / "roads.geojson").read_text(encoding="utf-8"))
    evil = '</script><img src=x onerror="window.__pwned=1"><b>粗体</b>'
    roads["features"][0]["properties"]["name_zh"] = evil
    (folder / "roads.geojson").write_text(json.dumps(roads, ensure_ascii=False), encoding="utf-8")
    dataset = load_dataset(folder)
    assert "</script><img" not in data_script({"x": evil})
    v = MapView()
    qtbot.addWidget(v)
    v.show()
    with qtbot.waitSignal(v.ready, timeout=30000):
        v.show_dataset(dataset)
    facts = ask(qtbot, v.query_page_facts)
    assert facts["images"] == 0  # the name did not become an <img>
    assert facts["scripts"] == build_page(dataset).count("<script")  # and no script broke out of the data
    assert v.last_state["drawn"]["roads"] == 4


def test_restyle_recolours_a_road(qtbot, view):
    from qxmap.styles import status_color

    ask(qtbot, view.show_tracked, ["road-s358"])
    ask(qtbot, view.fit_town)
    before = view.grab().toImage()
    ask(qtbot, view.restyle, "road-s358", {"status": "completed"})
    qtbot.wait(300)
    after = view.grab().toImage()

    def count(image, hex_color):
        from PySide6.QtGui import QColor

        target = QColor(hex_color)
        n = 0
        for y in range(0, image.height(), 2):
            for x in range(0, image.width(), 2):
                c = image.pixelColor(x, y)
                if abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue()) < 30:
                    n += 1
        return n

    assert count(before, status_color("under_construction")) > 20
    assert count(after, status_color("completed")) > 20
    assert count(after, status_color("under_construction")) < count(before, status_color("under_construction"))


def test_many_commands_leave_python_intact(qtbot, view):
    """Commands travel over QWebChannel: a long session must not wear anything down
    (PySide6 6.12's runJavaScript drops a reference to None on every call)."""
    import gc
    import sys

    n = 3000  # the bug costs one reference a call; other objects coming and going cost far fewer
    gc.collect()
    before = sys.getrefcount(None)
    before_true = sys.getrefcount(True)
    answers = []
    for i in range(n):
        view.query_state(callback=lambda state: answers.append(state is not None))
    qtbot.waitUntil(lambda: len(answers) == n, timeout=60000)
    gc.collect()
    assert all(answers)
    assert sys.getrefcount(None) >= before - n // 3, sys.getrefcount(None) - before
    assert sys.getrefcount(True) >= before_true - n // 3, sys.getrefcount(True) - before_true
