"""The rules for putting a record on the map, in one place (Qt-free).

A geometry drawn in the app (qxmap/ui/drawtool.py), given to ``qxmap
set-geometry`` or made by splitting or merging roads is checked here before
any record holds it: the right type for the layer, finite WGS-84
coordinates, enough distinct vertices, a valid (not self-intersecting)
shape, and within :data:`MAX_OUTSIDE_KM` of the data's extent.  Each refusal
is one :class:`GeometryProblem` whose message says what is wrong.

The changes themselves are value objects like :class:`qxmap.editing.Edit`:

* :class:`GeometryEdit` - a record's geometry and its ``geometry_accuracy``
  change together (a not-yet-mapped record becomes "drawn" or "traced"; a
  geometry deleted makes it "unmapped" again);
* :class:`RecordEdit` - a record comes into being (a road the report does
  not name, the second half of a split) or is removed (the second road of a
  merge), with its attributes and geometry, so that undo restores it exactly.

History rows hold geometries as WKT (:func:`history_text`);
:func:`change_text` writes a change as a size ("0 -> 2.31 km").
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from qxmap import schema
from qxmap.dataset import is_missing
from qxmap.editing import normalise
from qxmap.words import Words

#: How far outside the data's extent (km) a geometry may reach.
MAX_OUTSIDE_KM = 50.0
#: The accuracy of a geometry drawn by hand, and of one traced over a plan drawing.
DRAWN = "drawn"
TRACED = "traced"
UNMAPPED = "unmapped"
#: The longest GeoJSON or WKT text accepted (a drawn road is a few kB).
MAX_TEXT = 5_000_000
#: Decimals of a degree kept in the history's WKT (1e-9 deg is 0.1 mm).
WKT_DECIMALS = 9
#: Two vertices closer than this (degrees, ~1 mm) count as one.
SAME_POINT = 1e-8

#: The geometry type each layer gets when drawn: line, point or polygon.
DRAW_KINDS = {"line": "LineString", "point": "Point", "polygon": "Polygon"}


class GeometryProblem(ValueError):
    """A geometry refused, with the reason in words."""


# --------------------------------------------------------------------------
# Reading geometries


def geometry_from_geojson(value: Any) -> BaseGeometry | None:
    """A shapely geometry from GeoJSON text or a parsed object: a Geometry, a
    Feature, or a FeatureCollection of exactly one feature.  ``null`` (or a
    Feature without geometry) gives None.  Raises GeometryProblem."""
    if isinstance(value, (bytes, bytearray)):
        try:
            value = value.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GeometryProblem(Words("the GeoJSON is not UTF-8 text")) from exc
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise GeometryProblem(Words("the GeoJSON is too large (%1 characters; at most %2)", f"{len(value):,}",
                                        f"{MAX_TEXT:,}"))
        try:
            value = json.loads(value, parse_constant=_refuse_constant)
        except GeometryProblem:
            raise
        except (ValueError, RecursionError) as exc:
            raise GeometryProblem(Words("not valid JSON: %1", exc)) from exc
    if value is None:
        return None
    if not isinstance(value, dict):
        raise GeometryProblem(Words("expected a GeoJSON object, not %1", type(value).__name__))
    kind = value.get("type")
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            raise GeometryProblem(Words("the FeatureCollection holds %1 features; give exactly one", count))
        value = features[0]
        kind = value.get("type") if isinstance(value, dict) else None
    if kind == "Feature":
        value = value.get("geometry")
        if value is None:
            return None
        if not isinstance(value, dict):
            raise GeometryProblem(Words("the Feature's geometry is not a GeoJSON object"))
        kind = value.get("type")
    if kind not in ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"):
        raise GeometryProblem(Words("unknown GeoJSON geometry type %1", repr(kind)))
    coords = value.get("coordinates")
    _check_positions(coords)
    try:
        geom = shape(value)
    except Exception as exc:  # shapely raises several kinds for malformed coordinates
        raise GeometryProblem(Words("malformed %1 coordinates: %2", kind, exc)) from exc
    return plain_2d(geom)


def _refuse_constant(name: str):
    raise GeometryProblem(Words("%1 is not a coordinate (coordinates must be finite numbers)", name))


def _check_positions(coords, depth: int = 0) -> None:
    if depth > 6:
        raise GeometryProblem(Words("the coordinates are nested too deeply"))
    if not isinstance(coords, (list, tuple)):
        raise GeometryProblem(Words("coordinates must be arrays of numbers"))
    if coords and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords):
        if len(coords) < 2:
            raise GeometryProblem(Words("a position needs a longitude and a latitude"))
        if not all(math.isfinite(c) for c in coords):
            raise GeometryProblem(Words("coordinates are not finite numbers (NaN or infinity)"))
        return
    for item in coords:
        if isinstance(item, (int, float)) or item is None or isinstance(item, (str, bool)):
            raise GeometryProblem(Words("coordinates must be arrays of numbers"))
        _check_positions(item, depth + 1)


def geometry_from_wkt(text: str) -> BaseGeometry | None:
    """A shapely geometry from WKT ("EMPTY" gives None).  Raises GeometryProblem."""
    if not isinstance(text, str) or not text.strip():
        raise GeometryProblem(Words("no WKT given"))
    if len(text) > MAX_TEXT:
        raise GeometryProblem(Words("the WKT is too long (%1 characters)", f"{len(text):,}"))
    low = text.lower()
    if "nan" in low or "inf" in low:
        raise GeometryProblem(Words("coordinates are not finite numbers (NaN or infinity)"))
    try:
        geom = shapely.from_wkt(text.strip())
    except Exception as exc:  # shapely.errors.GEOSException and friends
        if "point array must contain" in str(exc):
            raise GeometryProblem(Words("a line needs at least two distinct vertices")) from exc
        raise GeometryProblem(Words("not valid WKT: %1", str(exc).splitlines()[0] if str(exc) else exc)) from exc
    if geom is None or geom.is_empty:
        return None
    return plain_2d(geom)


def to_wgs84(geom: BaseGeometry | None, crs: str | None) -> BaseGeometry | None:
    """*geom* from *crs* ("EPSG:4547", "gcj02", None for WGS-84) to WGS-84 lon/lat."""
    if geom is None or crs is None or str(crs).strip().upper() in ("", "EPSG:4326", "WGS84", "WGS-84"):
        return geom
    from qxmap.importing.crs import CrsError, to_wgs84 as convert

    try:
        out = convert([geom], crs)[0]
    except CrsError as exc:
        raise GeometryProblem(exc.args[0] if exc.args else str(exc)) from exc
    return plain_2d(out)


def plain_2d(geom: BaseGeometry | None) -> BaseGeometry | None:
    """*geom* without Z (or M) values."""
    if geom is None:
        return None
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    return geom


# --------------------------------------------------------------------------
# Checking


def layer_types(layer: str) -> tuple[str, ...]:
    """The geometry types the schema allows in *layer*."""
    spec = schema.LAYERS.get(layer)
    if spec is None:
        raise GeometryProblem(Words("unknown layer %1", repr(layer)))
    return spec.geometry_types


def data_bounds(dataset) -> tuple[float, float, float, float] | None:
    """(minx, miny, maxx, maxy) of the town: the boundary, else all the data (None when empty)."""
    frame = dataset.layers.get("boundary")
    frames = [frame] if frame is not None and len(frame) and frame.geometry.notna().any() else [
        f for f in dataset.layers.values() if len(f) and f.geometry.notna().any()]
    boxes = [f.geometry.dropna().total_bounds for f in frames]
    boxes = [b for b in boxes if np.isfinite(b).all()]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def distance_outside_km(geom: BaseGeometry, bounds: Sequence[float]) -> float:
    """How far (km, on the ellipsoid) the vertex of *geom* farthest outside *bounds* lies."""
    from qxmap.measure import GEOD

    coords = shapely.get_coordinates(geom)
    if not len(coords):
        return 0.0
    minx, miny, maxx, maxy = bounds
    nx = np.clip(coords[:, 0], minx, maxx)
    ny = np.clip(coords[:, 1], miny, maxy)
    outside = (nx != coords[:, 0]) | (ny != coords[:, 1])
    if not outside.any():
        return 0.0
    _, _, dist = GEOD.inv(coords[outside, 0], coords[outside, 1], nx[outside], ny[outside])
    return float(np.max(dist)) / 1000.0


def check_geometry(layer: str, geom: BaseGeometry | None, bounds: Sequence[float] | None = None,
                   max_outside_km: float = MAX_OUTSIDE_KM) -> BaseGeometry:
    """*geom* (WGS-84) as it may be stored in *layer*, or GeometryProblem saying why not.

    Refused: no geometry, a type the layer does not take, non-finite or
    out-of-range coordinates, a line with fewer than two distinct vertices, a
    ring with fewer than three, an invalid shape (a self-intersecting
    polygon, ...), anything more than *max_outside_km* outside *bounds*.
    Repeated vertices are dropped (a double click's second point); Z is dropped.
    """
    if geom is None or geom.is_empty:
        raise GeometryProblem(Words("no geometry given"))
    geom = plain_2d(geom)
    allowed = layer_types(layer)
    if geom.geom_type not in allowed:
        raise GeometryProblem(Words("a %1 cannot go in the layer '%2' (it takes %3)", geom.geom_type, layer,
                                    ' or '.join(allowed)))
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise GeometryProblem(Words("coordinates are not finite numbers (NaN or infinity)"))
    lon_ok = (coords[:, 0] >= -180) & (coords[:, 0] <= 180)
    lat_ok = (coords[:, 1] >= -90) & (coords[:, 1] <= 90)
    if not (lon_ok & lat_ok).all():
        raise GeometryProblem(Words("coordinates are not WGS-84 longitude/latitude degrees "
                                    "(projected coordinates need their CRS, e.g. --crs EPSG:4547)"))
    geom = _without_repeats(geom)
    for part in _parts(geom):
        if isinstance(part, LineString) and len(_distinct(part.coords)) < 2:
            raise GeometryProblem(Words("a line needs at least two distinct vertices"))
        if isinstance(part, Polygon):
            for ring in (part.exterior, *part.interiors):
                if len(_distinct(ring.coords)) < 3:
                    raise GeometryProblem(Words("a polygon ring needs at least three distinct vertices"))
    if not shapely.is_valid(geom):
        reason = shapely.is_valid_reason(geom)
        if "self-intersection" in reason.lower() or "ring self" in reason.lower():
            raise GeometryProblem(Words("the polygon crosses itself (%1); draw its outline without crossings", reason))
        raise GeometryProblem(Words("invalid geometry: %1", reason))
    if bounds is not None:
        far = distance_outside_km(geom, bounds)
        if far > max_outside_km:
            raise GeometryProblem(Words("the geometry reaches %1 km outside the town's extent (at most %2 km): "
                                        "wrong coordinates or wrong CRS?", f"{far:,.0f}", f"{max_outside_km:g}"))
    return geom


def check_accuracy(code: Any, has_geometry: bool) -> str:
    """*code* as the accuracy of a record with (or without) a geometry; GeometryProblem if not."""
    if not isinstance(code, str) or code not in schema.ACCURACIES:
        raise GeometryProblem(Words("unknown accuracy %1; expected one of %2", repr(code), ", ".join(schema.ACCURACIES)))
    if has_geometry and code == UNMAPPED:
        raise GeometryProblem(Words("a record with a geometry cannot be 'unmapped'"))
    if not has_geometry and code != UNMAPPED:
        raise GeometryProblem(Words("a record without a geometry is 'unmapped'"))
    return code


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(geom.geoms) if hasattr(geom, "geoms") else [geom]


def _distinct(coords) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for c in coords:
        p = (float(c[0]), float(c[1]))
        if not any(abs(p[0] - q[0]) <= SAME_POINT and abs(p[1] - q[1]) <= SAME_POINT for q in out):
            out.append(p)
    return out


def _dedupe(coords) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for c in coords:
        p = (float(c[0]), float(c[1]))
        if out and abs(p[0] - out[-1][0]) <= SAME_POINT and abs(p[1] - out[-1][1]) <= SAME_POINT:
            continue
        out.append(p)
    return out


def _without_repeats(geom: BaseGeometry) -> BaseGeometry:
    """Consecutive repeated vertices dropped (a double click adds its point twice)."""
    if isinstance(geom, LineString):
        coords = _dedupe(geom.coords)
        return LineString(coords) if len(coords) >= 2 else geom
    if isinstance(geom, Polygon):
        rings = [_dedupe(r.coords) for r in (geom.exterior, *geom.interiors)]
        if any(len(r) < 4 for r in rings):
            return geom
        return Polygon(rings[0], rings[1:])
    if isinstance(geom, MultiLineString):
        return MultiLineString([_without_repeats(p) for p in geom.geoms])
    return geom


# --------------------------------------------------------------------------
# Measures and words


def measures(layer: str, geom: BaseGeometry | None) -> tuple[float, float]:
    """(length_km, area_km2) as the dataset computes them (EPSG:4547): lines have a
    length, polygons an area; NaN otherwise (tracked records: length 0.0)."""
    length = math.nan
    area = math.nan
    if geom is not None and not geom.is_empty:
        metric = _to_metric(geom)
        if geom.geom_type in schema.LINES:
            length = metric.length / 1000.0
        elif geom.geom_type in schema.POLYGONS:
            area = metric.area / 1e6
    if layer in schema.TRACKED_LAYERS and math.isnan(length):
        length = 0.0
    return length, area


def _to_metric(geom: BaseGeometry) -> BaseGeometry:
    from qxmap import projections

    transformer = projections.to_metric()

    def forward(coords: np.ndarray) -> np.ndarray:
        x, y = projections.transform_columns(transformer, coords)
        return np.column_stack([x, y])

    return shapely.transform(geom, forward)


def size_text(geom: BaseGeometry | None) -> str:
    """A geometry's size in words: "2.31 km", "0.52 km²", "point" ("0" for none)."""
    if geom is None or geom.is_empty:
        return "0"
    from qxmap.measure import geometry_area_km2, geometry_length_m

    if geom.geom_type in schema.LINES:
        return f"{geometry_length_m(geom) / 1000:.2f} km"
    if geom.geom_type in schema.POLYGONS:
        return f"{geometry_area_km2(geom):.2f} km²"
    if geom.geom_type == "Point":
        return f"point ({geom.x:.6f}, {geom.y:.6f})"
    return geom.geom_type


def history_text(geom: BaseGeometry | None) -> str | None:
    """A geometry as the history stores it: WKT (None for no geometry)."""
    if geom is None or geom.is_empty:
        return None
    return shapely.to_wkt(geom, rounding_precision=WKT_DECIMALS, trim=True)


def from_history_text(text: str | None) -> BaseGeometry | None:
    """A history WKT back as a geometry (None for none or unreadable text)."""
    if not text:
        return None
    try:
        geom = shapely.from_wkt(text)
    except Exception:  # noqa: BLE001 - a damaged history row is shown as it is
        return None
    return None if geom is None or geom.is_empty else geom


def change_text(old_wkt: str | None, new_wkt: str | None) -> str:
    """A geometry change as sizes: "0 -> 2.31 km", "1.20 km -> 1.35 km", "0.52 km² -> 0"."""
    return f"{size_text(from_history_text(old_wkt))} -> {size_text(from_history_text(new_wkt))}"


# --------------------------------------------------------------------------
# Split, merge, snapping


def split_line(line: BaseGeometry, vertex: int) -> tuple[LineString, LineString]:
    """*line* cut at its vertex number *vertex* (both halves keep that vertex).
    Raises GeometryProblem for an end vertex or a line that is not a LineString."""
    if not isinstance(line, LineString):
        raise GeometryProblem(Words("only a single line (LineString) can be split at a vertex"))
    coords = list(line.coords)
    if not isinstance(vertex, int) or isinstance(vertex, bool) or not 0 < vertex < len(coords) - 1:
        raise GeometryProblem(Words("vertex %1 is not an inner vertex of the line (it has %2 vertices, 0-%3; ends "
                                    "cannot split it)", vertex, len(coords), len(coords) - 1))
    return LineString(coords[:vertex + 1]), LineString(coords[vertex:])


def shared_end(a: BaseGeometry, b: BaseGeometry, tolerance: float = SAME_POINT) -> tuple[int, int] | None:
    """(end of a, end of b) they share (0 = first vertex, -1 = last), or None."""
    if not isinstance(a, LineString) or not isinstance(b, LineString):
        return None
    for ea in (-1, 0):
        for eb in (0, -1):
            pa, pb = a.coords[ea], b.coords[eb]
            if abs(pa[0] - pb[0]) <= tolerance and abs(pa[1] - pb[1]) <= tolerance:
                return ea, eb
    return None


def merge_lines(a: BaseGeometry, b: BaseGeometry) -> LineString:
    """One line from two that share an end point (a's direction kept)."""
    ends = shared_end(a, b)
    if ends is None:
        raise GeometryProblem(Words("the two roads do not share an end point (snap one road's end to the other's first)"))
    ca, cb = list(a.coords), list(b.coords)
    ea, eb = ends
    if ea == 0:
        ca.reverse()
    if eb == -1:
        cb.reverse()
    merged = LineString(ca + cb[1:])
    return merged


def coordinate_runs(geom: BaseGeometry) -> list[list[tuple[float, float]]]:
    """The vertex sequences of *geom* in the order the map page numbers them:
    a line's vertices; a polygon's rings (without the closing vertex); the
    parts of a multi-geometry one after the other; a point is one run of one."""
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Point):
        return [[(geom.x, geom.y)]]
    if isinstance(geom, LineString):
        return [[(float(x), float(y)) for x, y in geom.coords]]
    if isinstance(geom, Polygon):
        return [[(float(x), float(y)) for x, y in ring.coords[:-1]] for ring in (geom.exterior, *geom.interiors)]
    out = []
    for part in geom.geoms:
        out.extend(coordinate_runs(part))
    return out


