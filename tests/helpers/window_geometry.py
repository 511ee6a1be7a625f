"""Child process for tests: open the main window on this process's screen
(QT_QPA_PLATFORM set by the test) and print its geometry as JSON."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import conftest  # noqa: E402,F401  (registers the app scheme)
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

app = QApplication([])
from qxmap.ui.mainwindow import MainWindow  # noqa: E402

settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = MainWindow(settings)
window.show()
for _ in range(5):
    app.processEvents()
screen = window.screen().availableGeometry()
frame = window.frameGeometry()
print(json.dumps({
    "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
    "map_width": window.map_view.width(), "window_width": window.width(),
    "details_bottom": window.details.mapTo(window, window.details.rect().bottomRight()).y(),
    "status_bottom": window.statusBar().geometry().bottom(), "window_height": window.height(),
}))
window.save_window_state()
