"""The one road filter and the one summary that every view and export shares.

The table, the map, the summary under the table, the CLI and every export
ask the same :class:`RoadFilter` which records pass, and describe it with the
same words ("今年动工 · 在建 · 外联道路"), so that what a planner sees on the screen
is what ends up on paper.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd

from qxmap import schema

SEPARATOR = " · "


def name_haystack(records: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """What a name filter searches, one casefolded string per record (or per row of
    *rows*): the Chinese name, the English name and the id, one per line (so that a
    search never matches across two of them)."""
    def column(name: str) -> np.ndarray:
        if name not in records.columns:
            return np.full(len(records) if rows is None else len(rows), "", dtype=object)
        values = records[name].to_numpy(dtype=object)
        return values if rows is None else values[rows]
    return np.array(["\n".join("" if v is None or v != v else str(v) for v in triple).casefold()
                     for triple in zip(column("name_zh"), column("name_en"), column("id"))], dtype=object)


#: The columns a filter and a summary read as codes (:func:`coded`): their values in order.
CODED = {"phase": schema.PHASES, "status": schema.STATUSES, "category": schema.CATEGORIES}


def coded(values, column: str) -> np.ndarray:
    """*values* of *column* (one of :data:`CODED`) as their places in its order, -1 for
    any other value (int8): a filter or a summary over 200,000 records then compares
    small integers, not strings."""
    return code_indexes(values, CODED[column]).astype(np.int8)


def code_indexes(values, order) -> np.ndarray:
    """The index of each of *values* in *order* (-1 for anything else, missing included):
    one hashed pass over the values."""
    return pd.Index(list(order), dtype=object).get_indexer(np.asarray(values, dtype=object))


@dataclass(frozen=True)
class RoadFilter:
    """Which tracked records to show. An empty set means "any"."""

    phases: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[str] = field(default_factory=frozenset)
    categories: frozenset[str] = field(default_factory=frozenset)
    text: str = ""

    @classmethod
    def of(cls, phases: Iterable[str] = (), statuses: Iterable[str] = (),
           categories: Iterable[str] = (), text: str = "") -> "RoadFilter":
        f = cls(frozenset(phases), frozenset(statuses), frozenset(categories), (text or "").strip())
        f.check()
        return f

    def check(self) -> None:
        """Raise ValueError naming any code that the schema does not know."""
        for name, values, allowed in (("phase", self.phases, schema.PHASES),
                                      ("status", self.statuses, schema.STATUSES),
                                      ("category", self.categories, schema.CATEGORIES)):
            unknown = sorted(set(values) - set(allowed))
            if unknown:
                raise ValueError(f"unknown {name}: {', '.join(unknown)} (expected one of {', '.join(allowed)})")

    @property
    def is_empty(self) -> bool:
        return not (self.phases or self.statuses or self.categories or self.text)

    def mask(self, records: pd.DataFrame, haystack: np.ndarray | None = None,
             codes: dict[str, np.ndarray] | None = None) -> pd.Series:
        """Boolean Series over *records* (tracked rows): True where they pass.
        *haystack*: :func:`name_haystack` of these records, when the caller keeps it
        (made again here otherwise: with 200,000 records most of a name filter's cost).
        *codes*: :func:`coded` columns of these records, when the caller keeps them (a
        phase, status or category is then looked up by its code, not compared as text)."""
        return pd.Series(self.mask_array(records, haystack, codes), index=records.index)

    def mask_array(self, records: pd.DataFrame, haystack: np.ndarray | None = None,
                   codes: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """:meth:`mask` as a numpy array."""
        keep = np.ones(len(records), dtype=bool)
        for column, wanted in (("phase", self.phases), ("status", self.statuses), ("category", self.categories)):
            if not wanted:
                continue
            if codes is not None and column in codes:
                order = CODED[column]
                # one flag per code, and False at the end for -1 (a value outside the codes)
                passes = np.array([code in wanted for code in order] + [False], dtype=bool)
                keep &= passes[codes[column]]
            else:
                keep &= records[column].isin(wanted).to_numpy(dtype=bool)
        if self.text:
            needle = self.text.casefold()
            hay = name_haystack(records) if haystack is None else haystack
            keep &= np.fromiter((needle in h for h in hay), dtype=bool, count=len(hay))
        return keep

    def apply(self, records: pd.DataFrame) -> pd.DataFrame:
        return records[self.mask(records)]

    def describe(self, lang: str = "zh") -> str:
        """The filter in words, for the map header and export subtitles."""
        join = "、" if lang == "zh" else ", "
        parts = []
        for values, order, labels in ((self.phases, schema.PHASES, schema.PHASE_LABELS),
                                      (self.statuses, schema.STATUSES, schema.STATUS_LABELS),
                                      (self.categories, schema.CATEGORIES, schema.CATEGORY_LABELS)):
            if values:
                parts.append(join.join(schema.label(labels, v, lang) for v in order if v in values))
        if self.text:
            parts.append(f"名称含“{self.text}”" if lang == "zh" else f'name contains "{self.text}"')
        if not parts:
            return "全部道路与出入口" if lang == "zh" else "All roads and exits"
        return SEPARATOR.join(parts)

    def to_dict(self) -> dict:
        return {"phases": sorted(self.phases), "statuses": sorted(self.statuses),
                "categories": sorted(self.categories), "text": self.text}

    @classmethod
    def from_dict(cls, data: dict | None) -> "RoadFilter":
        """From saved settings; unknown codes (e.g. from an older version) are dropped."""
        data = data or {}

        def known(key, allowed):
            values = data.get(key) or []
            if isinstance(values, str):
                values = [values]
            return frozenset(v for v in values if v in allowed)

        return cls(known("phases", schema.PHASES), known("statuses", schema.STATUSES),
                   known("categories", schema.CATEGORIES), str(data.get("text") or "").strip())


@dataclass(frozen=True)
class SummaryRow:
    code: str
    count: int
    km: float


@dataclass(frozen=True)
class Summary:
    """Counts and kilometres by status and by phase for a set of records."""

    by_status: tuple[SummaryRow, ...]
    by_phase: tuple[SummaryRow, ...]
    count: int
    km: float
    unmapped: int

    def as_dict(self) -> dict:
        return {
            "count": self.count, "km": round(self.km, 3), "unmapped": self.unmapped,
            "by_status": {r.code: {"count": r.count, "km": round(r.km, 3)} for r in self.by_status},
            "by_phase": {r.code: {"count": r.count, "km": round(r.km, 3)} for r in self.by_phase},
        }


def summarize(records: pd.DataFrame, mask=None) -> Summary:
    """Summary of *records* (or of the rows where *mask* is true). Every status
    and phase appears, even at 0.  Records may carry a boolean ``mapped``
    column instead of geometries."""
    if "status" not in records.columns:  # no data open yet
        records = pd.DataFrame({"status": [], "phase": [], "length_km": []})
    n = len(records)
    keep = None if mask is None else np.asarray(mask, dtype=bool)
    # The rows kept, as positions: every sum below is over them only (one phase of 200,000
    # roads: a fifth of the rows; no boolean pass over all of them per column).
    rows_kept = None if keep is None else np.flatnonzero(keep)
    if "length_km" in records:
        km_all = pd.to_numeric(records["length_km"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        km_all = np.zeros(n)
    km = km_all if rows_kept is None else km_all[rows_kept]
    finite = np.isfinite(km)
    if not finite.all():  # no length (unmapped), or none that means anything
        km = np.where(finite, km, 0.0)
    if "mapped" in records:
        mapped = records["mapped"].to_numpy(dtype=bool)
    elif "geometry" in records and hasattr(records.geometry, "is_empty"):
        geoms = records.geometry
        mapped = ~(geoms.isna() | geoms.is_empty).to_numpy()
    else:
        mapped = np.ones(n, dtype=bool)
    unmapped = int(np.count_nonzero(~(mapped if rows_kept is None else mapped[rows_kept])))

    def rows(column, order):
        # Category codes (one per record, -1 for a value outside *order*; those of a
        # categorical column already in that order taken as they are) and one bincount
        # each for counts and km: no per-code pass over the records.
        values = records[column]
        if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == list(order):
            codes = values.cat.codes.to_numpy()
        else:
            codes = code_indexes(values, order)
        if rows_kept is not None:
            codes = codes[rows_kept]
        known = codes >= 0
        if known.all():
            counts = np.bincount(codes, minlength=len(order))
            kms = np.bincount(codes, weights=km, minlength=len(order))
        else:
            counts = np.bincount(codes[known], minlength=len(order))
            kms = np.bincount(codes[known], weights=km[known], minlength=len(order))
        return tuple(SummaryRow(code, int(counts[i]), float(kms[i])) for i, code in enumerate(order))

    return Summary(rows("status", schema.STATUSES), rows("phase", schema.PHASES),
                   n if rows_kept is None else len(rows_kept), float(km.sum()), unmapped)


def _pad(text: str, width: int, right: bool = False) -> str:
    """Justify for a terminal, counting wide (CJK) characters as two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - shown)
    return fill + text if right else text + fill


def format_summary(summary: Summary, lang: str = "zh") -> str:
    """Plain-text summary table (CLI)."""
    head_status = "状态" if lang == "zh" else "Status"
    head_phase = "阶段" if lang == "zh" else "Phase"
    count = "数量" if lang == "zh" else "Count"
    lines = []
    for head, rows, labels in ((head_status, summary.by_status, schema.STATUS_LABELS),
                               (head_phase, summary.by_phase, schema.PHASE_LABELS)):
        lines.append(f"{_pad(head, 24)}{_pad(count, 8, right=True)}{'km':>8}")
        for row in rows:
            lines.append(f"{_pad(schema.label(labels, row.code, lang), 24)}{row.count:>8}{row.km:>8.2f}")
        lines.append("")
    total = "合计" if lang == "zh" else "Total"
    not_mapped = "尚未定位" if lang == "zh" else "not yet mapped"
    lines.append(f"{_pad(total, 24)}{summary.count:>8}{summary.km:>8.2f}   ({not_mapped}: {summary.unmapped})")
    return "\n".join(lines)
