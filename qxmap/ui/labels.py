"""Translated labels for the schema's codes, column titles and numbers.

The schema keeps each code's Chinese and English label; the UI shows the
English one through Qt's translation (context "labels"), and the zh_CN
translation file carries the schema's Chinese labels for them (written by
``qxmap.i18n_build``), so there is one source for every label.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt

from qxmap import schema

CONTEXT = "labels"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _code(table: dict, code) -> str:
    pair = table.get(code)
    return _tr(pair[1]) if pair else ("" if code is None else str(code))


def status(code) -> str:
    return _code(schema.STATUS_LABELS, code)


def phase(code) -> str:
    return _code(schema.PHASE_LABELS, code)


def category(code) -> str:
    return _code(schema.CATEGORY_LABELS, code)


def accuracy(code) -> str:
    return _code(schema.ACCURACY_LABELS, code)


def layer(name) -> str:
    return _code(schema.LAYER_LABELS, name)


def kind(code) -> str:
    return _code(schema.KIND_LABELS, code)


COLUMN_TITLES = {
    "name": ("名称", "Name"),
    "category": ("类别", "Category"),
    "phase": ("建设阶段", "Build phase"),
    "status": ("状态", "Status"),
    "length_km": ("长度 (km)", "Length (km)"),
    "start": ("开工", "Start"),
    "target": ("目标", "Target"),
    "progress": ("进度", "Progress"),
    "accuracy": ("位置精度", "Position accuracy"),
    "last_updated": ("最近更新", "Last updated"),
}

#: Titles of the other fields a history row may name (an import updates them too).
HISTORY_FIELD_TITLES = {
    "id": ("编号", "ID"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "source": ("来源", "Source"),
    "kind": ("类型", "Kind"),
    "road": ("所属道路", "Road"),
}

#: Every (zh, en) pair this module translates: i18n_build writes them into the .ts file.
ALL_LABEL_TABLES = (schema.STATUS_LABELS, schema.PHASE_LABELS, schema.CATEGORY_LABELS,
                    schema.ACCURACY_LABELS, schema.LAYER_LABELS, schema.KIND_LABELS, COLUMN_TITLES,
                    schema.TRACKING_FIELD_LABELS, HISTORY_FIELD_TITLES)


def column_title(column: str) -> str:
    return _code(COLUMN_TITLES, column)


def not_mapped_hint() -> str:
    return QCoreApplication.translate(CONTEXT, "Not yet mapped: the report counts it but gives no position")


def data_lang() -> str:
    """"zh" when the UI speaks Chinese (the default locale is Chinese), else "en"."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def number(value, decimals: int = 2) -> str:
    return QLocale().toString(float(value), "f", decimals)


def date_time(iso_text: str | None) -> str:
    """An ISO-8601 time (as stored, UTC) in local time, written the way the UI's locale writes it."""
    if not iso_text:
        return ""
    moment = QDateTime.fromString(str(iso_text), Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(str(iso_text), Qt.DateFormat.ISODate)
    if not moment.isValid():
        return str(iso_text)
    return QLocale().toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)


def field_value(field: str, value) -> str:
    """A stored value of an editable field, as the UI shows it."""
    if value is None or value == "":
        return "—"
    if field == "status":
        return status(value)
    if field == "phase":
        return phase(value)
    if field == "progress":
        try:
            return f"{number(float(value), 0)} %"
        except (TypeError, ValueError):
            return str(value)
    if field == "budget_wan":
        try:
            return QCoreApplication.translate(CONTEXT, "%1 × 10k yuan").replace("%1", number(float(value), 0))
        except (TypeError, ValueError):
            return str(value)
    if field == "geometry_accuracy":
        return accuracy(value)
    if field == "geometry":  # WKT: shown as its size
        return geometry_size(value)
    if field == "record":  # a record created or removed (JSON): its name, and its geometry's size
        from qxmap import geometry_edits

        record, geom = geometry_edits.record_from_text(value)
        if record is None:
            return str(value)
        name = str(record.get("name_zh") or record.get("id") or "")
        if geom is None:
            return name
        size = shape_size(geom)
        return f"{name} ({size})" if name else size
    return str(value)


def geometry_size(wkt) -> str:
    """A geometry (WKT) as its size: "2.31 km", "0.52 km²", "point"."""
    from qxmap import geometry_edits

    return shape_size(geometry_edits.from_history_text(wkt))


def shape_size(geom) -> str:
    """A geometry as its size ("—" for none)."""
    if geom is None:
        return "—"
    if geom.geom_type in schema.LINES:
        from qxmap.measure import geometry_length_m

        return f"{number(geometry_length_m(geom) / 1000, 2)} km"
    if geom.geom_type in schema.POLYGONS:
        from qxmap.measure import geometry_area_km2

        return f"{number(geometry_area_km2(geom), 2)} km²"
    return QCoreApplication.translate(CONTEXT, "point")


def field_title(field: str) -> str:
    if field in schema.TRACKING_FIELD_LABELS and field not in ("start", "target", "progress"):
        return _code(schema.TRACKING_FIELD_LABELS, field)
    if field in COLUMN_TITLES:
        return column_title(field)
    if field == "note":
        return QCoreApplication.translate(CONTEXT, "Note")
    if field == "geometry":
        return QCoreApplication.translate(CONTEXT, "Geometry")
    if field == "geometry_accuracy":
        return column_title("accuracy")
    if field == "record":
        return QCoreApplication.translate(CONTEXT, "Record")
    if field in HISTORY_FIELD_TITLES:
        return _code(HISTORY_FIELD_TITLES, field)
    return field


def display_name(name_zh: str | None, name_en: str | None) -> str:
    """Chinese name, with the English one after it where the data has it."""
    if name_zh and name_en:
        return f"{name_zh} ({name_en})"
    return name_zh or name_en or ""
