"""Slide decks (python-pptx, 16:9) for presenting the projects to officials.

One :class:`~qxmap.exports.scene.Scene` for the deck; each phase slide draws
the phase's scene (``Scene.for_phase``, which reuses the projected data), so
every picture is drawn once and the layout code is not re-entered per slide.

Slides, in order:

1. title slide: organisation and logo, the title, the subtitle and the filter
   in words, the record count, the date, the source and the caution about
   schematic positions;
2. overview ("总览"): the map of the whole town under the filter (filtered
   features in their status colours, the others muted, outside the town
   masked), counts and km by status and by phase;
3. status overview ("按阶段与状态"): a bar chart of records and km by status
   for each phase;
4. one slide per build phase with records, in ``schema.PHASES`` order: the
   phase's map (the notice "19 项尚未定位：见右侧列表" on it when records have no
   position) and the table of its records; a table that does not fit goes on
   over the next slides titled "今年动工（续）" with the rest of the rows, full
   width.  Names are never cut: a long name wraps inside its cell and the row
   grows (the pagination counts the wrapped lines).

Readable when projected: body text at least 14 pt, table text 12 pt or more,
map labels at least 10 pt at the slide's size (the map picture is drawn at
the size it is shown, at least 2,560 pixels wide: 2x a 13.33 in slide at 96
dpi).  Every slide after the title has speaker notes: the filter, the
counts, the position accuracy and the report's own words (the ``source``
field) for what the slide shows.

Chinese text names the font "Microsoft YaHei" as both the Latin and the East
Asian typeface (present on Windows; other viewers substitute their CJK font).
Text is always literal: every text is a plain run (``_set_text``; no field
codes), cleaned by ``common.clean_text``, and so are the notes and the
document properties.
"""
from __future__ import annotations

import math
from io import BytesIO
from pathlib import Path

import pandas as pd

from qxmap import schema
from qxmap.atomicfile import atomic_path
from qxmap.dataset import Dataset
from qxmap.exports import fonts
from qxmap.exports.common import (
    CancelFn, ProgressFn, Reporter, check_lang, clean_text, display_name, measured_km, year_text,
)
from qxmap.exports.mapart import MapStyle
from qxmap.exports.scene import Scene, accuracy_short, build_scene
from qxmap.exports.settings import check_title, coerce_settings, load_logo
from qxmap.filtering import RoadFilter
from qxmap.words import Words

SLIDE_W_IN = 13.333
SLIDE_H_IN = 7.5
SLIDE_W_EMU, SLIDE_H_EMU = 12192000, 6858000  # PowerPoint's own 16:9 size
#: The smallest map picture width in pixels: 2x a 13.33 in slide at 96 dpi.
MIN_PICTURE_PX = 2560
LEFT = 0.5
CONTENT_TOP = 1.5
CONTENT_BOTTOM = 6.55
MAP_W_IN = 7.3
TABLE_LEFT = LEFT + MAP_W_IN + 0.25
TABLE_W_IN = SLIDE_W_IN - LEFT - TABLE_LEFT
BODY_PT = 14
TABLE_PT = 12
TITLE_PT = 28
INK = (0x22, 0x22, 0x22)
GREY = (0x55, 0x55, 0x55)
WARN = (0x9A, 0x34, 0x12)
WHITE = (0xFF, 0xFF, 0xFF)


def default_deck_title(lang: str = "zh") -> str:
    return "清溪镇基础设施项目" if lang == "zh" else "Qingxi Town Infrastructure Projects"


def overview_title(lang: str = "zh") -> str:
    return "总览" if lang == "zh" else "Overview"


def chart_title(lang: str = "zh") -> str:
    return "按阶段与状态" if lang == "zh" else "By phase and status"


def phase_title(phase: str, lang: str = "zh") -> str:
    """Title of a phase slide: the phase label (e.g. "今年动工")."""
    return schema.label(schema.PHASE_LABELS, phase, lang)


def continued(title: str, lang: str = "zh") -> str:
    return f"{title}（续）" if lang == "zh" else f"{title} (cont.)"


def deck_phases(records: pd.DataFrame) -> list[str]:
    """Phases that get a slide: those of ``schema.PHASES`` with at least one record."""
    present = set(records["phase"]) if len(records) else set()
    return [p for p in schema.PHASES if p in present]


