"""Presentation-grade maps (issue 13): one scene for every export, the extent, unlocated records,
layout settings, odd text, the composed snapshot.  Outputs are read back (pypdf, PIL)."""
from __future__ import annotations

import json
import warnings
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest

from qxmap.dataset import load_dataset
from qxmap.exports import export
from qxmap.exports.scene import build_scene, group_names
from qxmap.exports.settings import LayoutSettings, load_logo
from qxmap.filtering import RoadFilter

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "geodata" / "qingxi"


@pytest.fixture(scope="module")
def qingxi():
    if not (BUNDLED / "roads.geojson").is_file():
        pytest.skip("bundled dataset not present")
    return load_dataset(BUNDLED)


def _pdf_runs(path, page=0) -> list[tuple[str, float]]:
    """(text, effective size in points) of every text run of a PDF page."""
    from pypdf import PdfReader

    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and size:
            scale = abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5 * abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5
            runs.append((text, size * scale))

    PdfReader(str(path)).pages[page].extract_text(visitor_text=visit)
    return runs


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(str(path)).pages)


# --------------------------------------------------------------------------
# The scene


def test_scene_of_the_bundled_town(qingxi):
    scene = build_scene(qingxi, RoadFilter.of())
    assert scene.n_records == 49 and scene.n_located == 5 and scene.n_unlocated == 44
    assert scene.accuracy_note == "位置精度：示意 5 · 未定位 44"
    assert scene.subtitle == "全部道路与出入口"
    assert scene.extent_choice == "town" and not scene.locator
    # The default extent holds the whole boundary.
    x0, y0, x1, y1 = scene.town.bounds
    assert scene.extent[0] <= x0 and scene.extent[1] <= y0 and scene.extent[2] >= x1 and scene.extent[3] >= y1
    # Labels: expressways and provincial roads before exits, exits before the context areas.
    kinds = [c.kind for c in scene.labels]
    assert kinds.index("road") < kinds.index("exit") < kinds.index("parks")
    assert "清溪银瓶山森林公园" in [c.text for c in scene.labels]
    assert scene.unlocated_notice() == "44 项尚未定位：见右侧列表"
    assert scene.summary.count == 49


def test_legend_symbols_follow_the_geometry(qingxi):
    only_exit = build_scene(qingxi, RoadFilter.of(phases=["by_2018"]))  # one exit, no road
    status = [e for e in only_exit.legend if e.group == "status"]
    assert [(e.symbol, e.label) for e in status] == [("point", "规划")]
    assert not [e for e in only_exit.legend if e.group == "class"]  # no road drawn: no road classes
    underway = build_scene(qingxi, RoadFilter.of(phases=["underway"]))
    assert [(e.symbol, e.label, e.count) for e in underway.legend if e.group == "status"] == \
        [("line+point", "在建", 17)]
    symbols = {e.label: e.symbol for e in underway.legend}
    assert symbols["公园与景区"] == "area" and symbols["镇界"] == "outline" and symbols["镇外"] == "mask"
    assert symbols["其他项目（不在筛选内）"] == "point"  # the other located project (an exit), muted


def test_unlocated_phase_is_never_a_silent_empty_map(qingxi):
    scene = build_scene(qingxi, RoadFilter.of(phases=["start_this_year"]))
    assert scene.n_records == 19 and scene.n_located == 0 and scene.all_unlocated
    assert scene.unlocated_notice() == "此筛选的 19 项均尚未定位，图上没有位置：见右侧列表"
    assert scene.unlocated_lines() == ["外联道路（报告未具名）3–10/10（8 项）", "镇内道路（报告未具名）12–22/24（11 项）"]
    en = build_scene(qingxi, RoadFilter.of(phases=["start_this_year"]), lang="en")
    assert en.unlocated_notice() == "None of the 19 records is located yet: see the list"
    some = build_scene(qingxi, RoadFilter.of(phases=["underway"]), lang="en")
    assert some.unlocated_notice() == "13 records not yet located: see the list"


def test_group_names():
    assert group_names(["甲路", "乙 1/3", "乙 2/3", "丙", "乙 3/3"]) == ["甲路", "乙 1–3/3（3 项）", "丙"]
    assert group_names(["x 2/9", "x 5/9"], "en") == ["x 2,5/9 (2 records)"]
    assert group_names(["1/2"]) == ["1/2"]


def test_derived_scenes_share_the_projection(qingxi):
    scene = build_scene(qingxi, RoadFilter.of(statuses=["planned"]))
    part = scene.for_phase("unscheduled")
    assert part._prepared is scene._prepared
    assert part.title == "未排期" and set(part.records["phase"]) == {"unscheduled"}
    assert set(part.records["status"]) == {"planned"}


