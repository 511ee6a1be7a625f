"""Load a qxmap dataset and check it against the schema.

A dataset is a folder of GeoJSON layers (``roads.geojson``, ...), a single
GeoJSON (one layer named by the file, or features carrying a ``layer``
property), or a GeoPackage.  GeoJSON is parsed here (Python's json, our own
geometry checks); GeoPackages are read through pyogrio.  Every problem found
is collected (file, feature, field, bad value, what was expected) and
reported at once in a :class:`DatasetError`, so that a planner can fix a file
in one pass instead of one error at a time.

Input is untrusted: whatever the bytes, loading ends either in a
:class:`Dataset` or in a :class:`DatasetError`, never in another exception,
a hang or memory exhaustion:

- only regular files are read (a named pipe, a device or a socket is refused
  without being read), and none larger than :data:`MAX_FILE_BYTES`;
- JSON nested too deeply for the parser, non-finite numbers (``NaN``,
  ``Infinity``), lists or objects where text is expected, coordinates that
  are not numbers are problems with file, feature and field;
- what loads is normalised so that every consumer (the map page, the
  exports, the workspace) gets clean data: text without control characters
  or invalid code points, 2D geometries, ``None`` for a missing geometry.
  Each such repair is a *note* (:attr:`Problem.severity` ``"note"``), kept
  in :attr:`Dataset.notes` and passed to the handlers registered with
  :func:`reporting_notes` (the command line prints them).
"""
from __future__ import annotations

import codecs
import concurrent.futures
import contextlib
import contextvars
import json
import math
import os
import re
import sqlite3
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
import shapely.geometry
from pyproj import CRS

from qxmap.filecheck import file_kind as _file_kind, size_text as _size_text
from qxmap.gpkgtable import connect_read_only, empty_columns, read_small_table
from qxmap import projections, schema
from qxmap.words import Words, translated

GEOJSON_SUFFIXES = (".geojson", ".json")
GPKG_SUFFIXES = (".gpkg",)

#: The largest file qxmap reads (GeoJSON is parsed in memory; a GeoPackage is
#: loaded whole as well).  Larger files are refused before they are read.
MAX_FILE_BYTES = 512 * 1024 * 1024

#: The most features one layer may have, and the most positions (vertices) in one
#: layer: what the map can hold and draw on this kind of machine (200,000 roads
#: take about a gigabyte across the app and its page).  A layer beyond either is
#: refused with a message, before it is read where the format allows.
MAX_FEATURES_PER_LAYER = 500_000
MAX_VERTICES_PER_LAYER = 20_000_000

#: Severity of a :class:`Problem`: an error makes the input invalid; a note says
#: what loading repaired (the data loads).
ERROR = "error"
NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where (``severity`` :data:`NOTE`: repaired at load).

    ``message`` and ``expected`` are English text; made by qxmap they are
    :class:`~qxmap.words.Words`, which also keep their template and arguments
    (:attr:`template`, :attr:`args`) so that the app can show the problem in
    its language (:meth:`text`)."""

    file: str
    message: str
    feature: str | None = None
    field: str | None = None
    value: object = None
    expected: str | None = None
    severity: str = ERROR

    @property
    def is_note(self) -> bool:
        return self.severity == NOTE

    @property
    def template(self) -> str:
        """The message's template (placeholders %1, %2, ...; a plain-text message is its own template)."""
        return self.message.template if isinstance(self.message, Words) else self.message

    @property
    def args(self) -> tuple:
        """The arguments of :attr:`template`."""
        return self.message.args if isinstance(self.message, Words) else ()

    def __str__(self) -> str:
        return self.text()

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The problem in one line; *translate* (an English template -> the same in the
        reader's language) translates every word qxmap says, never the data."""
        def say(words) -> str:
            return translated(words, translate) if translate else str(words)

        where = [self.file]
        if self.feature is not None:
            where.append(say(Words("feature %1", self.feature)))
        if self.field is not None:
            where.append(say(Words("field '%1'", self.field)))
        message = Words("note: %1", self.message) if self.is_note else self.message
        text = ": ".join(where) + ": " + say(message)
        if self.value is not None:
            text = say(Words("%1 (value: %2)", text, _short(self.value)))
        if self.expected:
            text = say(Words("%1; expected %2", text, self.expected))
        return _escaped(text)

    def as_dict(self) -> dict:
        def safe(text):
            return None if text is None else _escaped(str(text))

        return {
            "file": safe(self.file), "feature": safe(self.feature), "field": safe(self.field),
            "value": None if self.value is None else safe(self.value if isinstance(self.value, str)
                                                          else _short(self.value, 200)),
            "expected": safe(self.expected), "message": safe(self.message), "severity": self.severity,
        }


class DatasetError(Exception):
    """The input could not be loaded, or broke the schema. Holds every problem (and the notes)."""

    def __init__(self, problems: list[Problem], notes: list[Problem] | None = None):
        self.problems = list(problems)
        self.notes = list(notes or [])
        super().__init__("\n".join(str(p) for p in self.problems))


def _short(value: object, limit: int = 60) -> str:
    if isinstance(value, str):
        text = f"'{_escaped(value)}'"
    else:
        try:
            text = _escaped(repr(value))
        except RecursionError:  # pragma: no cover - values come from a parser with a depth limit
            text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escaped(text: str) -> str:
    """*text* with the characters no message should carry (controls, lone surrogates,
    see _UNSAFE) written as escapes: a message always prints and always stays one line."""
    if not _UNSAFE.search(text) and "\n" not in text:
        return text
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text.replace("\n", "\\n"))


@dataclass
class ReferenceLayer:
    """A layer kept for reference (e.g. the city's road network): drawn under the
    tracked data and listed in the layer panel, never tracked or validated as
    records.  ``key`` is unique within its dataset (in a workspace: the
    GeoPackage table that holds it); ``frame`` is WGS-84 with the source's
    attributes as text and numbers; ``source`` says where it came from."""

    key: str
    title: str
    frame: gpd.GeoDataFrame
    source: str = ""

    #: Prefix of a reference layer's name on the map page and in the session's layers.
    PREFIX = "ref:"

    @property
    def layer_name(self) -> str:
        """Its name as a map layer (``ref:<key>``), apart from the schema's layer names."""
        return self.PREFIX + self.key


@dataclass
class Dataset:
    """Every layer of the schema as a GeoDataFrame in EPSG:4326 (possibly empty).

    ``notes`` lists what loading repaired (control characters removed, heights
    dropped, ...): the data are valid, but the user should know.
    ``references`` holds the reference layers by key (a workspace's imported
    reference layers; empty for a plain dataset)."""

    path: Path
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)
    references: dict[str, ReferenceLayer] = field(default_factory=dict)

    def layer(self, name: str) -> gpd.GeoDataFrame:
        return self.layers[name]

    def tracked(self, share: bool = False) -> gpd.GeoDataFrame:
        """Roads and exits in one frame: the records the status tracker lists.

        With *share*, the dataset's roads and exits become views of that frame, each
        still a frame of its own (pandas' copy-on-write: the first write to either
        copies what it writes), so that the records and the layers hold their columns
        once: at 200,000 roads the columns are 37 MB of pointers, held twice at the
        app's peak while it opens.  A layer whose columns do not come back with their
        own types (a column of one type in roads, another in exits) stays as it is."""
        frames = []
        for name in schema.TRACKED_LAYERS:
            frame = self.layers[name].copy(deep=False)  # (copy-on-write: concat below copies once)
            frame["layer"] = name
            frames.append(frame)
        out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")
        if share and copy_on_write():
            start = 0
            for name in schema.TRACKED_LAYERS:
                layer = self.layers[name]
                view = _view_of(out.iloc[start:start + len(layer)], layer)
                start += len(layer)
                if view is not None:
                    self.layers[name] = view
        return out

    def find(self, feature_id: str) -> tuple[str, pd.Series] | None:
        for name, frame in self.layers.items():
            hit = frame.index[frame["id"] == feature_id]
            if len(hit):
                return name, frame.loc[hit[0]]
        return None

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.layers.items()}

    def summary_line(self) -> str:
        parts = [f"{name} {len(self.layers[name])}" for name in schema.LAYER_ORDER]
        notes = f" ({len(self.notes)} note(s))" if self.notes else ""
        return f"{self.path}: valid; " + ", ".join(parts) + notes


def copy_on_write() -> bool:
    """Does pandas copy a view's data when either side is written (always from pandas 3)?"""
    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    return pd.options.mode.copy_on_write is True  # pragma: no cover - pandas 2 with the option set


