"""Every byte of a dataset is untrusted text, and text in exports is always literal (issue 10).

A small dataset of horizontal expressways (so every short name gets its label)
whose names, sources and folder name are hostile: formulas, mathtext, markup,
OOXML escapes, control characters, blanks, a list-like string, 500 characters.
The hostile values are put into the loaded dataset in memory, so these tests
check the writers on their own, whatever the loader cleans.  Every file is
read back.
"""
from __future__ import annotations

import argparse
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from qxmap.dataset import load_dataset
from qxmap.exports import export
from qxmap.filtering import RoadFilter
from qxmap.synthetic import synthetic_layers

MATH = ["投资$5^亿元$", "a_b$\\frac{1}{2}$", "价格$\\notacommand$元"]  # the last one is not even valid mathtext
FORMULAS = ["=1+2", "@SUM(A1)", "-3+4", "+cmd|' /C calc'!A0", "\tTAB路"]
LONG = "长" * 500
NAMES = MATH + FORMULAS + ["#N/A", "编号_x0041_路", "   ", "['甲路', '乙路']", LONG,
                           "<b>粗</b> & <script>x</script> -->"]
SOURCE = "报告$第3^页$ <i>&amp;"
FOLDER = "数据$a^b$"
TITLE = "标题$x^2$ <b>&amp; \\frac ]]> -->"
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
FFFD = "\ufffd"


