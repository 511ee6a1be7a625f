"""What every export shares: cancellation, progress, the filtered records, wording, safe text.

Every byte of a dataset, and every title or filter typed by a user, is
untrusted text, and text in an export is always literal:

- ``clean_text`` replaces the characters no document format may carry
  (C0 controls other than tab, line feed and carriage return; DEL; lone
  surrogates; U+FFFE/U+FFFF) by U+FFFD, for the XLSX, PPTX and document
  metadata writers;
- ``drawn_text`` is the same for text drawn by matplotlib: those characters
  are dropped (the bundled font has no U+FFFD glyph) and a tab or line
  break becomes a space, since each drawn text is one line;
- ``display_name`` is the name a record is shown by (never blank);
- spreadsheet cells are made literal by ``tables`` (text cells, no formulas)
  and drawn text by ``layout`` (``parse_math=False``: no mathtext).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from pathlib import Path
from typing import Callable, Optional

import pandas as pd

from qxmap.dataset import Dataset
from qxmap.filtering import RoadFilter
from qxmap.words import Words

ProgressFn = Optional[Callable[[float, str], None]]
CancelFn = Optional[Callable[[], bool]]


from qxmap.safetext import REPLACEMENT, clean_text  # noqa: E402,F401  (the one rule, shared with the workspace)
#: Tab and line breaks: a drawn text is one line.
_LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")


def drawn_text(value) -> str:
    """*value* as one line for matplotlib: unsafe characters dropped, a tab or line break made a space."""
    return _LINE_BREAKS.sub(" ", clean_text(value, ""))


def display_name(row, lang: str = "zh") -> str:
    """The name a record is shown by: its English name in English if it has one, else its Chinese
    name, else its id (a blank name is no name)."""
    candidates = (row.get("name_en"), row.get("name_zh")) if lang == "en" else (row.get("name_zh"),)
    for name in candidates:
        if isinstance(name, str) and name.strip():
            return name.strip()
    value = row.get("id")
    return "" if value is None else str(value)


class ExportCancelled(Exception):
    """The caller's cancel callable returned True; nothing was written."""

    def __init__(self, message: str = Words("export cancelled")):
        super().__init__(message)


class Reporter:
    """Calls *progress(fraction, message)* and checks *cancel()* at each step.

    ``span(lo, hi)`` gives a child reporter whose 0..1 maps onto lo..hi of
    this one, so a deck can reuse the layout code's own progress steps.
    """

    def __init__(self, progress: ProgressFn = None, cancel: CancelFn = None,
                 lo: float = 0.0, hi: float = 1.0):
        if progress is not None and not callable(progress):
            raise ValueError(Words("progress must be a callable(fraction, message) or None"))
        if cancel is not None and not callable(cancel):
            raise ValueError(Words("cancel must be a callable() returning True to cancel, or None"))
        self.progress = progress
        self.cancel = cancel
        self.lo = lo
        self.hi = hi

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ExportCancelled()

    def step(self, fraction: float, message: str) -> None:
        """Raise ExportCancelled if asked to, then report progress."""
        self.check()
        if self.progress is not None:
            value = self.lo + (self.hi - self.lo) * min(max(float(fraction), 0.0), 1.0)
            self.progress(value, message)

    def span(self, lo: float, hi: float) -> "Reporter":
        width = self.hi - self.lo
        return Reporter(self.progress, self.cancel, self.lo + width * lo, self.lo + width * hi)


def filtered_records(dataset: Dataset, road_filter: RoadFilter | None) -> pd.DataFrame:
    """The tracked records (roads and exits, ``layer`` column) that pass the filter."""
    records = dataset.tracked()
    if road_filter is None:
        return records
    return road_filter.apply(records)


def has_geometry(geom) -> bool:
    return geom is not None and not getattr(geom, "is_empty", True)


def measured_km(row) -> float | None:
    """Length in km of a mapped road; None for exits and records without geometry."""
    if row.get("layer", "roads") != "roads" or not has_geometry(row.get("geometry")):
        return None
    value = row.get("length_km")
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def year_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return str(value)


def today_text() -> str:
    return _dt.date.today().isoformat()


def default_title(lang: str = "zh") -> str:
    return "清溪镇基础设施项目图" if lang == "zh" else "Qingxi Town Infrastructure Projects"


def check_lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        raise ValueError(Words("lang must be 'zh' or 'en', not %1", repr(lang)))
    return lang


def with_basemap_credit(source: str, credit: str | None, lang: str = "zh") -> str:
    """*source* followed by the basemap's credit (tile licences such as OpenStreetMap's
    ask for it on every picture of their tiles); *source* alone without a basemap."""
    credit = " ".join(str(credit or "").split())
    if not credit:
        return source
    return f"{source}；底图：{credit}" if lang == "zh" else f"{source}; basemap: {credit}"


def source_text(dataset: Dataset, lang: str = "zh") -> str:
    """The data source line of a layout or deck."""
    from qxmap.paths import bundled_dataset

    try:
        bundled = Path(dataset.path).resolve() == bundled_dataset().resolve()
    except OSError:
        bundled = False
    if bundled:
        return ("数据来源：清溪镇政府工作报告（qxmap 内置数据集，位置为依据报告文字的手工示意，非测绘成果）"
                if lang == "zh" else
                "Source: Qingxi town government work report (qxmap bundled dataset; positions placed "
                "by hand from the text, not surveyed)")
    sources = set()
    for frame in dataset.layers.values():
        if "source" in frame.columns:
            sources.update(str(s) for s in frame["source"].dropna().unique()[:50])
            if len(sources) > 1:
                break
    name = Path(dataset.path).name or str(dataset.path)
    if len(sources) == 1:
        only = next(iter(sources))
        if len(only) <= 80:
            return f"数据来源：{only}（{name}）" if lang == "zh" else f"Source: {only} ({name})"
    return (f"数据来源：{name}（各项目的依据见表格导出的 source 列）" if lang == "zh"
            else f"Source: {name} (each record's justification is in the table export's source column)")

