"""One scene, many renderers: what an export shows, computed once.

:func:`build_scene` takes a dataset, a road filter and the layout settings
and works out everything a print layout, a slide, a composed snapshot or a
table shows, without drawing anything:

- the filtered records (``records``), split into the located ones
  (``roads``, ``exits``: highlighted on the map) and the unlocated ones
  (``unlocated``: listed next to the map, never silently left out);
- the other tracked records with a position (``muted_roads``,
  ``muted_exits``: drawn grey for context) and the context layers
  (``context``: zones, parks, facilities) and the town outline (``town``);
- the dataset's reference layers (``references``: the city's road network,
  a land-use plan, imported as reference), drawn under everything else in
  their colours on the map, each in the legend by its title and in the
  source line by where it came from;
- the extent (``extent``, metres in EPSG:4547): by default the whole town
  boundary (or the data's extent without one), grown to hold any filtered
  feature that reaches beyond it; ``"filtered"`` fits the
  filtered features and keeps the town as context with a locator inset
  (``locator``); a (west, south, east, north) view likewise;
- counts and km by status and phase (``summary``), counts by position
  accuracy (``accuracy``, ``accuracy_note``: "示意 2 · 大致 1 · 未定位 19");
- the notice for unlocated records (:meth:`Scene.unlocated_notice`) and the
  compact list of them (``unlocated_lines``);
- the labels to draw (``labels``: name, anchor point or line, priority:
  expressways first, then by category, then the context areas); the
  renderer places them and drops those that would collide;
- the legend entries of what is actually drawn (``legend``), each with the
  symbol of its geometry: a line for roads, a point for exits, an area for
  parks and zones;
- title, subtitle (the filter in words, ``RoadFilter.describe``), source,
  date, and the report's words for each record (``quotes``, for slide notes).

Renderers take a Scene: ``layout`` (PDF/SVG/PNG), ``deck`` (PPTX: one
scene for the deck, :meth:`Scene.derive` for each phase, which reuses the
projected data), ``snapshot`` (the live map image composed for a slide) and
``tables``.  Everything here is plain data: no matplotlib, no Qt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.dataset import Dataset
from qxmap.exports.common import check_lang, default_title, display_name, drawn_text, source_text, today_text
from qxmap.exports.settings import LayoutSettings, coerce_settings
from qxmap.filtering import RoadFilter, Summary, summarize
from qxmap.styles import category_width, reference_style, status_color, style_table

#: Screen pixels of the style table (Leaflet line weights, marker radii) to points on an A4 sheet.
PT_PER_PX = 0.55
#: Label rank of the tracked categories: expressways first.
CATEGORY_RANK = {"expressway": 0, "provincial_county": 1, "exit": 2, "external": 3, "town": 4}
CONTEXT_LAYERS = ("zones", "parks", "facilities")
CONTEXT_RANK = {"parks": 0, "zones": 1, "facilities": 2}
#: Smallest span of a fitted extent (metres): one exit alone is not a map.
MIN_SPAN_M = 2500.0
MUTED = "#9aa0a6"
MASK = "#b9bcc0"
INK = "#222222"
_COUNTED = re.compile(r"^(?P<base>.*?)(?P<sep>\s*)(?P<i>\d+)\s*/\s*(?P<n>\d+)$")


@dataclass(frozen=True)
class LabelCandidate:
    """A name to draw, where, and how important it is (smaller ``priority`` first)."""

    text: str
    kind: str  # "road", "exit", "parks", "zones", "facilities"
    priority: tuple
    x: float  # anchor in metres (EPSG:4547): a line's midpoint, the point, an area's inner point
    y: float
    line: np.ndarray | None = None  # a road's longest part, (n, 2) metres
    color: str = INK


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: the symbol of what is drawn and its label."""

    group: str  # "status", "class", "context", "frame"
    symbol: str  # "line", "point", "line+point", "area", "outline", "mask"
    label: str
    style: dict
    count: int | None = None


