"""The map: a QWebEngineView showing the folium page, and its API.

This is the one place in Python that talks to the page, and it does so only
over QWebChannel (:class:`PageBridge`): a command is the bridge's
``command(seq, method, argsJson)`` signal, which runs one of the page's
commands (resources/page/qxmap-page.js), and the page answers with
``reply(seq, resultJson)``.  Commands given before the page is ready are
queued and sent when it is.  (No runJavaScript: in PySide6 6.12 every call of
it drops a reference to Python's None, which crashes a long session.)

**Every coordinate that crosses the bridge, in either direction, is WGS-84**
(latitude, longitude in degrees): command arguments (``fit_bounds``), the
view (``view_changed``, the state's ``view``), the cursor (``cursor_moved``),
tool reports (``tool_event``: the measure tool's points), feature positions
(``query_pixel_of``).  On a GCJ-02 basemap (AMap) the page draws everything
shifted to match the tiles; that shift is applied, and taken back, inside
the page only (resources/page/gcj02.js), never in Python.  (Pixels are pixels:
``query_pixel_of`` also gives a feature's place in the view and on the
basemap's tile grid.)

Tools (measuring today) run in the page, one at a time: :meth:`MapView.enable_tool`,
:meth:`MapView.disable_tool`, :meth:`MapView.update_tool`; they report through
the one bridge slot ``toolEvent(name, json)``, re-emitted as
:attr:`MapView.tool_event`.  The page's diagnostics (``debug.state``,
``debug.pixelOf``, ...) are reached through the ``query_*`` methods.
"""
from __future__ import annotations

import base64
import itertools
import json
import logging
import math
import re
import threading
from typing import Callable, Iterable

import numpy as np
from PySide6.QtCore import QEvent, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from qxmap.dataset import Dataset
from qxmap.heap import give_back
from qxmap.mappage import RenderOptions, build_page, page_payload, page_skeleton, page_snapshot
from qxmap.ui.webengine import app_profile, reply_block

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

#: What a tool or event name looks like ("measure", "tools", "draw-line", ...).
_TOOL_NAME = re.compile(r"[a-z][a-z0-9-]{0,63}")


#: From which zoom each kind of feature is named on the live map (expressways always).
LABEL_MIN_ZOOM = {"expressway": 0, "provincial_county": 11, "exit": 12, "external": 13, "town": 14,
                  "parks": 11, "zones": 12, "facilities": 13}
#: Label sizes on the live map (CSS px).
LABEL_SIZES = {"road": 13, "exit": 12, "area": 12}


def label_rules(lang: str = "zh") -> dict:
    """The rules the page places its labels by: the print layouts' priority (the rank
    tables of qxmap.exports.scene, applied in the page as LabelCandidate.priority is),
    the zoom from which each kind is named, the sizes and the label language."""
    from qxmap.exports.scene import CATEGORY_RANK, CONTEXT_RANK

    return {"lang": "en" if lang == "en" else "zh", "category_rank": dict(CATEGORY_RANK),
            "context_rank": dict(CONTEXT_RANK), "min_zoom": dict(LABEL_MIN_ZOOM), "sizes": dict(LABEL_SIZES),
            "max_labels": 300}


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _lat_lon(point) -> bool:
    """A WGS-84 [lat, lon] pair."""
    return (isinstance(point, list) and len(point) == 2 and all(_finite(v) for v in point)
            and -90 <= point[0] <= 90 and -180 <= point[1] <= 180)


def _valid_tools_event(payload: dict) -> bool:
    """("tools", {"active": name or null, "options": {...}}): the active tool changed."""
    active = payload.get("active")
    return ((active is None or (isinstance(active, str) and _TOOL_NAME.fullmatch(active) is not None))
            and isinstance(payload.get("options", {}), dict))


def _valid_measure_event(payload: dict) -> bool:
    """("measure", {"kind": "distance" | "area", "points": [[lat, lon], ...]})."""
    points = payload.get("points")
    return (payload.get("kind") in ("distance", "area") and isinstance(points, list)
            and all(_lat_lon(p) for p in points))


