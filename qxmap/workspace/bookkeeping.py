"""qxmap's own bookkeeping inside the GeoPackage, and what makes a file a workspace.

A workspace is a GeoPackage that QGIS and GDAL open as it is, plus:

* a ``qxmap_meta`` table: the schema version, a random ``workspace_id``
  given at creation (added to older workspaces by their first save), and a
  ``generation`` counter that every qxmap save increments;
* a ``road_status_history`` table, one row per saved change;
* on every tracked layer (roads, exits) a ``revision`` column, a unique
  index on ``id`` and a trigger that bumps ``revision`` whenever another
  program (QGIS, GDAL) changes an editable field.

This module reads and adds them (:func:`ensure_bookkeeping` runs inside the
caller's transaction), tells a workspace from other files (:func:`inspect_file`),
and says what the file looked like (:class:`FileIdentity`): the markers from
outside SQLite plus the generation and workspace id from inside it.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import getpass
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.editing import EDITABLE_FIELDS
from qxmap.workspace.db import (DEFAULT_BUSY_TIMEOUT, SQLITE_HEADER, FileMarkers, columns, connect,
                                data_version, explain, is_read_only, markers, quote, same_file, table_names)
from qxmap.workspace.errors import WorkspaceError
from qxmap.words import Words

HISTORY_TABLE = "road_status_history"
META_TABLE = "qxmap_meta"
REVISION = "revision"
#: Version of the qxmap bookkeeping inside the GeoPackage.  2: the tracking fields
#: (schema.TRACKING_FIELDS) on the tracked layers, watched by the revision trigger.
#: An older workspace is upgraded in place when it is opened (:func:`upgrade_in_place`).
SCHEMA_VERSION = 2
#: SQL column types of the tracking fields added by schema 2, by field kind.
TRACKING_COLUMN_TYPES = {"month": "MEDIUMINT", "money": "REAL", "date": "TEXT", "text": "TEXT"}
HISTORY_COLUMNS = ("id", "road_id", "field", "old_value", "new_value", "changed_at", "changed_by", "note")


def default_user() -> str:
    """The OS user name, for ``changed_by`` ("unknown" if there is none)."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name (containers, services)
        name = ""
    return name or "unknown"


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------
# Reading


def _meta(conn: sqlite3.Connection, key: str, tables: dict[str, str] | None) -> str | None:
    tables = tables if tables is not None else table_names(conn)
    if META_TABLE not in tables:
        return None
    row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def read_generation(conn: sqlite3.Connection, tables: dict[str, str] | None = None) -> int:
    try:
        return int(_meta(conn, "generation", tables) or 0)
    except (TypeError, ValueError):
        return 0


def read_workspace_id(conn: sqlite3.Connection, tables: dict[str, str] | None = None) -> str | None:
    value = _meta(conn, "workspace_id", tables)
    return str(value) if value else None


