"""Presentation exports (issue 5, the Qt-free part): print layouts, decks, tables, CLI.

Synthetic data for most checks; the bundled Qingxi dataset too where it is
present.  Resolutions are kept at 150 dpi: the point here is content, size
and behaviour on failure, not resolution.
"""
from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qxmap import schema
from qxmap.atomicfile import WriteFailed
from qxmap.dataset import load_dataset
from qxmap.exports import ExportCancelled, export
from qxmap.exports import layout as layout_mod
from qxmap.filtering import RoadFilter
from qxmap.styles import status_color
from qxmap.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "geodata" / "qingxi"
TITLE = "清溪镇基础设施项目图"
A4_PT = (595.28, 841.89)
A3_PT = (841.89, 1190.55)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = write_synthetic(tmp_path_factory.mktemp("syn") / "qingxi", 60, seed=11)
    return load_dataset(folder)


@pytest.fixture(scope="module")
def qingxi():
    if not (BUNDLED / "roads.geojson").is_file():
        pytest.skip("bundled dataset not present")
    return load_dataset(BUNDLED)


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _pdf_fonts(path) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _png(path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def _count_color(pixels: np.ndarray, hex_color: str) -> int:
    rgb = tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return int(np.all(pixels == rgb, axis=-1).sum())


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------
# Fonts and PDF


def test_font_is_the_bundled_free_font():
    from qxmap.exports import fonts

    path = fonts.font_file()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in str(path)


@pytest.mark.parametrize("paper,orientation,size", [
    ("A4", "landscape", (A4_PT[1], A4_PT[0])),
    ("A4", "portrait", A4_PT),
    ("A3", "landscape", (A3_PT[1], A3_PT[0])),
    ("A3", "portrait", A3_PT),
])
def test_pdf_text_layer_and_page_size(synthetic, tmp_path, paper, orientation, size):
    out = tmp_path / "map.pdf"
    road_filter = RoadFilter.of(statuses=["under_construction", "planned"], categories=["external"])
    export(synthetic, road_filter, out, paper=paper, orientation=orientation, dpi=150)
    from pypdf import PdfReader

    page = PdfReader(str(out)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(size[0], abs=1.0)
    assert float(page.mediabox.height) == pytest.approx(size[1], abs=1.0)
    text = _pdf_text(out)
    assert TITLE in text
    drawn = road_filter.apply(synthetic.tracked())
    drawn = drawn[drawn.geometry.notna()]
    for code in set(drawn["status"]):  # the legend names every status drawn
        assert schema.STATUS_LABELS[code][0] in text
    assert "外联道路" in text  # the subtitle: the filter in words
    assert "制图日期" in text and "数据来源" in text
    assert "位置精度：示意" in text and "不能用于测量" in text  # synthetic roads are schematic: the notice says so
    # The text is set in the bundled font, never in a system or non-free one.
    fonts_used = _pdf_fonts(out)
    assert fonts_used and all("NotoSansCJK" in name for name in fonts_used), fonts_used


def test_pdf_bundled_data(qingxi, tmp_path):
    out = tmp_path / "qingxi.pdf"
    export(qingxi, RoadFilter.of(), out, extent="town", title="清溪镇重点项目 2016")
    text = _pdf_text(out)
    assert "清溪镇重点项目 2016" in text
    assert "在建" in text and "规划" in text
    assert "全部道路与出入口" in text
    assert "尚未定位" in text  # most bundled records are unmapped: the footer says how many
    assert "博深高速清溪出入口" in text  # an exit label


def test_scale_bar_is_true(synthetic):
    """The "1:N" on the page matches the map axes: metres per millimetre of paper."""
    import matplotlib

    from qxmap.exports import fonts

    page = layout_mod.Page("A4", "landscape", 150, "pdf")
    with matplotlib.rc_context(fonts.rc_params()):
        fig, _ = layout_mod.build_page(synthetic, RoadFilter.of(), page, extent="town")
    map_ax = [ax for ax in fig.axes if ax.get_zorder() == 1][0]
    pos = map_ax.get_position()
    width_mm = pos.width * fig.get_size_inches()[0] * 25.4
    height_mm = pos.height * fig.get_size_inches()[1] * 25.4
    xspan = np.diff(map_ax.get_xlim())[0]
    yspan = np.diff(map_ax.get_ylim())[0]
    assert xspan / width_mm == pytest.approx(yspan / height_mm, rel=1e-3)  # equal scale in x and y
    texts = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text().startswith("1:")]
    assert len(texts) == 1
    denominator = int(texts[0][2:].replace(",", ""))
    assert denominator == pytest.approx(xspan / width_mm * 1000, rel=0.01)
    # The town is about 13 km across: a scale of tens of thousands, not a lon/lat artefact.
    assert 20_000 < denominator < 200_000


def test_labels_do_not_overlap(tmp_path):
    import matplotlib

    from qxmap.exports import fonts

    dataset = load_dataset(write_synthetic(tmp_path / "dense", 400, seed=3))
    page = layout_mod.Page("A4", "portrait", 150, "pdf")
    with matplotlib.rc_context(fonts.rc_params()):
        fig, data = layout_mod.build_page(dataset, RoadFilter.of(), page, extent="town")
        renderer = fig.canvas.get_renderer()
        labels = [t for ax in fig.axes for t in ax.texts if t.get_zorder() == 9]
        boxes = [t.get_window_extent(renderer) for t in labels]
    assert 10 <= len(labels) < len(data.roads)  # some placed, many skipped
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())


