"""SQLite plumbing of the workspace: connecting, quoting, errors in words, and the
file's outside markers.

Two rules live here so that the rest of the package cannot get them wrong:

* every connection gets the GeoPackage SQL functions GDAL's triggers name
  (:func:`connect`), else a plain ``UPDATE roads`` fails;
* SQLite's locks are POSIX advisory locks, which belong to the process and
  the file: closing ANY descriptor of the file drops every lock the process
  holds on it, SQLite's included.  So while a connection is open nothing may
  open and close the file again: the header's change counter is read through
  one descriptor opened before the connection and closed after it
  (:func:`pinned`, :func:`markers`); ``os.stat`` never opens the file.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from qxmap.gpkgtable import ENVELOPE_BYTES
from qxmap.workspace.errors import WorkspaceError
from qxmap.words import Words

SQLITE_HEADER = b"SQLite format 3\x00"
#: Seconds a connection waits for another program's lock before giving up.
DEFAULT_BUSY_TIMEOUT = 5.0


# --------------------------------------------------------------------------
# GeoPackage SQL functions


def _gpkg_envelope(blob) -> tuple[bool, tuple | None] | None:
    """(empty, (minx, maxx, miny, maxy) or None) of a GeoPackage geometry blob."""
    if blob is None:
        return None
    data = bytes(blob)
    if len(data) < 8 or data[:2] != b"GP":
        return None
    flags = data[3]
    empty = bool(flags & 0x10)
    kind = (flags >> 1) & 0x07
    size = ENVELOPE_BYTES.get(kind)
    if size is None:
        return None
    order = "<" if flags & 0x01 else ">"
    if empty:
        return True, None
    if kind:
        return False, struct.unpack_from(order + "4d", data, 8)
    import shapely

    geom = shapely.from_wkb(data[8 + size:])
    if geom is None or geom.is_empty:
        return True, None
    minx, miny, maxx, maxy = geom.bounds
    return False, (minx, maxx, miny, maxy)


def _st_is_empty(blob):
    env = _gpkg_envelope(blob)
    return None if env is None else int(env[0])


def _st_bound(index: int):
    def func(blob):
        env = _gpkg_envelope(blob)
        if env is None or env[1] is None:
            return None
        return env[1][index]
    return func


def register_gpkg_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions GDAL's R-tree triggers name (GDAL defines them in C).

    SQLite compiles every trigger of a table into an UPDATE of that table, so
    without them a plain ``UPDATE roads SET status = ...`` fails with "no
    such function: ST_IsEmpty" even though qxmap never changes a geometry.
    """
    conn.create_function("ST_IsEmpty", 1, _st_is_empty, deterministic=True)
    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _st_bound(index), deterministic=True)


# --------------------------------------------------------------------------
# Connecting and asking


def connect(path: Path, *, read_only: bool, timeout: float) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with the gpkg functions."""
    mode = "ro" if read_only else "rw"
    try:  # SQLite would open a named pipe and wait for ever: only regular files
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise WorkspaceError(Words("%1 is not a regular file (a pipe, a device or a folder): not a workspace",
                                       path), path)
    except FileNotFoundError:
        pass  # SQLite says so in its own words
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, isolation_level=None,
                           timeout=timeout, check_same_thread=False, factory=Connection)
    register_gpkg_functions(conn)
    return conn


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(conn: sqlite3.Connection) -> dict[str, str]:
    """name -> type ("table", "index", "trigger", ...) of everything in the schema (on a
    :class:`Connection`, read again only when SQLite's schema cookie says it changed: a
    save asks several times)."""
    if not isinstance(conn, Connection):
        return {name: kind for name, kind in conn.execute("SELECT name, type FROM sqlite_master")}
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    if conn.schema is None or conn.schema[0] != version:
        conn.schema = (version, {name: kind for name, kind in conn.execute("SELECT name, type FROM sqlite_master")})
    return dict(conn.schema[1])


class Connection(sqlite3.Connection):
    """A workspace connection: remembers its schema's names (:func:`table_names`)."""

    schema: tuple[int, dict[str, str]] | None = None


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({quote(table)})")]


def insert_rows(conn: sqlite3.Connection, head: str, rows: Sequence[tuple], batch: int = 100) -> None:
    """``executemany(head + " VALUES (?, ...)", rows)`` with *batch* rows per INSERT
    statement: the same rows in the same order, a third faster for thousands of
    rows (SQLite's per-statement work is paid once per batch).  *head* is
    ``INSERT INTO table (columns)``; every row has one value per column."""
    if not rows:
        return
    widths = set(map(len, rows))
    if len(widths) != 1:  # a flattened batch would shift values between columns
        raise ValueError(f"rows of different lengths for {head}: {sorted(widths)}")
    insert_columns(conn, head, [list(column) for column in zip(*rows)], batch)