def _write(folder: Path, n: int) -> Path:
    layers = synthetic_layers(n, seed=5, n_exits=1)
    for i, feature in enumerate(layers["roads"]):
        y = 22.79 + 0.011 * i
        feature["geometry"] = {"type": "LineString", "coordinates": [[114.12, y], [114.21, y]]}
        feature["properties"].update(category="expressway", geometry_accuracy="schematic")
    layers["exits"][0]["geometry"]["coordinates"] = [114.105, 22.785]
    folder.mkdir(parents=True)
    for name, features in layers.items():
        (folder / f"{name}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
    return folder


def _hostile(tmp_path, names=NAMES, source=SOURCE):
    """The dataset with *names* (name_zh and name_en) and one *source* put in after loading."""
    dataset = load_dataset(_write(tmp_path / FOLDER, len(names)))
    roads = dataset.layers["roads"]
    roads["name_zh"] = list(names)
    roads["name_en"] = list(names)
    for frame in dataset.layers.values():
        if "source" in frame.columns and len(frame):
            frame["source"] = source
    return dataset


@pytest.fixture
def hostile(tmp_path):
    return _hostile(tmp_path)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _csv_rows(path) -> list[dict]:
    """CSV rows keyed by field code (the header is "名称 (name_zh)")."""
    from qxmap.exports.tables import read_csv

    return read_csv(path)


# --------------------------------------------------------------------------
# 1. Spreadsheets: text cells are text, never formulas


def test_csv_text_cells_starting_like_a_formula_get_an_apostrophe(hostile, tmp_path):
    roads = hostile.layers["roads"]
    roads.loc[roads.index[0], "length_km"] = -1.5  # a negative number stays a number
    hostile.layers["roads"].loc[roads.index[1], "target"] = 2030
    out = tmp_path / "t.csv"
    export(hostile, RoadFilter.of(), out)
    rows = [r for r in _csv_rows(out) if r["id"].startswith("syn-road")]
    assert [r["name_zh"] for r in rows] == [("'" + n if n[0] in "=+-@\t\r" else n) for n in NAMES]
    assert [r["name_en"] for r in rows] == [r["name_zh"] for r in rows]
    assert rows[0]["length_km"] == "-1.5"  # numbers are never prefixed
    assert rows[1]["target"] == "2030"
    assert all(r["source"] == SOURCE for r in rows)
    assert all(not r[c].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r if c != "length_km")


def test_csv_cell_rule():
    from qxmap.exports.tables import csv_cell

    assert csv_cell("=A1") == "'=A1" and csv_cell("\rx") == "'\rx" and csv_cell("a=b") == "a=b"
    assert csv_cell(-3) == -3 and csv_cell(-2.5) == -2.5 and csv_cell(None) == ""
    assert csv_cell("x\x00y") == "x\ufffdy"


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_xlsx_text_cells_are_strings_never_formulas(hostile, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape

    out = tmp_path / "t.xlsx"
    export(hostile, RoadFilter.of(), out, title="=HYPERLINK(\"http://x\")")
    xml = _sheet_xml(out)
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    assert 't="e"' not in xml  # "#N/A" is text, not an error value
    assert "_x005F_x0041_" in xml  # a literal "_x0041_" is guarded: Excel shows it as typed
    wb = load_workbook(out)
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    assert all(c.data_type == "n" for c in cells if not isinstance(c.value, str))
    assert [c.value for c in ws[2]][:3] == ["id", "name_zh", "name_en"]  # row 2: the field codes
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    roads = [r for r in rows if r[0].startswith("syn-road")]
    # Read as Excel reads it (the _xHHHH_ escape decoded): every name exactly as in the data.
    assert [unescape(r[1]) for r in roads] == NAMES
    assert [unescape(r[2]) for r in roads] == NAMES
    from qxmap.exports.tables import COLUMNS

    assert all(r[COLUMNS.index("source")] == SOURCE for r in roads)
    assert all(isinstance(r[6], float) for r in roads)
    assert wb.properties.title == "=HYPERLINK(\"http://x\")"


def test_xlsx_value_rules():
    from qxmap.exports.tables import XLSX_MAX_CHARS, xlsx_text

    assert xlsx_text("a_x0041_x0042_b") == "a_x005F_x0041_x005F_x0042_b"  # both openers guarded
    assert xlsx_text("_x41_ _xZZZZ_ x0041") == "_x41_ _xZZZZ_ x0041"  # not escapes: unchanged
    long = xlsx_text("长" * 40000)
    assert len(long) == XLSX_MAX_CHARS and long.endswith("…")
    from openpyxl.utils.escape import unescape

    for text in ("_x0041_" * 6000, "a_x0041_" * 6000):  # more than the limit once guarded
        long = xlsx_text(text)
        assert len(long) == XLSX_MAX_CHARS and long.endswith("…")
        shown = unescape(long[:-1])  # as Excel reads it: a start of the text, never a decoded escape
        assert len(shown) > 10000 and text.startswith(shown)


# --------------------------------------------------------------------------
# 2. Print layouts and decks: no mathtext, text as runs


def test_pdf_draws_names_title_and_footer_literally(hostile, tmp_path):
    out = tmp_path / "t.pdf"
    export(hostile, RoadFilter.of(), out, dpi=150, title=TITLE)
    text = _squeeze(_pdf_text(out))
    assert _squeeze(TITLE) in text
    for name in MATH + FORMULAS + ["#N/A", "编号_x0041_路", "['甲路', '乙路']"]:
        assert _squeeze(name) in text, name
    assert _squeeze(f"数据来源：{SOURCE}（{FOLDER}）") in text  # source and folder name in the footer
    from pypdf import PdfReader

    assert PdfReader(str(out)).metadata.title == TITLE


def test_pdf_subtitle_with_math_in_the_name_filter(hostile, tmp_path):
    out = tmp_path / "t.pdf"
    road_filter = RoadFilter.of(text="$\\notacommand$")
    export(hostile, road_filter, out, dpi=150)
    assert _squeeze("名称含“$\\notacommand$”") in _squeeze(_pdf_text(out))


def test_every_text_of_a_layout_is_literal(hostile):
    """Every Text artist of the page: drawn with parse_math=False, and the names exactly as in the data."""
    import matplotlib
    from matplotlib.text import Text

    from qxmap.exports import fonts
    from qxmap.exports.layout import Page, build_page

    with matplotlib.rc_context(fonts.rc_params()):
        fig, _ = build_page(hostile, RoadFilter.of(), Page(dpi=150), title=TITLE)
        texts = [t for t in fig.findobj(Text) if t.get_text()]
        assert texts and not [t.get_text() for t in texts if t.get_parse_math()]
        shown = {t.get_text() for t in texts}
        assert TITLE in shown
        assert set(MATH + FORMULAS[:-1]) <= shown
        assert "TAB路" in {s.strip() for s in shown}  # the tab is a space on paper
        assert "syn-road-000010" in shown  # a name of spaces is labelled by its id
        fig.canvas.draw()  # and it renders


def test_rc_params_turn_mathtext_off():
    from qxmap.exports import fonts

    rc = fonts.rc_params()
    assert rc["text.parse_math"] is False and rc["text.usetex"] is False


def test_svg_and_png_render_math_names_and_stay_well_formed(hostile, tmp_path):
    svg = tmp_path / "t.svg"
    export(hostile, RoadFilter.of(), svg, dpi=150, title=TITLE)
    root = ElementTree.parse(svg).getroot()  # well-formed XML whatever the text
    ns = {"svg": "http://www.w3.org/2000/svg", "dc": "http://purl.org/dc/elements/1.1/"}
    assert TITLE in [e.text for e in root.iter("{http://purl.org/dc/elements/1.1/}title")]
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "foreignObject", "b", "i")]
    assert root.find("svg:metadata", ns) is not None
    png = tmp_path / "t.png"
    export(hostile, RoadFilter.of(), png, dpi=150, title=TITLE)
    from PIL import Image

    with Image.open(png) as im:
        assert im.text["Title"] == TITLE