# --------------------------------------------------------------------------
# PNG


@pytest.mark.parametrize("paper,orientation,dpi,expected", [
    ("A4", "landscape", 150, (1754, 1240)),
    ("A4", "portrait", 150, (1240, 1754)),
    ("A3", "landscape", 150, (2480, 1754)),
])
def test_png_pixel_size(synthetic, tmp_path, paper, orientation, dpi, expected):
    out = tmp_path / "map.png"
    export(synthetic, RoadFilter.of(phases=["underway"]), out, paper=paper, orientation=orientation, dpi=dpi)
    pixels = _png(out)
    assert (pixels.shape[1], pixels.shape[0]) == expected
    assert layout_mod.pixel_size(paper, orientation, dpi) == expected


def test_png_600_dpi_size():
    # A4 at 600 dpi is 4961 x 7016: computed, not rendered (too slow for the suite).
    assert layout_mod.pixel_size("A4", "portrait", 600) == (4961, 7016)
    assert layout_mod.pixel_size("A4", "landscape", 300) == (3508, 2480)


def test_png_road_colours_follow_the_filter(synthetic, tmp_path):
    opts = dict(paper="A4", orientation="landscape", dpi=150, extent="town")
    done, planned, everything = tmp_path / "done.png", tmp_path / "planned.png", tmp_path / "all.png"
    export(synthetic, RoadFilter.of(statuses=["completed"]), done, **opts)
    export(synthetic, RoadFilter.of(statuses=["planned"]), planned, **opts)
    export(synthetic, RoadFilter.of(), everything, **opts)
    # The map only: on A4 landscape the legend starts 76 mm from the right edge (297 mm).
    done_px, planned_px, all_px = (_png(p)[:, : int(1754 * 220 / 297)] for p in (done, planned, everything))
    green, blue = status_color("completed"), status_color("planned")
    assert _count_color(done_px, green) > 300
    assert _count_color(planned_px, green) == 0
    assert _count_color(planned_px, blue) > 300
    assert _count_color(done_px, blue) == 0
    road_pixels = [sum(_count_color(px, status_color(c)) for c in schema.STATUSES)
                   for px in (done_px, planned_px, all_px)]
    assert road_pixels[2] > road_pixels[0] and road_pixels[2] > road_pixels[1]
    for code in schema.STATUSES:
        assert _count_color(all_px, status_color(code)) > 200, code


def test_png_bundled(qingxi, tmp_path):
    out = tmp_path / "qingxi.png"
    export(qingxi, RoadFilter.of(statuses=["under_construction"]), out, dpi=150)
    pixels = _png(out)
    assert (pixels.shape[1], pixels.shape[0]) == (1754, 1240)
    assert _count_color(pixels, status_color("under_construction")) > 1000  # S358 and friends


def test_svg(synthetic, tmp_path):
    out = tmp_path / "map.svg"
    export(synthetic, RoadFilter.of(), out, paper="A4", orientation="landscape")
    head = out.read_text(encoding="utf-8")[:2000]
    assert "<svg" in head and 'width="841.889764pt"' in head and 'height="595.275591pt"' in head