def _view_of(rows: gpd.GeoDataFrame, layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """*rows* (a slice of Dataset.tracked()'s frame) as *layer* is: its columns, types,
    index, geometry column and CRS; None where they differ."""
    columns = list(layer.columns)
    if len(rows) != len(layer) or any(c not in rows.columns for c in columns):
        return None
    view = rows[columns]
    if not isinstance(view, gpd.GeoDataFrame) or not isinstance(layer, gpd.GeoDataFrame):
        return None
    if (view.geometry.name != layer.geometry.name or view.crs != layer.crs
            or any(view[c].dtype != layer[c].dtype for c in columns)):
        return None
    view.index = layer.index
    view.attrs = dict(layer.attrs)
    return view


# --------------------------------------------------------------------------
# Notes: who hears about repairs


NoteHandler = Callable[[Path, "list[Problem]"], None]
_NOTE_HANDLERS: contextvars.ContextVar[tuple[NoteHandler, ...]] = contextvars.ContextVar(
    "qxmap_note_handlers", default=())


@contextlib.contextmanager
def reporting_notes(handler: NoteHandler) -> Iterator[None]:
    """Within the block, ``handler(path, notes)`` is called for every dataset that
    loads with notes (the command line prints them; a caller that shows
    ``Dataset.notes`` itself needs no handler)."""
    token = _NOTE_HANDLERS.set(_NOTE_HANDLERS.get() + (handler,))
    try:
        yield
    finally:
        _NOTE_HANDLERS.reset(token)


# --------------------------------------------------------------------------
# Reading


@dataclass
class _RawLayer:
    name: str
    file: str  # file name shown in messages (with "#layer" for GeoPackage)
    frame: gpd.GeoDataFrame
    declared_crs: bool
    #: GeoPackage: a float NaN is how a NULL reads in a numeric column, i.e. "no value".
    #: GeoJSON: NaN can only come from a literal NaN in the file, which is a problem.
    nan_is_null: bool = False


@dataclass
class _Reading:
    """What the readers found: layers, problems, notes, and which layers the input names."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    layers: list[_RawLayer] = field(default_factory=list)
    #: Layer names the input has a file or table for (read or not): a required
    #: layer missing from this set is reported as missing.
    named: set[str] = field(default_factory=set)
    #: Where a missing layer should have been (for the message).
    container: str = ""
    kind: str = ""  # "folder", "gpkg", "geojson"


def load_dataset(path: str | Path) -> Dataset:
    """Load and validate; raises :class:`DatasetError` listing every problem (and nothing else)."""
    path = Path(path)
    try:
        dataset = _load(path)
    except DatasetError:
        raise
    except Exception as exc:  # a bug of ours (RecursionError included): still one message, never a traceback
        raise DatasetError([Problem(str(path), Words(
            "unexpected error while loading: %1: %2 (a bug in qxmap; please report it with the file)",
            type(exc).__name__, _first_line(exc)[:300]))]) from exc
    if dataset.notes:
        for handler in _NOTE_HANDLERS.get():
            handler(path, list(dataset.notes))
    return dataset


def _load(path: Path) -> Dataset:
    projections.make_ahead()  # (the lengths' transformer, made while the files are read)
    reading = _Reading()
    _read_sources(path, reading)
    problems = reading.problems
    if not reading.layers and not problems:
        problems.append(Problem(str(path), Words("no qxmap layers found"),
                                expected=Words("files named %1 or a GeoPackage with such layers",
                                               ", ".join(f"{n}.geojson" for n in schema.LAYERS))))
    elif reading.layers or reading.named:
        _check_required_layers(reading)
    layers = _check_layers(reading.layers, problems, reading.notes)
    if problems:
        raise DatasetError(problems, reading.notes)
    return Dataset(path=path, layers=layers, notes=list(reading.notes))


def _check_required_layers(reading: _Reading) -> None:
    for name in schema.REQUIRED_LAYERS:
        if name in reading.named:
            continue  # present, or its file/table could not be read (already a problem)
        if reading.kind == "folder":
            reading.problems.append(Problem(
                f"{reading.container}/{name}.geojson", Words("required layer '%1' is missing", name),
                expected=Words("a file %1.geojson in the folder (an empty FeatureCollection if it has no features)",
                               name)))
        elif reading.kind == "gpkg":
            reading.problems.append(Problem(
                f"{reading.container}#{name}", Words("required layer '%1' is missing", name),
                expected=Words("a table '%1' in the GeoPackage (it may be empty)", name)))
        else:
            reading.problems.append(Problem(
                reading.container, Words("required layer '%1' is missing", name),
                field="layer", expected=Words("features whose 'layer' property is '%1'", name)))


def _read_sources(path: Path, reading: _Reading) -> None:
    problems = reading.problems
    try:
        exists = path.exists()
    except OSError as exc:  # e.g. a name too long
        problems.append(Problem(str(path), Words("cannot be opened: %1", exc.strerror or exc)))
        return
    if not exists:
        problems.append(Problem(str(path), Words("no such file or folder")))
        return
    if path.is_dir():
        reading.kind, reading.container = "folder", path.name or str(path)
        try:
            entries = list(path.iterdir())
        except OSError as exc:
            problems.append(Problem(str(path), Words("cannot list the folder: %1", exc.strerror or exc)))
            return
        files = sorted(p for p in entries if p.suffix.lower() in GEOJSON_SUFFIXES + GPKG_SUFFIXES)
        for file in files:
            if file.suffix.lower() in GPKG_SUFFIXES:
                _read_gpkg(file, reading)
            elif file.stem in schema.LAYERS:
                reading.named.add(file.stem)
                _read_geojson(file, reading)
            else:
                problems.append(Problem(file.name, Words("not a qxmap layer name"),
                                        value=file.stem, expected=Words("one of %1", ", ".join(schema.LAYERS))))
        _check_duplicate_layers(reading.layers, problems)
        return
    refusal = _not_readable(path, str(path))
    if refusal:
        problems.append(refusal)
        return
    suffix = path.suffix.lower()
    if suffix in GPKG_SUFFIXES:
        reading.kind, reading.container = "gpkg", path.name
        _read_gpkg(path, reading)
        return
    if suffix in GEOJSON_SUFFIXES:
        reading.kind, reading.container = "geojson", path.name
        if path.stem in schema.LAYERS:
            reading.named.add(path.stem)
        _read_geojson(path, reading)
        return
    problems.append(Problem(path.name, Words("unsupported file type"), value=path.suffix,
                            expected=Words("a folder, a .geojson/.json file or a .gpkg file")))


def _check_duplicate_layers(layers: list[_RawLayer], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for raw in layers:
        if raw.name in seen:
            problems.append(Problem(raw.file, Words("layer '%1' also comes from %2", raw.name, seen[raw.name]),
                                    expected=Words("each layer once")))
        seen.setdefault(raw.name, raw.file)


def _refusal(st: os.stat_result, name: str) -> Problem | None:
    kind = _file_kind(st.st_mode)
    if kind:
        return Problem(name, Words("not a regular file but %1; it was not read", kind),
                       expected=Words("a regular .geojson, .json or .gpkg file"))
    if st.st_size > MAX_FILE_BYTES:
        return Problem(name, Words("file too large (%1); it was not read", _size_text(st.st_size)),
                       expected=_at_most_bytes())
    return None


def unreadable_file(path: str | Path) -> Problem | None:
    """Why the file *path* must not be opened (missing, not a regular file, larger than
    :data:`MAX_FILE_BYTES`), or None when it may be.  Checks without opening it: for
    callers that hand a path to another reader (SQLite opens a named pipe and waits)."""
    path = Path(path)
    return _not_readable(path, str(path))


def _not_readable(path: Path, name: str) -> Problem | None:
    """Why *path* must not be read (not a regular file, too large), without opening it."""
    try:
        st = path.stat()
    except OSError as exc:
        return Problem(name, Words("cannot be read: %1", exc.strerror or exc))
    return _refusal(st, name)


def _read_bytes(path: Path, name: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular file of at most MAX_FILE_BYTES; None (and a problem) otherwise.

    Opened non-blocking and checked on the open descriptor, so a file swapped for
    a named pipe or a device after a check is still never read (nor waited on)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        problems.append(Problem(name, Words("cannot be read: %1", exc.strerror or exc)))
        return None
    try:
        refusal = _refusal(os.fstat(fd), name)
        if refusal:
            problems.append(refusal)
            return None
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(16 * 1024 * 1024, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:  # it grew while being read
            problems.append(Problem(name, Words("file too large (more than %1); it was not read",
                                                _size_text(MAX_FILE_BYTES)), expected=_at_most_bytes()))
            return None
        return b"".join(chunks)
    except OSError as exc:
        problems.append(Problem(name, Words("cannot be read: %1", exc.strerror or exc)))
        return None
    finally:
        os.close(fd)


# ---------------------------------------------------------------- GeoJSON


def _read_geojson(path: Path, reading: _Reading) -> None:
    name = path.name
    problems = reading.problems
    data = _read_bytes(path, name, problems)
    if data is None:
        return
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]  # not RFC 7946, but harmless: ignored like GDAL does
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(name, Words("not UTF-8 text (byte %1, line %2: %3)", exc.start, line,
                                            repr(data[exc.start:exc.start + 4])),
                                expected=Words("UTF-8 GeoJSON (save the file as UTF-8, not GBK or Latin-1)")))
        return
    del data
    try:
        doc = json.loads(text)
    except RecursionError:
        problems.append(_too_deep(name, text))
        return
    except json.JSONDecodeError as exc:
        truncated = (exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
                     or text.count("{") > text.count("}"))
        what = Words("file ends too early (truncated?)") if truncated else Words("broken JSON")
        problems.append(Problem(name, Words("%1: %2 at line %3, column %4", what,
                                            _JSON_REASONS.get(exc.msg, exc.msg), exc.lineno, exc.colno),
                                expected=Words("a complete GeoJSON FeatureCollection")))
        return
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        problems.append(Problem(name, Words("%1: %2", Words("broken JSON"), _first_line(exc)),
                                expected=Words("a complete GeoJSON FeatureCollection")))
        return
    del text
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.append(Problem(name, Words("not a GeoJSON FeatureCollection"),
                                value=doc.get("type") if isinstance(doc, dict) else type(doc).__name__,
                                expected="{\"type\": \"FeatureCollection\", \"features\": [...]}"))
        return
    crs, declared = _declared_crs(name, doc.get("crs"), problems)
    if crs is None:
        return
    features = doc["features"]
    bad_structure = False
    for index, feat in enumerate(features):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(Problem(name, Words("not a GeoJSON Feature"), feature=f"#{index}",
                                    expected="{\"type\": \"Feature\", ...}"))
            bad_structure = True
        elif not isinstance(feat.get("properties"), (dict, type(None))):
            problems.append(Problem(name, Words("properties is not an object"), feature=f"#{index}",
                                    field="properties", value=type(feat.get("properties")).__name__,
                                    expected=Words("an object or null")))
            bad_structure = True
        elif "geometry" in feat and not isinstance(feat["geometry"], (dict, type(None))):
            problems.append(Problem(name, Words("geometry is not a GeoJSON geometry object"), feature=f"#{index}",
                                    field="geometry", value=type(feat["geometry"]).__name__,
                                    expected=Words("an object with 'type' and 'coordinates', or null")))
            bad_structure = True
    if bad_structure:
        return
    split_by_property = path.stem not in schema.LAYERS
    if not split_by_property:
        reading.layers.append(_geojson_layer(path.stem, name, features, range(len(features)), crs, declared,
                                             reading))
        return
    groups: dict[str, list[int]] = {}
    unknown: list[str] = []
    for index, feat in enumerate(features):
        layer = (feat.get("properties") or {}).get("layer")
        if isinstance(layer, str) and layer in schema.LAYERS:
            groups.setdefault(layer, []).append(index)
        else:
            text_value = _short(layer, 40)
            if text_value not in unknown:
                unknown.append(text_value)
    if unknown:
        problems.append(Problem(name, Words("features without a known 'layer' property"),
                                field="layer", value=", ".join(unknown[:10]),
                                expected=Words("the file named after a layer, or each feature's 'layer' one of %1",
                                               ", ".join(schema.LAYERS))))
        return
    for layer in schema.LAYERS:
        if layer in groups:
            reading.named.add(layer)
            reading.layers.append(_geojson_layer(layer, f"{name}[{layer}]", features, groups[layer], crs,
                                                 declared, reading))


def _declared_crs(name: str, member, problems: list[Problem]) -> tuple[CRS | None, bool]:
    """The CRS a GeoJSON declares with the (pre-RFC 7946) ``crs`` member; EPSG:4326 without one."""
    wgs84 = CRS.from_epsg(4326)
    if member is None:
        return wgs84, False
    text = None
    if isinstance(member, dict) and isinstance(member.get("properties"), dict):
        props = member["properties"]
        if member.get("type") == "name" and isinstance(props.get("name"), str):
            text = props["name"]
        elif member.get("type") == "EPSG" and isinstance(props.get("code"), (int, str)) \
                and not isinstance(props.get("code"), bool):
            text = f"EPSG:{props['code']}"
    if text is None:
        problems.append(Problem(name, Words("unsupported 'crs' member"), field="crs", value=member,
                                expected=Words("%1 or no crs (WGS-84 longitude/latitude)",
                                               '{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}')))
        return None, True
    try:
        return CRS.from_user_input(text), True
    except Exception as exc:  # pyproj.exceptions.CRSError and friends
        problems.append(Problem(name, Words("unknown CRS: %1", _first_line(exc)), field="crs", value=text,
                                expected=Words("a CRS name such as urn:ogc:def:crs:EPSG::4547")))
        return None, True


#: Python's json messages, as Words (any other is shown as json says it).
_JSON_REASONS = {str(w): w for w in (
    Words("Expecting value"), Words("Extra data"), Words("Expecting property name enclosed in double quotes"),
    Words("Expecting ':' delimiter"), Words("Expecting ',' delimiter"), Words("Unterminated string starting at"),
    Words("Invalid control character at"), Words("Invalid \\escape"), Words("Invalid \\uXXXX escape"))}

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]', re.DOTALL)


def _too_deep(name: str, text: str) -> Problem:
    """The problem for JSON nested deeper than the parser can go: where the deep part
    starts (line, column, and the feature and property when it is inside one)."""
    stack: list[list] = []  # [bracket, key or index]
    last_string = None
    deepest, where, path = 0, 0, []
    threshold = 64  # deeper than any GeoJSON qxmap reads needs (a MultiPolygon is 9)
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            stack.append([token, None if token == "{" else 0])
            if len(stack) > deepest:
                deepest = len(stack)
                if deepest == threshold or (deepest < threshold and not path):
                    where, path = match.start(), [entry[1] for entry in stack[:-1]]
        elif token in "}]":
            if stack:
                stack.pop()
        elif token == ":":
            if stack and stack[-1][0] == "{":
                stack[-1][1] = last_string
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
        else:
            try:
                last_string = json.loads(token)
            except ValueError:
                last_string = token.strip('"')
    line = text.count("\n", 0, where) + 1
    column = where - (text.rfind("\n", 0, where) + 1) + 1
    feature = prop = None
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        feature = f"#{path[1]}"
        if len(path) >= 4 and path[2] == "properties" and isinstance(path[3], str):
            prop = path[3]
        elif len(path) >= 3 and path[2] == "geometry":
            prop = "geometry"
    return Problem(name, Words("JSON nested too deeply (%1 levels, starting at line %2, column %3); "
                               "the file was not read", deepest, line, column), feature=feature, field=prop,
                   expected=Words("GeoJSON with plain values (text, numbers) in properties"))


_COORD_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
                "MultiPolygon": 3}


class _BadGeometry(Exception):
    pass


class _OtherType(Exception):
    """A geometry type no qxmap layer takes (GeometryCollection)."""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite_number(value) -> bool:
    """A number that is not NaN or infinite (an int of any size is; math.isfinite would overflow)."""
    return _is_number(value) and (isinstance(value, int) or math.isfinite(value))


def _positions(coords, depth: int, flags: dict):
    """*coords* checked against the nesting of its geometry type, each position cut to (x, y)."""
    if depth == 0:
        if not isinstance(coords, list) or len(coords) < 2:
            raise _BadGeometry(Words("a position must be [longitude, latitude]"))
        if not all(_is_number(c) for c in coords):
            raise _BadGeometry(Words("a coordinate is not a number"))
        if len(coords) > 2:
            flags["z"] = True
        try:
            values = [float(c) for c in coords]
        except OverflowError:  # an integer beyond any float
            raise _BadGeometry(Words("a coordinate is not a finite number")) from None
        if not all(math.isfinite(v) for v in values):
            raise _BadGeometry(Words("a coordinate is not a finite number"))
        return values[:2]
    if not isinstance(coords, list):
        raise _BadGeometry(Words("coordinates do not match the geometry type"))
    return [_positions(c, depth - 1, flags) for c in coords]


def _geometry(geo: dict | None, flags: dict):
    """A shapely geometry (2D) or None from a GeoJSON geometry object; _BadGeometry says why not."""
    if geo is None:
        return None
    kind = geo.get("type")
    if kind == "GeometryCollection":
        raise _OtherType(kind)  # no layer takes it: no need to read its members
    if not isinstance(kind, str) or kind not in _COORD_DEPTH:
        raise _BadGeometry(Words("unknown geometry type %1", _short(kind, 40)))
    if "coordinates" not in geo:
        raise _BadGeometry(Words("a %1 needs 'coordinates'", kind))
    coords = _positions(geo["coordinates"], _COORD_DEPTH[kind], flags)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            geom = shapely.geometry.shape({"type": kind, "coordinates": coords})
    except Exception as exc:  # shapely/GEOS: too few points in a line or ring, ...
        raise _BadGeometry(Words("not a valid %1: %2", kind, _first_line(exc))) from None
    return None if geom.is_empty else geom


def _geojson_layer(layer: str, file: str, features: list, indices, crs: CRS, declared: bool,
                   reading: _Reading) -> _RawLayer:
    """The features of one layer as a frame: the schema's fields (raw JSON values, as
    object columns; a field no feature has is left out) and 2D geometries."""
    spec = schema.LAYERS[layer]
    indices = list(indices)
    if len(indices) > MAX_FEATURES_PER_LAYER:
        reading.problems.append(_too_many_features(file, len(indices)))
        empty = gpd.GeoDataFrame({}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
        return _RawLayer(layer, file, empty, declared)
    props = [features[i].get("properties") or {} for i in indices]
    columns = {}
    for fspec in spec.fields:
        if not props or any(fspec.name in p for p in props):  # an empty layer lacks no field
            columns[fspec.name] = pd.Series([p.get(fspec.name) for p in props], dtype=object)
    ids = [p.get("id") for p in props]
    geometries = []
    with_z: list[str] = []
    for pos, index in enumerate(indices):
        flags: dict = {}
        label = _id_label(ids[pos], pos)
        try:
            geom = _geometry(features[index].get("geometry"), flags)
        except _BadGeometry as exc:
            reading.problems.append(Problem(file, Words("bad geometry: %1", exc.args[0]), feature=label,
                                            field="geometry",
                                            value=(features[index].get("geometry") or {}).get("type"),
                                            expected=Words("a GeoJSON geometry with [longitude, latitude] positions")))
            geom = None
        except _OtherType as exc:
            reading.problems.append(Problem(file, Words("wrong geometry type for layer '%1'", layer), feature=label,
                                            field="geometry", value=str(exc), expected=_geometry_types(spec)))
            geom = None
        if flags.get("z"):
            with_z.append(label)
        geometries.append(geom)
    if with_z:
        reading.notes.append(_z_note(file, with_z))
    frame = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries(geometries, crs=crs), crs=crs)
    return _RawLayer(layer, file, _numbered(frame), declared)


def _too_many_features(file: str, count: int) -> Problem:
    return Problem(file, Words("too many features (%1); qxmap holds at most %2 per layer; it was not read",
                               f"{count:,}", f"{MAX_FEATURES_PER_LAYER:,}"),
                   expected=Words("a layer of at most %1 features (split it, or open the part you need)",
                                  f"{MAX_FEATURES_PER_LAYER:,}"))


def _too_many_vertices(file: str, count: int) -> Problem:
    return Problem(file, Words("too many positions (%1 vertices); qxmap holds at most %2 per layer",
                               f"{count:,}", f"{MAX_VERTICES_PER_LAYER:,}"), field="geometry",
                   expected=Words("a layer of at most %1 vertices (simplify the lines, or split the layer)",
                                  f"{MAX_VERTICES_PER_LAYER:,}"))


def _z_note(file: str, labels: list[str]) -> Problem:
    dropped = Words("coordinates have a height (Z); it was dropped, qxmap keeps longitude and latitude")
    if len(labels) > 1:
        dropped = Words("%1 (and %2 more feature(s) in this layer)", dropped, len(labels) - 1)
    return Problem(file, dropped, feature=labels[0], field="geometry", severity=NOTE)


# ---------------------------------------------------------------- GeoPackage


def _read_gpkg(path: Path, reading: _Reading) -> None:
    name = path.name
    problems = reading.problems
    refusal = _not_readable(path, name)
    if refusal:
        problems.append(refusal)
        return
    try:  # one connection for the contents and the small tables (each would parse the schema again)
        conn = connect_read_only(path)
    except sqlite3.Error:
        conn = None
    try:
        _read_gpkg_layers(path, reading, conn)
    finally:
        if conn is not None:
            conn.close()


def _read_gpkg_layers(path: Path, reading: _Reading, conn: sqlite3.Connection | None) -> None:
    name = path.name
    problems = reading.problems
    listed, counts = _gpkg_contents(path, conn)
    if listed is None:  # not one we can ask ourselves: GDAL says what is wrong
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # GDAL's complaints come back as the exception, or not at all
                listed = [str(row[0]) for row in pyogrio.list_layers(path)]
        except Exception as exc:
            problems.append(Problem(name, Words("not a readable GeoPackage: %1", _first_line(exc))))
            return
    for layer_name in listed:
        if layer_name not in schema.LAYERS:
            continue  # history tables and other non-layer content
        reading.named.add(layer_name)
        file = f"{name}#{layer_name}"
        count = counts.get(layer_name.lower())
        if count is None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    count = pyogrio.read_info(path, layer=layer_name).get("features", 0)
            except Exception:  # the read below says what is wrong
                count = 0
        if count is not None and count > MAX_FEATURES_PER_LAYER:
            problems.append(_too_many_features(file, count))
            continue
        # A small table the GeoPackage counts: through SQLite, as pyogrio reads it (gpkgtable)
        frame = read_small_table(path, layer_name, conn) if counts.get(layer_name.lower(), SMALL_TABLE + 1) <= SMALL_TABLE \
            else None
        try:
            if frame is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    frame = _read_in_parts(path, layer_name) if (count or 0) > READ_PART \
                        else pyogrio.read_dataframe(path, layer=layer_name)
        except Exception as exc:
            problems.append(Problem(file, Words("cannot be read: %1", _first_line(exc))))
            continue
        if not isinstance(frame, gpd.GeoDataFrame):  # a table without a geometry column
            frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame), index=frame.index),
                                     crs="EPSG:4326")
        frame = _numbered(frame)
        geoms = np.asarray(frame.geometry.values, dtype=object)
        present = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, dtype=bool)
        if present.any():
            z = np.zeros(len(geoms), dtype=bool)
            z[present] = shapely.has_z(geoms[present])
            if z.any():
                labels = [_label(frame, i) for i in np.flatnonzero(z)]
                reading.notes.append(_z_note(file, labels))
                geoms[present] = shapely.force_2d(geoms[present])
            empty = np.zeros(len(geoms), dtype=bool)
            empty[present] = shapely.is_empty(geoms[present])
            geoms[empty] = None
            frame[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
        reading.layers.append(_RawLayer(layer_name, file, frame, frame.crs is not None, nan_is_null=True))


#: A GeoPackage layer with more features than this is read this many at a time
#: (:func:`_read_in_parts`).
READ_PART = 50_000


def _read_in_parts(path: Path, layer_name: str) -> gpd.GeoDataFrame:
    """``pyogrio.read_dataframe(path, layer=layer_name)``, READ_PART features at a time,
    each part's texts that repeat (a status, a source: a new object per row from GDAL)
    replaced by one object per text before the next part is read.  Read whole, a
    200,000-road layer held every row's copies at once: its open peaked about 30 MB
    higher, and the loader's sharing of them afterwards (:func:`_repeats`) left the
    heap full of holes.  The same rows in the same order and, where parts would differ
    (a text column empty in one part), the dtype the whole read gives.  Parts are read
    until one comes back short.

    Read whole instead: a layer with a date-time or boolean field (pyogrio types those
    by what each read holds: a time zone per part, booleans as floats where a part has
    an empty cell), and a file another program wrote to between the parts (SQLite's
    ``data_version``: the parts would not be one snapshot)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = pyogrio.read_info(path, layer=layer_name)
        dtypes = [str(d) for d in info.get("dtypes", [])]
        fields = [str(f) for f in info.get("fields", [])]
    except Exception:  # the whole read says what is wrong
        dtypes, fields = ["datetime64"], []
    if any(d.startswith("datetime") or d == "bool" for d in dtypes):
        return pyogrio.read_dataframe(path, layer=layer_name)
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        version = conn.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        return pyogrio.read_dataframe(path, layer=layer_name)
    with contextlib.closing(conn):
        # Columns empty in every row (a city's network without tracking data yet) are not
        # read through GDAL: they are made as the whole read gives them (_empty_as_read).
        nothing = empty_columns(conn, layer_name, fields)
        empty = [f for f in fields if f in nothing]
        parts = _parts_of(path, layer_name, [f for f in fields if f not in empty] if empty else None)
        blank = _empty_as_read(path, layer_name, empty) if empty else None
        if conn.execute("PRAGMA data_version").fetchone()[0] != version or (blank is not None and not len(blank)):
            del parts  # (another program wrote between the reads; or no row after all: a count that was wrong)
            return pyogrio.read_dataframe(path, layer=layer_name)
    for column in parts[0].columns:  # a text column empty in a part comes as object there
        text = next((p[column].dtype for p in parts if isinstance(p[column].dtype, pd.StringDtype)), None)
        if text is not None:
            for p in parts:
                if p[column].dtype != text and p[column].isna().all():
                    p[column] = pd.Series(np.full(len(p), np.nan, dtype=object), index=p.index, dtype=text)
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    del parts
    if blank is not None:
        filled = {name: np.full(len(frame), blank[name].iloc[0], dtype=blank[name].dtype) for name in empty}
        frame = frame.assign(**filled)[fields + [frame.geometry.name]]  # (the file's order, as read whole)
    return frame if isinstance(frame, gpd.GeoDataFrame) else gpd.GeoDataFrame(frame)


