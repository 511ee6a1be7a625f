"""Labels on the live map: names of what is shown, in the print layouts' priority,
never overlapping, following filter, layers, zoom and pan; the layer panel's toggle."""
import json
import shutil

import pytest
import shapely

from qxmap.dataset import load_dataset
from qxmap.synthetic import write_synthetic
from qxmap.ui.mapview import LABEL_MIN_ZOOM, MapView, label_rules

from conftest import BUNDLED
from qtutil import ask

pytestmark = pytest.mark.page

S358 = "road-s358"


@pytest.fixture
def view(qtbot):
    v = MapView()
    qtbot.addWidget(v)
    v.resize(1200, 900)
    v.show()
    return v


def load(qtbot, view, dataset, labels=True):
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.show_dataset(dataset)
    if labels:
        state = ask(qtbot, view.set_labels, True, label_rules("zh"))
        assert state["labels"]["on"]


def placed(qtbot, view) -> list[dict]:
    return ask(qtbot, view.query_labels)


def names(dataset, layer):
    frame = dataset.layers[layer]
    return dict(zip(frame["id"], frame["name_zh"]))


def boxes(labels):
    return [shapely.Polygon(lb["corners"]) for lb in labels]


def assert_no_overlap(labels):
    polys = boxes(labels)
    for i in range(len(polys)):
        for j in range(i + 1, len(polys)):
            overlap = polys[i].intersection(polys[j]).area
            assert overlap < 1e-6, (labels[i]["text"], labels[j]["text"], overlap)


def fit(qtbot, view, box, ok) -> dict:
    """Fit the view to *box* until *ok(zoom)* holds (a fit asked while the page still
    animates its first view is dropped by Leaflet); the page's state after it."""
    for _ in range(20):
        ask(qtbot, view.fit_bounds, *box)
        qtbot.wait(400)
        state = ask(qtbot, view.query_state)
        if ok(state["view"]["zoom"]):
            return state
    raise AssertionError(f"the view did not reach the zoom: {state['view']}")


def class_of(label, dataset) -> str:
    if label["layer"] == "roads":
        frame = dataset.layers["roads"]
        return frame.loc[frame["id"] == label["id"], "category"].iloc[0]
    return "exit" if label["layer"] == "exits" else label["layer"]


# ---------------------------------------------------------------- what is named


def test_shown_roads_exits_and_parks_are_named(qtbot, view, bundled):
    load(qtbot, view, bundled)
    labels = placed(qtbot, view)
    by_id = {lb["id"]: lb for lb in labels}
    roads, exits, parks = names(bundled, "roads"), names(bundled, "exits"), names(bundled, "parks")
    assert by_id[S358]["text"] == roads[S358] and by_id[S358]["kind"] == "road"
    assert any(lb["layer"] == "exits" for lb in labels)
    assert any(lb["layer"] == "parks" for lb in labels)
    for lb in labels:
        assert lb["text"] == {**roads, **exits, **parks, **names(bundled, "zones"),
                              **names(bundled, "facilities")}[lb["id"]]
        assert lb["shown_text"] == lb["text"] and lb["node_children"] == 0  # text, not markup
    # A road's label lies along it: turned to the line.
    assert by_id[S358]["angle"] != 0
    assert ask(qtbot, view.query_state)["labels"]["count"] == len(labels)


def test_labels_follow_the_filter(qtbot, view, bundled):
    load(qtbot, view, bundled)
    exits = bundled.layers["exits"]
    exit_id = exits[exits.geometry.notna()]["id"].iloc[0]
    ask(qtbot, view.show_tracked, [S358])
    labels = placed(qtbot, view)
    assert S358 in {lb["id"] for lb in labels}
    assert not any(lb["layer"] == "exits" for lb in labels)  # filtered out: not named
    ask(qtbot, view.show_tracked, [exit_id])
    labels = placed(qtbot, view)
    ids = {lb["id"] for lb in labels}
    assert S358 not in ids and exit_id in ids
    # Parks are context, not filtered: still named.
    assert any(lb["layer"] == "parks" for lb in labels)
    ask(qtbot, view.show_tracked, None)
    assert S358 in {lb["id"] for lb in placed(qtbot, view)}


def test_hidden_layers_are_not_named(qtbot, view, bundled):
    load(qtbot, view, bundled)
    ask(qtbot, view.set_layer_visible, "parks", False)
    assert not any(lb["layer"] == "parks" for lb in placed(qtbot, view))
    ask(qtbot, view.set_layer_visible, "parks", True)
    assert any(lb["layer"] == "parks" for lb in placed(qtbot, view))