#: The tool events the page may send, each with its check (anything else is refused).
_TOOL_EVENTS: dict[str, Callable[[dict], bool]] = {
    "tools": _valid_tools_event,
    "measure": _valid_measure_event,
}


def register_tool_event(name: str, check: Callable[[dict], bool]) -> None:
    """Accept the tool event *name* from the page, checked by *check* (e.g. the drawing
    tool's "draw" reports: qxmap/ui/drawtool.py)."""
    if not _TOOL_NAME.fullmatch(name) or name in ("tools", "measure"):
        raise ValueError(f"bad tool event name {name!r}")
    _TOOL_EVENTS[name] = check


#: What warm_up loads: nothing, and permission for nothing.
_BLANK_PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
               'content="default-src \'none\'"></head><body></body></html>')


def _page_payload(dataset: Dataset, render: RenderOptions):
    """:func:`page_payload` into the block the scheme handler serves, the heap's free pages
    given back first (:func:`~qxmap.heap.give_back`): what opening the data freed (the
    read's parts, the checks' arrays) would otherwise stay resident under the page data
    made now, at the app's peak memory (200,000 roads: see benchmarks/scale.py)."""
    give_back()
    return page_payload(dataset, render, allocate=reply_block)


class PageBridge(QObject):
    """The channel object: `command` goes to the page; the slots are what it sends back.

    The page is untrusted territory (it draws text from files): every slot
    checks its arguments, and a malformed message is logged (``rejected``) and
    ignored, never a traceback. QWebChannel also publishes QObject's own
    ``deleteLater``; the bridge refuses to be deleted that way (only its
    parent, the map view, ends it).  Every coordinate it receives is WGS-84.

    Slots (the page's side of the API): ``ready(stateJson)``,
    ``reply(seq, resultJson)``, ``drawn(seq)``, ``featureClicked(layer, id)``,
    ``cursorMoved(lat, lon)``, ``viewChanged(boundsJson)``,
    ``basemapFailed(url)``, ``toolEvent(name, payloadJson)``."""

    command = Signal(int, str, str)
    page_replied = Signal(int, str)

    page_ready = Signal(dict)
    feature_clicked = Signal(str, str)
    page_drawn = Signal(int)
    cursor_moved = Signal(float, float)
    view_changed = Signal(dict)
    basemap_failed = Signal(str)
    tool_event = Signal(str, dict)

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
    def toolEvent(self, name: str, payload_json: str) -> None:  # noqa: N802 (page API name)
        """A tool's report: *name* is one of _TOOL_EVENTS, *payload_json* a JSON object.
        (Not ``event``: that is QObject's own, which refuses DeferredDelete above.)"""
        payload = _json_or_none(payload_json, dict)
        check = _TOOL_EVENTS.get(name) if isinstance(name, str) else None
        if payload is None or check is None or not check(payload):
            self.note_rejected("toolEvent", name, payload_json)
            return
        self.tool_event.emit(name, payload)

    def measured(self, kind: str, points_json: str) -> None:
        """The measure tool's former slot, as a plain method (not published to the
        page): the same report through toolEvent, checked the same way."""
        points = _json_or_none(points_json, list)
        self.toolEvent("measure", json.dumps({"kind": kind, "points": points}))


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