def snapped_point(point: Sequence[float], snap: Mapping | None, lookup) -> tuple[float, float]:
    """*point* (lon, lat) put exactly where the page snapped it.

    *snap* is {"id": feature, "kind": "vertex" | "segment", "at": [run, index]}
    (a segment: its first vertex); *lookup(id)* gives that feature's WGS-84
    geometry (None when unknown).  The page snaps in screen pixels (shifted on a
    GCJ-02 basemap); here a vertex snapped to a vertex gets that vertex's own
    coordinates, one snapped to a segment the nearest point of that segment.
    An unknown target or index leaves *point* as it is."""
    point = (float(point[0]), float(point[1]))
    if not snap:
        return point
    try:
        trun, tindex = (int(v) for v in snap["at"])
        target = lookup(str(snap["id"]))
        kind = snap.get("kind", "vertex")
    except (KeyError, TypeError, ValueError):
        return point
    if target is None:
        return point
    truns = coordinate_runs(target)
    if not (0 <= trun < len(truns) and 0 <= tindex < len(truns[trun])):
        return point
    if kind != "segment":
        return truns[trun][tindex]
    ring = any(isinstance(p, Polygon) for p in _parts(target))
    nxt = tindex + 1 if tindex + 1 < len(truns[trun]) else (0 if ring else None)
    if nxt is None:
        return point
    a, b = truns[trun][tindex], truns[trun][nxt]
    dx, dy = b[0] - a[0], b[1] - a[1]
    denom = dx * dx + dy * dy
    t = 0.0 if denom == 0 else max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / denom))
    return (a[0] + t * dx, a[1] + t * dy)


