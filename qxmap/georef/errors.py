"""The one error of the georeferencing package."""
from __future__ import annotations

__all__ = ["GeorefError", "Issue"]

from typing import NamedTuple


class GeorefError(ValueError):
    """A drawing cannot be placed: too few or bad control points, a file that
    is not an image, an image too large, an unreadable world file...

    ``code`` is a short stable word the UI can translate (``too_few_points``,
    ``collinear``, ``duplicate_points``, ``not_an_image``, ``too_large``,
    ``bad_world_file``, ``unknown_crs``, ``no_pdf_library``, ...); ``str(err)``
    is the English sentence, naming the file or the point(s) concerned.
    """

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


class Issue(NamedTuple):
    """A problem (makes a fit not acceptable) or a note (a warning) of a fit."""

    code: str
    text: str
