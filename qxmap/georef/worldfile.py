"""Place an image without control points: world files and GeoTIFF tags.

- World file (``.pgw``/``.pngw`` beside a PNG, ``.jgw``/``.jpgw``, ``.tfw``/``.tifw``,
  ``.gfw``, ``.bpw``, or ``.wld``): six numbers A, D, B, E, C, F with
  ``X = A*col + B*row + C``, ``Y = D*col + E*row + F`` for the *centre* of
  pixel (col, row).  A ``.prj`` beside it (WKT) names the CRS when pyproj can
  match it to an EPSG code.
- GeoTIFF: ModelTiepoint (33922) + ModelPixelScale (33550), or
  ModelTransformation (34264), read with Pillow; the CRS from the
  GeoKeyDirectory (34735: ProjectedCSTypeGeoKey / GeographicTypeGeoKey) when
  it is an EPSG code; PixelIsPoint rasters are shifted half a pixel like GDAL
  does.  Several tie points without a pixel scale are fitted as control points
  (affine).

Without a CRS (none given, none in the files) :func:`~qxmap.georef.crs.guess_crs`
guesses one from the numbers (degrees, CGCS2000 Gauss-Krüger, UTM) and says so.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from qxmap.atomicfile import write_text
from qxmap.words import Words

from .crs import QINGXI, CRSGuess, CRSRef, guess_crs, parse_crs
from .errors import GeorefError
from .images import MAX_FILE_BYTES, open_image, open_regular_file, read_file_bytes
from .transform import Transform

__all__ = [
    "WorldFile",
    "FileGeoref",
    "GeoTiffTags",
    "world_file_candidates",
    "find_world_file",
    "read_world_file",
    "write_world_file",
    "read_prj",
    "write_prj",
    "read_geotiff_tags",
    "georeference_from_files",
]

_MAX_SIDECAR_BYTES = 64 * 1024
_WORLD_SUFFIXES = {
    ".png": (".pgw", ".pngw"),
    ".jpg": (".jgw", ".jpgw"),
    ".jpeg": (".jgw", ".jpegw"),
    ".tif": (".tfw", ".tifw"),
    ".tiff": (".tfw", ".tiffw"),
    ".gif": (".gfw", ".gifw"),
    ".bmp": (".bpw", ".bmpw"),
    ".webp": (".wpw", ".webpw"),
}

# GeoTIFF tags and keys
TAG_PIXEL_SCALE = 33550
TAG_TIEPOINT = 33922
TAG_TRANSFORMATION = 34264
TAG_GEOKEYS = 34735
_KEY_MODEL_TYPE = 1024
_KEY_RASTER_TYPE = 1025
_KEY_GEOGRAPHIC = 2048
_KEY_PROJECTED = 3072
_PIXEL_IS_POINT = 2


@dataclass(frozen=True)
class WorldFile:
    """The six numbers of a world file, in file order A, D, B, E, C, F."""

    a: float
    d: float
    b: float
    e: float
    c: float
    f: float

    def matrix(self) -> tuple[float, float, float, float, float, float]:
        """Corner-based pixel -> grid matrix (a, b, c, d, e, f) of :class:`Transform`."""
        a, b, d, e = self.a, self.b, self.d, self.e
        return (a, b, self.c - 0.5 * a - 0.5 * b, d, e, self.f - 0.5 * d - 0.5 * e)

    @classmethod
    def from_transform(cls, t: Transform) -> "WorldFile":
        a, b, c, d, e, f = t.matrix
        return cls(a=a, d=d, b=b, e=e, c=c + 0.5 * a + 0.5 * b, f=f + 0.5 * d + 0.5 * e)

    def lines(self) -> list[str]:
        return [repr(float(v)) for v in (self.a, self.d, self.b, self.e, self.c, self.f)]


@dataclass(frozen=True)
class FileGeoref:
    """A transform read from files, where it came from, and how its CRS was chosen."""

    transform: Transform
    source: str            # the world file's path, or "GeoTIFF tags of <path>"
    crs_reason: str        # "given", "from the .prj", "from the GeoKeyDirectory", or the guess's reason
    crs_guessed: bool


def world_file_candidates(image_path: str | os.PathLike) -> list[Path]:
    """Possible world files of an image, most specific first (``a.pgw``, ``a.pngw``, ``a.wld``)."""
    p = Path(image_path)
    suffixes = list(_WORLD_SUFFIXES.get(p.suffix.lower(), ())) + [".wld"]
    out: list[Path] = []
    for s in suffixes:
        for variant in (s, s.upper()):
            out.append(p.with_suffix(variant))
    out.append(Path(str(p) + ".wld"))
    seen, unique = set(), []
    for c in out:
        if c not in seen:
            seen.add(c)
            unique.append(c)
    return unique


def find_world_file(image_path: str | os.PathLike) -> Path | None:
    """The world file beside *image_path*, if any."""
    for c in world_file_candidates(image_path):
        if c.is_file():
            return c
    return None


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def read_world_file(path: str | os.PathLike) -> WorldFile:
    """Parse a world file; GeorefError ``bad_world_file`` naming the file and line otherwise."""
    path = Path(path)
    data = read_file_bytes(path, _MAX_SIDECAR_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GeorefError("bad_world_file", Words("%1: not a world file (not text)", path)) from None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) != 6:
        raise GeorefError("bad_world_file", Words("%1: a world file has 6 lines of numbers, this has %2",
                                                  path, len(lines)))
    vals = []
    for i, ln in enumerate(lines, 1):
        if not _NUMBER.match(ln):
            raise GeorefError("bad_world_file", Words("%1: line %2 is not a number: %3", path, i, repr(ln[:40])))
        v = float(ln)
        if not math.isfinite(v):
            raise GeorefError("bad_world_file", Words("%1: line %2 is not a finite number", path, i))
        vals.append(v)
    wf = WorldFile(*vals)
    if abs(wf.a * wf.e - wf.b * wf.d) <= 0.0:
        raise GeorefError("bad_world_file", Words("%1: the pixel size is zero (lines 1-4)", path))
    return wf


def write_world_file(path: str | os.PathLike, transform: Transform) -> None:
    """Write *transform* (in its own CRS: use :meth:`Transform.reexpressed` for
    EPSG:4547 or similar first) as a world file, atomically."""
    write_text(path, "\n".join(WorldFile.from_transform(transform).lines()) + "\n", encoding="ascii")


def read_prj(path: str | os.PathLike) -> CRSRef | None:
    """The EPSG CRS of a ``.prj`` (WKT), or None when pyproj cannot match one."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    data = read_file_bytes(path, _MAX_SIDECAR_BYTES)
    try:
        text = data.decode("utf-8-sig").strip()
        crs = CRS.from_wkt(text)
        code = crs.to_epsg(min_confidence=70)
    except (UnicodeDecodeError, CRSError):
        return None
    if code is None:
        return None
    try:
        return CRSRef(epsg=code)
    except GeorefError:
        return None


