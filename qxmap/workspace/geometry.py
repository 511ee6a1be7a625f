"""Geometry edits in the workspace: a record put on the map, moved, split, merged,
created or removed, with the same pending list, undo, history and one-transaction
save as a status change.

:class:`GeometryEditing` is mixed into :class:`~qxmap.workspace.session.Workspace`:
it makes the edits (:meth:`~GeometryEditing.make_geometry_edit`,
:meth:`~GeometryEditing.make_record`, :meth:`~GeometryEditing.split_edits`,
:meth:`~GeometryEditing.merge_edits`, :meth:`~GeometryEditing.make_removal`),
applies and reverts them in memory, and :func:`set_geometry` does one for the
command line.  The rules (valid shapes, types, extent) are
:mod:`qxmap.geometry_edits`; what a save writes is :mod:`qxmap.workspace.geomsave`.

Every layer can be edited this way (a park's outline, a zone's, the
boundary's), not only the tracked roads and exits; attributes stay the
tracked layers' (:mod:`qxmap.editing`).
"""
from __future__ import annotations

import uuid
from typing import Any, Mapping

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from qxmap import geometry_edits as rules
from qxmap import schema
from qxmap.dataset import is_missing
from qxmap.geometry_edits import GeometryEdit, GeometryProblem, RecordEdit
from qxmap.safetext import clean_text
from qxmap.workspace.db import sql_value
from qxmap.workspace.errors import EditRefused, said
from qxmap.words import Words
from qxmap.workspace.geomsave import (ACCURACY_FIELD, GEOMETRY_FIELD, RECORD_FIELD, UPDATED_FIELDS, GeometrySaving,
                                      geometry_columns, gpkg_blob)

#: The source of a record drawn on the map that the work report does not list.
DRAWN_SOURCE = "（工作报告未列出；在地图上绘制新增）"
#: Id prefixes of new records, per layer.
ID_PREFIX = {"roads": "road", "exits": "exit", "parks": "park", "zones": "zone", "facilities": "facility",
             "boundary": "boundary"}


# --------------------------------------------------------------------------
# The mixin


