"""The filtered records as CSV (UTF-8 with BOM, for Excel) and XLSX (openpyxl).

One row per filtered record (roads and exits, mapped or not, in dataset
order), columns ``COLUMNS``.  Enumerations are written as their labels
("在建", not "under_construction"), in Chinese by default (``lang="en"`` for
English).  ``length_km`` is a number for mapped roads and empty for exits
and for records not yet mapped (their length is unknown, not zero).

Headers are in the language of the export, with the field code kept for
machines:

- XLSX: row 1 holds the column names ("名称"), row 2 the field codes
  (``name_zh``, grey), data from row 3; both rows are frozen.  A program
  reading the file back maps columns by row 2 (:func:`read_xlsx` does).
  The first sheet ("筛选结果" / "Filtered records") holds every filtered
  record; then one sheet per layer: the filtered roads, the filtered exits
  (with their expressway), and the context layers (zones, parks,
  facilities: all their features, the road filter does not apply to them).
  Column widths fit the content (a CJK character counts two).
- CSV: one header row of "名称 (name_zh)" (label, then the code in
  parentheses); :func:`read_csv` maps it back to codes.

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
from qxmap.words import Words

#: The tracking fields (issue 14), after the planned years: empty where the data gives none.
TRACKING_COLUMNS = ("progress", "owner", "contractor", "budget_wan", "actual_start", "completed_on")
COLUMNS = ("id", "name_zh", "name_en", "category", "phase", "status", "length_km", "start", "target",
           *TRACKING_COLUMNS, "geometry_accuracy", "source")
_ENUMS = {
    "category": schema.CATEGORY_LABELS,
    "phase": schema.PHASE_LABELS,
    "status": schema.STATUS_LABELS,
    "geometry_accuracy": schema.ACCURACY_LABELS,
}
#: First characters that make a spreadsheet read a CSV cell as a formula.
from qxmap.safetext import CSV_FORMULA_STARTS, csv_cell  # noqa: E402,F401  (shared with the workspace)
#: Most characters an Excel cell holds.
XLSX_MAX_CHARS = 32767
#: A literal "_xHHHH_" in text, which Excel would read as an escaped character.
_OOXML_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


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


#: Column names by field code: (Chinese, English).
HEADERS = {
    "id": ("编号", "ID"),
    "name_zh": ("名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "layer": ("图层", "Layer"),
    "category": ("类别", "Category"),
    "kind": ("类型", "Kind"),
    "road": ("所属高速", "Expressway"),
    "phase": ("建设阶段", "Build phase"),
    "status": ("状态", "Status"),
    "length_km": ("示意长度（km）", "Length (km)"),
    "area_km2": ("示意面积（km²）", "Area (km²)"),
    "start": ("开工年份", "Start year"),
    "target": ("目标年份", "Target year"),
    "progress": ("进度（%）", "Progress (%)"),
    "owner": ("建设单位", "Owner"),
    "contractor": ("施工单位", "Contractor"),
    "budget_wan": ("投资估算（万元）", "Budget (10k yuan)"),
    "actual_start": ("实际开工日期", "Actual start"),
    "completed_on": ("实际完工日期", "Completed on"),
    "geometry_accuracy": ("位置精度", "Position accuracy"),
    "source": ("报告原文", "Report source"),
    "note": ("备注", "Note"),
}
#: Columns of the per-layer sheets.
LAYER_COLUMNS = {
    "roads": COLUMNS,
    "exits": ("id", "name_zh", "name_en", "road", "phase", "status", "start", "target", *TRACKING_COLUMNS,
              "geometry_accuracy", "source"),
    "zones": ("id", "name_zh", "name_en", "kind", "area_km2", "geometry_accuracy", "source", "note"),
    "parks": ("id", "name_zh", "name_en", "kind", "area_km2", "geometry_accuracy", "source", "note"),
    "facilities": ("id", "name_zh", "name_en", "kind", "geometry_accuracy", "source", "note"),
}
_ENUMS = dict(_ENUMS, kind=schema.KIND_LABELS, layer=schema.LAYER_LABELS)
#: Column width limits (characters; a CJK character counts two).
MIN_WIDTH, MAX_WIDTH, MAX_SOURCE_WIDTH = 6, 48, 80
_CSV_HEADER = re.compile(r"^(?P<label>.*) \((?P<code>[a-z0-9_]+)\)$")


def header_label(code: str, lang: str = "zh") -> str:
    pair = HEADERS.get(code)
    return code if pair is None else pair[0 if lang == "zh" else 1]


def csv_header(code: str, lang: str = "zh") -> str:
    """A CSV column name: the label and the field code, "名称 (name_zh)"."""
    return f"{header_label(code, lang)} ({code})"


def display_width(value) -> int:
    """Width of a cell's text in spreadsheet characters: East Asian wide characters count two."""
    import unicodedata

    if value is None:
        return 0
    text = value if isinstance(value, str) else (f"{value:.2f}" if isinstance(value, float) else str(value))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _value(rec: dict, col: str, lang: str):
    if col == "length_km":
        km = measured_km(rec)
        return None if km is None else round(km, 3)
    if col == "area_km2":
        value = rec.get("area_km2")
        try:
            value = float(value)
        except (TypeError, ValueError):
            return None
        return None if value != value else round(value, 4)
    if col in ("start", "target"):  # a year, or "2019-06" when the month is known
        text = year_text(rec.get(col))
        month = year_text(rec.get(f"{col}_month"))
        if text.isdigit() and month.isdigit():
            return f"{text}-{int(month):02d}"
        return int(text) if text.isdigit() else None
    if col in ("progress", "budget_wan"):
        try:
            value = float(rec.get(col))
        except (TypeError, ValueError):
            return None
        return None if value != value else value
    value = rec.get(col)
    if col in _ENUMS:
        return schema.label(_ENUMS[col], value, lang) if isinstance(value, str) else ""
    return value if isinstance(value, str) else ""


