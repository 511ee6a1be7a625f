"""Data is never code on the map page: template syntax, markup and scripts in a
dataset or a tile package reach the page as text; the page's
Content-Security-Policy refuses inline handlers and remote scripts; the view
never navigates away; the bridge survives malformed messages and deleteLater."""
import json
import shutil

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QTextDocumentFragment

from qxmap import basemaps, schema
from qxmap.dataset import load_dataset
from qxmap.mappage import build_page, content_security_policy
from qxmap.ui.mapview import MapView
from qxmap.ui.roadmodel import COLUMNS
from qxmap.ui.webengine import app_profile

from conftest import BUNDLED
from qtutil import ask

MARKER_NAME = "qxmap-template-ran"


def payload(tmp_path) -> str:
    """Template syntax that would print 49 and run a shell command if compiled."""
    marker = tmp_path / MARKER_NAME
    return ("{{7*7}} {% if true %}yes{% endif %} "
            "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }} {{ unbalanced")


def text_fields(layer: str) -> list[str]:
    return [f.name for f in schema.LAYERS[layer].fields if f.kind == "text"]


CASES = [(layer, field) for layer in schema.LAYER_ORDER for field in text_fields(layer)]


def poisoned_copy(tmp_path, layer: str, field: str, text: str) -> tuple:
    """The bundled data with *text* in *field* of the first feature of *layer*;
    returns (folder, feature id)."""
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED, folder)
    path = folder / f"{layer}.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    feature = next((f for f in doc["features"] if f.get("geometry")), doc["features"][0])
    props = feature["properties"]
    value = text + "-1" if field == "id" else text
    if field == "road":
        value = text  # a free-text reference to a road
    props[field] = value
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder, props["id"]


