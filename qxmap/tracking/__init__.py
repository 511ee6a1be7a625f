"""Tracking progress: what the history says about time (Qt-free, read-only).

The workspace keeps each record's current values and every saved change
(``road_status_history``).  This package answers a planner's questions from
them, without writing anything:

* :mod:`~qxmap.tracking.history` - the history as one table, with each
  change's local day (:class:`History`);
* :mod:`~qxmap.tracking.asof` - each record's status, phase and progress as
  they were on a day (:func:`state_as_of`);
* :mod:`~qxmap.tracking.dashboard` - the dashboard's figures for a filter:
  records and km by status, started / finished this year, overdue, the
  phase x status and category x status tables;
* :mod:`~qxmap.tracking.timeline` - the timeline's rows (planned start to target);
* :mod:`~qxmap.tracking.changes` - what changed since a date, grouped
  (started, finished, slipped, set back, other);
* :mod:`~qxmap.tracking.figures` and :mod:`~qxmap.tracking.report` - the
  dashboard as PNG and slide, the changes as XLSX, CSV and slides;
* :mod:`~qxmap.tracking.cli` - ``qxmap changes`` and ``qxmap set-field``.

It sits above the workspace and the exports (it reads one and reuses the
other's slide and sheet helpers) and below the session model, which shows
an "as of" state through it.
"""
from __future__ import annotations

from qxmap.tracking.asof import AS_OF_FIELDS, AsOfState, state_as_of
from qxmap.tracking.changes import GROUPS, ChangesReport, changes_since
from qxmap.tracking.dashboard import Facts, Figures, bar_filter, build_facts, dashboard_figures
from qxmap.tracking.history import History
from qxmap.tracking.timeline import TimelineRows, timeline_rows

__all__ = ["AS_OF_FIELDS", "AsOfState", "state_as_of", "GROUPS", "ChangesReport", "changes_since", "Facts",
           "Figures", "bar_filter", "build_facts", "dashboard_figures", "History", "TimelineRows",
           "timeline_rows"]
