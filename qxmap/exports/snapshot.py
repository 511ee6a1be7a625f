"""The composed snapshot: the live map image made into a slide-ready picture.

The UI takes the map image from the page (without the map's own controls)
at a pixel ratio *scale* (2 for a "2x" snapshot) and hands it here with the
scene of what the map shows and the view's metres per pixel;
:func:`compose_snapshot` adds the title, the filter in words, the legend of
what is drawn, a north arrow, a scale bar, the notice about unlocated
records, the source, the accuracy note and the date, and returns PNG bytes.

- ``aspect="16:9"``: a 16:9 picture: a header band (title, filter), the map
  at its own pixel size (never resampled), a legend panel on its right and a
  footer band; the picture is widened or heightened to 16:9 with white.
- ``aspect="map"``: the map's own size and aspect; title, legend, scale bar,
  north arrow and footer are drawn over the map in white boxes.

Sizes are CSS pixels times *scale* (a 14 pt text is 14 * 96/72 * scale
pixels), so a 2x snapshot has 2x text, as the map image has.  Text is drawn
with the bundled CJK font, literal (``mapart.literal``: no mathtext, no
control characters, a character the font lacks as its code point).
"""
from __future__ import annotations

from io import BytesIO

import numpy as np

from qxmap.exports import fonts
from qxmap.exports.mapart import Sheet, draw_symbol, km_label, literal, nice_length_km
from qxmap.exports.scene import INK, MUTED, Scene
from qxmap.words import Words

ASPECTS = ("16:9", "map")
#: The largest map image accepted (pixels).
MAX_PIXELS = 60_000_000
GREY = "#555555"
WARN = "#9a3412"


def _decode(map_png) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError

    if not isinstance(map_png, (bytes, bytearray, memoryview)):
        raise ValueError(Words("the map image must be PNG bytes, not %1", type(map_png).__name__))
    try:
        with Image.open(BytesIO(bytes(map_png))) as im:
            if im.format not in ("PNG", "JPEG"):
                raise ValueError(Words("the map image must be a PNG (it is %1)", im.format))
            if im.width * im.height > MAX_PIXELS or im.width < 16 or im.height < 16:
                raise ValueError(Words("the map image has an unusable size (%1 x %2)", im.width, im.height))
            return np.asarray(im.convert("RGBA"))
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValueError(Words("the map image is not a PNG image")) from None


def _legend_entries(scene: Scene):
    # The live map draws no mask and hides what the filter leaves out.
    return [e for e in scene.legend if e.symbol != "mask" and e.style.get("color") != MUTED]


def compose_snapshot(map_png: bytes, scene: Scene, scale: float = 2.0, aspect: str = "16:9", *,
                     metres_per_px: float | None = None, title: str | None = None) -> bytes:
    """The live map image *map_png* composed for a slide; PNG bytes.

    *scale* is the pixel ratio the map was taken at (1, 2, 3: the image has
    *scale* pixels per CSS pixel); *metres_per_px* is the view's ground
    metres per CSS pixel at the map's centre (what the page reports; None:
    no scale bar).  *aspect* is "16:9" or "map".  *title* overrides the
    scene's title.  ValueError for a bad image, scale or aspect.
    """
    import matplotlib

    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not (0.5 <= float(scale) <= 4):
        raise ValueError(Words("scale must be a number from 0.5 to 4, not %1", repr(scale)))
    if aspect not in ASPECTS:
        raise ValueError(Words("aspect must be one of %1, not %2", ', '.join(ASPECTS), repr(aspect)))
    if metres_per_px is not None:
        if isinstance(metres_per_px, bool) or not isinstance(metres_per_px, (int, float)) \
                or not np.isfinite(metres_per_px) or metres_per_px <= 0:
            raise ValueError(Words("metres_per_px must be a positive number, not %1", repr(metres_per_px)))
    image = _decode(map_png)
    scale = float(scale)
    with matplotlib.rc_context(fonts.rc_params()):
        if aspect == "map":
            fig = _compose_over(image, scene, scale, metres_per_px, title or scene.title)
        else:
            fig = _compose_169(image, scene, scale, metres_per_px, title or scene.title)
        buf = BytesIO()
        fig.savefig(buf, format="png", dpi=fig.dpi, facecolor="white", pil_kwargs={"compress_level": 3},
                    metadata={"Title": literal(title or scene.title), "Software": "qxmap"})
    return buf.getvalue()


