"""The editing session: a workspace opened, its dataset in memory, its pending edits.

:class:`Workspace` is what the app and ``qxmap set-status`` hold: it loads
the layers (checking that nothing changed while they were read), applies and
reverts :class:`~qxmap.editing.Edit` objects in memory, saves them in one
transaction (the steps in :mod:`qxmap.workspace.saving`), and tells when the
file changed on disk or was replaced by another file.

The file is opened outside SQLite only through
:func:`qxmap.workspace.db.pinned` (before the connection, closed after it),
so SQLite's locks hold for a whole transaction.

Qt-free: the UI wraps :class:`~qxmap.editing.Edit` objects in undo commands
and calls :meth:`Workspace.apply` / :meth:`Workspace.revert`.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from itertools import repeat
from pathlib import Path
from typing import Any

import pandas as pd

from qxmap import schema
from qxmap.atomicfile import atomic_path, write_bytes
from qxmap.dataset import Dataset, DatasetError, load_dataset
from qxmap.editing import EDITABLE_FIELDS, Edit, EditCheck, check_edit, normalise, same_value, value_text
from qxmap.workspace.bookkeeping import (REVISION, FileIdentity, revisions_of, default_user, ensure_bookkeeping,
                                         identity_after_close, identity_after_commit, inspect_file, now_iso,
                                         read_snapshot, read_workspace_id, upgrade_in_place)
from qxmap.workspace.create import geojson_text
from qxmap.workspace.db import (DEFAULT_BUSY_TIMEOUT, FileMarkers, connect, data_version, explain, is_read_only,
                                markers, pinned, same_file)
from qxmap.workspace.errors import ConfirmationNeeded, EditRefused, FileReplaced, WorkspaceError
from qxmap.words import Words
from qxmap.workspace.history import HistoryEntry, history_csv_text, read_entries
from qxmap.workspace.geometry import GeometryEditing
from qxmap.workspace.imports import ImportsMixin
from qxmap.workspace.saving import append_history, check_file, replaced_message
from qxmap.gcpause import bulk


class Workspace(ImportsMixin, GeometryEditing):
    """An open workspace: the dataset in memory, the pending edits and imports, and what was loaded.
    (Edits: :class:`~qxmap.editing.Edit` and the geometry edits of :mod:`qxmap.workspace.geometry`.)"""

    def __init__(self, path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT):
        self.path = Path(path).absolute()
        #: Seconds a save waits for another program's lock before giving up.
        self.busy_timeout = busy_timeout
        self.dataset: Dataset
        self.read_only = False
        self._pending: list[Edit] = []
        self._imports: list = []  # ImportChange objects applied in memory, not yet saved (ImportsMixin)
        self._revisions: dict[str, int] = {}
        self._index_map: dict[str, tuple[str, Any]] | None = {}  # see _index
        self._generation = 0
        self._identity: FileIdentity | None = None
        self._workspace_id: str | None = None
        self._stale = False
        #: True when opening upgraded the file to the current workspace schema.
        self.upgraded = False

    # ---- opening ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> "Workspace":
        """Open *path*; raises WorkspaceError (with the file and the reason) if it is
        not a readable GeoPackage with a roads layer or its data break the schema."""
        ws = cls(Path(path), busy_timeout=busy_timeout)
        ws._load()
        return ws

    def _connect(self, *, write: bool) -> sqlite3.Connection:
        return connect(self.path, read_only=not write or is_read_only(self.path), timeout=self.busy_timeout)

    def _snapshot(self, with_revisions: bool = True) -> tuple[FileIdentity, dict[str, int]]:
        with pinned(self.path) as fd:
            seen = markers(self.path, fd)  # before the data: see read_snapshot
            conn = self._connect(write=False)
            try:
                return read_snapshot(conn, seen, with_revisions)
            finally:
                conn.close()

    def _load(self) -> None:
        inspection = inspect_file(self.path, self.busy_timeout)
        if not inspection.read_only:  # an older workspace gets the tracking columns (schema 2) in place
            self.upgraded = upgrade_in_place(self.path, self.busy_timeout) or self.upgraded
        deadline = time.monotonic() + max(self.busy_timeout, 1.0) * 2
        while True:
            try:
                before, _ = self._snapshot(with_revisions=False)
                dataset = load_dataset(self.path)
                revisions = revisions_of(dataset.layers)  # as read_revisions, from the rows just read
                references = self._read_references()
                after, _ = self._snapshot(with_revisions=False)  # the same file as read? (identity only)
            except sqlite3.Error as exc:
                raise explain(exc, self.path, Words("it cannot be read")) from exc
            except DatasetError as exc:
                if time.monotonic() < deadline and any("lock" in p.message for p in exc.problems):
                    time.sleep(0.05)
                    continue
                first = exc.problems[0] if exc.problems else "invalid"
                if len(exc.problems) > 1:
                    first = Words("%1 (and %2 more)", first, len(exc.problems) - 1)
                raise WorkspaceError(Words("%1: its data break the qxmap schema: %2", self.path, first), self.path,
                                     exc.problems) from exc
            if before == after:
                break
            if time.monotonic() >= deadline:  # pragma: no cover - a file rewritten non-stop
                raise WorkspaceError(Words("%1: the file keeps changing while it is read; try again", self.path),
                                     self.path)
        for name in schema.LAYER_ORDER:  # every layer carries a revision (geometry edits)
            frame = dataset.layers[name]
            if REVISION in frame.columns:
                del frame[REVISION]  # in place: the frame was just read, a copy costs a second at 200,000
        dataset.references = references
        self.dataset = dataset
        self.read_only = inspection.read_only
        self._revisions = revisions
        self._generation = before.generation
        self._identity = before
        self._workspace_id = before.workspace_id
        self._stale = False
        self._pending = []
        self._imports = []
        self._index_map = None  # made when first needed
        self._geometry_loaded()

    # ---- looking up ------------------------------------------------------

    @property
    def _index(self) -> dict[str, tuple[str, Any]]:
        """Tracked id -> (layer, row label), kept up to date by edits and imports.  Made
        when first needed: with 200,000 roads it costs about 0.1 s, which an open that
        only shows the data need not pay."""
        if self._index_map is None:
            index: dict[str, tuple[str, Any]] = {}
            for name in schema.TRACKED_LAYERS:
                frame = self.dataset.layers[name]
                index.update(zip(frame["id"].tolist(), zip(repeat(name), frame.index.tolist())))
            self._index_map = index
        return self._index_map

    @property
    def pending(self) -> tuple[Edit, ...]:
        """Edits applied in memory and not yet saved, in order."""
        return tuple(self._pending)

    @property
    def is_dirty(self) -> bool:
        return bool(self._pending) or bool(self._imports)

    @property
    def workspace_id(self) -> str | None:
        """The workspace's random id as loaded (None for a workspace older than ids)."""
        return self._workspace_id

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
            raise EditRefused(Words("%1: %2", feature_id, verdict.message), self.path)
        layer, label = self._index[feature_id]
        old = self.dataset.layers[layer].at[label, field]
        return Edit(feature_id, field, old, verdict.value, note)

    def apply(self, edit: Edit) -> None:
        """Apply *edit* in memory and queue it for the next save.

        Raises EditRefused when the id is unknown, the value is invalid, or the
        record no longer holds ``edit.old`` (a stale edit).
        """
        if not isinstance(edit, Edit):  # a geometry edit (qxmap.workspace.geometry)
            return self._apply_other(edit)
        where = self.locate(edit.feature_id)
        if where is None:
            raise EditRefused(Words("unknown road or exit id '%1'", edit.feature_id), self.path)
        layer, label = where
        verdict = check_edit(self._values(layer, label), edit.field, edit.new, feature_id=edit.feature_id)
        if not verdict.ok:
            raise EditRefused(Words("%1: %2", edit.feature_id, verdict.message), self.path)
        frame = self.dataset.layers[layer]
        current = frame.at[label, edit.field]
        if not same_value(current, edit.old):
            raise EditRefused(Words("%1: %2 is now %3, not %4 as the edit expects", edit.feature_id, edit.field,
                                    repr(value_text(current)), repr(value_text(edit.old))), self.path)
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
        if not isinstance(edit, Edit):  # a geometry edit (qxmap.workspace.geometry)
            return self._revert_other(edit)
        where = self.locate(edit.feature_id)
        if where is None:
            raise EditRefused(Words("unknown road or exit id '%1'", edit.feature_id), self.path)
        layer, label = where
        frame = self.dataset.layers[layer]
        current = frame.at[label, edit.field]
        expected, _ = normalise(edit.field, edit.new)
        if not same_value(current, expected):
            raise EditRefused(Words("%1: cannot undo, %2 is now %3, not %4", edit.feature_id, edit.field,
                                    repr(value_text(current)), repr(value_text(expected))), self.path)
        if same_value(edit.old, expected):
            return
        frame.at[label, edit.field] = edit.old
        self._drop_or_invert(edit)

    def discard(self) -> None:
        """Forget every pending edit and restore the values as loaded."""
        if self._imports:  # imports add and remove rows: read the file again
            return self._load()
        for edit in reversed(self._pending):
            if not isinstance(edit, Edit):
                self._undo_other(edit)
                continue
            layer, label = self._index[edit.feature_id]
            self.dataset.layers[layer].at[label, edit.field] = edit.old
        self._pending = []

    # ---- saving ------------------------------------------------------------

    @bulk
    def save(self, changed_by: str | None = None) -> int:
        """Write every pending edit in one transaction; returns the number of history rows.

        Raises ConflictError (naming the roads) when a touched feature was
        changed in the file since it was loaded, FileReplaced when another
        file was put in the workspace's place, WorkspaceError when the file
        is read-only, locked, damaged or the disk fails.  Either way nothing
        is written and the edits stay pending.

        The connection is the only one this method opens, and the file is
        opened once more only through :func:`~qxmap.workspace.db.pinned`
        (before the connection, closed after it): SQLite's locks hold for the
        whole transaction.
        """
        if not self._pending and not self._imports:
            return 0
        by = (changed_by or "").strip() or default_user()
        touched = self._touched()  # layer -> id -> fields
        existence = self._existence(touched)  # (as loaded: told before the revisions move on)
        stamp = now_iso()
        history = self._history_rows(stamp, by)
        action = Words("nothing was saved")
        with pinned(self.path) as fd:
            try:
                conn = self._connect(write=True)
            except sqlite3.Error as exc:
                raise explain(exc, self.path, action) from exc
            try:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.Error as exc:
                    raise explain(exc, self.path, action) from exc
                try:
                    # Under the write lock nobody else commits: these are the markers of the
                    # state this transaction starts from.
                    seen = markers(self.path, fd)
                    seen_version = data_version(conn)
                    generation_before, workspace_id, written = self._save_in_transaction(
                        conn, touched, history, seen, stamp, by)
                    if not same_file(self.path, fd):
                        raise FileReplaced(replaced_message(self.path), self.path)
                    conn.execute("COMMIT")
                except BaseException as exc:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    if isinstance(exc, (sqlite3.Error, OSError)):
                        raise explain(exc, self.path, action) from exc
                    raise
                identity, wal = identity_after_commit(conn, self.path, fd, seen_version)
            finally:
                conn.close()
            if wal and identity is not None:
                identity = identity_after_close(identity, self.path, fd)
        # Committed: the file now holds the new state.
        if written is not None:
            self._revisions = dict(written.revisions)
        for ids in touched.values():
            for fid in ids:
                self._revisions[fid] = self._revisions.get(fid, 0) + 1
        self._after_records_saved(*existence)  # a record made here is in the file at revision 0
        others_wrote = generation_before != self._generation
        self._generation = generation_before + 1
        self._workspace_id = workspace_id
        count = len(self._pending) + (len(written.history) + written.references if written is not None else 0)
        self._pending, self._imports = [], []
        if identity is None or identity.generation != self._generation:
            others_wrote = True
        if not others_wrote:
            self._identity = identity
        else:
            self._stale = True
        return count

    def _save_in_transaction(self, conn: sqlite3.Connection, touched: dict[str, dict[str, set[str]]],
                             history: list[tuple], seen: FileMarkers, stamp: str = "", by: str = ""
                             ) -> tuple[int, str | None, Any]:
        try:
            generation_before, workspace_id = check_file(conn, self.path, self._workspace_id)
        except FileReplaced:
            self._stale = True
            raise
        if FileIdentity(seen, generation_before, workspace_id) != self._identity:
            self._stale = True  # someone else wrote since we loaded (maybe other features)
        ensure_bookkeeping(conn)
        workspace_id = read_workspace_id(conn)  # given now to a workspace older than ids
        revisions, history, written = self._write_imports(conn, history, stamp, by)  # before the edits
        self._write_edits(conn, touched, revisions)  # conflicts first; the rows (qxmap.workspace.geomsave)
        append_history(conn, history, touched, generation_before)
        return generation_before, workspace_id, written

    # ---- the file on disk ------------------------------------------------

    def own_write_done(self, before: FileIdentity | None, after: FileIdentity | None) -> None:
        """This app wrote the file apart from :meth:`save` (a plan drawing,
        qxmap.workspace.overlays): when the file was as this workspace last saw it
        (*before*), it now is as that write left it (*after*), not "changed on disk"."""
        if before is not None and after is not None and not self._stale and before == self._identity:
            self._identity = after
            self._generation = after.generation

    def changed_on_disk(self) -> bool:
        """Has the file changed since it was loaded or last saved by this workspace
        (another copy of qxmap, QGIS, a restored backup, another file copied or
        renamed over it)?  Cheap: a stat and 4 bytes of the header, no SQL."""
        if self._stale or self._identity is None:
            return True
        with pinned(self.path) as fd:
            now = markers(self.path, fd)
        return now != self._identity.markers

    def reload(self, keep_pending: bool = False) -> list[Edit]:
        """Read the file again.  Pending edits are dropped, or with *keep_pending*
        re-applied where the record still holds their old value; returns the
        edits that were dropped.  When another workspace now stands at the path
        (another workspace id) every pending edit is dropped: they were made
        for the records of the workspace that was there."""
        pending, imports = list(self._pending), list(self._imports)
        loaded_id = self._workspace_id
        self._load()
        self._reapply_imports(imports, keep_pending and (loaded_id is None or self._workspace_id == loaded_id))
        if not keep_pending:
            return pending
        if loaded_id is not None and self._workspace_id != loaded_id:
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
            raise explain(exc, self.path, Words("the history cannot be read")) from exc
        try:
            return read_entries(conn, road_id)
        except sqlite3.Error as exc:
            raise explain(exc, self.path, Words("the history cannot be read")) from exc
        finally:
            conn.close()

    def names(self) -> dict[str, str]:
        """id -> name_zh of every feature (roads and exits, and the other layers' too)."""
        out = {}
        for name in schema.LAYER_ORDER:
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
                tmp.write_text(geojson_text(name, self.dataset.layers[name]), encoding="utf-8")
            written.append(target)
        return written


def set_status(workspace_path: str | os.PathLike, road_id: str, status: str, note: str | None = None,
               by: str | None = None, *, confirm: bool = False) -> Edit | None:
    """Set one record's status in the file, with the app's rules and history.

    Returns the saved Edit, or None when the status already was *status*.
    Raises EditRefused (unknown id, unknown status), ConfirmationNeeded (a
    step backwards without *confirm*), ConflictError or WorkspaceError.
    """
    ws = Workspace.open(workspace_path)
    if ws.locate(road_id) is None:
        raise EditRefused(Words("%1: unknown road or exit id '%2'", ws.path, road_id), ws.path)
    verdict = ws.check_edit(road_id, "status", status)
    if not verdict.ok:
        raise EditRefused(Words("%1: %2", road_id, verdict.message), ws.path)
    if same_value(ws.record(road_id)["status"], verdict.value):
        return None
    if verdict.needs_confirmation and not confirm:
        raise ConfirmationNeeded(Words("%1: %2", road_id, verdict.message), ws.path)
    edit = ws.make_edit(road_id, "status", verdict.value, note)
    ws.apply(edit)
    ws.save(by)
    return edit