def test_filtered_extent_keeps_the_town_as_context(qingxi):
    scene = build_scene(qingxi, RoadFilter.of(phases=["by_2018"]), extent="filtered")
    assert scene.extent_choice == "filtered" and scene.locator  # a locator inset shows the frame on the town
    w, h = scene.extent[2] - scene.extent[0], scene.extent[3] - scene.extent[1]
    assert min(w, h) >= 2500  # one exit is not zoomed to a spot
    # Nothing located: "filtered" falls back to the town.
    none = build_scene(qingxi, RoadFilter.of(phases=["start_this_year"]), extent="filtered")
    assert none.extent_choice == "town" and not none.locator


# --------------------------------------------------------------------------
# Print layouts read back


@pytest.mark.parametrize("paper,orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape"),
                                               ("A3", "portrait")])
def test_every_paper_shows_the_whole_boundary(qingxi, paper, orientation):
    import matplotlib

    from qxmap.exports import fonts
    from qxmap.exports.layout import Page, build_page

    page = Page(paper, orientation, 150, "pdf")
    with matplotlib.rc_context(fonts.rc_params()):
        fig, scene = build_page(qingxi, RoadFilter.of(phases=["underway"]), page)
    ax = [a for a in fig.axes if a.get_zorder() == 1][0]
    (vx0, vx1), (vy0, vy1) = ax.get_xlim(), ax.get_ylim()
    x0, y0, x1, y1 = scene.town.bounds
    assert vx0 <= x0 and vy0 <= y0 and vx1 >= x1 and vy1 >= y1
    # The mask over the outside of the town is drawn (a grey patch above the context layers).
    from matplotlib.patches import PathPatch

    masks = [p for p in ax.patches if isinstance(p, PathPatch) and p.get_zorder() == 4]
    assert len(masks) == 1


def test_pdf_start_this_year_lists_the_unlocated(qingxi, tmp_path):
    out = tmp_path / "sty.pdf"
    export(qingxi, RoadFilter.of(phases=["start_this_year"]), out, dpi=150)
    text = _pdf_text(out)
    assert "此筛选的 19 项均尚未定位，图上没有位置：见右侧列表" in text
    assert "尚未定位（19 项）" in text
    assert "外联道路（报告未具名）3–10/10（8 项）" in text and "镇内道路（报告未具名）12–22/24（11 项）" in text
    assert "位置精度：未定位 19" in text


def test_pdf_label_sizes_and_text(qingxi, tmp_path):
    out = tmp_path / "all.pdf"
    export(qingxi, RoadFilter.of(), out, dpi=150)
    runs = _pdf_runs(out)
    sizes = {text: size for text, size in runs}
    for label in ("博深高速清溪出入口", "从莞高速谢坑出入口"):
        assert sizes[label] >= 7.9  # print sizes: labels 8 pt on A4, area names 7.5 pt
    assert sizes["清溪银瓶山森林公园"] >= 7.4
    assert sizes["清溪镇基础设施项目图"] == pytest.approx(18, abs=0.5)
    assert min(size for _, size in runs) >= 6.5  # nothing unreadably small on paper
    a3 = tmp_path / "a3.pdf"
    export(qingxi, RoadFilter.of(), a3, paper="A3", dpi=150)
    a3_sizes = {text: size for text, size in _pdf_runs(a3)}
    assert a3_sizes["博深高速清溪出入口"] == pytest.approx(sizes["博深高速清溪出入口"] * 2 ** 0.5, rel=0.02)


def test_pdf_continues_a_long_unlocated_list(tmp_path):
    from qxmap.synthetic import write_synthetic

    dataset = load_dataset(write_synthetic(tmp_path / "big", 600, seed=2))
    out = tmp_path / "big.pdf"
    export(dataset, RoadFilter.of(), out, dpi=150)
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    first, rest = reader.pages[0].extract_text(), "".join(p.extract_text() for p in reader.pages[1:])
    assert "见第 2 页" in first
    assert "尚未定位的记录（60 项" in rest
    unlocated = [f"合成道路{i}号" for i in range(9, 600, 10)]
    assert all(name in rest for name in unlocated)
    png = tmp_path / "big.png"
    export(dataset, RoadFilter.of(), png, dpi=150)  # one page: says where the rest is
    assert png.stat().st_size > 0


def test_empty_filter_result(qingxi, tmp_path):
    nothing = RoadFilter.of(text="没有这个名字")
    out = tmp_path / "none.pdf"
    export(qingxi, nothing, out, dpi=150)
    text = _pdf_text(out)
    assert "没有符合筛选条件的记录" in text and "筛选结果：0 项" in text
    deck = tmp_path / "none.pptx"
    export(qingxi, nothing, deck)
    from pptx import Presentation

    titles = [s.shapes.title.text_frame.text for s in Presentation(str(deck)).slides]
    assert titles == ["清溪镇基础设施项目", "总览", "按阶段与状态"]
    from qxmap.exports.tables import read_xlsx

    book = tmp_path / "none.xlsx"
    export(qingxi, nothing, book)
    assert read_xlsx(book) == []


