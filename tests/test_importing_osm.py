"""OpenStreetMap extracts (issue 11): ``.osm`` as JOSM saves it and ``.osm.pbf``
as osmium writes it (tests/helpers/make_sources.py) are read through GDAL's OSM
driver, their tags become fields (road_class and lifecycle on roads), the
suggested mapping keeps the roads for motor traffic as a reference layer, and
``add_new = false`` (``--update-only``) attaches their lines to the records
they match without adding the district's other roads."""
import json
import sys
from pathlib import Path

import pytest

from qxmap.cli import main
from qxmap.importing import (MappingError, inspect_source, load_mapping, mapping_from_toml, mapping_to_toml,
                             plan_import, read_layer, save_mapping, suggest_mapping)
from qxmap.importing import osm
from qxmap.dataset import load_dataset
from qxmap.workspace import Workspace, create_workspace, read_history

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

from conftest import BUNDLED  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.fixture(params=["xml", "pbf"])
def extract(request, tmp_path):
    if request.param == "xml":
        return ms.write_osm_xml(tmp_path / "清溪.osm")
    pytest.importorskip("osmium")
    return ms.write_osm_pbf(tmp_path / "清溪.osm.pbf")


def lines_of(path):
    return read_layer(path, f"{path.name}#lines")


def test_every_layer_with_features_is_listed_with_its_tags_as_fields(extract):
    info = inspect_source(extract)
    names = [layer.name for layer in info.layers]
    assert names == ["points", "lines", "multipolygons"]  # the empty relation layers are left out
    lines = info.layers[1]
    assert lines.driver == "OSM" and lines.feature_count == 12
    assert lines.crs == "EPSG:4326" and lines.encoding.confidence == "certain"
    fields = {f.name: f for f in lines.fields}
    for name in ("osm_id", "name", "highway", "name:en", "ref", "lanes", "construction", "surface", "road_class",
                 "lifecycle"):
        assert name in fields, name
    assert "Qingxi Section of S358" in fields["name:en"].samples
    assert "S358清溪段升级改造" in fields["name"].samples
    assert any("are fields of their own" in n for n in lines.notes)
    assert info.layers[2].geometry_types == {"MultiPolygon": 1}  # the closed way tagged as a park


def test_road_class_and_lifecycle_say_what_the_tags_say(extract):
    frame = lines_of(extract).frame.set_index("name", drop=False)
    assert frame.at["S358清溪段升级改造", "road_class"] == "primary"
    assert frame.at["S358清溪段升级改造", "lifecycle"] == osm.IN_USE
    assert frame.at["清溪大道东延线", "highway"] == "construction"
    assert frame.at["清溪大道东延线", "road_class"] == "primary"  # construction=primary
    assert frame.at["清溪大道东延线", "lifecycle"] == osm.UNDER_CONSTRUCTION
    assert frame.at["规划三路", "road_class"] == osm.UNKNOWN_CLASS  # proposed, class not given
    assert frame.at["规划三路", "lifecycle"] == osm.PROPOSED
    river = frame.loc["清溪河"]
    assert river["road_class"] is None and river["lifecycle"] is None
    # A tag used by one footway only stays a field too (few keys); other_tags keeps nothing then.
    assert frame["other_tags"].isna().all()


def test_keys_beyond_the_field_limit_stay_in_other_tags(tmp_path, monkeypatch):
    nodes, ways = ms.osm_extract(n_roads=2)
    ways[0][2].update({f"k{i:02d}": str(i) for i in range(30)})
    path = ms.write_osm_xml(tmp_path / "many.osm", nodes, ways)
    monkeypatch.setattr(osm, "MAX_TAG_FIELDS", 5)
    frame = lines_of(path).frame
    expanded = [c for c in frame.columns if c.startswith("k")]
    assert len(expanded) <= 5
    rest = json.loads(frame["other_tags"].dropna().iloc[0])
    assert len(rest) >= 25 and all(k not in rest for k in expanded)


