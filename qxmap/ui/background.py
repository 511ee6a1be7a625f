"""Run a slow, Qt-free step (reading a big file, planning an import) off the GUI thread.

A 200 MB Shapefile takes seconds to read.  Done on the GUI thread the window
freezes, greys out and the desktop offers to kill it.  :func:`run_busy` runs
the step in a worker thread and waits in a local event loop, so the caller
keeps its simple "call, get the result" shape while the window keeps painting;
after a moment a progress dialog with a Cancel button says what is going on.
Cancel abandons the result (GDAL cannot be stopped mid-read; the worker ends
on its own and what it made is dropped) and raises :class:`Cancelled`.

The step must not touch Qt widgets: it gets plain arguments and returns
plain data (everything under ``qxmap/`` outside ``ui/`` qualifies).
"""
from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

#: The dialog shows only when a step takes longer than this (ms): a quick step flashes nothing.
SHOW_AFTER_MS = 400


class Cancelled(Exception):
    """The user cancelled the step; its result (if it ever comes) is dropped."""


class _Relay(QObject):
    done = Signal()


def run_busy(parent: QWidget | None, label: str, fn: Callable[..., Any], *args, **kwargs) -> Any:
    """``fn(*args, **kwargs)`` in a worker thread; its result, or its exception re-raised here.
    *label* (already translated) is what the progress dialog says."""
    outcome: dict[str, Any] = {}
    relay = _Relay()
    loop = QEventLoop()
    relay.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work():
        try:
            outcome["result"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as it is
            outcome["error"] = exc
        relay.done.emit()

    dialog = QProgressDialog(parent)  # its own Cancel button, translated by Qt's own catalogue
    dialog.setLabelText(label)
    dialog.setRange(0, 0)
    dialog.setObjectName("busy-dialog")
    dialog.setWindowTitle(parent.windowTitle() if parent is not None else label)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    cancelled = []

    def cancel():
        cancelled.append(True)
        loop.quit()

    dialog.canceled.connect(cancel)
    thread = threading.Thread(target=work, name="qxmap-busy", daemon=True)
    thread.start()
    # QProgressDialog shows itself after minimumDuration only when its value changes: nudge it.
    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(lambda: dialog.setValue(0))
    timer.start()
    if "result" not in outcome and "error" not in outcome:
        loop.exec()
    timer.stop()
    dialog.canceled.disconnect(cancel)
    dialog.close()
    dialog.deleteLater()
    if cancelled and thread.is_alive():
        raise Cancelled()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


__all__ = ["Cancelled", "run_busy", "SHOW_AFTER_MS"]
