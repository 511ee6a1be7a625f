"""The road status table: a Qt model over the core's tracked records.

:class:`RoadTableModel` shows every tracked record (roads and exits, mapped
or not) with Chinese labels; :class:`RoadFilterProxy` (what the table view
shows) has the rows that the core :class:`~qxmap.filtering.RoadFilter` lets
through, sorted by typed keys computed once per column.  It asks the core once
per filter change (a vectorised mask), so the table, the summary and the map
agree by construction, and it hands the mask and the order to a
:class:`RowMaskProxy` beneath it, which applies them in one step.  It is an
identity proxy over that one: a QSortFilterProxyModel would call into Python
once per record to filter or compare, and even passing rows through it
rebuilds its row mapping (200,000 rows: about 8 ms) on every change.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractProxyModel, QAbstractTableModel, QIdentityProxyModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap

from qxmap import schema
from qxmap.editing import period_text
from qxmap.filtering import RoadFilter
from qxmap.rowindex import RowIndex
from qxmap.styles import status_color
from qxmap.ui import labels, plaintext

SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
FEATURE_ID_ROLE = Qt.ItemDataRole.UserRole + 2

# Plain ints: data() is asked for about ten roles per painted cell, and looking
# the enum members up on every call is most of its cost.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_SORT_KEY = int(SORT_KEY_ROLE)
_FEATURE_ID = int(FEATURE_ID_ROLE)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

COLUMNS = ("name", "category", "phase", "status", "length_km", "start", "target", "progress", "accuracy",
           "last_updated")
EDITABLE_COLUMNS = {"phase": "phase", "status": "status", "start": "start", "target": "target",
                    "progress": "progress"}


def _epoch(stamp) -> float:
    """Seconds since 1970 of an ISO time stamp (-1 for none): the sort key of "last updated"."""
    import datetime as _dt

    if not isinstance(stamp, str) or not stamp:
        return -1.0
    try:
        return _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return -1.0


def _native(value):
    """A cell as the row dicts hold it: a Python value, None for a missing one."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if value != value else value
    if isinstance(value, (str, int, bool)):
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # a list or an array: not a missing value
        return value


class LazyRows:
    """The records as row dicts (column -> Python value, None for missing; ``_mapped``:
    the record has a geometry), each made when first asked for: the table shows a
    few dozen rows, and making all 200,000 at once took a second and 250 MB.  A row
    asked for is kept, so an edit to it (``rows[i][key] = value``) stays."""

    def __init__(self, frame: pd.DataFrame, mapped):
        self._names = [c if isinstance(c, str) else str(c) for c in frame.columns]
        self._arrays = [frame[c].to_numpy() for c in frame.columns]
        self.mapped = np.asarray(mapped, dtype=bool) if len(frame) else np.zeros(0, dtype=bool)
        self._made: dict[int, dict] = {}
        self._n = len(frame)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> dict:
        row = self._made.get(i)
        if row is None:
            if not -self._n <= i < self._n:
                raise IndexError(i)
            i %= self._n
            row = self._made.get(i)
            if row is None:
                row = {name: _native(values[i]) for name, values in zip(self._names, self._arrays)}
                row["_mapped"] = bool(self.mapped[i])
                self._made[i] = row
        return row

    def __iter__(self):
        return (self[i] for i in range(self._n))

    def set_column(self, key: str, values) -> None:
        """Every row's *key* (one value per row, None for missing), made or not."""
        values = np.asarray(values, dtype=object)
        if key in self._names:
            self._arrays[self._names.index(key)] = values
        else:
            self._names.append(key)
            self._arrays.append(values)
        for i, row in self._made.items():
            row[key] = _native(values[i])

    def set_mapped(self, i: int, mapped: bool) -> None:
        self.mapped[i] = mapped
        if i in self._made:
            self._made[i]["_mapped"] = bool(mapped)


