"""Reading planners' files: encodings (declared, mislabelled, detected, overridden),
every format, folders and zips, and one clear message for what cannot be read."""
import json
import os
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import shapely

from qxmap.importing import SourceError, detect_encoding, inspect_source, read_layer
from qxmap.importing import encoding as enc

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402

NAMES = set(ms.bundled_roads()["name_zh"])


@pytest.fixture(scope="module")
def roads_4547():
    return ms.chinese_roads(crs="EPSG:4547")


@pytest.fixture(scope="module")
def roads_wgs():
    return ms.chinese_roads()


def names_of(layer, column="名称"):
    return set(layer.frame[column])


# ---------------------------------------------------------------- encodings


def test_detect_encoding_from_bytes():
    text = "清溪大道 在建 镇内道路 规划"
    assert detect_encoding(text.encode("utf-8")).encoding == enc.UTF8
    guess = detect_encoding(text.encode("gbk"))
    assert guess.encoding == enc.GB18030 and guess.confidence == "high" and guess.label == "GBK/GB18030"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode("utf-8")).confidence == "certain"
    assert detect_encoding(b"plain ascii, 114.1, 22.8").how.startswith("plain ASCII")
    # a UTF-8 field cut at its width in the middle of a character is still UTF-8
    cut = ("清溪大道" * 20).encode("utf-8")[:-1]
    assert detect_encoding(cut).encoding == enc.UTF8


def test_shapefile_gbk_with_cpg(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "roads.shp", encoding="GBK")
    layer = read_layer(shp)
    assert names_of(layer) == NAMES
    assert layer.info.encoding.encoding == enc.GB18030
    assert "cpg" in layer.info.encoding.how and layer.info.encoding.confidence == "certain"
    assert layer.info.field_names[:4] == ["名称", "英文名", "道路等级", "状态"]


def test_shapefile_gbk_with_the_dbf_code_page_byte(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "roads.shp", encoding="GBK", cpg=False, ldid=0x4D)
    layer = read_layer(shp)
    assert names_of(layer) == NAMES
    assert "0x4D" in layer.info.encoding.how


@pytest.mark.parametrize("ldid", [0x00, 0x57])
def test_shapefile_gbk_without_declaration_is_detected(tmp_path, roads_4547, ldid):
    # 0x57 ("ANSI") is what many tools write; GDAL alone would read it as Latin-1
    shp = ms.write_shapefile(roads_4547, tmp_path / "roads.shp", encoding="GBK", cpg=False, ldid=ldid)
    layer = read_layer(shp)
    assert names_of(layer) == NAMES
    assert layer.info.encoding.encoding == enc.GB18030 and layer.info.encoding.confidence == "high"


def test_shapefile_utf8_without_declaration_is_detected(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "roads.shp", encoding="UTF-8", cpg=False, ldid=0)
    layer = read_layer(shp)
    assert layer.info.encoding.encoding == enc.UTF8
    # field names cut at 10 bytes mid-character are repaired, the values are intact
    assert "道路等" in layer.info.field_names
    assert set(layer.frame["道路等"]) == {"省道", "县道", "高速公路", "外联道路", "镇内道路"}
    assert any("cut in the middle of a character" in n for n in layer.info.notes)


def test_a_cpg_that_lies_is_overruled_by_the_bytes(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "roads.shp", encoding="GBK")
    (tmp_path / "roads.cpg").write_text("UTF-8")
    layer = read_layer(shp)
    assert names_of(layer) == NAMES
    assert "not valid UTF-8" in layer.info.encoding.how


def test_encoding_override(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "roads.shp", encoding="GBK", cpg=False, ldid=0)
    layer = read_layer(shp, encoding="GBK")
    assert names_of(layer) == NAMES and layer.info.encoding.how == "chosen by the user"
    garbled = read_layer(shp, encoding="latin-1")
    assert "名称" not in garbled.columns and len(garbled.frame) == 41
    with pytest.raises(SourceError, match="unknown encoding 'klingon'"):
        read_layer(shp, encoding="klingon")


def test_geojson_utf8_bom_and_gbk(tmp_path, roads_wgs):
    for name, kwargs, expected in [("bom.geojson", {"bom": True}, enc.UTF8),
                                   ("gbk.geojson", {"encoding": "gbk"}, enc.GB18030),
                                   ("plain.json", {}, enc.UTF8)]:
        path = ms.write_geojson(roads_wgs, tmp_path / name, **kwargs)
        layer = read_layer(path)
        assert names_of(layer) == NAMES, name
        assert layer.info.encoding.encoding == expected
        assert layer.info.geometry_types == {"LineString": 41}