def test_the_suggestion_is_a_reference_layer_of_the_roads_for_motor_traffic(extract):
    layer = lines_of(extract)
    mapping = suggest_mapping(layer)
    assert mapping.target == "reference"
    assert mapping.fields == {"name": "name_zh", "name:en": "name_en"}
    assert set(mapping.keep["road_class"]) == {"primary", "secondary", "residential", "road"}
    plan = plan_import(layer, mapping, load_dataset(BUNDLED))
    counts = plan.counts
    assert counts["reference"] == 9 and counts["skipped"] == 3
    reasons = plan.skip_reasons
    assert reasons["not selected (road_class = 'footway')"] == 2
    assert reasons["not selected (road_class is empty)"] == 1  # the river
    assert not plan.unknown_values


def test_as_roads_no_status_or_category_is_taken_from_osm_unless_mapped(extract):
    """OSM says what a road is today, not where a project stands: matched records keep
    their status and category unless the user maps road_class and lifecycle."""
    layer = lines_of(extract)
    mapping = suggest_mapping(layer, target="roads")
    assert set(mapping.fields.values()) == {"name_zh", "name_en"}
    mapping.fields.update({"road_class": "category", "lifecycle": "status"})
    mapping.defaults["phase"] = "unscheduled"
    fresh = suggest_mapping(layer, target="roads")  # the value synonyms, once the fields are mapped
    fresh.fields, fresh.defaults, fresh.keep = mapping.fields, mapping.defaults, mapping.keep
    unknown = fresh.unknown_values(layer)
    assert "status" not in unknown
    plan = plan_import(layer, fresh, load_dataset(BUNDLED))
    new = plan.features[plan.features["action"] == "add"].set_index("name_zh")
    assert new.at["清溪大道东延线", "status"] == "under_construction"
    assert new.at["清溪大道东延线", "category"] == "provincial_county"
    assert new.at["清溪新路", "status"] == "completed" and new.at["清溪新路", "category"] == "town"
    # "road" (class unknown) has no category: that feature is skipped, and listed
    assert plan.unknown_values["category"] == [("road", 1)]
    assert "footway" not in dict(plan.unknown_values["category"])  # filtered out: not "unknown"


def test_update_only_attaches_lines_to_matched_records_and_adds_none(extract, tmp_path):
    ws_path = create_workspace(BUNDLED, tmp_path / "work.gpkg")
    layer = lines_of(extract)
    mapping = suggest_mapping(layer, target="roads")
    mapping.add_new = False
    ws = Workspace.open(ws_path)
    plan = plan_import(layer, mapping, ws.dataset)
    assert plan.counts["added"] == 0 and plan.counts["matched"] == 6
    reasons = plan.skip_reasons
    assert reasons["matches no record (the import updates matched records only)"] == 3  # (not the filtered 3)
    assert "no status for a new record (map a field to it or set a default)" not in " ".join(reasons)


