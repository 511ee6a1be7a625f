"""The timeline (a Gantt-like view) and the "state as of" control.

:class:`TimelineView` draws one bar per record from its planned start to its
target, coloured by status (as of the day shown), in build-phase order: a
record with only a target is a diamond at the target; an overdue record
(target passed, not completed) has a red outline and a hatched overrun up to
the day shown.  Only the rows on screen are painted, so 20,000 records
scroll as smoothly as fifty.  Clicking a bar selects the record everywhere
(``Session.select``); the selection is drawn as a blue band.

:class:`AsOfBar` chooses the day the map, the table, the dashboard and this
view show ("state as of"): a date, steps of a month or a year, back to
today.  It only asks the session (``Session.set_as_of``); nothing is
written, and the bar says when the history has nothing that old.

Names come from the data: they are painted as text (QPainter.drawText) and
shown in tooltips through :func:`qxmap.ui.plaintext.tooltip`.
"""
from __future__ import annotations

import datetime as _dt

import numpy as np
from PySide6.QtCore import QDate, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from qxmap.editing import period_text
from qxmap.styles import status_color
from qxmap.tracking.dashboard import NO_DAY, Facts, build_facts, static_facts
from qxmap.tracking.history import day_number, day_of, today
from qxmap.tracking.timeline import TimelineRows, timeline_rows
from qxmap.ui import labels, plaintext
from qxmap.ui.lazyrefresh import LazyRefresh, on_screen
from qxmap.ui.sessionlink import follow

ROW_H = 20
HEADER_H = 26
NAME_W = 230
OVERDUE = QColor("#b3261e")
SELECTED = QColor(31, 95, 191, 60)