def _mapped(geometries) -> list[bool]:
    """Per record: it has a geometry that is not empty."""
    import shapely

    geoms = np.asarray(geometries, dtype=object)
    return (~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)).tolist()


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class RoadTableModel(QAbstractTableModel):
    """Every tracked record, one row each, in the order of the data."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records = pd.DataFrame()
        self._rows: LazyRows | list = []
        self._row_of_id: Mapping[str, int] = RowIndex()
        self._icons = {code: _swatch(status_color(code)) for code in schema.STATUSES}
        self._grey = QBrush(QColor("#777777"))
        self._cells: dict[int, tuple[dict, ...]] = {}  # row -> per column {role: value}, made when first shown
        self.editable = False
        self._lang = "zh"

    # ------------------------------------------------------------ data

    def _name(self, row: dict) -> str:
        """Names in the UI's language: English where the data has it, else Chinese."""
        if self._lang == "en":
            english = row.get("name_en")
            if isinstance(english, str) and english.strip():
                return english
        return row["name_zh"]

    def set_records(self, records: pd.DataFrame, row_index: Mapping[str, int] | None = None) -> None:
        """Show *records*; *row_index*: their id -> row, when the caller has it already
        (the session's, :attr:`Session.row_index`: read, never changed here)."""
        self._lang = labels.data_lang()
        self.beginResetModel()
        self._records = records.reset_index(drop=True)
        mapped = _mapped(self._records.geometry) if len(self._records) else []
        # (a plain frame first: dropping a GeoDataFrame's column copies every other one, 0.1 s at 200,000)
        self._rows = LazyRows(pd.DataFrame(self._records, copy=False).drop(columns=["geometry"], errors="ignore"),
                              mapped)
        if row_index is not None:
            self._row_of_id = row_index
        else:
            self._row_of_id = RowIndex(self._records["id"] if "id" in self._records.columns else ())
        self._cells.clear()
        self.endResetModel()

    def update_record(self, feature_id: str, values: dict) -> None:
        """Refresh one row after an edit."""
        row = self._row_of_id.get(feature_id)
        if row is None:
            return
        self._rows[row].update(values)
        if "geometry_accuracy" in values:  # a geometry drawn or deleted (only "unmapped" records have none)
            self._rows.set_mapped(row, values["geometry_accuracy"] != "unmapped")
        self._cells.pop(row, None)
        for key, value in values.items():
            if key in self._records.columns:
                self._records.at[row, key] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_values(self, columns: dict) -> None:
        """Replace whole columns at once (the "as of" view: status, phase and progress of
        every record): *columns* maps a field to one value per row.  One dataChanged."""
        if not self._rows:
            return
        changed = np.zeros(len(self._rows), dtype=bool)
        rows = self._rows
        for key, values in columns.items():
            values = np.array(values, dtype=object)
            if len(values) != len(rows):
                raise ValueError(f"{len(values)} {key} values for {len(rows)} rows")
            values[pd.isna(values)] = None
            if key in self._records:
                before = self._records[key].to_numpy(dtype=object, copy=True)
                before[pd.isna(before)] = None
            else:
                before = np.full(len(rows), None, dtype=object)
            differs = before != values
            rows.set_column(key, values)
            changed |= differs
            self._records[key] = values
        if np.count_nonzero(changed) > len(rows) // 4:
            self._cells.clear()
        else:
            for row in np.flatnonzero(changed).tolist():
                self._cells.pop(row, None)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    @property
    def records(self) -> pd.DataFrame:
        return self._records

    def record(self, row: int) -> dict:
        return self._rows[row]

    def row_of(self, feature_id: str) -> int | None:
        return self._row_of_id.get(feature_id)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return labels.column_title(COLUMNS[section])
        return None

    def flags(self, index):
        base = super().flags(index)
        if self.editable and COLUMNS[index.column()] in EDITABLE_COLUMNS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=_DISPLAY):
        row_number = index.row()
        if row_number < 0:  # an invalid index
            return None
        return self.cell_data(row_number, index.column(), role)

    def cell_data(self, row_number: int, column: int, role: int):
        """data() by row and column number (for the proxy above, without making an index)."""
        cells = self._cells.get(row_number)
        if cells is None:
            cells = self._cells[row_number] = self._make_cells(self._rows[row_number])
        return cells[column].get(role)

    def _make_cells(self, row: dict) -> tuple[dict, ...]:
        """What each column of *row* shows, per role (the roles the view asks for when painting)."""
        cells = []
        for column in COLUMNS:
            cell = {_DISPLAY: self._display(row, column), _EDIT: row.get(EDITABLE_COLUMNS.get(column, column)),
                    _SORT_KEY: self._sort_key(row, column), _FEATURE_ID: row["id"]}
            if column == "name":
                # the other language's name in the tooltip (the shown one when there is no other)
                other = row["name_zh"] if self._lang == "en" else (row.get("name_en") or row["name_zh"])
                cell[_TOOLTIP] = plaintext.tooltip(other)
            elif column == "accuracy" and not row["_mapped"]:
                cell[_TOOLTIP] = labels.not_mapped_hint()
            if column == "status":
                cell[_DECORATION] = self._icons.get(row.get("status"))
            if not row["_mapped"]:
                cell[_FOREGROUND] = self._grey
            if column in ("length_km", "start", "target", "progress", "last_updated"):
                cell[_ALIGNMENT] = _RIGHT_ALIGNED
            cells.append(cell)
        return tuple(cells)

    def _display(self, row: dict, column: str):
        if column == "name":
            return self._name(row)
        if column == "category":
            return labels.category(row.get("category"))
        if column == "phase":
            return labels.phase(row.get("phase"))
        if column == "status":
            return labels.status(row.get("status"))
        if column == "length_km":
            return labels.number(row.get("length_km") or 0.0, 2) if row["_mapped"] else "—"
        if column in ("start", "target"):  # "2019", or "2019-06" with a month
            return period_text(row.get(column), row.get(f"{column}_month"))
        if column == "last_updated":
            return labels.date_time(row.get("last_updated")) if row.get("last_updated") else ""
        if column == "progress":
            value = row.get("progress")
            return "" if value is None else f"{labels.number(value, 0)} %"
        if column == "accuracy":
            return labels.accuracy(row.get("geometry_accuracy"))
        return ""

    def sort_keys(self, column: int) -> list:
        """The sort key of every row for *column* (what SORT_KEY_ROLE gives, in bulk),
        from the record columns in a few vectorised steps (no row dict is made)."""
        name = COLUMNS[column]
        n = len(self._rows)
        frame = self._records

        def col(key):
            if key not in frame.columns:
                return pd.Series([None] * n, dtype=object)
            return frame[key]

        if name == "name":
            return col("name_zh").tolist()
        codes = {"category": ("category", schema.CATEGORIES), "phase": ("phase", schema.PHASES),
                 "status": ("status", schema.STATUSES), "accuracy": ("geometry_accuracy", schema.ACCURACIES)}
        if name in codes:
            key, order = codes[name]
            index = {code: i for i, code in enumerate(order)}
            return [index.get(v, 99) if isinstance(v, str) else 99 for v in col(key).tolist()]
        if name == "length_km":
            return pd.to_numeric(col("length_km"), errors="coerce").fillna(0.0).astype(float).tolist()
        if name == "last_updated":
            return [_epoch(v) for v in col("last_updated").tolist()]
        year = pd.to_numeric(col({"start": "start", "target": "target", "progress": "progress"}[name]),
                             errors="coerce").astype(float)
        if name in ("start", "target"):
            month = pd.to_numeric(col(f"{name}_month"), errors="coerce").fillna(0.0).astype(float)
            year = year + month / 100.0
        return year.fillna(-1.0).tolist()

    @staticmethod
    def _sort_key(row: dict, column: str):
        if column == "name":
            return row["name_zh"]
        if column == "category":
            return schema.CATEGORIES.index(row["category"]) if row.get("category") in schema.CATEGORIES else 99
        if column == "phase":
            return schema.PHASES.index(row["phase"]) if row.get("phase") in schema.PHASES else 99
        if column == "status":
            return schema.STATUSES.index(row["status"]) if row.get("status") in schema.STATUSES else 99
        if column == "accuracy":
            acc = row.get("geometry_accuracy")
            return schema.ACCURACIES.index(acc) if acc in schema.ACCURACIES else 99
        if column == "length_km":
            return float(row.get("length_km") or 0.0)
        if column == "last_updated":
            return _epoch(row.get("last_updated"))
        if column in ("start", "target"):
            year, month = row.get(column), row.get(f"{column}_month")
            return -1.0 if year is None else float(year) + (float(month) if month else 0.0) / 100.0
        value = row.get({"start": "start", "target": "target", "progress": "progress"}[column])
        return -1.0 if value is None else float(value)


