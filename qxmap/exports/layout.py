"""Print layouts with matplotlib (no Qt): PDF, SVG or PNG on A4 or A3 paper.

A page holds a title and a subtitle (the filter in words), the map drawn in
EPSG:4547 (metres, so the scale bar is true) with the same style table as the
screen (resources/styles.json), Chinese road labels that never overlap each
other, a legend, a scale bar in km, a north arrow, and a footer with counts,
a notice when positions are schematic or approximate, the data source and
the date.

Everything on the page outside the map is drawn in one transparent "page"
axes whose data units are millimetres of paper, laid over the map axes, so
the layout reads as a list of measurements on the sheet.

Text on the page is always literal: every text is drawn through
``_Sheet.text`` or ``_place_labels`` with ``parse_math=False`` (a name such
as "投资$5^亿元$" is not mathtext) and through ``common.drawn_text`` (no
control characters, one line).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box as shapely_box
from shapely.geometry.polygon import orient

from qxmap import schema
from qxmap.atomicfile import atomic_path
from qxmap.dataset import Dataset
from qxmap.exports import fonts
from qxmap.exports.common import (
    CancelFn, ProgressFn, Reporter, check_lang, clean_text, default_title, display_name, drawn_text,
    filtered_records, has_geometry, source_text, today_text,
)
from qxmap.filtering import RoadFilter, summarize
from qxmap.styles import category_width, status_color, style_table

PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}  # portrait width, height in mm
ORIENTATIONS = ("portrait", "landscape")
DPIS = (150, 300, 600)
LAYOUT_FORMATS = ("pdf", "svg", "png")
EXTENTS = ("filtered", "town")

#: Screen pixels of the style table (Leaflet line weights, marker radii) to
#: points on an A4 sheet; A3 scales everything by sqrt(2).
PT_PER_PX = 0.55
#: Drawing order of road classes: narrow below, expressways on top.
ROAD_DRAW_ORDER = ("town", "external", "provincial_county", "expressway")
#: Label priority: expressways first.
ROAD_LABEL_RANK = {"expressway": 0, "provincial_county": 1, "external": 3, "town": 4}
EXIT_LABEL_RANK = 2
MIN_SPAN_M = 3000.0
INK = "#222222"


# --------------------------------------------------------------------------
# Options


@dataclass(frozen=True)
class Page:
    """Paper, orientation, resolution and format of one layout."""

    paper: str = "A4"
    orientation: str = "landscape"
    dpi: int = 300
    fmt: str = "pdf"

    @property
    def size_mm(self) -> tuple[float, float]:
        return page_size_mm(self.paper, self.orientation)

    @property
    def pixels(self) -> tuple[int, int]:
        return pixel_size(self.paper, self.orientation, self.dpi)

    @property
    def figsize(self) -> tuple[float, float]:
        """Figure size in inches: exact paper for vector formats, whole pixels for PNG."""
        if self.fmt == "png":
            w, h = self.pixels
            return w / self.dpi, h / self.dpi
        w, h = self.size_mm
        return w / 25.4, h / 25.4


def page_size_mm(paper: str, orientation: str) -> tuple[float, float]:
    w, h = PAPERS[paper]
    return (h, w) if orientation == "landscape" else (w, h)


def pixel_size(paper: str, orientation: str, dpi: int) -> tuple[int, int]:
    """PNG size in pixels: the paper at *dpi* (A4 portrait at 300 dpi = 2480 x 3508)."""
    w, h = page_size_mm(paper, orientation)
    return round(w / 25.4 * dpi), round(h / 25.4 * dpi)


def format_from_suffix(path, allowed=None) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        raise ValueError(f"cannot tell the format from {str(path)!r}: give a format or a file suffix")
    if allowed is not None and suffix not in allowed:
        raise ValueError(f"unsupported file type .{suffix} (expected one of: {', '.join(allowed)})")
    return suffix


def check_page(paper, orientation, dpi, fmt) -> Page:
    """A :class:`Page`, or ValueError saying which option is wrong."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {', '.join(ORIENTATIONS)}, not {orientation!r}")
    if isinstance(dpi, bool) or not isinstance(dpi, (int, np.integer)) or int(dpi) not in DPIS:
        raise ValueError(f"dpi must be one of {', '.join(map(str, DPIS))}, not {dpi!r}")
    if fmt not in LAYOUT_FORMATS:
        raise ValueError(f"print layout format must be one of {', '.join(LAYOUT_FORMATS)}, not {fmt!r}")
    return Page(paper, orientation, int(dpi), fmt)


def check_extent(extent):
    """'filtered', 'town' or (west, south, east, north) in degrees."""
    if isinstance(extent, str):
        if extent not in EXTENTS:
            raise ValueError(f"extent must be 'filtered', 'town' or (west, south, east, north), not {extent!r}")
        return extent
    try:
        west, south, east, north = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise ValueError(f"extent must be 'filtered', 'town' or (west, south, east, north), not {extent!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("extent values must be finite numbers")
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"extent ({west}, {south}, {east}, {north}) is not west < east, south < north in degrees")
    return (west, south, east, north)


