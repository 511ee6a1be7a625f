"""Writes tests/data/small (a tiny valid dataset) and tests/data/bad/* (one
broken input per case, with tests/data/bad/cases.json saying which field the
validator must name).  Run it again after a schema change:
    python tests/data/make_cases.py
"""
import copy
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def road(i, **kw):
    props = {"id": f"r{i}", "name_zh": f"测试道路{i}", "name_en": f"Test road {i}", "category": "town",
             "status": "planned", "phase": "underway", "start": None, "target": 2018, "progress": None,
             "geometry_accuracy": "schematic", "source": "测试数据", "note": None}
    props.update(kw)
    lon = 114.15 + 0.01 * i
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [[lon, 22.84], [lon + 0.005, 22.85]]}}


def small():
    roads = [road(1, category="expressway", status="under_construction"),
             road(2, category="external", phase="start_this_year"),
             road(3, category="town", phase="by_2018", status="completed"),
             road(4, category="provincial_county", phase="2018_2020", target=2020)]
    unmapped = road(5, phase="unscheduled", geometry_accuracy="unmapped", target=None)
    unmapped["geometry"] = None
    roads.append(unmapped)
    exits = [{"type": "Feature", "properties": {
        "id": "e1", "name_zh": "测试出入口", "name_en": None, "category": "exit", "road": "测试高速",
        "status": "planned", "phase": "by_2018", "start": None, "target": 2018, "progress": None,
        "geometry_accuracy": "approximate", "source": "测试数据", "note": None},
        "geometry": {"type": "Point", "coordinates": [114.17, 22.86]}}]
    boundary = [{"type": "Feature", "properties": {
        "id": "b1", "name_zh": "测试镇界", "name_en": None, "geometry_accuracy": "schematic",
        "source": "测试数据", "note": None},
        "geometry": {"type": "Polygon", "coordinates": [[[114.10, 22.78], [114.23, 22.78], [114.23, 22.90],
                                                         [114.10, 22.90], [114.10, 22.78]]]}}]
    parks = [{"type": "Feature", "properties": {
        "id": "p1", "name_zh": "测试公园", "name_en": "Test park", "kind": "forest_park",
        "geometry_accuracy": "schematic", "source": "测试数据", "note": None},
        "geometry": {"type": "Polygon", "coordinates": [[[114.12, 22.80], [114.14, 22.80], [114.14, 22.82],
                                                         [114.12, 22.82], [114.12, 22.80]]]}}]
    return {"roads": roads, "exits": exits, "boundary": boundary, "parks": parks}


def fc(features, **extra):
    out = {"type": "FeatureCollection"}
    out.update(extra)
    out["features"] = features
    return out


def write_folder(folder, layers, raw=None):
    folder.mkdir(parents=True)
    for name, features in layers.items():
        (folder / f"{name}.geojson").write_text(json.dumps(fc(features), ensure_ascii=False, indent=1),
                                                encoding="utf-8")
    for name, text in (raw or {}).items():
        (folder / name).write_text(text, encoding="utf-8")


