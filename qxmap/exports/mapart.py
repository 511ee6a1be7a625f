"""Drawing a :class:`~qxmap.exports.scene.Scene` with matplotlib: the map frame and its furniture.

Used by every picture-making renderer: the print layout (``layout``), the
deck's map pictures (``deck``) and the composed snapshot (``snapshot``).

A :class:`Sheet` is one figure with a transparent "page" axes on top whose
data units are millimetres of the sheet, so that a layout reads as a list of
measurements.  :func:`draw_map` draws a scene into a box of the sheet:

1. the town's fill, the reference layers (a city's network, a land-use plan:
   under everything else, in their colours on the map; a dense one thin, and
   in a PDF or SVG as an image when it would be a six-figure count of
   paths), the context layers (zones, parks, facilities), the other tracked
   records muted grey;
2. a light grey mask over everything outside the town boundary and the
   boundary line above it (so a frame that cuts the boundary never shows loose
   fragments: outside is visibly outside);
3. the filtered roads (status colour on a white casing, width by class) and
   exits (status-coloured points);
4. scale bar, north arrow, the locator inset (when the frame does not hold
   the whole town), the notice about unlocated records, an optional legend;
5. labels in priority order (expressways first), each placed at the first of
   several positions (along the road, around the exit) that collides with
   nothing placed before and with none of the furniture; the rest are dropped.

Text is literal: every text is drawn with ``parse_math=False`` through
``common.drawn_text`` and ``fonts.drawable`` (no control characters, one
line, a character the font lacks shown as its code point, never a box).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from qxmap import schema
from qxmap.exports import fonts
from qxmap.exports.common import drawn_text
from qxmap.exports.scene import INK, MASK, MUTED, PT_PER_PX, LegendEntry, Scene
from qxmap.styles import category_width, status_color, style_table
from qxmap.words import Words

#: Drawing order of road classes: narrow below, expressways on top.
ROAD_DRAW_ORDER = ("town", "external", "provincial_county", "expressway")
NOTICE_COLOR = "#9a3412"
FRAME_COLOR = "#d7263d"


def literal(text) -> str:
    """Text as drawn: one line, no control characters, characters the font lacks as code points."""
    return fonts.drawable(drawn_text(text))


@dataclass(frozen=True)
class MapStyle:
    """Sizes of the map's text (points on the sheet) and a factor for line widths."""

    label_pt: float = 8.0  # road and exit labels
    area_label_pt: float = 7.5  # parks, zones, facilities
    small_pt: float = 7.0  # scale bar, north arrow
    notice_pt: float = 10.0
    legend_pt: float = 8.0
    line_scale: float = 1.0  # multiplies the style table's widths (PT_PER_PX points per screen px)
    max_labels: int = 400


class Sheet:
    """One figure: a page axes in millimetres on top (zorder 5), map axes below."""

    def __init__(self, width_mm: float, height_mm: float, dpi: float, scale: float = 1.0, figsize=None):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.s = scale
        self.fig = Figure(figsize=figsize or (width_mm / 25.4, height_mm / 25.4), dpi=dpi)
        self.fig.patch.set_facecolor("white")
        FigureCanvasAgg(self.fig)
        fw, fh = self.fig.get_size_inches()  # a PNG may be a fraction of a millimetre smaller
        self.w, self.h = fw * 25.4, fh * 25.4
        self.page = self.fig.add_axes((0, 0, 1, 1), zorder=5)
        self.page.set_xlim(0, self.w)
        self.page.set_ylim(0, self.h)
        self.page.set_axis_off()
        self.renderer = self.fig.canvas.get_renderer()
        self.obstacles: list = []  # display-space boxes (x0, y0, x1, y1) that labels avoid
        self._sizes: dict = {}

    @property
    def px_per_mm(self) -> float:
        return self.fig.dpi / 25.4

    def text(self, x, y, s, size, **kw):
        """Literal text *s* at (x, y) mm, *size* points times the sheet's scale."""
        kw.setdefault("color", INK)
        weight = kw.pop("weight", None)
        prop = fonts.font(size * self.s, weight=weight) if weight else fonts.font(size * self.s)
        return self.page.text(x, y, literal(s), fontproperties=prop, parse_math=False, **kw)

    def width_mm(self, artist) -> float:
        return artist.get_window_extent(self.renderer).width / self.px_per_mm

    def fit(self, artist, max_width_mm):
        """Shrink *artist*'s font until it is at most *max_width_mm* wide."""
        for _ in range(4):
            width = self.width_mm(artist)
            if width <= max_width_mm:
                return artist
            artist.set_fontsize(artist.get_fontsize() * max_width_mm / width * 0.98)
        return artist

    def measure_px(self, text: str, size_pt: float) -> tuple[float, float]:
        """Width and height in display pixels of *text* (already literal) at *size_pt* points."""
        key = (text, size_pt)
        hit = self._sizes.get(key)
        if hit is None:
            w, h, _ = self.renderer.get_text_width_height_descent(text, fonts.font(size_pt), ismath=False)
            hit = self._sizes[key] = (w, h)
        return hit

    def measure_mm(self, text: str, size_pt: float) -> float:
        return self.measure_px(literal(text), size_pt * self.s)[0] / self.px_per_mm

    def to_display(self, x0, y0, x1, y1):
        (a, b), (c, d) = self.page.transData.transform([(x0, y0), (x1, y1)])
        return (min(a, c), min(b, d), max(a, c), max(b, d))

    def avoid_mm(self, x0, y0, x1, y1) -> None:
        self.obstacles.append(self.to_display(x0, y0, x1, y1))

    def avoid_artist(self, artist, pad_px: float = 2.0) -> None:
        bb = artist.get_window_extent(self.renderer)
        self.obstacles.append((bb.x0 - pad_px, bb.y0 - pad_px, bb.x1 + pad_px, bb.y1 + pad_px))

    def wrap(self, text: str, size_pt: float, width_mm: float) -> list[str]:
        """*text* broken into lines at most *width_mm* wide (at any character: CJK has no spaces)."""
        text = literal(text)
        if self.measure_mm(text, size_pt) <= width_mm:
            return [text]
        lines, line = [], ""
        for ch in text:
            if line and self.measure_mm(line + ch, size_pt) > width_mm:
                # Prefer to break Latin text at a space.
                cut = line.rfind(" ")
                if cut > len(line) // 2 and ch != " ":
                    lines.append(line[:cut])
                    line = line[cut + 1:]
                else:
                    lines.append(line)
                    line = ""
            if ch == " " and not line:
                continue
            line += ch
        if line:
            lines.append(line)
        return lines