class _Canvas:
    """A Sheet sized in pixels, laid out in CSS pixels (``px``) times the scale."""

    def __init__(self, width_px: int, height_px: int, scale: float):
        self.dpi = 96.0 * scale
        self.scale = scale
        self.sheet = Sheet(width_px / self.dpi * 25.4, height_px / self.dpi * 25.4, self.dpi, 1.0,
                           figsize=(width_px / self.dpi, height_px / self.dpi))
        self.W, self.H = width_px, height_px

    def mm(self, css_px: float) -> float:
        """CSS pixels to the sheet's millimetres."""
        return css_px / 96.0 * 25.4

    def pmm(self, image_px: float) -> float:
        """Image pixels to millimetres."""
        return image_px / self.dpi * 25.4

    def text(self, x_css, y_css, text, size, **kw):
        """Text at CSS pixel position (from the bottom left)."""
        return self.sheet.text(self.mm(x_css), self.mm(y_css), text, size, **kw)


def _text_w_css(canvas: _Canvas, text: str, size: float) -> float:
    return canvas.sheet.measure_mm(text, size) / 25.4 * 96.0


def _footer_lines(scene: Scene) -> list[tuple[str, str]]:
    zh = scene.zh
    caution = scene.caution
    acc = scene.accuracy_note + (("；" if zh else "; ") + caution if caution else "")
    date = ("制图日期：" if zh else "Date: ") + scene.date
    return [(acc, WARN if caution else GREY), (scene.source + "　" + date, GREY)]


def _draw_legend(canvas: _Canvas, scene: Scene, x_css, top_css, width_css, size=13.0, box=False) -> float:
    """Legend rows from *top_css* down; returns the height used (CSS px)."""
    sheet = canvas.sheet
    entries = _legend_entries(scene)
    row = size * 1.5 * 96 / 72
    sample = 30.0
    head = ("图例" if scene.zh else "Legend")
    h = row * (len(entries) + 1.2) + 8
    if box:
        from matplotlib.patches import FancyBboxPatch

        sheet.page.add_patch(FancyBboxPatch((canvas.mm(x_css - 8), canvas.mm(top_css - h - 4)), canvas.mm(width_css + 16),
                                            canvas.mm(h + 10), boxstyle=f"round,pad=0,rounding_size={canvas.mm(5)}",
                                            facecolor=(1, 1, 1, 0.92), edgecolor="#999999",
                                            linewidth=0.6, zorder=1))
    canvas.text(x_css, top_css, head, size * 1.1, ha="left", va="top", weight="bold", zorder=3)
    y = top_css - row * 1.2
    for e in entries:
        cy = y - row / 2
        draw_symbol(sheet, e, canvas.mm(x_css), canvas.mm(cy), canvas.mm(sample), canvas.mm(row),
                    line_scale=1.2)
        label = e.label + (f"（{e.count}）" if scene.zh else f" ({e.count})") if e.count is not None else e.label
        art = canvas.text(x_css + sample + 8, cy, label, size, ha="left", va="center", zorder=3)
        sheet.fit(art, canvas.mm(width_css - sample - 8))
        y -= row
    return h


def _legend_width(canvas: _Canvas, scene: Scene, size=13.0) -> float:
    widths = [_text_w_css(canvas, e.label + ("（000）" if e.count is not None else ""), size)
              for e in _legend_entries(scene)]
    return min(max(widths + [80.0]) + 38 + 10, 320.0)


