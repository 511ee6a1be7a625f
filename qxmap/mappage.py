"""Build the map page (HTML) for a dataset with folium, fully offline.

folium gives the page skeleton (the Leaflet map, its scale bar); Leaflet
itself comes from the xstatic-leaflet package and the page script from
resources/page, all served by the app under ``APP_ORIGIN``: the page
references nothing outside the app.  The data is embedded as a JSON block
(not as code) that resources/page/qxmap-page.js reads and draws.

Data never passes through a template engine: folium renders a skeleton that
holds no byte of the dataset, and the JSON block is put in its place after
rendering (:func:`build_page`).  The page carries a strict
Content-Security-Policy (:func:`content_security_policy`): scripts and styles
only from the app or with the hash of the skeleton's own inline blocks, no
inline event handlers, no plugins, no frames, no forms, no remote scripts;
images only from the app and the online basemaps' own hosts.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qxmap import basemaps, schema
from qxmap.dataset import Dataset, copy_on_write
from qxmap.styles import reference_style, style_table

APP_SCHEME = "qxmap"
APP_ORIGIN = f"{APP_SCHEME}://app"

#: Properties sent to the page per layer (the page needs no more).
PAGE_PROPERTIES = ("id", "name_zh", "name_en", "category", "status", "phase", "kind", "geometry_accuracy")

COORD_DECIMALS = 6

#: Where the data block goes in the rendered skeleton (a constant: no data in any template).
_DATA_MARKER = "<!--qxmap:data-->"


@dataclass(frozen=True)
class RenderOptions:
    """How the page draws roads (see makeFilterCanvas in qxmap-page.js).

    From *group_cache_min* roads on, the page keeps rendered images of each build
    phase and composites them, so a filter re-rasterises only the phases it
    changed; below it, drawing every road again is cheaper than the copies.  The
    images take at most *group_cache_budget* bytes (two per phase at most; fewer,
    or none, on a very large canvas).  In a dense view drawn as pixels
    (*thin_pixels*) a phase's image holds all its roads at that zoom where they
    fit in three canvases, and is kept across pans and for the last three zooms.

    From *bulk_min* roads on (packed page data only: ``build_page(..., data_url=...)``)
    the page draws the roads straight from the packed arrays instead of making a
    Leaflet layer for each ("bulk roads" in qxmap-page.js): the same pixels, a
    fraction of the time and memory; the draw tool snaps to such roads after the
    other layers' features (a snap source).  A reference layer with *bulk_min*
    lines or more is drawn the same way (qxmap-bulk.js), thinned by its own
    count of lines in view.

    Level of detail: where a view holds more than *thin_per_mpx* roads per million
    pixels of map (about one road per 150 square pixels: at their full widths they
    would cover the map several times over), the roads are drawn 1 px wide, as a
    desktop GIS thins its symbols at small scales; the selected roads keep their
    width.  A 1 px line is rasterised about 15 times faster than a wider one.  The
    choice depends on the view only (every road in it counts, shown or filtered
    out), so a filter never changes the widths; zoom in and the widths come back.
    With *thin_pixels* those 1 px lines are set pixel by pixel, without
    anti-aliasing (PixelPen in qxmap-canvas.js): a dense view of 200,000 roads
    is drawn in a fraction of the time the canvas's strokes take on the CPU."""

    group_cache_min: int = 1000
    group_cache_budget: int = 256_000_000
    bulk_min: int = 10_000
    thin_per_mpx: int = 6500
    thin_pixels: bool = True


