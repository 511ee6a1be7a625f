"""OpenStreetMap extracts (``.osm`` XML, ``.osm.pbf``) as planners download them
(Geofabrik, BBBike, an Overpass or JOSM export): the city's road network to
draw under the tracked data, or the alignments of roads the report names.

GDAL's OSM driver reads them (layers ``points``, ``lines``,
``multilinestrings``, ``multipolygons``, ``other_relations``); this module
knows OSM's tagging, so that the fields a planner maps are the ones OSM means:

- the driver gives the tags it has no field for in ``other_tags``; read as
  JSON (:data:`READ_OPTIONS`), the most used of them (``name:en``, ``ref``,
  ``lanes`` ...) become fields of their own and the rest stay in
  ``other_tags`` as JSON text (:func:`with_tag_fields`);
- on roads (a ``highway`` field), two fields state what the tags say:
  ``road_class``, the class of the road (for a road under construction or
  proposed, the class it will have: ``highway=construction`` +
  ``construction=primary`` is ``primary``; ``road``, OSM's unknown class, when
  the tags do not say), and ``lifecycle``: "under
  construction", "proposed" or "in use" (any other highway).  The mapping's
  synonyms turn them into a category and a status;
- the driver's temporary node index goes to the system's temporary folder,
  never the working directory (:func:`driver_config`).
"""
from __future__ import annotations

import contextlib
import json
import tempfile
from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from qxmap.words import Words

#: GDAL's driver name, and the suffixes of its files (``.osm.pbf`` ends in ``.pbf``).
DRIVER = "OSM"
SUFFIXES = (".osm", ".pbf")
#: Dataset open options: ``other_tags`` as a JSON object, not HSTORE text.
READ_OPTIONS = {"TAGS_FORMAT": "JSON"}
#: At most this many keys of ``other_tags`` become fields of their own (the most used first).
MAX_TAG_FIELDS = 24
#: The derived fields on roads.
ROAD_CLASS, LIFECYCLE = "road_class", "lifecycle"
#: ``lifecycle`` values: what a highway tag says about the road.
UNDER_CONSTRUCTION, PROPOSED, IN_USE = "under construction", "proposed", "in use"
#: OSM's class of a road whose class is not known (given to a road under construction or
#: proposed whose tags do not say what it will be).
UNKNOWN_CLASS = "road"
#: Road classes for motor traffic (OSM's highway=*): what a road network is made of.
#: Paths, footways, cycleways, steps, tracks and bus stops are not.
MOTOR_ROADS = ("motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
               "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
               "service", "road", "busway")


def is_osm(suffix: str) -> bool:
    return suffix.lower() in SUFFIXES


@contextlib.contextmanager
def driver_config():
    """GDAL's OSM driver keeps its node index in a temporary SQLite file once it outgrows
    memory: in the current directory unless CPL_TMPDIR says otherwise.  For the length
    of a read it says the system's temporary folder."""
    previous = pyogrio.get_gdal_config_option("CPL_TMPDIR")
    pyogrio.set_gdal_config_options({"CPL_TMPDIR": tempfile.gettempdir()})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"CPL_TMPDIR": previous})


#: highway values that say the road is not there yet, and what lifecycle says for them.
_FUTURE = {"construction": UNDER_CONSTRUCTION, "proposed": PROPOSED}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _tags(value) -> dict[str, str]:
    """One feature's ``other_tags`` (a dict, or JSON text) as {key: text}; {} when empty or unreadable."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}


#: The driver's layers of ways, where a highway tag is a road.
LINE_LAYERS = ("lines", "multilinestrings")


def with_tag_fields(frame: gpd.GeoDataFrame, layer: str | None, notes: list[str]) -> gpd.GeoDataFrame:
    """*frame* (the driver's *layer*, read with :data:`READ_OPTIONS`) with the most used
    keys of ``other_tags`` as fields, and on roads (:data:`LINE_LAYERS`) ``road_class``
    and ``lifecycle`` (see the module docstring); *notes* says what was derived."""
    frame = frame.copy()
    roads = layer in LINE_LAYERS and "highway" in frame.columns
    if layer in LINE_LAYERS + ("multipolygons",):  # what GDAL does with an extract cut out of a bigger map
        notes.append(Words("OSM: a way is drawn from the nodes the file holds: one cut by the edge of the "
                           "extract is shorter, one with none of its nodes is left out"))
    if "other_tags" in frame.columns:
        tags = [_tags(v) for v in frame["other_tags"].tolist()]
        counts = Counter(k for t in tags for k in t)
        taken = set(frame.columns) | ({ROAD_CLASS, LIFECYCLE} if roads else set())
        keys = [k for k, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                if k not in taken and k.lower() != "geometry"][:MAX_TAG_FIELDS]
        at = list(frame.columns).index("other_tags")
        for offset, key in enumerate(keys):
            frame.insert(at + offset, key, pd.Series([t.get(key) for t in tags], index=frame.index, dtype=object))
        chosen = set(keys)
        rest = [{k: v for k, v in t.items() if k not in chosen} for t in tags]
        frame["other_tags"] = pd.Series([json.dumps(r, ensure_ascii=False, sort_keys=True) if r else None
                                         for r in rest], index=frame.index, dtype=object)
        if keys:
            notes.append(Words("OSM: the tags %1 are fields of their own; other tags stay in other_tags",
                               ", ".join(keys)))
    if roads:
        n = len(frame)
        future = {state: frame[state].tolist() if state in frame.columns else [None] * n
                  for state in _FUTURE}
        klass: list[str | None] = []
        life: list[str | None] = []
        for i, value in enumerate(frame["highway"].tolist()):
            if _missing(value):
                klass.append(None)
                life.append(None)
            elif value in _FUTURE:  # highway=construction + construction=primary: a primary road to be
                will_be = future[value][i]  # (no class given: OSM's "road", a road of unknown class)
                klass.append(UNKNOWN_CLASS if _missing(will_be) else str(will_be))
                life.append(_FUTURE[value])
            else:
                klass.append(str(value))
                life.append(IN_USE)
        frame[ROAD_CLASS] = pd.Series(klass, index=frame.index, dtype=object)
        frame[LIFECYCLE] = pd.Series(life, index=frame.index, dtype=object)
        notes.append(Words("OSM: road_class and lifecycle are read from the highway, construction and "
                           "proposed tags"))
    return frame


def motor_road_classes(frame: pd.DataFrame) -> list[str]:
    """The classes of roads for motor traffic in *frame*'s ``road_class`` (what to keep of
    an extract's lines for a road network), most common first; [] when there are none."""
    if ROAD_CLASS not in frame.columns:
        return []
    counts = frame[ROAD_CLASS].dropna().astype(str).value_counts()
    return [str(c) for c in counts.index if c in MOTOR_ROADS]
