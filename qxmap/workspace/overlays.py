"""Planning drawings pinned on the map (plan overlays), kept in the workspace.

A plan overlay (:class:`qxmap.georef.PlanOverlay`: name, control points or
a world file's transform, opacity, visibility) is stored with the PNG the
map shows, so it reopens in place even when the scanned file has moved.
One row per overlay in ``qxmap_plan_overlays`` (made on the first save,
registered in ``gpkg_contents`` as ``attributes`` like the history): key,
name, the overlay as JSON, the PNG (BLOB), the full and shown image sizes,
a revision, who made and last changed it and when.

Every write (:func:`save_overlay`, :func:`remove_overlay`) is one
transaction of its own under the workspace's write lock (``BEGIN
IMMEDIATE``), checked like a save (the file is still the workspace that was
loaded, its schema known) and counted in the workspace's ``generation``:
nothing is half-written, and a failed write leaves the file as it was.  An
update names the revision it was made from; when another program changed
or removed the overlay since, it is refused (:class:`ConflictError`).  Each
write returns the file's identity before and after it, so that the open
:class:`~qxmap.workspace.session.Workspace` of the same app does not take
its own write for someone else's (:meth:`Workspace.own_write_done`).

Reading (:func:`load_overlays`) checks every row as untrusted input
(:meth:`PlanOverlay.from_json`, the PNG decoded to its header and its size
compared): a damaged row is reported (:class:`OverlayProblem`, naming the
overlay and the field) and the others still load.
"""
from __future__ import annotations

import contextlib
import io
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from qxmap.georef import GeorefError, PlanOverlay
from qxmap.georef.images import MAX_SIDE, open_image
from qxmap.workspace.bookkeeping import (META_TABLE, FileIdentity, default_user, identity_after_close,
                                         identity_after_commit, now_iso, read_workspace_id)
from qxmap.workspace.db import (DEFAULT_BUSY_TIMEOUT, connect, data_version, explain, is_read_only, markers,
                                pinned, same_file, table_names)
from qxmap.workspace.errors import ConflictError, FileReplaced, WorkspaceError
from qxmap.words import Words
from qxmap.workspace.saving import check_file, replaced_message

__all__ = [
    "OVERLAY_TABLE", "MAX_PNG_BYTES", "OverlayImage", "OverlayInfo", "StoredOverlay", "OverlayProblem", "OverlayCorrupt",
    "OverlayWrite", "list_overlays", "load_overlays", "load_overlay", "save_overlay", "remove_overlay",
]

OVERLAY_TABLE = "qxmap_plan_overlays"
#: Largest PNG kept in (and read from) a workspace.
MAX_PNG_BYTES = 256 * 1024 * 1024
_MAX_FULL_SIDE = 10_000_000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLUMNS = ("key", "name", "overlay_json", "image_png", "image_width", "image_height", "display_width",
            "display_height", "revision", "created_at", "created_by", "updated_at", "updated_by")


