"""Coordinate systems of the georeferencing.

A :class:`CRSRef` is a small, serialisable reference to the grid a transform
maps pixels into: an EPSG code (``EPSG:4547`` CGCS2000 / 3-degree Gauss-Krüger
CM 114E, ``EPSG:32649`` UTM 49N, ``EPSG:4326`` degrees...) or a local
transverse Mercator centred on a point (scale 1 there, so metres in it are
true metres to ~1e-7 over a town; the control-point fits use one centred on
their points).  Never a free PROJ string: a reference read from a workspace
is a number or two, checked.

:func:`guess_crs` tells degrees from Gauss-Krüger (with or without the zone
prefix) from UTM for a world file or GeoTIFF that carries no CRS.

CGCS2000 and WGS-84 differ by centimetres; pyproj treats them as the same
datum ("ballpark"), which is what the map needs.  Xi'an 1980 or Beijing 1954
grids (tens to a hundred metres off) look the same by their numbers and are
only used when given explicitly (``EPSG:2383``, ...).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from qxmap.words import Words

from .errors import GeorefError, finite_number

__all__ = [
    "QINGXI",
    "WGS84",
    "CRSRef",
    "CRSGuess",
    "parse_crs",
    "guess_crs",
]

#: Centre of Qingxi town (lon, lat), the default hint of :func:`guess_crs`.
QINGXI = (114.16, 22.84)



@dataclass(frozen=True)
class CRSRef:
    """An EPSG code, or a local transverse Mercator at ``tmerc_origin`` (lon, lat)."""

    epsg: int | None = None
    tmerc_origin: tuple[float, float] | None = None

    def __post_init__(self):
        if (self.epsg is None) == (self.tmerc_origin is None):
            raise GeorefError("bad_crs", Words("a CRS is either an EPSG code or a local transverse Mercator origin"))
        if self.epsg is not None:
            if isinstance(self.epsg, bool) or not isinstance(self.epsg, (int, np.integer)) \
                    or not 1024 <= int(self.epsg) <= 999_999:
                raise GeorefError("bad_crs", Words("not an EPSG code: %1", repr(self.epsg)))
            object.__setattr__(self, "epsg", int(self.epsg))
            _check_usable(self)
        else:
            lon0 = finite_number(self.tmerc_origin[0], "tmerc_origin lon")
            lat0 = finite_number(self.tmerc_origin[1], "tmerc_origin lat")
            if not (-180.0 <= lon0 <= 180.0 and -80.0 <= lat0 <= 80.0):
                raise GeorefError("bad_crs", Words("local transverse Mercator origin out of range: %1, %2", lon0, lat0))
            object.__setattr__(self, "tmerc_origin", (lon0, lat0))

    @classmethod
    def from_epsg(cls, code: int) -> "CRSRef":
        return cls(epsg=code)

    @classmethod
    def local_tm(cls, lon0: float, lat0: float) -> "CRSRef":
        return cls(tmerc_origin=(lon0, lat0))

    @property
    def pyproj_crs(self) -> CRS:
        return _pyproj_crs(self)

    @property
    def is_geographic(self) -> bool:
        return self.epsg is not None and self.pyproj_crs.is_geographic

    @property
    def is_metric(self) -> bool:
        """Grid units are metres (needed to fit control points in it)."""
        crs = self.pyproj_crs
        return crs.is_projected and all(a.unit_name in ("metre", "meter") for a in crs.axis_info[:2])

    @property
    def label(self) -> str:
        if self.epsg is not None:
            return f"EPSG:{self.epsg} {self.pyproj_crs.name}"
        lon0, lat0 = self.tmerc_origin
        return f"local transverse Mercator at {lon0:.5f}E {lat0:.5f}N"

    def to_wgs84(self, x, y):
        """Grid coordinates -> (lon, lat) in WGS-84 degrees (arrays or floats)."""
        if self.epsg == 4326:
            return x, y
        return _transformers(self)[0].transform(x, y)

    def from_wgs84(self, lon, lat):
        """(lon, lat) in WGS-84 degrees -> grid coordinates (arrays or floats)."""
        if self.epsg == 4326:
            return lon, lat
        return _transformers(self)[1].transform(lon, lat)

    def to_dict(self) -> dict:
        if self.epsg is not None:
            return {"epsg": self.epsg}
        return {"tmerc_origin": [self.tmerc_origin[0], self.tmerc_origin[1]]}

    @classmethod
    def from_dict(cls, data: Any, field: str = "crs") -> "CRSRef":
        """From :meth:`to_dict`'s output; ValueError (GeorefError) naming *field* otherwise."""
        if not isinstance(data, dict):
            raise GeorefError("bad_crs", Words("%1: expected an object, got %2", field, type(data).__name__))
        keys = set(data) & {"epsg", "tmerc_origin"}
        if len(keys) != 1:
            raise GeorefError("bad_crs", Words("%1: expected exactly one of 'epsg' or 'tmerc_origin'", field))
        try:
            if "epsg" in keys:
                code = data["epsg"]
                if isinstance(code, bool) or not isinstance(code, int):
                    raise GeorefError("bad_crs", Words("expected an integer EPSG code, got %1", repr(code)))
                return cls(epsg=code)
            origin = data["tmerc_origin"]
            if not isinstance(origin, (list, tuple)) or len(origin) != 2:
                raise GeorefError("bad_crs", Words("expected [lon, lat]"))
            return cls(tmerc_origin=(origin[0], origin[1]))
        except GeorefError as exc:
            raise GeorefError("bad_crs", Words("%1: %2", field, exc.message)) from None

    def __str__(self) -> str:
        return self.label



