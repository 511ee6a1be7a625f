"""The qxmap data schema: layers, their fields and the allowed values.

One table that the loader, the validator, the filter, the map page, the
exports and the documentation (geodata/README.md) all read, so that a status
or a phase means the same thing everywhere.  Labels here are plain data (the
UI passes them through Qt's translation; the Qt-free exports use them as
they are, in Chinese first).
"""
from __future__ import annotations

from dataclasses import dataclass

from qxmap.words import Words

#: Layers in drawing order (bottom first).
LAYER_ORDER = ("boundary", "zones", "parks", "facilities", "roads", "exits")

#: Layers whose features are tracked projects (status, phase, years).
TRACKED_LAYERS = ("roads", "exits")

LAYER_LABELS = {
    "boundary": ("镇界", "Town boundary"),
    "roads": ("道路", "Roads"),
    "exits": ("高速出入口", "Expressway exits"),
    "parks": ("公园与景区", "Parks and scenic areas"),
    "zones": ("产业与创新片区", "Industrial, innovation and logistics zones"),
    "facilities": ("公共设施与环境项目", "Public facilities and environment"),
}

STATUSES = ("planned", "preparing", "under_construction", "completed", "on_hold")
STATUS_LABELS = {
    "planned": ("规划", "Planned"),
    "preparing": ("前期准备", "Preparing"),
    "under_construction": ("在建", "Under construction"),
    "completed": ("已建成", "Completed"),
    "on_hold": ("暂缓", "On hold"),
}

CATEGORIES = ("expressway", "provincial_county", "external", "town", "exit")
CATEGORY_LABELS = {
    "expressway": ("高速公路", "Expressway"),
    "provincial_county": ("省道/县道", "Provincial/county road"),
    "external": ("外联道路", "External road"),
    "town": ("镇内道路", "Town road"),
    "exit": ("高速出入口", "Expressway exit"),
}
ROAD_CATEGORIES = ("expressway", "provincial_county", "external", "town")

#: Build phases, in time order, as the work report states them.
PHASES = ("underway", "start_this_year", "by_2018", "2018_2020", "unscheduled")
PHASE_LABELS = {
    "underway": ("已开工", "Under way"),
    "start_this_year": ("今年动工", "To start this year"),
    "by_2018": ("2018年前建成", "To be built by 2018"),
    "2018_2020": ("2018–2020年建成", "To be built 2018–2020"),
    "unscheduled": ("未排期", "No date in the report"),
}

#: How a position was obtained, from the surest to none: a surveyed position;
#: one imported from a planner's file (its own accuracy unknown to us); one
#: traced over a georeferenced plan drawing; one drawn on the map by hand;
#: approximate and schematic reconstructions of the work report; none yet.
ACCURACIES = ("surveyed", "imported", "traced", "drawn", "approximate", "schematic", "unmapped")
ACCURACY_LABELS = {
    "surveyed": ("测绘位置", "Surveyed"),
    "imported": ("导入位置", "Imported"),
    "traced": ("描绘位置（依规划图）", "Traced from a plan"),
    "drawn": ("手绘位置", "Drawn by hand"),
    "approximate": ("大致位置", "Approximate"),
    "schematic": ("示意位置", "Schematic"),
    "unmapped": ("尚未定位", "Not yet mapped"),
}

PARK_KINDS = ("forest_park", "park", "scenic", "cultural")
ZONE_KINDS = (
    "innovation", "industrial", "logistics", "upgrade_area",
    "control_plan_area", "demonstration_zone", "urban_renewal",
)
FACILITY_KINDS = ("culture", "health", "sports", "environment", "utility")
KIND_LABELS = {
    "forest_park": ("森林公园", "Forest park"),
    "park": ("公园", "Park"),
    "scenic": ("景区", "Scenic area"),
    "cultural": ("文化项目", "Cultural project"),
    "innovation": ("科技创新园区", "Innovation park"),
    "industrial": ("产业项目", "Industrial project"),
    "logistics": ("物流项目", "Logistics"),
    "upgrade_area": ("升级改造片区", "Upgrade area"),
    "control_plan_area": ("控规片区", "Control-plan area"),
    "demonstration_zone": ("示范区", "Demonstration zone"),
    "urban_renewal": ("城市更新", "Urban renewal"),
    "culture": ("文化设施", "Culture"),
    "health": ("医疗设施", "Health"),
    "sports": ("体育设施", "Sports"),
    "environment": ("环境整治", "Environment"),
    "utility": ("市政设施", "Utility"),
}

POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")
POINTS = ("Point", "MultiPoint")


@dataclass(frozen=True)
class FieldSpec:
    """One attribute of a layer."""

    name: str
    kind: str  # "text", "year", "month", "percent", "money", "date", "enum"
    required: bool = False
    choices: tuple[str, ...] = ()


COMMON_FIELDS = (
    FieldSpec("id", "text", required=True),
    FieldSpec("name_zh", "text", required=True),
    FieldSpec("name_en", "text"),
    FieldSpec("source", "text", required=True),
    FieldSpec("geometry_accuracy", "enum", required=True, choices=ACCURACIES),
    FieldSpec("note", "text"),
)

TRACKED_FIELDS = (
    FieldSpec("status", "enum", required=True, choices=STATUSES),
    FieldSpec("phase", "enum", required=True, choices=PHASES),
    FieldSpec("start", "year"),
    FieldSpec("target", "year"),
    FieldSpec("progress", "percent"),
    # Tracking (workspace schema 2): planned start and target may name a month
    # ("2019-06" is start 2019 + start_month 6); the budget is stored in 万元
    # (10,000 yuan); actual dates are ISO text YYYY-MM-DD.  "Last updated" is
    # not a field: it is read from the history.
    FieldSpec("start_month", "month"),
    FieldSpec("target_month", "month"),
    FieldSpec("owner", "text"),
    FieldSpec("contractor", "text"),
    FieldSpec("budget_wan", "money"),
    FieldSpec("actual_start", "date"),
    FieldSpec("completed_on", "date"),
)

