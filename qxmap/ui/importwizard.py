"""File > Import...: bring a planner's file into the open workspace (issue 11).

:class:`ImportWizard` walks through the import core (:mod:`qxmap.importing`):

1. **File** (:class:`FilePage`): any format the core reads (Shapefile,
   GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, XLSX, FlatGeobuf, zip);
2. **Layer** (:class:`LayerPage`): geometry types, counts and fields of each;
3. **Coordinates and text** (:class:`CrsPage`): the encoding and the CRS,
   declared or suggested with their confidence, GCJ-02 and BD-09 too, with
   a preview of the layer's outline against the town's boundary, so that a
   wrong coordinate system shows at a glance;
4. **Fields and values** (:class:`MappingPage`): the target (a qxmap layer, or
   a reference layer), source field per qxmap field, and a code per source
   value, suggestions filled in; unknown values listed with their counts;
5. **Review** (:class:`ReviewPage`): the plan's counts, fuzzy candidates to
   confirm (never applied otherwise), skipped features and why; Import.

Finishing hands an :class:`~qxmap.workspace.ImportChange` to the workspace
controller, which pushes it as ONE undoable command.  Everything the wizard
shows from the file (names, values, field names) is plain text.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from qxmap.importing.sources import FORMATS
from qxmap.ui import labels, plaintext
from qxmap.ui.background import Cancelled, run_busy
from qxmap.ui.problemtext import error_text, words_text

CONTEXT = "ImportWizard"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: The file suffixes the import core reads (its formats, a .gdb being a folder, and zip).
SOURCE_SUFFIXES = tuple(s for s in FORMATS if s != ".gdb") + (".zip",)
#: The suffixes qxmap opens as a dataset (File > Open).
DATASET_SUFFIXES = (".geojson", ".json", ".gpkg")
TARGETS = ("roads", "exits", "parks", "zones", "facilities", "boundary", "reference")
COMMON_CRS = ("EPSG:4326", "EPSG:4490", "EPSG:4547", "EPSG:4526", "EPSG:3857", "GCJ-02", "BD-09")
ENCODINGS = ("UTF-8", "GB18030", "Big5", "UTF-16")
MAX_PREVIEW_GEOMS = 4000
#: Skipped features listed one per row (then one row says how many more).
SKIPPED_ROWS = 500
#: The fields table's row of the road-number field (Mapping.road_number: not a qxmap field).
ROAD_NUMBER_ROW = "(road number)"
#: Most values listed to tick for the filter (the most common first).
MAX_KEEP_VALUES = 200


def file_filters() -> str:
    """The file dialog's filters: every format the import core reads, then each alone."""
    def pattern(suffixes):
        return " ".join(f"*{s}" for s in suffixes)

    every = pattern(SOURCE_SUFFIXES)
    items = [_tr("Map data and planners' files (%1)").replace("%1", every),
             _tr("Shapefile (*.shp)"), _tr("GeoPackage (*.gpkg)"), _tr("GeoJSON (*.geojson *.json)"),
             _tr("KML/KMZ (*.kml *.kmz)"), _tr("GPX (*.gpx)"), _tr("DXF drawing (*.dxf)"),
             _tr("CSV table (*.csv *.tsv)"), _tr("Excel table (*.xlsx)"), _tr("FlatGeobuf (*.fgb)"),
             _tr("MapInfo (*.tab *.mif)"), _tr("OpenStreetMap (*.osm *.pbf)"), _tr("Zip archive (*.zip)"),
             _tr("All files (*)")]
    return ";;".join(items)


def is_source_file(path) -> bool:
    """A file the import core reads but qxmap does not open as a dataset."""
    suffix = Path(path).suffix.lower()
    return suffix in SOURCE_SUFFIXES and suffix not in DATASET_SUFFIXES


