"""Pinning a planning drawing on the map with control points (issue 12 §3).

:class:`GeorefDialog` is non-modal: the drawing in a zoomable view on its
left (wheel zooms, dragging pans), the control points on its right, and the
map stays in the main window.  A click on the drawing marks a spot; the next
click on the map (the page's "overlay-pin" tool, reported as
``("overlay", {"action": "pin", "point": [lat, lon]})``, WGS-84) pins it
there.  Each change fits again (:func:`qxmap.georef.fit`, affine or
similarity): every point's residual in metres, the RMS, a check to leave a
point out (it then stays as an independent check) and Delete to drop it.
While the fit holds, the drawing is previewed on the map; fewer than 3
points, points on one line or an RMS above the limit are refused with the
core's words, and the drawing cannot be placed.

The dialog only edits a :class:`~qxmap.georef.PlanOverlay`; the
:class:`~qxmap.ui.overlaypanel.OverlayManager` stores it and shows it
(``placed`` signal).  Names and paths are shown as plain text.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qxmap.georef import ControlPoint, GeorefError, PlanOverlay
from qxmap.ui.problemtext import error_text, words_text

#: The page key of the preview drawn while pinning.
PREVIEW_KEY = "georef-preview"
COLUMNS = ("#", "x", "y", "lon", "lat", "residual", "use")


class ImageView(QGraphicsView):
    """The drawing: the wheel zooms about the pointer, a drag pans, a click (the pointer
    moved less than a few pixels) emits ``clicked`` with the spot in the PNG's pixels."""

    clicked = Signal(float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setObjectName("georef-image")
        self._press = None
        self._marks: list = []

    def set_png(self, png: bytes) -> bool:
        pixmap = QPixmap()
        if not pixmap.loadFromData(png, "PNG"):
            return False
        self.scene().clear()
        self._marks = []
        self.scene().addPixmap(pixmap)
        self.scene().setSceneRect(0, 0, pixmap.width(), pixmap.height())
        return True

    def fit_all(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event):  # noqa: N802 (Qt name)
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)

    def mousePressEvent(self, event):  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event):  # noqa: N802 (Qt name)
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position() - press).manhattanLength() <= 4:
            spot = self.mapToScene(event.position().toPoint())
            rect = self.scene().sceneRect()
            if rect.contains(spot):
                self.clicked.emit(spot.x(), spot.y())

    def show_marks(self, marks: list[tuple[int, float, float, bool]], pending: tuple[float, float] | None) -> None:
        """Numbered marks (n, x, y, used) at PNG pixels, and the spot waiting for its map click."""
        for item in self._marks:
            self.scene().removeItem(item)
        self._marks = []
        size = 7.0
        for n, x, y, used in marks:
            colour = QColor("#d7191c") if used else QColor("#888888")
            self._mark(x, y, size, colour, str(n))
        if pending is not None:
            self._mark(pending[0], pending[1], size, QColor("#1f78b4"), "?")

    def _mark(self, x: float, y: float, size: float, colour: QColor, text: str) -> None:
        dot = QGraphicsEllipseItem(-size, -size, 2 * size, 2 * size)
        dot.setPos(QPointF(x, y))
        dot.setPen(QPen(QColor("white"), 2))
        dot.setBrush(QBrush(colour))
        dot.setFlag(QGraphicsEllipseItem.GraphicsItemFlag.ItemIgnoresTransformations)
        label = QGraphicsSimpleTextItem(text, dot)  # plain text
        label.setBrush(QBrush(colour))
        label.setPos(size + 2, -size - 4)
        self.scene().addItem(dot)
        self._marks.append(dot)