def test_geojson_without_crs_member_declares_nothing_but_guesses_degrees(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"名称": "清溪大道"},
         "geometry": {"type": "LineString", "coordinates": [[516000, 2526000], [517000, 2527000]]}},
        {"type": "Feature", "properties": {"名称": "银瓶路"},
         "geometry": {"type": "LineString", "coordinates": [[515000, 2525000], [515500, 2525200]]}}]}
    path = tmp_path / "metres.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    info = read_layer(path, near=(114.16, 22.84)).info
    assert info.crs is None
    assert info.effective_crs == "EPSG:4547"


# ---------------------------------------------------------------- formats


def test_geopackage_layer_with_a_chinese_name(tmp_path, roads_wgs):
    gpkg = ms.write_gpkg(roads_wgs, tmp_path / "data.gpkg", layer="道路")
    ms.write_gpkg(roads_wgs.head(3), gpkg, layer="其他")
    info = inspect_source(gpkg)
    assert [i.id for i in info.layers] == ["data.gpkg#道路", "data.gpkg#其他"]
    layer = read_layer(gpkg, "道路")
    assert layer.id == "data.gpkg#道路" and len(layer.frame) == 41
    assert read_layer(gpkg, "data.gpkg#其他").info.feature_count == 3
    with pytest.raises(SourceError, match="several layers: choose one of data.gpkg#道路, data.gpkg#其他"):
        read_layer(gpkg)


@pytest.mark.parametrize("suffix", [".kml", ".kmz"])
def test_kml_and_kmz(tmp_path, roads_wgs, suffix):
    path = ms.write_kml(roads_wgs, tmp_path / f"roads{suffix}")
    info = inspect_source(path).layers[0]
    assert info.driver in ("KML", "KMZ") and info.crs == "EPSG:4326"
    layer = read_layer(path, info.id)
    assert set(layer.frame["Name"]) == NAMES
    assert not shapely.has_z(layer.frame.geometry.values).any()  # 2-D out, said so
    assert any("3-D" in n for n in info.notes)


def test_gpx_lists_only_layers_with_features(tmp_path, roads_wgs):
    path = ms.write_gpx(roads_wgs, tmp_path / "tracks.gpx")
    info = inspect_source(path)
    assert [i.name for i in info.layers] == ["tracks", "track_points"]
    layer = read_layer(path, "tracks")
    assert set(layer.frame["name"]) == NAMES


def test_dxf_keeps_the_cad_layer_and_gbk_text(tmp_path, roads_4547):
    cad = ["道路中心线" if i % 2 else "规划道路" for i in range(len(roads_4547))]
    path = ms.write_dxf(roads_4547, tmp_path / "roads.dxf", cad_layers=cad)
    info = inspect_source(path, near=(114.16, 22.84)).layers[0]
    assert info.encoding.encoding == enc.GB18030
    assert info.crs is None and info.effective_crs == "EPSG:4547"
    layer = read_layer(path, info.id)
    assert set(layer.frame["Layer"]) == {"道路中心线", "规划道路"}
    assert info.geometry_types == {"LineString": 41}


def test_dxf_mislabelled_as_western_is_read_right(tmp_path, roads_4547):
    # GDAL's own DXF writer: UTF-8 text under $DWGCODEPAGE ANSI_1252
    import pyogrio
    import geopandas as gpd

    path = tmp_path / "gdal.dxf"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"Layer": ["道路中心线"] * 3}, geometry=roads_4547.geometry.values[:3],
                                             crs=roads_4547.crs), path, driver="DXF")
    layer = read_layer(path)
    assert set(layer.frame["Layer"]) == {"道路中心线"}
    assert layer.info.encoding.encoding == enc.UTF8


def test_csv_with_jingdu_weidu_gbk_as_excel_saves_it(tmp_path):
    rows = ms.point_rows()
    path = ms.write_csv(tmp_path / "points.csv", rows, encoding="gbk")
    layer = read_layer(path)
    assert layer.info.encoding.encoding == enc.GB18030
    assert layer.info.geometry_types == {"Point": 8}
    assert layer.frame.geometry.values[0].x == pytest.approx(rows[0]["经度"])
    assert layer.frame.geometry.values[0].y == pytest.approx(rows[0]["纬度"])
    assert layer.info.crs_candidates[0].crs == "EPSG:4326"
    assert list(layer.frame["名称"]) == [r["名称"] for r in rows]


def test_csv_english_lon_lat_and_dms_text(tmp_path):
    rows = [{"name": "A", "lng": "114°09'36\"E", "lat": "22°50'24\"N"},
            {"name": "B", "lng": "114.2", "lat": "22.86"}]
    layer = read_layer(ms.write_csv(tmp_path / "p.csv", rows, encoding="utf-8-sig"))
    a, b = layer.frame.geometry.values
    assert (a.x, a.y) == pytest.approx((114.16, 22.84))
    assert (b.x, b.y) == pytest.approx((114.2, 22.86))


