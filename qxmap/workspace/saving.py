"""The writes of one save, inside the transaction the session holds.

:meth:`qxmap.workspace.session.Workspace.save` opens the connection, takes
the write lock (``BEGIN IMMEDIATE``) and commits or rolls back; the steps in
between live here, each a plain function of the connection:

1. :func:`check_file` - still the workspace that was loaded, schema known;
2. :func:`find_conflicts` - every touched feature still has the revision it
   had when it was loaded (else :class:`ConflictError`, nothing written);
3. :func:`update_rows` - the new values, each row's revision bumped;
4. :func:`append_history` - one history row per change, the generation bumped.

A crash or a kill at any moment leaves the old or the new state: SQLite's
rollback journal (or WAL) guarantees it.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from qxmap.workspace.bookkeeping import (HISTORY_TABLE, META_TABLE, REVISION, SCHEMA_VERSION, now_iso,
                                         read_generation, read_schema_version, read_workspace_id)
from qxmap.workspace.db import insert_rows, quote, table_names
from qxmap.workspace.errors import ConflictError, FileReplaced, WorkspaceError
from qxmap.words import Words

_CHUNK = 500  # ids per "IN (...)" query


def replaced_message(path: Path) -> str:
    return Words("%1: is no longer the workspace that was loaded (another file was put in its place); "
                 "nothing was saved. Reload it to see what it holds now.", path)


def check_file(conn: sqlite3.Connection, path: Path, loaded_id: str | None) -> tuple[int, str | None]:
    """(generation, workspace id) of the file; raises WorkspaceError for a newer
    schema and FileReplaced when the workspace id is not *loaded_id*."""
    tables = table_names(conn)
    version = read_schema_version(conn, tables)
    if version is not None and version > SCHEMA_VERSION:
        raise WorkspaceError(Words("%1: was written by a newer qxmap (workspace schema %2); nothing was saved",
                                   path, version), path)
    workspace_id = read_workspace_id(conn, tables)
    if workspace_id != loaded_id:
        raise FileReplaced(replaced_message(path), path)
    return read_generation(conn, tables), workspace_id


def find_conflicts(conn: sqlite3.Connection, touched: Mapping[str, Iterable[str]],
                   revisions: Mapping[str, int]) -> list[str]:
    """Ids among *touched* (layer -> ids) whose revision in the file is not the loaded one."""
    conflicts = []
    for layer, ids in touched.items():
        found: dict[str, int] = {}
        id_list = list(ids)
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(conn.execute(
                f'SELECT "id", "{REVISION}" FROM {quote(layer)} WHERE "id" IN ({marks})', chunk))
        conflicts.extend(fid for fid in id_list
                         if fid not in found or int(found[fid] or 0) != revisions.get(fid, 0))
    return conflicts


def conflict_error(path: Path, conflicts: Sequence[str], name_of: Callable[[str], str | None]) -> ConflictError:
    named = [(fid, name_of(fid)) for fid in conflicts]
    names = ", ".join(f"{fid} ({name})" if name else fid for fid, name in named[:10])
    if len(named) > 10:
        names = Words("%1 and %2 more", names, len(named) - 10)
    return ConflictError(Words(
        "%1: not saved: %2 road(s) were changed by someone else since this workspace was loaded: %3. "
        "Reload to see their changes, then edit again.", path.name, len(named), names), path, named)


def update_rows(conn: sqlite3.Connection, path: Path,
                groups: Mapping[tuple[str, tuple[str, ...]], list[tuple]]) -> None:
    """One UPDATE per (layer, fields): each row is (values..., id, loaded revision)."""
    for (layer, fields), rows in groups.items():
        sets = ", ".join(f"{quote(f)} = ?" for f in fields)
        cursor = conn.executemany(
            f'UPDATE {quote(layer)} SET {sets}, "{REVISION}" = COALESCE("{REVISION}", 0) + 1 '
            f'WHERE "id" = ? AND COALESCE("{REVISION}", 0) = ?', rows)
        if cursor.rowcount != len(rows):  # pragma: no cover - guarded by find_conflicts
            raise ConflictError(Words("%1: not saved: rows changed during the save", path.name), path, [])


def append_history(conn: sqlite3.Connection, history: Sequence[tuple], layers: Iterable[str],
                   generation_before: int) -> None:
    """The history rows, the next generation, and ``last_change`` of the touched tables."""
    insert_rows(conn, f"INSERT INTO {HISTORY_TABLE} (road_id, field, old_value, new_value, changed_at, "
                "changed_by, note)", history)
    conn.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = 'generation'", (str(generation_before + 1),))
    stamp = history[0][4] if history else now_iso()
    conn.executemany("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
                     [(stamp, name) for name in list(layers) + [HISTORY_TABLE]])