@pytest.mark.parametrize("layer,field", CASES)
def test_template_syntax_in_every_text_field_stays_literal(tmp_path, layer, field):
    text = payload(tmp_path)
    folder, feature_id = poisoned_copy(tmp_path, layer, field, text)
    dataset = load_dataset(folder)
    found = dataset.find(feature_id)
    assert found is not None
    assert found[1][field].startswith(text)
    html = build_page(dataset)
    assert not (tmp_path / MARKER_NAME).exists()
    block = html.split('id="qxmap-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    if field in ("id", "name_zh", "name_en"):  # the properties the page carries
        props = [f["properties"] for f in data["layers"][layer] if f["properties"]["id"] == feature_id]
        assert props and props[0][field].startswith(text)
    assert "{{7*7}}" not in html.replace(block, "")  # nowhere outside the inert data block
    assert "<script" not in block and "</" not in block


def test_the_page_policy_forbids_inline_handlers_and_remote_scripts(bundled):
    html = build_page(bundled)
    head = html.split("</head>", 1)[0]
    meta = head.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    directives = dict(d.strip().split(" ", 1) if " " in d.strip() else (d.strip(), "") for d in meta.split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in meta and "'unsafe-eval'" not in meta
    assert "http" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    # the policy comes before every script, and the charset within the first 1024 bytes
    assert head.index("Content-Security-Policy") < head.index("<script")
    assert html.index('<meta charset="utf-8">') < 1024
    assert content_security_policy(html) == meta


def test_an_attribution_from_a_tile_package_is_plain_text():
    hostile = '<img src=x onerror="bridge.deleteLater()">© <a href="https://example.com/">Local</a> &amp; <b>co</b>'
    assert basemaps.plain_attribution(hostile) == "© Local & co"
    assert basemaps.plain_attribution(["not", "text"]) == ""
    assert len(basemaps.plain_attribution("x" * 5000)) == basemaps.ATTRIBUTION_MAX

    class Source:
        def describe(self):
            return {"attribution": hostile, "maxzoom": 14}

    spec = basemaps.page_spec("local", local_source=Source())
    assert spec["attribution"] == "© Local & co"


# ------------------------------------------------------------------ in the page


def run_js(qtbot, view, script):
    """Run script in the page as an attacker's code would (tests only)."""
    box = []
    view.page().runJavaScript(script, 0, lambda value: box.append(value))
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    return box[0]


@pytest.fixture
def page_view(qtbot):
    v = MapView()
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    return v


def load(qtbot, view, dataset):
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.show_dataset(dataset)


@pytest.mark.page
def test_template_text_opens_as_text_on_the_map(qtbot, page_view, tmp_path):
    text = payload(tmp_path)
    folder, road_id = poisoned_copy(tmp_path, "roads", "name_zh", text)
    load(qtbot, page_view, load_dataset(folder))
    assert page_view.last_state["drawn"]["roads"] > 0
    props = ask(qtbot, page_view.query_props_of, road_id)
    assert props["name_zh"] == text
    facts = ask(qtbot, page_view.query_page_facts)
    assert facts["csp_violations"] == []  # the app's own page breaks none of its rules
    assert not (tmp_path / MARKER_NAME).exists()
    assert not [c for c in page_view.console if "Content Security Policy" in c], page_view.console


@pytest.mark.page
def test_markup_in_an_attribution_shows_as_text(qtbot, page_view, bundled):
    load(qtbot, page_view, bundled)
    hostile = '<img src="qxmap://app/none.png" onerror="window.pwned=1"><a href="https://example.com/">x</a>'
    ask(qtbot, page_view.set_basemap, {"url": "qxmap://app/tiles/{z}/{x}/{y}", "attribution": hostile})
    facts = ask(qtbot, page_view.query_page_facts)
    assert facts["attribution"] == hostile  # shown literally
    assert facts["attribution_elements"] == 0
    assert run_js(qtbot, page_view, "String(window.pwned)") == "undefined"


@pytest.mark.page
def test_the_policy_refuses_inline_handlers_and_remote_scripts(qtbot, page_view, bundled):
    load(qtbot, page_view, bundled)
    run_js(qtbot, page_view, """
        var i = document.createElement("img");
        i.setAttribute("onerror", "window.pwned = 1");
        i.src = "qxmap://app/missing.png";
        document.body.appendChild(i);
        var s = document.createElement("script");
        s.src = "https://example.com/evil.js";
        document.head.appendChild(s);
        var a = document.createElement("a"); a.href = "javascript:window.pwned2=1"; document.body.appendChild(a); a.click();
        1;
    """)
    qtbot.waitUntil(lambda: len(ask(qtbot, page_view.query_page_facts)["csp_violations"]) >= 2, timeout=10000)
    facts = ask(qtbot, page_view.query_page_facts)
    assert any(v.startswith("script-src") for v in facts["csp_violations"]), facts
    assert run_js(qtbot, page_view, "String(window.pwned) + String(window.pwned2)") == "undefinedundefined"
    assert not [u for u in app_profile().guard.log if "example.com" in u]


@pytest.mark.page
def test_the_view_never_navigates_away(qtbot, page_view, bundled):
    load(qtbot, page_view, bundled)
    home = page_view.url()
    run_js(qtbot, page_view, "location.href = 'qxmap://app/page/qxmap-page.css'; 1")
    run_js(qtbot, page_view, "window.open('qxmap://app/page/qxmap-page.css'); 1")
    qtbot.waitUntil(lambda: len(page_view.page().refused_navigations) >= 2, timeout=10000)
    assert page_view.url() == home
    state = ask(qtbot, page_view.query_state)
    assert state["drawn"]["roads"] > 0  # the map still answers


@pytest.mark.page
def test_the_bridge_survives_delete_later_and_malformed_messages(qtbot, page_view, bundled):
    load(qtbot, page_view, bundled)
    bridge = page_view.bridge
    bridge.deleteLater()
    QCoreApplication.sendPostedEvents(bridge, int(QEvent.Type.DeferredDelete.value))
    QCoreApplication.processEvents()
    assert "deleteLater" in bridge.rejected[-1]
    clicked = []
    page_view.feature_clicked.connect(lambda *a: clicked.append(a))
    bridge.ready("{not json")
    bridge.ready("[1, 2]")
    bridge.viewChanged('{"south": "x"}')
    bridge.viewChanged("[" * 100000 + "]" * 100000)
    bridge.measured("distance", '[["a", 1]]')
    bridge.measured("<b>", "[]")
    bridge.cursorMoved(float("nan"), 1.0)
    page_view._on_reply(10**6, "{broken")
    assert len(bridge.rejected) >= 8
    assert clicked == []
    state = ask(qtbot, page_view.query_state)
    assert state["drawn"]["roads"] > 0


# ------------------------------------------------------------------ Qt rich text

@pytest.mark.page
def test_names_in_the_table_tooltip_are_plain_text(qtbot, bare_window, tmp_path):
    name = '<img src="/tmp/x.png"><b>bold</b>'
    for field in ("name_en", "name_zh"):  # whichever language the tooltip shows
        folder, road_id = poisoned_copy(tmp_path / field, "roads", field, name)
        with qtbot.waitSignal(bare_window.map_view.ready, timeout=30000):
            assert bare_window.open_path(folder)
        model = bare_window.model
        row = model.row_of(road_id)
        record = model.record(row)
        tip = model.data(model.index(row, COLUMNS.index("name")), Qt.ItemDataRole.ToolTipRole)
        fragment = QTextDocumentFragment.fromHtml(tip)
        assert fragment.toPlainText() in (record["name_zh"], record.get("name_en"))
        assert "<img" not in fragment.toHtml()
        shown = model.data(model.index(row, COLUMNS.index("name")))
        assert fragment.toPlainText() == name or shown == name


def test_tooltips_and_message_boxes_show_markup_literally(qtbot):
    from PySide6.QtWidgets import QLabel, QMessageBox

    from qxmap.ui import plaintext

    text = '<img src="/tmp/x.png"> <a href="x">link</a> & <b>b</b>\nline 2'
    tip = plaintext.tooltip(text)
    fragment = QTextDocumentFragment.fromHtml(tip)
    assert fragment.toPlainText().replace("\u2028", "\n") == text
    assert "<img" not in fragment.toHtml()
    box = plaintext.message_box(QMessageBox.Icon.Warning, "t", text, informative=text, details=text)
    qtbot.addWidget(box)
    labels = [lab for lab in box.findChildren(QLabel) if lab.text()]
    assert labels and all(lab.textFormat() == Qt.TextFormat.PlainText for lab in labels)


#: Names of the members every JavaScript object has (and __proto__, which sets its prototype).
OBJECT_MEMBER_IDS = ("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf")


@pytest.mark.page
@pytest.mark.parametrize("bulk_min", [10 ** 9, 0], ids=["leaflet-layers", "bulk-roads"])
def test_ids_named_like_members_of_a_javascript_object_are_ordinary_ids(qtbot, page_view, tmp_path, bulk_min):
    """A road's id is text from a file: "__proto__" or "constructor" finds that road, and
    only it, wherever the page looks features up by id."""
    from dataclasses import replace

    folder = tmp_path / "data"
    shutil.copytree(BUNDLED, folder)
    path = folder / "roads.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    names = {}
    for k, (feature, new_id) in enumerate(zip(doc["features"], OBJECT_MEMBER_IDS)):
        feature["properties"].update(id=new_id, geometry_accuracy="schematic")
        feature["geometry"] = {"type": "LineString", "coordinates": [[114.14 + 0.01 * k, 22.82],
                                                                     [114.145 + 0.01 * k, 22.83]]}
        names[new_id] = feature["properties"]["name_zh"]
    mapped = [f for f in doc["features"] if f.get("geometry")]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    dataset = load_dataset(folder)
    page_view.render_options = replace(page_view.render_options, bulk_min=bulk_min)
    load(qtbot, page_view, dataset)
    assert page_view.last_state["drawn"]["roads"] == len(mapped)
    for road_id, name in names.items():
        props = ask(qtbot, page_view.query_props_of, road_id)
        assert props is not None and props["id"] == road_id and props["name_zh"] == name, road_id
        assert ask(qtbot, page_view.query_pixel_of, road_id) is not None, road_id
    for absent in ("isPrototypeOf", "__defineGetter__", "layer", "leaflet", "props"):
        assert ask(qtbot, page_view.query_props_of, absent) is None, absent
        assert ask(qtbot, page_view.query_pixel_of, absent) is None, absent
    shown = ask(qtbot, page_view.query_visible_tracked)
    assert set(OBJECT_MEMBER_IDS) <= set(shown)
    state = ask(qtbot, page_view.highlight, list(OBJECT_MEMBER_IDS), False)
    assert sorted(state["highlighted"]) == sorted(OBJECT_MEMBER_IDS)
    state = ask(qtbot, page_view.show_tracked, ["constructor", "__proto__"])
    assert ask(qtbot, page_view.query_visible_tracked) == [i for i in shown if i in ("constructor", "__proto__")]
    # a road named like a member of the index added, one named __proto__ removed
    line = {"type": "LineString", "coordinates": [[114.15, 22.84], [114.16, 22.85]]}
    ask(qtbot, page_view.set_feature, "props", "roads", line, {"name_zh": "新路", "status": "planned",
                                                               "category": "town", "phase": "unscheduled"})
    assert ask(qtbot, page_view.query_props_of, "props")["name_zh"] == "新路"
    ask(qtbot, page_view.remove_feature, "__proto__")
    assert ask(qtbot, page_view.query_props_of, "__proto__") is None
    assert ask(qtbot, page_view.query_pixel_of, "__proto__") is None
    for road_id in OBJECT_MEMBER_IDS[1:]:
        assert ask(qtbot, page_view.query_props_of, road_id)["name_zh"] == names[road_id], road_id
    assert not [c for c in page_view.console if "Error" in c], page_view.console
