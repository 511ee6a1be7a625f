"""qxmap inspect / qxmap import / validate --mapping / summary --mapping with the
files planners bring (tests/helpers/make_sources.py), reading the workspace back:
records, history rows, geometry_accuracy and source."""
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from qxmap import gcj02
from qxmap.cli import main
from qxmap.geometry_edits import record_from_text
from qxmap.importing import IMPORTED_ACCURACY
from qxmap.workspace import Workspace, create_workspace, read_history

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

from conftest import BUNDLED  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.fixture
def ws(tmp_path):
    return create_workspace(BUNDLED, tmp_path / "work.gpkg")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def last_json(text):
    return json.loads(text.strip().splitlines()[-1])


def roads_of(path):
    return Workspace.open(path).dataset.layers["roads"].set_index("id")


# ---------------------------------------------------------------- inspect


def test_inspect_gbk_shapefile_without_cpg(tmp_path, capsys):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp", cpg=False, ldid=0)
    code, out, _ = run(capsys, "inspect", shp)
    assert code == 0
    assert "43" not in out.splitlines()[0].replace(str(shp), "")  # one layer, 41 features (not the path's digits)
    assert "41 feature(s) (LineString 41)" in out
    assert "EPSG:4547" in out and "GBK/GB18030" in out
    assert "field 名称" in out and "S358清溪段升级改造" in out
    assert '"名称" = "name_zh"' in out and 'target = "roads"' in out
    code, out, _ = run(capsys, "inspect", shp, "--json")
    doc = json.loads(out)
    (layer,) = doc["layers"]
    assert layer["encoding"]["encoding"] == "GB18030" and layer["encoding"]["confidence"] != "certain"
    assert layer["crs"] == "EPSG:4547"
    assert layer["suggested_mapping"]["fields"]["名称"] == "name_zh"
    assert {f["name"] for f in layer["fields"]} >= {"名称", "状态", "建设阶段"}


def test_inspect_4526_without_prj_suggests_the_zone(tmp_path, capsys):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4526"), tmp_path / "r.shp", prj=False)
    code, out, _ = run(capsys, "inspect", shp, "--json")
    layer = json.loads(out)["layers"][0]
    assert layer["crs"] is None
    assert layer["crs_candidates"][0]["crs"] == "EPSG:4526"
    assert layer["suggested_mapping"]["crs"] == "EPSG:4526"


def test_inspect_unreadable_file_and_bad_encoding(tmp_path, capsys):
    bad = tmp_path / "broken.shp"
    bad.write_bytes(b"not a shapefile at all")
    code, _, err = run(capsys, "inspect", bad)
    assert code == 1 and "broken.shp" in err and "Traceback" not in err
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp")
    code, _, err = run(capsys, "inspect", shp, "--encoding", "klingon")
    assert code == 2 and "klingon" in err


# ---------------------------------------------------------------- import


@pytest.mark.parametrize("cpg", [True, False], ids=["cpg", "no-cpg"])
def test_import_gbk_shapefile_4547(tmp_path, ws, capsys, cpg):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "道路.shp", cpg=cpg,
                             ldid=None if cpg else 0)
    code, out, err = run(capsys, "import", shp, "--to", ws, "--by", "规划办")
    assert code == 0, err
    assert '"名称" = "name_zh"' in out  # the suggested mapping is printed
    assert "41 matched, 0 added, 0 reference, 0 skipped" in out
    roads = roads_of(ws)
    assert set(roads["geometry_accuracy"]) == {IMPORTED_ACCURACY}
    assert all("几何来源: 道路.shp 图层 道路" in s for s in roads["source"])
    assert roads.at["road-s358", "name_zh"] == "S358清溪段升级改造"  # GBK read right
    entries, _ = read_history(ws)
    assert {e.changed_by for e in entries} == {"规划办"}
    assert {"geometry", "geometry_accuracy", "source"} <= {e.field for e in entries}


def test_import_4526_json_and_saved_mapping(tmp_path, ws, capsys):
    frame = ms.chinese_roads(crs="EPSG:4526")
    extra = frame.iloc[[3]].copy()
    extra["名称"] = "清溪新路"
    frame = gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs=frame.crs)
    shp = ms.write_shapefile(frame, tmp_path / "roads.shp")
    toml = tmp_path / "roads.toml"
    code, out, _ = run(capsys, "import", shp, "--to", ws, "--dry-run", "--json", "--save-mapping", toml)
    doc = last_json(out)
    assert code == 0 and doc["ok"] and doc["dry_run"] and not doc["imported"]
    assert doc["counts"]["matched"] == 41 and doc["counts"]["added"] == 1
    assert doc["crs"] == "EPSG:4526" and doc["history_rows"] == 0
    assert len(roads_of(ws)) == 41  # a dry run writes nothing
    assert 'target = "roads"' in toml.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "import", shp, "--to", ws, "--mapping", toml, "--json")
    doc = last_json(out)
    assert code == 0 and doc["imported"] and doc["history_rows"] > 0 and not doc["mapping_suggested"]
    roads = roads_of(ws)
    new = roads[roads["name_zh"] == "清溪新路"]
    assert len(new) == 1 and new["geometry_accuracy"].iloc[0] == IMPORTED_ACCURACY
    # the line is where the 4526 file puts it: on the road it copied
    copied = roads.geometry[roads["name_zh"] == frame["名称"].iloc[3]].iloc[0]
    assert new.geometry.iloc[0].hausdorff_distance(copied) < 1e-6
    entries, _ = read_history(ws)
    made = [e for e in entries if e.road_id == new.index[0]]
    assert [e.field for e in made] == ["record"]  # its attributes and its line in one row
    attributes, line = record_from_text(made[0].new_value)
    assert attributes["name_zh"] == "清溪新路" and line.equals_exact(new.geometry.iloc[0], 1e-6)