# --------------------------------------------------------------------------
# Geometry helpers


def polygon_path(geoms):
    """A matplotlib Path of (Multi)Polygons, holes included."""
    from matplotlib.path import Path as MplPath
    from shapely.geometry.polygon import orient

    verts, codes = [], []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        if geom.geom_type == "GeometryCollection":
            parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            parts = [p for g in parts for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
        else:
            parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
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


def line_runs(geoms) -> tuple[list, np.ndarray]:
    """The lines of *geoms* (LineStrings, LinearRings and MultiLineStrings; anything else,
    None and empty parts give none) as (n, 2) arrays, one per part, and for each the position
    of its geometry in *geoms*: in a few array steps, not a Python loop over 200,000 roads."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    types = shapely.get_type_id(geoms)
    at = np.flatnonzero((types == 1) | (types == 2) | (types == 5))
    if not len(at):
        return [], np.zeros(0, dtype=np.int64)
    parts, of_part = shapely.get_parts(geoms[at], return_index=True)
    coords, of_coord = shapely.get_coordinates(parts, return_index=True)
    if not len(coords):
        return [], np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, of_coord[1:] != of_coord[:-1]])
    return np.split(coords, starts[1:]), at[of_part[of_coord[starts]]]


def point_xy(frame) -> np.ndarray:
    import shapely

    if not len(frame):
        return np.zeros((0, 2))
    geoms = np.asarray(frame.geometry.values, dtype=object)
    pts = [g if g.geom_type == "Point" else g.representative_point() for g in geoms]
    return shapely.get_coordinates(np.asarray(pts, dtype=object))


def nice_length_km(target_km: float) -> float:
    if target_km <= 0:
        return 1.0
    exp = math.floor(math.log10(target_km))
    best = 10.0 ** exp
    for base in (1, 2, 2.5, 5, 10):
        value = base * 10 ** exp
        if value <= target_km:
            best = value
    return best


def km_label(value: float) -> str:
    return f"{value:g}"


def _along(coords: np.ndarray, fraction: float):
    """Point at *fraction* of a polyline's length and the direction there (degrees)."""
    seg = np.diff(coords, axis=0)
    lengths = np.hypot(seg[:, 0], seg[:, 1])
    total = lengths.sum()
    if total <= 0:
        return None
    target = fraction * total
    cum = np.cumsum(lengths)
    i = int(np.searchsorted(cum, target))
    i = min(i, len(seg) - 1)
    before = cum[i] - lengths[i]
    t = 0.0 if lengths[i] == 0 else (target - before) / lengths[i]
    x, y = coords[i] + t * seg[i]
    # Direction over a stretch around the point (one kink does not tilt the label).
    a = _point_at(coords, cum, lengths, max(target - 0.06 * total, 0))
    b = _point_at(coords, cum, lengths, min(target + 0.06 * total, total))
    angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    if angle > 90:
        angle -= 180
    elif angle <= -90:
        angle += 180
    return float(x), float(y), angle


def _point_at(coords, cum, lengths, target):
    i = min(int(np.searchsorted(cum, target)), len(lengths) - 1)
    before = cum[i] - lengths[i]
    t = 0.0 if lengths[i] == 0 else (target - before) / lengths[i]
    return coords[i] + t * (coords[i + 1] - coords[i])


# --------------------------------------------------------------------------
# The map


@dataclass
class MapFrame:
    ax: object
    box_mm: tuple
    view: tuple  # metres shown (x0, y0, x1, y1)
    labels: int = 0  # labels placed
    candidates: int = 0


def draw_map(sheet: Sheet, scene: Scene, box_mm, style: MapStyle, *, notice_where: str = "right",
             legend_overlay: bool = False, frame: bool = True, furniture: bool = True,
             reporter=None) -> MapFrame:
    """Draw *scene* into *box_mm* = (x0, y0, x1, y1) millimetres of *sheet* (see the module docstring)."""
    x0, y0, x1, y1 = box_mm
    ax = sheet.fig.add_axes((x0 / sheet.w, y0 / sheet.h, (x1 - x0) / sheet.w, (y1 - y0) / sheet.h), zorder=1)
    ax.set_facecolor(style_table().get("background", "#eef0ea"))
    view = scene.view_for(x1 - x0, y1 - y0)
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(frame)
        spine.set_edgecolor(INK)
        spine.set_linewidth(0.8 * sheet.s)
    out = MapFrame(ax, tuple(box_mm), view)
    _draw_features(sheet, ax, scene, style, view)
    if reporter is not None:
        reporter.step(0.4, Words("drawing the map"))
    if not furniture:  # the features and their labels only (a stand-in for the live map's image)
        out.labels = place_labels(sheet, ax, scene, style)
        return out
    draw_scale_bar(sheet, ax, box_mm, style)
    draw_north_arrow(sheet, ax, box_mm, style)
    if scene.locator:
        draw_locator(sheet, scene, box_mm, view, style)
    notice = scene.unlocated_notice(notice_where)
    if notice:
        draw_notice(sheet, box_mm, notice, style, centre=scene.n_located == 0)
    if legend_overlay:
        draw_legend_overlay(sheet, scene, box_mm, style, ax)
    if reporter is not None:
        reporter.step(0.6, Words("placing labels"))
    out.candidates = min(len(scene.labels), style.max_labels)
    out.labels = place_labels(sheet, ax, scene, style)
    return out


def _draw_features(sheet: Sheet, ax, scene: Scene, style: MapStyle, view) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba
    from matplotlib.patches import PathPatch
    from shapely.geometry import box as shapely_box

    k = PT_PER_PX * style.line_scale
    styles = style_table()
    layer_styles = styles["layers"]
    bst = layer_styles["boundary"]
    filtered = not scene.road_filter.is_empty
    town_path = polygon_path([scene.town]) if scene.town is not None else None
    if town_path is not None:
        ax.add_patch(PathPatch(town_path, facecolor=to_rgba(bst["fillColor"], 0.9), edgecolor="none", zorder=0.5))
    for n, ref in enumerate(scene.references):
        _draw_reference(ax, ref, view, k, style, zorder=0.6 + 0.01 * n)

    for z, name in enumerate(("zones", "parks", "facilities"), start=1):
        frame = scene.context.get(name)
        if frame is None or not len(frame):
            continue
        st = layer_styles[name]
        fade = 0.75 if filtered else 1.0
        edge_lw = st.get("weight", 1.5) * k
        gtypes = frame.geom_type
        path = polygon_path(frame.geometry[gtypes.isin(schema.POLYGONS)])
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor=to_rgba(st.get("fillColor", "none"), st.get("fillOpacity", 0.4) * fade),
                                   edgecolor=to_rgba(st["color"], fade), linewidth=edge_lw, zorder=1 + z * 0.1))
        segs, _ = line_runs(frame.geometry[gtypes.isin(schema.LINES)])
        if segs:
            ax.add_collection(LineCollection(segs, colors=[to_rgba(st["color"], fade)], linewidths=edge_lw * 1.5,
                                             zorder=1 + z * 0.1))
        pts = frame[gtypes.isin(schema.POINTS)]
        if len(pts):
            xy = point_xy(pts)
            radius = st.get("radius", 6) * k
            ax.scatter(xy[:, 0], xy[:, 1], s=(2 * radius) ** 2,
                       c=[to_rgba(st.get("fillColor", st["color"]), 0.8 * fade)], edgecolors=[to_rgba(st["color"], fade)],
                       linewidths=edge_lw, zorder=1.5 + z * 0.1)

    # Other tracked records: thin grey, below the mask (0.25 pt where they are a mesh: see THIN_PER_CM2).
    if len(scene.muted_roads):
        segs, of = line_runs(scene.muted_roads.geometry)
        classes, of_class = np.unique(scene.muted_roads["category"].to_numpy(dtype=str), return_inverse=True)
        by_class = np.array([max(category_width(c) * k * 0.45, 0.5 * style.line_scale) for c in classes])[of_class]
        frame_cm2 = max(1e-6, ax.bbox.width * ax.bbox.height / (ax.figure.dpi / 2.54) ** 2)
        widths = by_class[of] if len(scene.muted_roads) / frame_cm2 <= THIN_PER_CM2 else \
            0.25 * style.line_scale
        ax.add_collection(LineCollection(segs, colors=MUTED, linewidths=widths, zorder=3, capstyle="round"))
    if len(scene.muted_exits):
        xy = point_xy(scene.muted_exits)
        r = styles["exit"]["radius"] * k * 0.55
        ax.scatter(xy[:, 0], xy[:, 1], s=(2 * r) ** 2, c="white", edgecolors=MUTED, linewidths=1.0 * style.line_scale,
                   zorder=3.1)

    # Outside the town: a light grey mask, then the town line on it.
    if scene.town is not None:
        w, h = view[2] - view[0], view[3] - view[1]
        outer = shapely_box(view[0] - w, view[1] - h, view[2] + w, view[3] + h)
        mask_path = polygon_path([outer.difference(scene.town)])
        if mask_path is not None:
            ax.add_patch(PathPatch(mask_path, facecolor=to_rgba(MASK, 0.6), edgecolor="none", zorder=4))
        if town_path is not None:
            ax.add_patch(PathPatch(town_path, facecolor="none", edgecolor=bst["color"],
                                   linewidth=bst.get("weight", 2.5) * k, linestyle=(0, (4.0, 2.5)), zorder=4.5))

    roads = scene.roads
    for z, category in enumerate(ROAD_DRAW_ORDER):
        part = roads[roads["category"] == category] if len(roads) else roads
        if not len(part):
            continue
        segs, of = line_runs(part.geometry)
        colors = [status_color(status) for status in part["status"].to_numpy(dtype=object)[of]]
        width = category_width(category) * k
        ax.add_collection(LineCollection(segs, colors="white", linewidths=width + 1.3 * style.line_scale,
                                         zorder=5 + z * 0.1, capstyle="round", joinstyle="round"))
        ax.add_collection(LineCollection(segs, colors=colors, linewidths=width, zorder=5.05 + z * 0.1,
                                         capstyle="round", joinstyle="round"))
    exits = scene.exits
    if len(exits):
        ex = styles["exit"]
        xy = point_xy(exits)
        radius = ex["radius"] * k
        ax.scatter(xy[:, 0], xy[:, 1], s=(2 * radius) ** 2, c=[status_color(v) for v in exits["status"]],
                   edgecolors=ex["stroke"], linewidths=ex["weight"] * k, zorder=7)
        pad = radius * sheet.fig.dpi / 72.0 + 1
        for px, py in ax.transData.transform(xy):
            sheet.obstacles.append((px - pad, py - pad, px + pad, py + pad))