# --------------------------------------------------------------------------
# PPTX


def _deck(path):
    from pptx import Presentation

    prs = Presentation(str(path))
    return prs, [s.shapes.title.text_frame.text if s.shapes.title is not None else None for s in prs.slides]


def test_deck_slides(synthetic, tmp_path):
    out = tmp_path / "deck.pptx"
    road_filter = RoadFilter.of(phases=["by_2018", "underway"])
    export(synthetic, road_filter, out, title="汇报")
    prs, titles = _deck(out)
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    from qxmap.exports.deck import expected_titles

    assert titles == expected_titles(synthetic, road_filter, title="汇报")
    # Title, overview map, status chart, then the phases in schema.PHASES order (each maybe continued).
    assert titles[:4] == ["汇报", "总览", "按阶段与状态", "已开工"]
    assert [t for t in titles if not t.endswith("（续）")][3:] == ["已开工", "2018年前建成"]
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for slide, title in zip(list(prs.slides)[1:], titles[1:]):
        kinds = [s.shape_type for s in slide.shapes]
        if title in ("总览", "已开工", "2018年前建成"):
            assert MSO_SHAPE_TYPE.PICTURE in kinds and any(s.has_table for s in slide.shapes)
        elif title.endswith("（续）"):
            assert any(s.has_table for s in slide.shapes)
        else:
            assert MSO_SHAPE_TYPE.PICTURE in kinds  # the chart


def _phase_tables(prs, titles):
    """{phase title: [names in its tables, the continuation slides included]}."""
    out = {}
    for slide, title in zip(prs.slides, titles):
        base = title[:-len("（续）")] if title.endswith("（续）") else title
        for shape in slide.shapes:
            if shape.has_table:
                table = shape.table
                header = [c.text for c in table.rows[0].cells]
                if header[0] == "名称":
                    out.setdefault(base, []).extend(table.cell(r, 0).text for r in range(1, len(table.rows)))
    return out


def test_deck_phase_tables(synthetic, tmp_path):
    out = tmp_path / "deck.pptx"
    export(synthetic, RoadFilter.of(), out)
    prs, titles = _deck(out)
    records = RoadFilter.of().apply(synthetic.tracked())
    phases = [p for p in schema.PHASES if (records["phase"] == p).any()]
    assert [t for t in titles[3:] if not t.endswith("（续）")] == [schema.PHASE_LABELS[p][0] for p in phases]
    tables = _phase_tables(prs, titles)
    for phase in phases:
        part = records[records["phase"] == phase]
        # Every record of the phase, in order, across the continuation slides: no "…及另外 N 项".
        assert tables[schema.PHASE_LABELS[phase][0]] == list(part["name_zh"])
    for slide, title in zip(list(prs.slides)[3:], titles[3:]):
        table = next(s for s in slide.shapes if s.has_table).table
        header = [c.text for c in table.rows[0].cells]
        if title.endswith("（续）"):
            assert header == ["名称", "类别", "状态", "km", "目标", "位置"]
        else:
            assert header == ["名称", "状态", "km", "目标"]
            text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            assert "按状态" in text
        assert "及另外" not in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        # East Asian typeface set on the runs.
        assert 'a:ea typeface="Microsoft YaHei"' in slide.shapes.title._element.xml


def test_deck_bundled(qingxi, tmp_path):
    out = tmp_path / "qingxi.pptx"
    export(qingxi, RoadFilter.of(statuses=["under_construction"]), out)
    _, titles = _deck(out)
    assert titles[:4] == ["清溪镇基础设施项目", "总览", "按阶段与状态", "已开工"]
    assert set(titles[4:]) <= {"已开工（续）"}


# --------------------------------------------------------------------------
# Tables


