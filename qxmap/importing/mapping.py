"""Field and value mapping: which source field is which qxmap field, which
source value is which qxmap code.  Suggested from Chinese and English
synonyms, edited by the user, saved as a small TOML file the CLI reuses.

A :class:`Mapping` holds

- ``target``: the qxmap layer the features go to (``"roads"``, ``"exits"``,
  ``"parks"``, ``"zones"``, ``"facilities"``, ``"boundary"``) or
  :data:`REFERENCE` (the whole layer is kept as a reference layer, no records);
- ``fields``: source field -> qxmap field (``{"名称": "name_zh"}``);
- ``values``: per qxmap field, source value (as text) -> code
  (``{"status": {"施工中": "under_construction"}}``); an empty code means
  "no value".  A source value that already is a valid code needs no entry;
- ``defaults``: per qxmap field, the value of *new* records that have none
  (``{"phase": "unscheduled"}``); matched records are never given defaults;
- ``matches``: source name or id -> record id, the user's confirmed matches
  (an empty record id forces "new record");
- ``keep``: per source field, the values to import (others are skipped), e.g.
  the CAD layers of a DXF, or the road classes of an OpenStreetMap extract;
- ``road_number``: the source field holding road numbers (OSM's ``ref``, a
  highway dataset's 路线编码/LXBM: S358, X886), which proposes as candidates the
  records whose names hold the same number (never a match by itself);
- ``add_new``: False to update only the records a feature matches (the others
  are skipped: geometry for the roads a report names, from a file of a whole
  district, without adding the district's other roads);
- ``crs`` (``None``: as declared or guessed), ``swap_xy``, ``encoding``,
  ``source_layer``.

TOML form (written by :func:`save_mapping`, read by :func:`load_mapping`)::

    # qxmap import mapping
    source_layer = "roads.shp"
    target = "roads"
    crs = "EPSG:4547"
    encoding = "GB18030"

    [fields]
    "名称" = "name_zh"
    "状态" = "status"

    [values.status]
    "施工中" = "under_construction"

    [defaults]
    phase = "unscheduled"
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.importing import crs as crsmod
from qxmap.importing import encoding as enc
from qxmap.importing import osm
from qxmap.importing.errors import MappingError
from qxmap.importing.sources import SourceLayer, distinct_values, value_text
from qxmap.words import Words

#: The target that keeps a layer as a reference layer (no records).
REFERENCE = "reference"
TARGETS = tuple(schema.LAYER_ORDER) + (REFERENCE,)
#: Fields a reference layer can take from the source (labels for the map).
REFERENCE_FIELDS = ("name_zh", "name_en", "note")

#: Words that mean "no value" in any field.
NULL_WORDS = {"", "-", "--", "—", "/", "无", "空", "待定", "未定", "不详", "暂无", "n/a", "na", "none", "null",
              "nan", "tbd", "unknown", "未知", "20xx", "20xx年"}


_NORM = str.maketrans({**{c: None for c in " \t\r\n\u3000\xa0_"}, **{c: "-" for c in "–—~～至到"}})


def norm(text) -> str:
    """Text compared for synonyms: NFKC (full-width -> half-width), lower case,
    no spaces/underscores, one kind of dash."""
    return unicodedata.normalize("NFKC", str(text)).lower().translate(_NORM)


# --------------------------------------------------------------------------
# Synonyms

#: qxmap field -> source field names meaning it (normalised by :func:`norm`).  The
#: upper-case ASCII ones are the pinyin initials Chinese GIS data uses where a .dbf allows
#: 10 bytes (DLMC 道路名称, LXMC 路线名称, XZDJ 行政等级, JSZT 建设状态, KGSJ 开工时间, BZ 备注).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "项目编号", "道路编号", "编码", "项目编码", "代码", "qxmapid", "code", "featureid",
           "recordid", "标识", "BH", "BM", "XMBH", "XMBM", "DLBH", "DLBM"),
    "name_zh": ("名称", "道路名称", "路名", "name", "namezh", "中文名", "中文名称", "道路名", "项目名称", "名字",
                "工程名称", "项目名", "roadname", "地名", "标题", "title", "name:zh", "name:zh-hans", "路线名称",
                "MC", "DLMC", "LXMC", "XMMC", "GCMC", "LM"),
    "name_en": ("英文名", "英文名称", "nameen", "english", "englishname", "ename", "英文", "name(en)", "name:en"),
    "status": ("状态", "建设状态", "项目状态", "进展状态", "现状", "工程状态", "status", "state", "建设情况",
               "ZT", "JSZT", "XMZT", "GCZT"),
    "phase": ("建设阶段", "阶段", "计划阶段", "实施阶段", "批次", "phase", "stage", "建设计划", "建设时序", "JSJD",
              "JSSX"),
    "category": ("道路等级", "等级", "类别", "道路类别", "道路类型", "类型", "category", "class", "grade",
                 "级别", "道路级别", "公路等级", "roadclass", "type", "行政等级", "DJ", "DLDJ", "GLDJ", "XZDJ"),
    "kind": ("类型", "类别", "kind", "type", "category", "项目类型", "设施类型", "公园类型", "片区类型", "分类"),
    "start": ("开工年份", "计划开工", "开工时间", "开工年度", "开工日期", "计划开工年份", "计划开工时间", "start",
              "startyear", "开工", "起始年份", "KGNF", "KGSJ", "KGRQ"),
    "target": ("完工年份", "计划完工", "竣工年份", "建成年份", "完成年份", "完工时间", "计划建成", "竣工时间",
               "计划完工年份", "计划竣工", "计划建成年份", "建成时间", "target", "endyear", "completion",
               "完工", "竣工", "WGNF", "WGSJ", "JGSJ", "JGNF", "JCSJ", "JCNF"),
    "progress": ("进度", "完成比例", "完成率", "形象进度", "progress", "完成进度", "进度(%)", "工程进度", "XXJD",
                 "GCJD", "WCBL"),
    "road": ("所属高速", "所属道路", "所在道路", "高速名称", "road", "高速"),
    "note": ("备注", "说明", "note", "notes", "remark", "remarks", "description", "描述", "注释", "desc", "BZ",
             "SM"),
    "source": ("来源", "依据", "出处", "source", "数据来源", "资料来源", "LY", "SJLY"),
    "geometry_accuracy": ("精度", "位置精度", "accuracy", "geometryaccuracy", "定位精度"),
}

#: Source fields holding road numbers (S358, X886, G107): OSM's ``ref``, a highway
#: dataset's 路线编码 (LXBM).  Normalised by :func:`norm`.
ROAD_NUMBER_SYNONYMS = ("ref", "路线编码", "路线编号", "公路编号", "线路编号", "路线代码", "LXBM", "LXDM",
                        "roadnumber", "routenumber", "道路编码号")

#: Per qxmap field: code -> source values meaning it (normalised by :func:`norm`).
#: Schema labels (Chinese and English) and the codes themselves are added below.
VALUE_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {
        "under_construction": ("在建", "施工中", "建设中", "正在施工", "正在建设", "已开工", "开工建设", "在施",
                               "under construction", "construction", "building", "in progress", "ongoing"),
        "completed": ("已完工", "已建成", "建成", "完工", "竣工", "已竣工", "已通车", "通车", "建成通车", "完成",
                      "已完成", "completed", "complete", "done", "finished", "built", "open", "in use"),
        "planned": ("规划", "拟建", "计划", "规划中", "待建", "未开工", "计划建设", "规划建设", "远期", "新建",
                    "planned", "plan", "proposed"),
        "preparing": ("前期", "前期工作", "前期准备", "筹备", "筹建", "立项", "设计中", "报批", "前期阶段",
                      "preparing", "preparation", "design", "approval"),
        "on_hold": ("暂缓", "停工", "缓建", "暂停", "搁置", "中止", "停建", "on hold", "suspended", "paused",
                    "halted"),
    },
    "phase": {
        "underway": ("已开工", "已动工", "已启动", "在建", "建设中", "施工中", "under way", "underway", "started"),
        "start_this_year": ("今年动工", "今年开工", "年内动工", "年内开工", "本年度开工", "本年动工", "计划今年动工",
                            "今年启动", "this year", "start this year"),
        "by_2018": ("2018年前建成", "2018年建成", "20xx-2018年建成", "20xx-2018年陆续建成", "2018年前",
                    "2018年底前建成", "2018年前完成", "by 2018", "2018"),
        "2018_2020": ("2018-2020年建成", "2018-2020", "2018-2020年", "2018年至2020年", "2018年-2020年建成",
                      "2018至2020年建成", "2020年前建成", "2020年建成", "2018 to 2020"),
        "unscheduled": ("未排期", "暂未排期", "待定", "未定", "无计划", "未安排", "no date", "unscheduled"),
    },
    "category": {
        # (OpenStreetMap's highway classes too: motorway ... tertiary, residential, unclassified)
        "expressway": ("高速", "高速公路", "高速路", "expressway", "motorway", "freeway", "highway", "motorway_link"),
        "provincial_county": ("省道", "县道", "市道", "国道", "省道/县道", "省县道", "干线公路", "provincial",
                              "county", "provincial road", "county road", "trunk", "trunk_link", "primary",
                              "primary_link", "secondary", "secondary_link"),
        "external": ("外联道路", "外联", "对外道路", "外联路", "联络线", "external", "external road", "link road"),
        "town": ("镇内道路", "镇道", "镇内", "乡道", "村道", "镇级道路", "镇村道路", "town", "town road", "local",
                 "tertiary", "tertiary_link", "residential", "unclassified"),
        "exit": ("出入口", "高速出入口", "互通", "互通立交", "收费站", "exit", "interchange"),
    },
    "kind": {
        "forest_park": ("森林公园", "forest park"),
        "park": ("公园", "城市公园", "社区公园", "park"),
        "scenic": ("景区", "风景区", "旅游区", "景点", "scenic", "scenic area"),
        "cultural": ("文化项目", "文化园", "艺术馆", "cultural"),
        "innovation": ("科技创新园区", "创新基地", "科技园", "产业园区", "innovation"),
        "industrial": ("产业项目", "工业项目", "工业园", "industrial"),
        "logistics": ("物流项目", "物流", "物流园", "logistics"),
        "upgrade_area": ("升级改造片区", "改造片区", "upgrade area"),
        "control_plan_area": ("控规片区", "控规", "control plan"),
        "demonstration_zone": ("示范区", "demonstration zone"),
        "urban_renewal": ("城市更新", "更新片区", "旧改", "urban renewal"),
        "culture": ("文化设施", "文化中心", "影剧院", "culture"),
        "health": ("医疗设施", "医院", "卫生院", "health", "hospital"),
        "sports": ("体育设施", "体育公园", "体育馆", "sports"),
        "environment": ("环境整治", "河道整治", "污水处理", "environment"),
        "utility": ("市政设施", "市政", "utility"),
    },
    "geometry_accuracy": {
        "surveyed": ("测绘", "实测", "测绘位置", "surveyed"),
        "approximate": ("大致", "大致位置", "概略", "approximate"),
        "schematic": ("示意", "示意位置", "schematic"),
        "unmapped": ("未定位", "尚未定位", "unmapped"),
    },
}

_LABEL_TABLES = {"status": schema.STATUS_LABELS, "phase": schema.PHASE_LABELS,
                 "category": schema.CATEGORY_LABELS, "kind": schema.KIND_LABELS,
                 "geometry_accuracy": schema.ACCURACY_LABELS}


def _value_index(field_name: str, choices: tuple[str, ...]) -> dict[str, str]:
    """norm(source value) -> code for one field, restricted to *choices*."""
    index: dict[str, str] = {}
    for code in choices:
        index[norm(code)] = code
        for label in _LABEL_TABLES.get(field_name, {}).get(code, ()):
            index.setdefault(norm(label), code)
    for code, words in VALUE_SYNONYMS.get(field_name, {}).items():
        if code not in choices:
            continue
        for word in words:
            index.setdefault(norm(word), code)
    return index


#: Layer-name words that suggest a target layer.
LAYER_SYNONYMS = {
    "roads": ("道路", "路网", "公路", "road", "roads", "street", "交通", "道路中心线", "线路"),
    "exits": ("出入口", "互通", "收费站", "exit", "exits", "interchange"),
    "parks": ("公园", "景区", "森林", "park", "parks", "scenic"),
    "zones": ("片区", "园区", "产业", "zone", "zones", "基地", "物流"),
    "facilities": ("设施", "facility", "facilities", "医院", "学校"),
    "boundary": ("镇界", "边界", "行政区", "boundary", "界线"),
}


# --------------------------------------------------------------------------
# The mapping


@dataclass
class Mapping:
    """An editable mapping (see the module docstring)."""

    target: str = REFERENCE
    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    matches: dict[str, str] = field(default_factory=dict)
    keep: dict[str, list[str]] = field(default_factory=dict)
    road_number: str | None = None
    add_new: bool = True
    crs: str | None = None
    swap_xy: bool = False
    encoding: str | None = None
    source_layer: str | None = None

    def source_field(self, qxmap_field: str) -> str | None:
        """The source field mapped to *qxmap_field*, or None."""
        for src, dst in self.fields.items():
            if dst == qxmap_field:
                return src
        return None

    @property
    def spec(self) -> schema.LayerSpec | None:
        return schema.LAYERS.get(self.target)

    def target_fields(self) -> tuple[str, ...]:
        """qxmap fields this target can take."""
        if self.target == REFERENCE:
            return REFERENCE_FIELDS
        spec = self.spec
        return tuple(f.name for f in spec.fields) if spec else ()

    def choices(self, qxmap_field: str) -> tuple[str, ...]:
        spec = self.spec
        if spec is None:
            return ()
        f = spec.field(qxmap_field)
        return f.choices if f is not None else ()

    def problems(self, layer: SourceLayer | None = None) -> list[str]:
        """Everything wrong with this mapping (against *layer* too, if given); [] if fine."""
        out: list[str] = []
        if self.target not in TARGETS:
            out.append(Words("target '%1' is not a qxmap layer (expected one of %2)", self.target, ', '.join(TARGETS)))
            return out
        allowed = self.target_fields()
        seen: dict[str, str] = {}
        for src, dst in self.fields.items():
            if dst not in allowed:
                out.append(Words("field '%1' is mapped to '%2', which layer '%3' does not have (expected one of %4)",
                                 src, dst, self.target, ', '.join(allowed)))
            elif dst in seen:
                out.append(Words("fields '%1' and '%2' are both mapped to '%3'", seen[dst], src, dst))
            else:
                seen[dst] = src
        for fname, table in self.values.items():
            if fname not in allowed:
                out.append(Words("values for '%1', which layer '%2' does not have", fname, self.target))
                continue
            for raw, code in table.items():
                bad = _bad_value(self, fname, code)
                if bad:
                    out.append(Words("value '%1' of '%2' is mapped to '%3': %4", raw, fname, code, bad))
        for fname, code in self.defaults.items():
            if fname not in allowed:
                out.append(Words("default for '%1', which layer '%2' does not have", fname, self.target))
                continue
            bad = _bad_value(self, fname, code)
            if bad:
                out.append(Words("default '%1' of '%2': %3", code, fname, bad))
        if self.crs is not None:
            try:
                crsmod.parse_crs(self.crs)
            except crsmod.CrsError as exc:
                out.append(Words("crs: %1", exc.args[0] if exc.args else exc))
        if self.encoding is not None and enc.normalize_name(self.encoding) is None:
            out.append(Words("encoding '%1' is not an encoding Python knows", self.encoding))
        if layer is not None:
            columns = layer.columns
            for src in list(self.fields) + list(self.keep) + ([self.road_number] if self.road_number else []):
                if src not in columns:
                    out.append(Words("field '%1' is not in layer %2 (its fields: %3)", src, layer.id, ', '.join(columns)))
        return out

    def check(self, layer: SourceLayer | None = None, where: str = "") -> None:
        """Raise :class:`MappingError` listing :meth:`problems`, if any."""
        problems = self.problems(layer)
        if problems:
            raise MappingError(problems, where)

    def unknown_values(self, layer: SourceLayer) -> dict[str, list[tuple[str, int]]]:
        """Per mapped qxmap field, the source values that map to nothing, with
        their counts (most frequent first).  Never empty-handed: every value the
        import would not understand is here."""
        out: dict[str, list[tuple[str, int]]] = {}
        for src, dst in self.fields.items():
            if src not in layer.frame.columns:
                continue
            _, unknown = convert_column(self, dst, layer.frame[src])
            if unknown:
                out[dst] = unknown
        return out


def _bad_value(mapping: Mapping, fname: str, code) -> str | None:
    """Why *code* is not a valid value of *fname* (None if it is)."""
    text = "" if code is None else str(code).strip()
    if text == "":
        return None
    choices = mapping.choices(fname)
    if choices:
        return None if text in choices else Words("expected one of %1 (or empty)", ', '.join(choices))
    spec = mapping.spec.field(fname) if mapping.spec else None
    if spec is not None and spec.kind == "year":
        return None if parse_year(text) is not None else Words("expected a year such as 2018 (or empty)")
    if spec is not None and spec.kind == "percent":
        return None if parse_percent(text) is not None else Words("expected a percentage 0-100 (or empty)")
    return None


# --------------------------------------------------------------------------
# Converting one column (vectorised over the distinct values)

_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d{2}|20\d{2}|2100)(?!\d)")


def parse_year(text) -> int | None:
    """2018, "2018", "2018年", "2018-03-01", "2018.0" -> 2018; anything else -> None."""
    if text is None:
        return None
    if isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        return int(text) if 1800 <= int(text) <= 2100 else None
    if isinstance(text, float):
        return int(text) if text.is_integer() and 1800 <= text <= 2100 else None
    s = unicodedata.normalize("NFKC", str(text)).strip()
    found = _YEAR_RE.findall(s)
    if len(set(found)) == 1 and re.fullmatch(r"\s*\d{4}(\.0+)?\s*(年.*|[-/.]\d{1,2}([-/.]\d{1,2})?.*)?", s):
        return int(found[0])
    return None


def parse_percent(text) -> float | None:
    """45, "45", "45%", "45.5％" -> 45.0 (0-100); anything else -> None."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text)).strip().rstrip("%").strip()
    try:
        value = float(s)
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