#: A reference layer, or the other tracked records drawn grey, is drawn 0.25 pt wide where more
#: than this many of its features lie in each square centimetre of the map frame on average (a
#: city's network at the town's scale: a grey mesh at full width), as the map page thins a
#: dense view to 1 px.
THIN_PER_CM2 = 12
#: Above this many vertices in view, a reference layer is drawn as an image (at the figure's dpi):
#: in a PDF or SVG not one path per feature (files of tens of MB that viewers crawl over), and
#: drawn once for the pictures of one view.
REFERENCE_RASTER_VERTICES = 50_000


def _draw_reference(ax, ref, view, k: float, style: MapStyle, zorder: float) -> None:
    """Reference layer *ref* (scene.ReferenceArt) in the frame's *view*: its features that reach
    the view (a little beyond: strokes at the edge), lines, areas and points as the page draws
    them (its colour and opacity, the area fill faint).  A large one (REFERENCE_RASTER_VERTICES)
    is an image, drawn once per view and frame and kept with the layer (``ref.images``): a
    deck's map pictures of one view drew a city's network again for each phase."""
    import shapely

    st = ref.style
    w, h = view[2] - view[0], view[3] - view[1]
    region = shapely.box(view[0] - 0.02 * w, view[1] - 0.02 * h, view[2] + 0.02 * w, view[3] + 0.02 * h)
    geoms = ref.geometry[shapely.intersects(ref.geometry, region)]
    if not len(geoms):
        return
    frame_cm2 = max(1e-6, ax.bbox.width * ax.bbox.height / (ax.figure.dpi / 2.54) ** 2)
    thin = len(geoms) / frame_cm2 > THIN_PER_CM2
    width = 0.25 * style.line_scale if thin else st["weight"] * k
    radius = st["radius"] * k * (0.4 if thin else 1.0)
    if int(shapely.get_num_coordinates(geoms).sum()) <= REFERENCE_RASTER_VERTICES:
        _reference_artists(ax, geoms, st, width, radius, style, zorder)
        return
    ax.add_artist(_pixels_class()(ax, (ref.layer_name, geoms, st, width, radius, style, view), ref.images, zorder))


