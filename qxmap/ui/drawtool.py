"""Edit mode: putting records on the map, by hand, with undo and history.

Off by default (a viewer cannot move a road by accident): Edit > Edit mode
(Ctrl+Shift+D) turns on the page's "draw" tool (resources/page/qxmap-draw.js)
and shows the Edit toolbar.  The page draws, snaps and reports what the
planner did (every coordinate in WGS-84); here each report becomes a change
of the open workspace (:mod:`qxmap.workspace.geometry`) through the rules of
:mod:`qxmap.geometry_edits`, pushed on the workspace's undo stack like a
status change, so it is undone, saved in one transaction, recorded in the
history and checked for conflicts the same way.

* Draw a line, a point or a polygon: it goes to the selected record when that
  record is not mapped yet (or, after a confirmation, replaces its position);
  with no fitting record selected, a small dialog makes a new record (name,
  category or kind, build phase, status; the id is generated).
* With one feature selected: drag its vertices, drag a midpoint to add one,
  right-click (or hover and press Delete) to delete one; Move feature,
  Continue line, Split at vertex; Merge roads (two selected roads that share
  an end); Delete geometry (asked first; the record stays, "not yet mapped").
* Snapping (on by default; S in the map toggles it, Alt held suspends it) to
  the vertices and segments of what the map shows within :data:`SNAP_PX`.
* The status bar shows the length or area being drawn (qxmap.measure).

A geometry drawn here is "drawn"; "traced" while a plan overlay is shown
(:meth:`DrawTool.set_tracing`, for the overlay).  Every message shows the
data as plain text.
"""
from __future__ import annotations

import logging
import math
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QToolBar

from qxmap import geometry_edits as rules
from qxmap import measure, schema
from qxmap.geometry_edits import GeometryProblem, RecordEdit
from qxmap.ui import labels, plaintext
from qxmap.ui.mapview import register_tool_event
from qxmap.ui.problemtext import error_text
from qxmap.workspace import EditRefused

_log = logging.getLogger(__name__)

#: Snapping tolerance in screen pixels.
SNAP_PX = 10
#: Drawing modes: the page's mode names.
MODES = ("select", "line", "point", "polygon", "move", "continue", "split")
#: What each kind of drawing is, as the schema's geometry types.
KIND_TYPES = {"line": "LineString", "point": "Point", "polygon": "Polygon"}


# --------------------------------------------------------------------------
# The page's reports, checked before anything is done with them


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _pair(p) -> bool:
    return isinstance(p, list) and len(p) == 2 and all(_finite(v) for v in p) and -90 <= p[0] <= 90 \
        and -180 <= p[1] <= 180


def _points(v, limit: int = 100_000) -> bool:
    return isinstance(v, list) and len(v) <= limit and all(_pair(p) for p in v)


def _index_pair(v) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(
        isinstance(i, int) and not isinstance(i, bool) and 0 <= i < 10_000_000 for i in v)


def _snap(v) -> bool:
    return v is None or (isinstance(v, dict) and isinstance(v.get("id"), str) and len(v["id"]) < 1000
                         and v.get("kind") in ("vertex", "segment") and _index_pair(v.get("at")))


def _snaps(v) -> bool:
    return isinstance(v, list) and len(v) <= 100_000 and all(
        _snap(s) and s is not None and isinstance(s.get("vertex"), int) and not isinstance(s["vertex"], bool)
        for s in v)


def _id(v) -> bool:
    return isinstance(v, str) and 0 < len(v) < 1000