def read_schema_version(conn: sqlite3.Connection, tables: dict[str, str]) -> int | None:
    value = _meta(conn, "schema_version", tables)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def tracked_tables(conn: sqlite3.Connection, tables: dict[str, str]) -> list[str]:
    listed = {row[0] for row in conn.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")}
    return [name for name in schema.TRACKED_LAYERS if name in listed and tables.get(name) == "table"]


def feature_tables(conn: sqlite3.Connection, tables: dict[str, str]) -> list[str]:
    """Every schema layer the file holds as a feature table (geometry edits reach them all)."""
    listed = {row[0] for row in conn.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")}
    return [name for name in schema.LAYER_ORDER if name in listed and tables.get(name) == "table"]


def read_revisions(conn: sqlite3.Connection, tables: dict[str, str]) -> dict[str, int]:
    revisions: dict[str, int] = {}
    for table in feature_tables(conn, tables):
        # (id, revision) pairs made by SQLite, straight into the dict: no Python per row
        revision = f'COALESCE(CAST("{REVISION}" AS INTEGER), 0)' if REVISION in columns(conn, table) else "0"
        revisions.update(conn.execute(f'SELECT "id", {revision} FROM {quote(table)} WHERE "id" IS NOT NULL'))
    return revisions


def revisions_of(layers: dict) -> dict[str, int]:
    """:func:`read_revisions` from the layers as just read (GeoDataFrames by name, with
    their revision column): the same pairs, with no second pass over the file.  A layer
    without the column is at revision 0; a feature without an id has none."""
    revisions: dict[str, int] = {}
    for name in schema.LAYER_ORDER:
        frame = layers.get(name)
        if frame is None or "id" not in frame.columns or not len(frame):
            continue
        ids = frame["id"].to_numpy(dtype=object)
        if REVISION in frame.columns:  # as COALESCE(CAST(revision AS INTEGER), 0)
            numbers = pd.to_numeric(frame[REVISION], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            values = np.trunc(np.nan_to_num(numbers, nan=0.0)).astype(np.int64)
        else:
            values = np.zeros(len(frame), dtype=np.int64)
        present = pd.notna(ids)
        revisions.update(zip(ids[present].tolist(), values[present].tolist()))
    return revisions


# --------------------------------------------------------------------------
# Writing


def ensure_bookkeeping(conn: sqlite3.Connection) -> None:
    """Add qxmap's tables, columns, indexes and triggers where missing.

    Idempotent; runs inside the caller's transaction (so a plain GeoPackage
    of qxmap layers becomes a workspace with its first save, atomically).
    """
    tables = table_names(conn)
    stamp = now_iso()
    version_before = read_schema_version(conn, tables)
    if META_TABLE not in tables:
        # GeoPackage attribute tables need an INTEGER PRIMARY KEY AUTOINCREMENT column.
        conn.execute(f"CREATE TABLE {META_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
                     "key TEXT NOT NULL UNIQUE, value TEXT)")
        conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('created_at', ?)", (stamp,))
    conn.executemany(f"INSERT OR IGNORE INTO {META_TABLE} (key, value) VALUES (?, ?)",
                     [("schema_version", str(SCHEMA_VERSION)), ("generation", "0"),
                      ("workspace_id", uuid.uuid4().hex)])
    if HISTORY_TABLE not in tables:
        conn.execute(
            f"CREATE TABLE {HISTORY_TABLE} ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, road_id TEXT NOT NULL, field TEXT NOT NULL, "
            "old_value TEXT, new_value TEXT, changed_at TEXT NOT NULL, changed_by TEXT NOT NULL, note TEXT)")
        conn.execute(f"CREATE INDEX {HISTORY_TABLE}_road_id ON {HISTORY_TABLE} (road_id)")
    for table, description in ((HISTORY_TABLE, "qxmap: status history of roads and exits (道路状态变更记录)"),
                               (META_TABLE, "qxmap: workspace bookkeeping")):
        conn.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, "
                     "last_change) VALUES (?, 'attributes', ?, ?, ?)",
                     (table, table, description, stamp))
    geometry_column = dict(conn.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
    tracked = set(tracked_tables(conn, tables))
    for table in feature_tables(conn, tables):  # every layer: a geometry edit reaches any of them
        q = quote(table)
        if REVISION not in columns(conn, table):
            conn.execute(f'ALTER TABLE {q} ADD COLUMN "{REVISION}" INTEGER NOT NULL DEFAULT 0')
        if f"qxmap_{table}_id" not in tables:
            conn.execute(f'CREATE UNIQUE INDEX "qxmap_{table}_id" ON {q} ("id")')
        if table in tracked:  # schema 2: the tracking columns (empty) where missing
            _add_tracking_columns(conn, table, tables, version_before)
        if f"qxmap_{table}_geometry_revision" not in tables and table in geometry_column:
            # Another program (QGIS) moving a geometry bumps the revision, as an attribute edit does.
            watched = ", ".join(quote(f) for f in (geometry_column[table], "geometry_accuracy"))
            conn.execute(
                f'CREATE TRIGGER "qxmap_{table}_geometry_revision" AFTER UPDATE OF {watched} ON {q} '
                f'WHEN NEW."{REVISION}" IS NOT COALESCE(OLD."{REVISION}", 0) + 1 '
                f'BEGIN UPDATE {q} SET "{REVISION}" = COALESCE(OLD."{REVISION}", 0) + 1 '
                f"WHERE rowid = NEW.rowid; END")
        if table in tracked and f"qxmap_{table}_revision" not in tables:
            watched = ", ".join(quote(f) for f in EDITABLE_FIELDS + (REVISION,))
            conn.execute(
                f'CREATE TRIGGER "qxmap_{table}_revision" AFTER UPDATE OF {watched} ON {q} '
                f'WHEN NEW."{REVISION}" IS NOT COALESCE(OLD."{REVISION}", 0) + 1 '
                f'BEGIN UPDATE {q} SET "{REVISION}" = COALESCE(OLD."{REVISION}", 0) + 1 '
                f"WHERE rowid = NEW.rowid; END")
    if version_before is not None and version_before < SCHEMA_VERSION:
        conn.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        conn.execute(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES (?, ?)",
                     (f"upgraded_to_{SCHEMA_VERSION}_at", stamp))


def _add_tracking_columns(conn: sqlite3.Connection, table: str, tables: dict[str, str],
                          version_before: int | None) -> None:
    """Schema 2 on one tracked table: the tracking columns, and a revision trigger
    that watches them (an older one is dropped here and made again by the caller)."""
    q = quote(table)
    present = columns(conn, table)
    for name in schema.TRACKING_FIELDS:
        if name not in present:
            kind = schema.LAYERS[table].field(name).kind
            conn.execute(f"ALTER TABLE {q} ADD COLUMN {quote(name)} {TRACKING_COLUMN_TYPES[kind]}")
    trigger = f"qxmap_{table}_revision"
    if trigger in tables and (version_before or 0) < 2:
        conn.execute(f"DROP TRIGGER {quote(trigger)}")
        del tables[trigger]


def needs_upgrade(conn: sqlite3.Connection, tables: dict[str, str] | None = None) -> bool:
    """Is this a qxmap workspace of an older schema (or one missing a tracking column)?"""
    tables = tables if tables is not None else table_names(conn)
    version = read_schema_version(conn, tables)
    if version is None:
        return False  # not (yet) a workspace: its first save adds everything
    if version < SCHEMA_VERSION:
        return True
    return any(name not in columns(conn, table) for table in tracked_tables(conn, tables)
               for name in schema.TRACKING_FIELDS)


def upgrade_in_place(path: Path, timeout: float = DEFAULT_BUSY_TIMEOUT) -> bool:
    """Bring an older workspace to :data:`SCHEMA_VERSION` in one transaction: the
    tracking columns added (empty), the revision triggers made again, the
    version bumped, the generation counted as a save (another copy of qxmap that
    has the file open sees that it changed).  Nothing else is touched: every
    record, history row and id stays.  Returns True when the file was upgraded;
    False when there was nothing to do or the file is read-only (it is then
    read as it is, the new fields empty).  Raises WorkspaceError when the file
    cannot be written.  Opens and closes its own connections: call it when no
    other connection of this process to *path* is open."""
    path = Path(path)
    if is_read_only(path):
        return False
    try:
        conn = connect(path, read_only=True, timeout=timeout)
        try:
            if not needs_upgrade(conn):
                return False
        finally:
            conn.close()
        conn = connect(path, read_only=False, timeout=timeout)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if not needs_upgrade(conn):
                    conn.execute("ROLLBACK")
                    return False
                ensure_bookkeeping(conn)
                conn.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = 'generation'",
                             (str(read_generation(conn) + 1),))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain(exc, path, Words("it could not be upgraded to workspace schema %1", SCHEMA_VERSION)) from exc
    return True


# --------------------------------------------------------------------------
# What the file looked like


@dataclass(frozen=True)
class FileIdentity:
    """What the file looked like when qxmap last read or wrote it."""

    markers: FileMarkers
    generation: int  # qxmap_meta generation
    workspace_id: str | None  # qxmap_meta workspace_id (None in workspaces older than it)


def read_snapshot(conn: sqlite3.Connection, seen: FileMarkers,
                  with_revisions: bool = True) -> tuple[FileIdentity, dict[str, int]]:
    """(identity, revisions) read in one transaction of *conn* (revisions {} unless
    *with_revisions*: a check that the file is still as read needs the identity only).

    *seen* must be read BEFORE this (see :func:`qxmap.workspace.db.pinned`): a
    commit in between then makes the file look changed later (a needless
    reload), never hides a change.
    """
    conn.execute("BEGIN")
    tables = table_names(conn)
    identity = FileIdentity(seen, read_generation(conn, tables), read_workspace_id(conn, tables))
    revisions = read_revisions(conn, tables) if with_revisions else {}
    conn.execute("COMMIT")
    return identity, revisions


def identity_after_commit(conn: sqlite3.Connection, path: Path, fd: int | None,
                          seen_version: int) -> tuple[FileIdentity | None, bool]:
    """(the file as the commit of *conn* left it, WAL mode?) right after that commit.

    The identity is None when another program may have written since (the
    workspace then counts as changed on disk): *seen_version* is
    :func:`~qxmap.workspace.db.data_version` read inside the transaction.
    """
    try:
        seen = markers(path, fd)  # before the read, as in read_snapshot
        conn.execute("BEGIN")
        try:
            tables = table_names(conn)
            generation = read_generation(conn, tables)
            workspace_id = read_workspace_id(conn, tables)
            # Unchanged: no other connection committed between our COMMIT and this read.
            version = data_version(conn)
        finally:
            conn.execute("COMMIT")
        wal = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
    except sqlite3.Error:
        return None, False
    if version != seen_version or not same_file(path, fd):
        return None, False
    return FileIdentity(seen, generation, workspace_id), wal


def identity_after_close(identity: FileIdentity, path: Path, fd: int | None) -> FileIdentity | None:
    """WAL mode, once the saving connection is closed: the last connection to close
    checkpoints the WAL into the file and removes it, which changes the markers
    without changing the data.  A WAL gone after our close is that checkpoint;
    a WAL still there but changed means another program wrote (None)."""
    now = markers(path, fd)
    if now == identity.markers:
        return identity
    if now.stat[1] is None:
        return dataclasses.replace(identity, markers=now)
    return None


# --------------------------------------------------------------------------
# Telling a workspace from other files


@dataclass
class Inspection:
    read_only: bool
    tables: dict[str, str]
    layers: list[str]  # schema layers present


def inspect_file(path: Path, timeout: float = DEFAULT_BUSY_TIMEOUT) -> Inspection:
    """Check that *path* is a readable GeoPackage with a roads layer; never writes
    (except rolling back an interrupted save, which SQLite does by itself).

    Reads the header with a plain open() BEFORE connecting: no connection of
    this process is open then, so no SQLite lock can be dropped.
    """
    if not path.exists():
        raise WorkspaceError(Words("%1: no such file", path), path)
    if path.is_dir():
        raise WorkspaceError(Words("%1: is a folder, not a GeoPackage workspace file", path), path)
    if not path.is_file():  # a named pipe or a device: open() would wait or read for ever
        raise WorkspaceError(Words("%1 is not a regular file (a pipe, a device or a folder): not a workspace",
                                   path), path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise WorkspaceError(Words("%1: %2", path, Words("cannot be read: %1", exc.strerror or exc)), path) from exc
    if not header.startswith(SQLITE_HEADER):
        what = Words("an empty file") if not header else Words("not an SQLite database file")
        raise WorkspaceError(Words("%1: is not a GeoPackage (%2)", path, what), path)
    read_only = is_read_only(path)
    # A journal left by an interrupted save must be rolled back by a writable
    # connection; otherwise look without any right to write.
    hot = Path(str(path) + "-journal")
    rollback_needed = hot.exists() and hot.stat().st_size > 0
    try:
        conn = connect(path, read_only=read_only or not rollback_needed, timeout=timeout)
    except sqlite3.Error as exc:
        raise explain(exc, path, Words("it cannot be opened")) from exc
    try:
        try:
            tables = table_names(conn)
        except sqlite3.Error as exc:
            if rollback_needed and read_only:
                raise WorkspaceError(Words("%1: an interrupted save must be rolled back, but the file is "
                                           "read-only; make it writable and open it again", path), path) from exc
            raise explain(exc, path, Words("it cannot be read")) from exc
        if "gpkg_contents" not in tables:
            raise WorkspaceError(Words("%1: is an SQLite database but not a GeoPackage "
                                       "(it has no gpkg_contents table)", path), path)
        try:
            contents = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
        except sqlite3.Error as exc:
            raise explain(exc, path, Words("it cannot be read")) from exc
        layers = [name for name in schema.LAYER_ORDER
                  if contents.get(name) == "features" and tables.get(name) == "table"]
        for name in schema.LAYER_ORDER:
            if name in contents and tables.get(name) != "table":
                raise WorkspaceError(Words("%1: layer '%2' is listed but its table is missing "
                                           "(damaged GeoPackage)", path, name), path)
        if "roads" not in layers:
            found = ", ".join(sorted(contents)) or "none"
            raise WorkspaceError(Words("%1: has no 'roads' layer, so it is not a qxmap workspace "
                                       "(layers found: %2)", path, found), path)
        version = read_schema_version(conn, tables)
        if version is not None and version > SCHEMA_VERSION:
            raise WorkspaceError(Words("%1: was written by a newer qxmap (workspace schema %2, "
                                       "this qxmap knows %3); update qxmap to open it", path, version,
                                       SCHEMA_VERSION), path)
    finally:
        conn.close()
    return Inspection(read_only=read_only, tables=tables, layers=layers)
