"""A slow step (reading a big file) runs off the GUI thread: the window keeps painting,
errors reach the caller, and Cancel gives the window back at once."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from qxmap.ui.background import Cancelled, run_busy


def test_the_event_loop_runs_while_the_step_works(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    gui_thread = threading.get_ident()
    seen = {}

    def step(x):
        seen["thread"] = threading.get_ident()
        time.sleep(0.6)
        return x * 2

    assert run_busy(window, "reading", step, 21) == 42
    timer.stop()
    assert seen["thread"] != gui_thread
    assert len(ticks) >= 10, "the GUI thread was blocked while the step ran"


def test_the_progress_dialog_shows_for_a_long_step_and_closes(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    shown = []

    def look():
        shown.extend(d for d in QApplication.topLevelWidgets()
                     if isinstance(d, QProgressDialog) and d.isVisible() and d.labelText() == "读取 道路.shp")

    QTimer.singleShot(900, look)
    run_busy(window, "读取 道路.shp", time.sleep, 1.2)
    assert shown, "no progress dialog for a 1.2 s step"
    qtbot.wait(50)
    assert not any(isinstance(d, QProgressDialog) and d.isVisible() for d in QApplication.topLevelWidgets())


def test_an_error_in_the_step_reaches_the_caller():
    def step():
        raise ValueError("道路.shp: broken .shx")

    with pytest.raises(ValueError, match="broken .shx"):
        run_busy(None, "reading", step)


def test_cancel_returns_at_once_and_drops_the_result(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()

    def press_cancel():
        for d in QApplication.topLevelWidgets():
            if isinstance(d, QProgressDialog) and d.isVisible():
                d.findChild(QPushButton).click()  # as the user does

    QTimer.singleShot(700, press_cancel)
    start = time.perf_counter()
    with pytest.raises(Cancelled):
        run_busy(window, "reading", release.wait, 30)
    assert time.perf_counter() - start < 5
    release.set()