def field_kind(mapping: Mapping, qxmap_field: str) -> str:
    spec = mapping.spec.field(qxmap_field) if mapping.spec else None
    return spec.kind if spec is not None else "text"


def convert_column(mapping: Mapping, qxmap_field: str, column: pd.Series
                   ) -> tuple[np.ndarray, list[tuple[str, int]]]:
    """Convert a source column to qxmap values: (object array of values with
    None where empty or unknown, [(unknown source value, count), ...]).

    Enums go through the value table, the codes themselves, the schema labels
    and the synonyms (:data:`VALUE_SYNONYMS`); years and percentages are parsed
    unless the value table says otherwise; text is stripped.  Works on the
    distinct values only (a factorize), so 20,000 rows cost as much as their
    few distinct values."""
    values, unknown, _ = convert_column_rows(mapping, qxmap_field, column)
    return values, unknown


#: Is a lower-cased text a null word (or empty)?  The null words are short (at most 8
#: characters), so a longer text, compared as it is elsewhere, is never one of them.
_NULL_TEXT = NULL_WORDS.__contains__


def convert_column_rows(mapping: Mapping, qxmap_field: str, column: pd.Series,
                        distinct: tuple[np.ndarray, np.ndarray] | None = None
                        ) -> tuple[np.ndarray, list[tuple[str, int]], np.ndarray]:
    """:func:`convert_column` plus a boolean array of the rows whose value is unknown;
    *distinct*: the column's :func:`~qxmap.importing.sources.distinct_values` if known."""
    codes, uniques = distinct if distinct is not None else distinct_values(column)
    kind = field_kind(mapping, qxmap_field)
    table = mapping.values.get(qxmap_field, {})
    norm_table = {norm(k): v for k, v in table.items()}
    choices = mapping.choices(qxmap_field)
    index = _value_index(qxmap_field, choices) if kind == "enum" else {}
    converted: list = []
    unknown_mask: list[bool] = []
    slow = uniques
    if kind == "text" and not table:  # free text (names, notes: a distinct value per row): the loop below, inlined
        listed = uniques.tolist()
        if set(map(type, listed)) <= {str}:  # C loops: stripped; no value where empty or a null word
            converted = list(map(str.strip, listed))
            nulls = np.fromiter(map(_NULL_TEXT, map(str.lower, converted)), dtype=bool, count=len(converted))
            for k in np.flatnonzero(nulls).tolist():
                converted[k] = None
        else:
            texts = [(u.strip() or None) if type(u) is str else value_text(u) for u in listed]
            converted = [None if t is None or (t.lower() if len(t) <= 8 else t) in NULL_WORDS else t for t in texts]
        unknown_mask = [False] * len(converted)
        slow = ()
    for raw in slow:
        text = value_text(raw)
        value, unknown = None, False
        if text is None:
            key = None
        elif table or kind != "text":
            key = norm(text)
        else:  # free text: only the null words matter, and they are short
            key = text.lower() if len(text) <= 8 else text
        if text is None:
            pass
        elif text in table or key in norm_table:
            mapped = table.get(text, norm_table.get(key))
            mapped = None if mapped is None or str(mapped).strip() == "" else str(mapped).strip()
            if mapped is not None and kind == "year":
                value = parse_year(mapped)
            elif mapped is not None and kind == "percent":
                value = parse_percent(mapped)
            else:
                value = mapped
        elif key in NULL_WORDS:
            pass
        elif kind == "enum":
            value = index.get(key)
            unknown = value is None
        elif kind == "year":
            value = parse_year(raw if not isinstance(raw, str) else text)
            unknown = value is None
        elif kind == "percent":
            value = parse_percent(text)
            unknown = value is None
        else:
            value = text
        converted.append(value)
        unknown_mask.append(unknown)
    lookup = np.empty(len(converted) + 1, dtype=object)
    lookup[:-1] = converted
    lookup[-1] = None
    values = lookup[codes]  # code -1 (missing) -> the last slot, None
    flags = np.array(unknown_mask + [False], dtype=bool)
    rows = flags[codes]
    unknown_list: list[tuple[str, int]] = []
    if any(unknown_mask):
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        for i, bad in enumerate(unknown_mask):
            if bad:
                unknown_list.append((value_text(uniques[i]), int(counts[i])))
        unknown_list.sort(key=lambda kv: (-kv[1], kv[0]))
    return values, unknown_list, rows


