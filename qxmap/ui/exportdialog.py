"""File > Export...: one dialog for print layouts, slide decks and tables, and
File > Export snapshot... / Copy snapshot (Ctrl+Shift+C) for the live map.

The dialog gathers the layout settings (:class:`qxmap.exports.settings.LayoutSettings`:
title, subtitle, notes, organisation, logo, paper, orientation, extent, label
size), shows a preview of the whole page as it will be
(:func:`qxmap.exports.preview`, redrawn a moment after each change), and
calls :func:`qxmap.exports.export` in a worker thread; progress goes to a
QProgressDialog whose Cancel sets a flag that the export's ``cancel``
callable reads (the export then raises ``ExportCancelled`` and leaves no
file).  The extent is "town" by default (the whole town boundary, the
filtered features highlighted), or "filtered" (fitted to the filtered
features, with a locator inset), or the current map view.

Named templates are kept in the user's settings (``export/templates``: a
JSON object of name -> ``LayoutSettings.to_dict()``): Save as..., choose,
Delete.  A template is untrusted (it may be edited by hand or copied from a
colleague): one that does not load gives a clear message and the default
settings are used.  The last options are remembered under ``export/*``.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
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
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from qxmap.exports import FORMAT_OPTIONS, FORMATS, ExportCancelled, WriteFailed, check_options, export
from qxmap.exports.settings import (
    LABEL_SIZES,
    MAX_NOTES,
    MAX_ORGANISATION,
    MAX_SUBTITLE,
    MAX_TITLE,
    LayoutSettings,
    load_logo,
)
from qxmap.ui import plaintext
from qxmap.ui.problemtext import error_text, words_text
from qxmap.ui.sessionlink import follow
from qxmap.ui.snapshot import drawing_lock

PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")
DPIS = (150, 300, 600)
#: The extent choices: the whole town (default), fitted to the filtered features, the current
#: view, and a fixed frame saved in a template.
EXTENTS = ("town", "filtered", "view", "frame")
PREVIEW_DELAY_MS = 300
#: The preview's room (px): the whole page is fitted into it.
PREVIEW_BOX = (560, 520)
#: The longest text a field takes at all (longer is cut by the field); the real limits are
#: checked with a clear message (a title over 120 characters is refused, not cut).
FIELD_MAX_LENGTH = 1000
MAX_TEMPLATE_NAME = 80
TEMPLATES_KEY = "export/templates"
LAYOUT_FORMATS = ("png", "pdf", "svg")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


def view_extent(session) -> tuple[float, float, float, float] | None:
    """The session's view as (west, south, east, north) in WGS-84 (whatever the
    basemap), or None before the map is drawn."""
    view = session.view
    return None if view is None else view.as_extent()


def read_templates(settings) -> tuple[dict, str | None]:
    """The named templates in *settings*: ({name: stored data}, problem).  A store that
    is not a JSON object gives ({}, the problem in words); each template's data is
    checked only when it is chosen (``LayoutSettings.from_dict``)."""
    raw = settings.value(TEMPLATES_KEY)
    if raw is None or raw == "":
        return {}, None
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return {}, _tr("The saved templates cannot be read (the settings hold something else); "
                       "none are offered until one is saved again.")
    return data, None


def write_templates(settings, templates: dict) -> None:
    settings.setValue(TEMPLATES_KEY, json.dumps(templates, ensure_ascii=False, sort_keys=True))


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
            with drawing_lock:  # matplotlib's settings are global: one drawing at a time
                result = export(self.dataset, self.road_filter, self.out_path, self.fmt,
                                progress=lambda f, m: self.progressed.emit(float(f), words_text(m)),
                                cancel=self.cancel_requested.is_set, **self.options)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            result = exc
        self.finished_with.emit(result)


class ExportDialog(QDialog):
    """Format, template, extent, paper, orientation, dpi, title, subtitle, notes,
    organisation, logo, label size, output file and a whole-page preview; runs the export."""

    #: The export ended: the path written, or the exception (ExportCancelled, WriteFailed, ...).
    export_finished = Signal(object)
    #: The preview was drawn again (tests wait on it).
    preview_updated = Signal()

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
        #: The last preview drawn (a QImage), and how many were drawn.
        self.preview_image: QImage | None = None
        self.preview_count = 0
        #: The fixed frame of the chosen template (west, south, east, north), if it has one.
        self.frame_extent: tuple | None = None
        self._applying = False
        self.setWindowTitle(self.tr("Export"))
        self.setObjectName("export-dialog")

        # ---- template
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("export-template")
        self.save_template_button = QPushButton(self.tr("Save as..."), self)
        self.save_template_button.clicked.connect(self.ask_save_template)
        self.delete_template_button = QPushButton(self.tr("Delete"), self)
        self.delete_template_button.clicked.connect(self.ask_delete_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_combo, 1)
        template_row.addWidget(self.save_template_button)
        template_row.addWidget(self.delete_template_button)

        # ---- what and how
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
        self.extent_combo = QComboBox(self)
        self.extent_combo.addItem(self.tr("Whole town (filtered features highlighted)"), "town")
        self.extent_combo.addItem(self.tr("Fit to the filtered features (with locator)"), "filtered")
        self.extent_combo.addItem(self.tr("Current map view"), "view")
        self.paper_combo = QComboBox(self)
        for paper in PAPERS:
            self.paper_combo.addItem(paper, paper)
        self.orientation_combo = QComboBox(self)
        self.orientation_combo.addItem(self.tr("Landscape"), "landscape")
        self.orientation_combo.addItem(self.tr("Portrait"), "portrait")
        self.dpi_combo = QComboBox(self)
        for dpi in DPIS:
            self.dpi_combo.addItem(self.tr("%1 dpi").replace("%1", str(dpi)), dpi)
        self.label_size_combo = QComboBox(self)
        for code, text in zip(LABEL_SIZES, (self.tr("Small"), self.tr("Normal"), self.tr("Large"))):
            self.label_size_combo.addItem(text, code)

        # ---- words
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Automatic"))
        self.title_edit.setMaxLength(FIELD_MAX_LENGTH)
        self.subtitle_edit = QLineEdit(self)
        self.subtitle_edit.setPlaceholderText(self.tr("Optional: shown under the title"))
        self.subtitle_edit.setMaxLength(FIELD_MAX_LENGTH)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText(self.tr("Optional: in the footer and the slides' speaker notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setPlaceholderText(self.tr("Optional: e.g. the town's planning office"))
        self.organisation_edit.setMaxLength(FIELD_MAX_LENGTH)
        self.logo_edit = QLineEdit(self)
        self.logo_edit.setPlaceholderText(self.tr("Optional: a PNG or JPEG image"))
        self.logo_edit.setMaxLength(FIELD_MAX_LENGTH)
        self.logo_button = QPushButton(self.tr("Choose..."), self)
        self.logo_button.clicked.connect(self.choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.logo_button)

        # ---- file
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Choose a file..."))
        self.browse_button = QPushButton(self.tr("Browse..."), self)
        self.browse_button.clicked.connect(self.choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.message = QLabel(self)
        self.message.setObjectName("export-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        self.preview = QLabel(self)
        self.preview.setObjectName("export-preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setMinimumSize(*PREVIEW_BOX)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #e6e6e6; border: 1px solid #bbb;")
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)

        form = QFormLayout()

        def labelled(text: str, buddy: QWidget) -> QLabel:  # a row holding a layout: its label's mnemonic
            label = QLabel(text, self)
            label.setBuddy(buddy)
            return label

        form.addRow(labelled(self.tr("Te&mplate:"), self.template_combo), template_row)
        form.addRow(self.tr("&Format:"), self.format_combo)
        form.addRow(self.tr("&Extent:"), self.extent_combo)
        form.addRow(self.tr("&Paper:"), self.paper_combo)
        form.addRow(self.tr("&Orientation:"), self.orientation_combo)
        form.addRow(self.tr("&Resolution:"), self.dpi_combo)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Subtitle:"), self.subtitle_edit)
        form.addRow(self.tr("&Notes:"), self.notes_edit)
        form.addRow(self.tr("Or&ganisation:"), self.organisation_edit)
        form.addRow(labelled(self.tr("&Logo:"), self.logo_edit), logo_row)
        form.addRow(self.tr("Label si&ze:"), self.label_size_combo)
        form.addRow(labelled(self.tr("File:"), self.path_edit), path_row)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.message)
        left.addStretch(1)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(left, 2)
        top.addWidget(self.preview, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.buttons)

        self._fill_templates()
        self._load_settings()
        for combo in (self.format_combo, self.paper_combo, self.orientation_combo, self.dpi_combo,
                      self.extent_combo, self.label_size_combo):
            combo.currentIndexChanged.connect(self._options_changed)
        for edit in (self.title_edit, self.subtitle_edit, self.organisation_edit, self.logo_edit):
            edit.textChanged.connect(self._options_changed)
        self.notes_edit.textChanged.connect(self._options_changed)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.template_combo.activated.connect(lambda index: self.choose_template(self.template_combo.itemData(index)))
        self._format_changed()
        self._show_problems()
        screen = window.screen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(min(1180, room.width() - 40) if room else 1180, min(720, room.height() - 60) if room else 720)
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
        """"town", "filtered", or (west, south, east, north) in WGS-84 (the current view, or
        the template's frame)."""
        code = self.extent_combo.currentData()
        if code == "view":
            bounds = view_extent(self.session)
            return bounds if bounds is not None else "town"
        if code == "frame":
            return self.frame_extent if self.frame_extent is not None else "town"
        return code

    def _text(self, edit) -> str | None:
        text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        return text if text.strip() else None

    def field_problems(self) -> list[str]:
        """What the user must change before exporting, in words (empty when all is well)."""
        problems = []
        one_line = lambda edit: " ".join((edit.text() or "").split())  # noqa: E731
        for edit, limit, message in (
                (self.title_edit, MAX_TITLE, self.tr("The title is too long: %1 characters (at most %2).")),
                (self.subtitle_edit, MAX_SUBTITLE, self.tr("The subtitle is too long: %1 characters (at most %2).")),
                (self.organisation_edit, MAX_ORGANISATION,
                 self.tr("The organisation name is too long: %1 characters (at most %2)."))):
            n = len(one_line(edit))
            if n > limit and edit.isEnabled():
                problems.append(message.replace("%1", str(n)).replace("%2", str(limit)))
        notes = self.notes_edit.toPlainText()
        if len(notes) > MAX_NOTES and self.notes_edit.isEnabled():
            problems.append(self.tr("The notes are too long: %1 characters (at most %2).")
                            .replace("%1", str(len(notes))).replace("%2", str(MAX_NOTES)))
        logo = self._text(self.logo_edit)
        if logo and self.logo_edit.isEnabled():
            try:
                load_logo(logo.strip())
            except ValueError as exc:
                problems.append(self.tr("The logo cannot be used: %1").replace("%1", error_text(exc)))
        return problems

    def layout_settings(self) -> LayoutSettings:
        """The settings as chosen; ValueError (naming the field) when one cannot be used."""
        return LayoutSettings(
            title=self._text(self.title_edit), subtitle=self._text(self.subtitle_edit),
            notes=self._text(self.notes_edit), organisation=self._text(self.organisation_edit),
            logo=(self._text(self.logo_edit) or "").strip() or None,
            paper=self.paper_combo.currentData(), orientation=self.orientation_combo.currentData(),
            extent=self.extent(), label_size=self.label_size_combo.currentData())

    def options(self) -> dict:
        """The options that apply to the chosen format (ValueError when a setting cannot be used)."""
        from qxmap.ui.labels import data_lang

        every = {"lang": data_lang(), "dpi": int(self.dpi_combo.currentData())}
        allowed = FORMAT_OPTIONS[self.fmt]
        if "settings" in allowed:
            every["settings"] = self.layout_settings()
        elif "title" in allowed:
            every["title"] = self._text(self.title_edit)
        return {k: v for k, v in every.items() if k in allowed and v is not None}

    def _format_changed(self, *args) -> None:
        allowed = FORMAT_OPTIONS[self.fmt]
        layout = "settings" in allowed
        page = self.fmt in LAYOUT_FORMATS
        self.paper_combo.setEnabled(page)
        self.orientation_combo.setEnabled(page)
        self.dpi_combo.setEnabled("dpi" in allowed)
        self.title_edit.setEnabled(layout or "title" in allowed)
        for widget in (self.subtitle_edit, self.notes_edit, self.organisation_edit, self.logo_edit,
                       self.logo_button, self.label_size_combo, self.extent_combo):
            widget.setEnabled(layout)
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower().lstrip(".") in FORMATS and path.suffix.lower() != f".{self.fmt}":
                self.path_edit.setText(str(path.with_suffix(f".{self.fmt}")))

    def _options_changed(self, *args) -> None:
        if self._applying:
            return
        self._show_problems()
        self.save_settings()
        self.schedule_preview()

    def _show_problems(self) -> list[str]:
        problems = self.field_problems()
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))
        return problems

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

    def choose_logo(self) -> None:
        start = self.logo_edit.text().strip() or str(Path(self.settings.value("export/logo_dir", str(Path.home()))))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a logo"), start,
                                              self.tr("Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)"))
        if path:
            self.settings.setValue("export/logo_dir", str(Path(path).parent))
            self.set_logo(path)

    def set_logo(self, path: str) -> bool:
        """Use *path* as the logo; a file that is not an image is refused with a message
        (the field is left as it was).  True when it is used."""
        try:
            load_logo(path)
        except ValueError as exc:
            self.show_error(self.tr("The logo cannot be used"),
                            error_text(exc) + "\n" + self.tr("Choose a PNG or JPEG image."))
            return False
        self.logo_edit.setText(path)
        return True

    # ------------------------------------------------------------ settings (what was chosen last)

    def apply_settings(self, settings: LayoutSettings) -> None:
        """Show *settings* in the fields."""
        self._applying = True
        try:
            self.title_edit.setText(settings.title or "")
            self.subtitle_edit.setText(settings.subtitle or "")
            self.notes_edit.setPlainText(settings.notes or "")
            self.organisation_edit.setText(settings.organisation or "")
            self.logo_edit.setText(settings.logo or "")
            self.set_combo(self.paper_combo, settings.paper)
            self.set_combo(self.orientation_combo, settings.orientation)
            self.set_combo(self.label_size_combo, settings.label_size)
            self._set_extent(settings.extent)
        finally:
            self._applying = False
        self._options_changed()

    def _set_extent(self, extent) -> None:
        frame = self.extent_combo.findData("frame")
        if isinstance(extent, tuple):
            self.frame_extent = extent
            if frame < 0:
                self.extent_combo.addItem(self.tr("The template's frame"), "frame")
            self.set_combo(self.extent_combo, "frame")
            return
        self.frame_extent = None
        if frame >= 0:
            self.extent_combo.removeItem(frame)
        self.set_combo(self.extent_combo, extent)

    def _load_settings(self) -> None:
        s = self.settings
        self._applying = True
        try:
            self.set_combo(self.format_combo, s.value("export/format", "pdf"))
            self.set_combo(self.dpi_combo, s.value("export/dpi", 300))
        finally:
            self._applying = False
        extent_code = s.value("export/extent")
        layout = LayoutSettings()
        saved = s.value("export/layout")
        if isinstance(saved, str) and saved:
            try:
                layout = LayoutSettings.from_dict(json.loads(saved))
            except (ValueError, TypeError, RecursionError):
                layout = LayoutSettings()  # our own record, damaged: start from the defaults
        self.apply_settings(layout)
        if extent_code == "view":
            self.set_combo(self.extent_combo, "view")
        name = s.value("export/template")
        if isinstance(name, str) and name:
            self.set_combo(self.template_combo, name)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("export/format", self.fmt)
        s.setValue("export/dpi", int(self.dpi_combo.currentData()))
        s.setValue("export/extent", self.extent_combo.currentData())
        try:
            layout = self.layout_settings()
            if self.extent_combo.currentData() == "view":  # "current view" stays a choice, not a frame
                layout = layout.replace(extent="town")
            s.setValue("export/layout", json.dumps(layout.to_dict(), ensure_ascii=False))
        except ValueError:
            pass  # a field the user is still fixing: the last good settings stay
        text = self.path_edit.text().strip()
        if text:
            s.setValue("export/dir", str(Path(text).parent))

    # ------------------------------------------------------------ templates

    def templates(self) -> dict:
        data, problem = read_templates(self.settings)
        if problem:
            self.show_error(self.tr("The templates cannot be read"), problem)
        return data

    def _fill_templates(self, current: str | None = None) -> None:
        names = sorted(read_templates(self.settings)[0])
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.addItem(self.tr("(no template)"), None)
        for name in names:
            self.template_combo.addItem(name, name)
        if current is not None:
            self.set_combo(self.template_combo, current)
        self.template_combo.blockSignals(False)
        self.delete_template_button.setEnabled(bool(names))

    def choose_template(self, name: str | None) -> bool:
        """Use the template *name*: its settings in the fields.  A template that cannot be
        used gives a message and the default settings.  True when it was used."""
        if name is None:
            self.settings.remove("export/template")
            return True
        data = self.templates()
        try:
            if name not in data:
                raise ValueError(self.tr("there is no template of that name"))
            settings = LayoutSettings.from_dict(data[name])
        except (ValueError, TypeError) as exc:
            self.show_error(self.tr("The template “%1” cannot be used").replace("%1", name),
                            error_text(exc) + "\n" + self.tr("The default settings are used instead."))
            self._fill_templates()
            self.settings.remove("export/template")
            self.apply_settings(LayoutSettings())
            return False
        self.set_combo(self.template_combo, name)
        self.settings.setValue("export/template", name)
        self.apply_settings(settings)
        return True

    def save_template(self, name: str) -> bool:
        """Save the settings as chosen as the template *name* (replacing one of that name)."""
        name = " ".join((name or "").split())
        if not name or len(name) > MAX_TEMPLATE_NAME:
            self.show_error(self.tr("The template cannot be saved"),
                            self.tr("A template needs a name of 1 to %1 characters.")
                            .replace("%1", str(MAX_TEMPLATE_NAME)))
            return False
        problems = self.field_problems()
        try:
            if problems:
                raise ValueError("\n".join(problems))
            data = self.layout_settings().to_dict()
        except ValueError as exc:
            self.show_error(self.tr("The template cannot be saved"), error_text(exc))
            return False
        templates, problem = read_templates(self.settings)
        templates[name] = data
        write_templates(self.settings, templates)
        self._fill_templates(name)
        self.settings.setValue("export/template", name)
        self.window_.statusBar().showMessage(self.tr("Template saved: %1").replace("%1", name), 6000)
        return True

    def delete_template(self, name: str) -> bool:
        templates, problem = read_templates(self.settings)
        if name not in templates:
            return False
        del templates[name]
        write_templates(self.settings, templates)
        self._fill_templates()
        self.settings.remove("export/template")
        return True

    def ask_save_template(self) -> None:
        current = self.template_combo.currentData() or ""
        name, ok = QInputDialog.getText(self, self.tr("Save template"), self.tr("Template name:"), text=current)
        if not ok:
            return
        name = " ".join(name.split())
        if name in read_templates(self.settings)[0]:
            box = plaintext.message_box(QMessageBox.Icon.Question, self.tr("Save template"),
                                        self.tr("Replace the template “%1”?").replace("%1", name), self,
                                        buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        self.save_template(name)

    def ask_delete_template(self) -> None:
        name = self.template_combo.currentData()
        if not name:
            return
        box = plaintext.message_box(QMessageBox.Icon.Question, self.tr("Delete template"),
                                    self.tr("Delete the template “%1”?").replace("%1", name), self,
                                    buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.delete_template(name)

    # ------------------------------------------------------------ preview

    def schedule_preview(self) -> None:
        self.preview_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.preview_image is not None:  # the page drawn again to fill the new room
            self.schedule_preview()

    def _preview_width(self) -> int:
        """Pixels wide such that the whole page fits the preview's room."""
        room_w = max(self.preview.width() - 8, PREVIEW_BOX[0] - 8)
        room_h = max(self.preview.height() - 8, PREVIEW_BOX[1] - 8)
        if self.fmt in LAYOUT_FORMATS:
            aspect = 2 ** 0.5 if self.orientation_combo.currentData() == "landscape" else 2 ** -0.5
        else:
            aspect = 1 / 0.69
        width = min(room_w, room_h * aspect) * self.devicePixelRatioF()
        return int(max(100, min(4000, width)))

    def refresh_preview(self) -> None:
        """Draw the whole page as it will be (title, map, legend, lists, footer) into the preview."""
        if self.running or not drawing_lock.acquire(blocking=False):
            self.schedule_preview()  # matplotlib's settings are global: no preview while another drawing runs
            return
        try:
            self._draw_preview()
        finally:
            drawing_lock.release()

    def _draw_preview(self) -> None:
        from qxmap.exports import preview

        dataset = self.session.exported_dataset
        if dataset is None:
            self.preview.setText(self.tr("No data open"))
            return
        problems = self.field_problems()
        try:
            if problems:
                raise ValueError("\n".join(problems))
            options = self.options()
            options.pop("dpi", None)
            data = preview(dataset, self.session.road_filter, self.fmt, width_px=self._preview_width(), **options)
        except Exception as exc:  # a preview must never break the dialog
            self.preview_error = error_text(exc)
            self.preview.setText(self.tr("No preview: %1").replace("%1", self.preview_error))
            self.preview_updated.emit()
            return
        self.preview_error = None
        image = QImage.fromData(data, "PNG")
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self.preview_image = image
        self.preview_count += 1
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.preview_updated.emit()

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
        problems = self._show_problems()
        if problems:
            self.show_error(self.tr("The export options are not valid"),
                            "\n".join(problems) + "\n" + self.tr("Nothing was written."))
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
        try:
            options = self.options()
            check_options(fmt, options)
            if out_path.suffix.lower().lstrip(".") != fmt:
                raise ValueError(self.tr("The file name ends in %1 but the format is %2.")
                                 .replace("%1", out_path.suffix).replace("%2", fmt))
        except ValueError as exc:
            self.show_error(self.tr("The export options are not valid"), error_text(exc))
            return False
        self.save_settings()

        self.worker = ExportWorker(session.exported_dataset, session.road_filter, out_path, fmt, options, self)
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
        dialog = self.progress_dialog
        if dialog is None or dialog.wasCanceled():
            return
        dialog.setLabelText(message)
        # Last: a modal progress dialog's setValue runs the event loop, where the export may
        # finish (_on_finished closes the dialog and forgets it).
        dialog.setValue(int(fraction * 1000))

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
                            .replace("%2", words_text(result.reason)))
        elif isinstance(result, ValueError):
            self.show_error(self.tr("The export options are not valid"), error_text(result))
        else:
            self.show_error(self.tr("The export failed"), f"{type(result).__name__}: {error_text(result)}")
        self.export_finished.emit(result)

    def show_error(self, title: str, text: str) -> QMessageBox:
        box = plaintext.show_message(QMessageBox.Icon.Warning, self.tr("Export"), title, self, informative=text,
                                     name="export-error-dialog")
        self.last_error_dialog = box
        self.window_.last_error_dialog = box
        return box

    def reject(self) -> None:
        if self.running:  # closing while exporting cancels the export first
            self.cancel_export()
            return
        super().reject()


# ---------------------------------------------------------------- menu


class _ExportActions(QObject):
    """Owns the File menu's export actions, the dialog of one window and its snapshots."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.snapshot_job = None
        self.snapshot_dialog = None
        self.export_action = QAction(_tr("&Export..."), window)
        self.export_action.setObjectName("export-action")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.open_dialog)
        self.snapshot_action = QAction(_tr("Export &snapshot..."), window)
        self.snapshot_action.setObjectName("snapshot-action")
        self.snapshot_action.triggered.connect(self.ask_snapshot)
        self.copy_snapshot_action = QAction(_tr("&Copy snapshot"), window)
        self.copy_snapshot_action.setObjectName("copy-snapshot-action")
        self.copy_snapshot_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_snapshot_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.copy_snapshot_action.setToolTip(_tr("Copy the map to the clipboard as the last snapshot was "
                                                 "(as shown or for slides), to paste into a slide"))
        self.copy_snapshot_action.triggered.connect(self.copy_snapshot)
        window.addAction(self.copy_snapshot_action)  # the shortcut works wherever the focus is

    def open_dialog(self) -> ExportDialog:
        if self.dialog is None:
            self.dialog = ExportDialog(self.window)
        self.dialog.schedule_preview()
        self.dialog.open()
        return self.dialog

    def ask_snapshot(self) -> None:
        """File > Export snapshot...: as shown or for slides, shape, density; Save or Copy."""
        from qxmap.ui.snapshot import SnapshotChoice, SnapshotDialog

        window = self.window
        settings = window.settings
        dialog = SnapshotDialog(SnapshotChoice.from_settings(settings), window)
        self.snapshot_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        choice.save(settings)
        if dialog.action == "copy":
            self.snapshot(None, choice.scale, mode=choice.mode, aspect=choice.aspect, title=choice.title,
                          clipboard=True)
            return
        start = str(Path(settings.value("export/snapshot_dir", str(Path.home())))
                    / ("qxmap-slide.png" if choice.mode == "slides" else "qxmap-snapshot.png"))
        path, _ = QFileDialog.getSaveFileName(window, _tr("Export snapshot"), start, _tr("PNG image (*.png)"))
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        settings.setValue("export/snapshot_dir", str(Path(path).parent))
        self.snapshot(path, choice.scale, mode=choice.mode, aspect=choice.aspect, title=choice.title)

    def copy_snapshot(self):
        """Ctrl+Shift+C: the map to the clipboard, as the last snapshot was chosen."""
        from qxmap.ui.snapshot import SnapshotChoice

        choice = SnapshotChoice.from_settings(self.window.settings)
        return self.snapshot(None, choice.scale, mode=choice.mode, aspect=choice.aspect, title=choice.title,
                             clipboard=True)

    def composition(self, aspect: str = "16:9", title: str | None = None):
        """What a snapshot for slides shows: the scene of the session's dataset and filter."""
        from qxmap.exports.common import with_basemap_credit
        from qxmap.exports.scene import build_scene
        from qxmap.ui.labels import data_lang
        from qxmap.ui.snapshot import Composition

        session = self.window.session
        if session.dataset is None:
            raise ValueError(_tr("Open a dataset first."))
        title = " ".join((title or "").split()) or None
        if title is not None and len(title) > MAX_TITLE:
            raise ValueError(_tr("The title is too long: %1 characters (at most %2).")
                             .replace("%1", str(len(title))).replace("%2", str(MAX_TITLE)))
        lang = data_lang()
        scene = build_scene(session.exported_dataset, session.road_filter, lang=lang, title=title)
        basemap = getattr(self.window, "basemap", None)
        if basemap is not None and basemap.credit():
            scene.source = with_basemap_credit(scene.source, basemap.credit(), lang)
        return Composition(scene, aspect)

    def snapshot(self, path, scale: int = 1, *, mode: str = "shown", aspect: str = "16:9", title: str | None = None,
                 clipboard: bool = False, done=None):
        """Take a snapshot of the live map (as shown, or composed for slides) to *path* and/or
        the clipboard; the result goes to the status bar or an error dialog (and to *done*)."""
        from qxmap.ui.snapshot import take_snapshot

        def finished(result):
            self.snapshot_job = None
            if isinstance(result, Exception):
                self.window.last_error_dialog = plaintext.show_message(
                    QMessageBox.Icon.Warning, _tr("Export snapshot"), _tr("The snapshot could not be taken"),
                    self.window, informative=error_text(result), name="snapshot-error-dialog")
            elif isinstance(result, QImage):
                self.window.statusBar().showMessage(
                    _tr("Snapshot copied to the clipboard (%1 x %2 pixels): paste it into a slide.")
                    .replace("%1", str(result.width())).replace("%2", str(result.height())), 10000)
            else:
                text = _tr("Snapshot saved: %1").replace("%1", str(result))
                if clipboard:
                    text += " " + _tr("(also on the clipboard)")
                self.window.statusBar().showMessage(text, 10000)
            if done is not None:
                done(result)

        try:
            composition = self.composition(aspect, title) if mode == "slides" else None
            self.snapshot_job = take_snapshot(self.window.map_view, path, scale, finished,
                                              composition=composition, clipboard=clipboard)
        except Exception as exc:  # already running, bad scale, no data, a title too long
            finished(exc)
        return self.snapshot_job


def attach_export_actions(window) -> _ExportActions:
    """Add File > Export... (Ctrl+E), File > Export snapshot... and File > Copy snapshot
    (Ctrl+Shift+C) to *window*.file_menu.

    The actions go before the separator above Quit. Returns the owner of the
    actions and the dialog (also kept as ``window.export_actions``).
    """
    actions = _ExportActions(window)
    menu = window.file_menu
    separators = [a for a in menu.actions() if a.isSeparator()]
    before = separators[-1] if separators else None
    for action in (actions.export_action, actions.snapshot_action, actions.copy_snapshot_action):
        if before is not None:
            menu.insertAction(before, action)
        else:
            menu.addAction(action)
    window.export_actions = actions
    return actions
