"""The map follows the session: the one place that turns session events into
page commands, and what the page reports (clicks, the view) into session
changes.

MapView is the page's API; this adapter decides *when* to call it.  Every
coordinate that crosses here is WGS-84 (the page shifts for a GCJ-02
basemap itself).
"""
from __future__ import annotations

from PySide6.QtCore import QObject

import math

import numpy as np

from qxmap import schema
from qxmap.mappage import PAGE_PROPERTIES
from qxmap.model import Session, ViewBounds
from qxmap.ui.mapview import MapView

#: What the page needs of a record to restyle it.
RESTYLE_FIELDS = ("status", "phase", "category", "start", "target", "progress", "note")


class MapAdapter(QObject):
    """Keeps one MapView in step with one Session."""

    def __init__(self, session: Session, map_view: MapView, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.map_view = map_view
        #: The page command that shows the current filter (tests wait on it being drawn).
        self.last_filter_seq = 0
        #: The page command that drew the last geometry change (tests and benchmarks wait on it).
        self.last_geometry_seq = 0
        self._drawn_now: set[str] = set()
        self._shown_mask: np.ndarray | None = None  # the filter's mask the page was last sent
        events = session.events
        events.dataset_changed.connect(self._on_dataset)
        events.filter_changed.connect(self._on_filter)
        events.records_changed.connect(self._on_records)
        events.geometry_changed.connect(self._on_geometry)
        events.records_reset.connect(self._on_records_reset)
        events.selection_changed.connect(self._on_selection)
        events.layers_changed.connect(self._on_layers)
        events.as_of_changed.connect(self._on_as_of)
        #: The page command that drew the last "as of" view (tests and benchmarks wait on it).
        self.last_as_of_seq = 0
        map_view.ready.connect(self._on_page_ready)
        map_view.view_changed.connect(self._on_page_view)
        map_view.feature_clicked.connect(self._on_page_click)

    # ------------------------------------------------------------ session -> page

    def redraw(self) -> None:
        """Build the page again for the session's dataset (after a reload)."""
        if self.session.dataset is not None:
            self.map_view.show_dataset(self.session.dataset)
            if self.session.as_of is not None:
                self.show_as_of()
            self.show_filter()  # queued until the new page is ready

    def show_filter(self) -> int:
        session = self.session
        mask = None if session.road_filter.is_empty else session.filter_mask
        self._shown_mask = None if mask is None else mask.copy()
        self.last_filter_seq = self.map_view.show_tracked_mask(mask)
        return self.last_filter_seq

    def _on_dataset(self, dataset) -> None:
        if dataset is not None:
            self.map_view.show_dataset(dataset)
            if self.session.as_of is not None:  # the page draws today's values: show the day's
                self.show_as_of()
            self.show_filter()

    def show_as_of(self, with_filter: bool = False) -> int:
        """Draw each tracked record in its status as the session shows it (as of a day, or
        today's again): one command for the network; *with_filter*: the filter too (it
        reads the shown state), in the same redraw."""
        session = self.session
        records = session.records
        columns = {f: records[f].to_numpy(dtype=object) for f in ("status", "phase") if f in records}
        if with_filter:
            mask = None if session.road_filter.is_empty else session.filter_mask
            self._shown_mask = None if mask is None else mask.copy()
            self.last_as_of_seq = self.last_filter_seq = self.map_view.restyle_tracked(columns, mask)
        else:
            self.last_as_of_seq = self.map_view.restyle_tracked(columns)
        return self.last_as_of_seq

    def _on_as_of(self, state) -> None:
        self.show_as_of(with_filter=True)

    def _on_filter(self, road_filter) -> None:
        self.show_filter()

    def _on_records(self, ids) -> None:
        drawn, self._drawn_now = self._drawn_now, set()  # (drawn whole by geometry_changed just before)
        for feature_id in ids:
            if feature_id in drawn:
                continue
            values = self.session.record_values(feature_id, RESTYLE_FIELDS)
            if values:
                self.map_view.restyle(feature_id, values)
        mask = self.session.filter_mask
        if not self.session.road_filter.is_empty and not (self._shown_mask is not None
                                                          and np.array_equal(mask, self._shown_mask)):
            self.show_filter()  # an edit moved a record in or out of the filter (else: no redraw of every road)

    def feature_message(self, feature_id: str) -> tuple[str, str, dict | None, dict] | None:
        """(id, layer, WGS-84 GeoJSON geometry or None, page properties) of a feature as
        the session's dataset has it now (what setFeature draws)."""
        found = self.session.find(feature_id)
        if found is None:
            return None
        layer, series = found
        geom = series.get("geometry")
        geometry = None
        if geom is not None and not getattr(geom, "is_empty", True):
            geometry = _plain_geojson(geom.__geo_interface__)
        props = {k: _plain(series.get(k)) for k in dict.fromkeys(PAGE_PROPERTIES + RESTYLE_FIELDS)
                 if k in series.index}
        return feature_id, layer, geometry, props

    def _on_geometry(self, ids) -> None:
        """Geometries changed: the page draws each feature again, shape and style (its
        records_changed, which comes next, needs no restyle for them)."""
        self._drawn_now = set()
        for feature_id in ids:
            message = self.feature_message(feature_id)
            if message is not None:
                self.last_geometry_seq = self.map_view.set_feature(*message)
                self._drawn_now.add(feature_id)

    def _on_records_reset(self, added, removed) -> None:
        for feature_id in removed:
            if self.session.find(feature_id) is None:
                self.last_geometry_seq = self.map_view.remove_feature(feature_id)
        for feature_id in added:
            message = self.feature_message(feature_id)
            if message is not None:
                self.last_geometry_seq = self.map_view.set_feature(*message)
        self.map_view.sync_tracked([str(i) for i in self.session.records["id"]])
        self.show_filter()
        if self.session.selection:
            self.map_view.highlight(list(self.session.selection), fit=False)

    def _on_selection(self, ids) -> None:
        self.map_view.highlight(list(ids), fit=self.session.selection_origin != "map" and bool(ids))

    def _on_layers(self, hidden) -> None:
        for name in list(schema.LAYER_ORDER) + [r.layer_name for r in self.session.reference_layers]:
            self.map_view.set_layer_visible(name, name not in hidden)

    # ------------------------------------------------------------ page -> session

    def _on_page_ready(self, state: dict) -> None:
        """A new page knows nothing of the session: give it the layers and selection."""
        for name in self.session.hidden_layers:
            self.map_view.set_layer_visible(name, False)
        if self.session.selection:
            self.map_view.highlight(list(self.session.selection), fit=False)
        view = state.get("view") if isinstance(state, dict) else None
        if isinstance(view, dict):
            self._on_page_view(view)

    def _on_page_view(self, view: dict) -> None:
        try:
            self.session.set_view(ViewBounds.from_dict(view))
        except (KeyError, TypeError, ValueError):
            pass  # a malformed report from the page changes nothing

    def _on_page_click(self, layer: str, feature_id: str) -> None:
        if self.session.find(feature_id) is not None:
            self.session.select([feature_id], origin="map")


def _plain(value):
    """A cell as a JSON value (None for every kind of missing)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _plain_geojson(geo: dict) -> dict:
    """A __geo_interface__ as plain JSON lists (2-D)."""
    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [float(coords[0]), float(coords[1])]
        return [walk(c) for c in coords]

    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}
