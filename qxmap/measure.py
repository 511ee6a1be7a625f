"""Measure-tool maths on the WGS-84 ellipsoid (geodesics, via pyproj.Geod).

Points are ``(lon, lat)`` in WGS-84 degrees.  On a GCJ-02 basemap the UI
turns clicks back into WGS-84 first (qxmap.gcj02.gcj_to_wgs), or passes
``from_gcj02=True`` and lets these functions do it.

Lengths are in metres, areas in km²; :func:`format_distance` and
:func:`format_area` write them for the status bar in Chinese or English.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

from pyproj import Geod

__all__ = [
    "GEOD",
    "path_length_m",
    "segment_lengths_m",
    "polygon_area_km2",
    "polygon_perimeter_m",
    "geometry_length_m",
    "geometry_area_km2",
    "format_distance",
    "format_area",
    "is_chinese",
]

GEOD = Geod(ellps="WGS84")

Point = Sequence[float]


def is_chinese(lang: str | None) -> bool:
    """True for zh, zh_CN, zh-CN, zh_Hans..."""
    return str(lang or "").lower().replace("-", "_").startswith("zh")


def _lonlats(points: Iterable[Point], from_gcj02: bool) -> tuple[list[float], list[float]]:
    lons: list[float] = []
    lats: list[float] = []
    for p in points:
        lon, lat = float(p[0]), float(p[1])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError(f"not a coordinate: {p!r}")
        if not -90.0 <= lat <= 90.0:
            raise ValueError(f"latitude out of range (points are (lon, lat)): {p!r}")
        lons.append(lon)
        lats.append(lat)
    if from_gcj02 and lons:
        from qxmap.gcj02 import gcj_to_wgs_array

        x, y = gcj_to_wgs_array(lons, lats)
        lons, lats = x.tolist(), y.tolist()
    return lons, lats


def segment_lengths_m(points: Iterable[Point], *, from_gcj02: bool = False) -> list[float]:
    """Geodesic length of each segment of the path, in metres."""
    lons, lats = _lonlats(points, from_gcj02)
    if len(lons) < 2:
        return []
    _, _, dist = GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    return [float(d) for d in dist]


def path_length_m(points: Iterable[Point], *, from_gcj02: bool = False) -> float:
    """Geodesic length of the path through *points* (lon, lat), in metres;
    0 for fewer than two points."""
    return float(sum(segment_lengths_m(points, from_gcj02=from_gcj02)))


def _open_ring(lons: list[float], lats: list[float]) -> tuple[list[float], list[float]]:
    if len(lons) > 1 and lons[0] == lons[-1] and lats[0] == lats[-1]:
        return lons[:-1], lats[:-1]
    return lons, lats


def polygon_area_km2(points: Iterable[Point], *, from_gcj02: bool = False) -> float:
    """Geodesic area enclosed by the ring through *points* (closed or not,
    either orientation), in km²; 0 for fewer than three points."""
    lons, lats = _open_ring(*_lonlats(points, from_gcj02))
    if len(lons) < 3:
        return 0.0
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(float(area)) / 1e6


def polygon_perimeter_m(points: Iterable[Point], *, from_gcj02: bool = False) -> float:
    """Geodesic perimeter of the closed ring through *points*, in metres."""
    lons, lats = _open_ring(*_lonlats(points, from_gcj02))
    if len(lons) < 2:
        return 0.0
    _, perimeter = GEOD.polygon_area_perimeter(lons, lats)
    return float(perimeter)


def geometry_length_m(geom) -> float:
    """Geodesic length of a shapely (multi)line, or perimeter of a polygon, in m."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geom))


def geometry_area_km2(geom) -> float:
    """Geodesic area of a shapely (multi)polygon in km² (0 for points/lines)."""
    if geom is None or geom.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(float(area)) / 1e6


def format_distance(m: float, lang: str = "zh_CN") -> str:
    """"850 m" / "12.34 km" (English), "850 米" / "12.34 公里" (Chinese).

    Below 1 km: whole metres; from 1 km: km with two decimals (thousands
    grouped with ",", as both locales do).
    """
    m = float(m)
    if not math.isfinite(m) or m < 0:
        raise ValueError(f"not a distance: {m!r}")
    zh = is_chinese(lang)
    metres = round(m)
    if metres < 1000:
        return f"{metres} 米" if zh else f"{metres} m"
    km = f"{m / 1000.0:,.2f}"
    return f"{km} 公里" if zh else f"{km} km"


def format_area(km2: float, lang: str = "zh_CN") -> str:
    """"0.523 km²" / "12.34 km²" (English), "0.523 平方公里" (Chinese).

    From 1 km²: two decimals; below: three significant digits, so a small
    plot does not read "0.00".
    """
    km2 = float(km2)
    if not math.isfinite(km2) or km2 < 0:
        raise ValueError(f"not an area: {km2!r}")
    if km2 == 0:
        text = "0"
    elif km2 >= 1 or round(km2, 2) >= 1:
        text = f"{km2:,.2f}"
    else:
        decimals = 2 - math.floor(math.log10(km2))  # three significant digits
        text = f"{km2:.{decimals}f}"
        if float(text) >= 1:  # 0.9996 rounds up to 1.000
            text = f"{km2:,.2f}"
    unit = "平方公里" if is_chinese(lang) else "km²"
    return f"{text} {unit}"