class GeorefDialog(QDialog):
    """Control points for one drawing (see the module).  ``placed(overlay)`` when the user
    places it; ``closed()`` however it ends."""

    placed = Signal(object)
    closed = Signal()

    def __init__(self, manager, overlay: PlanOverlay, image, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pin the drawing on the map: %1").replace("%1", overlay.name))
        self.setObjectName("georef-dialog")
        self.setModal(False)
        self.manager = manager
        self.view = manager.view
        self.image = image  # OverlayImage: png, full and shown sizes
        self.overlay = replace(overlay, kind="affine" if overlay.kind == "file" else overlay.kind,
                               control_points=list(overlay.control_points))
        self.pending: tuple[float, float] | None = None  # full-size pixels of the spot clicked on the drawing
        self.result = None  # the last FitResult (None: no fit)
        self.problem = ""   # why there is no acceptable fit, in words
        self._filling = False

        self.image_view = ImageView(self)
        self.image_view.set_png(image.png)
        self.image_view.clicked.connect(self._on_image_click)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("control-points")
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Image x"), self.tr("Image y"),
                                              self.tr("Longitude"), self.tr("Latitude"),
                                              self.tr("Residual (m)"), self.tr("Use")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._on_item_changed)

        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("fit-kind")
        self.kind_box.addItem(self.tr("Affine (scale, rotation, shear)"), "affine")
        self.kind_box.addItem(self.tr("Similarity / Helmert (one scale, rotation)"), "similarity")
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(self.overlay.kind)))
        self.kind_box.currentIndexChanged.connect(self._on_kind)
        self.delete_button = QPushButton(self.tr("&Delete point"), self)
        self.delete_button.clicked.connect(self.delete_selected)

        self.rms_label = QLabel(self)
        self.rms_label.setObjectName("fit-rms")
        self.rms_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(self)
        self.message.setObjectName("fit-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)

        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setObjectName("georef-opacity")
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(self.overlay.opacity * 100))
        self.opacity.valueChanged.connect(self._on_opacity)

        self.buttons = QDialogButtonBox(self)
        self.place_button = self.buttons.addButton(self.tr("&Place on the map"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.place)
        self.buttons.rejected.connect(self.reject)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.hint)
        side_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Transform:"), self))
        row.addWidget(self.kind_box, 1)
        row.addWidget(self.delete_button)
        side_layout.addLayout(row)
        side_layout.addWidget(self.rms_label)
        side_layout.addWidget(self.message)
        op_row = QHBoxLayout()
        op_row.addWidget(QLabel(self.tr("Opacity:"), self))
        op_row.addWidget(self.opacity, 1)
        side_layout.addLayout(op_row)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.image_view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 560)

        self.view.tool_event.connect(self._on_tool_event)
        self.view.ready.connect(self._on_page_ready)
        self.finished.connect(self._on_finished)
        self.refit()

    # ------------------------------------------------------------ clicks

    def start(self) -> None:
        """Show the dialog beside the map (the planner clicks the drawing, then the map)
        and the pin tool on the map."""
        self.setGeometry(self.beside_map())
        if self.width() < 700:  # a column: the drawing above its points
            self.splitter.setOrientation(Qt.Orientation.Vertical)
            self.splitter.setSizes([self.height() * 2 // 5, self.height() * 3 // 5])
        self.show()
        self.image_view.fit_all()
        self._pin_tool()

    def beside_map(self) -> QRect:
        """Where the dialog first goes: over the panel left of the map, as tall as the
        window, so that the map stays in view (it would cover it in the middle)."""
        window = self.parentWidget()
        if window is None or not self.view.isVisible():
            return self.geometry()
        frame = window.geometry()
        map_left = self.view.mapToGlobal(QPoint(0, 0)).x()
        width = min(max(map_left - frame.left() + 40, 440), max(440, frame.width() * 2 // 5))
        return QRect(frame.left(), frame.top(), width, frame.height())

    def _pin_tool(self) -> None:
        if self.view.active_tool != "overlay-pin":
            self.view.enable_tool("overlay-pin")

    def _on_image_click(self, x: float, y: float) -> None:
        img = self.image
        self.pending = (x * img.width / img.display_width, y * img.height / img.display_height)
        self._pin_tool()  # (another tool may have taken the map meanwhile)
        self._show_points()

    def _on_tool_event(self, name: str, payload: dict) -> None:
        if name != "overlay" or payload.get("action") != "pin" or not self.isVisible():
            return
        lat, lon = payload["point"]
        self.pin(lon, lat)

    def pin(self, lon: float, lat: float) -> bool:
        """The spot clicked on the drawing is at (lon, lat) (WGS-84): a new control point."""
        if self.pending is None:
            self.hint.setText(self.tr("Click a spot on the drawing first, then the same spot on the map."))
            return False
        x, y = self.pending
        self.pending = None
        try:
            point = ControlPoint(float(x), float(y), float(lon), float(lat), label=str(len(self.overlay.control_points) + 1))
        except GeorefError as exc:
            self.hint.setText(error_text(exc))
            return False
        self.overlay.control_points.append(point)
        self.refit()
        return True

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            if 0 <= r < len(self.overlay.control_points):
                del self.overlay.control_points[r]
        if rows:
            self.refit()

    def set_point_used(self, index: int, used: bool) -> None:
        self.overlay.control_points = PlanOverlay.with_point_enabled(self.overlay.control_points, index, used)
        self.refit()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != COLUMNS.index("use"):
            return
        self.set_point_used(item.row(), item.checkState() == Qt.CheckState.Checked)

    def _on_kind(self) -> None:
        self.overlay.kind = self.kind_box.currentData()
        self.refit()

    def _on_opacity(self, value: int) -> None:
        self.overlay.opacity = value / 100.0
        self.view.set_overlay(PREVIEW_KEY, opacity=self.overlay.opacity)

    # ------------------------------------------------------------ fitting

    def refit(self) -> None:
        """Fit the points again; the table, the RMS, the message, the preview and the markers follow."""
        img = self.image
        self.result, self.problem = None, ""
        try:
            self.result = self.overlay.fit(image_size=(img.width, img.height))
        except GeorefError as exc:
            self.problem = self.tr("The drawing cannot be placed yet: %1").replace("%1", error_text(exc))
        else:
            if not self.result.acceptable:
                self.problem = self.tr("The fit is not acceptable: %1").replace("%1", words_text(self.result.message))
        self._show_points()
        result = self.result
        if result is None:
            self.rms_label.setText(self.tr("RMS: no fit yet (%1 point(s))")
                                   .replace("%1", str(len(self.overlay.control_points))))
            self.message.setText(self.problem)
        else:
            self.rms_label.setText(self.tr("RMS: %1 m over %2 point(s)").replace("%1", f"{result.rms_m:.2f}")
                                   .replace("%2", str(result.n_used)))
            self.message.setText(self.problem or words_text(result.message))
        self.place_button.setEnabled(result is not None and result.acceptable)
        self._preview()

    def _show_points(self) -> None:
        points = self.overlay.control_points
        result = self.result
        self._filling = True
        self.table.setRowCount(len(points))
        for r, p in enumerate(points):
            residual = f"{result.residuals_m[r]:.2f}" if result is not None and r < len(result.residuals_m) else ""
            cells = (str(r + 1), f"{p.x:.1f}", f"{p.y:.1f}", f"{p.lon:.6f}", f"{p.lat:.6f}", residual)
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
            use = QTableWidgetItem()
            use.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            use.setCheckState(Qt.CheckState.Checked if p.enabled else Qt.CheckState.Unchecked)
            self.table.setItem(r, COLUMNS.index("use"), use)
        self._filling = False
        img = self.image
        sx, sy = img.display_width / img.width, img.display_height / img.height
        self.image_view.show_marks([(i + 1, p.x * sx, p.y * sy, p.enabled) for i, p in enumerate(points)],
                                   None if self.pending is None else (self.pending[0] * sx, self.pending[1] * sy))
        self.view.set_overlay_markers([{"n": i + 1, "lat": p.lat, "lon": p.lon, "enabled": p.enabled}
                                       for i, p in enumerate(points)])
        if self.pending is not None:
            self.hint.setText(self.tr("Now click the same spot on the map."))
        else:
            self.hint.setText(self.tr("Click a spot on the drawing (a crossing, a corner), then the same spot "
                                      "on the map. At least 3 points, spread over the drawing."))

    def _preview(self) -> None:
        if self.result is None:
            self.view.remove_overlay(PREVIEW_KEY)
            return
        spec = self.manager.page_spec(self.result.transform, self.image, self.overlay.opacity, True, [],
                                      PREVIEW_KEY)
        if spec is None:
            self.view.remove_overlay(PREVIEW_KEY)
        else:
            self.view.show_overlay(PREVIEW_KEY, spec)

    def _on_page_ready(self, state) -> None:
        if self.isVisible():  # a new page: the preview, markers and tool again
            self._show_points()
            self._preview()
            self._pin_tool()

    # ------------------------------------------------------------ ending

    def place(self) -> None:
        if self.result is None or not self.result.acceptable:
            return
        self.placed.emit(self.overlay)
        self.accept()

    def _on_finished(self, code: int) -> None:
        self.view.tool_event.disconnect(self._on_tool_event)
        self.view.ready.disconnect(self._on_page_ready)
        self.view.remove_overlay(PREVIEW_KEY)
        self.view.set_overlay_markers(None)
        self.view.disable_tool("overlay-pin")
        self.manager.forget_blob(PREVIEW_KEY)
        self.closed.emit()
