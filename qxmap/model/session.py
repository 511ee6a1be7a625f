"""One window's session: the dataset, the filter, the selection, the layers,
the basemap, the view, the active tool and the open workspace.

The state lives here, not in widgets.  Views change it through the setters
and follow it through :attr:`Session.events`; each setter announces a change
only when something changed, so a view that follows an event and sets the
same value back does not loop.  Coordinates are WGS-84 (lon/lat degrees)
everywhere in the model: a GCJ-02 basemap shifts only what the page draws.

Derived things are computed once and handed on: :attr:`Session.records`
(the tracked roads and exits, in table order), :attr:`Session.filter_mask`
(which of them pass the one :class:`~qxmap.filtering.RoadFilter`) and
:attr:`Session.summary`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.dataset import Dataset
from qxmap.filtering import RoadFilter, Summary, summarize
from qxmap.model.events import EventGroup


@dataclass(frozen=True)
class ViewBounds:
    """What the map shows, in WGS-84 degrees (never GCJ-02)."""

    south: float
    west: float
    north: float
    east: float
    zoom: float | None = None

    def __post_init__(self):
        for name in ("south", "west", "north", "east"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"view bound {name} must be a finite number, not {value!r}")
        if self.south > self.north or self.west > self.east:
            raise ValueError(f"empty view: south {self.south} > north {self.north} or west {self.west} > east {self.east}")

    @classmethod
    def from_dict(cls, value: dict) -> "ViewBounds":
        return cls(float(value["south"]), float(value["west"]), float(value["north"]), float(value["east"]),
                   None if value.get("zoom") is None else float(value["zoom"]))

    def as_extent(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy): lon/lat, the order exports take."""
        return (self.west, self.south, self.east, self.north)


class SessionEvents(EventGroup):
    """What a session announces. Arguments:

    - ``dataset_changed(dataset | None)``: a new dataset is open (records, mask, selection reset).
    - ``records_changed(ids: tuple[str, ...])``: these records' attributes changed (an edit, undo, reload of one).
    - ``filter_changed(road_filter)``: the filter changed (``filter_mask`` and ``summary`` follow it).
    - ``selection_changed(ids: tuple[str, ...])``: the selected features (tracked or not).
    - ``layers_changed(hidden: frozenset[str])``: layer visibility.
    - ``basemap_changed(code: str, shifted: bool)``: the basemap, and whether the page shows GCJ-02.
    - ``view_changed(view: ViewBounds)``: the map was panned or zoomed (WGS-84).
    - ``tool_changed(name | None)``: the active map tool.
    - ``workspace_changed(workspace | None)``: an editable workspace was opened or closed.
    - ``pending_changed(count: int)``: the number of unsaved edits.
    """

    NAMES = ("dataset_changed", "records_changed", "filter_changed", "selection_changed", "layers_changed",
             "basemap_changed", "view_changed", "tool_changed", "workspace_changed", "pending_changed")


