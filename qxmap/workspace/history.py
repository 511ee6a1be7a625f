"""The status history: its records, reading it, and writing it as CSV.

Every saved change of a tracked record is one row of ``road_status_history``
(see :mod:`qxmap.workspace.bookkeeping`).  The app, the ``qxmap history``
command and the CSV export all read it through :func:`read_entries`, so they
list the same rows in the same order (oldest first).  :func:`read_history`
reads a file without loading its layers, for the command line.
"""
from __future__ import annotations

import csv
import io
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from qxmap.safetext import csv_cell
from qxmap.workspace.bookkeeping import HISTORY_COLUMNS, HISTORY_TABLE, feature_tables, inspect_file
from qxmap.workspace.db import DEFAULT_BUSY_TIMEOUT, connect, explain, quote, table_names
from qxmap.workspace.errors import WorkspaceError
from qxmap.words import Words

CSV_COLUMNS = ("id", "road_id", "name_zh", "field", "old_value", "new_value", "changed_at", "changed_by", "note")


@dataclass(frozen=True)
class HistoryEntry:
    """One saved change of one field of one tracked record."""

    id: int
    road_id: str
    field: str
    old_value: str | None
    new_value: str | None
    changed_at: str
    changed_by: str
    note: str | None

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in HISTORY_COLUMNS}


def read_entries(conn: sqlite3.Connection, road_id: str | None = None) -> list[HistoryEntry]:
    """The saved changes, oldest first (of one record when *road_id* is given)."""
    if HISTORY_TABLE not in table_names(conn):
        return []
    sql = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM {HISTORY_TABLE}"
    args: tuple = ()
    if road_id is not None:
        sql += " WHERE road_id = ?"
        args = (road_id,)
    return [HistoryEntry(*row) for row in conn.execute(sql + " ORDER BY id", args)]


def history_csv_text(entries: Iterable[HistoryEntry], names: dict[str, str] | None = None) -> str:
    """The history as CSV text (no BOM), with the record's Chinese name."""
    buffer = io.StringIO()
    write_history_csv(entries, buffer, names)
    return buffer.getvalue()


def write_history_csv(entries: Iterable[HistoryEntry], stream, names: dict[str, str] | None = None,
                      lineterminator: str = "\r\n") -> None:
    """Write the history as CSV to a text *stream* (columns CSV_COLUMNS)."""
    writer = csv.writer(stream, lineterminator=lineterminator)
    writer.writerow(CSV_COLUMNS)
    names = names or {}
    for e in entries:
        # names, notes and who changed it are typed by people: never a live formula in a spreadsheet
        writer.writerow([csv_cell(v) for v in (e.id, e.road_id, names.get(e.road_id) or "", e.field,
                                               e.old_value or "", e.new_value or "", e.changed_at,
                                               e.changed_by, e.note or "")])


def read_history(path: str | os.PathLike, road_id: str | None = None) -> tuple[list[HistoryEntry], dict[str, str]]:
    """(history entries, id -> name_zh) straight from a workspace file, without
    loading the layers.  Raises WorkspaceError (also for an unknown *road_id*)."""
    path = Path(path).absolute()
    inspect_file(path)
    try:
        conn = connect(path, read_only=True, timeout=DEFAULT_BUSY_TIMEOUT)
        try:
            tables = table_names(conn)
            names: dict[str, str] = {}
            for table in feature_tables(conn, tables):  # geometry edits reach every layer
                names.update(conn.execute(f'SELECT "id", "name_zh" FROM {quote(table)}'))
            entries = read_entries(conn, road_id)
            if road_id is not None and road_id not in names and not entries:  # (a removed record has a history)
                raise WorkspaceError(Words("%1: unknown road or exit id '%2'", path, road_id), path)
            return entries, names
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain(exc, path, Words("the history cannot be read")) from exc
