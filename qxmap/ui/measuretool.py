"""The measure tool: distances and areas clicked on the map, measured on the ellipsoid.

The page only collects the clicked points (as displayed); the numbers come
from qxmap.measure (pyproj's geodesic on WGS-84), after the points are shifted
back from GCJ-02 when an AMap basemap shifts the display.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel

from qxmap import measure
from qxmap.ui import labels


class MeasureTool(QObject):
    """Adds Tools > Measure distance / area to a MainWindow."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.mode: str | None = None
        self.result_m: float | None = None
        self.result_km2: float | None = None
        self.label = QLabel(window)
        self.label.setObjectName("measure-result")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(self.label)

        menu = window.menuBar().addMenu(self.tr("&Tools"))
        self.menu = menu
        group = QActionGroup(self)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.distance_action = QAction(self.tr("Measure &distance"), self)
        self.distance_action.setShortcut(QKeySequence("Ctrl+M"))
        self.area_action = QAction(self.tr("Measure &area"), self)
        self.area_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        for action, mode in ((self.distance_action, "distance"), (self.area_action, "area")):
            action.setCheckable(True)
            group.addAction(action)
            menu.addAction(action)
            action.toggled.connect(lambda on, m=mode: self.set_mode(m if on else None) if on or self.mode == m else None)
        self.clear_action = QAction(self.tr("&Stop measuring"), self)
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_action.triggered.connect(lambda: self.set_mode(None))
        menu.addAction(self.clear_action)
        window.map_view.measure_changed.connect(self._on_points)
        window.map_view.ready.connect(lambda state: self.set_mode(None))

    def set_mode(self, mode: str | None) -> None:
        """"distance", "area" or None (off); starting again clears the points."""
        self.mode = mode
        self.result_m = self.result_km2 = None
        for action, m in ((self.distance_action, "distance"), (self.area_action, "area")):
            action.blockSignals(True)
            action.setChecked(mode == m)
            action.blockSignals(False)
        self.window.map_view.set_measure_mode(mode)
        self.label.setText(self.tr("Click on the map to measure; Esc stops.") if mode else "")

    def _wgs84(self, points: list) -> list[tuple[float, float]]:
        """(lon, lat) in WGS-84 from the page's displayed [lat, lon] points."""
        lonlats = [(float(lon), float(lat)) for lat, lon in points]
        if getattr(self.window, "basemap", None) is not None and self.window.basemap.shifted:
            from qxmap.gcj02 import gcj_to_wgs

            lonlats = [gcj_to_wgs(lon, lat) for lon, lat in lonlats]
        return lonlats

    def _on_points(self, kind: str, points: list) -> None:
        lonlats = self._wgs84(points)
        lang = "zh_CN" if labels.data_lang() == "zh" else "en"
        if kind == "area":
            if len(lonlats) < 3:
                self.label.setText(self.tr("Area: click at least three points"))
                return
            self.result_km2 = measure.polygon_area_km2(lonlats)
            perimeter = measure.polygon_perimeter_m(lonlats)
            text = measure.format_area(self.result_km2, lang)
            self.label.setText(self.tr("Area: %1 (perimeter %2)").replace("%1", text)
                               .replace("%2", measure.format_distance(perimeter, lang)))
        else:
            if len(lonlats) < 2:
                self.label.setText(self.tr("Distance: click the next point"))
                return
            self.result_m = measure.path_length_m(lonlats)
            text = measure.format_distance(self.result_m, lang)
            self.label.setText(self.tr("Distance: %1").replace("%1", text))
        self.window.map_view.show_measure_result(text)