@functools.lru_cache(maxsize=None)
def _pixels_class():
    """The artist class below (made when first drawn: matplotlib is imported only to draw)."""
    from matplotlib.artist import Artist, allow_rasterization

    class ReferencePixels(Artist):
        """A large reference layer as pixels: drawn (at the renderer's dpi, on a transparent
        figure of the frame's size) once per view and size, kept with the layer (its images),
        and set straight into the picture (``renderer.draw_image``: no resampling, which costs
        matplotlib's images several float copies of a page-sized picture).  Rasterised in a
        PDF or SVG too: one image, not a path per feature."""

        def __init__(self, ax, spec, images, zorder):
            super().__init__()
            self.axes = ax
            self.spec = spec
            self.images = images
            self.set_zorder(zorder)
            self.set_rasterized(True)

        @allow_rasterization  # (a PDF's or SVG's renderer hands over to its raster one, at the saving dpi)
        def draw(self, renderer):
            if not self.get_visible():
                return
            name, geoms, st, width, radius, style, view = self.spec
            box = self.axes.bbox  # (the frame in pixels; the picture starts at the whole pixel below it)
            x0, y0 = math.floor(box.x0), math.floor(box.y0)
            frame = (round(box.x0 - x0, 3), round(box.y0 - y0, 3), round(box.width, 3), round(box.height, 3))
            key = (name, tuple(round(v, 3) for v in view), frame, float(renderer.dpi), width)
            image = self.images.get(key)
            if image is None:
                image = _reference_image(geoms, st, width, radius, style, view, frame, renderer.dpi)
                while self.images and sum(i.nbytes for i in self.images.values()) + image.nbytes > \
                        REFERENCE_IMAGE_BYTES:
                    self.images.pop(next(iter(self.images)))  # (the oldest first)
                self.images[key] = image
            gc = renderer.new_gc()
            gc.set_clip_rectangle(box)
            renderer.draw_image(gc, x0, y0, image[::-1])  # (rows bottom first, as matplotlib's images)
            gc.restore()

    return ReferencePixels


