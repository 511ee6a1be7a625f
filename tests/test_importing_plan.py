"""Import plans against the bundled records: matches by id and name, fuzzy
candidates listed (never applied), new records, reference layers, skip reasons,
pieces of one road merged, provenance of imported geometry."""
import datetime
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from qxmap import schema
from qxmap.importing import (
    IMPORTED_ACCURACY,
    REFERENCE,
    MappingError,
    plan_import,
    read_layer,
    suggest_mapping,
)
from qxmap.importing.plan import fuzzy_candidates, fuzzy_key, road_code

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

TODAY = datetime.date(2024, 5, 20)


def plan_for(frame, tmp_path, bundled, name="roads.shp", target=None, edit=None, **kwargs):
    if name.endswith(".shp"):
        path = ms.write_shapefile(frame.to_crs("EPSG:4547"), tmp_path / name)
    else:
        path = ms.write_gpkg(frame, tmp_path / name)
    layer = read_layer(path)
    mapping = suggest_mapping(layer, target=target)
    if edit:
        edit(mapping)
    return layer, mapping, plan_import(layer, mapping, bundled, today=TODAY, **kwargs)


def test_imported_accuracy_is_a_schema_code():
    assert IMPORTED_ACCURACY in schema.ACCURACIES


def test_gbk_shapefile_of_the_bundled_roads_matches_every_road_by_name(tmp_path, bundled):
    layer, mapping, plan = plan_for(ms.chinese_roads(), tmp_path, bundled)
    assert plan.counts == {"matched": 41, "added": 0, "reference": 0, "skipped": 0, "merged": 0}
    assert set(plan.features["matched_by"]) == {"name"}
    assert set(plan.features["record_id"]) == set(bundled.layer("roads")["id"])
    s358 = next(f for f in plan if f.record_id == "road-s358")
    # the values say what the file says; only what differs is a change
    assert s358.values["status"] == "under_construction" and s358.values["category"] == "provincial_county"
    assert set(s358.changes) == {"geometry_accuracy", "source"}
    assert s358.changes["geometry_accuracy"] == ("schematic", IMPORTED_ACCURACY)
    old_source, new_source = s358.changes["source"]
    assert new_source.startswith(old_source)  # the work report's words stay
    assert new_source.endswith("几何来源: roads.shp 图层 roads, 导入于 2024-05-20")
    # geometry leaves in WGS-84, 2-D, where the bundled data has it
    bundled_geom = bundled.layer("roads").set_index("id").geometry["road-s358"]
    assert s358.geometry.equals_exact(bundled_geom, 1e-6)
    assert plan.features.crs.to_epsg() == 4326
    assert not shapely.has_z(plan.features.geometry.values).any()
    assert plan.warnings == []


def test_match_by_id_wins_and_renames(tmp_path, bundled):
    frame = ms.chinese_roads(with_id=True)
    frame.loc[0, "名称"] = "省道S358清溪段"
    frame.loc[3, "编号"] = "ROAD-EXPY-03"  # ids compare case-insensitively
    _, _, plan = plan_for(frame, tmp_path, bundled)
    assert set(plan.features["matched_by"]) == {"id"}
    first = plan.feature(0)
    assert first.record_id == "road-s358" and first.changes["name_zh"] == ("S358清溪段升级改造", "省道S358清溪段")
    assert plan.feature(3).record_id == "road-expy-03"


def _new_roads(frame):
    extra = frame.iloc[[0, 0, 0, 0, 0]].copy()
    extra["名称"] = ["清溪大道", "S358", "从莞高速谢坑出入口至塘厦东深二线道路", "高速公路(未具名)2/4",
                   "银湖路"]
    extra["状态"] = ["规划", "在建", "在建", "在建", "已建成"]
    extra["道路等级"] = ["镇内道路", "省道", "高速公路", "省道", "镇内道路"]
    extra["建设阶段"] = ["今年动工", "已开工", "已开工", "已开工", "未排期"]
    geoms = [shapely.affinity.translate(g, xoff=0.01 * (i + 1)) for i, g in enumerate(extra.geometry)]
    return gpd.GeoDataFrame(extra.drop(columns="geometry"), geometry=geoms, crs=frame.crs)


