"""Local tile sources for offline intranets: an MBTiles file or an XYZ folder.

The app serves the chosen source to the map page as
``qxmap://app/tiles/{z}/{x}/{y}`` (see qxmap/ui/webengine.py); the scheme
handler calls ``source.tile(z, x, y)`` from Qt's IO thread, so both sources
are safe to call from any thread.

* :class:`MBTilesSource` reads an MBTiles 1.3 file (SQLite): ``tiles`` table
  (or view) with TMS rows, so XYZ ``y`` is ``tile_row = 2**z - 1 - y``;
  ``metadata`` gives the format (png/jpg/webp), bounds and zoom range.  The
  file is opened read-only (SQLite URI ``mode=ro``; if that fails, e.g. on a
  read-only share holding a WAL database, ``immutable=1``), so a file on a
  read-only network share works.
* :class:`XYZFolderSource` reads ``{z}/{x}/{y}.png|.jpg|.jpeg|.webp``; a
  folder made by gdal2tiles (``tilemapresource.xml``) is TMS and read so.

:func:`open_tile_source` picks by path and raises :class:`TileSourceError`
with a ``reason`` code the UI can translate.  :func:`make_test_mbtiles`
writes a small valid file of solid-colour tiles for tests.
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
import struct
import threading
import urllib.parse
import zlib
from pathlib import Path
from typing import Callable, Iterable, Union

from qxmap.words import Words

__all__ = [
    "TileSourceError",
    "MBTilesSource",
    "XYZFolderSource",
    "open_tile_source",
    "make_test_mbtiles",
    "solid_png",
    "lonlat_to_tile",
    "FORMAT_MIME",
    "MAX_ZOOM",
]

#: MBTiles ``format`` value -> MIME type of the tiles.
FORMAT_MIME = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
#: Tile file extensions of an XYZ folder, in lookup order.
_XYZ_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")
_EXT_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
#: Highest zoom level ever asked of a source (web maps stop near 22).
MAX_ZOOM = 30

_SQLITE_MAGIC = b"SQLite format 3\x00"


class TileSourceError(Exception):
    """A tile source cannot be used.  ``reason`` is one of "missing",
    "not_mbtiles", "no_tiles", "unsupported_format", "empty_folder",
    "unreadable"; ``path`` is the offending path."""

    def __init__(self, message: str, *, reason: str = "invalid", path: str | os.PathLike | None = None):
        super().__init__(message)
        self.reason = reason
        self.path = None if path is None else str(path)


def _sniff_mime(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _tile_index(z, x, y) -> tuple[int, int, int] | None:
    """Validated ints (z, x, y) inside the tile grid, else None.

    Accepts ints or strings of decimal digits only (so "..", "1/../2" or
    "-1" are refused, never joined into a path or a query).
    """
    out = []
    for v in (z, x, y):
        if isinstance(v, bool):
            return None
        if isinstance(v, int):
            out.append(v)
        elif isinstance(v, str) and v.isascii() and v.isdigit():
            out.append(int(v))
        else:
            return None
    z, x, y = out
    if not 0 <= z <= MAX_ZOOM:
        return None
    n = 1 << z
    if not (0 <= x < n and 0 <= y < n):
        return None
    return z, x, y


def _parse_bounds(text) -> tuple[float, float, float, float] | None:
    try:
        if isinstance(text, str):
            parts = [float(p) for p in text.split(",")]
        else:
            parts = [float(p) for p in text]
    except (TypeError, ValueError):
        return None
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
        return None
    return parts[0], parts[1], parts[2], parts[3]


def _parse_int(text) -> int | None:
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return None


def _sqlite_uri(path: Path, **params: str) -> str:
    """A SQLite ``file:`` URI for *path*, with an empty authority so that
    Windows UNC paths (\\\\server\\share\\x.mbtiles) and drive letters work."""
    text = os.path.abspath(path).replace("\\", "/")
    if not text.startswith("/"):
        text = "/" + text  # C:/x -> /C:/x
    query = urllib.parse.urlencode(params)
    return "file://" + urllib.parse.quote(text, safe="/:") + ("?" + query if query else "")


class MBTilesSource:
    """Tiles from an MBTiles (SQLite) file, read-only and thread-safe."""

    kind = "mbtiles"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.is_file():
            raise TileSourceError(Words("MBTiles file not found: %1", self.path), reason="missing", path=self.path)
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise TileSourceError(Words("cannot read %1: %2", self.path, exc), reason="unreadable",
                                  path=self.path) from exc
        if head != _SQLITE_MAGIC:
            raise TileSourceError(Words("not an MBTiles (SQLite) file: %1", self.path), reason="not_mbtiles",
                                  path=self.path)
        self._lock = threading.Lock()
        self._conn = self._connect()
        try:
            self._metadata = self._read_metadata()
            self._mime = self._format_mime()
        except BaseException:
            self.close()
            raise

    # -- opening ------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        last: Exception | None = None
        # mode=ro first; immutable=1 when the share does not allow the locks
        # or the -shm file a read-only open may need (e.g. a WAL database).
        for params in ({"mode": "ro"}, {"mode": "ro", "immutable": "1"}):
            conn = None
            try:
                conn = sqlite3.connect(_sqlite_uri(self.path, **params), uri=True, check_same_thread=False)
                self._check_schema(conn)
                return conn
            except TileSourceError:
                if conn is not None:
                    conn.close()
                raise
            except sqlite3.DatabaseError as exc:
                if conn is not None:
                    conn.close()
                last = exc
                if "not a database" in str(exc) or "malformed" in str(exc):
                    break
        raise TileSourceError(Words("cannot open MBTiles file %1: %2", self.path, last), reason="not_mbtiles",
                              path=self.path) from last

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        names = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if "tiles" not in names:
            raise TileSourceError(Words("no 'tiles' table in %1: not an MBTiles file", self.path),
                                  reason="no_tiles", path=self.path)
        try:
            conn.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles LIMIT 0").fetchall()
        except sqlite3.OperationalError as exc:
            raise TileSourceError(Words("the 'tiles' table of %1 is not MBTiles: %2", self.path, exc),
                                  reason="no_tiles", path=self.path) from exc

    def _read_metadata(self) -> dict[str, str]:
        with self._lock:
            try:
                rows = self._conn.execute("SELECT name, value FROM metadata").fetchall()
            except sqlite3.OperationalError:
                return {}  # metadata is required by the spec, but tiles are still usable
        return {str(name): "" if value is None else str(value) for name, value in rows}

    def _format_mime(self) -> str | None:
        fmt = self._metadata.get("format", "").strip().lower()
        if not fmt:
            return None  # sniffed per tile
        if fmt in FORMAT_MIME:
            return FORMAT_MIME[fmt]
        if fmt in ("pbf", "mvt"):
            raise TileSourceError(Words("%1 holds vector tiles (pbf); only image tiles (png, jpg, webp) can be "
                                        "shown", self.path), reason="unsupported_format", path=self.path)
        raise TileSourceError(Words("unsupported tile format %1 in %2", repr(fmt), self.path),
                              reason="unsupported_format", path=self.path)

    # -- API ----------------------------------------------------------------
    @property
    def metadata(self) -> dict[str, str]:
        return dict(self._metadata)

    def tile(self, z, x, y) -> tuple[bytes, str] | None:
        """The tile at XYZ (z, x, y) as (bytes, MIME), or None if absent."""
        index = _tile_index(z, x, y)
        if index is None:
            return None
        z, x, y = index
        row = (1 << z) - 1 - y  # MBTiles rows are TMS: counted from the south
        with self._lock:
            if self._conn is None:
                return None
            try:
                found = self._conn.execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                    (z, x, row)).fetchone()
            except sqlite3.Error:
                return None
        if found is None or found[0] is None:
            return None
        data = bytes(found[0])
        mime = self._mime or _sniff_mime(data) or "application/octet-stream"
        return data, mime

    def _zoom_range(self) -> tuple[int | None, int | None]:
        lo = _parse_int(self._metadata.get("minzoom"))
        hi = _parse_int(self._metadata.get("maxzoom"))
        if lo is None or hi is None:
            with self._lock:
                try:
                    row = self._conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
                except sqlite3.Error:
                    row = (None, None)
            lo = row[0] if lo is None else lo
            hi = row[1] if hi is None else hi
        return lo, hi

    def describe(self) -> dict:
        """Name, format, bounds (w, s, e, n), center, minzoom, maxzoom,
        attribution: from the metadata where present (zooms from the tiles
        otherwise); None where unknown."""
        md = self._metadata
        minzoom, maxzoom = self._zoom_range()
        center = None
        if md.get("center"):
            try:
                center = tuple(float(p) for p in md["center"].split(","))
            except ValueError:
                center = None
        fmt = md.get("format", "").strip().lower() or None
        return {
            "kind": self.kind,
            "path": str(self.path),
            "name": md.get("name") or self.path.stem,
            "format": fmt,
            "mime": self._mime,
            "bounds": _parse_bounds(md.get("bounds")),
            "center": center,
            "minzoom": minzoom,
            "maxzoom": maxzoom,
            "attribution": md.get("attribution") or "",
        }

    def close(self) -> None:
        lock = getattr(self, "_lock", None)
        conn = getattr(self, "_conn", None)
        if conn is None:
            return
        if lock is None:
            conn.close()
        else:
            with lock:
                conn.close()
        self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"MBTilesSource({str(self.path)!r})"


class XYZFolderSource:
    """Tiles from a folder ``{z}/{x}/{y}.png|.jpg|.jpeg|.webp``.

    ``tms=None`` detects a TMS folder (gdal2tiles writes
    ``tilemapresource.xml`` and counts rows from the south); pass True/False
    to force.  Only files inside the folder are ever read.
    """

    kind = "xyz"

    def __init__(self, folder: str | os.PathLike, *, tms: bool | None = None):
        self.path = Path(folder)
        if not self.path.is_dir():
            raise TileSourceError(Words("tile folder not found: %1", self.path), reason="missing", path=self.path)
        self._root = self.path.resolve()
        self.tms = (self._root / "tilemapresource.xml").is_file() if tms is None else bool(tms)
        self._metadata = self._read_metadata()

    def _read_metadata(self) -> dict:
        # mb-util and some tile tools write MBTiles-style metadata.json next to the tiles
        file = self._root / "metadata.json"
        if not file.is_file():
            return {}
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def zoom_levels(self) -> list[int]:
        """The zoom levels present (numeric sub-folders), sorted."""
        try:
            entries = list(self._root.iterdir())
        except OSError:
            return []
        return sorted(int(e.name) for e in entries
                      if e.name.isascii() and e.name.isdigit() and int(e.name) <= MAX_ZOOM and e.is_dir())

    def _inside(self, target: Path) -> bool:
        try:
            target.resolve().relative_to(self._root)
        except (ValueError, OSError):
            return False
        return True

    def tile(self, z, x, y) -> tuple[bytes, str] | None:
        """The tile at XYZ (z, x, y) as (bytes, MIME), or None if absent."""
        index = _tile_index(z, x, y)
        if index is None:
            return None
        z, x, y = index
        if self.tms:
            y = (1 << z) - 1 - y
        base = self._root / str(z) / str(x)
        for ext in _XYZ_EXTENSIONS:
            target = base / f"{y}{ext}"
            if not target.is_file() or not self._inside(target):
                continue
            try:
                data = target.read_bytes()
            except OSError:
                return None
            return data, _sniff_mime(data) or _EXT_MIME[ext]
        return None

    def describe(self) -> dict:
        md = self._metadata
        levels = self.zoom_levels()
        minzoom = _parse_int(md.get("minzoom"))
        maxzoom = _parse_int(md.get("maxzoom"))
        return {
            "kind": self.kind,
            "path": str(self.path),
            "name": md.get("name") or self.path.name,
            "format": md.get("format"),
            "mime": None,
            "bounds": _parse_bounds(md.get("bounds")),
            "center": None,
            "minzoom": minzoom if minzoom is not None else (levels[0] if levels else None),
            "maxzoom": maxzoom if maxzoom is not None else (levels[-1] if levels else None),
            "attribution": md.get("attribution") or "",
            "tms": self.tms,
        }

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"XYZFolderSource({str(self.path)!r})"


TileSource = Union[MBTilesSource, XYZFolderSource]


def open_tile_source(path: str | os.PathLike) -> TileSource:
    """An :class:`MBTilesSource` for a file, an :class:`XYZFolderSource` for a
    folder; :class:`TileSourceError` if missing or not usable."""
    if path is None or str(path).strip() == "":
        raise TileSourceError(Words("no tile source chosen"), reason="missing", path=None)
    p = Path(path).expanduser()
    if p.is_dir():
        source = XYZFolderSource(p)
        if not source.zoom_levels():
            raise TileSourceError(Words("no {z}/{x}/{y} tiles in folder %1", p), reason="empty_folder", path=p)
        return source
    if p.is_file():
        return MBTilesSource(p)
    raise TileSourceError(Words("tile source not found: %1", p), reason="missing", path=p)


# ---------------------------------------------------------------- test files

Color = Union[str, tuple]


def _rgb(color: Color) -> tuple[int, ...]:
    if isinstance(color, str):
        text = color.lstrip("#")
        if len(text) == 3:
            text = "".join(c * 2 for c in text)
        if len(text) not in (6, 8):
            raise ValueError(f"colour must be #rrggbb or #rrggbbaa, not {color!r}")
        return tuple(int(text[i:i + 2], 16) for i in range(0, len(text), 2))
    values = tuple(int(v) for v in color)
    if len(values) not in (3, 4) or not all(0 <= v <= 255 for v in values):
        raise ValueError(f"colour must be 3 or 4 values 0-255, not {color!r}")
    return values


def solid_png(color: Color, size: int = 256) -> bytes:
    """A valid PNG of *size* x *size* pixels of one colour (RGB or RGBA),
    made with zlib and struct only."""
    rgb = _rgb(color)
    channels = len(rgb)
    color_type = 2 if channels == 3 else 6

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * size  # filter type 0 per scanline
    ihdr = struct.pack(">IIBBBBB", size, size, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(row * size, 9)) + chunk(b"IEND", b""))


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    """XYZ (x, y) of the Web-Mercator tile holding (lon, lat) at zoom z."""
    n = 1 << z
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    x = int((lon + 180.0) / 360.0 * n)
    rad = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


#: Qingxi town's bounding box (w, s, e, n), the default extent of test files.
QINGXI_BOUNDS = (114.0979, 22.7705, 114.2309, 22.9071)


def make_test_mbtiles(path: str | os.PathLike, zooms: Iterable[int] = (0, 1, 2),
                      color: Color | Callable[[int, int, int], Color] = (0, 128, 255), *,
                      bounds: tuple[float, float, float, float] | None = QINGXI_BOUNDS,
                      tile_size: int = 256, name: str = "qxmap test tiles",
                      max_tiles_per_zoom: int = 4096) -> Path:
    """Write a small valid MBTiles 1.3 file of solid-colour PNG tiles.

    For each zoom, the tiles covering *bounds* (w, s, e, n; None = the whole
    world, only sensible for low zooms) are written, rows in TMS order as the
    spec requires.  *color* is one colour (#rrggbb or an RGB(A) tuple) or a
    function (z, x, y) -> colour of XYZ tile (z, x, y).  Overwrites *path*.
    Returns the path.
    """
    path = Path(path)
    zooms = sorted({int(z) for z in zooms})
    if not zooms or zooms[0] < 0 or zooms[-1] > MAX_ZOOM:
        raise ValueError(f"zooms must be 0..{MAX_ZOOM}, got {zooms}")
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    w, s, e, n = bounds if bounds is not None else (-180.0, -85.0511, 180.0, 85.0511)
    cache: dict[tuple, bytes] = {}
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute("CREATE UNIQUE INDEX name ON metadata (name)")
        conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        for z in zooms:
            x0, y0 = lonlat_to_tile(w, n, z)
            x1, y1 = lonlat_to_tile(e, s, z)
            count = (x1 - x0 + 1) * (y1 - y0 + 1)
            if count > max_tiles_per_zoom:
                raise ValueError(f"zoom {z} needs {count} tiles (> {max_tiles_per_zoom}); use smaller bounds")
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    rgb = _rgb(color(z, x, y) if callable(color) else color)
                    if rgb not in cache:
                        cache[rgb] = solid_png(rgb, tile_size)
                    conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                                 (z, x, (1 << z) - 1 - y, sqlite3.Binary(cache[rgb])))
        metadata = {
            "name": name,
            "format": "png",
            "bounds": f"{w:.6f},{s:.6f},{e:.6f},{n:.6f}",
            "center": f"{(w + e) / 2:.6f},{(s + n) / 2:.6f},{zooms[-1]}",
            "minzoom": str(zooms[0]),
            "maxzoom": str(zooms[-1]),
            "type": "baselayer",
            "version": "1.0",
            "description": "solid-colour test tiles written by qxmap.tiles.make_test_mbtiles",
            "attribution": "qxmap test tiles",
        }
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
        conn.commit()
    finally:
        conn.close()
    return path
