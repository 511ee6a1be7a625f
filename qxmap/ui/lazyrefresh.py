"""Refresh a view only while a user can see it (the dashboard, the timeline).

A view that follows the session (its records, filter, day) can cost tens of
milliseconds to bring up to date; doing that on every edit while it is out of
sight is what made a vertex drag slow.  "Out of sight" is more than
``not isVisible()``: a dock in a tab behind another tab stays "visible" to
Qt (it is only covered), a collapsed splitter pane has no area.  So a view
is on screen when it is visible *and* some of it is not covered
(``visibleRegion``), and it catches up when that becomes true: when it is
shown, resized, or one of the docks around it comes to the front
(``QDockWidget.visibilityChanged``).

:class:`LazyRefresh` keeps the view's "stale level" (0: up to date; a
higher level: more to make again, e.g. 1: the filter changed, 2: the
records); ``mark(level)`` raises it and refreshes now if the view is on
screen; ``ensure()`` refreshes now whatever is shown (a caller that asks
for the view's figures gets current ones).
"""
from __future__ import annotations

from typing import Callable
from weakref import WeakSet

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget, QWidget


def on_screen(widget: QWidget) -> bool:
    """Shown and not wholly covered (a dock behind another tab) or squeezed to nothing."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


class LazyRefresh(QObject):
    """The stale level of *widget*, and ``refresh(level)`` called when it is on screen."""

    def __init__(self, widget: QWidget, refresh: Callable[[int], None], stale: int = 1):
        super().__init__(widget)
        self.widget = widget
        self._refresh = refresh
        #: 0: up to date; higher: more to make again (the widget's own levels).
        self.stale = stale
        #: How many times ``refresh`` ran (tests count the work done).
        self.runs = 0
        self._docks: WeakSet = WeakSet()
        widget.installEventFilter(self)

    def mark(self, level: int = 1) -> None:
        """Something the widget shows changed: refresh now if it is on screen, else later."""
        self.stale = max(self.stale, level)
        self.catch_up()

    def catch_up(self) -> None:
        if self.stale and on_screen(self.widget):
            self.ensure()

    def ensure(self) -> None:
        """Up to date now, on screen or not."""
        if self.stale:
            level, self.stale = self.stale, 0
            self.runs += 1
            self._refresh(level)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if watched is self.widget and kind in (QEvent.Type.Show, QEvent.Type.Resize):
            if kind == QEvent.Type.Show:
                self._watch_docks()
            self.catch_up()
        return False

    def _watch_docks(self) -> None:
        """Catch up when a dock holding the widget comes to the front of its tabs."""
        parent = self.widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QDockWidget) and parent not in self._docks:
                self._docks.add(parent)
                parent.visibilityChanged.connect(self._on_dock_visibility)
            parent = parent.parentWidget()

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible:
            self.catch_up()