def _item(text, data=None, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))  # table items never render rich text
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _table(parent, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


# --------------------------------------------------------------------------
# Preview


def _rings(geom) -> list[np.ndarray]:
    """The lines to draw of a geometry: lines, polygon rings; points as 1-point arrays."""
    out = []
    for part in shapely.get_parts(np.asarray([geom], dtype=object)):
        kind = part.geom_type
        if kind == "Polygon":
            out.append(np.asarray(part.exterior.coords)[:, :2])
            out.extend(np.asarray(r.coords)[:, :2] for r in part.interiors)
        elif kind in ("LineString", "LinearRing"):
            out.append(np.asarray(part.coords)[:, :2])
        elif kind == "Point":
            out.append(np.asarray(part.coords)[:, :2])
    return out


def draw_preview(boundary, geoms, width: int = 360, height: int = 260) -> QImage:
    """The layer's outline (red) against the town's boundary (grey), WGS-84, in one
    frame that holds both: a layer read with the wrong CRS lands far away."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    town = [g for g in boundary if g is not None and not g.is_empty]
    layer = [g for g in geoms if g is not None and not g.is_empty][:MAX_PREVIEW_GEOMS]
    boxes = [shapely.total_bounds(np.asarray(x, dtype=object)) for x in (town, layer) if x]
    boxes = [b for b in boxes if np.isfinite(b).all()]
    if not boxes:
        return image
    b = np.array(boxes)
    minx, miny, maxx, maxy = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    lat = max(-80.0, min(80.0, (miny + maxy) / 2))
    kx = math.cos(math.radians(lat)) if abs(minx) <= 360 else 1.0
    w = max((maxx - minx) * kx, 1e-9)
    h = max(maxy - miny, 1e-9)
    scale = min((width - 20) / w, (height - 20) / h)
    ox = (width - w * scale) / 2
    oy = (height - h * scale) / 2

    def to_px(coords: np.ndarray) -> QPolygonF:
        xs = ox + (coords[:, 0] - minx) * kx * scale
        ys = height - (oy + (coords[:, 1] - miny) * scale)
        return QPolygonF([QPointF(float(x), float(y)) for x, y in zip(xs, ys) if math.isfinite(x + y)])

    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#555555"), 1.5, Qt.PenStyle.DashLine))
    painter.setBrush(QColor(244, 241, 232, 160))
    for g in town:
        for ring in _rings(g):
            painter.drawPolygon(to_px(ring))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("#d7191c"), 1.5))
    for g in layer:
        for ring in _rings(g):
            poly = to_px(ring)
            if poly.size() == 1:
                painter.drawEllipse(poly.at(0), 2.0, 2.0)
            elif poly.size() > 1:
                painter.drawPolyline(poly)
    painter.end()
    return image


# --------------------------------------------------------------------------
# Pages


class FilePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(self.tr("A Shapefile, GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, Excel, FlatGeobuf "
                                 "file, a folder or a zip archive."))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("import-path")
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("&Browse..."), self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setObjectName("import-file-error")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def browse(self) -> None:
        wiz = self.wizard()
        start = self.path_edit.text() or wiz.start_dir
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a file"), start, file_filters())
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        self.error.clear()
        return self.wizard().inspect(self.path_edit.text().strip())


class LayerPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a layer"))
        self.setSubTitle(self.tr("Each layer of the file with its geometry, number of features and fields."))
        self.table = _table(self, [self.tr("Layer"), self.tr("Geometry"), self.tr("Features"), self.tr("Fields")],
                            "import-layers")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self.completeChanged)
        self.skipped = QLabel(self)
        self.skipped.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.skipped)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        info = self.wizard().info
        self.table.setRowCount(0)
        for layer in info.layers:
            row = self.table.rowCount()
            self.table.insertRow(row)
            types = ", ".join(f"{k} {v}" for k, v in layer.geometry_types.items()) or self.tr("no geometry")
            self.table.setItem(row, 0, _item(layer.id, layer.id))
            self.table.setItem(row, 1, _item(types))
            self.table.setItem(row, 2, _item(layer.feature_count))
            self.table.setItem(row, 3, _item(", ".join(layer.field_names)))
        if info.layers:
            self.table.selectRow(0)
        skipped = "\n".join(f"{s.file}: {words_text(s.reason)}" for s in info.skipped[:10])
        self.skipped.setText(self.tr("Not read:") + "\n" + skipped if skipped else "")

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return self.selected_id() is not None

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        return self.wizard().read(self.selected_id(), None)


class CrsPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.setTitle(self.tr("Coordinates and text"))
        self.setSubTitle(self.tr("Check the text encoding and the coordinate system: the preview draws the "
                                 "layer (red) with the town's boundary (grey)."))
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("import-encoding")
        self.encoding.activated.connect(self._encoding_chosen)
        self.crs = QComboBox(self)
        self.crs.setObjectName("import-crs")
        self.crs.currentIndexChanged.connect(self._crs_chosen)
        self.other_crs = QLineEdit(self)
        self.other_crs.setObjectName("import-crs-other")
        self.other_crs.setPlaceholderText(self.tr("another, e.g. EPSG:4547"))
        self.other_crs.editingFinished.connect(self._crs_changed)
        self.swap = QCheckBox(self.tr("x and y are swapped"), self)
        self.swap.setObjectName("import-swap-xy")
        self.swap.toggled.connect(self._crs_changed)
        self.encoding_note = QLabel(self)
        self.crs_note = QLabel(self)
        self.placement = QLabel(self)
        self.placement.setObjectName("import-placement")
        self.notes = QLabel(self)  # what reading the layer noticed (3-D dropped, CRS doubts, far features)
        self.notes.setObjectName("import-notes")
        for label in (self.encoding_note, self.crs_note, self.placement, self.notes):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.preview = QLabel(self)
        self.preview.setObjectName("crs-preview")
        self.preview.setMinimumSize(360, 260)
        form = QFormLayout()
        form.addRow(self.tr("Text encoding:"), self.encoding)
        form.addRow("", self.encoding_note)
        form.addRow(self.tr("Coordinate system:"), self.crs)
        form.addRow("", self.other_crs)
        form.addRow("", self.swap)
        form.addRow("", self.crs_note)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.placement)
        left.addWidget(self.notes)
        left.addStretch(1)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview)
        self._filling = False

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        wiz = self.wizard()
        info = wiz.layer.info
        self._filling = True
        self.encoding.clear()
        guess = info.encoding
        if guess is not None:
            self.encoding.addItem(self.tr("%1 (detected: %2)").replace("%1", guess.label)
                                  .replace("%2", _confidence(self, guess.confidence)), guess.encoding)
            for name in ENCODINGS:
                if name != guess.encoding:
                    self.encoding.addItem(name, name)
            self.encoding_note.setText(words_text(guess.how))
        self.encoding.setEnabled(info.driver in ("ESRI Shapefile", "CSV", "GeoJSON", "DXF"))
        if wiz.mapping.encoding:
            pos = self.encoding.findData(wiz.mapping.encoding)
            if pos >= 0:
                self.encoding.setCurrentIndex(pos)
        self.crs.clear()
        if info.crs:
            self.crs.addItem(self.tr("As declared: %1").replace("%1", info.crs_label or info.crs), info.crs)
        for cand in info.crs_candidates[:4]:
            text = self.tr("Suggested: %1 (%2)").replace("%1", cand.crs + (" ↔" if cand.swap_xy else "")) \
                .replace("%2", _confidence(self, cand.confidence))
            self.crs.addItem(text, (cand.crs, cand.swap_xy))
        for name in COMMON_CRS:
            self.crs.addItem(_crs_title(self, name), name)
        chosen = wiz.mapping.crs or info.effective_crs
        for i in range(self.crs.count()):
            data = self.crs.itemData(i)
            code = data[0] if isinstance(data, tuple) else data
            if code == chosen:
                self.crs.setCurrentIndex(i)
                break
        self.swap.setChecked(bool(wiz.mapping.swap_xy) if wiz.mapping.crs else info.effective_swap_xy)
        self.crs_note.setText(self.tr("Nothing declared: choose one.") if not info.crs and not info.crs_candidates
                              else "")
        self._filling = False
        self._crs_changed()

    def chosen_crs(self) -> tuple[str | None, bool]:
        other = self.other_crs.text().strip()
        if other:
            return other, self.swap.isChecked()
        data = self.crs.currentData()
        return (data[0] if isinstance(data, tuple) else data), self.swap.isChecked()

    def _encoding_chosen(self, index: int) -> None:
        wiz = self.wizard()
        name = self.encoding.itemData(index)
        if name and name != (wiz.layer.info.encoding.encoding if wiz.layer.info.encoding else None):
            if wiz.read(wiz.layer.id, name):
                self.encoding_note.setText(self.tr("Read again as %1.").replace("%1", name))
        self._crs_changed()

    def _crs_chosen(self, index: int) -> None:
        data = self.crs.itemData(index)
        if isinstance(data, tuple) and not self._filling:  # a guess says whether x and y are swapped
            self.swap.blockSignals(True)
            self.swap.setChecked(bool(data[1]))
            self.swap.blockSignals(False)
        self._crs_changed()

    def _crs_changed(self, *args) -> None:
        if self._filling:
            return
        wiz = self.wizard()
        crs, swap = self.chosen_crs()
        text = wiz.preview(crs, swap)
        self.placement.setText(text)
        self.notes.setText("\n".join(words_text(note) for note in wiz.layer.info.notes))
        image = wiz.last_preview
        if image is not None:
            self.preview.setPixmap(QPixmap.fromImage(image))

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        wiz = self.wizard()
        crs, swap = self.chosen_crs()
        if crs is None:
            wiz.error(self.tr("Choose a coordinate system"), self.tr("The file does not say which one it uses."))
            return False
        from qxmap.importing import CrsError, parse_crs

        try:
            parse_crs(crs)
        except CrsError as exc:
            wiz.error(self.tr("Unknown coordinate system"), error_text(exc))
            return False
        info = wiz.layer.info
        if crs == info.crs and not swap and not info.crs_doubtful:
            wiz.mapping.crs, wiz.mapping.swap_xy = None, False
        else:
            wiz.mapping.crs, wiz.mapping.swap_xy = crs, swap
        return True


def _confidence(widget, level: str) -> str:
    return {"certain": _tr("certain"), "high": _tr("high confidence"),
            "medium": _tr("medium confidence"), "low": _tr("low confidence")}.get(level, level)


def _crs_title(widget, name: str) -> str:
    return {"EPSG:4326": _tr("WGS-84 longitude/latitude (EPSG:4326, GPS)"),
            "EPSG:4490": _tr("CGCS2000 longitude/latitude (EPSG:4490)"),
            "EPSG:4547": _tr("CGCS2000 3° Gauss-Krüger CM 114°E (EPSG:4547)"),
            "EPSG:4526": _tr("CGCS2000 3° Gauss-Krüger zone 38 (EPSG:4526)"),
            "EPSG:3857": _tr("Web Mercator (EPSG:3857)"),
            "GCJ-02": _tr("GCJ-02 (AMap, Tencent)"),
            "BD-09": _tr("BD-09 (Baidu)")}.get(name, name)


class MappingPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.setTitle(self.tr("Fields and values"))
        self.setSubTitle(self.tr("Which field of the file is which qxmap field, and which value is which code. "
                                 "The suggestions are filled in; change what is wrong."))
        self.target = QComboBox(self)
        self.target.setObjectName("import-target")
        for code in TARGETS:
            self.target.addItem(self.tr("Reference layer (drawn, not tracked)") if code == "reference"
                                else labels.layer(code), code)
        self.target.activated.connect(self._target_chosen)
        self.title = QLineEdit(self)
        self.title.setObjectName("import-reference-title")
        self.fields = _table(self, [self.tr("qxmap field"), self.tr("Field in the file"), self.tr("Default")],
                             "import-fields")
        self.values = _table(self, [self.tr("Field"), self.tr("Value in the file"), self.tr("Count"),
                                    self.tr("qxmap value")], "import-values")
        self.unknown = QLabel(self)
        self.unknown.setObjectName("import-unknown")
        self.unknown.setTextFormat(Qt.TextFormat.PlainText)
        self.unknown.setWordWrap(True)
        # Which features to import: those whose value of one field is ticked (mapping.keep).
        self.keep_field = QComboBox(self)
        self.keep_field.setObjectName("import-keep-field")
        self.keep_field.currentIndexChanged.connect(self._keep_field_chosen)
        self.keep_values = QListWidget(self)
        self.keep_values.setObjectName("import-keep-values")
        self.keep_values.setMaximumHeight(88)
        self.keep_values.itemChanged.connect(self._keep_changed)
        self.update_only = QCheckBox(self.tr("Update the records the features match only (add no new records)"),
                                     self)
        self.update_only.setObjectName("import-update-only")
        self.update_only.toggled.connect(self._keep_changed)
        form = QFormLayout()
        form.addRow(self.tr("Import as:"), self.target)
        self.title_label = QLabel(self.tr("Layer name:"), self)
        form.addRow(self.title_label, self.title)
        form.addRow(self.tr("Only features whose field:"), self.keep_field)
        form.addRow(self.tr("is one of (ticked):"), self.keep_values)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.update_only)
        layout.addWidget(self.fields, 2)
        layout.addWidget(self.values, 3)
        layout.addWidget(self.unknown)
        self._filling = False

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        wiz = self.wizard()
        self.target.setCurrentIndex(max(0, self.target.findData(wiz.mapping.target)))
        if not self.title.text():
            self.title.setText(wiz.layer.info.name)
        self._fill()

    def _target_chosen(self, index: int) -> None:
        wiz = self.wizard()
        wiz.retarget(self.target.itemData(index))
        self._fill()

    def _fill(self) -> None:
        wiz = self.wizard()
        mapping, layer = wiz.mapping, wiz.layer
        reference = mapping.target == "reference"
        self.title.setVisible(reference)
        self.title_label.setVisible(reference)
        self._filling = True
        self.update_only.setVisible(not reference)
        self.update_only.setChecked(not mapping.add_new)
        self.keep_field.clear()
        self.keep_field.addItem(self.tr("(every feature)"), None)
        for column in layer.columns:
            self.keep_field.addItem(column, column)
        shown = next(iter(mapping.keep), None)  # (a mapping file may filter on more fields: those are kept)
        self.keep_field.setCurrentIndex(max(0, self.keep_field.findData(shown)))
        self._fill_keep(shown, mapping.keep.get(shown) if shown is not None else None)
        self.fields.setRowCount(0)
        for name in mapping.target_fields():
            if name in ("source", "geometry_accuracy") and not reference:
                continue  # where the geometry came from: the import says it
            row = self.fields.rowCount()
            self.fields.insertRow(row)
            self.fields.setItem(row, 0, _item(_field_title(self, name), name))
            self.fields.setCellWidget(row, 1, self._source_field_box(layer.columns, mapping.source_field(name)))
            choices = mapping.choices(name)
            if choices and not reference:
                default = QComboBox(self.fields)
                default.addItem("", "")
                for code in choices:
                    default.addItem(_code_label(name, code), code)
                default.setCurrentIndex(max(0, default.findData(mapping.defaults.get(name, ""))))
                default.currentIndexChanged.connect(self._fields_changed)
                self.fields.setCellWidget(row, 2, default)
        if not reference:  # not a qxmap field: the numbers that propose candidates (S358, X886)
            row = self.fields.rowCount()
            self.fields.insertRow(row)
            self.fields.setItem(row, 0, _item(self.tr("Road number (proposes matches)"), ROAD_NUMBER_ROW))
            self.fields.setCellWidget(row, 1, self._source_field_box(layer.columns, mapping.road_number))
        self._filling = False
        self._fill_values()

    def _source_field_box(self, columns: list[str], current: str | None) -> QComboBox:
        """A choice of the file's fields (or none) for the fields table, *current* chosen."""
        box = QComboBox(self.fields)
        box.addItem(self.tr("(none)"), None)
        for column in columns:
            box.addItem(column, column)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.currentIndexChanged.connect(self._fields_changed)
        return box

    def _fill_keep(self, column: str | None, kept: list[str] | None) -> None:
        """The values of *column*, ticked where *kept* has them (all, when None)."""
        from qxmap.importing.mapping import count_values

        filling, self._filling = self._filling, True
        self.keep_values.clear()
        self.keep_values.setEnabled(column is not None)
        if column is not None and column in self.wizard().layer.frame.columns:
            wanted = None if kept is None else set(kept)
            for raw, n in count_values(self.wizard().layer.frame[column]).most_common(MAX_KEEP_VALUES):
                item = QListWidgetItem(f"{raw} ({n})")  # list items never render rich text
                item.setData(Qt.ItemDataRole.UserRole, raw)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                ticked = wanted is None or raw in wanted
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                self.keep_values.addItem(item)
        self._filling = filling

    def _keep_field_chosen(self, index: int) -> None:
        if self._filling:
            return
        self._fill_keep(self.keep_field.itemData(index), None)  # a new field: every value ticked to begin with
        self._keep_changed()

    def _keep_changed(self, *args) -> None:
        if not self._filling:
            self.collect()

    def _fill_values(self) -> None:
        from qxmap.importing.mapping import convert_column, count_values

        wiz = self.wizard()
        mapping, layer = wiz.mapping, wiz.layer
        self._filling = True
        self.values.setRowCount(0)
        for src, qf in mapping.fields.items():
            choices = mapping.choices(qf)
            if not choices or src not in layer.frame.columns:
                continue
            counts = count_values(layer.frame[src])
            for raw, n in counts.most_common(200):
                converted, _ = convert_column(mapping, qf, pd.Series([raw], dtype=object))
                code = converted[0]
                row = self.values.rowCount()
                self.values.insertRow(row)
                self.values.setItem(row, 0, _item(_field_title(self, qf), qf))
                self.values.setItem(row, 1, _item(raw, raw))
                self.values.setItem(row, 2, _item(n))
                box = QComboBox(self.values)
                box.addItem(self.tr("(unknown: skipped)"), None)
                box.addItem(self.tr("(no value)"), "")
                for choice in choices:
                    box.addItem(_code_label(qf, choice), choice)
                mapped = mapping.values.get(qf, {}).get(raw)
                if mapped is not None:
                    box.setCurrentIndex(max(0, box.findData(mapped)))
                elif code is not None:
                    box.setCurrentIndex(max(0, box.findData(code)))
                box.currentIndexChanged.connect(self._values_changed)
                self.values.setCellWidget(row, 3, box)
        self._filling = False
        self._show_unknown()

    def _show_unknown(self) -> None:
        wiz = self.wizard()
        unknown = wiz.mapping.unknown_values(wiz.layer)
        if not unknown:
            self.unknown.setText("")
            return
        parts = [f"{_field_title(self, f)}: " + ", ".join(f"'{v}' ({n})" for v, n in vs[:10])
                 for f, vs in unknown.items()]
        self.unknown.setText(self.tr("Values with no qxmap code (those features are skipped): %1")
                             .replace("%1", "; ".join(parts)))

    def _fields_changed(self, *args) -> None:
        if not self._filling:
            self.collect()
            self._fill_values()

    def _values_changed(self, *args) -> None:
        if not self._filling:
            self.collect()
            self._show_unknown()

    def collect(self) -> None:
        """The mapping from the tables."""
        mapping = self.wizard().mapping
        fields: dict[str, str] = {}
        defaults: dict[str, str] = {}
        mapping.road_number = None
        for row in range(self.fields.rowCount()):
            name = self.fields.item(row, 0).data(Qt.ItemDataRole.UserRole)
            src = self.fields.cellWidget(row, 1).currentData()
            if name == ROAD_NUMBER_ROW:
                mapping.road_number = src or None
            elif src:
                fields[src] = name
            default = self.fields.cellWidget(row, 2)
            if isinstance(default, QComboBox) and default.currentData():
                defaults[name] = default.currentData()
        mapping.fields = fields
        mapping.defaults = defaults
        shown = self.keep_field.currentData()
        listed = next(iter(mapping.keep), None)  # the field the list showed before (any others stay as they are)
        keep = {k: v for k, v in mapping.keep.items() if k not in (shown, listed)}
        if shown is not None:
            keep = {shown: [self.keep_values.item(i).data(Qt.ItemDataRole.UserRole)
                            for i in range(self.keep_values.count())
                            if self.keep_values.item(i).checkState() == Qt.CheckState.Checked], **keep}
        mapping.keep = keep
        mapping.add_new = mapping.target == "reference" or not self.update_only.isChecked()
        values: dict[str, dict[str, str]] = {}
        for row in range(self.values.rowCount()):
            qf = self.values.item(row, 0).data(Qt.ItemDataRole.UserRole)
            raw = self.values.item(row, 1).data(Qt.ItemDataRole.UserRole)
            code = self.values.cellWidget(row, 3).currentData()
            if code is not None and mapping.source_field(qf) is not None:
                values.setdefault(qf, {})[str(raw)] = code
        mapping.values = values

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        from qxmap.importing import MappingError

        self.collect()
        wiz = self.wizard()
        wiz.reference_title = self.title.text().strip() or wiz.layer.info.name
        try:
            wiz.mapping.check(wiz.layer, where=wiz.layer.id)
        except MappingError as exc:
            wiz.error(self.tr("The mapping does not fit the file"), error_text(exc))
            return False
        return True


def _field_title(widget, name: str) -> str:
    titles = {"id": _tr("Id"), "name_zh": _tr("Name (Chinese)"), "name_en": _tr("Name (English)"),
              "category": labels.column_title("category"), "status": labels.column_title("status"),
              "phase": labels.column_title("phase"), "start": labels.column_title("start"),
              "target": labels.column_title("target"), "progress": labels.column_title("progress"),
              "kind": _tr("Kind"), "road": _tr("Expressway"), "note": labels.field_title("note"),
              "source": _tr("Source"), "geometry_accuracy": labels.column_title("accuracy")}
    return titles.get(name, name)


def _code_label(field: str, code: str) -> str:
    if field == "status":
        return labels.status(code)
    if field == "phase":
        return labels.phase(code)
    if field == "category":
        return labels.category(code)
    if field == "kind":
        return labels.kind(code)
    if field == "geometry_accuracy":
        return labels.accuracy(code)
    return code


class ReviewPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.setTitle(self.tr("Review and import"))
        self.setSubTitle(self.tr("What the import does. Similar names are only candidates: tick the ones that "
                                 "are the same record."))
        self.match = QComboBox(self)
        self.match.setObjectName("import-match")
        for code, text in (("auto", self.tr("by id, then by name")), ("id", self.tr("by id only")),
                           ("name", self.tr("by name only")), ("none", self.tr("never: all new records"))):
            self.match.addItem(text, code)
        self.match.activated.connect(lambda *_: self.replan())
        self.summary = QLabel(self)
        self.summary.setObjectName("import-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.candidates = _table(self, [self.tr("Same?"), self.tr("Feature in the file"), self.tr("Record"),
                                        self.tr("Score")], "import-candidates")
        self.candidates.itemChanged.connect(self._candidate_ticked)
        self.skipped = _table(self, [self.tr("Feature"), self.tr("Why it is skipped")], "import-skipped")
        self.warnings = QLabel(self)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setWordWrap(True)
        save = QPushButton(self.tr("Save &mapping..."), self)
        save.clicked.connect(self.save_mapping)
        form = QFormLayout()
        form.addRow(self.tr("Match records:"), self.match)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Similar records (confirm to update them instead of adding):"), self))
        layout.addWidget(self.candidates, 2)
        layout.addWidget(QLabel(self.tr("Skipped features:"), self))
        layout.addWidget(self.skipped, 2)
        layout.addWidget(self.warnings)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        layout.addLayout(row)
        self._filling = False

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        self.replan()

    def replan(self) -> None:
        wiz = self.wizard()
        if not wiz.plan_now(self.match.currentData()):
            self.summary.setText(self.tr("The import cannot be planned."))
            return
        plan = wiz.plan
        c = plan.counts
        text = (self.tr("%1 matched, %2 new, %3 reference, %4 skipped").replace("%1", str(c["matched"]))
                .replace("%2", str(c["added"])).replace("%3", str(c["reference"])).replace("%4", str(c["skipped"])))
        if c["merged"]:
            text += "; " + self.tr("%1 piece(s) merged into others").replace("%1", str(c["merged"]))
        self.summary.setText(text)
        self._filling = True
        self.candidates.setRowCount(0)
        confirmed = wiz.mapping.matches
        for cand in plan.candidates.itertuples():
            row = self.candidates.rowCount()
            self.candidates.insertRow(row)
            key = wiz.match_key(int(cand.row))
            tick = _item("", (int(cand.row), cand.record_id))
            tick.setFlags(tick.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Checked if key is not None and confirmed.get(key) == cand.record_id
                               else Qt.CheckState.Unchecked)
            self.candidates.setItem(row, 0, tick)
            self.candidates.setItem(row, 1, _item(plan._label(int(cand.row))))
            self.candidates.setItem(row, 2, _item(f"{cand.record_name} ({cand.record_id})"))
            self.candidates.setItem(row, 3, _item(f"{cand.score:.2f}"))
            self.candidates.item(row, 3).setToolTip(words_text(cand.reason))
        self.skipped.setRowCount(0)
        skipped = plan.as_dict()["skipped"]
        for entry in skipped[:SKIPPED_ROWS]:
            row = self.skipped.rowCount()
            self.skipped.insertRow(row)
            self.skipped.setItem(row, 0, _item(entry["label"]))
            self.skipped.setItem(row, 1, _item(self.tr("; ").join(words_text(r) for r in entry["reasons"])))
        more = len(skipped) - SKIPPED_ROWS
        if more > 0:  # a city's network may skip thousands: the count, not a row each
            row = self.skipped.rowCount()
            self.skipped.insertRow(row)
            self.skipped.setItem(row, 0, _item("…"))
            text = self.tr("%1 more skipped features are not listed (the summary above counts them)")
            self.skipped.setItem(row, 1, _item(text.replace("%1", str(more))))
        self._filling = False
        self.warnings.setText("\n".join(words_text(w) for w in plan.warnings))
        self.completeChanged.emit()

    def _candidate_ticked(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        wiz = self.wizard()
        row, record_id = item.data(Qt.ItemDataRole.UserRole)
        key = wiz.match_key(row)
        if key is None:
            return
        if item.checkState() == Qt.CheckState.Checked:
            wiz.mapping.matches[key] = record_id
        elif wiz.mapping.matches.get(key) == record_id:
            del wiz.mapping.matches[key]
        self.replan()

    def save_mapping(self) -> None:
        wiz = self.wizard()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the mapping"),
                                              str(Path(wiz.start_dir) / (Path(wiz.layer.info.name).stem + ".toml")),
                                              self.tr("Import mapping (*.toml)"))
        if path:
            wiz.save_mapping(path)

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return self.wizard().plan is not None

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        return self.wizard().finish_import()