def _empty_as_read(path: Path, layer_name: str, columns: list[str]) -> pd.DataFrame:
    """The layer's first row of *columns* (empty in every row) as pyogrio reads it: each
    column's dtype and empty value (None in a text column, NaN in a number column)."""
    return pyogrio.read_dataframe(path, layer=layer_name, columns=columns, read_geometry=False, max_features=1)


def _parts_of(path: Path, layer_name: str, columns: list[str] | None = None) -> list[gpd.GeoDataFrame]:
    """The layer's parts for :func:`_read_in_parts` (only *columns*, if given), their
    repeated texts shared."""
    parts: list[gpd.GeoDataFrame] = []
    shared: dict[str, dict[str, str]] = {}
    while True:
        part = pyogrio.read_dataframe(path, layer=layer_name, skip_features=sum(map(len, parts)),
                                      max_features=READ_PART, columns=columns)
        if parts and not len(part):  # (a count that is a multiple of the part: nothing more)
            return parts
        for column in part.columns:
            if column != part.geometry.name and (part[column].dtype == object
                                                 or isinstance(part[column].dtype, pd.StringDtype)):
                _share_texts(part, column, shared.setdefault(column, {}))
        parts.append(part)
        if len(part) < READ_PART:
            return parts


def _share_texts(part: gpd.GeoDataFrame, column: str, shared: dict[str, str]) -> None:
    """Each text of *part*'s *column* that repeats (by :func:`_repeats`' sample) made the
    one object *shared* holds for it (the first seen, in any part)."""
    values = part[column].to_numpy(dtype=object)
    if not isinstance(part[column].dtype, pd.StringDtype):  # texts among other values, or none
        listed = values.tolist()
        if listed.count(None) == len(listed) or not all(type(v) is str for v in listed if v is not None):
            return  # (factorized, 1, 1.0 and True would be one value)
    codes, uniques = _repeats(values)  # (a missing value, None or NaN: code -1)
    if codes is None:
        return
    canonical = np.array([shared.setdefault(text, text) for text in uniques.tolist()] + [None], dtype=object)[:-1]
    present = codes >= 0
    values = values.copy()
    values[present] = canonical[codes[present]]
    part[column] = pd.Series(values, index=part.index, dtype=part[column].dtype)


