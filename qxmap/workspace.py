"""The qxmap workspace: one GeoPackage that holds the layers and their history.

A workspace is a GeoPackage that QGIS and GDAL open as it is: the schema
layers (EPSG:4326, written with pyogrio), a non-spatial
``road_status_history`` table and a small ``qxmap_meta`` table, both
registered in ``gpkg_contents`` as ``attributes`` so GDAL lists them.

Safety, in the file itself:

* every tracked layer (roads, exits) has a ``revision`` column, a unique
  index on ``id`` and a trigger that bumps ``revision`` whenever another
  program (QGIS, GDAL) changes an editable field;
* ``qxmap_meta`` holds the schema version and a ``generation`` counter that
  every qxmap save increments;
* a save is ONE SQLite transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``):
  it first checks that every touched feature still has the revision it had
  when the workspace was loaded (else :class:`ConflictError`, nothing
  written), then updates the rows, bumps their revision, appends the history
  rows and bumps the generation.  A crash or a kill at any moment leaves the
  old or the new state; SQLite's rollback journal guarantees it.

Qt-free: the UI wraps :class:`~qxmap.editing.Edit` objects in undo commands
and calls :meth:`Workspace.apply` / :meth:`Workspace.revert`.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import getpass
import io
import json
import os
import sqlite3
import stat
import struct
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from qxmap import schema
from qxmap.atomicfile import atomic_path, write_bytes
from qxmap.dataset import Dataset, DatasetError, load_dataset
from qxmap.editing import (EDITABLE_FIELDS, Edit, EditCheck, check_edit, normalise, same_value,
                           value_text)

__all__ = [
    "HISTORY_TABLE", "META_TABLE", "SCHEMA_VERSION", "Edit", "EditCheck", "check_edit",
    "WorkspaceError", "ConflictError", "EditRefused", "ConfirmationNeeded", "HistoryEntry",
    "Workspace", "create_workspace", "default_workspace_path", "ensure_default_workspace",
    "default_user", "read_history", "set_status", "write_history_csv",
]

HISTORY_TABLE = "road_status_history"
META_TABLE = "qxmap_meta"
REVISION = "revision"
#: Version of the qxmap bookkeeping inside the GeoPackage.
SCHEMA_VERSION = 1
HISTORY_COLUMNS = ("id", "road_id", "field", "old_value", "new_value", "changed_at", "changed_by", "note")
CSV_COLUMNS = ("id", "road_id", "name_zh", "field", "old_value", "new_value", "changed_at", "changed_by", "note")

#: Field order in the files qxmap writes (the order geodata/README.md documents).
FIELD_ORDER = ("id", "name_zh", "name_en", "category", "kind", "status", "phase", "start", "target",
               "progress", "road", "geometry_accuracy", "source", "note")

_SQLITE_HEADER = b"SQLite format 3\x00"
_DEFAULT_BUSY_TIMEOUT = 5.0
_CHUNK = 500  # ids per "IN (...)" query


# --------------------------------------------------------------------------
# Errors and records


class WorkspaceError(Exception):
    """The workspace cannot be opened, read or saved; the message says why."""

    def __init__(self, message: str, path: str | os.PathLike | None = None, problems: Sequence = ()):
        self.path = Path(path) if path is not None else None
        #: The dataset problems (qxmap.dataset.Problem) when the file's data break the schema.
        self.problems = list(problems)
        super().__init__(message)


class ConflictError(WorkspaceError):
    """A save touched features that someone else changed since they were loaded."""

    def __init__(self, message: str, path: Path, conflicts: Sequence[tuple[str, str | None]]):
        super().__init__(message, path)
        #: (feature id, name_zh) of every conflicting feature.
        self.conflicts = list(conflicts)

    @property
    def ids(self) -> list[str]:
        return [fid for fid, _ in self.conflicts]


class EditRefused(WorkspaceError):
    """An edit was refused: unknown id, invalid value, or a stale edit."""


class ConfirmationNeeded(EditRefused):
    """The edit is a step backwards and was not confirmed."""


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


@dataclass(frozen=True)
class FileIdentity:
    """What the file looked like when qxmap last read or wrote it."""

    stat: tuple  # (dev, ino, mtime_ns, size) of the file and of its -wal file
    change_counter: int  # SQLite header bytes 24-27 (bumped by every commit)
    generation: int  # qxmap_meta generation


def default_user() -> str:
    """The OS user name, for ``changed_by`` ("unknown" if there is none)."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name (containers, services)
        name = ""
    return name or "unknown"


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------
# SQLite plumbing


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
    size = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(kind)
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


