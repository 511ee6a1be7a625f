"""The road status table: a Qt model over the core's tracked records.

:class:`RoadTableModel` shows every tracked record (roads and exits, mapped
or not) with Chinese labels; :class:`RoadFilterProxy` shows the rows that
the core :class:`~qxmap.filtering.RoadFilter` lets through.  The proxy asks
the core once per filter change (a vectorised mask) and only looks the
answer up per row, so the table, the summary and the map agree by
construction.  Sorting is done on typed keys computed once per column.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap

from qxmap import schema
from qxmap.filtering import RoadFilter
from qxmap.styles import status_color
from qxmap.ui import labels

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

COLUMNS = ("name", "category", "phase", "status", "length_km", "start", "target", "progress", "accuracy")
EDITABLE_COLUMNS = {"phase": "phase", "status": "status", "start": "start", "target": "target",
                    "progress": "progress"}


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class RoadTableModel(QAbstractTableModel):
    """Every tracked record, one row each, in the order of the data."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records = pd.DataFrame()
        self._summary_frame: pd.DataFrame | None = None
        self._rows: list[dict] = []
        self._row_of_id: dict[str, int] = {}
        self._icons = {code: _swatch(status_color(code)) for code in schema.STATUSES}
        self._grey = QBrush(QColor("#777777"))
        self._cells: dict[int, tuple[dict, ...]] = {}  # row -> per column {role: value}, made when first shown
        self.editable = False

    # ------------------------------------------------------------ data

    def set_records(self, records: pd.DataFrame) -> None:
        self.beginResetModel()
        self._records = records.reset_index(drop=True)
        self._rows = self._records.drop(columns=["geometry"], errors="ignore").astype(object).where(
            self._records.drop(columns=["geometry"], errors="ignore").notna(), None).to_dict("records")
        mapped = [g is not None and not g.is_empty for g in self._records.geometry] if len(self._records) else []
        for row, is_mapped in zip(self._rows, mapped):
            row["_mapped"] = is_mapped
        self._row_of_id = {row["id"]: i for i, row in enumerate(self._rows)}
        self._summary_frame = None
        self._cells.clear()
        self.endResetModel()

    def update_record(self, feature_id: str, values: dict) -> None:
        """Refresh one row after an edit."""
        row = self._row_of_id.get(feature_id)
        if row is None:
            return
        self._rows[row].update(values)
        self._cells.pop(row, None)
        for key, value in values.items():
            if key in self._records.columns:
                self._records.at[row, key] = value
        self._summary_frame = None
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @property
    def records(self) -> pd.DataFrame:
        return self._records

    @property
    def summary_frame(self) -> pd.DataFrame:
        """What the summary needs of every record (no geometries): cheap to summarise often."""
        if self._summary_frame is None:
            columns = [c for c in ("status", "phase", "length_km") if c in self._records.columns]
            frame = pd.DataFrame(self._records[columns]) if columns else pd.DataFrame()
            for column, order in (("status", schema.STATUSES), ("phase", schema.PHASES)):
                if column in frame:  # categories: summarising a filter costs a bincount
                    frame[column] = pd.Categorical(frame[column], categories=list(order))
            frame["mapped"] = [row["_mapped"] for row in self._rows]
            self._summary_frame = frame
        return self._summary_frame

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
        cells = self._cells.get(row_number)
        if cells is None:
            cells = self._cells[row_number] = self._make_cells(self._rows[row_number])
        return cells[index.column()].get(role)

    def _make_cells(self, row: dict) -> tuple[dict, ...]:
        """What each column of *row* shows, per role (the roles the view asks for when painting)."""
        cells = []
        for column in COLUMNS:
            cell = {_DISPLAY: self._display(row, column), _EDIT: row.get(EDITABLE_COLUMNS.get(column, column)),
                    _SORT_KEY: self._sort_key(row, column), _FEATURE_ID: row["id"]}
            if column == "name":
                cell[_TOOLTIP] = row.get("name_en") or row["name_zh"]
            elif column == "accuracy" and not row["_mapped"]:
                cell[_TOOLTIP] = labels.not_mapped_hint()
            if column == "status":
                cell[_DECORATION] = self._icons.get(row.get("status"))
            if not row["_mapped"]:
                cell[_FOREGROUND] = self._grey
            if column in ("length_km", "start", "target", "progress"):
                cell[_ALIGNMENT] = _RIGHT_ALIGNED
            cells.append(cell)
        return tuple(cells)

    def _display(self, row: dict, column: str):
        if column == "name":
            return row["name_zh"]
        if column == "category":
            return labels.category(row.get("category"))
        if column == "phase":
            return labels.phase(row.get("phase"))
        if column == "status":
            return labels.status(row.get("status"))
        if column == "length_km":
            return labels.number(row.get("length_km") or 0.0, 2) if row["_mapped"] else "—"
        if column in ("start", "target"):
            value = row.get(column)
            return "" if value is None else str(int(value))
        if column == "progress":
            value = row.get("progress")
            return "" if value is None else f"{labels.number(value, 0)} %"
        if column == "accuracy":
            return labels.accuracy(row.get("geometry_accuracy"))
        return ""

    def sort_keys(self, column: int) -> list:
        """The sort key of every row for *column* (what SORT_KEY_ROLE gives, in bulk)."""
        name = COLUMNS[column]
        return [self._sort_key(row, name) for row in self._rows]

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
        value = row.get({"start": "start", "target": "target", "progress": "progress"}[column])
        return -1.0 if value is None else float(value)


