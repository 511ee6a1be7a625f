"""The progress dashboard, "what changed since", and where they sit in the window.

:class:`Dashboard` shows, for the session's filter and day (today or the
"as of" day): the number of records, km by status, started and finished
this year, overdue; and two charts of stacked bars, records (or km) by
status for each build phase and for each category.  Clicking a bar (or a
segment of it) narrows the filter to it through the session
(``Session.set_filter`` with :func:`qxmap.tracking.bar_filter`), so the
table, the map and the filter panel follow.  The charts are painted with
QPainter (a filter change repaints in about a millisecond); the export to
PNG and to a slide draws the same figures with matplotlib
(:mod:`qxmap.tracking.figures`).

:class:`ChangesPanel` lists every saved change since a day (or since the
last export of the report), grouped (started, finished, slipped, set back,
other) with who and why, and exports it to XLSX and slides.

:func:`attach_tracking` puts the dashboard (with the changes as a second
tab) in a dock tabbed with the road table, and the timeline in a dock under
the map (hidden at first); both in the View menu.

Every text from the data is plain text (labels with PlainText format,
tooltips through :func:`qxmap.ui.plaintext.tooltip`, painted text).
"""
from __future__ import annotations

import datetime as _dt
import json

import numpy as np
from PySide6.QtCore import QDate, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qxmap import schema
from qxmap.styles import status_color
from qxmap.tracking.dashboard import Facts, Figures, bar_filter, dashboard_figures
from qxmap.ui import labels, plaintext
from qxmap.ui.lazyrefresh import LazyRefresh
from qxmap.ui.problemtext import error_text
from qxmap.ui.sessionlink import follow
from qxmap.ui.timeline import FactsCache, TimelinePanel, facts_of
from qxmap.ui.trackingform import TrackingForm

EXPORTED_KEY = "tracking/changes_exported"