@functools.lru_cache(maxsize=64)
def _pyproj_crs(ref: CRSRef) -> CRS:
    if ref.epsg is not None:
        try:
            return CRS.from_epsg(ref.epsg)
        except CRSError:
            raise GeorefError("unknown_crs", Words("EPSG:%1 is not a coordinate system pyproj knows",
                                                    ref.epsg)) from None
    lon0, lat0 = ref.tmerc_origin
    return CRS.from_dict({"proj": "tmerc", "lat_0": lat0, "lon_0": lon0, "k": 1.0,
                          "x_0": 0.0, "y_0": 0.0, "datum": "WGS84", "units": "m", "no_defs": True})


def _check_usable(ref: CRSRef) -> None:
    crs = _pyproj_crs(ref)
    if not (crs.is_projected or crs.is_geographic) or len(crs.axis_info) < 2:
        raise GeorefError("bad_crs", Words("EPSG:%1 (%2) is not a horizontal coordinate system", ref.epsg, crs.name))


@functools.lru_cache(maxsize=64)
def _transformers(ref: CRSRef) -> tuple[Transformer, Transformer]:
    crs = _pyproj_crs(ref)
    wgs = CRS.from_epsg(4326)
    return (Transformer.from_crs(crs, wgs, always_xy=True),
            Transformer.from_crs(wgs, crs, always_xy=True))


WGS84 = CRSRef(epsg=4326)


def parse_crs(value: Any) -> CRSRef:
    """A CRSRef from ``4547``, ``"4547"``, ``"EPSG:4547"`` or a CRSRef."""
    if isinstance(value, CRSRef):
        return value
    if isinstance(value, str):
        text = value.strip().upper()
        if text.startswith("EPSG:"):
            text = text[5:]
        if not text.isdigit() or len(text) > 6:
            raise GeorefError("bad_crs", Words("not an EPSG code: %1 (write e.g. EPSG:4547)", repr(value)))
        return CRSRef(epsg=int(text))
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return CRSRef(epsg=int(value))
    raise GeorefError("bad_crs", Words("not an EPSG code: %1", repr(value)))