def _slides_xml(path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n).decode("utf-8") for n in sorted(zf.namelist())
                if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]


def test_deck_text_is_literal_runs(tmp_path):
    from pptx import Presentation

    names = MATH + FORMULAS + ["#N/A", "['甲路', '乙路']", "<b>粗</b> & <script>x</script> -->"]
    dataset = _hostile(tmp_path, names)
    out = tmp_path / "t.pptx"
    export(dataset, RoadFilter.of(text="$"), out, title=TITLE)
    prs = Presentation(str(out))
    assert prs.slides[0].shapes.title.text_frame.text == TITLE
    assert prs.core_properties.title == TITLE
    cells = set()
    for slide in list(prs.slides)[2:]:
        for shape in slide.shapes:
            if shape.has_table:
                cells.update(c.text for row in shape.table.rows for c in row.cells)
    shown = [n.strip() for n in names if "$" in n]  # the filter: names containing "$"
    assert set(shown) <= cells
    for xml in _slides_xml(out):
        assert "<a:fld" not in xml  # no field codes: plain runs only
    text = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "名称含“$”" in text and f"{SOURCE}（{FOLDER}）" in text


# --------------------------------------------------------------------------
# 3. Control characters: every writer is safe on its own


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pptx", "pdf", "svg", "png"])
def test_control_characters_in_data_and_title(tmp_path, fmt):
    names = [f"坏{CONTROLS}字", "\u0085换行\u2028路", "好路"]
    dataset = _hostile(tmp_path, names, source=f"来源{CONTROLS}")
    out = tmp_path / f"t.{fmt}"
    options = {} if fmt == "csv" else {"title": f"标题{CONTROLS[:8]}尾"}
    if fmt in ("pdf", "svg", "png"):
        options["dpi"] = 150
    export(dataset, RoadFilter.of(), out, **options)
    cleaned = "坏" + FFFD * len(CONTROLS) + "字"
    if fmt == "csv":
        rows = _csv_rows(out)
        assert rows[0]["name_zh"] == cleaned and rows[0]["source"] == "来源" + FFFD * len(CONTROLS)
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(out)
        assert wb.active["B3"].value == cleaned
        assert wb.properties.title == "标题" + FFFD * 8 + "尾"
    elif fmt == "pptx":
        from pptx import Presentation

        prs = Presentation(str(out))
        assert prs.slides[0].shapes.title.text_frame.text == "标题" + FFFD * 8 + "尾"
        xml = "".join(_slides_xml(out))
        assert "_x00" not in xml  # no "_x0001_" shown as text
        table_text = {c.text for s in prs.slides for sh in s.shapes if sh.has_table
                      for row in sh.table.rows for c in row.cells}
        assert cleaned in table_text  # whole: names wrap, never cut
    elif fmt == "pdf":
        text = _pdf_text(out)
        assert "坏字" in text and "标题尾" in text and "来源" in text
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    elif fmt == "svg":
        ElementTree.parse(out)  # well-formed: no control character in the metadata
    else:
        from PIL import Image

        with Image.open(out) as im:
            assert im.text["Title"] == "标题" + FFFD * 8 + "尾"


