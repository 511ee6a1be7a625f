"""Field and value mapping: suggestions from Chinese and English synonyms, the
TOML file the CLI reuses, clear errors, unknown values counted."""
import sys
from pathlib import Path

import pandas as pd
import pytest

from qxmap import schema
from qxmap.importing import (
    REFERENCE,
    Mapping,
    MappingError,
    convert_column,
    load_mapping,
    mapping_from_toml,
    mapping_to_toml,
    read_layer,
    save_mapping,
    suggest_mapping,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import make_sources as ms  # noqa: E402


@pytest.fixture(scope="module")
def gbk_layer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mapping")
    shp = ms.write_shapefile(ms.chinese_roads(with_id=True, crs="EPSG:4547"), folder / "道路.shp",
                             cpg=False, ldid=0x4D)
    return read_layer(shp)


def test_suggestion_on_chinese_field_names_and_values(gbk_layer):
    m = suggest_mapping(gbk_layer)
    assert m.target == "roads"
    assert m.fields == {"编号": "id", "名称": "name_zh", "英文名": "name_en", "状态": "status",
                        "建设阶段": "phase", "道路等级": "category", "完工年份": "target"}
    assert m.values["status"] == {"在建": "under_construction", "规划": "planned"}
    assert m.values["category"] == {"省道": "provincial_county", "县道": "provincial_county",
                                    "高速公路": "expressway", "外联道路": "external", "镇内道路": "town"}
    assert m.values["phase"]["已开工"] == "underway"
    assert m.values["phase"]["今年动工"] == "start_this_year"
    assert m.values["phase"]["2018-2020年建成"] == "2018_2020"
    assert m.crs is None  # declared in the .prj
    assert m.unknown_values(gbk_layer) == {}
    m.check(gbk_layer)


def test_pinyin_initials_of_chinese_gis_data_are_suggested(tmp_path):
    """A .dbf keeps 10 bytes per field name: Chinese GIS data names its fields by pinyin
    initials (DLMC 道路名称, XZDJ 行政等级, JSZT 建设状态, WGSJ 完工时间, BZ 备注)."""
    frame = ms.chinese_roads(with_id=True, crs="EPSG:4547").rename(columns={
        "编号": "DLBM", "名称": "DLMC", "英文名": "YWM", "道路等级": "XZDJ", "状态": "JSZT", "建设阶段": "JSJD",
        "完工年份": "WGSJ"})
    frame["BZ"] = "测试"
    layer = read_layer(ms.write_shapefile(frame, tmp_path / "dlzx.shp"))
    m = suggest_mapping(layer)
    assert m.fields == {"DLBM": "id", "DLMC": "name_zh", "JSZT": "status", "JSJD": "phase", "XZDJ": "category",
                        "WGSJ": "target", "BZ": "note"}
    assert m.values["status"]["在建"] == "under_construction"
    assert m.values["category"]["县道"] == "provincial_county"


@pytest.mark.parametrize("word,code", [
    ("在建", "under_construction"), ("施工中", "under_construction"), ("建设中", "under_construction"),
    ("已完工", "completed"), ("已建成", "completed"), ("建成", "completed"), ("完工", "completed"),
    ("规划", "planned"), ("拟建", "planned"), ("计划", "planned"),
    ("前期", "preparing"), ("前期工作", "preparing"),
    ("暂缓", "on_hold"), ("停工", "on_hold"), ("缓建", "on_hold"),
    ("Under Construction", "under_construction"), ("ＣＯＭＰＬＥＴＥＤ", "completed"), ("on_hold", "on_hold"),
])
def test_status_synonyms(word, code):
    values, unknown = convert_column(Mapping(target="roads"), "status", pd.Series([word]))
    assert values.tolist() == [code] and unknown == []


@pytest.mark.parametrize("word,code", [
    ("高速", "expressway"), ("高速公路", "expressway"), ("省道", "provincial_county"),
    ("县道", "provincial_county"), ("市道", "provincial_county"), ("外联道路", "external"),
    ("镇内道路", "town"), ("镇道", "town"), ("省道/县道", "provincial_county"),
])
def test_category_synonyms_give_schema_codes(word, code):
    assert code in schema.ROAD_CATEGORIES
    values, _ = convert_column(Mapping(target="roads"), "category", pd.Series([word]))
    assert values.tolist() == [code]


def test_category_of_exits_is_restricted_to_exit():
    values, unknown = convert_column(Mapping(target="exits"), "category", pd.Series(["高速公路", "互通"]))
    assert values.tolist() == [None, "exit"] and unknown == [("高速公路", 1)]


def test_years_and_percentages():
    m = Mapping(target="roads")
    values, unknown = convert_column(m, "start", pd.Series(["2018", "2019年", 2020.0, "2021-03-01", "待定",
                                                          None, "十三五期间", "20xx"]))
    assert values.tolist() == [2018, 2019, 2020, 2021, None, None, None, None]
    assert unknown == [("十三五期间", 1)]
    values, unknown = convert_column(m, "progress", pd.Series(["45%", 60, "１００％", "一半"]))
    assert values.tolist() == [45.0, 60.0, 100.0, None] and unknown == [("一半", 1)]
    # a value table entry wins over parsing
    m.values["start"] = {"十三五期间": "2016"}
    values, unknown = convert_column(m, "start", pd.Series(["十三五期间"]))
    assert values.tolist() == [2016] and unknown == []


def test_unknown_values_are_listed_with_counts_never_dropped(tmp_path):
    frame = ms.chinese_roads()
    frame.loc[0:4, "状态"] = "施工"  # not a synonym: the office's own word
    frame.loc[5:6, "状态"] = "挂牌"
    frame.loc[7, "道路等级"] = "主干路"
    layer = read_layer(ms.write_gpkg(frame, tmp_path / "r.gpkg"))
    m = suggest_mapping(layer)
    unknown = m.unknown_values(layer)
    assert unknown == {"status": [("施工", 5), ("挂牌", 2)], "category": [("主干路", 1)]}
    m.values.setdefault("status", {})["施工"] = "under_construction"
    assert m.unknown_values(layer)["status"] == [("挂牌", 2)]


def test_toml_round_trip(tmp_path, gbk_layer):
    m = suggest_mapping(gbk_layer)
    m.values["status"]["施工 \"A\"\\段"] = "under_construction"  # quotes and backslashes survive
    m.defaults = {"phase": "unscheduled"}
    m.matches = {"S358": "road-s358", "新路": ""}
    m.keep = {"道路等级": ["省道", "县道"]}
    m.crs = "EPSG:4547"
    m.swap_xy = True
    m.encoding = "GB18030"
    path = save_mapping(m, tmp_path / "道路.toml")
    text = path.read_text(encoding="utf-8")
    assert '"名称" = "name_zh"' in text and "[values.status]" in text
    back = load_mapping(path, gbk_layer)
    assert back == m
    assert mapping_from_toml(mapping_to_toml(back)) == m


def test_toml_naming_a_field_not_in_the_source_is_an_error(tmp_path, gbk_layer):
    path = tmp_path / "m.toml"
    path.write_text('target = "roads"\n[fields]\n"道路名" = "name_zh"\n"状态" = "status"\n', encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mapping(path, gbk_layer)
    assert "field '道路名' is not in layer 道路.shp" in str(err.value)
    assert str(err.value).startswith("m.toml: ")
    # the same file is fine for a layer that has the field, or without a layer
    assert load_mapping(path).fields["道路名"] == "name_zh"


def test_mapping_problems_name_the_field_or_value(gbk_layer):
    m = Mapping(target="roads", fields={"名称": "name_zh", "英文名": "name_zh", "状态": "kind"},
                values={"status": {"在建": "building"}}, defaults={"phase": "soon"}, crs="EPSG:999999")
    problems = m.problems(gbk_layer)
    assert any("'名称' and '英文名' are both mapped to 'name_zh'" in p for p in problems)
    assert any("'状态' is mapped to 'kind', which layer 'roads' does not have" in p for p in problems)
    assert any("value '在建' of 'status' is mapped to 'building'" in p for p in problems)
    assert any("default 'soon' of 'phase'" in p for p in problems)
    assert any("unknown coordinate system 'EPSG:999999'" in p for p in problems)
    with pytest.raises(MappingError):
        Mapping(target="lakes").check()


def test_bad_toml_is_a_mapping_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('target = "roads"\n[fields\n', encoding="utf-8")
    with pytest.raises(MappingError, match="^bad.toml: not valid TOML"):
        load_mapping(path)
    path.write_text('target = "roads"\nswap_xy = "yes"\nfoo = 1\n[fields]\n"名称" = ["name_zh"]\n',
                    encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mapping(path)
    text = str(err.value)
    assert "'swap_xy' must be true or false" in text and "unknown key 'foo'" in text
    assert "[fields] '名称': expected text, got list" in text


def test_suggest_target_and_english_fields(tmp_path):
    rows = [{"NAME": "博深高速清溪出入口", "Status": "under construction", "lon": 114.2, "lat": 22.82},
            {"NAME": "从莞高速谢坑出入口", "Status": "planned", "lon": 114.12, "lat": 22.80},
            {"NAME": "保税物流中心出入口", "Status": "planned", "lon": 114.13, "lat": 22.83}]
    layer = read_layer(ms.write_csv(tmp_path / "points.csv", rows, encoding="utf-8"))
    m = suggest_mapping(layer)
    assert m.target == "exits"
    assert m.fields == {"NAME": "name_zh", "Status": "status"}
    assert m.values == {"status": {"under construction": "under_construction"}}
    # an unrecognisable layer is offered as a reference layer
    other = read_layer(ms.write_csv(tmp_path / "trees.csv", [{"树种": "榕树", "lon": 114.1, "lat": 22.8}] * 3))
    assert suggest_mapping(other).target == REFERENCE


def test_cut_field_names_are_recognised(tmp_path):
    # a .dbf keeps 10 bytes: GBK 计划开工年份 (12 bytes) -> 计划开工年
    frame = ms.chinese_roads().rename(columns={"完工年份": "计划开工年份"})
    layer = read_layer(ms.write_shapefile(frame.to_crs("EPSG:4547"), tmp_path / "r.shp"))
    assert "计划开工年" in layer.columns
    assert suggest_mapping(layer).fields["计划开工年"] == "start"