# --------------------------------------------------------------------------
# Suggesting


def suggest_target(layer: SourceLayer) -> str:
    """The qxmap layer a source layer most likely is (by its name, then its geometry).
    An OpenStreetMap extract is a reference layer: its thousands of ways are a map to
    draw under the tracked data until the user says they are tracked roads."""
    if layer.info.driver == osm.DRIVER:
        return REFERENCE
    names = [norm(layer.info.name), norm(Path(layer.info.file).stem)]
    for target, words in LAYER_SYNONYMS.items():
        if any(norm(w) in n for n in names for w in words):
            spec = schema.LAYERS[target]
            types = set(layer.info.geometry_types) - {"None"}
            if not types or types & set(spec.geometry_types) or target == "exits" and "MultiPoint" in types:
                return target
    types = set(layer.info.geometry_types) - {"None"}
    if types and types <= set(schema.LINES):
        return "roads"
    if types and types <= set(schema.POINTS):
        name_col = _best_field(layer.columns, "name_zh", set())
        if name_col is not None:
            names = layer.frame[name_col].dropna().astype(str)
            if len(names) and names.str.contains("出入口|互通|收费站").mean() >= 0.5:
                return "exits"
    return REFERENCE


def _best_field(columns: list[str], qxmap_field: str, taken: set[str]) -> str | None:
    words = FIELD_SYNONYMS.get(qxmap_field, ())
    keys = {c: norm(c) for c in columns if c not in taken}
    for word in words:  # exact, in order of preference
        for c, k in keys.items():
            if k == norm(word):
                return c
    return None