def test_a_character_the_font_lacks_is_never_tofu(tmp_path):
    from qxmap.exports import fonts
    from qxmap.synthetic import write_synthetic

    rare, known = "\U00020000", "\U00020bb7"  # CJK extension B: not in the font / in the font
    assert not fonts.has_glyph(rare) and fonts.has_glyph(known)
    assert fonts.drawable(f"{rare}路{known}") == f"[U+20000]路{known}"
    dataset = load_dataset(write_synthetic(tmp_path / "rare", 4, seed=1))
    roads = dataset.layers["roads"]
    roads.loc[roads.index[0], "name_zh"] = f"{rare}{known}大道"
    out = tmp_path / "rare.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" before a box
        export(dataset, RoadFilter.of(), out, dpi=150, title=f"标题{rare}")
    text = _pdf_text(out)
    assert "标题[U+20000]" in text
    deck = tmp_path / "rare.pptx"
    export(dataset, RoadFilter.of(), deck)
    from pptx import Presentation

    cells = {c.text for s in Presentation(str(deck)).slides for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells}
    assert f"{rare}{known}大道" in cells  # the deck keeps the character: the viewer picks a font


# --------------------------------------------------------------------------
# Layout settings


def test_settings_round_trip_and_validation(tmp_path):
    s = LayoutSettings(title="清溪汇报", subtitle="第一季度", notes="讲稿", organisation="清溪镇规划办",
                       paper="A3", orientation="portrait", extent=(114.1, 22.8, 114.2, 22.9), label_size="large")
    data = s.to_dict()
    assert json.loads(json.dumps(data)) == data  # JSON-able for the UI's named templates
    assert LayoutSettings.from_dict(data) == s
    assert LayoutSettings.from_dict({"title": "x", "future_option": 3}).title == "x"  # unknown keys ignored
    for bad, words in [({"paper": "A5"}, "paper"), ({"orientation": 3}, "orientation"),
                       ({"extent": "world"}, "extent"), ({"extent": [1, 2, 3]}, "extent"),
                       ({"extent": [114.3, 22.8, 114.1, 22.9]}, "west < east"), ({"label_size": "huge"}, "label_size"),
                       ({"title": "题" * 500}, "too long"), ({"title": ["a"]}, "title"), ({"logo": 5}, "logo"),
                       ({"notes": "x" * 5000}, "notes"), ({"organisation": "机" * 200}, "organisation")]:
        with pytest.raises(ValueError, match=words):
            LayoutSettings.from_dict(bad)
    with pytest.raises(ValueError, match="mapping"):
        LayoutSettings.from_dict(["title"])


