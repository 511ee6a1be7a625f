"""Coordinate systems of imported data: parse, guess, check, convert to WGS-84.

A layer's coordinates are turned into WGS-84 longitude/latitude (2-D) with
:func:`to_wgs84`, from

- any CRS pyproj knows (``"EPSG:4547"``, a WKT, a ``.prj``'s text), or
- :data:`GCJ02` (``"GCJ-02"``, AMap/Gaode, Tencent: converted with
  :mod:`qxmap.gcj02`) or :data:`BD09` (``"BD-09"``, Baidu: :mod:`.bd09`),
  longitude/latitude on those maps, which no file can declare.

Where a file declares nothing, :func:`guess_crs` proposes candidates from the
numbers alone, each with a confidence:

- longitude/latitude degrees (EPSG:4326);
- CGCS2000 3-degree Gauss-Krüger *with* the zone prefix (x like 38 xxx xxx:
  zone 38, EPSG:4526; zones 25-45 = EPSG:4513-4533) and 6-degree with prefix
  (x like 20 xxx xxx; EPSG:4491-4501);
- CGCS2000 3-degree Gauss-Krüger *without* the prefix (x like 3xx xxx-6xx
  xxx; EPSG:4534-4554, CM 75°E-135°E).  The numbers cannot tell the zone: a
  ``near`` point (the centre of the data already open) picks it, e.g. CM 114°E
  = EPSG:4547 for Dongguan; without one these candidates stay "low";
- Web Mercator (EPSG:3857);
- each of those with x and y swapped (surveyors write X = northing first).

A candidate must put the data in China on land (:func:`in_china`, a coarse
outline, ~50 km): nothing here knows where Qingxi is.  What is "far away" is
judged against the data's own extent (:func:`far_from_bulk`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from qxmap import gcj02, projections
from qxmap.words import Words
from qxmap.importing import bd09

#: Pseudo-CRS names for longitude/latitude on Chinese web maps (not EPSG codes).
GCJ02 = "GCJ-02"
BD09 = "BD-09"
WGS84 = "EPSG:4326"

_GCJ_ALIASES = {"GCJ-02", "GCJ02", "GCJ", "AMAP", "GAODE", "高德", "火星坐标", "火星", "TENCENT", "腾讯",
                "国测局", "GCJ-02 (AMAP)"}
_BD_ALIASES = {"BD-09", "BD09", "BD09LL", "BAIDU", "百度", "百度坐标"}


class CrsError(ValueError):
    """A coordinate system that cannot be used (unknown name, no conversion to WGS-84)."""


@dataclass(frozen=True)
class CoordSystem:
    """A parsed coordinate system: ``kind`` ``"proj"`` (``crs`` set), ``"gcj02"`` or ``"bd09"``."""

    kind: str
    name: str                 # how to write it back ("EPSG:4547", "GCJ-02", a WKT)
    crs: CRS | None = None

    @property
    def label(self) -> str:
        return describe(self)

    @property
    def is_wgs84(self) -> bool:
        return self.kind == "proj" and _is_wgs84(self.crs)


def _is_wgs84(crs: CRS | None) -> bool:
    if crs is None:
        return False
    try:
        if crs.to_epsg() == 4326:
            return True
    except CRSError:  # pragma: no cover
        return False
    return "CRS84" in crs.to_string()


def parse_crs(value) -> CoordSystem:
    """A user's or a file's CRS (string, pyproj CRS, EPSG integer) -> :class:`CoordSystem`.

    Accepts ``"GCJ-02"``/``"AMap"``/``"高德"`` and ``"BD-09"``/``"Baidu"``/``"百度"``
    besides anything pyproj reads; raises :class:`CrsError` otherwise."""
    if isinstance(value, CoordSystem):
        return value
    if isinstance(value, CRS):
        crs = value
    else:
        text = str(value).strip()
        key = text.upper().replace(" ", "")
        if key in {a.replace(" ", "") for a in _GCJ_ALIASES}:
            return CoordSystem("gcj02", GCJ02)
        if key in _BD_ALIASES:
            return CoordSystem("bd09", BD09)
        if text.isdigit():
            text = f"EPSG:{text}"
        try:
            crs = CRS.from_user_input(text)
        except CRSError as exc:
            raise CrsError(Words("unknown coordinate system '%1' (expected e.g. EPSG:4326, EPSG:4547, GCJ-02 "
                                 "or BD-09)", value)) from exc
    epsg = None
    try:
        epsg = crs.to_epsg(min_confidence=70)
    except CRSError:  # pragma: no cover
        pass
    name = f"EPSG:{epsg}" if epsg else crs.to_wkt()
    return CoordSystem("proj", name, CRS.from_epsg(epsg) if epsg else crs)


def describe(cs) -> str:
    """A one-line name: ``"EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)"``."""
    cs = parse_crs(cs)
    if cs.kind == "gcj02":
        return "GCJ-02 (AMap/Gaode longitude/latitude)"
    if cs.kind == "bd09":
        return "BD-09 (Baidu longitude/latitude)"
    if cs.name.startswith("EPSG:"):
        return f"{cs.name} ({cs.crs.name})"
    return cs.crs.name


def _transformer(name: str) -> Transformer:
    return projections.transformer(name, "EPSG:4326")


def _swap(coords: np.ndarray) -> np.ndarray:
    return coords[:, ::-1].copy()


def to_wgs84(geoms, crs, swap_xy: bool = False) -> np.ndarray:
    """An array of shapely geometries (None allowed) from *crs* to WGS-84
    longitude/latitude, 2-D.  Vectorised: one pyproj call for all vertices."""
    geoms = np.asarray(geoms, dtype=object)
    cs = parse_crs(crs)
    if swap_xy:
        geoms = shapely.transform(geoms, _swap)
    if cs.kind == "gcj02":
        return np.asarray(gcj02.transform_geometry(geoms, gcj02.gcj_to_wgs_array), dtype=object)
    if cs.kind == "bd09":
        return np.asarray(bd09.geometry_bd_to_wgs(geoms), dtype=object)
    if _is_wgs84(cs.crs):
        return geoms
    try:
        transformer = _transformer(cs.crs.to_wkt() if not cs.name.startswith("EPSG:") else cs.name)
    except Exception as exc:  # pyproj raises several kinds
        raise CrsError(Words("no conversion from %1 to WGS-84: %2", describe(cs), exc)) from exc

    def forward(coords: np.ndarray) -> np.ndarray:
        x, y = projections.transform_columns(transformer, coords)
        return np.column_stack([x, y])

    return shapely.transform(geoms, forward)


def to_wgs84_xy(x, y, crs, swap_xy: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Points (arrays of x, y) from *crs* to WGS-84 (lon, lat)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if swap_xy:
        x, y = y, x
    cs = parse_crs(crs)
    if cs.kind == "gcj02":
        return gcj02.gcj_to_wgs_array(x, y)
    if cs.kind == "bd09":
        return bd09.bd_to_wgs_array(x, y)
    if _is_wgs84(cs.crs):
        return x.copy(), y.copy()
    with np.errstate(all="ignore"):
        lon, lat = _transformer(cs.name if cs.name.startswith("EPSG:") else cs.crs.to_wkt()).transform(x, y)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


# --------------------------------------------------------------------------
# Where is China? (a coarse outline: a plausibility check, not a border)

# Mainland, Hainan and Taiwan, traced coarsely (~20-50 km) from memory of the
# coast and the land borders; buffered by _CHINA_MARGIN degrees below.
_MAINLAND = [
    (134.7, 48.4), (133.5, 46.0), (132.4, 45.0), (131.2, 44.0), (131.0, 42.9), (130.6, 42.4),
    (128.1, 41.9), (126.2, 41.1), (124.3, 39.9), (122.2, 39.5), (121.2, 38.7), (122.2, 40.5),
    (121.0, 40.8), (119.6, 39.9), (117.8, 39.0), (117.6, 38.4), (118.9, 37.9), (119.9, 37.2),
    (120.8, 37.8), (122.2, 37.5), (122.7, 37.4), (122.4, 36.9), (120.3, 36.0), (119.5, 35.4),
    (119.4, 34.7), (120.5, 33.5), (121.0, 32.5), (121.9, 31.7), (121.95, 31.0), (121.0, 30.6),
    (122.3, 30.0), (121.9, 29.5), (121.6, 28.6), (120.8, 27.9), (120.3, 27.2), (119.7, 26.0),
    (119.2, 25.3), (118.1, 24.4), (117.3, 23.7), (116.7, 23.3), (115.4, 22.8), (114.8, 22.6),
    (114.2, 22.2), (113.55, 22.1), (111.9, 21.8), (110.4, 21.2), (110.2, 20.25), (109.8, 20.9),
    (109.1, 21.4), (108.3, 21.6), (107.95, 21.5), (106.7, 22.0), (106.0, 22.9), (105.3, 23.3),
    (104.3, 22.7), (103.0, 22.5), (102.2, 22.4), (101.7, 21.15), (101.1, 21.5), (100.1, 21.5),
    (99.2, 22.1), (98.7, 23.9), (97.5, 23.9), (98.7, 25.9), (98.7, 27.6), (97.5, 28.3),
    (96.0, 28.9), (94.0, 27.8), (92.0, 27.8), (89.0, 27.3), (88.1, 27.9), (86.0, 27.9),
    (84.0, 28.5), (82.0, 30.0), (81.0, 30.2), (79.0, 31.0), (78.7, 32.5), (79.5, 34.0),
    (78.0, 35.5), (75.5, 36.8), (74.8, 37.3), (73.6, 39.0), (75.0, 40.4), (76.5, 40.4),
    (78.5, 41.5), (80.2, 42.2), (80.8, 44.9), (82.5, 45.2), (82.8, 46.9), (85.5, 47.1),
    (86.6, 48.5), (87.8, 49.2), (88.9, 48.1), (90.6, 47.0), (90.7, 45.5), (93.5, 44.9),
    (95.4, 44.3), (96.4, 42.7), (100.0, 42.6), (101.8, 42.5), (105.0, 41.6), (107.5, 42.4),
    (110.4, 42.8), (111.9, 43.7), (114.5, 44.8), (116.6, 46.3), (118.8, 46.9), (119.9, 46.7),
    (117.4, 47.6), (115.6, 47.9), (117.8, 49.5), (119.9, 50.3), (120.9, 52.0), (120.8, 53.3),
    (122.4, 53.5), (125.5, 53.0), (127.5, 50.2), (130.0, 49.0), (131.0, 47.7), (132.6, 47.7),
]
_HAINAN = [(108.6, 19.1), (109.6, 18.2), (110.5, 18.7), (111.0, 19.6), (110.6, 20.1), (109.6, 20.0)]
_TAIWAN = [(120.1, 23.0), (120.7, 22.0), (121.9, 24.8), (121.5, 25.3)]
_CHINA_MARGIN = 0.4  # degrees (~40 km): coastal islands and border areas stay "in China"
_CHINA = shapely.MultiPolygon([shapely.Polygon(_MAINLAND), shapely.Polygon(_HAINAN),
                               shapely.Polygon(_TAIWAN)]).buffer(_CHINA_MARGIN)
shapely.prepare(_CHINA)


def in_china(lon, lat) -> np.ndarray:
    """Boolean array: (lon, lat) on China's land (coarse outline, ~50 km); NaN -> False."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    out = np.zeros(lon.shape, dtype=bool)
    if ok.any():
        out[ok] = shapely.contains_xy(_CHINA, lon[ok], lat[ok])
    return out


