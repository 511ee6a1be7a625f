"""The basemap chooser: none (offline default), OpenStreetMap, Tianditu, AMap, local tiles.

An online source is reached only once the user chooses it: its hosts are
then allowed by the request guard, and when its tiles fail the map keeps
working and the status bar says the basemap is unavailable.  Local tiles (an
MBTiles file or an XYZ folder, also on a network share) are served through
the app's own scheme.  On a GCJ-02 basemap the page shifts the overlays for
display only, and shifts back everything it reports: every coordinate Python
sees (the cursor position here, measure points, the view) is WGS-84 (see
qxmap/ui/mapview.py).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from qxmap import basemaps
from qxmap.tiles import TileSourceError, open_tile_source
from qxmap.ui import plaintext
from qxmap.ui.problemtext import error_text
from qxmap.ui.webengine import app_profile


class BasemapController(QObject):
    """Adds View > Basemap to a MainWindow and drives the page and the request guard."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.code = basemaps.DEFAULT_CODE
        self.shifted = False
        self.local_source = None
        self._failure_reported = False
        self.actions: dict[str, QAction] = {}
        menu = window.view_menu.addMenu(self.tr("&Basemap"))
        group = QActionGroup(self)
        group.setExclusive(True)
        titles = {
            "none": self.tr("None (offline)"),
            "osm": self.tr("OpenStreetMap (online)"),
            "tianditu": self.tr("Tianditu (online, needs a key)"),
            "amap": self.tr("AMap / Gaode (online, GCJ-02)"),
            "local": self.tr("Local tiles (MBTiles or folder)..."),
        }
        for code in basemaps.CODES:
            action = QAction(titles[code], self)
            action.setCheckable(True)
            action.setObjectName(f"basemap-{code}")
            action.triggered.connect(lambda checked=False, c=code: self.choose(c))
            group.addAction(action)
            menu.addAction(action)
            self.actions[code] = action
        menu.addSeparator()
        key_action = QAction(self.tr("Tianditu key..."), self)
        key_action.triggered.connect(self.ask_tianditu_key)
        menu.addAction(key_action)
        self.actions["none"].setChecked(True)
        window.map_view.basemap_failed.connect(self._on_failed)
        window.map_view.ready.connect(self._reapply)

    # ------------------------------------------------------------ choosing

    def choose(self, code: str) -> bool:
        """Switch to basemap *code* (asking for what it needs). False when not switched."""
        settings = self.window.settings
        if code == "local":
            path = settings.value("basemap/local_path", "")
            chosen, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open local tiles"), path or "",
                                                    self.tr("MBTiles (*.mbtiles);;All files (*)"))
            if not chosen:
                chosen = QFileDialog.getExistingDirectory(self.window, self.tr("Open a folder of XYZ tiles"),
                                                          path or "")
            if not chosen:
                self._check(self.code)
                return False
            return self.use_local(chosen)
        if code == "tianditu" and not self.tianditu_key():
            if not self.ask_tianditu_key():
                self._check(self.code)
                return False
        return self.apply(code)

    def use_local(self, path: str | Path, gcj02: bool | None = None) -> bool:
        try:
            source = open_tile_source(path)
        except TileSourceError as exc:
            self._error(self.tr("These tiles cannot be used: %1").replace("%1", error_text(exc)))
            self._check(self.code)
            return False
        if self.local_source is not None and hasattr(self.local_source, "close"):
            self.local_source.close()
        self.local_source = source
        app_profile().handler.set_tile_source(source)
        self.window.settings.setValue("basemap/local_path", str(path))
        return self.apply("local", gcj02=gcj02)

    def apply(self, code: str, gcj02: bool | None = None) -> bool:
        try:
            spec = basemaps.page_spec(code, key=self.tianditu_key(),
                                      local_source=self.local_source if code == "local" else None, gcj02=gcj02)
        except ValueError as exc:
            self._error(error_text(exc))
            self._check(self.code)
            return False
        app_profile().guard.allow_hosts(basemaps.allowed_hosts(code))
        self.code = code
        self.shifted = bool(spec and spec.get("gcj02"))
        self._failure_reported = False
        self._spec = spec
        self.window.map_view.set_basemap(spec)
        self.window.settings.setValue("basemap/code", code)
        self._check(code)
        return True

    def credit(self) -> str:
        """The shown basemap's attribution as plain text ("" without a basemap), for
        pictures of the map that leave the page's own attribution out."""
        spec = getattr(self, "_spec", None) if self.code != "none" else None
        return (spec or {}).get("attribution") or ""

    def _reapply(self, state: dict) -> None:
        # A new page (another dataset) starts with no basemap: put the chosen one back.
        if self.code != "none":
            self.window.map_view.set_basemap(getattr(self, "_spec", None))

    def restore(self) -> None:
        """Bring back the basemap of the last session (online ones only if chosen before)."""
        code = self.window.settings.value("basemap/code", basemaps.DEFAULT_CODE)
        if code == "local":
            path = self.window.settings.value("basemap/local_path", "")
            if path and Path(path).exists():
                self.use_local(path)
        elif code in basemaps.CODES and code != "none":
            if code != "tianditu" or self.tianditu_key():
                self.apply(code)

    # ------------------------------------------------------------ Tianditu key

    def tianditu_key(self) -> str:
        return str(self.window.settings.value("basemap/tianditu_key", "") or "")

    def ask_tianditu_key(self) -> bool:
        key, ok = QInputDialog.getText(self.window, self.tr("Tianditu key"),
                                       self.tr("Your Tianditu (天地图) browser key:"),
                                       QLineEdit.EchoMode.Normal, self.tianditu_key())
        if ok and key.strip():
            self.window.settings.setValue("basemap/tianditu_key", key.strip())
            return True
        return False

    # ------------------------------------------------------------ feedback

    def cursor_text(self, lat: float, lon: float) -> str:
        """Status-bar text for the cursor at (lat, lon), WGS-84 as the page reports it
        whatever the basemap."""
        return self.tr("WGS-84: %1, %2").replace("%1", f"{lon:.5f}").replace("%2", f"{lat:.5f}")

    def _on_failed(self, url: str) -> None:
        # The URL may hold the user's key: never shown.
        if not self._failure_reported:
            self._failure_reported = True
            self.window.statusBar().showMessage(
                self.tr("Basemap unavailable (no connection?): the map works without it."), 10000)

    def _check(self, code: str) -> None:
        if code in self.actions:
            self.actions[code].setChecked(True)

    def _error(self, text: str) -> None:
        self.window.last_error_dialog = plaintext.show_message(QMessageBox.Icon.Warning, self.tr("Basemap"), text,
                                                               self.window)
