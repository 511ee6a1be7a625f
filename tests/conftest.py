"""Test setup: headless Qt, the qxmap:// scheme registered before any QApplication."""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def offscreen_screen(width: int, height: int) -> str:
    """QT_QPA_PLATFORM for an offscreen screen of this size (Qt's default is 800 x 800)."""
    import json
    import tempfile

    path = Path(tempfile.gettempdir()) / f"qxmap-screen-{width}x{height}.json"
    path.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
                                "screens": [{"name": "qxmap", "x": 0, "y": 0, "width": width, "height": height,
                                             "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={path}"


if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # a desktop-sized screen, as a planner's
    os.environ["QT_QPA_PLATFORM"] = offscreen_screen(1920, 1080)
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --disable-background-networking")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BUNDLED = ROOT / "geodata" / "qingxi"


def _register_scheme():
    from qxmap.ui.webengine import configure_chromium, register_scheme

    register_scheme()
    configure_chromium()  # the page process as the app starts it (no zygote without a sandbox)


_register_scheme()


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return BUNDLED


@pytest.fixture(scope="session")
def bundled(bundled_path):
    from qxmap.dataset import load_dataset

    return load_dataset(bundled_path)


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A workspace made once from the bundled data (a test file may override it with
    its own); tests change copies of it (``ws_path``), never it."""
    from qxmap.workspace import create_workspace

    return create_workspace(BUNDLED, tmp_path_factory.mktemp("ws-template") / "t.gpkg")


@pytest.fixture
def ws_path(template, tmp_path) -> Path:
    """A fresh copy of ``template`` for this test."""
    import shutil

    target = tmp_path / "w.gpkg"
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def settings(tmp_path):
    """Settings of their own for each test (nothing leaks between tests or from the user)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def bare_window(qtbot, settings):
    """A shown main window with no data open."""
    from qxmap.ui.mainwindow import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot, bare_window, bundled_path):
    """A main window showing the bundled data, its map drawn."""
    with qtbot.waitSignal(bare_window.map_view.ready, timeout=30000):
        assert bare_window.open_path(bundled_path)
    return bare_window


def pytest_sessionfinish(session, exitstatus):
    session.config._qxmap_exitstatus = int(exitstatus)


def pytest_unconfigure(config):
    # QtWebEngine can crash while the interpreter tears its objects down after
    # the run (seen as a segfault after the summary). The results are printed
    # by then: leave with pytest's own exit status.
    status = getattr(config, "_qxmap_exitstatus", None)
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


@pytest.fixture(autouse=True)
def _related_fields_not_asked(monkeypatch):
    """A status edit that suggests related changes asks with a modal box; tests that do not
    answer it themselves (controller.ask_related) get "no" instead of a box nobody closes."""
    from qxmap.ui import workspace_controller

    monkeypatch.setattr(workspace_controller.WorkspaceController, "_related_dialog",
                        lambda self, message: "no")