def geometry_from_points(kind: str, points: Sequence[Sequence[float]]) -> BaseGeometry:
    """A drawn geometry from its (lon, lat) vertices: "line", "polygon" or "point".
    GeometryProblem when there are too few (a line of one vertex, ...)."""
    pts = _dedupe(points)
    if kind == "point":
        if len(pts) != 1:
            raise GeometryProblem(Words("a point is one click, not %1", len(pts)))
        return Point(pts[0])
    if kind == "line":
        if len(pts) < 2:
            raise GeometryProblem(Words("a line needs at least two distinct vertices"))
        return LineString(pts)
    if kind == "polygon":
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        if len(_distinct(pts)) < 3:
            raise GeometryProblem(Words("a polygon needs at least three distinct vertices"))
        return Polygon(pts)
    raise GeometryProblem(Words("unknown kind of geometry %1", repr(kind)))


def _vertex(runs: list, run: int, index: int, insert: bool = False) -> None:
    if not (isinstance(run, int) and isinstance(index, int) and 0 <= run < len(runs)
            and 0 <= index <= len(runs[run]) - (0 if insert else 1)):
        raise GeometryProblem(Words("the geometry has no vertex %1 in part %2", index, run))


def move_vertex(geom: BaseGeometry, run: int, index: int, point: Sequence[float]) -> BaseGeometry:
    """*geom* with its vertex [run, index] (coordinate_runs numbering) at *point* (lon, lat)."""
    runs = coordinate_runs(geom)
    _vertex(runs, run, index)
    runs[run][index] = (float(point[0]), float(point[1]))
    return rebuild(geom, runs)


