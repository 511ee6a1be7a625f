"""Measure tool: geodesic lengths and areas against independent values, and formatting."""
import math

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from qxmap.gcj02 import wgs_to_gcj
from qxmap.measure import (
    format_area,
    format_distance,
    geometry_area_km2,
    geometry_length_m,
    path_length_m,
    polygon_area_km2,
    polygon_perimeter_m,
    segment_lengths_m,
)

# WGS-84 defining constants
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)


def test_degree_of_longitude_on_equator():
    # Along the equator a geodesic shorter than (1 - f) * 180 deg is the equator
    # itself: 1 deg is a * pi / 180 = 111319.4908 m.
    expected = A * math.pi / 180.0
    assert expected == pytest.approx(111319.49079, abs=1e-4)
    assert path_length_m([(0.0, 0.0), (1.0, 0.0)]) == pytest.approx(expected, abs=0.1)
    assert path_length_m([(114.0, 0.0), (116.0, 0.0), (117.0, 0.0)]) == pytest.approx(3 * expected, abs=0.3)


def test_meridian_arc_against_numerical_integral():
    # Meridian arc from 22 to 23 deg N, integrating the meridian radius of
    # curvature M = a (1 - e^2) / (1 - e^2 sin^2 phi)^1.5 (Simpson's rule).
    phi = np.radians(np.linspace(22.0, 23.0, 2001))
    m = A * (1 - E2) / (1 - E2 * np.sin(phi) ** 2) ** 1.5
    h = phi[1] - phi[0]
    arc = h / 3 * (m[0] + m[-1] + 4 * m[1:-1:2].sum() + 2 * m[2:-1:2].sum())
    assert path_length_m([(114.16, 22.0), (114.16, 23.0)]) == pytest.approx(arc, abs=0.01)
    # and the textbook value for the first degree from the equator: 110574.389 m
    assert path_length_m([(0.0, 0.0), (0.0, 1.0)]) == pytest.approx(110574.389, abs=0.01)


def test_short_paths():
    assert path_length_m([]) == 0.0
    assert path_length_m([(114.16, 22.85)]) == 0.0
    assert path_length_m([(114.16, 22.85), (114.16, 22.85)]) == 0.0
    legs = segment_lengths_m([(0, 0), (1, 0), (1, 1)])
    assert len(legs) == 2 and legs[0] == pytest.approx(A * math.pi / 180, abs=0.1)
    with pytest.raises(ValueError):
        path_length_m([(22.85, 114.16), (22.86, 114.16)])  # (lat, lon) by mistake
    with pytest.raises(ValueError):
        path_length_m([(float("nan"), 0.0), (1.0, 0.0)])


def _area_in_epsg4547_km2(w, s, e, n, steps=200):
    """Area of the lon/lat box, in CGCS2000 / 3-degree Gauss-Kruger CM 114E
    (EPSG:4547): edges densified, then the planar area (scale error at
    0.16 deg from the central meridian ~ 1e-5)."""
    lons = np.linspace(w, e, steps)
    lats = np.linspace(s, n, steps)
    ring = ([(x, s) for x in lons] + [(e, y) for y in lats[1:]]
            + [(x, n) for x in lons[::-1][1:]] + [(w, y) for y in lats[::-1][1:]])
    tr = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
    x, y = tr.transform([p[0] for p in ring], [p[1] for p in ring])
    return shapely.Polygon(list(zip(x, y))).area / 1e6


def test_area_of_small_square_in_qingxi():
    w, s, e, n = 114.15, 22.85, 114.16, 22.86
    expected = _area_in_epsg4547_km2(w, s, e, n)
    assert 1.1 < expected < 1.2  # ~1.026 km x 1.107 km
    ring = [(w, s), (e, s), (e, n), (w, n)]
    assert polygon_area_km2(ring) == pytest.approx(expected, rel=1e-3)
    # closed, reversed: the same
    assert polygon_area_km2(ring + [ring[0]]) == pytest.approx(polygon_area_km2(ring), rel=1e-12)
    assert polygon_area_km2(ring[::-1]) == pytest.approx(polygon_area_km2(ring), rel=1e-12)
    assert geometry_area_km2(shapely.Polygon(ring)) == pytest.approx(expected, rel=1e-3)
    perimeter = polygon_perimeter_m(ring)
    assert perimeter == pytest.approx(
        2 * path_length_m([(w, s), (e, s)]) + 2 * path_length_m([(e, s), (e, n)]), rel=1e-3)


def test_degenerate_areas():
    assert polygon_area_km2([]) == 0.0
    assert polygon_area_km2([(114.1, 22.8), (114.2, 22.8)]) == 0.0
    assert polygon_area_km2([(114.1, 22.8), (114.2, 22.8), (114.1, 22.8)]) == 0.0
    assert geometry_area_km2(shapely.LineString([(0, 0), (1, 1)])) == 0.0
    assert geometry_area_km2(None) == 0.0
    assert geometry_length_m(shapely.LineString([(0, 0), (1, 0)])) == pytest.approx(A * math.pi / 180, abs=0.1)


def test_gcj02_input_is_converted_back():
    wgs = [(114.15, 22.84), (114.17, 22.85), (114.18, 22.87)]
    gcj = [wgs_to_gcj(*p) for p in wgs]
    assert path_length_m(gcj, from_gcj02=True) == pytest.approx(path_length_m(wgs), abs=1e-4)
    assert polygon_area_km2(gcj, from_gcj02=True) == pytest.approx(polygon_area_km2(wgs), rel=1e-9)


@pytest.mark.parametrize("m,lang,text", [
    (0, "en", "0 m"),
    (850, "en", "850 m"),
    (850.4, "zh_CN", "850 米"),
    (999.4, "en", "999 m"),
    (999.6, "en", "1.00 km"),
    (1000, "en", "1.00 km"),
    (12340, "en", "12.34 km"),
    (12340, "zh_CN", "12.34 公里"),
    (12345.6, "zh-CN", "12.35 公里"),
    (1234567, "en", "1,234.57 km"),
])
def test_format_distance(m, lang, text):
    assert format_distance(m, lang) == text


@pytest.mark.parametrize("km2,lang,text", [
    (0, "en", "0 km²"),
    (1.17, "en", "1.17 km²"),
    (1.17, "zh_CN", "1.17 平方公里"),
    (34.5678, "zh", "34.57 平方公里"),
    (0.5234, "en", "0.523 km²"),
    (0.05234, "en", "0.0523 km²"),
    (0.0001234, "zh_CN", "0.000123 平方公里"),
    (0.9996, "en", "1.00 km²"),
    (1234.5, "en", "1,234.50 km²"),
])
def test_format_area(km2, lang, text):
    assert format_area(km2, lang) == text


def test_format_rejects_nonsense():
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            format_distance(bad, "en")
        with pytest.raises(ValueError):
            format_area(bad, "en")