#: Up to this many features (as the GeoPackage counts them) a layer is read through SQLite
#: (qxmap.gpkgtable: a small table costs GDAL more to open than to read).
SMALL_TABLE = 5_000


def _gpkg_contents(path: Path, conn: sqlite3.Connection | None = None) -> tuple[list[str] | None, dict[str, int]]:
    """(the GeoPackage's layers as GDAL lists them, {table name, lower case: feature count})
    from SQLite in one connection, sparing a GDAL open of the file just to list it.

    The layers are GDAL's (its GPKG driver's query): the feature tables with a geometry
    column, then the attribute tables, each in the order of gpkg_contents.  None (GDAL
    then lists them) where SQLite cannot read the contents, or where a table the schema
    names is a table of the file but not among those (GDAL may list tables not
    registered in the contents).  The counts are those a GeoPackage written by GDAL
    keeps (gpkg_ogr_contents, what pyogrio.read_info reports); {} where the file has
    none (read_info then asks per layer).  *conn*: a read-only connection to the file to
    use (left open)."""
    try:
        with contextlib.nullcontext(conn) if conn is not None else contextlib.closing(connect_read_only(path)) as conn:
            conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys LIMIT 1").fetchall()  # (GDAL requires it)
            features = [row[0] for row in conn.execute(
                "SELECT c.table_name FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
                "WHERE c.data_type = 'features' ORDER BY c.rowid")]
            attributes = [row[0] for row in conn.execute(
                "SELECT table_name FROM gpkg_contents WHERE data_type IN ('attributes', 'aspatial') ORDER BY rowid")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            try:
                rows = conn.execute("SELECT table_name, feature_count FROM gpkg_ogr_contents").fetchall()
            except sqlite3.Error:
                rows = []
    except sqlite3.Error:
        return None, {}
    counts = {str(name).lower(): count for name, count in rows if isinstance(count, int) and count >= 0}
    listed = [t for t in features + attributes if isinstance(t, str)]
    if not listed or any(name in tables and name not in listed for name in schema.LAYERS):
        return None, counts
    return listed, counts


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _numbered(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Index 0..n-1: the feature numbers used in messages (#index)."""
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------
# Checking


def _check_layers(raw_layers: list[_RawLayer], problems: list[Problem],
                  notes: list[Problem]) -> dict[str, gpd.GeoDataFrame]:
    layers: dict[str, gpd.GeoDataFrame] = {}
    seen_ids: dict[str, str] = {}
    with _Measuring() as measuring:
        for raw in raw_layers:
            _check_layer(raw, layers, seen_ids, measuring, problems, notes)
        for name, spec in schema.LAYERS.items():
            if name not in layers:
                layers[name] = _empty_layer(spec)
        if not problems:
            for name in layers:
                measuring.add_to(name, layers[name])
    return {name: layers[name] for name in schema.LAYER_ORDER}


#: From this many features on, a layer is measured in a thread of its own while its
#: fields and geometries are checked (200,000 roads: about 0.2 s of a 4 s open).
MEASURE_AHEAD_MIN = 10_000


class _Measuring:
    """The layers' measures (:func:`measures`), a large layer's started ahead in a worker
    thread as soon as its geometries are in WGS-84: they depend on nothing the checks
    change, and most of their time (PROJ, GEOS, numpy) runs outside the GIL, on the core
    that is otherwise idle while the app waits for the load."""

    def __init__(self) -> None:
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._ahead: dict[str, concurrent.futures.Future] = {}

    def __enter__(self) -> "_Measuring":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            for future in self._ahead.values():
                future.cancel()
            self._pool.shutdown(wait=True)

    def start(self, name: str, frame: gpd.GeoDataFrame) -> None:
        if len(frame) < MEASURE_AHEAD_MIN:
            return
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="qxmap-measure")
        self._ahead[name] = self._pool.submit(measures, name, frame.geometry.values)

    def add_to(self, name: str, frame: gpd.GeoDataFrame) -> None:
        """:func:`_add_measures` of layer *name* (*frame*: its checked rows, the rows measured
        ahead if they were)."""
        ahead = self._ahead.pop(name, None)
        if ahead is None:
            _add_measures(name, frame)
        else:
            frame["length_km"], frame["area_km2"] = ahead.result()


def _check_layer(raw: _RawLayer, layers: dict[str, gpd.GeoDataFrame], seen_ids: dict[str, str],
                 measuring: _Measuring, problems: list[Problem], notes: list[Problem]) -> None:
    geoms = np.asarray(raw.frame.geometry.values, dtype=object)
    vertices = int(shapely.get_num_coordinates(geoms).sum()) if len(geoms) else 0
    if vertices > MAX_VERTICES_PER_LAYER:  # before reprojecting or checking: it cannot be held
        problems.append(_too_many_vertices(raw.file, vertices))
        return
    frame = _to_wgs84(raw, problems)
    if frame is None:
        return
    spec = schema.LAYERS[raw.name]
    measuring.start(raw.name, frame)
    frame = _check_fields(raw, frame, spec, problems, notes)
    _check_geometries(raw, frame, spec, problems)
    ids = frame["id"].to_numpy(dtype=object)
    text = (_TYPE_OF(ids) == str) if len(ids) else np.zeros(0, dtype=bool)
    rows = np.flatnonzero(text)
    ids_here = pd.Series(ids[rows], dtype=object)
    repeated = ids_here.duplicated(keep="first").to_numpy().copy()
    if seen_ids:  # (a set lookup per id: pandas' isin hashes every id's UTF-8 again)
        repeated |= np.fromiter(map(seen_ids.__contains__, ids_here.tolist()), dtype=bool, count=len(ids_here))
    # first sightings first: a repeat later in this layer is then "also in" this file
    seen_ids.update(dict.fromkeys(ids_here[~repeated].tolist(), raw.file))
    for index in rows[repeated].tolist():  # only the repeated ones, in order
        fid = ids[index]
        if not isinstance(fid, str) or not fid:
            continue
        if fid in seen_ids:
            problems.append(Problem(raw.file, Words("duplicate id"), feature=_label(frame, index), field="id",
                                    value=fid, expected=Words("ids unique across the dataset (also in %1)",
                                                              seen_ids[fid])))
        else:
            seen_ids[fid] = raw.file
    layers[raw.name] = frame


def _empty_layer(spec: schema.LayerSpec) -> gpd.GeoDataFrame:
    columns = {f.name: pd.Series(dtype="object") for f in spec.fields}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def _to_wgs84(raw: _RawLayer, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    frame = raw.frame
    if frame.crs is not None and raw.declared_crs:
        crs = CRS.from_user_input(frame.crs)
        if not crs.equals(CRS.from_epsg(4326)) and not _is_ogc_crs84(crs):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    frame = frame.to_crs("EPSG:4326")
            except Exception as exc:
                problems.append(Problem(raw.file, Words("cannot reproject from %1: %2", crs.to_string(),
                                                        _first_line(exc)),
                                        field="geometry", expected=Words("a CRS that converts to WGS-84")))
                return None
        else:
            frame = frame.set_crs("EPSG:4326", allow_override=True)
    else:
        frame = frame.set_crs("EPSG:4326", allow_override=True)
    # Whatever was declared, the result must be plausible lon/lat around Dongguan.
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = _present(geoms)
    if not present.any():
        return frame
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bounds = shapely.bounds(geoms[present])  # minx, miny, maxx, maxy (NaN if a coordinate is)
    lon_lo, lon_hi = schema.PLAUSIBLE_LON
    lat_lo, lat_hi = schema.PLAUSIBLE_LAT
    with np.errstate(invalid="ignore"):
        inside = ((bounds[:, 0] >= lon_lo) & (bounds[:, 2] <= lon_hi)
                  & (bounds[:, 1] >= lat_lo) & (bounds[:, 3] <= lat_hi))
    if inside.all():
        return frame
    first = int(np.flatnonzero(~inside)[0])
    index = int(np.flatnonzero(present)[first])
    minx, miny, maxx, maxy = (float(v) for v in bounds[first])
    verdict = _coordinate_verdict(minx, miny, maxx, maxy, raw.declared_crs)
    problems.append(Problem(raw.file, verdict, feature=_label(frame, index), field="geometry",
                            value=f"{minx:.6g}, {miny:.6g}",
                            expected=Words("WGS-84 longitude/latitude near Dongguan (lon %1–%2, lat %3–%4) "
                                           "or a file that declares its CRS", *schema.PLAUSIBLE_LON,
                                           *schema.PLAUSIBLE_LAT)))
    # one message per layer is enough: the whole file is off
    return frame


def _is_ogc_crs84(crs: CRS) -> bool:
    return "CRS84" in crs.to_string() or crs.equals(CRS.from_string("OGC:CRS84"))


def _coordinate_verdict(minx, miny, maxx, maxy, declared: bool) -> str:
    lon_lo, lon_hi = schema.PLAUSIBLE_LON
    lat_lo, lat_hi = schema.PLAUSIBLE_LAT
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        if declared:
            return Words("coordinates cannot be converted to longitude/latitude (not finite after reprojection)")
        return Words("coordinates are not finite numbers")
    if lat_lo <= minx and maxx <= lat_hi and lon_lo <= miny and maxy <= lon_hi:
        return Words("latitude and longitude look swapped")
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
        if declared:
            return Words("coordinates are not longitude/latitude after reprojection")
        return Words("coordinates look projected (metres), but the file declares no CRS")
    return Words("coordinates lie outside the Dongguan area")


def _label(frame: pd.DataFrame, index: int) -> str:
    """How messages name feature *index* of *frame*: its id and number, or its number."""
    return _id_label(frame["id"].iloc[index] if "id" in frame.columns else None, index)


def _id_label(value, index: int) -> str:
    if isinstance(value, str) and value.strip():
        return f"'{_escaped(value.strip())}' (#{index})"
    return f"#{index}"


def is_missing(value) -> bool:
    """None, NaN, pandas' NA/NaT or blank text: a value the data does not give."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return False


def _check_fields(raw: _RawLayer, frame: gpd.GeoDataFrame, spec: schema.LayerSpec,
                  problems: list[Problem], notes: list[Problem]) -> gpd.GeoDataFrame:
    """*frame* with its fields checked and cleaned (a missing field added empty), and the
    problems and notes of each value.  The cleaned columns are put in at the end
    (:func:`_with_columns`: a small layer's in one go, where replacing them one by one
    cost pandas about as much as the checks themselves)."""
    cleaned_columns: dict[str, np.ndarray] = {}

    def label(index: int) -> str:  # as the frame stands at this point: ids cleaned once checked
        if "id" in cleaned_columns:
            return _id_label(cleaned_columns["id"][index], index)
        return _label(frame, index)

    for fspec in spec.fields:
        if fspec.name not in frame.columns:
            if fspec.required:
                problems.append(Problem(raw.file, Words("required field is missing from the layer"), field=fspec.name,
                                        expected=_expected(fspec)))
            cleaned_columns[fspec.name] = np.full(len(frame), None, dtype=object)
            continue
        # Vectorised: the rows whose values are plainly fine are cleaned in one step; only
        # the others (repairs, problems, odd types) are checked one by one, in order.
        column = frame[fspec.name]
        cleaned, irregular = _fast_field(fspec, column, raw.nan_is_null)
        rows = np.flatnonzero(irregular)
        values = column.astype(object).to_numpy() if len(rows) else None
        for index in rows.tolist():
            value = values[index]
            clean, message, note = _check_value(fspec, value, raw.nan_is_null)
            if message:
                shown = None if message == "required value is empty" else value
                problems.append(Problem(raw.file, message, feature=label(index), field=fspec.name,
                                        value=shown, expected=_expected(fspec)))
            elif note:
                notes.append(Problem(raw.file, note, feature=label(index), field=fspec.name,
                                     value=value, severity=NOTE))
            cleaned[index] = clean
        cleaned_columns[fspec.name] = cleaned
    frame = _with_columns(frame, cleaned_columns)

    def values_of(name: str) -> np.ndarray:
        if name in cleaned_columns:
            return cleaned_columns[name]
        if name in frame.columns:
            return frame[name].to_numpy(dtype=object)
        return np.full(len(frame), None, dtype=object)

    if "start" in frame.columns and "target" in frame.columns:
        months = [values_of(c) for c in ("start_month", "target_month")]
        starts, targets = values_of("start"), values_of("target")
        for index in _order_candidates(starts, targets, *months).tolist():
            start, target, sm, tm = starts[index], targets[index], months[0][index], months[1][index]
            if isinstance(start, int) and isinstance(target, int) and start > target:
                problems.append(Problem(raw.file, Words("start year is after the target year"),
                                        feature=_label(frame, index), field="start", value=start,
                                        expected=Words("a year no later than target %1", target)))
            elif (isinstance(start, int) and start == target and isinstance(sm, int) and isinstance(tm, int)
                  and sm > tm):
                problems.append(Problem(raw.file, Words("planned start month is after the target month"),
                                        feature=_label(frame, index), field="start_month", value=sm,
                                        expected=Words("a month no later than target %1", f"{target}-{tm:02d}")))
    if "actual_start" in frame.columns and "completed_on" in frame.columns:
        begun, done_on = values_of("actual_start"), values_of("completed_on")
        for index in _date_order_candidates(begun, done_on).tolist():
            began, done = begun[index], done_on[index]
            if isinstance(began, str) and isinstance(done, str) and began > done:
                problems.append(Problem(raw.file, Words("completion date is before the actual start"),
                                        feature=_label(frame, index), field="completed_on", value=done,
                                        expected=Words("a date no earlier than actual_start %1", began)))
    return frame


def _with_columns(frame: gpd.GeoDataFrame, replaced: dict[str, np.ndarray]) -> gpd.GeoDataFrame:
    """A new frame: *frame*'s columns in their order, those named in *replaced* (object
    arrays) replaced, the others kept as they are (not copied), then *replaced*'s new
    ones in their order; same index, geometry column and CRS.

    A small frame is made in one go (pandas' cost per column replaced is most of a small
    layer's load; pandas gathers its object columns into one block); a big one column by
    column, each its own block, as the arrays are (gathered into one block, its text
    columns were copied once more: at 200,000 roads Workspace.open left 446 MB resident
    instead of 396 MB).  In a big frame the columns empty in every row (a network's
    optional fields: owner, budget, note, ...) are one array, shared under copy-on-write
    (pandas copies a column before the first write to it): at 200,000 roads
    Workspace.open holds 13 MB less."""
    if len(frame) > _ONE_GO_ROWS:
        frame = frame.copy(deep=False)  # copy-on-write: the columns are replaced, not changed
        empty = None
        for name, values in replaced.items():
            if _all_none(values):
                if empty is None:
                    empty = pd.Series(np.full(len(frame), None, dtype=object), index=frame.index, dtype=object,
                                      copy=False)
                frame[name] = empty
            else:
                frame[name] = pd.Series(values, index=frame.index, dtype=object, copy=False)
        return frame
    names = list(frame.columns) + [name for name in replaced if name not in frame.columns]
    data = {name: pd.Series(replaced[name], index=frame.index, dtype=object, copy=False) if name in replaced
            else frame[name] for name in names}  # (dtype: pandas would take text for its own string type)
    return gpd.GeoDataFrame(pd.DataFrame(data, index=frame.index, copy=False), geometry=frame.geometry.name,
                            crs=frame.crs, copy=False)


#: Up to this many rows _with_columns makes the frame in one go.
_ONE_GO_ROWS = 10_000


def _all_none(values: np.ndarray) -> bool:
    """Is every element of the object array *values* None?  (Told at once for most columns:
    the first or the last value.)"""
    if not len(values) or values[0] is not None or values[-1] is not None:
        return False
    return values.tolist().count(None) == len(values)


#: Up to this many rows a field is checked value by value (_check_value) only.
FEW_ROWS = 64

#: type() of every element of an object array, in one C loop.
_TYPE_OF = np.frompyfunc(type, 1, 1)
_NONE_TYPE = type(None)
#: Code points str.strip() takes away (str.isspace): the highest is U+3000.
_SPACE_CODES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


def _fast_field(fspec: schema.FieldSpec, column: pd.Series, nan_is_null: bool) -> tuple[np.ndarray, np.ndarray]:
    """(values cleaned, irregular rows) for one field, in a few vectorised steps.

    A row is *ordinary* when the vectorised test can vouch that _check_value would
    keep or convert it without a problem or a note (clean text, a known code, a
    whole number in range, an empty optional value, ...): its cleaned value is set
    here, exactly as _check_value would give it.  Every other row is *irregular*
    (its cleaned value is left None): the caller runs _check_value on it, so
    problems, notes and repairs stay exactly those of the per-value check."""
    n = len(column)
    cleaned = np.full(n, None, dtype=object)
    irregular = np.ones(n, dtype=bool)
    if n <= FEW_ROWS:  # the value-by-value check costs less than setting up the vectorised one
        return cleaned, irregular
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        if fspec.kind in ("year", "month", "percent", "money"):
            numbers = column.to_numpy(dtype=np.float64)
            nan = np.isnan(numbers)
            if nan_is_null and not fspec.required:
                irregular[nan] = False  # None
            _fast_numbers(fspec, numbers, ~nan, cleaned, irregular)
        return cleaned, irregular
    if not (dtype == object or isinstance(dtype, pd.StringDtype)):
        return cleaned, irregular  # dates, booleans, extension types: one by one
    values = column.to_numpy(dtype=object)
    plain = _plain_column(fspec, column, values, irregular)
    if plain is not None:
        return plain, irregular
    if isinstance(dtype, pd.StringDtype):  # text or its missing value: no need to look at each type
        missing = np.array(column.isna(), dtype=bool)
        na_is_nan = isinstance(dtype.na_value, float)
        is_none = np.zeros(n, dtype=bool) if na_is_nan else missing.copy()  # pd.NA counts as None
        is_float = missing.copy() if na_is_nan else np.zeros(n, dtype=bool)
        is_str = ~missing
        is_int = np.zeros(n, dtype=bool)
    else:
        types = _TYPE_OF(values)
        is_none = types == _NONE_TYPE
        is_float = types == float
        is_str = types == str
        is_int = types == int
    if not fspec.required:
        irregular[is_none] = False
        if nan_is_null and is_float.any():
            floats = np.flatnonzero(is_float)
            nan = np.isnan(values[floats].astype(np.float64))
            irregular[floats[nan]] = False
            is_float[floats[nan]] = False
    if fspec.kind in ("text", "enum", "date") and is_str.any():
        rows = np.flatnonzero(is_str)
        strings = values[rows]
        codes, uniques = _repeats(strings)
        if codes is not None:  # each distinct text checked once; equal texts then share one object
            if fspec.kind == "enum":
                canonical = {choice: choice for choice in fspec.choices}
                uniques = np.array([canonical.get(u, u) for u in uniques.tolist()] + [None], dtype=object)[:-1]
            ok, strings = _ordinary_texts(fspec, uniques)[codes], uniques[codes]
        else:
            ok = _ordinary_texts(fspec, strings)
        cleaned[rows[ok]] = strings[ok]
        irregular[rows[ok]] = False
    elif fspec.kind in ("year", "month", "percent", "money"):
        numbers = np.full(n, np.nan)
        if is_float.any():
            numbers[is_float] = values[is_float].astype(np.float64)
        if is_int.any():
            try:
                numbers[is_int] = np.array(values[is_int].tolist(), dtype=np.float64)
            except OverflowError:  # an integer beyond any float: those rows one by one
                is_int[:] = False
        _fast_numbers(fspec, numbers, is_float | is_int, cleaned, irregular)
    return cleaned, irregular


def _plain_column(fspec: schema.FieldSpec, column: pd.Series, values: np.ndarray,
                  irregular: np.ndarray) -> np.ndarray | None:
    """The two columns a big layer is mostly made of, told at a glance: a field empty in
    every row (cleaned: None; *irregular* cleared for an optional field, left for a
    required one, whose rows the caller then reports), and a column of pandas' string
    type with text in every row (a join of all of them succeeds) whose texts are all
    plain (enum codes, clean text; texts that repeat are checked once and then shared,
    as the general way shares them; *irregular* cleared).  Their cleaned values, or
    None: the general way then."""
    if not isinstance(column.dtype, pd.StringDtype):
        try:
            empty = values.tolist().count(None) == len(values)
        except (TypeError, ValueError):  # a cell that cannot say whether it equals None (pd.NA, an array)
            empty = False
        if empty:
            if not fspec.required:
                irregular[:] = False
            return np.full(len(values), None, dtype=object)
        return None
    if fspec.kind == "enum":  # (a missing value, NaN or pd.NA, is no code either)
        index = {choice: k for k, choice in enumerate(fspec.choices)}
        try:
            codes = np.fromiter(map(index.__getitem__, values.tolist()), dtype=np.intp, count=len(values))
        except (KeyError, TypeError):  # a text that is not a code: the general way
            return None
        cleaned = np.array(list(fspec.choices) + [None], dtype=object)[:-1][codes]
    elif fspec.kind in ("text", "date"):
        codes, uniques = _repeats(values)  # texts that repeat: each checked once, kept once
        if codes is not None and (codes < 0).any():  # a missing value
            return None
        texts = uniques if codes is not None else values
        try:  # str only (a missing value, NaN or pd.NA, stops the join)
            joined = "\n".join(texts.tolist())
        except TypeError:
            return None
        ok = _plain_strings(texts, joined)
        if fspec.kind == "date" and ok.all():
            ok = _iso_dates(texts)
        if not ok.all():
            return None
        cleaned = uniques[codes] if codes is not None else values.copy()
    else:
        return None
    irregular[:] = False
    return cleaned


def _ordinary_texts(fspec: schema.FieldSpec, strings: np.ndarray) -> np.ndarray:
    """For an array of str: True where _check_value keeps the text as it is."""
    if fspec.kind == "enum":
        return pd.Series(strings, dtype=object).isin(fspec.choices).to_numpy()
    ok = _plain_strings(strings)
    if fspec.kind == "date" and ok.any():
        ok &= _iso_dates(strings)
    return ok


def _repeats(strings: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(codes, distinct texts) of an array of str whose texts repeat (a status, a source:
    a sample says so), as pd.factorize gives them; (None, None) for mostly distinct
    texts (ids, names), where factorizing would cost more than it saves."""
    if len(strings) < 1000:
        return None, None
    sample = strings[:: len(strings) // 500].tolist()
    if len(set(sample)) * 2 > len(sample):
        return None, None
    codes, uniques = pd.factorize(strings)
    return codes, np.asarray(uniques, dtype=object)


def _fast_numbers(fspec: schema.FieldSpec, numbers: np.ndarray, candidates: np.ndarray, cleaned: np.ndarray,
                  irregular: np.ndarray) -> None:
    """Numbers (as float64) of the *candidates* rows that are plainly valid for a year,
    month, percent or budget field: cleaned as _check_value cleans them."""
    with np.errstate(invalid="ignore"):
        finite = candidates & np.isfinite(numbers)
        if fspec.kind in ("year", "month"):
            low, high = (1990, 2100) if fspec.kind == "year" else (1, 12)
            ok = finite & (numbers == np.floor(numbers)) & (numbers >= low) & (numbers <= high)
            cleaned[ok] = numbers[ok].astype(np.int64).astype(object)
        elif fspec.kind == "percent":
            ok = finite & (numbers >= 0) & (numbers <= 100)
            cleaned[ok] = numbers[ok].astype(object)
        else:  # money: a plain number is already in 万元 (schema.parse_money)
            ok = finite & (numbers >= 0)
            cleaned[ok] = np.array([round(v, 4) for v in numbers[ok].tolist()] + [None], dtype=object)[:-1]
    irregular[ok] = False


def _plain_strings(strings: np.ndarray, joined: str | None = None) -> np.ndarray:
    """For an array of str: True where _clean_text would change nothing (no control or
    invalid characters, no surrounding white space, not empty).  *joined*: the strings
    joined by newlines, when the caller has made it."""
    ok = np.ones(len(strings), dtype=bool)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    ok &= lengths > 0
    text = joined if joined is not None else "\n".join(strings.tolist())
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(codes) != len(text):  # pragma: no cover - one code per character
        return np.zeros(len(strings), dtype=bool)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))  # where each string begins in text
    if _UNSAFE.search(text):
        unsafe = ((codes < 0x20) & (codes != 0x09) & (codes != 0x0A)) | (codes == 0x7F) \
            | ((codes >= 0xD800) & (codes <= 0xDFFF)) | (codes == 0xFFFE) | (codes == 0xFFFF)
        bad = np.zeros(len(strings), dtype=bool)
        bad[np.searchsorted(starts, np.flatnonzero(unsafe), side="right") - 1] = True  # the strings they are in
        ok &= ~bad
    nonempty = lengths > 0
    first = np.zeros(len(strings), dtype=np.uint32)
    last = np.zeros(len(strings), dtype=np.uint32)
    first[nonempty] = codes[starts[nonempty]]
    last[nonempty] = codes[starts[nonempty] + lengths[nonempty] - 1]
    ok &= ~np.isin(first, _SPACE_CODES) & ~np.isin(last, _SPACE_CODES)
    return ok


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_dates(strings: np.ndarray) -> np.ndarray:
    """For an array of str: True where schema.parse_date takes the text as it is (a real
    day YYYY-MM-DD from 1990 to 2100)."""
    series = pd.Series(strings, dtype=object)
    shaped = series.map(lambda t: _ISO_DAY.fullmatch(t) is not None).to_numpy(dtype=bool)
    ok = np.zeros(len(strings), dtype=bool)
    if shaped.any():
        days = pd.to_datetime(series[shaped], format="%Y-%m-%d", errors="coerce")
        years = days.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
        ok[np.flatnonzero(shaped)] = (years >= 1990) & (years <= 2100)
    return ok


def _order_candidates(starts: np.ndarray, targets: np.ndarray, start_months: np.ndarray,
                      target_months: np.ndarray) -> np.ndarray:
    """Rows that may break the order of start and target (year, then month): plain
    ints compared at once; any other pair of present values is checked one by one."""
    types = [_TYPE_OF(a) for a in (starts, targets, start_months, target_months)]
    ints = [t == int for t in types]
    present = [t != _NONE_TYPE for t in types]
    both = ints[0] & ints[1]
    suspect = present[0] & present[1] & ~both  # anything but two ints: one by one
    if both.any():
        try:
            s, t = _as_int64(starts, both), _as_int64(targets, both)
        except OverflowError:  # an int beyond 64 bits (a problem already): one by one
            return np.flatnonzero(suspect | both)
        suspect |= both & (s > t)
        same = both & (s == t)
        months = ints[2] & ints[3]
        if (same & months).any():
            try:
                sm, tm = _as_int64(start_months, same & months), _as_int64(target_months, same & months)
                suspect |= same & months & (sm > tm)
            except OverflowError:
                suspect |= same & months
        suspect |= same & present[2] & present[3] & ~months
    return np.flatnonzero(suspect)


def _as_int64(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The Python ints of *values* at *rows* as int64 (0 elsewhere); OverflowError beyond 64 bits."""
    out = np.zeros(len(values), dtype=np.int64)
    out[rows] = np.array(values[rows].tolist(), dtype=np.int64)
    return out


def _date_order_candidates(begun: np.ndarray, done: np.ndarray) -> np.ndarray:
    """Rows whose completion date may come before the actual start."""
    types = [_TYPE_OF(begun), _TYPE_OF(done)]
    both = (types[0] == str) & (types[1] == str)
    suspect = (types[0] != _NONE_TYPE) & (types[1] != _NONE_TYPE) & ~both
    if both.any():
        suspect[both] = begun[both] > done[both]
    return np.flatnonzero(suspect)


def _expected(fspec: schema.FieldSpec) -> str:
    if fspec.kind == "enum":
        return Words("one of %1", ", ".join(fspec.choices))
    if fspec.kind == "year":
        return Words("a year (whole number 1990–2100) or empty")
    if fspec.kind == "percent":
        return Words("a number from 0 to 100 or empty")
    if fspec.kind == "month":
        return Words("a month (whole number 1–12) or empty")
    if fspec.kind == "money":
        return Words("an amount in 万元 (text with its unit: 1200万元, 3.5亿元) or empty")
    if fspec.kind == "date":
        return Words("a date YYYY-MM-DD or empty")
    return Words("text (required)") if fspec.required else Words("text")


def _at_most_bytes() -> Words:
    return Words("a file of at most %1 (qxmap's limit)", _size_text(MAX_FILE_BYTES))


def _geometry_types(spec: schema.LayerSpec) -> Words:
    """The geometry types *spec* takes, in words ("LineString or MultiLineString")."""
    said = Words("%1", spec.geometry_types[0])
    for kind in spec.geometry_types[1:]:
        said = Words("%1 or %2", said, kind)
    return said


#: Characters no text of a dataset keeps: C0 controls but tab and line feed (a
#: carriage return is a line break, see _clean_text), DEL, lone surrogates, and
#: the non-characters U+FFFE/U+FFFF.  XLSX, XML and most viewers refuse them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_INVALID = re.compile("[\ud800-\udfff\ufffe\uffff]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean_text(text: str) -> tuple[str, str | None]:
    """(*text* with line breaks as \\n, control characters removed and invalid code
    points replaced by U+FFFD, stripped; a note saying what changed, or None)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _UNSAFE.search(text):
        return text.strip(), None
    said = []
    controls = sorted(set(_CONTROL.findall(text)))
    if controls:
        codes = ", ".join(f"U+{ord(c):04X}" for c in controls[:6]) + (", ..." if len(controls) > 6 else "")
        said.append(Words("control characters removed (%1)", codes))
        text = _CONTROL.sub("", text)
    if _INVALID.search(text):
        said.append(Words("invalid characters (lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD"))
        text = _INVALID.sub("\ufffd", text)
    return text.strip(), said[0] if len(said) == 1 else Words("%1; %2", *said)


def _kind_of(value) -> str:
    """What a value is, in the words of a message ("a list", "an object", ...)."""
    if isinstance(value, bool):
        return Words("true/false")
    if isinstance(value, (list, tuple)):
        return Words("a list")
    if isinstance(value, dict):
        return Words("an object")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return Words("binary data")
    if isinstance(value, float) and not math.isfinite(value):
        return Words("a non-finite number")
    if isinstance(value, (int, float)):
        return Words("a number")
    return Words("a value of type %1", type(value).__name__)


def _check_value(fspec: schema.FieldSpec, value, nan_is_null: bool = False):
    """(clean value, problem message or None, note or None)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value) and nan_is_null:
        value = None
    note = None
    if isinstance(value, str):
        value, note = _clean_text(value)
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, str) and not value):
        if fspec.required:
            return None, Words("required value is empty"), None
        return None, None, note
    if fspec.kind == "text":
        if isinstance(value, str):
            return value, None, note
        if fspec.name == "id":
            return value, Words("id must be text, not %1", _kind_of(value)), None
        if _is_finite_number(value):
            return str(value), None, None  # a number where text is expected: its digits are the text
        return value, Words("%1 where text is expected", _kind_of(value)), None
    if fspec.kind == "enum":
        if isinstance(value, str):
            if value not in fspec.choices:
                return value, Words("unknown %1", fspec.name), None
            return value, None, None
        if _is_finite_number(value):
            return value, Words("unknown %1", fspec.name), None
        return value, Words("%1 where text is expected", _kind_of(value)), None
    if fspec.kind == "money":  # a budget in 万元; text must state its unit (万元 or 亿元)
        if not isinstance(value, str) and not _is_number(value):
            return value, Words("%1 where a budget is expected", _kind_of(value)), None
        amount, problem = schema.parse_money(value)
        if problem and isinstance(value, str) and _number_from_text(value) is not None:
            amount, problem = schema.parse_money(_number_from_text(value))  # GDAL read the column as text
        return (value, problem, None) if problem else (amount, None, note)
    if fspec.kind == "date":
        day, problem = schema.parse_date(value)
        return (value, problem, None) if problem else (day, None, note)
    if fspec.kind in ("year", "percent", "month") and isinstance(value, str):
        # GDAL reads a whole column as text when one value in it is text: take numbers back.
        number = _number_from_text(value)
        if number is None:
            return value, (Words("not a number") if fspec.kind == "percent"
                           else Words("not a whole-number month") if fspec.kind == "month"
                           else Words("not a whole-number year")), None
        value = number
    if fspec.kind == "month":
        if not _is_number(value) or (isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
            return value, Words("not a whole-number month"), None
        if not 1 <= int(value) <= 12:
            return value, Words("month out of range"), None
        return int(value), None, None
    if fspec.kind == "year":
        if not _is_number(value):
            return value, Words("not a whole-number year"), None
        if isinstance(value, float):
            if not math.isfinite(value):
                return value, Words("not a finite number"), None
            if not value.is_integer():
                return value, Words("not a whole-number year"), None
            value = int(value)
        if not 1990 <= value <= 2100:
            return value, Words("year out of range"), None
        return value, None, None
    if fspec.kind == "percent":
        if not _is_number(value):
            return value, Words("not a number"), None
        if isinstance(value, float) and not math.isfinite(value):
            return value, Words("not a finite number"), None
        if not 0 <= value <= 100:
            return value, Words("percentage out of range"), None
        return float(value), None, None
    return value, None, None


def _number_from_text(text: str) -> int | float | None:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _check_geometries(raw: _RawLayer, frame: gpd.GeoDataFrame, spec: schema.LayerSpec,
                      problems: list[Problem]) -> None:
    accuracy = frame["geometry_accuracy"] if "geometry_accuracy" in frame.columns else None
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = _present(geoms)
    valid = np.ones(len(geoms), dtype=bool)
    finite = np.ones(len(geoms), dtype=bool)
    if present.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            valid[present] = shapely.is_valid(geoms[present])
            coords, owner = shapely.get_coordinates(geoms[present], return_index=True)
        bad = ~np.isfinite(coords).all(axis=1)
        if bad.any():
            finite[np.flatnonzero(present)[np.unique(owner[bad])]] = False
    ids = frame["id"].tolist() if "id" in frame.columns else [None] * len(frame)
    accuracies = accuracy.tolist() if accuracy is not None else [None] * len(frame)
    # the common case, nothing to say, found at once: the loop visits only the others
    allowed = [_GEOMETRY_TYPE_IDS[t] for t in spec.geometry_types if t in _GEOMETRY_TYPE_IDS]
    fine = present & valid & finite & np.isin(shapely.get_type_id(geoms), allowed)
    if accuracy is not None:
        fine &= (accuracy.to_numpy(dtype=object) != "unmapped")
    for index in np.flatnonzero(~fine).tolist():
        geom = geoms[index]
        if present[index] and valid[index] and finite[index] and accuracies[index] != "unmapped" \
                and geom.geom_type in spec.geometry_types:
            continue  # the common case: nothing to say
        acc = accuracies[index]
        if not present[index] and spec.geometry_optional and acc in (None, "unmapped"):
            continue  # a record not mapped yet (most of a town's list): nothing to say
        label = _id_label(ids[index], index)
        if not present[index]:
            if not spec.geometry_optional:
                problems.append(Problem(raw.file, Words("geometry is missing"), feature=label, field="geometry",
                                        expected=_geometry_types(spec)))
            elif acc not in (None, "unmapped"):
                problems.append(Problem(raw.file, Words("a feature without geometry must say it is not mapped"),
                                        feature=label, field="geometry_accuracy", value=acc, expected="unmapped"))
            continue
        if geom.geom_type not in spec.geometry_types:
            problems.append(Problem(raw.file, Words("wrong geometry type for layer '%1'", raw.name), feature=label,
                                    field="geometry", value=geom.geom_type, expected=_geometry_types(spec)))
            continue
        if not finite[index]:
            problems.append(Problem(raw.file, Words("coordinates are not finite numbers"), feature=label,
                                    field="geometry", expected=Words("finite longitude/latitude")))
            continue
        if not valid[index]:
            problems.append(Problem(raw.file, Words("invalid geometry: %1", shapely.is_valid_reason(geom)),
                                    feature=label, field="geometry",
                                    expected=Words("a valid (OGC simple features) geometry")))
        if acc == "unmapped":
            problems.append(Problem(raw.file, Words("a feature with geometry cannot be 'unmapped'"), feature=label,
                                    field="geometry_accuracy", value=acc,
                                    expected=Words("surveyed, approximate or schematic")))


_GEOMETRY_TYPE_IDS = {"Point": 0, "LineString": 1, "LinearRing": 2, "Polygon": 3, "MultiPoint": 4,
                      "MultiLineString": 5, "MultiPolygon": 6, "GeometryCollection": 7}


def _present(geoms: np.ndarray) -> np.ndarray:
    """True where a geometry is there and not empty (vectorised)."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=bool)
    return ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)


def _add_measures(name: str, frame: gpd.GeoDataFrame) -> None:
    """Road length (km) and polygon area (km²), measured in EPSG:4547."""
    if len(frame) == 0:
        frame["length_km"] = pd.Series(dtype=float)
        frame["area_km2"] = pd.Series(dtype=float)
        return
    frame["length_km"], frame["area_km2"] = measures(name, frame.geometry.values)


def measures(name: str, geoms) -> tuple[np.ndarray, np.ndarray]:
    """(length in km of each line, area in km² of each polygon; NaN for the others, but a
    tracked layer's length 0) of WGS-84 *geoms*, measured in EPSG:4547: what the loader
    gives a layer, and an import its new records."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = shapely.get_type_id(geoms) if len(geoms) else np.zeros(0, dtype=int)  # -1: no geometry
    lines = np.isin(kinds, [_GEOMETRY_TYPE_IDS[t] for t in schema.LINES])
    polys = np.isin(kinds, [_GEOMETRY_TYPE_IDS[t] for t in schema.POLYGONS])
    length = np.full(len(geoms), np.nan)
    if lines.any():
        length[lines] = _metric_lengths(geoms[lines], kinds[lines] == _GEOMETRY_TYPE_IDS["LineString"]) / 1000.0
    area = np.full(len(geoms), np.nan)
    if polys.any():  # (few: the boundary, parks, zones)
        area[polys] = _metric_areas(geoms[polys]) / 1e6
    if name in schema.TRACKED_LAYERS:
        length = np.nan_to_num(length, nan=0.0)
    return length, area


def _metric_areas(polygons: np.ndarray) -> np.ndarray:
    """Areas (m²) in schema.METRIC_CRS of (Multi)Polygons, as ``GeoSeries.to_crs(METRIC_CRS).area``
    gives them (the same coordinates through the same transformation), through the shared
    transformer (:mod:`qxmap.projections`) without a GeoSeries, its CRS parsed and
    compared and its geometries copied: about 1 ms a layer of a town's workspace."""
    coords = shapely.get_coordinates(polygons)
    x, y = projections.transform_columns(projections.to_metric(), coords)
    return shapely.area(shapely.set_coordinates(polygons.copy(), np.column_stack([x, y])))


def _metric_lengths(lines: np.ndarray, single: np.ndarray) -> np.ndarray:
    """Lengths (m) in schema.METRIC_CRS of LineStrings and MultiLineStrings (*single*: a
    LineString), as ``GeoSeries.to_crs(METRIC_CRS).length`` gives them, to the last bit
    (the same transformation of the same coordinates, each segment's sqrt(dx² + dy²)
    added in order, part after part), without making the reprojected geometries."""
    pieces = lines[single]
    owner = np.flatnonzero(single)
    if not single.all():  # a MultiLineString's parts, each its own piece, in order
        parts, which = shapely.get_parts(lines[~single], return_index=True)
        pieces = np.concatenate([pieces, parts])
        owner = np.concatenate([owner, np.flatnonzero(~single)[which]])
        order = np.argsort(owner, kind="stable")
        pieces, owner = pieces[order], owner[order]
    piece_lengths = np.empty(len(pieces))
    for start in range(0, len(pieces), MEASURE_CHUNK):
        piece_lengths[start:start + MEASURE_CHUNK] = _piece_lengths(pieces[start:start + MEASURE_CHUNK])
    return np.bincount(owner, weights=piece_lengths, minlength=len(lines))


#: LineStrings measured at a time: the coordinates, their projection and the segments of
#: this many at once (a few MB), not of a whole layer (200,000 roads: about 60 MB more
#: at the peak of an open).  Each length is the same sum in the same order either way.
MEASURE_CHUNK = 20_000


def _piece_lengths(pieces: np.ndarray) -> np.ndarray:
    """The metric length of each LineString of *pieces* (see :func:`_metric_lengths`)."""
    coords, piece = shapely.get_coordinates(pieces, return_index=True)
    x, y = projections.transform_columns(projections.to_metric(), coords)
    del coords
    dx, dy = np.diff(x), np.diff(y)
    inside = piece[1:] == piece[:-1]  # a segment, not the jump to the next piece
    segments = np.sqrt(dx * dx + dy * dy)
    return np.bincount(piece[1:][inside], weights=segments[inside], minlength=len(pieces))


def validate(path: str | Path) -> list[Problem]:
    """Every problem in the dataset at *path* (empty when it is valid)."""
    try:
        load_dataset(path)
    except DatasetError as exc:
        return exc.problems
    return []
