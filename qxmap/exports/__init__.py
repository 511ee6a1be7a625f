"""Presentation exports, free of Qt: print layouts, slide decks and tables.

``export(dataset, road_filter, out_path, fmt, **options)`` is the one entry
point (the export dialog and ``qxmap export`` both call it); it checks the
options, then dispatches:

=====  ==================================  ==========================================
fmt    module                              options
=====  ==================================  ==========================================
pdf    layout.render_layout                paper, orientation, dpi, title, extent, lang,
                                           settings
svg    layout.render_layout                (same)
png    layout.render_layout                (same)
pptx   deck.write_deck                     title, extent, lang, settings
csv    tables.write_csv                    lang
xlsx   tables.write_xlsx                   title, lang
=====  ==================================  ==========================================

Every picture-making export draws one :class:`~qxmap.exports.scene.Scene`
(``scene.build_scene``): the filtered records, located or not, the extent
(the whole town by default), counts, notices, labels and legend, computed
once.  ``settings`` is a :class:`~qxmap.exports.settings.LayoutSettings` (or
its ``to_dict()``): title, subtitle, notes, organisation, logo, paper,
orientation, extent and label size, as the UI saves them as named templates;
the flat options given next to it win.  ``snapshot.compose_snapshot`` puts
the live map image into a slide-ready picture.

Every export writes through ``atomicfile.atomic_path``: a failure
(``WriteFailed``, e.g. a missing folder) or a cancellation
(:class:`ExportCancelled`, when ``cancel()`` returns True) leaves no file,
not even the temporary one.  ``progress(fraction, message)`` is called as
the work goes on.  The heavy modules (matplotlib, python-pptx, openpyxl) are
imported only when an export runs.
"""
from __future__ import annotations

from pathlib import Path

from qxmap.atomicfile import WriteFailed
from qxmap.exports.common import CancelFn, ExportCancelled, ProgressFn
from qxmap.words import Words

__all__ = ["export", "preview", "ExportCancelled", "WriteFailed", "FORMATS", "FORMAT_OPTIONS", "check_options",
           "format_for"]

FORMATS = ("png", "pdf", "svg", "pptx", "csv", "xlsx")
_LAYOUT_OPTIONS = ("paper", "orientation", "dpi", "title", "extent", "lang", "settings")
FORMAT_OPTIONS = {
    "png": _LAYOUT_OPTIONS,
    "pdf": _LAYOUT_OPTIONS,
    "svg": _LAYOUT_OPTIONS,
    "pptx": ("title", "extent", "lang", "settings"),
    "csv": ("lang",),
    "xlsx": ("title", "lang"),
}


def format_for(out_path, fmt: str | None = None) -> str:
    """The export format: *fmt* if given (checked against the file suffix), else the suffix."""
    suffix = Path(out_path).suffix.lower().lstrip(".")
    if fmt is None:
        if not suffix:
            raise ValueError(Words("cannot tell the format of %1: give a format (%2) or a file name ending in one "
                                   "of them", repr(str(out_path)), ', '.join(FORMATS)))
        fmt = suffix
    if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
        raise ValueError(Words("unknown export format %1 (expected one of: %2)", repr(fmt), ', '.join(FORMATS)))
    fmt = fmt.lower()
    if suffix in FORMATS and suffix != fmt:
        raise ValueError(Words("the file name ends in .%1 but the format is %2", suffix, fmt))
    return fmt