def test_the_toggle_hides_them(qtbot, view, bundled):
    load(qtbot, view, bundled)
    assert placed(qtbot, view)
    state = ask(qtbot, view.set_labels, False)
    assert state["labels"] == {"on": False, "count": 0, "last_ms": 0, "reused": False, "pending": False}
    assert placed(qtbot, view) == []
    # ... also after a filter or a pan
    ask(qtbot, view.show_tracked, [S358])
    assert placed(qtbot, view) == []
    state = ask(qtbot, view.set_labels, True)
    assert state["labels"]["count"] > 0


def test_labels_are_given_again_to_a_new_page(qtbot, view, bundled):
    load(qtbot, view, bundled)
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.show_dataset(bundled)  # a reload: a new page
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["labels"]["count"] > 0, timeout=10000)


# ---------------------------------------------------------------- placement


def test_no_two_labels_overlap_and_the_most_important_come_first(qtbot, view, tmp_path):
    dataset = load_dataset(write_synthetic(tmp_path / "syn", 400))
    load(qtbot, view, dataset)
    # Zoom in enough for every class to be named (and many to collide).
    size = fit(qtbot, view, (22.83, 114.15, 22.86, 114.19), lambda z: z >= 14)["size"]
    labels = placed(qtbot, view)
    assert len(labels) > 20
    assert_no_overlap(labels)
    for lb in labels:  # all inside the view
        for x, y in lb["corners"]:
            assert 0 <= x <= size["x"] and 0 <= y <= size["y"]
    # Placed in priority order: the print layouts' (group, category rank, -length).
    priorities = [lb["priority"] for lb in labels]
    assert priorities == sorted(priorities)
    ranks = label_rules()["category_rank"]
    road_ranks = [lb["priority"][1] for lb in labels if lb["layer"] == "roads"]
    assert min(road_ranks) == ranks["expressway"]
    # Some were dropped (the map is crowded) and none of the dropped outranks every placed one.
    assert ask(qtbot, view.query_state)["labels"]["count"] == len(labels)


def test_zoom_decides_which_kinds_are_named(qtbot, view, bundled):
    load(qtbot, view, bundled)
    rules = label_rules("zh")
    # Far out: only what is named from that zoom on.
    zoom = fit(qtbot, view, (22.4, 113.7, 23.3, 114.6), lambda z: z <= 10)["view"]["zoom"]
    for lb in placed(qtbot, view):
        assert zoom >= LABEL_MIN_ZOOM[class_of(lb, bundled)], (lb["text"], zoom)
    # Close to one exit: it is named, and what is out of view is not.
    exits = bundled.layers["exits"]
    row = exits[exits.geometry.notna()].iloc[0]
    p = row.geometry
    fit(qtbot, view, (p.y - 0.004, p.x - 0.006, p.y + 0.004, p.x + 0.006), lambda z: z >= 15)
    labels = placed(qtbot, view)
    assert row["id"] in {lb["id"] for lb in labels}
    assert not any(lb["layer"] == "parks" for lb in labels)  # none is near that exit
    assert rules["category_rank"]["expressway"] == 0


def test_a_selected_feature_is_named_first(qtbot, view, bundled):
    load(qtbot, view, bundled)
    exits = bundled.layers["exits"]
    exit_id = exits[exits.geometry.notna()]["id"].iloc[-1]
    ask(qtbot, view.highlight, [exit_id], False)
    labels = placed(qtbot, view)
    assert labels[0]["id"] == exit_id and labels[0]["priority"][0] == -1


def test_markup_in_a_name_is_shown_as_text(qtbot, view, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED, folder)
    path = folder / "roads.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    hostile = '<img src=x onerror="window.pwned=1"><b>S358</b>'
    for f in doc["features"]:
        if f["properties"]["id"] == S358:
            f["properties"]["name_zh"] = hostile
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    load(qtbot, view, load_dataset(folder))
    label = next(lb for lb in placed(qtbot, view) if lb["id"] == S358)
    assert label["text"] == hostile and label["shown_text"] == hostile
    assert label["node_children"] == 0
    facts = ask(qtbot, view.query_page_facts)
    assert facts["images"] == 0 and facts["csp_violations"] == []