def test_import_geojson_with_bom(tmp_path, ws, capsys):
    path = ms.write_geojson(ms.chinese_roads(), tmp_path / "roads.geojson", bom=True)
    code, out, err = run(capsys, "import", path, "--to", ws)
    assert code == 0, err
    assert "41 matched" in out
    assert roads_of(ws).at["road-s358", "geometry_accuracy"] == IMPORTED_ACCURACY


def test_import_kml(tmp_path, ws, capsys):
    path = ms.write_kml(ms.chinese_roads(), tmp_path / "roads.kml")
    code, out, err = run(capsys, "import", path, "--to", ws, "--as", "roads", "--match", "name", "--json")
    doc = last_json(out)
    assert code == 0, err
    assert doc["counts"]["matched"] == 41  # names from <name>, positions WGS-84
    roads = roads_of(ws)
    assert roads.at["road-s358", "geometry_accuracy"] == IMPORTED_ACCURACY


def test_import_dxf_as_reference_layer(tmp_path, ws, capsys):
    path = ms.write_dxf(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "路网.dxf")
    code, out, err = run(capsys, "import", path, "--to", ws, "--as", "reference", "--crs", "EPSG:4547",
                         "--title", "城市路网")
    assert code == 0, err
    assert "41 reference" in out
    refs = Workspace.open(ws).dataset.references
    (ref,) = refs.values()
    assert ref.title == "城市路网" and len(ref.frame) == 41
    assert set(ref.frame["Layer"]) == {"道路中心线"}  # GBK CAD layer names read right
    assert len(roads_of(ws)) == 41  # no record touched
    b = ref.frame.total_bounds
    assert 114.0 < b[0] < b[2] < 114.3 and 22.7 < b[1] < b[3] < 22.95


def test_import_csv_points_as_exits_with_a_mapping(tmp_path, ws, capsys):
    path = ms.write_csv(tmp_path / "出入口.csv", ms.point_rows(4))
    toml = tmp_path / "exits.toml"
    toml.write_text('target = "exits"\n[fields]\n"名称" = "name_zh"\n"状态" = "status"\n'
                    '[values.status]\n"已完工" = "completed"\n[defaults]\nphase = "unscheduled"\n',
                    encoding="utf-8")
    code, out, err = run(capsys, "import", path, "--to", ws, "--mapping", toml)
    assert code == 0, err
    assert "4 added" in out
    exits = Workspace.open(ws).dataset.layers["exits"].set_index("id")
    new = exits[exits["name_zh"].str.startswith("清溪测试点")]
    assert len(new) == 4 and set(new["phase"]) == {"unscheduled"}
    assert set(new["status"]) == {"under_construction", "planned", "completed"}
    assert set(new["category"]) == {"exit"} and set(new["geometry_accuracy"]) == {IMPORTED_ACCURACY}


def test_import_gcj02_declared(tmp_path, ws, capsys):
    rows = ms.point_rows(5)
    truth = [(r["经度"], r["纬度"]) for r in rows]
    for r in rows:  # traced on AMap
        r["经度"], r["纬度"] = [round(v, 7) for v in gcj02.wgs_to_gcj(r["经度"], r["纬度"])]
    path = ms.write_csv(tmp_path / "amap.csv", rows, encoding="utf-8-sig")
    code, _, err = run(capsys, "import", path, "--to", ws, "--as", "reference", "--crs", "gcj02")
    assert code == 0, err
    (ref,) = Workspace.open(ws).dataset.references.values()
    for geom, (lon, lat) in zip(ref.frame.geometry, truth):
        dx = (geom.x - lon) * 111320 * np.cos(np.radians(lat))
        dy = (geom.y - lat) * 110540
        assert np.hypot(dx, dy) < 1.0  # back where they are, within a metre


# ---------------------------------------------------------------- bad input


def test_wrong_crs_puts_the_data_at_sea_and_nothing_is_written(tmp_path, ws, capsys):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp")
    code, out, err = run(capsys, "import", shp, "--to", ws, "--crs", "EPSG:3857", "--json")
    assert code == 1
    assert "outside China or at sea" in err and "nothing was written" in err
    assert last_json(out)["ok"] is False
    assert read_history(ws)[0] == []