def check_options(fmt: str, options: dict) -> dict:
    """The options that apply to *fmt* (None values dropped), checked; ValueError names the bad one."""
    if fmt not in FORMATS:
        raise ValueError(Words("unknown export format %1 (expected one of: %2)", repr(fmt), ', '.join(FORMATS)))
    given = {k: v for k, v in options.items() if v is not None}
    allowed = FORMAT_OPTIONS[fmt]
    for key in given:
        if key not in allowed:
            raise ValueError(Words("option %1 does not apply to %2 exports (%2 takes: %3)", repr(key), fmt,
                                   ', '.join(allowed)))
    from qxmap.exports import layout
    from qxmap.exports.common import check_lang
    from qxmap.exports.settings import coerce_settings, load_logo

    if "lang" in given:
        check_lang(given["lang"])
    if "title" in given:
        given["title"] = layout.check_title(given["title"])
    if "extent" in given:
        given["extent"] = layout.check_extent(given["extent"])
    settings = None
    if "settings" in given:
        settings = given["settings"] = coerce_settings(given["settings"])
        if settings.logo:
            load_logo(settings.logo)  # not an image: refused before anything is written
    if fmt in ("png", "pdf", "svg"):
        layout.check_page(given.get("paper", settings.paper if settings else "A4"),
                          given.get("orientation", settings.orientation if settings else "landscape"),
                          given.get("dpi", 300), fmt)
    return given


def export(dataset, road_filter, out_path, fmt: str | None = None, *, progress: ProgressFn = None,
           cancel: CancelFn = None, **options) -> Path:
    """Export *dataset* under *road_filter* to *out_path* as *fmt* (default: from the suffix).

    Raises ValueError for a bad format or option (before anything is
    written), ``WriteFailed`` when the file cannot be written, and
    ``ExportCancelled`` when *cancel* returned True; in the last two cases
    no file is left behind.  Returns the path written.
    """
    out_path = Path(out_path)
    fmt = format_for(out_path, fmt)
    options = check_options(fmt, options)
    if out_path.is_dir():
        raise ValueError(Words("%1 is a folder: give a file name", out_path))
    if fmt in ("png", "pdf", "svg"):
        from qxmap.exports.layout import render_layout

        return render_layout(dataset, road_filter, out_path, fmt=fmt, progress=progress, cancel=cancel, **options)
    if fmt == "pptx":
        from qxmap.exports.deck import write_deck

        return write_deck(dataset, road_filter, out_path, progress=progress, cancel=cancel, **options)
    if fmt == "csv":
        from qxmap.exports.tables import write_csv

        return write_csv(dataset, road_filter, out_path, progress=progress, cancel=cancel, **options)
    from qxmap.exports.tables import write_xlsx

    return write_xlsx(dataset, road_filter, out_path, progress=progress, cancel=cancel, **options)


def preview(dataset, road_filter, fmt: str = "pdf", *, width_px: int = 800, **options) -> bytes:
    """A small PNG of what an export of *fmt* with *options* will look like, for the export dialog:
    the whole page of a print layout (title, map, legend, lists, footer), the overview slide's map
    picture of a deck, or (tables) the map of the filtered records.  Options are checked as
    :func:`export` checks them (ValueError)."""
    if not isinstance(width_px, int) or not (100 <= width_px <= 4000):
        raise ValueError(Words("width_px must be a whole number from 100 to 4000, not %1", repr(width_px)))
    fmt = format_for(f"preview.{fmt}", fmt)
    options = check_options(fmt, options)
    from qxmap.exports.scene import build_scene

    settings = options.get("settings")
    if settings is not None or any(k in options for k in ("paper", "orientation", "title", "extent")):
        from qxmap.exports.settings import coerce_settings

        settings = coerce_settings(settings).replace(paper=options.get("paper"),
                                                     orientation=options.get("orientation"),
                                                     title=options.get("title"), extent=options.get("extent"))
    scene = build_scene(dataset, road_filter, lang=options.get("lang", "zh"), settings=settings)
    if fmt in ("png", "pdf", "svg"):
        from qxmap.exports.layout import Page, render_page_png

        return render_page_png(scene, Page(scene.settings.paper, scene.settings.orientation, 150, "png"), width_px)
    from qxmap.exports.layout import scene_map_png

    w_in = 7.3
    return scene_map_png(scene, size_in=(w_in, w_in * 0.69), dpi=max(20, width_px / w_in))