class RowMaskProxy(QAbstractProxyModel):
    """The rows of a flat table model whose mask entry is true, in the model's
    order or in a sort order given as an array of source rows.

    A filter change or a sort is one vectorised step and one layout change,
    with the selection (persistent indexes) carried over; nothing is asked per
    row (QSortFilterProxyModel would call Python for every comparison)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._mask = np.ones(0, dtype=bool)
        self._order: np.ndarray | None = None  # source rows in sort order, or None: the model's order
        # numpy arrays: a filter change makes two arrays of every row, not two lists (at
        # 200,000 rows the lists took 7 ms of each change); an index asks for one element
        self._shown = np.zeros(0, dtype=np.int64)     # proxy row -> source row
        self._position = np.zeros(0, dtype=np.int64)  # source row -> proxy row, or -1
        self.version = 0                # changes whenever the rows shown change
        self._columns = 0

    def setSourceModel(self, model):  # noqa: N802 (Qt name)
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_reset)
        model.dataChanged.connect(self._on_source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._set_rows(np.ones(model.rowCount(), dtype=bool))
        self.endResetModel()

    def set_mask(self, mask) -> None:
        """Show the source rows where *mask* is true."""
        mask = np.asarray(mask, dtype=bool)
        if len(mask) != len(self._position):
            raise ValueError(f"mask of {len(mask)} for {len(self._position)} rows")
        if self._mask is not None and len(self._mask) == len(mask) and np.array_equal(mask, self._mask):
            return  # the same rows (an edit that moved no record in or out of the filter)
        self._relayout(mask, self._order)

    def set_order(self, order) -> None:
        """Show the rows in this order (an array of every source row), or the model's order (None)."""
        if order is not None:
            order = np.asarray(order, dtype=np.int64)
            if len(order) != len(self._position):
                raise ValueError(f"order of {len(order)} for {len(self._position)} rows")
        self._relayout(self._mask, order)

    def _relayout(self, mask: np.ndarray, order: np.ndarray | None) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        sources = [(int(self._shown[index.row()]), index.column()) for index in before]
        self._set_rows(mask, order)
        position = self._position
        after = [self.createIndex(int(position[row]), column) if position[row] >= 0 else QModelIndex()
                 for row, column in sources]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def source_row(self, row: int) -> int:
        return int(self._shown[row])

    def _set_rows(self, mask: np.ndarray, order: np.ndarray | None = None) -> None:
        self._mask = np.array(mask, dtype=bool)  # a copy: set_mask compares the next mask with it
        self._order = order
        shown = np.flatnonzero(mask) if order is None else order[mask[order]]
        position = np.full(len(mask), -1, dtype=np.int64)
        position[shown] = np.arange(len(shown))
        self._columns = self.sourceModel().columnCount() if self.sourceModel() is not None else 0
        self._shown = shown
        self._position = position
        self.version += 1

    def in_row_order(self, values: list) -> list:
        """*values* (one per source row) for the rows shown, in proxy row order."""
        return [values[row] for row in self._shown.tolist()]

    def _on_source_reset(self) -> None:
        self._set_rows(np.ones(self.sourceModel().rowCount(), dtype=bool), None)
        self.endResetModel()

    def _on_source_data_changed(self, top_left, bottom_right, roles=()) -> None:
        if not (top_left.isValid() and bottom_right.isValid()):
            return
        rows = self._position[top_left.row():bottom_right.row() + 1]
        rows = rows[rows >= 0]
        if len(rows):
            self.dataChanged.emit(self.createIndex(int(rows.min()), top_left.column()),
                                  self.createIndex(int(rows.max()), bottom_right.column()), roles)

    # ------------------------------------------------------------ Qt model

    def index(self, row, column, parent=QModelIndex()):
        # Asked twice per comparison when the table is sorted: kept to plain comparisons.
        if 0 <= row < len(self._shown) and 0 <= column < self._columns and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def parent(self, index=None):
        if index is None:  # QObject.parent()
            return QObject.parent(self)
        return QModelIndex()  # a flat table

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else self._columns

    def hasChildren(self, parent=QModelIndex()):  # noqa: N802 (Qt name)
        return not parent.isValid() and len(self._shown) > 0

    def mapToSource(self, proxy_index):  # noqa: N802 (Qt name)
        if not proxy_index.isValid():
            return QModelIndex()
        return self.sourceModel().index(int(self._shown[proxy_index.row()]), proxy_index.column())

    def mapFromSource(self, source_index):  # noqa: N802 (Qt name)
        if not source_index.isValid():
            return QModelIndex()
        row = int(self._position[source_index.row()])
        return self.createIndex(row, source_index.column()) if row >= 0 else QModelIndex()

    def data(self, index, role=_DISPLAY):
        row = index.row()
        if row < 0:
            return None
        return self.sourceModel().cell_data(int(self._shown[row]), index.column(), role)

    def headerData(self, section, orientation, role=_DISPLAY):  # noqa: N802 (Qt name)
        if orientation == Qt.Orientation.Vertical:
            if not (0 <= section < len(self._shown)):
                return None
            section = int(self._shown[section])
        return self.sourceModel().headerData(section, orientation, role)