@dataclass(frozen=True)
class ReferenceArt:
    """A reference layer as an export draws it: its located features in metres
    (EPSG:4547; a position that does not project to a finite one is left out), its
    title and source (text from a file: drawn literally) and its style on the map."""

    layer_name: str
    title: str
    source: str
    style: dict  # styles.reference_style: color, weight, opacity, fillColor, fillOpacity, radius
    geometry: np.ndarray  # shapely geometries
    images: dict = field(default_factory=dict, compare=False, repr=False)  # what mapart drew of it (see there)

    def kinds(self) -> set[str]:
        """"line", "area", "point": what the layer holds."""
        import shapely

        ids = set(np.unique(shapely.get_type_id(self.geometry)).tolist()) if len(self.geometry) else set()
        out = set()
        if ids & {1, 2, 5}:
            out.add("line")
        if ids & {3, 6}:
            out.add("area")
        if ids & {0, 4}:
            out.add("point")
        return out


@dataclass
class _Prepared:
    """The dataset projected to metres once; scenes derived from one share it."""

    dataset: Dataset
    tracked: pd.DataFrame  # every tracked record, metric geometry (None when unlocated), "located" column
    context: dict  # layer -> located features, metric
    town: object  # shapely geometry of the boundary (metric) or None
    town_bounds: tuple
    lonlat_to_metric: object  # callable(bounds) -> bounds
    references: list = field(default_factory=list)  # ReferenceArt, in drawing order


def _metric_frame(frame):
    if len(frame) == 0:
        return frame
    return frame.to_crs(schema.METRIC_CRS)


def _located_mask(frame) -> np.ndarray:
    if not len(frame):
        return np.zeros(0, dtype=bool)
    geoms = frame.geometry
    return ~(geoms.isna() | geoms.is_empty).to_numpy()


def _bounds(frames):
    boxes = [np.asarray(f.geometry.total_bounds) for f in frames if len(f)]
    boxes = [b for b in boxes if np.all(np.isfinite(b))]
    if not boxes:
        return None
    arr = np.array(boxes)
    return float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 2].max()), float(arr[:, 3].max())


def _transformer():
    from qxmap import projections

    return projections.to_metric()


def prepare(dataset: Dataset) -> _Prepared:
    """Project the dataset to metres (EPSG:4547) once."""
    tracked = _metric_frame(dataset.tracked())
    tracked = tracked.copy()
    tracked["located"] = _located_mask(tracked)
    context = {}
    for name in CONTEXT_LAYERS:
        frame = dataset.layers.get(name)
        if frame is None or not len(frame):
            context[name] = frame if frame is not None else pd.DataFrame()
            continue
        context[name] = _metric_frame(frame[_located_mask(frame)])
    boundary = dataset.layers.get("boundary")
    town = None
    if boundary is not None and len(boundary):
        located = boundary[_located_mask(boundary)]
        if len(located):
            import shapely

            metric = _metric_frame(located)
            town = shapely.union_all(np.asarray(metric.geometry.values, dtype=object))
            if town.is_empty:
                town = None
            elif not town.is_valid:
                town = town.buffer(0)
    tr = _transformer()

    def lonlat_to_metric(bounds):
        return tr.transform_bounds(*bounds)

    references = [_reference_art(n, ref) for n, ref in enumerate(getattr(dataset, "references", {}).values())]
    if town is not None:
        town_bounds = tuple(float(v) for v in town.bounds)
    else:
        town_bounds = _bounds([tracked[tracked["located"]], *[f for f in context.values() if len(f)]])
        if town_bounds is None:
            from qxmap.synthetic import BBOX

            town_bounds = lonlat_to_metric(BBOX)
    return _Prepared(dataset, tracked, context, town, town_bounds, lonlat_to_metric, references)


#: The reference layers projected for exports, by the ReferenceLayer they came from (held weakly:
#: dropped with it): the export dialog's preview projected and drew a city's network again on
#: every change of an option (2.2-2.6 s each at 162,000 lines).
_REFERENCE_ART: dict[int, tuple] = {}