def slide_map_style(settings) -> MapStyle:
    """Map text on slides, in points at the slide's size: labels at least 10 pt."""
    f = settings.label_factor
    return MapStyle(label_pt=max(10.0, 11.0 * f), area_label_pt=max(10.0, 10.5 * f), small_pt=11.0,
                    notice_pt=15.0, legend_pt=12.0, line_scale=1.45, max_labels=160)


def picture_dpi(width_in: float) -> int:
    return int(math.ceil(MIN_PICTURE_PX / width_in))


# --------------------------------------------------------------------------
# Table pagination (names wrap, never cut)


def text_width_em(text: str) -> float:
    """Approximate width of *text* in em: CJK and full-width 1, others 0.6 (on the safe side)."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text)


def cell_lines(text: str, width_in: float, size_pt: float) -> int:
    """Lines a cell of *width_in* needs for *text* at *size_pt* (cell margins of 4 pt each side)."""
    room_em = max((width_in * 72 - 8) / size_pt, 1.0)
    return max(1, math.ceil(text_width_em(text) / room_em - 1e-9))


def row_height(cells, widths, size_pt: float) -> float:
    lines = max(cell_lines(c, w, size_pt) for c, w in zip(cells, widths))
    return lines * size_pt * 1.22 / 72 + 0.1


def fit_count(rows, widths, size_pt, limit, header_h) -> int:
    """How many of *rows* (from the first) fit in *limit* inches under a header row (0 allowed)."""
    used = header_h
    for i, row in enumerate(rows):
        used += row_height(row, widths, size_pt)
        if used > limit:
            return i
    return len(rows)


def paginate(rows, widths, size_pt, limit, header_h) -> list[list]:
    """*rows* split into pages of *limit* inches (header row included); at least one row a page."""
    pages, page, used = [], [], header_h
    for row in rows:
        h = row_height(row, widths, size_pt)
        if page and used + h > limit:
            pages.append(page)
            page, used = [], header_h
        page.append(row)
        used += h
    if page:
        pages.append(page)
    return pages


# --------------------------------------------------------------------------
# python-pptx helpers


def _emu(inches: float) -> int:
    from pptx.util import Inches

    return int(Inches(inches))


def _font_run(run, size: float | None = None, bold: bool | None = None, color=INK, lang: str = "zh") -> None:
    from lxml import etree
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font = run.font
    font.name = fonts.PPTX_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = RGBColor(*color)
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "zh-CN" if lang == "zh" else "en-US")
    rpr.set("altLang", "en-US")
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = etree.SubElement(rpr, qn("a:ea"))
        rpr.find(qn("a:latin")).addnext(ea)
    ea.set("typeface", fonts.PPTX_FONT)


def _set_text(text_frame, lines, size, bold=False, color=INK, lang="zh", align=None) -> None:
    """Replace the text of *text_frame* by *lines* (a string or a list of strings), one plain run per line."""
    if isinstance(lines, str):
        lines = [lines]
    text_frame.clear()
    for i, line in enumerate(lines):
        # python-pptx would write a control character as the visible text "_x0001_": U+FFFD instead.
        line = clean_text(line)
        para = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = line
        _font_run(run, size, bold, color, lang)


def _textbox(slide, left, top, width, height, lines, size, **kw):
    from pptx.enum.text import MSO_ANCHOR

    box = slide.shapes.add_textbox(_emu(left), _emu(top), _emu(width), _emu(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.TOP
    _set_text(tf, lines, size, **kw)
    return box


def _title(slide, text, lang, top=0.3, height=0.72, size=TITLE_PT):
    from pptx.enum.text import PP_ALIGN

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _emu(LEFT), _emu(top), _emu(SLIDE_W_IN - 2 * LEFT), _emu(height)
    _set_text(shape.text_frame, text, size, bold=True, lang=lang, align=PP_ALIGN.LEFT)
    return shape


def _table(slide, left, top, widths, rows, lang, size=TABLE_PT, align_right=(), header_size=None):
    """A table with a header row; *rows* are lists of strings (first row = header).  Cells wrap."""
    header_size = header_size or size
    heights = [row_height(r, widths, header_size if i == 0 else size) for i, r in enumerate(rows)]
    shape = slide.shapes.add_table(len(rows), len(widths), _emu(left), _emu(top), _emu(sum(widths)),
                                   _emu(sum(heights)))
    tbl = shape.table._tbl
    for grid_col, w in zip(tbl.tblGrid.gridCol_lst, widths):
        grid_col.set("w", str(_emu(w)))
    # The rows as XML in one piece (the same runs as ``_set_text`` writes): python-pptx's per-cell API
    # takes seconds for the thousands of cells of a long deck.
    from pptx.oxml import parse_xml

    parts = [f'<a:tbl xmlns:a="{_A_NS}">']
    for i, (row, h) in enumerate(zip(rows, heights)):
        parts.append(f'<a:tr h="{_emu(h)}">')
        for j, value in enumerate(row):
            parts.append(_cell_xml(value, header_size if i == 0 else size, i == 0, WHITE if i == 0 else INK,
                                   lang, j in align_right))
        parts.append("</a:tr>")
    parts.append("</a:tbl>")
    for tr in list(tbl.tr_lst):
        tbl.remove(tr)
    for tr in parse_xml("".join(parts)).tr_lst:
        tbl.append(tr)
    return shape, sum(heights)


EMU_PER_PT = 12700
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _cell_xml(value, size, bold, color, lang, right) -> str:
    """One table cell as DrawingML: a plain run, cleaned and escaped (never a field), 4 pt side margins."""
    from xml.sax.saxutils import escape

    text = escape(clean_text(value))
    ppr = '<a:pPr algn="r"/>' if right else ""
    rgb = "%02X%02X%02X" % color
    return ('<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
            f'<a:p>{ppr}<a:r><a:rPr lang="{"zh-CN" if lang == "zh" else "en-US"}" altLang="en-US" '
            f'sz="{int(round(size * 100))}" b="{1 if bold else 0}"><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill>'
            f'<a:latin typeface="{fonts.PPTX_FONT}"/><a:ea typeface="{fonts.PPTX_FONT}"/></a:rPr>'
            f'<a:t>{text}</a:t></a:r></a:p></a:txBody>'
            f'<a:tcPr marL="{4 * EMU_PER_PT}" marR="{4 * EMU_PER_PT}" marT="{2 * EMU_PER_PT}" '
            f'marB="{2 * EMU_PER_PT}"/></a:tc>')


def _picture(slide, png: bytes, left, top, width, height=None):
    return slide.shapes.add_picture(BytesIO(png), _emu(left), _emu(top), width=_emu(width),
                                    height=None if height is None else _emu(height))


def _notes(slide, lines) -> None:
    text = "\n".join(clean_text(line) for line in lines if line is not None)
    slide.notes_slide.notes_text_frame.text = text


def _footer(slide, scene: Scene) -> None:
    zh = scene.zh
    caution = "（示意位置，不能用于测量）" if zh else " (schematic positions: not for measurement)"
    first = scene.accuracy_note + (caution if scene.caution else "") + ("　制图日期：" if zh else "  Date: ") + scene.date
    lines = [first, scene.source]
    _textbox(slide, LEFT, CONTENT_BOTTOM + 0.08, SLIDE_W_IN - 2 * LEFT, SLIDE_H_IN - CONTENT_BOTTOM - 0.12, lines,
             BODY_PT, color=GREY, lang=scene.lang)


def _subtitle(slide, text, lang, color=GREY):
    _textbox(slide, LEFT, 0.98, SLIDE_W_IN - 2 * LEFT, 0.45, text, 16, color=color, lang=lang)


def _count_line(scene: Scene) -> str:
    n_roads = int((scene.records["layer"] == "roads").sum()) if scene.n_records else 0
    n_exits = scene.n_records - n_roads
    if scene.zh:
        return (f"{scene.n_records} 项（道路 {n_roads}、出入口 {n_exits}），图上已定位 {scene.n_located} 项，"
                f"尚未定位 {scene.n_unlocated} 项")
    return (f"{scene.n_records} records ({n_roads} roads, {n_exits} exits); {scene.n_located} located, "
            f"{scene.n_unlocated} not yet located")


def _base_notes(deck_scene: Scene, scene: Scene, what: str) -> list[str]:
    zh = scene.zh
    lines = [what,
             ("筛选：" if zh else "Filter: ") + deck_scene.subtitle,
             scene.stats_line,
             ("按状态：" if zh else "By status: ") + scene.status_text(),
             scene.accuracy_note]
    if scene.caution:
        lines.append(scene.caution + ("。" if zh else "."))
    return lines


def _quote_lines(scene: Scene, records, limit: int = 40) -> list[str]:
    zh = scene.zh
    quotes = scene.quotes(records)
    out = ["报告原文：" if zh else "The report's words:"]
    for quote, names in quotes[:limit]:
        who = "、".join(names) if zh else "; ".join(names)
        out.append(f"「{quote}」— {who}" if zh else f"\u201c{quote}\u201d \u2014 {who}")
    if len(quotes) > limit:
        out.append(f"……另有 {len(quotes) - limit} 段原文（见表格导出的 source 列）" if zh
                   else f"... {len(quotes) - limit} more quotes (see the source column of the table export)")
    return out


def _user_notes(scene: Scene) -> list[str]:
    return [scene.settings.notes] if scene.settings.notes else []


# --------------------------------------------------------------------------
# Slides


def _title_slide(prs, scene: Scene, title: str, logo):
    from pptx.enum.text import PP_ALIGN

    zh = scene.zh
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    if scene.settings.organisation:
        _textbox(slide, LEFT, 0.45, 9.0, 0.5, scene.settings.organisation, 18, color=GREY, lang=scene.lang)
    if logo is not None:
        h = 0.9
        w = min(h * logo.shape[1] / logo.shape[0], 3.0)
        from PIL import Image

        buf = BytesIO()
        Image.fromarray(logo).save(buf, format="PNG")
        _picture(slide, buf.getvalue(), SLIDE_W_IN - LEFT - w, 0.35, w)
    _title(slide, title, scene.lang, top=2.0, height=1.3, size=40)
    slide.shapes.title.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = _emu(1.0), _emu(3.45), _emu(SLIDE_W_IN - 2.0), _emu(2.0)
    lines = []
    if scene.settings.subtitle:
        lines.append(scene.settings.subtitle)
    lines += [scene.subtitle, _count_line(scene), scene.date]
    _set_text(sub.text_frame, lines, 20, color=GREY, lang=scene.lang, align=PP_ALIGN.CENTER)
    foot = [scene.source]
    if scene.caution:
        foot.append(scene.caution + ("。" if zh else "."))
    _textbox(slide, 0.8, SLIDE_H_IN - 1.25, SLIDE_W_IN - 1.6, 1.0, foot, BODY_PT, color=GREY, lang=scene.lang,
             align=PP_ALIGN.CENTER)
    return slide


class _Pictures:
    """Map and chart pictures: each figure is drawn here (matplotlib, this thread) and its PNG encoded
    in a worker thread (Pillow lets go of the GIL while it compresses) while the next slides are built;
    the pictures go onto their slides at the end (they overlap no other shape)."""

    def __init__(self, compress_level: int):
        from concurrent.futures import ThreadPoolExecutor

        self.compress_level = compress_level
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qxmap-png")
        self.pending = []

    def add(self, slide, fig, dpi: float, left, top, width, height) -> None:
        import numpy as np

        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
        self.pending.append((slide, self.pool.submit(_encode_png, rgb, dpi, self.compress_level),
                             left, top, width, height))

    def finish(self) -> None:
        for slide, future, left, top, width, height in self.pending:
            _picture(slide, future.result(), left, top, width, height)
        self.pending = []
        self.pool.shutdown()

    def abandon(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _encode_png(rgb, dpi: float, compress_level: int) -> bytes:
    from PIL import Image

    buf = BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG", compress_level=compress_level, dpi=(dpi, dpi))
    return buf.getvalue()


def _add_map(pictures: _Pictures, slide, scene: Scene, left, top, width_in: float, height_in: float,
             notice_where: str = "right") -> None:
    from qxmap.exports.layout import map_figure

    dpi = picture_dpi(width_in)
    sheet, _ = map_figure(scene, (width_in, height_in), dpi, slide_map_style(scene.settings), notice_where=notice_where)
    pictures.add(slide, sheet.fig, dpi, left, top, width_in, height_in)


def _overview_slide(prs, scene: Scene, pictures: _Pictures):
    zh = scene.zh
    lang = scene.lang
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, overview_title(lang), lang)
    _subtitle(slide, scene.subtitle, lang)
    height = CONTENT_BOTTOM - CONTENT_TOP
    _add_map(pictures, slide, scene, LEFT, CONTENT_TOP, MAP_W_IN, height, notice_where="phases")
    widths = [TABLE_W_IN - 2.2, 0.9, 1.3]
    summary = scene.summary
    rows = [["状态" if zh else "Status", "项" if zh else "No.", "已定位 km" if zh else "km located"]]
    rows += [[schema.label(schema.STATUS_LABELS, r.code, lang), str(r.count), f"{r.km:.1f}"]
             for r in summary.by_status if r.count]
    _, h = _table(slide, TABLE_LEFT, CONTENT_TOP, widths, rows, lang, size=13, align_right=(1, 2))
    top = CONTENT_TOP + h + 0.2
    rows = [["建设阶段" if zh else "Phase", "项" if zh else "No.", "已定位 km" if zh else "km located"]]
    rows += [[schema.label(schema.PHASE_LABELS, r.code, lang), str(r.count), f"{r.km:.1f}"]
             for r in summary.by_phase if r.count]
    _, h = _table(slide, TABLE_LEFT, top, widths, rows, lang, size=13, align_right=(1, 2))
    total = (f"合计 {summary.count} 项；已定位道路示意长度 {scene.km:.1f} km；尚未定位 {scene.n_unlocated} 项"
             if zh else f"Total {summary.count} records; {scene.km:.1f} km located; {scene.n_unlocated} not yet located")
    _textbox(slide, TABLE_LEFT, top + h + 0.15, TABLE_W_IN, 0.9, total, BODY_PT, lang=lang)
    _footer(slide, scene)
    _notes(slide, _base_notes(scene, scene, "本页：全镇总览地图" if zh else "This slide: the whole town")
           + _quote_lines(scene, scene.records) + _user_notes(scene))
    return slide


def _chart_slide(prs, scene: Scene, pictures: _Pictures):
    from qxmap.exports import charts

    zh = scene.zh
    lang = scene.lang
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, chart_title(lang), lang)
    _subtitle(slide, scene.subtitle, lang)
    w, h = SLIDE_W_IN - 2 * LEFT, CONTENT_BOTTOM - CONTENT_TOP - 0.55
    pictures.add(slide, charts.status_chart_figure(scene, (w, h), picture_dpi(w)), picture_dpi(w), LEFT, CONTENT_TOP,
                 w, h)
    line = (f"合计 {scene.n_records} 项 · " if zh else f"Total {scene.n_records} records · ") + scene.status_text()
    _textbox(slide, LEFT, CONTENT_TOP + h + 0.05, w, 0.45, line, BODY_PT, bold=True, lang=lang)
    _footer(slide, scene)
    counts, km = charts.phase_status_table(scene)
    detail = []
    for i, phase in enumerate(schema.PHASES):
        if counts[i].sum() == 0:
            continue
        parts = [f"{schema.label(schema.STATUS_LABELS, code, lang)} {int(counts[i, j])}"
                 for j, code in enumerate(schema.STATUSES) if counts[i, j]]
        detail.append(f"{phase_title(phase, lang)}：{int(counts[i].sum())} 项（{'、'.join(parts)}），已定位 {km[i].sum():.1f} km"
                      if zh else f"{phase_title(phase, lang)}: {int(counts[i].sum())} records ({', '.join(parts)}), "
                      f"{km[i].sum():.1f} km located")
    _notes(slide, _base_notes(scene, scene, "本页：各建设阶段的项目数与已定位长度，按状态着色" if zh else
                              "This slide: records and located km of each build phase, coloured by status")
           + detail + _user_notes(scene))
    return slide


def _record_row(row, lang, columns) -> list[str]:
    out = []
    for col in columns:
        if col == "name":
            out.append(display_name(row, lang))
        elif col == "status":
            out.append(schema.label(schema.STATUS_LABELS, row.get("status"), lang))
        elif col == "category":
            out.append(schema.label(schema.CATEGORY_LABELS, row.get("category"), lang))
        elif col == "km":
            km = measured_km(row)
            out.append("—" if km is None else f"{km:.1f}")
        elif col == "target":
            out.append(year_text(row.get("target")) or "—")
        elif col == "accuracy":
            out.append(accuracy_short(row.get("geometry_accuracy"), lang))
    return out


_HEADERS = {
    "name": ("名称", "Name"), "status": ("状态", "Status"), "category": ("类别", "Category"), "km": ("km", "km"),
    "target": ("目标", "Target"), "accuracy": ("位置", "Position"),
}
FIRST_COLUMNS = ("name", "status", "km", "target")
FIRST_WIDTHS = (TABLE_W_IN - 0.8 - 0.58 - 0.6, 0.8, 0.58, 0.6)
MORE_COLUMNS = ("name", "category", "status", "km", "target", "accuracy")
MORE_WIDTHS = (SLIDE_W_IN - 2 * LEFT - 1.9 - 1.45 - 0.8 - 0.8 - 1.05, 1.9, 1.45, 0.8, 0.8, 1.05)


def _header_row(columns, lang) -> list[str]:
    return [_HEADERS[c][0 if lang == "zh" else 1] for c in columns]


def _phase_slides(prs, deck_scene: Scene, scene: Scene, phase: str, pictures: _Pictures) -> int:
    """The slides of one phase (the map slide and its continuations); returns how many."""
    zh = scene.zh
    lang = scene.lang
    title = phase_title(phase, lang)
    status_h = 0.5
    first, more_pages = phase_pages(scene)
    n_slides = 1 + len(more_pages)

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, title, lang)
    sub = _count_line(scene)
    if not deck_scene.road_filter.is_empty:
        sub += ("　筛选：" if zh else "  Filter: ") + deck_scene.subtitle
    _subtitle(slide, sub, lang)
    height = CONTENT_BOTTOM - CONTENT_TOP
    _add_map(pictures, slide, scene, LEFT, CONTENT_TOP, MAP_W_IN, height)
    _, h = _table(slide, TABLE_LEFT, CONTENT_TOP, list(FIRST_WIDTHS), [_header_row(FIRST_COLUMNS, lang)] + first,
                  lang, align_right=(2, 3))
    status = ("按状态：" if zh else "By status: ") + scene.status_text()
    if more_pages:
        status += (f"　（续 {len(more_pages)} 页）" if zh else f"  (continued on {len(more_pages)} more)")
    _textbox(slide, TABLE_LEFT, min(CONTENT_TOP + h + 0.08, CONTENT_BOTTOM - status_h), TABLE_W_IN, status_h,
             status, BODY_PT, bold=True, lang=lang)
    _footer(slide, scene)
    records = scene.records[["name_zh", "name_en", "id", "source"]].to_dict("records")
    shown = records[:len(first)]
    what = (f"本页：{title}，地图与前 {len(first)} 项" if more_pages else f"本页：{title}") if zh else \
        (f"This slide: {title}, the map and the first {len(first)} records" if more_pages else f"This slide: {title}")
    _notes(slide, _base_notes(deck_scene, scene, what) + _unlocated_note(scene) + _quote_lines(scene, shown)
           + _user_notes(scene))

    start = len(first)
    for k, page in enumerate(more_pages, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _title(slide, continued(title, lang), lang)
        end = start + len(page)
        _subtitle(slide, (f"第 {start + 1}–{end} 项，共 {scene.n_records} 项" if zh
                          else f"Records {start + 1}–{end} of {scene.n_records}"), lang)
        _table(slide, LEFT, CONTENT_TOP, list(MORE_WIDTHS), [_header_row(MORE_COLUMNS, lang)] + page, lang,
               align_right=(3, 4))
        _footer(slide, scene)
        part = records[start:end]
        what = (f"本页：{title}（续 {k}/{len(more_pages)}），第 {start + 1}–{end} 项" if zh
                else f"This slide: {title} (continued {k}/{len(more_pages)}), records {start + 1}–{end}")
        _notes(slide, _base_notes(deck_scene, scene, what) + _quote_lines(scene, part) + _user_notes(scene))
        start = end
    return n_slides


def _unlocated_note(scene: Scene) -> list[str]:
    notice = scene.unlocated_notice("right")
    if not scene.n_unlocated or not notice:
        return []
    return [notice + ("（地图上没有这些记录的位置）" if scene.zh else " (they have no position on the map)")]


def phase_pages(scene: Scene) -> tuple[list, list]:
    """The rows of a phase's first slide (next to the map) and the pages of rows after it (full width)."""
    lang = scene.lang
    records = scene.records.to_dict("records")
    rows = [_record_row(r, lang, FIRST_COLUMNS) for r in records]
    header_h = row_height(_header_row(FIRST_COLUMNS, lang), FIRST_WIDTHS, TABLE_PT)
    n = fit_count(rows, FIRST_WIDTHS, TABLE_PT, CONTENT_BOTTOM - CONTENT_TOP - 0.5, header_h)
    rest = [_record_row(r, lang, MORE_COLUMNS) for r in records[n:]]
    header_h = row_height(_header_row(MORE_COLUMNS, lang), MORE_WIDTHS, TABLE_PT)
    return rows[:n], paginate(rest, MORE_WIDTHS, TABLE_PT, CONTENT_BOTTOM - CONTENT_TOP - 0.1, header_h)