def insert_vertex(geom: BaseGeometry, run: int, index: int, point: Sequence[float]) -> BaseGeometry:
    """*geom* with a new vertex at *point* that becomes vertex [run, index]."""
    if isinstance(geom, Point) or (hasattr(geom, "geoms") and all(isinstance(p, Point) for p in geom.geoms)):
        raise GeometryProblem(Words("a point has no segment to add a vertex to"))
    runs = coordinate_runs(geom)
    _vertex(runs, run, index, insert=True)
    runs[run].insert(index, (float(point[0]), float(point[1])))
    return rebuild(geom, runs)


def delete_vertex(geom: BaseGeometry, run: int, index: int) -> BaseGeometry:
    """*geom* without its vertex [run, index]; GeometryProblem when too few would be left."""
    runs = coordinate_runs(geom)
    _vertex(runs, run, index)
    ring = any(isinstance(p, Polygon) for p in _parts(geom))
    least = 3 if ring else 2
    if isinstance(geom, Point) or len(runs[run]) - 1 < least:
        what = Words("a polygon ring keeps at least three vertices") if ring else \
            Words("a line keeps at least two vertices")
        raise GeometryProblem(Words("this vertex cannot be deleted: %1 (delete the geometry instead)", what))
    del runs[run][index]
    return rebuild(geom, runs)


