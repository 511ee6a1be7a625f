"""Start the desktop app: Qt application, fonts, language, the main window."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from qxmap.ui.webengine import configure_chromium, register_scheme

register_scheme()  # before any QApplication exists

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTimer, QTranslator  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qxmap import paths  # noqa: E402
from qxmap.gcpause import settle  # noqa: E402
from qxmap.heap import give_back, one_arena  # noqa: E402

ORGANIZATION = "qxmap"
APPLICATION = "qxmap"
LANGUAGES = ("zh_CN", "en")


def register_cjk_font() -> str | None:
    """Register the bundled CJK font with Qt so no machine shows empty boxes."""
    font_file = paths.cjk_font_file()
    if font_file is None:
        return None
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def choose_language(requested: str | None, settings: QSettings) -> str:
    """--lang, else the saved setting, else Chinese when the system locale is Chinese, else English."""
    if requested in LANGUAGES:
        return requested
    saved = settings.value("ui/language")
    if saved in LANGUAGES:
        return saved
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_qt_translations(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Qt's own translations (standard buttons: OK, Cancel, Yes, No, Close;
    file dialogs; "Show Details..."), shipped with PySide6."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase", "qtwebengine"):
        translator = QTranslator(app)
        if translator.load(f"{name}_{lang}", folder):
            app.installTranslator(translator)
            loaded.append(translator)
    app._qxmap_qt_translators = loaded  # kept alive with the app
    return loaded


def install_language(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Set the locale for numbers and dates and load the translations (Qt's own and ours)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    if lang == "en":
        return None
    install_qt_translations(app, lang)
    translator = QTranslator(app)
    if translator.load(f"qxmap_{lang}", str(paths.resource("translations"))):
        app.installTranslator(translator)
        return translator
    return None


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    if QApplication.instance() is None:
        configure_chromium()  # the page process's command line, before QtWebEngine starts
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    family = register_cjk_font()
    if family:
        font = QFont(app.font())
        font.setFamilies([font.family(), family])
        app.setFont(font)
    return app


_LOG_LIMIT = 5_000_000  # bytes: a longer log starts again


def route_noise_to_log(log: Path | None = None) -> Path | None:
    """Keep Qt's and Chromium's messages (GPU, D-Bus, sandbox: harmless here)
    out of the user's terminal: file descriptor 2, which QtWebEngine's helper
    processes inherit, goes to the log file, and Qt's messages too; Python's
    own messages (sys.stderr) still reach the terminal. Returns the log path,
    or None when it cannot be written (then nothing changes)."""
    from PySide6.QtCore import qInstallMessageHandler

    log = log or paths.log_file()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        if log.exists() and log.stat().st_size > _LOG_LIMIT:
            log.unlink()
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        return None
    sys.stderr.flush()
    terminal = os.dup(2)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stderr = os.fdopen(terminal, "w", buffering=1, encoding="utf-8", errors="replace")
    log_stream = open(log, "a", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115 - lives with the app

    def handler(mode, context, message):
        log_stream.write(f"qt {mode.name.lower()}: {message}\n")

    qInstallMessageHandler(handler)
    return log


def _read_ahead(target: Path):
    """Start reading *target* (a workspace, or a dataset folder) in a worker thread while
    the window is built and Chromium starts; a Future of what the window then opens,
    or None for anything else (a file of another kind opens as it always does)."""
    from concurrent.futures import ThreadPoolExecutor

    if target.suffix.lower() == ".gpkg":
        from qxmap.workspace import Workspace

        read = Workspace.open
    elif target.is_dir():
        from qxmap.dataset import load_dataset

        read = load_dataset
    else:
        return None
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qxmap-read-ahead")
    future = executor.submit(read, target)
    executor.shutdown(wait=False)
    return future


#: A workspace file of more bytes than this (about 50,000 roads) is read once the window is
#: built, not while it is built (see :func:`_big`).
READ_AFTER_WINDOW_BYTES = 16 * 1024 * 1024


def _big(target: Path) -> bool:
    """Whether *target* is a file big enough to read after building the window.  Reading it
    beside the window's imports and widgets made both slower (pyogrio hands the GIL back
    and forth at every feature): 200,000 roads, nine pairs alternated, read after opened
    sooner in six, by a median of 0.26 s (5.01 against 5.25 s in the first six pairs); at
    20,000 roads no difference; a small file's read fits beside them (the bundled data
    start 0.03-0.15 s sooner that way)."""
    try:
        return target.is_file() and target.stat().st_size > READ_AFTER_WINDOW_BYTES
    except OSError:
        return False


def run_app(path: str | None = None, lang: str | None = None, smoke_test: bool = False,
            verbose: bool = False) -> int:
    one_arena()  # before Qt's and the app's threads allocate: what a worker thread frees, the main thread reuses
    if not verbose:
        route_noise_to_log()
    app = create_application()
    settings = QSettings()
    install_language(app, choose_language(lang, settings))
    target = Path(path) if path else None
    if target is None:
        saved = settings.value("data/last_path")
        target = Path(saved) if saved and Path(saved).exists() else None
    if target is None:
        from qxmap.workspace import WorkspaceError, ensure_default_workspace

        try:  # first run: the bundled data imported into the user's own workspace
            target = ensure_default_workspace()
        except (WorkspaceError, OSError) as exc:
            print(f"qxmap: cannot create your workspace ({exc}); opening the bundled data read-only",
                  file=sys.stderr)
            target = paths.bundled_dataset()
    big = _big(target)
    ahead = None if big else _read_ahead(target)
    from qxmap.ui.mainwindow import MainWindow

    settle()  # the modules just imported stay for good: later collections need not walk them
    window = MainWindow(settings)
    window.show()
    window.map_view.warm_up()  # Chromium starts while the data is read
    if big:
        ahead = _read_ahead(target)
    # Once a map is drawn, the heap's pages that opening freed go back to the system.
    window.map_view.ready.connect(lambda _state: QTimer.singleShot(0, give_back))
    if smoke_test:
        def report(state: dict) -> None:
            print("qxmap: map ready; drawn " + json.dumps(state.get("drawn", {}), sort_keys=True), flush=True)
            app.exit(0 if window.dataset is not None else 1)

        window.map_view.ready.connect(report)
    opened = (window.workspace.open_workspace(target, read_ahead=ahead) if target.suffix.lower() == ".gpkg"
              else window.open_path(target, read_ahead=ahead))
    if not opened and window.dataset is None and target != paths.bundled_dataset():
        window.open_path(paths.bundled_dataset())
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_app(os.environ.get("QXMAP_PATH")))