class BarChart(QWidget):
    """Stacked horizontal bars: one row per code (phase or category), one segment per
    status.  A click on a segment emits (code, status); on a row's label, (code, "")."""

    clicked = Signal(str, str)

    def __init__(self, axis: str, parent=None):
        super().__init__(parent)
        self.axis = axis  # "phase" or "category"
        self.codes = schema.PHASES if axis == "phase" else schema.CATEGORIES
        self.values = np.zeros((len(self.codes), len(schema.STATUSES)))
        self.km = np.zeros_like(self.values)
        self.unit = "records"
        self._hits: list[tuple[QRectF, str, str]] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(24 * len(self.codes) + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(360, 24 * len(self.codes) + 8)

    def set_values(self, counts: np.ndarray, km: np.ndarray, unit: str) -> None:
        self.values, self.km, self.unit = counts, km, unit
        self.update()

    def _label(self, code: str) -> str:
        return labels.phase(code) if self.axis == "phase" else labels.category(code)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = self.values if self.unit == "records" else self.km
        label_w = min(170, max(90, self.width() // 3))
        room = max(10, self.width() - label_w - 52)
        most = max(float(shown.sum(axis=1).max()) if shown.size else 0.0, 1e-9)
        self._hits = []
        metrics = painter.fontMetrics()
        for i, code in enumerate(self.codes):
            y = 4 + i * 24
            label_rect = QRectF(0, y, label_w - 6, 20)
            painter.setPen(QColor("#333333"))
            painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             metrics.elidedText(self._label(code), Qt.TextElideMode.ElideLeft, label_w - 6))
            self._hits.append((label_rect, code, ""))
            x = float(label_w)
            for j, status in enumerate(schema.STATUSES):
                value = float(shown[i, j])
                if value <= 0:
                    continue
                w = max(2.0, value / most * room)
                rect = QRectF(x, y + 2, w, 16)
                painter.fillRect(rect, QColor(status_color(status)))
                self._hits.append((rect, code, status))
                x += w
            total = float(shown[i].sum())
            painter.setPen(QColor("#333333"))
            text = f"{total:.0f}" if self.unit == "records" else labels.number(total, 1)
            painter.drawText(QRectF(x + 4, y, 48, 20), int(Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()

    def hit(self, point) -> tuple[str, str] | None:
        for rect, code, status in reversed(self._hits):
            if rect.contains(point):
                return code, status
        return None

    def segment_center(self, code: str, status: str = ""):
        """The centre of a segment (or of a row's label) in widget pixels (tests)."""
        self.repaint()
        for rect, c, s in self._hits:
            if c == code and s == status:
                return rect.center().toPoint()
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        found = self.hit(event.position())
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*found)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        found = self.hit(event.position())
        if found is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        code, status = found
        i = self.codes.index(code)
        if status:
            j = schema.STATUSES.index(status)
            text = self.tr("%1 · %2: %3 record(s), %4 km").replace("%1", self._label(code)).replace(
                "%2", labels.status(status)).replace("%3", f"{self.values[i, j]:.0f}").replace(
                "%4", labels.number(self.km[i, j], 1))
        else:
            text = self.tr("%1: %2 record(s), %3 km").replace("%1", self._label(code)).replace(
                "%2", f"{self.values[i].sum():.0f}").replace("%3", labels.number(self.km[i].sum(), 1))
        QToolTip.showText(event.globalPosition().toPoint(),
                          plaintext.tooltip(text + "\n" + self.tr("Click to filter to it")), self)


class Tile(QFrame):
    """One headline number with its label."""

    def __init__(self, name: str, title: str, tip: str, parent=None):
        super().__init__(parent)
        self.setObjectName(f"tile-{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.value = QLabel("0", self)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.title = QLabel(title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("color:#555555")
        layout.addWidget(self.value)
        layout.addWidget(self.title)
        self.setToolTip(plaintext.tooltip(tip))

    def show_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet("color:#b3261e" if alert else "")


class Dashboard(QWidget):
    """Headline numbers and charts for the session's filter and day."""

    #: The figures were redrawn (their Figures).
    refreshed = Signal(object)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.settings = getattr(parent, "settings", None)
        self._facts: Facts | None = None
        self._figures: Figures | None = None
        #: Made again only while on screen (2: facts and figures, 1: the figures).
        self.lazy = LazyRefresh(self, self._make, stale=2)
        self.last_path = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.context = QLabel(self)
        self.context.setObjectName("dashboard-context")
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setWordWrap(True)
        self.context.setStyleSheet("color:#555555")
        layout.addWidget(self.context)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.tiles = {
            "records": Tile("records", self.tr("Records"), self.tr("Records the filter keeps")),
            "km": Tile("km", self.tr("km"), self.tr("Schematic length of the located roads the filter keeps")),
            "started": Tile("started", self.tr("Started this year"),
                            self.tr("An actual start date this year, or a saved change to “under construction” "
                                    "this year (up to the day shown)")),
            "finished": Tile("finished", self.tr("Finished this year"),
                             self.tr("A completion date this year, or a saved change to “completed” this year "
                                     "(up to the day shown)")),
            "overdue": Tile("overdue", self.tr("Overdue"),
                            self.tr("The target has passed and the record is not completed")),
        }
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 3, i % 3)
        layout.addLayout(grid)
        self.by_status = QLabel(self)
        self.by_status.setObjectName("dashboard-by-status")
        self.by_status.setTextFormat(Qt.TextFormat.RichText)  # only our own labels and numbers, escaped
        self.by_status.setWordWrap(True)
        layout.addWidget(self.by_status)
        units = QHBoxLayout()
        self.unit_group = QButtonGroup(self)
        self.unit_buttons = {}
        for key, text in (("records", self.tr("Records")), ("km", self.tr("km"))):
            button = QToolButton(self)
            button.setText(text)
            button.setCheckable(True)
            button.setObjectName(f"dashboard-unit-{key}")
            self.unit_group.addButton(button)
            self.unit_buttons[key] = button
            units.addWidget(button)
        self.unit_buttons["records"].setChecked(True)
        self.unit_group.buttonToggled.connect(lambda *_: self._show_charts())
        units.addStretch(1)
        hint = QLabel(self.tr("Click a bar to filter to it"), self)
        hint.setStyleSheet("color:#777777")
        units.addWidget(hint)
        layout.addLayout(units)
        self.phase_title = self._heading(self.tr("By build phase (status colours)"))
        layout.addWidget(self.phase_title)
        self.phase_chart = BarChart("phase", self)
        self.phase_chart.setObjectName("dashboard-phase-chart")
        layout.addWidget(self.phase_chart)
        layout.addWidget(self._heading(self.tr("By category")))
        self.category_chart = BarChart("category", self)
        self.category_chart.setObjectName("dashboard-category-chart")
        layout.addWidget(self.category_chart)
        legend = QLabel(self)
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setText("　".join(f'<span style="color:{status_color(c)}">■</span> {_escape(labels.status(c))}'
                                for c in schema.STATUSES))
        layout.addWidget(legend)
        buttons = QHBoxLayout()
        self.png_button = QPushButton(self.tr("Export PNG..."), self)
        self.png_button.clicked.connect(lambda: self.choose_export("png"))
        self.slide_button = QPushButton(self.tr("Export slide..."), self)
        self.slide_button.clicked.connect(lambda: self.choose_export("pptx"))
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.slide_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for chart in (self.phase_chart, self.category_chart):
            chart.clicked.connect(lambda code, status, c=chart: self.filter_to(c.axis, code, status))
        events = session.events
        for event in (events.dataset_changed, events.records_changed, events.history_changed, events.as_of_changed):
            follow(self, event, lambda *_: self.refresh())
        if hasattr(events, "records_reset"):
            follow(self, events.records_reset, lambda *_: self.refresh())
        follow(self, events.filter_changed, lambda *_: self.refilter())
        self.refresh()

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    # ------------------------------------------------------------ following the session

    @property
    def facts(self) -> Facts | None:
        self.lazy.ensure()
        return self._facts

    @property
    def figures(self) -> Figures | None:
        """The figures shown (made now if the dashboard was out of sight when the session changed)."""
        self.lazy.ensure()
        return self._figures

    def refresh(self) -> None:
        """Records, history or day changed: the per-record facts again, then the figures
        (now if the dashboard is on screen, else when it comes into sight or is asked)."""
        self.lazy.mark(2)

    def refilter(self) -> None:
        """The filter changed: the figures again (a few bincounts)."""
        self.lazy.mark(1)

    def _make(self, level: int) -> None:
        session = self.session
        if level >= 2:
            self._facts = facts_of(session) if len(session.records) and "id" in session.records else None
        if self._facts is None or len(self._facts.status) != len(session.filter_mask):
            self._figures = None
        else:
            # Its own summary (with the records' positions: "not yet mapped" counts as in `qxmap summary`).
            self._figures = dashboard_figures(self._facts, session.filter_mask, session.road_filter)
        self._show()
        self.refreshed.emit(self._figures)

    def _show(self) -> None:
        f = self.figures
        enabled = f is not None
        self.png_button.setEnabled(enabled)
        self.slide_button.setEnabled(enabled)
        if f is None:
            self.context.setText(self.tr("No data open."))
            for tile in self.tiles.values():
                tile.show_value("—")
            self.by_status.setText("")
            return
        lang = labels.data_lang()
        day = (self.tr("State as of %1").replace("%1", f.day.isoformat()) if f.as_of
               else self.tr("Today, %1").replace("%1", f.day.isoformat()))
        self.context.setText(f.road_filter.describe(lang) + " · " + day)
        self.tiles["records"].show_value(str(f.count))
        self.tiles["km"].show_value(labels.number(f.summary.km, 1))
        self.tiles["started"].show_value(str(f.started))
        self.tiles["finished"].show_value(str(f.finished))
        self.tiles["overdue"].show_value(str(f.overdue), alert=f.overdue > 0)
        parts = [f'<span style="color:{status_color(r.code)}">■</span> {_escape(labels.status(r.code))} '
                 f"{r.count} · {_escape(labels.number(r.km, 1))} km" for r in f.summary.by_status if r.count]
        self.by_status.setText("　".join(parts))
        self._show_charts()

    def _show_charts(self) -> None:
        f = self.figures
        if f is None:
            return
        unit = "km" if self.unit_buttons["km"].isChecked() else "records"
        self.phase_chart.set_values(f.phase_counts, f.phase_km, unit)
        self.category_chart.set_values(f.category_counts, f.category_km, unit)

    def filter_to(self, axis: str, code: str, status: str = "") -> bool:
        """A bar was clicked: narrow the session's filter to it."""
        return self.session.set_filter(bar_filter(self.session.road_filter, axis, code, status or None))

    # ------------------------------------------------------------ exports

    def choose_export(self, kind: str) -> None:
        if self.figures is None:
            return
        start = str(self.settings.value("tracking/last_dir", "") or "") if self.settings is not None else ""
        name = "dashboard.png" if kind == "png" else "dashboard.pptx"
        title = self.tr("Export the dashboard")
        filt = self.tr("PNG image (*.png)") if kind == "png" else self.tr("PowerPoint slide (*.pptx)")
        path, _ = QFileDialog.getSaveFileName(self, title, str(_join(start, name)), filt)
        if path:
            if self.settings is not None:
                self.settings.setValue("tracking/last_dir", str(_parent(path)))
            self.export(path, kind)

    def export(self, path, kind: str | None = None):
        """Write the dashboard as PNG or as a slide (by *kind*, or the file's suffix)."""
        from qxmap.tracking.figures import write_dashboard_png, write_dashboard_slide

        kind = kind or ("pptx" if str(path).lower().endswith(".pptx") else "png")
        lang = labels.data_lang()
        try:
            out = (write_dashboard_png(self.figures, path, lang) if kind == "png"
                   else write_dashboard_slide(self.figures, path, lang))
        except Exception as exc:  # a full disk, a locked file: say so, keep the app
            _warn(self, self.tr("The dashboard was not exported"), error_text(exc))
            return None
        self.last_path = out
        return out


class ChangesPanel(QWidget):
    """Every saved change since a day (or the last export), grouped, with who and why.
    Made again only while it can be seen (reading the changes of a big history takes
    a few hundred milliseconds: not at every start-up and save, behind another tab);
    :attr:`report` is always current."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.settings = getattr(parent, "settings", None)
        self._report = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.by_date = QRadioButton(self.tr("Since"), self)
        self.by_date.setChecked(True)
        self.date = QDateEdit(self)
        self.date.setObjectName("changes-since")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        first = _dt.date.today().replace(day=1)
        self.date.setDate(QDate(first.year, first.month, first.day))
        row.addWidget(self.by_date)
        row.addWidget(self.date)
        row.addStretch(1)
        layout.addLayout(row)
        self.by_export = QRadioButton(self.tr("Since the last export of this report"), self)
        self.by_export.setObjectName("changes-since-export")
        layout.addWidget(self.by_export)
        self.summary = QLabel(self)
        self.summary.setObjectName("changes-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("changes-tree")
        self.tree.setHeaderLabels([self.tr("Change"), self.tr("When"), self.tr("By"), self.tr("Note")])
        self.tree.setRootIsDecorated(True)
        self.tree.itemActivated.connect(self._select_item)
        self.tree.itemClicked.connect(self._select_item)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.xlsx_button = QPushButton(self.tr("Export XLSX..."), self)
        self.xlsx_button.clicked.connect(lambda: self.choose_export("xlsx"))
        self.pptx_button = QPushButton(self.tr("Export slides..."), self)
        self.pptx_button.clicked.connect(lambda: self.choose_export("pptx"))
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pptx_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.lazy = LazyRefresh(self, lambda level: self._make())
        self.by_date.toggled.connect(lambda *_: self.refresh())
        self.date.dateChanged.connect(lambda *_: self.refresh())
        events = session.events
        for event in (events.dataset_changed, events.history_changed, events.workspace_changed):
            follow(self, event, lambda *_: self.refresh())

    @property
    def report(self):
        """The changes since the chosen day (or the last export), current."""
        self.lazy.ensure()
        return self._report

    # ------------------------------------------------------------ the report

    def _key(self) -> str | None:
        ws = self.session.workspace
        ident = getattr(ws, "workspace_id", None) or (str(ws.path) if ws is not None else None)
        return f"{EXPORTED_KEY}/{ident}" if ident else None

    def _last(self) -> tuple[_dt.datetime, int] | None:
        """(when, the last history row it included) of this report's last export for the
        open workspace, or None."""
        key = self._key()
        if key is None or self.settings is None:
            return None
        try:
            saved = json.loads(str(self.settings.value(key) or ""))
            return _dt.datetime.fromisoformat(str(saved["at"])), int(saved["last_id"])
        except (ValueError, TypeError, KeyError):
            return None

    def last_export(self) -> _dt.datetime | None:
        """When this report was last exported for the open workspace (local time), or None."""
        last = self._last()
        return last[0] if last else None

    def since(self):
        if self.by_export.isChecked() and self.last_export() is not None:
            return self.last_export()
        d = self.date.date()
        return _dt.date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        """What the panel shows has changed: made again now if it is seen, else when it is."""
        self.lazy.mark()

    def _make(self) -> None:
        from qxmap.tracking.changes import changes_since

        session = self.session
        last = self.last_export()
        self.by_export.setEnabled(last is not None)
        self.by_export.setText(self.tr("Since the last export of this report (%1)").replace(
            "%1", last.isoformat(sep=" ", timespec="minutes")) if last else
            self.tr("Since the last export of this report (not exported yet)"))
        if last is None and self.by_export.isChecked():
            self.by_date.setChecked(True)
        self.date.setEnabled(self.by_date.isChecked())
        self.tree.clear()
        if session.history is None:
            self._report = None
            self.summary.setText(self.tr("Open a workspace: the changes come from its saved history."))
            self.xlsx_button.setEnabled(False)
            self.pptx_button.setEnabled(False)
            return
        records = session.records
        names = records[[c for c in ("id", "name_zh", "name_en") if c in records]] if len(records) else None
        last = self._last() if self.by_export.isChecked() else None
        self._report = changes_since(session.history, self.since(), names, after_id=last[1] if last else None)
        self._show_report()

    def _show_report(self) -> None:
        from qxmap.tracking.changes import GROUPS

        report = self._report
        lang = labels.data_lang()
        counts = report.counts()
        text = self.tr("%1 change(s) since %2").replace("%1", str(len(report.rows))).replace("%2", report.since_text)
        if report.note(lang):
            text += "\n" + report.note(lang)
        self.summary.setText(text)
        group_titles = {"started": self.tr("Started"), "finished": self.tr("Finished"),
                        "slipped": self.tr("Slipped (target moved later)"),
                        "set_back": self.tr("Set back or put on hold"), "other": self.tr("Other changes")}
        for code in GROUPS:
            top = QTreeWidgetItem([f"{group_titles[code]} ({counts[code]})"])
            font = QFont(top.font(0))
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for r in report.records(code)[:2000]:  # a long list: the export has every row
                name = (r.get("name_en") if lang == "en" and r.get("name_en") else r.get("name_zh")) or r["road_id"]
                what = (f"{name}: {labels.field_title(r['field'])} {labels.field_value(r['field'], r['old_value'])}"
                        f" → {labels.field_value(r['field'], r['new_value'])}")
                item = QTreeWidgetItem([what, labels.date_time(r["changed_at"]), r.get("changed_by") or "",
                                        r.get("note") or ""])
                item.setData(0, Qt.ItemDataRole.UserRole, r["road_id"])
                item.setToolTip(0, plaintext.tooltip(what))
                item.setToolTip(3, plaintext.tooltip(r.get("note") or ""))
                top.addChild(item)
            top.setExpanded(code != "other")
        self.tree.resizeColumnToContents(1)
        enabled = len(report.rows) > 0
        self.xlsx_button.setEnabled(enabled)
        self.pptx_button.setEnabled(enabled)

    def _select_item(self, item, column=0) -> None:
        road_id = item.data(0, Qt.ItemDataRole.UserRole)
        if road_id:
            self.session.select([str(road_id)], origin="changes")

    # ------------------------------------------------------------ exports

    def choose_export(self, kind: str) -> None:
        if self.report is None:
            return
        start = str(self.settings.value("tracking/last_dir", "") or "") if self.settings is not None else ""
        name = "changes.xlsx" if kind == "xlsx" else "changes.pptx"
        filt = self.tr("Excel workbook (*.xlsx)") if kind == "xlsx" else self.tr("PowerPoint slides (*.pptx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the changes"), str(_join(start, name)), filt)
        if path:
            if self.settings is not None:
                self.settings.setValue("tracking/last_dir", str(_parent(path)))
            self.export(path, kind)

    def export(self, path, kind: str | None = None):
        """Write the report (XLSX or slides) and remember when, for "since the last export"."""
        from qxmap.tracking.report import write_changes_deck, write_changes_xlsx

        kind = kind or ("pptx" if str(path).lower().endswith(".pptx") else "xlsx")
        lang = labels.data_lang()
        moment = _dt.datetime.now().astimezone()
        try:
            out = (write_changes_xlsx(self.report, path, lang) if kind == "xlsx"
                   else write_changes_deck(self.report, path, lang))
        except Exception as exc:  # a full disk, a locked file: say so, keep the app
            _warn(self, self.tr("The changes were not exported"), error_text(exc))
            return None
        key = self._key()
        if key is not None and self.settings is not None:  # the next report starts after this one's rows
            self.settings.setValue(key, json.dumps({"at": moment.isoformat(timespec="seconds"),
                                                    "last_id": self.session.history.last_id}))
        self.refresh()
        return out


class TrackingUI(QObject):
    """What :func:`attach_tracking` added to a window."""

    def __init__(self, window):
        super().__init__(window)
        session = window.session
        self.facts_cache = FactsCache(session)  # first: the views below read the facts it keeps
        self.dashboard = Dashboard(session, window)
        self.changes = ChangesPanel(session, window)
        self.tabs = QTabWidget(window)
        self.tabs.setObjectName("tracking-tabs")
        scroll = QScrollArea(window)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.dashboard)
        self.tabs.addTab(scroll, self.tr("Overview"))
        self.tabs.addTab(self.changes, self.tr("Changes since"))
        self.dashboard_dock = QDockWidget(self.tr("Progress dashboard"), window)
        self.dashboard_dock.setObjectName("dashboard-dock")
        self.dashboard_dock.setWidget(self.tabs)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dashboard_dock)
        window.tabifyDockWidget(window.road_dock, self.dashboard_dock)
        if getattr(window, "settings", None) is None or window.settings.value("window/state") is None:
            timer = QTimer(window.road_dock)  # the table in front at first (a saved layout wins);
            timer.setSingleShot(True)         # a timer of the dock's own: gone with it
            timer.timeout.connect(window.road_dock.raise_)
            timer.start(0)
        # The tracking fields of the selected road: a tab beside its details (the table keeps its room).
        splitter = window.road_splitter
        self.details_tabs = QTabWidget()  # no parent yet: a splitter's child would be a pane of its own
        self.details_tabs.setObjectName("details-tabs")
        self.form = TrackingForm(window, self.details_tabs)
        self.form.setTitle("")
        self.form.setFlat(True)
        splitter.replaceWidget(splitter.indexOf(window.details), self.details_tabs)
        self.details_tabs.addTab(window.details, self.tr("Details"))
        scroll = QScrollArea(self.details_tabs)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.details_tabs.addTab(scroll, self.tr("Tracking"))
        self.timeline = TimelinePanel(session, window)
        self.timeline_dock = QDockWidget(self.tr("Timeline"), window)
        self.timeline_dock.setObjectName("timeline-dock")
        self.timeline_dock.setWidget(self.timeline)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            actions = view_menu.actions()
            before = actions[2] if len(actions) > 2 else None
            for dock in (self.dashboard_dock, self.timeline_dock):
                action = dock.toggleViewAction()
                if before is not None:
                    view_menu.insertAction(before, action)
                else:
                    view_menu.addAction(action)

    @property
    def as_of(self):
        return self.timeline.as_of

    def show_dashboard(self) -> None:
        self.dashboard_dock.show()
        self.dashboard_dock.raise_()
        self.tabs.setCurrentIndex(0)

    def show_timeline(self) -> None:
        self.timeline_dock.show()
        self.timeline_dock.raise_()


def attach_tracking(window) -> TrackingUI:
    """Add the dashboard (and the changes) and the timeline docks to *window* (a MainWindow)."""
    return TrackingUI(window)


def _escape(text: str) -> str:
    import html

    return html.escape(str(text))


def _join(folder: str, name: str):
    from pathlib import Path

    return Path(folder) / name if folder else Path(name)


def _parent(path: str):
    from pathlib import Path

    return Path(path).parent


def _warn(parent, title: str, text: str) -> None:
    plaintext.show_message(QMessageBox.Icon.Warning, "qxmap", title, parent, informative=text)