def translate(geom: BaseGeometry, dlon: float, dlat: float) -> BaseGeometry:
    """*geom* moved by (dlon, dlat) degrees."""
    return shapely.transform(geom, lambda c: c + np.array([float(dlon), float(dlat)]))


def extend_line(line: BaseGeometry, points: Sequence[Sequence[float]], at_start: bool = False) -> LineString:
    """*line* continued through *points* (lon, lat) from its last vertex (or its first)."""
    if not isinstance(line, LineString):
        raise GeometryProblem(Words("only a single line (LineString) can be continued"))
    added = [(float(p[0]), float(p[1])) for p in points]
    if not added:
        raise GeometryProblem(Words("no vertices to add"))
    coords = [(float(x), float(y)) for x, y in line.coords]
    return LineString(list(reversed(added)) + coords if at_start else coords + added)


def rebuild(geom: BaseGeometry, runs: list[list[tuple[float, float]]]) -> BaseGeometry:
    """A geometry of *geom*'s type from vertex runs numbered as :func:`coordinate_runs`."""
    if isinstance(geom, Point):
        return Point(runs[0][0])
    if isinstance(geom, LineString):
        return LineString(runs[0])
    if isinstance(geom, Polygon):
        return Polygon(runs[0], runs[1:])
    parts = []
    at = 0
    for part in geom.geoms:
        n = len(coordinate_runs(part))
        parts.append(rebuild(part, runs[at:at + n]))
        at += n
    return type(geom)(parts)


