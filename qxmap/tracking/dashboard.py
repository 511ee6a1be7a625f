"""The figures of the progress dashboard, for the records a filter keeps.

Two steps, so that a filter change costs a few bincounts:

* :func:`build_facts` once per change of the records, the history or the
  "as of" day: per record its status, phase and category codes, km, planned
  start and target days, and whether it started, finished or is overdue in
  the day's year;
* :func:`dashboard_figures` per filter: counts and km by status, the
  headline numbers and the phase x status and category x status tables the
  charts draw.

Definitions (the same in the app, the PNG and the slide):

* *started this year*: an actual start date in the year up to the day, or a
  saved change of the status to "under construction" (from planned,
  preparing or on hold) in that time;
* *finished this year*: a completion date in the year up to the day, or a
  saved change of the status to "completed" in that time;
* *overdue*: the target (its last day: "2018" is 2018-12-31, "2018-06" is
  2018-06-30) is before the day and the status is not "completed".

The counts and km by status are :func:`qxmap.filtering.summarize` itself,
so they equal ``qxmap summary`` for the same filter.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.filtering import RoadFilter, Summary, SummaryRow, code_indexes
from qxmap.tracking.history import History, day_number

NO_DAY = -1


def _column_codes(records: pd.DataFrame, column: str, order, codes: dict[str, np.ndarray] | None) -> np.ndarray:
    """*column*'s codes in *order* (int64, -1 for anything else): from *codes* when given."""
    if column not in records:
        return np.full(len(records), -1, dtype=np.int64)
    if codes is not None and column in codes and len(codes[column]) == len(records):
        return codes[column].astype(np.int64)
    return code_indexes(records[column], order).astype(np.int64)