def _register_gpkg_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions GDAL's R-tree triggers name (GDAL defines them in C).

    SQLite compiles every trigger of a table into an UPDATE of that table, so
    without them a plain ``UPDATE roads SET status = ...`` fails with "no
    such function: ST_IsEmpty" even though qxmap never changes a geometry.
    """
    conn.create_function("ST_IsEmpty", 1, _st_is_empty, deterministic=True)
    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _st_bound(index), deterministic=True)


def _connect(path: Path, *, read_only: bool, timeout: float) -> sqlite3.Connection:
    mode = "ro" if read_only else "rw"
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, isolation_level=None,
                           timeout=timeout, check_same_thread=False)
    _register_gpkg_functions(conn)
    return conn


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_read_only(path: Path) -> bool:
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


def _sqlite_message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _explain(exc: BaseException, path: Path, action: str) -> WorkspaceError:
    """A WorkspaceError that says, in words, why *action* on *path* failed."""
    text = _sqlite_message(exc)
    low = text.lower()
    name = str(path)
    if "readonly" in low or "read-only" in low or isinstance(exc, PermissionError):
        message = f"{name}: the workspace file is read-only; {action}"
    elif "locked" in low or "busy" in low:
        message = f"{name}: the workspace is locked by another program (a save in progress?); {action}"
    elif "disk is full" in low or "no space" in low:
        message = f"{name}: the disk is full; {action}"
    elif "disk i/o" in low or isinstance(exc, OSError):
        message = f"{name}: disk error ({text}); {action}"
    elif "not a database" in low or "malformed" in low:
        message = f"{name}: the file is damaged or not a GeoPackage ({text}); {action}"
    elif "unable to open" in low:
        message = f"{name}: cannot open the file ({text}); {action}"
    else:
        message = f"{name}: {text}; {action}"
    return WorkspaceError(message, path)


def _table_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {name: kind for name, kind in conn.execute("SELECT name, type FROM sqlite_master")}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]


def _read_generation(conn: sqlite3.Connection, tables: dict[str, str] | None = None) -> int:
    tables = tables if tables is not None else _table_names(conn)
    if META_TABLE not in tables:
        return 0
    row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'generation'").fetchone()
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def _read_schema_version(conn: sqlite3.Connection, tables: dict[str, str]) -> int | None:
    if META_TABLE not in tables:
        return None
    row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except (TypeError, ValueError):
        return None


def _tracked_tables(conn: sqlite3.Connection, tables: dict[str, str]) -> list[str]:
    listed = {row[0] for row in conn.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")}
    return [name for name in schema.TRACKED_LAYERS if name in listed and tables.get(name) == "table"]


def _read_revisions(conn: sqlite3.Connection, tables: dict[str, str]) -> dict[str, int]:
    revisions: dict[str, int] = {}
    for table in _tracked_tables(conn, tables):
        if REVISION in _columns(conn, table):
            rows = conn.execute(f'SELECT "id", "{REVISION}" FROM {_quote(table)}')
            revisions.update((fid, int(rev or 0)) for fid, rev in rows if fid is not None)
        else:
            revisions.update((fid, 0) for (fid,) in conn.execute(f'SELECT "id" FROM {_quote(table)}')
                             if fid is not None)
    return revisions


def _ensure_bookkeeping(conn: sqlite3.Connection) -> None:
    """Add qxmap's tables, columns, indexes and triggers where missing.

    Idempotent; runs inside the caller's transaction (so a plain GeoPackage
    of qxmap layers becomes a workspace with its first save, atomically).
    """
    tables = _table_names(conn)
    stamp = _now_iso()
    if META_TABLE not in tables:
        # GeoPackage attribute tables need an INTEGER PRIMARY KEY AUTOINCREMENT column.
        conn.execute(f"CREATE TABLE {META_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
                     "key TEXT NOT NULL UNIQUE, value TEXT)")
        conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('created_at', ?)", (stamp,))
    conn.executemany(f"INSERT OR IGNORE INTO {META_TABLE} (key, value) VALUES (?, ?)",
                     [("schema_version", str(SCHEMA_VERSION)), ("generation", "0")])
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
    for table in _tracked_tables(conn, tables):
        q = _quote(table)
        if REVISION not in _columns(conn, table):
            conn.execute(f'ALTER TABLE {q} ADD COLUMN "{REVISION}" INTEGER NOT NULL DEFAULT 0')
        if f"qxmap_{table}_id" not in tables:
            conn.execute(f'CREATE UNIQUE INDEX "qxmap_{table}_id" ON {q} ("id")')
        if f"qxmap_{table}_revision" not in tables:
            watched = ", ".join(_quote(f) for f in EDITABLE_FIELDS + (REVISION,))
            conn.execute(
                f'CREATE TRIGGER "qxmap_{table}_revision" AFTER UPDATE OF {watched} ON {q} '
                f'WHEN NEW."{REVISION}" IS NOT COALESCE(OLD."{REVISION}", 0) + 1 '
                f'BEGIN UPDATE {q} SET "{REVISION}" = COALESCE(OLD."{REVISION}", 0) + 1 '
                f"WHERE rowid = NEW.rowid; END")


def _file_stat(path: Path) -> tuple:
    out = []
    for candidate in (path, Path(str(path) + "-wal")):
        try:
            st = candidate.stat()
        except OSError:
            out.append(None)
            continue
        out.append((st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(out)


def _change_counter(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError:
        return -1
    return int.from_bytes(header[24:28], "big") if len(header) >= 28 else -1


# --------------------------------------------------------------------------
# Inspecting a file


@dataclass
class _Inspection:
    read_only: bool
    tables: dict[str, str]
    layers: list[str]  # schema layers present


def _inspect(path: Path, timeout: float = _DEFAULT_BUSY_TIMEOUT) -> _Inspection:
    """Check that *path* is a readable GeoPackage with a roads layer; never writes
    (except rolling back an interrupted save, which SQLite does by itself)."""
    if not path.exists():
        raise WorkspaceError(f"{path}: no such file", path)
    if path.is_dir():
        raise WorkspaceError(f"{path}: is a folder, not a GeoPackage workspace file", path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot be read: {exc.strerror or exc}", path) from exc
    if not header.startswith(_SQLITE_HEADER):
        what = "an empty file" if not header else "not an SQLite database file"
        raise WorkspaceError(f"{path}: is not a GeoPackage ({what})", path)
    read_only = _is_read_only(path)
    # A journal left by an interrupted save must be rolled back by a writable
    # connection; otherwise look without any right to write.
    hot = Path(str(path) + "-journal")
    rollback_needed = hot.exists() and hot.stat().st_size > 0
    try:
        conn = _connect(path, read_only=read_only or not rollback_needed, timeout=timeout)
    except sqlite3.Error as exc:
        raise _explain(exc, path, "it cannot be opened") from exc
    try:
        try:
            tables = _table_names(conn)
        except sqlite3.Error as exc:
            if rollback_needed and read_only:
                raise WorkspaceError(f"{path}: an interrupted save must be rolled back, but the file is "
                                     "read-only; make it writable and open it again", path) from exc
            raise _explain(exc, path, "it cannot be read") from exc
        if "gpkg_contents" not in tables:
            raise WorkspaceError(f"{path}: is an SQLite database but not a GeoPackage "
                                 "(it has no gpkg_contents table)", path)
        try:
            contents = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
        except sqlite3.Error as exc:
            raise _explain(exc, path, "it cannot be read") from exc
        layers = [name for name in schema.LAYER_ORDER
                  if contents.get(name) == "features" and tables.get(name) == "table"]
        for name in schema.LAYER_ORDER:
            if name in contents and tables.get(name) != "table":
                raise WorkspaceError(f"{path}: layer '{name}' is listed but its table is missing "
                                     "(damaged GeoPackage)", path)
        if "roads" not in layers:
            found = ", ".join(sorted(contents)) or "none"
            raise WorkspaceError(f"{path}: has no 'roads' layer, so it is not a qxmap workspace "
                                 f"(layers found: {found})", path)
        version = _read_schema_version(conn, tables)
        if version is not None and version > SCHEMA_VERSION:
            raise WorkspaceError(f"{path}: was written by a newer qxmap (workspace schema {version}, "
                                 f"this qxmap knows {SCHEMA_VERSION}); update qxmap to open it", path)
    finally:
        conn.close()
    return _Inspection(read_only=read_only, tables=tables, layers=layers)


# --------------------------------------------------------------------------
# Creating a workspace


def _frame_for_gpkg(name: str, frame) -> tuple[Any, str]:
    """The layer as written: schema fields in order, typed columns, no computed columns."""
    import geopandas as gpd

    data: dict[str, Any] = {}
    for fspec in _ordered_fields(name):
        values = frame[fspec.name].tolist() if fspec.name in frame.columns else [None] * len(frame)
        values = [None if v is None or (isinstance(v, float) and v != v) else v for v in values]
        if fspec.kind == "year":
            data[fspec.name] = pd.array(values, dtype="Int64")
        elif fspec.kind == "percent":
            data[fspec.name] = pd.array(values, dtype="Float64")
        else:
            data[fspec.name] = pd.Series([None if v is None else str(v) for v in values], dtype=object)
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(frame.geometry), crs="EPSG:4326"),
                           crs="EPSG:4326")
    present = {g.geom_type for g in frame.geometry if g is not None and not g.is_empty}
    geometry_type = present.pop() if len(present) == 1 else "Unknown"
    return out, geometry_type


def _ordered_fields(name: str) -> list[schema.FieldSpec]:
    fields = list(schema.LAYERS[name].fields)
    rank = {n: i for i, n in enumerate(FIELD_ORDER)}
    return sorted(fields, key=lambda f: rank.get(f.name, len(rank)))


def _write_layers(dataset: Dataset, target: Path) -> None:
    import pyogrio

    for name in schema.LAYER_ORDER:
        frame, geometry_type = _frame_for_gpkg(name, dataset.layers[name])
        zh, en = schema.LAYER_LABELS[name]
        pyogrio.write_dataframe(frame, target, layer=name, driver="GPKG", geometry_type=geometry_type,
                                promote_to_multi=False, layer_options={"DESCRIPTION": f"{zh} / {en}"})


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_workspace(source_path: str | os.PathLike, out_path: str | os.PathLike, *,
                     overwrite: bool = False) -> Path:
    """Load and validate *source_path*, write it as a workspace GeoPackage at *out_path*.

    The file is built under a temporary name in the same folder and renamed
    into place only when complete.  An existing *out_path* is refused unless
    *overwrite*.  Raises DatasetError (invalid source) or WorkspaceError.
    """
    out = Path(out_path).absolute()
    if out.suffix.lower() != ".gpkg":
        raise WorkspaceError(f"{out}: a workspace file must end in .gpkg", out)
    if out.exists() and not overwrite:
        raise WorkspaceError(f"{out}: already exists; choose another name or overwrite it", out)
    if not out.parent.is_dir():
        raise WorkspaceError(f"{out}: the folder {out.parent} does not exist", out)
    dataset = load_dataset(source_path)
    tmp = out.parent / f".{out.stem}.{uuid.uuid4().hex[:12]}.part.gpkg"
    try:
        try:
            _write_layers(dataset, tmp)
        except Exception as exc:
            raise WorkspaceError(f"{out}: cannot write the GeoPackage: {_sqlite_message(exc)}", out) from exc
        conn = _connect(tmp, read_only=False, timeout=_DEFAULT_BUSY_TIMEOUT)
        try:
            conn.execute("BEGIN IMMEDIATE")
            _ensure_bookkeeping(conn)
            conn.executemany(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES (?, ?)",
                             [("source", str(Path(source_path).absolute())), ("created_by", default_user())])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _explain(exc, out, "the workspace was not created") from exc
        finally:
            conn.close()
        _fsync(tmp)
        try:
            if overwrite:
                os.replace(tmp, out)
            else:
                try:
                    os.link(tmp, out)  # refuses to replace a file created meanwhile
                except FileExistsError:
                    raise WorkspaceError(f"{out}: already exists; choose another name or overwrite it", out)
                except OSError:  # no hard links here (e.g. FAT): check, then rename
                    if out.exists():
                        raise WorkspaceError(f"{out}: already exists; choose another name or overwrite it", out)
                    os.replace(tmp, out)
        except OSError as exc:
            raise WorkspaceError(f"{out}: cannot be written: {exc.strerror or exc}", out) from exc
        _fsync(out.parent)
    finally:
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            leftover.unlink(missing_ok=True)
    return out


def default_workspace_path() -> Path:
    """Where the user's own workspace lives (platformdirs user data folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("qxmap", appauthor=False)) / "qingxi.gpkg"