def _reference_art(n: int, ref) -> ReferenceArt:
    """Reference layer *ref* (the *n*-th) projected to metres once: a city's network of
    160,000 lines takes about 0.4 s, shared by every scene made of it while it lives."""
    import weakref

    key = id(ref)
    hit = _REFERENCE_ART.get(key)
    if hit is not None and hit[0]() is ref and hit[1] is ref.frame and hit[2].style == reference_style(n) \
            and hit[2].title == str(ref.title) and hit[2].source == str(ref.source or ""):
        return hit[2]
    art = _project_reference(n, ref)
    _REFERENCE_ART[key] = (weakref.ref(ref, lambda _gone, key=key: _REFERENCE_ART.pop(key, None)), ref.frame, art)
    return art


def _project_reference(n: int, ref) -> ReferenceArt:
    import shapely

    frame = ref.frame
    located = frame[_located_mask(frame)] if len(frame) else frame
    geoms = np.asarray(_metric_frame(located).geometry.values, dtype=object) if len(located) else \
        np.zeros(0, dtype=object)
    if len(geoms):
        with np.errstate(invalid="ignore"):  # (beyond the projection: inf or NaN, left out)
            geoms = geoms[np.isfinite(shapely.bounds(geoms)).all(axis=1)]
    return ReferenceArt(ref.layer_name, str(ref.title), str(ref.source or ""), reference_style(n), geoms)