def valid_draw_event(payload: dict) -> bool:
    """Is *payload* a well-formed report of the page's draw tool (see qxmap-draw.js)?"""
    action = payload.get("action")
    if action == "sketch":
        return payload.get("kind") in KIND_TYPES and _points(payload.get("points"))
    if action == "finish":
        return payload.get("kind") in KIND_TYPES and _points(payload.get("points")) and _snaps(payload.get("snaps"))
    if action == "continue":
        return (_id(payload.get("id")) and payload.get("end") in ("first", "last") and _points(payload.get("points"))
                and _snaps(payload.get("snaps")))
    if action == "vertex":
        op = payload.get("op")
        to = payload.get("to")
        return (_id(payload.get("id")) and op in ("move", "insert", "delete") and _index_pair(payload.get("vertex"))
                and (to is None if op == "delete" else _pair(to)) and _snap(payload.get("snap")))
    if action == "move":
        return _id(payload.get("id")) and _pair(payload.get("from")) and _pair(payload.get("to"))
    if action == "split":
        return _id(payload.get("id")) and _index_pair(payload.get("vertex"))
    if action == "cancel":
        return True
    if action == "snap":
        return isinstance(payload.get("on"), bool)
    return False


register_tool_event("draw", valid_draw_event)


def _lonlat(pair) -> tuple[float, float]:
    """A page [lat, lon] as (lon, lat)."""
    return float(pair[1]), float(pair[0])


# --------------------------------------------------------------------------
# Undo


class GeometryCommand(QUndoCommand):
    """Geometry edits made together (a split: the shortened road and the new one):
    redo applies them in order, undo reverts them in reverse."""

    def __init__(self, tool: "DrawTool", edits: list, text: str):
        super().__init__(text)
        self.tool = tool
        self.edits = list(edits)

    def redo(self) -> None:
        self._guarded(True)

    def undo(self) -> None:
        self._guarded(False)

    def _guarded(self, forward: bool) -> None:
        # An exception escaping a QUndoCommand override can crash PySide (6.11) while it
        # reports it: it is logged here, and the step is dropped.
        try:
            self.tool._run(self.edits, forward=forward, command=self)
        except Exception:  # noqa: BLE001
            _log.exception("geometry edit failed (%s)", "redo" if forward else "undo")
            self.setObsolete(True)


# --------------------------------------------------------------------------
# The new-record dialog