def page_data(dataset: Dataset, render: RenderOptions = RenderOptions(), buffers: list | None = None) -> dict:
    """The JSON the page draws: features per layer, styles, the town's bounds, and
    how roads are drawn: grouped by build phase, the current phases on top.

    With *buffers* (a list), the schema's layers are packed instead (see
    :func:`page_payload`): their arrays are appended to *buffers*."""
    layers = {}
    for name in schema.LAYER_ORDER:
        frame = dataset.layers[name]
        if buffers is not None:
            layers[name] = packed_layer(frame, buffers)
            continue
        columns = [c for c in PAGE_PROPERTIES if c in frame.columns]
        features = []
        props_list = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
        for props, geom in zip(props_list, frame.geometry):
            geometry = None
            if geom is not None and not geom.is_empty:
                geometry = _rounded(geom.__geo_interface__)
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
        layers[name] = features
    table = style_table()
    styles = dict(table, layers=dict(table["layers"]))  # (the reference layers' join a copy, never the table)
    references = reference_page_layers(dataset, layers, styles, buffers)
    return {
        # reference layers above the town's outline, under every other layer
        "layer_order": list(schema.LAYER_ORDER[:1]) + [r["layer"] for r in references] + list(schema.LAYER_ORDER[1:]),
        "layers": layers,
        "reference_layers": references,
        "styles": styles,
        "town_bounds": town_bounds(dataset),
        "render": {"group_order": list(reversed(schema.PHASES)), "group_cache_min": int(render.group_cache_min),
                   "group_cache_budget": int(render.group_cache_budget), "bulk_min": int(render.bulk_min),
                   "thin_per_mpx": int(render.thin_per_mpx), "thin_pixels": bool(render.thin_pixels)},
    }


def reference_page_layers(dataset: Dataset, layers: dict, styles: dict, buffers: list | None = None) -> list[dict]:
    """The dataset's reference layers as page layers (``ref:<key>``, drawn above the
    town's outline and under every other layer): features with an id, a name for the
    tooltip (the feature's own name, else the layer's title) and a muted style; packed
    as the schema's layers are when *buffers* is given (a city's network of 180,000
    lines: 0.3 s instead of 6 s of GeoJSON made feature by feature).
    Returns [{layer, title, count}] in drawing order."""
    import pandas as pd
    import shapely

    out = []
    for n, ref in enumerate(getattr(dataset, "references", {}).values()):
        frame = ref.frame
        geoms = np.asarray(frame.geometry.values, dtype=object)
        rows = np.flatnonzero(~shapely.is_missing(geoms)) if len(geoms) else np.zeros(0, dtype=np.int64)
        rows = rows[~shapely.is_empty(geoms[rows])]
        names = frame["name_zh"].to_numpy(dtype=object)[rows] if "name_zh" in frame.columns \
            else np.full(len(rows), None, dtype=object)
        labels = [name if isinstance(name, str) and name.strip() else ref.title for name in names.tolist()]
        ids = [f"{ref.layer_name}#{i}" for i in rows.tolist()]
        if buffers is not None:
            page = pd.DataFrame({"id": ids, "name_zh": labels}, dtype=object)
            page["geometry"] = geoms[rows]
            layers[ref.layer_name] = packed_layer(page, buffers)
        else:
            layers[ref.layer_name] = [
                {"type": "Feature", "properties": {"id": rid, "name_zh": label},
                 "geometry": _rounded(geom.__geo_interface__)} for rid, label, geom in zip(ids, labels, geoms[rows])]
        style = reference_style(n)
        styles["layers"][ref.layer_name] = style
        out.append({"layer": ref.layer_name, "title": ref.title, "count": len(ids), "color": style["color"]})
    return out


# ---------------------------------------------------------------- the packed page data
#
# The fast path (what the app shows): the page's HTML holds no data, only where
# to fetch it (qxmap://app/<page>.data, served by the app's scheme handler), and
# the data is one binary block, read by the page with JSON.parse and typed arrays
# (never evaluated):
#
#   "QXD1" | header length (uint32 LE) | header (UTF-8 JSON) | pad to 8 | buffers
#
# The header is page_data's dict with each schema layer packed:
# {"packed": {"count": n, "props": {column: {"values": [...]},
# {"dict": [null, ...], "codes": buffer} or {"text": buffer, "missing":
# buffer}}, "type", "parts", "rings", "coords",
# "xy": buffers, "geojson": {row: geometry}}} and "buffers": [[offset, bytes,
# "i32" | "u8" | "u16"], ...] (offsets from the first 8-aligned byte after the
# header).  Geometry as arrays: per feature a type code (PACKED_TYPES; 0 none)
# and its parts (parts[i]..parts[i+1]), per part its rings (rings[p]..rings[p+1];
# a line or a point is one ring, a polygon's exterior comes first), per ring its
# positions (coords[r]..coords[r+1]), positions as (x, y) in millionths of a
# degree (COORD_DECIMALS), so the page reads exactly the numbers page_data gives.
# A geometry of another type (a GeometryCollection) travels as GeoJSON.