def insert_columns(conn: sqlite3.Connection, head: str, cells: Sequence[Sequence], batch: int = 100) -> None:
    """:func:`insert_rows` of the rows ``zip(*cells)`` (*cells*: one sequence per column,
    of equal lengths), without making those rows: each batch's parameters are a slice
    of one list the columns are interleaved into (C-level slice assignments).

    A column holding one value in every row (a save's time stamp, author and note in
    each history row; a field empty in every new record) is bound once per statement
    as a numbered parameter (``?1``), or written ``NULL``: each value bound costs."""
    lengths = set(map(len, cells))
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths for {head}: {sorted(lengths)}")
    count = lengths.pop() if lengths else 0
    if not count:
        return
    fixed = {j: column[0] for j, column in enumerate(cells) if count > 1 and _constant(column)}
    if len(fixed) == len(cells):  # every row the same: bind the first column row by row
        del fixed[0]
    shared = [value for value in fixed.values() if value is not None]
    varying = [column for j, column in enumerate(cells) if j not in fixed]
    width = len(varying)
    flat: list = [None] * (count * width)
    for j, column in enumerate(varying):
        flat[j::width] = column
    batch = max(1, min(batch, (999 - len(shared)) // width))  # 999: the parameter limit of older SQLite builds
    numbers = {j: f"?{n}" for n, j in enumerate((j for j, v in fixed.items() if v is not None), start=1)}

    def rows_sql(k: int) -> str:
        rows = []
        for r in range(k):
            first = len(shared) + r * width + 1
            pos = iter(range(first, first + width))
            rows.append("(" + ", ".join(("NULL" if fixed[j] is None else numbers[j]) if j in fixed
                                        else f"?{next(pos)}" for j in range(len(cells))) + ")")
        return ", ".join(rows)

    full = count - count % batch
    step = batch * width
    if full:
        conn.executemany(f"{head} VALUES {rows_sql(batch)}",
                         (shared + flat[s:s + step] for s in range(0, full * width, step)))
    if full < count:
        conn.execute(f"{head} VALUES {rows_sql(count - full)}", shared + flat[full * width:])


def _constant(column: Sequence) -> bool:
    """Does *column* hold one value, of one type (1, 1.0 and True are equal but bind
    differently)?  Never for floats: 0.0 equals -0.0, NaN not itself."""
    first = column[0]
    if column[-1] is not first and column[-1] != first:  # (most columns: told at once)
        return False
    if first is None:
        return column.count(None) == len(column)
    kind = type(first)
    if kind not in (str, int, bytes) or column.count(first) != len(column):
        return False
    return kind is str or set(map(type, column)) == {kind}  # only text equals text


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's count of commits made by OTHER connections, as this connection saw them."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def sql_value(value: Any) -> Any:
    """A pandas/numpy cell as a value SQLite (and JSON) takes; None for every missing value."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def is_read_only(path: Path) -> bool:
    """True when the file (or its folder, where SQLite puts its journal) must not be written.

    The permission bits are honoured even for root, for whom the kernel
    ignores them: a workspace someone made read-only (chmod a-w) stays so.
    """
    try:
        st = path.stat()
        folder = path.parent.stat()
    except OSError:
        return True
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    if not folder.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


# --------------------------------------------------------------------------
# Errors in words


def sqlite_message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def explain(exc: BaseException, path: Path, action: str) -> WorkspaceError:
    """A WorkspaceError that says, in words, why *action* on *path* failed."""
    text = sqlite_message(exc)
    low = text.lower()
    name = str(path)
    if "readonly" in low or "read-only" in low or isinstance(exc, PermissionError):
        message = Words("%1: the workspace file is read-only; %2", name, action)
    elif "locked" in low or "busy" in low:
        message = Words("%1: the workspace is locked by another program (a save in progress?); %2", name, action)
    elif "disk is full" in low or "no space" in low:
        message = Words("%1: the disk is full; %2", name, action)
    elif "disk i/o" in low or isinstance(exc, OSError):
        message = Words("%1: disk error (%2); %3", name, text, action)
    elif "not a database" in low or "malformed" in low:
        message = Words("%1: the file is damaged or not a GeoPackage (%2); %3", name, text, action)
    elif "unable to open" in low:
        message = Words("%1: cannot open the file (%2); %3", name, text, action)
    else:
        message = Words("%1: %2; %3", name, text, action)
    return WorkspaceError(message, path)


# --------------------------------------------------------------------------
# The file seen from outside SQLite


@dataclass(frozen=True)
class FileMarkers:
    """What can be seen of the file from outside SQLite, cheaply."""

    stat: tuple  # (dev, ino, mtime_ns, size) of the file and of its -wal file
    change_counter: int  # SQLite header bytes 24-27 (bumped by every commit in rollback-journal mode)


def file_stat(path: Path) -> tuple:
    """(dev, ino, mtime_ns, size) of the file and of its WAL (None when absent or empty).

    os.stat never opens the file, so it is safe while a connection holds locks.
    An empty WAL holds nothing: readers (GDAL among them) create and delete one
    as they open and close a WAL-mode file, which is not a change.
    """
    out = []
    for candidate in (path, Path(str(path) + "-wal")):
        try:
            st = candidate.stat()
        except OSError:
            out.append(None)
            continue
        if candidate is not path and st.st_size == 0:
            out.append(None)
            continue
        out.append((st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(out)


@contextlib.contextmanager
def pinned(path: Path):
    """A read-only descriptor of *path* (or None) for :func:`markers`, opened before
    and closed after the connection(s) made inside the ``with`` block.

    Closing a descriptor of the file drops every POSIX lock this process holds
    on it, SQLite's included; so the file is opened here once, before any
    connection, and closed only when the connections are closed again.  Never
    open (or close) the file any other way while a connection to it is open.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        fd = None
    try:
        yield fd
    finally:
        if fd is not None:
            os.close(fd)


def markers(path: Path, fd: int | None) -> FileMarkers:
    """The file's stat and header change counter, read through *fd* (see :func:`pinned`)."""
    counter = -1
    if fd is not None:
        try:
            header = os.pread(fd, 4, 24)
            if len(header) == 4:
                counter = int.from_bytes(header, "big")
        except OSError:
            pass
    return FileMarkers(file_stat(path), counter)


def same_file(path: Path, fd: int | None) -> bool:
    """Is the file at *path* still the one *fd* was opened on (not renamed over)?"""
    if fd is None:
        return True
    try:
        a, b = os.fstat(fd), path.stat()
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
