"""The page's per-phase image cache: what it draws is what drawing every road draws.

With many roads the page keeps rendered images of each build phase and
composites them (RenderOptions.group_cache_min); these tests force that path on
a small synthetic network and compare its pixels with the direct path, through
filters, a highlight, a status edit and a zoom, and check that a phase switch at
a fixed view really reuses the images instead of rasterising again.
"""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from qxmap import schema
from qxmap.dataset import load_dataset
from qxmap.mappage import RenderOptions
from qxmap.synthetic import write_synthetic
from qxmap.ui.mapview import MapView

from qtutil import ask, grown, settled_pixels, wait_drawn

pytestmark = pytest.mark.page

CACHED = RenderOptions(group_cache_min=0)
NO_BUDGET = RenderOptions(group_cache_min=0, group_cache_budget=1)  # caching on, but no room for an image
DIRECT = RenderOptions(group_cache_min=10 ** 9)
# 300 roads on 640 x 480 px are about 1,000 roads per million pixels: "dense" from 100 on
THIN = RenderOptions(group_cache_min=0, thin_per_mpx=100)
THIN_DIRECT = RenderOptions(group_cache_min=10 ** 9, thin_per_mpx=100)


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("net") / "syn", 300, seed=11))


def open_view(qtbot, dataset, options):
    view = MapView()
    qtbot.addWidget(view)
    view.render_options = options
    view.resize(640, 480)
    view.show()
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.show_dataset(dataset)
    return view


def settle(qtbot, view, command, *args):
    """Run a page command and wait until the page has drawn it."""
    wait_drawn(qtbot, view, command(*args))


def ids_where(dataset, **wanted):
    out = []
    for name in schema.TRACKED_LAYERS:
        frame = dataset.layers[name]
        keep = np.ones(len(frame), dtype=bool)
        for column, value in wanted.items():
            keep &= (frame[column] == value).to_numpy()
        out += frame["id"][keep].tolist()
    return out


def road_pixels(image: np.ndarray) -> int:
    """Pixels in a saturated colour (roads and exits; the background and boundary are greyish)."""
    return int(((image.max(axis=2) - image.min(axis=2)) > 60).sum())


def test_cached_drawing_matches_direct_drawing(qtbot, network):
    views = {name: open_view(qtbot, network, options)
             for name, options in (("cached", CACHED), ("no_budget", NO_BUDGET), ("direct", DIRECT))}
    road = network.layers["roads"]
    lowest_phase_road = road[(road["phase"] == schema.PHASES[-1]) & road.geometry.notna()]["id"].iloc[0]
    steps = [
        ("everything", []),
        ("one phase", [("show_tracked", ids_where(network, phase="underway"))]),
        ("one status", [("show_tracked", ids_where(network, status="under_construction"))]),
        ("a highlight above every phase", [("show_tracked", None), ("highlight", [lowest_phase_road], False)]),
        ("a status edit", [("restyle", lowest_phase_road, {"status": "completed"}), ("highlight", [], False)]),
        ("a zoom, then a phase", [("fit_bounds", 22.80, 114.12, 22.86, 114.19),
                                  ("show_tracked", ids_where(network, phase="by_2018"))]),
    ]
    for label, commands in steps:
        images = {}
        for name, view in views.items():
            for method, *args in commands:
                settle(qtbot, view, getattr(view, method), *args)
            images[name] = settled_pixels(qtbot, view)
        reference = images["direct"]
        assert road_pixels(reference) > 200, label  # the comparison is about something drawn
        for name in ("cached", "no_budget"):
            differs = (np.abs(images[name] - reference).max(axis=2) > 24).mean()
            assert differs < 0.002, (label, name, differs)
    assert views["cached"].last_state["render"]["cached"] is True
    assert views["cached"].last_state["render"]["composited"] == ["by_2018"]
    assert views["no_budget"].last_state["render"]["composited"] == []  # every group stroked directly
    assert views["direct"].last_state["render"]["cached"] is False


def test_a_phase_switch_at_a_fixed_view_reuses_the_images(qtbot, network):
    view = open_view(qtbot, network, CACHED)
    underway = ids_where(network, phase="underway")
    by_2018 = ids_where(network, phase="by_2018")
    render = ask(qtbot, view.show_tracked, underway)["render"]
    assert render["composited"] == ["underway"] and render["rasterised"] == []  # drawn whole at load
    ask(qtbot, view.show_tracked, by_2018)
    render = ask(qtbot, view.show_tracked, underway)["render"]
    assert render == {"cached": True, "rasterised": [], "composited": ["underway"], "thin": False, "thinLayers": []}

    # A filter across phases draws subsets: those are rasterised, the whole-phase images kept.
    render = ask(qtbot, view.show_tracked, ids_where(network, status="planned"))["render"]
    assert set(render["rasterised"]) == set(render["composited"]) and render["rasterised"]
    render = ask(qtbot, view.show_tracked, None)["render"]
    assert render["rasterised"] == [] and render["composited"] == list(reversed(schema.PHASES))

    # A new view makes every image stale: the draw at the end of the zoom rasterises them all.
    zoom = ask(qtbot, view.query_state)["view"]["zoom"]
    with qtbot.waitSignal(view.view_changed, check_params_cb=lambda v: v["zoom"] > zoom, timeout=10000):
        view.fit_bounds(22.80, 114.12, 22.86, 114.19)
    render = ask(qtbot, view.query_state)["render"]
    assert render["rasterised"] == render["composited"] == list(reversed(schema.PHASES))


