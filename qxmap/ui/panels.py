"""Side panels of the main window: filters, details, layers and legend.

Each panel is a plain widget that emits what the user asked for; the main
window connects them to the model and the map.  Text from the data is
always shown as plain text (QLabel.setTextFormat(PlainText) or escaped).
"""
from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qxmap import schema
from qxmap.editing import period_text
from qxmap.filtering import RoadFilter, Summary
from qxmap.styles import style_table
from qxmap.ui import labels, plaintext
from qxmap.ui.flowlayout import FlowLayout


class FilterPanel(QWidget):
    """Build phase, status and category toggles and a name search.

    Each group of chips folds under a header button that names the group and
    how many of its chips are chosen ("状态 (2/5)", "Status (2 of 5)"), with
    an arrow for open or folded: on a short screen the groups start folded so
    that the road table keeps its rows.  What is open is remembered
    (:meth:`remember_groups`)."""

    filter_changed = Signal(object)  # RoadFilter

    #: Below this much available screen height the groups start folded.
    FOLD_BELOW_HEIGHT = 900
    GROUPS = ("phases", "statuses", "categories")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._buttons: dict[str, dict[str, QToolButton]] = {}
        self._settings = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        groups = (
            ("phases", self.tr("Build phase"), schema.PHASES, labels.phase),
            ("statuses", self.tr("Status"), schema.STATUSES, labels.status),
            ("categories", self.tr("Category"), schema.CATEGORIES, labels.category),
        )
        self._titles: dict[str, str] = {}
        self._headers: dict[str, QToolButton] = {}
        self._chips: dict[str, QWidget] = {}
        for key, title, codes, label in groups:
            header = QToolButton(self)
            header.setObjectName(f"filter-group-{key}")
            header.setProperty("header", True)
            header.setCheckable(True)
            header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            header.setAutoRaise(True)
            layout.addWidget(header)
            chips = QFrame(self)
            chips.setObjectName(f"filter-chips-{key}")
            chips.setFrameShape(QFrame.Shape.StyledPanel)
            flow = FlowLayout(chips, spacing=3)
            flow.setContentsMargins(4, 2, 4, 2)
            self._buttons[key] = {}
            for code in codes:
                button = QToolButton(chips)
                button.setText(label(code))
                button.setProperty("label", label(code))
                button.setProperty("chip", True)
                button.setCheckable(True)
                button.setObjectName(f"filter-{key}-{code}")
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.toggled.connect(lambda on, b=button: self._mark(b, on))
                button.toggled.connect(self._emit)
                flow.addWidget(button)
                self._buttons[key][code] = button
            self._titles[key], self._headers[key], self._chips[key] = title, header, chips
            header.setChecked(True)
            header.toggled.connect(lambda on, k=key: self.set_group_open(k, on))
            layout.addWidget(chips)
            self._show_header(key)
        # A chosen chip is marked by a tick and bold type as well as by colour; a
        # group header by its arrow (open or folded) and its count.
        self.setStyleSheet(
            "QToolButton[chip=\"true\"] { padding: 2px 6px; border: 1px solid #b8b8b8; border-radius: 9px;"
            " background: #fafafa; }"
            "QToolButton[chip=\"true\"]:checked { background: #1f5fbf; color: white; border-color: #1f5fbf;"
            " font-weight: bold; }"
            "QToolButton[header=\"true\"] { padding: 1px 2px; border: none; background: transparent;"
            " font-weight: bold; }"
            "QToolButton[header=\"true\"]:hover { text-decoration: underline; }")
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search names (Chinese or English)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._emit)
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.search, 1)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._silent = False

    # ------------------------------------------------------------ folding

    def header(self, key: str) -> QToolButton:
        """The button that opens and folds the group *key* ("phases", "statuses", "categories")."""
        return self._headers[key]

    def is_group_open(self, key: str) -> bool:
        return self._headers[key].isChecked()

    def set_group_open(self, key: str, on: bool) -> None:
        header = self._headers[key]
        if header.isChecked() != on:
            header.setChecked(on)  # comes back here through toggled
            return
        self._chips[key].setVisible(on)
        self._show_header(key)
        if self._settings is not None:
            self._settings.setValue(f"filter/open/{key}", on)

    def remember_groups(self, settings, available_height: int) -> None:
        """Open the groups as they were left (in *settings*), else open on a tall screen
        and folded on a short one; from now on each change is remembered there."""
        self._settings = None
        for key in self.GROUPS:
            saved = settings.value(f"filter/open/{key}")
            on = (str(saved).lower() == "true") if saved is not None else \
                available_height >= self.FOLD_BELOW_HEIGHT
            self.set_group_open(key, on)
        self._settings = settings

    def _show_header(self, key: str) -> None:
        header, title = self._headers[key], self._titles[key]
        buttons = self._buttons[key]
        chosen = [b.property("label") for b in buttons.values() if b.isChecked()]
        opened = header.isChecked()
        header.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        header.setText(self.tr("%1 (%2 of %3)").replace("%1", title).replace("%2", str(len(chosen)))
                       .replace("%3", str(len(buttons))) if chosen else title)
        hint = self.tr("Click to fold these filters") if opened else self.tr("Click to show these filters")
        header.setToolTip(plaintext.tooltip("\n".join([hint] + [f"✓ {c}" for c in chosen])))

    def _mark(self, button: QToolButton, on: bool) -> None:
        """A tick on a chosen chip, and the number chosen in its group's header."""
        label = button.property("label")
        button.setText(f"✓ {label}" if on else label)
        for key, buttons in self._buttons.items():
            if button in buttons.values():
                self._show_header(key)

    def road_filter(self) -> RoadFilter:
        chosen = {key: [code for code, b in buttons.items() if b.isChecked()]
                  for key, buttons in self._buttons.items()}
        return RoadFilter.of(chosen["phases"], chosen["statuses"], chosen["categories"], self.search.text())

    def show_filter(self, road_filter: RoadFilter) -> None:
        """Show *road_filter* on the buttons and the search box, without announcing it."""
        self._silent = True
        try:
            for key, values in (("phases", road_filter.phases), ("statuses", road_filter.statuses),
                                ("categories", road_filter.categories)):
                for code, button in self._buttons[key].items():
                    button.setChecked(code in values)
            if self.search.text() != road_filter.text:
                self.search.setText(road_filter.text)
        finally:
            self._silent = False

    def set_road_filter(self, road_filter: RoadFilter) -> None:
        self._silent = True
        try:
            for key, values in (("phases", road_filter.phases), ("statuses", road_filter.statuses),
                                ("categories", road_filter.categories)):
                for code, button in self._buttons[key].items():
                    button.setChecked(code in values)
            self.search.setText(road_filter.text)
        finally:
            self._silent = False
        self._emit()

    def button(self, key: str, code: str) -> QToolButton:
        return self._buttons[key][code]

    def clear(self) -> None:
        self.set_road_filter(RoadFilter())

    def _emit(self, *args) -> None:
        if not self._silent:
            self.filter_changed.emit(self.road_filter())