def test_csv_with_a_wkt_column(tmp_path):
    rows = [{"路名": "清溪大道", "WKT": "LINESTRING (114.1 22.8, 114.2 22.9)"},
            {"路名": "银瓶路", "WKT": "SRID=4326;LINESTRING (114.15 22.85, 114.2 22.8)"}]
    layer = read_layer(ms.write_csv(tmp_path / "lines.csv", rows, encoding="utf-8"))
    assert layer.info.geometry_types == {"LineString": 2}
    assert layer.columns == ["路名"]


def test_xlsx_with_a_title_row(tmp_path):
    rows = ms.point_rows()
    path = ms.write_xlsx(tmp_path / "points.xlsx", rows)
    info = inspect_source(path)
    assert [i.id for i in info.layers] == ["points.xlsx#道路"]
    layer = read_layer(path)
    assert layer.info.geometry_types == {"Point": 8}
    assert list(layer.frame["名称"]) == [r["名称"] for r in rows]
    assert any("above the header" in n for n in layer.info.notes)


def test_flatgeobuf(tmp_path, roads_4547):
    path = ms.write_fgb(roads_4547, tmp_path / "roads.fgb")
    layer = read_layer(path)
    assert layer.info.crs == "EPSG:4547" and names_of(layer) == NAMES


def test_layer_info_fields_samples_and_bounds(tmp_path, roads_4547):
    layer = read_layer(ms.write_shapefile(roads_4547, tmp_path / "roads.shp"))
    fields = {f.name: f for f in layer.info.fields}
    assert fields["状态"].distinct == 2 and set(fields["状态"].samples) == {"在建", "规划"}
    assert fields["完工年份"].empty == 31
    x0, y0, x1, y1 = layer.info.bounds
    assert 400000 < x0 < x1 < 600000 and 2.5e6 < y0 < y1 < 2.6e6
    assert layer.info.as_dict()["bounds_wgs84"][0] == pytest.approx(114.11, abs=0.02)


def test_far_away_features_are_listed(tmp_path, roads_wgs):
    frame = roads_wgs.copy()
    geoms = list(frame.geometry)
    geoms[5] = shapely.affinity.translate(geoms[5], xoff=2.0)  # ~ 200 km east, at Shanwei
    frame = frame.set_geometry(geoms)
    info = read_layer(ms.write_gpkg(frame, tmp_path / "far.gpkg")).info
    assert info.far_features == [5]
    assert any("far from the rest" in n and "#5" in n for n in info.notes)


# ---------------------------------------------------------------- folders and archives


