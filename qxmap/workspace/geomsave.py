"""What a save writes for the geometry edits of :mod:`qxmap.workspace.geometry`.

:class:`GeometrySaving` (a base of the geometry mixin of
:class:`~qxmap.workspace.session.Workspace`) gives the save's transaction
its steps for them:

* a geometry is written as a GeoPackage geometry blob (:func:`gpkg_blob`, as
  GDAL writes it) in the layer's geometry column, with ``geometry_accuracy``
  and the row's revision, in the same UPDATE as the record's other changed
  fields (:meth:`GeometrySaving._cell`);
* a record made in the session is INSERTed (revision 0) unless someone else
  took its id meanwhile; one removed is DELETEd where its revision is still
  the loaded one (:meth:`GeometrySaving._write_records`);
* history rows (:meth:`GeometrySaving._history_rows`): ``geometry`` (old and
  new WKT), ``geometry_accuracy`` (old and new code) and ``record`` (a record
  created or removed: its attributes and its geometry's WKT as JSON,
  :func:`qxmap.geometry_edits.record_text`).
"""
from __future__ import annotations

import sqlite3
import struct
from typing import Any, Iterable, Mapping

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from qxmap import geometry_edits as rules
from qxmap import schema
from qxmap.editing import EDITABLE_FIELDS, normalise, value_text
from qxmap.geometry_edits import GeometryEdit, RecordEdit
from qxmap.workspace.bookkeeping import REVISION
from qxmap.workspace.db import quote, sql_value
from qxmap.workspace.errors import ConflictError, EditRefused
from qxmap.words import Words
from qxmap.workspace.saving import conflict_error, find_conflicts, update_rows

#: The history's "field" for each kind of change made here.
GEOMETRY_FIELD = "geometry"
ACCURACY_FIELD = "geometry_accuracy"
RECORD_FIELD = "record"
_CHUNK = 500


class _Fields(frozenset):
    order: tuple[str, ...] = ()


#: The fields a save UPDATEs (a set, and its column order: the editable attributes, then a geometry's).
UPDATED_FIELDS = _Fields(EDITABLE_FIELDS + (ACCURACY_FIELD, GEOMETRY_FIELD))
UPDATED_FIELDS.order = EDITABLE_FIELDS + (ACCURACY_FIELD, GEOMETRY_FIELD)


# --------------------------------------------------------------------------
# GeoPackage geometry blobs


def gpkg_blob(geom: BaseGeometry | None, srs_id: int = 4326) -> bytes | None:
    """*geom* as a GeoPackage geometry blob (little-endian, an XY envelope except
    for points, ISO WKB), None for no geometry: what GDAL itself writes."""
    if geom is None or geom.is_empty:
        return None
    wkb = shapely.to_wkb(geom, byte_order=1, output_dimension=2, flavor="iso")
    if isinstance(geom, Point):
        return b"GP" + bytes((0, 0b0000_0001)) + struct.pack("<i", int(srs_id)) + wkb
    minx, miny, maxx, maxy = geom.bounds
    return (b"GP" + bytes((0, 0b0000_0011)) + struct.pack("<i", int(srs_id))
            + struct.pack("<4d", minx, maxx, miny, maxy) + wkb)


