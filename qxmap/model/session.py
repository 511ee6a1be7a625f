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

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.dataset import Dataset
from qxmap.filtering import CODED, RoadFilter, Summary, coded, name_haystack, summarize
from qxmap.model.events import EventGroup
from qxmap.rowindex import RowIndex
from qxmap.tracking.asof import AS_OF_FIELDS, AsOfState, state_as_of
from qxmap.tracking.history import History


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
    - ``geometry_changed(ids: tuple[str, ...])``: these features' geometries (and attributes) changed; comes
      just before their ``records_changed``.
    - ``records_reset(added: tuple[str, ...], removed: tuple[str, ...])``: records came or went (a road drawn
      as a new record, a split, a merge, their undo): ``records`` was rebuilt (``records_changed`` follows).
    - ``filter_changed(road_filter)``: the filter changed (``filter_mask`` and ``summary`` follow it).
    - ``selection_changed(ids: tuple[str, ...])``: the selected features (tracked or not).
    - ``layers_changed(hidden: frozenset[str])``: layer visibility.
    - ``basemap_changed(code: str, shifted: bool)``: the basemap, and whether the page shows GCJ-02.
    - ``view_changed(view: ViewBounds)``: the map was panned or zoomed (WGS-84).
    - ``tool_changed(name | None)``: the active map tool.
    - ``workspace_changed(workspace | None)``: an editable workspace was opened or closed.
    - ``pending_changed(count: int)``: the number of unsaved edits.
    - ``history_changed(ids: tuple[str, ...])``: the workspace's saved history changed (these records'
      ``last_updated`` with it).
    - ``as_of_changed(state: AsOfState | None)``: the records now show their state as of a day (None: today's).
    """

    NAMES = ("dataset_changed", "records_changed", "geometry_changed", "records_reset", "filter_changed", "selection_changed", "layers_changed",
             "basemap_changed", "view_changed", "tool_changed", "workspace_changed", "pending_changed",
             "history_changed", "as_of_changed")


class Session:
    """The state one window shows. Plain Python: tests drive it without Qt."""

    def __init__(self):
        self.events = SessionEvents()
        self._dataset: Dataset | None = None
        self._records: pd.DataFrame = _no_records()
        self._row_of_id = RowIndex()
        self._where: dict[str, tuple[str, Any]] = {}  # id -> (layer, label) where find() last saw it
        self._road_filter = RoadFilter()
        self._mask: np.ndarray | None = None
        self._summary: Summary | None = None
        self._codes: dict[str, np.ndarray] | None = None  # what filters and summaries read (_record_codes)
        self._haystack: np.ndarray | None = None  # what a name filter searches (filtering.name_haystack)
        self._frame: pd.DataFrame | None = None  # what the summary reads (_summary_frame)
        self._selection: tuple[str, ...] = ()
        self._selection_origin = ""
        self._hidden: frozenset[str] = frozenset()
        self._basemap = "none"
        self._shifted = False
        self._view: ViewBounds | None = None
        self._tool: str | None = None
        self._workspace: Any = None
        self._pending = 0
        self._history: History | None = None
        self._as_of: AsOfState | None = None
        self._as_of_day: _dt.date | None = None
        self._current: pd.DataFrame | None = None  # today's AS_OF_FIELDS while an as-of view is shown

    # ------------------------------------------------------------ dataset and records

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def set_dataset(self, dataset: Dataset | None, history: History | None = None) -> None:
        """Open *dataset* (the filter stays; the selection is cleared).  *history*: the
        workspace's saved changes (``last_updated`` and "as of" views need it); with
        it, an "as of" day chosen before stays on, else the records show today."""
        self._dataset = dataset
        self._records = dataset.tracked(share=True) if dataset is not None else _no_records()
        self._row_of_id = RowIndex(self._records["id"])
        self._history = history if dataset is not None else None
        self._current = None
        self._as_of = None
        self._after_rebuild()
        self._invalidate_filter()
        self._selection = ()
        self.events.dataset_changed.emit(dataset)

    @property
    def records(self) -> pd.DataFrame:
        """The tracked records (roads, then exits), one row each, in a stable order; with
        an "as of" view on (:meth:`set_as_of`), status, phase and progress as of its day.
        With a workspace's history, ``last_updated`` is each record's last saved change."""
        return self._records

    def row_of(self, feature_id: str) -> int | None:
        return self._row_of_id.get(feature_id)

    @property
    def row_index(self) -> RowIndex:
        """id -> row of :attr:`records` (made again whenever the records are; do not change it)."""
        return self._row_of_id

    @property
    def record_codes(self) -> dict[str, np.ndarray]:
        """Phase, status and category of every record of :attr:`records` (as shown: "as
        of" a day when that view is on) as their places in schema.PHASES, STATUSES and
        CATEGORIES, -1 for any other value (:func:`~qxmap.filtering.coded`): the codes the
        filter reads, made once and kept up to date, for the views that count by code
        (the dashboard).  Read-only arrays."""
        out = {}
        for column in CODED:
            if column in self._record_codes():
                view = self._codes[column].view()
                view.flags.writeable = False
                out[column] = view
        return out

    def find(self, feature_id: str) -> tuple[str, pd.Series] | None:
        """(layer, attributes) of any feature of the dataset, with current values.
        (Where each id was last found is remembered, and checked before it is used.)"""
        if self._dataset is None:
            return None
        where = self._where.get(feature_id)
        if where is not None:
            frame = self._dataset.layers.get(where[0])
            if frame is not None and where[1] in frame.index:
                row = frame.loc[where[1]]
                if isinstance(row, pd.Series) and row.get("id") == feature_id:
                    return where[0], row
        found = self._dataset.find(feature_id)
        if found is not None:
            self._where[feature_id] = (found[0], found[1].name)
        return found

    def records_changed(self, ids: Iterable[str], geometry: bool = False) -> None:
        """Announce that these records' attributes changed in the dataset (an edit
        applied or undone): the tracked frame, the mask and the summary follow.
        With *geometry*, their geometries changed too (``geometry_changed`` first)."""
        ids = tuple(dict.fromkeys(str(i) for i in ids))
        if not ids or self._dataset is None:
            return
        for feature_id in ids:
            row = self._row_of_id.get(feature_id)
            found = self.find(feature_id) if row is not None else None
            if row is None or found is None:
                continue
            _, series = found
            for column in self._records.columns:
                if column in series.index and (geometry or column != "geometry"):
                    self._records.at[row, column] = series[column]
        if self._current is not None:  # an "as of" view: today's values changed, the view is made again
            rows = [self._row_of_id[i] for i in ids if i in self._row_of_id]
            self._current.loc[rows, list(AS_OF_FIELDS)] = self._records.loc[rows, list(AS_OF_FIELDS)].to_numpy()
            self._apply_as_of(self._as_of_day)
        self._invalidate_filter(None if self._current is not None else
                                [self._row_of_id[i] for i in ids if i in self._row_of_id])
        if geometry:  # first: the map redraws in its own process while the other views follow
            self.events.geometry_changed.emit(ids)
        self.events.records_changed.emit(ids)

    def records_reset(self, added: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
        """Records were added to or removed from the dataset (a new road drawn, a split,
        a merge, or their undo): the tracked frame is built again (the filter stays;
        removed ids leave the selection), then ``records_reset`` and ``records_changed``
        (of both) are announced."""
        if self._dataset is None:
            return
        added = tuple(dict.fromkeys(str(i) for i in added))
        removed = tuple(dict.fromkeys(str(i) for i in removed))
        self._records = self._dataset.tracked(share=True)
        self._row_of_id = RowIndex(self._records["id"])
        self._current = None
        self._after_rebuild()
        self._invalidate_filter()
        self.events.records_reset.emit(added, removed)
        if any(i in removed for i in self._selection):
            self._selection = tuple(i for i in self._selection if i not in removed)
            self.events.selection_changed.emit(self._selection)
        if added or removed:
            self.events.records_changed.emit(added + removed)

    def record_values(self, feature_id: str, fields: Iterable[str]) -> dict[str, Any]:
        """Current values of *fields* of a tracked record (None where missing)."""
        row = self._row_of_id.get(feature_id)
        if row is None:
            return {}
        record = self._records.iloc[row]
        return {f: _plain(record.get(f)) for f in fields}

    # ------------------------------------------------------------ history and "as of"

    @property
    def history(self) -> History | None:
        """The open workspace's saved changes (None for a plain dataset)."""
        return self._history

    def set_history(self, history: History | None) -> None:
        """The workspace's history after a save (or a new read): ``last_updated``
        follows, and an "as of" view is made again; ``history_changed`` names the
        records whose last update changed."""
        before = self._records["last_updated"].copy() if "last_updated" in self._records else None
        self._history = history
        self._set_last_updated()
        ids: tuple[str, ...] = ()
        if before is not None and "last_updated" in self._records:
            after = self._records["last_updated"]
            differs = ~((before == after) | (before.isna() & after.isna())).to_numpy()
            ids = tuple(self._records["id"][differs].astype(str))
        if self._as_of_day is not None:
            self._apply_as_of(self._as_of_day)
            self._invalidate_filter()
            self.events.as_of_changed.emit(self._as_of)
        self.events.history_changed.emit(ids)

    @property
    def as_of(self) -> AsOfState | None:
        """The "as of" view shown (the day, and whether the history covers it), or None: today."""
        return self._as_of

    def set_as_of(self, day: _dt.date | None) -> AsOfState | None:
        """Show each record's status, phase and progress as they were at the end of
        *day* (None: as they are now).  Nothing is written: :attr:`records`, the
        mask and the summary show those values until the view is turned off.
        Returns the state (its ``covered`` says whether the history is that old)."""
        if day is not None and self._as_of is not None and day == self._as_of.day:
            return self._as_of
        if day is None and self._as_of is None:
            return None
        self._as_of_day = day
        shown = {f: self._records[f].to_numpy(dtype=object) for f in ("status", "phase") if f in self._records}
        self._apply_as_of(day)
        self._invalidate_filter(_rows_differing(shown, self._records))  # the summary's codes: patched
        self.events.as_of_changed.emit(self._as_of)
        return self._as_of

    def _after_rebuild(self) -> None:
        """The tracked frame was built again from the dataset: add ``last_updated`` and
        the "as of" view (when one is on and there is a history to make it from)."""
        self._set_last_updated()
        if self._as_of_day is not None and self._history is not None:
            self._apply_as_of(self._as_of_day)
        else:
            self._as_of_day = None
            self._as_of = None

    def _set_last_updated(self) -> None:
        if not len(self._records):
            return
        if self._history is None:
            if "last_updated" in self._records:
                self._records = self._records.drop(columns=["last_updated"])
            return
        last = self._history.last_updated()
        self._records["last_updated"] = pd.Series(
            last.reindex(self._records["id"].astype(str)).to_numpy(dtype=object), index=self._records.index,
            dtype=object)

    def _apply_as_of(self, day: _dt.date | None) -> None:
        fields = [f for f in AS_OF_FIELDS if f in self._records.columns]
        if self._current is not None:  # back to today's values first
            for field in fields:
                self._records[field] = self._current[field].to_numpy(dtype=object)
            self._current = None
        if day is None or not len(self._records):
            self._as_of = None if day is None else state_as_of(self._records, self._history, day)
            return
        history = self._history.with_pending(self.pending) if self._history is not None else None
        state = state_as_of(self._records, history, day, self._row_of_id)
        self._current = self._records[fields].copy()
        for field in fields:
            self._records[field] = state.values[field].to_numpy(dtype=object)
        self._as_of = state

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
        self._mask = None  # the records did not change: the summary's categories stay (_summary_frame)
        self._summary = None
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
                haystack = None
                if self._road_filter.text:
                    if self._haystack is None:
                        self._haystack = name_haystack(self._records)
                    haystack = self._haystack
                self._mask = self._road_filter.mask_array(self._records, haystack, self._record_codes())
        return self._mask

    @property
    def filtered_ids(self) -> list[str]:
        return self._records["id"][self.filter_mask].astype(str).tolist()

    @property
    def summary(self) -> Summary:
        """Counts and km by status of the filtered records."""
        if self._summary is None:
            self._summary = summarize(self._summary_frame(), self.filter_mask)
        return self._summary

    def _summary_frame(self) -> pd.DataFrame:
        """What the summary needs of every record: status and phase as categories (kept
        between edits, which patch their rows: a summary then costs a few bincounts),
        length, and whether each is mapped ("not yet mapped" is counted)."""
        if self._frame is not None:
            return self._frame
        records = self._records
        self._record_codes()
        data: dict[str, Any] = {}
        for column, order in (("status", schema.STATUSES), ("phase", schema.PHASES)):
            if column in self._codes:
                data[column] = pd.Categorical.from_codes(self._codes[column], categories=list(order),
                                                         validate=False)  # (codes made above)
        if "length_km" in records.columns:
            data["length_km"] = records["length_km"].to_numpy()
        if "mapped" in self._codes:
            data["mapped"] = self._codes["mapped"]
        self._frame = pd.DataFrame(data)  # kept until a record changes (_invalidate_filter): a filter reuses it
        return self._frame

    def _record_codes(self) -> dict[str, np.ndarray]:
        """Phase, status and category of every record as codes (:func:`~qxmap.filtering.coded`)
        and whether each is mapped: made once, patched by edits (_invalidate_filter), read by
        every filter and summary."""
        if self._codes is None:
            records = self._records
            self._codes = {column: coded(records[column], column) for column in CODED if column in records.columns}
            if "geometry_accuracy" in records.columns:
                self._codes["mapped"] = np.array(records["geometry_accuracy"] != "unmapped", dtype=bool)
        return self._codes

    def _invalidate_filter(self, rows: Iterable[int] | None = None) -> None:
        """The mask and the summary are made again; the summary's categories too, or
        (*rows*: only these records' attributes changed) patched for those rows."""
        self._mask = None
        self._summary = None
        self._frame = None
        if rows is None:
            self._haystack = None
        records = self._records
        rows = np.fromiter(rows, dtype=np.intp) if rows is not None else None
        if self._haystack is not None and rows is not None and len(rows):
            self._haystack[rows] = name_haystack(records, rows)
        if rows is None or self._codes is None:
            self._codes = None
            return
        if not len(rows):
            return
        for column in CODED:  # (one pass per column)
            if column in self._codes:
                self._codes[column][rows] = coded(records[column].to_numpy(dtype=object)[rows], column)
        if "mapped" in self._codes:
            self._codes["mapped"][rows] = records["geometry_accuracy"].to_numpy(dtype=object)[rows] != "unmapped"

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

    @property
    def reference_layers(self) -> list:
        """The open dataset's reference layers (qxmap.dataset.ReferenceLayer; a map layer
        each, named ``layer_name``), in drawing order."""
        return list(getattr(self._dataset, "references", {}).values()) if self._dataset is not None else []

    @property
    def exported_dataset(self):
        """The dataset an export draws: the reference layers hidden in the layer panel left
        out, as the map leaves them out (the dataset itself when none is hidden)."""
        dataset = self._dataset
        refs = getattr(dataset, "references", None) if dataset is not None else None
        if not refs or not any(ref.layer_name in self._hidden for ref in refs.values()):
            return dataset
        from dataclasses import replace

        return replace(dataset, references={key: ref for key, ref in refs.items() if ref.layer_name not in self._hidden})

    def set_layer_visible(self, layer: str, visible: bool) -> bool:
        if layer not in schema.LAYERS and layer not in {r.layer_name for r in self.reference_layers}:
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


def _rows_differing(before: dict[str, np.ndarray], records: pd.DataFrame) -> np.ndarray:
    """The rows of *records* whose columns differ from *before* (column -> values)."""
    differs = np.zeros(len(records), dtype=bool)
    for column, old in before.items():
        new = records[column].to_numpy(dtype=object)
        if len(new) != len(old):
            return np.arange(len(records))
        differs |= ~((old == new) | (pd.isna(old) & pd.isna(new)))
    return np.flatnonzero(differs)