def test_text_helpers():
    from qxmap.exports.common import clean_text, display_name, drawn_text

    assert clean_text("a\x00b\tc\nd\re\x7f\ud800\uffff") == "a\ufffdb\tc\nd\re\ufffd\ufffd\ufffd"
    assert drawn_text("a\x00b\tc\nd\u2028e") == "ab c d e"
    assert drawn_text("制图日期：2024　qxmap") == "制图日期：2024　qxmap"  # full-width space kept
    assert display_name({"id": "r1", "name_zh": "  ", "name_en": None}) == "r1"
    assert display_name({"id": "r1", "name_zh": "甲", "name_en": " "}, "en") == "甲"
    assert display_name({"id": "r1", "name_zh": "甲", "name_en": "A"}, "en") == "A"
    assert display_name({"id": "r1", "name_zh": float("nan")}) == "r1"


# --------------------------------------------------------------------------
# 5. Long and odd values


@pytest.mark.parametrize("fmt", ["pdf", "pptx", "xlsx"])
def test_title_of_500_characters_is_refused_cleanly(hostile, tmp_path, fmt):
    with pytest.raises(ValueError, match="too long"):
        export(hostile, RoadFilter.of(), tmp_path / f"t.{fmt}", title="题" * 500)
    assert not list(tmp_path.glob("t.*"))


@pytest.mark.parametrize("title,expected", [
    ("", "清溪镇基础设施项目图"), ("   ", "清溪镇基础设施项目图"), ("['a', 'b']", "['a', 'b']"), ("$", "$"),
    ("题" * 120, "题" * 120), ("\x01\x02\x7f", "清溪镇基础设施项目图"),
])
def test_odd_titles(hostile, tmp_path, title, expected):
    out = tmp_path / "t.pdf"
    export(hostile, RoadFilter.of(), out, dpi=150, title=title)
    from pypdf import PdfReader

    assert PdfReader(str(out)).metadata.title == expected
    assert _squeeze(expected) in _squeeze(_pdf_text(out))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pptx", "png"])
def test_long_blank_and_list_like_names_export(hostile, tmp_path, fmt):
    out = tmp_path / f"t.{fmt}"
    export(hostile, RoadFilter.of(), out, **({"dpi": 150} if fmt == "png" else {}))
    assert out.stat().st_size > 0
    if fmt == "csv":
        rows = _csv_rows(out)
        assert LONG in {r["name_zh"] for r in rows} and "   " in {r["name_zh"] for r in rows}
    if fmt == "pptx":
        from pptx import Presentation

        cells = {c.text for s in Presentation(str(out)).slides for sh in s.shapes if sh.has_table
                 for row in sh.table.rows for c in row.cells}
        assert "syn-road-000010" in cells  # a blank name shows the id
        assert LONG in cells  # the long one wraps in its cell, never cut
        assert not any(c.endswith("…") for c in cells)


def _cli(argv, capsys):
    from qxmap.exports.cli import register

    parser = argparse.ArgumentParser(prog="qxmap")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(["export", *argv])
    status = args.func(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_long_title_is_one_line(hostile, tmp_path, capsys):
    status, out, err = _cli([str(hostile.path), "--out", str(tmp_path / "t.pdf"), "--title", "题" * 500], capsys)
    assert status == 2 and "too long" in err and err.count("\n") == 1
    assert not list(tmp_path.glob("t.*"))


def test_cli_prints_no_control_characters(hostile, tmp_path, capsys):
    """A name filter with terminal escapes is echoed without them (it is cleaned like any export text)."""
    status, out, err = _cli([str(hostile.path), "--out", str(tmp_path / "t.csv"), "--name", "路\x1b]0;pwned\x07"],
                            capsys)
    assert status == 0, err
    assert "\x1b" not in out and "\x07" not in out and "路" in out