def _north(canvas: _Canvas, x_css, y_css, size_css=26.0, box=True) -> None:
    from matplotlib.patches import FancyBboxPatch, Polygon

    sheet = canvas.sheet
    m = canvas.mm
    if box:
        sheet.page.add_patch(FancyBboxPatch((m(x_css - size_css * 0.7), m(y_css - size_css * 0.75)),
                                            m(size_css * 1.4), m(size_css * 2.1),
                                            boxstyle=f"round,pad=0,rounding_size={m(4)}", facecolor=(1, 1, 1, 0.9),
                                            edgecolor="#999999", linewidth=0.5, zorder=1))
    tip, left, right, notch = ((x_css, y_css + size_css * 0.75), (x_css - size_css * 0.38, y_css - size_css * 0.45),
                               (x_css + size_css * 0.38, y_css - size_css * 0.45), (x_css, y_css - size_css * 0.15))
    pts = lambda ps: [(m(a), m(b)) for a, b in ps]  # noqa: E731
    sheet.page.add_patch(Polygon(pts([tip, left, notch]), closed=True, facecolor="white", edgecolor=INK,
                                 linewidth=0.8, zorder=2))
    sheet.page.add_patch(Polygon(pts([tip, notch, right]), closed=True, facecolor=INK, edgecolor=INK,
                                 linewidth=0.8, zorder=2))
    canvas.text(x_css, y_css + size_css * 0.8, "N", 12, ha="center", va="bottom", zorder=3)


def _scale_bar(canvas: _Canvas, x_css, y_css, map_w_css, metres_per_px) -> None:
    """A scale bar with its left end at (x, y) CSS px; *metres_per_px* per CSS pixel."""
    from matplotlib.patches import FancyBboxPatch, Rectangle

    if not metres_per_px:
        return
    sheet = canvas.sheet
    m = canvas.mm
    km = nice_length_km(0.18 * map_w_css * metres_per_px / 1000.0)
    bar = km * 1000.0 / metres_per_px  # CSS px
    sheet.page.add_patch(FancyBboxPatch((m(x_css - 8), m(y_css - 22)), m(bar + 52), m(46),
                                        boxstyle=f"round,pad=0,rounding_size={m(4)}", facecolor=(1, 1, 1, 0.9),
                                        edgecolor="#999999", linewidth=0.5, zorder=1))
    n = 4
    for i in range(n):
        sheet.page.add_patch(Rectangle((m(x_css + i * bar / n), m(y_css)), m(bar / n), m(5),
                                       facecolor=INK if i % 2 == 0 else "white", edgecolor=INK,
                                       linewidth=0.6, zorder=2))
    canvas.text(x_css, y_css - 3, "0", 11, ha="center", va="top", zorder=3)
    canvas.text(x_css + bar, y_css - 3, km_label(km) + " km", 11, ha="center", va="top", zorder=3)


def _notice(canvas: _Canvas, scene: Scene, cx_css, top_css, max_w_css, where="table") -> None:
    text = scene.unlocated_notice(where)
    if not text:
        return
    art = canvas.text(cx_css, top_css, text, 14, ha="center", va="top", color=WARN, zorder=4)
    art.set_bbox(dict(boxstyle="round,pad=0.5", facecolor=(1, 1, 1, 0.94), edgecolor=WARN,
                      linewidth=1.2))
    canvas.sheet.fit(art, canvas.mm(max_w_css))