def _rows(records, columns, lang) -> list[list]:
    return [[_value(rec, col, lang) for col in columns] for rec in records.to_dict("records")]


def table_rows(dataset: Dataset, road_filter: RoadFilter | None, lang: str = "zh", scene=None) -> list[list]:
    """The filtered records as rows of values in ``COLUMNS`` order (no header); from *scene*'s records
    when a :class:`~qxmap.exports.scene.Scene` is given (the same records its map and lists show)."""
    lang = check_lang(lang)
    return _rows(_records(dataset, road_filter, scene), COLUMNS, lang)


def _records(dataset, road_filter, scene):
    if scene is not None:
        return scene.records.drop(columns=["located"], errors="ignore")
    return filtered_records(dataset, road_filter)


def write_csv(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, lang: str = "zh",
              scene=None, progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the filtered table as CSV in UTF-8 with a BOM, atomically; header "名称 (name_zh)".
    With *scene*, its records and language are written (dataset and filter may then be None)."""
    out_path = Path(out_path)
    lang = check_lang(scene.lang if scene is not None else lang)
    reporter = Reporter(progress, cancel)
    with atomic_path(out_path) as tmp:
        reporter.step(0.1, Words("collecting records"))
        rows = table_rows(dataset, road_filter, lang, scene)
        reporter.step(0.8, Words("writing CSV"))
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow([csv_header(c, lang) for c in COLUMNS])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
        tmp.write_bytes(buf.getvalue().encode("utf-8-sig"))
        reporter.step(1.0, Words("done"))
    return out_path


def _sheet(wb, title: str, columns, rows, lang: str, first: bool = False):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    labels = [header_label(c, lang) for c in columns]
    for j, (label, code) in enumerate(zip(labels, columns), start=1):
        _set_xlsx_value(ws.cell(row=1, column=j), label)
        _set_xlsx_value(ws.cell(row=2, column=j), code)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            if value is not None:
                _set_xlsx_value(ws.cell(row=r, column=c), value)
    bold = Font(bold=True)
    code_font = Font(italic=True, color="666666", size=9)
    fill = PatternFill("solid", fgColor="E8ECEF")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for cell in ws[2]:
        cell.font = code_font
        cell.fill = fill
    ws.freeze_panes = "A3"
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        width = max([display_width(labels[j - 1]), display_width(col)] + [display_width(row[j - 1]) for row in rows])
        limit = MAX_SOURCE_WIDTH if col in ("source", "note") else MAX_WIDTH
        ws.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), limit)
        if col in ("length_km", "area_km2"):
            for r in range(3, len(rows) + 3):
                ws.cell(row=r, column=j).number_format = "0.00"
        if col in ("source", "note"):
            for r in range(3, len(rows) + 3):
                ws.cell(row=r, column=j).alignment = Alignment(wrap_text=False, vertical="top")
    if rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"
    return ws


def write_xlsx(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, lang: str = "zh",
               title: str | None = None, scene=None, progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the filtered records as XLSX: labels in row 1, field codes in row 2 (both frozen), fitted
    column widths, labels as text, km as numbers; a sheet for all filtered records, then one per layer."""
    from openpyxl import Workbook

    out_path = Path(out_path)
    lang = check_lang(scene.lang if scene is not None else lang)
    if scene is not None:
        dataset, road_filter = scene._prepared.dataset, scene.road_filter
        title = title or scene.settings.title
    reporter = Reporter(progress, cancel)
    with atomic_path(out_path) as tmp:
        reporter.step(0.1, Words("collecting records"))
        records = _records(dataset, road_filter, scene)
        reporter.step(0.3, Words("building the sheets"))
        wb = Workbook()
        zh = lang == "zh"
        _sheet(wb, "筛选结果" if zh else "Filtered records", COLUMNS, _rows(records, COLUMNS, lang), lang, first=True)
        for name in ("roads", "exits"):
            part = records[records["layer"] == name] if len(records) else records
            _sheet(wb, _sheet_title(name, lang), LAYER_COLUMNS[name], _rows(part, LAYER_COLUMNS[name], lang), lang)
        for name in ("zones", "parks", "facilities"):
            frame = dataset.layers.get(name)
            if frame is None or not len(frame):
                continue
            reporter.check()
            _sheet(wb, _sheet_title(name, lang), LAYER_COLUMNS[name], _rows(frame, LAYER_COLUMNS[name], lang), lang)
        props = wb.properties
        default = "清溪镇基础设施项目表" if zh else "Qingxi infrastructure projects"
        props.title = clean_text(title or default)
        props.subject = clean_text((road_filter or RoadFilter()).describe(lang))
        props.creator = "qxmap"
        reporter.step(0.8, Words("writing XLSX"))
        wb.save(str(tmp))
        reporter.step(1.0, Words("done"))
    return out_path


def _sheet_title(layer: str, lang: str) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "·", schema.label(schema.LAYER_LABELS, layer, lang))[:31]


# --------------------------------------------------------------------------
# Reading back


def read_csv(path) -> list[dict]:
    """The rows of a CSV written by :func:`write_csv` as dicts keyed by field code (the apostrophe guard
    is left in: a value is as the spreadsheet shows it)."""
    text = Path(path).read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    codes = []
    for name in header:
        m = _CSV_HEADER.match(name)
        codes.append(m.group("code") if m else name)
    return [dict(zip(codes, row)) for row in reader]


def read_xlsx(path, sheet: str | int = 0) -> list[dict]:
    """The data rows of one sheet of an XLSX written by :func:`write_xlsx` as dicts keyed by the field
    codes of row 2 (text as Excel shows it: the ``_xHHHH_`` guard decoded)."""
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape

    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    rows = ws.iter_rows(values_only=True)
    next(rows, None)
    codes = [c for c in next(rows, ())]
    out = []
    for row in rows:
        out.append({code: (unescape(v) if isinstance(v, str) else v) for code, v in zip(codes, row) if code})
    wb.close()
    return out
