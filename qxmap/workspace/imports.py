"""Bring your own data into a workspace: the workspace's import methods (issue 11).

The import core (:mod:`qxmap.importing`) reads a planner's file and plans what
each feature does.  In the workspace package, :mod:`~qxmap.workspace.importchange`
says what a plan changes (an :class:`ImportChange`: matched records with old
and new values and geometry, new records, a reference layer) and
:mod:`~qxmap.workspace.importstore` writes it with its history in the save's
one transaction.  Here:

- :class:`ImportsMixin` gives :class:`~qxmap.workspace.Workspace`
  :meth:`~ImportsMixin.apply_import` (in memory, checked first: all or
  nothing), :meth:`~ImportsMixin.revert_import` (a pending import dropped; a
  saved one taken back by its inverse, which is saved and recorded like any
  edit) and the hooks its load, save and reload call;
- :func:`import_into` plans, applies and saves in one call (the command line,
  the benchmark).

Every change to a tracked record is in the history (one row per field;
``geometry`` with old and new WKT; ``record`` when a record is added or
removed), each import's rows noted with where the data came from.
"""
from __future__ import annotations

from dataclasses import dataclass

from qxmap import schema
from qxmap.importing import ImportPlan, Mapping
from qxmap.workspace.db import DEFAULT_BUSY_TIMEOUT, connect, pinned
from qxmap.workspace.errors import EditRefused
from qxmap.words import Words
from qxmap.workspace.importchange import (MATCH_MODES, ImportChange, RecordUpdate, apply_in_memory, change_from_plan,
                                          plan_for, rebase)
from qxmap.workspace.importcells import read_references
from qxmap.workspace.importstore import WriteResult, write_changes
from qxmap.gcpause import bulk


# --------------------------------------------------------------------------
# The workspace's side


class ImportsMixin:
    """Import methods of :class:`~qxmap.workspace.Workspace` (which holds ``dataset``,
    ``path``, ``_index`` (tracked id -> layer, label), ``_imports`` (pending changes)
    and ``_revisions``, and calls the hooks below from its load, save and reload)."""

    #: Imports a reload could not apply again (see reload).
    dropped_imports: tuple = ()

    @property
    def pending_imports(self) -> tuple:
        """Imports applied in memory and not yet saved (ImportChange), in order."""
        return tuple(self._imports)

    def _import_index(self, layer: str | None) -> dict:
        if layer is None or layer in schema.TRACKED_LAYERS or any(w[0] == layer for w in self._index.values()):
            return self._index  # the same index edits use: an added road can be edited at once
        frame = self.dataset.layers[layer]
        return {str(fid): (layer, label) for label, fid in zip(frame.index, frame["id"])}

    @bulk
    def apply_import(self, change: ImportChange) -> None:
        """Apply an import in memory and queue it for the next save; checked first,
        so nothing changes when it no longer fits the records (EditRefused).
        Redo of an undone *saved* import cancels its queued inverse instead."""
        if self._imports and self._imports[-1].inverse_of is change:
            self._revert_pending(self._imports[-1])
            return
        apply_in_memory(self.dataset, self._import_index(change.layer), change)
        self._imports.append(change)

    def revert_import(self, change: ImportChange) -> None:
        """Undo an import in memory: a pending one is dropped; a saved one is taken
        back by its inverse (records removed, old values and geometries back), queued
        so that the undo is saved and recorded in the history like any other change."""
        if any(c is change for c in self._imports):
            self._revert_pending(change)
            return
        inverse = change.inverse()
        apply_in_memory(self.dataset, self._import_index(inverse.layer), inverse)
        self._imports.append(inverse)

    def _revert_pending(self, change: ImportChange) -> None:
        if self._imports[-1] is not change:
            raise EditRefused(Words("%1: later imports must be undone first", change.title), self.path)
        inverse = change.inverse()
        apply_in_memory(self.dataset, self._import_index(inverse.layer), inverse)
        self._imports.pop()

    # ---- hooks of the Workspace

    def _read_references(self) -> dict:
        return reference_layers_of(self.path, self.busy_timeout)

    def _write_imports(self, conn, history: list, stamp: str, by: str) -> tuple[dict, list, WriteResult | None]:
        """In the save's transaction, before the edits: (revisions the edits expect,
        every history row, what was written or None)."""
        if not self._imports:
            return self._revisions, history, None
        written = write_changes(conn, self.path, self._imports, self._revisions, stamp, by, self.name_of)
        return written.revisions, written.history + list(history), written

    def _reapply_imports(self, imports: list, keep: bool) -> None:
        """After a reload: the pending imports made again against what the file holds
        now (when *keep*); those that no longer fit go to :attr:`dropped_imports`."""
        dropped = []
        for change in imports:
            if not keep:
                dropped.append(change)
                continue
            try:
                self.apply_import(rebase(change, self.dataset, self._import_index(change.layer)))
            except EditRefused:
                dropped.append(change)
        self.dropped_imports = tuple(dropped)


# --------------------------------------------------------------------------
# All in one (command line, benchmark)


@dataclass
class ImportResult:
    """What :func:`import_into` did: the plan, the change and the history rows saved (0 on a dry run)."""

    plan: ImportPlan
    change: ImportChange
    saved: int
    dry_run: bool


def import_into(ws, layer, mapping: Mapping, *, match: str = "auto", by: str | None = None,
                dry_run: bool = False, reference_title: str | None = None, **options) -> ImportResult:
    """Plan *layer* (a :class:`~qxmap.importing.SourceLayer`) with *mapping* against the
    open workspace *ws* (a :class:`~qxmap.workspace.Workspace`) and save it there in
    one transaction (unless *dry_run*).  Raises MappingError, EditRefused,
    WorkspaceError (ConflictError, ...); nothing is written then."""
    plan = plan_for(layer, mapping, ws.dataset, match=match, **options)
    change = change_from_plan(plan, ws.dataset, reference_title=reference_title)
    if dry_run or change.is_empty:
        return ImportResult(plan, change, 0, dry_run)
    ws.apply_import(change)
    saved = ws.save(by)
    return ImportResult(plan, change, saved, dry_run)


__all__ = ["MATCH_MODES", "RecordUpdate", "ImportChange", "ImportsMixin", "ImportResult", "plan_for",
           "change_from_plan", "apply_in_memory", "rebase", "import_into", "EditRefused"]


def reference_layers_of(path, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> dict:
    """The reference layers of the workspace at *path* (by key; {} if it holds none), read
    without opening it as a workspace (nothing is written): what `qxmap export` draws."""
    from pathlib import Path

    path = Path(path)
    with pinned(path):
        conn = connect(path, read_only=True, timeout=busy_timeout)
        try:
            return read_references(conn)
        finally:
            conn.close()