def test_folder_lists_readable_files_and_says_what_was_skipped(tmp_path, roads_4547, roads_wgs):
    folder = tmp_path / "交付资料"
    (folder / "sub").mkdir(parents=True)
    ms.write_shapefile(roads_4547, folder / "roads.shp")
    ms.write_gpkg(roads_wgs, folder / "sub" / "data.gpkg")
    ms.write_csv(folder / "points.csv", ms.point_rows())
    (folder / "说明.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "lonely.prj").write_text("GEOGCS[]")
    (folder / "broken.geojson").write_text("{not json", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0")
    info = inspect_source(folder)
    assert info.kind == "folder"
    assert sorted(i.id for i in info.layers) == ["交付资料/points.csv", "交付资料/roads.shp",
                                                 "交付资料/sub/data.gpkg#道路"]
    skipped = {s.file: s.reason for s in info.skipped}
    assert "not a supported format (.docx)" in skipped["交付资料/说明.docx"]
    assert "save it as .xlsx" in skipped["交付资料/old.xls"]
    assert "lonely.shp" in skipped["交付资料/lonely.prj"]
    assert skipped["交付资料/broken.geojson"].startswith("cannot be read")
    assert "hidden" in skipped["交付资料/.DS_Store"]
    # the roads are read from the folder by id or by layer name
    assert names_of(read_layer(folder, "交付资料/roads.shp")) == NAMES
    assert read_layer(folder, "道路").info.feature_count == 41


def test_zipped_shapefile(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "src" / "roads.shp", cpg=False, ldid=0)
    archive = ms.zip_shapefile(shp, tmp_path / "roads.zip")
    info = inspect_source(archive)
    assert info.kind == "zip" and [i.id for i in info.layers] == ["roads.zip/roads/roads.shp"]
    layer = read_layer(archive)
    assert names_of(layer) == NAMES and layer.info.crs == "EPSG:4547"
    assert layer.info.encoding.encoding == enc.GB18030


def test_zip_with_gbk_member_names_from_windows(tmp_path, roads_4547):
    shp = ms.write_shapefile(roads_4547, tmp_path / "src" / "道路.shp")
    archive = tmp_path / "win.zip"

    class GbkName(zipfile.ZipInfo):  # what Windows' "send to zip" writes: GBK bytes, no UTF-8 flag
        def _encodeFilenameFlags(self):
            return self.filename.encode("gbk"), self.flag_bits & ~0x800

    with zipfile.ZipFile(archive, "w") as zf:
        for part in sorted(shp.parent.glob("道路.*")):
            zf.writestr(GbkName(part.name), part.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())
    src = inspect_source(archive)
    assert [i.file for i in src.layers] == ["win.zip/道路.shp"]
    assert names_of(read_layer(archive)) == NAMES


# ---------------------------------------------------------------- what cannot be read


def test_unreadable_files_give_one_clear_message(tmp_path):
    bad = tmp_path / "roads.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(SourceError) as err:
        inspect_source(bad)
    assert str(err.value).startswith("roads.geojson: cannot be read")
    assert "\n" not in str(err.value) and "Traceback" not in str(err.value)

    shp = tmp_path / "x.shp"
    shp.write_bytes(b"\0" * 100)
    (tmp_path / "x.dbf").write_bytes(b"garbage")
    with pytest.raises(SourceError, match=r"^x\.shp: cannot be read"):
        read_layer(shp)

    with pytest.raises(SourceError, match=r"^notes\.docx: not a supported format \(\.docx\)"):
        (tmp_path / "notes.docx").write_bytes(b"x")
        inspect_source(tmp_path / "notes.docx")

    with pytest.raises(SourceError, match=r"no such file or folder"):
        inspect_source(tmp_path / "missing.shp")

    lonely = tmp_path / "solo" / "lonely.shp"
    lonely.parent.mkdir()
    lonely.write_bytes(b"\0" * 100)
    with pytest.raises(SourceError, match=r"^lonely\.shp: Shapefile without its \.dbf"):
        inspect_source(lonely)

    zipped = tmp_path / "bad.zip"
    zipped.write_bytes(b"PK\x05\x06 truncated")
    with pytest.raises(SourceError, match=r"^bad\.zip: not a readable zip archive"):
        inspect_source(zipped)

    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("x")
    with pytest.raises(SourceError, match=r"nothing readable here") as err:
        inspect_source(empty)
    assert err.value.skipped[0].reason.startswith("not a supported format")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_never_read(tmp_path):
    fifo = tmp_path / "roads.geojson"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        inspect_source(fifo)


def test_layer_without_geometry_column_reads_with_empty_geometry(tmp_path):
    rows = [{"名称": "清溪大道", "状态": "在建"}, {"名称": "银瓶路", "状态": "规划"}]
    layer = read_layer(ms.write_csv(tmp_path / "status.csv", rows))
    assert layer.info.geometry_types == {"None": 2}
    assert any("no coordinate columns" in n for n in layer.info.notes)
    assert np.all(layer.frame.geometry.isna())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_inside_a_folder_is_skipped_not_opened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    ms.write_csv(folder / "points.csv", ms.point_rows())
    os.mkfifo(folder / "trap.gpkg")
    info = inspect_source(folder)
    assert [i.id for i in info.layers] == ["data/points.csv"]
    assert "not a regular file" in {s.file: s.reason for s in info.skipped}["data/trap.gpkg"]


def test_inspect_output_for_the_command_line(tmp_path, roads_4547):
    ms.write_shapefile(roads_4547, tmp_path / "roads.shp", cpg=False, ldid=0)
    ms.write_csv(tmp_path / "points.csv", ms.point_rows())
    (tmp_path / "readme.txt").write_text("x")
    info = inspect_source(tmp_path)
    doc = json.loads(json.dumps(info.as_dict(), ensure_ascii=False))
    shp = next(layer for layer in doc["layers"] if layer["driver"] == "ESRI Shapefile")
    assert shp["encoding"]["label"] == "GBK/GB18030" and shp["crs"] == "EPSG:4547"
    assert shp["feature_count"] == 41 and shp["geometry_types"] == {"LineString": 41}
    assert doc["skipped"][0]["reason"].startswith("not a supported format")
    text = "\n".join(info.summary_lines())
    assert "roads.shp: ESRI Shapefile, 41 feature(s) (LineString 41)" in text
    assert "field 状态 (text, 2 distinct, 0 empty): " in text
    assert info.layer("points").driver == "CSV"
