"""Snapshot of the live map: "as shown" (the map exactly as the planner sees it,
without the map's own controls) or composed "for slides" (title, the filter in
words, legend, north arrow, scale bar, source, accuracy note, date), as PNG at
1x, 2x or 3x, to a file and/or the clipboard (planners paste into PowerPoint or
WPS).

The picture is taken only after the page says it has drawn: the page is put in
capture mode (``MapView.set_capture_mode``: no zoom buttons, scale box,
attribution or open tooltip, except that a picture "as shown" over a basemap
keeps the basemap's credit, which its tiles' licence asks for; one for slides
names it in its source line); for slides the labels are also made larger,
:data:`SLIDE_LABEL_SCALE`), asked for its metres per CSS pixel at the centre
(``MapView.query_view_scale``, for the composed scale bar), then a cheap state
query is sent and the snapshot waits for that command's ``drawn(seq)``
signal, then one more frame, then grabs the view.  The page reports in that
state whether any control is still visible (``capture.visible_controls``,
kept as :attr:`SnapshotJob.capture_state`); capture mode ends as soon as the
picture is taken, or the job fails.

Higher pixel densities: ``QWidget.grab()`` gives device pixels at the
screen's ratio (1 on most desktops and offscreen), so for 2x/3x the view is
briefly enlarged by the factor *and* the page's zoom factor multiplied by it.
The page's CSS viewport stays the same size, so Leaflet shows the same
bounds at the same map zoom, drawn with *scale* times the pixels.  The
snapshot waits until the page reports the original bounds again (the resize
and the zoom reach the page separately), grabs, and restores size and zoom.
The image's size is checked to be width*scale x height*scale.

Composing (``qxmap.exports.snapshot.compose_snapshot``, matplotlib) runs in a
worker thread under :data:`drawing_lock`, which the export dialog's preview
also takes (matplotlib's settings are global).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QSize, QThread, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from qxmap.atomicfile import atomic_path

SCALES = (1, 2, 3)
MODES = ("shown", "slides")
ASPECTS = ("16:9", "map")
#: After the page's `drawn`, wait this long (ms) more: one extra frame.
EXTRA_FRAME_MS = 40
#: Give up after this long (ms).
TIMEOUT_MS = 20000
#: Tries to see the original bounds again after a 2x/3x resize.
MAX_SETTLE_TRIES = 60
#: Map labels are this much larger in a snapshot for slides (a 13 px label on a 16:9 picture
#: about twice the map's width would be tiny on a projector); placed again at that size.
SLIDE_LABEL_SCALE = 1.4

#: Held while matplotlib draws in this process (a composed snapshot, the export preview).
drawing_lock = threading.Lock()

_active: dict[int, "SnapshotJob"] = {}


class SnapshotError(RuntimeError):
    """The snapshot could not be taken (timeout, blank frame, wrong size)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Snapshot", text)


@dataclass(frozen=True)
class Composition:
    """How to compose a snapshot "for slides": the scene of what the map shows
    (``qxmap.exports.scene.build_scene``) and the picture's shape ("16:9" or "map")."""

    scene: object
    aspect: str = "16:9"

    def __post_init__(self):
        if self.aspect not in ASPECTS:
            raise ValueError(f"aspect must be one of {', '.join(ASPECTS)}, not {self.aspect!r}")


def _same_view(a: dict | None, b: dict | None) -> bool:
    if not a or not b:
        return False
    if a.get("zoom") != b.get("zoom"):
        return False
    span = max(abs(a["east"] - a["west"]), abs(a["north"] - a["south"]), 1e-9)
    return all(math.isclose(a[k], b[k], rel_tol=0, abs_tol=span * 1e-4) for k in ("south", "west", "north", "east"))