def geometry_columns(conn: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    """layer -> (geometry column, srs id) from gpkg_geometry_columns."""
    return {table: (column, int(srs or 4326)) for table, column, srs in conn.execute(
        "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns")}



class GeometrySaving:
    """The save steps of geometry edits (mixed into the Workspace; see the module)."""

    # ---- saving --------------------------------------------------------------

    def _pending_layer(self, edit) -> str:
        if isinstance(edit, RecordEdit):
            return edit.layer
        where = self.locate_any(edit.feature_id)
        if where is None:  # pragma: no cover - every pending edit names a known feature
            raise EditRefused(Words("unknown feature id '%1'", edit.feature_id), self.path)
        return where[0]

    def _touched(self) -> dict[str, dict[str, set[str]]]:
        """layer -> id -> fields the pending changes touch (a geometry: both its fields)."""
        touched: dict[str, dict[str, set[str]]] = {}
        for edit in self._pending:
            fields = touched.setdefault(self._pending_layer(edit), {}).setdefault(edit.feature_id, set())
            if isinstance(edit, GeometryEdit):
                fields.update((GEOMETRY_FIELD, ACCURACY_FIELD))
            elif isinstance(edit, RecordEdit):
                fields.add(RECORD_FIELD)
            else:
                fields.add(edit.field)
        return touched

    def _write_edits(self, conn: sqlite3.Connection, touched: Mapping[str, Mapping[str, set]],
                     revisions: Mapping[str, int] | None = None) -> None:
        """The pending edits' rows, inside the save's transaction: every touched feature
        must still have its loaded revision (*revisions*: as loaded, or after this save's
        imports), else ConflictError and nothing is written; then one UPDATE per
        (layer, fields), the INSERTs of new records and the DELETEs of removed ones."""
        revisions = self._revisions if revisions is None else revisions
        created, removed = self._existence(touched)  # records made or removed in this session
        existing = {layer: {fid: f for fid, f in ids.items() if fid not in created} for layer, ids in touched.items()}
        conflicts = find_conflicts(conn, existing, revisions)
        if conflicts:
            raise conflict_error(self.path, conflicts, self.name_of)
        columns = geometry_columns(conn)
        updated = {layer: {fid: f for fid, f in ids.items() if fid not in removed} for layer, ids in existing.items()}
        update_rows(conn, self.path, self._row_updates(updated, revisions, columns))
        self._write_records(conn, touched, created, removed, columns)

    def _row_updates(self, touched: Mapping[str, Mapping[str, set]], revisions: Mapping[str, int] | None = None,
                     columns: Mapping | None = None) -> dict[tuple[str, tuple[str, ...]], list]:
        """(layer, columns) -> rows of (new values..., id, loaded revision) for update_rows
        (a geometry goes to the layer's geometry column, as a GeoPackage blob)."""
        groups: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
        columns = columns or {}
        revisions = self._revisions if revisions is None else revisions
        for layer, ids in touched.items():
            ids = {fid: fields for fid, fields in ids.items() if fields & UPDATED_FIELDS}
            if not ids:
                continue
            frame = self.dataset.layers[layer]
            used = set().union(*ids.values()) & UPDATED_FIELDS
            values_of = {f: frame[f].to_numpy(dtype=object) for f in used}
            positions = frame.index.get_indexer([self.locate_any(fid)[1] for fid in ids])
            for (fid, fields), pos in zip(ids.items(), positions):
                ordered = tuple(f for f in UPDATED_FIELDS.order if f in fields)
                values = tuple(self._cell(layer, f, values_of[f][pos], columns) for f in ordered)
                names = tuple(columns.get(layer, ("geom", 0))[0] if f == GEOMETRY_FIELD else f for f in ordered)
                groups.setdefault((layer, names), []).append(values + (fid, revisions.get(fid, 0)))
        return groups

    def _history_rows(self, stamp: str, by: str) -> list[tuple]:
        """One history row per change (a geometry: also its accuracy), in the order
        they were made."""
        rows = []
        for e in self._pending:
            if isinstance(e, GeometryEdit):
                rows.append((e.feature_id, GEOMETRY_FIELD, rules.history_text(e.old), rules.history_text(e.new),
                             stamp, by, e.note))
                if e.old_accuracy != e.new_accuracy:
                    rows.append((e.feature_id, ACCURACY_FIELD, e.old_accuracy, e.new_accuracy, stamp, by, e.note))
            elif isinstance(e, RecordEdit):  # its attributes and geometry in one row
                rows.append((e.feature_id, RECORD_FIELD, e.old, e.new, stamp, by, e.note))
            else:
                rows.append((e.feature_id, e.field, value_text(e.old), value_text(normalise(e.field, e.new)[0]),
                             stamp, by, e.note))
        return rows

    def _existence(self, touched: Mapping[str, Mapping[str, set]]) -> tuple[dict[str, str], dict[str, str]]:
        """(created, removed): id -> layer of the records the save must insert or delete."""
        created: dict[str, str] = {}
        removed: dict[str, str] = {}
        for layer, ids in touched.items():
            for fid, fields in ids.items():
                if RECORD_FIELD not in fields:
                    continue
                loaded = fid in self._revisions
                now = self.locate_any(fid) is not None
                if now and not loaded:
                    created[fid] = layer
                elif loaded and not now:
                    removed[fid] = layer
        return created, removed

    def _write_records(self, conn: sqlite3.Connection, touched, created: Mapping[str, str],
                       removed: Mapping[str, str], columns: Mapping[str, tuple[str, int]]) -> None:
        """Refuse ids someone else has taken, then INSERT the new records and DELETE the removed."""
        taken = []
        by_layer: dict[str, list[str]] = {}
        for fid, layer in created.items():
            by_layer.setdefault(layer, []).append(fid)
        for layer, ids in by_layer.items():
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                taken += [row[0] for row in conn.execute(
                    f'SELECT "id" FROM {quote(layer)} WHERE "id" IN ({marks})', chunk)]
        if taken:
            raise ConflictError(Words(
                "%1: not saved: the id(s) %2 were given to other features by someone else since this workspace "
                "was loaded. Reload, then draw again.", self.path.name, ', '.join(taken[:10])),
                self.path, [(fid, None) for fid in taken])
        for layer, ids in by_layer.items():
            geom_column, srs = columns.get(layer, ("geom", 4326))
            fields = [f.name for f in schema.LAYERS[layer].fields]
            names = [geom_column] + fields + [REVISION]
            frame = self.dataset.layers[layer]
            rows = []
            for fid in ids:
                label = self.locate_any(fid)[1]
                rows.append([gpkg_blob(rules.present(frame.at[label, "geometry"]), srs)]
                            + [sql_value(frame.at[label, f]) if f in frame.columns else None for f in fields] + [0])
            conn.executemany(f"INSERT INTO {quote(layer)} ({', '.join(quote(n) for n in names)}) "
                             f"VALUES ({', '.join('?' * len(names))})", rows)
        for fid, layer in removed.items():
            cursor = conn.execute(f'DELETE FROM {quote(layer)} WHERE "id" = ? AND COALESCE("{REVISION}", 0) = ?',
                                  (fid, self._revisions.get(fid, 0)))
            if cursor.rowcount != 1:  # pragma: no cover - guarded by find_conflicts
                raise ConflictError(Words("%1: not saved: %2 changed during the save", self.path.name, fid), self.path,
                                    [(fid, None)])

    def _after_records_saved(self, created: Iterable[str], removed: Iterable[str]) -> None:
        for fid in created:
            self._revisions[fid] = 0
        for fid in removed:
            self._revisions.pop(fid, None)

    def _cell(self, layer: str, field: str, value: Any, columns: Mapping[str, tuple[str, int]]) -> Any:
        """A frame cell as the SQL value of its column (a geometry as a GeoPackage blob)."""
        if field == GEOMETRY_FIELD:
            return gpkg_blob(rules.present(value), columns.get(layer, ("geom", 4326))[1])
        return sql_value(value)


