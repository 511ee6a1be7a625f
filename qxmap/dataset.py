"""Load a qxmap dataset and check it against the schema.

A dataset is a folder of GeoJSON layers (``roads.geojson``, ...), a single
GeoJSON (one layer named by the file, or features carrying a ``layer``
property), or a GeoPackage.  Reading goes through pyogrio/geopandas; every
problem found is collected (file, feature, field, bad value, what was
expected) and reported at once in a :class:`DatasetError`, so that a planner
can fix a file in one pass instead of one error at a time.
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from qxmap import schema

GEOJSON_SUFFIXES = (".geojson", ".json")
GPKG_SUFFIXES = (".gpkg",)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    file: str
    message: str
    feature: str | None = None
    field: str | None = None
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(f"feature {self.feature}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        text = ": ".join(where) + ": " + self.message
        if self.value is not None:
            text += f" (value: {_short(self.value)!s})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file, "feature": self.feature, "field": self.field,
            "value": None if self.value is None else str(self.value),
            "expected": self.expected, "message": self.message,
        }


class DatasetError(Exception):
    """The input could not be loaded, or broke the schema. Holds every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _short(value: object, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Dataset:
    """Every layer of the schema as a GeoDataFrame in EPSG:4326 (possibly empty)."""

    path: Path
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)

    def layer(self, name: str) -> gpd.GeoDataFrame:
        return self.layers[name]

    def tracked(self) -> gpd.GeoDataFrame:
        """Roads and exits in one frame: the records the status tracker lists."""
        frames = []
        for name in schema.TRACKED_LAYERS:
            frame = self.layers[name].copy()
            frame["layer"] = name
            frames.append(frame)
        out = pd.concat(frames, ignore_index=True)
        return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")

    def find(self, feature_id: str) -> tuple[str, pd.Series] | None:
        for name, frame in self.layers.items():
            hit = frame.index[frame["id"] == feature_id]
            if len(hit):
                return name, frame.loc[hit[0]]
        return None

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.layers.items()}

    def summary_line(self) -> str:
        parts = [f"{name} {len(self.layers[name])}" for name in schema.LAYER_ORDER]
        return f"{self.path}: valid; " + ", ".join(parts)


# --------------------------------------------------------------------------
# Reading


@dataclass
class _RawLayer:
    name: str
    file: str  # file name shown in messages (with "#layer" for GeoPackage)
    frame: gpd.GeoDataFrame
    declared_crs: bool


def load_dataset(path: str | Path) -> Dataset:
    """Load and validate; raises :class:`DatasetError` listing every problem."""
    path = Path(path)
    problems: list[Problem] = []
    raw_layers = _read_sources(path, problems)
    if not raw_layers and not problems:
        problems.append(Problem(str(path), "no qxmap layers found",
                                expected="files named " + ", ".join(f"{n}.geojson" for n in schema.LAYERS)
                                + " or a GeoPackage with such layers"))
    layers = _check_layers(raw_layers, problems)
    if problems:
        raise DatasetError(problems)
    return Dataset(path=path, layers=layers)


def _read_sources(path: Path, problems: list[Problem]) -> list[_RawLayer]:
    if not path.exists():
        problems.append(Problem(str(path), "no such file or folder"))
        return []
    if path.is_dir():
        out = []
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in GEOJSON_SUFFIXES + GPKG_SUFFIXES)
        for file in files:
            if file.suffix.lower() in GPKG_SUFFIXES:
                out.extend(_read_gpkg(file, problems))
            elif file.stem in schema.LAYERS:
                out.extend(_read_geojson(file, problems))
            else:
                problems.append(Problem(file.name, "not a qxmap layer name",
                                        value=file.stem, expected="one of " + ", ".join(schema.LAYERS)))
        _check_duplicate_layers(out, problems)
        return out
    suffix = path.suffix.lower()
    if suffix in GPKG_SUFFIXES:
        return _read_gpkg(path, problems)
    if suffix in GEOJSON_SUFFIXES:
        return _read_geojson(path, problems)
    problems.append(Problem(path.name, "unsupported file type", value=path.suffix,
                            expected="a folder, a .geojson/.json file or a .gpkg file"))
    return []