#: The bytes of the pictures kept of one reference layer (see _draw_reference): two of an A4 map
#: at 300 dpi, or the views of a deck, the oldest dropped first.
REFERENCE_IMAGE_BYTES = 64_000_000


def _reference_image(geoms, st: dict, width: float, radius: float, style: MapStyle, view, frame,
                     dpi: float) -> np.ndarray:
    """*geoms* drawn alone, showing *view* in a frame (x, y, width, height pixels: x and y the
    part of a pixel it starts at) of a transparent picture of whole pixels: RGBA, top row first.
    The lines fall on the very (sub)pixels they fall on in the map's frame."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fx, fy, fw, fh = frame
    w, h = max(1, math.ceil(fx + fw)), max(1, math.ceil(fy + fh))
    fig = Figure(figsize=(w / dpi, h / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.patch.set_alpha(0.0)
    ax = fig.add_axes((fx / w, fy / h, fw / w, fh / h))
    ax.set_axis_off()
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    _reference_artists(ax, geoms, st, width, radius, style, 0)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def _reference_artists(ax, geoms, st: dict, width: float, radius: float, style: MapStyle, zorder: float) -> None:
    import shapely
    from matplotlib.colors import to_rgba

    colour = to_rgba(st["color"], st["opacity"])
    types = shapely.get_type_id(geoms)
    areas = geoms[(types == 3) | (types == 6)]
    if len(areas):
        path = polygon_path(areas)
        if path is not None:
            from matplotlib.patches import PathPatch

            ax.add_patch(PathPatch(path, facecolor=to_rgba(st["fillColor"], st["fillOpacity"]), edgecolor=colour,
                                   linewidth=width, zorder=zorder))
    runs, _ = line_runs(geoms)
    if runs:  # (a LineCollection: Agg draws it several times faster than one path or a NaN-broken line)
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(runs, colors=[colour], linewidths=width, zorder=zorder,
                                         capstyle="butt", joinstyle="bevel"))
    points = geoms[(types == 0) | (types == 4)]
    if len(points):
        xy = shapely.get_coordinates(shapely.get_parts(points))
        ax.scatter(xy[:, 0], xy[:, 1], s=(2 * radius) ** 2,
                   c=[to_rgba(st["fillColor"], st["opacity"])], edgecolors=[colour],
                   linewidths=0.5 * style.line_scale, zorder=zorder)


# --------------------------------------------------------------------------
# Furniture


def _panel(sheet: Sheet, x, y, w, h, zorder=1, alpha=0.88):
    from matplotlib.patches import FancyBboxPatch

    s = sheet.s
    sheet.page.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={1.2 * s}",
                                        facecolor=(1, 1, 1, alpha), edgecolor="#999999", linewidth=0.4 * s,
                                        zorder=zorder))
    sheet.avoid_mm(x, y, x + w, y + h)


def metres_per_mm(ax, box_mm) -> float:
    xlim = ax.get_xlim()
    return (xlim[1] - xlim[0]) / (box_mm[2] - box_mm[0])


def draw_scale_bar(sheet: Sheet, ax, box_mm, style: MapStyle) -> str:
    """Scale bar at the bottom left of the map; returns the "1:N" text."""
    from matplotlib.patches import Rectangle

    s = sheet.s
    x0, y0, x1, y1 = box_mm
    m_per_mm = metres_per_mm(ax, box_mm)
    km = nice_length_km(0.2 * (x1 - x0) * m_per_mm / 1000.0)
    bar_mm = km * 1000.0 / m_per_mm
    lead = round(km / 10 ** math.floor(math.log10(km)), 3)
    n_seg = 5 if lead in (2.5, 5.0) else 4
    fs = style.small_pt  # already in points on the sheet
    text_mm = fs * 25.4 / 72
    pad = 0.35 * text_mm
    bx, by = x0 + 2 * pad + 2.5 * s, y0 + 2 * pad + 1.2 * text_mm
    bar_h = max(0.28 * text_mm, 0.9 * s)
    w = bar_mm + 2 * pad + 2.5 * s + 0.9 * text_mm * 2
    h = bar_h + 2.6 * text_mm + 2 * pad
    _panel(sheet, bx - pad - 1.5 * s, by - 1.2 * text_mm - pad, w, h)
    for i in range(n_seg):
        sheet.page.add_patch(Rectangle((bx + i * bar_mm / n_seg, by), bar_mm / n_seg, bar_h,
                                       facecolor=INK if i % 2 == 0 else "white", edgecolor=INK,
                                       linewidth=0.5 * s, zorder=2))
    ticks = [(0, bx), (km, bx + bar_mm)]
    if n_seg % 2 == 0:
        ticks.insert(1, (km / 2, bx + bar_mm / 2))
    for value, xpos in ticks:
        label = km_label(value) + (" km" if value == km else "")
        sheet.text(xpos, by - 0.2 * text_mm, label, fs / s, ha="center", va="top", zorder=3)
    denominator = int(round(m_per_mm * 1000.0 / 100.0) * 100)
    ratio = f"1:{denominator:,}"
    sheet.text(bx, by + bar_h + 0.25 * text_mm, ratio, fs / s, ha="left", va="bottom", zorder=3)
    return ratio


def draw_north_arrow(sheet: Sheet, ax, box_mm, style: MapStyle) -> None:
    """North arrow at the top right, turned by the grid convergence of EPSG:4547 at the map centre."""
    from matplotlib.patches import Polygon

    s = sheet.s
    x0, y0, x1, y1 = box_mm
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    cx, cy = sum(xlim) / 2, sum(ylim) / 2
    to_ll, to_m = _transformers()
    lon, lat = to_ll.transform(cx, cy)
    nx, ny = to_m.transform(lon, lat + 0.01)
    theta = math.atan2(nx - cx, ny - cy)
    text_mm = style.small_pt * 25.4 / 72
    size = max(2.2 * text_mm, 5.5 * s)
    ax_c, ay_c = x1 - 0.9 * size - 2.5 * s, y1 - 1.6 * size - 1.3 * text_mm - 2 * s

    def rot(px, py):
        return (ax_c + px * math.cos(theta) + py * math.sin(theta),
                ay_c - px * math.sin(theta) + py * math.cos(theta))

    tip, left, right, notch = rot(0, size), rot(-size * 0.42, -size * 0.55), rot(size * 0.42, -size * 0.55), rot(0, -size * 0.25)
    _panel(sheet, ax_c - 0.8 * size, ay_c - 0.85 * size, 1.6 * size, 1.95 * size + 1.4 * text_mm)
    sheet.page.add_patch(Polygon([tip, left, notch], closed=True, facecolor="white", edgecolor=INK,
                                 linewidth=0.6 * s, zorder=2))
    sheet.page.add_patch(Polygon([tip, notch, right], closed=True, facecolor=INK, edgecolor=INK,
                                 linewidth=0.6 * s, zorder=2))
    lx, ly = rot(0, size + 0.15 * text_mm)
    sheet.text(lx, ly, "N", style.small_pt * 1.1 / s, ha="center", va="bottom", zorder=3)


def _transformers():
    """(metres to lon/lat, lon/lat to metres): made once (qxmap.projections)."""
    from qxmap import projections

    return projections.from_metric(), projections.to_metric()


def draw_locator(sheet: Sheet, scene: Scene, box_mm, view, style: MapStyle) -> None:
    """A small map of the whole town at the top left with the frame of the main map on it."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import PathPatch, Rectangle

    s = sheet.s
    x0, y0, x1, y1 = box_mm
    tb = scene.town_bounds
    both = (min(tb[0], view[0]), min(tb[1], view[1]), max(tb[2], view[2]), max(tb[3], view[3]))
    gx, gy = both[2] - both[0], both[3] - both[1]
    both = (both[0] - 0.06 * gx, both[1] - 0.06 * gy, both[2] + 0.06 * gx, both[3] + 0.06 * gy)
    w = min(0.24 * (x1 - x0), 0.34 * (y1 - y0) * (both[2] - both[0]) / (both[3] - both[1]))
    h = w * (both[3] - both[1]) / (both[2] - both[0])
    lx, ly = x0 + 2.5 * s, y1 - 2.5 * s - h
    inset = sheet.fig.add_axes((lx / sheet.w, ly / sheet.h, w / sheet.w, h / sheet.h), zorder=6)
    inset.set_xlim(both[0], both[2])
    inset.set_ylim(both[1], both[3])
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor("white")
    for spine in inset.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.5 * s)
    bst = style_table()["layers"]["boundary"]
    path = polygon_path([scene.town]) if scene.town is not None else None
    if path is not None:
        inset.add_patch(PathPatch(path, facecolor=to_rgba(bst["fillColor"], 1.0), edgecolor=bst["color"],
                                  linewidth=0.7 * s))
    else:
        inset.add_patch(Rectangle((tb[0], tb[1]), tb[2] - tb[0], tb[3] - tb[1], facecolor=bst["fillColor"],
                                  edgecolor=bst["color"], linewidth=0.7 * s))
    inset.add_patch(Rectangle((view[0], view[1]), view[2] - view[0], view[3] - view[1], facecolor=(0.84, 0.15, 0.24, 0.12),
                              edgecolor=FRAME_COLOR, linewidth=1.2 * s))
    sheet.avoid_mm(lx - 1, ly - 1, lx + w + 1, ly + h + 1)


