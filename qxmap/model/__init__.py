"""The session model: what one window of qxmap has open, Qt-free.

Every view (the table, the details pane, the summary, the map adapter, the
export dialog) reads the session's state and follows its events, the way
napari's views follow ``layer.events``; no view reaches into another.  See
:class:`Session`.
"""
from qxmap.model.events import Event, EventGroup
from qxmap.model.session import Session, SessionEvents, ViewBounds

__all__ = ["Event", "EventGroup", "Session", "SessionEvents", "ViewBounds"]