def _numbers(records: pd.DataFrame, column: str) -> np.ndarray:
    if column not in records:
        return np.full(len(records), np.nan)
    return pd.to_numeric(records[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def period_days(years: np.ndarray, months: np.ndarray, end: bool) -> np.ndarray:
    """Day numbers of the first (or, with *end*, the last) day of each period
    (a year, or a year and a month); NO_DAY where there is no year."""
    ok = np.isfinite(years)
    y = np.where(ok, years, 1970).astype(np.int64)
    have_month = np.isfinite(months) & (months >= 1) & (months <= 12)
    if end:
        m = np.where(have_month, months, 12).astype(np.int64)
        first_of_next = ((y - 1970) * 12 + m).astype("datetime64[M]").astype("datetime64[D]")
        days = first_of_next.astype(np.int64) - 1
    else:
        m = np.where(have_month, months, 1).astype(np.int64)
        days = ((y - 1970) * 12 + m - 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return np.where(ok, days, NO_DAY)


def iso_days(values) -> np.ndarray:
    """Day numbers of ISO dates (text); NO_DAY where empty or not a date."""
    dates = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="%Y-%m-%d")
    out = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(dates.isna().to_numpy(), NO_DAY, out)


@dataclass(frozen=True)
class Facts:
    """Per-record facts for one day (see the module docstring)."""

    day: _dt.date
    as_of: bool
    status: np.ndarray
    phase: np.ndarray
    category: np.ndarray
    km: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray
    started: np.ndarray
    finished: np.ndarray
    overdue: np.ndarray
    mapped: np.ndarray
    frame: pd.DataFrame = field(repr=False)
    name_rank: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class StaticFacts:
    """The facts an "as of" day does not change (category, km, planned and actual
    dates, position): made once per change of the records."""

    category: np.ndarray
    km: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray
    actual_start: np.ndarray
    completed_on: np.ndarray
    mapped: np.ndarray
    #: Per record: the rank of its Chinese name (the timeline's last sort key).
    name_rank: np.ndarray


def static_facts(records: pd.DataFrame, codes: dict[str, np.ndarray] | None = None) -> StaticFacts:
    """*codes*: the records' codes (Session.record_codes), when the caller keeps them."""
    n = len(records)
    category = _column_codes(records, "category", schema.CATEGORIES, codes)
    km = np.nan_to_num(_numbers(records, "length_km"))
    start_day = period_days(_numbers(records, "start"), _numbers(records, "start_month"), end=False)
    end_day = period_days(_numbers(records, "target"), _numbers(records, "target_month"), end=True)
    actual = iso_days(records["actual_start"]) if "actual_start" in records else np.full(n, NO_DAY)
    done = iso_days(records["completed_on"]) if "completed_on" in records else np.full(n, NO_DAY)
    if "mapped" in records:
        mapped = records["mapped"].to_numpy(dtype=bool)
    elif "geometry" in records and hasattr(records.geometry, "is_empty"):
        mapped = ~(records.geometry.isna() | records.geometry.is_empty).to_numpy()
    else:
        mapped = np.ones(n, dtype=bool)
    names = records["name_zh"].fillna("").astype(str).to_numpy() if "name_zh" in records else np.full(n, "")
    name_rank = np.empty(n, dtype=np.int64)
    name_rank[np.argsort(names, kind="stable")] = np.arange(n)
    return StaticFacts(category, km, start_day, end_day, actual, done, mapped, name_rank)


def build_facts(records: pd.DataFrame, history: History | None, day: _dt.date | None = None,
                as_of: bool = False, static: StaticFacts | None = None, row_of: Mapping[str, int] | None = None,
                codes: dict[str, np.ndarray] | None = None) -> Facts:
    """Facts of *records* (the session's records: status and phase as shown, i.e.
    as of *day* when an "as of" view is on) on *day* (default today).  *static*:
    :func:`static_facts` of the same records, *codes*: their codes (Session.record_codes),
    when the caller keeps them."""
    from qxmap.tracking.history import today

    day = day or today()
    n = len(records)
    static = static if static is not None else static_facts(records, codes)
    cutoff = day_number(day)
    year_start = day_number(_dt.date(day.year, 1, 1))
    status = _column_codes(records, "status", schema.STATUSES, codes)
    phase = _column_codes(records, "phase", schema.PHASES, codes)
    started = (static.actual_start >= year_start) & (static.actual_start <= cutoff)
    finished = (static.completed_on >= year_start) & (static.completed_on <= cutoff)
    if history is not None and len(history.frame) and n:
        codes = history.codes
        rows = np.flatnonzero((codes.days >= year_start) & (codes.days <= cutoff)
                              & (codes.field == codes.field_code("status")))
        if len(rows):
            ids = row_of if row_of is not None else records["id"].to_numpy(dtype=object)
            pos = codes.record_rows(ids)[codes.road[rows]]
            new, old = codes.new_status[rows], codes.old_status[rows]
            began = (new == schema.STATUSES.index("under_construction")) & (old != schema.STATUSES.index("completed"))
            done = new == schema.STATUSES.index("completed")
            started[pos[began & (pos >= 0)]] = True
            finished[pos[done & (pos >= 0)]] = True
    completed = schema.STATUSES.index("completed")
    end_day = static.end_day
    overdue = (end_day != NO_DAY) & (end_day < cutoff) & (status != completed)
    return Facts(day, as_of, status, phase, static.category, static.km, static.start_day, end_day, started,
                 finished, overdue, static.mapped, records, static.name_rank)


@dataclass(frozen=True)
class Figures:
    """What the dashboard shows for one filter on one day."""

    day: _dt.date
    as_of: bool
    road_filter: RoadFilter
    summary: Summary
    started: int
    finished: int
    overdue: int
    #: (phases, statuses) counts and km; (categories, statuses) counts and km.
    phase_counts: np.ndarray
    phase_km: np.ndarray
    category_counts: np.ndarray
    category_km: np.ndarray
    #: Ids of the overdue records kept by the filter (first 200, for a list).
    overdue_ids: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return self.summary.count

    def as_dict(self) -> dict:
        out = self.summary.as_dict()
        out.update({"day": self.day.isoformat(), "as_of": self.as_of, "started_this_year": self.started,
                    "finished_this_year": self.finished, "overdue": self.overdue,
                    "filter": self.road_filter.to_dict()})
        out["by_phase_status"] = {p: {s: int(self.phase_counts[i, j]) for j, s in enumerate(schema.STATUSES)}
                                  for i, p in enumerate(schema.PHASES)}
        out["by_category_status"] = {c: {s: int(self.category_counts[i, j]) for j, s in enumerate(schema.STATUSES)}
                                     for i, c in enumerate(schema.CATEGORIES)}
        return out


def facts_summary(facts: Facts, keep: np.ndarray) -> Summary:
    """:func:`qxmap.filtering.summarize` of the kept records, from the facts' codes
    (the same numbers, without looking at the records again)."""
    km = np.where(keep, facts.km, 0.0)

    def rows(codes, order):
        chosen = keep & (codes >= 0)
        counts = np.bincount(codes[chosen], minlength=len(order))
        kms = np.bincount(codes[chosen], weights=km[chosen], minlength=len(order))
        return tuple(SummaryRow(code, int(counts[i]), float(kms[i])) for i, code in enumerate(order))

    return Summary(rows(facts.status, schema.STATUSES), rows(facts.phase, schema.PHASES),
                   int(np.count_nonzero(keep)), float(km.sum()), int(np.count_nonzero(keep & ~facts.mapped)))


def _table(rows: np.ndarray, statuses: np.ndarray, weights: np.ndarray | None, n_rows: int) -> np.ndarray:
    ok = (rows >= 0) & (statuses >= 0)
    flat = rows[ok] * len(schema.STATUSES) + statuses[ok]
    size = n_rows * len(schema.STATUSES)
    counts = np.bincount(flat, weights=None if weights is None else weights[ok], minlength=size)
    return counts.reshape(n_rows, len(schema.STATUSES)).astype(float)


def dashboard_figures(facts: Facts, mask, road_filter: RoadFilter | None = None,
                      summary: Summary | None = None) -> Figures:
    """The figures for the records where *mask* is true (a bool per record).
    *summary*: the session's summary of the same mask, when it already has it."""
    keep = np.asarray(mask, dtype=bool)
    if summary is None:
        summary = facts_summary(facts, keep)
    km = np.where(keep, facts.km, 0.0)
    roads = keep
    phase_counts = _table(np.where(roads, facts.phase, -1), facts.status, None, len(schema.PHASES))
    phase_km = _table(np.where(roads, facts.phase, -1), facts.status, km, len(schema.PHASES))
    category_counts = _table(np.where(roads, facts.category, -1), facts.status, None, len(schema.CATEGORIES))
    category_km = _table(np.where(roads, facts.category, -1), facts.status, km, len(schema.CATEGORIES))
    overdue = keep & facts.overdue
    ids = facts.frame["id"].to_numpy(dtype=object)[np.flatnonzero(overdue)[:200]] if "id" in facts.frame else []
    return Figures(facts.day, facts.as_of, road_filter or RoadFilter(), summary,
                   int(np.count_nonzero(keep & facts.started)), int(np.count_nonzero(keep & facts.finished)),
                   int(np.count_nonzero(overdue)), phase_counts, phase_km, category_counts, category_km,
                   tuple(str(i) for i in ids))


def bar_filter(current: RoadFilter, axis: str, code: str, status: str | None = None) -> RoadFilter:
    """The filter a click on a bar asks for: the current filter narrowed to the bar's
    phase (*axis* "phase") or category ("category"), and to its status segment
    when *status* is given.  The name search stays."""
    if axis not in ("phase", "category"):
        raise ValueError(f"axis must be 'phase' or 'category', not {axis!r}")
    phases = {code} if axis == "phase" else set(current.phases)
    categories = {code} if axis == "category" else set(current.categories)
    statuses = {status} if status else set(current.statuses)
    return RoadFilter.of(phases, statuses, categories, current.text)