def draw_notice(sheet: Sheet, box_mm, text: str, style: MapStyle, centre: bool = False) -> None:
    """The unlocated-records notice: top centre of the map, or its centre when nothing is located."""
    x0, y0, x1, y1 = box_mm
    size = style.notice_pt * (1.25 if centre else 1.0)
    text_mm = size * 25.4 / 72
    cx = (x0 + x1) / 2
    cy = (y0 + y1) / 2 if centre else y1 - 1.2 * text_mm - 2.5 * sheet.s
    max_w = 0.7 * (x1 - x0)
    lines = sheet.wrap(text, size / sheet.s, max_w)
    art = sheet.text(cx, cy, "\n".join(lines), size / sheet.s, ha="center", va="center", color=NOTICE_COLOR,
                     weight="bold", zorder=4, linespacing=1.3)
    art.set_text("\n".join(lines))  # the lines are literal already; keep the breaks
    art.set_bbox(dict(boxstyle=f"round,pad={0.55}", facecolor=(1, 1, 1, 0.94), edgecolor=NOTICE_COLOR,
                      linewidth=1.2 * sheet.s))
    sheet.avoid_artist(art, pad_px=0.9 * size * sheet.fig.dpi / 72)


# --------------------------------------------------------------------------
# Legend


def legend_sections(scene: Scene) -> list[tuple[str, list[LegendEntry]]]:
    zh = scene.zh
    heads = {"status": "建设状态（项）" if zh else "Status (records)",
             "class": "道路等级（线宽）" if zh else "Road class (line width)",
             "context": "图层" if zh else "Layers",
             "reference": "参考图层" if zh else "Reference layers"}
    sections = []
    for group in ("status", "class", "context", "reference"):
        rows = [e for e in scene.legend if e.group == group or (group == "context" and e.group == "frame")]
        if rows:
            sections.append((heads[group], rows))
    return sections