def _check_duplicate_layers(layers: list[_RawLayer], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for raw in layers:
        if raw.name in seen:
            problems.append(Problem(raw.file, f"layer '{raw.name}' also comes from {seen[raw.name]}",
                                    expected="each layer once"))
        seen.setdefault(raw.name, raw.file)


def _read_geojson(path: Path, problems: list[Problem]) -> list[_RawLayer]:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, f"not UTF-8 text (byte {exc.start})", expected="UTF-8 GeoJSON"))
        return []
    except OSError as exc:
        problems.append(Problem(name, f"cannot be read: {exc.strerror or exc}"))
        return []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = (exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
                     or text.count("{") > text.count("}"))
        what = "file ends too early (truncated?)" if truncated else "broken JSON"
        problems.append(Problem(name, f"{what}: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                                expected="a complete GeoJSON FeatureCollection"))
        return []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.append(Problem(name, "not a GeoJSON FeatureCollection",
                                value=doc.get("type") if isinstance(doc, dict) else type(doc).__name__,
                                expected="{\"type\": \"FeatureCollection\", \"features\": [...]}"))
        return []
    declared = isinstance(doc.get("crs"), dict)
    features = doc["features"]
    bad_structure = False
    for index, feat in enumerate(features):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(Problem(name, "not a GeoJSON Feature", feature=f"#{index}",
                                    expected="{\"type\": \"Feature\", ...}"))
            bad_structure = True
        elif not isinstance(feat.get("properties"), (dict, type(None))):
            problems.append(Problem(name, "properties is not an object", feature=f"#{index}"))
            bad_structure = True
    if bad_structure:
        return []
    if not features:
        return []  # an empty FeatureCollection is an empty layer; load_dataset fills it in
    layer_names = {
        (f.get("properties") or {}).get("layer") for f in features
    }
    split_by_property = path.stem not in schema.LAYERS
    if split_by_property and layer_names - set(schema.LAYERS):
        unknown = sorted(str(v) for v in layer_names - set(schema.LAYERS))
        problems.append(Problem(name, "features without a known 'layer' property",
                                field="layer", value=", ".join(unknown),
                                expected="the file named after a layer, or each feature's 'layer' one of "
                                + ", ".join(schema.LAYERS)))
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "could not parse column as JSON": we check values
            frame = pyogrio.read_dataframe(path)
    except Exception as exc:  # GDAL's own reasons: bad geometry coordinates, ...
        problems.append(Problem(name, f"GDAL cannot read it: {_first_line(exc)}"))
        return []
    frame = _numbered(frame)
    if not split_by_property:
        return [_RawLayer(path.stem, name, frame, declared)]
    out = []
    for layer in schema.LAYERS:
        part = _numbered(frame[frame["layer"] == layer].drop(columns=["layer"]))
        if len(part):
            out.append(_RawLayer(layer, f"{name}[{layer}]", part, declared))
    return out


def _read_gpkg(path: Path, problems: list[Problem]) -> list[_RawLayer]:
    name = path.name
    try:
        listed = pyogrio.list_layers(path)
    except Exception as exc:
        problems.append(Problem(name, f"not a readable GeoPackage: {_first_line(exc)}"))
        return []
    out = []
    for layer_name, geometry_type in listed:
        if layer_name not in schema.LAYERS:
            continue  # history tables and other non-layer content
        try:
            frame = pyogrio.read_dataframe(path, layer=layer_name)
        except Exception as exc:
            problems.append(Problem(f"{name}#{layer_name}", f"cannot be read: {_first_line(exc)}"))
            continue
        frame = _numbered(frame)
        out.append(_RawLayer(layer_name, f"{name}#{layer_name}", frame, frame.crs is not None))
    return out


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _numbered(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Index 0..n-1: the feature numbers used in messages (#index)."""
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------
# Checking


def _check_layers(raw_layers: list[_RawLayer], problems: list[Problem]) -> dict[str, gpd.GeoDataFrame]:
    layers: dict[str, gpd.GeoDataFrame] = {}
    seen_ids: dict[str, str] = {}
    for raw in raw_layers:
        frame = _to_wgs84(raw, problems)
        if frame is None:
            continue
        spec = schema.LAYERS[raw.name]
        frame = _check_fields(raw, frame, spec, problems)
        _check_geometries(raw, frame, spec, problems)
        for index, fid in enumerate(frame["id"]):
            if not isinstance(fid, str) or not fid:
                continue
            if fid in seen_ids:
                problems.append(Problem(raw.file, "duplicate id", feature=_label(frame, index), field="id",
                                        value=fid, expected=f"ids unique across the dataset (also in {seen_ids[fid]})"))
            else:
                seen_ids[fid] = raw.file
        layers[raw.name] = frame
    for name, spec in schema.LAYERS.items():
        if name not in layers:
            layers[name] = _empty_layer(spec)
    if not problems:
        for name in layers:
            _add_measures(name, layers[name])
    return {name: layers[name] for name in schema.LAYER_ORDER}


def _empty_layer(spec: schema.LayerSpec) -> gpd.GeoDataFrame:
    columns = {f.name: pd.Series(dtype="object") for f in spec.fields}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def _to_wgs84(raw: _RawLayer, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    frame = raw.frame
    if frame.crs is not None and raw.declared_crs:
        crs = CRS.from_user_input(frame.crs)
        if not crs.equals(CRS.from_epsg(4326)) and not _is_ogc_crs84(crs):
            try:
                frame = frame.to_crs("EPSG:4326")
            except Exception as exc:
                problems.append(Problem(raw.file, f"cannot reproject from {crs.to_string()}: {_first_line(exc)}"))
                return None
    elif frame.crs is None:
        frame = frame.set_crs("EPSG:4326", allow_override=True)
    # Whatever was declared, the result must be plausible lon/lat around Dongguan.
    geoms = frame.geometry
    present = geoms.notna() & ~geoms.is_empty
    if present.any():
        bounds = geoms[present].bounds
        for index, row in bounds.iterrows():
            verdict = _coordinate_verdict(row.minx, row.miny, row.maxx, row.maxy, raw.declared_crs)
            if verdict:
                problems.append(Problem(raw.file, verdict, feature=_label(frame, index), field="geometry",
                                        value=f"{row.minx:.6g}, {row.miny:.6g}",
                                        expected="WGS-84 longitude/latitude near Dongguan "
                                        f"(lon {schema.PLAUSIBLE_LON[0]}–{schema.PLAUSIBLE_LON[1]}, "
                                        f"lat {schema.PLAUSIBLE_LAT[0]}–{schema.PLAUSIBLE_LAT[1]}) "
                                        "or a file that declares its CRS"))
                break  # one message per layer is enough: the whole file is off
    return frame


def _is_ogc_crs84(crs: CRS) -> bool:
    return "CRS84" in crs.to_string() or crs.equals(CRS.from_string("OGC:CRS84"))


def _coordinate_verdict(minx, miny, maxx, maxy, declared: bool) -> str | None:
    lon_lo, lon_hi = schema.PLAUSIBLE_LON
    lat_lo, lat_hi = schema.PLAUSIBLE_LAT
    if lon_lo <= minx and maxx <= lon_hi and lat_lo <= miny and maxy <= lat_hi:
        return None
    if lat_lo <= minx and maxx <= lat_hi and lon_lo <= miny and maxy <= lon_hi:
        return "latitude and longitude look swapped"
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
        if declared:
            return "coordinates are not longitude/latitude after reprojection"
        return "coordinates look projected (metres), but the file declares no CRS"
    return "coordinates lie outside the Dongguan area"


def _label(frame: pd.DataFrame, index: int) -> str:
    if "id" in frame.columns:
        value = frame["id"].iloc[index]
        if isinstance(value, str) and value:
            return f"'{value}' (#{index})"
    return f"#{index}"


def is_missing(value) -> bool:
    """None, NaN, pandas' NA/NaT or blank text: a value the data does not give."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return False


def _check_fields(raw: _RawLayer, frame: gpd.GeoDataFrame, spec: schema.LayerSpec,
                  problems: list[Problem]) -> gpd.GeoDataFrame:
    frame = frame.copy()
    for fspec in spec.fields:
        if fspec.name not in frame.columns:
            if fspec.required:
                problems.append(Problem(raw.file, "required field is missing from the layer", field=fspec.name,
                                        expected=_expected(fspec)))
            frame[fspec.name] = None
            continue
        values = frame[fspec.name].astype(object).tolist()
        cleaned = []
        for index, value in enumerate(values):
            value, message = _check_value(fspec, value)
            if message:
                problems.append(Problem(raw.file, message, feature=_label(frame, index), field=fspec.name,
                                        value=values[index], expected=_expected(fspec)))
            cleaned.append(value)
        frame[fspec.name] = pd.Series(cleaned, index=frame.index, dtype=object)
    if "start" in frame.columns and "target" in frame.columns:
        for index, (start, target) in enumerate(zip(frame["start"], frame["target"])):
            if isinstance(start, int) and isinstance(target, int) and start > target:
                problems.append(Problem(raw.file, "start year is after the target year", feature=_label(frame, index),
                                        field="start", value=start, expected=f"a year no later than target {target}"))
    return frame


def _expected(fspec: schema.FieldSpec) -> str:
    if fspec.kind == "enum":
        return "one of " + ", ".join(fspec.choices)
    if fspec.kind == "year":
        return "a year (whole number 1990–2100) or empty"
    if fspec.kind == "percent":
        return "a number from 0 to 100 or empty"
    return "text" + ("" if not fspec.required else " (required)")


def _check_value(fspec: schema.FieldSpec, value):
    """(clean value, problem message or None)."""
    if is_missing(value):
        if fspec.required:
            return None, "required value is empty"
        return None, None
    if isinstance(value, np.generic):
        value = value.item()
    if fspec.kind == "text":
        if not isinstance(value, str):
            return str(value), None if fspec.name not in ("id",) else "id must be text"
        return value.strip(), None
    if fspec.kind == "enum":
        if not isinstance(value, str) or value not in fspec.choices:
            return value, f"unknown {fspec.name}"
        return value, None
    if fspec.kind in ("year", "percent") and isinstance(value, str):
        # GDAL reads a whole column as text when one value in it is text: take numbers back.
        try:
            value = float(value.strip())
        except ValueError:
            return value, "not a whole-number year" if fspec.kind == "year" else "not a number"
    if fspec.kind == "year":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
            return value, "not a whole-number year"
        year = int(value)
        if not 1990 <= year <= 2100:
            return value, "year out of range"
        return year, None
    if fspec.kind == "percent":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value, "not a number"
        if not 0 <= float(value) <= 100:
            return value, "percentage out of range"
        return float(value), None
    return value, None


def _check_geometries(raw: _RawLayer, frame: gpd.GeoDataFrame, spec: schema.LayerSpec,
                      problems: list[Problem]) -> None:
    accuracy = frame["geometry_accuracy"] if "geometry_accuracy" in frame.columns else None
    for index, geom in enumerate(frame.geometry):
        label = _label(frame, index)
        missing = geom is None or geom.is_empty
        acc = accuracy.iloc[index] if accuracy is not None else None
        if missing:
            if not spec.geometry_optional:
                problems.append(Problem(raw.file, "geometry is missing", feature=label, field="geometry",
                                        expected=" or ".join(spec.geometry_types)))
            elif acc not in (None, "unmapped"):
                problems.append(Problem(raw.file, "a feature without geometry must say it is not mapped",
                                        feature=label, field="geometry_accuracy", value=acc, expected="unmapped"))
            continue
        if geom.geom_type not in spec.geometry_types:
            problems.append(Problem(raw.file, f"wrong geometry type for layer '{raw.name}'", feature=label,
                                    field="geometry", value=geom.geom_type,
                                    expected=" or ".join(spec.geometry_types)))
            continue
        if not shapely.is_valid(geom):
            problems.append(Problem(raw.file, "invalid geometry: " + shapely.is_valid_reason(geom), feature=label,
                                    field="geometry", expected="a valid (OGC simple features) geometry"))
        if acc == "unmapped":
            problems.append(Problem(raw.file, "a feature with geometry cannot be 'unmapped'", feature=label,
                                    field="geometry_accuracy", value=acc,
                                    expected="surveyed, approximate or schematic"))


def _add_measures(name: str, frame: gpd.GeoDataFrame) -> None:
    """Road length (km) and polygon area (km²), measured in EPSG:4547."""
    if len(frame) == 0:
        frame["length_km"] = pd.Series(dtype=float)
        frame["area_km2"] = pd.Series(dtype=float)
        return
    metric = frame.geometry.to_crs(schema.METRIC_CRS)
    lines = metric.geom_type.isin(schema.LINES)
    polys = metric.geom_type.isin(schema.POLYGONS)
    frame["length_km"] = np.where(lines, metric.length / 1000.0, np.nan)
    frame["area_km2"] = np.where(polys, metric.area / 1e6, np.nan)
    if name in schema.TRACKED_LAYERS:
        frame["length_km"] = frame["length_km"].fillna(0.0)


def validate(path: str | Path) -> list[Problem]:
    """Every problem in the dataset at *path* (empty when it is valid)."""
    try:
        load_dataset(path)
    except DatasetError as exc:
        return exc.problems
    return []
