"""The app's private web profile: the qxmap:// scheme and the request guard.

The map page and everything it loads (Leaflet, the page script, the CJK font,
local tiles) are served from memory or from installed files through the
``qxmap://`` scheme; a request interceptor keeps a log of every request and
blocks anything that would leave the app, unless the user chose an online
basemap, whose host is then allowed explicitly.
"""
from __future__ import annotations

import logging
import mimetypes
import os
import re
import threading
from pathlib import Path
from typing import Callable, Mapping, MutableMapping

from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from qxmap import paths
from qxmap.heap import give_back
from qxmap.mappage import APP_SCHEME

_registered = False
APP_HOST = "app"
_BLOB_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,99}")
_log = logging.getLogger(__name__)


def register_scheme() -> None:
    """Declare qxmap:// to Chromium. Must run before the QApplication exists."""
    global _registered
    if _registered:
        return
    scheme = QWebEngineUrlScheme(APP_SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


#: Where the user says whether Chromium may use the graphics hardware: "0" no, "1" yes;
#: unset, it does except on the offscreen platform (see :func:`chromium_flags`).
GPU_ENV = "QXMAP_GPU"


def chromium_flags(environ: Mapping[str, str], platform: str | None) -> str:
    """The Chromium command line for this run (``QTWEBENGINE_CHROMIUM_FLAGS``): the
    user's own flags, and what the app adds to them:

    - ``--no-zygote`` where the sandbox is off (root, ``QTWEBENGINE_DISABLE_SANDBOX``
      or ``--no-sandbox``): the zygote exists to start sandboxed page processes;
      without a sandbox it is two idle processes of about 50 MB each (Chromium
      refuses ``--no-zygote`` with the sandbox on, so it is never added then);
    - ``--disable-gpu`` where there is no graphics hardware to use: on the offscreen
      platform, or when ``QXMAP_GPU=0`` (``scripts/run.sh`` sets it on the virtual
      screen it starts): Chromium would otherwise emulate OpenGL in software (Mesa's
      llvmpipe, about 50 MB of LLVM in the app's process) only to composite pages it
      can draw in software directly.  ``QXMAP_GPU=1`` keeps the GPU path anywhere.
    """
    flags = environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    added = []
    if ("QTWEBENGINE_DISABLE_SANDBOX" in environ or "--no-sandbox" in flags) and "--no-zygote" not in flags:
        added.append("--no-zygote")
    gpu = environ.get(GPU_ENV, "").strip()
    software = gpu == "0" or (gpu != "1" and (platform or "").split(":")[0] in ("offscreen", "minimal"))
    if software and "--disable-gpu" not in flags:
        added.append("--disable-gpu")
    return " ".join(flags + added)


def configure_chromium(environ: MutableMapping[str, str] | None = None) -> None:
    """Set :func:`chromium_flags` in *environ* (``os.environ``).  Must run before
    the QApplication exists (QtWebEngine reads the flags when it starts)."""
    environ = os.environ if environ is None else environ
    flags = chromium_flags(environ, environ.get("QT_QPA_PLATFORM"))
    if flags:
        environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


def _leaflet_dir() -> Path:
    from xstatic.pkg import leaflet

    return Path(leaflet.BASE_DIR)


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves qxmap://app/...: the page, Leaflet, page scripts, the font, tiles, plan images."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pages: dict[str, bytes] = {}
        #: /<name>.data -> a function that makes the page's data (built when asked for, not kept)
        self._page_data: dict[str, Callable[[], bytes]] = {}
        #: /<name>.data -> the same data being made ahead in a worker thread (set_page_data's
        #: *ahead*): the first request takes it, later ones call the function again
        self._ahead: dict[str, _Ahead] = {}
        self._data_generation = 0
        self._tile_source = None  # object with tile(z, x, y) -> (bytes, mime) | None
        self._channel_js = None
        #: /blob/<name> -> (bytes, mime): images the app registered (plan overlays); nothing else
        self._blobs: dict[str, tuple[bytes, str]] = {}

    def set_page(self, name: str, html: str) -> QUrl:
        """Serve *html* as qxmap://app/<name>.html and return that URL."""
        self._pages[f"/{name}.html"] = html.encode("utf-8")
        return QUrl(f"{APP_SCHEME}://{APP_HOST}/{name}.html")

    def drop_page(self, name: str) -> None:
        self._pages.pop(f"/{name}.html", None)
        self._page_data.pop(f"/{name}.data", None)

    def set_page_data(self, name: str, make: Callable[[], bytes | QByteArray] | None,
                      ahead: Callable[[], bytes | QByteArray] | None = None) -> str:
        """Serve what *make()* returns as qxmap://app/<name>.data (the page's data,
        fetched by the page; None: no data).  It is made when the page asks for it and
        not kept afterwards (the dataset it is made from is held elsewhere anyway).
        With *ahead* (the same data, from a snapshot that no other thread changes), it
        is made at once in a worker thread while the page starts, and handed to the
        page's first request (then dropped).  Returns the URL, new at every call (no
        stale copy is ever read)."""
        self._data_generation += 1
        path = f"/{name}.data"
        self._ahead.pop(path, None)  # an older page's data, if still being made, is dropped when done
        if make is None:
            self._page_data.pop(path, None)
        else:
            self._page_data[path] = make
            if ahead is not None:
                self._ahead[path] = _Ahead(ahead)
        return f"{APP_SCHEME}://{APP_HOST}/{name}.data?v={self._data_generation}"

    def set_blob(self, name: str, data: bytes | None, mime: str = "image/png") -> str:
        """Serve *data* as qxmap://app/blob/<name> (None: no longer); returns the URL.  A
        whitelist: only what the app registered here is served (*name* is the app's own
        token, never a path from data)."""
        if not _BLOB_NAME.fullmatch(name):
            raise ValueError(f"bad blob name {name!r}")
        if data is None:
            self._blobs.pop(f"/blob/{name}", None)
        else:
            self._blobs[f"/blob/{name}"] = (bytes(data), mime)
        return f"{APP_SCHEME}://{APP_HOST}/blob/{name}"

    def set_tile_source(self, source) -> None:
        self._tile_source = source

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt name)
        url = job.requestUrl()
        if url.host() != APP_HOST:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        found = self.resolve(url.path())
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        data, mime = found
        buffer = QBuffer(parent=job)
        buffer.setData(data if isinstance(data, QByteArray) else QByteArray(data))  # (a QByteArray: shared, not copied)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buffer)

    def resolve(self, path: str) -> tuple[bytes | QByteArray, str] | None:
        if path in self._pages:
            return self._pages[path], "text/html; charset=utf-8"
        if path in self._page_data:
            ahead = self._ahead.pop(path, None)
            try:
                return (ahead.result() if ahead is not None else self._page_data[path]()), "application/octet-stream"
            except Exception:  # the page then opens without data and says why (data_error)
                _log.exception("qxmap: the page data for %s could not be made", path)
                return None
        if path in self._blobs:
            return self._blobs[path]
        if path == "/qwebchannel.js":
            if self._channel_js is None:
                file = QFile(":/qtwebchannel/qwebchannel.js")
                if not file.open(QIODevice.OpenModeFlag.ReadOnly):
                    return None
                self._channel_js = bytes(file.readAll())
            return self._channel_js, "application/javascript"
        if path == "/fonts/cjk.otf":
            font = paths.cjk_font_file()
            return (font.read_bytes(), "font/otf") if font else None
        if path.startswith("/tiles/") and self._tile_source is not None:
            parts = path[len("/tiles/"):].split("/")
            try:
                z, x, y = int(parts[0]), int(parts[1]), int(parts[2].split(".")[0])
            except (IndexError, ValueError):
                return None
            return self._tile_source.tile(z, x, y)
        for prefix, base in (("/leaflet/", _leaflet_dir()), ("/page/", paths.resource("page"))):
            if path.startswith(prefix):
                return _read_inside(base, path[len(prefix):])
        return None