def draw_symbol(sheet: Sheet, entry: LegendEntry, x, cy, sample_w, row_h, line_scale=1.0) -> None:
    """The legend sample of *entry* in a box *sample_w* wide centred on *cy* (mm)."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    s = sheet.s
    st = entry.style
    pax = sheet.page
    if entry.symbol in ("line", "line+point"):
        pax.add_line(Line2D([x + 0.6 * s, x + sample_w - 0.6 * s], [cy, cy], color=st["color"],
                            linewidth=st.get("width", 2.0) * line_scale, solid_capstyle="round", zorder=2))
    if entry.symbol in ("point", "line+point"):
        r = st.get("radius", 3.0) * line_scale
        pax.add_line(Line2D([x + sample_w / 2], [cy], marker="o", markersize=2 * r,
                            markerfacecolor=to_rgba(st.get("face", st["color"]), st.get("alpha", 1.0))
                            if entry.group == "context" else st["color"],
                            markeredgecolor=st.get("edge", INK), markeredgewidth=0.9 * line_scale,
                            linestyle="none", zorder=3))
    if entry.symbol in ("area", "outline", "mask"):
        face = to_rgba(st.get("face", st["color"]), st.get("alpha", 0.5))
        edge = "none" if entry.symbol == "mask" else st["color"]
        pax.add_patch(Rectangle((x + 0.6 * s, cy - row_h * 0.28), sample_w - 1.2 * s, row_h * 0.56,
                                facecolor=face, edgecolor=edge, linewidth=0.9 * line_scale,
                                linestyle=(0, (3, 1.5)) if st.get("dashed") else "solid", zorder=2))


def draw_legend_overlay(sheet: Sheet, scene: Scene, box_mm, style: MapStyle, ax=None) -> None:
    """The legend in a white box on the map (slides and pictures), where it hides the least: the spot
    (corners and side middles, clear of the scale bar, north arrow, locator and notice) that covers
    the fewest filtered features, then the fewest other features and the least of the town."""
    entries = [e for e in scene.legend if e.group in ("status", "context", "frame", "reference")]
    if not entries:
        return
    s = sheet.s
    size = style.legend_pt
    text_mm = size * 25.4 / 72
    row_h = 1.45 * text_mm
    sample_w = 2.6 * text_mm
    widths = [sheet.measure_px(literal(_entry_text(e, scene)), size)[0] / sheet.px_per_mm for e in entries]
    w = sample_w + 0.6 * text_mm + max(widths) + 1.6 * text_mm
    h = row_h * len(entries) + 0.9 * text_mm
    x, y0 = _legend_spot(sheet, scene, box_mm, w, h, ax)
    _panel(sheet, x, y0, w, h, alpha=0.92)
    y = y0 + h - 0.45 * text_mm
    for e in entries:
        cy = y - row_h / 2
        draw_symbol(sheet, e, x + 0.8 * text_mm, cy, sample_w, row_h, line_scale=style.line_scale)
        sheet.text(x + 0.8 * text_mm + sample_w + 0.6 * text_mm, cy, _entry_text(e, scene), size / s,
                   ha="left", va="center", zorder=3)
        y -= row_h


def _legend_spot(sheet: Sheet, scene: Scene, box_mm, w, h, ax) -> tuple[float, float]:
    x0, y0, x1, y1 = box_mm
    m = 2.5 * sheet.s
    default = (x1 - m - w, y0 + m)
    if ax is None:
        return default
    import shapely
    from shapely.geometry import box as shapely_box

    xs = (x1 - m - w, x0 + m)
    ys = [y0 + m, (y0 + y1 - h) / 2, y1 - m - h]
    spots = [(x, y) for y in ys for x in xs]
    # Shifted clear of the furniture in the corners (scale bar, north arrow, locator).
    for ob in sheet.obstacles:
        oy0, oy1 = ob[1] / sheet.px_per_mm, ob[3] / sheet.px_per_mm
        spots += [(x, oy1 + 1.0 * sheet.s) for x in xs] + [(x, oy0 - 1.0 * sheet.s - h) for x in xs]
    inv = ax.transData.inverted()
    frames = [(scene.roads, 100.0), (scene.exits, 100.0), (scene.muted_roads, 3.0), (scene.muted_exits, 3.0)]
    frames += [(f, 2.0) for f in scene.context.values() if f is not None and len(f)]
    arrays = [(np.asarray(f.geometry.values, dtype=object), wt) for f, wt in frames if len(f)]
    best, best_score = default, None
    for x, y in spots:
        if x < x0 + m - 1e-6 or y < y0 + m - 1e-6 or x + w > x1 - m + 1e-6 or y + h > y1 - m + 1e-6:
            continue
        d = sheet.to_display(x, y, x + w, y + h)
        if any(d[0] < o[2] and d[2] > o[0] and d[1] < o[3] and d[3] > o[1] for o in sheet.obstacles):
            continue
        (a, b), (c, e) = inv.transform([(d[0], d[1]), (d[2], d[3])])
        region = shapely_box(a, b, c, e)
        score = 0.0
        for geoms, wt in arrays:
            score += wt * int(np.count_nonzero(shapely.intersects(geoms, region)))
        if scene.town is not None:
            score += 5.0 * scene.town.intersection(region).area / region.area
        if best_score is None or score < best_score - 1e-9:
            best, best_score = (x, y), score
    return best


def _entry_text(entry: LegendEntry, scene: Scene) -> str:
    if entry.group == "status" and entry.count is not None:
        return f"{entry.label}（{entry.count}）" if scene.zh else f"{entry.label} ({entry.count})"
    return entry.label


# --------------------------------------------------------------------------
# Labels


def place_labels(sheet: Sheet, ax, scene: Scene, style: MapStyle) -> int:
    """Place the scene's labels in priority order where they collide with nothing; returns how many."""
    from matplotlib import patheffects

    bb = ax.get_window_extent(sheet.renderer)
    ax_box = (bb.x0 + 2, bb.y0 + 2, bb.x1 - 2, bb.y1 - 2)
    cap = style.max_labels
    boxes = np.array(sheet.obstacles, dtype=float).reshape(-1, 4)
    placed = np.empty((cap + len(boxes) + 1, 4))
    placed[:len(boxes)] = boxes
    n_placed = len(boxes)
    px_per_pt = sheet.fig.dpi / 72.0
    trans = ax.transData
    halo = [patheffects.Stroke(linewidth=0.32 * style.label_pt, foreground="white")]
    n = 0
    for cand in scene.labels[:cap]:
        text = literal(cand.text)
        if not text.strip():
            continue
        size = style.label_pt if cand.kind in ("road", "exit") else style.area_label_pt
        w, h = sheet.measure_px(text, size)
        w, h = w + 0.25 * size * px_per_pt, h + 0.3 * size * px_per_pt  # room for the halo
        for cx, cy, angle, ha, va in _positions(cand, trans, w, h, style, px_per_pt):
            if ha == "center":
                a = math.radians(angle)
                hw = (abs(w * math.cos(a)) + abs(h * math.sin(a))) / 2
                hh = (abs(w * math.sin(a)) + abs(h * math.cos(a))) / 2
                box = (cx - hw, cy - hh, cx + hw, cy + hh)
            else:
                bx0 = cx if ha == "left" else cx - w
                by0 = cy - h / 2 if va == "center" else (cy if va == "bottom" else cy - h)
                box = (bx0, by0, bx0 + w, by0 + h)
            if box[0] < ax_box[0] or box[1] < ax_box[1] or box[2] > ax_box[2] or box[3] > ax_box[3]:
                continue
            if n_placed:
                p = placed[:n_placed]
                if np.any((p[:, 0] < box[2]) & (p[:, 2] > box[0]) & (p[:, 1] < box[3]) & (p[:, 3] > box[1])):
                    continue
            placed[n_placed] = box
            n_placed += 1
            x, y = trans.inverted().transform((cx, cy))
            kw = dict(fontproperties=fonts.font(size), rotation=angle, rotation_mode="anchor", ha=ha, va=va,
                      clip_on=True, parse_math=False)
            back = ax.text(x, y, text, color="white", zorder=8.5, **kw)
            back.set_path_effects(halo)
            ax.text(x, y, text, color=cand.color, zorder=9, gid="label", **kw)
            n += 1
            break
    return n


