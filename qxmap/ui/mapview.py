"""The map: a QWebEngineView showing the folium page, and its API.

This is the one place in Python that talks to the page, and it does so only
over QWebChannel (:class:`PageBridge`): a command is the bridge's
``command(seq, method, argsJson)`` signal, which runs one of the page's
commands (resources/page/qxmap-page.js), and the page answers with
``reply(seq, resultJson)``.  Commands given before the page is ready are
queued and sent when it is.  (No runJavaScript: in PySide6 6.12 every call of
it drops a reference to Python's None, which crashes a long session.)
"""
from __future__ import annotations

import itertools
import json
import logging
import math
from typing import Callable, Iterable

import numpy as np
from PySide6.QtCore import QEvent, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from qxmap.dataset import Dataset
from qxmap.mappage import RenderOptions, build_page
from qxmap.ui.webengine import app_profile

_view_numbers = itertools.count(1)
_log = logging.getLogger(__name__)


def _json_or_none(text, kind: type):
    """Parse a message from the page; None when it is not JSON of the expected kind."""
    if not isinstance(text, str) or len(text) > _MAX_MESSAGE:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, kind) else None


#: The longest message the page may send (a state or a list of measure points is far smaller).
_MAX_MESSAGE = 1_000_000


class PageBridge(QObject):
    """The channel object: `command` goes to the page; the slots are what it sends back.

    The page is untrusted territory (it draws text from files): every slot
    checks its arguments, and a malformed message is logged (``rejected``) and
    ignored, never a traceback. QWebChannel also publishes QObject's own
    ``deleteLater``; the bridge refuses to be deleted that way (only its
    parent, the map view, ends it)."""

    command = Signal(int, str, str)
    page_replied = Signal(int, str)

    page_ready = Signal(dict)
    feature_clicked = Signal(str, str)
    page_drawn = Signal(int)
    cursor_moved = Signal(float, float)
    view_changed = Signal(dict)
    basemap_failed = Signal(str)
    measure_changed = Signal(str, list)

    def __init__(self, parent=None):
        super().__init__(parent)
        #: Messages from the page that were refused (for the log and tests).
        self.rejected: list[str] = []

    def note_rejected(self, slot: str, *args) -> None:
        text = f"{slot}: malformed message from the page: " + ", ".join(repr(a)[:200] for a in args)
        self.rejected.append(text)
        del self.rejected[:-100]
        _log.warning(text)

    def event(self, event) -> bool:  # noqa: D102 (Qt name)
        if event.type() == QEvent.Type.DeferredDelete:
            self.note_rejected("deleteLater")
            return True
        return super().event(event)

    @Slot(str)
    def ready(self, state_json: str) -> None:
        state = _json_or_none(state_json, dict)
        if state is None:
            self.note_rejected("ready", state_json)
            return
        self.page_ready.emit(state)

    @Slot(int, str)
    def reply(self, seq: int, result_json: str) -> None:
        if not isinstance(seq, int) or not isinstance(result_json, str):
            self.note_rejected("reply", seq, result_json)
            return
        self.page_replied.emit(seq, result_json)

    @Slot(str, str)
    def featureClicked(self, layer: str, feature_id: str) -> None:  # noqa: N802 (page API name)
        if not isinstance(layer, str) or not isinstance(feature_id, str):
            self.note_rejected("featureClicked", layer, feature_id)
            return
        self.feature_clicked.emit(layer, feature_id)

    @Slot(int)
    def drawn(self, seq: int) -> None:
        if not isinstance(seq, int):
            self.note_rejected("drawn", seq)
            return
        self.page_drawn.emit(seq)

    @Slot(float, float)
    def cursorMoved(self, lat: float, lon: float) -> None:  # noqa: N802
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lat, lon)):
            self.note_rejected("cursorMoved", lat, lon)
            return
        self.cursor_moved.emit(lat, lon)

    @Slot(str)
    def viewChanged(self, bounds_json: str) -> None:  # noqa: N802
        view = _json_or_none(bounds_json, dict)
        keys = ("south", "west", "north", "east")
        if view is None or not all(isinstance(view.get(k), (int, float)) for k in keys):
            self.note_rejected("viewChanged", bounds_json)
            return
        self.view_changed.emit(view)

    @Slot(str)
    def basemapFailed(self, url: str) -> None:  # noqa: N802
        if not isinstance(url, str):
            self.note_rejected("basemapFailed", url)
            return
        self.basemap_failed.emit(url[:2000])

    @Slot(str, str)
    def measured(self, kind: str, points_json: str) -> None:
        points = _json_or_none(points_json, list)
        if kind not in ("distance", "area") or points is None or not all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(v, (int, float)) for v in p) for p in points):
            self.note_rejected("measured", kind, points_json)
            return
        self.measure_changed.emit(kind, points)


