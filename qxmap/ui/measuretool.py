"""The measure tool: distances and areas clicked on the map, measured on the ellipsoid.

The page's "measure" tool (a Leaflet handler, see resources/page/qxmap-page.js)
only collects the clicked points, in WGS-84 like every coordinate from the
page; the numbers come from qxmap.measure (pyproj's geodesic on WGS-84) and
go back to the page as text to show at the last point.  The page is the
truth about which tool is active (Esc in the map stops it too): the menu
follows its "tools" reports.
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

        menu = window.tools_menu()
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
        self.clear_action.setEnabled(False)
        window.map_view.tool_event.connect(self._on_tool_event)
        window.map_view.ready.connect(lambda state: self.set_mode(None))

    def set_mode(self, mode: str | None) -> None:
        """"distance", "area" or None (off); starting again clears the points."""
        self._show_mode(mode)
        if mode:
            self.window.map_view.enable_tool("measure", mode=mode)
        else:
            self.window.map_view.disable_tool("measure")

    def _show_mode(self, mode: str | None) -> None:
        """The menu and the status bar for *mode* (the page is told separately)."""
        self.mode = mode
        self.result_m = self.result_km2 = None
        for action, m in ((self.distance_action, "distance"), (self.area_action, "area")):
            action.blockSignals(True)
            action.setChecked(mode == m)
            action.blockSignals(False)
        self.label.setText(self.tr("Click on the map to measure; Esc stops.") if mode else "")
        # Esc is Qt's only while measuring: otherwise it reaches the map (the drawing tool's cancel).
        self.clear_action.setEnabled(mode is not None)

    def _on_tool_event(self, name: str, payload: dict) -> None:
        if name == "tools":
            # The page changed its active tool (a command, or Esc in the map): follow it.
            mode = None
            if payload.get("active") == "measure":
                mode = "area" if (payload.get("options") or {}).get("mode") == "area" else "distance"
            if mode != self.mode:
                self._show_mode(mode)
        elif name == "measure" and payload["kind"] == self.mode:
            self._on_points(payload["kind"], payload["points"])

    def _on_points(self, kind: str, points: list) -> None:
        lonlats = [(float(lon), float(lat)) for lat, lon in points]  # WGS-84, as everything from the page
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
        self.window.map_view.update_tool("measure", result=text)