@dataclass(frozen=True)
class CRSGuess:
    """The CRS a world file's numbers point to, and why (for the UI to show)."""

    crs: CRSRef
    reason: str
    guessed: bool = True


def _distance_km(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def guess_crs(x: float, y: float, *, near: Sequence[float] = QINGXI, radius_km: float = 150.0) -> CRSGuess:
    """Guess the CRS of grid coordinates (x, y) (e.g. a world file's origin).

    - within ±180/±90: degrees (EPSG:4326; CGCS2000 degrees are the same to cm);
    - an easting with a zone prefix (``38 516 422``): CGCS2000 3-degree
      Gauss-Krüger zone 25-45 (EPSG:4513-4533) or 6-degree zone 13-23
      (EPSG:4491-4501);
    - else, the first of CGCS2000 3-degree Gauss-Krüger on the central
      meridian nearest *near* (EPSG:4547 around Dongguan), the UTM zone of
      *near* (EPSG:32649) and its neighbours, CGCS2000 6-degree Gauss-Krüger
      (EPSG:4508), that puts (x, y) within *radius_km* of *near*.

    GeorefError ``unknown_crs`` when none fits: the caller asks for an EPSG code.
    """
    x = finite_number(x, "x")
    y = finite_number(y, "y")
    if -180.0 <= x <= 180.0 and -90.0 <= y <= 90.0:
        return CRSGuess(WGS84, Words("the coordinates are within ±180/±90: taken as WGS-84 degrees"))
    if 1.0e7 <= x < 1.0e8:
        zone = int(x // 1.0e6)
        if 25 <= zone <= 45:
            return CRSGuess(CRSRef(epsg=4513 + zone - 25), Words(
                "the easting starts with zone %1: taken as CGCS2000 3-degree Gauss-Krüger zone %1", zone))
        if 13 <= zone <= 23:
            return CRSGuess(CRSRef(epsg=4491 + zone - 13), Words(
                "the easting starts with zone %1: taken as CGCS2000 6-degree Gauss-Krüger zone %1", zone))
    near_lon = finite_number(near[0], "near lon")
    near_lat = finite_number(near[1], "near lat")
    candidates: list[tuple[int, str]] = []
    cm3 = 3 * round(near_lon / 3)
    if 75 <= cm3 <= 135:
        candidates.append((4534 + (cm3 - 75) // 3, f"CGCS2000 3-degree Gauss-Krüger CM {cm3}E"))
    utm = int((near_lon + 180) // 6) + 1
    north = near_lat >= 0
    for z in (utm, utm - 1, utm + 1):
        if 1 <= z <= 60:
            candidates.append(((32600 if north else 32700) + z, f"WGS-84 UTM zone {z}{'N' if north else 'S'}"))
    cm6 = 6 * math.floor(near_lon / 6) + 3
    if 75 <= cm6 <= 135:
        candidates.append((4502 + (cm6 - 75) // 6, f"CGCS2000 6-degree Gauss-Krüger CM {cm6}E"))
    if 0 < x < 1.0e7 and -1.0e7 < y < 1.0e7:
        for code, name in candidates:
            ref = CRSRef(epsg=code)
            lon, lat = ref.to_wgs84(x, y)
            if math.isfinite(lon) and math.isfinite(lat) and _distance_km(lon, lat, near_lon, near_lat) <= radius_km:
                return CRSGuess(ref, Words("the coordinates fall within %1 km of %2E %3N as %4 (EPSG:%5)",
                                           f"{radius_km:g}", f"{near_lon:.2f}", f"{near_lat:.2f}", name, code))
    raise GeorefError("unknown_crs", Words("cannot tell the coordinate system of (%1, %2): give its EPSG code "
                                           "(e.g. EPSG:4547 for CGCS2000 3-degree Gauss-Krüger CM 114E)",
                                           f"{x:.3f}", f"{y:.3f}"))
