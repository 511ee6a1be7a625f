"""Pixel <-> WGS-84 transform of a placed drawing, and how to draw it on Leaflet.

Pixel coordinates everywhere in this package: x to the right, y down,
``(0, 0)`` the top-left *corner* of the image and ``(width, height)`` its
bottom-right corner, so pixel ``(i, j)`` covers ``[i, i+1) x [j, j+1)`` and
its centre is ``(i + 0.5, j + 0.5)``.  In this convention an image resized
by ``(sx, sy)`` has its coordinates simply multiplied by ``(sx, sy)``.
(World files name the *centre* of the top-left pixel; worldfile.py shifts.)

A :class:`Transform` is an affine map from pixels to the grid of a
:class:`~qxmap.georef.crs.CRSRef` followed by that grid's inverse
projection to WGS-84 lon/lat:

    X = a*x + b*y + c
    Y = d*x + e*y + f          (X, Y in the CRS; then -> lon, lat)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyproj import Geod

from .crs import CRSRef
from qxmap.words import Words

from .errors import GeorefError

__all__ = ["Transform", "mercator_xy"]

GEOD = Geod(ellps="WGS84")
_R = 6378137.0  # Leaflet's EPSG3857 sphere


def mercator_xy(lon, lat):
    """Web Mercator metres of Leaflet's default CRS (EPSG:3857)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.clip(np.asarray(lat, dtype=float), -85.0511287798, 85.0511287798)
    return _R * np.radians(lon), _R * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _out(value):
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