def test_mapping_naming_a_missing_field(tmp_path, ws, capsys):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp")
    toml = tmp_path / "bad.toml"
    toml.write_text('target = "roads"\n[fields]\n"路名" = "name_zh"\n', encoding="utf-8")
    code, _, err = run(capsys, "import", shp, "--to", ws, "--mapping", toml)
    assert code == 1 and "'路名' is not in layer roads.shp" in err


def test_unknown_values_empty_and_mixed_geometries_are_named(tmp_path, ws, capsys):
    frame = ms.chinese_roads()
    frame.loc[0, "状态"] = "施工"  # the office's own word: no mapping
    frame.loc[1, "geometry"] = None  # empty
    frame.loc[2, "geometry"] = shapely.GeometryCollection([shapely.Point(114.15, 22.85),
                                                          shapely.LineString([(114.15, 22.85), (114.16, 22.86)])])
    path = tmp_path / "roads.geojson"
    path.write_text(frame.to_json(ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "import", path, "--to", ws)
    assert code == 0, err
    lines = out.splitlines()
    unknown = [l for l in lines if "unknown status value '施工'" in l and "feature" in l]
    assert unknown and "feature #0" in unknown[0] and "[field 状态]" in unknown[0] and "roads.geojson" in unknown[0]
    assert any("feature #1" in l and "empty geometry" in l for l in lines)
    assert any("feature #2" in l and "GeometryCollection" in l for l in lines)
    assert "38 matched, 0 added, 0 reference, 3 skipped" in out
    # --strict: nothing written when anything would be skipped
    ws2 = create_workspace(BUNDLED, tmp_path / "w2.gpkg")
    code, _, err = run(capsys, "import", path, "--to", ws2, "--strict")
    assert code == 1 and read_history(ws2)[0] == []


def test_usage_errors_exit_2(tmp_path, ws, capsys):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp")
    assert run(capsys, "import", shp, "--to", ws, "--layer", "nope")[0] == 2
    assert run(capsys, "import", shp, "--to", ws, "--crs", "EPSG:999999")[0] == 2
    assert run(capsys, "import", shp, "--to", tmp_path / "none.gpkg")[0] == 2
    with pytest.raises(SystemExit) as info:
        main(["import", str(shp)])  # no --to
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["import", str(shp), "--to", str(ws), "--as", "lakes"])
    assert info.value.code == 2


# ---------------------------------------------------------------- validate and summary --mapping


def test_validate_and_summary_with_a_mapping(tmp_path, capsys):
    shp = ms.write_shapefile(ms.chinese_roads(crs="EPSG:4547"), tmp_path / "roads.shp")
    toml = tmp_path / "roads.toml"
    ws = create_workspace(BUNDLED, tmp_path / "w.gpkg")
    run(capsys, "import", shp, "--to", ws, "--dry-run", "--save-mapping", toml)
    code, out, err = run(capsys, "validate", shp, "--mapping", toml)
    assert code == 0, out + err
    assert "valid" in out and "roads 41" in out
    code, out, _ = run(capsys, "summary", shp, "--mapping", toml, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["count"] == 41
    code, out, _ = run(capsys, "summary", BUNDLED, "--json")
    assert json.loads(out)["count"] >= summary["count"] - 41
    # a value with no mapping is a problem naming file, feature and field
    frame = ms.chinese_roads(crs="EPSG:4547")
    frame.loc[4, "状态"] = "施工"
    bad = ms.write_shapefile(frame, tmp_path / "bad" / "roads.shp")
    code, out, _ = run(capsys, "validate", bad, "--mapping", toml, "--json")
    problems = json.loads(out)
    assert code == 1
    assert problems[0]["field"] == "状态" and problems[0]["feature"].startswith("#4") \
        and "roads.shp" in problems[0]["file"]


def test_thousands_of_skipped_features_are_summed_up_not_listed_one_by_one(tmp_path, ws, capsys):
    """A city's network with thousands of features left out: the terminal lists the first
    SKIPPED_SHOWN and says how many more; --json still lists every one."""
    from qxmap.importing_cli import SKIPPED_SHOWN

    n = SKIPPED_SHOWN + 70
    lines = [shapely.LineString([(114.15 + i * 1e-4, 22.85), (114.151 + i * 1e-4, 22.851)]) for i in range(20)]
    frame = gpd.GeoDataFrame({"名称": [f"道路{i}" for i in range(20 + n)]},
                             geometry=lines + [None] * n, crs="EPSG:4326")
    path = tmp_path / "city.geojson"
    path.write_text(frame.to_json(ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "import", path, "--to", ws, "--as", "reference", "--dry-run")
    assert code == 0, err
    listed = [l for l in out.splitlines() if "empty geometry" in l and "feature #" in l]
    assert len(listed) == SKIPPED_SHOWN and "feature #20 " in listed[0]
    assert f"... and {n - SKIPPED_SHOWN} more (--json lists every skipped feature)" in out
    assert f"20 reference, {n} skipped" in out
    code, out, err = run(capsys, "import", path, "--to", ws, "--as", "reference", "--dry-run", "--json")
    assert code == 0, err
    assert len(json.loads(out.splitlines()[-1])["skipped"]) == n
