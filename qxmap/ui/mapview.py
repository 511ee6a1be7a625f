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
from typing import Callable, Iterable

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from qxmap.dataset import Dataset
from qxmap.mappage import RenderOptions, build_page
from qxmap.ui.webengine import app_profile

_view_numbers = itertools.count(1)


class PageBridge(QObject):
    """The channel object: `command` goes to the page; the slots are what it sends back."""

    command = Signal(int, str, str)
    page_replied = Signal(int, str)

    page_ready = Signal(dict)
    feature_clicked = Signal(str, str)
    page_drawn = Signal(int)
    cursor_moved = Signal(float, float)
    view_changed = Signal(dict)
    basemap_failed = Signal(str)
    measure_changed = Signal(str, list)

    @Slot(str)
    def ready(self, state_json: str) -> None:
        self.page_ready.emit(json.loads(state_json))

    @Slot(int, str)
    def reply(self, seq: int, result_json: str) -> None:
        self.page_replied.emit(seq, result_json)

    @Slot(str, str)
    def featureClicked(self, layer: str, feature_id: str) -> None:  # noqa: N802 (page API name)
        self.feature_clicked.emit(layer, feature_id)

    @Slot(int)
    def drawn(self, seq: int) -> None:
        self.page_drawn.emit(seq)

    @Slot(float, float)
    def cursorMoved(self, lat: float, lon: float) -> None:  # noqa: N802
        self.cursor_moved.emit(lat, lon)

    @Slot(str)
    def viewChanged(self, bounds_json: str) -> None:  # noqa: N802
        self.view_changed.emit(json.loads(bounds_json))

    @Slot(str)
    def basemapFailed(self, url: str) -> None:  # noqa: N802
        self.basemap_failed.emit(url)

    @Slot(str, str)
    def measured(self, kind: str, points_json: str) -> None:
        self.measure_changed.emit(kind, json.loads(points_json))


class _QuietPage(QWebEnginePage):
    """Sends the page's console messages to a list instead of stderr."""

    def __init__(self, profile, parent=None):
        super().__init__(profile, parent)
        self.console: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 (Qt name)
        self.console.append(f"{source}:{line}: {message}")


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
        value = json.loads(result_json) if result_json else None
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

    def query_page_facts(self, callback: Callable[[dict], None]) -> int:
        """What the page document holds: the URLs it references and its image count."""
        return self._call("pageFacts", callback=callback)

    # ------------------------------------------------------------ teardown

    def closeEvent(self, event):  # noqa: N802 (Qt name)
        self._app_profile.handler.drop_page(self._name)
        super().closeEvent(event)

