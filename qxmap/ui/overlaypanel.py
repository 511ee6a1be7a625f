"""Planning drawings on the map: File > Add planning drawing..., and their layer list.

A planner's scan of the town's road plan (PNG, JPEG, TIFF, or one page of a
PDF) is laid under the projects to trace roads from.  An image with a world
file (.pgw/.jgw/.tfw/...) or GeoTIFF tags is placed at once
(:func:`qxmap.georef.georeference_from_files`); any other is pinned with
control points in the :class:`~qxmap.ui.georefdialog.GeorefDialog`.

:class:`OverlayManager` holds the open workspace's drawings: it stores each
one in the workspace (:mod:`qxmap.workspace.overlays`: the image and its
points, so it reopens in place) at once, in a transaction of its own; shows
it on the map (the page's qxmap-overlay.js; the PNG served by the app's
scheme at a URL of the app's own making); reads them again when a workspace
is opened; and tells the draw tool that what is drawn now is "traced"
(:meth:`DrawTool.set_tracing`) while one is visible.  :class:`OverlayPanel`
lists them in the layer panel: show/hide, opacity, pin again, remove.

A drawing that cannot be read is refused with its file and the reason; a
stored one that is damaged is named and the others still open.  Names and
paths are shown as plain text.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qxmap.georef import (GeorefError, PlanOverlay, georeference_from_files, load_image, load_pdf_page,
                          pdf_page_count)
from qxmap.ui import plaintext
from qxmap.ui.background import Cancelled, run_busy
from qxmap.ui.panels import ElidedCheckBox
from qxmap.ui.problemtext import error_text, words_text
from qxmap.ui.mapview import register_tool_event
from qxmap.ui.webengine import app_profile
from qxmap.workspace import (ConflictError, OverlayImage, WorkspaceError, load_overlays, remove_overlay,
                             save_overlay)

#: Image files offered by File > Add planning drawing...
IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.tif *.tiff *.pdf"
SAVE_DELAY_MS = 600  # an opacity dragged on the slider is stored once it rests


def valid_overlay_event(payload: dict) -> bool:
    """("overlay", {"action": "pin", "point": [lat, lon]}): a map click of the pin tool."""
    point = payload.get("point")
    return (payload.get("action") == "pin" and isinstance(point, list) and len(point) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in point)
            and -90 <= point[0] <= 90 and -180 <= point[1] <= 180)


register_tool_event("overlay", valid_overlay_event)


@dataclass
class OverlayItem:
    """A drawing of the open workspace: its state, its image, and where it is stored
    (``key``/``revision`` in the workspace; ``key`` None: not stored)."""

    page_key: str  # the page's name for it (the app's own token)
    overlay: PlanOverlay
    image: OverlayImage
    key: str | None = None
    revision: int | None = None

    @property
    def placed(self) -> bool:
        return self.overlay.transform() is not None


class OverlayManager(QObject):
    """The drawings of a MainWindow (see the module)."""

    #: The list of drawings or one's state changed.
    changed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.view = window.map_view
        self.controller = window.workspace
        self.items: list[OverlayItem] = []
        self.dialog = None  # the GeorefDialog open now
        #: The problems of the last drawings read from the workspace (OverlayProblem).
        self.problems: list = []
        self.last_message: QMessageBox | None = None
        #: Hooks (tests, other dialogs): ask_page(path, count) -> page index or None;
        #: confirm(message) -> bool.
        self.ask_page: Callable[[Path, int], int | None] = self._page_dialog
        self.confirm: Callable[[str], bool] = self._confirm_dialog
        self._tokens = itertools.count(1)
        self._blob_gen = itertools.count(1)
        self._urls: dict[str, str] = {}  # page key -> URL of its image
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._store_dirty)
        self._dirty: set[str] = set()

        self.add_action = QAction(self.tr("Add &planning drawing..."), self)
        self.add_action.setObjectName("add-planning-drawing")
        self.add_action.setToolTip(self.tr("Lay a scanned plan (PNG, JPEG, TIFF or a PDF page) under the projects "
                                           "to trace roads from"))
        self.add_action.triggered.connect(lambda: self.choose_file())
        menu = window.file_menu
        anchor = getattr(self.controller, "import_action", None)
        actions = menu.actions()
        if anchor in actions and actions.index(anchor) + 1 < len(actions):
            menu.insertAction(actions[actions.index(anchor) + 1], self.add_action)
        else:
            menu.addAction(self.add_action)

        self.controller.workspace_opened.connect(lambda path: self.reload_from_workspace())
        window.session.events.workspace_changed.connect(self._on_workspace_changed)
        self.view.ready.connect(lambda state: self._show_all())
        self._update_action()

    # ------------------------------------------------------------ helpers

    @property
    def ws(self):
        return self.controller.ws

    def item(self, page_key: str) -> OverlayItem | None:
        return next((i for i in self.items if i.page_key == page_key), None)

    def _update_action(self) -> None:
        self.add_action.setEnabled(self.ws is not None)

    def _box(self, icon, title: str, text: str) -> QMessageBox:
        box = plaintext.show_message(icon, self.tr("Planning drawings"), title, self.window,
                                     informative=text or None, name="overlay-message")
        self.last_message = box
        box.destroyed.connect(lambda *_: setattr(self, "last_message", None) if self.last_message is box else None)
        return box

    def _warn(self, title: str, text: str = "") -> None:
        self._box(QMessageBox.Icon.Warning, title, text)

    def _confirm_dialog(self, message: str) -> bool:
        answer = QMessageBox.question(self.window, self.tr("Planning drawings"), message)
        return answer == QMessageBox.StandardButton.Yes

    def _page_dialog(self, path: Path, count: int) -> int | None:
        page, ok = QInputDialog.getInt(self.window, self.tr("Page of the PDF"),
                                       self.tr("%1 has %2 pages. Page to place:").replace("%1", path.name)
                                       .replace("%2", str(count)), 1, 1, count)
        return page - 1 if ok else None

    # ------------------------------------------------------------ the map

    def page_spec(self, transform, image: OverlayImage, opacity: float, visible: bool, pins: list,
                  page_key: str) -> dict | None:
        """What the page needs to draw *image* placed by *transform* (full-size pixels), or
        None when the placement cannot be computed (a fit far off the map)."""
        try:
            shown = transform.rescaled(image.display_width / image.width, image.display_height / image.height)
            placement = shown.placement(image.display_width, image.display_height)
        except (GeorefError, ValueError, FloatingPointError):
            return None
        if page_key not in self._urls:
            self._urls[page_key] = app_profile().handler.set_blob(f"{page_key}-{next(self._blob_gen)}.png",
                                                                   image.png)
        return {"url": self._urls[page_key], "placement": placement, "opacity": float(opacity),
                "visible": bool(visible), "pins": pins}

    def forget_blob(self, page_key: str) -> None:
        url = self._urls.pop(page_key, None)
        if url:
            app_profile().handler.set_blob(url.rsplit("/", 1)[1], None)

    def _show(self, item: OverlayItem) -> None:
        transform = item.overlay.transform()
        spec = None
        if transform is not None:
            pins = [[p.lat, p.lon] for p in item.overlay.control_points if p.enabled]
            spec = self.page_spec(transform, item.image, item.overlay.opacity, item.overlay.visible, pins,
                                  item.page_key)
        if spec is None:
            self.view.remove_overlay(item.page_key)
        else:
            self.view.show_overlay(item.page_key, spec)

    def _show_all(self) -> None:
        for item in self.items:
            self._show(item)
        self._update_tracing()

    def _update_tracing(self) -> None:
        tracing = any(i.overlay.visible and i.placed for i in self.items)
        draw_tool = getattr(self.window, "draw_tool", None)
        if draw_tool is not None:
            draw_tool.set_tracing(tracing)

    def _clear(self) -> None:
        for item in self.items:
            self.view.remove_overlay(item.page_key)
            self.forget_blob(item.page_key)
        self.items = []
        self._dirty.clear()
        self._update_tracing()

    # ------------------------------------------------------------ the workspace

    def _on_workspace_changed(self, ws) -> None:
        self._update_action()
        if ws is None:
            self._clear()
            self.changed.emit()

    def reload_from_workspace(self) -> None:
        """The drawings stored in the open workspace, shown; damaged ones named in a message."""
        self._update_action()
        self._clear()
        self.problems = []
        ws = self.ws
        if ws is not None:
            try:
                good, self.problems = load_overlays(ws.path, timeout=ws.busy_timeout)
            except WorkspaceError as exc:
                good = []
                self._warn(self.tr("The planning drawings of the workspace cannot be read"), error_text(exc))
            for stored in good:
                self.items.append(OverlayItem(f"ov{next(self._tokens)}", stored.overlay, stored.image,
                                              stored.key, stored.revision))
            if self.problems:
                self._warn(self.tr("%1 planning drawing(s) of the workspace cannot be shown")
                           .replace("%1", str(len(self.problems))), "\n".join(words_text(p.message) for p in self.problems))
        self._show_all()
        self.changed.emit()

    def store(self, item: OverlayItem, with_image: bool = False) -> bool:
        """Write *item* into the open workspace (added, or its new state); False and a message
        when it cannot be (it stays on the map, not stored)."""
        ws = self.ws
        if ws is None:
            return False
        try:
            done = save_overlay(ws.path, item.overlay, key=item.key,
                                image=item.image if (with_image or item.key is None) else None,
                                revision=item.revision, by=self.controller.changed_by(),
                                workspace_id=ws.workspace_id, timeout=ws.busy_timeout)
        except ConflictError as exc:
            self._warn(self.tr("The planning drawing was not saved"), error_text(exc))
            return False
        except (WorkspaceError, GeorefError) as exc:
            self._warn(self.tr("The planning drawing was not saved"), error_text(exc))
            return False
        ws.own_write_done(done.before, done.after)
        item.key, item.revision = done.key, done.revision
        self.window.statusBar().showMessage(
            self.tr("Planning drawing %1 saved in %2").replace("%1", item.overlay.name)
            .replace("%2", ws.path.name), 4000)
        return True

    def _store_dirty(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for item in self.items:
            if item.page_key in dirty:
                self.store(item)

    def flush(self) -> None:
        """Store the changes still waiting on the timer now (opacity being dragged)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
        self._store_dirty()

    # ------------------------------------------------------------ adding

    def choose_file(self) -> None:
        if self.ws is None:
            self._warn(self.tr("Open a workspace first"),
                       self.tr("A planning drawing is kept in a workspace: open one (File > Open workspace) "
                               "or make one (File > New workspace from data)."))
            return
        start = str(self.window.settings.value("overlay/last_dir", "") or "")
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Add planning drawing"), start,
                                              self.tr("Drawings (%1);;All files (*)").replace("%1", IMAGE_PATTERNS))
        if path:
            self.window.settings.setValue("overlay/last_dir", str(Path(path).parent))
            self.add_file(path)

    def load(self, path: Path):
        """(LoadedImage, FileGeoref or None, page) of a drawing; GeorefError when it cannot be read.
        The reading and decoding (a scan can be 100 MB) runs off the GUI thread
        (:func:`~qxmap.ui.background.run_busy`); Cancelled when the user cancels it."""
        label = self.tr("Reading %1…").replace("%1", path.name)
        if path.suffix.lower() == ".pdf":
            count = pdf_page_count(path)
            page = 0 if count <= 1 else self.ask_page(path, count)
            if page is None:
                return None, None, None
            return run_busy(self.window, label, load_pdf_page, path, page), None, page
        return (*run_busy(self.window, label, _load_placed_image, path), None)

    def add_file(self, path: str | Path) -> OverlayItem | None:
        """Add the drawing at *path*: placed at once by its world file or GeoTIFF tags, else
        the georeferencing dialog opens.  None (and a message naming the file) when it
        cannot be read."""
        path = Path(path)
        if self.ws is None:
            self.choose_file()  # says why
            return None
        try:
            loaded, found, page = self.load(path)
        except Cancelled:
            return None
        except (GeorefError, OSError) as exc:
            self._warn(self.tr("The drawing %1 cannot be opened").replace("%1", path.name), error_text(exc))
            return None
        if loaded is None:
            return None
        name = path.stem if page is None else f"{path.stem} p{page + 1}"
        base = dict(name=name[:200] or "plan", image_path=str(path.absolute())[:4096], image_sha256=loaded.sha256,
                    page=loaded.page, dpi=loaded.dpi)
        item = OverlayItem(f"ov{next(self._tokens)}", PlanOverlay(**base), OverlayImage.of(loaded))
        if found is not None:
            item.overlay = PlanOverlay(**base, kind="file", file_transform=found.transform)
            self.items.append(item)
            self.store(item, with_image=True)
            self._show(item)
            self._update_tracing()
            self.changed.emit()
            text = self.tr("%1 placed by %2").replace("%1", name).replace("%2", Path(found.source).name)
            if found.crs_guessed:
                text += " " + self.tr("(coordinate system guessed: %1)").replace("%1", words_text(found.crs_reason))
            self.window.statusBar().showMessage(text, 8000)
            self.zoom_to(item)
            return item
        self.open_dialog(item)
        return item

    def zoom_to(self, item: OverlayItem) -> None:
        transform = item.overlay.transform()
        if transform is not None:
            west, south, east, north = transform.bounds(item.image.width, item.image.height)
            self.view.fit_bounds(south, west, north, east)

    # ------------------------------------------------------------ pinning

    def open_dialog(self, item: OverlayItem):
        """The georeferencing dialog for *item* (a new drawing, or one pinned again)."""
        from qxmap.ui.georefdialog import GeorefDialog

        if self.dialog is not None:
            self.dialog.reject()
        dialog = GeorefDialog(self, item.overlay, item.image, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.placed.connect(lambda overlay: self._placed(item, overlay))
        dialog.closed.connect(lambda: setattr(self, "dialog", None) if self.dialog is dialog else None)
        if item in self.items:  # pinned again: only the preview shows while pinning, then as placed
            self.view.set_overlay(item.page_key, visible=False)
            dialog.closed.connect(lambda: self._show(item) if item in self.items else None)
        self.dialog = dialog
        dialog.start()
        return dialog

    def _placed(self, item: OverlayItem, overlay: PlanOverlay) -> None:
        item.overlay = replace(overlay, visible=True)
        if item not in self.items:
            self.items.append(item)
        self.store(item)
        self._show(item)
        self._update_tracing()
        self.changed.emit()

    # ------------------------------------------------------------ changing

    def set_visible(self, item: OverlayItem, visible: bool) -> None:
        item.overlay = replace(item.overlay, visible=bool(visible))
        self.view.set_overlay(item.page_key, visible=bool(visible))
        self._update_tracing()
        self.store(item)
        self.changed.emit()

    def set_opacity(self, item: OverlayItem, opacity: float) -> None:
        item.overlay = replace(item.overlay, opacity=min(1.0, max(0.0, float(opacity))))
        self.view.set_overlay(item.page_key, opacity=item.overlay.opacity)
        self._dirty.add(item.page_key)
        self._save_timer.start()

    def remove(self, item: OverlayItem, ask: bool = True) -> bool:
        if ask and not self.confirm(self.tr("Remove the planning drawing %1 from the workspace?")
                                    .replace("%1", item.overlay.name)):
            return False
        ws = self.ws
        if item.key is not None and ws is not None:
            try:
                done = remove_overlay(ws.path, item.key, revision=item.revision, name=item.overlay.name,
                                      workspace_id=ws.workspace_id, timeout=ws.busy_timeout)
            except WorkspaceError as exc:
                self._warn(self.tr("The planning drawing was not removed"), error_text(exc))
                return False
            ws.own_write_done(done.before, done.after)
        self.items.remove(item)
        self._dirty.discard(item.page_key)
        self.view.remove_overlay(item.page_key)
        self.forget_blob(item.page_key)
        self._update_tracing()
        self.changed.emit()
        return True


class OverlayPanel(QGroupBox):
    """The drawings in the layer panel: a check (shown), opacity, Pin again, Remove each."""

    def __init__(self, manager: OverlayManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.setTitle(self.tr("Planning drawings"))
        self.setObjectName("planning-drawings")
        self.setToolTip(self.tr("Scanned plans laid under the projects; what is drawn over a shown one "
                                "is recorded as traced"))
        self._layout = QVBoxLayout(self)
        self.rows: dict[str, dict] = {}
        self.add_button = QPushButton(self.tr("Add..."), self)
        self.add_button.clicked.connect(manager.add_action.trigger)
        manager.changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None and item.widget() is not self.add_button:
                item.widget().deleteLater()
        self.rows = {}
        for entry in self.manager.items:
            self._layout.addWidget(self._row(entry))
        self._layout.addWidget(self.add_button)
        self.add_button.setEnabled(self.manager.ws is not None)
        self.setVisible(self.manager.ws is not None)

    def _row(self, entry: OverlayItem) -> QWidget:
        box = QWidget(self)
        box.setObjectName(f"overlay-{entry.page_key}")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 4)
        check = ElidedCheckBox(entry.overlay.name, box)  # a button's text is always plain
        check.setChecked(entry.overlay.visible)
        check.setEnabled(entry.placed)
        check.setToolTip(plaintext.tooltip(entry.overlay.image_path or ""))
        check.toggled.connect(lambda on, e=entry: self.manager.set_visible(e, on))
        slider = QSlider(Qt.Orientation.Horizontal, box)
        slider.setRange(0, 100)
        slider.setValue(round(entry.overlay.opacity * 100))
        slider.setToolTip(self.tr("Opacity"))
        slider.valueChanged.connect(lambda v, e=entry: self.manager.set_opacity(e, v / 100.0))
        pin = QToolButton(box)
        pin.setText(self.tr("Pin..."))
        pin.setToolTip(self.tr("Pin the drawing again with control points"))
        pin.clicked.connect(lambda checked=False, e=entry: self.manager.open_dialog(e))
        remove = QToolButton(box)
        remove.setText(self.tr("Remove"))
        remove.clicked.connect(lambda checked=False, e=entry: self.manager.remove(e))
        row = QHBoxLayout()
        row.addWidget(slider, 1)
        row.addWidget(pin)
        row.addWidget(remove)
        layout.addWidget(check)
        layout.addLayout(row)
        self.rows[entry.page_key] = {"check": check, "slider": slider, "pin": pin, "remove": remove}
        return box


def attach_overlays(window) -> OverlayManager:
    """Add planning drawings to a MainWindow (after its workspace controller and draw tool)."""
    manager = OverlayManager(window)
    window.overlay_panel = OverlayPanel(manager, window.layer_panel)
    layout = window.layer_panel.layout()
    index = layout.indexOf(window.reference_panel)
    layout.insertWidget(index + 1 if index >= 0 else 1, window.overlay_panel)
    return manager



def _load_placed_image(path: Path):
    """(LoadedImage, FileGeoref or None): the image and, when it has one, its world
    file's or GeoTIFF's placement.  Plain data, for a worker thread."""
    found = georeference_from_files(path)
    # A world file / GeoTIFF refers to the stored raster: no EXIF turn then.
    return load_image(path, apply_exif_orientation=found is None), found

__all__ = ["OverlayManager", "OverlayPanel", "OverlayItem", "attach_overlays", "valid_overlay_event"]
