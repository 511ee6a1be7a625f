"""Reference layers in exports (issues 11 and 17): a city's network or a land-use plan imported
as reference is drawn under the projects in every print layout, slide and picture, named in
the legend and the source line; hidden in the layer panel, it is left out; a large one is set
as pixels (the same pixels), once per view, and goes into a PDF as one image."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from qxmap import dataset as D
from qxmap.dataset import load_dataset
from qxmap.exports import export
from qxmap.exports import mapart
from qxmap.exports.layout import render_map_png
from qxmap.exports.scene import build_scene
from qxmap.filtering import RoadFilter

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "geodata" / "qingxi"
TITLE = "全市路网 $x^2$ <b>"  # (text from a file: drawn as it is)


@pytest.fixture(scope="module")
def qingxi():
    return load_dataset(BUNDLED)


def network(n=400, seed=3):
    """*n* short lines over the town (lon/lat), a few areas and a point, one far off the map."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(114.10, 114.22, n)
    y = rng.uniform(22.79, 22.89, n)
    lines = [shapely.LineString([(a, b), (a + 0.004, b + 0.002), (a + 0.006, b - 0.001)]) for a, b in zip(x, y)]
    extra = [shapely.box(114.15, 22.83, 114.16, 22.84), shapely.Point(114.14, 22.82),
             shapely.LineString([(114.15, 22.85), (1e300, 22.86)])]  # (does not project: left out)
    frame = gpd.GeoDataFrame({"name_zh": [f"路{i}" for i in range(n)] + ["地块", "点", "远"]},
                             geometry=lines + extra, crs="EPSG:4326")
    return D.ReferenceLayer("qxmap_ref_1", TITLE, frame, "几何来源: city.shp 图层 city, 导入于 2026-12-01")


def with_network(dataset, **kw):
    return replace(dataset, references={"qxmap_ref_1": network(**kw)})


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)


def test_the_scene_names_the_reference_layers_and_where_they_came_from(qingxi):
    scene = build_scene(with_network(qingxi), RoadFilter.of(phases=["underway"]))
    (ref,) = scene.references
    assert ref.title == TITLE and len(ref.geometry) == 402 and ref.kinds() == {"line", "area", "point"}
    rows = [e for e in scene.legend if e.group == "reference"]
    assert [(e.symbol, e.label) for e in rows] == [("area", TITLE), ("line", TITLE), ("point", TITLE)]
    assert scene.source.endswith("；参考图层：全市路网 $x^2$ <b>（几何来源: city.shp 图层 city, 导入于 2026-12-01）")
    english = build_scene(with_network(qingxi), lang="en")
    assert "; reference layers: 全市路网 $x^2$ <b> (几何来源: city.shp" in english.source
    assert build_scene(qingxi).references == [] and "参考图层" not in build_scene(qingxi).source
    # derived scenes (the deck's phases), and later scenes of the same layer (the export dialog's
    # previews), share the projection and the pictures drawn of it; another layer is projected anew
    assert scene.for_phase("by_2018").references[0] is ref
    dataset = with_network(qingxi)
    first = build_scene(dataset).references[0]
    assert build_scene(dataset, RoadFilter.of(statuses=["planned"])).references[0] is first
    assert build_scene(with_network(qingxi)).references[0] is not first


def test_the_network_is_drawn_under_the_projects(qingxi):
    plain = pixels(render_map_png(qingxi, None, size_in=(6, 4.5), dpi=100))
    drawn = pixels(render_map_png(with_network(qingxi), None, size_in=(6, 4.5), dpi=100))
    changed = np.abs(drawn - plain).max(axis=2) > 20
    assert changed.mean() > 0.02  # the lines and their area
    grey = drawn[changed]  # the network's colour (#8c8c8c at 0.8 over the map), not another's
    assert (np.abs(grey - grey.mean(axis=1, keepdims=True)).max(axis=1) < 40).mean() > 0.6
    # under the projects: the tracked roads' orange is still there, where it was
    # under the projects: as much of the tracked roads' orange (the legend box may move: it
    # avoids features, and the network is features)
    orange = {name: int((np.abs(image - [240, 124, 0]).max(axis=2) < 8).sum())
              for name, image in (("plain", plain), ("drawn", drawn))}
    assert orange["plain"] > 100 and abs(orange["drawn"] - orange["plain"]) < 0.05 * orange["plain"], orange