class ElidedLabel(QLabel):
    """A one-line label that never widens its layout: a text too long for it is
    cut with an ellipsis, and shown whole in the tooltip.  (Above the map: a long
    filter must not resize the map, which would redraw it from scratch.)"""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.setToolTip(plaintext.tooltip(text))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        rect = self.contentsRect()
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        elided = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()), elided)


class ElidedCheckBox(QCheckBox):
    """A check box whose text never widens its panel: too long for the width it
    gets, the text is cut with an ellipsis (``text()`` stays whole).  The layer
    list of a narrow dock on a laptop then needs no horizontal scrolling."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("…") * 4 + 24), hint.height())

    def elided_text(self) -> str:
        """The text as painted at the present width."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        rect = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self.elided_text()
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)


class SummaryLabel(QLabel):
    """Count and km by status, and the total, for the rows now shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)

    def follow(self, session) -> None:
        """Show the session's summary whenever the dataset, the filter or a record changes."""
        def update(*args):
            self.show_summary(session.summary)
        for event in (session.events.dataset_changed, session.events.filter_changed, session.events.records_changed,
                      session.events.as_of_changed):
            event.connect(update)

    def show_summary(self, summary: Summary) -> None:
        colors = style_table()["status_colors"]
        parts = []
        for row in summary.by_status:
            if row.count == 0:
                continue
            parts.append(
                f'<span style="color:{colors[row.code]}">■</span> {html.escape(labels.status(row.code))} '
                f"{row.count} · {html.escape(labels.number(row.km, 1))} km")
        total = self.tr("Total: %1 records, %2 km (%3 not yet mapped)")
        total = total.replace("%1", str(summary.count)).replace("%2", labels.number(summary.km, 1)).replace(
            "%3", str(summary.unmapped))
        self.setText("<br>".join(parts + [f"<b>{html.escape(total)}</b>"]))