#: The tracking fields added by workspace schema 2 (older files lack these columns).
TRACKING_FIELDS = ("start_month", "target_month", "owner", "contractor", "budget_wan", "actual_start",
                   "completed_on")
TRACKING_FIELD_LABELS = {
    "progress": ("进度", "Progress"),
    "start": ("计划开工", "Planned start"),
    "target": ("目标完成", "Planned completion"),
    "start_month": ("计划开工月份", "Planned start month"),
    "target_month": ("目标完成月份", "Target month"),
    "owner": ("建设单位", "Owner"),
    "contractor": ("施工单位", "Contractor"),
    "budget_wan": ("投资估算（万元）", "Budget (10k yuan)"),
    "actual_start": ("实际开工日期", "Actual start"),
    "completed_on": ("实际完工日期", "Completed on"),
    "last_updated": ("最近更新", "Last updated"),
}

#: Budget units: how many 万元 one unit is.  A budget is always typed with its unit.
MONEY_UNITS = {"万元": 1.0, "万": 1.0, "亿元": 10000.0, "亿": 10000.0}


@dataclass(frozen=True)
class LayerSpec:
    name: str
    geometry_types: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    #: May a feature have no geometry ("not yet mapped")?
    geometry_optional: bool = True
    #: Must every dataset have this layer (a file or table, possibly empty)?
    required: bool = False

    def field(self, name: str) -> FieldSpec | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


LAYERS: dict[str, LayerSpec] = {
    "boundary": LayerSpec("boundary", POLYGONS, COMMON_FIELDS, geometry_optional=False),
    "roads": LayerSpec(
        "roads", LINES,
        COMMON_FIELDS + (FieldSpec("category", "enum", True, ROAD_CATEGORIES),) + TRACKED_FIELDS,
        required=True,
    ),
    "exits": LayerSpec(
        "exits", ("Point",),
        COMMON_FIELDS + (FieldSpec("category", "enum", True, ("exit",)),
                         FieldSpec("road", "text")) + TRACKED_FIELDS,
    ),
    "parks": LayerSpec("parks", POLYGONS + POINTS,
                       COMMON_FIELDS + (FieldSpec("kind", "enum", True, PARK_KINDS),)),
    "zones": LayerSpec("zones", POLYGONS + POINTS,
                       COMMON_FIELDS + (FieldSpec("kind", "enum", True, ZONE_KINDS),)),
    "facilities": LayerSpec("facilities", POLYGONS + POINTS + LINES,
                            COMMON_FIELDS + (FieldSpec("kind", "enum", True, FACILITY_KINDS),)),
}

#: Layers every dataset must have: the road table is what qxmap is for.  A
#: dataset may leave out any other layer (it is then empty).
REQUIRED_LAYERS = tuple(name for name in LAYER_ORDER if LAYERS[name].required)

#: Bounds a WGS-84 lon/lat must fall in to be plausibly in or near Dongguan.
#: Used to catch projected or swapped coordinates that came without a CRS.
PLAUSIBLE_LON = (112.0, 116.5)
PLAUSIBLE_LAT = (21.5, 24.5)

#: Metric CRS for lengths and areas: CGCS2000 / 3-degree Gauss-Kruger CM 114E.
METRIC_CRS = "EPSG:4547"


def parse_money(value) -> tuple[float | None, str | None]:
    """(amount in 万元, None) or (None, why not) for a budget: a number with its unit
    stated, "1200万元", "3.5亿元", "3.5 亿" (text without a unit is refused: 万 or 亿?).
    A plain number (not text) is already in 万元.  Empty gives (None, None)."""
    import math
    import re

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, bool):
        return None, Words("a budget is a number with its unit (万元 or 亿元), not true/false")
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, (int, float)):
        amount = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "").replace(" ", "")
        if not text:
            return None, None
        m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(万元|万|亿元|亿)", text)
        if m is None:
            if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
                return None, Words("budget '%1' has no unit: write it with 万元 or 亿元 (e.g. %2万元)", value, text)
            return None, Words("budget '%1' is not a number with a unit; expected e.g. 1200万元 or 3.5亿元", value)
        amount = float(m.group(1)) * MONEY_UNITS[m.group(2)]
    else:
        return None, Words("a budget is a number with its unit (万元 or 亿元), not %1", type(value).__name__)
    if not math.isfinite(amount) or amount < 0:
        return None, Words("budget %1 must be a finite amount of 0 or more", repr(value))
    return round(amount, 4), None


def parse_date(value) -> tuple[str | None, str | None]:
    """(ISO date text, None) or (None, why not) for an actual date "YYYY-MM-DD".  Empty: (None, None)."""
    import datetime as _dt
    import re

    if value is None or (isinstance(value, float) and value != value):
        return None, None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat(), None
    if not isinstance(value, str):
        return None, Words("a date is text YYYY-MM-DD, not %1", type(value).__name__)
    text = value.strip()
    if not text:
        return None, None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None, Words("date '%1' is not written YYYY-MM-DD", value)
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        return None, Words("date '%1' does not exist", value)
    if not 1990 <= day.year <= 2100:
        return None, Words("date '%1' is out of range; expected 1990–2100", value)
    return day.isoformat(), None


def label(table: dict, code: str, lang: str = "zh") -> str:
    """The label of a code in one of the *_LABELS tables (the code if unknown)."""
    pair = table.get(code)
    if not pair:
        return str(code)
    return pair[0] if lang == "zh" else pair[1]