def reply_block(size: int) -> QByteArray:
    """*size* zero bytes to fill with a reply (``page_payload(..., allocate=reply_block)``):
    the scheme handler serves the block itself, where a ``bytes`` reply is copied into
    one (at 200,000 roads the page data is 22 MB, made at the app's peak memory).

    The heap's free pages go back to the system first (:func:`~qxmap.heap.give_back`):
    what making the data freed (its header's pieces, the geometry's arrays before they
    were packed) would otherwise stay resident under the new block."""
    give_back()
    return QByteArray(size, 0)


class _Ahead:
    """``make()`` running in a worker thread from now on; ``result()`` waits for it (and
    raises what it raised)."""

    def __init__(self, make: Callable[[], bytes]):
        self._outcome: dict = {}
        self._thread = threading.Thread(target=self._run, args=(make,), name="qxmap-page-data", daemon=True)
        self._thread.start()

    def _run(self, make: Callable[[], bytes]) -> None:
        try:
            self._outcome["data"] = make()
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self._outcome["error"] = exc

    def result(self) -> bytes:
        self._thread.join()
        if "error" in self._outcome:
            raise self._outcome.pop("error")
        return self._outcome.pop("data")


def _read_inside(base: Path, relative: str) -> tuple[bytes, str] | None:
    target = (base / relative).resolve()
    try:
        target.relative_to(base.resolve())
    except ValueError:
        return None  # no escaping the folder with ../
    if not target.is_file():
        return None
    mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if target.suffix == ".js":
        mime = "application/javascript"
    return target.read_bytes(), mime


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Logs every request the page makes; lets through only the app's own
    scheme and the hosts of an online basemap the user chose."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.log: list[str] = []
        self.blocked: list[str] = []
        self._allowed_hosts: set[str] = set()

    def allow_hosts(self, hosts) -> None:
        self._allowed_hosts = set(hosts)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt name)
        url = info.requestUrl()
        self.log.append(url.toString())
        scheme = url.scheme()
        if scheme in (APP_SCHEME, "data", "blob"):
            return
        if scheme in ("http", "https") and url.host() in self._allowed_hosts:
            return
        self.blocked.append(url.toString())
        info.block(True)


class AppProfile(QObject):
    """One off-the-record profile for every map view of the app."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.profile = QWebEngineProfile(parent=self)  # no name: off the record, nothing on disk
        self.handler = AppSchemeHandler(self)
        self.guard = RequestGuard(self)
        self.profile.installUrlSchemeHandler(APP_SCHEME.encode(), self.handler)
        self.profile.setUrlRequestInterceptor(self.guard)
        settings = self.profile.settings()
        # Online basemaps need this; the guard still decides request by request.
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)


def app_profile() -> AppProfile:
    """The application's one AppProfile, made on first use."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    profile = getattr(app, "_qxmap_profile", None)
    if profile is None:
        profile = AppProfile(app)
        app._qxmap_profile = profile
    return profile