def write_prj(path: str | os.PathLike, crs: CRSRef) -> None:
    """Write the ESRI WKT of *crs* (what GIS software reads beside a world file)."""
    from pyproj.enums import WktVersion

    pc = crs.pyproj_crs
    try:
        wkt = pc.to_wkt(WktVersion.WKT1_ESRI)
    except Exception:
        wkt = None
    write_text(path, (wkt or pc.to_wkt()) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class GeoTiffTags:
    """What a GeoTIFF says about its place (None where it says nothing)."""

    matrix: tuple[float, ...] | None   # corner-based (a, b, c, d, e, f), PixelIsPoint already shifted
    tiepoints: tuple[tuple[float, float, float, float], ...]  # (col, row, X, Y), corner-based
    epsg: int | None
    pixel_is_point: bool
    width: int
    height: int


def _floats(value: Any, what: str, path: Path) -> list[float]:
    if value is None:
        return []
    if not isinstance(value, (tuple, list)):
        value = (value,)
    out = []
    for v in value:
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise GeorefError("bad_geotiff", Words("%1: %2 holds a non-number", path, what)) from None
        if not math.isfinite(f):
            raise GeorefError("bad_geotiff", Words("%1: %2 holds a non-finite number", path, what))
        out.append(f)
    return out


def _geokeys(raw: Any) -> dict[int, int]:
    """Short-valued keys of a GeoKeyDirectory (the ones qxmap uses)."""
    if not isinstance(raw, (tuple, list)) or len(raw) < 4:
        return {}
    try:
        vals = [int(v) for v in raw]
    except (TypeError, ValueError):
        return {}
    n = vals[3]
    keys: dict[int, int] = {}
    for i in range(min(n, (len(vals) - 4) // 4)):
        key, loc, count, value = vals[4 + 4 * i: 8 + 4 * i]
        if loc == 0 and count == 1:
            keys[key] = value
    return keys


def read_geotiff_tags(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES) -> GeoTiffTags | None:
    """The georeferencing tags of a TIFF (None when it has none, or is not a TIFF)."""
    path = Path(path)
    with open_regular_file(path, max_bytes) as fh:
        try:  # header and tags only: no pixel is decoded, so no pixel limit here
            img = open_image(fh, str(path), None, formats=("TIFF",))
        except GeorefError as exc:
            if exc.code == "not_an_image":
                return None
            raise
        with img:
            tags = dict(getattr(img, "tag_v2", {}) or {})
            width, height = img.size
    scale = _floats(tags.get(TAG_PIXEL_SCALE), "ModelPixelScale", path)
    ties_raw = _floats(tags.get(TAG_TIEPOINT), "ModelTiepoint", path)
    trans = _floats(tags.get(TAG_TRANSFORMATION), "ModelTransformation", path)
    keys = _geokeys(tags.get(TAG_GEOKEYS))
    if not (scale or ties_raw or trans):
        return None
    point = keys.get(_KEY_RASTER_TYPE) == _PIXEL_IS_POINT
    shift = 0.5 if point else 0.0  # PixelIsPoint: raster (0,0) is the centre of the first pixel
    epsg = None
    model = keys.get(_KEY_MODEL_TYPE)
    for key in ((_KEY_PROJECTED, _KEY_GEOGRAPHIC) if model != 2 else (_KEY_GEOGRAPHIC,)):
        code = keys.get(key)
        if code is not None and 1024 <= code < 32767:
            epsg = code
            break
    ties = []
    for i in range(len(ties_raw) // 6):
        col, row, _, X, Y, _ = ties_raw[6 * i: 6 * i + 6]
        ties.append((col + shift, row + shift, X, Y))
    matrix = None
    if len(trans) >= 16:
        m = trans
        a, b, c, d, e, f = m[0], m[1], m[3], m[4], m[5], m[7]
        matrix = (a, b, c - shift * (a + b), d, e, f - shift * (d + e))
    elif len(scale) >= 2 and ties:
        sx, sy = scale[0], scale[1]
        if sx <= 0 or sy <= 0:
            raise GeorefError("bad_geotiff", Words("%1: ModelPixelScale must be positive", path))
        col, row, X, Y = ties[0]
        matrix = (sx, 0.0, X - sx * col, 0.0, -sy, Y + sy * row)
    elif len(ties_raw) % 6 or (scale and not ties):
        raise GeorefError("bad_geotiff", Words("%1: incomplete GeoTIFF tags (tie points without a pixel scale)",
                                               path))
    return GeoTiffTags(matrix=matrix, tiepoints=tuple(ties), epsg=epsg, pixel_is_point=point,
                       width=width, height=height)


def _choose_crs(crs: Any, found: CRSRef | None, found_reason: str, x: float, y: float,
                near: Sequence[float]) -> tuple[CRSRef, str, bool]:
    if crs is not None:
        return parse_crs(crs), "given", False
    if found is not None:
        return found, found_reason, False
    guess: CRSGuess = guess_crs(x, y, near=near)
    return guess.crs, guess.reason, True


def georeference_from_files(image_path: str | os.PathLike, crs: Any = None, *,
                            near: Sequence[float] = QINGXI) -> FileGeoref | None:
    """The transform of an image from its GeoTIFF tags or world file; None when it has neither.

    A GeoTIFF's own tags come before a world file beside it (as in GDAL).
    *crs* (``4547``, ``"EPSG:4547"``, a CRSRef) overrides the files' CRS; else the
    GeoKeyDirectory / ``.prj``; else a guess near *near* (``crs_guessed`` True:
    the UI should show ``crs_reason`` and let the user pick another).  The
    transform is in the stored raster's pixels (load the image with
    ``apply_exif_orientation=False``)."""
    image_path = Path(image_path)
    if image_path.suffix.lower() in (".tif", ".tiff"):
        found = _from_geotiff(image_path, crs, near)
        if found is not None:
            return found
    wf_path = find_world_file(image_path)
    if wf_path is None:
        return None
    wf = read_world_file(wf_path)
    prj = None
    for cand in (wf_path.with_suffix(".prj"), image_path.with_suffix(".prj")):
        if cand.is_file():
            prj = read_prj(cand)
            if prj is not None:
                break
    ref, reason, guessed = _choose_crs(crs, prj, "from the .prj file", wf.c, wf.f, near)
    return FileGeoref(_make(wf.matrix(), ref, wf_path), str(wf_path), reason, guessed)


def _from_geotiff(image_path: Path, crs: Any, near: Sequence[float]) -> FileGeoref | None:
    tags = read_geotiff_tags(image_path)
    if tags is None or (tags.matrix is None and len(tags.tiepoints) < 3):
        return None
    found = None
    if tags.epsg is not None:
        try:
            found = CRSRef(epsg=tags.epsg)
        except GeorefError:
            found = None
    source = f"GeoTIFF tags of {image_path}"
    if tags.matrix is not None:
        a, b, c, d, e, f = tags.matrix
        x0, y0 = a * tags.width / 2 + b * tags.height / 2 + c, d * tags.width / 2 + e * tags.height / 2 + f
        ref, reason, guessed = _choose_crs(crs, found, "from the GeoKeyDirectory", x0, y0, near)
        return FileGeoref(_make(tags.matrix, ref, image_path), source, reason, guessed)
    # Several tie points and no scale: fit them like control points.
    from .fit import ControlPoint, fit

    X = sum(t[2] for t in tags.tiepoints) / len(tags.tiepoints)
    Y = sum(t[3] for t in tags.tiepoints) / len(tags.tiepoints)
    ref, reason, guessed = _choose_crs(crs, found, "from the GeoKeyDirectory", X, Y, near)
    pts = []
    for col, row, gx, gy in tags.tiepoints:
        lon, lat = ref.to_wgs84(gx, gy)
        pts.append(ControlPoint(col, row, float(lon), float(lat)))
    result = fit(pts, "affine")
    return FileGeoref(result.transform, source + f" ({len(pts)} tie points fitted: {result.summary})",
                      reason, guessed)


def _make(matrix, ref: CRSRef, path: Path) -> Transform:
    try:
        return Transform(tuple(matrix), ref)
    except GeorefError as exc:
        raise GeorefError("bad_world_file", Words("%1: %2", path, exc.message)) from None