def is_stale_frame(image: QImage, scale: int) -> bool:
    """After an enlargement the view can still hold the previous, smaller frame
    in its top-left corner with nothing painted around it: the far corner is
    then empty (pure white or transparent), which the map never is."""
    if image.isNull():
        return True
    w, h = image.width(), image.height()
    corner = [image.pixelColor(x, y) for x in range(w - w // (2 * scale), w, 7)
              for y in range(h - h // (2 * scale), h, 7)]
    return bool(corner) and all(c.alpha() == 0 or (c.red(), c.green(), c.blue()) == (255, 255, 255)
                                for c in corner)


def is_blank(image: QImage, samples: int = 40) -> bool:
    """True when a grid of *samples* x *samples* pixels holds a single colour."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    colours = set()
    for i in range(samples):
        x = min(image.width() - 1, int((i + 0.5) * image.width() / samples))
        for j in range(samples):
            y = min(image.height() - 1, int((j + 0.5) * image.height() / samples))
            colours.add(image.pixel(x, y))
            if len(colours) > 1:
                return False
    return True


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SnapshotError(_tr("The map image could not be encoded."))
    buffer.close()
    return bytes(data.data())


class _ComposeWorker(QThread):
    """Composes the snapshot off the GUI thread; `finished_with` carries PNG bytes or the exception."""

    finished_with = Signal(object)

    def __init__(self, map_png: bytes, composition: Composition, scale: int, metres_per_px, parent=None):
        super().__init__(parent)
        self.args = (map_png, composition, scale, metres_per_px)

    def run(self) -> None:
        from qxmap.exports.snapshot import compose_snapshot

        map_png, composition, scale, mpp = self.args
        try:
            with drawing_lock:
                result = compose_snapshot(map_png, composition.scene, scale, composition.aspect, metres_per_px=mpp)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            result = exc
        self.finished_with.emit(result)


class SnapshotJob(QObject):
    """One snapshot in progress; `take_snapshot` makes it and keeps it alive until done."""

    def __init__(self, map_view, out_path, scale: int, done: Callable[[object], None] | None,
                 composition: Composition | None = None, clipboard: bool = False):
        super().__init__(map_view)
        self.view = map_view
        self.out_path = Path(out_path) if out_path is not None else None
        self.scale = int(scale)
        self.done = done
        self.composition = composition
        self.clipboard = bool(clipboard)
        self.finished = False
        self.result = None
        #: The map as grabbed (without controls), then the picture written (composed, for slides).
        self.map_image: QImage | None = None
        self.image: QImage | None = None
        #: The page's capture report when the picture was taken: {"on": True, "visible_controls": 0,
        #: "credit": whether the basemap's credit is in it ("as shown" over a basemap)}.
        self.capture_state: dict | None = None
        #: Ground metres per CSS pixel at the view's centre (the scale bar), None if the page did not say.
        self.metres_per_px: float | None = None
        self._worker: _ComposeWorker | None = None
        self._capturing = False
        self._labels_before: tuple | None = None
        self._waiting_seq: int | None = None
        self._drawn_seqs: set[int] = set()
        self._answer = None
        self._answered: list = []
        self._after_drawn: Callable[[], None] | None = None
        self._original_size: QSize = map_view.size()
        self._original_zoom: float = map_view.zoomFactor()
        self._original_view: dict | None = None
        self._enlarged = False
        self._tries = 0
        self._blank_tries = 0
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(lambda: self._fail(SnapshotError(_tr("The map did not finish drawing in time."))))
        map_view.drawn.connect(self._on_drawn)

    # ------------------------------------------------------------ steps

    def start(self) -> None:
        self._timeout.start(TIMEOUT_MS)
        self._capturing = True
        self.view.set_capture_mode(True, keep_credit=self.composition is None)
        labels = self.view.label_state
        if self.composition is not None and labels is not None and labels[0]:
            self._labels_before = labels
            rules = dict(labels[1])
            rules["sizes"] = {k: v * SLIDE_LABEL_SCALE for k, v in (rules.get("sizes") or {}).items()}
            self.view.set_labels(True, rules)
        self.view.query_view_scale(self._on_scale)
        self._settled(self._on_first_state)

    def _on_scale(self, value) -> None:
        mpp = value.get("metres_per_px") if isinstance(value, dict) else None
        ok = isinstance(mpp, (int, float)) and not isinstance(mpp, bool) and math.isfinite(mpp) and mpp > 0
        self.metres_per_px = float(mpp) if ok else None

    def _settled(self, then: Callable[[dict | None], None]) -> None:
        """Ask the page for its state; call *then(state)* after its `drawn` and one extra frame."""
        self._answer = None
        self._waiting_seq = None
        answered = []

        def on_answer(value):
            answered.append(True)
            self._answer = value
            self._check_both(then)

        self._after_drawn = lambda: self._check_both(then)
        self._waiting_seq = self.view.query_state(on_answer)
        self._answered = answered

    def _on_drawn(self, seq: int) -> None:
        self._drawn_seqs.add(seq)
        if self._waiting_seq is not None and seq >= self._waiting_seq and self._after_drawn is not None:
            self._after_drawn()

    def _check_both(self, then) -> None:
        if self.finished or self._waiting_seq is None:
            return
        if not self._answered or not any(s >= self._waiting_seq for s in self._drawn_seqs):
            return
        self._waiting_seq = None
        self._after_drawn = None
        state = self._answer
        QTimer.singleShot(EXTRA_FRAME_MS, lambda: None if self.finished else then(state))

    def _on_first_state(self, state) -> None:
        self._original_view = (state or {}).get("view") or self.view.last_state.get("view")
        self._original_page_size = (state or {}).get("size") or self.view.last_state.get("size")
        if self.scale == 1:
            self._grab(state)
            return
        self._enlarged = True
        self.view.page().setZoomFactor(self._original_zoom * self.scale)
        self.view.resize(self._original_size * self.scale)
        self._settled(self._on_enlarged_state)

    def _on_enlarged_state(self, state) -> None:
        self._tries += 1
        view = (state or {}).get("view")
        if _same_view(view, self._original_view) and self._page_enlarged((state or {}).get("size")):
            self._grab(state)
        elif self._tries >= MAX_SETTLE_TRIES:
            self._fail(SnapshotError(_tr("The map did not settle at the larger size.")))
        else:
            QTimer.singleShot(EXTRA_FRAME_MS, lambda: None if self.finished else self._settled(self._on_enlarged_state))

    def _page_enlarged(self, size: dict | None) -> bool:
        """The page lays out at the original CSS size with *scale* times the device pixels:
        both the zoom factor and the resize have arrived (the view bounds alone can match
        half-way, when neither has)."""
        before = getattr(self, "_original_page_size", None)
        if not size or not before:
            return False
        return (size["x"] == before["x"] and size["y"] == before["y"]
                and math.isclose(size["dpr"], before["dpr"] * self.scale, rel_tol=1e-3))

    def _grab(self, state=None) -> None:
        capture = (state or {}).get("capture") if isinstance(state, dict) else None
        if not isinstance(capture, dict) or not capture.get("on") or capture.get("visible_controls"):
            # Not in capture mode yet (or a control still shows): never take controls in the picture.
            self._blank_tries += 1
            if self._blank_tries < 10:
                self.view.set_capture_mode(True, keep_credit=self.composition is None)
                QTimer.singleShot(EXTRA_FRAME_MS, lambda: None if self.finished else self._settled(self._grab))
                return
            self._fail(SnapshotError(_tr("The map's controls could not be hidden for the snapshot.")))
            return
        image = self.view.grab().toImage()
        want = self._original_size * self.scale
        got = image.size()
        if is_blank(image) or (self.scale > 1 and is_stale_frame(image, self.scale)):
            self._blank_tries += 1
            if self._blank_tries < 10:
                QTimer.singleShot(EXTRA_FRAME_MS * 3, lambda: None if self.finished else self._settled(self._grab))
                return
            self._fail(SnapshotError(_tr("The map is blank: nothing to take a snapshot of.")))
            return
        if got != want:
            # A screen with a device pixel ratio > 1 gives more pixels: scale to exactly what was asked.
            image = image.scaled(want.width(), want.height())
        image.setDevicePixelRatio(1.0)
        self.capture_state = dict(capture)
        self.map_image = image
        self._restore()
        if self.composition is None:
            self._deliver(image, None)
            return
        try:
            data = png_bytes(image)
        except Exception as exc:  # noqa: BLE001 - goes to done()
            self._finish(exc)
            return
        self._worker = _ComposeWorker(data, self.composition, self.scale, self.metres_per_px, self)
        self._worker.finished_with.connect(self._on_composed)
        self._worker.start()

    def _on_composed(self, result) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if isinstance(result, BaseException):
            self._finish(result)
            return
        image = QImage.fromData(result, "PNG")
        if image.isNull():
            self._finish(SnapshotError(_tr("The composed picture could not be read.")))
            return
        self._deliver(image, result)

    def _deliver(self, image: QImage, data: bytes | None) -> None:
        """Write *image* (its PNG bytes *data* when composed) to the file and/or the clipboard."""
        self.image = image
        if self.out_path is not None:
            try:
                with atomic_path(self.out_path) as tmp:
                    if data is not None:
                        Path(tmp).write_bytes(data)
                    elif not image.save(str(tmp), "PNG"):
                        raise OSError(_tr("the image could not be written"))
            except Exception as exc:  # WriteFailed and the like go to done()
                self._finish(exc)
                return
        if self.clipboard:
            clipboard = QGuiApplication.clipboard()
            if clipboard is None:
                self._finish(SnapshotError(_tr("There is no clipboard to copy to.")))
                return
            clipboard.setImage(image)
        self._finish(self.out_path if self.out_path is not None else image)

    # ------------------------------------------------------------ end

    def _restore(self) -> None:
        if self._capturing:
            self._capturing = False
            self.view.set_capture_mode(False)
        if self._labels_before is not None:
            self.view.set_labels(*self._labels_before)
            self._labels_before = None
        if not self._enlarged:
            return
        self._enlarged = False
        self.view.page().setZoomFactor(self._original_zoom)
        self.view.resize(self._original_size)
        parent = self.view.parentWidget()
        if parent is not None and parent.layout() is not None:
            parent.layout().invalidate()
            parent.layout().activate()

    def _fail(self, exc: Exception) -> None:
        self._restore()
        self._finish(exc)

    def _finish(self, result) -> None:
        if self.finished:
            return
        self.finished = True
        self._timeout.stop()
        try:
            self.view.drawn.disconnect(self._on_drawn)
        except (RuntimeError, TypeError):
            pass
        _active.pop(id(self.view), None)
        self.result = result
        if self.done is not None:
            self.done(result)
        self.deleteLater()


def take_snapshot(map_view, out_path, scale: int = 1, done: Callable[[object], None] | None = None, *,
                  composition: Composition | None = None, clipboard: bool = False) -> SnapshotJob:
    """Take the map as shown (no controls) at *scale* (1, 2 or 3) pixel density; with a
    *composition*, compose it for slides.  Write it to *out_path* (PNG; None: no file) and,
    with *clipboard*, put it on the clipboard.

    Asynchronous: returns at once; *done* is called with the path written (the QImage when
    there is no file) or with the exception (``WriteFailed``, ``SnapshotError``, ``ValueError``).
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(map(str, SCALES))}, not {scale!r}")
    if out_path is None and not clipboard:
        raise ValueError("a snapshot needs a file, the clipboard or both")
    if id(map_view) in _active:
        raise SnapshotError(_tr("A snapshot is already being taken."))
    job = SnapshotJob(map_view, out_path, scale, done, composition, clipboard)
    _active[id(map_view)] = job
    job.start()
    return job


# ---------------------------------------------------------------- the dialog


@dataclass(frozen=True)
class SnapshotChoice:
    """What File > Export snapshot asks: as shown or for slides, the shape, the density, a title."""

    mode: str = "shown"
    aspect: str = "16:9"
    scale: int = 2
    title: str = ""

    @classmethod
    def from_settings(cls, settings) -> "SnapshotChoice":
        """The last choice (anything unknown in the settings file falls back to the default)."""
        mode = str(settings.value("export/snapshot_mode", "shown") or "shown")
        aspect = str(settings.value("export/snapshot_aspect", "16:9") or "16:9")
        try:
            scale = int(settings.value("export/snapshot_scale", 2) or 2)
        except (TypeError, ValueError):
            scale = 2
        title = settings.value("export/snapshot_title", "") or ""
        return cls(mode if mode in MODES else "shown", aspect if aspect in ASPECTS else "16:9",
                   scale if scale in SCALES else 2, title if isinstance(title, str) else "")

    def save(self, settings) -> None:
        settings.setValue("export/snapshot_mode", self.mode)
        settings.setValue("export/snapshot_aspect", self.aspect)
        settings.setValue("export/snapshot_scale", self.scale)
        settings.setValue("export/snapshot_title", self.title)


class SnapshotDialog(QDialog):
    """As shown / for slides, 16:9 or the window's shape, 1x/2x/3x, a title for slides;
    Save... or Copy to clipboard.  ``choice()`` is what was chosen; ``action`` is
    "save" or "copy" after it is accepted."""

    def __init__(self, choice: SnapshotChoice, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export snapshot"))
        self.setObjectName("snapshot-dialog")
        self.action: str | None = None
        self.shown_radio = QRadioButton(self.tr("&As shown: the map exactly as on screen"), self)
        self.slides_radio = QRadioButton(
            self.tr("For &slides: with title, filter, legend, north arrow, scale bar, source and date"), self)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.shown_radio)
        self.mode_group.addButton(self.slides_radio)
        self.aspect_combo = QComboBox(self)
        self.aspect_combo.addItem(self.tr("16:9 (slides)"), "16:9")
        self.aspect_combo.addItem(self.tr("The map window's shape"), "map")
        self.scale_combo = QComboBox(self)
        for scale, text in zip(SCALES, (self.tr("1x (as on screen)"), self.tr("2x (sharp on a projector)"),
                                        self.tr("3x (for print)"))):
            self.scale_combo.addItem(text, scale)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Automatic"))
        self.message = QLabel(self)
        self.message.setObjectName("snapshot-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        (self.slides_radio if choice.mode == "slides" else self.shown_radio).setChecked(True)
        self.aspect_combo.setCurrentIndex(max(0, self.aspect_combo.findData(choice.aspect)))
        self.scale_combo.setCurrentIndex(max(0, self.scale_combo.findData(choice.scale)))
        self.title_edit.setText(choice.title)

        form = QFormLayout()
        form.addRow(self.tr("Shape:"), self.aspect_combo)
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Pixel density:"), self.scale_combo)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("&Save..."), QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button = self.buttons.addButton(self.tr("&Copy to clipboard"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self._accept("save"))
        self.copy_button.clicked.connect(lambda: self._accept("copy"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.shown_radio)
        layout.addWidget(self.slides_radio)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.shown_radio.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self, *args) -> None:
        slides = self.slides_radio.isChecked()
        self.aspect_combo.setEnabled(slides)
        self.title_edit.setEnabled(slides)

    def choice(self) -> SnapshotChoice:
        return SnapshotChoice("slides" if self.slides_radio.isChecked() else "shown",
                              self.aspect_combo.currentData(), int(self.scale_combo.currentData()),
                              self.title_edit.text().strip())

    def check(self) -> str | None:
        """A message when the choice cannot be used (a title too long), else None."""
        from qxmap.exports.settings import MAX_TITLE

        title = " ".join(self.title_edit.text().split())
        if self.slides_radio.isChecked() and len(title) > MAX_TITLE:
            return (self.tr("The title is too long: %1 characters (at most %2).")
                    .replace("%1", str(len(title))).replace("%2", str(MAX_TITLE)))
        return None

    def _accept(self, action: str) -> None:
        problem = self.check()
        if problem:
            self.message.setText(problem)
            self.message.show()
            return
        self.action = action
        self.accept()