class RoadFilterProxy(QSortFilterProxyModel):
    """Rows that pass the core filter; sorted by typed keys."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._filter = RoadFilter()
        self._accepted = np.ones(0, dtype=bool)
        self._accepted_rows: list[bool] = []
        self._sort_keys: dict[int, list] = {}
        self.setSortRole(SORT_KEY_ROLE)
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model):  # noqa: N802 (Qt name)
        super().setSourceModel(model)
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
        records = self.sourceModel().records
        if not len(records):
            return np.ones(0, dtype=bool)
        return road_filter.mask(records).to_numpy()

    def _refilter(self, mask: np.ndarray | None = None) -> None:
        # One layout change for the whole table (not one signal per removed run of rows):
        # with thousands of interleaved rows this is what keeps a filter change fast.
        self._accepted = self._mask() if mask is None else mask
        self._accepted_rows = self._accepted.tolist()  # plain list: the cheapest per-row lookup
        self.invalidate()

    def accepted_ids(self) -> list[str]:
        records = self.sourceModel().records
        if not len(records):
            return []
        return records["id"][self._accepted].tolist()

    def accepted_records(self) -> pd.DataFrame:
        records = self.sourceModel().records
        return records[self._accepted] if len(records) else records

    def _mask(self) -> np.ndarray:
        return self.mask_for(self._filter)

    @property
    def accepted_mask(self) -> np.ndarray:
        return self._accepted

    def _recompute(self) -> None:
        self._sort_keys.clear()
        self._refilter()

    def _on_data_changed(self, *args) -> None:
        # An edit can move a row in or out of the filter: ask the core again.
        self._sort_keys.clear()
        self._refilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 (Qt name)
        try:
            return self._accepted_rows[source_row]
        except IndexError:
            return True

    def lessThan(self, left, right):  # noqa: N802 (Qt name)
        keys = self._sort_keys.get(left.column())
        if keys is None:
            model = self.sourceModel()
            column = left.column()
            keys = model.sort_keys(column)
            self._sort_keys[column] = keys
        return keys[left.row()] < keys[right.row()]


def selected_ids(view) -> list[str]:
    """Feature ids of the selected rows of a view over a RoadFilterProxy, in view order."""
    model = view.model()
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    return [model.data(model.index(r, 0), FEATURE_ID_ROLE) for r in rows]