def _qdate(day: _dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(date: QDate) -> _dt.date:
    return _dt.date(date.year(), date.month(), date.day())


def facts_of(session) -> Facts:
    """The session's facts on the day it shows (today, or the "as of" day), made once
    per change when a :class:`FactsCache` follows the session (the dashboard and the
    timeline then share them)."""
    cache = getattr(session, "_qxmap_facts_cache", None)
    if cache is not None:
        return cache.get()
    state = session.as_of
    return build_facts(session.records, session.history, state.day if state else None, as_of=state is not None)


class FactsCache:
    """Facts of a session, made again only after a change of its records, history or day.
    Make it before the views that use :func:`facts_of`: its listeners must run first."""

    def __init__(self, session):
        self.session = session
        self._facts: Facts | None = None
        self._static = None  # what an "as of" day does not change
        events = session.events
        for name in ("dataset_changed", "records_changed", "records_reset"):
            if hasattr(events, name):
                getattr(events, name).connect(self.invalidate_all)
        for name in ("history_changed", "as_of_changed"):
            getattr(events, name).connect(self.invalidate)
        session._qxmap_facts_cache = self

    def invalidate(self, *args) -> None:
        self._facts = None

    def invalidate_all(self, *args) -> None:
        self._facts = None
        self._static = None

    def get(self) -> Facts:
        if self._facts is None:
            session = self.session
            state = session.as_of
            codes = session.record_codes
            if self._static is None or len(self._static.km) != len(session.records):
                self._static = static_facts(session.records, codes)
            self._facts = build_facts(session.records, session.history, state.day if state else None,
                                      as_of=state is not None, static=self._static, row_of=session.row_index,
                                      codes=codes)
        return self._facts


class AsOfBar(QWidget):
    """A check "State as of", a date, steps back and forth, and what the history covers."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.check = QCheckBox(self.tr("State as of"), self)
        self.check.setObjectName("as-of-check")
        self.check.setToolTip(self.tr("Show each road's status, phase and progress as they were at the end of "
                                      "this day, from the workspace's history (nothing is changed)"))
        self.date = QDateEdit(self)
        self.date.setObjectName("as-of-date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(QDate(1990, 1, 1))
        self.date.setMaximumDate(_qdate(today()))
        self.date.setDate(_qdate(today()))
        layout.addWidget(self.check)
        layout.addWidget(self.date)
        self.steps = {}
        for key, text, tip in (("-y", "«", self.tr("One year earlier")), ("-m", "‹", self.tr("One month earlier")),
                               ("+m", "›", self.tr("One month later")), ("+y", "»", self.tr("One year later"))):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(f"as-of-step{key}")
            button.clicked.connect(lambda checked=False, k=key: self.step(k))
            layout.addWidget(button)
            self.steps[key] = button
        self.today_button = QPushButton(self.tr("Today"), self)
        self.today_button.clicked.connect(self.back_to_today)
        layout.addWidget(self.today_button)
        self.message = QLabel(self)
        self.message.setObjectName("as-of-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color:#8a5a00")
        self.message.setWordWrap(True)
        layout.addWidget(self.message, 1)
        self.check.toggled.connect(self._apply)
        self.date.dateChanged.connect(lambda *_: self.check.isChecked() and self._apply())
        self._silent = False
        events = session.events
        follow(self, events.as_of_changed, self._show_state)
        follow(self, events.workspace_changed, lambda *_: self._enable())
        follow(self, events.dataset_changed, lambda *_: self._enable())
        follow(self, events.history_changed, lambda *_: self._enable())
        self._enable()

    def _enable(self) -> None:
        has = self.session.history is not None
        for widget in (self.check, self.date, self.today_button, *self.steps.values()):
            widget.setEnabled(has)
        self.setToolTip("" if has else self.tr("Open a workspace: the state of a past day comes from its history."))
        self._show_state(self.session.as_of)

    def set_day(self, day: _dt.date | None) -> None:
        """Show the state as of *day* (None: today's state)."""
        if day is not None:
            self.date.setDate(_qdate(min(day, today())))
        self.check.setChecked(day is not None)
        self._apply()

    def step(self, key: str) -> None:
        date = self.date.date()
        date = {"-y": date.addYears(-1), "+y": date.addYears(1), "-m": date.addMonths(-1),
                "+m": date.addMonths(1)}[key]
        self.date.setDate(date)
        if not self.check.isChecked():
            self.check.setChecked(True)

    def back_to_today(self) -> None:
        self.date.setDate(_qdate(today()))
        self.check.setChecked(False)

    def _apply(self, *args) -> None:
        if self._silent:
            return
        day = _pydate(self.date.date()) if self.check.isChecked() else None
        if day is not None and day >= today():
            day = None  # today's state is the state
        self.session.set_as_of(day)
        self._show_state(self.session.as_of)

    def _show_state(self, state) -> None:
        self._silent = True
        try:
            self.check.setChecked(state is not None)
            if state is not None:
                self.date.setDate(_qdate(state.day))
        finally:
            self._silent = False
        if state is None:
            self.message.setText("")
        elif not state.covered:
            self.message.setText(state.message(labels.data_lang()))
        else:
            self.message.setText(self.tr("%1 change(s) undone").replace("%1", str(state.undone)))


class TimelineView(QAbstractScrollArea):
    """Bars from planned start to target, one row per record, in phase order."""

    #: A record's bar was clicked (its id).
    record_clicked = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("timeline-view")
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.include_undated = False
        self._facts: Facts | None = None
        self._rows: TimelineRows | None = None
        #: Made again only while on screen (2: facts and rows, 1: the rows).
        self.lazy = LazyRefresh(self, self._make, stale=2)
        self._ids = np.zeros(0, dtype=object)
        self.verticalScrollBar().setSingleStep(ROW_H)
        events = session.events
        for event in (events.dataset_changed, events.records_changed, events.history_changed,
                      events.as_of_changed):
            follow(self, event, lambda *_: self.refresh())
        if hasattr(events, "records_reset"):
            follow(self, events.records_reset, lambda *_: self.refresh())
        follow(self, events.filter_changed, lambda *_: self.refilter())
        follow(self, events.selection_changed, self._on_selection)
        self.refresh()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(900, 260)

    # ------------------------------------------------------------ data

    @property
    def facts(self) -> Facts | None:
        self.lazy.ensure()
        return self._facts

    @property
    def rows(self) -> TimelineRows | None:
        """The rows shown (made now if the view was out of sight when the session changed)."""
        self.lazy.ensure()
        return self._rows

    def refresh(self) -> None:
        """The records, the history or the day changed: facts again, then rows (now if
        the view is on screen, else when it comes into sight or is asked)."""
        self.lazy.mark(2)

    def refilter(self) -> None:
        self.lazy.mark(1)

    def _make(self, level: int) -> None:
        if level >= 2:
            if len(self.session.records) and "id" in self.session.records:
                self._facts = facts_of(self.session)
                self._ids = self.session.records["id"].astype(str).to_numpy(dtype=object)
            else:
                self._facts = None
        if self._facts is None or len(self._facts.status) != len(self.session.filter_mask):
            self._rows = None
        else:
            self._rows = timeline_rows(self._facts, self.session.filter_mask, self.include_undated)
        count = 0 if self._rows is None else len(self._rows.rows)
        page = max(1, (self.viewport().height() - HEADER_H) // ROW_H)
        self.verticalScrollBar().setRange(0, max(0, (count - page) * ROW_H))
        self.verticalScrollBar().setPageStep(page * ROW_H)
        self.viewport().update()

    def set_include_undated(self, on: bool) -> None:
        self.include_undated = bool(on)
        self.lazy.mark(1)
        self.lazy.ensure()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        rows = self._rows  # (made before this, by self.lazy, when the view is on screen)
        count = 0 if rows is None else len(rows.rows)
        page = max(1, (self.viewport().height() - HEADER_H) // ROW_H)
        self.verticalScrollBar().setRange(0, max(0, (count - page) * ROW_H))
        self.verticalScrollBar().setPageStep(page * ROW_H)

    # ------------------------------------------------------------ geometry

    def _x(self, day: int) -> float:
        rows = self.rows
        left, width = NAME_W, max(1, self.viewport().width() - NAME_W - 12)
        span = max(1, rows.last_day - rows.first_day + 1)
        return left + (day - rows.first_day) / span * width

    def row_at(self, y: int) -> int | None:
        """The record row (index into the session's records) under viewport *y*, or None."""
        if self.rows is None or y < HEADER_H:
            return None
        index = (y - HEADER_H + self.verticalScrollBar().value()) // ROW_H
        if 0 <= index < len(self.rows.rows):
            return int(self.rows.rows[index])
        return None

    def row_rect(self, record_row: int) -> QRect | None:
        """Where a record's row is in the viewport (None when it is not listed)."""
        if self.rows is None:
            return None
        hits = np.flatnonzero(self.rows.rows == record_row)
        if not len(hits):
            return None
        y = HEADER_H + int(hits[0]) * ROW_H - self.verticalScrollBar().value()
        return QRect(0, y, self.viewport().width(), ROW_H)

    def bar_point(self, feature_id: str):
        """A point inside the bar (or diamond) of *feature_id*, scrolled into view (tests)."""
        row = self.session.row_of(feature_id)
        if row is None or self.rows is None:
            return None
        hits = np.flatnonzero(self.rows.rows == row)
        if not len(hits):
            return None
        self.verticalScrollBar().setValue(int(hits[0]) * ROW_H)
        rect = self.row_rect(row)
        start, end = int(self.facts.start_day[row]), int(self.facts.end_day[row])
        x = self._x(end) if start == NO_DAY else (self._x(start) + self._x(end if end != NO_DAY else start)) / 2
        return QPointF(x, rect.center().y()).toPoint()

    # ------------------------------------------------------------ painting

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor("white"))
        rows, facts = self.rows, self.facts
        if rows is None or facts is None or not len(rows.rows):
            painter.setPen(QColor("#777777"))
            text = self.tr("No planned start or target dates for the records shown.")
            if rows is not None and rows.undated:
                text += " " + self.tr("%1 record(s) have no dates.").replace("%1", str(rows.undated))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                             text)
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.viewport().width(), self.viewport().height()
        self._paint_axis(painter, width, height)
        first = self.verticalScrollBar().value() // ROW_H
        last = min(len(rows.rows), first + (height - HEADER_H) // ROW_H + 2)
        offset = HEADER_H - (self.verticalScrollBar().value() % ROW_H)
        selected = set(self.session.selection)
        names = facts.frame["name_zh"].to_numpy(dtype=object) if "name_zh" in facts.frame else self._ids
        english = facts.frame["name_en"].to_numpy(dtype=object) if "name_en" in facts.frame else None
        lang = labels.data_lang()
        phases = facts.phase
        painter.setClipRect(QRect(0, HEADER_H, width, height - HEADER_H))
        previous_phase = int(phases[rows.rows[first - 1]]) if first > 0 else None
        for i in range(first, last):
            row = int(rows.rows[i])
            y = offset + (i - first) * ROW_H
            if self._ids[row] in selected:
                painter.fillRect(QRect(0, y, width, ROW_H), SELECTED)
            if int(phases[row]) != previous_phase:  # a phase begins: a line, and its name at the right
                painter.setPen(QPen(QColor("#9aa0a6"), 1))
                painter.drawLine(0, y, width, y)
                previous_phase = int(phases[row])
                if previous_phase >= 0:
                    painter.setPen(QColor("#6b6f75"))
                    painter.drawText(QRect(NAME_W, y, width - NAME_W - 16, ROW_H),
                                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                                     labels.phase(_phase_code(previous_phase)))
            name = names[row]
            if lang == "en" and english is not None and isinstance(english[row], str) and english[row].strip():
                name = english[row]
            painter.setPen(QColor("#222222"))
            painter.drawText(QRect(6, y, NAME_W - 12, ROW_H), int(Qt.AlignmentFlag.AlignVCenter),
                             painter.fontMetrics().elidedText(str(name), Qt.TextElideMode.ElideRight, NAME_W - 12))
            self._paint_bar(painter, facts, row, y)
        painter.setClipping(False)
        painter.end()

    def _paint_axis(self, painter: QPainter, width: int, height: int) -> None:
        rows = self.rows
        painter.setPen(QColor("#555555"))
        first_year, last_year = day_of(rows.first_day).year, day_of(rows.last_day).year
        step = max(1, (last_year - first_year + 1) // max(1, (width - NAME_W) // 60))
        for year in range(first_year, last_year + 2):
            x = self._x(day_number(_dt.date(year, 1, 1)))
            painter.setPen(QPen(QColor("#e3e3e3"), 1))
            painter.drawLine(QPointF(x, HEADER_H), QPointF(x, height))
            if (year - first_year) % step == 0 and year <= last_year:
                painter.setPen(QColor("#555555"))
                painter.drawText(QRectF(x + 3, 4, 60, HEADER_H - 6), int(Qt.AlignmentFlag.AlignVCenter), str(year))
        # The day shown: today, or the "as of" day.
        x = self._x(day_number(self.facts.day))
        color = QColor("#1f5fbf") if self.facts.as_of else QColor("#333333")
        painter.setPen(QPen(color, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, HEADER_H - 4), QPointF(x, height))
        label = self.facts.day.isoformat() if self.facts.as_of else self.tr("Today")
        w = painter.fontMetrics().horizontalAdvance(label) + 8
        box = QRectF(min(x + 2, width - w - 2), 3, w, HEADER_H - 7)  # over the year ticks, on a white ground
        painter.fillRect(box, QColor("white"))
        painter.setPen(color)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
        painter.setPen(QPen(QColor("#cccccc"), 1))
        painter.drawLine(0, HEADER_H - 1, width, HEADER_H - 1)

    def _paint_bar(self, painter: QPainter, facts: Facts, row: int, y: int) -> None:
        start, end = int(facts.start_day[row]), int(facts.end_day[row])
        status = facts.status[row]
        code = None if status < 0 else _status_code(int(status))
        color = QColor(status_color(code) if code else "#999999")
        overdue = bool(facts.overdue[row])
        today_x = self._x(day_number(facts.day))
        mid = y + ROW_H / 2
        if start != NO_DAY and end != NO_DAY:
            x0, x1 = self._x(start), self._x(end + 1)
            rect = QRectF(x0, y + 4, max(2.0, x1 - x0), ROW_H - 8)
            painter.setPen(QPen(OVERDUE, 2) if overdue else Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect, 3, 3)
            progress = facts.frame["progress"].iloc[row] if "progress" in facts.frame else None
            if isinstance(progress, (int, float)) and progress == progress and progress > 0:
                done = QRectF(rect.left(), rect.bottom() - 3, rect.width() * min(progress, 100) / 100, 3)
                painter.fillRect(done, QColor(0, 0, 0, 110))
        elif end != NO_DAY:  # a target only: a milestone
            x = self._x(end + 1)
            diamond = QPolygonF([QPointF(x, y + 3), QPointF(x + 6, mid), QPointF(x, y + ROW_H - 3),
                                 QPointF(x - 6, mid)])
            painter.setPen(QPen(OVERDUE, 2) if overdue else QPen(color.darker(130), 1))
            painter.setBrush(color)
            painter.drawPolygon(diamond)
        else:  # a planned start only: an open-ended bar
            x0 = self._x(start)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawPolygon(QPolygonF([QPointF(x0, y + 4), QPointF(x0 + 14, mid), QPointF(x0, y + ROW_H - 4)]))
        if overdue and end != NO_DAY:  # the overrun: from the target to the day shown, hatched
            x1 = self._x(end + 1)
            if today_x > x1:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(OVERDUE, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(QRectF(x1, y + 6, today_x - x1, ROW_H - 12))
            painter.setPen(OVERDUE)
            font = QFont(painter.font())
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(max(x1, today_x) + 3, y, 12, ROW_H), int(Qt.AlignmentFlag.AlignVCenter), "!")
            painter.setFont(self.font())

    def _on_selection(self, ids) -> None:
        """A road selected elsewhere (the table, the map) comes into view here."""
        if len(ids) == 1 and self.session.selection_origin != "timeline" and on_screen(self):
            row = self.session.row_of(ids[0])
            rows = self.rows
            if row is not None and rows is not None:
                hits = np.flatnonzero(rows.rows == row)
                if len(hits):
                    top = int(hits[0]) * ROW_H
                    bar = self.verticalScrollBar()
                    page = max(ROW_H, self.viewport().height() - HEADER_H)
                    if not bar.value() <= top <= bar.value() + page - ROW_H:
                        bar.setValue(max(0, top - page // 2))
        self.viewport().update()

    # ------------------------------------------------------------ mouse

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        row = self.row_at(int(event.position().y()))
        if row is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        feature_id = str(self._ids[row])
        self.session.select([feature_id], origin="timeline")
        self.record_clicked.emit(feature_id)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        row = self.row_at(int(event.position().y()))
        if row is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), plaintext.tooltip(self.describe(row)), self.viewport())

    def describe(self, row: int) -> str:
        """What the tooltip of a row says: name, status, planned start to target, overdue."""
        facts = self.facts
        record = facts.frame.iloc[row]
        name = labels.display_name(record.get("name_zh"), record.get("name_en"))
        status = labels.status(record.get("status"))
        start = period_text(record.get("start"), record.get("start_month")) or "?"
        target = period_text(record.get("target"), record.get("target_month")) or "?"
        lines = [name, f"{labels.column_title('status')}: {status}",
                 self.tr("Planned %1 → %2").replace("%1", start).replace("%2", target)]
        if facts.overdue[row]:
            days = day_number(facts.day) - int(facts.end_day[row])
            lines.append(self.tr("Overdue by %1 day(s)").replace("%1", str(days)))
        return "\n".join(lines)


def _status_code(index: int) -> str:
    from qxmap import schema

    return schema.STATUSES[index]


def _phase_code(index: int) -> str:
    from qxmap import schema

    return schema.PHASES[index]


class TimelinePanel(QWidget):
    """The "as of" bar above the timeline, and a check for records without dates."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        top = QHBoxLayout()
        self.as_of = AsOfBar(session, self)
        top.addWidget(self.as_of, 1)
        self.undated = QCheckBox(self.tr("Records without dates"), self)
        self.undated.setObjectName("timeline-undated")
        top.addWidget(self.undated)
        layout.addLayout(top)
        self.view = TimelineView(session, self)
        layout.addWidget(self.view, 1)
        self.footer = QLabel(self)
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setStyleSheet("color:#555555")
        layout.addWidget(self.footer)
        self.undated.toggled.connect(self.view.set_include_undated)
        self.undated.toggled.connect(lambda *_: self._update_footer())
        self.footer_lazy = LazyRefresh(self, lambda level: self._make_footer())
        events = session.events
        for event in (events.dataset_changed, events.filter_changed, events.records_changed, events.as_of_changed,
                      events.history_changed):
            follow(self, event, lambda *_: self._update_footer())

    def _update_footer(self) -> None:
        """Made when on screen: a timeline out of sight costs nothing."""
        self.footer_lazy.mark()

    def _make_footer(self) -> None:
        rows = self.view.rows
        if rows is None:
            self.footer.setText("")
            return
        text = self.tr("%1 record(s) on the timeline").replace("%1", str(len(rows.rows)))
        if rows.undated and not self.view.include_undated:
            text += " · " + self.tr("%1 without planned dates not shown").replace("%1", str(rows.undated))
        overdue = int(np.count_nonzero(self.view.facts.overdue[rows.rows])) if self.view.facts is not None else 0
        if overdue:
            text += " · " + self.tr("%1 overdue (red, !)").replace("%1", str(overdue))
        self.footer.setText(text)