def test_logo_that_is_not_an_image_is_refused(qingxi, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("<svg>not a png</svg>", encoding="utf-8")
    with pytest.raises(ValueError, match="not an image"):
        load_logo(fake)
    for fmt in ("pdf", "pptx"):
        out = tmp_path / f"x.{fmt}"
        with pytest.raises(ValueError, match="logo"):
            export(qingxi, RoadFilter.of(), out, settings={"logo": str(fake)})
        assert not out.exists()
    with pytest.raises(ValueError, match="does not exist"):
        load_logo(tmp_path / "missing.png")


def test_settings_reach_the_page(qingxi, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (200, 30, 30)).save(logo)
    settings = LayoutSettings(title="清溪镇道路汇报", subtitle="一季度", organisation="清溪镇规划办", logo=str(logo),
                              paper="A4", orientation="portrait", notes="仅供内部讨论")
    out = tmp_path / "s.pdf"
    export(qingxi, RoadFilter.of(), out, dpi=150, settings=settings.to_dict())
    from pypdf import PdfReader

    page = PdfReader(str(out)).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait, from the settings
    text = page.extract_text()
    for words in ("清溪镇道路汇报", "一季度", "清溪镇规划办", "仅供内部讨论"):
        assert words in text
    assert len(page.images) >= 1  # the logo
    # The flat options win over the settings.
    out2 = tmp_path / "s2.pdf"
    export(qingxi, RoadFilter.of(), out2, dpi=150, settings=settings, orientation="landscape", title="另一个标题")
    page = PdfReader(str(out2)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height) and "另一个标题" in page.extract_text()


def test_cli_template(qingxi, tmp_path, capsys):
    import argparse

    from qxmap.exports.cli import register

    template = tmp_path / "t.json"
    template.write_text(json.dumps(LayoutSettings(title="模板标题", orientation="portrait").to_dict()),
                        encoding="utf-8")
    parser = argparse.ArgumentParser(prog="qxmap")
    register(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "t.pdf"
    args = parser.parse_args(["export", str(BUNDLED), "--out", str(out), "--dpi", "150", "--template", str(template)])
    assert args.func(args) == 0, capsys.readouterr().err
    assert "模板标题" in _pdf_text(out)
    template.write_text('{"paper": "A9"}', encoding="utf-8")
    args = parser.parse_args(["export", str(BUNDLED), "--out", str(tmp_path / "u.pdf"), "--template", str(template)])
    assert args.func(args) == 2 and "paper" in capsys.readouterr().err
    assert not (tmp_path / "u.pdf").exists()


# --------------------------------------------------------------------------
# Composed snapshot


def _live_map(w=1600, h=1000) -> bytes:
    """A stand-in for the live map image: a colour gradient (every pixel tells where it came from)."""
    from PIL import Image

    yy, xx = np.mgrid[0:h, 0:w]
    arr = np.stack([(xx * 255 // w), (yy * 255 // h), np.full_like(xx, 90)], axis=-1).astype(np.uint8)
    buf = BytesIO()
    Image.fromarray(arr).save(buf, format="PNG")
    return buf.getvalue()


def _find(haystack: np.ndarray, needle: np.ndarray) -> tuple[int, int] | None:
    """Where *needle* (a small patch) sits in *haystack*, exactly."""
    h, w = needle.shape[:2]
    ys, xs = np.nonzero(np.all(haystack == needle[0, 0], axis=-1))
    for y, x in zip(ys, xs):
        if np.array_equal(haystack[y:y + h, x:x + w], needle):
            return int(y), int(x)
    return None


@pytest.mark.parametrize("aspect", ["16:9", "map"])
def test_compose_snapshot(qingxi, aspect):
    from PIL import Image

    from qxmap.exports.snapshot import compose_snapshot

    scene = build_scene(qingxi, RoadFilter.of(phases=["underway"]))
    live = _live_map()
    png = compose_snapshot(live, scene, 2, aspect, metres_per_px=18.0)
    with Image.open(BytesIO(png)) as im:
        assert im.format == "PNG"
        out = np.asarray(im.convert("RGB"))
    h, w = out.shape[:2]
    if aspect == "16:9":
        assert abs(w / h - 16 / 9) < 0.002 and w >= 1600 + 200 and h >= 1000 + 100
        # The map is placed pixel for pixel (never resampled): a patch of it is found unchanged.
        src = np.asarray(Image.open(BytesIO(live)).convert("RGB"))
        patch = src[500:520, 300:330]
        at = _find(out, patch)
        assert at is not None
    else:
        assert (w, h) == (1600, 1000)


def test_compose_snapshot_refuses_bad_input(qingxi):
    from qxmap.exports.snapshot import compose_snapshot

    scene = build_scene(qingxi, RoadFilter.of())
    with pytest.raises(ValueError, match="PNG"):
        compose_snapshot(b"not an image", scene)
    with pytest.raises(ValueError, match="scale"):
        compose_snapshot(_live_map(64, 64), scene, scale=0)
    with pytest.raises(ValueError, match="aspect"):
        compose_snapshot(_live_map(64, 64), scene, aspect="4:3")
    with pytest.raises(ValueError, match="metres_per_px"):
        compose_snapshot(_live_map(64, 64), scene, metres_per_px=-1.0)


def test_preview_of_the_whole_page(qingxi):
    from PIL import Image

    from qxmap.exports import preview

    png = preview(qingxi, RoadFilter.of(phases=["start_this_year"]), "pdf", width_px=600, orientation="portrait")
    with Image.open(BytesIO(png)) as im:
        assert im.width == pytest.approx(600, abs=2) and im.height > im.width  # the page, portrait
    png = preview(qingxi, RoadFilter.of(), "pptx", width_px=500)
    with Image.open(BytesIO(png)) as im:
        assert im.width == pytest.approx(500, abs=2)
    with pytest.raises(ValueError, match="paper"):
        preview(qingxi, RoadFilter.of(), "pdf", paper="A5")


def test_tables_take_a_scene(qingxi, tmp_path):
    from qxmap.exports.tables import read_csv, read_xlsx, write_csv, write_xlsx

    scene = build_scene(qingxi, RoadFilter.of(phases=["start_this_year"]), lang="en")
    write_csv(None, None, tmp_path / "s.csv", scene=scene)
    write_xlsx(None, None, tmp_path / "s.xlsx", scene=scene)
    ids = list(scene.records["id"])
    assert [r["id"] for r in read_csv(tmp_path / "s.csv")] == ids
    rows = read_xlsx(tmp_path / "s.xlsx")
    assert [r["id"] for r in rows] == ids and {r["phase"] for r in rows} == {"To start this year"}