class Session:
    """The state one window shows. Plain Python: tests drive it without Qt."""

    def __init__(self):
        self.events = SessionEvents()
        self._dataset: Dataset | None = None
        self._records: pd.DataFrame = _no_records()
        self._row_of_id: dict[str, int] = {}
        self._road_filter = RoadFilter()
        self._mask: np.ndarray | None = None
        self._summary: Summary | None = None
        self._selection: tuple[str, ...] = ()
        self._selection_origin = ""
        self._hidden: frozenset[str] = frozenset()
        self._basemap = "none"
        self._shifted = False
        self._view: ViewBounds | None = None
        self._tool: str | None = None
        self._workspace: Any = None
        self._pending = 0

    # ------------------------------------------------------------ dataset and records

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def set_dataset(self, dataset: Dataset | None) -> None:
        """Open *dataset* (the filter stays; the selection is cleared)."""
        self._dataset = dataset
        self._records = dataset.tracked().reset_index(drop=True) if dataset is not None else _no_records()
        self._row_of_id = {str(i): n for n, i in enumerate(self._records["id"])}
        self._invalidate_filter()
        self._selection = ()
        self.events.dataset_changed.emit(dataset)

    @property
    def records(self) -> pd.DataFrame:
        """The tracked records (roads, then exits), one row each, in a stable order."""
        return self._records

    def row_of(self, feature_id: str) -> int | None:
        return self._row_of_id.get(feature_id)

    def find(self, feature_id: str) -> tuple[str, pd.Series] | None:
        """(layer, attributes) of any feature of the dataset, with current values."""
        return None if self._dataset is None else self._dataset.find(feature_id)

    def records_changed(self, ids: Iterable[str]) -> None:
        """Announce that these records' attributes changed in the dataset (an edit
        applied or undone): the tracked frame, the mask and the summary follow."""
        ids = tuple(dict.fromkeys(str(i) for i in ids))
        if not ids or self._dataset is None:
            return
        for feature_id in ids:
            row = self._row_of_id.get(feature_id)
            found = self._dataset.find(feature_id)
            if row is None or found is None:
                continue
            _, series = found
            for column in self._records.columns:
                if column in series.index and column != "geometry":
                    self._records.at[row, column] = series[column]
        self._invalidate_filter()
        self.events.records_changed.emit(ids)

    def record_values(self, feature_id: str, fields: Iterable[str]) -> dict[str, Any]:
        """Current values of *fields* of a tracked record (None where missing)."""
        row = self._row_of_id.get(feature_id)
        if row is None:
            return {}
        record = self._records.iloc[row]
        return {f: _plain(record.get(f)) for f in fields}

    # ------------------------------------------------------------ filter

    @property
    def road_filter(self) -> RoadFilter:
        return self._road_filter

    def set_filter(self, road_filter: RoadFilter) -> bool:
        """Use *road_filter*; False (and no event) when it is the current one."""
        road_filter.check()
        if road_filter == self._road_filter:
            return False
        self._road_filter = road_filter
        self._invalidate_filter()
        self.events.filter_changed.emit(road_filter)
        return True

    @property
    def filter_mask(self) -> np.ndarray:
        """One bool per record of :attr:`records`: passes the filter (computed once per change)."""
        if self._mask is None:
            if len(self._records) == 0:
                self._mask = np.ones(0, dtype=bool)
            elif self._road_filter.is_empty:
                self._mask = np.ones(len(self._records), dtype=bool)
            else:
                self._mask = self._road_filter.mask(self._records).to_numpy(dtype=bool)
        return self._mask

    @property
    def filtered_ids(self) -> list[str]:
        return self._records["id"][self.filter_mask].astype(str).tolist()

    @property
    def summary(self) -> Summary:
        """Counts and km by status of the filtered records."""
        if self._summary is None:
            columns = [c for c in ("status", "phase", "length_km") if c in self._records.columns]
            self._summary = summarize(self._records[columns], self.filter_mask)
        return self._summary

    def _invalidate_filter(self) -> None:
        self._mask = None
        self._summary = None

    # ------------------------------------------------------------ selection

    @property
    def selection(self) -> tuple[str, ...]:
        return self._selection

    @property
    def selection_origin(self) -> str:
        """Who made the current selection: "table", "map" (a click: the view stays) or ""."""
        return self._selection_origin

    def select(self, ids: Iterable[str], origin: str = "") -> bool:
        """Select these features (any layer; unknown ids are dropped)."""
        known = tuple(dict.fromkeys(str(i) for i in ids
                                    if str(i) in self._row_of_id or self.find(str(i)) is not None))
        if known == self._selection:
            return False
        self._selection = known
        self._selection_origin = origin
        self.events.selection_changed.emit(known)
        return True

    # ------------------------------------------------------------ layers, basemap, view, tool

    @property
    def hidden_layers(self) -> frozenset[str]:
        return self._hidden

    def is_layer_visible(self, layer: str) -> bool:
        return layer not in self._hidden

    def set_layer_visible(self, layer: str, visible: bool) -> bool:
        if layer not in schema.LAYERS:
            raise ValueError(f"unknown layer {layer!r}")
        hidden = self._hidden - {layer} if visible else self._hidden | {layer}
        if hidden == self._hidden:
            return False
        self._hidden = frozenset(hidden)
        self.events.layers_changed.emit(self._hidden)
        return True

    @property
    def basemap(self) -> str:
        return self._basemap

    @property
    def shifted(self) -> bool:
        """The page draws on a GCJ-02 basemap (overlays shifted for display only)."""
        return self._shifted

    def set_basemap(self, code: str, shifted: bool = False) -> bool:
        if (code, bool(shifted)) == (self._basemap, self._shifted):
            return False
        self._basemap, self._shifted = code, bool(shifted)
        self.events.basemap_changed.emit(code, self._shifted)
        return True

    @property
    def view(self) -> ViewBounds | None:
        """What the map shows now (WGS-84), None before the map is drawn."""
        return self._view

    def set_view(self, view: ViewBounds | dict) -> bool:
        if isinstance(view, dict):
            view = ViewBounds.from_dict(view)
        if view == self._view:
            return False
        self._view = view
        self.events.view_changed.emit(view)
        return True

    @property
    def tool(self) -> str | None:
        return self._tool

    def set_tool(self, name: str | None) -> bool:
        if name == self._tool:
            return False
        self._tool = name
        self.events.tool_changed.emit(name)
        return True

    # ------------------------------------------------------------ workspace and pending edits

    @property
    def workspace(self):
        """The open editable workspace (qxmap.workspace.Workspace), or None."""
        return self._workspace

    def set_workspace(self, workspace) -> None:
        self._workspace = workspace
        self.events.workspace_changed.emit(workspace)
        self.pending_changed()

    @property
    def pending(self) -> tuple:
        """The workspace's unsaved edits (empty without a workspace)."""
        return tuple(self._workspace.pending) if self._workspace is not None else ()

    def pending_changed(self) -> None:
        count = len(self.pending)
        if count != self._pending:
            self._pending = count
            self.events.pending_changed.emit(count)


def _no_records() -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series([], dtype=object), "layer": pd.Series([], dtype=object)})


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value