def test_cli_import_update_only_writes_geometry_to_the_matched_records(extract, tmp_path, capsys):
    ws_path = create_workspace(BUNDLED, tmp_path / "work.gpkg")
    before = Workspace.open(ws_path).dataset.layers["roads"].set_index("id")
    code = main(["import", str(extract), "--layer", "lines", "--as", "roads", "--update-only", "--to",
                 str(ws_path), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    doc = json.loads(out.strip().splitlines()[-1])
    assert doc["counts"]["matched"] == 6 and doc["counts"]["added"] == 0
    assert doc["mapping"]["add_new"] is False
    after = Workspace.open(ws_path).dataset.layers["roads"].set_index("id")
    assert len(after) == len(before)
    names = ms.bundled_roads()["name_zh"].iloc[:6].tolist()
    ids = before.index[before["name_zh"].isin(names)]
    assert (after.loc[ids, "geometry_accuracy"] == "imported").all()
    assert after.loc[ids, "status"].tolist() == before.loc[ids, "status"].tolist()  # status untouched
    assert after.loc[ids, "geometry"].notna().all()
    assert "图层 lines" in after.at[ids[0], "source"] and extract.name in after.at[ids[0], "source"]
    history = read_history(ws_path)[0]
    assert {e.field for e in history if e.road_id in set(ids)} >= {"geometry", "geometry_accuracy"}
    assert not any(e.field == "record" for e in history)  # no record added


def test_add_new_in_the_mapping_file(tmp_path, extract):
    layer = lines_of(extract)
    mapping = suggest_mapping(layer, target="roads")
    mapping.add_new = False
    text = mapping_to_toml(mapping)
    assert "add_new = false" in text
    path = save_mapping(mapping, tmp_path / "osm.toml")
    again = load_mapping(path, layer)
    assert again.add_new is False and again.keep == mapping.keep
    assert mapping_from_toml(text.replace("add_new = false", "")).add_new is True
    with pytest.raises(MappingError, match="'add_new' must be true or false"):
        mapping_from_toml(text.replace("add_new = false", 'add_new = "no"'))


def test_a_broken_extract_gets_a_message_naming_it(tmp_path):
    path = tmp_path / "坏.osm"
    path.write_text("<osm version='0.6'><node id='1' lat='22.8' lon=", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        inspect_source(path)
    assert "坏.osm" in str(caught.value)


def test_the_driver_config_is_restored(tmp_path):
    import pyogrio

    before = pyogrio.get_gdal_config_option("CPL_TMPDIR")
    with osm.driver_config():
        assert pyogrio.get_gdal_config_option("CPL_TMPDIR")
    assert pyogrio.get_gdal_config_option("CPL_TMPDIR") == before


def test_a_road_number_proposes_the_record_with_that_number(tmp_path, capsys):
    """OSM's ref (a highway dataset's 路线编码) holds the road number the report names
    the road by: X886 in 'X886线清溪北环路口至清水路口'.  It proposes that record as a
    candidate (never a match by itself); confirmed, the record gets the line."""
    nodes, ways = ms.osm_extract(n_roads=1)
    start = len(nodes)
    nodes += [(start + 1, 114.15, 22.87, {}), (start + 2, 114.16, 22.875, {})]
    ways.append((2000, [start + 1, start + 2], {"highway": "secondary", "name": "清溪北环路", "ref": "X886;S20"}))
    path = ms.write_osm_xml(tmp_path / "north.osm", nodes, ways)
    layer = lines_of(path)
    mapping = suggest_mapping(layer, target="roads")
    assert mapping.road_number == "ref"
    assert 'road_number = "ref"' in mapping_to_toml(mapping)
    mapping.add_new = False
    plan = plan_import(layer, mapping, load_dataset(BUNDLED))
    row = int(plan.features.index[plan.features["name_zh"] == "清溪北环路"][0])
    hits = plan.candidates[plan.candidates["row"] == row]
    assert hits["record_id"].tolist() == ["road-x886"]
    assert hits["reason"].iloc[0] == "same road number X886 (field ref)"
    assert plan.features.at[row, "action"] == "skip"  # a candidate only, until confirmed
    # confirmed (by the feature's name, as the wizard and [matches] do): the record gets the line
    ws_path = create_workspace(BUNDLED, tmp_path / "work.gpkg")
    mapping.matches["清溪北环路"] = "road-x886"
    toml = save_mapping(mapping, tmp_path / "north.toml")
    code = main(["import", str(path), "--layer", "lines", "--to", str(ws_path), "--mapping", str(toml), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    roads = Workspace.open(ws_path).dataset.layers["roads"].set_index("id")
    assert roads.at["road-x886", "geometry_accuracy"] == "imported" and roads.at["road-x886", "geometry"] is not None


def test_a_road_number_field_that_is_not_there_is_an_error(extract):
    layer = lines_of(extract)
    mapping = suggest_mapping(layer, target="roads")
    mapping.road_number = "路线编码"
    with pytest.raises(MappingError, match="路线编码"):
        mapping.check(layer)


def test_a_way_cut_by_the_edge_of_the_extract_is_said_not_silent(tmp_path):
    """Ways of a clipped extract name nodes the file does not hold: GDAL draws a way from
    the nodes there are and leaves out one with none; the layer's notes say so."""
    nodes = [(1, 114.15, 22.84, {}), (2, 114.16, 22.845, {})]
    ways = [(100, [1, 2, 999], {"highway": "primary", "name": "清凤路"}),
            (101, [998, 997], {"highway": "primary", "name": "出界路"})]
    path = ms.write_osm_xml(tmp_path / "clip.osm", nodes, ways)
    layer = lines_of(path)
    assert layer.frame["name"].tolist() == ["清凤路"]
    assert len(layer.frame.geometry.iloc[0].coords) == 2
    assert any("cut by the edge of the extract" in n for n in layer.info.notes)