# --------------------------------------------------------------------------
# The changes


def same_geometry(a: BaseGeometry | None, b: BaseGeometry | None) -> bool:
    """Exactly the same geometry (None equals only None)."""
    if a is None or b is None:
        return a is None and b is None
    if a.is_empty or b.is_empty:
        return a.is_empty and b.is_empty
    return a.geom_type == b.geom_type and shapely.equals_exact(a, b, 0.0)


def present(geom: Any) -> BaseGeometry | None:
    """A frame's geometry cell as a geometry or None (empty and missing are None)."""
    if geom is None or not isinstance(geom, BaseGeometry) or geom.is_empty:
        return None
    return geom


@dataclass(frozen=True, eq=False)
class GeometryEdit:
    """A record's geometry and accuracy changed together; a value object.

    *old* / *new* are WGS-84 shapely geometries (None: no geometry, the
    record is "unmapped").  *note* is the reason, stored in the history."""

    feature_id: str
    old: BaseGeometry | None
    new: BaseGeometry | None
    old_accuracy: str | None
    new_accuracy: str | None
    note: str | None = None
    field: ClassVar[str] = "geometry"

    def inverse(self) -> "GeometryEdit":
        return GeometryEdit(self.feature_id, self.new, self.old, self.new_accuracy, self.old_accuracy, self.note)

    def __eq__(self, other) -> bool:
        return (isinstance(other, GeometryEdit) and self.feature_id == other.feature_id
                and same_geometry(self.old, other.old) and same_geometry(self.new, other.new)
                and self.old_accuracy == other.old_accuracy and self.new_accuracy == other.new_accuracy
                and self.note == other.note)

    def __hash__(self) -> int:
        return hash((self.feature_id, self.old_accuracy, self.new_accuracy, self.note))


