"""BD-09 (Baidu Maps) <-> GCJ-02 <-> WGS-84, for data traced on Baidu.

BD-09 is GCJ-02 (see :mod:`qxmap.gcj02`) rotated and shifted once more by
Baidu's published formula (``X_PI = pi * 3000 / 180``, offsets 0.0065 /
0.006); in Qingxi about +0.0065 deg lon, +0.0060 deg lat (~ 900 m) from
GCJ-02.  The forward formula is the one every coordinate library uses
(wandergis/coordtransform, hujiulong/gcoord, hutool ...); the usual inverse
(subtract the offsets, undo the rotation) is only approximate (~1e-6 deg), so
:func:`bd_to_gcj_array` starts there and iterates the forward formula, like
:func:`qxmap.gcj02.gcj_to_wgs`, to well under 1e-9 deg.

Only BD-09 longitude/latitude; Baidu's own Mercator metres (BD09MC) are not
handled.  Everything is ``(lon, lat)`` in degrees, vectorised over numpy
arrays.  Unlike GCJ-02 the BD-09 formula has no "outside China" exception.
"""
from __future__ import annotations

import math

import numpy as np

from qxmap import gcj02

__all__ = [
    "X_PI",
    "gcj_to_bd_array",
    "bd_to_gcj_array",
    "wgs_to_bd_array",
    "bd_to_wgs_array",
    "geometry_bd_to_wgs",
    "geometry_wgs_to_bd",
]

X_PI = math.pi * 3000.0 / 180.0
_DX, _DY = 0.0065, 0.006
_MAX_ITER = 20
_TOL = 1e-11


def _arrays(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon_a, lat_a = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon_a.astype(float, copy=True), lat_a.astype(float, copy=True)


def gcj_to_bd_array(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 -> BD-09 (the published forward formula)."""
    x, y = _arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta) + _DX, z * np.sin(theta) + _DY


def _bd_to_gcj_approx(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = lon - _DX
    y = lat - _DY
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def bd_to_gcj_array(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """BD-09 -> GCJ-02, the inverse of :func:`gcj_to_bd_array` to < 1e-9 deg."""
    b_lon, b_lat = _arrays(lon, lat)
    shape = b_lon.shape
    b_lon, b_lat = b_lon.reshape(-1), b_lat.reshape(-1)
    g_lon, g_lat = (np.array(v, dtype=float).reshape(-1) for v in _bd_to_gcj_approx(b_lon, b_lat))
    g_lon, g_lat = gcj02.invert_by_iteration(gcj_to_bd_array, b_lon, b_lat, g_lon, g_lat,
                                             max_iter=_MAX_ITER, tol=_TOL)
    return g_lon.reshape(shape), g_lat.reshape(shape)


def wgs_to_bd_array(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 -> BD-09 (through GCJ-02)."""
    lon, lat = _arrays(lon, lat)
    shape = lon.shape
    b_lon, b_lat = gcj_to_bd_array(*gcj02.wgs_to_gcj_array(lon.reshape(-1), lat.reshape(-1)))
    return b_lon.reshape(shape), b_lat.reshape(shape)


def bd_to_wgs_array(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """BD-09 -> WGS-84 (through GCJ-02, both steps inverted exactly)."""
    lon, lat = _arrays(lon, lat)
    shape = lon.shape
    # 1-d in and out: gcj02.gcj_to_wgs_array indexes its arrays (no 0-d arrays)
    g_lon, g_lat = bd_to_gcj_array(lon.reshape(-1), lat.reshape(-1))
    w_lon, w_lat = gcj02.gcj_to_wgs_array(g_lon, g_lat)
    return w_lon.reshape(shape), w_lat.reshape(shape)


def geometry_bd_to_wgs(geom):
    """A BD-09 geometry (or array of them) in WGS-84."""
    return gcj02.transform_geometry(geom, bd_to_wgs_array)


def geometry_wgs_to_bd(geom):
    """A WGS-84 geometry (or array of them) in BD-09."""
    return gcj02.transform_geometry(geom, wgs_to_bd_array)
