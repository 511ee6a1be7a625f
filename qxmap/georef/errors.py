"""The one error of the georeferencing package."""
from __future__ import annotations

__all__ = ["GeorefError", "Issue", "finite_number"]

import math
from typing import Any, NamedTuple

import numpy as np

from qxmap.words import Words


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


def finite_number(value: Any, what: str, code: str = "bad_value") -> float:
    """*value* as a float; GeorefError *code* naming *what* for a non-number (a bool
    too), NaN or an infinity."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise GeorefError(code, Words("%1: expected a number, got %2", what, type(value).__name__))
    out = float(value)
    if not math.isfinite(out):
        raise GeorefError(code, Words("%1: not a finite number: %2", what, repr(value)))
    return out