def expected_titles(dataset: Dataset, road_filter: RoadFilter | None, title: str | None = None,
                    lang: str = "zh", settings=None) -> list[str]:
    """The slide titles ``write_deck`` produces, in order."""
    scene = build_scene(dataset, road_filter, lang=lang, settings=settings, title=title)
    titles = [title or scene.settings.title or default_deck_title(lang), overview_title(lang), chart_title(lang)]
    for phase in deck_phases(scene.records):
        _, more = phase_pages(scene.for_phase(phase))
        titles.append(phase_title(phase, lang))
        titles += [continued(phase_title(phase, lang), lang)] * len(more)
    return titles


def write_deck(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, title: str | None = None,
               lang: str = "zh", extent=None, settings=None, progress: ProgressFn = None,
               cancel: CancelFn = None, compress_level: int = 2) -> Path:
    """Write the 16:9 slide deck to *out_path* (.pptx), atomically; see the module docstring."""
    import matplotlib
    from pptx import Presentation

    out_path = Path(out_path)
    lang = check_lang(lang)
    settings = coerce_settings(settings).replace(title=check_title(title), extent=extent)
    deck_title = settings.title or default_deck_title(lang)
    logo = load_logo(settings.logo) if settings.logo else None
    reporter = Reporter(progress, cancel)
    with atomic_path(out_path) as tmp:
        reporter.step(0.0, Words("preparing data"))
        scene = build_scene(dataset, road_filter, lang=lang, settings=settings)
        phases = deck_phases(scene.records)
        prs = Presentation()
        prs.slide_width = SLIDE_W_EMU
        prs.slide_height = SLIDE_H_EMU
        props = prs.core_properties
        props.title = clean_text(deck_title)
        props.subject = clean_text(scene.subtitle)
        props.author = clean_text(settings.organisation or "qxmap")
        _title_slide(prs, scene, deck_title, logo)
        n = len(phases) + 2
        pictures = _Pictures(compress_level)
        try:
            with matplotlib.rc_context(fonts.rc_params()):
                reporter.step(0.03, Words("overview map"))
                _overview_slide(prs, scene, pictures)
                reporter.step(0.03 + 0.9 / n, Words("status chart"))
                _chart_slide(prs, scene, pictures)
                for i, phase in enumerate(phases, start=2):
                    reporter.step(0.03 + 0.9 * i / n, Words("phase %1", phase_title(phase, scene.lang)))
                    _phase_slides(prs, scene, scene.for_phase(phase), phase, pictures)
            reporter.step(0.93, Words("placing the pictures"))
            pictures.finish()
        except BaseException:
            pictures.abandon()
            raise
        reporter.step(0.95, Words("writing PPTX"))
        prs.save(str(tmp))
        reporter.step(1.0, Words("done"))
    return out_path