def main():
    base = small()
    shutil.rmtree(HERE / "small", ignore_errors=True)
    write_folder(HERE / "small", base)
    bad = HERE / "bad"
    shutil.rmtree(bad, ignore_errors=True)
    bad.mkdir()
    cases = {}

    def case(name, field, contains, mutate=None, raw=None, drop=()):
        layers = copy.deepcopy(base)
        if mutate:
            mutate(layers)
        for d in drop:
            layers.pop(d)
        write_folder(bad / name, layers, raw)
        cases[name] = {"field": field, "contains": contains}

    roads_text = json.dumps(fc(base["roads"]), ensure_ascii=False, indent=1)
    case("broken_json", None, "broken JSON", drop=("roads",),
         raw={"roads.geojson": roads_text.replace('"category": "town"', '"category": town', 1)})
    case("truncated", None, "truncated", drop=("roads",), raw={"roads.geojson": roads_text[: len(roads_text) // 2]})
    case("not_feature_collection", None, "not a GeoJSON FeatureCollection", drop=("roads",),
         raw={"roads.geojson": json.dumps({"type": "Feature", "properties": {}, "geometry": None})})
    case("unknown_layer_file", None, "not a qxmap layer name",
         raw={"road.geojson": json.dumps(fc([]))})

    def wrong_type(layers):
        layers["roads"][0]["geometry"] = {"type": "Point", "coordinates": [114.16, 22.84]}
    case("wrong_geometry_type", "geometry", "wrong geometry type", wrong_type)

    def dup(layers):
        layers["roads"][1]["properties"]["id"] = "r1"
    case("duplicate_ids", "id", "duplicate id", dup)

    def dup_across(layers):
        layers["exits"][0]["properties"]["id"] = "r1"
    case("duplicate_ids_across_layers", "id", "duplicate id", dup_across)

    def status(layers):
        layers["roads"][2]["properties"]["status"] = "finished"
    case("unknown_status", "status", "unknown status", status)

    def phase(layers):
        layers["roads"][0]["properties"]["phase"] = "phase9"
    case("unknown_phase", "phase", "unknown phase", phase)

    def category(layers):
        layers["roads"][0]["properties"]["category"] = "highway"
    case("unknown_category", "category", "unknown category", category)

    def invalid(layers):
        layers["parks"][0]["geometry"]["coordinates"] = [[[114.12, 22.80], [114.14, 22.82], [114.14, 22.80],
                                                          [114.12, 22.82], [114.12, 22.80]]]
    case("invalid_geometry", "geometry", "invalid geometry", invalid)

    def no_source(layers):
        layers["roads"][1]["properties"]["source"] = ""
    case("missing_source", "source", "required value is empty", no_source)

    def no_name_column(layers):
        for f in layers["exits"]:
            del f["properties"]["name_zh"]
    case("missing_name_field", "name_zh", "required field is missing", no_name_column)

    def year(layers):
        layers["roads"][0]["properties"]["target"] = "2018年"
    case("bad_year", "target", "not a whole-number year", year)

    def order(layers):
        layers["roads"][3]["properties"]["start"] = 2021
    case("start_after_target", "start", "start year is after the target year", order)

    def progress(layers):
        layers["roads"][0]["properties"]["progress"] = 140
    case("progress_out_of_range", "progress", "percentage out of range", progress)

    def unmapped_with_geometry(layers):
        layers["roads"][0]["properties"]["geometry_accuracy"] = "unmapped"
    case("unmapped_with_geometry", "geometry_accuracy", "cannot be 'unmapped'", unmapped_with_geometry)

    def projected(layers):
        for f in layers["roads"]:
            if f["geometry"]:
                f["geometry"]["coordinates"] = [[38515000 + 100 * i, 2528000 + 50 * i]
                                                for i, _ in enumerate(f["geometry"]["coordinates"])]
    case("projected_without_crs", "geometry", "look projected", projected)

    def swapped(layers):
        for f in layers["roads"]:
            if f["geometry"]:
                f["geometry"]["coordinates"] = [[lat, lon] for lon, lat in f["geometry"]["coordinates"]]
    case("swapped_lat_lon", "geometry", "swapped", swapped)

    def infinite_year(layers):
        layers["roads"][0]["properties"]["target"] = float("inf")  # json writes Infinity
    case("infinite_year", "target", "not a finite number", infinite_year)

    def nan_progress(layers):
        layers["roads"][1]["properties"]["progress"] = float("nan")  # json writes NaN
    case("nan_progress", "progress", "not a finite number", nan_progress)

    def list_as_name(layers):
        layers["roads"][0]["properties"]["name_zh"] = ["测试", "道路"]
    case("list_as_name", "name_zh", "a list where text is expected", list_as_name)

    def object_as_status(layers):
        layers["exits"][0]["properties"]["status"] = {"code": "planned"}
    case("object_as_status", "status", "an object where text is expected", object_as_status)

    def bad_coordinates(layers):
        layers["roads"][0]["geometry"]["coordinates"] = [[114.16, "22.84"], [114.17, 22.85]]
    case("bad_coordinates", "geometry", "bad geometry", bad_coordinates)

    case("missing_roads_layer", None, "required layer 'roads' is missing", drop=("roads",))

    (bad / "cases.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(cases)} bad cases")


if __name__ == "__main__":
    main()