def ensure_default_workspace(source: str | os.PathLike | None = None,
                             path: str | os.PathLike | None = None) -> Path:
    """The default workspace, created from *source* (the bundled dataset) on first run.

    The bundled geodata is only read; the workspace goes to the user data folder.
    """
    from qxmap import paths

    target = Path(path) if path is not None else default_workspace_path()
    if target.exists():
        return target
    source = Path(source) if source is not None else paths.bundled_dataset()
    with contextlib.suppress(ValueError):
        target.absolute().relative_to(paths.geodata_dir().absolute())
        raise WorkspaceError(f"{target}: the workspace may not live inside the bundled geodata", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"{target.parent}: cannot create the folder: {exc.strerror or exc}", target) from exc
    try:
        return create_workspace(source, target)
    except WorkspaceError:
        if target.exists():  # another copy of the app made it first
            return target
        raise


# --------------------------------------------------------------------------
# The workspace


class Workspace:
    """An open workspace: the dataset in memory, the pending edits, and what was loaded."""

    def __init__(self, path: Path, *, busy_timeout: float = _DEFAULT_BUSY_TIMEOUT):
        self.path = Path(path).absolute()
        #: Seconds a save waits for another program's lock before giving up.
        self.busy_timeout = busy_timeout
        self.dataset: Dataset
        self.read_only = False
        self._pending: list[Edit] = []
        self._revisions: dict[str, int] = {}
        self._index: dict[str, tuple[str, Any]] = {}
        self._generation = 0
        self._identity: FileIdentity | None = None
        self._stale = False

    # ---- opening ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, *, busy_timeout: float = _DEFAULT_BUSY_TIMEOUT) -> "Workspace":
        """Open *path*; raises WorkspaceError (with the file and the reason) if it is
        not a readable GeoPackage with a roads layer or its data break the schema."""
        ws = cls(Path(path), busy_timeout=busy_timeout)
        ws._load()
        return ws

    def _connect(self, *, write: bool) -> sqlite3.Connection:
        return _connect(self.path, read_only=not write or _is_read_only(self.path), timeout=self.busy_timeout)

    def _snapshot(self) -> tuple[FileIdentity, dict[str, int]]:
        conn = self._connect(write=False)
        try:
            conn.execute("BEGIN")
            tables = _table_names(conn)
            generation = _read_generation(conn, tables)
            revisions = _read_revisions(conn, tables)
            conn.execute("COMMIT")
        finally:
            conn.close()
        identity = FileIdentity(_file_stat(self.path), _change_counter(self.path), generation)
        return identity, revisions

    def _load(self) -> None:
        inspection = _inspect(self.path, self.busy_timeout)
        deadline = time.monotonic() + max(self.busy_timeout, 1.0) * 2
        while True:
            try:
                before, revisions = self._snapshot()
                dataset = load_dataset(self.path)
                after, _ = self._snapshot()
            except sqlite3.Error as exc:
                raise _explain(exc, self.path, "it cannot be read") from exc
            except DatasetError as exc:
                if time.monotonic() < deadline and any("lock" in p.message for p in exc.problems):
                    time.sleep(0.05)
                    continue
                first = exc.problems[0] if exc.problems else "invalid"
                more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
                raise WorkspaceError(f"{self.path}: its data break the qxmap schema: {first}{more}", self.path,
                                     exc.problems) from exc
            if before == after:
                break
            if time.monotonic() >= deadline:  # pragma: no cover - a file rewritten non-stop
                raise WorkspaceError(f"{self.path}: the file keeps changing while it is read; try again",
                                     self.path)
        for name in schema.TRACKED_LAYERS:
            frame = dataset.layers[name]
            if REVISION in frame.columns:
                dataset.layers[name] = frame.drop(columns=[REVISION])
        self.dataset = dataset
        self.read_only = inspection.read_only
        self._revisions = revisions
        self._generation = before.generation
        self._identity = before
        self._stale = False
        self._pending = []
        self._index = {}
        for name in schema.TRACKED_LAYERS:
            frame = dataset.layers[name]
            for label, fid in zip(frame.index, frame["id"]):
                self._index[fid] = (name, label)

    # ---- looking up ------------------------------------------------------

    @property
    def pending(self) -> tuple[Edit, ...]:
        """Edits applied in memory and not yet saved, in order."""
        return tuple(self._pending)

    @property
    def is_dirty(self) -> bool:
        return bool(self._pending)

    @property
    def generation(self) -> int:
        """The file's save counter as loaded (or after this workspace's last save)."""
        return self._generation

    def revision(self, feature_id: str) -> int | None:
        """The revision of a tracked feature as loaded (None if unknown)."""
        return self._revisions.get(feature_id)

    def locate(self, feature_id: str) -> tuple[str, Any] | None:
        """(layer name, frame index label) of a tracked record, or None."""
        return self._index.get(feature_id)

    def record(self, feature_id: str) -> pd.Series | None:
        """The current (edited) row of a tracked record, or None if unknown."""
        where = self.locate(feature_id)
        if where is None:
            return None
        layer, label = where
        return self.dataset.layers[layer].loc[label]

    def _values(self, layer: str, label: Any) -> dict[str, Any]:
        frame = self.dataset.layers[layer]
        return {name: frame.at[label, name] for name in EDITABLE_FIELDS}

    def name_of(self, feature_id: str) -> str | None:
        where = self.locate(feature_id)
        if where is None:
            return None
        layer, label = where
        value = self.dataset.layers[layer].at[label, "name_zh"]
        return value if isinstance(value, str) else None

    # ---- editing -----------------------------------------------------------

    def check_edit(self, feature_id: str, field: str, value: Any) -> EditCheck:
        """May *field* of *feature_id* become *value*? (see :func:`qxmap.editing.check_edit`)"""
        where = self.locate(feature_id)
        record = None if where is None else self._values(*where)
        return check_edit(record, field, value, feature_id=feature_id)

    def make_edit(self, feature_id: str, field: str, value: Any, note: str | None = None) -> Edit:
        """An Edit from the current value to *value* (normalised); raises EditRefused
        if the value is invalid.  Confirmation of backward steps is the caller's job."""
        verdict = self.check_edit(feature_id, field, value)
        if not verdict.ok:
            raise EditRefused(f"{feature_id}: {verdict.message}", self.path)
        layer, label = self._index[feature_id]
        old = self.dataset.layers[layer].at[label, field]
        return Edit(feature_id, field, old, verdict.value, note)

    def apply(self, edit: Edit) -> None:
        """Apply *edit* in memory and queue it for the next save.

        Raises EditRefused when the id is unknown, the value is invalid, or the
        record no longer holds ``edit.old`` (a stale edit).
        """
        where = self.locate(edit.feature_id)
        if where is None:
            raise EditRefused(f"unknown road or exit id '{edit.feature_id}'", self.path)
        layer, label = where
        verdict = check_edit(self._values(layer, label), edit.field, edit.new, feature_id=edit.feature_id)
        if not verdict.ok:
            raise EditRefused(f"{edit.feature_id}: {verdict.message}", self.path)
        frame = self.dataset.layers[layer]
        current = frame.at[label, edit.field]
        if not same_value(current, edit.old):
            raise EditRefused(f"{edit.feature_id}: {edit.field} is now {value_text(current)!r}, "
                              f"not {value_text(edit.old)!r} as the edit expects", self.path)
        if same_value(edit.old, verdict.value):
            return
        frame.at[label, edit.field] = verdict.value
        # Redo of an undone *saved* edit: cancel the queued inverse instead of
        # recording "undo" and "redo" as two more changes.
        for i in range(len(self._pending) - 1, -1, -1):
            queued = self._pending[i]
            if queued.feature_id == edit.feature_id and queued.field == edit.field:
                if queued == edit.inverse():
                    del self._pending[i]
                    return
                break
        self._pending.append(edit)

    def revert(self, edit: Edit) -> None:
        """Undo *edit* in memory: the record gets ``edit.old`` back, exactly.

        If *edit* is still pending it is dropped from the pending list; if it
        was already saved, the inverse change is queued so that the undo is
        saved (and recorded in the history) like any other change.
        """
        where = self.locate(edit.feature_id)
        if where is None:
            raise EditRefused(f"unknown road or exit id '{edit.feature_id}'", self.path)
        layer, label = where
        frame = self.dataset.layers[layer]
        current = frame.at[label, edit.field]
        expected, _ = normalise(edit.field, edit.new)
        if not same_value(current, expected):
            raise EditRefused(f"{edit.feature_id}: cannot undo, {edit.field} is now {value_text(current)!r}, "
                              f"not {value_text(expected)!r}", self.path)
        if same_value(edit.old, expected):
            return
        frame.at[label, edit.field] = edit.old
        index = None
        for i in range(len(self._pending) - 1, -1, -1):
            if self._pending[i] is edit:
                index = i
                break
        if index is None:
            for i in range(len(self._pending) - 1, -1, -1):
                if self._pending[i] == edit:
                    index = i
                    break
        later = index is not None and any(
            p.feature_id == edit.feature_id and p.field == edit.field for p in self._pending[index + 1:])
        if index is not None and not later:
            del self._pending[index]
        else:
            self._pending.append(edit.inverse())

    def discard(self) -> None:
        """Forget every pending edit and restore the values as loaded."""
        for edit in reversed(self._pending):
            layer, label = self._index[edit.feature_id]
            self.dataset.layers[layer].at[label, edit.field] = edit.old
        self._pending = []

    # ---- saving ------------------------------------------------------------

    def save(self, changed_by: str | None = None) -> int:
        """Write every pending edit in one transaction; returns the number of history rows.

        Raises ConflictError (naming the roads) when a touched feature was
        changed in the file since it was loaded, WorkspaceError when the file
        is read-only, locked, damaged or the disk fails.  Either way nothing
        is written and the edits stay pending.
        """
        if not self._pending:
            return 0
        by = (changed_by or "").strip() or default_user()
        touched: dict[str, dict[str, set[str]]] = {}  # layer -> id -> fields
        for edit in self._pending:
            layer, _ = self._index[edit.feature_id]
            touched.setdefault(layer, {}).setdefault(edit.feature_id, set()).add(edit.field)
        stamp = _now_iso()
        history = [(e.feature_id, e.field, value_text(e.old), value_text(normalise(e.field, e.new)[0]), stamp, by,
                    e.note) for e in self._pending]
        action = "nothing was saved"
        try:
            conn = self._connect(write=True)
        except sqlite3.Error as exc:
            raise _explain(exc, self.path, action) from exc
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _explain(exc, self.path, action) from exc
            try:
                generation_before = self._save_in_transaction(conn, touched, history)
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise _explain(exc, self.path, action) from exc
                if isinstance(exc, OSError):
                    raise _explain(exc, self.path, action) from exc
                raise
        finally:
            conn.close()
        # Committed: the file now holds the new state.
        for ids in touched.values():
            for fid in ids:
                self._revisions[fid] = self._revisions.get(fid, 0) + 1
        others_wrote = generation_before != self._generation
        self._generation = generation_before + 1
        count = len(self._pending)
        self._pending = []
        identity = self._current_identity()
        if identity is None or identity.generation != self._generation:
            others_wrote = True
        if not others_wrote:
            self._identity = identity
        else:
            self._stale = True
        return count

    def _save_in_transaction(self, conn: sqlite3.Connection, touched: dict[str, dict[str, set[str]]],
                             history: list[tuple]) -> int:
        tables = _table_names(conn)
        version = _read_schema_version(conn, tables)
        if version is not None and version > SCHEMA_VERSION:
            raise WorkspaceError(f"{self.path}: was written by a newer qxmap (workspace schema {version}); "
                                 "nothing was saved", self.path)
        generation_before = _read_generation(conn, tables)
        if FileIdentity(_file_stat(self.path), _change_counter(self.path), generation_before) != self._identity:
            self._stale = True  # someone else wrote since we loaded (maybe other features)
        _ensure_bookkeeping(conn)
        # 1. every touched feature must still have the revision we loaded
        conflicts: list[tuple[str, str | None]] = []
        for layer, ids in touched.items():
            found: dict[str, int] = {}
            id_list = list(ids)
            for start in range(0, len(id_list), _CHUNK):
                chunk = id_list[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(conn.execute(
                    f'SELECT "id", "{REVISION}" FROM {_quote(layer)} WHERE "id" IN ({marks})', chunk))
            for fid in id_list:
                if fid not in found or int(found[fid] or 0) != self._revisions.get(fid, 0):
                    conflicts.append((fid, self.name_of(fid)))
        if conflicts:
            names = ", ".join(f"{fid} ({name})" if name else fid for fid, name in conflicts[:10])
            more = f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
            raise ConflictError(
                f"{self.path.name}: not saved: {len(conflicts)} road(s) were changed by someone else since "
                f"this workspace was loaded: {names}{more}. Reload to see their changes, then edit again.",
                self.path, conflicts)
        # 2. the new values, one UPDATE per set of touched fields
        groups: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
        for layer, ids in touched.items():
            frame = self.dataset.layers[layer]
            used = set().union(*ids.values())
            columns = {f: frame[f].to_numpy(dtype=object) for f in used}
            positions = frame.index.get_indexer([self._index[fid][1] for fid in ids])
            for (fid, fields), pos in zip(ids.items(), positions):
                ordered = tuple(f for f in EDITABLE_FIELDS if f in fields)
                values = tuple(_sql_value(columns[f][pos]) for f in ordered)
                groups.setdefault((layer, ordered), []).append(values + (fid, self._revisions.get(fid, 0)))
        for (layer, fields), rows in groups.items():
            sets = ", ".join(f"{_quote(f)} = ?" for f in fields)
            cursor = conn.executemany(
                f'UPDATE {_quote(layer)} SET {sets}, "{REVISION}" = COALESCE("{REVISION}", 0) + 1 '
                f'WHERE "id" = ? AND COALESCE("{REVISION}", 0) = ?', rows)
            if cursor.rowcount != len(rows):  # pragma: no cover - guarded by the check above
                raise ConflictError(f"{self.path.name}: not saved: rows changed during the save",
                                    self.path, [])
        # 3. the history, the generation, the layers' last_change
        conn.executemany(f"INSERT INTO {HISTORY_TABLE} (road_id, field, old_value, new_value, changed_at, "
                         "changed_by, note) VALUES (?, ?, ?, ?, ?, ?, ?)", history)
        conn.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = 'generation'", (str(generation_before + 1),))
        stamp = history[0][4] if history else _now_iso()
        conn.executemany("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
                         [(stamp, name) for name in list(touched) + [HISTORY_TABLE]])
        return generation_before

    # ---- the file on disk ------------------------------------------------

    def _current_identity(self) -> FileIdentity | None:
        try:
            conn = self._connect(write=False)
            try:
                generation = _read_generation(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            return None
        return FileIdentity(_file_stat(self.path), _change_counter(self.path), generation)

    def changed_on_disk(self) -> bool:
        """Has the file changed since it was loaded or last saved by this workspace
        (another copy of qxmap, QGIS, a restored backup)?  Cheap: a stat first."""
        if self._stale or self._identity is None:
            return True
        if _file_stat(self.path) == self._identity.stat and _change_counter(self.path) == \
                self._identity.change_counter:
            return False
        current = self._current_identity()
        return current != self._identity

    def reload(self, keep_pending: bool = False) -> list[Edit]:
        """Read the file again.  Pending edits are dropped, or with *keep_pending*
        re-applied where the record still holds their old value; returns the
        edits that were dropped."""
        pending = list(self._pending)
        self._load()
        if not keep_pending:
            return pending
        dropped = []
        for edit in pending:
            try:
                self.apply(edit)
            except EditRefused:
                dropped.append(edit)
        return dropped

    # ---- history and exports ---------------------------------------------

    def history(self, road_id: str | None = None) -> list[HistoryEntry]:
        """Saved changes, oldest first (of one road when *road_id* is given)."""
        try:
            conn = self._connect(write=False)
        except sqlite3.Error as exc:
            raise _explain(exc, self.path, "the history cannot be read") from exc
        try:
            return _history(conn, road_id)
        except sqlite3.Error as exc:
            raise _explain(exc, self.path, "the history cannot be read") from exc
        finally:
            conn.close()

    def names(self) -> dict[str, str]:
        """id -> name_zh of every tracked record."""
        out = {}
        for name in schema.TRACKED_LAYERS:
            frame = self.dataset.layers[name]
            out.update(zip(frame["id"], frame["name_zh"]))
        return out

    def export_history_csv(self, path: str | os.PathLike) -> Path:
        """The whole history as CSV (UTF-8 with BOM, for Excel), written atomically."""
        target = Path(path)
        text = history_csv_text(self.history(), self.names())
        write_bytes(target, text.encode("utf-8-sig"))
        return target

    def export_layers_geojson(self, folder: str | os.PathLike) -> list[Path]:
        """Every layer, with the current (edited) values, as ``<layer>.geojson`` in
        *folder*, each file written atomically; the files load back with load_dataset.

        An empty layer is not written (an absent layer file means an empty
        layer) unless the folder already holds a file of that name, which is
        then replaced by an empty FeatureCollection rather than left stale.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in schema.LAYER_ORDER:
            target = folder / f"{name}.geojson"
            if len(self.dataset.layers[name]) == 0 and not target.exists():
                continue
            with atomic_path(target) as tmp:
                tmp.write_text(_geojson_text(name, self.dataset.layers[name]), encoding="utf-8")
            written.append(target)
        return written


def _sql_value(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _history(conn: sqlite3.Connection, road_id: str | None) -> list[HistoryEntry]:
    if HISTORY_TABLE not in _table_names(conn):
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
        writer.writerow([e.id, e.road_id, names.get(e.road_id) or "", e.field, e.old_value or "",
                         e.new_value or "", e.changed_at, e.changed_by, e.note or ""])


def _geojson_text(name: str, frame) -> str:
    features = []
    columns = [f.name for f in _ordered_fields(name)]
    for row in zip(*(frame[c] if c in frame.columns else [None] * len(frame) for c in columns),
                   frame.geometry):
        properties = {c: _json_value(v) for c, v in zip(columns, row[:-1])}
        geom = row[-1]
        features.append({"type": "Feature", "properties": properties,
                         "geometry": None if geom is None or geom.is_empty else geom.__geo_interface__})
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


def _json_value(value: Any) -> Any:
    return _sql_value(value)


# --------------------------------------------------------------------------
# Without a full load (CLI)


def read_history(path: str | os.PathLike, road_id: str | None = None) -> tuple[list[HistoryEntry], dict[str, str]]:
    """(history entries, id -> name_zh) straight from a workspace file, without
    loading the layers.  Raises WorkspaceError (also for an unknown *road_id*)."""
    path = Path(path).absolute()
    _inspect(path)
    try:
        conn = _connect(path, read_only=True, timeout=_DEFAULT_BUSY_TIMEOUT)
        try:
            tables = _table_names(conn)
            names: dict[str, str] = {}
            for table in _tracked_tables(conn, tables):
                names.update(conn.execute(f'SELECT "id", "name_zh" FROM {_quote(table)}'))
            if road_id is not None and road_id not in names:
                raise WorkspaceError(f"{path}: unknown road or exit id '{road_id}'", path)
            return _history(conn, road_id), names
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _explain(exc, path, "the history cannot be read") from exc


def set_status(workspace_path: str | os.PathLike, road_id: str, status: str, note: str | None = None,
               by: str | None = None, *, confirm: bool = False) -> Edit | None:
    """Set one record's status in the file, with the app's rules and history.

    Returns the saved Edit, or None when the status already was *status*.
    Raises EditRefused (unknown id, unknown status), ConfirmationNeeded (a
    step backwards without *confirm*), ConflictError or WorkspaceError.
    """
    ws = Workspace.open(workspace_path)
    if ws.locate(road_id) is None:
        raise EditRefused(f"{ws.path}: unknown road or exit id '{road_id}'", ws.path)
    verdict = ws.check_edit(road_id, "status", status)
    if not verdict.ok:
        raise EditRefused(f"{road_id}: {verdict.message}", ws.path)
    if same_value(ws.record(road_id)["status"], verdict.value):
        return None
    if verdict.needs_confirmation and not confirm:
        raise ConfirmationNeeded(f"{road_id}: {verdict.message}", ws.path)
    edit = ws.make_edit(road_id, "status", verdict.value, note)
    ws.apply(edit)
    ws.save(by)
    return edit