PAYLOAD_MAGIC = b"QXD1"
PACKED_TYPES = {"Point": 1, "LineString": 2, "Polygon": 3, "MultiPoint": 4, "MultiLineString": 5, "MultiPolygon": 6}
_SHAPELY_TYPE_TO_PACKED = {0: 1, 1: 2, 3: 3, 4: 4, 5: 5, 6: 6}  # shapely.get_type_id -> PACKED_TYPES


def page_payload(dataset: Dataset, render: RenderOptions = RenderOptions(), allocate=bytearray):
    """The page data of :func:`page_data` as one binary block (see above): what the app
    serves beside a page built with ``build_page(..., data_url=...)``.  The block as it
    was filled, not a ``bytes`` copy of it: at 200,000 roads a copy was 22 MB more at
    the app's peak memory (the block is made while the session fills its tables).
    *allocate(n)* gives the block, n zero bytes in any object with a writable buffer
    (a bytearray; the app's scheme handler gives the byte array it then serves as it
    is, where copying the block into one doubled it at that peak)."""
    buffers: list = []
    data = page_data(dataset, render, buffers=buffers)
    table, offset = buffer_table(buffers)
    data["buffers"] = table
    header = _header_pieces(data)
    del data
    length = sum(map(len, header))
    start = -(-(8 + length) // 8) * 8
    block = allocate(start + offset)
    out = memoryview(block).cast("B")
    if len(out) != start + offset or out.readonly:
        raise ValueError(f"allocate({start + offset}) gave {len(out)} bytes{' (read-only)' if out.readonly else ''}")
    out[:4] = PAYLOAD_MAGIC
    out[4:8] = length.to_bytes(4, "little")
    at = 8
    while header:
        piece = header.pop(0)
        out[at:at + len(piece)] = piece
        at += len(piece)
    for (at, nbytes, _code), array in zip(table, buffers):
        out[start + at:start + at + nbytes] = memoryview(np.ascontiguousarray(array)).cast("B")
    buffers.clear()
    out.release()
    return block


def buffer_table(buffers: list) -> tuple[list[list], int]:
    """The header's "buffers" ([offset, bytes, type code] of each array, each at an offset a
    multiple of 8) and the bytes they take together."""
    table, offset = [], 0
    for array in buffers:
        code = {np.dtype("<i4"): "i32", np.dtype("u1"): "u8", np.dtype("<u2"): "u16"}[array.dtype]
        table.append([offset, int(array.nbytes), code])
        offset += -(-array.nbytes // 8) * 8
    return table, offset


#: A column of more values than this is written into the header on its own (_header_pieces).
_PIECE_VALUES = 1000


def _header_pieces(data: dict) -> list[bytes]:
    """The payload's header, ``json.dumps(data, ...)`` as UTF-8, in pieces whose join is
    exactly that text's bytes: each long column of values (ids, names) dumped and encoded
    on its own, where the whole header made at once was a str of every name (two bytes
    a character where one is Chinese) and then its bytes, both held at once: at 200,000
    roads about 21 MB and 13 MB more at the app's peak memory, made while the session
    fills its tables.  (A lone surrogate reaches the page as U+FFFD, as before.)"""
    dump = functools.partial(json.dumps, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # Where a long column's values go: a token that no text of the data can hold (made now).
    mark = f"qxmap-column-{secrets.token_hex(16)}-"
    columns: list[list] = []
    for layer in list(data.get("layers", {}).values()):
        packed = layer.get("packed") if isinstance(layer, dict) else None
        for column in (packed or {}).get("props", {}).values():
            values = column.get("values")
            if isinstance(values, list) and len(values) > _PIECE_VALUES:
                column["values"] = mark + str(len(columns))
                columns.append(values)
    skeleton = dump(data)
    pieces: list[bytes] = []
    rest = skeleton
    for k in range(len(columns)):
        before, rest = rest.split(json.dumps(mark + str(k)), 1)
        pieces.append(before.encode("utf-8", "surrogatepass"))
        values, columns[k] = columns[k], None
        pieces.append(dump(values).encode("utf-8", "surrogatepass"))
        del values
    pieces.append(rest.encode("utf-8", "surrogatepass"))
    return pieces


def page_snapshot(dataset: Dataset) -> Dataset:
    """What :func:`page_payload` reads of *dataset*, copied now (the page's columns and
    the geometries, by reference: cheap): the payload can then be made in another
    thread while *dataset* goes on changing (an edit, a reload) in this one.  Under
    pandas' copy-on-write the columns picked are already the snapshot (whichever side
    writes first copies what it writes): no copy of them is made now, where a copy was
    about 14 MB at 200,000 roads, at the app's peak while it opens."""
    deep = not copy_on_write()
    layers = {}
    for name in schema.LAYER_ORDER:
        frame = dataset.layers[name]
        keep = [c for c in PAGE_PROPERTIES if c in frame.columns] + [frame.geometry.name]
        layers[name] = frame[keep].copy(deep=deep)
    references = {}
    for key, ref in getattr(dataset, "references", {}).items():
        keep = [c for c in ("name_zh",) if c in ref.frame.columns] + [ref.frame.geometry.name]
        references[key] = type(ref)(ref.key, ref.title, ref.frame[keep].copy(deep=deep), ref.source)
    return Dataset(path=dataset.path, layers=layers, references=references)


def packed_layer(frame, buffers: list) -> dict:
    """One layer of the packed page data: its page properties as columns, its
    geometries as arrays (appended to *buffers*)."""
    columns = [c for c in PAGE_PROPERTIES if c in frame.columns]
    props = {c: _packed_column(frame[c], buffers) for c in columns}
    packed = {"count": len(frame), "props": props}
    packed.update(_packed_geometry(np.asarray(frame.geometry.values, dtype=object), buffers))
    return {"packed": packed}


def _buffer(buffers: list, array) -> int:
    buffers.append(array)
    return len(buffers) - 1


def _packed_column(series, buffers: list) -> dict:
    """A property column: {"values": [...]}; when few values repeat, {"dict": [null,
    value, ...], "codes": buffer} (code 0: no value); a long column of texts (ids,
    names), {"text": buffer, "missing": buffer} (:func:`_packed_texts`).  Missing
    values are null, as in page_data."""
    import pandas as pd

    values = series.to_numpy(dtype=object, copy=True)
    missing = pd.isna(values)
    values[missing] = None
    if len(values) >= 64 and len(pd.unique(values[::max(1, len(values) // 1000)])) < 64:  # codes, likely
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        if len(uniques) < 255 and len(uniques) * 4 < len(values):
            return {"dict": [None] + list(uniques), "codes": _buffer(buffers, (codes + 1).astype("u1"))}
    listed = values.tolist()
    if len(listed) >= TEXT_COLUMN_MIN:
        texts = _packed_texts(listed, missing, buffers)
        if texts is not None:
            return texts
    return {"values": listed}


#: From this many rows on, a column of texts is packed as bytes (:func:`_packed_texts`).
TEXT_COLUMN_MIN = 1000


def _packed_texts(listed: list, missing: np.ndarray, buffers: list) -> dict | None:
    """A column of texts (None where *missing*) as {"text": buffer, "missing": buffer}: the
    texts as UTF-8, one NUL between two ("" for a missing one), and a byte per row (1:
    missing); the page decodes the bytes at once and splits them.  At 200,000 roads the
    ids and names as JSON were about 0.2 s to write and 0.13 s for the page to parse;
    these are about 20 ms each.  None (the column goes as JSON) where a value is not a
    str or a text holds a NUL.  A lone surrogate reaches the page as U+FFFD, as through
    JSON."""
    if not set(map(type, listed)) <= {str, type(None)}:  # (a subclass of str too: as JSON)
        return None
    joined = "\x00".join(["" if v is None else v for v in listed] if missing.any() else listed)
    if joined.count("\x00") != len(listed) - 1:  # a NUL in a text
        return None
    return {"text": _buffer(buffers, np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype="u1")),
            "missing": _buffer(buffers, missing.astype("u1"))}


def _packed_geometry(geoms: np.ndarray, buffers: list) -> dict:
    import shapely

    n = len(geoms)
    kinds = np.zeros(n, dtype="u1")
    other: dict[str, dict] = {}
    if n:
        present = ~shapely.is_missing(geoms)
        present[present] = ~shapely.is_empty(geoms[present])
        type_ids = shapely.get_type_id(geoms)
        for shapely_id, code in _SHAPELY_TYPE_TO_PACKED.items():
            kinds[present & (type_ids == shapely_id)] = code
        for i in np.flatnonzero(present & (kinds == 0)).tolist():  # another type: as GeoJSON
            other[str(i)] = _rounded(geoms[i].__geo_interface__)
    return _packed_geometry_of(geoms, kinds, other, buffers)


#: Degrees the packed arrays hold (millionths of a degree in 32-bit integers).
MAX_PACKED_DEGREES = 2147.0
#: Rings (lines) whose positions are packed at a time.
_PACK_RINGS = 20_000


def _packed_geometry_of(geoms: np.ndarray, kinds: np.ndarray, other: dict, buffers: list) -> dict:
    """The arrays of the features of a packed type (*kinds* > 0); *other*: the GeoJSON of the rest."""
    import shapely

    n = len(geoms)
    simple = geoms[kinds > 0]
    parts, part_owner = _parts(simple, kinds[kinds > 0])
    polygon = shapely.get_type_id(parts) == 3 if len(parts) else np.zeros(0, dtype=bool)
    rings, ring_owner = parts, np.arange(len(parts))
    if polygon.any():
        polygon_rings, which = shapely.get_rings(parts[polygon], return_index=True)
        rings = np.concatenate([parts[~polygon], polygon_rings])
        ring_owner = np.concatenate([np.flatnonzero(~polygon), np.flatnonzero(polygon)[which]])
        order = np.argsort(ring_owner, kind="stable")  # by part, each polygon's exterior first
        rings, ring_owner = rings[order], ring_owner[order]
    coord_counts = shapely.get_num_coordinates(rings) if len(rings) else np.zeros(0, dtype=np.int64)
    xy = np.empty(2 * int(coord_counts.sum()), dtype="<i4")
    filled = 0
    wrong: list[np.ndarray] = []
    # A few thousand rings at a time: at 200,000 roads the 900,000 positions as floats
    # (and which ring each is of) were 22 MB more at the app's peak memory, made while
    # the session fills its tables.
    for first in range(0, len(rings), _PACK_RINGS):
        coords, coord_owner = shapely.get_coordinates(rings[first:first + _PACK_RINGS], return_index=True)
        held = (np.abs(coords) <= MAX_PACKED_DEGREES).all(axis=1)  # (NaN fails too)
        if not held.all():
            wrong.append(first + coord_owner[~held])
            continue
        if wrong:  # (the arrays are made again without those features)
            continue
        # In place: the same numbers as np.rint(coords * 10 ** COORD_DECIMALS).
        np.multiply(coords, 10 ** COORD_DECIMALS, out=coords)
        np.rint(coords, out=coords)
        xy[filled:filled + coords.size] = coords.reshape(-1)
        filled += coords.size
    if wrong:
        # A position the arrays cannot hold (a reference layer keeps what its file says):
        # that feature travels as GeoJSON, or without a geometry if a number is not finite.
        bad = np.unique(part_owner[ring_owner[np.concatenate(wrong)]])
        for i in np.flatnonzero(kinds > 0)[bad].tolist():
            kinds[i] = 0
            if np.isfinite(shapely.get_coordinates(geoms[i])).all():
                other[str(i)] = _rounded(geoms[i].__geo_interface__)
        return _packed_geometry_of(geoms, kinds, other, buffers)
    part_counts = np.zeros(n, dtype=np.int64)
    part_counts[np.flatnonzero(kinds > 0)] = np.bincount(part_owner, minlength=len(simple))

    def offsets(counts) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(counts)]).astype("<i4")

    return {
        "type": _buffer(buffers, kinds),
        "parts": _buffer(buffers, offsets(part_counts)),
        "rings": _buffer(buffers, offsets(np.bincount(ring_owner, minlength=len(parts)))),
        "coords": _buffer(buffers, offsets(coord_counts)),
        "xy": _buffer(buffers, xy),
        "geojson": other,
    }


def _parts(geoms: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(parts, owner) as shapely.get_parts(geoms, return_index=True) gives them, in the
    same order; a point, line or polygon is its own part (not cloned as get_parts
    clones it: most features are single)."""
    import shapely

    multi = kinds >= PACKED_TYPES["MultiPoint"]
    if not multi.any():
        return geoms, np.arange(len(geoms))
    if multi.all():
        return shapely.get_parts(geoms, return_index=True)
    multi_parts, which = shapely.get_parts(geoms[multi], return_index=True)
    parts = np.concatenate([geoms[~multi], multi_parts])
    owner = np.concatenate([np.flatnonzero(~multi), np.flatnonzero(multi)[which]])
    order = np.argsort(owner, kind="stable")  # by feature, each one's parts in their order
    return parts[order], owner[order]


def town_bounds(dataset: Dataset) -> list[list[float]]:
    """[[south, west], [north, east]] of the boundary (or of all data)."""
    frame = dataset.layers["boundary"]
    if len(frame) == 0 or frame.geometry.isna().all():
        frames = [f for f in dataset.layers.values() if len(f) and f.geometry.notna().any()]
        if not frames:
            return [[22.77, 114.10], [22.91, 114.23]]
        bounds = [f.geometry.dropna().total_bounds for f in frames]
        minx = min(b[0] for b in bounds)
        miny = min(b[1] for b in bounds)
        maxx = max(b[2] for b in bounds)
        maxy = max(b[3] for b in bounds)
    else:
        minx, miny, maxx, maxy = frame.geometry.dropna().total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def _rounded(geo: dict) -> dict:
    def walk(coords):
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            return [round(float(c), COORD_DECIMALS) for c in coords[:2]]
        return [walk(c) for c in coords]

    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def data_script(data: dict) -> str:
    """The data as an inert JSON block. Every '<' is escaped, so no text from a
    file can close the block or open a tag: data stays data."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="qxmap-data">{text}</script>'


def content_security_policy(html: str, origin: str = APP_ORIGIN) -> str:
    """The page's policy: every inline <script>/<style> of *html* by its hash,
    everything else from the app itself (and tile images from the online
    basemaps the app knows). Inline event handlers and javascript: URLs are
    forbidden (no 'unsafe-inline'), and so is every remote script."""
    scripts = _inline_hashes(html, "script")
    styles = _inline_hashes(html, "style")
    images = " ".join(basemaps.image_sources())
    return "; ".join([
        "default-src 'none'",
        f"script-src {origin} {scripts}".rstrip(),
        f"style-src {origin} {styles}".rstrip(),
        f"img-src {origin} data: blob: {images}".rstrip(),
        f"font-src {origin} data:",
        f"connect-src {origin}",
        "object-src 'none'", "frame-src 'none'", "worker-src 'none'",
        "base-uri 'none'", "form-action 'none'",
    ])


_INLINE = {tag: re.compile(rf"<{tag}(?P<attrs>[^>]*)>(?P<body>.*?)</{tag}>", re.S | re.I) for tag in ("script", "style")}


def _inline_hashes(html: str, tag: str) -> str:
    out = []
    for match in _INLINE[tag].finditer(html):
        attrs = match.group("attrs")
        if tag == "script" and (re.search(r"\bsrc\s*=", attrs) or "application/json" in attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if token not in out:
            out.append(token)
    return " ".join(out)


#: The map's centre folium writes into the skeleton, replaced by the town's: the skeleton
#: then depends on nothing but the versions of folium and of this module.
_CENTRE_MARK = [11.1111111, 111.1111111]
_CENTRE_TEXT = json.dumps(_CENTRE_MARK)
_SKELETONS: dict[str, str] = {}


def render_skeleton(origin: str = APP_ORIGIN) -> str:
    """The page as folium renders it, with the two markers (centre, data) and no data."""
    import folium
    from branca.element import Element, MacroElement
    from jinja2 import Template

    class PageInit(MacroElement):
        """Calls qxmap.init(map, data) once folium has created the map."""

        _template = Template("""
            {% macro script(this, kwargs) %}
            qxmap.init({{ this._parent.get_name() }},
                       JSON.parse(document.getElementById("qxmap-data").textContent));
            {% endmacro %}
        """)

        def __init__(self):
            super().__init__()
            self._name = "QxmapInit"

    fmap = folium.Map(
        location=list(_CENTRE_MARK),
        zoom_start=12,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,
        zoom_control=True,
        max_zoom=19,
    )
    fmap.default_js = [("leaflet", f"{origin}/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{origin}/leaflet/leaflet.css")]
    root = fmap.get_root()
    root.header.add_child(Element(f'<link rel="stylesheet" href="{origin}/page/qxmap-page.css"/>'), name="qx_css")
    root.header.add_child(Element(f'<script src="{origin}/qwebchannel.js"></script>'), name="qx_channel")
    root.header.add_child(Element(f'<script src="{origin}/page/gcj02.js"></script>'), name="qx_gcj02")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-bulk.js"></script>'), name="qx_bulk")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-canvas.js"></script>'), name="qx_canvas")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-page.js"></script>'), name="qx_page")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-labels.js"></script>'), name="qx_labels")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-draw.js"></script>'), name="qx_draw")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-overlay.js"></script>'), name="qx_overlay")
    root.header.add_child(Element(_DATA_MARKER), name="qx_data")
    fmap.add_child(PageInit())
    skeleton = root.render()
    if not _is_skeleton(skeleton):
        raise RuntimeError("qxmap: unexpected page skeleton from folium")
    return skeleton


def _is_skeleton(text: str) -> bool:
    return text.count(_DATA_MARKER) == 1 and text.count(_CENTRE_TEXT) == 1 and "<head>" in text


def _skeleton_cache_file(origin: str) -> Path | None:
    """The cache file of the skeleton made by these very versions (of folium, branca,
    jinja2 and this module) for *origin*, in the user's cache folder."""
    try:
        from importlib.metadata import version

        from platformdirs import user_cache_dir

        key = hashlib.sha256("\n".join([origin, Path(__file__).read_text(encoding="utf-8")]
                                        + [version(p) for p in ("folium", "branca", "jinja2")]).encode()).hexdigest()
        return Path(user_cache_dir("qxmap", appauthor=False)) / "page" / f"skeleton-{key[:32]}.html"
    except Exception:  # noqa: BLE001 - no cache then: the skeleton is rendered each start
        return None


def page_skeleton(origin: str = APP_ORIGIN) -> str:
    """:func:`render_skeleton`, made once: importing folium and rendering take about half
    a second at every start, so the result is kept in memory and in the user's cache
    folder, under a name that changes with the versions that made it."""
    skeleton = _SKELETONS.get(origin)
    if skeleton is not None:
        return skeleton
    cache = _skeleton_cache_file(origin)
    if cache is not None:
        try:
            text = cache.read_text(encoding="utf-8")
            if _is_skeleton(text):
                skeleton = text
        except (OSError, UnicodeDecodeError):
            pass
    if skeleton is None:
        skeleton = render_skeleton(origin)
        if cache is not None:
            try:
                from qxmap.atomicfile import write_text

                cache.parent.mkdir(parents=True, exist_ok=True)
                write_text(cache, skeleton)
            except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache
                pass
    _SKELETONS[origin] = skeleton
    return skeleton


def build_page(dataset: Dataset, origin: str = APP_ORIGIN, render: RenderOptions = RenderOptions(),
               data_url: str | None = None) -> str:
    """The complete HTML of the map page for *dataset*.

    With *data_url* (the fast path, what the app shows) the page holds no data:
    its data block only says where the page fetches :func:`page_payload` from,
    so the HTML is small and the same size whatever the number of features.
    Without it, the data is inline (:func:`page_data`, the simple path).

    folium renders a skeleton with no data in it (:func:`page_skeleton`); the
    town's centre and the data block replace constant markers afterwards, so no
    text from a file is ever compiled as a Jinja template, and the policy is
    computed over the skeleton's own inline scripts only."""
    (south, west), (north, east) = town_bounds(dataset)
    centre = json.dumps([(south + north) / 2, (west + east) / 2])
    skeleton = page_skeleton(origin).replace(_CENTRE_TEXT, centre, 1)
    policy = content_security_policy(skeleton, origin)
    # The charset first (it must sit in the first 1024 bytes), then the policy, before any script.
    meta = ('<meta charset="utf-8">\n    '
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    page = skeleton.replace("<head>", "<head>\n    " + meta, 1)
    # str.replace with a function-free literal: the data is inserted verbatim, never interpreted.
    before, after = page.split(_DATA_MARKER)
    data = {"data_url": str(data_url)} if data_url is not None else page_data(dataset, render)
    return before + data_script(data) + after
