"""WGS-84 <-> GCJ-02 ("Mars" coordinates of AMap/Gaode, Tencent, Google China).

GCJ-02 is WGS-84 plus a smooth, deliberately obscured offset (in Qingxi about
+0.0050 deg lon, -0.0027 deg lat, ~590 m).  The forward formula below is the
widely published one (Krasovsky semi-major axis ``A`` with the WGS-84
eccentricity ``EE``); it is *the same algorithm with the same constants* as
``resources/page/gcj02.js``, which the map page uses to draw overlays on a
GCJ-02 basemap.  Keep the two in step: tests/test_gcj02.py runs the JS with
node and compares.

The inverse has no closed form; :func:`gcj_to_wgs` iterates the forward
formula (fixed point ``w <- w - (f(w) - g)``, contraction factor ~1e-5), like
``gcjToWgs`` in the JS, to well under 1e-9 deg.

Everything takes and returns ``(lon, lat)`` in degrees (x, y order, as shapely
and GeoJSON); outside mainland China's bounding box points pass unchanged.
The data is never stored in GCJ-02: these are for display and for turning
clicks on a GCJ-02 map back into WGS-84.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import shapely

__all__ = [
    "A",
    "EE",
    "out_of_china",
    "wgs_to_gcj",
    "gcj_to_wgs",
    "wgs_to_gcj_array",
    "gcj_to_wgs_array",
    "transform_geometry",
    "geometry_wgs_to_gcj",
    "geometry_gcj_to_wgs",
]

#: Semi-major axis of the Krasovsky 1940 ellipsoid, as in the published formula.
A = 6378245.0
#: First eccentricity squared (WGS-84 / Krasovsky value used by the formula).
EE = 0.00669342162296594323

#: Bounding box outside which no offset is applied (same as gcj02.js).
_MIN_LON, _MAX_LON = 72.004, 137.8347
_MIN_LAT, _MAX_LAT = 0.8293, 55.8271

#: Iteration limits of the inverse (same as gcj02.js).
_MAX_ITER = 30
_TOL = 1e-10

_PI = math.pi


def out_of_china(lon, lat):
    """True where (lon, lat) lies outside the box in which GCJ-02 applies.

    Works on floats and on numpy arrays (then returns a boolean array).
    """
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return bool(lon < _MIN_LON or lon > _MAX_LON or lat < _MIN_LAT or lat > _MAX_LAT)
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon < _MIN_LON) | (lon > _MAX_LON) | (lat < _MIN_LAT) | (lat > _MAX_LAT)


# The transform polynomials are written once, for "xp" = math or numpy, so the
# scalar and the vectorised versions are the same expressions (and the same as
# tLat / tLon in gcj02.js, term for term and in the same order).
def _t_lat(x, y, xp):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * xp.sqrt(abs(x))
    r += (20.0 * xp.sin(6.0 * x * _PI) + 20.0 * xp.sin(2.0 * x * _PI)) * 2.0 / 3.0
    r += (20.0 * xp.sin(y * _PI) + 40.0 * xp.sin(y / 3.0 * _PI)) * 2.0 / 3.0
    r += (160.0 * xp.sin(y / 12.0 * _PI) + 320 * xp.sin(y * _PI / 30.0)) * 2.0 / 3.0
    return r


def _t_lon(x, y, xp):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * xp.sqrt(abs(x))
    r += (20.0 * xp.sin(6.0 * x * _PI) + 20.0 * xp.sin(2.0 * x * _PI)) * 2.0 / 3.0
    r += (20.0 * xp.sin(x * _PI) + 40.0 * xp.sin(x / 3.0 * _PI)) * 2.0 / 3.0
    r += (150.0 * xp.sin(x / 12.0 * _PI) + 300.0 * xp.sin(x / 30.0 * _PI)) * 2.0 / 3.0
    return r


def _offset(lon, lat, xp):
    """(dlon, dlat) in degrees that GCJ-02 adds at WGS-84 (lon, lat)."""
    d_lat = _t_lat(lon - 105.0, lat - 35.0, xp)
    d_lon = _t_lon(lon - 105.0, lat - 35.0, xp)
    rad_lat = lat / 180.0 * _PI
    magic = xp.sin(rad_lat)
    magic = 1 - EE * magic * magic
    sqrt_magic = xp.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((A * (1 - EE)) / (magic * sqrt_magic) * _PI)
    d_lon = (d_lon * 180.0) / (A / sqrt_magic * xp.cos(rad_lat) * _PI)
    return d_lon, d_lat


# ---------------------------------------------------------------- scalars

def wgs_to_gcj(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 (lon, lat) -> GCJ-02 (lon, lat); unchanged outside China."""
    lon = float(lon)
    lat = float(lat)
    if out_of_china(lon, lat):
        return lon, lat
    d_lon, d_lat = _offset(lon, lat, math)
    return lon + d_lon, lat + d_lat


