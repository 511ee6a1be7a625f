"""The map follows the session: the one place that turns session events into
page commands, and what the page reports (clicks, the view) into session
changes.

MapView is the page's API; this adapter decides *when* to call it.  Every
coordinate that crosses here is WGS-84 (the page shifts for a GCJ-02
basemap itself).
"""
from __future__ import annotations

from PySide6.QtCore import QObject

from qxmap import schema
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
        events = session.events
        events.dataset_changed.connect(self._on_dataset)
        events.filter_changed.connect(self._on_filter)
        events.records_changed.connect(self._on_records)
        events.selection_changed.connect(self._on_selection)
        events.layers_changed.connect(self._on_layers)
        map_view.ready.connect(self._on_page_ready)
        map_view.view_changed.connect(self._on_page_view)
        map_view.feature_clicked.connect(self._on_page_click)

    # ------------------------------------------------------------ session -> page

    def redraw(self) -> None:
        """Build the page again for the session's dataset (after a reload)."""
        if self.session.dataset is not None:
            self.map_view.show_dataset(self.session.dataset)
            self.show_filter()  # queued until the new page is ready

    def show_filter(self) -> int:
        session = self.session
        mask = None if session.road_filter.is_empty else session.filter_mask
        self.last_filter_seq = self.map_view.show_tracked_mask(mask)
        return self.last_filter_seq

    def _on_dataset(self, dataset) -> None:
        if dataset is not None:
            self.map_view.show_dataset(dataset)
            self.show_filter()

    def _on_filter(self, road_filter) -> None:
        self.show_filter()

    def _on_records(self, ids) -> None:
        for feature_id in ids:
            values = self.session.record_values(feature_id, RESTYLE_FIELDS)
            if values:
                self.map_view.restyle(feature_id, values)
        if not self.session.road_filter.is_empty:
            self.show_filter()  # an edit can move a record in or out of the filter

    def _on_selection(self, ids) -> None:
        self.map_view.highlight(list(ids), fit=self.session.selection_origin != "map" and bool(ids))

    def _on_layers(self, hidden) -> None:
        for name in schema.LAYER_ORDER:
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