def check_title(title) -> str | None:
    """The title on one line, or None (the default title) when it has nothing to show."""
    if title is None:
        return None
    if not isinstance(title, str):
        raise ValueError(f"title must be text, not {type(title).__name__}")
    title = " ".join(title.split())
    if len(title) > 120:
        raise ValueError("title is too long (at most 120 characters)")
    if not drawn_text(title).strip():  # empty, or only control characters
        return None
    return title


# --------------------------------------------------------------------------
# Geometry helpers


def _metric(frame):
    if len(frame) == 0:
        return frame
    return frame.to_crs(schema.METRIC_CRS)


def _mapped(frame):
    if len(frame) == 0:
        return frame
    keep = np.array([has_geometry(g) for g in frame.geometry], dtype=bool)
    return frame[keep]


def _bounds(frames) -> tuple[float, float, float, float] | None:
    boxes = [f.geometry.total_bounds for f in frames if len(f)]
    boxes = [b for b in boxes if np.all(np.isfinite(b))]
    if not boxes:
        return None
    arr = np.array(boxes)
    return float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 2].max()), float(arr[:, 3].max())


def _pad(bounds, fraction=0.06):
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w = max(x1 - x0, MIN_SPAN_M)
    h = max(y1 - y0, MIN_SPAN_M)
    w, h = w * (1 + 2 * fraction), h * (1 + 2 * fraction)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _lonlat_to_metric(bounds):
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", schema.METRIC_CRS, always_xy=True)
    return tr.transform_bounds(*bounds)


