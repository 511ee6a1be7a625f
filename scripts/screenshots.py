"""Take the README's screenshots: the app on a 1366x768 laptop in Chinese and
at 1920x1080 in English, with the bundled data, as a first start shows it.

    .venv/bin/python scripts/screenshots.py            # both, into docs/
    .venv/bin/python scripts/screenshots.py --out DIR  # elsewhere

Each shot runs in a child process on Qt's offscreen platform with a screen of
that size (no display needed) and fresh settings; it waits for the map to be
drawn, grabs the window and prints what it measured (the table's visible
rows, the map's share of the width) as JSON.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = (("screenshot-1366-zh.png", 1366, 768, "zh_CN"), ("screenshot-1920-en.png", 1920, 1080, "en"))


def offscreen_platform(width: int, height: int, folder: Path) -> str:
    """QT_QPA_PLATFORM for an offscreen screen of this size."""
    config = folder / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
                                  "screens": [{"name": "qxmap", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def shoot(out: Path, lang: str, settings_file: Path) -> dict:
    """In this process: start the app in *lang*, open the bundled data, grab the window to *out*."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings, QTimer

    from qxmap import paths
    from qxmap.ui.app import create_application, install_language
    from qxmap.ui.mainwindow import MainWindow

    app = create_application()
    install_language(app, lang)
    window = MainWindow(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window.show()
    facts: dict = {}

    def grab(*_args) -> None:
        QTimer.singleShot(1500, finish)  # labels and tiles settle

    def finish() -> None:
        window.grab().save(str(out))
        table = window.table
        facts.update(window=[window.width(), window.height()],
                     table_rows=table.viewport().height() // max(1, table.rowHeight(0)),
                     groups_open=[window.filter_panel.is_group_open(k) for k in window.filter_panel.GROUPS],
                     map_share=round(window.map_view.width() / window.width(), 3), saved=str(out))
        app.exit(0)

    window.map_view.ready.connect(grab)
    window.open_path(paths.bundled_dataset())
    QTimer.singleShot(60000, lambda: app.exit(1))
    if app.exec() != 0:
        raise SystemExit("qxmap screenshots: the map did not get ready")
    return facts


def main(argv: list[str]) -> int:
    if argv[:1] == ["--shot"]:
        _flag, out, lang, settings_file = argv
        print(json.dumps(shoot(Path(out), lang, Path(settings_file))), flush=True)
        return 0
    folder = Path(argv[argv.index("--out") + 1]) if "--out" in argv else ROOT / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, width, height, lang in SHOTS:
            env = dict(os.environ, QT_QPA_PLATFORM=offscreen_platform(width, height, Path(tmp)))
            if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses root with its sandbox on
                env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
            env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
            run = subprocess.run([sys.executable, __file__, "--shot", str(folder / name), lang,
                                  str(Path(tmp) / f"{name}.ini")], env=env, capture_output=True, text=True,
                                 timeout=180)
            if run.returncode != 0:
                print(run.stderr[-3000:], file=sys.stderr)
                return run.returncode
            print(run.stdout.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
