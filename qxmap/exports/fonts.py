"""The CJK font every export draws Chinese with, from the install, not the system.

The font is Noto Sans CJK SC (SIL Open Font License) from the ``mplfonts``
package (``paths.cjk_font_file()``), so Chinese renders on a machine that has
no Chinese font installed.  It is registered with matplotlib once and every
text of a print layout names it by file (``font(size)``), so a system font of
the same family name can never be picked instead.

PDF: the font is OpenType with CFF outlines.  matplotlib's Type 42 path
(``pdf.fonttype`` 42) embeds that CFF data as if it were TrueType
(``/CIDFontType2`` with ``/FontFile2``), which readers flag as a font-type
mismatch; Type 3 (``pdf.fonttype`` 3, matplotlib's default) embeds a valid
subset font with a ``/ToUnicode`` map, so the text stays text: searchable,
selectable and extractable (pypdf, pdftotext).  ``RC`` therefore pins Type 3.
SVG: text is written as paths (``svg.fonttype`` "path") so the file looks the
same on a machine without the font; the PDF is the searchable format.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from qxmap.paths import cjk_font_file
from qxmap.words import Words

#: Family name of the bundled font as matplotlib reads it.
FAMILY = "Noto Sans CJK SC"

#: matplotlib settings every export renders under (see the module docstring).
RC = {
    "pdf.fonttype": 3,
    "ps.fonttype": 3,
    "svg.fonttype": "path",
    "axes.unicode_minus": False,  # the CJK font's own hyphen-minus, no U+2212 lookup
    "path.simplify": True,
    # Text from data is literal: no mathtext ("$...$"), no LaTeX, whatever a matplotlibrc says.
    "text.parse_math": False,
    "text.usetex": False,
}

#: Font for Chinese text in slide decks: present on Windows and mapped by
#: LibreOffice; a viewer without it substitutes its own CJK font.
PPTX_FONT = "Microsoft YaHei"


class FontMissing(RuntimeError):
    """The bundled CJK font is not installed (the mplfonts package is missing)."""


@lru_cache(maxsize=1)
def font_file() -> Path:
    """The bundled CJK font file, registered with matplotlib (once)."""
    path = cjk_font_file()
    if path is None:
        raise FontMissing(Words("the Chinese font (NotoSansCJKsc-Regular.otf from the mplfonts package) "
                                "is not installed; reinstall qxmap with its dependencies"))
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return path


def rc_params() -> dict:
    """``RC`` plus the font family, for ``matplotlib.rc_context``."""
    font_file()
    return dict(RC, **{"font.family": [FAMILY, "DejaVu Sans"]})


def font(size: float, **kwargs):
    """FontProperties of the bundled font at *size* points."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(font_file()), size=size, **kwargs)


# --------------------------------------------------------------------------
# Characters the font lacks

#: What a character no font here can draw becomes (never the font's empty box, "tofu").
MISSING_FORMAT = "[U+{:04X}]"


@lru_cache(maxsize=1)
def _ft_font():
    from matplotlib import ft2font

    return ft2font.FT2Font(str(font_file()))


@lru_cache(maxsize=4096)
def has_glyph(char: str) -> bool:
    """True if the bundled font draws *char* (a space or a line break always counts as drawn)."""
    if char in " \t\n\r\u3000":
        return True
    return _ft_font().get_char_index(ord(char)) != 0


def drawable(text: str) -> str:
    """*text* with every character the bundled font lacks replaced by its code point, e.g. "[U+20000]".

    The bundled Noto Sans CJK SC covers the common ideographs, CJK extension A
    and about 2,000 of extension B (e.g. U+20BB7 "𠮷"); a rarer character (e.g.
    U+20000) would otherwise be drawn as an empty box that reads as a different
    name.  The code point keeps the name exact and visibly marks what could not
    be drawn; the PPTX and the tables keep the character itself (the viewer
    picks a font)."""
    if text.isascii():
        return text
    return "".join(ch if has_glyph(ch) else MISSING_FORMAT.format(ord(ch)) for ch in text)