def _fit_aspect(bounds, box_w, box_h):
    """Grow *bounds* so that it has the aspect of the box (equal scale in x and y)."""
    x0, y0, x1, y1 = bounds
    scale = max((x1 - x0) / box_w, (y1 - y0) / box_h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - scale * box_w / 2, cy - scale * box_h / 2, cx + scale * box_w / 2, cy + scale * box_h / 2


def _polygon_path(geoms):
    from matplotlib.path import Path as MplPath

    verts, codes = [], []
    for geom in geoms:
        parts = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        for poly in parts:
            poly = orient(poly, 1.0)
            for ring in (poly.exterior, *poly.interiors):
                xy = np.asarray(ring.coords)[:, :2]
                if len(xy) < 3:
                    continue
                verts.append(xy)
                c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
                c[0] = MplPath.MOVETO
                c[-1] = MplPath.CLOSEPOLY
                codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _line_parts(geom):
    if geom.geom_type == "LineString":
        return [np.asarray(geom.coords)[:, :2]]
    if geom.geom_type == "MultiLineString":
        return [np.asarray(g.coords)[:, :2] for g in geom.geoms]
    return []


def _nice_length_km(target_km: float) -> float:
    if target_km <= 0:
        return 1.0
    exp = math.floor(math.log10(target_km))
    best = 1.0
    for base in (1, 2, 2.5, 5, 10):
        value = base * 10 ** exp
        if value <= target_km:
            best = value
    return best


def _km_text(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------
# The figure


class _Sheet:
    """One figure: page axes in millimetres on top, the map axes below it."""

    def __init__(self, width_mm, height_mm, figsize, dpi, scale):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.w, self.h = width_mm, height_mm
        self.s = scale
        self.fig = Figure(figsize=figsize, dpi=dpi)
        self.fig.patch.set_facecolor("white")
        FigureCanvasAgg(self.fig)
        # The PNG may be a fraction of a millimetre smaller than the paper: use the figure's own size.
        fw, fh = self.fig.get_size_inches()
        self.w, self.h = fw * 25.4, fh * 25.4
        self.page = self.fig.add_axes((0, 0, 1, 1), zorder=5)
        self.page.set_xlim(0, self.w)
        self.page.set_ylim(0, self.h)
        self.page.set_axis_off()
        self.renderer = self.fig.canvas.get_renderer()
        self.obstacles = []  # display-space bboxes that labels must avoid

    def text(self, x, y, s, size, **kw):
        """Literal text *s* (never mathtext) at (x, y) mm, *size* points before scaling."""
        kw.setdefault("color", INK)
        return self.page.text(x, y, drawn_text(s), fontproperties=fonts.font(size * self.s), parse_math=False,
                              **kw)

    def fit(self, artist, max_width_mm):
        """Shrink *artist*'s font until it is at most *max_width_mm* wide."""
        for _ in range(4):
            width = self.width_mm(artist)
            if width <= max_width_mm:
                return artist
            artist.set_fontsize(artist.get_fontsize() * max_width_mm / width * 0.98)
        return artist

    def width_mm(self, artist) -> float:
        bbox = artist.get_window_extent(self.renderer)
        return bbox.width / self.fig.dpi * 25.4

    def to_display(self, x0, y0, x1, y1):
        from matplotlib.transforms import Bbox

        return Bbox([[x0, y0], [x1, y1]]).transformed(self.page.transData)


@dataclass
class _Data:
    records: pd.DataFrame  # filtered tracked records (all, with or without geometry)
    roads: object           # mapped filtered roads, metric
    exits: object           # mapped filtered exits, metric
    context: dict           # other layers, mapped, metric
    view: tuple             # map extent in metres before fitting the aspect


def _prepare(dataset: Dataset, road_filter: RoadFilter | None, extent) -> _Data:
    records = filtered_records(dataset, road_filter)
    mapped = _metric(_mapped(records))
    roads = mapped[mapped["layer"] == "roads"] if len(mapped) else mapped
    exits = mapped[mapped["layer"] == "exits"] if len(mapped) else mapped
    context = {name: _metric(_mapped(dataset.layers[name]))
               for name in ("boundary", "zones", "parks", "facilities")}
    town = _bounds([context["boundary"]]) or _bounds(
        [*context.values(), _metric(_mapped(dataset.tracked()))])
    if town is None:
        from qxmap.synthetic import BBOX
        town = _lonlat_to_metric(BBOX)
    if isinstance(extent, tuple):
        view = _lonlat_to_metric(extent)
        view = _pad(view, 0.0)
    elif extent == "filtered":
        found = _bounds([roads, exits])
        if found:
            view = _pad(found, 0.1)
            # Room at the bottom for the scale bar and key, which sit over the map's lower corners.
            view = (view[0], view[1] - 0.12 * (view[3] - view[1]), view[2], view[3])
        else:
            view = _pad(town, 0.03)
    else:
        view = _pad(town, 0.03)
    return _Data(records, roads, exits, context, view)


def _map_axes(sheet: _Sheet, data: _Data, box_mm, background=True):
    x0, y0, x1, y1 = box_mm
    fig = sheet.fig
    ax = fig.add_axes((x0 / sheet.w, y0 / sheet.h, (x1 - x0) / sheet.w, (y1 - y0) / sheet.h), zorder=1)
    ax.set_facecolor(style_table().get("background", "#ffffff") if background else "white")
    vx0, vy0, vx1, vy1 = _fit_aspect(data.view, x1 - x0, y1 - y0)
    ax.set_xlim(vx0, vx1)
    ax.set_ylim(vy0, vy1)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(INK)
        spine.set_linewidth(0.8 * sheet.s)
    return ax


def _draw_layers(sheet: _Sheet, ax, data: _Data) -> dict:
    """Draw context layers, roads and exits; returns counts by accuracy of what is in view."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba
    from matplotlib.patches import PathPatch

    s = sheet.s
    styles = style_table()
    layer_styles = styles["layers"]
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    view = shapely_box(xlim[0], ylim[0], xlim[1], ylim[1])
    shown = {"schematic": 0, "approximate": 0, "surveyed": 0}

    def count(frame):
        if not len(frame):
            return
        inside = shapely.intersects(np.asarray(frame.geometry.values, dtype=object), view)
        for acc in frame["geometry_accuracy"][inside]:
            if acc in shown:
                shown[acc] += 1

    for z, name in enumerate(("boundary", "zones", "parks", "facilities"), start=1):
        frame = data.context[name]
        if not len(frame):
            continue
        count(frame)
        st = layer_styles[name]
        edge_lw = st.get("weight", 1.5) * PT_PER_PX * s
        dashes = (0, (4.0, 2.5)) if st.get("dashArray") else "solid"
        gtypes = frame.geom_type
        polys = frame.geometry[gtypes.isin(schema.POLYGONS)]
        path = _polygon_path(polys)
        if path is not None:
            # The town line is drawn once, above the fills of the other layers (two dashed copies of
            # one line drift out of phase where the view clips them and look solid).
            ax.add_patch(PathPatch(path, facecolor=to_rgba(st.get("fillColor", "none"), st.get("fillOpacity", 0.4)),
                                   edgecolor="none" if name == "boundary" else st["color"], linewidth=edge_lw,
                                   linestyle=dashes, zorder=z))
            if name == "boundary":
                ax.add_patch(PathPatch(path, facecolor="none", edgecolor=st["color"], linewidth=edge_lw,
                                       linestyle=dashes, zorder=4.5))
        lines = frame.geometry[gtypes.isin(schema.LINES)]
        segs = [part for g in lines for part in _line_parts(g)]
        if segs:
            ax.add_collection(LineCollection(segs, colors=st["color"], linewidths=edge_lw * 1.5, zorder=z))
        points = frame.geometry[gtypes.isin(schema.POINTS)]
        if len(points):
            xy = shapely.get_coordinates(np.asarray(points.values, dtype=object))
            radius = st.get("radius", 6) * PT_PER_PX * s
            ax.scatter(xy[:, 0], xy[:, 1], s=(2 * radius) ** 2,
                       c=[to_rgba(st.get("fillColor", st["color"]), max(st.get("fillOpacity", 0.5), 0.7))],
                       edgecolors=st["color"], linewidths=edge_lw, zorder=z + 0.5)

    roads = data.roads
    count(roads)
    count(data.exits)
    for z, category in enumerate(ROAD_DRAW_ORDER):
        part = roads[roads["category"] == category] if len(roads) else roads
        if not len(part):
            continue
        segs, colors = [], []
        for geom, status in zip(part.geometry, part["status"]):
            for seg in _line_parts(geom):
                segs.append(seg)
                colors.append(status_color(status))
        width = category_width(category) * PT_PER_PX * s
        ax.add_collection(LineCollection(segs, colors="white", linewidths=width + 1.2 * s, zorder=5 + z * 0.1,
                                         capstyle="round", joinstyle="round"))
        ax.add_collection(LineCollection(segs, colors=colors, linewidths=width, zorder=5.05 + z * 0.1,
                                         capstyle="round", joinstyle="round"))
    exits = data.exits
    if len(exits):
        ex = styles["exit"]
        xy = shapely.get_coordinates(np.asarray(exits.geometry.values, dtype=object))
        radius = ex["radius"] * PT_PER_PX * s
        ax.scatter(xy[:, 0], xy[:, 1], s=(2 * radius) ** 2, c=[status_color(v) for v in exits["status"]],
                   edgecolors=ex["stroke"], linewidths=ex["weight"] * PT_PER_PX * s, zorder=7)
        pad = radius * sheet.fig.dpi / 72.0
        from matplotlib.transforms import Bbox
        for px, py in ax.transData.transform(xy):
            sheet.obstacles.append(Bbox([[px - pad, py - pad], [px + pad, py + pad]]))
    return shown


def _name(row, lang):
    return drawn_text(display_name(row, lang)).strip()


def _place_labels(sheet: _Sheet, ax, data: _Data, lang: str, reporter: Reporter, limit=400) -> int:
    """Label roads, exits and named areas; skip any label that would overlap one already placed."""
    from matplotlib import patheffects
    from matplotlib.transforms import ScaledTranslation

    s = sheet.s
    candidates = []  # (rank, -size, kind, text, x, y, angle)
    for row in data.roads.to_dict("records") if len(data.roads) else []:
        parts = [g for g in (row["geometry"].geoms if row["geometry"].geom_type == "MultiLineString"
                             else [row["geometry"]])]
        line = max(parts, key=lambda g: g.length)
        if line.length <= 0:
            continue
        mid = line.interpolate(0.5, normalized=True)
        a = line.interpolate(max(0.5 - 0.05, 0), normalized=True)
        b = line.interpolate(min(0.5 + 0.05, 1), normalized=True)
        angle = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
        if angle > 90:
            angle -= 180
        elif angle <= -90:
            angle += 180
        candidates.append((ROAD_LABEL_RANK.get(row["category"], 5), -line.length, "road",
                           _name(row, lang), mid.x, mid.y, angle))
    for row in data.exits.to_dict("records") if len(data.exits) else []:
        p = row["geometry"]
        candidates.append((EXIT_LABEL_RANK, 0.0, "exit", _name(row, lang), p.x, p.y, 0.0))
    for name in ("parks", "zones"):
        frame = data.context[name]
        for row in frame.to_dict("records") if len(frame) else []:
            p = row["geometry"].representative_point()
            candidates.append((6, -row["geometry"].area, name, _name(row, lang), p.x, p.y, 0.0))
    candidates.sort(key=lambda c: (c[0], c[1]))
    candidates = candidates[:limit]

    axbox = ax.get_window_extent(sheet.renderer)
    placed = list(sheet.obstacles)
    styles = style_table()["layers"]
    halo = [patheffects.Stroke(linewidth=2.2 * s, foreground="white")]
    n = 0
    for i, (rank, _, kind, text, x, y, angle) in enumerate(candidates):
        if i % 25 == 0:
            reporter.step(i / max(len(candidates), 1), "placing labels")
        if not text:
            continue
        size = 6.5 * s if kind in ("road", "exit") else 6.0 * s
        color = INK if kind in ("road", "exit") else styles[kind]["color"]
        offsets = [(0.0, 0.0)] if kind != "exit" else [(1, 0), (-1, 0), (0, 1), (0, -1)]
        for dx, dy in offsets:
            kw = dict(fontproperties=fonts.font(size), rotation=angle, rotation_mode="anchor",
                      ha="center", va="center", zorder=9, clip_on=True, parse_math=False)
            transform = ax.transData
            if kind == "exit":
                off = 6.0 * s / 72.0
                transform = ax.transData + ScaledTranslation(dx * off, dy * off, sheet.fig.dpi_scale_trans)
                kw["ha"] = {1: "left", -1: "right"}.get(dx, "center")
                kw["va"] = {1: "bottom", -1: "top"}.get(dy, "center")
            label = ax.text(x, y, text, color=color, transform=transform, **kw)
            bbox = label.get_window_extent(sheet.renderer)
            inside = (bbox.x0 >= axbox.x0 and bbox.x1 <= axbox.x1 and bbox.y0 >= axbox.y0 and bbox.y1 <= axbox.y1)
            padded = bbox.expanded(1.08, 1.2)
            if inside and not any(padded.overlaps(other) for other in placed):
                placed.append(padded)
                back = ax.text(x, y, text, color="white", transform=transform, **dict(kw, zorder=8.5))
                back.set_path_effects(halo)
                n += 1
                break
            label.remove()
    return n


def _legend_sections(records: pd.DataFrame, lang: str):
    summary = summarize(records)
    counts = {row.code: row.count for row in summary.by_status}
    styles = style_table()
    zh = lang == "zh"
    status_rows = [("line", {"color": status_color(code), "lw": 3.2},
                    schema.label(schema.STATUS_LABELS, code, lang), str(counts.get(code, 0)))
                   for code in schema.STATUSES]
    width_rows = [("line", {"color": "#6b6b6b", "lw": category_width(code) * PT_PER_PX},
                   schema.label(schema.CATEGORY_LABELS, code, lang), "") for code in schema.ROAD_CATEGORIES]
    ls = styles["layers"]
    ex = styles["exit"]
    layer_rows = [
        ("patch", {"face": ls["boundary"]["fillColor"], "alpha": ls["boundary"]["fillOpacity"],
                   "edge": ls["boundary"]["color"], "dashed": True}, schema.label(schema.LAYER_LABELS, "boundary", lang), ""),
        ("patch", {"face": ls["zones"]["fillColor"], "alpha": ls["zones"]["fillOpacity"], "edge": ls["zones"]["color"]},
         schema.label(schema.LAYER_LABELS, "zones", lang), ""),
        ("patch", {"face": ls["parks"]["fillColor"], "alpha": ls["parks"]["fillOpacity"], "edge": ls["parks"]["color"]},
         schema.label(schema.LAYER_LABELS, "parks", lang), ""),
        ("patch", {"face": ls["facilities"]["fillColor"], "alpha": ls["facilities"]["fillOpacity"],
                   "edge": ls["facilities"]["color"]}, schema.label(schema.LAYER_LABELS, "facilities", lang), ""),
        ("marker", {"face": "#ffffff", "edge": ex["stroke"], "size": ex["radius"] * PT_PER_PX},
         (schema.label(schema.LAYER_LABELS, "exits", lang) + ("（按状态着色）" if zh else " (status colour)")), ""),
    ]
    return [
        ("建设状态（项）" if zh else "Status (records)", status_rows),
        ("道路等级（线宽）" if zh else "Road class (line width)", width_rows),
        ("图层" if zh else "Layers", layer_rows),
    ]


def _draw_legend_section(sheet: _Sheet, x, y, width, heading, rows, row_h) -> float:
    """Draw one legend section with its top-left at (x, y) mm; return the y below it."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    s = sheet.s
    pax = sheet.page
    sheet.text(x, y, heading, 8.5, va="top", ha="left")
    y -= row_h * 1.25
    sample_w = 9 * s
    for kind, st, label, count in rows:
        cy = y - row_h / 2
        if kind == "line":
            pax.add_line(Line2D([x + 0.5 * s, x + sample_w], [cy, cy], color=st["color"], linewidth=st["lw"] * s,
                                solid_capstyle="round"))
        elif kind == "patch":
            pax.add_patch(Rectangle((x + 0.5 * s, cy - row_h * 0.3), sample_w - 0.5 * s, row_h * 0.6,
                                    facecolor=_with_alpha(st["face"], st["alpha"]), edgecolor=st["edge"],
                                    linewidth=1.0 * s, linestyle=(0, (3, 1.5)) if st.get("dashed") else "solid"))
        elif kind == "marker":
            pax.add_line(Line2D([x + sample_w / 2 + 0.25 * s], [cy], marker="o", markersize=2 * st["size"] * s,
                                markerfacecolor=st["face"], markeredgecolor=st["edge"], markeredgewidth=1.0 * s,
                                linestyle="none"))
        label_artist = sheet.text(x + sample_w + 2.5 * s, cy, label, 7.5, va="center", ha="left")
        sheet.fit(label_artist, width - sample_w - 2.5 * s - (8 * s if count else 0))
        if count:
            sheet.text(x + width, cy, count, 7.5, va="center", ha="right")
        y -= row_h
    return y


def _with_alpha(color, alpha):
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _draw_scale_and_north(sheet: _Sheet, ax, box_mm):
    """Scale bar (bottom left of the map) and north arrow (top right), in page millimetres."""
    from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

    s = sheet.s
    pax = sheet.page
    x0, y0, x1, y1 = box_mm
    xlim = ax.get_xlim()
    m_per_mm = (xlim[1] - xlim[0]) / (x1 - x0)
    km = _nice_length_km(0.22 * (x1 - x0) * m_per_mm / 1000.0)
    bar_mm = km * 1000.0 / m_per_mm
    lead = round(km / 10 ** math.floor(math.log10(km)), 3)
    n_seg = 5 if lead in (2.5, 5.0) else 4
    bx, by = x0 + 5 * s, y0 + 6.5 * s
    bar_h = 1.4 * s
    back = FancyBboxPatch((bx - 2.5 * s, by - 4.6 * s), bar_mm + 10 * s, 12.6 * s,
                          boxstyle=f"round,pad=0,rounding_size={1.2 * s}", facecolor=(1, 1, 1, 0.85),
                          edgecolor="#999999", linewidth=0.4 * s, zorder=1)
    pax.add_patch(back)
    sheet.obstacles.append(sheet.to_display(bx - 2.5 * s, by - 4.6 * s, bx + bar_mm + 7.5 * s, by + 8 * s))
    for i in range(n_seg):
        pax.add_patch(Rectangle((bx + i * bar_mm / n_seg, by), bar_mm / n_seg, bar_h,
                                facecolor=INK if i % 2 == 0 else "white", edgecolor=INK, linewidth=0.5 * s, zorder=2))
    ticks = [(0, bx), (km, bx + bar_mm)]
    if n_seg % 2 == 0:
        ticks.insert(1, (km / 2, bx + bar_mm / 2))
    for value, xpos in ticks:
        text = _km_text(value) + (" km" if value == km else "")
        sheet.text(xpos, by - 0.8 * s, text, 6.5, ha="center", va="top", zorder=3)
    denominator = int(round(m_per_mm * 1000.0 / 100.0) * 100)
    sheet.text(bx, by + bar_h + 1.0 * s, f"1:{denominator:,}", 6.5, ha="left", va="bottom", zorder=3)

    # North arrow, turned by the grid convergence of EPSG:4547 at the map centre.
    from pyproj import Transformer

    cx, cy = (xlim[0] + xlim[1]) / 2, sum(ax.get_ylim()) / 2
    to_ll = Transformer.from_crs(schema.METRIC_CRS, "EPSG:4326", always_xy=True)
    to_m = Transformer.from_crs("EPSG:4326", schema.METRIC_CRS, always_xy=True)
    lon, lat = to_ll.transform(cx, cy)
    nx, ny = to_m.transform(lon, lat + 0.01)
    theta = math.atan2(nx - cx, ny - cy)  # clockwise from grid up
    ax_c, ay_c = x1 - 8 * s, y1 - 11 * s
    size = 6.5 * s

    def rot(px, py):
        return (ax_c + px * math.cos(theta) + py * math.sin(theta),
                ay_c - px * math.sin(theta) + py * math.cos(theta))

    tip, left, right, notch = rot(0, size), rot(-size * 0.42, -size * 0.55), rot(size * 0.42, -size * 0.55), rot(0, -size * 0.25)
    back = FancyBboxPatch((ax_c - 5 * s, ay_c - 5.5 * s), 10 * s, 15.5 * s,
                          boxstyle=f"round,pad=0,rounding_size={1.2 * s}", facecolor=(1, 1, 1, 0.85),
                          edgecolor="#999999", linewidth=0.4 * s, zorder=1)
    pax.add_patch(back)
    sheet.obstacles.append(sheet.to_display(ax_c - 5 * s, ay_c - 5.5 * s, ax_c + 5 * s, ay_c + 10 * s))
    pax.add_patch(Polygon([tip, left, notch], closed=True, facecolor="white", edgecolor=INK, linewidth=0.6 * s, zorder=2))
    pax.add_patch(Polygon([tip, notch, right], closed=True, facecolor=INK, edgecolor=INK, linewidth=0.6 * s, zorder=2))
    lx, ly = rot(0, size + 0.6 * s)
    sheet.text(lx, ly, "N", 7.5, ha="center", va="bottom", zorder=3)


def _notice(shown: dict, unmapped: int, lang: str) -> list[str]:
    """The warning lines: schematic/approximate positions drawn, records not drawn."""
    schematic, approximate = shown.get("schematic", 0), shown.get("approximate", 0)
    parts = []
    if lang == "zh":
        if schematic or approximate:
            what = "、".join(p for p in (f"{schematic} 个为示意位置" if schematic else "",
                                        f"{approximate} 个为大致位置" if approximate else "") if p)
            parts.append(f"注意：图中要素有 {what}，仅示意相对位置，不能用于测量、规划或导航")
        if unmapped:
            parts.append(f"另有 {unmapped} 项筛选记录尚未定位，未在图中绘出（见表格导出）")
        return [p + ("；" if i < len(parts) - 1 else "。") for i, p in enumerate(parts)]
    if schematic or approximate:
        what = " and ".join(p for p in (f"{schematic} schematic" if schematic else "",
                                        f"{approximate} approximate" if approximate else "") if p)
        parts.append(f"Note: the positions of {what} features on this map are indicative only, "
                     "not for measurement, planning or navigation")
    if unmapped:
        parts.append(f"{unmapped} filtered records are not yet mapped and not drawn (see the table export)")
    return [p + (";" if i < len(parts) - 1 else ".") for i, p in enumerate(parts)]


def _stats_line(records: pd.DataFrame, n_roads: int, n_exits: int, km: float, lang: str) -> str:
    total = len(records)
    if lang == "zh":
        return (f"筛选结果：{total} 项（道路 {int((records['layer'] == 'roads').sum())}、"
                f"出入口 {int((records['layer'] == 'exits').sum())}），其中已定位绘出道路 {n_roads} 条、"
                f"出入口 {n_exits} 个；已定位道路示意长度合计 {km:.1f} km")
    return (f"Filtered: {total} records ({int((records['layer'] == 'roads').sum())} roads, "
            f"{int((records['layer'] == 'exits').sum())} exits); drawn: {n_roads} roads, {n_exits} exits; "
            f"length of drawn roads {km:.1f} km")


def build_page(dataset: Dataset, road_filter: RoadFilter | None, page: Page, *, title: str | None = None,
               extent="filtered", lang: str = "zh", reporter: Reporter | None = None):
    """The print layout as a matplotlib Figure (not saved)."""
    reporter = reporter or Reporter()
    lang = check_lang(lang)
    reporter.step(0.02, "preparing data")
    data = _prepare(dataset, road_filter, extent)
    reporter.step(0.15, "laying out the page")
    w_mm, h_mm = page.size_mm
    scale = min(w_mm, h_mm) / 210.0
    sheet = _Sheet(w_mm, h_mm, page.figsize, page.dpi, scale)
    s, W, H = scale, sheet.w, sheet.h
    margin = 10 * s
    header = 21 * s
    footer = 24 * s
    landscape = W > H
    if landscape:
        legend_w = 60 * s
        map_box = (margin, margin + footer, W - margin - legend_w - 6 * s, H - margin - header)
        legend_box = (map_box[2] + 6 * s, map_box[1], W - margin, map_box[3])
    else:
        legend_h = 33 * s
        map_box = (margin, margin + footer + legend_h + 4 * s, W - margin, H - margin - header)
        legend_box = (margin, margin + footer, W - margin, margin + footer + legend_h)

    title = title or default_title(lang)
    subtitle = road_filter.describe(lang) if road_filter is not None else RoadFilter().describe(lang)
    t = sheet.text(margin, H - margin, title, 18, ha="left", va="top")
    sheet.fit(t, W - 2 * margin)
    st = sheet.text(margin, H - margin - 10.5 * s, subtitle, 11, ha="left", va="top", color="#444444")
    sheet.fit(st, W - 2 * margin)

    ax = _map_axes(sheet, data, map_box)
    reporter.step(0.25, "drawing the map")
    shown = _draw_layers(sheet, ax, data)
    _draw_scale_and_north(sheet, ax, map_box)
    reporter.step(0.45, "placing labels")
    _place_labels(sheet, ax, data, lang, reporter.span(0.45, 0.7))

    reporter.step(0.7, "drawing the legend")
    sections = _legend_sections(data.records, lang)
    row_h = 4.6 * s
    if landscape:
        x0, y0, x1, y1 = legend_box
        y = y1
        for heading, rows in sections:
            y = _draw_legend_section(sheet, x0, y, x1 - x0, heading, rows, row_h) - 3.5 * s
    else:
        x0, y0, x1, y1 = legend_box
        col_gap = 6 * s
        col_w = (x1 - x0 - 2 * col_gap) / 3
        for i, (heading, rows) in enumerate(sections):
            _draw_legend_section(sheet, x0 + i * (col_w + col_gap), y1, col_w, heading, rows, row_h)

    n_roads, n_exits = len(data.roads), len(data.exits)
    km = float(data.roads["length_km"].astype(float).sum()) if n_roads else 0.0
    unmapped = len(data.records) - n_roads - n_exits
    notice = _notice(shown, unmapped, lang)
    joined = (" " if lang == "en" else "").join(notice)
    if notice:  # one line when it fits, else one line per part
        probe = sheet.text(margin, 0, joined, 7.2)
        if sheet.width_mm(probe) <= W - 2 * margin:
            notice = [joined]
        probe.remove()
    date = ("制图日期：" if lang == "zh" else "Date: ") + today_text() + "　qxmap 清溪基建地图"
    lines = ([(_stats_line(data.records, n_roads, n_exits, km, lang), "#333333")]
             + [(line, "#9a3412") for line in notice]
             + [(source_text(dataset, lang), "#333333"), (date, "#333333")])
    y = margin + footer - 3.0 * s
    for line, color in lines:
        art = sheet.text(margin, y, line, 7.2, ha="left", va="top", color=color)
        sheet.fit(art, W - 2 * margin)
        y -= 4.2 * s
    return sheet.fig, data


def _save(fig, target: Path, page: Page, title: str, subtitle: str) -> None:
    title, subtitle = clean_text(title), clean_text(subtitle)
    meta = {"pdf": {"Title": title, "Subject": subtitle, "Creator": "qxmap"},
            "svg": {"Title": title, "Description": subtitle, "Creator": "qxmap"},
            "png": {"Title": title, "Description": subtitle, "Software": "qxmap"}}[page.fmt]
    fig.savefig(target, format=page.fmt, dpi=page.dpi, metadata=meta, facecolor="white")


def render_layout(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, paper: str = "A4",
                  orientation: str = "landscape", dpi: int = 300, fmt: str | None = None,
                  title: str | None = None, extent="filtered", lang: str = "zh",
                  progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the print layout of *dataset* under *road_filter* to *out_path*.

    *fmt* is "pdf", "svg" or "png" (default: from the suffix of *out_path*);
    *extent* is "filtered" (the roads and exits that pass), "town" (the town
    boundary) or (west, south, east, north) in degrees (e.g. the live map's
    view).  The file is written under a temporary name and renamed when
    complete; on any failure or cancellation nothing is left.
    """
    out_path = Path(out_path)
    page = check_page(paper, orientation, dpi, fmt or format_from_suffix(out_path, LAYOUT_FORMATS))
    extent = check_extent(extent)
    title = check_title(title)
    lang = check_lang(lang)
    reporter = Reporter(progress, cancel)
    import matplotlib

    with atomic_path(out_path) as tmp:
        with matplotlib.rc_context(fonts.rc_params()):
            fig, _ = build_page(dataset, road_filter, page, title=title, extent=extent, lang=lang,
                                reporter=reporter.span(0.0, 0.8))
            reporter.step(0.8, f"writing {page.fmt.upper()}")
            _save(fig, tmp, page, title or default_title(lang),
                  (road_filter or RoadFilter()).describe(lang))
        reporter.step(1.0, "done")
    return out_path


# --------------------------------------------------------------------------
# Map images for slides


def render_map_png(dataset: Dataset, road_filter: RoadFilter | None, *, size_in=(7.4, 5.9), dpi: int = 150,
                   extent="filtered", lang: str = "zh", reporter: Reporter | None = None) -> bytes:
    """A map-only image (scale bar, north arrow, status key) as PNG bytes, for slides."""
    import matplotlib
    from matplotlib.lines import Line2D

    reporter = reporter or Reporter()
    extent = check_extent(extent)
    with matplotlib.rc_context(fonts.rc_params()):
        reporter.step(0.05, "preparing data")
        data = _prepare(dataset, road_filter, extent)
        w_mm, h_mm = size_in[0] * 25.4, size_in[1] * 25.4
        s = 1.2  # slides are seen from afar: larger text and lines than on A4
        sheet = _Sheet(w_mm, h_mm, size_in, dpi, s)
        box = (0.6, 0.6, sheet.w - 0.6, sheet.h - 0.6)
        ax = _map_axes(sheet, data, box)
        reporter.step(0.2, "drawing the map")
        _draw_layers(sheet, ax, data)
        _draw_scale_and_north(sheet, ax, box)
        # Status key, bottom right: only the statuses drawn.
        present = [c for c in schema.STATUSES
                   if (len(data.roads) and (data.roads["status"] == c).any())
                   or (len(data.exits) and (data.exits["status"] == c).any())]
        if present:
            from matplotlib.patches import FancyBboxPatch

            row_h = 4.2 * s
            kw = 0.0
            for code in present:
                probe = sheet.text(0, 0, schema.label(schema.STATUS_LABELS, code, lang), 7.5)
                kw = max(kw, sheet.width_mm(probe))
                probe.remove()
            bw, bh = kw + 13 * s, row_h * len(present) + 2.5 * s
            bx, by = box[2] - bw - 3 * s, box[1] + 3 * s
            sheet.page.add_patch(FancyBboxPatch((bx, by), bw, bh, boxstyle=f"round,pad=0,rounding_size={1.2 * s}",
                                                facecolor=(1, 1, 1, 0.88), edgecolor="#999999", linewidth=0.4))
            sheet.obstacles.append(sheet.to_display(bx, by, bx + bw, by + bh))
            for i, code in enumerate(present):
                cy = by + bh - 1.25 * s - row_h * (i + 0.5)
                sheet.page.add_line(Line2D([bx + 2 * s, bx + 9 * s], [cy, cy], color=status_color(code),
                                           linewidth=3 * s, solid_capstyle="round"))
                sheet.text(bx + 11 * s, cy, schema.label(schema.STATUS_LABELS, code, lang), 7.5, va="center")
        reporter.step(0.4, "placing labels")
        _place_labels(sheet, ax, data, lang, reporter.span(0.4, 0.8), limit=200)
        reporter.step(0.8, "rendering the image")
        buf = BytesIO()
        sheet.fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    reporter.step(1.0, "map image ready")
    return buf.getvalue()


def shown_accuracy_counts(dataset: Dataset, road_filter: RoadFilter | None, extent="filtered") -> dict:
    """How many drawn features are schematic / approximate / surveyed (for slide notes)."""
    data = _prepare(dataset, road_filter, check_extent(extent))
    out = {"schematic": 0, "approximate": 0, "surveyed": 0}
    frames = [data.roads, data.exits, *data.context.values()]
    for frame in frames:
        if len(frame):
            for acc in frame["geometry_accuracy"]:
                if acc in out:
                    out[acc] += 1
    return out
