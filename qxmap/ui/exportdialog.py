"""File > Export...: one dialog for print layouts, slide decks and tables, and
File > Export snapshot... for the live map.

The dialog only gathers options and calls :func:`qxmap.exports.export` in a
worker thread; progress goes to a QProgressDialog whose Cancel sets a flag
that the export's ``cancel`` callable reads (the export then raises
``ExportCancelled`` and leaves no file).  Options are remembered in the
window's settings under ``export/*``.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from qxmap.exports import FORMAT_OPTIONS, FORMATS, ExportCancelled, WriteFailed, check_options, export
from qxmap.ui.sessionlink import follow

PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")
DPIS = (150, 300, 600)
EXTENTS = ("filtered", "town", "view")
PREVIEW_DELAY_MS = 300
PREVIEW_SIZE_IN = (4.0, 3.0)
PREVIEW_DPI = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


def view_extent(session) -> tuple[float, float, float, float] | None:
    """The session's view as (west, south, east, north) in WGS-84 (whatever the
    basemap), or None before the map is drawn."""
    view = session.view
    return None if view is None else view.as_extent()


class ExportWorker(QThread):
    """Runs one export off the GUI thread. `finished_with` carries the path or the exception."""

    progressed = Signal(float, str)
    finished_with = Signal(object)

    def __init__(self, dataset, road_filter, out_path, fmt, options, parent=None):
        super().__init__(parent)
        self.dataset = dataset
        self.road_filter = road_filter
        self.out_path = Path(out_path)
        self.fmt = fmt
        self.options = dict(options)
        self.cancel_requested = threading.Event()

    def cancel(self) -> None:
        self.cancel_requested.set()

    def run(self) -> None:
        try:
            result = export(self.dataset, self.road_filter, self.out_path, self.fmt,
                            progress=lambda f, m: self.progressed.emit(float(f), str(m)),
                            cancel=self.cancel_requested.is_set, **self.options)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            result = exc
        self.finished_with.emit(result)


class ExportDialog(QDialog):
    """Format, paper, orientation, dpi, title, extent, output file, preview; runs the export."""

    #: The export ended: the path written, or the exception (ExportCancelled, WriteFailed, ...).
    export_finished = Signal(object)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        #: What is exported: the session's dataset, filter and view (never a widget's state).
        self.session = window.session
        self.settings = window.settings
        # The preview follows the session (the view only while the extent is "current view").
        preview_again = lambda *args: self.schedule_preview()  # noqa: E731
        for event in (self.session.events.dataset_changed, self.session.events.filter_changed,
                      self.session.events.records_changed):
            follow(self, event, preview_again)
        follow(self, self.session.events.view_changed,
               lambda *args: self.extent_combo.currentData() == "view" and self.schedule_preview())
        self.worker: ExportWorker | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_error_dialog: QMessageBox | None = None
        self.last_result = None
        self.preview_error: str | None = None
        self.setWindowTitle(self.tr("Export"))
        self.setObjectName("export-dialog")

        self.format_combo = QComboBox(self)
        format_names = {
            "png": self.tr("Print layout, image (PNG)"),
            "pdf": self.tr("Print layout (PDF)"),
            "svg": self.tr("Print layout, vector (SVG)"),
            "pptx": self.tr("Slide deck (PPTX)"),
            "csv": self.tr("Road table (CSV)"),
            "xlsx": self.tr("Road table (XLSX)"),
        }
        for fmt in FORMATS:
            self.format_combo.addItem(format_names[fmt], fmt)
        self.paper_combo = QComboBox(self)
        for paper in PAPERS:
            self.paper_combo.addItem(paper, paper)
        self.orientation_combo = QComboBox(self)
        self.orientation_combo.addItem(self.tr("Landscape"), "landscape")
        self.orientation_combo.addItem(self.tr("Portrait"), "portrait")
        self.dpi_combo = QComboBox(self)
        for dpi in DPIS:
            self.dpi_combo.addItem(self.tr("%1 dpi").replace("%1", str(dpi)), dpi)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Automatic"))
        self.title_edit.setMaxLength(120)
        self.extent_combo = QComboBox(self)
        self.extent_combo.addItem(self.tr("Filtered roads"), "filtered")
        self.extent_combo.addItem(self.tr("Whole town"), "town")
        self.extent_combo.addItem(self.tr("Current map view"), "view")
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Choose a file..."))
        self.browse_button = QPushButton(self.tr("Browse..."), self)
        self.browse_button.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.preview = QLabel(self)
        self.preview.setObjectName("export-preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(int(PREVIEW_SIZE_IN[0] * PREVIEW_DPI), int(PREVIEW_SIZE_IN[1] * PREVIEW_DPI))
        self.preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.preview.setStyleSheet("background: white; border: 1px solid #bbb;")
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)

        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format_combo)
        form.addRow(self.tr("&Paper:"), self.paper_combo)
        form.addRow(self.tr("&Orientation:"), self.orientation_combo)
        form.addRow(self.tr("&Resolution:"), self.dpi_combo)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Extent:"), self.extent_combo)
        form.addRow(self.tr("File:"), path_row)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.buttons)

        self._load_settings()
        for combo in (self.format_combo, self.paper_combo, self.orientation_combo, self.dpi_combo,
                      self.extent_combo):
            combo.currentIndexChanged.connect(self._options_changed)
        self.title_edit.textChanged.connect(self._options_changed)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.schedule_preview()

    # ------------------------------------------------------------ options

    @property
    def fmt(self) -> str:
        return self.format_combo.currentData()

    def set_combo(self, combo: QComboBox, value) -> bool:
        """Select the item whose data is *value* (as text, so settings round-trip)."""
        for i in range(combo.count()):
            if str(combo.itemData(i)) == str(value):
                combo.setCurrentIndex(i)
                return True
        return False

    def extent(self):
        code = self.extent_combo.currentData()
        if code == "view":
            bounds = view_extent(self.session)
            return bounds if bounds is not None else "filtered"
        return code

    def options(self) -> dict:
        """The options that apply to the chosen format."""
        title = self.title_edit.text().strip() or None
        every = {
            "paper": self.paper_combo.currentData(),
            "orientation": self.orientation_combo.currentData(),
            "dpi": int(self.dpi_combo.currentData()),
            "title": title,
            "extent": self.extent(),
        }
        allowed = FORMAT_OPTIONS[self.fmt]
        return {k: v for k, v in every.items() if k in allowed and v is not None}

    def _format_changed(self, *args) -> None:
        allowed = FORMAT_OPTIONS[self.fmt]
        self.paper_combo.setEnabled("paper" in allowed)
        self.orientation_combo.setEnabled("orientation" in allowed)
        self.dpi_combo.setEnabled("dpi" in allowed)
        self.title_edit.setEnabled("title" in allowed)
        self.extent_combo.setEnabled("extent" in allowed)
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower().lstrip(".") in FORMATS and path.suffix.lower() != f".{self.fmt}":
                self.path_edit.setText(str(path.with_suffix(f".{self.fmt}")))

    def _options_changed(self, *args) -> None:
        self.save_settings()
        self.schedule_preview()

    def choose_file(self) -> None:
        start = self.path_edit.text().strip() or str(
            Path(self.settings.value("export/dir", str(Path.home()))) / f"qxmap.{self.fmt}")
        filters = {
            "png": self.tr("PNG image (*.png)"), "pdf": self.tr("PDF document (*.pdf)"),
            "svg": self.tr("SVG image (*.svg)"), "pptx": self.tr("PowerPoint deck (*.pptx)"),
            "csv": self.tr("CSV table (*.csv)"), "xlsx": self.tr("Excel workbook (*.xlsx)"),
        }
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), start, filters[self.fmt])
        if path:
            if not Path(path).suffix:
                path += f".{self.fmt}"
            self.path_edit.setText(path)

    # ------------------------------------------------------------ settings

    def _load_settings(self) -> None:
        s = self.settings
        self.set_combo(self.format_combo, s.value("export/format", "pdf"))
        self.set_combo(self.paper_combo, s.value("export/paper", "A4"))
        self.set_combo(self.orientation_combo, s.value("export/orientation", "landscape"))
        self.set_combo(self.dpi_combo, s.value("export/dpi", 300))
        self.set_combo(self.extent_combo, s.value("export/extent", "filtered"))
        self.title_edit.setText(str(s.value("export/title", "") or ""))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("export/format", self.fmt)
        s.setValue("export/paper", self.paper_combo.currentData())
        s.setValue("export/orientation", self.orientation_combo.currentData())
        s.setValue("export/dpi", int(self.dpi_combo.currentData()))
        s.setValue("export/extent", self.extent_combo.currentData())
        s.setValue("export/title", self.title_edit.text())
        text = self.path_edit.text().strip()
        if text:
            s.setValue("export/dir", str(Path(text).parent))

    # ------------------------------------------------------------ preview

    def schedule_preview(self) -> None:
        self.preview_timer.start()

    def refresh_preview(self) -> None:
        """Draw the map part of the layout small (matplotlib, no page) into the preview label."""
        if self.running:  # matplotlib's settings are global: no preview while an export draws
            self.schedule_preview()
            return
        dataset = self.session.dataset
        if dataset is None:
            self.preview.setText(self.tr("No data open"))
            return
        from qxmap.exports.layout import render_map_png

        extent = self.extent() if "extent" in FORMAT_OPTIONS[self.fmt] else "filtered"
        try:
            data = render_map_png(dataset, self.session.road_filter, size_in=PREVIEW_SIZE_IN, dpi=PREVIEW_DPI,
                                  extent=extent)
        except Exception as exc:  # a preview must never break the dialog
            self.preview_error = str(exc)
            self.preview.setText(self.tr("No preview: %1").replace("%1", str(exc)))
            return
        self.preview_error = None
        pixmap = QPixmap()
        pixmap.loadFromData(data, "PNG")
        self.preview.setPixmap(pixmap)

    # ------------------------------------------------------------ export

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start_export(self) -> bool:
        """Check the options and start the export in a worker thread; False (with a message) if not."""
        if self.running:
            return False
        session = self.session
        if session.dataset is None:
            self.show_error(self.tr("Nothing to export"), self.tr("Open a dataset first."))
            return False
        text = self.path_edit.text().strip()
        if not text:
            self.show_error(self.tr("No file chosen"), self.tr("Choose the file to export to."))
            return False
        out_path = Path(text)
        if not out_path.suffix:
            out_path = out_path.with_suffix(f".{self.fmt}")
            self.path_edit.setText(str(out_path))
        fmt = self.fmt
        options = self.options()
        try:
            check_options(fmt, options)
            if out_path.suffix.lower().lstrip(".") != fmt:
                raise ValueError(self.tr("The file name ends in %1 but the format is %2.")
                                 .replace("%1", out_path.suffix).replace("%2", fmt))
        except ValueError as exc:
            self.show_error(self.tr("The export options are not valid"), str(exc))
            return False
        self.save_settings()

        self.worker = ExportWorker(session.dataset, session.road_filter, out_path, fmt, options, self)
        progress = QProgressDialog(self.tr("Exporting %1...").replace("%1", out_path.name), self.tr("Cancel"),
                                   0, 1000, self)
        progress.setObjectName("export-progress")
        progress.setWindowTitle(self.tr("Export"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        progress.canceled.connect(self.cancel_export)
        self.progress_dialog = progress
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished_with.connect(self._on_finished)
        self.export_button.setEnabled(False)
        self.worker.start()
        return True

    def cancel_export(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _on_progress(self, fraction: float, message: str) -> None:
        if self.progress_dialog is not None and not self.progress_dialog.wasCanceled():
            self.progress_dialog.setValue(int(fraction * 1000))
            self.progress_dialog.setLabelText(message)

    def _on_finished(self, result) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel_export)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.export_button.setEnabled(True)
        self.last_result = result
        bar = self.window_.statusBar()
        if isinstance(result, Path):
            bar.showMessage(self.tr("Exported %1").replace("%1", str(result)), 10000)
        elif isinstance(result, ExportCancelled):
            bar.showMessage(self.tr("Export cancelled: no file was written."), 10000)
        elif isinstance(result, WriteFailed):
            self.show_error(self.tr("The export could not be written"),
                            self.tr("%1: %2\nNo file was left behind.").replace("%1", str(result.path))
                            .replace("%2", result.reason))
        elif isinstance(result, ValueError):
            self.show_error(self.tr("The export options are not valid"), str(result))
        else:
            self.show_error(self.tr("The export failed"), f"{type(result).__name__}: {result}")
        self.export_finished.emit(result)

    def show_error(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export"), title, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(text)
        box.setObjectName("export-error-dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_error_dialog = box
        self.window_.last_error_dialog = box
        box.open()
        return box

    def reject(self) -> None:
        if self.running:  # closing while exporting cancels the export first
            self.cancel_export()
            return
        super().reject()


# ---------------------------------------------------------------- menu


class _ExportActions(QObject):
    """Owns the File menu's export actions and the dialog of one window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.snapshot_job = None
        self.export_action = QAction(_tr("&Export..."), window)
        self.export_action.setObjectName("export-action")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.open_dialog)
        self.snapshot_action = QAction(_tr("Export &snapshot..."), window)
        self.snapshot_action.setObjectName("snapshot-action")
        self.snapshot_action.triggered.connect(self.ask_snapshot)

    def open_dialog(self) -> ExportDialog:
        if self.dialog is None:
            self.dialog = ExportDialog(self.window)
        self.dialog.schedule_preview()
        self.dialog.open()
        return self.dialog

    def ask_snapshot(self) -> None:
        window = self.window
        settings = window.settings
        start = str(Path(settings.value("export/snapshot_dir", str(Path.home()))) / "qxmap-snapshot.png")
        path, _ = QFileDialog.getSaveFileName(window, _tr("Export snapshot"), start, _tr("PNG image (*.png)"))
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        choices = [_tr("1x (as on screen)"), _tr("2x"), _tr("3x")]
        last = int(settings.value("export/snapshot_scale", 1) or 1)
        choice, ok = QInputDialog.getItem(window, _tr("Export snapshot"), _tr("Pixel density:"), choices,
                                          max(0, min(2, last - 1)), False)
        if not ok:
            return
        scale = choices.index(choice) + 1
        settings.setValue("export/snapshot_dir", str(Path(path).parent))
        settings.setValue("export/snapshot_scale", scale)
        self.snapshot(path, scale)

    def snapshot(self, path, scale: int = 1):
        """Take a snapshot of the live map; the result goes to the status bar or an error dialog."""
        from qxmap.ui.snapshot import take_snapshot

        def done(result):
            self.snapshot_job = None
            if isinstance(result, Exception):
                box = QMessageBox(QMessageBox.Icon.Warning, _tr("Export snapshot"),
                                  _tr("The snapshot could not be taken"), QMessageBox.StandardButton.Ok, self.window)
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.setInformativeText(str(result))
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.window.last_error_dialog = box
                box.open()
            else:
                self.window.statusBar().showMessage(_tr("Snapshot saved: %1").replace("%1", str(result)), 10000)

        try:
            self.snapshot_job = take_snapshot(self.window.map_view, path, scale, done)
        except Exception as exc:  # already running, bad scale
            done(exc)
        return self.snapshot_job


def attach_export_actions(window) -> _ExportActions:
    """Add File > Export... (Ctrl+E) and File > Export snapshot... to *window*.file_menu.

    The actions go before the separator above Quit. Returns the owner of the
    actions and the dialog (also kept as ``window.export_actions``).
    """
    actions = _ExportActions(window)
    menu = window.file_menu
    separators = [a for a in menu.actions() if a.isSeparator()]
    before = separators[-1] if separators else None
    if before is not None:
        menu.insertAction(before, actions.export_action)
        menu.insertAction(before, actions.snapshot_action)
    else:
        menu.addAction(actions.export_action)
        menu.addAction(actions.snapshot_action)
    window.export_actions = actions
    return actions
