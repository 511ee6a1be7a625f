"""The history of a workspace as one table, ready for questions about time.

Every saved change is one row of ``road_status_history`` (field, old and new
value as text, when in UTC, who, why).  :class:`History` holds those rows as
a pandas frame with two derived columns, read once:

* ``day``: the local calendar day of the change (days since 1970-01-01), the
  unit of "as of" dates and "since" dates (a planner means the day on the
  wall calendar, not UTC);
* ``ts``: the moment itself (UTC nanoseconds), for "since the last export".

It also knows where the history starts (:attr:`History.starts_on`: the day
the workspace was created, or the first row if that is older) so that a
question about an earlier date can say that it has no history that old.

Qt-free, read-only: nothing here writes a workspace.
"""
from __future__ import annotations

import datetime as _dt
import functools
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.rowindex import RowIndex
from qxmap.workspace.bookkeeping import HISTORY_COLUMNS, HISTORY_TABLE, META_TABLE, inspect_file, tracked_tables
from qxmap.workspace.db import DEFAULT_BUSY_TIMEOUT, connect, explain, quote, table_names

EPOCH = _dt.date(1970, 1, 1)
#: Who made an edit that is not saved yet (rows added by :meth:`History.with_pending`).
UNSAVED = "(unsaved)"


def local_tz() -> _dt.tzinfo:
    """This machine's time zone now (China has no daylight saving time)."""
    return _dt.datetime.now().astimezone().tzinfo


def _offset_seconds(tz: _dt.tzinfo | None) -> float:
    offset = _dt.datetime.now(tz or local_tz()).utcoffset()
    return offset.total_seconds() if offset is not None else 0.0