def test_one_name_on_two_parks_is_shown_twice_and_again_after_a_pan(qtbot, view, tmp_path):
    """Each name is a canvas kept for its text, font and box: a name placed twice at a
    view gets a node of its own each time, and a pan puts both back."""
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED, folder)
    path = folder / "parks.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    twins = doc["features"][:2]
    for f in twins:
        f["properties"]["name_zh"] = "同名公园"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    load(qtbot, view, load_dataset(folder))
    ids = {f["properties"]["id"] for f in twins}

    def twin_labels():
        labels = placed(qtbot, view)
        assert all(lb["shown_text"] == lb["text"] and lb["node_children"] == 0 for lb in labels)
        return [lb for lb in labels if lb["id"] in ids]

    assert len(twin_labels()) == 2
    ask(qtbot, view.fit_bounds, 22.76, 114.08, 22.92, 114.26)  # another view, then back
    ask(qtbot, view.fit_town)
    shown = twin_labels()
    assert len(shown) == 2 and {lb["text"] for lb in shown} == {"同名公园"}
    assert shown[0]["x"] != shown[1]["x"] or shown[0]["y"] != shown[1]["y"]


# ---------------------------------------------------------------- the layer panel


def test_the_layer_panel_toggle_drives_the_map_and_is_remembered(qtbot, window, settings):
    view = window.map_view
    check = window.layer_panel.labels_check
    assert check.isChecked() and view.labels_on
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["labels"]["count"] > 0, timeout=10000)
    check.setChecked(False)
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["labels"]["count"] == 0, timeout=10000)
    assert not view.labels_on
    assert str(settings.value("map/labels")).lower() == "false"
    # Filtered-out roads lose their names in the window too.
    check.setChecked(True)
    qtbot.waitUntil(lambda: ask(qtbot, view.query_state)["labels"]["count"] > 0, timeout=10000)
    from qxmap.filtering import RoadFilter

    from qtutil import wait_drawn

    wait_drawn(qtbot, view, window.apply_filter(RoadFilter.of(text="no road is called this")))
    labels = ask(qtbot, view.query_labels)
    assert not any(lb["layer"] in ("roads", "exits") for lb in labels)


def two_pages(qtbot, dataset) -> list:
    """Two map pages of *dataset*, labels on (one used, one to compare with afresh)."""
    pages = []
    for _ in range(2):
        v = MapView()
        qtbot.addWidget(v)
        v.resize(1200, 900)
        v.show()
        load(qtbot, v, dataset)
        pages.append(v)
    return pages


def two_phases_at_a_view(qtbot, tmp_path):
    """A synthetic network on two pages (labels on) at one crowded view, and the mapped
    roads of two phases: (dataset, [used, fresh], box, mapped roads, phase A ids, phase B ids)."""
    dataset = load_dataset(write_synthetic(tmp_path / "syn", 400))
    pages = two_pages(qtbot, dataset)
    box = (22.83, 114.15, 22.86, 114.19)
    state = fit(qtbot, pages[0], box, lambda z: z >= 14)
    fit(qtbot, pages[1], box, lambda z: z == state["view"]["zoom"])
    roads = dataset.layers["roads"]
    mapped = roads[roads.geometry.notna()]
    phase_a = mapped[mapped["phase"] == "underway"]["id"].tolist()
    phase_b = mapped[mapped["phase"] == "unscheduled"]["id"].tolist()
    return dataset, pages, box, mapped, phase_a, phase_b


def label_key(labels):
    """What a placement is: each name, where and how turned."""
    return [(lb["id"], lb["text"], round(lb["x"], 2), round(lb["y"], 2), round(lb["angle"], 3)) for lb in labels]


def test_kept_candidates_name_what_a_fresh_page_names(qtbot, tmp_path):
    """The page keeps its ordered candidates across pans, filters and selections (and
    orders them by one packed sort): every such path ends with the labels a new page,
    ordering afresh at the same view, places."""
    dataset = load_dataset(write_synthetic(tmp_path / "syn", 400))
    used, fresh = two_pages(qtbot, dataset)
    box = (22.83, 114.15, 22.86, 114.19)
    roads = dataset.layers["roads"]
    some = roads[roads.geometry.notna()]["id"].tolist()
    # the used page: a filter, a selection, a pan elsewhere and back, then nothing of it
    fit(qtbot, used, box, lambda z: z >= 14)
    ask(qtbot, used.show_tracked, some[:40])
    ask(qtbot, used.highlight, [some[5]], False)
    fit(qtbot, used, (22.80, 114.12, 22.82, 114.14), lambda z: z >= 14)
    ask(qtbot, used.highlight, [], False)
    ask(qtbot, used.show_tracked, None)
    state = fit(qtbot, used, box, lambda z: z >= 14)
    fit(qtbot, fresh, box, lambda z: z == state["view"]["zoom"])
    assert ask(qtbot, fresh.query_state)["view"] == state["view"]

    def key(labels):
        return [(lb["id"], lb["text"], round(lb["x"]), round(lb["y"])) for lb in labels]

    assert len(placed(qtbot, fresh)) > 20
    assert key(placed(qtbot, used)) == key(placed(qtbot, fresh))
    # and a selection is named first, then the others as before
    ask(qtbot, used.highlight, [some[7]], False)
    ask(qtbot, fresh.highlight, [some[7]], False)
    assert key(placed(qtbot, used)) == key(placed(qtbot, fresh))