def test_new_roads_get_ids_and_fuzzy_names_are_only_candidates(tmp_path, bundled):
    frame = _new_roads(ms.chinese_roads())
    _, mapping, plan = plan_for(frame, tmp_path, bundled)
    assert plan.counts["added"] == 5 and plan.counts["matched"] == 0
    assert list(plan.features["record_id"]) == [f"road-imp-000{i}" for i in range(1, 6)]
    cands = {(r.row, r.record_id): r.reason for r in plan.candidates.itertuples()}
    assert "same road number S358" in cands[(1, "road-s358")]
    assert "路/道路 suffix" in cands[(2, "road-conguan-xiekeng-dongshen")]
    assert "similar name" in cands[(3, "road-expy-02")]
    best = plan.feature(3).candidates[0]
    assert best.record_id == "road-expy-02" and best.score > plan.feature(3).candidates[1].score
    assert not any(row == 0 for row, _ in cands)  # 清溪大道 resembles nothing
    new = plan.new_records()
    assert list(new.columns) == [f.name for f in schema.LAYERS["roads"].fields] + ["geometry"]
    first = new.iloc[0]
    assert first["status"] == "planned" and first["phase"] == "start_this_year" and first["category"] == "town"
    assert first["geometry_accuracy"] == IMPORTED_ACCURACY
    assert first["source"] == "几何来源: roads.shp 图层 roads, 导入于 2024-05-20"
    assert new.iloc[4]["status"] == "completed"
    # the user confirms two candidates; planning again applies exactly those
    mapping.matches = {"S358": "road-s358", "高速公路(未具名)2/4": ""}
    layer = read_layer(tmp_path / "roads.shp")
    again = plan_import(layer, mapping, bundled, today=TODAY)
    assert again.feature(1).action == "match" and again.feature(1).matched_by == "confirmed"
    assert again.feature(3).action == "add"
    assert not (again.candidates["row"] == 3).any()  # forced new: no candidates
    assert again.feature(2).action == "add"  # not confirmed: still only a candidate


def test_unknown_values_skip_features_and_are_counted(tmp_path, bundled):
    frame = ms.chinese_roads()
    frame.loc[0:2, "状态"] = "施工"
    frame.loc[3, "道路等级"] = "主干路"
    _, _, plan = plan_for(frame, tmp_path, bundled)
    assert plan.unknown_values == {"status": [("施工", 3)], "category": [("主干路", 1)]}
    assert plan.counts["skipped"] == 4 and plan.counts["matched"] == 37
    assert plan.skip_reasons["unknown status value '施工' (no mapping)"] == 3
    assert plan.feature(3).reasons == ("unknown category value '主干路' (no mapping)",)


def test_geometry_skip_reasons(tmp_path, bundled):
    frame = ms.chinese_roads().head(6).copy()
    geoms = list(frame.geometry)
    geoms[0] = shapely.Point(114.15, 22.84)                                     # wrong type for roads
    geoms[1] = shapely.GeometryCollection([geoms[1], shapely.Point(114.1, 22.8)])  # mixed
    geoms[2] = None                                                             # empty
    frame = frame.set_geometry(geoms)
    _, _, plan = plan_for(frame, tmp_path, bundled, name="mixed.gpkg")
    assert plan.feature(0).reasons == ("wrong geometry type Point for layer roads "
                                       "(expects LineString, MultiLineString)",)
    assert plan.feature(1).reasons == ("mixed geometry types (GeometryCollection)",)
    assert plan.feature(2).reasons == ("empty geometry",)
    assert plan.counts == {"matched": 3, "added": 0, "reference": 0, "skipped": 3, "merged": 0}
    # attributes only, when asked: the record is updated, its geometry kept
    layer = read_layer(Path(tmp_path / "mixed.gpkg"))
    plan2 = plan_import(layer, suggest_mapping(layer), bundled, allow_empty_geometry=True)
    f = plan2.feature(2)
    assert f.action == "match" and f.geometry is None and "geometry_accuracy" not in f.values


def test_reference_layer_keeps_everything(tmp_path, bundled):
    frame = ms.chinese_roads()
    _, _, plan = plan_for(frame, tmp_path, bundled, target=REFERENCE)
    assert plan.counts["reference"] == 41
    ref = plan.reference_layer()
    assert {"名称", "状态", "道路等级"} <= set(ref.columns)
    assert ref.crs.to_epsg() == 4326 and len(ref) == 41


def test_far_away_features_are_a_warning_listing_them(tmp_path, bundled):
    frame = ms.chinese_roads()
    geoms = list(frame.geometry)
    geoms[7] = shapely.affinity.translate(geoms[7], xoff=1.5, yoff=0.5)
    frame = frame.set_geometry(geoms)
    _, _, plan = plan_for(frame, tmp_path, bundled)
    assert plan.far_features == [7]
    assert any("far from the rest" in w and "#7 '外联道路（报告未具名）1/10'" in w for w in plan.warnings)
    assert plan.feature(7).action == "match"  # a warning, not a skip


def test_pieces_of_one_road_are_merged(tmp_path, bundled):
    frame = ms.chinese_roads().head(3).copy()
    line = frame.geometry.iloc[0]
    a, b = shapely.ops.substring(line, 0, 0.5, normalized=True), shapely.ops.substring(line, 0.5, 1,
                                                                                          normalized=True)
    pieces = frame.iloc[[0, 0]].copy().set_geometry([a, b])
    frame = gpd.GeoDataFrame(gpd.pd.concat([pieces, frame.iloc[1:]]), crs=frame.crs).reset_index(drop=True)
    _, _, plan = plan_for(frame, tmp_path, bundled, name="pieces.gpkg")
    assert plan.counts == {"matched": 3, "added": 0, "reference": 0, "skipped": 0, "merged": 1}
    merged = plan.feature(0)
    assert merged.record_id == "road-s358" and merged.geometry.length == pytest.approx(line.length, rel=1e-6)
    assert plan.feature(1).action == "merged" and plan.feature(1).record_id == "road-s358"
    # pieces that disagree are not merged: the second is skipped, naming the field
    frame.loc[1, "状态"] = "规划"
    _, _, plan = plan_for(frame, tmp_path, bundled, name="pieces2.gpkg")
    assert plan.feature(1).action == "skip"
    assert "says status 'under_construction', this one 'planned'" in plan.feature(1).reasons[0]