def gcj_to_wgs(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 (lon, lat) -> WGS-84 (lon, lat), the exact inverse of
    :func:`wgs_to_gcj` by iteration (error far below 1e-7 deg)."""
    lon = float(lon)
    lat = float(lat)
    w_lon, w_lat = lon, lat
    for _ in range(_MAX_ITER):
        g_lon, g_lat = wgs_to_gcj(w_lon, w_lat)
        e_lon, e_lat = g_lon - lon, g_lat - lat
        w_lon -= e_lon
        w_lat -= e_lat
        if abs(e_lat) < _TOL and abs(e_lon) < _TOL:
            break
    return w_lon, w_lat


# ---------------------------------------------------------------- arrays

def _as_arrays(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon_a, lat_a = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon_a.astype(float, copy=True), lat_a.astype(float, copy=True)


def wgs_to_gcj_array(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`wgs_to_gcj`: arrays (or array-likes) of lon and lat
    in, new float arrays out.  NaNs stay NaN; out-of-China points unchanged."""
    lon_a, lat_a = _as_arrays(lon, lat)
    inside = ~out_of_china(lon_a, lat_a)  # NaN compares False -> "inside", stays NaN
    if inside.any():
        d_lon, d_lat = _offset(lon_a[inside], lat_a[inside], np)
        lon_a[inside] += d_lon
        lat_a[inside] += d_lat
    return lon_a, lat_a


def invert_by_iteration(forward, target_lon, target_lat, guess_lon, guess_lat, *,
                        max_iter: int = _MAX_ITER, tol: float = _TOL) -> tuple[np.ndarray, np.ndarray]:
    """The points whose image under *forward* (an array function) is (target_lon,
    target_lat), by fixed-point iteration from (guess_lon, guess_lat) (1-d float
    arrays; the guesses are updated in place and returned): each point stops being
    updated once its error is below *tol* degrees; NaN guesses stay NaN."""
    active = np.isfinite(guess_lon) & np.isfinite(guess_lat)
    for _ in range(max_iter):
        if not active.any():
            break
        f_lon, f_lat = forward(guess_lon[active], guess_lat[active])
        e_lon = f_lon - target_lon[active]
        e_lat = f_lat - target_lat[active]
        guess_lon[active] -= e_lon
        guess_lat[active] -= e_lat
        done = (np.abs(e_lat) < tol) & (np.abs(e_lon) < tol)
        idx = np.flatnonzero(active)
        active[idx[done]] = False
    return guess_lon, guess_lat


def gcj_to_wgs_array(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`gcj_to_wgs` (same iteration, per point: a point stops
    being updated once it has converged, exactly as the scalar version)."""
    g_lon, g_lat = _as_arrays(lon, lat)
    shape = g_lon.shape
    g_lon, g_lat = g_lon.reshape(-1), g_lat.reshape(-1)  # 0-d and n-d inputs alike
    w_lon, w_lat = invert_by_iteration(wgs_to_gcj_array, g_lon, g_lat, g_lon.copy(), g_lat.copy())
    return w_lon.reshape(shape), w_lat.reshape(shape)


# ---------------------------------------------------------------- geometries

ArrayFunc = Callable[[np.ndarray, np.ndarray], "tuple[np.ndarray, np.ndarray]"]

_SCALAR_TO_ARRAY: dict = {}


def transform_geometry(geom, func: ArrayFunc):
    """Apply a (lon, lat) -> (lon, lat) transform to every vertex of *geom*.

    *func* is a vectorised function such as :func:`wgs_to_gcj_array` (the
    scalar :func:`wgs_to_gcj` / :func:`gcj_to_wgs` are accepted too and
    mapped to their array versions).  *geom* may be a shapely geometry, a
    numpy array of geometries or None; Z values are kept unchanged.  Returns
    new geometries: the input is never modified.
    """
    try:
        func = _SCALAR_TO_ARRAY.get(func, func)
    except TypeError:  # unhashable callable: use as is
        pass

    def _xy(coords: np.ndarray) -> np.ndarray:
        x, y = func(coords[:, 0], coords[:, 1])
        out = coords.copy()
        out[:, 0] = x
        out[:, 1] = y
        return out

    if geom is None:
        return None
    # include_z=None (shapely >= 2.1) keeps each geometry's dimensionality.
    try:
        return shapely.transform(geom, _xy, include_z=None)
    except TypeError:  # pragma: no cover - shapely 2.0
        has_z = bool(np.any(shapely.has_z(geom)))
        return shapely.transform(geom, _xy, include_z=has_z)


def geometry_wgs_to_gcj(geom):
    """A WGS-84 geometry (or array of them) drawn in GCJ-02."""
    return transform_geometry(geom, wgs_to_gcj_array)


def geometry_gcj_to_wgs(geom):
    """A GCJ-02 geometry (or array of them) back in WGS-84."""
    return transform_geometry(geom, gcj_to_wgs_array)


_SCALAR_TO_ARRAY.update({wgs_to_gcj: wgs_to_gcj_array, gcj_to_wgs: gcj_to_wgs_array})
