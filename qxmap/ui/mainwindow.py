"""The main window: the map in the middle, the road status panel and the
layer panel beside it.

The window owns one :class:`~qxmap.model.Session` and builds the views that
follow it: the map (through :class:`~qxmap.ui.mapadapter.MapAdapter`), the
table, the summary, the details pane, the layer panel.  A view changes the
session (a filter, a selection, a layer toggled) and every view, itself
included, follows the session's events; no view reaches into another.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qxmap import paths
from qxmap.dataset import Dataset, DatasetError, load_dataset
from qxmap.filtering import RoadFilter
from qxmap.model import Session
from qxmap.ui import labels, plaintext
from qxmap.ui.problemtext import problem_lines
from qxmap.ui.background import Cancelled, run_busy
from qxmap.ui.basemapmenu import BasemapController
from qxmap.ui.exportdialog import attach_export_actions
from qxmap.ui.mapadapter import MapAdapter
from qxmap.ui.importwizard import file_filters, is_source_file
from qxmap.ui.mapview import MapView
from qxmap.ui.drawtool import DrawTool
from qxmap.ui.measuretool import MeasureTool
from qxmap.ui.overlaypanel import attach_overlays
from qxmap.ui.panels import DetailsPane, ElidedLabel, FilterPanel, LayerPanel, SummaryLabel
from qxmap.ui.referencepanel import ReferencePanel
from qxmap.ui.workspace_controller import WorkspaceController
from qxmap.ui.dashboard import attach_tracking
from qxmap.ui.roadmodel import RoadFilterProxy, RoadTableModel, selected_ids


#: Up to this many records saved at once, the table refreshes their rows one by one.
ROWS_ONE_BY_ONE = 64


class MainWindow(QMainWindow):
    """qxmap's window. `dataset_loaded` fires after a dataset is shown."""

    dataset_loaded = Signal(object)
    filter_applied = Signal(object)

    def __init__(self, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.session = Session()
        self.last_error_dialog: QMessageBox | None = None
        self.last_notes_dialog: QMessageBox | None = None
        self._updating_selection = False

        self.setWindowTitle(self.tr("Qingxi Infrastructure Map"))
        self.map_view = MapView(self)
        self.filter_words = ElidedLabel(self)
        self.filter_words.setObjectName("filter-words")
        self.filter_words.setStyleSheet("font-size: 15px; font-weight: 600; padding: 4px 8px;")
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.filter_words)
        central_layout.addWidget(self.map_view, 1)
        self.setCentralWidget(central)

        self.model = RoadTableModel(self)
        self.proxy = RoadFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        # The map follows the session first: the page redraws in its own process
        # while the table and the summary update here.
        self.map_adapter = MapAdapter(self.session, self.map_view, self)
        self._build_road_panel()
        self._build_layer_panel()
        self._build_menus()
        self.export_actions = attach_export_actions(self)
        self.basemap = BasemapController(self)
        self.workspace = WorkspaceController(self)
        self.workspace.attach(self)
        self.measure_tool = MeasureTool(self)
        self.draw_tool = DrawTool(self)  # Edit mode: drawing on the map (after the workspace's Edit menu)
        self.overlays = attach_overlays(self)  # planning drawings to trace from (after the draw tool)
        self.tracking = attach_tracking(self)  # dashboard, timeline, "as of", changes since (issue 14)
        self.status_position = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_position)

        self.map_view.cursor_moved.connect(self._on_cursor_moved)
        events = self.session.events
        events.dataset_changed.connect(self._on_dataset_changed)
        events.filter_changed.connect(self._on_filter_changed)
        events.records_changed.connect(self._on_records_changed)
        events.records_reset.connect(self._on_records_reset)
        events.selection_changed.connect(self._on_selection_changed)
        events.workspace_changed.connect(lambda ws: setattr(self.model, "editable", ws is not None
                                                            and self.session.as_of is None))
        events.as_of_changed.connect(self._on_as_of_changed)
        events.history_changed.connect(self._on_history_changed)
        self.summary_label.follow(self.session)
        self.details.follow(self.session)
        self.layer_panel.follow(self.session)
        self.reference_panel.follow(self.session)
        self._restore_window_state()
        self.basemap.restore()

    # ------------------------------------------------------------ building

    def _build_road_panel(self) -> None:
        self.filter_panel = FilterPanel(self)
        self.table = QTableView(self)
        self.table.setObjectName("road-table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row sizing
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(80)
        self.table.setColumnWidth(0, 220)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.summary_label = SummaryLabel(self)
        self.details = DetailsPane(self)

        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_panel)
        self.road_splitter = QSplitter(Qt.Orientation.Vertical, panel)
        self.road_splitter.setObjectName("road-splitter")
        top = QWidget(self.road_splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.summary_label)
        self.road_splitter.addWidget(top)
        self.road_splitter.addWidget(self.details)
        self.road_splitter.setStretchFactor(0, 3)
        self.road_splitter.setStretchFactor(1, 1)
        layout.addWidget(self.road_splitter, 1)

        self.road_dock = QDockWidget(self.tr("Road status"), self)
        self.road_dock.setObjectName("road-dock")
        self.road_dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.road_dock)
        self.filter_panel.filter_changed.connect(self.apply_filter)

    def _build_layer_panel(self) -> None:
        self.layer_panel = LayerPanel(self)
        self.reference_panel = ReferencePanel(self.layer_panel)  # imported reference layers, a check each
        self.layer_panel.layout().insertWidget(1, self.reference_panel)
        self.layer_dock = QDockWidget(self.tr("Layers and legend"), self)
        self.layer_dock.setObjectName("layer-dock")
        scroll = QScrollArea(self)  # long layer names (English) scroll instead of widening the dock
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.layer_panel)
        self.layer_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.layer_dock)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open dataset..."), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._choose_dataset)
        self.reload_action = QAction(self.tr("&Reload"), self)
        self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.reload_action.triggered.connect(self.reload)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.reload_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.file_menu = file_menu

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.road_dock.toggleViewAction())
        view_menu.addAction(self.layer_dock.toggleViewAction())
        view_menu.addSeparator()
        fit_action = QAction(self.tr("&Fit to town"), self)
        fit_action.setShortcut(QKeySequence("Ctrl+0"))
        fit_action.triggered.connect(lambda: self.map_view.fit_town())
        view_menu.addAction(fit_action)
        clear_action = QAction(self.tr("&Clear filters"), self)
        clear_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        clear_action.triggered.connect(self.filter_panel.clear)
        view_menu.addAction(clear_action)
        self.view_menu = view_menu
        self._build_language_menu(view_menu)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About qxmap"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        self.help_menu = help_menu

    def tools_menu(self):
        """The Tools menu (made on first use), before Help as in every desktop program."""
        if getattr(self, "_tools_menu", None) is None:
            self._tools_menu = QMenu(self.tr("&Tools"), self)
            self.menuBar().insertMenu(self.help_menu.menuAction(), self._tools_menu)
        return self._tools_menu

    def _build_language_menu(self, view_menu) -> None:
        """View > Language: saved in settings, used from the next start (--lang overrides)."""
        menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        self.language_actions = {}
        saved = self.settings.value("ui/language")
        for code, title in (("", self.tr("As the system")), ("zh_CN", "中文"), ("en", "English")):
            action = QAction(title, self)
            action.setCheckable(True)
            action.setChecked((saved or "") == code)
            action.triggered.connect(lambda checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            menu.addAction(action)
            self.language_actions[code] = action

    def choose_language(self, code: str) -> None:
        if code:
            self.settings.setValue("ui/language", code)
        else:
            self.settings.remove("ui/language")
        self.statusBar().showMessage(self.tr("The language changes the next time qxmap starts."), 8000)

    # ------------------------------------------------------------ data

    def open_path(self, path: str | Path, read_ahead=None) -> bool:
        """Load *path* and show it. On failure: an error dialog, and the open data stays.
        A planner's file (Shapefile, KML, DXF, CSV, ...) opens the import wizard instead.
        *read_ahead*: a Future of ``load_dataset(path)`` already under way."""
        if is_source_file(path) and not Path(path).is_dir():
            return self.workspace.choose_import(path) is not None
        if not self.workspace.maybe_close():
            return False
        try:
            dataset = run_busy(self, self.tr("Opening %1…").replace("%1", Path(path).name),
                               *((read_ahead.result,) if read_ahead is not None else (load_dataset, path)))
        except Cancelled:
            return False
        except DatasetError as exc:
            self._show_problems(Path(path), exc.problems)
            return False
        except Exception as exc:  # an unexpected failure must not lose the open data
            self._show_error(self.tr("Cannot open %1").replace("%1", str(path)), str(exc))
            return False
        self.show_dataset(dataset)
        self.settings.setValue("data/last_path", str(Path(path).resolve()))
        if dataset.notes:
            self.show_notes(Path(path), dataset.notes)
        return True

    def show_notes(self, path: Path, notes) -> None:
        """What loading repaired (control characters removed, heights dropped, ...):
        said once, without stopping the user."""
        lines = problem_lines(notes)
        shown = lines[:12]
        text = "\n".join(f"• {n}" for n in shown)
        if len(notes) > len(shown):
            text += "\n" + self.tr("… and %1 more (see the details)").replace("%1", str(len(notes) - len(shown)))
        box = plaintext.message_box(
            QMessageBox.Icon.Information, self.tr("qxmap"),
            self.tr("%1 was opened; %2 thing(s) in it were repaired while loading.")
            .replace("%1", path.name).replace("%2", str(len(notes))),
            self, informative=text, details="\n".join(lines))
        box.setObjectName("notes-dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_notes_dialog = box
        box.open()

    def _fit_columns(self) -> None:
        """Columns as wide as their content (measured on the first rows and those in
        view: each measured cell lays its text out, about 70 µs, so 200 rows took
        0.15 s of every opening), the name column capped so the others show."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(60)
        self.table.resizeColumnsToContents()
        if self.table.columnWidth(0) > 260:
            self.table.setColumnWidth(0, 260)

    @property
    def dataset(self) -> Dataset | None:
        """The open dataset (the session's)."""
        return self.session.dataset

    @property
    def road_filter(self) -> RoadFilter:
        """The current filter (the session's)."""
        return self.session.road_filter

    def show_dataset(self, dataset: Dataset, history=None) -> None:
        """Show *dataset*; *history*: its workspace's saved changes (qxmap.tracking.History)."""
        self.session.set_dataset(dataset, history)
        self.dataset_loaded.emit(dataset)

    def _on_dataset_changed(self, dataset: Dataset | None) -> None:
        self.model.set_records(self.session.records, self.session.row_index)
        self._fit_columns()
        self.proxy.set_road_filter(self.session.road_filter, self.session.filter_mask)
        self.filter_words.setText(self.filter_in_words())
        if dataset is not None:
            self.setWindowTitle(self.tr("Qingxi Infrastructure Map") + f" — {dataset.path.name}")

    def reload(self) -> None:
        if self.workspace.ws is not None:
            self.workspace.reload(ask=True)
        elif self.dataset is not None:
            self.open_path(self.dataset.path)

    def _choose_dataset(self) -> None:
        start = self.settings.value("data/last_dir", str(paths.geodata_dir()))
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open dataset"), start,
            file_filters() + ";;" + self.tr("qxmap data (*.geojson *.json *.gpkg)"))
        if not path:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of GeoJSON layers"), start)
            path = folder
        if path:
            self.settings.setValue("data/last_dir", str(Path(path).parent))
            self.open_path(path)

    def _show_problems(self, path: Path, problems) -> None:
        lines = problem_lines(problems)
        shown = lines[:12]
        text = "\n".join(f"• {p}" for p in shown)
        if len(problems) > len(shown):
            text += "\n" + self.tr("… and %1 more (see the details)").replace("%1", str(len(problems) - len(shown)))
        self._show_error(
            self.tr("%1 cannot be opened: %2 problem(s). The data that was open stays open.")
            .replace("%1", path.name).replace("%2", str(len(problems))),
            text, "\n".join(lines))

    def _show_error(self, title: str, text: str, details: str | None = None) -> None:
        self.last_error_dialog = plaintext.show_message(QMessageBox.Icon.Warning, self.tr("qxmap"), title, self,
                                                        informative=text, details=details, name="error-dialog")

    # ------------------------------------------------------------ filter

    def apply_filter(self, road_filter: RoadFilter) -> int:
        """Make *road_filter* the session's filter (the table, summary and map
        follow). Returns the number of the map command that shows it."""
        if not self.session.set_filter(road_filter):
            self._on_filter_changed(road_filter)  # the same filter again: show it again
            self.map_adapter.show_filter()
        return self.map_adapter.last_filter_seq

    def _on_filter_changed(self, road_filter: RoadFilter) -> None:
        self.proxy.set_road_filter(road_filter, self.session.filter_mask)
        # A record the filter now hides is no longer selected (nor shown in the details).
        session = self.session
        if session.selection:
            shown = session.filter_mask
            kept = [i for i in session.selection
                    if session.row_of(i) is None or bool(shown[session.row_of(i)])]
            if len(kept) != len(session.selection):
                session.select(kept, origin=session.selection_origin)
        self.filter_words.setText(self.filter_in_words())
        self.filter_panel.show_filter(road_filter)
        self.settings.setValue("filter/current", json.dumps(road_filter.to_dict()))
        self.filter_applied.emit(road_filter)

    def _on_records_changed(self, ids) -> None:
        for feature_id in ids:
            values = self.session.record_values(feature_id, EDITED_FIELDS)
            if values:
                self.model.update_record(feature_id, values)
        self.proxy.set_road_filter(self.session.road_filter, self.session.filter_mask)

    def _on_records_reset(self, added, removed) -> None:
        """Records came or went (a road drawn as a new record, a split, a merge): the table
        is filled again and keeps the session's selection."""
        self.model.set_records(self.session.records, self.session.row_index)
        self.proxy.set_road_filter(self.session.road_filter, self.session.filter_mask)
        self._updating_selection = True
        try:
            for feature_id in self.session.selection:
                self.select_feature(feature_id)
        finally:
            self._updating_selection = False

    def filter_in_words(self) -> str:
        words = self.road_filter.describe(labels.data_lang())
        if self.session.as_of is not None:  # the map shows a past day: say so above it
            words += " · " + self.tr("State as of %1").replace("%1", self.session.as_of.day.isoformat())
        return words

    def _on_as_of_changed(self, state) -> None:
        """The records show their state as of a day (or today's again): the table follows,
        read-only while it shows the past."""
        records = self.session.records
        self.model.set_values({f: records[f].to_numpy(dtype=object) for f in ("status", "phase", "progress")
                               if f in records})
        self.model.editable = self.session.workspace is not None and state is None
        self.proxy.set_road_filter(self.session.road_filter, self.session.filter_mask)
        self.filter_words.setText(self.filter_in_words())

    def _on_history_changed(self, ids) -> None:
        """The records saved: their "last updated".  Many (an import of thousands): the
        column at once, one refresh of the table (a row at a time, each refiltering the
        table, took 3 s after saving 18,000 imported roads)."""
        ids = list(ids)
        records = self.session.records
        if len(ids) > ROWS_ONE_BY_ONE and "last_updated" in records and len(records) == self.model.rowCount():
            self.model.set_values({"last_updated": records["last_updated"].to_numpy(dtype=object)})
            return
        for feature_id in ids:
            self.model.update_record(feature_id, self.session.record_values(feature_id, ("last_updated",)))

    # ------------------------------------------------------------ selection

    def _on_table_selection(self, *args) -> None:
        if self._updating_selection:
            return
        ids = selected_ids(self.table)
        self.session.select(ids, origin="table")
        if len(ids) == 1:
            row = self.model.row_of(ids[0])
            if row is not None and not self.model.record(row)["_mapped"]:
                self.statusBar().showMessage(self.tr("%1 is not mapped yet: the report gives no position.")
                                             .replace("%1", self.model.record(row)["name_zh"]), 6000)

    def _on_selection_changed(self, ids) -> None:
        """Select the rows of the selected tracked records (not when the table made the selection)."""
        if self.session.selection_origin == "table":
            return
        tracked = [i for i in ids if self.model.row_of(i) is not None]
        if not tracked and ids:
            return  # a park or zone: the table's selection stays as it is
        self._updating_selection = True
        try:
            self.table.clearSelection()
            for feature_id in tracked:
                self.select_feature(feature_id)
        finally:
            self._updating_selection = False

    def select_feature(self, feature_id: str) -> bool:
        """Select the row of *feature_id* and scroll to it."""
        row = self.model.row_of(feature_id)
        if row is None:
            return False
        proxy_index = self.proxy.index_of_record(row)
        if not proxy_index.isValid():
            return False
        self.table.selectRow(proxy_index.row())
        self.table.scrollTo(proxy_index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _on_cursor_moved(self, lat: float, lon: float) -> None:
        self.status_position.setText(self.basemap.cursor_text(lat, lon))

    # ------------------------------------------------------------ about

    def show_about(self) -> None:
        text = self.tr(
            "qxmap (清溪基建地图) shows the infrastructure projects of Qingxi town, Dongguan, "
            "from the town government's work report.\n\n"
            "Data sources: the projects, their phases and the words quoted for each come from the work report. "
            "Positions are a schematic reconstruction: the town outline is simplified, a few points come from "
            "map services (approximate), most lines and areas are schematic, and records the report counts "
            "without naming them are listed as not yet mapped. Nothing is survey data.")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About qxmap"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if self.dataset is not None:
            counts = {}
            for name, frame in self.dataset.layers.items():
                if "geometry_accuracy" in frame:
                    for code, n in frame["geometry_accuracy"].value_counts().items():
                        counts[code] = counts.get(code, 0) + int(n)
            item = self.tr("%1: %2")
            box.setInformativeText(self.tr("; ").join(
                item.replace("%1", labels.accuracy(c)).replace("%2", str(n)) for c, n in counts.items()))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ------------------------------------------------------------ settings

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        available = self._available_geometry()
        self.filter_panel.remember_groups(self.settings, available.height() if available.isValid() else 1080)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self.fit_into(available)
        else:
            width, height, road, layers = first_window_size(available.width(), available.height())
            self.resize(width, height)
            if available.isValid():
                self.move(available.x() + (available.width() - width) // 2,
                          available.y() + (available.height() - height) // 2)
            self.resizeDocks([self.road_dock, self.layer_dock], [road, layers], Qt.Orientation.Horizontal)
            self.road_splitter.setSizes([3 * height // 5, height // 5])  # the table first, then the details
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("window/road_splitter")
        if isinstance(splitter, QByteArray):
            self.road_splitter.restoreState(splitter)
        saved = self.settings.value("filter/current")
        if saved:
            try:
                self.filter_panel.set_road_filter(RoadFilter.from_dict(json.loads(saved)))
            except (ValueError, TypeError):
                pass

    def _available_geometry(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect()

    def fit_into(self, available: QRect) -> None:
        """Keep the window (a remembered size, a moved screen) within *available*."""
        if not available.isValid():
            return
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height())
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(self.x(), available.x()), available.right() - width - extra_w + 1)
        y = min(max(self.y(), available.y()), available.bottom() - height - extra_h + 1)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def save_window_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/road_splitter", self.road_splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event):  # noqa: N802 (Qt name)
        if not self.workspace.maybe_close():
            event.ignore()
            return
        self.save_window_state()
        super().closeEvent(event)


def first_window_size(avail_w: int, avail_h: int) -> tuple[int, int, int, int]:
    """The first window's (width, height, road panel width, layer panel width) on a
    screen with this much room: at most 1440 x 900, never beyond the screen
    (a frame's worth of margin kept), and the map at least 55 % of the width."""
    if avail_w <= 0 or avail_h <= 0:
        avail_w, avail_h = 1440, 900
    width = min(1440, avail_w - 16)
    height = min(900, avail_h - 40)
    road = max(300, min(520, round(width * 0.28)))
    layers = max(170, min(250, round(width * 0.14)))
    return width, height, road, layers


#: The record fields an edit can change (what the table refreshes; a geometry edit: its accuracy and length).
EDITED_FIELDS = ("status", "phase", "start", "target", "progress", "note", "geometry_accuracy", "length_km",
                 "start_month", "target_month", "owner", "contractor", "budget_wan", "actual_start",
                 "completed_on")

