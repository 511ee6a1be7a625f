"""The timeline's rows: planned start to target of each record, in phase order.

Qt-free: the Qt view (``qxmap.ui.timeline``) draws what this computes, one
bar per row, only the rows on screen.  Rows are the records the filter
keeps, sorted by build phase (the report's order), then planned start,
target and name.  A record with a target but no planned start is a
milestone at its target; a record with neither is "undated" (left out unless
asked for: the bundled report gives most records no dates, and they are
counted instead).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

from qxmap.tracking.dashboard import NO_DAY, Facts
from qxmap.tracking.history import day_number, day_of


@dataclass(frozen=True)
class TimelineRows:
    """Record rows (indexes into the session's records) in display order."""

    rows: np.ndarray
    #: Records the filter keeps that have no planned start and no target (not in rows unless asked).
    undated: int
    #: The first and last day of the time axis (whole years around the bars and the day shown).
    first_day: int
    last_day: int


def timeline_rows(facts: Facts, mask, include_undated: bool = False) -> TimelineRows:
    keep = np.asarray(mask, dtype=bool)
    dated = (facts.start_day != NO_DAY) | (facts.end_day != NO_DAY)
    chosen = np.flatnonzero(keep & (dated | include_undated))
    undated = int(np.count_nonzero(keep & ~dated))
    if facts.name_rank is not None:
        names = facts.name_rank
    else:
        names = facts.frame["name_zh"].fillna("").astype(str).to_numpy() if "name_zh" in facts.frame else \
            np.full(len(keep), "")
    big = np.iinfo(np.int64).max
    start = np.where(facts.start_day == NO_DAY, np.where(facts.end_day == NO_DAY, big, facts.end_day),
                     facts.start_day)
    end = np.where(facts.end_day == NO_DAY, big, facts.end_day)
    phase = np.where(facts.phase < 0, 99, facts.phase)
    order = np.lexsort((names[chosen], end[chosen], start[chosen], phase[chosen]))
    rows = chosen[order]
    today = day_number(facts.day)
    days = np.concatenate([facts.start_day[rows], facts.end_day[rows], [today]])
    days = days[days != NO_DAY]
    first, last = int(days.min()), int(days.max())
    first_day = day_number(_dt.date(day_of(first).year, 1, 1))
    last_day = day_number(_dt.date(day_of(last).year + 1, 1, 1)) - 1
    return TimelineRows(rows, undated, first_day, last_day)