def _compose_169(image, scene: Scene, scale: float, mpp, title: str):
    ih, iw = image.shape[:2]
    map_w, map_h = iw / scale, ih / scale  # CSS px
    # Measure on a scratch canvas for the legend width.
    probe = _Canvas(200, 200, scale)
    pad = 24.0
    legend_w = _legend_width(probe, scene)
    header_h = 92.0
    footer_h = 66.0
    content_w = pad + map_w + pad + legend_w + pad
    content_h = header_h + map_h + footer_h
    W, H = content_w, content_h
    if W / H < 16 / 9:
        W = H * 16 / 9
    else:
        H = W * 9 / 16
    Wpx, Hpx = int(round(W * scale)), int(round(H * scale))
    canvas = _Canvas(Wpx, Hpx, scale)
    W, H = Wpx / scale, Hpx / scale
    left = (W - content_w) / 2 + pad
    map_y = footer_h + (H - content_h) / 2  # bottom of the map, CSS px from the bottom
    canvas.sheet.fig.figimage(image, xo=int(round(left * scale)), yo=int(round(map_y * scale)), origin="upper",
                              zorder=0)
    sheet = canvas.sheet
    from matplotlib.patches import Rectangle

    sheet.page.add_patch(Rectangle((canvas.mm(left), canvas.mm(map_y)), canvas.mm(map_w), canvas.mm(map_h),
                                   facecolor="none", edgecolor=INK, linewidth=0.8, zorder=2))
    top = map_y + map_h + header_h - 16
    t = canvas.text(left, top, title, 26, ha="left", va="top")
    sheet.fit(t, canvas.mm(W - left - pad))
    st = canvas.text(left, top - 44, scene.subtitle, 15, ha="left", va="top", color=GREY)
    sheet.fit(st, canvas.mm(W - left - pad))
    lx = left + map_w + pad
    _draw_legend(canvas, scene, lx, map_y + map_h, legend_w)
    _north(canvas, left + map_w - 28, map_y + map_h - 50)
    _scale_bar(canvas, left + 16, map_y + 30, map_w, mpp)
    _notice(canvas, scene, left + map_w / 2, map_y + map_h - 14, map_w * 0.8)
    y = map_y - 30
    for text, color in _footer_lines(scene):
        art = canvas.text(left, y, text, 12, ha="left", va="bottom", color=color)
        sheet.fit(art, canvas.mm(W - left - pad))
        y -= 21
    return sheet.fig


def _compose_over(image, scene: Scene, scale: float, mpp, title: str):
    from matplotlib.patches import FancyBboxPatch, Rectangle

    ih, iw = image.shape[:2]
    canvas = _Canvas(iw, ih, scale)
    W, H = iw / scale, ih / scale
    sheet = canvas.sheet
    sheet.fig.figimage(image, xo=0, yo=0, origin="upper", zorder=0)
    m = canvas.mm
    # Title box, top left.
    t = canvas.text(18, H - 16, title, 22, ha="left", va="top", zorder=3)
    sheet.fit(t, m(W * 0.62))
    st = canvas.text(18, H - 52, scene.subtitle, 13, ha="left", va="top", color=GREY, zorder=3)
    sheet.fit(st, m(W * 0.62))
    tw = max(sheet.width_mm(t), sheet.width_mm(st)) / 25.4 * 96
    sheet.page.add_patch(FancyBboxPatch((m(8), m(H - 84)), m(tw + 22), m(76),
                                        boxstyle=f"round,pad=0,rounding_size={m(5)}", facecolor=(1, 1, 1, 0.9),
                                        edgecolor="#999999", linewidth=0.5, zorder=1))
    # Footer strip.
    lines = _footer_lines(scene)
    strip = 20 * len(lines) + 10
    sheet.page.add_patch(Rectangle((0, 0), m(W), m(strip), facecolor=(1, 1, 1, 0.88), edgecolor="none", zorder=1))
    y = 7
    for text, color in reversed(lines):
        art = canvas.text(12, y, text, 11, ha="left", va="bottom", color=color, zorder=3)
        sheet.fit(art, m(W - 24))
        y += 20
    lw = _legend_width(canvas, scene, 12.0)
    n_rows = len(_legend_entries(scene))
    legend_h = 12 * 1.5 * 96 / 72 * (n_rows + 1.2) + 8
    _draw_legend(canvas, scene, W - lw - 18, strip + 18 + legend_h, lw, size=12.0, box=True)
    _north(canvas, W - 32, H - 48)
    _scale_bar(canvas, 26, strip + 34, W, mpp)
    _notice(canvas, scene, W / 2, H - 100, W * 0.7)
    return sheet.fig
