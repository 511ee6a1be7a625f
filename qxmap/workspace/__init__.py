"""The qxmap workspace: one GeoPackage that holds the layers and their history.

A workspace is a GeoPackage that QGIS and GDAL open as it is: the schema
layers (EPSG:4326, written with pyogrio), a non-spatial
``road_status_history`` table and a small ``qxmap_meta`` table, both
registered in ``gpkg_contents`` as ``attributes`` so GDAL lists them.

This package is split along its concerns; each module imports only the ones
above it in this list:

* :mod:`~qxmap.workspace.errors` - WorkspaceError and its kinds;
* :mod:`~qxmap.workspace.db` - SQLite plumbing, errors in words, the file's
  outside markers (and the POSIX-lock rule: never open and close the file
  while a connection to it is open);
* :mod:`~qxmap.workspace.bookkeeping` - qxmap_meta, revisions, history
  table, schema version, workspace id, telling a workspace from other files;
* :mod:`~qxmap.workspace.create` - making workspaces, writing layers out;
* :mod:`~qxmap.workspace.history` - the history records, reading, CSV;
* :mod:`~qxmap.workspace.saving` - the steps of a save's transaction;
* :mod:`~qxmap.workspace.imports` - imports (issue 11): an import plan as an
  :class:`ImportChange` (matched records, new records, reference layers),
  applied in memory and written in the save's transaction with its history;
* :mod:`~qxmap.workspace.geomsave` and :mod:`~qxmap.workspace.geometry` -
  geometry edits (issue 12): a record drawn, moved, split, merged, created or
  removed, saved with its history like a status change;
* :mod:`~qxmap.workspace.overlays` - planning drawings pinned on the map
  (issue 12), each written in a transaction of its own, read back checked;
* :mod:`~qxmap.workspace.session` - :class:`Workspace`, the editing session,
  and :func:`set_status`.

Import from ``qxmap.workspace``: the names below are the public API.
"""
from __future__ import annotations

from qxmap.editing import Edit, EditCheck, check_edit
from qxmap.workspace.errors import ConfirmationNeeded, ConflictError, EditRefused, FileReplaced, WorkspaceError
from qxmap.workspace.db import DEFAULT_BUSY_TIMEOUT, FileMarkers
from qxmap.workspace.bookkeeping import (HISTORY_COLUMNS, HISTORY_TABLE, META_TABLE, REVISION, SCHEMA_VERSION,
                                         FileIdentity, default_user)
from qxmap.workspace.create import FIELD_ORDER, create_workspace, default_workspace_path, ensure_default_workspace
from qxmap.workspace.history import CSV_COLUMNS, HistoryEntry, history_csv_text, read_history, write_history_csv
from qxmap.workspace.imports import (ImportChange, ImportResult, change_from_plan, import_into, plan_for,
                                     reference_layers_of)
from qxmap.workspace.overlays import (OVERLAY_TABLE, OverlayCorrupt, OverlayImage, OverlayInfo, OverlayProblem,
                                      OverlayWrite, StoredOverlay, list_overlays, load_overlay, load_overlays,
                                      remove_overlay, save_overlay)
from qxmap.workspace.session import Workspace, set_status

__all__ = [
    "HISTORY_TABLE", "META_TABLE", "SCHEMA_VERSION", "REVISION", "HISTORY_COLUMNS", "CSV_COLUMNS", "FIELD_ORDER",
    "DEFAULT_BUSY_TIMEOUT", "Edit", "EditCheck", "check_edit",
    "WorkspaceError", "ConflictError", "FileReplaced", "EditRefused", "ConfirmationNeeded",
    "HistoryEntry", "FileIdentity", "FileMarkers", "Workspace",
    "create_workspace", "default_workspace_path", "ensure_default_workspace",
    "default_user", "read_history", "set_status", "write_history_csv", "history_csv_text",
    "ImportChange", "ImportResult", "change_from_plan", "import_into", "plan_for", "reference_layers_of",
    "OVERLAY_TABLE", "OverlayCorrupt", "OverlayImage", "OverlayInfo", "OverlayProblem", "OverlayWrite",
    "StoredOverlay", "list_overlays", "load_overlay", "load_overlays", "remove_overlay", "save_overlay",
]
