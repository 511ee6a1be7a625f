"""Synthetic road networks around Qingxi, for benchmarks and tests.

Deterministic for a given seed, schema-valid, and written through the same
GeoJSON writer as real data, so that tests and benchmarks exercise the real
loading, filtering and drawing code on sizes the bundled data never reaches.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from qxmap import schema

BBOX = (114.10, 22.78, 114.23, 22.90)  # west, south, east, north


def synthetic_layers(n_roads: int, seed: int = 7, n_exits: int = 8) -> dict[str, list[dict]]:
    """GeoJSON feature lists per layer: *n_roads* roads, some exits, a boundary."""
    rng = np.random.default_rng(seed)
    west, south, east, north = BBOX
    roads = []
    for i in range(n_roads):
        n_vertices = int(rng.integers(2, 9))
        start = np.array([rng.uniform(west, east), rng.uniform(south, north)])
        steps = rng.normal(0, 0.002, size=(n_vertices - 1, 2))
        coords = np.vstack([start, start + np.cumsum(steps, axis=0)])
        coords[:, 0] = coords[:, 0].clip(west, east)
        coords[:, 1] = coords[:, 1].clip(south, north)
        phase = schema.PHASES[i % len(schema.PHASES)]
        status = schema.STATUSES[(i // len(schema.PHASES)) % len(schema.STATUSES)]
        category = schema.ROAD_CATEGORIES[(i // 3) % len(schema.ROAD_CATEGORIES)]
        mapped = i % 10 != 9  # one in ten is a record without geometry
        roads.append({
            "type": "Feature",
            "properties": {
                "id": f"syn-road-{i:06d}", "name_zh": f"合成道路{i}号", "name_en": f"Synthetic road {i}",
                "category": category, "status": status, "phase": phase,
                "start": None, "target": 2018 if phase == "by_2018" else None, "progress": None,
                "geometry_accuracy": "schematic" if mapped else "unmapped",
                "source": "synthetic test data", "note": None,
            },
            "geometry": {"type": "LineString", "coordinates": np.round(coords, 6).tolist()} if mapped else None,
        })
    exits = []
    for i in range(n_exits):
        exits.append({
            "type": "Feature",
            "properties": {
                "id": f"syn-exit-{i:03d}", "name_zh": f"合成出入口{i}", "name_en": None, "category": "exit",
                "road": None, "status": schema.STATUSES[i % len(schema.STATUSES)],
                "phase": schema.PHASES[i % len(schema.PHASES)], "start": None, "target": None,
                "progress": None, "geometry_accuracy": "schematic", "source": "synthetic test data", "note": None,
            },
            "geometry": {"type": "Point", "coordinates": [round(rng.uniform(west, east), 6),
                                                          round(rng.uniform(south, north), 6)]},
        })
    boundary = [{
        "type": "Feature",
        "properties": {"id": "syn-boundary", "name_zh": "合成镇界", "name_en": None,
                       "geometry_accuracy": "schematic", "source": "synthetic test data", "note": None},
        "geometry": {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north],
                                                         [west, north], [west, south]]]},
    }]
    return {"roads": roads, "exits": exits, "boundary": boundary}


def write_synthetic(folder: str | Path, n_roads: int, seed: int = 7) -> Path:
    """Write a synthetic dataset as a folder of GeoJSON layers; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, features in synthetic_layers(n_roads, seed).items():
        with open(folder / f"{name}.geojson", "w", encoding="utf-8") as fh:
            json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
    return folder


def write_synthetic_gpkg(path: str | Path, n_roads: int, seed: int = 7) -> Path:
    """Write the same synthetic dataset as one GeoPackage (a table per layer, typed
    columns as a workspace has them: years Int64, progress Float64, text); returns
    *path*.  Opening it in the app makes it a workspace (bookkeeping added)."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio
    import shapely
    import shapely.geometry

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    for name, features in synthetic_layers(n_roads, seed).items():
        spec = schema.LAYERS[name]
        props = [f["properties"] for f in features]
        data = {}
        for fspec in spec.fields:
            values = [p.get(fspec.name) for p in props]
            if fspec.kind in ("year", "month"):
                data[fspec.name] = pd.array(values, dtype="Int64")
            elif fspec.kind in ("percent", "money"):
                data[fspec.name] = pd.array(values, dtype="Float64")
            else:
                data[fspec.name] = pd.Series(values, dtype=object)
        geometries = [shapely.geometry.shape(f["geometry"]) if f["geometry"] else None for f in features]
        frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometries, crs="EPSG:4326"), crs="EPSG:4326")
        kinds = {g.geom_type for g in geometries if g is not None}
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG",
                                geometry_type=kinds.pop() if len(kinds) == 1 else "Unknown",
                                promote_to_multi=False)
    return path
