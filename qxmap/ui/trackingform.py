"""The tracking fields of the selected record, editable (issue 14).

Under the details pane: progress (a slider and a spin box, 0-100 %), owner
(建设单位), contractor (施工单位), budget (投资估算: a number with its unit,
万元 or 亿元, stored in 万元), planned start and target ("2019" or
"2019-06"), actual start and completion dates (YYYY-MM-DD) and, read-only,
the last update (from the history).

Every value is checked by the rules in :mod:`qxmap.editing` before anything
changes; a refused value stays in its box, marked, with the reason under the
form, and nothing is saved.  An accepted value becomes an undoable edit
through the workspace controller (a period is one undo step for its year and
month).  Without a workspace, or while the window shows the state as of a
past day, the form is read-only.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
)

from qxmap.editing import check_edit, check_period, period_text
from qxmap.ui import labels
from qxmap.ui.sessionlink import follow

#: The fields typed as text, in the form's order.
TEXT_FIELDS = ("owner", "contractor", "budget_wan", "start", "target", "actual_start", "completed_on")
BAD = "QLineEdit { background: #fde7e7; border: 1px solid #b3261e; }"


class TrackingForm(QGroupBox):
    """Progress, owner, contractor, budget, planned and actual dates of the selected record."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.setTitle(self.tr("Tracking"))
        self.setObjectName("tracking-form")
        self.window = window
        self.session = window.session
        self.current_id: str | None = None
        self._filling = False
        form = QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        progress = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("tracking-progress-slider")
        self.slider.setRange(0, 100)
        self.slider.setPageStep(10)
        self.spin = QSpinBox(self)
        self.spin.setObjectName("tracking-progress")
        self.spin.setRange(0, 100)
        self.spin.setSuffix(" %")
        self._progress_moved = False  # the planner moved the slider or typed in the box
        self.slider.valueChanged.connect(self._slid)
        self.spin.valueChanged.connect(self._spun)
        self.slider.sliderReleased.connect(self._commit_progress)
        # a click on the track or an arrow key: committed once the slider has moved (not while dragging)
        self.slider.actionTriggered.connect(lambda *_: QTimer.singleShot(0, self._slider_stepped))
        self.spin.editingFinished.connect(self._commit_progress)
        progress.addWidget(self.slider, 1)
        progress.addWidget(self.spin)
        form.addRow(labels.field_title("progress"), progress)
        self.edits: dict[str, QLineEdit] = {}
        placeholders = {
            "owner": self.tr("e.g. the town government"),
            "contractor": self.tr("e.g. the construction company"),
            "budget_wan": self.tr("e.g. 1200万元 or 3.5亿元"),
            "start": self.tr("2019 or 2019-06"),
            "target": self.tr("2019 or 2019-06"),
            "actual_start": self.tr("YYYY-MM-DD"),
            "completed_on": self.tr("YYYY-MM-DD"),
        }
        titles = {"budget_wan": self.tr("Budget"), "start": self.tr("Planned start"),
                  "target": self.tr("Planned completion")}
        for field in TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"tracking-{field}")
            edit.setPlaceholderText(placeholders[field])
            edit.editingFinished.connect(lambda f=field: self._typed(f))
            self.edits[field] = edit
            form.addRow(titles.get(field) or labels.field_title(field), edit)
        self.last_updated = QLabel(self)
        self.last_updated.setObjectName("tracking-last-updated")
        self.last_updated.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(labels.field_title("last_updated"), self.last_updated)
        self.message = QLabel(self)
        self.message.setObjectName("tracking-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b3261e")
        form.addRow(self.message)
        events = self.session.events
        follow(self, events.selection_changed, lambda ids: self.show_id(ids[0] if len(ids) == 1 else None))
        follow(self, events.records_changed, lambda ids: self.current_id in ids and self.show_id(self.current_id))
        follow(self, events.history_changed, lambda ids: self.current_id in ids and self.show_id(self.current_id))
        follow(self, events.workspace_changed, lambda *_: self.show_id(self.current_id))
        follow(self, events.as_of_changed, lambda *_: self.show_id(self.current_id))
        follow(self, events.dataset_changed, lambda *_: self.show_id(None))
        self.show_id(None)

    # ------------------------------------------------------------ showing

    @property
    def editable(self) -> bool:
        return (self.current_id is not None and self.session.workspace is not None
                and self.session.as_of is None and self.session.row_of(self.current_id) is not None)

    def show_id(self, feature_id: str | None) -> None:
        """Show the tracking fields of *feature_id* (a road or exit), or nothing."""
        if feature_id is not None and self.session.row_of(feature_id) is None:
            feature_id = None  # a park or zone: no tracking fields
        self.current_id = feature_id
        self._progress_moved = False
        self._filling = True
        try:
            values = self._values()
            progress = values.get("progress")
            self.slider.setValue(int(round(progress)) if isinstance(progress, (int, float)) else 0)
            self.spin.setValue(int(round(progress)) if isinstance(progress, (int, float)) else 0)
            for field, edit in self.edits.items():
                edit.setText(self._text(field, values))
                edit.setStyleSheet("")
            stamp = values.get("last_updated")
            self.last_updated.setText(labels.date_time(stamp) if stamp else "—")
        finally:
            self._filling = False
        on = self.editable
        for widget in (self.slider, self.spin, *self.edits.values()):
            widget.setEnabled(feature_id is not None)
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(not on)
        self.slider.setEnabled(on)
        self.spin.setEnabled(on)
        self.message.setText("" if on or feature_id is None else self._why_read_only())
        self.setEnabled(feature_id is not None)

    def _why_read_only(self) -> str:
        if self.session.workspace is None:
            return self.tr("Open a workspace to edit these fields.")
        if self.session.as_of is not None:
            return self.tr("Showing the state as of %1: the fields are read-only.").replace(
                "%1", self.session.as_of.day.isoformat())
        return ""

    def _values(self) -> dict[str, Any]:
        if self.current_id is None:
            return {}
        fields = ("progress", "owner", "contractor", "budget_wan", "start", "start_month", "target", "target_month",
                  "actual_start", "completed_on", "last_updated")
        return self.session.record_values(self.current_id, fields)

    @staticmethod
    def _text(field: str, values: dict) -> str:
        if field in ("start", "target"):
            return period_text(values.get(field), values.get(f"{field}_month"))
        value = values.get(field)
        if value is None:
            return ""
        if field == "budget_wan":
            return f"{float(value):g}万元"
        return str(value)

    # ------------------------------------------------------------ editing

    def _slid(self, value: int) -> None:
        if not self._filling:
            self._progress_moved = True
            self.spin.setValue(value)

    def _spun(self, value: int) -> None:
        if not self._filling:
            self._progress_moved = True
            if self.slider.value() != value:
                self._filling = True  # the slider follows without counting as a move of its own
                try:
                    self.slider.setValue(value)
                finally:
                    self._filling = False

    def _slider_stepped(self) -> None:
        if not self.slider.isSliderDown():
            self._commit_progress()

    def _commit_progress(self) -> None:
        """The progress the planner set (a box left without a change sets nothing, not 0 %)."""
        if self._progress_moved:
            self._progress_moved = False
            self.commit("progress", self.spin.value())

    def _record(self) -> dict:
        ws = self.session.workspace
        return dict(ws.record(self.current_id)) if ws is not None and self.current_id else {}

    def _typed(self, field: str) -> None:
        if self._filling or not self.editable:
            return
        edit = self.edits[field]
        current = self._text(field, self._values())
        if edit.text().strip() == current:
            edit.setStyleSheet("")
            return
        self.commit(field, edit.text())

    def commit(self, field: str, value: Any) -> bool:
        """Check *value* for *field* of the current record; change it (undoably) when the
        rules accept it, else mark the box and say why (nothing is saved)."""
        if self._filling or not self.editable:
            return False
        controller = getattr(self.window, "workspace", None)
        record = self._record()
        fid = self.current_id
        if field in ("start", "target"):
            verdict, changes = check_period(record, field, value, fid)
        else:
            verdict = check_edit(record, field, value, fid)
            changes = [(field, verdict.value)] if verdict.ok else []
        edit = self.edits.get(field)
        if not verdict.ok:
            self.message.setText(verdict.message)
            if edit is not None:
                edit.setStyleSheet(BAD)
            elif field == "progress":  # the slider goes back to the stored value
                self.show_id(fid)
                self.message.setText(verdict.message)
            return False
        self.message.setText("")
        if edit is not None:
            edit.setStyleSheet("")
        if not changes or controller is None:
            return False
        if len(changes) == 1 and changes[0][0] == field:
            done = controller.edit(fid, field, changes[0][1])
        else:
            done = controller.edit_fields(fid, changes)
        self.show_id(fid)
        return bool(done)