def distance_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance (haversine, km), vectorised."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def far_from_bulk(lon, lat, factor: float = 10.0, min_km: float = 2.0) -> np.ndarray:
    """Boolean array: points far from the bulk of the others.

    The bulk is the median point; a point is far when its distance from it is
    more than *factor* times the median distance (and more than *min_km*).
    Judged on the data alone (no fixed box); NaN points are never far; fewer
    than 3 points are never far."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    out = np.zeros(lon.shape, dtype=bool)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.sum() < 3:
        return out
    c_lon, c_lat = np.median(lon[ok]), np.median(lat[ok])
    d = distance_km(lon[ok], lat[ok], c_lon, c_lat)
    scale = float(np.median(d))
    out[ok] = d > max(factor * scale, min_km)
    return out


# --------------------------------------------------------------------------
# Guessing


@dataclass(frozen=True)
class CrsCandidate:
    """A coordinate system the numbers fit, with how sure (``confidence``:
    "high", "medium", "low"; ``score`` 0-1 ranks them) and why."""

    crs: str                # "EPSG:4547"
    label: str              # "CGCS2000 / 3-degree Gauss-Kruger CM 114E"
    confidence: str
    score: float
    reason: str
    swap_xy: bool = False
    #: Centre of the data with this CRS, WGS-84 (lon, lat).
    centre: tuple[float, float] | None = None

    def as_dict(self) -> dict:
        return {"crs": self.crs, "label": self.label, "confidence": self.confidence,
                "score": round(self.score, 3), "reason": self.reason, "swap_xy": self.swap_xy,
                "centre": None if self.centre is None else [round(self.centre[0], 5), round(self.centre[1], 5)]}


def sample_xy(geoms, max_geoms: int = 2000, max_points: int = 20000) -> np.ndarray:
    """Up to *max_points* vertices (n x 2) of up to *max_geoms* geometries, evenly spread."""
    geoms = np.asarray(geoms, dtype=object)
    present = np.flatnonzero(np.array([g is not None for g in geoms], dtype=bool)) if len(geoms) else []
    if len(present) > max_geoms:
        present = present[np.linspace(0, len(present) - 1, max_geoms).astype(int)]
    if not len(present):
        return np.empty((0, 2))
    xy = shapely.get_coordinates(geoms[present])
    if len(xy) > max_points:
        xy = xy[np.linspace(0, len(xy) - 1, max_points).astype(int)]
    return xy[np.isfinite(xy).all(axis=1)]


def _level(score: float) -> str:
    return "high" if score >= 0.85 else "medium" if score >= 0.6 else "low"


def _candidate_list(x: np.ndarray, y: np.ndarray, swapped: bool) -> list[tuple[str, float, str]]:
    """(crs, base weight, reason) of the families the numbers (x = easting) fit."""
    out: list[tuple[str, float, str]] = []
    ax, ay = np.abs(x), np.abs(y)
    if (ax <= 180).all() and (ay <= 90).all():
        out.append((WGS84, 1.0, Words("numbers are longitude/latitude degrees")))
        return out
    if (ax <= 20037509).all() and (ay <= 20037509).all() and np.median(ax) > 1e6:
        out.append(("EPSG:3857", 0.95, Words("numbers fit Web Mercator metres")))
    zones = np.floor(x / 1e6)
    if ((x >= 25e6) & (x < 46e6)).all() and ((y > 0) & (y < 1e7)).all():
        zone = int(np.bincount(zones.astype(int)).argmax())
        if 25 <= zone <= 45:
            out.append((f"EPSG:{4488 + zone}", 1.0,
                        Words("x carries the 3-degree zone number %1 (x like %1xxxxxx)", zone)))
    if ((x >= 13e6) & (x < 24e6)).all() and ((y > 0) & (y < 1e7)).all():
        zone = int(np.bincount(zones.astype(int)).argmax())
        if 13 <= zone <= 23:
            out.append((f"EPSG:{4478 + zone}", 0.9,
                        Words("x carries the 6-degree zone number %1 (x like %1xxxxxx)", zone)))
    if ((x > 1e5) & (x < 9e5)).all() and ((y > 1e5) & (y < 1e7)).all():
        for cm in range(75, 136, 3):
            out.append((f"EPSG:{4534 + (cm - 75) // 3}", 0.55,
                        Words("Gauss-Krüger metres without zone prefix (x 100 000-900 000); CM %1°E is one of "
                              "the possible zones", cm)))
    return out


def guess_crs(geoms, near: tuple[float, float] | None = None, limit: int = 6) -> list[CrsCandidate]:
    """Candidate CRSs for geometries that declare none, best first (see the module docstring).

    *near* (lon, lat), e.g. the centre of the open dataset, breaks the ties the
    numbers cannot (the zone of Gauss-Krüger metres without prefix) and ranks
    candidates that put the data within ~50 km of it higher.  Empty list: the
    numbers fit nothing known (local CAD coordinates?)."""
    xy = geoms if isinstance(geoms, np.ndarray) and geoms.dtype != object and geoms.ndim == 2 else sample_xy(geoms)
    if not len(xy):
        return []
    found: list[CrsCandidate] = []
    for swapped in (False, True):
        x, y = (xy[:, 1], xy[:, 0]) if swapped else (xy[:, 0], xy[:, 1])
        for code, weight, reason in _candidate_list(x, y, swapped):
            lon, lat = to_wgs84_xy(x, y, code)
            inside = in_china(lon, lat)
            share = float(inside.mean())
            if share < 0.5:
                continue
            c_lon, c_lat = float(np.median(lon[inside])), float(np.median(lat[inside]))
            score = weight * share
            why = reason
            if swapped:
                score *= 0.9
                why = Words("%1; %2", why, Words("x and y swapped (surveying order: X = northing)"))
            if near is not None:
                d = float(distance_km(c_lon, c_lat, near[0], near[1]))
                if d <= 100:
                    score = min(1.0, score + (0.3 if weight < 0.9 else 0.1))
                    why = Words("%1; %2", why, Words("puts the data %1 km from the open data", f"{d:.0f}"))
                elif d > 500:
                    score *= 0.6
                    why = Words("%1; %2", why, Words("puts the data %1 km from the open data", f"{d:.0f}"))
            if share < 1:
                why = Words("%1; %2", why, Words("%1 of the points would fall outside China", f"{1 - share:.0%}"))
            found.append(CrsCandidate(code, CRS.from_user_input(code).name, _level(score), score, why,
                                      swap_xy=swapped, centre=(c_lon, c_lat)))
    found.sort(key=lambda c: -c.score)
    return found[:limit]


def check_placement(geoms_wgs84, crs_label: str) -> list[str]:
    """Warnings about WGS-84 geometries as placed by a CRS: outside China or at sea."""
    geoms = np.asarray(geoms_wgs84, dtype=object)
    if not len(geoms):
        return []
    with np.errstate(invalid="ignore"):
        bounds = shapely.bounds(geoms)
    cx = (bounds[:, 0] + bounds[:, 2]) / 2
    cy = (bounds[:, 1] + bounds[:, 3]) / 2
    ok = np.isfinite(cx) & np.isfinite(cy)
    if not ok.any():
        return []
    inside = in_china(cx[ok], cy[ok])
    if inside.all():
        return []
    n_out = int((~inside).sum())
    lon, lat = float(np.median(cx[ok])), float(np.median(cy[ok]))
    where = Words("centre %1, %2", f"{lon:.4f}", f"{lat:.4f}") if abs(lon) <= 180 and abs(lat) <= 90 \
        else Words("not longitude/latitude")
    if inside.any():
        return [Words("with %1, %2 of %3 features fall outside China or at sea (%4)", crs_label, n_out, len(inside),
                      where)]
    return [Words("with %1, the data falls outside China or at sea (%2): is the coordinate system right?", crs_label,
                  where)]


def centre_of(geoms_wgs84) -> tuple[float, float] | None:
    """Median centre (lon, lat) of WGS-84 geometries, or None."""
    geoms = np.asarray(geoms_wgs84, dtype=object)
    if not len(geoms):
        return None
    with np.errstate(invalid="ignore"):
        b = shapely.bounds(geoms)
    cx = (b[:, 0] + b[:, 2]) / 2
    cy = (b[:, 1] + b[:, 3]) / 2
    ok = np.isfinite(cx) & np.isfinite(cy)
    if not ok.any():
        return None
    return float(np.median(cx[ok])), float(np.median(cy[ok]))


def feature_centres(geoms_wgs84) -> tuple[np.ndarray, np.ndarray]:
    """Centre of each geometry's bounds (NaN where none)."""
    geoms = np.asarray(geoms_wgs84, dtype=object)
    with np.errstate(invalid="ignore"):
        b = shapely.bounds(geoms) if len(geoms) else np.empty((0, 4))
    return (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2


def is_finite_box(bounds) -> bool:
    return bounds is not None and all(isinstance(v, float) and math.isfinite(v) for v in bounds)