@dataclass(frozen=True)
class OverlayImage:
    """The PNG the map shows (``display_width`` x ``display_height``) of a drawing whose
    full-size image (the control points' pixel space) is ``width`` x ``height``."""

    png: bytes
    width: int
    height: int
    display_width: int
    display_height: int

    @classmethod
    def of(cls, loaded) -> "OverlayImage":
        """From a :class:`qxmap.georef.LoadedImage`."""
        return cls(loaded.png, loaded.width, loaded.height, loaded.display_width, loaded.display_height)

    def check(self) -> None:
        """GeorefError naming the field when this is not a PNG of its display size."""
        for name in ("width", "height", "display_width", "display_height"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not 0 < v <= _MAX_FULL_SIDE:
                raise GeorefError("bad_overlay", Words("%1: expected a positive whole number, got %2", name,
                                                       repr(v)[:150]))
        if self.display_width > MAX_SIDE or self.display_height > MAX_SIDE:
            raise GeorefError("bad_overlay", Words("display size: %1 x %2 is larger than %3 a side",
                                                   self.display_width, self.display_height, MAX_SIDE))
        if not isinstance(self.png, (bytes, bytearray)) or not bytes(self.png[:8]) == _PNG_SIGNATURE:
            raise GeorefError("bad_overlay", Words("image_png: not a PNG image"))
        if len(self.png) > MAX_PNG_BYTES:
            raise GeorefError("bad_overlay", Words("image_png: larger than %1 MB", MAX_PNG_BYTES // (1024 * 1024)))
        try:
            img = open_image(io.BytesIO(bytes(self.png)), "image_png", formats=("PNG",))
        except GeorefError as exc:
            raise GeorefError("bad_overlay", exc.message) from None
        size = img.size
        img.close()
        if size != (self.display_width, self.display_height):
            raise GeorefError("bad_overlay", Words("image_png: %1 x %2 pixels, the row says %3 x %4", size[0],
                                                   size[1], self.display_width, self.display_height))


@dataclass(frozen=True)
class OverlayInfo:
    """A stored overlay without its image (for lists)."""

    key: str
    name: str
    revision: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class StoredOverlay:
    """An overlay read back: its key and revision in the workspace, the state, the image."""

    info: OverlayInfo
    overlay: PlanOverlay
    image: OverlayImage

    @property
    def key(self) -> str:
        return self.info.key

    @property
    def revision(self) -> int:
        return self.info.revision


@dataclass(frozen=True)
class OverlayProblem:
    """A stored overlay that cannot be read: which one, which field, and the sentence."""

    key: str
    name: str
    field: str
    message: str


@dataclass(frozen=True)
class OverlayWrite:
    """What a write did: the overlay's key and revision after it (None: removed), and
    the file's identity just before and after it (None after: someone else may have
    written meanwhile)."""

    key: str
    revision: int | None
    before: FileIdentity
    after: FileIdentity | None


class OverlayCorrupt(WorkspaceError):
    """A stored overlay cannot be read (:attr:`problem` says which and why)."""

    def __init__(self, problem: OverlayProblem, path: Path):
        super().__init__(problem.message, path)
        self.problem = problem


# --------------------------------------------------------------------------
# Reading


def _reading(path: Path, timeout: float, action: str, read: Callable[[sqlite3.Connection], Any]) -> Any:
    try:
        conn = connect(path, read_only=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise explain(exc, path, action) from exc
    try:
        conn.execute("BEGIN")  # one snapshot for the whole read
        try:
            return read(conn)
        finally:
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise explain(exc, path, action) from exc
    finally:
        conn.close()


def _label(value: Any) -> str:
    text = value if isinstance(value, str) else ("?" if value is None else repr(value))
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text[:80]


def _info(row) -> OverlayInfo:
    key, name, revision = row[0], row[1], row[8]
    return OverlayInfo(str(key), _label(name), int(revision) if isinstance(revision, int) else 0,
                       *(str(v) if isinstance(v, str) else "" for v in row[9:13]))


def _parse(path: Path, row) -> StoredOverlay | OverlayProblem:
    key, name = _label(row[0]), _label(row[1])
    try:
        if not isinstance(row[0], str) or not row[0]:
            raise GeorefError("bad_overlay", Words("key: missing"))
        text = row[2]
        if not isinstance(text, (str, bytes)):
            raise GeorefError("bad_overlay", Words("overlay_json: expected JSON text, got %1", type(text).__name__))
        overlay = PlanOverlay.from_json(text)
        png = row[3]
        if not isinstance(png, bytes):
            raise GeorefError("bad_overlay", Words("image_png: expected a PNG image, got %1", type(png).__name__))
        image = OverlayImage(png, *row[4:8])
        image.check()
    except GeorefError as exc:
        field = exc.message.split(":", 1)[0] if ":" in exc.message else "overlay"
        return OverlayProblem(key, name, field, Words("%1: the plan drawing '%2' (%3) cannot be read: %4; it was "
                                                      "not loaded", path.name, name, key, exc.message))
    return StoredOverlay(_info(row), overlay, image)


def _rows(conn: sqlite3.Connection, key: str | None = None, columns: tuple[str, ...] = _COLUMNS) -> list:
    if OVERLAY_TABLE not in table_names(conn):
        return []
    sql = f"SELECT {', '.join(columns)} FROM {OVERLAY_TABLE}"
    if key is not None:
        return conn.execute(sql + " WHERE key = ?", (key,)).fetchall()
    return conn.execute(sql + " ORDER BY id").fetchall()


def list_overlays(path: str | Path, *, timeout: float = DEFAULT_BUSY_TIMEOUT) -> list[OverlayInfo]:
    """The stored overlays (no images), in the order they were added."""
    path = Path(path).absolute()
    cols = tuple(c if c not in ("overlay_json", "image_png") else "NULL" for c in _COLUMNS)
    rows = _reading(path, timeout, Words("its plan drawings cannot be listed"), lambda conn: _rows(conn, columns=cols))
    return [_info(r) for r in rows]


def load_overlays(path: str | Path, *, timeout: float = DEFAULT_BUSY_TIMEOUT
                  ) -> tuple[list[StoredOverlay], list[OverlayProblem]]:
    """Every stored overlay that reads back, and a problem for each one that does not."""
    path = Path(path).absolute()
    rows = _reading(path, timeout, Words("its plan drawings cannot be read"), _rows)
    good, bad = [], []
    for row in rows:
        item = _parse(path, row)
        (good if isinstance(item, StoredOverlay) else bad).append(item)
    return good, bad


def load_overlay(path: str | Path, key: str, *, timeout: float = DEFAULT_BUSY_TIMEOUT) -> StoredOverlay:
    """One stored overlay; WorkspaceError when there is none of that key, OverlayCorrupt when it
    cannot be read."""
    path = Path(path).absolute()
    rows = _reading(path, timeout, Words("its plan drawing cannot be read"), lambda conn: _rows(conn, key))
    if not rows:
        raise WorkspaceError(Words("%1: there is no plan drawing '%2' in the workspace", path.name, _label(key)), path)
    item = _parse(path, rows[0])
    if isinstance(item, OverlayProblem):
        raise OverlayCorrupt(item, path)
    return item


# --------------------------------------------------------------------------
# Writing


def _ensure_table(conn: sqlite3.Connection, tables: dict[str, str], stamp: str) -> None:
    if OVERLAY_TABLE in tables:
        return
    # GeoPackage attribute tables need an INTEGER PRIMARY KEY AUTOINCREMENT column.
    conn.execute(f"CREATE TABLE {OVERLAY_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
                 "key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, overlay_json TEXT NOT NULL, "
                 "image_png BLOB NOT NULL, image_width INTEGER NOT NULL, image_height INTEGER NOT NULL, "
                 "display_width INTEGER NOT NULL, display_height INTEGER NOT NULL, "
                 "revision INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, created_by TEXT NOT NULL, "
                 "updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)")
    conn.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, "
                 "last_change) VALUES (?, 'attributes', ?, ?, ?)",
                 (OVERLAY_TABLE, OVERLAY_TABLE, "qxmap: planning drawings pinned on the map (规划图叠加)", stamp))


def _writing(path: Path, timeout: float, workspace_id: str | None, action: str,
             work: Callable[[sqlite3.Connection, dict[str, str]], Any]) -> tuple[Any, FileIdentity,
                                                                                 FileIdentity | None]:
    """Run *work(conn, tables)* in one write transaction of its own, checked like a save
    and counted in the generation; (its result, the identity before, the identity after).
    The file is opened outside SQLite only through :func:`pinned` (see qxmap.workspace.db)."""
    with pinned(path) as fd:
        try:
            conn = connect(path, read_only=is_read_only(path), timeout=timeout)
        except sqlite3.Error as exc:
            raise explain(exc, path, action) from exc
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise explain(exc, path, action) from exc
            try:
                seen = markers(path, fd)  # under the write lock: the state this write starts from
                seen_version = data_version(conn)
                tables = table_names(conn)
                if META_TABLE not in tables:
                    raise WorkspaceError(Words("%1: not a qxmap workspace (open it in qxmap first); %2", path, action),
                                         path)
                file_id = read_workspace_id(conn, tables)
                generation, file_id = check_file(conn, path, file_id if workspace_id is None else workspace_id)
                before = FileIdentity(seen, generation, file_id)
                result = work(conn, tables)
                conn.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = 'generation'", (str(generation + 1),))
                if not same_file(path, fd):
                    raise FileReplaced(replaced_message(path), path)
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, (sqlite3.Error, OSError)):
                    raise explain(exc, path, action) from exc
                raise
            after, wal = identity_after_commit(conn, path, fd, seen_version)
        finally:
            conn.close()
        if wal and after is not None:
            after = identity_after_close(after, path, fd)
    return result, before, after


def _current_revision(conn: sqlite3.Connection, tables: dict[str, str], key: str) -> int | None:
    if OVERLAY_TABLE not in tables:
        return None
    row = conn.execute(f"SELECT revision FROM {OVERLAY_TABLE} WHERE key = ?", (key,)).fetchone()
    return None if row is None else int(row[0] or 0)


def _conflict(path: Path, key: str, name: str, what: str) -> ConflictError:
    return ConflictError(Words("%1: the plan drawing '%2' was %3 by someone else since it was loaded; reload "
                               "the workspace to see it. Nothing was saved.", path.name, name, what),
                         path, [(key, name)])


def save_overlay(path: str | Path, overlay: PlanOverlay, *, key: str | None = None,
                 image: OverlayImage | None = None, revision: int | None = None, by: str | None = None,
                 workspace_id: str | None = None, timeout: float = DEFAULT_BUSY_TIMEOUT) -> OverlayWrite:
    """Add an overlay (no *key*: *image* needed; a new key is made) or update one (its
    points, opacity, visibility...; *image* replaces the stored one when given).

    *revision*: the overlay's revision as loaded; when the row has another one (changed
    by someone else) or is gone, ConflictError and nothing is written.  *workspace_id*:
    the workspace as loaded (FileReplaced when another file is at *path* now).  Raises
    WorkspaceError (read-only, locked, damaged...) and ValueError (GeorefError) for an
    overlay or image that does not check: nothing is written."""
    path = Path(path).absolute()
    text = overlay.to_json()  # validates every field first
    if key is None and image is None:
        raise GeorefError("bad_overlay", "image: a new plan drawing needs its image")
    if image is not None:
        image.check()
    who = (by or "").strip() or default_user()
    stamp = now_iso()
    action = Words("the plan drawing was not saved")

    def work(conn, tables):
        _ensure_table(conn, tables, stamp)
        if key is None:
            new_key = f"plan-{uuid.uuid4().hex[:12]}"
            conn.execute(f"INSERT INTO {OVERLAY_TABLE} (key, name, overlay_json, image_png, image_width, "
                         "image_height, display_width, display_height, revision, created_at, created_by, "
                         "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                         (new_key, overlay.name, text, sqlite3.Binary(image.png), image.width, image.height,
                          image.display_width, image.display_height, stamp, who, stamp, who))
            result = (new_key, 0)
        else:
            current = _current_revision(conn, tables, key)
            if current is None:
                raise _conflict(path, key, overlay.name, Words("removed"))
            if revision is not None and current != revision:
                raise _conflict(path, key, overlay.name, Words("changed"))
            sets = ["name = ?", "overlay_json = ?", "revision = ?", "updated_at = ?", "updated_by = ?"]
            values: list = [overlay.name, text, current + 1, stamp, who]
            if image is not None:
                sets += ["image_png = ?", "image_width = ?", "image_height = ?", "display_width = ?",
                         "display_height = ?"]
                values += [sqlite3.Binary(image.png), image.width, image.height, image.display_width,
                           image.display_height]
            conn.execute(f"UPDATE {OVERLAY_TABLE} SET {', '.join(sets)} WHERE key = ?", (*values, key))
            result = (key, current + 1)
        conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", (stamp, OVERLAY_TABLE))
        return result

    (done_key, done_revision), before, after = _writing(path, timeout, workspace_id, action, work)
    return OverlayWrite(done_key, done_revision, before, after)


def remove_overlay(path: str | Path, key: str, *, revision: int | None = None, name: str | None = None,
                   workspace_id: str | None = None, timeout: float = DEFAULT_BUSY_TIMEOUT) -> OverlayWrite:
    """Remove a stored overlay (ConflictError when it changed since *revision* or is gone)."""
    path = Path(path).absolute()
    label = name or key

    def work(conn, tables):
        current = _current_revision(conn, tables, key)
        if current is None:
            raise _conflict(path, key, label, Words("removed"))
        if revision is not None and current != revision:
            raise _conflict(path, key, label, Words("changed"))
        conn.execute(f"DELETE FROM {OVERLAY_TABLE} WHERE key = ?", (key,))
        conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", (now_iso(), OVERLAY_TABLE))

    _, before, after = _writing(path, timeout, workspace_id, Words("the plan drawing was not removed"), work)
    return OverlayWrite(key, None, before, after)
