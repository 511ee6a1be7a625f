"""Where qxmap finds its bundled files, installed or in a checkout.

In a wheel, geodata/ and resources/ travel inside the package as
``qxmap/_bundled``; in a source checkout (or an editable install) they are
the top-level folders next to the package.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled_root() -> Path:
    inside = _PACKAGE / "_bundled"
    if (inside / "resources").is_dir():
        return inside
    return _PACKAGE.parent


def resources_dir() -> Path:
    return _bundled_root() / "resources"


def geodata_dir() -> Path:
    return _bundled_root() / "geodata"


def bundled_dataset() -> Path:
    """The Qingxi dataset that ships with qxmap."""
    return geodata_dir() / "qingxi"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def cjk_font_file() -> Path | None:
    """A free (OFL) CJK font from the mplfonts package, or None if missing.

    Found without importing mplfonts (which imports matplotlib: a noticeable
    part of start-up for a file path)."""
    import importlib.util

    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - declared dependency
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / "NotoSansCJKsc-Regular.otf"
        if path.is_file():
            return path
    return None


def log_file() -> Path:
    """Where the app writes Qt's and Chromium's messages (the terminal stays quiet;
    ``qxmap --verbose`` shows them instead). QXMAP_LOG overrides."""
    import os

    override = os.environ.get("QXMAP_LOG")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("qxmap", appauthor=False)) / "qxmap.log"