@dataclass(frozen=True, eq=False)
class RecordEdit:
    """A record comes into being (*created*) or is removed (not *created*); a value object.

    *values* are its attributes as (field, value) pairs (the schema fields of
    *layer*, ``id`` included), *geometry* its WGS-84 geometry or None."""

    feature_id: str
    layer: str
    values: tuple[tuple[str, Any], ...]
    geometry: BaseGeometry | None
    created: bool
    note: str | None = None
    field: ClassVar[str] = "record"

    def inverse(self) -> "RecordEdit":
        return replace(self, created=not self.created)

    @property
    def old(self) -> str | None:
        """The record before (its attributes as the history writes them; None: it did not exist)."""
        return None if self.created else record_text(self.attributes, self.geometry)

    @property
    def new(self) -> str | None:
        """The record after (None: it no longer exists)."""
        return record_text(self.attributes, self.geometry) if self.created else None

    @property
    def attributes(self) -> dict[str, Any]:
        return dict(self.values)

    def __eq__(self, other) -> bool:
        return (isinstance(other, RecordEdit) and (self.feature_id, self.layer, self.values, self.created, self.note)
                == (other.feature_id, other.layer, other.values, other.created, other.note)
                and same_geometry(self.geometry, other.geometry))

    def __hash__(self) -> int:
        return hash((self.feature_id, self.layer, self.created))