def test_a_filter_shown_again_puts_back_its_labels_until_a_road_changes(qtbot, tmp_path):
    """The labels placed at a view are kept by filter: a phase shown again (the planner's
    back and forth) gets the same labels back without placing them again; a road moved or
    restyled since makes them be placed again, as a fresh page places them."""
    dataset, pages, box, mapped, phase_a, phase_b = two_phases_at_a_view(qtbot, tmp_path)
    used, fresh = pages

    first = ask(qtbot, used.show_tracked, phase_a)["labels"]
    assert first["reused"] is False
    shown_a = label_key(placed(qtbot, used))
    assert len(shown_a) >= 5
    assert ask(qtbot, used.show_tracked, phase_b)["labels"]["reused"] is False
    assert ask(qtbot, used.show_tracked, phase_a)["labels"]["reused"] is True
    assert label_key(placed(qtbot, used)) == shown_a

    # a named road of phase A moved (the draw tool's set_feature) on both pages
    named = [lb["id"] for lb in placed(qtbot, used) if lb["id"] in set(phase_a)]
    road = mapped.set_index("id").loc[named[0]]
    moved = json.loads(json.dumps(shapely.geometry.mapping(shapely.affinity.translate(road.geometry, 0.003, -0.002))))
    props = {k: road[k] for k in ("name_zh", "category", "status", "phase") if isinstance(road[k], str)}
    props["id"] = named[0]
    for page in pages:
        ask(qtbot, page.set_feature, named[0], "roads", moved, props)
        ask(qtbot, page.show_tracked, phase_b)
    again = ask(qtbot, used.show_tracked, phase_a)["labels"]
    assert again["reused"] is False
    ask(qtbot, fresh.show_tracked, phase_a)
    after_move = label_key(placed(qtbot, used))
    assert after_move == label_key(placed(qtbot, fresh)) and after_move != shown_a

    # a restyle of the tracked records: placed again too
    tracked = dataset.tracked()
    statuses = ["completed"] * len(tracked)
    ask(qtbot, used.restyle_tracked, {"status": statuses})
    ask(qtbot, used.show_tracked, phase_b)
    assert ask(qtbot, used.show_tracked, phase_a)["labels"]["reused"] is False


def test_a_view_full_of_roads_still_names_the_parks(qtbot, view, tmp_path):
    """So many roads in one corner that names stop finding room (LABEL_MISSES in a row):
    the roads still to come are passed over, and the parks, which come after every road
    in priority order, are still named, as on a view with no road at all."""
    folder = write_synthetic(tmp_path / "syn", 6000)
    shutil.copy(BUNDLED / "parks.geojson", folder / "parks.geojson")
    dataset = load_dataset(folder)
    roads = dataset.layers["roads"]
    # every road a 3 km line in the view's north-west corner, far from the parks, each a
    # few metres from the last: a few are named, the thousands after them find no room
    roads.geometry = [shapely.LineString([(114.125, 22.874 - k * 2e-6), (114.155, 22.874 - k * 2e-6)])
                      for k in range(len(roads))]
    load(qtbot, view, dataset)
    box = (22.80, 114.12, 22.88, 114.22)
    zoom = fit(qtbot, view, box, lambda z: z >= 13)["view"]["zoom"]
    labels = placed(qtbot, view)
    named = [lb for lb in labels if lb["layer"] == "roads"]
    parks = {lb["id"] for lb in labels if lb["layer"] == "parks"}
    assert 0 < len(named) < 100  # most of the 6,000 roads found no room
    # the same parks as with every road filtered out (none in the way, none to pass over)
    ask(qtbot, view.show_tracked, [])
    fit(qtbot, view, box, lambda z: z == zoom)
    alone = placed(qtbot, view)
    assert not [lb for lb in alone if lb["layer"] == "roads"]
    assert parks == {lb["id"] for lb in alone if lb["layer"] == "parks"} and len(parks) >= 2


