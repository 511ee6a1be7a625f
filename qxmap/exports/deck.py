"""Slide decks (python-pptx, 16:9) for presenting the projects to officials.

Slides, in order:

1. title slide: the title, the filter in words, the date and the record count;
2. overview ("总览"): the whole town map under the filter, counts and km by
   status and by phase;
3. one slide per build phase, in ``schema.PHASES`` order, for every phase
   that has at least one record after the filter (phases without records
   get no slide, so the deck has 2 + that many slides): the phase's map,
   a table of its records (name, status, km, target year; rows that do not
   fit end in an "…及另外 N 项" line) and its counts by status.

Map images come from the print-layout code (``layout.render_map_png``) as
PNG in memory.  Chinese text names the font "Microsoft YaHei" as both the
Latin and the East Asian typeface (present on Windows; LibreOffice and other
viewers substitute their CJK font).

Text is always literal: every text is a plain run (``_set_text``; no field
codes), cleaned by ``common.clean_text`` (characters XML cannot carry become
U+FFFD), and so are the document properties.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd

from qxmap import schema
from qxmap.atomicfile import atomic_path
from qxmap.dataset import Dataset
from qxmap.exports import fonts
from qxmap.exports.common import (
    CancelFn, ProgressFn, Reporter, check_lang, clean_text, display_name, filtered_records, has_geometry,
    measured_km, source_text, today_text, year_text,
)
from qxmap.exports.layout import check_title, render_map_png, shown_accuracy_counts
from qxmap.filtering import RoadFilter, summarize

SLIDE_W_IN = 13.333
SLIDE_H_IN = 7.5
SLIDE_W_EMU, SLIDE_H_EMU = 12192000, 6858000  # PowerPoint's own 16:9 size
MAP_SIZE_IN = (7.0, 5.2)
MAP_DPI = 150
#: Table rows that fit under the title next to the map (without the header).
MAX_TABLE_ROWS = 15
TABLE_FONT_PT = 10.5
INK = (0x22, 0x22, 0x22)
GREY = (0x55, 0x55, 0x55)


def default_deck_title(lang: str = "zh") -> str:
    return "清溪镇基础设施项目" if lang == "zh" else "Qingxi Town Infrastructure Projects"


def overview_title(lang: str = "zh") -> str:
    return "总览" if lang == "zh" else "Overview"


def phase_title(phase: str, lang: str = "zh") -> str:
    """Title of a phase slide: the phase label (e.g. "今年动工")."""
    return schema.label(schema.PHASE_LABELS, phase, lang)


def deck_phases(records: pd.DataFrame) -> list[str]:
    """Phases that get a slide: those of ``schema.PHASES`` with at least one record."""
    present = set(records["phase"]) if len(records) else set()
    return [p for p in schema.PHASES if p in present]


def expected_titles(dataset: Dataset, road_filter: RoadFilter | None, title: str | None = None,
                    lang: str = "zh") -> list[str]:
    """The slide titles ``write_deck`` produces, in order."""
    records = filtered_records(dataset, road_filter)
    return ([title or default_deck_title(lang), overview_title(lang)]
            + [phase_title(p, lang) for p in deck_phases(records)])


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


def _title(slide, text, lang, top=0.35, height=0.8, size=30):
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _emu(0.45), _emu(top), _emu(SLIDE_W_IN - 0.9), _emu(height)
    from pptx.enum.text import PP_ALIGN

    _set_text(shape.text_frame, text, size, bold=True, lang=lang, align=PP_ALIGN.LEFT)
    return shape


def _text_width_em(text: str) -> float:
    """Approximate width of *text* in em: CJK and full-width 1, others about 0.55."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def _ellipsize(text: str, width_in: float, size_pt: float) -> str:
    max_em = width_in / (size_pt / 72.0) - 0.6
    if _text_width_em(text) <= max_em:
        return text
    out = ""
    for ch in text:
        if _text_width_em(out + ch + "…") > max_em:
            break
        out += ch
    return out + "…"


