"""Snapshot of the live map: exactly what the planner sees, as PNG at 1x, 2x or 3x.

The picture is taken only after the page says it has drawn: a cheap page
command (``MapView.query_state``) is sent and the snapshot waits for that
command's ``drawn(seq)`` signal, then one more frame, then grabs the view.

Higher pixel densities: ``QWidget.grab()`` gives device pixels at the
screen's ratio (1 on most desktops and offscreen), so for 2x/3x the view is
briefly enlarged by the factor *and* the page's zoom factor multiplied by it.
The page's CSS viewport stays the same size, so Leaflet shows the same
bounds at the same map zoom, drawn with *scale* times the pixels.  The
snapshot waits until the page reports the original bounds again (the resize
and the zoom reach the page separately), grabs, and restores size and zoom.
The image's size is checked to be width*scale x height*scale.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSize, QTimer
from PySide6.QtGui import QImage

from qxmap.atomicfile import atomic_path

SCALES = (1, 2, 3)
#: After the page's `drawn`, wait this long (ms) more: one extra frame.
EXTRA_FRAME_MS = 40
#: Give up after this long (ms).
TIMEOUT_MS = 20000
#: Tries to see the original bounds again after a 2x/3x resize.
MAX_SETTLE_TRIES = 60

_active: dict[int, "SnapshotJob"] = {}


class SnapshotError(RuntimeError):
    """The snapshot could not be taken (timeout, blank frame, wrong size)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Snapshot", text)


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


class SnapshotJob(QObject):
    """One snapshot in progress; `take_snapshot` makes it and keeps it alive until done."""

    def __init__(self, map_view, out_path, scale: int, done: Callable[[object], None] | None):
        super().__init__(map_view)
        self.view = map_view
        self.out_path = Path(out_path)
        self.scale = int(scale)
        self.done = done
        self.finished = False
        self.image: QImage | None = None
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
        self._settled(self._on_first_state)

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
            self._grab()
            return
        self._enlarged = True
        self.view.page().setZoomFactor(self._original_zoom * self.scale)
        self.view.resize(self._original_size * self.scale)
        self._settled(self._on_enlarged_state)

    def _on_enlarged_state(self, state) -> None:
        self._tries += 1
        view = (state or {}).get("view")
        if _same_view(view, self._original_view) and self._page_enlarged((state or {}).get("size")):
            self._grab()
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

    def _grab(self) -> None:
        image = self.view.grab().toImage()
        want = self._original_size * self.scale
        got = image.size()
        if is_blank(image) or (self.scale > 1 and is_stale_frame(image, self.scale)):
            self._blank_tries += 1
            if self._blank_tries < 10:
                QTimer.singleShot(EXTRA_FRAME_MS * 3, lambda: None if self.finished else self._settled(
                    lambda st: self._grab()))
                return
            self._fail(SnapshotError(_tr("The map is blank: nothing to take a snapshot of.")))
            return
        if got != want:
            # A screen with a device pixel ratio > 1 gives more pixels: scale to exactly what was asked.
            image = image.scaled(want.width(), want.height())
        image.setDevicePixelRatio(1.0)
        self.image = image
        self._restore()
        try:
            with atomic_path(self.out_path) as tmp:
                if not image.save(str(tmp), "PNG"):
                    raise OSError(_tr("the image could not be written"))
        except Exception as exc:  # WriteFailed and the like go to done()
            self._finish(exc)
            return
        self._finish(self.out_path)

    # ------------------------------------------------------------ end

    def _restore(self) -> None:
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


def take_snapshot(map_view, out_path, scale: int = 1, done: Callable[[object], None] | None = None) -> SnapshotJob:
    """Write the map as shown to *out_path* (PNG) at *scale* (1, 2 or 3) pixel density.

    Asynchronous: returns at once; *done* is called with the path written or
    with the exception (``WriteFailed``, ``SnapshotError``, ``ValueError``).
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(map(str, SCALES))}, not {scale!r}")
    if id(map_view) in _active:
        raise SnapshotError(_tr("A snapshot is already being taken."))
    job = SnapshotJob(map_view, out_path, scale, done)
    _active[id(map_view)] = job
    job.start()
    return job
