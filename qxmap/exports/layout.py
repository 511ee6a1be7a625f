"""Print layouts with matplotlib (no Qt): PDF, SVG or PNG on A4 or A3 paper.

A page draws one :class:`~qxmap.exports.scene.Scene`: a title and a subtitle
(the filter in words), the organisation's name and logo, the map in
EPSG:4547 (metres, so the scale bar is true) over the whole town by default
(the filtered features in their status colours, the other projects muted,
outside the town under a grey mask, a locator inset when the frame does not
hold the whole town), labels that never overlap, a side panel (below the map
in portrait) with the legend of what is drawn, the counts and km by status and
the list of the records not yet located, and a footer with the counts, the
accuracy note ("示意 2 · 大致 1 · 未定位 19"), the source and the date.

When the list of unlocated records does not fit the panel, a PDF continues it
on further pages; a PNG or SVG (one page) says how many more there are and
points to the table export.

Everything on the page outside the map is drawn in one transparent "page"
axes whose data units are millimetres of paper (``mapart.Sheet``).

Text on the page is always literal: every text is drawn with
``parse_math=False`` through ``common.drawn_text`` and ``fonts.drawable``
(no mathtext, no control characters, one line, never an empty box).
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import numpy as np

from qxmap import schema
from qxmap.atomicfile import atomic_path
from qxmap.dataset import Dataset
from qxmap.exports import fonts
from qxmap.exports.common import CancelFn, ProgressFn, Reporter, check_lang, clean_text, display_name
from qxmap.exports.mapart import MapStyle, Sheet, draw_map, draw_symbol, legend_sections, literal
from qxmap.exports.scene import Scene, build_scene
from qxmap.exports.settings import (  # noqa: F401  (re-exported: the checks every export shares)
    EXTENTS, LayoutSettings, check_extent, check_title, coerce_settings, load_logo,
)
from qxmap.filtering import RoadFilter
from qxmap.words import Words

PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}  # portrait width, height in mm
ORIENTATIONS = ("portrait", "landscape")
DPIS = (150, 300, 600)
LAYOUT_FORMATS = ("pdf", "svg", "png")
INK = "#222222"
GREY = "#555555"
WARN = "#9a3412"


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
        raise ValueError(Words("cannot tell the format from %1: give a format or a file suffix", repr(str(path))))
    if allowed is not None and suffix not in allowed:
        raise ValueError(Words("unsupported file type .%1 (expected one of: %2)", suffix, ', '.join(allowed)))
    return suffix


def check_page(paper, orientation, dpi, fmt) -> Page:
    """A :class:`Page`, or ValueError saying which option is wrong."""
    if paper not in PAPERS:
        raise ValueError(Words("paper must be one of %1, not %2", ', '.join(PAPERS), repr(paper)))
    if orientation not in ORIENTATIONS:
        raise ValueError(Words("orientation must be one of %1, not %2", ', '.join(ORIENTATIONS), repr(orientation)))
    if isinstance(dpi, bool) or not isinstance(dpi, (int, np.integer)) or int(dpi) not in DPIS:
        raise ValueError(Words("dpi must be one of %1, not %2", ', '.join(map(str, DPIS)), repr(dpi)))
    if fmt not in LAYOUT_FORMATS:
        raise ValueError(Words("print layout format must be one of %1, not %2", ', '.join(LAYOUT_FORMATS), repr(fmt)))
    return Page(paper, orientation, int(dpi), fmt)


def map_style(scale: float, settings: LayoutSettings) -> MapStyle:
    """Print sizes on A4 (*scale* 1; A3 is sqrt 2): labels 8 pt, area names 7.5 pt, times the label size."""
    f = settings.label_factor
    return MapStyle(label_pt=8.0 * scale * f, area_label_pt=7.5 * scale * f, small_pt=7.0 * scale,
                    notice_pt=10.5 * scale, legend_pt=8.0 * scale, line_scale=scale)


# --------------------------------------------------------------------------
# The page


@dataclass
class _Item:
    kind: str  # "heading", "entry", "stat", "line", "gap"
    text: str = ""
    entry: object = None
    values: tuple = ()
    color: str = INK
    indent: float = 0.0


@dataclass
class PageResult:
    fig: object
    scene: Scene
    overflow: list  # unlocated records not listed on the page (rows for the continuation pages)
    labels: int = 0


def _panel_items(sheet: Sheet, scene: Scene, col_w: float, row_h: float, size: float) -> tuple[list, list]:
    """The side panel as items: legend, counts by status, unlocated list (with its wrapped lines)."""
    zh = scene.zh
    items: list[_Item] = []
    for heading, entries in legend_sections(scene):
        items.append(_Item("heading", heading))
        items += [_Item("entry", entry=e) for e in entries]
        items.append(_Item("gap"))
    items.append(_Item("break"))
    items.append(_Item("heading", "按状态统计" if zh else "By status"))
    items.append(_Item("stat", values=("状态" if zh else "Status", "项" if zh else "No.", "km"), color=GREY))
    for row in scene.summary.by_status:
        if row.count:
            items.append(_Item("stat", values=(schema.label(schema.STATUS_LABELS, row.code, scene.lang),
                                               str(row.count), f"{row.km:.1f}")))
    items.append(_Item("stat", values=("合计" if zh else "Total", str(scene.summary.count), f"{scene.km:.1f}")))
    items.append(_Item("gap"))
    unlocated = []
    if scene.n_unlocated:
        items.append(_Item("heading", (f"尚未定位（{scene.n_unlocated} 项）" if zh
                                       else f"Not yet located ({scene.n_unlocated})"), color=WARN))
        for line in scene.unlocated_lines():
            wrapped = sheet.wrap(line, size, col_w - 3.0 * sheet.s)
            group = [_Item("line", ("• " if i == 0 else "") + part, indent=0 if i == 0 else 1.8 * sheet.s)
                     for i, part in enumerate(wrapped)]
            unlocated.append(group)
    return items, unlocated


def _draw_item(sheet: Sheet, item: _Item, x: float, y: float, w: float, row_h: float, size: float) -> None:
    s = sheet.s
    if item.kind == "heading":
        sheet.fit(sheet.text(x, y - 0.15 * row_h, item.text, size * 1.08, ha="left", va="top", weight="bold",
                             color=item.color), w)
    elif item.kind == "entry":
        e = item.entry
        cy = y - row_h / 2
        sample_w = 8.5 * s
        draw_symbol(sheet, e, x, cy, sample_w, row_h, line_scale=s)
        art = sheet.text(x + sample_w + 2 * s, cy, e.label, size, ha="left", va="center")
        sheet.fit(art, w - sample_w - 2 * s - (7 * s if e.count is not None else 0))
        if e.count is not None:
            sheet.text(x + w, cy, str(e.count), size, ha="right", va="center")
    elif item.kind == "stat":
        label, count, km = item.values
        cy = y - row_h / 2
        sheet.fit(sheet.text(x, cy, label, size, ha="left", va="center", color=item.color), w * 0.55)
        sheet.text(x + w * 0.74, cy, count, size, ha="right", va="center", color=item.color)
        sheet.text(x + w, cy, km, size, ha="right", va="center", color=item.color)
    elif item.kind == "line":
        sheet.text(x + item.indent, y - row_h / 2, item.text, size * 0.95, ha="left", va="center", color=item.color)


def _item_height(item: _Item, row_h: float) -> float:
    return {"heading": 1.3 * row_h, "gap": 0.45 * row_h, "line": 0.92 * row_h}.get(item.kind, row_h)


def _flow(sheet: Sheet, items, unlocated, columns, row_h, size, more_text) -> int:
    """Draw *items* then the *unlocated* groups into *columns* [(x, w, top, bottom)]; returns how many
    unlocated groups did not fit (the last line then says so)."""
    col = 0
    x, w, y, bottom = columns[0]

    def room(h):
        nonlocal col, x, w, y, bottom
        if y - h >= bottom:
            return True
        if col + 1 < len(columns):
            col += 1
            x, w, y, bottom = columns[col]
            return y - h >= bottom
        return False

    for k, item in enumerate(items):
        if item.kind == "break":
            if col + 1 < len(columns) and y != columns[col][2]:
                col += 1
                x, w, y, bottom = columns[col]
            continue
        h = _item_height(item, row_h)
        if item.kind == "gap" and y == columns[col][2]:
            continue
        need = h
        if item.kind == "heading":  # a heading stays with what follows it
            following = items[k + 1] if k + 1 < len(items) else None
            if following is not None and following.kind not in ("gap", "break"):
                need += _item_height(following, row_h)
            elif unlocated:
                need += _item_height(_Item("line"), row_h)
        if not room(need):
            return len(unlocated)
        _draw_item(sheet, item, x, y, w, row_h, size)
        y -= h
    line_h = _item_height(_Item("line"), row_h)
    for i, group in enumerate(unlocated):
        need = line_h * len(group) + (line_h if i < len(unlocated) - 1 else 0)  # keep room for the "more" line
        if not room(need):
            left = len(unlocated) - i
            if room(line_h):
                sheet.text(x, y - line_h / 2, more_text(left), size * 0.95, ha="left", va="center", color=WARN)
            return left
        for item in group:
            _draw_item(sheet, item, x, y, w, row_h, size)
            y -= line_h
    return 0


def _header(sheet: Sheet, scene: Scene, margin: float, logo) -> float:
    """Title, subtitle, organisation and logo; returns the space they take on the right (mm)."""
    s, W, H = sheet.s, sheet.w, sheet.h
    right = 0.0
    settings = scene.settings
    if logo is not None:
        lh = 15 * s
        lw = lh * logo.shape[1] / logo.shape[0]
        lw = min(lw, 45 * s)
        lh_fit = lw * logo.shape[0] / logo.shape[1]
        ax = sheet.fig.add_axes(((W - margin - lw) / W, (H - margin - lh_fit) / H, lw / W, lh_fit / H), zorder=6)
        ax.imshow(logo, interpolation="antialiased")
        ax.set_axis_off()
        right = lw + 4 * s
    if settings.organisation:
        org = sheet.text(W - margin - right, H - margin - 1 * s, settings.organisation, 10, ha="right", va="top",
                         color=GREY)
        sheet.fit(org, 70 * s)
        right += sheet.width_mm(org) + 5 * s
    t = sheet.text(margin, H - margin, scene.title, 18, ha="left", va="top")
    sheet.fit(t, W - 2 * margin - right)
    subtitle = scene.subtitle
    if settings.subtitle:
        subtitle = f"{settings.subtitle}　（{scene.subtitle}）" if scene.zh else f"{settings.subtitle} ({scene.subtitle})"
    st = sheet.text(margin, H - margin - 10.5 * s, subtitle, 11, ha="left", va="top", color="#444444")
    sheet.fit(st, W - 2 * margin - right)
    return right


def _footer(sheet: Sheet, scene: Scene, margin: float, footer: float) -> None:
    s, W = sheet.s, sheet.w
    lines = [(scene.stats_line, "#333333")]
    caution = scene.caution
    if caution and not scene.zh:
        caution = caution[0].lower() + caution[1:]
    acc = scene.accuracy_note + (("；" if scene.zh else "; ") + caution if caution else "")
    lines.append((acc + ("。" if scene.zh else "."), WARN if caution else "#333333"))
    lines.append((scene.source, "#333333"))
    date = ("制图日期：" if scene.zh else "Date: ") + scene.date + "　qxmap 清溪基建地图"
    if scene.settings.organisation:
        date += "　" + scene.settings.organisation
    if scene.settings.notes:
        date += ("　说明：" if scene.zh else "  Notes: ") + scene.settings.notes
    lines.append((date, "#333333"))
    y = margin + footer - 3.0 * s
    for text, color in lines:
        art = sheet.text(margin, y, text, 7.2, ha="left", va="top", color=color)
        sheet.fit(art, W - 2 * margin)
        y -= 4.2 * s


def draw_page(scene: Scene, page: Page, reporter: Reporter | None = None) -> PageResult:
    """The print layout of *scene* as a matplotlib Figure (not saved)."""
    reporter = reporter or Reporter()
    settings = scene.settings
    logo = load_logo(settings.logo) if settings.logo else None
    reporter.step(0.1, Words("laying out the page"))
    w_mm, h_mm = page.size_mm
    s = min(w_mm, h_mm) / 210.0
    sheet = Sheet(w_mm, h_mm, page.dpi, s, figsize=page.figsize)
    W, H = sheet.w, sheet.h
    margin = 10 * s
    header = 21 * s
    footer = 24 * s
    landscape = W > H
    size = 7.6
    row_h = 4.3 * s
    if landscape:
        panel_w = 64 * s
        map_box = (margin, margin + footer, W - margin - panel_w - 6 * s, H - margin - header)
        columns = [(map_box[2] + 6 * s, panel_w, map_box[3], map_box[1])]
        where = "right"
    else:
        panel_h = 66 * s
        map_box = (margin, margin + footer + panel_h + 4 * s, W - margin, H - margin - header)
        gap = 6 * s
        col_w = (W - 2 * margin - 2 * gap) / 3
        top = margin + footer + panel_h
        columns = [(margin + i * (col_w + gap), col_w, top, margin + footer + 1 * s) for i in range(3)]
        where = "below"
    _header(sheet, scene, margin, logo)
    reporter.step(0.2, Words("drawing the map"))
    frame = draw_map(sheet, scene, map_box, map_style(s, settings), notice_where=where,
                     reporter=reporter.span(0.2, 0.7))
    reporter.step(0.7, Words("drawing the legend"))
    items, unlocated = _panel_items(sheet, scene, columns[0][1], row_h, size)
    zh = scene.zh
    pdf = page.fmt == "pdf"

    def more_text(n):
        if zh:
            return f"…另 {n} 条见第 2 页" if pdf else f"…另 {n} 条见表格导出"
        return f"…{n} more on page 2" if pdf else f"…{n} more: see the table export"

    left = _flow(sheet, items, unlocated, columns, row_h, size, more_text)
    overflow = []
    if left and scene.n_unlocated:
        overflow = scene.unlocated.to_dict("records")
    _footer(sheet, scene, margin, footer)
    return PageResult(sheet.fig, scene, overflow if pdf else [], frame.labels)


def _list_pages(scene: Scene, page: Page, rows: list) -> list:
    """Continuation pages (PDF): every unlocated record of the filter, in columns."""
    w_mm, h_mm = page.size_mm
    s = min(w_mm, h_mm) / 210.0
    zh = scene.zh
    lang = scene.lang
    figs = []
    margin = 12 * s
    row_h = 4.6 * s
    per_col = None
    i = 0
    n_page = 2
    while i < len(rows):
        sheet = Sheet(w_mm, h_mm, page.dpi, s, figsize=page.figsize)
        W, H = sheet.w, sheet.h
        head = (f"尚未定位的记录（{len(rows)} 项，第 {n_page} 页）" if zh
                else f"Records not yet located ({len(rows)}; page {n_page})")
        sheet.text(margin, H - margin, scene.title, 12, ha="left", va="top", color=GREY)
        sheet.text(margin, H - margin - 8 * s, head, 14, ha="left", va="top", weight="bold", color=WARN)
        top = H - margin - 20 * s
        bottom = margin + 8 * s
        per_col = int((top - bottom) // row_h)
        n_cols = 2
        col_w = (W - 2 * margin - 8 * s) / n_cols
        for c in range(n_cols):
            x = margin + c * (col_w + 8 * s)
            y = top
            for row in rows[i:i + per_col]:
                name = display_name(row, lang)
                what = " · ".join((schema.label(schema.LAYER_LABELS, row.get("layer", "roads"), lang),
                                   schema.label(schema.STATUS_LABELS, row.get("status"), lang),
                                   schema.label(schema.PHASE_LABELS, row.get("phase"), lang)))
                art = sheet.text(x, y, name, 8, ha="left", va="top")
                sheet.fit(art, col_w * 0.56)
                art2 = sheet.text(x + col_w * 0.58, y, what, 7, ha="left", va="top", color=GREY)
                sheet.fit(art2, col_w * 0.42)
                y -= row_h
            i += per_col
        sheet.text(margin, margin, scene.source + "　" + scene.date, 7, ha="left", va="bottom", color=GREY)
        figs.append(sheet.fig)
        n_page += 1
    return figs


def build_page(dataset: Dataset, road_filter: RoadFilter | None, page: Page, *, title: str | None = None,
               extent=None, lang: str = "zh", settings=None, reporter: Reporter | None = None):
    """The print layout as a matplotlib Figure (not saved) and its scene."""
    scene = build_scene(dataset, road_filter, lang=check_lang(lang), settings=settings, title=title, extent=extent)
    result = draw_page(scene, page, reporter)
    return result.fig, scene


def _metadata(page: Page, title: str, subtitle: str) -> dict:
    title, subtitle = clean_text(title), clean_text(subtitle)
    return {"pdf": {"Title": title, "Subject": subtitle, "Creator": "qxmap"},
            "svg": {"Title": title, "Description": subtitle, "Creator": "qxmap"},
            "png": {"Title": title, "Description": subtitle, "Software": "qxmap"}}[page.fmt]


def save_scene(scene: Scene, target: Path, page: Page, reporter: Reporter | None = None) -> None:
    """Draw *scene* on *page* and write it to *target* (the caller makes the write atomic)."""
    import matplotlib

    reporter = reporter or Reporter()
    with matplotlib.rc_context(fonts.rc_params()):
        result = draw_page(scene, page, reporter.span(0.0, 0.85))
        reporter.step(0.85, Words("writing %1", page.fmt.upper()))
        meta = _metadata(page, scene.title, scene.subtitle)
        if page.fmt == "pdf" and result.overflow:
            from matplotlib.backends.backend_pdf import PdfPages

            with PdfPages(target, metadata=meta) as pdf:
                pdf.savefig(result.fig, facecolor="white")
                for fig in _list_pages(scene, page, result.overflow):
                    pdf.savefig(fig, facecolor="white")
        else:
            kwargs = {"pil_kwargs": {"compress_level": 6}} if page.fmt == "png" else {}
            result.fig.savefig(target, format=page.fmt, dpi=page.dpi, metadata=meta, facecolor="white", **kwargs)


def render_layout(dataset: Dataset, road_filter: RoadFilter | None, out_path, *, paper: str | None = None,
                  orientation: str | None = None, dpi: int = 300, fmt: str | None = None,
                  title: str | None = None, extent=None, lang: str = "zh", settings=None,
                  progress: ProgressFn = None, cancel: CancelFn = None) -> Path:
    """Write the print layout of *dataset* under *road_filter* to *out_path*.

    *fmt* is "pdf", "svg" or "png" (default: from the suffix of *out_path*);
    *settings* (LayoutSettings or its dict) holds title, subtitle, notes,
    organisation, logo, paper, orientation, extent and label size; *paper*,
    *orientation*, *title* and *extent* given here override it.  *extent* is
    "town" (the default: the whole town boundary), "filtered" (fit the
    filtered features, the town as context with a locator inset) or (west,
    south, east, north) in degrees (e.g. the live map's view).  The file is
    written under a temporary name and renamed when complete; on any failure
    or cancellation nothing is left.
    """
    out_path = Path(out_path)
    settings = coerce_settings(settings).replace(paper=paper, orientation=orientation, title=check_title(title),
                                                 extent=None if extent is None else check_extent(extent))
    page = check_page(settings.paper, settings.orientation, dpi, fmt or format_from_suffix(out_path, LAYOUT_FORMATS))
    lang = check_lang(lang)
    if settings.logo:
        load_logo(settings.logo)  # a bad logo is refused before anything is written
    reporter = Reporter(progress, cancel)
    with atomic_path(out_path) as tmp:
        reporter.step(0.02, Words("preparing data"))
        scene = build_scene(dataset, road_filter, lang=lang, settings=settings)
        save_scene(scene, tmp, page, reporter.span(0.05, 0.95))
        reporter.step(1.0, Words("done"))
    return out_path


# --------------------------------------------------------------------------
# Small pictures (the export dialog's preview)


def render_page_png(scene: Scene, page: Page, width_px: int = 900) -> bytes:
    """The whole page of *scene* as a small PNG (*width_px* wide), for a preview."""
    import matplotlib

    w_in = page.size_mm[0] / 25.4
    dpi = max(20, width_px / w_in)
    small = Page(page.paper, page.orientation, 150, "png")
    with matplotlib.rc_context(fonts.rc_params()):
        result = draw_page(scene, small)
        buf = BytesIO()
        result.fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def render_map_png(dataset: Dataset, road_filter: RoadFilter | None, *, size_in=(7.4, 5.9), dpi: int = 150,
                   extent=None, lang: str = "zh", settings=None, reporter: Reporter | None = None) -> bytes:
    """A map-only picture (scale bar, north arrow, legend of what is drawn, notice) as PNG bytes."""
    scene = build_scene(dataset, road_filter, lang=check_lang(lang), settings=settings,
                        extent=None if extent is None else check_extent(extent))
    return scene_map_png(scene, size_in=size_in, dpi=dpi, reporter=reporter)


def scene_map_png(scene: Scene, *, size_in=(7.4, 5.9), dpi: int = 150, style: MapStyle | None = None,
                  notice_where: str = "right", reporter: Reporter | None = None, compress_level: int = 6) -> bytes:
    """The map of *scene* alone, *size_in* inches at *dpi*, as PNG bytes; text sizes are points on
    that picture (slides: 11 pt labels at the slide's own size)."""
    import matplotlib

    reporter = reporter or Reporter()
    if style is None:
        f = scene.settings.label_factor
        style = MapStyle(label_pt=10.5 * f, area_label_pt=10 * f, small_pt=10, notice_pt=14, legend_pt=11,
                         line_scale=1.35)
    with matplotlib.rc_context(fonts.rc_params()):
        reporter.step(0.05, Words("drawing the map"))
        sheet = Sheet(size_in[0] * 25.4, size_in[1] * 25.4, dpi, 1.0)
        box = (0.3, 0.3, sheet.w - 0.3, sheet.h - 0.3)
        draw_map(sheet, scene, box, style, notice_where=notice_where, legend_overlay=True,
                 reporter=reporter.span(0.05, 0.8))
        reporter.step(0.8, Words("rendering the image"))
        buf = BytesIO()
        sheet.fig.savefig(buf, format="png", dpi=dpi, facecolor="white",
                          pil_kwargs={"compress_level": compress_level})
    reporter.step(1.0, Words("map image ready"))
    return buf.getvalue()


def map_figure(scene: Scene, size_in, dpi, style: MapStyle, notice_where: str = "right"):
    """The map sheet of *scene* (not saved), for tests and renderers that add to it."""
    sheet = Sheet(size_in[0] * 25.4, size_in[1] * 25.4, dpi, 1.0)
    box = (0.3, 0.3, sheet.w - 0.3, sheet.h - 0.3)
    frame = draw_map(sheet, scene, box, style, notice_where=notice_where, legend_overlay=True)
    return sheet, frame


__all__ = ["Page", "render_layout", "build_page", "draw_page", "render_map_png", "scene_map_png",
           "render_page_png", "check_page", "check_extent", "check_title", "page_size_mm", "pixel_size",
           "literal", "LayoutSettings"]