def test_the_current_phases_are_drawn_on_top(qtbot, tmp_path):
    """Two crossing roads: the one under way lies above the unscheduled one, and a click picks it."""
    import json

    from qxmap.synthetic import synthetic_layers

    layers = synthetic_layers(2, seed=1)
    for road, phase, color_status, coords in (
            (layers["roads"][0], "underway", "under_construction", [[114.14, 22.84], [114.20, 22.84]]),
            (layers["roads"][1], "unscheduled", "completed", [[114.17, 22.81], [114.17, 22.87]])):
        road["properties"].update(phase=phase, status=color_status, category="external", target=None,
                                  geometry_accuracy="schematic")
        road["geometry"] = {"type": "LineString", "coordinates": coords}
    folder = tmp_path / "cross"
    folder.mkdir()
    for name, features in layers.items():
        (folder / f"{name}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                                encoding="utf-8")
    dataset = load_dataset(folder)
    from qxmap.styles import status_color

    expected = np.array([int(status_color("under_construction")[i:i + 2], 16) for i in (1, 3, 5)])
    for options in (CACHED, DIRECT):
        view = open_view(qtbot, dataset, options)
        settle(qtbot, view, view.fit_town)
        crossing = ask(qtbot, view.query_pixel_of, layers["roads"][0]["properties"]["id"])
        image = settled_pixels(qtbot, view)
        # The crossing point: the middle of the east-west road is 114.17, where the other crosses it.
        x, y = int(round(crossing["x"])), int(round(crossing["y"]))
        assert np.abs(image[y, x] - expected).max() < 40, (options, image[y, x])
        # A click there picks the road seen on top, not the last one in data order.
        with qtbot.waitSignal(view.feature_clicked, timeout=10000) as blocker:
            QTest.mouseClick(view.focusProxy() or view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(x, y))
        assert blocker.args == ["roads", layers["roads"][0]["properties"]["id"]], options


def test_a_restyle_of_a_few_roads_rasterises_only_their_phase(qtbot, network):
    """The "as of" view stepped by a month restyles a few roads: the other phases'
    images are kept and composited; a step that touches every phase draws directly.
    Both give the pixels the direct path gives."""
    cached, direct = open_view(qtbot, network, CACHED), open_view(qtbot, network, DIRECT)
    tracked = network.tracked()
    statuses = tracked["status"].tolist()
    phase = schema.PHASES[0]
    road_rows = [i for i, (layer_phase, geom) in enumerate(zip(tracked["phase"], tracked.geometry))
                 if layer_phase == phase and geom is not None and tracked["layer"].iloc[i] == "roads"]
    assert road_rows
    one_phase = list(statuses)
    for i in road_rows[:3]:
        one_phase[i] = "on_hold" if statuses[i] != "on_hold" else "completed"
    for view in (cached, direct):
        ask(qtbot, view.show_tracked, None)  # every phase drawn whole once: their images exist
    render = ask(qtbot, cached.restyle_tracked, {"status": one_phase})["render"]
    assert render["cached"] is True and render["rasterised"] == [phase]
    assert set(render["composited"]) == set(schema.PHASES)
    ask(qtbot, direct.restyle_tracked, {"status": one_phase})
    differs = (np.abs(settled_pixels(qtbot, cached) - settled_pixels(qtbot, direct)).max(axis=2) > 24).mean()
    assert differs < 0.002
    # every record "completed": every phase's image is stale, the roads are drawn directly
    everything = ["completed"] * len(statuses)
    render = ask(qtbot, cached.restyle_tracked, {"status": everything})["render"]
    assert render["cached"] is False
    ask(qtbot, direct.restyle_tracked, {"status": everything})
    differs = (np.abs(settled_pixels(qtbot, cached) - settled_pixels(qtbot, direct)).max(axis=2) > 24).mean()
    assert differs < 0.002


def colour_pixels(image: np.ndarray, hex_colour: str) -> int:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image[..., :3].astype(int) - rgb).max(axis=2) < 40).sum())