# --------------------------------------------------------------------------
# The wizard


class ImportWizard(QWizard):
    """The import wizard of one workspace controller (see the module docstring).
    ``last_error`` is the last error box shown; ``change`` the import handed over."""

    def __init__(self, controller, path: str | Path | None = None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Import"))
        self.setObjectName("import-wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Import"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.start_dir = str(Path(path).parent) if path else ""
        self.path: str | None = None
        self.info = None
        self.layer = None
        self.mapping = None
        self.plan = None
        self.change = None
        self.reference_title = None
        self.last_preview: QImage | None = None
        self.last_error: QMessageBox | None = None
        self.file_page = FilePage(self)
        self.layer_page = LayerPage(self)
        self.crs_page = CrsPage(self)
        self.mapping_page = MappingPage(self)
        self.review_page = ReviewPage(self)
        for page in (self.file_page, self.layer_page, self.crs_page, self.mapping_page, self.review_page):
            self.addPage(page)
        if path:
            self.file_page.path_edit.setText(str(path))
        self.resize(860, 640)

    # ---- the workspace

    @property
    def dataset(self):
        ws = self.controller.ws
        return ws.dataset if ws is not None else None

    def near(self):
        dataset = self.dataset
        if dataset is None:
            return None
        from qxmap.mappage import town_bounds

        (south, west), (north, east) = town_bounds(dataset)
        return ((west + east) / 2, (south + north) / 2)

    # ---- steps

    def inspect(self, path: str) -> bool:
        from qxmap.importing import SourceError, inspect_source

        try:
            self.info = run_busy(self, self.tr("Reading %1…").replace("%1", Path(path).name),
                                 inspect_source, path, near=self.near())
        except Cancelled:
            return False
        except SourceError as exc:
            self.file_page.error.setText(error_text(exc))
            self.error(self.tr("%1 cannot be read").replace("%1", Path(path).name), error_text(exc),
                       "\n".join(f"{s.file}: {words_text(s.reason)}" for s in exc.skipped) or None)
            return False
        self.path = path
        self.start_dir = str(Path(path).parent)
        return True

    def read(self, layer_id: str | None, encoding: str | None) -> bool:
        """Read the layer (again, with *encoding*) and suggest a mapping for it."""
        from qxmap.importing import SourceError, read_layer, suggest_mapping

        try:
            layer = run_busy(self, self.tr("Reading %1…").replace("%1", Path(self.path).name),
                             read_layer, self.path, layer_id, encoding=encoding, near=self.near())
        except Cancelled:
            return False
        except SourceError as exc:
            self.error(self.tr("The layer cannot be read"), error_text(exc))
            return False
        keep_target = self.mapping.target if (self.mapping is not None and self.layer is not None
                                              and self.layer.id == layer.id) else None
        self.layer = layer
        self.mapping = suggest_mapping(layer, target=keep_target)
        if encoding is not None:
            self.mapping.encoding = encoding
        self.plan = None
        return True

    def retarget(self, target: str) -> None:
        from qxmap.importing import suggest_mapping

        old = self.mapping
        self.mapping = suggest_mapping(self.layer, target=target)
        self.mapping.crs, self.mapping.swap_xy, self.mapping.encoding = old.crs, old.swap_xy, old.encoding
        self.mapping.keep, self.mapping.add_new = dict(old.keep), old.add_new  # the filter the user chose

    def preview(self, crs: str | None, swap: bool) -> str:
        """Draw the layer with *crs* (into ``last_preview``); a sentence on where it lands."""
        from qxmap.importing import CrsError
        from qxmap.importing.crs import in_china

        boundary = list(self.dataset.layers["boundary"].geometry) if self.dataset is not None else []
        geoms = []
        if crs:
            try:
                geoms = list(self.layer.to_wgs84(crs, swap))
            except (CrsError, ValueError):
                geoms = []
        self.last_preview = draw_preview(boundary, geoms)
        live = [g for g in geoms if g is not None and not g.is_empty]
        if not crs:
            return self.tr("Choose a coordinate system to see where the data lands.")
        if not live:
            return self.tr("With this coordinate system the data cannot be placed.")
        with np.errstate(invalid="ignore"):
            b = shapely.bounds(np.asarray(live, dtype=object))
        cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
        ok = np.isfinite(cx) & np.isfinite(cy)
        if not ok.any() or not in_china(cx[ok], cy[ok]).any():
            return self.tr("With this coordinate system the data lands outside China or at sea: "
                           "it is probably the wrong one.")
        near = self.near()
        if near is not None:
            from qxmap.importing.crs import distance_km

            km = float(np.median(distance_km(cx[ok], cy[ok], near[0], near[1])))
            if km > 30:
                return self.tr("The data lands %1 km from the town: is the coordinate system right?") \
                    .replace("%1", f"{km:.0f}")
        return self.tr("The data lands in or near the town.")

    def match_key(self, row: int) -> str | None:
        """The source name (or id) a confirmed match of feature *row* is keyed by."""
        for qf in ("name_zh", "id"):
            src = self.mapping.source_field(qf)
            if src is not None:
                from qxmap.importing.sources import value_text

                text = value_text(self.layer.frame[src].iloc[row])
                if text:
                    return text
        return None

    def plan_now(self, match: str = "auto") -> bool:
        from qxmap.importing import MappingError
        from qxmap.workspace import plan_for

        try:
            self.plan = run_busy(self, self.tr("Matching the features with the workspace…"),
                                 plan_for, self.layer, self.mapping, self.dataset, match=match or "auto")
        except Cancelled:
            self.plan = None
            return False
        except (MappingError, ValueError) as exc:
            self.plan = None
            self.error(self.tr("The import cannot be planned"), error_text(exc))
            return False
        return True

    def save_mapping(self, path) -> bool:
        from qxmap.importing import save_mapping

        try:
            save_mapping(self.mapping, path)
        except OSError as exc:
            self.error(self.tr("The mapping was not saved"), f"{path}: {exc.strerror or exc}")
            return False
        return True

    def finish_import(self) -> bool:
        """Hand the change to the workspace controller (one undoable step)."""
        from qxmap.workspace import EditRefused, change_from_plan

        if self.plan is None or self.controller.ws is None:
            return False
        try:
            change = change_from_plan(self.plan, self.controller.ws.dataset, reference_title=self.reference_title)
        except EditRefused as exc:
            self.error(self.tr("The import cannot be applied"), error_text(exc))
            return False
        if change.is_empty:
            self.error(self.tr("Nothing to import"), self.tr("Every feature is skipped or changes nothing."))
            return False
        if not self.controller.import_change(change):
            return False
        self.change = change
        return True

    def error(self, title: str, text: str, details: str | None = None) -> None:
        self.last_error = plaintext.show_message(QMessageBox.Icon.Warning, self.tr("Import"), title, self,
                                                 informative=text, details=details, name="import-error")


__all__ = ["ImportWizard", "draw_preview", "file_filters", "is_source_file", "SOURCE_SUFFIXES"]
