"""The coordinate transformations qxmap uses again and again, each made once.

Making a pyproj Transformer looks its operation up in PROJ's database (50 to
100 ms); using one is fast, and pyproj's Transformer may be shared between
threads (pyproj 3.1 and later).  Loading a workspace (road lengths), an import
(the file's CRS to WGS-84), an edit (lengths in metres) and a print layout all
ask here instead of making their own.
"""
from __future__ import annotations

from functools import lru_cache

from pyproj import Transformer

from qxmap import schema


@lru_cache(maxsize=64)
def transformer(source: str, target: str) -> Transformer:
    """From *source* to *target* (EPSG codes, WKT, PROJ strings), in x/y (lon/lat) order."""
    return Transformer.from_crs(source, target, always_xy=True)


def to_metric() -> Transformer:
    """WGS-84 lon/lat to the metric CRS lengths and areas are measured in."""
    return transformer("EPSG:4326", schema.METRIC_CRS)


_ahead: set = set()


def make_ahead(make=to_metric) -> None:
    """``make()`` in a thread of its own, once a process: making a Transformer runs outside
    the GIL, so the one a load will want (road lengths) is there by then instead of
    costing the load 60-90 ms when it first asks."""
    import threading

    if make in _ahead:
        return
    _ahead.add(make)
    threading.Thread(target=make, name="qxmap-proj-ahead", daemon=True).start()


def from_metric() -> Transformer:
    return transformer(schema.METRIC_CRS, "EPSG:4326")


def transform_columns(transformer: Transformer, coords):
    """(x, y) of the (n, 2) array *coords* through *transformer*.  The columns are handed
    to pyproj as contiguous arrays: a column of *coords* is strided, and pyproj takes
    about a fifth longer over a strided array (the same numbers)."""
    import numpy as np

    return transformer.transform(np.ascontiguousarray(coords[:, 0]), np.ascontiguousarray(coords[:, 1]))