def day_number(day: _dt.date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> _dt.date:
    return EPOCH + _dt.timedelta(days=int(number))


def today() -> _dt.date:
    return _dt.datetime.now(local_tz()).date()


def parse_day(text: str) -> _dt.date:
    """A date typed YYYY-MM-DD; ValueError with a message that says what is wrong."""
    value, problem = schema.parse_date(text)
    if problem:
        raise ValueError(problem)
    return _dt.date.fromisoformat(value)


def stamps_to_columns(stamps: pd.Series, tz: _dt.tzinfo | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(local day numbers, UTC nanoseconds) of ISO-8601 time stamps; a stamp that is
    not a time gets day -1 and ts 0 (it sorts before every real one)."""
    if not len(stamps):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    moments = pd.to_datetime(stamps, utc=True, errors="coerce", format="ISO8601")
    bad = moments.isna().to_numpy()
    utc = moments.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    offset = np.timedelta64(int(_offset_seconds(tz)), "s")
    local_days = (utc + offset).astype("datetime64[D]").astype(np.int64)
    ts = utc.astype(np.int64)
    return np.where(bad, -1, local_days), np.where(bad, 0, ts)


@dataclass
class HistoryCodes:
    """The history's text columns as small integers, made once per history, so that
    questions over 200,000 rows are numpy steps, not Python string comparisons."""

    #: Per row: the index of its field in :attr:`fields`, of its record id in :attr:`roads`.
    field: np.ndarray
    road: np.ndarray
    fields: dict[str, int]
    roads: pd.Index
    #: Per row: the index of the old and new value in schema.STATUSES (-1: not a status row, or unknown).
    old_status: np.ndarray
    new_status: np.ndarray
    days: np.ndarray

    def field_code(self, name: str) -> int:
        return self.fields.get(name, -2)  # -2 matches no row

    def record_rows(self, ids) -> np.ndarray:
        """For each of :attr:`roads`, its row in *ids* (the records' ids in order, or a
        mapping id -> row such as the session's :class:`~qxmap.rowindex.RowIndex`; the
        answer is remembered while that same mapping is given) or -1."""
        cache = self.__dict__.setdefault("_rows_cache", [None, None])
        if isinstance(ids, Mapping):
            if cache[0] is ids:
                return cache[1]
            lookup = ids
        else:
            lookup = {str(v): i for i, v in enumerate(np.asarray(ids, dtype=object).tolist())}
        if isinstance(lookup, RowIndex):
            rows = lookup.rows(self.roads)
        else:
            rows = np.fromiter((lookup.get(r, -1) for r in self.roads.tolist()), dtype=np.int64, count=len(self.roads))
        if isinstance(ids, Mapping):
            cache[0], cache[1] = ids, rows
        return rows


@dataclass
class History:
    """Saved changes, oldest first, with their local ``day`` and UTC ``ts``."""

    frame: pd.DataFrame
    #: The day the workspace was created (None when unknown: a plain GeoPackage).
    created_on: _dt.date | None = None

    @functools.cached_property
    def codes(self) -> HistoryCodes:
        frame = self.frame
        field, fields = pd.factorize(frame["field"].to_numpy(dtype=object))
        road, roads = pd.factorize(frame["road_id"].astype(str).to_numpy(dtype=object))
        status_rows = field == (list(fields).index("status") if "status" in list(fields) else -2)
        index = {code: i for i, code in enumerate(schema.STATUSES)}
        old = np.full(len(frame), -1, dtype=np.int8)
        new = np.full(len(frame), -1, dtype=np.int8)
        if status_rows.any():
            old[status_rows] = [index.get(v, -1) for v in frame["old_value"].to_numpy(dtype=object)[status_rows]]
            new[status_rows] = [index.get(v, -1) for v in frame["new_value"].to_numpy(dtype=object)[status_rows]]
        return HistoryCodes(field.astype(np.int16), road.astype(np.int64), {f: i for i, f in enumerate(fields)},
                            pd.Index(roads), old, new, frame["day"].to_numpy(dtype=np.int64))

    @classmethod
    def empty(cls) -> "History":
        return cls.from_rows([])

    @classmethod
    def from_rows(cls, rows: Iterable[tuple] | pd.DataFrame, created_on: _dt.date | None = None,
                  tz: _dt.tzinfo | None = None) -> "History":
        """From rows in HISTORY_COLUMNS order (or a frame with those columns)."""
        if isinstance(rows, pd.DataFrame):
            frame = rows.loc[:, list(HISTORY_COLUMNS)].copy()
        else:
            frame = pd.DataFrame.from_records(list(rows), columns=list(HISTORY_COLUMNS))
        for column in ("road_id", "field", "old_value", "new_value", "changed_at", "changed_by", "note"):
            values = frame[column].to_numpy(dtype=object, copy=True)
            values[pd.isna(values)] = None  # pandas reads missing text as NaN: None, as SQLite has it
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
        frame["id"] = pd.to_numeric(frame["id"], errors="coerce").fillna(0).astype(np.int64)
        days, ts = stamps_to_columns(frame["changed_at"].astype(str), tz)
        frame["day"] = days
        frame["ts"] = ts
        frame = frame.sort_values(["ts", "id"], kind="stable").reset_index(drop=True)
        return cls(frame, created_on)

    @classmethod
    def from_entries(cls, entries, created_on: _dt.date | None = None) -> "History":
        """From :class:`qxmap.workspace.HistoryEntry` objects."""
        return cls.from_rows([tuple(getattr(e, c) for c in HISTORY_COLUMNS) for e in entries], created_on)

    @classmethod
    def read(cls, path: str | Path, after_id: int = 0, since_utc: str | None = None,
             timeout: float = DEFAULT_BUSY_TIMEOUT) -> "History":
        """The history of the workspace at *path* (rows with an id above *after_id*;
        with *since_utc*, only rows stamped from that UTC time on, give or take a
        day: the caller narrows them by ``day`` or ``ts``).  Raises WorkspaceError."""
        rows, created, _names = _read_rows(Path(path).absolute(), after_id, since_utc, timeout, names=False)
        return cls.from_rows(rows, created)

    # ---- facts -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def last_id(self) -> int:
        return int(self.frame["id"].max()) if len(self.frame) else 0

    @property
    def starts_on(self) -> _dt.date | None:
        """The first day the history covers: the workspace's creation, or its first
        row when that is older (rows imported from elsewhere); None when unknown."""
        days = self.frame["day"].to_numpy()
        days = days[days >= 0]
        first = day_of(int(days.min())) if len(days) else None
        if self.created_on is None:
            return first
        return min(self.created_on, first) if first is not None else self.created_on

    def extended(self, more: "History") -> "History":
        """This history with the rows of *more* (a later read) appended."""
        if not len(more.frame):
            return self
        known = set(self.frame["id"].tolist()) if len(more.frame) < len(self.frame) else None
        frame = more.frame if known is None else more.frame[~more.frame["id"].isin(known)]
        joined = pd.concat([self.frame, frame], ignore_index=True)
        joined = joined.drop_duplicates("id", keep="last") if known is None else joined
        return History(joined.sort_values(["ts", "id"], kind="stable").reset_index(drop=True),
                       self.created_on or more.created_on)

    def with_pending(self, edits, stamp: str | None = None) -> "History":
        """This history plus the unsaved *edits* (qxmap.editing.Edit), stamped now:
        an "as of" view of an earlier day must undo them too."""
        from qxmap.editing import normalise, value_text

        edits = list(edits)
        if not edits:
            return self
        stamp = stamp or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        base = self.last_id
        rows = [(base + i + 1, e.feature_id, e.field, value_text(e.old), value_text(normalise(e.field, e.new)[0]),
                 stamp, UNSAVED, e.note) for i, e in enumerate(edits)]
        return self.extended(History.from_rows(rows))

    def last_updated(self) -> pd.Series:
        """road id -> the time stamp (ISO text, UTC) of its last saved change."""
        if not len(self.frame):
            return pd.Series(dtype=object)
        saved = self.frame[self.frame["changed_by"] != UNSAVED]
        last = saved.drop_duplicates("road_id", keep="last")
        return pd.Series(last["changed_at"].to_numpy(), index=last["road_id"].to_numpy(), dtype=object)

    def after(self, when: _dt.date | _dt.datetime) -> pd.DataFrame:
        """Rows after *when*: from the start of that local day for a date, strictly
        later for a moment (a datetime; naive means local time)."""
        frame = self.frame
        if isinstance(when, _dt.datetime):
            moment = when if when.tzinfo is not None else when.replace(tzinfo=local_tz())
            ns = int(pd.Timestamp(moment).tz_convert("UTC").value)
            return frame[frame["ts"].to_numpy() > ns]
        return frame[frame["day"].to_numpy() >= day_number(when)]


def utc_floor(day: _dt.date) -> str:
    """The UTC time stamp (text, as stored) a day before local midnight of *day*:
    a safe lower bound to narrow a read in SQL."""
    moment = _dt.datetime.combine(day, _dt.time(), tzinfo=local_tz()) - _dt.timedelta(days=1)
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def read_with_names(path: str | Path, since_utc: str | None = None,
                    timeout: float = DEFAULT_BUSY_TIMEOUT) -> tuple[History, pd.DataFrame]:
    """(the history, as :meth:`History.read`, and the names, as :func:`read_names`) in one read."""
    rows, created, names = _read_rows(Path(path).absolute(), 0, since_utc, timeout, names=True)
    return History.from_rows(rows, created), names


def read_names(path: str | Path, timeout: float = DEFAULT_BUSY_TIMEOUT) -> pd.DataFrame:
    """id, name_zh, name_en of every tracked record of the workspace at *path* (no geometry read)."""
    return _read_rows(Path(path).absolute(), 0, "9999", timeout, names=True)[2]


def _read_rows(path: Path, after_id: int, since_utc: str | None, timeout: float, names: bool):
    from qxmap.workspace.errors import WorkspaceError

    inspect_file(path, timeout)
    try:
        conn = connect(path, read_only=True, timeout=timeout)
        try:
            conn.execute("BEGIN")
            tables = table_names(conn)
            stamps = []
            if META_TABLE in tables:
                row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'created_at'").fetchone()
                stamps.append(row[0] if row else None)
            if HISTORY_TABLE in tables:  # the first row, however the read is narrowed
                stamps.append(conn.execute(f"SELECT MIN(changed_at) FROM {HISTORY_TABLE}").fetchone()[0])
            days, _ = stamps_to_columns(pd.Series([str(s) for s in stamps if s], dtype=object))
            days = days[days >= 0]
            # The first day the history covers: the workspace's creation or its first row if older.
            created = day_of(int(days.min())) if len(days) else None
            rows: list = []
            if HISTORY_TABLE in tables:
                sql = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM {HISTORY_TABLE} WHERE id > ?"
                args: list = [after_id]
                if since_utc is not None:
                    sql += " AND changed_at >= ?"
                    args.append(since_utc)
                rows = conn.execute(sql + " ORDER BY id", args).fetchall()
            frame = None
            if names:
                parts = []
                for table in tracked_tables(conn, tables):
                    parts.extend(conn.execute(f'SELECT "id", "name_zh", "name_en" FROM {quote(table)}').fetchall())
                frame = pd.DataFrame.from_records(parts, columns=["id", "name_zh", "name_en"])
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain(exc, path, "the history cannot be read") from exc
    except WorkspaceError:
        raise
    return rows, created, frame