class DetailsPane(QTextBrowser):
    """Every attribute of the selected feature, the report's words and the accuracy note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.current_id: str | None = None
        self.show_nothing()

    def follow(self, session) -> None:
        """Show the session's one selected feature (nothing for none or several);
        refresh when its record changes."""
        self._session = session

        def on_selection(ids):
            if len(ids) == 1:
                self.show_id(ids[0])
            else:
                self.show_nothing()

        def on_records(ids):
            if self.current_id is not None and self.current_id in ids:
                self.show_id(self.current_id)

        session.events.selection_changed.connect(on_selection)
        session.events.records_changed.connect(on_records)
        session.events.dataset_changed.connect(lambda dataset: self.show_nothing())
        session.events.as_of_changed.connect(lambda state: self.current_id is not None and self.show_id(self.current_id))

    def show_id(self, feature_id: str) -> None:
        """Show *feature_id* as the session's dataset has it now."""
        found = self._session.find(feature_id)
        if found is None:
            self.show_nothing()
            return
        layer, series = found
        record = {k: (None if _is_nan(v) else v) for k, v in series.items() if k != "geometry"}
        state = getattr(self._session, "as_of", None)
        if state is not None and self._session.row_of(feature_id) is not None:
            # The state as of a past day (issue 14): status, phase and progress as the table shows them.
            record.update(self._session.record_values(feature_id, ("status", "phase", "progress")))
            record["_as_of"] = state.day.isoformat()
        geom = series.get("geometry")
        self.show_feature(layer, record, geom is not None and not geom.is_empty)

    def show_nothing(self) -> None:
        self.current_id = None
        hint = self.tr("Select a road in the table or on the map.")
        self.setHtml(f"<p style='color:#777'>{html.escape(hint)}</p>")

    def show_feature(self, layer: str, record: dict, mapped: bool) -> None:
        self.current_id = record.get("id")
        esc = html.escape
        rows = []

        def add(title: str, value) -> None:
            if value is None or value == "":
                return
            rows.append(f"<tr><td style='color:#555;padding-right:8px'>{esc(title)}</td><td>{esc(str(value))}</td></tr>")

        add(self.tr("Layer"), labels.layer(layer))
        add(self.tr("ID"), record.get("id"))
        add(self.tr("English name"), record.get("name_en"))
        if record.get("category"):
            add(labels.column_title("category"), labels.category(record["category"]))
        if record.get("kind"):
            add(self.tr("Kind"), labels.kind(record["kind"]))
        if record.get("road"):
            add(self.tr("Expressway"), record["road"])
        if record.get("phase"):
            add(labels.column_title("phase"), labels.phase(record["phase"]))
        if record.get("status"):
            add(labels.column_title("status"), labels.status(record["status"]))
        if record.get("_as_of"):
            add(self.tr("State as of"), record["_as_of"])
        for key in ("start", "target"):
            if record.get(key) is not None:
                add(labels.column_title(key), period_text(record[key], record.get(f"{key}_month")))
        if record.get("progress") is not None:
            add(labels.column_title("progress"), f"{labels.number(record['progress'], 0)} %")
        if layer == "roads" and mapped and record.get("length_km"):
            add(labels.column_title("length_km"), labels.number(record["length_km"], 2))
        if record.get("area_km2") and record["area_km2"] == record["area_km2"]:
            add(self.tr("Area (km²)"), labels.number(record["area_km2"], 2))
        add(labels.column_title("accuracy"), labels.accuracy(record.get("geometry_accuracy")))
        add(self.tr("Note"), record.get("note"))
        accuracy_note = {
            "schematic": self.tr("Schematic position: drawn from the work report's words and rough references, "
                                 "not surveyed."),
            "approximate": self.tr("Approximate position: placed from a map point of medium or high confidence; "
                                   "its extent is not surveyed."),
            "unmapped": self.tr("Not yet mapped: the work report counts it but gives no position."),
            "surveyed": self.tr("Surveyed position."),
            "drawn": self.tr("Drawn by hand on the map by a planner: not surveyed."),
            "traced": self.tr("Traced over a georeferenced plan drawing: as exact as the plan and its fitting."),
        }.get(record.get("geometry_accuracy"), "")
        from_report = self.tr("From the work report")
        body = (
            f"<h3>{esc(record.get('name_zh') or record.get('id') or '')}</h3>"
            f"<table>{''.join(rows)}</table>"
            f"<p><b>{esc(from_report)}</b><br>"
            f"<span style='background:#f6f3e6'>“{esc(record.get('source') or '')}”</span></p>"
            f"<p style='color:#8a5a00'>{esc(accuracy_note)}</p>"
        )
        self.setHtml(body)