def record_values(layer: str, values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A new record's attributes, checked: (field, value) for every schema field of
    *layer*, in the schema's order.  GeometryProblem names the field refused."""
    spec = schema.LAYERS[layer]
    unknown = sorted(set(values) - {f.name for f in spec.fields})
    if unknown:
        raise GeometryProblem(Words("the layer '%1' has no field(s) %2", layer, ', '.join(unknown)))
    out = []
    for field in spec.fields:
        try:
            out.append((field.name, _field_value(field, values.get(field.name))))
        except ValueError as exc:
            raise GeometryProblem(exc.args[0] if exc.args else str(exc)) from exc
    record = dict(out)
    if isinstance(record.get("start"), int) and isinstance(record.get("target"), int) \
            and record["start"] > record["target"]:
        raise GeometryProblem(Words("start year %1 is after the target year %2", record['start'], record['target']))
    return tuple(out)


def _field_value(field: schema.FieldSpec, value: Any) -> Any:
    """A new record's value of *field*, checked; ValueError says why not."""
    if field.name in ("status", "phase", "start", "target", "progress"):
        out, problem = normalise(field.name, value)
        if problem:
            raise ValueError(problem)
        if out is None and field.required:
            raise ValueError(Words("%1 is required", field.name))
        return out
    if is_missing(value):
        if field.required:
            raise ValueError(Words("%1 is required", field.name))
        return None
    if field.kind == "enum":
        if not isinstance(value, str) or value not in field.choices:
            raise ValueError(Words("unknown %1 %2; expected one of %3", field.name, repr(value), ", ".join(field.choices)))
        return value
    if not isinstance(value, str):
        raise ValueError(Words("%1 must be text, not %2", field.name, type(value).__name__))
    text = _clean(value).strip()
    if not text and field.required:
        raise ValueError(Words("%1 is required", field.name))
    return text or None



def _clean(text: str) -> str:
    from qxmap.safetext import clean_text

    return clean_text(text)


#: The key of a record's geometry (WKT) in the history's text of a record created or
#: removed (a layer's attributes never use it: the geometry column is "geometry").
RECORD_GEOMETRY_KEY = "geometry"


def record_text(values: Mapping[str, Any], geometry: BaseGeometry | None = None) -> str:
    """A record as the history stores one created or removed (one row, field
    ``record``): its attributes as compact JSON, and its geometry as WKT under
    :data:`RECORD_GEOMETRY_KEY` (left out when it has none)."""
    data = {k: v for k, v in values.items() if v is not None}
    wkt = history_text(geometry)
    if wkt is not None:
        data[RECORD_GEOMETRY_KEY] = wkt
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def record_from_text(text: str | None) -> tuple[dict | None, BaseGeometry | None]:
    """(attributes, geometry) of a history text of a record (None and None for text that
    is not a record: a damaged row is shown as it is).  Rows written before the geometry
    went into the record's text have none here (theirs is the next ``geometry`` row)."""
    try:
        data = json.loads(text) if text else None
    except (TypeError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    wkt = data.pop(RECORD_GEOMETRY_KEY, None)
    return data, from_history_text(wkt) if isinstance(wkt, str) else None


def suffixed_name(name: Any, number: int, lang: str = "zh") -> Any:
    """A split road's name: "S358清溪段（2）" / "S358 Qingxi section (2)"."""
    if not isinstance(name, str) or not name:
        return name
    return f"{name}（{number}）" if lang == "zh" else f"{name} ({number})"