class GeometryEditing(GeometrySaving):
    """Geometry edits of a :class:`~qxmap.workspace.session.Workspace` (see the module)."""

    # Set by Workspace: path, dataset, _pending, _index (tracked id -> layer, label), _revisions.
    _bounds: tuple[float, float, float, float] | None = None

    # ---- looking up ------------------------------------------------------

    def _geometry_loaded(self) -> None:
        """After loading: the extent new geometries must stay near."""
        self._bounds = rules.data_bounds(self.dataset)

    def locate_any(self, feature_id: str) -> tuple[str, Any] | None:
        """(layer, frame label) of any feature of any layer, or None.  Roads and exits
        through the workspace's index; the other layers (a few dozen features) by id."""
        where = self._index.get(feature_id)
        if where is not None:
            return where
        if not isinstance(feature_id, str):
            return None
        for name in schema.LAYER_ORDER:
            if name in schema.TRACKED_LAYERS:
                continue
            frame = self.dataset.layers[name]
            hit = frame.index[frame["id"].to_numpy(dtype=object) == feature_id]
            if len(hit):
                return name, hit[0]
        return None

    def layer_of(self, feature_id: str) -> str | None:
        where = self.locate_any(feature_id)
        return where[0] if where else None

    def geometry_of(self, feature_id: str) -> BaseGeometry | None:
        """The feature's current (edited) WGS-84 geometry, None when it has none."""
        where = self.locate_any(feature_id)
        if where is None:
            return None
        layer, label = where
        return rules.present(self.dataset.layers[layer].at[label, "geometry"])

    def accuracy_of(self, feature_id: str) -> str | None:
        where = self.locate_any(feature_id)
        if where is None:
            return None
        layer, label = where
        value = self.dataset.layers[layer].at[label, "geometry_accuracy"]
        return None if is_missing(value) else str(value)

    @property
    def extent(self) -> tuple[float, float, float, float] | None:
        """(minx, miny, maxx, maxy) a geometry must stay near (the town's extent as loaded)."""
        return self._bounds

    def _refuse(self, feature_id: str | None, message: str) -> EditRefused:
        return EditRefused(Words("%1: %2", feature_id, message) if feature_id else message, self.path)

    # ---- making edits -----------------------------------------------------

    def check_geometry(self, layer: str, geom: BaseGeometry | None) -> BaseGeometry:
        """*geom* as *layer* may hold it; raises EditRefused saying why not."""
        try:
            return rules.check_geometry(layer, geom, self._bounds)
        except GeometryProblem as exc:
            raise self._refuse(None, said(exc)) from exc

    def make_geometry_edit(self, feature_id: str, geom: BaseGeometry | None, accuracy: str | None = None,
                           note: str | None = None) -> GeometryEdit:
        """A GeometryEdit giving *feature_id* the WGS-84 geometry *geom* (None: delete
        its geometry, the record becomes "unmapped") with *accuracy* (default
        "drawn").  Raises EditRefused (unknown id, a geometry the rules refuse, an
        accuracy that does not fit, a boundary without geometry)."""
        where = self.locate_any(feature_id)
        if where is None:
            raise self._refuse(None, Words("unknown feature id '%1'", feature_id))
        layer, _ = where
        try:
            if geom is None:
                if not schema.LAYERS[layer].geometry_optional:
                    raise GeometryProblem(Words("a feature of the layer '%1' must keep a geometry", layer))
                accuracy = rules.UNMAPPED if accuracy is None else accuracy
            else:
                geom = rules.check_geometry(layer, geom, self._bounds)
                accuracy = rules.DRAWN if accuracy is None else accuracy
            accuracy = rules.check_accuracy(accuracy, geom is not None)
        except GeometryProblem as exc:
            raise self._refuse(feature_id, said(exc)) from exc
        return GeometryEdit(feature_id, self.geometry_of(feature_id), geom, self.accuracy_of(feature_id),
                            accuracy, _note(note))

    def set_geometry(self, feature_id: str, geom: BaseGeometry | None, accuracy: str | None = None,
                     note: str | None = None, by: str | None = None) -> GeometryEdit | None:
        """Give *feature_id* the WGS-84 geometry *geom* (None: delete it, the record
        becomes "unmapped") and save at once, with every other pending edit (what
        ``qxmap set-geometry`` does).  Returns the saved edit, None when nothing
        changed; raises EditRefused, ConflictError or WorkspaceError (nothing written)."""
        edit = self.make_geometry_edit(feature_id, geom, accuracy, note)
        if rules.same_geometry(edit.old, edit.new) and edit.old_accuracy == edit.new_accuracy:
            return None
        self.apply(edit)
        self.save(by)
        return edit

    def new_feature_id(self, layer: str, base: str | None = None) -> str:
        """An id no feature has: "<base>-2", "-3", ... or "<road|exit|...>-drawn-<random>"."""
        if base:
            n = 2
            while self.locate_any(f"{base}-{n}") is not None:
                n += 1
            return f"{base}-{n}"
        prefix = ID_PREFIX.get(layer, layer)
        while True:
            candidate = f"{prefix}-drawn-{uuid.uuid4().hex[:8]}"
            if self.locate_any(candidate) is None:
                return candidate

    def make_record(self, layer: str, values: Mapping[str, Any], geom: BaseGeometry | None,
                    accuracy: str | None = None, note: str | None = None) -> RecordEdit:
        """A RecordEdit that creates a record of *layer* with these attributes (the
        schema's fields; ``id`` generated when missing, ``source`` defaults to
        DRAWN_SOURCE) and geometry.  Raises EditRefused naming the field."""
        if layer not in schema.LAYERS:
            raise self._refuse(None, Words("unknown layer '%1'", layer))
        spec = schema.LAYERS[layer]
        given = dict(values)
        fid = given.get("id") or self.new_feature_id(layer)
        if not isinstance(fid, str) or not fid.strip() or fid != fid.strip():
            raise self._refuse(None, Words("the id %1 is not usable (text without surrounding spaces)", repr(fid)))
        if self.locate_any(fid) is not None:
            raise self._refuse(fid, Words("a feature with this id exists already"))
        try:
            if geom is not None:
                geom = rules.check_geometry(layer, geom, self._bounds)
            elif not spec.geometry_optional:
                raise GeometryProblem(Words("a feature of the layer '%1' needs a geometry", layer))
            accuracy = rules.check_accuracy(
                accuracy if accuracy is not None else (rules.DRAWN if geom is not None else rules.UNMAPPED),
                geom is not None)
        except GeometryProblem as exc:
            raise self._refuse(fid, said(exc)) from exc
        given.update(id=fid, geometry_accuracy=accuracy)
        if is_missing(given.get("source")):
            given["source"] = DRAWN_SOURCE
        if layer == "exits" and is_missing(given.get("category")):
            given["category"] = "exit"
        try:
            out = rules.record_values(layer, given)
        except GeometryProblem as exc:
            raise self._refuse(fid, said(exc)) from exc
        return RecordEdit(fid, layer, out, geom, True, _note(note))

    def make_removal(self, feature_id: str, note: str | None = None) -> RecordEdit:
        """A RecordEdit that removes *feature_id* (its attributes and geometry kept in
        the edit, so that undo restores it, and in the history)."""
        where = self.locate_any(feature_id)
        if where is None:
            raise self._refuse(None, Words("unknown feature id '%1'", feature_id))
        layer, label = where
        frame = self.dataset.layers[layer]
        values = tuple((f.name, _plain(frame.at[label, f.name]) if f.name in frame.columns else None)
                       for f in schema.LAYERS[layer].fields)
        return RecordEdit(feature_id, layer, values, self.geometry_of(feature_id), False, _note(note))

    def split_edits(self, feature_id: str, vertex: int, note: str | None = None) -> list:
        """Split a road at its vertex *vertex*: [GeometryEdit of the first part,
        RecordEdit creating the second] (a new id, the same attributes, the name
        suffixed "（2）"; both keep the accuracy: no position changed)."""
        layer = self.layer_of(feature_id)
        if layer is None:
            raise self._refuse(None, Words("unknown feature id '%1'", feature_id))
        geom = self.geometry_of(feature_id)
        if geom is None:
            raise self._refuse(feature_id, Words("it has no geometry to split"))
        try:
            first, second = rules.split_line(geom, vertex)
        except GeometryProblem as exc:
            raise self._refuse(feature_id, said(exc)) from exc
        accuracy = self.accuracy_of(feature_id)
        edit = self.make_geometry_edit(feature_id, first, accuracy, note)
        _, label = self.locate_any(feature_id)
        frame = self.dataset.layers[layer]
        values = {f.name: _plain(frame.at[label, f.name]) for f in schema.LAYERS[layer].fields
                  if f.name in frame.columns}
        values["id"] = self.new_feature_id(layer, base=feature_id)
        values["name_zh"] = rules.suffixed_name(values.get("name_zh"), 2, "zh")
        values["name_en"] = rules.suffixed_name(values.get("name_en"), 2, "en")
        values["source"] = values.get("source") or DRAWN_SOURCE
        created = self.make_record(layer, values, second, accuracy, note or f"split from {feature_id}")
        return [edit, created]

    def merge_edits(self, keep_id: str, other_id: str, note: str | None = None) -> list:
        """Merge two roads that share an end point: [GeometryEdit giving *keep_id*
        the joined line, RecordEdit removing *other_id*].  The joined road keeps
        the less sure of the two accuracies."""
        if keep_id == other_id:
            raise self._refuse(keep_id, Words("a road cannot be merged with itself"))
        layers = (self.layer_of(keep_id), self.layer_of(other_id))
        for fid, layer in zip((keep_id, other_id), layers):
            if layer is None:
                raise self._refuse(None, Words("unknown feature id '%1'", fid))
        if layers[0] != layers[1]:
            raise self._refuse(keep_id, Words("%1 is in another layer (%2, not %3)", other_id, layers[1], layers[0]))
        a, b = self.geometry_of(keep_id), self.geometry_of(other_id)
        if a is None or b is None:
            raise self._refuse(keep_id if a is None else other_id, Words("it has no geometry to merge"))
        try:
            merged = rules.merge_lines(a, b)
        except GeometryProblem as exc:
            raise self._refuse(keep_id, Words("cannot merge with %1: %2", other_id, said(exc))) from exc
        order = schema.ACCURACIES
        accuracies = [self.accuracy_of(keep_id), self.accuracy_of(other_id)]
        accuracy = max(accuracies, key=lambda c: order.index(c) if c in order else -1)
        note = note or f"merged with {other_id}"
        return [self.make_geometry_edit(keep_id, merged, accuracy, note),
                self.make_removal(other_id, f"merged into {keep_id}")]

    # ---- applying and reverting -----------------------------------------------

    def _apply_other(self, edit) -> None:
        if isinstance(edit, GeometryEdit):
            self._apply_geometry(edit)
        elif isinstance(edit, RecordEdit):
            self._apply_record(edit)
        else:
            raise EditRefused(Words("not an edit: %1", repr(edit)), self.path)

    def _revert_other(self, edit) -> None:
        if isinstance(edit, GeometryEdit):
            self._revert_geometry(edit)
        elif isinstance(edit, RecordEdit):
            self._revert_record(edit)
        else:
            raise EditRefused(Words("not an edit: %1", repr(edit)), self.path)

    def _apply_geometry(self, edit: GeometryEdit) -> None:
        where = self.locate_any(edit.feature_id)
        if where is None:
            raise self._refuse(None, Words("unknown feature id '%1'", edit.feature_id))
        layer, label = where
        if edit.new is not None:
            self.check_geometry(layer, edit.new)
        elif not schema.LAYERS[layer].geometry_optional:
            raise self._refuse(edit.feature_id, Words("a feature of the layer '%1' must keep a geometry", layer))
        try:
            rules.check_accuracy(edit.new_accuracy, edit.new is not None)
        except GeometryProblem as exc:
            raise self._refuse(edit.feature_id, said(exc)) from exc
        current = self.geometry_of(edit.feature_id)
        if not rules.same_geometry(current, edit.old) or self.accuracy_of(edit.feature_id) != edit.old_accuracy:
            raise self._refuse(edit.feature_id, Words("its geometry is no longer the one the edit expects"))
        if rules.same_geometry(edit.old, edit.new) and edit.old_accuracy == edit.new_accuracy:
            return
        self._put_geometry(layer, label, edit.new, edit.new_accuracy)
        # Redo of an undone saved edit: cancel the queued inverse (as Workspace.apply does).
        for i in range(len(self._pending) - 1, -1, -1):
            queued = self._pending[i]
            if queued.feature_id == edit.feature_id and queued.field == GEOMETRY_FIELD:
                if queued == edit.inverse():
                    del self._pending[i]
                    return
                break
        self._pending.append(edit)

    def _revert_geometry(self, edit: GeometryEdit) -> None:
        where = self.locate_any(edit.feature_id)
        if where is None:
            raise self._refuse(None, Words("unknown feature id '%1'", edit.feature_id))
        layer, label = where
        if not rules.same_geometry(self.geometry_of(edit.feature_id), edit.new) \
                or self.accuracy_of(edit.feature_id) != edit.new_accuracy:
            raise self._refuse(edit.feature_id, Words("cannot undo: its geometry has changed since"))
        if rules.same_geometry(edit.old, edit.new) and edit.old_accuracy == edit.new_accuracy:
            return
        self._put_geometry(layer, label, edit.old, edit.old_accuracy)
        self._drop_or_invert(edit)

    def _apply_record(self, edit: RecordEdit) -> None:
        if edit.created:
            if self.locate_any(edit.feature_id) is not None:
                raise self._refuse(edit.feature_id, Words("a feature with this id exists already"))
            self._insert(edit)
        else:
            self._check_removable(edit)
            self._remove(edit.feature_id)
        for i in range(len(self._pending) - 1, -1, -1):
            queued = self._pending[i]
            if queued.feature_id == edit.feature_id:
                if queued == edit.inverse():
                    del self._pending[i]
                    return
                break
        self._pending.append(edit)

    def _revert_record(self, edit: RecordEdit) -> None:
        if edit.created:
            self._check_removable(edit.inverse())
            self._remove(edit.feature_id)
        else:
            if self.locate_any(edit.feature_id) is not None:
                raise self._refuse(edit.feature_id, Words("cannot undo the removal: a feature with this id exists"))
            self._insert(edit)
        self._drop_or_invert(edit)

    def _check_removable(self, edit: RecordEdit) -> None:
        where = self.locate_any(edit.feature_id)
        if where is None or where[0] != edit.layer:
            raise self._refuse(None, Words("unknown feature id '%1'", edit.feature_id))
        if not rules.same_geometry(self.geometry_of(edit.feature_id), edit.geometry):
            raise self._refuse(edit.feature_id, Words("its geometry is no longer the one the edit expects"))

    def _drop_or_invert(self, edit) -> None:
        """After reverting *edit* in memory: drop it from the pending list if it is
        there and nothing later touches the same feature and field; else queue its
        inverse (the undo of a saved change is saved like any change)."""
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
        record = isinstance(edit, RecordEdit)
        later = index is not None and any(
            p.feature_id == edit.feature_id and (record or p.field == edit.field)
            for p in self._pending[index + 1:])
        if index is not None and not later:
            del self._pending[index]
        else:
            self._pending.append(edit.inverse())

    def _undo_other(self, edit) -> None:
        """discard(): take back a pending GeometryEdit / RecordEdit in memory, no checks."""
        if isinstance(edit, GeometryEdit):
            where = self.locate_any(edit.feature_id)
            if where is not None:
                self._put_geometry(where[0], where[1], edit.old, edit.old_accuracy)
        elif isinstance(edit, RecordEdit):
            if edit.created and self.locate_any(edit.feature_id) is not None:
                self._remove(edit.feature_id)
            elif not edit.created and self.locate_any(edit.feature_id) is None:
                self._insert(edit)

    # ---- the dataset in memory ---------------------------------------------

    def _put_geometry(self, layer: str, label: Any, geom: BaseGeometry | None, accuracy: str | None) -> None:
        frame = self.dataset.layers[layer]
        frame.at[label, "geometry"] = geom
        frame.at[label, "geometry_accuracy"] = accuracy
        length, area = rules.measures(layer, geom)
        if "length_km" in frame.columns:
            frame.at[label, "length_km"] = length
        if "area_km2" in frame.columns:
            frame.at[label, "area_km2"] = area

    def _insert(self, edit: RecordEdit) -> None:
        layer = edit.layer
        frame = self.dataset.layers[layer]
        label = int(frame.index.max()) + 1 if len(frame) else 0
        values = edit.attributes
        length, area = rules.measures(layer, edit.geometry)
        row = {}
        for column in frame.columns:
            if column == "geometry":
                continue
            row[column] = values.get(column)
        row["length_km"], row["area_km2"] = length, area
        new = gpd.GeoDataFrame({c: pd.Series([v], index=[label], dtype=frame[c].dtype if c in frame.columns
                                             and frame[c].dtype != object else object) for c, v in row.items()},
                               geometry=gpd.GeoSeries([edit.geometry], index=[label], crs=frame.crs), crs=frame.crs)
        new = new[list(frame.columns)]
        combined = pd.concat([frame, new]) if len(frame) else new
        self.dataset.layers[layer] = gpd.GeoDataFrame(combined, geometry="geometry", crs=frame.crs)
        if layer in schema.TRACKED_LAYERS:
            self._index[edit.feature_id] = (layer, label)

    def _remove(self, feature_id: str) -> None:
        layer, label = self.locate_any(feature_id)
        self._index.pop(feature_id, None)
        self.dataset.layers[layer] = self.dataset.layers[layer].drop(index=label)


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    text = clean_text(str(note)).strip()
    return text or None


def _plain(value: Any) -> Any:
    value = sql_value(value)
    return None if is_missing(value) else value


__all__ = ["GeometryEditing", "GeometryEdit", "RecordEdit", "gpkg_blob", "geometry_columns", "DRAWN_SOURCE",
           "ACCURACY_FIELD", "GEOMETRY_FIELD", "RECORD_FIELD", "UPDATED_FIELDS"]