def line_swatch(color: str, width: float, size: QSize = QSize(36, 14)) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(4, size.height() // 2, size.width() - 4, size.height() // 2)
    painter.end()
    return pixmap


def area_swatch(stroke: str, fill: str, size: QSize = QSize(36, 14), dashed: bool = False) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = QPen(QColor(stroke))
    pen.setWidthF(1.5)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(QColor(fill))
    painter.drawRect(3, 2, size.width() - 7, size.height() - 5)
    painter.end()
    return pixmap


def dot_swatch(stroke: str, fill: str, size: QSize = QSize(36, 14)) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(stroke), 1.5))
    painter.setBrush(QColor(fill))
    painter.drawEllipse(size.width() // 2 - 5, size.height() // 2 - 5, 10, 10)
    painter.end()
    return pixmap


def text_swatch(size: QSize = QSize(36, 14)) -> QPixmap:
    """The Labels row's symbol: a dark letter with a white halo, as labels are drawn."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(size.height() - 1)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(pixmap.rect(), int(Qt.AlignmentFlag.AlignCenter), "Aa")
    painter.end()
    return pixmap


class LayerPanel(QWidget):
    """Show/hide each layer, the map's labels, and the legend drawn from the style table."""

    layer_toggled = Signal(str, bool)
    #: The Labels check was toggled: names on the map on or off.
    labels_toggled = Signal(bool)

    def follow(self, session, map_view=None) -> None:
        """Toggling a check hides or shows the layer in the session; the checks follow the session.
        The Labels check drives *map_view*'s labels (default: the window's ``map_view``)."""
        self.layer_toggled.connect(session.set_layer_visible)
        if map_view is None:
            map_view = getattr(self.window(), "map_view", None)
        if map_view is not None:
            self.drive_labels(map_view, getattr(self.window(), "settings", None))
            map_view.view_changed.connect(lambda view: self.show_thin_note(bool(view.get("thin"))))
            map_view.ready.connect(lambda state: self.show_thin_note(bool((state.get("render") or {}).get("thin"))))

        def show(hidden):
            for name, check in self.checks.items():
                if check.isChecked() == (name in hidden):
                    check.blockSignals(True)
                    check.setChecked(name not in hidden)
                    check.blockSignals(False)

        session.events.layers_changed.connect(show)

    def drive_labels(self, map_view, settings=None) -> None:
        """The Labels check turns *map_view*'s labels on and off (a page command), remembered
        in *settings* (``map/labels``, on by default)."""
        on = True
        if settings is not None:
            on = str(settings.value("map/labels", "true")).lower() not in ("false", "0", "no")
        self.labels_check.blockSignals(True)
        self.labels_check.setChecked(on)
        self.labels_check.blockSignals(False)
        map_view.set_labels(on)

        def toggled(checked: bool) -> None:
            map_view.set_labels(checked)
            if settings is not None:
                settings.setValue("map/labels", bool(checked))

        self.labels_toggled.connect(toggled)

    def __init__(self, parent=None):
        super().__init__(parent)
        styles = style_table()
        layout = QVBoxLayout(self)
        layers_box = QGroupBox(self.tr("Layers"), self)
        layers_layout = QVBoxLayout(layers_box)
        self.checks: dict[str, QCheckBox] = {}
        for name in reversed(schema.LAYER_ORDER):  # top layer first, as in GIS tools
            check = ElidedCheckBox(labels.layer(name), layers_box)
            check.setToolTip(labels.layer(name))
            check.setChecked(True)
            check.setObjectName(f"layer-{name}")
            check.toggled.connect(lambda on, n=name: self.layer_toggled.emit(n, on))
            row = QHBoxLayout()
            icon = QLabel(layers_box)
            if name in styles["layers"]:
                st = styles["layers"][name]
                icon.setPixmap(area_swatch(st["color"], st.get("fillColor", "#ffffff"), dashed=name == "boundary"))
            elif name == "exits":
                icon.setPixmap(dot_swatch(styles["exit"]["stroke"], styles["status_colors"]["planned"]))
            else:
                icon.setPixmap(line_swatch("#666666", 4))
            row.addWidget(icon)
            row.addWidget(check, 1)
            layers_layout.addLayout(row)
            self.checks[name] = check
        self.labels_check = QCheckBox(self.tr("Labels"), layers_box)
        self.labels_check.setObjectName("layer-labels")
        self.labels_check.setChecked(True)
        self.labels_check.setToolTip(self.tr("Names of roads, exits, parks and zones on the map: "
                                             "the most important first, as many as fit"))
        self.labels_check.toggled.connect(self.labels_toggled)
        row = QHBoxLayout()
        icon = QLabel(layers_box)
        icon.setPixmap(text_swatch())
        row.addWidget(icon)
        row.addWidget(self.labels_check, 1)
        layers_layout.addLayout(row)
        layout.addWidget(layers_box)

        legend = QGroupBox(self.tr("Legend"), self)
        grid = QGridLayout(legend)
        r = 0
        grid.addWidget(self._bold(self.tr("Status (colour)")), r, 0, 1, 2)
        r += 1
        for code in schema.STATUSES:
            icon = QLabel(legend)
            icon.setPixmap(line_swatch(styles["status_colors"][code], 5))
            grid.addWidget(icon, r, 0)
            grid.addWidget(_wrapping(labels.status(code), legend), r, 1)
            r += 1
        grid.addWidget(self._bold(self.tr("Road category (width)")), r, 0, 1, 2)
        r += 1
        for code in schema.ROAD_CATEGORIES:
            icon = QLabel(legend)
            icon.setPixmap(line_swatch("#555555", styles["category_widths"][code]))
            grid.addWidget(icon, r, 0)
            grid.addWidget(_wrapping(labels.category(code), legend), r, 1)
            r += 1
        # a dense view draws every road 1 px wide (RenderOptions.thin_per_mpx): the widths above do not show
        self.thin_note = _wrapping(self.tr("This view holds so many roads that they are all drawn 1 px wide; "
                                           "zoom in to see the widths by category."), legend)
        self.thin_note.setObjectName("legend-thin-note")
        self.thin_note.setStyleSheet("color:#555555; font-style:italic")
        self.thin_note.setVisible(False)
        grid.addWidget(self.thin_note, r, 0, 1, 2)
        r += 1
        grid.setColumnStretch(1, 1)
        note = QLabel(self.tr("Positions are schematic reconstructions from the town work report, "
                              "not survey data. Each feature says how accurate it is."), legend)
        note.setWordWrap(True)
        note.setStyleSheet("color:#8a5a00")
        grid.addWidget(note, r, 0, 1, 2)
        layout.addWidget(legend)
        layout.addStretch(1)

    def show_thin_note(self, thin: bool) -> None:
        """Say under the widths whether the map draws its roads 1 px wide in this view."""
        self.thin_note.setVisible(thin)

    @staticmethod
    def _bold(text: str) -> QLabel:
        label = _wrapping(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label


def _wrapping(text: str, parent=None) -> QLabel:
    """A plain-text label that wraps rather than widen a narrow dock."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _is_nan(value) -> bool:
    return isinstance(value, float) and value != value
