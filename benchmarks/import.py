"""Benchmark: import a 20,000-road GBK Shapefile (EPSG:4547, Chinese field names).

Writes the file into a temporary folder the way ArcMap on Chinese Windows
does (GBK text, a .cpg, the .dbf code-page byte 0x4D, a .prj), with road
lines from qxmap.synthetic, some names of the bundled roads (matched), some
near-misses (fuzzy candidates) and a few values the synonyms do not know.

Then RUNS times, alternately, in the same process:

- ``read_s``: plain ``pyogrio.read_dataframe(path)`` (GDAL reads the .cpg);
- ``import_s``: the whole import into a workspace made from the bundled data
  (a fresh copy each run): ``read_layer`` (encoding detection, CRS check,
  layer info), ``suggest_mapping``, opening the workspace, the plan against
  its records (matching by id and name, fuzzy candidates, value mapping,
  WGS-84 conversion, placement checks), the change applied in memory and
  saved in one transaction with its history (``qxmap import``'s path);
  ``plan_s`` and ``write_s`` split it before and after the plan.

Prints one JSON line (medians):

    {"import_s": ..., "read_s": ..., "ratio": ..., "plan_s": ..., "write_s": ..., "n_features": 20000, ...}

Target: ratio <= 4.

Usage: python benchmarks/import.py [--features N] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from qxmap.dataset import load_dataset
from qxmap.importing import read_layer, suggest_mapping
from qxmap.synthetic import synthetic_layers
from qxmap.workspace import Workspace, change_from_plan, create_workspace, plan_for

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "geodata" / "qingxi"

STATUS_ZH = {"planned": "规划", "preparing": "前期工作", "under_construction": "在建", "completed": "已建成",
             "on_hold": "暂缓"}
PHASE_ZH = {"underway": "已开工", "start_this_year": "今年动工", "by_2018": "2018年前建成",
            "2018_2020": "2018-2020年建成", "unscheduled": "未排期"}
CATEGORY_ZH = {"expressway": "高速公路", "provincial_county": "省道", "external": "外联道路", "town": "镇内道路"}


def write_source(folder: Path, n: int, bundled_names: list[str]) -> Path:
    roads = synthetic_layers(n, seed=3, n_exits=0)["roads"]
    props = [r["properties"] for r in roads]
    geoms = [None if r["geometry"] is None else shapely.LineString(r["geometry"]["coordinates"]) for r in roads]
    names = [p["name_zh"] for p in props]
    status = [STATUS_ZH[p["status"]] for p in props]
    # (at the same rows for any n from 20,000 down; a smaller file gets them spread over fewer rows)
    for i, name in enumerate(bundled_names[:(n + 6) // 7]):  # the town's own roads: matched by name
        names[i * 7] = name
    near, odd = min(1000, n // 4), min(2000, n // 2)
    for i in range(min(50, n // 8)):  # near-misses: fuzzy candidates only
        names[near + i] = bundled_names[i % len(bundled_names)] + "工程"
    for i in range(min(30, n // 8)):  # the office's own words: unknown values
        status[odd + i] = "施工"
    frame = gpd.GeoDataFrame({
        "名称": names,
        "道路等级": [CATEGORY_ZH[p["category"]] for p in props],
        "状态": status,
        "建设阶段": [PHASE_ZH[p["phase"]] for p in props],
        "完工年份": [p["target"] for p in props],
        "备注": [f"第{i}段" for i in range(n)],
    }, geometry=geoms, crs="EPSG:4326").to_crs("EPSG:4547")
    path = folder / "道路.shp"
    pyogrio.write_dataframe(frame, path, driver="ESRI Shapefile", encoding="GBK")
    dbf = path.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    data[29] = 0x4D  # 936 GBK, as ArcMap writes it
    dbf.write_bytes(bytes(data))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    dataset = load_dataset(BUNDLED)
    roads = dataset.layer("roads")
    near = (114.16, 22.84)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_source(Path(tmp), args.features, list(roads["name_zh"]))
        template = create_workspace(BUNDLED, Path(tmp) / "template.gpkg")
        read_times, import_times, plan_times, write_times = [], [], [], []
        plan = None
        saved = 0
        for run in range(args.runs):
            ws_path = Path(tmp) / f"work{run}.gpkg"
            shutil.copyfile(template, ws_path)
            start = time.perf_counter()
            pyogrio.read_dataframe(path)
            read_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            layer = read_layer(path, near=near)
            mapping = suggest_mapping(layer)
            ws = Workspace.open(ws_path)
            plan = plan_for(layer, mapping, ws.dataset)
            planned = time.perf_counter()
            ws.apply_import(change_from_plan(plan, ws.dataset))
            saved = ws.save("benchmark")
            end = time.perf_counter()
            import_times.append(end - start)
            plan_times.append(planned - start)
            write_times.append(end - planned)
        read_s = statistics.median(read_times)
        import_s = statistics.median(import_times)
        counts = plan.counts
        check = Workspace.open(ws_path)
        print(json.dumps({
            "import_s": round(import_s, 3), "read_s": round(read_s, 3), "ratio": round(import_s / read_s, 2),
            "plan_s": round(statistics.median(plan_times), 3), "write_s": round(statistics.median(write_times), 3),
            "n_features": args.features, "runs": args.runs, "target_ratio": 4,
            "import_scope": "read_layer+suggest_mapping+Workspace.open+plan+apply in memory+save (one "
                            "transaction, history rows with WKT)",
            "history_rows": saved, "roads_in_workspace": len(check.dataset.layers["roads"]),
            "encoding": layer.info.encoding.encoding, "crs": plan.crs, "counts": counts,
            "candidates": int(plan.candidates["row"].nunique()) if len(plan.candidates) else 0,
            "unknown_values": {k: v[:3] for k, v in plan.unknown_values.items()},
        }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
