"""The "what changed since" report as files: XLSX, CSV and a slide deck ("本月进展").

* XLSX: one sheet, labels in row 1 and field codes in row 2 (as every qxmap
  table: :func:`qxmap.exports.tables.read_xlsx` reads it back), one row per
  change, grouped; a second sheet with the count of each group.  Text is
  stored as text, never as a formula.
* CSV: the same columns, UTF-8 with a BOM, formula-proof cells.
* PPTX: a title slide with the counts, then one slide per non-empty group
  with its changes in a table (continued over more slides when long), with
  the deck's fonts, sizes and speaker notes (:mod:`qxmap.exports.deck`).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from qxmap.atomicfile import atomic_path
from qxmap.safetext import csv_cell
from qxmap.tracking.changes import (COLUMNS, GROUPS, ChangesReport, field_label, group_label, local_time,
                                   value_label)

HEADERS = {
    "group": ("分组", "Group"),
    "road_id": ("编号", "ID"),
    "name_zh": ("名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "field": ("字段", "Field"),
    "old_value": ("原值", "Old value"),
    "new_value": ("新值", "New value"),
    "changed_at": ("变更时间（UTC）", "Changed at (UTC)"),
    "changed_by": ("变更人", "Changed by"),
    "note": ("说明", "Note"),
    "history_id": ("记录号", "History row"),
}


def report_title(lang: str = "zh") -> str:
    return "本月进展" if lang == "zh" else "Progress this month"


def header(code: str, lang: str = "zh") -> str:
    pair = HEADERS[code]
    return pair[0] if lang == "zh" else pair[1]


def report_rows(report: ChangesReport, lang: str = "zh") -> list[list]:
    """The report's rows as cells in COLUMNS order: group and field as labels, values as read."""
    out = []
    for r in report.records():
        row = []
        for code in COLUMNS:
            value = r.get(code)
            if code == "group":
                value = group_label(value, lang)
            elif code == "field":
                value = field_label(value, lang)
            elif code in ("old_value", "new_value"):
                value = None if value is None else value_label(r["field"], value, lang)
            elif code == "history_id":
                value = int(value)
            row.append(value)
        out.append(row)
    return out


def write_changes_xlsx(report: ChangesReport, out_path, lang: str = "zh") -> Path:
    from openpyxl import Workbook

    from qxmap.exports.tables import _set_xlsx_value, _sheet

    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        wb = Workbook()
        ws = _sheet(wb, report_title(lang), COLUMNS, report_rows(report, lang), lang, first=True)
        for j, code in enumerate(COLUMNS, start=1):  # our own header labels (the tables' HEADERS lack these)
            _set_xlsx_value(ws.cell(row=1, column=j), header(code, lang))
        counts = wb.create_sheet("分组统计" if lang == "zh" else "Counts")
        _set_xlsx_value(counts.cell(row=1, column=1), "分组" if lang == "zh" else "Group")
        _set_xlsx_value(counts.cell(row=1, column=2), "项" if lang == "zh" else "Changes")
        for i, (code, n) in enumerate(report.counts().items(), start=2):
            _set_xlsx_value(counts.cell(row=i, column=1), group_label(code, lang))
            counts.cell(row=i, column=2).value = n
        since = ("自 " if lang == "zh" else "since ") + report.since_text
        _set_xlsx_value(counts.cell(row=len(GROUPS) + 3, column=1), since)
        if report.note(lang):
            _set_xlsx_value(counts.cell(row=len(GROUPS) + 4, column=1), report.note(lang))
        wb.properties.title = report_title(lang)
        wb.properties.subject = since
        wb.properties.creator = "qxmap"
        wb.save(str(tmp))
    return out_path


def changes_csv_text(report: ChangesReport, lang: str = "zh") -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report_rows(report, lang):
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def write_changes_csv(report: ChangesReport, out_path, lang: str = "zh") -> Path:
    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        tmp.write_bytes(changes_csv_text(report, lang).encode("utf-8-sig"))
    return out_path


_SLIDE_COLUMNS = ("name_zh", "field", "change", "changed_at", "changed_by", "note")


def write_changes_deck(report: ChangesReport, out_path, lang: str = "zh", title: str | None = None) -> Path:
    """Slides: the counts, then each group's changes (name, what, old → new, when, who, note)."""
    from pptx import Presentation

    from qxmap.exports import deck

    out_path = Path(out_path)
    zh = lang == "zh"
    title = title or report_title(lang)
    with atomic_path(out_path) as tmp:
        prs = Presentation()
        prs.slide_width, prs.slide_height = deck.SLIDE_W_EMU, deck.SLIDE_H_EMU
        prs.core_properties.title = deck.clean_text(title)
        prs.core_properties.author = "qxmap"
        since = (f"自 {report.since_text} 以来" if zh else f"Since {report.since_text}")
        first = prs.slides.add_slide(prs.slide_layouts[5])
        deck._title(first, title, lang)
        deck._subtitle(first, since, lang)
        rows = [["分组" if zh else "Group", "项" if zh else "Changes"]]
        rows += [[group_label(g, lang), str(n)] for g, n in report.counts().items()]
        deck._table(first, deck.LEFT, deck.CONTENT_TOP, [5.0, 1.4], rows, lang, size=16, align_right=(1,))
        lines = [report.note(lang)] if report.note(lang) else []
        if lines:
            deck._textbox(first, deck.LEFT, deck.CONTENT_BOTTOM - 0.5, deck.SLIDE_W_IN - 2 * deck.LEFT, 0.5, lines,
                          deck.BODY_PT, color=deck.WARN, lang=lang)
        deck._notes(first, [since] + [f"{group_label(g, lang)}: {n}" for g, n in report.counts().items()])
        widths = [3.1, 1.5, 3.3, 1.75, 1.2, deck.SLIDE_W_IN - 2 * deck.LEFT - 10.85]
        head = ["名称" if zh else "Name", "字段" if zh else "Field", "变更" if zh else "Change",
                "时间" if zh else "When", "变更人" if zh else "By", "说明" if zh else "Note"]
        for code in GROUPS:
            part = report.records(code)
            if not part:
                continue
            body = []
            for r in part:
                name = (r.get("name_en") if not zh and r.get("name_en") else r.get("name_zh")) or r["road_id"]
                change = (f"{value_label(r['field'], r.get('old_value'), lang)} → "
                          f"{value_label(r['field'], r.get('new_value'), lang)}")
                body.append([name, field_label(r["field"], lang), change, local_time(r["changed_at"]),
                             r.get("changed_by") or "", r.get("note") or ""])
            header_h = deck.row_height(head, widths, deck.TABLE_PT)
            pages = deck.paginate(body, widths, deck.TABLE_PT, deck.CONTENT_BOTTOM - deck.CONTENT_TOP, header_h)
            for i, page in enumerate(pages):
                slide = prs.slides.add_slide(prs.slide_layouts[5])
                heading = f"{group_label(code, lang)}（{len(part)}）" if zh else f"{group_label(code, lang)} ({len(part)})"
                deck._title(slide, heading if i == 0 else deck.continued(heading, lang), lang)
                deck._subtitle(slide, since, lang)
                deck._table(slide, deck.LEFT, deck.CONTENT_TOP, widths, [head] + page, lang)
                deck._notes(slide, [since, heading] + [" · ".join(str(c) for c in row if c) for row in page])
        prs.save(str(tmp))
    return out_path
