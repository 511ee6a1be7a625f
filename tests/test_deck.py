"""Slides readable when projected (issue 13): the bundled deck read back with python-pptx."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from qxmap.dataset import load_dataset
from qxmap.exports import export
from qxmap.filtering import RoadFilter

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "geodata" / "qingxi"
EMU_PER_IN = 914400
PT = 12700  # EMU per point


@pytest.fixture(scope="module")
def qingxi():
    if not (BUNDLED / "roads.geojson").is_file():
        pytest.skip("bundled dataset not present")
    return load_dataset(BUNDLED)


@pytest.fixture(scope="module")
def deck(qingxi, tmp_path_factory):
    from pptx import Presentation

    out = tmp_path_factory.mktemp("deck") / "qingxi.pptx"
    export(qingxi, RoadFilter.of(), out)
    return Presentation(str(out))


def _titles(prs):
    return [s.shapes.title.text_frame.text for s in prs.slides]


def _runs(shape):
    frames = []
    if shape.has_text_frame:
        frames.append((False, shape.text_frame))
    if getattr(shape, "has_table", False) and shape.has_table:
        frames += [(True, c.text_frame) for row in shape.table.rows for c in row.cells]
    for in_table, frame in frames:
        for para in frame.paragraphs:
            for run in para.runs:
                if run.text.strip():
                    yield in_table, run


def test_slides_are_16_9_with_the_expected_titles(qingxi, deck):
    from qxmap.exports.deck import expected_titles

    assert deck.slide_width * 9 == deck.slide_height * 16
    titles = _titles(deck)
    assert titles == expected_titles(qingxi, RoadFilter.of())
    assert titles[:4] == ["清溪镇基础设施项目", "总览", "按阶段与状态", "已开工"]
    assert "今年动工" in titles and "今年动工（续）" in titles  # 19 rows: the table continues


def test_text_sizes_readable_when_projected(deck):
    for slide in deck.slides:
        for shape in slide.shapes:
            for in_table, run in _runs(shape):
                size = run.font.size
                assert size is not None, run.text
                assert size.pt >= (12 if in_table else 14), (run.text, size.pt)


def test_names_are_never_cut_and_tables_continue(qingxi, deck):
    titles = _titles(deck)
    names = {}
    for slide, title in zip(deck.slides, titles):
        base = title.removesuffix("（续）")
        for shape in slide.shapes:
            if shape.has_table and shape.table.cell(0, 0).text == "名称":
                names.setdefault(base, []).extend(shape.table.cell(r, 0).text for r in range(1, len(shape.table.rows)))
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "及另外" not in text
    records = qingxi.tracked()
    assert names["今年动工"] == list(records[records["phase"] == "start_this_year"]["name_zh"])
    assert "从莞高速清溪支线新增保税物流中心出入口" in names["2018年前建成"]
    assert not any("…" in n for ns in names.values() for n in ns)


def test_speaker_notes_on_every_slide_after_the_title(qingxi, deck):
    slides = list(deck.slides)
    assert not slides[0].has_notes_slide or not slides[0].notes_slide.notes_text_frame.text.strip()
    for slide in slides[1:]:
        assert slide.has_notes_slide
        notes = slide.notes_slide.notes_text_frame.text
        assert "筛选：全部道路与出入口" in notes and "位置精度：" in notes and "按状态：" in notes
    # The report's words for what a phase slide shows.
    titles = _titles(deck)
    notes = slides[titles.index("已开工")].notes_slide.notes_text_frame.text
    s358 = qingxi.layers["roads"].set_index("id").loc["road-s358", "source"]
    assert "报告原文" in notes and s358 in notes
    sty = slides[titles.index("今年动工")].notes_slide.notes_text_frame.text
    assert "19 项均尚未定位" in sty  # the unlocated notice is said, too


def test_map_pictures_are_sharp_and_drawn_at_slide_size(deck):
    from PIL import Image
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    n = 0
    for slide in list(deck.slides)[1:]:
        for shape in slide.shapes:
            if shape.shape_type != MSO_SHAPE_TYPE.PICTURE:
                continue
            with Image.open(BytesIO(shape.image.blob)) as im:
                w_px, h_px = im.size
                dpi = im.info["dpi"][0]
            assert w_px >= 2560  # 2x a 13.33 in slide at 96 dpi
            # Drawn at the size it is shown: points in the picture are points on the slide.
            assert w_px / dpi == pytest.approx(shape.width / EMU_PER_IN, rel=0.01)
            assert h_px / dpi == pytest.approx(shape.height / EMU_PER_IN, rel=0.01)
            n += 1
    assert n >= 7  # the overview map, the chart, five phase maps


def test_slide_map_text_is_at_least_10_pt(qingxi):
    import matplotlib
    from matplotlib.text import Text

    from qxmap.exports import fonts
    from qxmap.exports.deck import CONTENT_BOTTOM, CONTENT_TOP, MAP_W_IN, slide_map_style
    from qxmap.exports.layout import map_figure
    from qxmap.exports.scene import build_scene

    for label_size in ("small", "normal"):
        scene = build_scene(qingxi, RoadFilter.of(), settings={"label_size": label_size})
        with matplotlib.rc_context(fonts.rc_params()):
            sheet, frame = map_figure(scene, (MAP_W_IN, CONTENT_BOTTOM - CONTENT_TOP), 100,
                                      slide_map_style(scene.settings))
            texts = [t for t in sheet.fig.findobj(Text) if t.get_text().strip()]
            labels = [t for t in texts if t.get_gid() == "label"]
            assert frame.labels == len(labels) >= 6
            assert min(t.get_fontsize() for t in texts) >= 10
            renderer = sheet.fig.canvas.get_renderer()
            boxes = [t.get_window_extent(renderer) for t in labels]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())


def test_the_deck_draws_each_picture_once(qingxi, tmp_path, monkeypatch):
    from qxmap.exports import charts, mapart, scene

    calls = {"prepare": 0, "draw_map": 0, "chart": 0}

    def counting(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(scene, "prepare", counting("prepare", scene.prepare))
    monkeypatch.setattr(mapart, "draw_map", counting("draw_map", mapart.draw_map))
    monkeypatch.setattr(charts, "status_chart_figure", counting("chart", charts.status_chart_figure))
    import qxmap.exports.layout as layout

    monkeypatch.setattr(layout, "draw_map", mapart.draw_map)
    export(qingxi, RoadFilter.of(), tmp_path / "d.pptx")
    assert calls == {"prepare": 1, "draw_map": 1 + 5, "chart": 1}  # the data projected once; a map per map slide


def test_english_deck(qingxi, tmp_path):
    from pptx import Presentation

    out = tmp_path / "en.pptx"
    export(qingxi, RoadFilter.of(phases=["start_this_year"]), out, lang="en", title="Briefing")
    prs = Presentation(str(out))
    titles = _titles(prs)
    assert titles[:4] == ["Briefing", "Overview", "By phase and status", "To start this year"]
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert "None of the 19 records is located yet" in notes