@dataclass(frozen=True)
class Transform:
    """pixel (x, y) -> grid (X, Y) of ``crs`` by ``matrix`` = (a, b, c, d, e, f) -> WGS-84."""

    matrix: tuple[float, float, float, float, float, float]
    crs: CRSRef

    def __post_init__(self):
        if not isinstance(self.crs, CRSRef):
            raise GeorefError("bad_transform", Words("crs: expected a CRSRef, got %1", type(self.crs).__name__))
        m = tuple(self.matrix) if isinstance(self.matrix, (list, tuple, np.ndarray)) else ()
        if len(m) != 6:
            raise GeorefError("bad_transform", Words("matrix: expected 6 numbers (a, b, c, d, e, f)"))
        vals = []
        for name, v in zip("abcdef", m):
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                    or not math.isfinite(float(v)):
                raise GeorefError("bad_transform", Words("matrix.%1: not a finite number: %2", name, repr(v)))
            vals.append(float(v))
        a, b, _, d, e, _ = vals
        det = a * e - b * d
        if not abs(det) > 1e-12 * max(a * a + b * b + d * d + e * e, 1e-300):
            raise GeorefError("bad_transform", Words("matrix: singular (the image would collapse to a line)"))
        object.__setattr__(self, "matrix", tuple(vals))

    # -- mapping ---------------------------------------------------------------

    def to_grid(self, x, y):
        """Pixel -> grid coordinates of ``crs``."""
        a, b, c, d, e, f = self.matrix
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        return _out(a * x + b * y + c), _out(d * x + e * y + f)

    def from_grid(self, gx, gy):
        """Grid coordinates of ``crs`` -> pixel."""
        a, b, c, d, e, f = self.matrix
        det = a * e - b * d
        u = np.asarray(gx, dtype=float) - c
        v = np.asarray(gy, dtype=float) - f
        return _out((e * u - b * v) / det), _out((-d * u + a * v) / det)

    def forward(self, x, y):
        """Pixel (x, y) -> (lon, lat) in WGS-84 degrees; floats or arrays."""
        gx, gy = self.to_grid(x, y)
        lon, lat = self.crs.to_wgs84(gx, gy)
        return _out(lon), _out(lat)

    def inverse(self, lon, lat):
        """(lon, lat) in WGS-84 degrees -> pixel (x, y); floats or arrays."""
        gx, gy = self.crs.from_wgs84(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return self.from_grid(gx, gy)

    # -- derived transforms ----------------------------------------------------

    def rescaled(self, sx: float, sy: float | None = None) -> "Transform":
        """The transform of the same image resized by (sx, sy): new pixel = old pixel * s.

        E.g. for an 8000 px wide scan shown downscaled to 4000 px, ``rescaled(0.5)``
        takes the displayed image's pixels.
        """
        sy = sx if sy is None else sy
        if not (sx > 0 and sy > 0 and math.isfinite(sx) and math.isfinite(sy)):
            raise GeorefError("bad_transform", Words("scale factors must be positive: %1, %2", sx, sy))
        a, b, c, d, e, f = self.matrix
        return Transform((a / sx, b / sy, c, d / sx, e / sy, f), self.crs)

    def reexpressed(self, crs: CRSRef, width: float, height: float, *, n: int = 9) -> tuple["Transform", float]:
        """The affine transform into another grid (e.g. EPSG:4547 to write a world
        file for GIS software), least-squares over an n x n grid of the image,
        and the largest deviation from this transform there (in metres)."""
        xs, ys = np.meshgrid(np.linspace(0, width, n), np.linspace(0, height, n))
        xs, ys = xs.ravel(), ys.ravel()
        lon, lat = self.forward(xs, ys)
        gx, gy = crs.from_wgs84(lon, lat)
        A = np.column_stack([xs, ys, np.ones_like(xs)])
        (a, b, c), *_ = np.linalg.lstsq(A, gx, rcond=None)
        (d, e, f), *_ = np.linalg.lstsq(A, gy, rcond=None)
        out = Transform((a, b, c, d, e, f), crs)
        lon2, lat2 = out.forward(xs, ys)
        return out, float(np.max(_geodesic_m(lon, lat, lon2, lat2)))

    # -- placement on the map --------------------------------------------------

    def corners(self, width: float, height: float) -> dict[str, tuple[float, float]]:
        """The image's four corners as (lon, lat): top_left, top_right, bottom_right, bottom_left."""
        _check_size(width, height)
        xs = np.array([0.0, width, width, 0.0])
        ys = np.array([0.0, 0.0, height, height])
        lon, lat = self.forward(xs, ys)
        names = ("top_left", "top_right", "bottom_right", "bottom_left")
        return {k: (float(lon[i]), float(lat[i])) for i, k in enumerate(names)}

    def bounds(self, width: float, height: float) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the four corners."""
        c = self.corners(width, height)
        lons = [p[0] for p in c.values()]
        lats = [p[1] for p in c.values()]
        return min(lons), min(lats), max(lons), max(lats)

    def placement(self, width: float, height: float) -> dict[str, Any]:
        """What the map page needs to draw the image (JSON-able, Leaflet's [lat, lng] order).

        - ``corners_latlng``: top_left, top_right, bottom_left, bottom_right.  For a
          rotated or sheared drawing the page maps top_left, top_right and bottom_left
          to layer points on every zoom/move and sets the image's CSS
          ``transform: matrix((tr.x-tl.x)/W, (tr.y-tl.y)/W, (bl.x-tl.x)/H, (bl.y-tl.y)/H, tl.x, tl.y)``
          with ``transform-origin: 0 0`` (or draws it so on a canvas).
        - ``affine_error_m``: the largest error (metres, over a 9 x 9 grid of the image)
          of that three-corner placement, from Web Mercator not being affine in lon/lat.
        - ``bounds_latlng``: [[south, west], [north, east]] for ``L.imageOverlay``;
          ``bounds_error_m`` is the largest error of stretching the image into that box
          (small only for a north-up drawing: use the box when it is below a pixel).
        """
        _check_size(width, height)
        n = 9
        gx, gy = np.meshgrid(np.linspace(0, width, n), np.linspace(0, height, n))
        gx, gy = gx.ravel(), gy.ravel()
        lon, lat = self.forward(gx, gy)
        mx, my = mercator_xy(lon, lat)
        c = self.corners(width, height)
        tl, tr, br, bl = (np.array(mercator_xy(*c[k]), dtype=float)
                          for k in ("top_left", "top_right", "bottom_right", "bottom_left"))
        u, v = gx / width, gy / height
        ax = tl[0] + u * (tr[0] - tl[0]) + v * (bl[0] - tl[0])
        ay = tl[1] + u * (tr[1] - tl[1]) + v * (bl[1] - tl[1])
        cos = np.cos(np.radians(lat))  # Mercator metres -> ground metres
        affine_err = float(np.max(np.hypot(mx - ax, my - ay) * cos))
        west, south, east, north = self.bounds(width, height)
        (bw, bn), (be, bs) = mercator_xy(west, north), mercator_xy(east, south)
        bx = bw + u * (be - bw)
        by = bn + v * (bs - bn)
        bounds_err = float(np.max(np.hypot(mx - bx, my - by) * cos))
        lonc, latc = self.forward(width / 2, height / 2)
        return {
            "width": float(width),
            "height": float(height),
            "corners_latlng": {k: [c[k][1], c[k][0]] for k in ("top_left", "top_right", "bottom_left", "bottom_right")},
            "bounds_latlng": [[south, west], [north, east]],
            "center_latlng": [latc, lonc],
            "affine_error_m": affine_err,
            "bounds_error_m": bounds_err,
            "metres_per_pixel": self.metres_per_pixel(width / 2, height / 2),
        }

    def metres_per_pixel(self, x: float, y: float) -> float:
        """Ground size of a pixel at (x, y) (geometric mean of its two sides)."""
        lon, lat = self.forward(np.array([x, x + 1.0, x]), np.array([y, y, y + 1.0]))
        dx = _geodesic_m(lon[0], lat[0], lon[1], lat[1])
        dy = _geodesic_m(lon[0], lat[0], lon[2], lat[2])
        return float(math.sqrt(dx * dy))

    # -- serialisation ---------------------------------------------------------

    def to_dict(self) -> dict:
        return {"matrix": list(self.matrix), "crs": self.crs.to_dict()}

    @classmethod
    def from_dict(cls, data: Any, field: str = "transform") -> "Transform":
        if not isinstance(data, dict):
            raise GeorefError("bad_transform", Words("%1: expected an object, got %2", field, type(data).__name__))
        if "matrix" not in data or "crs" not in data:
            raise GeorefError("bad_transform", Words("%1: needs 'matrix' and 'crs'", field))
        m = data["matrix"]
        if not isinstance(m, list) or len(m) != 6:
            raise GeorefError("bad_transform", Words("%1.matrix: expected a list of 6 numbers", field))
        crs = CRSRef.from_dict(data["crs"], f"{field}.crs")
        try:
            return cls(tuple(m), crs)
        except GeorefError as exc:
            raise GeorefError("bad_transform", Words("%1.%2", field, exc.message)) from None


def _check_size(width, height):
    for name, v in (("width", width), ("height", height)):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                or not (math.isfinite(v) and v > 0):
            raise GeorefError("bad_value", Words("image %1: expected a positive number, got %2", name, repr(v)))


def _geodesic_m(lon1, lat1, lon2, lat2):
    """Distance in metres on the WGS-84 ellipsoid (pyproj.Geod)."""
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2)))
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype=float)