def mask_text(mask) -> str | None:
    """A mask of the tracked records as the page takes it (showTrackedMask, maskBits in
    qxmap-page.js): base64 of one bit per record, the first in the lowest bit of the
    first byte; None stays None (all shown).  200,000 roads: 33 kB of text, where a
    character per record made 200 kB to encode, send and parse at every filter change."""
    if mask is None:
        return None
    bits = np.packbits(np.asarray(mask, dtype=bool), bitorder="little")
    return base64.b64encode(bits.tobytes()).decode("ascii")

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
    #: A tool's report: (name, payload).  ("tools", {"active": name or None, "options": {...}})
    #: whenever the active tool changes (a command, Esc in the page); ("measure", {"kind", "points"}).
    tool_event = Signal(str, dict)
    #: The measure tool's points changed: kind ("distance"/"area"), [[lat, lon], ...] in WGS-84
    #: (the "measure" tool_event, for convenience).
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
        self.bridge.tool_event.connect(self._on_tool_event)
        #: The page's active tool, as it last reported (None: no tool).
        self.active_tool: str | None = None
        #: Labels on the live map: (on, rules), given again to every new page (None: never set).
        self._labels: tuple[bool, dict] | None = None
        self._warming = False  # the blank page of warm_up is loading
        self.loadFinished.connect(self._on_load_finished)

    # ------------------------------------------------------------ loading

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    @property
    def console(self) -> list[str]:
        return self._page.console

    def show_dataset(self, dataset: Dataset) -> None:
        """Build the page for *dataset* and load it; `ready` follows.  The page's HTML
        holds no data: the page fetches it (qxmap.mappage.page_payload) from the app's
        scheme; it is made in a worker thread from now on, from a snapshot of the
        page's columns, while Chromium loads the page."""
        render = self.render_options
        snapshot = page_snapshot(dataset)  # packed in a worker thread while the page starts
        url = self._app_profile.handler.set_page_data(
            self._name, lambda: _page_payload(dataset, render), ahead=lambda: _page_payload(snapshot, render))
        self.show_html(build_page(dataset, render=render, data_url=url), keep_data=True)

    def warm_up(self) -> None:
        """Start Chromium's page process now, with a blank page of the app's own, so that it
        is up when the first dataset is shown: its start-up (about a second) overlaps what
        the app does meanwhile (reading the dataset), and so does reading the page's
        skeleton.  Nothing once a page is shown."""
        if self._page.home_url is not None:
            return
        url = self._app_profile.handler.set_page(f"{self._name}-blank", _BLANK_PAGE)
        self._page.home_url = url
        self._warming = True
        self.load(url)
        # The page's skeleton (read from the user's cache, or rendered by folium the first
        # time): read meanwhile too, in a thread, not when the data are there (75 ms at start).
        threading.Thread(target=page_skeleton, name="qxmap-skeleton", daemon=True).start()

    def show_html(self, html: str, keep_data: bool = False) -> None:
        """Load the page *html* (its data inline, or fetched: keep_data, see show_dataset)."""
        if not keep_data:
            self._app_profile.handler.set_page_data(self._name, None)
        self._is_ready = False
        self.active_tool = None  # a new page starts with no tool
        self._callbacks.clear()  # the old page will not answer
        url = self._app_profile.handler.set_page(self._name, html)
        self._page.home_url = url
        self.load(url)
        if self._labels is not None:  # the new page starts without labels: queued until it is ready
            self._call("setLabels", *self._labels)

    def _on_load_finished(self, ok: bool) -> None:
        warming, self._warming = self._warming, False
        if warming:  # the blank page of warm_up (cut short when a real page came first: no failure)
            self._app_profile.handler.drop_page(f"{self._name}-blank")
            return
        if not ok:
            self.load_failed.emit(self.url().toString())

    def _on_tool_event(self, name: str, payload: dict) -> None:
        if name == "tools":
            self.active_tool = payload.get("active")
        elif name == "measure":
            self.measure_changed.emit(payload["kind"], payload["points"])
        self.tool_event.emit(name, payload)

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
        Dataset.tracked(), in that order; None: all). Cheap for large networks: sent as
        one bit per record (mask_text)."""
        return self._call("showTrackedMask", mask_text(mask), callback=callback)

    def highlight(self, ids: Iterable[str], fit: bool = True, callback=None) -> int:
        return self._call("highlight", list(ids), bool(fit), callback=callback)

    def restyle(self, feature_id: str, props: dict, callback=None) -> int:
        """Redraw one feature after its attributes (status, category, ...) changed."""
        return self._call("restyle", feature_id, props, callback=callback)

    def restyle_tracked(self, columns: dict, mask=False, callback=None) -> int:
        """Restyle every tracked record at once (the "as of" view): *columns* maps "status"
        and/or "phase" to one code per record of Dataset.tracked(), in that order (a code
        the schema does not know leaves the record as it is).  *mask* (as for
        show_tracked_mask; None shows all): applied in the same redraw.  One command."""
        from qxmap import schema
        from qxmap.filtering import code_indexes

        payload = {}
        for field, codes in (("status", schema.STATUSES), ("phase", schema.PHASES)):
            if field not in columns:
                continue
            index = code_indexes(columns[field], codes)  # -1 (unknown) becomes "-": left as it is
            text = np.where(index >= 0, index + 48, 45).astype(np.uint8).tobytes().decode("ascii")
            payload[field] = {"codes": list(codes), "values": text}
        if mask is False:
            return self._call("restyleTracked", payload, callback=callback)
        return self._call("restyleTracked", payload, mask_text(mask), callback=callback)

    def set_layer_visible(self, layer: str, visible: bool, callback=None) -> int:
        return self._call("setLayerVisible", layer, bool(visible), callback=callback)

    def fit_town(self, callback=None) -> int:
        return self._call("fitTown", callback=callback)

    def fit_bounds(self, south: float, west: float, north: float, east: float, callback=None) -> int:
        """Fit the view to a WGS-84 box."""
        return self._call("fitBounds", south, west, north, east, callback=callback)

    def set_basemap(self, spec: dict | None, callback=None) -> int:
        return self._call("setBasemap", spec, callback=callback)

    # ------------------------------------------------------------ labels and snapshots

    def set_labels(self, on: bool, rules: dict | None = None, callback=None) -> int:
        """Names on the map on or off (kept for every new page); *rules* default to
        :func:`label_rules` in the UI's data language."""
        if rules is None:
            from qxmap.ui.labels import data_lang

            rules = label_rules(data_lang())
        self._labels = (bool(on), rules)
        return self._call("setLabels", bool(on), rules, callback=callback)

    @property
    def labels_on(self) -> bool:
        return bool(self._labels and self._labels[0])

    @property
    def label_state(self) -> tuple[bool, dict] | None:
        """(on, rules) as last set (None: never set)."""
        return self._labels

    def set_capture_mode(self, on: bool, callback=None, keep_credit: bool = False) -> int:
        """Hide (True) or show again (False) the map's own controls for a snapshot;
        *keep_credit*: the basemap's credit stays (when a basemap is shown)."""
        return self._call("setCaptureMode", bool(on), bool(keep_credit), callback=callback)

    def query_view_scale(self, callback: Callable[[dict], None]) -> int:
        """{metres_per_px, zoom, lat, lon}: ground metres per CSS pixel at the view's centre (WGS-84)."""
        return self._call("viewScale", callback=callback)

    # ------------------------------------------------------------ tools

    def enable_tool(self, name: str, callback=None, **options) -> int:
        """Enable the page's tool *name* with these options (JSON values), disabling
        the active one; starting a tool again starts it afresh.  Tools: "measure"
        (option mode="distance" or "area")."""
        return self._call("toolsEnable", name, options, callback=callback)

    def disable_tool(self, name: str | None = None, callback=None) -> int:
        """Disable the active tool (only if it is *name*, when given)."""
        return self._call("toolsDisable", name, callback=callback)

    def update_tool(self, name: str, callback=None, **options) -> int:
        """Hand options to the active tool if it is *name* (e.g. measure: result="1.2 km",
        the value shown at the last point)."""
        return self._call("toolsUpdate", name, options, callback=callback)

    # ------------------------------------------------------------ features drawn and edited (qxmap-draw.js)

    def set_feature(self, feature_id: str, layer: str, geometry: dict | None, props: dict, callback=None) -> int:
        """Draw one feature as it now is: its WGS-84 GeoJSON *geometry* (None: it leaves
        the map) and *props* (name, status, ...); a feature the page did not know is added."""
        return self._call("setFeature", feature_id, layer, geometry, props, callback=callback)

    def remove_feature(self, feature_id: str, callback=None) -> int:
        """A feature removed from the dataset (a merged road, an undone new record)."""
        return self._call("removeFeature", feature_id, callback=callback)

    def sync_tracked(self, ids: list[str], callback=None) -> int:
        """The tracked records' order (Session.records) after records were added or removed:
        masks (show_tracked_mask) count in it.  Shows them all; send the filter after it."""
        return self._call("syncTracked", list(ids), callback=callback)

    def query_vertex_pixels(self, feature_id: str, callback: Callable[[dict | None], None]) -> int:
        """{layer, kind, runs: [[{x, y, lat, lon}]]}: each vertex of a feature, in the view's
        pixels and WGS-84, numbered as the draw tool numbers them."""
        return self._call("debug.vertexPixels", feature_id, callback=callback)

    def query_pixel_of_latlng(self, lat: float, lon: float, callback: Callable[[dict], None]) -> int:
        """{x, y}: where the WGS-84 place (lat, lon) is drawn in the view (shifted on GCJ-02)."""
        return self._call("debug.pixelOfLatLng", float(lat), float(lon), callback=callback)

    def query_draw_state(self, callback: Callable[[dict | None], None]) -> int:
        """The draw tool's state (mode, target, snap, sketch vertices, ...), None when off."""
        return self._call("debug.drawState", callback=callback)

    def redraw_all(self, callback=None) -> int:
        """Draw every road again from scratch (the benchmarks' plain redraw)."""
        return self._call("debug.redrawAll", callback=callback)

    # ------------------------------------------------------------ plan overlays (qxmap-overlay.js)

    def show_overlay(self, key: str, spec: dict, callback=None) -> int:
        """Draw a plan drawing: spec {url (qxmap://app/blob/...), placement
        (qxmap.georef.Transform.placement), opacity, visible, pins: [[lat, lon], ...]}."""
        return self._call("overlayShow", key, spec, callback=callback)

    def set_overlay(self, key: str, callback=None, **changes) -> int:
        """Change a drawn overlay's opacity, visible or pins."""
        return self._call("overlaySet", key, changes, callback=callback)

    def remove_overlay(self, key: str, callback=None) -> int:
        return self._call("overlayRemove", key, callback=callback)

    def set_overlay_markers(self, points: list[dict] | None, callback=None) -> int:
        """Numbered markers [{n, lat, lon, enabled}] on the map (None: none)."""
        return self._call("overlayMarkers", points, callback=callback)

    def query_overlay_state(self, callback: Callable[[dict], None]) -> int:
        """{overlays: [{key, opacity, visible, loaded, corners (container px), rect, ...}], markers}."""
        return self._call("debug.overlayState", callback=callback)

    # ------------------------------------------------------------ diagnostics (the page's debug.*)

    def query_state(self, callback: Callable[[dict], None]) -> int:
        """What the page shows now (drawn counts, the WGS-84 view, the active tool, ...)."""
        return self._call("debug.state", callback=callback)

    def query_visible_tracked(self, callback: Callable[[list], None]) -> int:
        return self._call("debug.visibleTracked", callback=callback)

    def query_pixel_of(self, feature_id: str, callback: Callable[[dict | None], None]) -> int:
        """Where a feature is: {x, y} in the view's pixels, its WGS-84 lat/lon, and
        grid {x, y, zoom}: its place on the basemap's tile grid (Web Mercator pixels)."""
        return self._call("debug.pixelOf", feature_id, callback=callback)

    def query_props_of(self, feature_id: str, callback: Callable[[dict | None], None]) -> int:
        """A feature's properties as the page holds them (what its tooltip shows)."""
        return self._call("debug.propsOf", feature_id, callback=callback)

    def query_labels(self, callback: Callable[[list], None]) -> int:
        """The labels on the map as placed: text, kind, priority, centre, size, angle and
        the four corners of each box (container pixels)."""
        return self._call("debug.labels", callback=callback)

    def query_label_facts(self, callback: Callable[[dict], None]) -> int:
        """The labels' facts as they are now ({on, count, last_ms, reused, pending}): unlike
        the other queries, a placement still waiting for its frame is not finished first."""
        return self._call("debug.labelFacts", callback=callback)

    def query_page_facts(self, callback: Callable[[dict], None]) -> int:
        """What the page document holds: the URLs it references and its image count."""
        return self._call("debug.pageFacts", callback=callback)

    # ------------------------------------------------------------ teardown

    def closeEvent(self, event):  # noqa: N802 (Qt name)
        self._app_profile.handler.drop_page(self._name)
        super().closeEvent(event)