def _table(slide, left, top, widths, rows, lang, header_size=TABLE_FONT_PT, size=TABLE_FONT_PT, row_h=0.3,
           align_right=()):
    """A table with a header row; *rows* are lists of strings (first row = header)."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    shape = slide.shapes.add_table(len(rows), len(widths), _emu(left), _emu(top), _emu(sum(widths)),
                                   _emu(row_h * len(rows)))
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = _emu(w)
    for i in range(len(rows)):
        table.rows[i].height = _emu(row_h)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Pt(4)
            cell.margin_top = cell.margin_bottom = Pt(1.5)
            text = clean_text(value)
            text = _ellipsize(text, widths[j] - 0.12, size) if i else text
            _set_text(cell.text_frame, text, header_size if i == 0 else size, bold=(i == 0),
                      color=(0xFF, 0xFF, 0xFF) if i == 0 else INK, lang=lang,
                      align=PP_ALIGN.RIGHT if j in align_right else None)
    return shape


def _picture(slide, png: bytes, left, top, width):
    return slide.shapes.add_picture(BytesIO(png), _emu(left), _emu(top), width=_emu(width))


def _footer(slide, dataset, lang, notice=None):
    lines = [source_text(dataset, lang) + ("　制图日期：" if lang == "zh" else "  Date: ") + today_text()]
    if notice:
        lines.insert(0, notice)
    _textbox(slide, 0.45, SLIDE_H_IN - 0.62, SLIDE_W_IN - 0.9, 0.5, lines, 9, color=GREY, lang=lang)


def _notice(dataset, road_filter, extent, records, lang) -> str | None:
    shown = shown_accuracy_counts(dataset, road_filter, extent)
    mapped = sum(1 for g in records.geometry if has_geometry(g))
    unmapped = len(records) - mapped
    parts = []
    if shown["schematic"] or shown["approximate"]:
        parts.append("图中位置为示意/大致位置，仅供示意，不能用于测量" if lang == "zh"
                     else "positions on the map are schematic or approximate, not for measurement")
    if unmapped:
        parts.append(f"{unmapped} 项尚未定位，未在图中绘出" if lang == "zh"
                     else f"{unmapped} records not yet mapped and not drawn")
    if not parts:
        return None
    return ("注：" + "；".join(parts) + "。") if lang == "zh" else ("Note: " + "; ".join(parts) + ".")


def _status_line(records: pd.DataFrame, lang: str) -> str:
    summary = summarize(records)
    parts = [f"{schema.label(schema.STATUS_LABELS, r.code, lang)} {r.count}" for r in summary.by_status if r.count]
    head = "按状态：" if lang == "zh" else "By status: "
    return head + (" · ".join(parts) if parts else "—")


def _km(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _phase_filter(road_filter: RoadFilter | None, phase: str) -> RoadFilter:
    base = road_filter or RoadFilter()
    return RoadFilter(frozenset({phase}), base.statuses, base.categories, base.text)


# --------------------------------------------------------------------------
# Slides


def _title_slide(prs, dataset, road_filter, records, title, lang):
    from pptx.enum.text import PP_ALIGN

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    _title(slide, title, lang, top=2.2, height=1.4, size=40)
    slide.shapes.title.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = _emu(1.0), _emu(3.8), _emu(SLIDE_W_IN - 2.0), _emu(1.6)
    mapped = sum(1 for g in records.geometry if has_geometry(g))
    desc = (road_filter or RoadFilter()).describe(lang)
    count = (f"共 {len(records)} 项，其中 {mapped} 项已在图上定位" if lang == "zh"
             else f"{len(records)} records, {mapped} of them mapped")
    _set_text(subtitle.text_frame, [desc, count, today_text()], 20, color=GREY, lang=lang, align=PP_ALIGN.CENTER)
    _textbox(slide, 1.0, SLIDE_H_IN - 0.9, SLIDE_W_IN - 2.0, 0.5, source_text(dataset, lang), 10, color=GREY,
             lang=lang, align=PP_ALIGN.CENTER)
    return slide


def _overview_slide(prs, dataset, road_filter, records, lang, reporter):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, overview_title(lang), lang)
    _textbox(slide, 0.45, 1.05, SLIDE_W_IN - 0.9, 0.4, (road_filter or RoadFilter()).describe(lang), 14,
             color=GREY, lang=lang)
    png = render_map_png(dataset, road_filter, size_in=MAP_SIZE_IN, dpi=MAP_DPI, extent="town", lang=lang,
                         reporter=reporter)
    _picture(slide, png, 0.45, 1.5, MAP_SIZE_IN[0])
    summary = summarize(records)
    zh = lang == "zh"
    left = 0.45 + MAP_SIZE_IN[0] + 0.35
    widths = [2.3, 1.0, 1.45]
    rows = [["状态" if zh else "Status", "项" if zh else "Count", "已定位 km" if zh else "Mapped km"]]
    rows += [[schema.label(schema.STATUS_LABELS, r.code, lang), str(r.count), f"{r.km:.1f}"] for r in summary.by_status]
    _table(slide, left, 1.55, widths, rows, lang, align_right=(1, 2))
    rows = [["建设阶段" if zh else "Phase", "项" if zh else "Count", "已定位 km" if zh else "Mapped km"]]
    rows += [[schema.label(schema.PHASE_LABELS, r.code, lang), str(r.count), f"{r.km:.1f}"] for r in summary.by_phase]
    _table(slide, left, 3.6, widths, rows, lang, align_right=(1, 2))
    total = (f"合计 {summary.count} 项，已定位道路示意长度 {summary.km:.1f} km，尚未定位 {summary.unmapped} 项"
             if zh else f"Total {summary.count} records, {summary.km:.1f} km mapped, {summary.unmapped} not yet mapped")
    _textbox(slide, left, 5.55, sum(widths), 0.7, total, 12, lang=lang)
    _footer(slide, dataset, lang, _notice(dataset, road_filter, "town", records, lang))
    return slide


def _phase_slide(prs, dataset, road_filter, phase, records, lang, reporter):
    zh = lang == "zh"
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, phase_title(phase, lang), lang)
    n_roads = int((records["layer"] == "roads").sum())
    n_exits = int((records["layer"] == "exits").sum())
    mapped = sum(1 for g in records.geometry if has_geometry(g))
    sub = (f"{len(records)} 项（道路 {n_roads}、出入口 {n_exits}），已定位 {mapped} 项"
           if zh else f"{len(records)} records ({n_roads} roads, {n_exits} exits), {mapped} mapped")
    desc = (road_filter or RoadFilter()).describe(lang)
    if road_filter is not None and not road_filter.is_empty:
        sub += ("　筛选：" if zh else "  Filter: ") + desc
    _textbox(slide, 0.45, 1.05, SLIDE_W_IN - 0.9, 0.4, sub, 14, color=GREY, lang=lang)
    phase_filter = _phase_filter(road_filter, phase)
    png = render_map_png(dataset, phase_filter, size_in=MAP_SIZE_IN, dpi=MAP_DPI, extent="filtered", lang=lang,
                         reporter=reporter)
    _picture(slide, png, 0.45, 1.5, MAP_SIZE_IN[0])
    left = 0.45 + MAP_SIZE_IN[0] + 0.3
    widths = [2.55, 1.05, 0.7, 0.75]
    shown = records if len(records) <= MAX_TABLE_ROWS else records.iloc[:MAX_TABLE_ROWS - 1]
    rows = [["名称" if zh else "Name", "状态" if zh else "Status", "km", "目标" if zh else "Target"]]
    for row in shown.to_dict("records"):
        rows.append([display_name(row, lang), schema.label(schema.STATUS_LABELS, row["status"], lang),
                     _km(measured_km(row)), year_text(row.get("target")) or "—"])
    row_h = 0.29
    _table(slide, left, 1.55, widths, rows, lang, row_h=row_h, align_right=(2, 3))
    y = 1.55 + row_h * len(rows) + 0.08
    rest = len(records) - len(shown)
    if rest:
        more = (f"…及另外 {rest} 项（完整列表见表格导出）" if zh else f"…and {rest} more (full list in the table export)")
        _textbox(slide, left, y, sum(widths), 0.35, more, 11, color=GREY, lang=lang)
        y += 0.35
    _textbox(slide, left, y, sum(widths), 0.4, _status_line(records, lang), 12, bold=True, lang=lang)
    _footer(slide, dataset, lang, _notice(dataset, phase_filter, "filtered", records, lang))
    return slide


def write_deck(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, title: str | None = None,
               lang: str = "zh", progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the 16:9 slide deck to *out_path* (.pptx), atomically; see the module docstring."""
    from pptx import Presentation

    out_path = Path(out_path)
    title = check_title(title) or default_deck_title(check_lang(lang))
    reporter = Reporter(progress, cancel)
    import matplotlib

    with atomic_path(out_path) as tmp:
        reporter.step(0.0, "preparing data")
        records = filtered_records(dataset, road_filter)
        phases = deck_phases(records)
        prs = Presentation()
        prs.slide_width = SLIDE_W_EMU
        prs.slide_height = SLIDE_H_EMU
        props = prs.core_properties
        props.title = clean_text(title)
        props.subject = clean_text((road_filter or RoadFilter()).describe(lang))
        props.author = "qxmap"
        _title_slide(prs, dataset, road_filter, records, title, lang)
        n = len(phases) + 1
        with matplotlib.rc_context(fonts.rc_params()):
            _overview_slide(prs, dataset, road_filter, records, lang, reporter.span(0.02, 0.02 + 0.9 / n))
            for i, phase in enumerate(phases, start=1):
                part = records[records["phase"] == phase]
                _phase_slide(prs, dataset, road_filter, phase, part, lang,
                             reporter.span(0.02 + 0.9 * i / n, 0.02 + 0.9 * (i + 1) / n))
        reporter.step(0.95, "writing PPTX")
        prs.save(str(tmp))
        reporter.step(1.0, "done")
    return out_path