class _QuietPage(QWebEnginePage):
    """The map's page: console messages go to a list instead of stderr, and
    the view never leaves the app's own page (a link in a tile package's
    attribution, a script, a drop: every other navigation is refused and
    logged), nor opens a window."""

    def __init__(self, profile, parent=None):
        super().__init__(profile, parent)
        self.console: list[str] = []
        #: The one URL this page may show (set by MapView.show_html).
        self.home_url: QUrl | None = None
        self.refused_navigations: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 (Qt name)
        self.console.append(f"{source}:{line}: {message}")
        del self.console[:-1000]

    def acceptNavigationRequest(self, url, nav_type, is_main_frame) -> bool:  # noqa: N802 (Qt name)
        home = self.home_url
        if is_main_frame and home is not None and url.toString().split("#", 1)[0] == home.toString():
            return True
        self.refused_navigations.append(url.toString()[:2000])
        _log.warning("map page: refused to navigate to %s", url.toString()[:200])
        return False

    def createWindow(self, window_type):  # noqa: N802 (Qt name)
        self.refused_navigations.append("new window")
        return None


class MapView(QWebEngineView):
    """The embedded Leaflet map."""

    #: The page has drawn its layers (argument: the page's state).
    ready = Signal(dict)
    #: A command's result is on screen (argument: its sequence number).
    drawn = Signal(int)
    feature_clicked = Signal(str, str)
    cursor_moved = Signal(float, float)
    view_changed = Signal(dict)
    basemap_failed = Signal(str)
    #: The measure tool's points changed: kind ("distance"/"area"), [[lat, lon], ...] as displayed.
    measure_changed = Signal(str, list)
    load_failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._app_profile = app_profile()
        self._name = f"map-{next(_view_numbers)}"
        self._page = _QuietPage(self._app_profile.profile, self)
        self.setPage(self._page)
        self.bridge = PageBridge(self)
        self._channel = QWebChannel(self._page)
        self._channel.registerObject("bridge", self.bridge)
        self._page.setWebChannel(self._channel)
        self._seq = itertools.count(1)
        self._is_ready = False
        self._pending: list[tuple[str, tuple, Callable | None, int]] = []
        #: How the page draws roads (its per-phase image cache); used by show_dataset.
        self.render_options = RenderOptions()
        self.last_state: dict = {}
        self._callbacks: dict[int, Callable | None] = {}
        self.bridge.page_replied.connect(self._on_reply)
        self.bridge.page_ready.connect(self._on_ready)
        self.bridge.page_drawn.connect(self.drawn)
        self.bridge.feature_clicked.connect(self.feature_clicked)
        self.bridge.cursor_moved.connect(self.cursor_moved)
        self.bridge.view_changed.connect(self.view_changed)
        self.bridge.basemap_failed.connect(self.basemap_failed)
        self.bridge.measure_changed.connect(self.measure_changed)
        self.loadFinished.connect(self._on_load_finished)

    # ------------------------------------------------------------ loading

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    @property
    def console(self) -> list[str]:
        return self._page.console

    def show_dataset(self, dataset: Dataset) -> None:
        """Build the page for *dataset* and load it; `ready` follows."""
        self.show_html(build_page(dataset, render=self.render_options))

    def show_html(self, html: str) -> None:
        self._is_ready = False
        self._callbacks.clear()  # the old page will not answer
        url = self._app_profile.handler.set_page(self._name, html)
        self._page.home_url = url
        self.load(url)

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_failed.emit(self.url().toString())

    def _on_ready(self, state: dict) -> None:
        self._is_ready = True
        self.last_state = state
        pending, self._pending = self._pending, []
        for method, args, callback, seq in pending:
            self._send(method, args, callback, seq)
        self.ready.emit(state)

    # ------------------------------------------------------------ page API

    def _call(self, method: str, *args, callback: Callable[[object], None] | None = None) -> int:
        """Run one page command; returns its sequence number (see `drawn`)."""
        seq = next(self._seq)
        if self._is_ready:
            self._send(method, args, callback, seq)
        else:
            self._pending.append((method, args, callback, seq))
        return seq

    def _send(self, method: str, args: tuple, callback, seq: int) -> None:
        self._callbacks[seq] = callback
        self.bridge.command.emit(seq, method, json.dumps(list(args)))

    def _on_reply(self, seq: int, result_json: str) -> None:
        callback = self._callbacks.pop(seq, None)
        try:
            value = json.loads(result_json) if result_json else None
        except (ValueError, RecursionError):
            self.bridge.note_rejected("reply", seq, result_json)
            value = None
        if isinstance(value, dict) and "error" in value and len(value) == 1:
            self._page.console.append(f"command {seq}: {value['error']}")
            value = None
        if isinstance(value, dict) and "drawn" in value:
            self.last_state = value
        if callback is not None:
            callback(value)

    def show_tracked(self, ids: Iterable[str] | None, callback=None) -> int:
        """Show only these roads/exits (None: all)."""
        return self._call("showTracked", None if ids is None else list(ids), callback=callback)

    def show_tracked_mask(self, mask, callback=None) -> int:
        """Show the tracked records whose mask entry is true (one per record of
        Dataset.tracked(), in that order; None: all). Cheap for large networks."""
        text = None if mask is None else (np.asarray(mask, dtype=bool).astype(np.uint8) + 48).tobytes().decode("ascii")
        return self._call("showTrackedMask", text, callback=callback)

    def highlight(self, ids: Iterable[str], fit: bool = True, callback=None) -> int:
        return self._call("highlight", list(ids), bool(fit), callback=callback)

    def restyle(self, feature_id: str, props: dict, callback=None) -> int:
        """Redraw one feature after its attributes (status, category, ...) changed."""
        return self._call("restyle", feature_id, props, callback=callback)

    def set_layer_visible(self, layer: str, visible: bool, callback=None) -> int:
        return self._call("setLayerVisible", layer, bool(visible), callback=callback)

    def fit_town(self, callback=None) -> int:
        return self._call("fitTown", callback=callback)

    def fit_bounds(self, south: float, west: float, north: float, east: float, callback=None) -> int:
        return self._call("fitBounds", south, west, north, east, callback=callback)

    def set_basemap(self, spec: dict | None, callback=None) -> int:
        return self._call("setBasemap", spec, callback=callback)

    def set_measure_mode(self, mode: str | None, callback=None) -> int:
        """Start measuring ("distance" or "area"), or stop (None)."""
        return self._call("setMeasureMode", mode, callback=callback)

    def show_measure_result(self, text: str, callback=None) -> int:
        return self._call("showMeasureResult", text, callback=callback)

    def query_state(self, callback: Callable[[dict], None]) -> int:
        return self._call("state", callback=callback)

    def query_visible_tracked(self, callback: Callable[[list], None]) -> int:
        return self._call("visibleTracked", callback=callback)

    def query_pixel_of(self, feature_id: str, callback: Callable[[dict | None], None]) -> int:
        return self._call("pixelOf", feature_id, callback=callback)

    def query_props_of(self, feature_id: str, callback: Callable[[dict | None], None]) -> int:
        """A feature's properties as the page holds them (what its tooltip shows)."""
        return self._call("propsOf", feature_id, callback=callback)

    def query_page_facts(self, callback: Callable[[dict], None]) -> int:
        """What the page document holds: the URLs it references and its image count."""
        return self._call("pageFacts", callback=callback)

    # ------------------------------------------------------------ teardown

    def closeEvent(self, event):  # noqa: N802 (Qt name)
        self._app_profile.handler.drop_page(self._name)
        super().closeEvent(event)