def _contains_field(columns: list[str], qxmap_field: str, taken: set[str]) -> str | None:
    """A Chinese column name that contains a Chinese synonym (道路名称（中文） -> 名称)."""
    for word in FIELD_SYNONYMS.get(qxmap_field, ()):
        w = norm(word)
        if len(w) < 2 or w.isascii():
            continue
        for c in columns:
            if c not in taken and w in norm(c):
                return c
    return None


def _prefix_field(columns: list[str], qxmap_field: str, taken: set[str]) -> str | None:
    """A Chinese column name cut short (a .dbf keeps 10 bytes: 计划开工年份 -> 计划开工年)
    that begins a synonym."""
    for word in FIELD_SYNONYMS.get(qxmap_field, ()):
        w = norm(word)
        if w.isascii():
            continue
        for c in columns:
            k = norm(c)
            if c not in taken and len(k) >= 2 and not k.isascii() and len(k) < len(w) and w.startswith(k):
                return c
    return None


def suggest_mapping(layer: SourceLayer, target: str | None = None) -> Mapping:
    """A mapping for *layer* suggested from the synonyms: target layer (unless
    given), fields, the values found in mapped enum fields, and the CRS and
    encoding that were detected rather than declared.  Values nothing matches
    are left out (see :meth:`Mapping.unknown_values`)."""
    target = target or suggest_target(layer)
    mapping = Mapping(target=target, source_layer=layer.id)
    allowed = mapping.target_fields()
    columns = layer.columns
    # Columns with no value at all (GPX's "type", KML's "description" ...) are never suggested.
    taken: set[str] = {f.name for f in layer.info.fields if f.distinct == 0}
    order = ["id", "name_zh", "name_en", "status", "phase", "category", "kind", "start", "target",
             "progress", "road", "note", "source", "geometry_accuracy"]
    if layer.info.driver == osm.DRIVER:
        # OSM says what a road is today, not where a project stands: its road_class and
        # lifecycle would overwrite a matched record's category and status.  Only the
        # names are suggested; the user maps those two fields where they are wanted.
        order = ["name_zh", "name_en"]
    order = [f for f in order if f in allowed]
    for how in (_best_field, _contains_field, _prefix_field):
        for qf in order:
            if qf in mapping.fields.values():
                continue
            col = how(columns, qf, taken)
            if col is not None:
                mapping.fields[col] = qf
                taken.add(col)
    # values of enum fields that are not codes already
    for src, qf in mapping.fields.items():
        if field_kind(mapping, qf) != "enum":
            continue
        choices = mapping.choices(qf)
        index = _value_index(qf, choices)
        table: dict[str, str] = {}
        uniques = layer.distinct(src)[1]  # (its values in order of appearance, computed once)
        for raw in uniques[:500]:
            text = value_text(raw)
            if text is None or text in choices:
                continue
            code = index.get(norm(text))
            if code is not None:
                table[text] = code
        if table:
            mapping.values[qf] = table
    wanted = {norm(w) for w in ROAD_NUMBER_SYNONYMS}
    mapping.road_number = next((c for c in columns if c not in taken and norm(c) in wanted
                                and c not in mapping.fields), None) if mapping.target != REFERENCE else None
    info = layer.info
    if info.driver == osm.DRIVER:  # an extract's lines: the roads for motor traffic, not rivers or footpaths
        classes = osm.motor_road_classes(layer.frame)
        if classes and not layer.frame[osm.ROAD_CLASS].isin(classes).all():
            mapping.keep[osm.ROAD_CLASS] = classes
    if info.crs is None or info.crs_doubtful:
        best = info.best_candidate
        if best is not None and best.confidence in ("high", "medium"):  # never a coin toss
            mapping.crs = best.crs
            mapping.swap_xy = best.swap_xy
    if info.encoding is not None and info.encoding.confidence != "certain" and not info.encoding.how.startswith(
            "plain ASCII") and info.driver in ("ESRI Shapefile", "CSV", "GeoJSON", "DXF"):
        mapping.encoding = info.encoding.encoding
    return mapping


