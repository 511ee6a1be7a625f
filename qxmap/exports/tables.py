"""The filtered road table as CSV (UTF-8 with BOM, for Excel) and XLSX (openpyxl).

One row per filtered record (roads and exits, mapped or not, in dataset
order), columns ``COLUMNS``.  The header row holds the column names as
listed (stable, machine-readable); enumerations are written as their labels
("在建", not "under_construction"), in Chinese by default (``lang="en"`` for
English).  ``length_km`` is a number for mapped roads and empty for exits
and for records not yet mapped (their length is unknown, not zero).

Every text cell is literal text, never a formula, whatever it holds
(a name may start with "="):

- CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets an apostrophe in front (the usual guard against
  formula injection: a spreadsheet shows "'=1+2" as text instead of
  computing it).  Numbers (km, years) are written as numbers and never
  prefixed.
- XLSX: every text cell is written as a string (an inline string, never a
  ``<f>`` formula or an error value), with the OOXML escape ``_xHHHH_``
  guarded (``_x005F_``) so that Excel shows it as typed.

Characters no spreadsheet may hold (``common.clean_text``) become U+FFFD in
both formats.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from qxmap import schema
from qxmap.atomicfile import atomic_path
from qxmap.dataset import Dataset
from qxmap.exports.common import (
    CancelFn, ProgressFn, Reporter, check_lang, clean_text, filtered_records, measured_km, year_text,
)
from qxmap.filtering import RoadFilter

COLUMNS = ("id", "name_zh", "name_en", "category", "phase", "status", "length_km", "start", "target",
           "geometry_accuracy", "source")
_ENUMS = {
    "category": schema.CATEGORY_LABELS,
    "phase": schema.PHASE_LABELS,
    "status": schema.STATUS_LABELS,
    "geometry_accuracy": schema.ACCURACY_LABELS,
}
#: XLSX column widths in characters (a CJK character counts about 2).
_WIDTHS = {"id": 30, "name_zh": 36, "name_en": 36, "category": 14, "phase": 18, "status": 12,
           "length_km": 11, "start": 8, "target": 8, "geometry_accuracy": 12, "source": 80}
#: First characters that make a spreadsheet read a CSV cell as a formula.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Most characters an Excel cell holds.
XLSX_MAX_CHARS = 32767
#: A literal "_xHHHH_" in text, which Excel would read as an escaped character.
_OOXML_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def csv_cell(value):
    """A value as written to CSV: None empty, numbers as they are, text cleaned and formula-proof."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def xlsx_text(value: str) -> str:
    """Text as stored in an XLSX string cell: cleaned, escapes guarded, at most ``XLSX_MAX_CHARS``
    (longer text is cut, never inside a guard, and ends in "…")."""
    text = clean_text(value)
    stored = _OOXML_ESCAPE.sub("_x005F_", text)
    if len(stored) <= XLSX_MAX_CHARS:
        return stored
    room = XLSX_MAX_CHARS - 1
    lo, hi = 0, min(len(text), room)  # the longest start of the text that fits once guarded
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(_OOXML_ESCAPE.sub("_x005F_", text[:mid])) <= room:
            lo = mid
        else:
            hi = mid - 1
    return _OOXML_ESCAPE.sub("_x005F_", text[:lo]) + "…"


def _set_xlsx_value(cell, value) -> None:
    """Put *value* in *cell*: text always as a string (openpyxl would make "=..." a formula)."""
    cell.value = xlsx_text(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"  # never "f" (formula) or "e" (error value)


def table_rows(dataset: Dataset, road_filter: RoadFilter | None, lang: str = "zh") -> list[list]:
    """The filtered records as rows of values in ``COLUMNS`` order (no header)."""
    lang = check_lang(lang)
    records = filtered_records(dataset, road_filter)
    rows = []
    for rec in records.to_dict("records"):
        row = []
        for col in COLUMNS:
            if col == "length_km":
                km = measured_km(rec)
                row.append(None if km is None else round(km, 3))
            elif col in ("start", "target"):
                text = year_text(rec.get(col))
                row.append(int(text) if text.isdigit() else None)
            elif col in _ENUMS:
                value = rec.get(col)
                row.append(schema.label(_ENUMS[col], value, lang) if isinstance(value, str) else "")
            else:
                value = rec.get(col)
                row.append(value if isinstance(value, str) else "")
        rows.append(row)
    return rows


def write_csv(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, lang: str = "zh",
              progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the filtered table as CSV in UTF-8 with a BOM, atomically."""
    out_path = Path(out_path)
    reporter = Reporter(progress, cancel)
    with atomic_path(out_path) as tmp:
        reporter.step(0.1, "collecting records")
        rows = table_rows(dataset, road_filter, lang)
        reporter.step(0.8, "writing CSV")
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
        tmp.write_bytes(buf.getvalue().encode("utf-8-sig"))
        reporter.step(1.0, "done")
    return out_path


def write_xlsx(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, lang: str = "zh",
               title: str | None = None, progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the filtered table as XLSX: bold frozen header, column widths, labels as text, km as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    out_path = Path(out_path)
    reporter = Reporter(progress, cancel)
    with atomic_path(out_path) as tmp:
        reporter.step(0.1, "collecting records")
        rows = table_rows(dataset, road_filter, lang)
        reporter.step(0.3, "building the sheet")
        wb = Workbook()
        ws = wb.active
        ws.title = "道路与出入口" if lang == "zh" else "Roads and exits"
        ws.append(list(COLUMNS))
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    _set_xlsx_value(ws.cell(row=r, column=c), value)
        header_font = Font(bold=True)
        fill = PatternFill("solid", fgColor="E8ECEF")
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = fill
        ws.freeze_panes = "A2"
        km_col = COLUMNS.index("length_km") + 1
        for r in range(2, len(rows) + 2):
            ws.cell(row=r, column=km_col).number_format = "0.00"
        src_col = COLUMNS.index("source") + 1
        for r in range(2, len(rows) + 2):
            ws.cell(row=r, column=src_col).alignment = Alignment(wrap_text=False, vertical="top")
        for j, col in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(j)].width = _WIDTHS[col]
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
        props = wb.properties
        default = "清溪镇基础设施项目表" if lang == "zh" else "Qingxi infrastructure projects"
        props.title = clean_text(title or default)
        props.subject = clean_text((road_filter or RoadFilter()).describe(lang))
        props.creator = "qxmap"
        reporter.step(0.8, "writing XLSX")
        wb.save(str(tmp))
        reporter.step(1.0, "done")
    return out_path