def pad_bounds(bounds, fraction: float, min_span: float = 0.0):
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w = max(x1 - x0, min_span)
    h = max(y1 - y0, min_span)
    w, h = w * (1 + 2 * fraction), h * (1 + 2 * fraction)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def fit_aspect(bounds, box_w: float, box_h: float):
    """Grow *bounds* (never shrink) to the aspect of a box (equal scale in x and y)."""
    x0, y0, x1, y1 = bounds
    scale = max((x1 - x0) / box_w, (y1 - y0) / box_h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - scale * box_w / 2, cy - scale * box_h / 2, cx + scale * box_w / 2, cy + scale * box_h / 2


def contains(outer, inner, tolerance: float = 1e-6) -> bool:
    return (outer[0] <= inner[0] + tolerance and outer[1] <= inner[1] + tolerance
            and outer[2] >= inner[2] - tolerance and outer[3] >= inner[3] - tolerance)


def group_names(names, lang: str = "zh") -> list[str]:
    """Names as compact lines: counted records of one kind ("外联道路（报告未具名）3/10" ...) become one line
    ("外联道路（报告未具名）3–10/10（8 项）"); other names stay as they are, in order."""
    groups: dict[tuple, list[int]] = {}
    order: list = []
    for name in names:
        m = _COUNTED.match(name)
        if m and m.group("base").strip():
            key = (m.group("base") + m.group("sep"), m.group("n"))
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(int(m.group("i")))
        else:
            order.append(name)
    lines = []
    for item in order:
        if isinstance(item, str):
            lines.append(item)
            continue
        base, total = item
        numbers = sorted(groups[item])
        if len(numbers) == 1:
            lines.append(f"{base}{numbers[0]}/{total}")
            continue
        contiguous = numbers == list(range(numbers[0], numbers[-1] + 1))
        span = (f"{numbers[0]}–{numbers[-1]}/{total}" if contiguous
                else ("、" if lang == "zh" else ",").join(map(str, numbers)) + f"/{total}")
        lines.append(f"{base}{span}（{len(numbers)} 项）" if lang == "zh" else f"{base}{span} ({len(numbers)} records)")
    return lines


def accuracy_short(code: str, lang: str) -> str:
    if lang == "zh":
        return {"surveyed": "测绘", "approximate": "大致", "schematic": "示意", "unmapped": "未定位"}.get(code, code)
    return {"surveyed": "surveyed", "approximate": "approximate", "schematic": "schematic",
            "unmapped": "not located"}.get(code, code)


@dataclass
class Scene:
    """What one export shows (see the module docstring).  Build with :func:`build_scene`."""

    lang: str
    road_filter: RoadFilter
    settings: LayoutSettings
    title: str
    subtitle: str  # the filter in words
    records: pd.DataFrame  # the filtered tracked records, located or not (metric geometry)
    roads: pd.DataFrame  # located filtered roads (metric)
    exits: pd.DataFrame  # located filtered exits (metric)
    unlocated: pd.DataFrame  # filtered records without a position
    muted_roads: pd.DataFrame
    muted_exits: pd.DataFrame
    context: dict
    town: object
    town_bounds: tuple
    extent_choice: str  # "town", "filtered" or "view"
    extent: tuple  # metres (EPSG:4547), before fitting the aspect of a frame
    focus: tuple | None  # bounds of the located filtered features
    locator: bool
    summary: Summary
    accuracy: dict
    labels: list
    legend: list
    source: str  # the data's source line (and each reference layer's)
    date: str
    dataset_name: str
    _prepared: _Prepared = field(repr=False, default=None)

    @property
    def references(self) -> list:
        """The reference layers to draw (ReferenceArt), bottom first; those with nothing to draw left out."""
        return [r for r in self._prepared.references if len(r.geometry)] if self._prepared is not None else []

    # ---- derived facts

    @property
    def n_records(self) -> int:
        return len(self.records)

    @property
    def n_located(self) -> int:
        return len(self.roads) + len(self.exits)

    @property
    def n_unlocated(self) -> int:
        return len(self.unlocated)

    @property
    def km(self) -> float:
        return float(self.roads["length_km"].astype(float).sum()) if len(self.roads) else 0.0

    @property
    def all_unlocated(self) -> bool:
        return self.n_records > 0 and self.n_located == 0

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    @property
    def accuracy_note(self) -> str:
        """Counts by position accuracy of the filtered records, e.g. "位置：示意 2 · 大致 1 · 未定位 19"."""
        parts = [f"{accuracy_short(code, self.lang)} {self.accuracy[code]}"
                 for code in ("surveyed", "approximate", "schematic", "unmapped") if self.accuracy.get(code)]
        head = "位置精度：" if self.zh else "Positions: "
        return head + (" · ".join(parts) if parts else "—")

    @property
    def caution(self) -> str | None:
        """The warning when any drawn position is schematic or approximate."""
        if not (self.accuracy.get("schematic") or self.accuracy.get("approximate")
                or self._context_inexact()):
            return None
        return ("图中位置为依据报告文字的示意或大致位置，仅示意相对关系，不能用于测量、规划或导航" if self.zh else
                "Positions are schematic or approximate, placed from the report's text: "
                "not for measurement, planning or navigation")

    def _context_inexact(self) -> bool:
        for frame in self.context.values():
            if len(frame) and frame["geometry_accuracy"].isin(("schematic", "approximate")).any():
                return True
        return False

    @property
    def stats_line(self) -> str:
        n_roads = int((self.records["layer"] == "roads").sum()) if self.n_records else 0
        n_exits = self.n_records - n_roads
        if self.zh:
            return (f"筛选结果：{self.n_records} 项（道路 {n_roads}、出入口 {n_exits}），图上已定位 {self.n_located} 项，"
                    f"尚未定位 {self.n_unlocated} 项；已定位道路示意长度 {self.km:.1f} km")
        return (f"Filtered: {self.n_records} records ({n_roads} roads, {n_exits} exits); {self.n_located} located "
                f"on the map, {self.n_unlocated} not yet located; length of the located roads {self.km:.1f} km")

    def status_text(self) -> str:
        """Counts by status in one line, e.g. "规划 32 · 在建 17"."""
        parts = [f"{schema.label(schema.STATUS_LABELS, r.code, self.lang)} {r.count}"
                 for r in self.summary.by_status if r.count]
        return " · ".join(parts) if parts else "—"

    def unlocated_notice(self, where: str = "right") -> str | None:
        """The map's notice about unlocated records, None when there are none.

        *where* says where the list is: "right", "below", "table" (the
        table export) or "phases" (the deck's phase slides)."""
        n = self.n_unlocated
        if self.n_records == 0:
            return "没有符合筛选条件的记录" if self.zh else "No records match the filter"
        if not n:
            return None
        if self.zh:
            place = {"right": "见右侧列表", "below": "见下方列表", "table": "见表格导出",
                     "phases": "见各阶段页的列表"}.get(where, "见列表")
            if self.all_unlocated:
                return f"此筛选的 {n} 项均尚未定位，图上没有位置：{place}"
            return f"{n} 项尚未定位：{place}"
        place = {"table": "see the table export", "phases": "see the phase slides"}.get(where, "see the list")
        if self.all_unlocated:
            return f"None of the {n} records is located yet: {place}"
        return f"{n} records not yet located: {place}"

    def unlocated_lines(self) -> list[str]:
        """The unlocated records as compact lines (counted records of one kind grouped)."""
        names = [drawn_text(display_name(row, self.lang)).strip()
                 for row in self.unlocated.to_dict("records")] if self.n_unlocated else []
        return group_names(names, self.lang)

    def quotes(self, records=None) -> list[tuple[str, list[str]]]:
        """The report's words for *records* (a frame or a list of record dicts; default: the filtered
        ones): (source quote, names), one entry per distinct quote, in record order."""
        records = self.records if records is None else records
        rows = records.to_dict("records") if isinstance(records, pd.DataFrame) else records
        out: dict[str, list[str]] = {}
        for row in rows:
            quote = row.get("source")
            quote = quote.strip() if isinstance(quote, str) else ""
            out.setdefault(quote, []).append(display_name(row, self.lang))
        return [(q, group_names(names, self.lang)) for q, names in out.items()]

    def view_for(self, box_w: float, box_h: float):
        """The extent in metres fitted to a frame of *box_w* x *box_h* (any unit)."""
        return fit_aspect(self.extent, box_w, box_h)

    def derive(self, road_filter: RoadFilter | None = None, *, title: str | None = None,
               extent=None) -> "Scene":
        """A scene of the same dataset, language and settings under another filter (reuses the projection)."""
        settings = self.settings if extent is None else self.settings.replace(extent=extent)
        return _build(self._prepared, road_filter, self.lang, settings, title=title)

    def for_phase(self, phase: str) -> "Scene":
        """The scene of one build phase under this scene's filter, titled by the phase."""
        base = self.road_filter
        phase_filter = RoadFilter(frozenset({phase}), base.statuses, base.categories, base.text)
        return self.derive(phase_filter, title=schema.label(schema.PHASE_LABELS, phase, self.lang))


# --------------------------------------------------------------------------
# Building


def build_scene(dataset: Dataset, road_filter: RoadFilter | None = None, *, lang: str = "zh",
                settings: LayoutSettings | dict | None = None, title: str | None = None, extent=None) -> Scene:
    """The scene of *dataset* under *road_filter* (see the module docstring).

    *settings* (LayoutSettings or its dict) gives title, extent, label size...;
    *title* and *extent* override it."""
    lang = check_lang(lang)
    settings = coerce_settings(settings).replace(title=title, extent=extent)
    return _build(prepare(dataset), road_filter, lang, settings)


def _build(prep: _Prepared, road_filter: RoadFilter | None, lang: str, settings: LayoutSettings,
           title: str | None = None) -> Scene:
    road_filter = road_filter or RoadFilter()
    tracked = prep.tracked
    keep = road_filter.mask(tracked).to_numpy() if len(tracked) else np.zeros(0, dtype=bool)
    located = tracked["located"].to_numpy() if len(tracked) else np.zeros(0, dtype=bool)
    is_road = (tracked["layer"] == "roads").to_numpy() if len(tracked) else np.zeros(0, dtype=bool)
    records = tracked[keep]
    roads = tracked[keep & located & is_road]
    exits = tracked[keep & located & ~is_road]
    unlocated = tracked[keep & ~located]
    muted_roads = tracked[~keep & located & is_road]
    muted_exits = tracked[~keep & located & ~is_road]
    if road_filter.is_empty:  # nothing is left out: nothing to mute
        muted_roads, muted_exits = muted_roads.iloc[0:0], muted_exits.iloc[0:0]

    focus = _bounds([roads, exits])
    # The whole town, and every filtered feature that reaches beyond it (nothing filtered is cut off).
    whole = prep.town_bounds if focus is None else (
        min(prep.town_bounds[0], focus[0]), min(prep.town_bounds[1], focus[1]),
        max(prep.town_bounds[2], focus[2]), max(prep.town_bounds[3], focus[3]))
    town_view = pad_bounds(whole, 0.03)
    choice = settings.extent
    if isinstance(choice, tuple):
        extent_choice = "view"
        extent = pad_bounds(prep.lonlat_to_metric(choice), 0.0)
    elif choice == "filtered" and focus is not None:
        extent_choice = "filtered"
        extent = pad_bounds(focus, 0.15, MIN_SPAN_M)
    else:
        extent_choice = "town"
        extent = town_view
    locator = extent_choice != "town" and not contains(extent, prep.town_bounds)

    summary = summarize(records)
    accuracy = {code: 0 for code in schema.ACCURACIES}
    if len(records):
        for code, n in records["geometry_accuracy"].value_counts().items():
            accuracy[code] = accuracy.get(code, 0) + int(n)

    title = title or settings.title or default_title(lang)
    scene = Scene(
        lang=lang, road_filter=road_filter, settings=settings, title=title,
        subtitle=road_filter.describe(lang), records=records, roads=roads, exits=exits, unlocated=unlocated,
        muted_roads=muted_roads, muted_exits=muted_exits, context=prep.context, town=prep.town,
        town_bounds=prep.town_bounds, extent_choice=extent_choice, extent=extent, focus=focus, locator=locator,
        summary=summary, accuracy=accuracy, labels=[], legend=[],
        source=_with_references(source_text(prep.dataset, lang), prep.references, lang),
        date=today_text(), dataset_name=str(prep.dataset.path), _prepared=prep)
    scene.labels = _labels(scene)
    scene.legend = _legend(scene)
    return scene


def _with_references(source: str, references, lang: str) -> str:
    """The source line with each drawn reference layer's title and origin ("参考图层：全市路网（...）")."""
    parts = []
    for ref in references:
        if not len(ref.geometry):
            continue
        title = drawn_text(ref.title).strip() or ref.layer_name
        origin = drawn_text(ref.source).strip()
        parts.append(f"{title}（{origin}）" if origin and lang == "zh" else (f"{title} ({origin})" if origin else title))
    if not parts:
        return source
    return source + ("；参考图层：" + "；".join(parts) if lang == "zh" else "; reference layers: " + "; ".join(parts))


def _name(row, lang) -> str:
    return drawn_text(display_name(row, lang)).strip()


def _labels(scene: Scene) -> list[LabelCandidate]:
    lang = scene.lang
    out = []
    if len(scene.roads):
        for row in scene.roads[["name_zh", "name_en", "id", "category", "geometry"]].to_dict("records"):
            geom = row["geometry"]
            parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
            line = max(parts, key=lambda g: g.length)
            if line.length <= 0:
                continue
            text = _name(row, lang)
            if not text:
                continue
            mid = line.interpolate(0.5, normalized=True)
            out.append(LabelCandidate(text, "road", (0, CATEGORY_RANK.get(row["category"], 5), -line.length),
                                      mid.x, mid.y, np.asarray(line.coords)[:, :2]))
    if len(scene.exits):
        for row in scene.exits[["name_zh", "name_en", "id", "geometry"]].to_dict("records"):
            text = _name(row, lang)
            p = row["geometry"]
            if p.geom_type != "Point":
                p = p.representative_point()
            if text:
                out.append(LabelCandidate(text, "exit", (0, CATEGORY_RANK["exit"], 0.0), p.x, p.y))
    layer_styles = style_table()["layers"]
    for name in CONTEXT_LAYERS:
        frame = scene.context.get(name)
        if frame is None or not len(frame):
            continue
        for row in frame[["name_zh", "name_en", "id", "geometry"]].to_dict("records"):
            text = _name(row, lang)
            geom = row["geometry"]
            if not text or geom is None or geom.is_empty:
                continue
            p = geom.representative_point()
            out.append(LabelCandidate(text, name, (1, CONTEXT_RANK[name], -geom.area), p.x, p.y,
                                      color=layer_styles[name]["color"]))
    out.sort(key=lambda c: c.priority)
    return out


def _legend(scene: Scene) -> list[LegendEntry]:
    zh = scene.zh
    lang = scene.lang
    styles = style_table()
    entries = []
    road_status = set(scene.roads["status"]) if len(scene.roads) else set()
    exit_status = set(scene.exits["status"]) if len(scene.exits) else set()
    counts = {r.code: r.count for r in scene.summary.by_status}
    ex = styles["exit"]
    for code in schema.STATUSES:
        on_road, on_exit = code in road_status, code in exit_status
        if not (on_road or on_exit):
            continue
        symbol = "line+point" if on_road and on_exit else ("line" if on_road else "point")
        entries.append(LegendEntry("status", symbol, schema.label(schema.STATUS_LABELS, code, lang),
                                   {"color": status_color(code), "width": 3.2, "radius": ex["radius"] * PT_PER_PX,
                                    "edge": ex["stroke"]}, counts.get(code, 0)))
    if len(scene.roads):
        present = set(scene.roads["category"])
        for code in schema.ROAD_CATEGORIES:
            if code in present:
                entries.append(LegendEntry("class", "line", schema.label(schema.CATEGORY_LABELS, code, lang),
                                           {"color": "#6b6b6b", "width": category_width(code) * PT_PER_PX}))
    if len(scene.muted_roads) or len(scene.muted_exits):
        symbol = ("line+point" if len(scene.muted_roads) and len(scene.muted_exits)
                  else "line" if len(scene.muted_roads) else "point")
        entries.append(LegendEntry("context", symbol, "其他项目（不在筛选内）" if zh else "Other projects (not in the filter)",
                                   {"color": MUTED, "width": 1.6, "radius": 2.2, "edge": MUTED}))
    layer_styles = styles["layers"]
    for name in CONTEXT_LAYERS:
        frame = scene.context.get(name)
        if frame is None or not len(frame):
            continue
        st = layer_styles[name]
        kinds = set(frame.geom_type)
        label = schema.label(schema.LAYER_LABELS, name, lang)
        style = {"color": st["color"], "face": st.get("fillColor", st["color"]),
                 "alpha": st.get("fillOpacity", 0.4), "width": st.get("weight", 1.5) * PT_PER_PX,
                 "radius": st.get("radius", 6) * PT_PER_PX, "edge": st["color"]}
        if kinds & set(schema.POLYGONS):
            entries.append(LegendEntry("context", "area", label, style))
        if kinds & set(schema.LINES):
            entries.append(LegendEntry("context", "line", label, dict(style, width=style["width"] * 1.5)))
        if kinds & set(schema.POINTS):
            entries.append(LegendEntry("context", "point", label, style))
    for ref in scene.references:
        st = ref.style
        style = {"color": st["color"], "face": st["fillColor"], "alpha": st["fillOpacity"],
                 "width": st["weight"] * PT_PER_PX, "radius": st["radius"] * PT_PER_PX, "edge": st["color"]}
        label = drawn_text(ref.title).strip() or ref.layer_name
        kinds = ref.kinds()
        for symbol in ("area", "line", "point"):
            if symbol in kinds:
                entries.append(LegendEntry("reference", symbol, label, style))
    if scene.town is not None:
        st = layer_styles["boundary"]
        entries.append(LegendEntry("frame", "outline", schema.label(schema.LAYER_LABELS, "boundary", lang),
                                   {"color": st["color"], "face": st["fillColor"], "alpha": st["fillOpacity"],
                                    "width": st.get("weight", 2.5) * PT_PER_PX, "dashed": True}))
        entries.append(LegendEntry("frame", "mask", "镇外" if zh else "Outside the town",
                                   {"color": MASK, "face": MASK, "alpha": 0.6}))
    return entries


def replace_settings(scene: Scene, **changes) -> Scene:
    """The scene rebuilt with changed settings (e.g. another extent)."""
    return _build(scene._prepared, scene.road_filter, scene.lang, scene.settings.replace(**changes),
                  title=scene.title if scene.title != (scene.settings.title or default_title(scene.lang)) else None)


__all__ = ["Scene", "LabelCandidate", "LegendEntry", "ReferenceArt", "build_scene", "prepare", "fit_aspect", "pad_bounds",
           "group_names", "contains"]