class NewRecordDialog(QDialog):
    """Name, category (or kind), build phase and status of a record the report does not name."""

    def __init__(self, kind: str, layers: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("new-record-dialog")
        self.setWindowTitle(self.tr("New record"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("What you drew is not one of the selected records. Make it a new record:"), self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.layer = QComboBox(self)
        for layer in layers:
            self.layer.addItem(labels.layer(layer), layer)
        self.name_zh = QLineEdit(self)
        self.name_zh.setObjectName("name_zh")
        self.name_en = QLineEdit(self)
        self.category = QComboBox(self)
        self.phase = QComboBox(self)
        for code in schema.PHASES:
            self.phase.addItem(labels.phase(code), code)
        self.phase.setCurrentIndex(schema.PHASES.index("unscheduled"))
        self.status = QComboBox(self)
        for code in schema.STATUSES:
            self.status.addItem(labels.status(code), code)
        form.addRow(self.tr("Layer"), self.layer)
        form.addRow(self.tr("Name (Chinese)"), self.name_zh)
        form.addRow(self.tr("Name (English)"), self.name_en)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(labels.column_title("phase"), self.phase)
        form.addRow(labels.column_title("status"), self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.layer.currentIndexChanged.connect(self._on_layer)
        self.name_zh.textChanged.connect(self._check)
        self._on_layer()

    def _on_layer(self) -> None:
        layer = self.layer.currentData()
        self.category.clear()
        if layer == "roads":
            choices = [(labels.category(c), c) for c in schema.ROAD_CATEGORIES]
        elif layer == "exits":
            choices = [(labels.category("exit"), "exit")]
        else:
            spec = schema.LAYERS[layer].field("kind") if layer else None
            choices = [(labels.kind(c), c) for c in (spec.choices if spec else ())]
        for text, code in choices:
            self.category.addItem(text, code)
        tracked = layer in schema.TRACKED_LAYERS
        self.phase.setEnabled(tracked)
        self.status.setEnabled(tracked)
        self._check()

    def _check(self) -> None:
        ok = bool(self.name_zh.text().strip()) and self.category.count() > 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def result_values(self) -> tuple[str, dict]:
        """(layer, the record's attributes) as typed."""
        layer = self.layer.currentData()
        values: dict[str, Any] = {"name_zh": self.name_zh.text().strip(), "name_en": self.name_en.text().strip() or None}
        key = "category" if layer in schema.TRACKED_LAYERS else "kind"
        values[key] = self.category.currentData()
        if layer in schema.TRACKED_LAYERS:
            values["phase"] = self.phase.currentData()
            values["status"] = self.status.currentData()
        return layer, values


# --------------------------------------------------------------------------
# The tool


class DrawTool(QObject):
    """Edit mode of a MainWindow (see the module)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.view = window.map_view
        self.session = window.session
        self.controller = window.workspace
        #: The page's drawing mode while Edit mode is on (None: Edit mode off).
        self.mode: str | None = None
        self.snap = True
        self.tolerance = SNAP_PX
        #: A plan overlay is shown: what is drawn is "traced" from it (set by the overlay).
        self.tracing = False
        #: The last geometry refused, in words (also shown in a message box).
        self.last_refusal: str | None = None
        #: The length or area being drawn, as shown in the status bar.
        self.live_text = ""
        #: Hooks (tests, other dialogs): confirm(message) -> bool;
        #: ask_new_record(kind, layers) -> (layer, values) or None.
        self.confirm: Callable[[str], bool] = self.controller._confirm_dialog
        self.ask_new_record: Callable[[str, list], tuple | None] = self._new_record_dialog
        self._build(window)
        self.view.tool_event.connect(self._on_tool_event)
        self.view.ready.connect(lambda state: self._show_mode(None))
        self.session.events.selection_changed.connect(self._on_selection)
        self.session.events.workspace_changed.connect(lambda ws: self._update_actions())
        self._update_actions()

    # ------------------------------------------------------------ building

    def _build(self, window) -> None:
        self.label = QLabel(window)
        self.label.setObjectName("draw-status")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(self.label)

        self.edit_mode_action = QAction(self.tr("Edit &mode (draw on the map)"), self)
        self.edit_mode_action.setCheckable(True)
        self.edit_mode_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.edit_mode_action.toggled.connect(self.set_edit_mode)
        self.mode_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        titles = {"select": self.tr("&Select and edit vertices"), "line": self.tr("Draw &line"),
                  "point": self.tr("Draw &point"), "polygon": self.tr("Draw poly&gon"),
                  "move": self.tr("&Move feature"), "continue": self.tr("&Continue line from its end"),
                  "split": self.tr("S&plit road at a vertex")}
        for mode in MODES:
            action = QAction(titles[mode], self)
            action.setCheckable(True)
            action.setData(mode)
            action.triggered.connect(lambda checked=False, m=mode: self.set_mode(m))
            group.addAction(action)
            self.mode_actions[mode] = action
        self.merge_action = QAction(self.tr("Mer&ge two roads"), self)
        self.merge_action.triggered.connect(self.merge_selected)
        self.delete_action = QAction(self.tr("&Delete geometry..."), self)
        self.delete_action.triggered.connect(self.delete_selected_geometry)
        self.snap_action = QAction(self.tr("S&nap (S in the map)"), self)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        self.snap_action.toggled.connect(self.set_snap)

        menu = self.controller.edit_menu
        menu.addSeparator()
        menu.addAction(self.edit_mode_action)
        self.menu = menu.addMenu(self.tr("&Draw"))
        for mode in MODES:
            self.menu.addAction(self.mode_actions[mode])
        self.menu.addSeparator()
        for action in (self.merge_action, self.delete_action, self.snap_action):
            self.menu.addAction(action)

        self.toolbar = QToolBar(self.tr("Edit"), window)
        self.toolbar.setObjectName("edit-toolbar")
        self.toolbar.addAction(self.edit_mode_action)
        self.toolbar.addSeparator()
        for mode in MODES:
            self.toolbar.addAction(self.mode_actions[mode])
        self.toolbar.addSeparator()
        for action in (self.merge_action, self.delete_action, self.snap_action):
            self.toolbar.addAction(action)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar.hide()

    @property
    def ws(self):
        return self.controller.ws

    @property
    def edit_mode(self) -> bool:
        return self.mode is not None

    def accuracy(self) -> str:
        """The accuracy of what is drawn now: "traced" over a plan overlay, else "drawn"."""
        return rules.TRACED if self.tracing else rules.DRAWN

    def set_tracing(self, on: bool) -> None:
        """A georeferenced plan is shown (True) or not: what is drawn is "traced" or "drawn"."""
        self.tracing = bool(on)

    def target(self) -> str | None:
        """The feature whose vertices are edited: the one selected feature."""
        sel = self.session.selection
        return sel[0] if len(sel) == 1 else None

    # ------------------------------------------------------------ modes

    def set_edit_mode(self, on: bool) -> None:
        """Edit mode on (the page's draw tool in "select" mode) or off."""
        if on and self.ws is None:
            self._show_mode(None)
            self.window.statusBar().showMessage(self.tr("Open a workspace to edit the map."), 5000)
            return
        if on:
            if self.mode is None:
                self._show_mode("select")
                self.view.enable_tool("draw", mode="select", target=self.target(), snap=self.snap,
                                      tolerance=self.tolerance)
        else:
            self._show_mode(None)
            self.view.disable_tool("draw")

    def set_mode(self, mode: str) -> None:
        """One of MODES (Edit mode is turned on first)."""
        if mode not in MODES:
            raise ValueError(f"unknown drawing mode {mode!r}")
        if self.mode is None:
            self.set_edit_mode(True)
            if self.mode is None:
                return
        self._show_mode(mode)
        self.view.update_tool("draw", mode=mode, target=self.target(), end="last")

    def set_snap(self, on: bool) -> None:
        self.snap = bool(on)
        if self.snap_action.isChecked() != self.snap:
            self.snap_action.blockSignals(True)
            self.snap_action.setChecked(self.snap)
            self.snap_action.blockSignals(False)
        if self.mode is not None:
            self.view.update_tool("draw", snap=self.snap)

    def _show_mode(self, mode: str | None) -> None:
        """The menu, toolbar and status bar for *mode* (the page is told separately)."""
        self.mode = mode
        self.edit_mode_action.blockSignals(True)
        self.edit_mode_action.setChecked(mode is not None)
        self.edit_mode_action.blockSignals(False)
        for m, action in self.mode_actions.items():
            action.setChecked(m == mode)
        self.toolbar.setVisible(mode is not None)
        self.live_text = ""
        self.label.setText(self._hint(mode))
        self._update_actions()

    def _hint(self, mode: str | None) -> str:
        return {
            None: "",
            "select": self.tr("Edit mode: select a feature; drag its vertices, drag a midpoint to add one, "
                              "right-click to delete one."),
            "line": self.tr("Click to add vertices; double-click or Enter finishes, Esc cancels, S snaps."),
            "polygon": self.tr("Click to add vertices; double-click or Enter finishes, Esc cancels, S snaps."),
            "point": self.tr("Click where the point goes."),
            "move": self.tr("Drag the selected feature to move it."),
            "continue": self.tr("Click to add vertices after the line's end; double-click or Enter finishes."),
            "split": self.tr("Click the vertex where the road is split."),
        }.get(mode, "")

    def _update_actions(self) -> None:
        has_ws = self.ws is not None
        self.edit_mode_action.setEnabled(has_ws)
        target = self.target() if has_ws else None
        geom = self.ws.geometry_of(target) if target and has_ws else None
        for mode, action in self.mode_actions.items():
            needs = {"move": geom is not None, "continue": geom is not None and geom.geom_type == "LineString",
                     "split": geom is not None and geom.geom_type == "LineString"}.get(mode, True)
            action.setEnabled(has_ws and needs)
        sel = self.session.selection
        self.merge_action.setEnabled(has_ws and len(sel) == 2)
        self.delete_action.setEnabled(geom is not None)

    def _on_selection(self, ids) -> None:
        self._update_actions()
        if self.mode is not None:
            if self.mode in ("move", "continue", "split") and not self.mode_actions[self.mode].isEnabled():
                self._show_mode("select")
                self.view.update_tool("draw", mode="select", target=self.target())
            else:
                self.view.update_tool("draw", target=self.target())

    # ------------------------------------------------------------ the page's reports

    def _on_tool_event(self, name: str, payload: dict) -> None:
        if name == "tools":
            if payload.get("active") != "draw" and self.mode is not None:
                self._show_mode(None)  # the page turned the tool off (Esc, another tool, a new page)
            return
        if name != "draw" or self.mode is None:
            return
        action = payload["action"]
        if action == "sketch":
            self._show_live(payload["kind"], [_lonlat(p) for p in payload["points"]])
        elif action == "snap":
            self.set_snap(payload["on"])
        elif action == "cancel":
            self.live_text = ""
            self.label.setText(self._hint(self.mode))
        elif self.ws is not None:
            try:
                self._on_edit(action, payload)
            except (EditRefused, GeometryProblem) as exc:
                self._refused(error_text(exc), payload.get("id"))

    def _lookup(self, feature_id: str):
        """The WGS-84 geometry a snap names: a feature's, or a reference layer's
        ("ref:<key>#<row>", as the page names them), for the exact coordinates."""
        if self.ws is None:
            return None
        if "#" in feature_id:
            layer, _, row = feature_id.rpartition("#")
            for ref in getattr(self.session, "reference_layers", []):
                if ref.layer_name == layer and row.isdigit() and int(row) < len(ref.frame):
                    geom = ref.frame.geometry.iloc[int(row)]
                    return geom if geom is not None and not geom.is_empty else None
            return None
        return self.ws.geometry_of(feature_id)

    def _points(self, payload: dict) -> list[tuple[float, float]]:
        points = [_lonlat(p) for p in payload["points"]]
        for snap in payload.get("snaps", ()):
            k = snap["vertex"]
            if 0 <= k < len(points):
                points[k] = rules.snapped_point(points[k], snap, self._lookup)
        return points

    def _on_edit(self, action: str, payload: dict) -> None:
        ws = self.ws
        accuracy = self.accuracy()
        if action == "finish":
            geom = rules.geometry_from_points(payload["kind"], self._points(payload))
            self.place(geom)
            return
        fid = payload["id"]
        current = ws.geometry_of(fid)
        if current is None:
            raise GeometryProblem(f"{fid} has no geometry to edit")
        name = ws.name_of(fid) or self._name(fid)
        if action == "split":
            run, index = payload["vertex"]
            if run != 0:
                raise GeometryProblem("only a single line can be split")
            edits = ws.split_edits(fid, index)
            self.push(edits, self.tr("%1: split into two roads").replace("%1", name))
            self.set_mode("select")
            return
        if action == "continue":
            geom = rules.extend_line(current, self._points(payload), at_start=payload["end"] == "first")
            text = self.tr("%1: line continued").replace("%1", name)
        elif action == "move":
            (lon1, lat1), (lon2, lat2) = _lonlat(payload["from"]), _lonlat(payload["to"])
            geom = rules.translate(current, lon2 - lon1, lat2 - lat1)
            text = self.tr("%1: moved").replace("%1", name)
        else:  # vertex
            run, index = payload["vertex"]
            op = payload["op"]
            if op == "delete":
                geom = rules.delete_vertex(current, run, index)
                text = self.tr("%1: vertex deleted").replace("%1", name)
            else:
                point = rules.snapped_point(_lonlat(payload["to"]), payload.get("snap"), self._lookup)
                mover = rules.move_vertex if op == "move" else rules.insert_vertex
                geom = mover(current, run, index, point)
                text = (self.tr("%1: vertex moved") if op == "move" else self.tr("%1: vertex added")).replace("%1", name)
        edit = ws.make_geometry_edit(fid, geom, accuracy)
        self.push([edit], text)
        if action == "continue":
            self.set_mode("select")

    def _name(self, feature_id: str) -> str:
        found = self.session.find(feature_id)
        if found is not None:
            value = found[1].get("name_zh")
            if isinstance(value, str) and value:
                return value
        return feature_id

    def place(self, geom) -> str | None:
        """Put a drawn geometry on the map: on the selected record when it is not mapped
        yet (or, confirmed, in place of its position), else on a new record made with
        the new-record dialog.  Returns the id of the record that got it (None: nothing)."""
        ws = self.ws
        accuracy = self.accuracy()
        target = self.target()
        layer = ws.layer_of(target) if target else None
        fits = layer is not None and geom.geom_type in schema.LAYERS[layer].geometry_types
        if fits:
            name = ws.name_of(target) or self._name(target)
            attach = ws.geometry_of(target) is None or self.confirm(
                self.tr("%1 already has a position. Replace it with what you drew?").replace("%1", name))
            if attach:
                edit = ws.make_geometry_edit(target, geom, accuracy)
                self.push([edit], self.tr("%1: put on the map").replace("%1", name))
                self.set_mode("select")
                return target
        layers = [name for name in schema.TRACKED_LAYERS + schema.LAYER_ORDER if name != "boundary"
                  and geom.geom_type in schema.LAYERS[name].geometry_types]
        layers = list(dict.fromkeys(layers))  # roads and exits first
        kind = {"Point": "point", "LineString": "line", "Polygon": "polygon"}.get(geom.geom_type, "line")
        answer = self.ask_new_record(kind, layers)
        if not answer:
            self.window.statusBar().showMessage(self.tr("Nothing was added: what you drew was discarded."), 5000)
            return None
        new_layer, values = answer
        created = ws.make_record(new_layer, values, geom, accuracy)
        name = created.attributes.get("name_zh") or created.feature_id
        self.push([created], self.tr("%1: new record").replace("%1", name))
        self.session.select([created.feature_id], origin="map")
        self.set_mode("select")
        return created.feature_id

    def _new_record_dialog(self, kind: str, layers: list) -> tuple | None:
        dialog = NewRecordDialog(kind, layers, self.window)
        plaintext.force_plain(dialog)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_values()
        finally:
            dialog.deleteLater()

    def _refused(self, message: str, feature_id: str | None = None) -> None:
        """Say why a drawing or an edit was refused; the map shows the feature as it is."""
        self.last_refusal = message
        self.window.statusBar().showMessage(self.tr("Not accepted: %1").replace("%1", message), 8000)
        self.controller._warn(self.tr("The geometry was not accepted"), message)
        if feature_id:
            message_of = self.window.map_adapter.feature_message(feature_id)
            if message_of is not None:
                self.view.set_feature(*message_of)

    def _show_live(self, kind: str, lonlats: list) -> None:
        lang = "zh_CN" if labels.data_lang() == "zh" else "en"
        try:
            if kind == "polygon" and len(lonlats) >= 3:
                text = self.tr("Area: %1 (perimeter %2)").replace(
                    "%1", measure.format_area(measure.polygon_area_km2(lonlats), lang)).replace(
                    "%2", measure.format_distance(measure.polygon_perimeter_m(lonlats), lang))
            elif kind in ("line", "polygon") and len(lonlats) >= 2:
                text = self.tr("Length: %1").replace("%1", measure.format_distance(measure.path_length_m(lonlats),
                                                                                   lang))
            else:
                text = ""
        except ValueError:
            text = ""
        self.live_text = text
        self.label.setText(text or self._hint(self.mode))

    # ------------------------------------------------------------ edits and undo

    def push(self, edits: list, text: str) -> None:
        """Push edits as one undoable step (applied now)."""
        self.controller.undo_stack.push(GeometryCommand(self, edits, text))

    def _run(self, edits: list, forward: bool, command: QUndoCommand) -> None:
        """Apply (or revert, in reverse) *edits*; on a refusal nothing stays applied."""
        ws = self.ws
        if ws is None:
            command.setObsolete(True)
            return
        done = []
        try:
            for edit in (edits if forward else list(reversed(edits))):
                (ws.apply if forward else ws.revert)(edit)
                done.append(edit)
        except EditRefused as exc:
            for edit in reversed(done):
                try:
                    (ws.revert if forward else ws.apply)(edit)
                except EditRefused:  # pragma: no cover - what was just done can be taken back
                    pass
            command.setObsolete(True)
            self._refresh(done, forward=not forward, partial=True)
            self._refused(error_text(exc))
            return
        self._refresh(edits, forward)

    def _refresh(self, edits: list, forward: bool, partial: bool = False) -> None:
        """The session tells every view (table, summary, details, map) to follow."""
        if not edits and not partial:
            return
        added, removed, changed = [], [], []
        for edit in edits:
            if isinstance(edit, RecordEdit):
                (added if edit.created == forward else removed).append(edit.feature_id)
            else:
                changed.append(edit.feature_id)
        session = self.session
        if added or removed:
            session.records_reset(added, removed)
        changed = [i for i in dict.fromkeys(changed) if i not in removed]
        if changed:
            session.records_changed(changed, geometry=True)
        session.pending_changed()
        self.controller._update_modified()
        self._update_actions()

    # ------------------------------------------------------------ merge and delete

    def merge_selected(self) -> bool:
        """Merge the two selected roads (they share an end point): the first keeps the
        joined line, the second is removed (asked first; undo brings it back)."""
        ws = self.ws
        sel = self.session.selection
        if ws is None or len(sel) != 2:
            self._refused(self.tr("Select two roads that share an end point."))
            return False
        keep, other = sel
        try:
            edits = ws.merge_edits(keep, other)
        except EditRefused as exc:
            self._refused(error_text(exc))
            return False
        a, b = ws.name_of(keep) or keep, ws.name_of(other) or other
        if not self.confirm(self.tr("Merge %2 into %1? %1 gets the joined line and %2 is removed "
                                    "(its history stays; Undo brings it back).").replace("%1", a).replace("%2", b)):
            return False
        self.push(edits, self.tr("%1: merged with %2").replace("%1", a).replace("%2", b))
        self.session.select([keep], origin="map")
        return True

    def delete_selected_geometry(self) -> bool:
        """Delete the selected feature's geometry (asked first): the record stays, "not yet mapped"."""
        ws = self.ws
        fid = self.target()
        if ws is None or fid is None or ws.geometry_of(fid) is None:
            return False
        name = ws.name_of(fid) or self._name(fid)
        if not self.confirm(self.tr("Delete the position of %1? The record stays, as not yet mapped.")
                            .replace("%1", name)):
            return False
        try:
            edit = ws.make_geometry_edit(fid, None)
        except EditRefused as exc:
            self._refused(error_text(exc))
            return False
        self.push([edit], self.tr("%1: position deleted").replace("%1", name))
        return True


def attach_draw_tool(window) -> DrawTool:
    """Add Edit mode to a MainWindow (after its workspace controller)."""
    return DrawTool(window)


__all__ = ["DrawTool", "GeometryCommand", "NewRecordDialog", "valid_draw_event", "attach_draw_tool", "SNAP_PX"]