def test_exits_from_a_spreadsheet_with_defaults(tmp_path, bundled):
    rows = [{"名称": "博深高速清溪出入口", "状态": "在建", "经度": 114.205, "纬度": 22.815},
            {"名称": "清溪东出入口", "状态": "规划", "经度": 114.21, "纬度": 22.86}]
    layer = read_layer(ms.write_xlsx(tmp_path / "exits.xlsx", rows, sheet="出入口"))
    mapping = suggest_mapping(layer)
    assert mapping.target == "exits"
    plan = plan_import(layer, mapping, bundled, today=TODAY)
    assert plan.feature(0).action == "match" and plan.feature(0).record_id == "exit-boshen-qingxi"
    assert plan.feature(1).reasons == ("no phase for a new record (map a field to it or set a default)",)
    mapping.defaults["phase"] = "unscheduled"
    plan = plan_import(layer, mapping, bundled, today=TODAY)
    new = plan.new_records()
    assert list(new["id"]) == ["exit-imp-0001"]
    assert new.iloc[0]["category"] == "exit" and new.iloc[0]["phase"] == "unscheduled"
    assert new.geometry.iloc[0].geom_type == "Point"


def test_status_follows_from_the_phase_when_missing(tmp_path, bundled):
    frame = _new_roads(ms.chinese_roads()).drop(columns="状态")
    _, _, plan = plan_for(frame, tmp_path, bundled)
    new = plan.new_records().set_index("name_zh")
    assert new.at["清溪大道", "status"] == "planned"  # 今年动工
    assert new.at["S358", "status"] == "under_construction"  # 已开工


def test_dxf_cad_layers_filtered(tmp_path, bundled):
    frame = ms.chinese_roads(crs="EPSG:4547")
    cad = ["道路中心线" if i < 10 else "标注" for i in range(len(frame))]
    path = ms.write_dxf(frame, tmp_path / "roads.dxf", cad_layers=cad)
    layer = read_layer(path, near=(114.16, 22.84))
    mapping = suggest_mapping(layer, target=REFERENCE)
    mapping.keep = {"Layer": ["道路中心线"]}
    plan = plan_import(layer, mapping, bundled, today=TODAY)
    assert plan.counts["reference"] == 10 and plan.counts["skipped"] == 31
    assert plan.skip_reasons == {"not selected (Layer = '标注')": 31}
    assert plan.crs == "EPSG:4547"


def test_no_coordinate_system_is_a_clear_error(tmp_path, bundled):
    path = tmp_path / "local.geojson"
    path.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"a"},'
                    '"geometry":{"type":"LineString","coordinates":[[10,10],[500,800]]}}]}', encoding="utf-8")
    layer = read_layer(path)
    mapping = suggest_mapping(layer)
    with pytest.raises(MappingError, match="no coordinate system"):
        plan_import(layer, mapping, bundled)
    mapping.crs = "EPSG:4547"  # the user says so: planned (and flagged: it lands at sea)
    plan = plan_import(layer, mapping, bundled)
    assert any("outside China or at sea" in w for w in plan.warnings)


def test_plan_without_a_dataset_adds_everything(tmp_path):
    layer = read_layer(ms.write_gpkg(ms.chinese_roads(), tmp_path / "r.gpkg"))
    plan = plan_import(layer, suggest_mapping(layer), None, today=TODAY)
    assert plan.counts["added"] == 41 and len(set(plan.features["record_id"])) == 41
    assert plan.as_dict()["counts"]["added"] == 41
    assert plan.summary_lines()[0].startswith("r.gpkg#道路 -> roads (EPSG:4326")


def test_fuzzy_helpers():
    assert fuzzy_key(" 清溪大道（东段）路 ") == "清溪大道东段"
    assert road_code("省道s358清溪段") == "S358" and road_code("清溪大道") is None
    names = [f"合成道路{i}号" for i in range(2000)] + ["S358 清溪段"]
    found = fuzzy_candidates(names, ["road-s358", "road-x"], ["S358清溪段升级改造", "镇内道路（报告未具名）1/24"])
    assert list(found) == [len(names) - 1]  # only the S358 name resembles a record
    assert found[len(names) - 1][0][0] == 0


def test_mapping_is_checked_against_the_layer(tmp_path, bundled):
    layer = read_layer(ms.write_gpkg(ms.chinese_roads(), tmp_path / "r.gpkg"))
    mapping = suggest_mapping(layer)
    mapping.fields["路名"] = "note"
    with pytest.raises(MappingError, match="field '路名' is not in layer r.gpkg#道路"):
        plan_import(layer, mapping, bundled)
    assert np.all(layer.frame.index == np.arange(41))
