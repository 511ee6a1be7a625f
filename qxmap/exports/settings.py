"""Layout settings: what a planner chooses for a print layout or a deck, as one value.

:class:`LayoutSettings` holds the title, subtitle, notes, organisation name,
logo image, paper, orientation, extent choice and label size of an export.
``to_dict()`` gives plain JSON-able data and ``from_dict()`` reads it back, so
the UI can save named templates (e.g. in its settings file) and the CLI can
take one with ``--template FILE.json``.

A template is untrusted input (it may come from a colleague): ``from_dict``
checks every value and raises ``ValueError`` naming the field; keys it does
not know are ignored (a template from a newer version still loads).  The logo
is checked when it is used (:func:`load_logo`): a file that is not a PNG,
JPEG, GIF, BMP or WebP image, or is too large, is refused with a message
naming the file, before anything is written.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from qxmap.words import Words

PAPERS = ("A4", "A3")
ORIENTATIONS = ("portrait", "landscape")
EXTENTS = ("town", "filtered")
LABEL_SIZES = ("small", "normal", "large")
#: Label size factor of each LABEL_SIZES choice.
LABEL_FACTORS = {"small": 0.85, "normal": 1.0, "large": 1.25}

MAX_TITLE = 120
MAX_SUBTITLE = 200
MAX_NOTES = 2000
MAX_ORGANISATION = 80
MAX_PATH = 1000
#: A logo larger than this is refused (bytes, pixels).
MAX_LOGO_BYTES = 10 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000
LOGO_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")


def _one_line(value, field: str, limit: int) -> str | None:
    """Text on one line (runs of white space made one space), None when blank; ValueError if not text
    or longer than *limit*."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(Words("%1 must be text, not %2", field, type(value).__name__))
    text = " ".join(value.split())
    if len(text) > limit:
        raise ValueError(Words("%1 is too long (at most %2 characters)", field, limit))
    from qxmap.exports.common import drawn_text

    return text if drawn_text(text).strip() else None


def check_title(title) -> str | None:
    """The title on one line, or None (the default title) when it has nothing to show."""
    return _one_line(title, "title", MAX_TITLE)


def check_extent(extent):
    """'town', 'filtered' or (west, south, east, north) in degrees (a list is taken as a tuple)."""
    message = Words("extent must be 'town', 'filtered' or (west, south, east, north), not %1", repr(extent))
    if isinstance(extent, str):
        if extent not in EXTENTS:
            raise ValueError(message)
        return extent
    if isinstance(extent, (bytes, dict)) or extent is None:
        raise ValueError(message)
    try:
        values = list(extent)
    except TypeError:
        raise ValueError(message) from None
    if len(values) != 4 or any(isinstance(v, (bool, str, bytes)) for v in values):
        raise ValueError(message)
    try:
        west, south, east, north = (float(v) for v in values)
    except (TypeError, ValueError):
        raise ValueError(message) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError(Words("extent values must be finite numbers"))
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(Words("extent (%1, %2, %3, %4) is not west < east, south < north in degrees", west, south,
                               east, north))
    return (west, south, east, north)


@dataclass(frozen=True)
class LayoutSettings:
    """The choices of one print layout or deck (see the module docstring)."""

    title: str | None = None
    subtitle: str | None = None
    notes: str | None = None
    organisation: str | None = None
    logo: str | None = None
    paper: str = "A4"
    orientation: str = "landscape"
    extent: object = "town"  # "town", "filtered" or (west, south, east, north) in degrees
    label_size: str = "normal"

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "title", check_title(self.title))
        set_(self, "subtitle", _one_line(self.subtitle, "subtitle", MAX_SUBTITLE))
        if self.notes is not None:
            if not isinstance(self.notes, str):
                raise ValueError(Words("%1 must be text, not %2", "notes", type(self.notes).__name__))
            if len(self.notes) > MAX_NOTES:
                raise ValueError(Words("notes are too long (at most %1 characters)", MAX_NOTES))
            set_(self, "notes", self.notes.strip() or None)
        set_(self, "organisation", _one_line(self.organisation, "organisation", MAX_ORGANISATION))
        if self.logo is not None:
            if isinstance(self.logo, Path):
                set_(self, "logo", str(self.logo))
            if not isinstance(self.logo, str):
                raise ValueError(Words("logo must be a file path, not %1", type(self.logo).__name__))
            if len(self.logo) > MAX_PATH or "\x00" in self.logo:
                raise ValueError(Words("logo is not a valid file path"))
            set_(self, "logo", self.logo.strip() or None)
        if self.paper not in PAPERS:
            raise ValueError(Words("paper must be one of %1, not %2", ', '.join(PAPERS), repr(self.paper)))
        if self.orientation not in ORIENTATIONS:
            raise ValueError(Words("orientation must be one of %1, not %2", ', '.join(ORIENTATIONS),
                                   repr(self.orientation)))
        set_(self, "extent", check_extent(self.extent))
        if self.label_size not in LABEL_SIZES:
            raise ValueError(Words("label_size must be one of %1, not %2", ', '.join(LABEL_SIZES),
                                   repr(self.label_size)))

    @property
    def label_factor(self) -> float:
        return LABEL_FACTORS[self.label_size]

    def replace(self, **changes) -> "LayoutSettings":
        """A copy with *changes* (None values are ignored), checked."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict:
        data = asdict(self)
        if isinstance(self.extent, tuple):
            data["extent"] = list(self.extent)
        return data

    @classmethod
    def from_dict(cls, data) -> "LayoutSettings":
        """Settings from saved data (untrusted): every value checked, unknown keys ignored."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(Words("layout settings must be a mapping, not %1", type(data).__name__))
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        for key in ("paper", "orientation", "label_size"):
            if key in known and not isinstance(known[key], str):
                raise ValueError(Words("%1 must be text, not %2", key, type(known[key]).__name__))
        if known.get("extent") is None:
            known.pop("extent", None)
        for key in ("paper", "orientation", "label_size"):
            if known.get(key) is None:
                known.pop(key, None)
        return cls(**known)


def coerce_settings(settings) -> LayoutSettings:
    """*settings* as LayoutSettings (None for the defaults, a mapping read by ``from_dict``)."""
    if settings is None:
        return LayoutSettings()
    if isinstance(settings, LayoutSettings):
        return settings
    return LayoutSettings.from_dict(settings)


def load_logo(path):
    """The logo at *path* as an RGBA numpy array; ValueError with a clear message when it is not an image."""
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    p = Path(path)
    try:
        if not p.is_file():
            raise ValueError(Words("logo %1 is not a file", p) if p.exists() else Words("logo %1 does not exist", p))
        size = p.stat().st_size
    except OSError as exc:
        raise ValueError(Words("logo %1 cannot be read: %2", p, exc.strerror or exc)) from None
    if size > MAX_LOGO_BYTES:
        raise ValueError(Words("logo %1 is too large (%2 KB; at most %3 MB)", p, size // 1024,
                               MAX_LOGO_BYTES // 1024 // 1024))
    try:
        with Image.open(p) as im:
            if im.format not in LOGO_FORMATS:
                raise ValueError(Words("logo %1 is not a PNG or JPEG image (it is %2)", p, im.format))
            if im.width * im.height > MAX_LOGO_PIXELS:
                raise ValueError(Words("logo %1 is too large (%2 x %3 pixels)", p, im.width, im.height))
            im.load()
            rgba = im.convert("RGBA")
    except ValueError:
        raise
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValueError(Words("logo %1 is not an image (PNG or JPEG expected): %2", p, type(exc).__name__)) from None
    return np.asarray(rgba)