def test_classes_not_named_at_a_zoom_are_passed_over_not_the_ones_after(qtbot, view, tmp_path):
    """At zoom 12 town and external roads are not named (rules.min_zoom), exits and parks
    are: the page passes over each class it does not name in one step (its run of
    candidates) and goes on to the parks, which come after every road."""
    folder = write_synthetic(tmp_path / "syn", 400)
    shutil.copy(BUNDLED / "parks.geojson", folder / "parks.geojson")
    dataset = load_dataset(folder)
    assert {"external", "town"} <= set(dataset.layers["roads"]["category"])
    load(qtbot, view, dataset)
    zoom = fit(qtbot, view, (22.76, 114.08, 22.92, 114.28), lambda z: z == 12)["view"]["zoom"]
    labels = placed(qtbot, view)
    classes = {class_of(lb, dataset) for lb in labels}
    assert not classes & {"external", "town"}
    assert {"parks", "expressway"} <= classes, classes
    assert all(zoom >= LABEL_MIN_ZOOM[c] for c in classes)


def test_after_a_filter_or_a_pan_the_names_follow_the_lines_a_frame_later(qtbot, tmp_path):
    """Placing names (10 to 25 ms with 200,000 roads) does not hold back the frame that shows
    a filter or a pan: the command's reply and its `drawn` come first, with the names of
    what the filter hides already gone; the names are placed after that frame, with no
    further command, and they are the names a fresh page places for the same filter."""
    _dataset, (used, fresh), box, _mapped, phase_a, phase_b = two_phases_at_a_view(qtbot, tmp_path)
    ask(qtbot, used.show_tracked, phase_a)
    before = [lb for lb in placed(qtbot, used) if lb["layer"] == "roads"]
    assert len(before) >= 3
    # the next filter: phase B and one road of phase A named now
    shown = phase_b + [before[1]["id"]]
    stay = [lb for lb in placed(qtbot, used) if lb["layer"] not in ("roads", "exits") or lb["id"] in set(shown)]

    drawn = []
    used.drawn.connect(drawn.append)
    replies: list = []
    seq = used.show_tracked(shown, callback=replies.append)
    qtbot.waitUntil(lambda: bool(replies) and seq in drawn, timeout=10000)
    reply = replies[0]
    assert reply["labels"]["pending"] is True  # not placed yet ...
    assert reply["labels"]["count"] == len(stay)  # ... the hidden roads' names gone at once
    qtbot.waitUntil(lambda: not ask(qtbot, used.query_label_facts)["pending"], timeout=5000)
    ask(qtbot, fresh.show_tracked, shown)

    after = placed(qtbot, used)
    assert label_key(after) == label_key(placed(qtbot, fresh))
    assert not {lb["id"] for lb in after} & (set(phase_a) - set(shown))

    # a pan: the same, the names placed for the new view once it is drawn
    moved = (box[0] + 0.004, box[1] + 0.004, box[2] + 0.004, box[3] + 0.004)
    ask(qtbot, used.fit_bounds, *moved)
    qtbot.waitUntil(lambda: not ask(qtbot, used.query_label_facts)["pending"], timeout=5000)
    ask(qtbot, fresh.fit_bounds, *moved)
    qtbot.waitUntil(lambda: not ask(qtbot, fresh.query_label_facts)["pending"], timeout=5000)
    assert ask(qtbot, used.query_label_facts)["count"] > 0
    assert label_key(placed(qtbot, used)) == label_key(placed(qtbot, fresh))


def _system_has_noto_cjk() -> bool:
    import subprocess

    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":family=Noto Sans CJK SC"], capture_output=True, text=True).stdout
    return "Noto Sans CJK SC" in out


@pytest.mark.skipif(not _system_has_noto_cjk(), reason="no system Noto Sans CJK SC (scripts/system-packages.sh)")
def test_names_are_set_in_the_systems_noto_font_without_the_served_copy(qtbot, view, monkeypatch):
    """With Noto Sans CJK SC installed (the setup installs it), the page sets its Chinese
    names in the system's font files and never asks the app for its own 16 MB copy
    (qxmap://app/fonts/cjk.otf, the fallback), which the page process would hold decoded."""
    from qxmap.ui.webengine import AppSchemeHandler

    served = []
    real = AppSchemeHandler.resolve
    monkeypatch.setattr(AppSchemeHandler, "resolve", lambda self, path: served.append(path) or real(self, path))
    dataset = load_dataset(BUNDLED)
    load(qtbot, view, dataset)
    texts = [lb["text"] for lb in placed(qtbot, view)]
    assert names(dataset, "roads")[S358] in " ".join(texts)  # Chinese names are placed
    qtbot.wait(300)
    assert any(path.endswith(".data") for path in served)  # (the page's requests are seen)
    assert "/fonts/cjk.otf" not in served