# --------------------------------------------------------------------------
# TOML


def _toml_str(text: str) -> str:
    out = ['"']
    for ch in str(text):
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}" if code < 0xD800 or code > 0xDFFF else "\\uFFFD")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def mapping_to_toml(mapping: Mapping) -> str:
    """The TOML text of a mapping (keys always quoted; UTF-8 as is)."""
    lines = ["# qxmap import mapping: source field -> qxmap field, source value -> qxmap code", ""]
    if mapping.source_layer is not None:
        lines.append(f"source_layer = {_toml_str(mapping.source_layer)}")
    lines.append(f"target = {_toml_str(mapping.target)}")
    if mapping.crs is not None:
        lines.append(f"crs = {_toml_str(mapping.crs)}")
    if mapping.swap_xy:
        lines.append("swap_xy = true")
    if mapping.road_number is not None:
        lines.append(f"road_number = {_toml_str(mapping.road_number)}  # proposes records with the same number")
    if not mapping.add_new:
        lines.append("add_new = false  # update matched records only")
    if mapping.encoding is not None:
        lines.append(f"encoding = {_toml_str(mapping.encoding)}")

    def table(name: str, items: dict) -> None:
        lines.append("")
        lines.append(f"[{name}]")
        for k, v in items.items():
            lines.append(f"{_toml_str(k)} = {_toml_str('' if v is None else v)}")

    table("fields", mapping.fields)
    for fname in sorted(mapping.values):
        if mapping.values[fname]:
            table(f"values.{_toml_str(fname) if not re.fullmatch(r'[A-Za-z0-9_-]+', fname) else fname}",
                  mapping.values[fname])
    if mapping.defaults:
        table("defaults", mapping.defaults)
    if mapping.matches:
        table("matches", mapping.matches)
    if mapping.keep:
        lines.append("")
        lines.append("[keep]")
        for k, vs in mapping.keep.items():
            lines.append(f"{_toml_str(k)} = [" + ", ".join(_toml_str(v) for v in vs) + "]")
    return "\n".join(lines) + "\n"