def test_a_dense_view_draws_its_roads_one_pixel_wide(qtbot, network):
    """Level of detail: a view with more roads than RenderOptions.thin_per_mpx allows draws
    them 1 px wide (cached or not, the same pixels); a filter keeps the widths, the selected
    road keeps its own, and zooming in to a few roads brings the widths back."""
    from qxmap.styles import style_table

    views = {name: open_view(qtbot, network, options)
             for name, options in (("thin", THIN), ("thin_direct", THIN_DIRECT), ("wide", CACHED))}
    images = {name: settled_pixels(qtbot, view) for name, view in views.items()}
    assert views["thin"].last_state["render"]["thin"] is True
    assert views["thin_direct"].last_state["render"]["thin"] is True
    assert views["wide"].last_state["render"]["thin"] is False
    thin, wide = road_pixels(images["thin"]), road_pixels(images["wide"])
    assert 200 < thin < 0.75 * wide, (thin, wide)
    assert (np.abs(images["thin"] - images["thin_direct"]).max(axis=2) > 24).mean() < 0.002

    # a filter never changes the widths: the same roads, drawn 1 px wide, whatever is shown
    phase = ids_where(network, phase="underway")
    for view in views.values():
        settle(qtbot, view, view.show_tracked, phase)
    assert views["thin"].last_state["render"]["thin"] is True
    assert road_pixels(settled_pixels(qtbot, views["thin"])) < 0.75 * road_pixels(settled_pixels(qtbot, views["wide"]))

    # the selected road keeps its width (it is drawn above the others, not in a phase image)
    road = network.layers["roads"]
    mapped = road[road.geometry.notna()]
    longest = mapped.assign(n=mapped.geometry.to_crs(3857).length).sort_values("n")["id"].iloc[-1]
    colour = style_table()["highlight"]["color"]
    shown = {}
    for name in ("thin", "wide"):
        settle(qtbot, views[name], views[name].show_tracked, None)
        settle(qtbot, views[name], views[name].highlight, [longest], False)
        shown[name] = colour_pixels(settled_pixels(qtbot, views[name]), colour)
    assert shown["wide"] > 20 and shown["thin"] > 0.8 * shown["wide"], shown

    # zoomed in to a few roads: their widths come back, and the legend stops saying they are thin
    from qxmap.model.session import Session
    from qxmap.ui.panels import LayerPanel

    view = views["thin"]
    panel = LayerPanel()
    qtbot.addWidget(panel)
    panel.follow(Session(), view)
    settle(qtbot, view, view.highlight, [], False)
    with qtbot.waitSignal(view.view_changed, timeout=10000):
        settle(qtbot, view, view.fit_bounds, 22.840, 114.160, 22.842, 114.162)
    assert ask(qtbot, view.query_state)["render"]["thin"] is False
    assert panel.thin_note.isHidden()
    with qtbot.waitSignal(view.view_changed, timeout=10000):
        settle(qtbot, view, view.fit_town)
    assert ask(qtbot, view.query_state)["render"]["thin"] is True
    assert not panel.thin_note.isHidden() and "1 px" in panel.thin_note.text()


THIN_STROKES = RenderOptions(group_cache_min=0, thin_per_mpx=100, thin_pixels=False)


def test_a_dense_view_sets_its_thin_roads_as_pixels_where_the_strokes_would_go(qtbot, network):
    """RenderOptions.thin_pixels: in a dense (thin) view the 1 px roads are set pixel by pixel,
    in their own colours (no anti-aliased blends), where the canvas's 1 px strokes draw them:
    the same roads, the same places, cached or drawn directly, filtered or not."""
    from qxmap.styles import style_table

    views = {name: open_view(qtbot, network, options)
             for name, options in (("pixels", THIN), ("direct", THIN_DIRECT), ("strokes", THIN_STROKES))}
    for view in views.values():
        assert view.last_state["render"]["thin"] is True
    colours = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in style_table()["status_colors"].values()])

    def check(label):
        images = {name: settled_pixels(qtbot, view).astype(int) for name, view in views.items()}
        sat = {name: (im.max(axis=2) - im.min(axis=2)) > 60 for name, im in images.items()}
        # cached images and the direct drawing: the very same pixels
        assert (np.abs(images["pixels"] - images["direct"]).max(axis=2) > 24).mean() < 0.002, label
        # every road pixel is a road colour as it is (an anti-aliased stroke blends it with the ground)
        roads = images["pixels"][sat["pixels"]]
        nearest = np.abs(roads[:, None, :] - colours[None, :, :]).max(axis=2).min(axis=1)
        assert (nearest <= 2).mean() > 0.9, label  # (the rest: the exits' edges)
        blended = images["strokes"][sat["strokes"]]
        assert (np.abs(blended[:, None, :] - colours[None, :, :]).max(axis=2).min(axis=1) <= 2).mean() < 0.5, label
        # the same roads where the strokes draw them: each set pixel within 1 px of a stroked one, and back
        # (an anti-aliased 1 px stroke spreads over two pixels, each faintly: any colour counts)
        faint = (images["strokes"].max(axis=2) - images["strokes"].min(axis=2)) > 12
        assert (sat["pixels"] & ~grown(faint)).sum() <= 0.005 * sat["pixels"].sum(), label
        assert (sat["strokes"] & ~grown(sat["pixels"])).sum() <= 0.02 * sat["strokes"].sum(), label
        assert sat["pixels"].sum() > 200, label

    check("everything")
    phase = ids_where(network, phase="underway")
    for view in views.values():
        settle(qtbot, view, view.show_tracked, phase)
    check("one phase")