def _positions(cand, trans, w, h, style: MapStyle, px_per_pt):
    """Candidate (x, y, angle, ha, va) in display pixels for a label, best first."""
    if cand.kind == "road" and cand.line is not None and len(cand.line) >= 2:
        for f in (0.5, 0.35, 0.65, 0.2, 0.8):
            hit = _along(cand.line, f)
            if hit is None:
                continue
            x, y, angle = hit
            px, py = trans.transform((x, y))
            # An almost vertical or steep label reads badly: flatten beyond 60 degrees is not possible along
            # the road, so keep the road's angle.
            yield px, py, angle, "center", "center"
        return
    px, py = trans.transform((cand.x, cand.y))
    if cand.kind == "exit":
        r = style_table()["exit"]["radius"] * PT_PER_PX * style.line_scale * px_per_pt + 0.25 * style.label_pt * px_per_pt
        for dx, dy, ha, va in ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
                               (0, -1, "center", "top"), (0.8, 0.8, "left", "bottom"), (0.8, -0.8, "left", "top"),
                               (-0.8, 0.8, "right", "bottom"), (-0.8, -0.8, "right", "top")):
            if ha == "center":
                # Centred above or below: the box's centre is half a height away.
                yield px, py + dy * (r + h / 2), 0.0, "center", "center"
            else:
                yield px + dx * r, py + dy * r, 0.0, ha, va
        return
    yield px, py, 0.0, "center", "center"
    yield px, py + h * 1.1, 0.0, "center", "center"
    yield px, py - h * 1.1, 0.0, "center", "center"