class RoadFilterProxy(QIdentityProxyModel):
    """Rows that pass the core filter; sorted by typed keys.  Set a RoadTableModel
    as its source: the filtering happens in a RowMaskProxy it puts in between."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._filter = RoadFilter()
        self._accepted = np.ones(0, dtype=bool)
        self._sort_keys: dict[int, np.ndarray] = {}
        self._sort_column: int = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rows = RowMaskProxy(self)
        self.road_model: RoadTableModel | None = None

    def setSourceModel(self, model):  # noqa: N802 (Qt name)
        self.road_model = model
        # New records make the sort keys stale before the reset ends (and the table re-sorts).
        model.modelAboutToBeReset.connect(self._forget_sort_keys)
        self._rows.setSourceModel(model)
        super().setSourceModel(self._rows)
        model.modelReset.connect(self._recompute)
        model.dataChanged.connect(self._on_data_changed)
        self._recompute()

    @property
    def road_filter(self) -> RoadFilter:
        return self._filter

    def set_road_filter(self, road_filter: RoadFilter, mask: np.ndarray | None = None) -> None:
        """Show the rows *road_filter* lets through (*mask*: its answer, if already asked)."""
        self._filter = road_filter
        self._refilter(mask)

    def mask_for(self, road_filter: RoadFilter) -> np.ndarray:
        records = self.road_model.records
        if not len(records):
            return np.ones(0, dtype=bool)
        return road_filter.mask(records).to_numpy()

    def index_of_record(self, row: int, column: int = 0) -> QModelIndex:
        """The index in this proxy of the road model's *row* (invalid if filtered out)."""
        return self.mapFromSource(self._rows.mapFromSource(self.road_model.index(row, column)))

    def record_row(self, index: QModelIndex) -> int:
        """The road model's row of an index of this proxy."""
        if not index.isValid():
            raise ValueError("no row for an invalid index")
        return self._rows.source_row(self.mapToSource(index).row())

    def _refilter(self, mask: np.ndarray | None = None) -> None:
        self._accepted = self._mask() if mask is None else mask
        self._rows.set_mask(self._accepted)

    def accepted_ids(self) -> list[str]:
        records = self.road_model.records
        if not len(records):
            return []
        return records["id"][self._accepted].tolist()

    def accepted_records(self) -> pd.DataFrame:
        records = self.road_model.records
        return records[self._accepted] if len(records) else records

    def _mask(self) -> np.ndarray:
        return self.mask_for(self._filter)

    @property
    def accepted_mask(self) -> np.ndarray:
        return self._accepted

    def _forget_sort_keys(self) -> None:
        self._sort_keys.clear()

    def _recompute(self) -> None:
        self._forget_sort_keys()
        self._refilter()
        self._resort()

    def _on_data_changed(self, *args) -> None:
        # An edit can move a row in or out of the filter (or change a sort key): ask the core again.
        self._forget_sort_keys()
        self._refilter()
        self._resort()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:  # noqa: D102 (Qt name)
        """Sort by *column* with numpy (stable, as Qt sorts); column -1: the model's order.
        The rows below are put in order once; filters then keep that order for free."""
        self._sort_column, self._sort_order = column, order
        self._resort()

    def sortColumn(self) -> int:  # noqa: N802 (Qt name)
        return self._sort_column

    def sortOrder(self):  # noqa: N802 (Qt name)
        return self._sort_order

    def _resort(self) -> None:
        column = self._sort_column
        if self.road_model is None or column is None or column < 0 or column >= len(COLUMNS):
            if self._rows._order is not None:
                self._rows.set_order(None)
            return
        self._rows.set_order(self.sort_order(column, self._sort_order))

    def sort_order(self, column: int, order=Qt.SortOrder.AscendingOrder) -> np.ndarray:
        """Every source row, ordered by *column* (stable: ties keep the model's order)."""
        keys = self._sort_keys.get(column)
        if keys is None or len(keys) != self.road_model.rowCount():
            raw = self.road_model.sort_keys(column)
            keys = self._sort_keys[column] = (np.array(raw, dtype=str) if COLUMNS[column] == "name"
                                              else np.array(raw, dtype=float))
        if order == Qt.SortOrder.AscendingOrder:
            return np.argsort(keys, kind="stable")
        backwards = np.argsort(keys[::-1], kind="stable")
        return (len(keys) - 1 - backwards)[::-1]


def selected_ids(view) -> list[str]:
    """Feature ids of the selected rows of a view over a RoadFilterProxy, in view order."""
    model = view.model()
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    return [model.data(model.index(r, 0), FEATURE_ID_ROLE) for r in rows]