def save_mapping(mapping: Mapping, path) -> Path:
    """Write *mapping* as TOML (UTF-8); returns the path."""
    path = Path(path)
    path.write_text(mapping_to_toml(mapping), encoding="utf-8")
    return path


def mapping_from_toml(text: str, where: str = "mapping", layer: SourceLayer | None = None) -> Mapping:
    """Parse TOML text into a :class:`Mapping` and check it (against *layer*
    too: a field the layer does not have is an error naming it)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        raise MappingError([Words("reading a mapping needs Python 3.11 or later (tomllib)")], where) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError([Words("not valid TOML: %1", exc)], where) from None
    problems: list[str] = []

    def text_table(name: str) -> dict[str, str]:
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            problems.append(Words("[%1] must be a table", name))
            return {}
        out = {}
        for k, v in raw.items():
            if isinstance(v, bool) or not isinstance(v, (str, int, float)):
                problems.append(Words("[%1] '%2': expected text, got %3", name, k, type(v).__name__))
                continue
            out[str(k)] = value_text(v) or ""
        return out

    known = {"source_layer", "target", "crs", "swap_xy", "encoding", "fields", "values", "defaults", "matches",
             "keep", "add_new", "road_number"}
    for key in data:
        if key not in known:
            problems.append(Words("unknown key '%1' (expected %2)", key, ', '.join(sorted(known))))
    mapping = Mapping(target=str(data.get("target", REFERENCE)))
    for key in ("source_layer", "crs", "encoding", "road_number"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Words("'%1' must be text", key))
        elif value is not None:
            setattr(mapping, key, value)
    swap = data.get("swap_xy", False)
    if not isinstance(swap, bool):
        problems.append(Words("'swap_xy' must be true or false"))
    mapping.swap_xy = bool(swap) if isinstance(swap, bool) else False
    add_new = data.get("add_new", True)
    if not isinstance(add_new, bool):
        problems.append(Words("'add_new' must be true or false"))
    mapping.add_new = add_new if isinstance(add_new, bool) else True
    mapping.fields = text_table("fields")
    values = data.get("values", {})
    if not isinstance(values, dict):
        problems.append(Words("[values] must hold one table per field"))
        values = {}
    for fname, table in values.items():
        if not isinstance(table, dict):
            problems.append(Words("[values.%1] must be a table", fname))
            continue
        sub = {}
        for k, v in table.items():
            if isinstance(v, bool) or not isinstance(v, (str, int, float)):
                problems.append(Words("[values.%1] '%2': expected text, got %3", fname, k, type(v).__name__))
                continue
            sub[str(k)] = value_text(v) or ""
        mapping.values[str(fname)] = sub
    mapping.defaults = text_table("defaults")
    mapping.matches = text_table("matches")
    keep = data.get("keep", {})
    if not isinstance(keep, dict):
        problems.append(Words("[keep] must be a table"))
        keep = {}
    for k, v in keep.items():
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) for x in v):
            problems.append(Words("[keep] '%1': expected a list of values", k))
            continue
        mapping.keep[str(k)] = [value_text(x) or "" for x in v]
    if problems:
        raise MappingError(problems, where)
    mapping.check(layer, where)
    return mapping


def load_mapping(path, layer: SourceLayer | None = None) -> Mapping:
    """Read a mapping written by :func:`save_mapping` (or by hand); with
    *layer*, a field that is not in it is an error naming the field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError([Words("cannot be read: %1", getattr(exc, 'strerror', None) or exc)], path.name) from None
    return mapping_from_toml(text, where=path.name, layer=layer)


def count_values(column: pd.Series) -> Counter:
    """Counts of the distinct values of a column, as text (for the wizard's value table)."""
    counts = column.map(value_text).value_counts(dropna=True)
    return Counter({str(k): int(v) for k, v in counts.items()})