def test_a_large_layer_set_as_pixels_is_what_its_lines_draw(qingxi, monkeypatch):
    dataset = with_network(qingxi, n=3000)
    lines = pixels(render_map_png(dataset, None, size_in=(6, 4.5), dpi=120))
    monkeypatch.setattr(mapart, "REFERENCE_RASTER_VERTICES", 100)
    scene = build_scene(dataset)
    png = mapart_png(scene)
    again = mapart_png(scene.for_phase("underway"))  # the same view: the kept picture of the network
    assert len(scene.references[0].images) == 1
    set_ = pixels(png)
    differs = (np.abs(set_ - lines).max(axis=2) > 24).mean()
    assert differs < 0.002, differs
    assert pixels(again).shape == set_.shape


def mapart_png(scene):
    from qxmap.exports.layout import scene_map_png

    return scene_map_png(scene, size_in=(6, 4.5), dpi=120)


def test_a_pdf_holds_a_large_network_as_one_image_in_its_place(qingxi, tmp_path, monkeypatch):
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    dataset = with_network(qingxi, n=3000)
    export(dataset, None, tmp_path / "lines.pdf", dpi=150)
    monkeypatch.setattr(mapart, "REFERENCE_RASTER_VERTICES", 100)
    export(dataset, None, tmp_path / "image.pdf", dpi=150)
    images = lambda p: sum(len(page.images) for page in PdfReader(str(p)).pages)  # noqa: E731
    assert images(tmp_path / "image.pdf") == images(tmp_path / "lines.pdf") + 1
    # the image where the lines were (read at the image's resolution, by blocks of 4 x 4 pixels:
    # the viewer's anti-aliasing of lines and of an image's pixels differ within a pixel)
    shown = {}
    for name in ("lines", "image"):
        page = np.asarray(pdfium.PdfDocument(str(tmp_path / f"{name}.pdf"))[0].render(scale=150 / 72).to_pil()
                          .convert("L")).astype(float)
        h, w = page.shape[0] // 4 * 4, page.shape[1] // 4 * 4
        shown[name] = page[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))
    differs = (np.abs(shown["lines"] - shown["image"]) > 16).mean()
    assert differs < 0.005, differs


def test_a_hidden_reference_layer_is_left_out_of_the_export(qingxi):
    from qxmap.model import Session

    session = Session()
    session.set_dataset(with_network(qingxi))
    assert session.exported_dataset is session.dataset
    session.set_layer_visible("ref:qxmap_ref_1", False)
    assert session.exported_dataset.references == {} and session.dataset.references
    assert build_scene(session.exported_dataset).references == []


def test_the_cli_draws_a_workspace_s_reference_layers(tmp_path):
    from qxmap.importing import read_layer, suggest_mapping
    from qxmap.workspace import Workspace, create_workspace, import_into

    work = create_workspace(BUNDLED, tmp_path / "work.gpkg")
    source = tmp_path / "city.geojson"
    network().frame.iloc[:400].to_file(source, driver="GeoJSON")
    layer = read_layer(source)
    import_into(Workspace.open(work), layer, suggest_mapping(layer, target="reference"), reference_title="城市路网")
    out = tmp_path / "map.pdf"
    result = subprocess.run([sys.executable, "-m", "qxmap", "export", str(work), "--out", str(out)],
                            capture_output=True, text=True, cwd=str(ROOT), timeout=300)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "参考图层" in text and "城市路网" in text and "city.geojson" in text


def test_line_runs_are_the_lines_of_each_geometry_in_order():
    """mapart.line_runs: every part of every line, with the position of its geometry; points,
    areas, None and empty parts give none (what the per-geometry loop gave, in array steps)."""
    geoms = [shapely.LineString([(0, 0), (1, 1)]), None, shapely.Point(3, 3),
             shapely.MultiLineString([[(2, 2), (3, 3), (4, 4)], [(5, 5), (6, 6)]]), shapely.LineString(),
             shapely.box(0, 0, 1, 1), shapely.LineString([(7, 7), (8, 8)])]
    runs, of = mapart.line_runs(geoms)
    assert [r.tolist() for r in runs] == [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 4]], [[5, 5], [6, 6]], [[7, 7], [8, 8]]]
    assert of.tolist() == [0, 3, 3, 6]
    assert mapart.line_runs([None, shapely.Point(0, 0)])[0] == []