def test_csv(synthetic, tmp_path):
    from qxmap.exports.tables import read_csv

    out = tmp_path / "roads.csv"
    road_filter = RoadFilter.of(statuses=["under_construction", "completed"])
    export(synthetic, road_filter, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header == ["编号 (id)", "名称 (name_zh)", "英文名称 (name_en)", "类别 (category)", "建设阶段 (phase)",
                      "状态 (status)", "示意长度（km） (length_km)", "开工年份 (start)", "目标年份 (target)",
                      "进度（%） (progress)", "建设单位 (owner)", "施工单位 (contractor)",
                      "投资估算（万元） (budget_wan)", "实际开工日期 (actual_start)", "实际完工日期 (completed_on)",
                      "位置精度 (geometry_accuracy)", "报告原文 (source)"]
    rows = read_csv(out)
    expected = road_filter.apply(synthetic.tracked())
    assert [r["id"] for r in rows] == list(expected["id"])
    assert {r["status"] for r in rows} == {"在建", "已建成"}
    unmapped = [r for r in rows if r["geometry_accuracy"] == "尚未定位"]
    assert unmapped and all(r["length_km"] == "" for r in unmapped)  # unknown, not zero
    mapped_roads = [r for r in rows if r["id"].startswith("syn-road") and r["geometry_accuracy"] != "尚未定位"]
    assert mapped_roads and all(float(r["length_km"]) > 0 for r in mapped_roads)
    out_en = tmp_path / "roads-en.csv"
    export(synthetic, road_filter, out_en, lang="en")
    header = next(csv.reader(io.StringIO(out_en.read_bytes().decode("utf-8-sig"))))
    assert header[:3] == ["ID (id)", "Chinese name (name_zh)", "English name (name_en)"]
    assert {r["status"] for r in read_csv(out_en)} == {"Under construction", "Completed"}


def test_xlsx(synthetic, tmp_path):
    from openpyxl import load_workbook

    from qxmap.exports.tables import read_xlsx

    out = tmp_path / "roads.xlsx"
    road_filter = RoadFilter.of(phases=["start_this_year"])
    export(synthetic, road_filter, out)
    wb = load_workbook(out)
    ws = wb.active
    assert [c.value for c in ws[1]][:6] == ["编号", "名称", "英文名称", "类别", "建设阶段", "状态"]
    assert [c.value for c in ws[2]][:6] == ["id", "name_zh", "name_en", "category", "phase", "status"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A3"  # both header rows stay in view
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    expected = road_filter.apply(synthetic.tracked())
    assert [r[0] for r in rows] == list(expected["id"])
    assert {r[4] for r in rows} == {"今年动工"}
    assert {r[5] for r in rows} <= {label for label, _ in schema.STATUS_LABELS.values()}
    km = [r[6] for r in rows if r[6] is not None]
    assert km and all(isinstance(v, float) for v in km)
    # Widths fit the content, CJK counted double: the name column is wider than the status column.
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["B"] >= 2 * len("合成道路12号") - 2 and widths["F"] < widths["B"]
    # A sheet per layer after the filtered records.
    assert wb.sheetnames[:3] == ["筛选结果", "道路", "高速出入口"]
    roads = read_xlsx(out, "道路")
    assert [r["id"] for r in roads] == list(expected[expected["layer"] == "roads"]["id"])
    exits = read_xlsx(out, "高速出入口")
    assert all("road" in r for r in exits)
    # Re-import by the codes of row 2.
    back = read_xlsx(out)
    assert [r["id"] for r in back] == list(expected["id"]) and back[0]["phase"] == "今年动工"
    out_en = tmp_path / "roads-en.xlsx"
    export(synthetic, road_filter, out_en, lang="en")
    ws = load_workbook(out_en).active
    assert [c.value for c in ws[1]][:2] == ["ID", "Chinese name"] and ws["B2"].value == "name_zh"


def test_xlsx_bundled_layers(qingxi, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "qingxi.xlsx"
    export(qingxi, RoadFilter.of(), out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["筛选结果", "道路", "高速出入口", "产业与创新片区", "公园与景区", "公共设施与环境项目"]
    parks = wb["公园与景区"]
    assert [c.value for c in parks[2]][:4] == ["id", "name_zh", "name_en", "kind"]
    assert any(r[1] == "清溪银瓶山森林公园" for r in parks.iter_rows(min_row=3, values_only=True))
    header = [c.value for c in wb.active[1]]
    assert "name_zh" not in header and "geometry_accuracy" not in header  # no raw codes in the header row


def test_tables_bundled(qingxi, tmp_path):
    from qxmap.exports.tables import read_csv

    out = tmp_path / "qingxi.csv"
    export(qingxi, RoadFilter.of(), out)
    rows = read_csv(out)
    assert len(rows) == len(qingxi.tracked())  # unmapped records are rows too
    s358 = next(r for r in rows if r["id"] == "road-s358")
    assert s358["status"] == "在建" and float(s358["length_km"]) > 5


# --------------------------------------------------------------------------
# Options, failure, cancellation, progress


@pytest.mark.parametrize("kwargs,words", [
    (dict(fmt="docx"), "format"),
    (dict(fmt="pdf", dpi=72), "dpi"),
    (dict(fmt="pdf", paper="A5"), "paper"),
    (dict(fmt="pdf", orientation="sideways"), "orientation"),
    (dict(fmt="pdf", extent="world"), "extent"),
    (dict(fmt="pdf", extent=(114.3, 22.8, 114.1, 22.9)), "west < east"),
    (dict(fmt="csv", paper="A4"), "does not apply"),
    (dict(fmt="pptx", lang="fr"), "lang"),
])
def test_bad_options(synthetic, tmp_path, kwargs, words):
    fmt = kwargs.pop("fmt")
    with pytest.raises(ValueError, match=words):
        export(synthetic, RoadFilter.of(), tmp_path / f"out.{fmt}", fmt, **kwargs)
    assert _files(tmp_path) == []


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg", "pptx", "csv", "xlsx"])
def test_missing_folder_leaves_nothing(synthetic, tmp_path, fmt):
    with pytest.raises(WriteFailed, match="does not exist"):
        export(synthetic, RoadFilter.of(), tmp_path / "nope" / f"out.{fmt}", dpi=150 if fmt in "png pdf svg" else None)
    assert _files(tmp_path) == []


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg", "pptx", "csv", "xlsx"])
def test_cancel_midway_leaves_nothing(synthetic, tmp_path, fmt):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) >= 3

    with pytest.raises(ExportCancelled):
        export(synthetic, RoadFilter.of(), tmp_path / f"out.{fmt}", cancel=cancel,
               dpi=150 if fmt in "png pdf svg" else None)
    assert _files(tmp_path) == []  # no file, no .part file


@pytest.mark.parametrize("fmt", ["pdf", "pptx", "xlsx"])
def test_cancel_after_writing_keeps_the_old_file(synthetic, tmp_path, fmt):
    """Cancelled at the last step, after the temporary file was written: the old file stays."""
    target = tmp_path / f"out.{fmt}"
    target.write_bytes(b"old")
    seen = []

    def progress(fraction, message):
        seen.append(fraction)

    def cancel():
        return bool(seen) and seen[-1] >= 0.8

    with pytest.raises(ExportCancelled):
        export(synthetic, RoadFilter.of(), target, progress=progress, cancel=cancel,
               dpi=150 if fmt == "pdf" else None)
    assert target.read_bytes() == b"old"
    assert _files(tmp_path) == [target.name]


def test_progress_reports(synthetic, tmp_path):
    seen = []
    export(synthetic, RoadFilter.of(), tmp_path / "out.pdf", dpi=150, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 5
    assert all(isinstance(m, str) and m for _, m in seen)


# --------------------------------------------------------------------------
# CLI


def _cli(argv, capsys):
    from qxmap.exports.cli import register

    parser = argparse.ArgumentParser(prog="qxmap")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    status = args.func(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg", "pptx", "csv", "xlsx"])
def test_cli_each_format(synthetic, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    argv = ["export", str(synthetic.path), "--format", fmt, "--out", str(out), "--phase", "underway",
            "--status", "在建", "--status", "planned"]
    if fmt in ("png", "pdf", "svg"):
        argv += ["--paper", "A4", "--orientation", "portrait", "--dpi", "150", "--title", "测试标题"]
    status, stdout, err = _cli(argv, capsys)
    assert status == 0, err
    assert out.is_file() and out.stat().st_size > 0
    assert _files(tmp_path) == [out.name]
    if fmt == "pdf":
        assert "测试标题" in _pdf_text(out)
    if fmt == "csv":
        from qxmap.exports.tables import read_csv

        rows = read_csv(out)
        expected = RoadFilter.of(["underway"], ["under_construction", "planned"]).apply(synthetic.tracked())
        assert [r["id"] for r in rows] == list(expected["id"])


def test_cli_workspace_gpkg(synthetic, tmp_path, capsys):
    gpkg = tmp_path / "work.gpkg"
    try:
        from qxmap.workspace import create_workspace
    except ImportError:  # the workspace module is optional for this test: a plain GeoPackage will do
        for name, frame in synthetic.layers.items():
            if len(frame):
                frame.drop(columns=[c for c in ("length_km", "area_km2") if c in frame]).to_file(
                    gpkg, layer=name, driver="GPKG")
    else:
        create_workspace(synthetic.path, gpkg)
    out = tmp_path / "out.xlsx"
    status, _, err = _cli(["export", str(gpkg), "--out", str(out)], capsys)
    assert status == 0, err
    assert out.is_file()


@pytest.mark.parametrize("extra,words", [
    (["--phase", "bogus"], "unknown phase"),
    (["--status", "finished"], "unknown status"),
    (["--category", "motorway"], "unknown category"),
    (["--dpi", "72"], "dpi"),
    (["--dpi", "lots"], "dpi"),
    (["--paper", "A5"], "paper"),
    (["--orientation", "upside"], "orientation"),
    (["--extent", "1,2,3"], "extent"),
    (["--format", "docx"], "format"),
    (["--format", "csv", "--dpi", "300"], "--dpi does not apply"),
])
def test_cli_bad_arguments(synthetic, tmp_path, capsys, extra, words):
    out = tmp_path / "out.pdf" if "csv" not in extra else tmp_path / "out.csv"
    status, stdout, err = _cli(["export", str(synthetic.path), "--out", str(out), *extra], capsys)
    assert status == 2
    assert words in err and len(err.strip().splitlines()) == 1
    assert _files(tmp_path) == []


def test_cli_unwritable_and_invalid(synthetic, tmp_path, capsys):
    status, _, err = _cli(["export", str(synthetic.path), "--out", str(tmp_path / "no" / "x.pdf")], capsys)
    assert status == 2 and "does not exist" in err and len(err.strip().splitlines()) == 1
    status, _, err = _cli(["export", str(synthetic.path), "--out", str(tmp_path)], capsys)
    assert status == 2 and "folder" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "roads.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    out = tmp_path / "x.pdf"
    status, _, err = _cli(["export", str(bad), "--out", str(out)], capsys)
    assert status == 1 and "invalid dataset" in err and len(err.strip().splitlines()) == 1
    status, _, err = _cli(["export", str(tmp_path / "missing"), "--out", str(out)], capsys)
    assert status == 1 and "invalid dataset" in err
    status, _, err = _cli(["export", str(synthetic.path)], capsys)
    assert status == 2 and "--out" in err
    assert _files(tmp_path) == ["bad"]


# --------------------------------------------------------------------------
# No Qt


def test_exports_never_import_qt(tmp_path):
    for path in (ROOT / "qxmap" / "exports").glob("*.py"):
        assert "PySide6" not in path.read_text(encoding="utf-8"), path
    code = (
        "import sys\n"
        "from qxmap.synthetic import write_synthetic\n"
        "from qxmap.dataset import load_dataset\n"
        "from qxmap.filtering import RoadFilter\n"
        "from qxmap.exports import export\n"
        "import qxmap.exports.cli, qxmap.exports.deck, qxmap.exports.layout, qxmap.exports.tables\n"
        f"d = load_dataset(write_synthetic({str(tmp_path / 'syn')!r}, 20))\n"
        f"export(d, RoadFilter.of(), {str(tmp_path / 'x.png')!r}, dpi=150)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("MPLBACKEND",)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr


def test_the_basemap_credit_follows_the_source_line_in_its_language():
    from qxmap.exports.common import with_basemap_credit

    assert with_basemap_credit("数据来源：x", "© OpenStreetMap contributors") == \
        "数据来源：x；底图：© OpenStreetMap contributors"
    assert with_basemap_credit("Source: x", " ©  OSM\n", "en") == "Source: x; basemap: © OSM"
    assert with_basemap_credit("Source: x", "", "en") == "Source: x"
    assert with_basemap_credit("Source: x", None) == "Source: x"
